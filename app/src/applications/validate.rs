//! What a valid application is. A pure function, tested without a database: every problem is
//! reported at once next to its field; a member's fields are named «members.<n>.<field>».

use super::types::*;
use crate::error::FieldErrors;
use crate::phone::normalize_phone;
use crate::social_services::{ServiceKind, SupportArea};
use crate::validation::{check_len, check_printable, optional_date, optional_text};
use chrono::{Datelike, NaiveDate};

pub const MAX_NAME: usize = 200;
pub const MAX_ORGANISATION: usize = 300;
pub const MAX_ADDRESS: usize = 300;
pub const MAX_CIRCUMSTANCES: usize = 4000;
pub const MAX_RELATION: usize = 60;
pub const MAX_HELP_DETAIL: usize = 500;
pub const MAX_MEMBERS: usize = 30;

/// An application that passed validation: typed, trimmed, normalised.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidApplication {
    pub received_on: NaiveDate,
    /// A user key, checked against the accounts by the caller.
    pub received_by: String,
    pub applicant_kind: ApplicantKind,
    pub applicant_name: Option<String>,
    pub organisation: Option<String>,
    pub applicant_phone: Option<String>,
    pub citizen_name: String,
    pub citizen_birth_date: Option<NaiveDate>,
    pub address: String,
    /// A district key, checked against the database by the caller.
    pub district: Option<String>,
    pub services: Vec<ServiceKind>,
    pub members: Vec<ApplicationMember>,
    pub circumstances: String,
    pub consent_on: NaiveDate,
}

fn text(errors: &mut FieldErrors, field: &str, value: &str, max: usize) -> Option<String> {
    check_len(errors, field, value.trim(), max);
    check_printable(errors, field, value);
    optional_text(value)
}

