//! Who: a person of a case, of the registry 55+, or someone who came in person with the minimum
//! personal data and their consent — chosen on the forms of the urgent services (a loan of the
//! rental point, a social-taxi request). The types, the check of a form, the search by surname
//! or street, the reading of the chosen record and the picker component.
//!
//! It reads the case and registry tables by SurrealQL and imports neither `cases` nor `elders`:
//! the features above use it, never the other way round.

pub mod api;
pub mod picker;
#[cfg(feature = "ssr")]
pub mod repo;
pub mod rules;
pub mod types;
