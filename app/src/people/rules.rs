//! The check of «who» on a form: a person chosen from a case or the registry, or someone who
//! came in person with a name of at least two words, an address, a phone and their consent.

use super::types::{PersonForm, PersonKind};
use crate::error::FieldErrors;
use crate::validation::{check_len, check_printable, collapse_spaces, optional_text, required_line};

/// A person given on a form, checked for who they are.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidPerson {
    pub kind: PersonKind,
    /// The case or registry card key, for a person from there.
    pub record: Option<String>,
    pub full_name: String,
    pub address: String,
    pub phone: Option<String>,
    pub document: Option<String>,
}

/// What a feature's form says when the person is missing: «кому» for a loan, «кто едет» for a
/// ride; why the phone of someone who came in person is needed.
#[derive(Debug, Clone, Copy)]
pub struct Wording {
    /// «Выберите, кому: из случая, из реестра 55+ или обратился лично».
    pub choose_kind: &'static str,
    /// «Укажите телефон: по нему напомнят о сроке возврата».
    pub phone_needed: &'static str,
}

/// Checks the person of a form into `errors`; the person when they are who the form says.
pub fn validate_person(errors: &mut FieldErrors, form: &PersonForm, wording: &Wording) -> Option<ValidPerson> {
    let Some(kind) = PersonKind::from_code(&form.person_kind) else {
        errors.add("person_kind", wording.choose_kind);
        return None;
    };
    let document = optional_text(&collapse_spaces(&form.document));
    if let Some(d) = &document {
        check_len(errors, "document", d, 120);
        check_printable(errors, "document", d);
    }
    let record = match kind {
        PersonKind::Case => Some(form.case_id.trim().to_string()).filter(|s| !s.is_empty()),
        PersonKind::Elder => Some(form.elder_id.trim().to_string()).filter(|s| !s.is_empty()),
        PersonKind::WalkIn => None,
    };
    if kind != PersonKind::WalkIn {
        if record.is_none() {
            errors.add("person", "Найдите человека по фамилии и выберите его из списка");
            return None;
        }
        return Some(ValidPerson {
            kind,
            record,
            full_name: String::new(),
            address: String::new(),
            phone: None,
            document,
        });
    }
    let full_name = required_line(errors, "full_name", &form.full_name, 150, "Укажите фамилию, имя и отчество");
    if !full_name.is_empty() && full_name.split_whitespace().count() < 2 {
        errors.add("full_name", "Фамилия и имя — хотя бы два слова");
    }
    let address = required_line(errors, "address", &form.address, 300, "Укажите адрес проживания");
    let phone = match optional_text(&form.phone) {
        None => {
            errors.add("phone", wording.phone_needed);
            None
        }
        Some(p) => match crate::phone::normalize_phone(&p) {
            Ok(p) => Some(p),
            Err(e) => {
                errors.add("phone", e.message());
                None
            }
        },
    };
    if !form.consent {
        errors.add("consent", "Без согласия на обработку персональных данных записать человека нельзя");
    }
    Some(ValidPerson { kind, record: None, full_name, address, phone, document })
}

#[cfg(test)]
mod tests {
    use super::*;

    const WORDING: Wording =
        Wording { choose_kind: "Выберите, кто", phone_needed: "Укажите телефон" };

    #[test]
    fn a_walk_in_needs_two_words_of_name_an_address_a_phone_and_consent() {
        let mut errors = FieldErrors::new();
        let form = PersonForm {
            person_kind: "walk_in".into(),
            full_name: "Кузнецова".into(),
            phone: "12".into(),
            ..PersonForm::default()
        };
        assert!(validate_person(&mut errors, &form, &WORDING).is_some());
        assert_eq!(errors.get("full_name"), Some("Фамилия и имя — хотя бы два слова"));
        assert!(errors.get("address").is_some());
        assert!(errors.get("phone").is_some());
        assert!(errors.get("consent").is_some());

        let mut errors = FieldErrors::new();
        let form = PersonForm {
            full_name: "Кузнецова Мария Ивановна".into(),
            address: "г. Югорск, ул. Ленина, д. 12".into(),
            phone: "8 912 345-67-89".into(),
            consent: true,
            ..form
        };
        let person = validate_person(&mut errors, &form, &WORDING).expect("valid");
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(person.phone.as_deref(), Some("+79123456789"));
    }

    #[test]
    fn a_person_from_a_case_or_the_registry_is_chosen_from_the_list() {
        let mut errors = FieldErrors::new();
        assert!(validate_person(&mut errors, &PersonForm::default(), &WORDING).is_none());
        assert_eq!(errors.get("person_kind"), Some("Выберите, кто"));
        let mut errors = FieldErrors::new();
        let form = PersonForm { person_kind: "elder".into(), ..PersonForm::default() };
        assert!(validate_person(&mut errors, &form, &WORDING).is_none());
        assert!(errors.get("person").is_some());
        let mut errors = FieldErrors::new();
        let form = PersonForm { person_kind: "elder".into(), elder_id: "e1".into(), ..PersonForm::default() };
        assert_eq!(validate_person(&mut errors, &form, &WORDING).and_then(|p| p.record).as_deref(), Some("e1"));
    }
}
