//! Rules of the journal that hold everywhere: what a valid appeal is, and what changed
//! between two versions of an entry. Pure functions, tested without a database.

use super::types::*;
use crate::audit::FieldChange;
use crate::error::FieldErrors;
use crate::phone::{format_phone, normalize_phone};
use crate::time::{format_datetime, parse_datetime_local};
use crate::validation::{check_len, check_printable, fold_yo, optional_text};
use chrono::{DateTime, Duration, TimeZone, Utc};

pub const MAX_SUMMARY: usize = 4000;
pub const MAX_NAME: usize = 200;
pub const MAX_ADDRESS: usize = 300;
pub const MAX_SHORT: usize = 200;

/// Clock skew allowed between a tablet and the server when checking «not in the future».
const FUTURE_TOLERANCE_MINUTES: i64 = 5;

/// An appeal that passed validation: typed, trimmed, normalised.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidAppeal {
    pub received_at: DateTime<Utc>,
    pub full_name: Option<String>,
    pub phone: Option<String>,
    pub address: Option<String>,
    pub summary: String,
    pub answer: Option<String>,
    pub answer_method: Option<AnswerMethod>,
    pub channel: Channel,
    pub topics: Vec<Topic>,
    /// District key, checked against the database by the caller.
    pub district: Option<String>,
    pub urgent: bool,
    pub handoff: Option<UrgentHandoff>,
    pub outcome: Option<Outcome>,
}

fn parse_moment(
    errors: &mut FieldErrors,
    field: &str,
    value: &str,
    now: DateTime<Utc>,
    what: &str,
) -> Option<DateTime<Utc>> {
    if value.trim().is_empty() {
        errors.add(field, format!("Укажите {what}"));
        return None;
    }
    let Some(moment) = parse_datetime_local(value) else {
        errors.add(field, "Дата и время в формате ДД.ММ.ГГГГ ЧЧ:ММ");
        return None;
    };
    if moment > now + Duration::minutes(FUTURE_TOLERANCE_MINUTES) {
        errors.add(field, "Дата и время не могут быть в будущем");
        return None;
    }
    let earliest = Utc.with_ymd_and_hms(2000, 1, 1, 0, 0, 0).single().expect("valid date");
    if moment < earliest {
        errors.add(field, "Дата раньше 2000 года — проверьте год");
        return None;
    }
    Some(moment)
}

/// Checks an appeal form. Every problem is reported at once, each next to its field.
pub fn validate_appeal(form: &AppealForm, now: DateTime<Utc>) -> Result<ValidAppeal, FieldErrors> {
    let mut errors = FieldErrors::new();

    let received_at = parse_moment(&mut errors, "received_at", &form.received_at, now, "дату и время обращения");

    for (field, value, max) in [
        ("full_name", &form.full_name, MAX_NAME),
        ("address", &form.address, MAX_ADDRESS),
        ("summary", &form.summary, MAX_SUMMARY),
        ("answer", &form.answer, MAX_SUMMARY),
        ("handoff_detail", &form.handoff_detail, MAX_SHORT),
        ("handoff_by", &form.handoff_by, MAX_SHORT),
    ] {
        check_len(&mut errors, field, value, max);
        check_printable(&mut errors, field, value);
    }

    let phone = if form.phone.trim().is_empty() {
        None
    } else {
        match normalize_phone(&form.phone) {
            Ok(p) => Some(p),
            Err(e) => {
                errors.add("phone", e.message());
                None
            }
        }
    };

    let summary = form.summary.trim().to_string();
    if summary.is_empty() {
        errors.add("summary", "Опишите кратко, с чем обратились");
    }

    let channel = match Channel::from_code(form.channel.trim()) {
        Some(c) => Some(c),
        None => {
            errors.add("channel", "Выберите, как поступило обращение");
            None
        }
    };

    let mut topics = Vec::new();
    for code in &form.topics {
        match Topic::from_code(code) {
            Some(t) if !topics.contains(&t) => topics.push(t),
            Some(_) => {}
            None => errors.add("topics", "Неизвестная тема консультации"),
        }
    }
    topics.sort();

    let answer_method = match form.answer_method.trim() {
        "" => None,
        code => match AnswerMethod::from_code(code) {
            Some(m) => Some(m),
            None => {
                errors.add("answer_method", "Выберите способ ответа из списка");
                None
            }
        },
    };

    let outcome = match form.outcome.trim() {
        "" => None,
        code => match Outcome::from_code(code) {
            Some(o) => Some(o),
            None => {
                errors.add("outcome", "Выберите итог из списка");
                None
            }
        },
    };
    if matches!(outcome, Some(Outcome::Consultation | Outcome::Referral)) && form.answer.trim().is_empty() {
        errors.add("answer", "Запишите кратко, какой ответ дан");
    }

    // The hand-off is recorded for urgent appeals only; for others its (hidden) fields are ignored.
    let handoff = if form.urgent { validate_handoff(form, now, received_at, &mut errors) } else { None };

    let district = optional_text(&form.district);

    if !errors.is_empty() {
        return Err(errors);
    }
    let (Some(received_at), Some(channel)) = (received_at, channel) else {
        // Both add an error when missing, so this is unreachable with an empty error list.
        errors.add("form", "Форма заполнена не полностью");
        return Err(errors);
    };
    Ok(ValidAppeal {
        received_at,
        full_name: optional_text(&form.full_name),
        phone,
        address: optional_text(&form.address),
        summary,
        answer: optional_text(&form.answer),
        answer_method,
        channel,
        topics,
        district,
        urgent: form.urgent,
        handoff,
        outcome,
    })
}

