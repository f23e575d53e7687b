//! What a valid case form is: typed, trimmed, normalised, every problem named at its field.

use super::types::*;
use crate::error::FieldErrors;
use crate::phone::normalize_phone;
use crate::validation::{check_len, check_printable, optional_date};
use chrono::NaiveDate;

pub const MAX_TITLE: usize = 200;
pub const MAX_NAME: usize = 200;
pub const MAX_ADDRESS: usize = 300;
pub const MAX_NOTES: usize = 4000;
pub const MAX_MEMBERS: usize = 30;

/// A case form that passed validation: typed, trimmed, normalised. Keys of the district, the
/// curator and the journal entry are checked against the database by the caller.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidCase {
    pub kind: CaseKind,
    pub title: String,
    pub members: Vec<Member>,
    pub categories: Vec<Category>,
    pub address: String,
    pub district: Option<String>,
    pub phone: Option<String>,
    pub consent: bool,
    pub consent_date: Option<NaiveDate>,
    pub curator: Option<String>,
    pub source: Source,
    pub source_detail: Option<String>,
    pub journal_entry: Option<String>,
    pub application: Option<String>,
    pub notes: String,
    pub detected_on: NaiveDate,
    pub need_recognised_on: Option<NaiveDate>,
    pub plan_approved_on: Option<NaiveDate>,
}

fn check_text(errors: &mut FieldErrors, field: &str, value: &str, max: usize) {
    check_len(errors, field, value, max);
    check_printable(errors, field, value);
}

fn categories_of(errors: &mut FieldErrors, field: &str, codes: &[String]) -> Vec<Category> {
    let mut out = Vec::new();
    for code in codes {
        match Category::from_code(code) {
            Some(c) if !out.contains(&c) => out.push(c),
            Some(_) => {}
            None => errors.add(field, "Неизвестная категория"),
        }
    }
    out.sort();
    out
}

