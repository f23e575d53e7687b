//! The rules of a raid: what its plan, a participant and a person met must have, and when a
//! planned raid may be marked held — on its day or later, with at least one participant and
//! its findings written.

use super::types::*;
use crate::error::FieldErrors;
use crate::journal::types::{AnswerMethod, AppealForm, Channel, Outcome, Topic};
use crate::time::{format_naive_date, parse_date};
use crate::validation::{check_len, check_printable, collapse_spaces, optional_date, optional_text, required_line};
use chrono::{DateTime, Months, NaiveDate, NaiveTime, TimeZone, Utc};

pub const MAX_ROUTE: usize = 2000;
pub const MAX_TEXT: usize = 4000;

/// «18:00» from «18:00» or «18.00»; none for anything else.
pub fn parse_time(value: &str) -> Option<NaiveTime> {
    let value = value.trim().replace('.', ":");
    NaiveTime::parse_from_str(&value, "%H:%M").ok()
}

/// A case number as the case page shows it, «2026-0042» (also «2026-42», «42/2026»): (year, number).
pub fn parse_case_number(value: &str) -> Option<(i64, i64)> {
    let value = value.trim().trim_start_matches('№').trim();
    match value.split_once('/') {
        // «42/2026», as the number is written in a protocol.
        Some((number, year)) if !value.contains('-') => {
            crate::cases::types::parse_case_number(&format!("{}-{}", year.trim(), number.trim()))
        }
        _ => crate::cases::types::parse_case_number(value),
    }
}

fn optional_long(errors: &mut FieldErrors, field: &str, value: &str, max: usize) -> Option<String> {
    let text = optional_text(value);
    if let Some(t) = &text {
        check_len(errors, field, t, max);
        check_printable(errors, field, t);
    }
    text
}

/// The plan of a raid checked against the rules.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidRaid {
    pub date: NaiveDate,
    pub start_time: String,
    pub end_time: Option<String>,
    pub route: String,
    /// District keys, checked against the database by the caller.
    pub districts: Vec<String>,
    pub purpose: Option<String>,
}

pub fn validate_raid(form: &RaidForm, today: NaiveDate) -> Result<ValidRaid, FieldErrors> {
    let mut errors = FieldErrors::new();
    let date = match parse_date(&form.date) {
        None if form.date.trim().is_empty() => {
            errors.add("date", "Укажите дату рейда");
            None
        }
        None => {
            errors.add("date", "Дата в формате ДД.ММ.ГГГГ");
            None
        }
        Some(d) if d < today.checked_sub_months(Months::new(12)).unwrap_or(today) => {
            errors.add("date", "Рейд больше года назад — проверьте год");
            None
        }
        Some(d) if d > today.checked_add_months(Months::new(12)).unwrap_or(today) => {
            errors.add("date", "Рейд планируют не дальше чем на год вперёд — проверьте год");
            None
        }
        Some(d) => Some(d),
    };
    let start = match parse_time(&form.start_time) {
        None if form.start_time.trim().is_empty() => {
            errors.add("start_time", "Укажите время начала");
            None
        }
        None => {
            errors.add("start_time", "Время в формате ЧЧ:ММ, например 18:00");
            None
        }
        Some(t) => Some(t),
    };
    let end = match form.end_time.trim() {
        "" => None,
        text => match parse_time(text) {
            None => {
                errors.add("end_time", "Время в формате ЧЧ:ММ, например 21:00");
                None
            }
            Some(t) if start.is_some_and(|s| t <= s) => {
                errors.add("end_time", "Окончание должно быть позже начала");
                None
            }
            Some(t) => Some(t),
        },
    };
    let route = optional_long(&mut errors, "route", &form.route, MAX_ROUTE);
    if route.is_none() {
        errors.add("route", "Укажите маршрут или адреса рейда");
    }
    let mut districts: Vec<String> = Vec::new();
    for d in &form.districts {
        let d = d.trim();
        if !crate::keys::is_record_key(d) {
            errors.add("districts", "Неизвестный участок");
        } else if !districts.iter().any(|x| x == d) {
            districts.push(d.to_string());
        }
    }
    let purpose = optional_long(&mut errors, "purpose", &form.purpose, 1000);
    match (date, start, route) {
        (Some(date), Some(start), Some(route)) if errors.is_empty() => Ok(ValidRaid {
            date,
            start_time: start.format("%H:%M").to_string(),
            end_time: end.map(|t| t.format("%H:%M").to_string()),
            route,
            districts,
            purpose,
        }),
        _ => Err(errors),
    }
}

