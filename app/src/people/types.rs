//! The words of «who»: where a person comes from, the person as stored with a record, a person
//! found by a search, and the part of a form that names them.

use crate::labeled_enum;
use serde::{Deserialize, Serialize};

labeled_enum! {
    /// Where a person comes from: a case, the registry 55+, or they came in person.
    pub enum PersonKind {
        Case => "case", "Человек из случая",
        Elder => "elder", "Гражданин из реестра 55+",
        WalkIn => "walk_in", "Обратился лично",
    }
}

/// A person written into a record (a loan, a request), with the minimum personal data.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Person {
    pub kind: Option<PersonKind>,
    /// The case (`case_file` key) or the registry card (`elder` key) the person is from.
    #[serde(default)]
    pub case_id: Option<String>,
    #[serde(default)]
    pub elder_id: Option<String>,
    pub full_name: String,
    #[serde(default)]
    pub address: String,
    #[serde(default)]
    pub phone: String,
    /// The identity document («паспорт 67 12 345678»), where a paper names it.
    #[serde(default)]
    pub document: String,
    #[serde(default)]
    pub district_name: String,
}

/// A person found by a search: from a case or from the registry 55+.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Found {
    pub kind: PersonKind,
    pub id: String,
    pub full_name: String,
    pub address: String,
    pub detail: String,
}

/// A person as a form gives them: a case or registry card chosen from a search, or the details
/// of someone who came in person.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct PersonForm {
    pub person_kind: String,
    pub case_id: String,
    pub elder_id: String,
    /// The name shown for a chosen case or card (not stored from the form).
    pub chosen_name: String,
    pub full_name: String,
    pub address: String,
    pub phone: String,
    pub document: String,
    pub consent: bool,
}

impl PersonForm {
    /// The form of a person already written into a record (to write them into another).
    pub fn of(person: &Person) -> Self {
        PersonForm {
            person_kind: person.kind.map(|k| k.code().to_string()).unwrap_or_default(),
            case_id: person.case_id.clone().unwrap_or_default(),
            elder_id: person.elder_id.clone().unwrap_or_default(),
            chosen_name: person.full_name.clone(),
            full_name: person.full_name.clone(),
            address: person.address.clone(),
            phone: person.phone.clone(),
            document: person.document.clone(),
            consent: true,
        }
    }

    /// The form of a person found by a search or opened from a link.
    pub fn chosen(found: &Found) -> Self {
        PersonForm {
            person_kind: found.kind.code().into(),
            case_id: if found.kind == PersonKind::Case { found.id.clone() } else { String::new() },
            elder_id: if found.kind == PersonKind::Elder { found.id.clone() } else { String::new() },
            chosen_name: format!("{} — {}", found.full_name, found.address),
            ..PersonForm::default()
        }
    }
}