/// Checks a case form. Every problem is reported at once, each next to its field; a member's
/// fields are named «members.<n>.<field>».
pub fn validate_case(form: &CaseForm, today: NaiveDate) -> Result<ValidCase, FieldErrors> {
    let mut errors = FieldErrors::new();
    let kind = CaseKind::from_code(form.kind.trim());
    if kind.is_none() {
        errors.add("kind", "Выберите: семья или гражданин");
    }
    for (field, value, max) in [
        ("title", &form.title, MAX_TITLE),
        ("address", &form.address, MAX_ADDRESS),
        ("notes", &form.notes, MAX_NOTES),
        ("source_detail", &form.source_detail, MAX_TITLE),
    ] {
        check_text(&mut errors, field, value, max);
    }

    if form.members.len() > MAX_MEMBERS {
        errors.add("members", format!("Не больше {MAX_MEMBERS} членов семьи"));
    }
    let mut members = Vec::new();
    for (i, m) in form.members.iter().enumerate().take(MAX_MEMBERS) {
        let name = m.full_name.split_whitespace().collect::<Vec<_>>().join(" ");
        let field = |f: &str| format!("members.{i}.{f}");
        if name.is_empty() {
            errors.add(&field("full_name"), "Укажите фамилию, имя и отчество");
        }
        check_text(&mut errors, &field("full_name"), &name, MAX_NAME);
        let birth_date = optional_date(&mut errors, &field("birth_date"), &m.birth_date, today);
        let relation = Relation::from_code(m.relation.trim());
        if relation.is_none() {
            errors.add(&field("relation"), "Выберите степень родства");
        }
        let categories = categories_of(&mut errors, &field("categories"), &m.categories);
        if let Some(relation) = relation {
            members.push(Member { full_name: name, birth_date, relation, categories });
        }
    }

    let mut categories = categories_of(&mut errors, "categories", &form.categories);
    for member in &members {
        for c in &member.categories {
            if !categories.contains(c) {
                categories.push(*c);
            }
        }
    }
    categories.sort();

    let mut title = form.title.split_whitespace().collect::<Vec<_>>().join(" ");
    if title.is_empty() {
        if kind == Some(CaseKind::Citizen) {
            if let Some(first) = members.first() {
                title = first.full_name.clone();
            }
        }
        if title.is_empty() {
            errors.add("title", "Как называть случай: «Семья Ивановых» или ФИО гражданина");
        }
    }

    let phone = match form.phone.trim() {
        "" => None,
        p => match normalize_phone(p) {
            Ok(p) => Some(p),
            Err(e) => {
                errors.add("phone", e.message());
                None
            }
        },
    };

    let consent_date = optional_date(&mut errors, "consent_date", &form.consent_date, today);
    if form.consent && consent_date.is_none() && form.consent_date.trim().is_empty() {
        errors.add("consent_date", "Укажите дату согласия");
    }
    if !form.consent && consent_date.is_some() {
        errors.add("consent", "Дата указана, а согласие не отмечено");
    }

    let source = Source::from_code(form.source.trim());
    if source.is_none() {
        errors.add("source", "Выберите, откуда поступил случай");
    }

    let detected_on = match form.detected_on.trim() {
        "" => {
            errors.add("detected_on", "Укажите дату обращения или выявления");
            None
        }
        v => optional_date(&mut errors, "detected_on", v, today),
    };
    let need_recognised_on = optional_date(&mut errors, "need_recognised_on", &form.need_recognised_on, today);
    let plan_approved_on = optional_date(&mut errors, "plan_approved_on", &form.plan_approved_on, today);
    if let Some(detected) = detected_on {
        for (field, date) in [("need_recognised_on", need_recognised_on), ("plan_approved_on", plan_approved_on)] {
            if date.is_some_and(|d| d < detected) {
                errors.add(field, "Дата раньше обращения — проверьте");
            }
        }
    }

    let key = |errors: &mut FieldErrors, field: &str, value: &str, what: &str| -> Option<String> {
        let value = value.trim();
        if value.is_empty() {
            None
        } else if crate::keys::is_record_key(value) {
            Some(value.to_string())
        } else {
            errors.add(field, format!("Неизвестный {what}"));
            None
        }
    };
    let district = key(&mut errors, "district", &form.district, "участок");
    let curator = key(&mut errors, "curator", &form.curator, "куратор");
    let journal_entry = key(&mut errors, "journal_entry", &form.journal_entry, "номер записи журнала");
    let application = key(&mut errors, "application", &form.application, "номер заявления");

    let (Some(kind), Some(source), Some(detected_on), true) = (kind, source, detected_on, errors.is_empty()) else {
        return Err(errors);
    };
    Ok(ValidCase {
        kind,
        title,
        members,
        categories,
        address: form.address.trim().to_string(),
        district,
        phone,
        consent: form.consent,
        consent_date,
        curator,
        source,
        source_detail: Some(form.source_detail.trim().to_string()).filter(|s| !s.is_empty()),
        journal_entry,
        application,
        notes: form.notes.trim().to_string(),
        detected_on,
        need_recognised_on,
        plan_approved_on,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn form() -> CaseForm {
        CaseForm {
            kind: "family".into(),
            title: "Семья Ивановых".into(),
            members: vec![MemberForm {
                full_name: " Иванова   Мария Петровна ".into(),
                birth_date: "1990-04-30".into(),
                relation: "applicant".into(),
                categories: vec!["large_family".into()],
            }],
            categories: vec!["family_children".into()],
            address: "г. Югорск, ул. Мира, д. 5, кв. 12".into(),
            district: "d2".into(),
            phone: "8 912 345-67-89".into(),
            consent: true,
            consent_date: "2026-11-20".into(),
            source: "journal".into(),
            detected_on: "2026-11-20".into(),
            ..Default::default()
        }
    }

    #[test]
    fn a_good_form_is_normalised() {
        let valid = validate_case(&form(), d(2026, 11, 25)).unwrap();
        assert_eq!(valid.members[0].full_name, "Иванова Мария Петровна");
        assert_eq!(valid.categories, vec![Category::FamilyWithChildren, Category::LargeFamily]);
        assert_eq!(valid.phone.as_deref(), Some("+79123456789"));
        assert_eq!(valid.consent_date, Some(d(2026, 11, 20)));
    }

    #[test]
    fn a_bad_form_names_every_field() {
        let bad = CaseForm {
            kind: "".into(),
            title: "".into(),
            members: vec![MemberForm {
                full_name: "".into(),
                birth_date: "31.02.2020".into(),
                relation: "x".into(),
                categories: vec![],
            }],
            phone: "123".into(),
            consent: true,
            consent_date: "".into(),
            detected_on: "2030-01-01".into(),
            district: "d1; DELETE".into(),
            ..form()
        };
        let errors = validate_case(&bad, d(2026, 11, 25)).unwrap_err();
        for field in [
            "kind",
            "title",
            "members.0.full_name",
            "members.0.birth_date",
            "members.0.relation",
            "phone",
            "consent_date",
            "detected_on",
            "district",
        ] {
            assert!(errors.get(field).is_some(), "no message for {field}: {errors:?}");
        }
    }

    #[test]
    fn a_citizen_is_named_after_the_first_member() {
        let citizen = CaseForm { kind: "citizen".into(), title: "".into(), ..form() };
        assert_eq!(validate_case(&citizen, d(2026, 11, 25)).unwrap().title, "Иванова Мария Петровна");
    }
}