/// A participant checked against the rules.
#[derive(Debug, Clone, PartialEq)]
pub enum ValidParticipant {
    /// A staff member by account.
    Staff { user: String },
    /// A police officer: name, position, department.
    Police { full_name: String, position: Option<String>, department: String },
    /// A partner of the resource map, with its representative when named.
    Partner { partner: String, full_name: Option<String>, position: Option<String> },
}

pub fn validate_participant(form: &ParticipantForm) -> Result<ValidParticipant, FieldErrors> {
    let mut errors = FieldErrors::new();
    let Some(kind) = ParticipantKind::from_code(form.kind.trim()) else {
        errors.add("kind", "Выберите, кто участвует: сотрудник, полиция или партнёр");
        return Err(errors);
    };
    let position = optional_text(&collapse_spaces(&form.position));
    if let Some(p) = &position {
        check_len(&mut errors, "position", p, 200);
        check_printable(&mut errors, "position", p);
    }
    let valid = match kind {
        ParticipantKind::Staff => {
            let user = form.user.trim().to_string();
            if !crate::keys::is_record_key(&user) {
                errors.add("user", "Выберите сотрудника из списка");
            }
            ValidParticipant::Staff { user }
        }
        ParticipantKind::Police => {
            let full_name = required_line(
                &mut errors,
                "full_name",
                &form.full_name,
                150,
                "Укажите фамилию и инициалы сотрудника полиции",
            );
            if !full_name.is_empty() && full_name.split_whitespace().count() < 2 {
                errors.add("full_name", "Фамилия и инициалы — хотя бы два слова");
            }
            let department = required_line(
                &mut errors,
                "organisation",
                &form.organisation,
                200,
                "Укажите подразделение, например ОМВД России по г. Югорску",
            );
            ValidParticipant::Police { full_name, position, department }
        }
        ParticipantKind::Partner => {
            let partner = form.partner.trim().to_string();
            if !crate::keys::is_record_key(&partner) {
                errors.add("partner", "Выберите партнёра из карты ресурсов");
            }
            let full_name = optional_text(&collapse_spaces(&form.full_name));
            if let Some(n) = &full_name {
                check_len(&mut errors, "full_name", n, 150);
                check_printable(&mut errors, "full_name", n);
            }
            ValidParticipant::Partner { partner, full_name, position }
        }
    };
    if errors.is_empty() {
        Ok(valid)
    } else {
        Err(errors)
    }
}

/// A person met checked against the rules.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidMet {
    pub full_name: String,
    pub age: Option<i64>,
    pub birth_date: Option<NaiveDate>,
    pub address: String,
    pub family: Option<String>,
    pub situation: String,
    pub help: Option<String>,
    /// (year, number) of the case to link.
    pub case_number: Option<(i64, i64)>,
    pub referred_partner: Option<String>,
    pub referred_to: Option<String>,
}