/// The hand-off of an urgent appeal may be recorded later, but once started it must say to
/// whom, when and by whom.
fn validate_handoff(
    form: &AppealForm,
    now: DateTime<Utc>,
    received_at: Option<DateTime<Utc>>,
    errors: &mut FieldErrors,
) -> Option<UrgentHandoff> {
    // «Кто передал» is filled in advance with the dispatcher's name, so it alone is not a record.
    let any = [&form.handoff_to, &form.handoff_at, &form.handoff_detail].iter().any(|v| !v.trim().is_empty());
    if !any {
        return None;
    }
    let to = match UrgentRecipient::from_code(form.handoff_to.trim()) {
        Some(to) => Some(to),
        None => {
            errors.add("handoff_to", "Укажите, куда передано обращение");
            None
        }
    };
    let detail = optional_text(&form.handoff_detail);
    if to == Some(UrgentRecipient::Other) && detail.is_none() {
        errors.add("handoff_detail", "Назовите ведомство");
    }
    let at = parse_moment(errors, "handoff_at", &form.handoff_at, now, "когда передано");
    if let (Some(at), Some(received)) = (at, received_at) {
        if at < received {
            errors.add("handoff_at", "Передать можно не раньше, чем поступило обращение");
        }
    }
    let by = optional_text(&form.handoff_by);
    if by.is_none() {
        errors.add("handoff_by", "Укажите, кто передал");
    }
    Some(UrgentHandoff { to: to?, to_detail: detail, at: at?, by: by? })
}

fn opt(value: &Option<String>) -> String {
    value.clone().unwrap_or_default()
}

/// What differs between an entry and its new version, as people read it.
pub fn diff_entry(before: &JournalEntry, after: &ValidAppeal, district_name_after: Option<&str>) -> Vec<FieldChange> {
    let mut changes = Vec::new();
    let mut push = |field: &str, label: &str, b: String, a: String| {
        if b != a {
            changes.push(FieldChange { field: field.into(), label: label.into(), before: b, after: a });
        }
    };
    push(
        "received_at",
        "Дата и время обращения",
        format_datetime(before.received_at),
        format_datetime(after.received_at),
    );
    push("full_name", "ФИО", opt(&before.full_name), opt(&after.full_name));
    push(
        "phone",
        "Контактный телефон",
        before.phone.as_deref().map(format_phone).unwrap_or_default(),
        after.phone.as_deref().map(format_phone).unwrap_or_default(),
    );
    push("address", "Место жительства", opt(&before.address), opt(&after.address));
    push("summary", "Краткое содержание обращения", before.summary.clone(), after.summary.clone());
    push("answer", "Краткое содержание ответа", opt(&before.answer), opt(&after.answer));
    push(
        "answer_method",
        "Способ направления ответа",
        before.answer_method.map(|m| m.label().to_string()).unwrap_or_default(),
        after.answer_method.map(|m| m.label().to_string()).unwrap_or_default(),
    );
    push("channel", "Канал", before.channel.label().into(), after.channel.label().into());
    let topics = |t: &[Topic]| t.iter().map(|t| t.label()).collect::<Vec<_>>().join(", ");
    push("topics", "Темы", topics(&before.topics), topics(&after.topics));
    push(
        "district",
        "Социальный участок",
        opt(&before.district_name),
        district_name_after.unwrap_or_default().to_string(),
    );
    let yes_no = |b: bool| if b { "да" } else { "нет" }.to_string();
    push("urgent", "Срочное", yes_no(before.urgent), yes_no(after.urgent));
    push(
        "handoff",
        "Передано",
        before.handoff.as_ref().map(UrgentHandoff::describe).unwrap_or_default(),
        after.handoff.as_ref().map(UrgentHandoff::describe).unwrap_or_default(),
    );
    push(
        "outcome",
        "Итог",
        before.outcome.map(|o| o.label().to_string()).unwrap_or_default(),
        after.outcome.map(|o| o.label().to_string()).unwrap_or_default(),
    );
    changes
}