/// A name with its spaces collapsed: « Иванова   Мария » → «Иванова Мария».
fn name(value: &str) -> String {
    value.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn codes<T: Copy + PartialEq + Ord>(
    errors: &mut FieldErrors,
    field: &str,
    values: &[String],
    parse: fn(&str) -> Option<T>,
) -> Vec<T> {
    let mut out = Vec::new();
    for code in values {
        match parse(code) {
            Some(c) if !out.contains(&c) => out.push(c),
            Some(_) => {}
            None => errors.add(field, "Неизвестное значение в списке"),
        }
    }
    out.sort();
    out
}

/// Checks an application form on a given day.
pub fn validate_application(form: &ApplicationForm, today: NaiveDate) -> Result<ValidApplication, FieldErrors> {
    let mut errors = FieldErrors::new();
    let received_on = match form.received_on.trim() {
        "" => {
            errors.add("received_on", "Укажите дату поступления заявления");
            None
        }
        v => optional_date(&mut errors, "received_on", v, today),
    };
    if received_on.is_some_and(|d| d.year() < 2000) {
        errors.add("received_on", "Дата раньше 2000 года — проверьте год");
    }
    let received_by = form.received_by.trim().to_string();
    if received_by.is_empty() {
        errors.add("received_by", "Укажите, кто принял заявление");
    } else if !crate::keys::is_record_key(&received_by) {
        errors.add("received_by", "Неизвестный специалист");
    }

    let applicant_kind = ApplicantKind::from_code(form.applicant_kind.trim());
    if applicant_kind.is_none() {
        errors.add("applicant_kind", "Выберите, кто подаёт заявление");
    }
    let applicant_name = text(&mut errors, "applicant_name", &name(&form.applicant_name), MAX_NAME);
    let organisation = text(&mut errors, "organisation", &form.organisation, MAX_ORGANISATION);
    match applicant_kind {
        Some(ApplicantKind::Representative | ApplicantKind::OtherPerson) if applicant_name.is_none() => {
            errors.add("applicant_name", "Укажите ФИО заявителя")
        }
        Some(ApplicantKind::Organisation) if organisation.is_none() => {
            errors.add("organisation", "Укажите наименование органа или объединения")
        }
        _ => {}
    }
    let applicant_phone = match form.applicant_phone.trim() {
        "" => None,
        p => match normalize_phone(p) {
            Ok(p) => Some(p),
            Err(e) => {
                errors.add("applicant_phone", e.message());
                None
            }
        },
    };

    let citizen_name = name(&form.citizen_name);
    if citizen_name.is_empty() {
        errors.add("citizen_name", "Укажите ФИО гражданина, в интересах которого подано заявление");
    }
    check_len(&mut errors, "citizen_name", &citizen_name, MAX_NAME);
    check_printable(&mut errors, "citizen_name", &citizen_name);
    let citizen_birth_date = optional_date(&mut errors, "citizen_birth_date", &form.citizen_birth_date, today);
    let address = text(&mut errors, "address", &form.address, MAX_ADDRESS);
    if address.is_none() {
        errors.add("address", "Укажите место жительства");
    }
    let district = match form.district.trim() {
        "" => None,
        key if crate::keys::is_record_key(key) => Some(key.to_string()),
        _ => {
            errors.add("district", "Неизвестный участок");
            None
        }
    };

    let services = codes(&mut errors, "services", &form.services, ServiceKind::from_code);
    if services.is_empty() {
        errors.add("services", "Отметьте хотя бы один вид социальных услуг");
    }
    if form.members.len() > MAX_MEMBERS {
        errors.add("members", format!("Не больше {MAX_MEMBERS} членов семьи"));
    }
    let mut members = Vec::new();
    for (i, m) in form.members.iter().enumerate().take(MAX_MEMBERS) {
        let field = |f: &str| format!("members.{i}.{f}");
        let full_name = name(&m.full_name);
        let empty_row = full_name.is_empty()
            && m.relation.trim().is_empty()
            && m.birth_date.trim().is_empty()
            && m.help.is_empty()
            && m.help_detail.trim().is_empty();
        if empty_row {
            continue;
        }
        if full_name.is_empty() {
            errors.add(&field("full_name"), "Укажите фамилию, имя и отчество");
        }
        check_len(&mut errors, &field("full_name"), &full_name, MAX_NAME);
        check_printable(&mut errors, &field("full_name"), &full_name);
        let relation = text(&mut errors, &field("relation"), &m.relation, MAX_RELATION);
        if relation.is_none() {
            errors.add(&field("relation"), "Кем приходится гражданину");
        }
        let birth_date = optional_date(&mut errors, &field("birth_date"), &m.birth_date, today);
        let help = codes(&mut errors, &field("help"), &m.help, SupportArea::from_code);
        let help_detail = text(&mut errors, &field("help_detail"), &m.help_detail, MAX_HELP_DETAIL);
        members.push(ApplicationMember {
            full_name,
            relation: relation.unwrap_or_default(),
            birth_date,
            help,
            help_detail,
        });
    }

    let circumstances = text(&mut errors, "circumstances", &form.circumstances, MAX_CIRCUMSTANCES);
    if circumstances.is_none() {
        errors.add("circumstances", "Опишите обстоятельства, по которым гражданин нуждается в обслуживании");
    }
    // The consent to the processing of personal data is part of the application (seed 003 item 3).
    let consent_on = if form.consent {
        match form.consent_on.trim() {
            "" => {
                errors.add("consent_on", "Укажите дату согласия");
                None
            }
            v => optional_date(&mut errors, "consent_on", v, today),
        }
    } else {
        errors.add("consent", "Без согласия на обработку персональных данных заявление не регистрируется");
        None
    };

    let (Some(received_on), Some(applicant_kind), Some(address), Some(circumstances), Some(consent_on), true) =
        (received_on, applicant_kind, address, circumstances, consent_on, errors.is_empty())
    else {
        return Err(errors);
    };
    let citizen_applies = applicant_kind == ApplicantKind::Citizen;
    Ok(ValidApplication {
        received_on,
        received_by,
        applicant_kind,
        applicant_name: if citizen_applies { None } else { applicant_name },
        organisation: if applicant_kind == ApplicantKind::Organisation { organisation } else { None },
        applicant_phone,
        citizen_name,
        citizen_birth_date,
        address,
        district,
        services,
        members,
        circumstances,
        consent_on,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn form() -> ApplicationForm {
        ApplicationForm {
            received_on: "2026-12-01".into(),
            received_by: "u1".into(),
            applicant_kind: "citizen".into(),
            citizen_name: " Сидорова   Ольга  Викторовна ".into(),
            address: "г. Югорск, ул. Ленина, д. 12, кв. 4".into(),
            services: vec!["psychological".into(), "household".into(), "household".into()],
            members: vec![
                MemberForm {
                    full_name: "Сидоров Артём Игоревич".into(),
                    relation: "сын".into(),
                    birth_date: "2015-03-02".into(),
                    help: vec!["pedagogical".into(), "psychological".into()],
                    help_detail: "подготовка к школе".into(),
                },
                MemberForm::default(),
            ],
            circumstances: "Многодетная семья, потеря работы".into(),
            consent: true,
            consent_on: "2026-12-01".into(),
            ..Default::default()
        }
    }

    #[test]
    fn a_good_application_is_normalised() {
        let valid = validate_application(&form(), d(2026, 12, 2)).unwrap();
        assert_eq!(valid.citizen_name, "Сидорова Ольга Викторовна");
        assert_eq!(valid.services, vec![ServiceKind::Household, ServiceKind::Psychological]);
        assert_eq!(valid.members.len(), 1, "an empty member row is left out");
        assert_eq!(valid.members[0].help, vec![SupportArea::Psychological, SupportArea::Pedagogical]);
        assert_eq!(valid.applicant_name, None);
        assert_eq!(valid.consent_on, d(2026, 12, 1));
    }

    #[test]
    fn every_missing_part_is_named_at_its_field() {
        let empty = ApplicationForm {
            members: vec![MemberForm { relation: "дочь".into(), ..Default::default() }],
            ..Default::default()
        };
        let errors = validate_application(&empty, d(2026, 12, 2)).unwrap_err();
        for field in [
            "received_on",
            "received_by",
            "applicant_kind",
            "citizen_name",
            "address",
            "services",
            "circumstances",
            "consent",
            "members.0.full_name",
        ] {
            assert!(errors.get(field).is_some(), "no message for {field}: {errors:?}");
        }
    }

    #[test]
    fn who_applies_decides_what_is_required() {
        let by_representative = ApplicationForm { applicant_kind: "representative".into(), ..form() };
        let errors = validate_application(&by_representative, d(2026, 12, 2)).unwrap_err();
        assert_eq!(errors.get("applicant_name"), Some("Укажите ФИО заявителя"));

        let by_authority =
            ApplicationForm {
                applicant_kind: "organisation".into(), applicant_name: "Петрова Н. А.".into(), ..form()
            };
        let errors = validate_application(&by_authority, d(2026, 12, 2)).unwrap_err();
        assert!(errors.get("organisation").is_some());

        let named = ApplicationForm {
            organisation: "Управление опеки и попечительства".into(), ..by_authority
        };
        let valid = validate_application(&named, d(2026, 12, 2)).unwrap();
        assert_eq!(valid.organisation.as_deref(), Some("Управление опеки и попечительства"));
        assert_eq!(valid.applicant_name.as_deref(), Some("Петрова Н. А."));
    }

    #[test]
    fn dates_in_the_future_and_without_consent_are_refused() {
        let future = ApplicationForm { received_on: "2026-12-10".into(), ..form() };
        let errors = validate_application(&future, d(2026, 12, 2)).unwrap_err();
        assert_eq!(errors.get("received_on"), Some("Дата не может быть в будущем"));

        let no_consent = ApplicationForm { consent: false, ..form() };
        let errors = validate_application(&no_consent, d(2026, 12, 2)).unwrap_err();
        assert!(errors.get("consent").is_some_and(|m| m.contains("согласия")));

        let bad_phone = ApplicationForm { applicant_phone: "12".into(), ..form() };
        assert!(validate_application(&bad_phone, d(2026, 12, 2)).unwrap_err().get("applicant_phone").is_some());
    }
}