pub fn validate_met(form: &MetForm, today: NaiveDate) -> Result<ValidMet, FieldErrors> {
    let mut errors = FieldErrors::new();
    let full_name = required_line(
        &mut errors,
        "full_name",
        &form.full_name,
        150,
        "Укажите ФИО или как назвался человек («мужчина, назвался Сергеем»)",
    );
    let age = match form.age.trim() {
        "" => None,
        text => match text.parse::<i64>() {
            Ok(n) if (0..=120).contains(&n) => Some(n),
            _ => {
                errors.add("age", "Возраст — число полных лет, например 45");
                None
            }
        },
    };
    let birth_date = optional_date(&mut errors, "birth_date", &form.birth_date, today);
    if let (Some(age), Some(birth)) = (age, birth_date) {
        if (age_on(birth, today) - age).abs() > 1 {
            errors
                .add("age", format!("По дате рождения — {}; исправьте возраст или дату", years(age_on(birth, today))));
        }
    }
    let address =
        required_line(&mut errors, "address", &form.address, 300, "Укажите адрес или место, где встретили человека");
    let family = optional_long(&mut errors, "family", &form.family, 500);
    let situation = optional_long(&mut errors, "situation", &form.situation, MAX_TEXT);
    if situation.is_none() {
        errors.add("situation", "Опишите, что выявлено");
    }
    let help = optional_long(&mut errors, "help", &form.help, MAX_TEXT);
    let case_number = match form.case_number.trim() {
        "" => None,
        text => match parse_case_number(text) {
            Some(n) => Some(n),
            None => {
                errors.add("case_number", "Номер случая в виде 2026-0042");
                None
            }
        },
    };
    let referred_partner = optional_text(&form.referred_partner);
    if referred_partner.as_deref().is_some_and(|p| !crate::keys::is_record_key(p)) {
        errors.add("referred_partner", "Выберите партнёра из списка");
    }
    let referred_to = optional_text(&collapse_spaces(&form.referred_to));
    if let Some(r) = &referred_to {
        check_len(&mut errors, "referred_to", r, 300);
        check_printable(&mut errors, "referred_to", r);
    }
    match situation {
        Some(situation) if errors.is_empty() => Ok(ValidMet {
            full_name,
            age: if birth_date.is_some() { None } else { age },
            birth_date,
            address,
            family,
            situation,
            help,
            case_number,
            referred_partner,
            referred_to,
        }),
        _ => Err(errors),
    }
}

/// Cancelling a planned raid: with its reason, and only while nobody met is written down on it
/// (then it took place and is marked held). Returns the reason to record.
pub fn validate_cancel(raid: &Raid, reason: &str) -> Result<String, FieldErrors> {
    let mut errors = FieldErrors::new();
    match raid.state {
        RaidState::Planned => {}
        RaidState::Held => errors.add("cancel_reason", "Рейд уже проведён — отменить его нельзя"),
        RaidState::Cancelled => errors.add("cancel_reason", "Рейд уже отменён"),
    }
    if raid.state == RaidState::Planned && !raid.met.is_empty() {
        errors.add(
            "cancel_reason",
            "На рейде уже записаны встреченные люди — значит, он состоялся: отметьте его проведённым",
        );
    }
    let reason = crate::validation::collapse_spaces(reason);
    if errors.is_empty() {
        if reason.is_empty() {
            errors.add("cancel_reason", "Укажите причину отмены");
        } else if reason.chars().count() > 1000 {
            errors.add("cancel_reason", "Причина — не длиннее 1000 знаков");
        }
    }
    if errors.is_empty() {
        Ok(reason)
    } else {
        Err(errors)
    }
}

/// Marking a planned raid held: on its day or later, with a participant and the findings.
/// Returns the findings and the end time to record.
pub fn validate_hold(raid: &Raid, form: &HoldForm, today: NaiveDate) -> Result<(String, Option<String>), FieldErrors> {
    let mut errors = FieldErrors::new();
    match raid.state {
        RaidState::Planned => {}
        RaidState::Held => {
            errors.add("hold", "Рейд уже отмечен проведённым");
            return Err(errors);
        }
        RaidState::Cancelled => {
            errors.add("hold", "Рейд отменён — отметить его проведённым нельзя");
            return Err(errors);
        }
    }
    if raid.date > today {
        errors.add(
            "hold",
            format!(
                "Рейд назначен на {} — отметить его проведённым можно в этот день или позже",
                format_naive_date(raid.date)
            ),
        );
    }
    if raid.participants.is_empty() {
        errors.add("participants", "Добавьте хотя бы одного участника рейда");
    }
    let findings = optional_long(&mut errors, "findings", &form.findings, MAX_TEXT);
    if findings.is_none() {
        errors.add("findings", "Опишите итоги рейда: что выявлено и что сделано");
    }
    let end_time = match form.end_time.trim() {
        "" => None,
        text => match parse_time(text) {
            None => {
                errors.add("end_time", "Время в формате ЧЧ:ММ, например 21:00");
                None
            }
            Some(t) if parse_time(&raid.start_time).is_some_and(|s| t <= s) => {
                errors.add("end_time", format!("Окончание должно быть позже начала ({})", raid.start_time));
                None
            }
            Some(t) => Some(t.format("%H:%M").to_string()),
        },
    };
    match findings {
        Some(f) if errors.is_empty() => Ok((f, end_time)),
        _ => Err(errors),
    }
}