/// Text the full-text index searches: name, address, the appeal, the answer, and the phone's
/// digit forms. «ё» is folded to «е» here and in queries, as people rarely type «ё».
pub fn search_text(appeal: &ValidAppeal) -> String {
    let mut parts: Vec<String> = Vec::new();
    for value in [&appeal.full_name, &appeal.address, &appeal.answer].into_iter().flatten() {
        parts.push(value.clone());
    }
    parts.push(appeal.summary.clone());
    if let Some(handoff) = &appeal.handoff {
        if let Some(detail) = &handoff.to_detail {
            parts.push(detail.clone());
        }
    }
    if let Some(phone) = &appeal.phone {
        parts.extend(crate::phone::phone_search_tokens(phone));
    }
    fold_yo(&parts.join(" "))
}

/// Sort key of an entry: the moment of the appeal (UTC, fixed width) and its number, so that
/// entries at the same minute keep their journal order and every key is unique.
pub fn sort_key(received_at: DateTime<Utc>, year: i32, number: i64) -> String {
    format!("{}|{year:04}-{number:07}", received_at.format("%Y%m%dT%H%M%S"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keys::rev_key;

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 24, 6, 0, 0).unwrap() // 11:00 in Yugorsk
    }

    fn form() -> AppealForm {
        AppealForm {
            received_at: "2026-11-24T10:40".into(),
            full_name: "  Петрова Анна Сергеевна ".into(),
            phone: "8 (912) 345-67-89".into(),
            address: "г. Югорск, ул. Ленина, д. 12, кв. 4".into(),
            summary: "Просит помочь с продуктовым набором".into(),
            channel: "phone".into(),
            topics: vec!["urgent_services".into(), "urgent_services".into()],
            ..Default::default()
        }
    }

    #[test]
    fn a_complete_form_is_normalised() {
        let valid = validate_appeal(&form(), now()).expect("valid");
        assert_eq!(valid.full_name.as_deref(), Some("Петрова Анна Сергеевна"));
        assert_eq!(valid.phone.as_deref(), Some("+79123456789"));
        assert_eq!(valid.topics, vec![Topic::UrgentServices]);
        assert_eq!(valid.channel, Channel::Phone);
        assert!(valid.handoff.is_none());
    }

    #[test]
    fn anonymous_appeals_are_allowed() {
        let f = AppealForm { full_name: String::new(), phone: String::new(), address: String::new(), ..form() };
        let valid = validate_appeal(&f, now()).expect("anonymous is fine");
        assert_eq!(valid.full_name, None);
        assert_eq!(valid.phone, None);
    }

    #[test]
    fn every_problem_is_reported_next_to_its_field() {
        let f = AppealForm {
            received_at: "2026-11-25T09:00".into(),
            phone: "12345".into(),
            summary: "   ".into(),
            channel: "pigeon".into(),
            ..form()
        };
        let errors = validate_appeal(&AppealForm { phone: "12-34".into(), ..f }, now()).unwrap_err();
        assert_eq!(errors.get("received_at"), Some("Дата и время не могут быть в будущем"));
        assert!(errors.get("phone").unwrap().contains("10 цифр"));
        assert_eq!(errors.get("summary"), Some("Опишите кратко, с чем обратились"));
        assert!(errors.get("channel").is_some());
    }

    #[test]
    fn a_few_minutes_of_clock_skew_is_not_the_future() {
        let f = AppealForm { received_at: "2026-11-24T11:03".into(), ..form() };
        assert!(validate_appeal(&f, now()).is_ok());
    }

    #[test]
    fn a_started_handoff_needs_whom_when_and_who() {
        let f = AppealForm { urgent: true, handoff_to: "police".into(), ..form() };
        let errors = validate_appeal(&f, now()).unwrap_err();
        assert!(errors.get("handoff_at").is_some());
        assert!(errors.get("handoff_by").is_some());

        let f = AppealForm {
            urgent: true,
            handoff_to: "police".into(),
            handoff_at: "2026-11-24T10:45".into(),
            handoff_by: "Сидорова Е. В.".into(),
            ..form()
        };
        let valid = validate_appeal(&f, now()).expect("complete handoff");
        let handoff = valid.handoff.unwrap();
        assert_eq!(handoff.to, UrgentRecipient::Police);
        assert_eq!(handoff.by, "Сидорова Е. В.");
    }

    #[test]
    fn the_prefilled_dispatcher_name_alone_is_not_a_handoff() {
        // The blank form carries «Кто передал» in advance: an ordinary appeal still saves,
        // and an urgent one stays pending until whom and when are recorded.
        let plain = AppealForm { handoff_by: "Сидорова Е. В.".into(), ..form() };
        assert!(validate_appeal(&plain, now()).expect("ordinary appeal").handoff.is_none());
        let urgent = AppealForm { urgent: true, handoff_by: "Сидорова Е. В.".into(), ..form() };
        assert!(validate_appeal(&urgent, now()).expect("pending urgent appeal").handoff.is_none());
        // Hidden hand-off fields of an appeal that is not urgent are ignored.
        let unticked = AppealForm { handoff_to: "police".into(), ..form() };
        assert!(validate_appeal(&unticked, now()).expect("not urgent").handoff.is_none());
    }

    #[test]
    fn handoff_cannot_precede_the_appeal() {
        let f = AppealForm {
            urgent: true,
            handoff_to: "other".into(),
            handoff_at: "2026-11-24T10:00".into(),
            handoff_by: "Сидорова".into(),
            ..form()
        };
        let errors = validate_appeal(&f, now()).unwrap_err();
        assert!(errors.get("handoff_at").unwrap().contains("не раньше"));
        assert_eq!(errors.get("handoff_detail"), Some("Назовите ведомство"));
    }

    #[test]
    fn a_consultation_outcome_needs_the_answer() {
        let f = AppealForm { outcome: "consultation".into(), ..form() };
        assert!(validate_appeal(&f, now()).unwrap_err().get("answer").is_some());
    }

    #[test]
    fn overlong_and_control_text_is_refused() {
        let f = AppealForm { summary: "а".repeat(MAX_SUMMARY + 1), full_name: "Иван\u{0}".into(), ..form() };
        let errors = validate_appeal(&f, now()).unwrap_err();
        assert!(errors.get("summary").unwrap().starts_with("Не больше 4000"));
        assert!(errors.get("full_name").is_some());
    }

    #[test]
    fn rev_keys_order_newest_first() {
        let older = sort_key(Utc.with_ymd_and_hms(2025, 12, 31, 23, 0, 0).unwrap(), 2026, 7);
        let newer = sort_key(Utc.with_ymd_and_hms(2026, 1, 2, 9, 0, 0).unwrap(), 2026, 8);
        assert!(older < newer);
        assert!(rev_key(&newer) < rev_key(&older));
        assert_eq!(rev_key("20261124T101500|2026-0000042"), "79738875T898499|7973-9999957");
        assert_eq!(rev_key(&rev_key(&newer)), newer);
    }

    #[test]
    fn sort_keys_order_by_moment_then_number() {
        let t = Utc.with_ymd_and_hms(2026, 1, 5, 3, 0, 0).unwrap();
        assert!(sort_key(t, 2026, 9) < sort_key(t, 2026, 10));
        assert!(sort_key(t, 2026, 10) < sort_key(t + Duration::seconds(1), 2026, 1));
    }

    #[test]
    fn search_text_folds_yo_and_carries_phone_forms() {
        let valid = validate_appeal(&AppealForm { full_name: "Семёнова Алёна".into(), ..form() }, now()).unwrap();
        let text = search_text(&valid);
        assert!(text.contains("Семенова Алена"));
        assert!(text.contains("89123456789"));
        assert!(text.contains(" 6789"));
    }
}
