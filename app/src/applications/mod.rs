//! The applications for social services (заявление о предоставлении социального обслуживания,
//! seed 003 item 3) and their registration journal («журнал регистрации заявлений»): register
//! an application, find it, print and export the journal; a case is opened from an application
//! or the application is attached to a case (the case pages do that).

pub mod api;
#[cfg(feature = "ssr")]
pub mod export;
pub mod form;
pub mod page;
pub mod print;
#[cfg(feature = "ssr")]
pub mod repo;
pub mod types;
pub mod validate;
pub mod view;

/// Rows one page of the journal shows.
pub const PAGE_LIMIT: usize = 200;
/// Most applications one print view shows; a longer period is exported to XLSX instead.
pub const PRINT_LIMIT: usize = 2000;
/// Most applications one XLSX export holds.
pub const EXPORT_LIMIT: usize = 50_000;

/// The columns of the registration journal of applications.
pub const COLUMNS: [&str; 8] = [
    "№ п/п",
    "Дата поступления",
    "Заявитель",
    "Гражданин, в интересах которого подано заявление",
    "Место жительства",
    "Виды социальных услуг, в которых нуждается гражданин",
    "Заявление принял(а)",
    "Отметка о случае сопровождения",
];