/// The journal appeal of a person met on a raid: received in person at the raid's time (not
/// later than now), with what was found as its content and what was done as its answer.
pub fn appeal_of(raid: &Raid, met: &Met, now: DateTime<Utc>) -> AppealForm {
    let start = parse_time(&raid.start_time).unwrap_or_default();
    let moment = crate::time::institution_tz()
        .from_local_datetime(&raid.date.and_time(start))
        .single()
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or(now)
        .min(now);
    let situation: String = met.situation.chars().take(3000).collect();
    let family = if met.family.trim().is_empty() { String::new() } else { format!(" ({})", met.family.trim()) };
    let summary =
        format!("Выявлено в ходе рейда «Социальный патруль» № {} ({}){family}: {situation}", raid.number, raid.when());
    let mut answer = Vec::new();
    if !met.help.trim().is_empty() {
        answer.push(met.help.trim().chars().take(500).collect::<String>());
    }
    if !met.referred_to.trim().is_empty() {
        answer.push(format!("направлен(а): {}", met.referred_to.trim()));
    }
    AppealForm {
        received_at: crate::time::to_datetime_local(moment),
        full_name: met.full_name.clone(),
        address: met.address.clone(),
        summary,
        answer: answer.join("; "),
        answer_method: if answer.is_empty() { String::new() } else { AnswerMethod::Oral.code().into() },
        channel: Channel::InPerson.code().into(),
        topics: vec![Topic::UrgentServices.code().into()],
        district: if raid.district_ids.len() == 1 { raid.district_ids[0].clone() } else { String::new() },
        outcome: if met.referred_to.trim().is_empty() { String::new() } else { Outcome::Referral.code().into() },
        ..AppealForm::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
    }

    fn raid(state: RaidState, date: &str, participants: usize) -> Raid {
        Raid {
            id: "r1".into(),
            number: "1/2026".into(),
            date: day(date),
            start_time: "18:00".into(),
            end_time: String::new(),
            route: "ул. Ленина — ул. Мира".into(),
            district_ids: vec![],
            district_names: vec![],
            purpose: String::new(),
            state,
            participants: (0..participants)
                .map(|i| Participant {
                    key: format!("p{i}"),
                    kind: ParticipantKind::Police,
                    user_id: None,
                    partner_id: None,
                    full_name: "Смирнов А. В.".into(),
                    position: String::new(),
                    organisation: "ОМВД".into(),
                })
                .collect(),
            met: vec![],
            findings: String::new(),
            cancel_reason: String::new(),
            cancelled_at: None,
            cancelled_by_name: String::new(),
            held_at: None,
            held_by_name: String::new(),
            created_by_name: "Петрова А. С.".into(),
            version: 1,
        }
    }

    #[test]
    fn a_raid_has_its_date_time_and_route_named_at_the_fields() {
        let today = day("2026-12-05");
        let errors = validate_raid(&RaidForm::default(), today).expect_err("empty");
        assert_eq!(errors.get("date"), Some("Укажите дату рейда"));
        assert_eq!(errors.get("start_time"), Some("Укажите время начала"));
        assert_eq!(errors.get("route"), Some("Укажите маршрут или адреса рейда"));
        let form = RaidForm {
            date: "2026-12-11".into(),
            start_time: "18.00".into(),
            end_time: "17:00".into(),
            route: "ул. Ленина, 12 — ул. Мира, 5".into(),
            districts: vec!["d1".into(), "d1".into()],
            purpose: String::new(),
        };
        let errors = validate_raid(&form, today).expect_err("ends before it starts");
        assert_eq!(errors.get("end_time"), Some("Окончание должно быть позже начала"));
        let valid = validate_raid(&RaidForm { end_time: "21:00".into(), ..form }, today).expect("valid");
        assert_eq!(valid.start_time, "18:00");
        assert_eq!(valid.districts, vec!["d1".to_string()]);
        let far = RaidForm {
            date: "2028-01-10".into(),
            start_time: "18:00".into(),
            route: "x".into(),
            ..RaidForm::default()
        };
        assert!(validate_raid(&far, today).expect_err("far").get("date").is_some());
    }

    #[test]
    fn a_planned_raid_is_held_on_its_day_with_a_participant_and_its_findings() {
        let today = day("2026-12-05");
        let form = HoldForm { findings: "Обследовано 4 адреса".into(), end_time: "21:30".into() };
        assert_eq!(
            validate_hold(&raid(RaidState::Planned, "2026-12-05", 1), &form, today),
            Ok(("Обследовано 4 адреса".into(), Some("21:30".into())))
        );
        let errors = validate_hold(&raid(RaidState::Planned, "2026-12-05", 0), &HoldForm::default(), today)
            .expect_err("nobody, nothing");
        assert_eq!(errors.get("participants"), Some("Добавьте хотя бы одного участника рейда"));
        assert_eq!(errors.get("findings"), Some("Опишите итоги рейда: что выявлено и что сделано"));
        let errors = validate_hold(&raid(RaidState::Planned, "2026-12-10", 1), &form, today).expect_err("future");
        assert!(errors.get("hold").is_some_and(|m| m.contains("10.12.2026")));
        let errors = validate_hold(&raid(RaidState::Held, "2026-12-01", 1), &form, today).expect_err("held");
        assert_eq!(errors.get("hold"), Some("Рейд уже отмечен проведённым"));
        let early = HoldForm { end_time: "17:00".into(), ..form };
        assert!(validate_hold(&raid(RaidState::Planned, "2026-12-05", 1), &early, today).is_err());
    }

    #[test]
    fn a_planned_raid_is_cancelled_with_a_reason_unless_someone_was_met() {
        let planned = raid(RaidState::Planned, "2026-12-05", 1);
        assert_eq!(validate_cancel(&planned, "  Наряд полиции   отозван  "), Ok("Наряд полиции отозван".to_string()));
        let errors = validate_cancel(&planned, " ").expect_err("no reason");
        assert_eq!(errors.get("cancel_reason"), Some("Укажите причину отмены"));
        let errors = validate_cancel(&raid(RaidState::Held, "2026-12-01", 1), "Дождь").expect_err("held");
        assert_eq!(errors.get("cancel_reason"), Some("Рейд уже проведён — отменить его нельзя"));
        let errors = validate_cancel(&raid(RaidState::Cancelled, "2026-12-01", 1), "Дождь").expect_err("twice");
        assert_eq!(errors.get("cancel_reason"), Some("Рейд уже отменён"));
        let mut met = planned.clone();
        met.met.push(Met {
            key: "m1".into(),
            full_name: "Кузнецов Артём".into(),
            age: Some(14),
            birth_date: None,
            address: String::new(),
            family: String::new(),
            situation: "Подросток один на улице после 22:00".into(),
            help: String::new(),
            journal_entry_id: None,
            journal_number: None,
            case_id: None,
            case_number: None,
            referred_partner_id: None,
            referred_to: String::new(),
        });
        let errors = validate_cancel(&met, "Дождь").expect_err("someone met");
        assert!(errors.get("cancel_reason").is_some_and(|m| m.contains("отметьте его проведённым")));
    }

    #[test]
    fn a_participant_is_chosen_or_named_with_a_department() {
        let police =
            ParticipantForm { kind: "police".into(), full_name: "Смирнов".into(), ..Default::default() };
        let errors = validate_participant(&police).expect_err("one word, no department");
        assert_eq!(errors.get("full_name"), Some("Фамилия и инициалы — хотя бы два слова"));
        assert!(errors.get("organisation").is_some());
        let police = ParticipantForm {
            kind: "police".into(),
            full_name: "Смирнов  А. В.".into(),
            position: "участковый уполномоченный".into(),
            organisation: "ОМВД России по г. Югорску".into(),
            ..Default::default()
        };
        assert_eq!(
            validate_participant(&police),
            Ok(ValidParticipant::Police {
                full_name: "Смирнов А. В.".into(),
                position: Some("участковый уполномоченный".into()),
                department: "ОМВД России по г. Югорску".into(),
            })
        );
        let partner = ParticipantForm { kind: "partner".into(), ..Default::default() };
        assert_eq!(
            validate_participant(&partner).expect_err("none").get("partner"),
            Some("Выберите партнёра из карты ресурсов")
        );
        assert!(validate_participant(&ParticipantForm::default()).expect_err("kind").get("kind").is_some());
        let staff = ParticipantForm { kind: "staff".into(), user: "u1".into(), ..Default::default() };
        assert_eq!(validate_participant(&staff), Ok(ValidParticipant::Staff { user: "u1".into() }));
    }

    #[test]
    fn a_person_met_needs_who_where_and_what_was_found() {
        let today = day("2026-12-05");
        let errors =
            validate_met(&MetForm { age: "сорок".into(), case_number: "42".into(), ..Default::default() }, today)
                .expect_err("empty");
        for field in ["full_name", "address", "situation", "age", "case_number"] {
            assert!(errors.get(field).is_some(), "{field}");
        }
        let form = MetForm {
            full_name: "Кузьмина Ольга".into(),
            age: "44".into(),
            birth_date: "1981-03-12".into(),
            address: "ул. Ленина, 12, подъезд 2".into(),
            situation: "Дети одни дома поздно вечером".into(),
            case_number: "2026-0042".into(),
            ..Default::default()
        };
        let valid = validate_met(&form, today).expect("valid");
        assert_eq!(valid.case_number, Some((2026, 42)));
        assert_eq!(valid.birth_date, Some(day("1981-03-12")));
        let wrong = MetForm { age: "30".into(), ..form };
        assert!(validate_met(&wrong, today).expect_err("age").get("age").is_some_and(|m| m.contains("45 лет")));
        assert_eq!(parse_case_number("42/2026"), Some((2026, 42)));
        assert_eq!(parse_case_number("№ 2026-7"), Some((2026, 7)));
        assert_eq!(parse_case_number("abc"), None);
    }

    #[test]
    fn an_appeal_from_a_person_met_is_received_in_person_at_the_raids_time() {
        let mut r = raid(RaidState::Planned, "2026-12-04", 1);
        r.district_ids = vec!["d3".into()];
        let met = Met {
            key: "m".into(),
            full_name: "Кузьмина Ольга Петровна".into(),
            age: None,
            birth_date: None,
            address: "ул. Ленина, 12".into(),
            family: "с сыном 7 лет".into(),
            situation: "Ребёнок без присмотра".into(),
            help: "Передан продуктовый набор".into(),
            journal_entry_id: None,
            journal_number: None,
            case_id: None,
            case_number: None,
            referred_partner_id: None,
            referred_to: "АНО «Кризисный центр «Надежда»»".into(),
        };
        let now = Utc::now();
        let form = appeal_of(&r, &met, now);
        assert_eq!(form.received_at, "2026-12-04T18:00");
        assert_eq!(form.channel, "in_person");
        assert_eq!(form.district, "d3");
        assert_eq!(form.outcome, "referral");
        assert!(form.summary.starts_with(
            "Выявлено в ходе рейда «Социальный патруль» № 1/2026 (04.12.2026, 18:00) (с сыном 7 лет): Ребёнок"
        ));
        assert!(crate::journal::appeal::validate_appeal(&form, now).is_ok());
        // A raid later than now is registered now.
        r.date = crate::time::local_today(now) + chrono::Duration::days(3);
        assert_eq!(appeal_of(&r, &met, now).received_at, crate::time::to_datetime_local(now));
    }
}
