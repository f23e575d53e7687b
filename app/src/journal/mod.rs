//! The appeal journal of the family dispatch desk: register appeals, complete them later,
//! find them, print and export the journal with its exact columns.

pub mod api;
pub mod appeal;
#[cfg(feature = "ssr")]
pub mod export;
pub mod form;
pub mod page;
pub mod print;
#[cfg(feature = "ssr")]
pub mod repo;
pub mod report;
#[cfg(feature = "ssr")]
pub mod report_export;
pub mod report_page;
pub mod types;

/// Most entries one print view shows; a longer period is exported to XLSX instead.
pub const PRINT_LIMIT: usize = 3000;
/// Most entries one XLSX export holds.
pub const EXPORT_LIMIT: usize = 100_000;

/// The journal's columns, exactly as in the appendix to the statute of the service.
pub const COLUMNS: [&str; 7] = [
    "№ п/п",
    "Дата и время обращения",
    "Фамилия, имя, отчество (при наличии)",
    "Контактный телефон",
    "Место жительства",
    "Краткое содержание обращения",
    "Краткое содержание ответа, способ направления",
];
