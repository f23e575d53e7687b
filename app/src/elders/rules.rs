//! The rules of the registry, without a browser or a database: who belongs to the target group
//! (seed 002 §1.3: women over 55, men over 60, disabled people), the pension age by year of
//! birth (Federal law 350-ФЗ of 03.10.2018 and its transition), the calendar month a contact
//! counts for, and the checks that turn the forms into typed values.

use super::types::*;
use crate::cases::types::parse_case_number;
use crate::error::FieldErrors;
use crate::validation::{check_len, check_printable, codes_of, collapse_spaces, optional_text, required_line};
use chrono::{DateTime, Datelike, Months, NaiveDate, Utc};

/// The age from which a person is in the target group without a disability.
pub fn target_age(sex: Sex) -> u32 {
    match sex {
        Sex::Female => 55,
        Sex::Male => 60,
    }
}

/// Full years of age on `day`.
pub fn age_on(birth: NaiveDate, day: NaiveDate) -> u32 {
    let mut years = day.year() - birth.year();
    if (day.month(), day.day()) < (birth.month(), birth.day()) {
        years -= 1;
    }
    years.max(0) as u32
}

/// Whether a person belongs to the registry's target group on `day`: a woman of 55 or more, a
/// man of 60 or more, or a disabled person of any age.
pub fn in_target_group(sex: Sex, birth: NaiveDate, disabled: bool, day: NaiveDate) -> bool {
    disabled || age_on(birth, day) >= target_age(sex)
}

/// The old-age pension age by sex and year of birth, in months: 55 (women) and 60 (men) before
/// the reform, then raised by a year for each year of birth, with half a year less for the first
/// two years (the transitional relief of 350-ФЗ art. 10), up to 60 and 65.
pub fn pension_age_months(sex: Sex, birth_year: i32) -> u32 {
    let (base, first_year) = match sex {
        Sex::Female => (55, 1964),
        Sex::Male => (60, 1959),
    };
    let years_after = birth_year - first_year;
    let months = match years_after {
        i32::MIN..=-1 => 0,
        0 => 6,
        1 => 18,
        2 => 36,
        3 => 48,
        _ => 60,
    };
    base * 12 + months
}

/// The day the person reaches the old-age pension age.
pub fn pension_day(sex: Sex, birth: NaiveDate) -> NaiveDate {
    birth.checked_add_months(Months::new(pension_age_months(sex, birth.year()))).unwrap_or(birth)
}

/// «63 года», «60 лет 6 мес.».
pub fn age_words(months: u32) -> String {
    let years = months / 12;
    let rest = months % 12;
    let word = match (years % 10, years % 100) {
        (1, n) if n != 11 => "год",
        (2..=4, n) if !(12..=14).contains(&n) => "года",
        _ => "лет",
    };
    if rest == 0 {
        format!("{years} {word}")
    } else {
        format!("{years} {word} {rest} мес.")
    }
}

/// The first day of the local calendar month of `day`: a contact on or after it counts for
/// the month.
pub fn month_start(day: NaiveDate) -> NaiveDate {
    day.with_day(1).unwrap_or(day)
}

/// Whether the person was reached in the month of `today`.
pub fn contacted_this_month(last_contact: Option<NaiveDate>, today: NaiveDate) -> bool {
    last_contact.is_some_and(|d| d >= month_start(today) && d <= today)
}

/// «декабрь 2026».
pub fn month_words(day: NaiveDate) -> String {
    const MONTHS: [&str; 12] = [
        "январь",
        "февраль",
        "март",
        "апрель",
        "май",
        "июнь",
        "июль",
        "август",
        "сентябрь",
        "октябрь",
        "ноябрь",
        "декабрь",
    ];
    format!("{} {}", MONTHS[day.month0() as usize], day.year())
}

/// The birth dates of an age band on `today`, inclusive: (born on or after, born on or before).
pub fn birth_range(band: AgeBand, today: NaiveDate) -> (NaiveDate, NaiveDate) {
    let (youngest, oldest) = band.ages();
    let latest = today.checked_sub_months(Months::new(youngest * 12)).unwrap_or(today);
    let earliest =
        today.checked_sub_months(Months::new((oldest + 1) * 12)).and_then(|d| d.succ_opt()).unwrap_or(NaiveDate::MIN);
    (earliest, latest)
}

/// A person's form, checked: what the repository writes.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidElder {
    pub full_name: String,
    pub sex: Sex,
    pub birth_date: NaiveDate,
    pub disability: Option<DisabilityGroup>,
    pub disability_since: Option<NaiveDate>,
    pub address: String,
    pub district: String,
    pub phones: Vec<String>,
    pub messenger: Option<String>,
    pub lives_with: String,
    pub consent_on: NaiveDate,
    pub marks: Vec<AttentionMark>,
    pub interests: Vec<Interest>,
    /// (year, number) of the case named.
    pub case: Option<(i64, i64)>,
    pub notes: Option<String>,
    pub left_reason: Option<LeftReason>,
}

/// «Иванова Анна Петровна» with the spaces collapsed.
fn name(errors: &mut FieldErrors, value: &str) -> String {
    let collapsed = collapse_spaces(value);
    if collapsed.is_empty() {
        errors.add("full_name", "Укажите фамилию, имя и отчество");
    } else if collapsed.split(' ').count() < 2 {
        errors.add("full_name", "Укажите хотя бы фамилию и имя");
    } else if !collapsed.chars().all(|c| c.is_alphabetic() || matches!(c, ' ' | '-' | '\'' | '.')) {
        errors.add("full_name", "В ФИО — только буквы, пробелы, дефис и точка");
    }
    check_len(errors, "full_name", &collapsed, 200);
    collapsed
}

fn phone(errors: &mut FieldErrors, field: &str, value: &str) -> Option<String> {
    let value = value.trim();
    if value.is_empty() {
        return None;
    }
    match crate::phone::normalize_phone(value) {
        Ok(p) => Some(p),
        Err(e) => {
            errors.add(field, e.message());
            None
        }
    }
}

/// Checks the person's form; every problem is named at its field, in Russian.
pub fn validate_elder(form: &ElderForm, today: NaiveDate) -> Result<ValidElder, FieldErrors> {
    let mut errors = FieldErrors::new();
    let full_name = name(&mut errors, &form.full_name);
    let sex = Sex::from_code(&form.sex);
    if sex.is_none() {
        errors.add("sex", "Укажите пол: от него зависит возраст целевой группы");
    }
    let birth_date = match crate::time::parse_date(&form.birth_date) {
        None if form.birth_date.trim().is_empty() => {
            errors.add("birth_date", "Укажите дату рождения");
            None
        }
        None => {
            errors.add("birth_date", "Дата в формате ДД.ММ.ГГГГ");
            None
        }
        Some(d) if d > today => {
            errors.add("birth_date", "Дата рождения не может быть в будущем");
            None
        }
        Some(d) if age_on(d, today) > 120 => {
            errors.add("birth_date", "Проверьте год рождения");
            None
        }
        Some(d) => Some(d),
    };
    let disability = match form.disability.as_str() {
        "" => None,
        code => match DisabilityGroup::from_code(code) {
            Some(g) => Some(g),
            None => {
                errors.add("disability", "Выберите группу инвалидности из списка");
                None
            }
        },
    };
    let disability_since =
        crate::validation::optional_date(&mut errors, "disability_since", &form.disability_since, today);
    if disability_since.is_some() && disability.is_none() {
        errors.add("disability", "Укажите группу инвалидности или уберите дату её установления");
    }
    if let (Some(sex), Some(birth)) = (sex, birth_date) {
        if !in_target_group(sex, birth, disability.is_some(), today) {
            errors.add(
                "birth_date",
                format!(
                    "В реестр входят {} с {} лет и инвалиды: сейчас {} — укажите группу инвалидности или проверьте дату рождения",
                    if sex == Sex::Female { "женщины" } else { "мужчины" },
                    target_age(sex),
                    age_words(age_on(birth, today) * 12)
                ),
            );
        }
    }
    let address = required_line(
        &mut errors,
        "address",
        &form.address,
        300,
        "Укажите адрес проживания: по нему планируется обход",
    );
    if !crate::keys::is_record_key(&form.district) {
        errors.add("district", "Выберите социальный участок");
    }
    let mut phones = Vec::new();
    phones.extend(phone(&mut errors, "phone", &form.phone));
    phones.extend(phone(&mut errors, "phone2", &form.phone2));
    phones.dedup();
    let messenger = optional_text(&form.messenger);
    check_len(&mut errors, "messenger", &form.messenger, 200);
    check_printable(&mut errors, "messenger", &form.messenger);
    let lives_with = form.lives_with.trim().to_string();
    if lives_with.is_empty() {
        errors.add("lives_with", "Укажите, с кем проживает (например: «одна», «с супругом»)");
    }
    check_len(&mut errors, "lives_with", &lives_with, 300);
    check_printable(&mut errors, "lives_with", &lives_with);
    if !form.consent {
        errors.add("consent", "Без согласия на обработку персональных данных человека нельзя внести в реестр");
    }
    let consent_on = match crate::validation::optional_date(&mut errors, "consent_on", &form.consent_on, today) {
        Some(d) => Some(d),
        None => {
            if form.consent_on.trim().is_empty() {
                errors.add("consent_on", "Укажите дату согласия");
            }
            None
        }
    };
    let mut marks = Vec::new();
    for (i, m) in form.marks.iter().enumerate() {
        let group = AttentionGroup::from_code(&m.group);
        if group.is_none() {
            errors.add(&format!("marks.{i}.group"), "Выберите группу особого внимания");
        }
        let since = match crate::validation::optional_date(&mut errors, &format!("marks.{i}.since"), &m.since, today) {
            Some(d) => Some(d),
            None if m.since.trim().is_empty() => Some(today),
            None => None,
        };
        check_len(&mut errors, &format!("marks.{i}.note"), &m.note, 500);
        check_printable(&mut errors, &format!("marks.{i}.note"), &m.note);
        if let (Some(group), Some(since)) = (group, since) {
            if marks.iter().any(|x: &AttentionMark| x.group == group) {
                errors.add(&format!("marks.{i}.group"), "Эта группа уже отмечена");
            } else {
                marks.push(AttentionMark { group, since, note: optional_text(&m.note) });
            }
        }
    }
    if form.marks.len() > AttentionGroup::ALL.len() {
        errors.add("marks", "Каждую группу можно отметить один раз");
    }
    let interests =
        codes_of(&mut errors, "interests", &form.interests, Interest::from_code, "Выберите интересы из списка");
    let case = match form.case_number.trim() {
        "" => None,
        text => match parse_case_number(text) {
            Some(n) => Some(n),
            None => {
                errors.add("case_number", "Номер случая в виде «2026-0042»");
                None
            }
        },
    };
    let notes = optional_text(&form.notes);
    check_len(&mut errors, "notes", &form.notes, 4000);
    check_printable(&mut errors, "notes", &form.notes);
    let left_reason = match form.left_reason.as_str() {
        "" => None,
        code => match LeftReason::from_code(code) {
            Some(r) => Some(r),
            None => {
                errors.add("left_reason", "Выберите причину из списка");
                None
            }
        },
    };
    if !errors.is_empty() {
        return Err(errors);
    }
    match (sex, birth_date, consent_on) {
        (Some(sex), Some(birth_date), Some(consent_on)) => Ok(ValidElder {
            full_name,
            sex,
            birth_date,
            disability,
            disability_since,
            address,
            district: form.district.clone(),
            phones,
            messenger,
            lives_with,
            consent_on,
            marks,
            interests,
            case,
            notes,
            left_reason,
        }),
        _ => {
            errors.add("form", "Форма заполнена не полностью");
            Err(errors)
        }
    }
}

/// A contact, checked.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidContact {
    pub client_key: String,
    pub at: DateTime<Utc>,
    pub way: ContactWay,
    pub purposes: Vec<ContactPurpose>,
    pub result: String,
    pub need: Option<String>,
    pub danger: Option<String>,
}

/// How far back a contact may be recorded: a contact typed on a tablet without a connection
/// can reach the server days later, but not a quarter later.
pub const BACKDATE_DAYS: i64 = 62;

/// Checks a contact form. `now` is the server's time: a contact cannot be in the future (five
/// minutes of a tablet's clock running fast are forgiven).
pub fn validate_contact(form: &ContactForm, now: DateTime<Utc>) -> Result<ValidContact, FieldErrors> {
    let mut errors = FieldErrors::new();
    let client_key = form.client_key.trim().to_string();
    if !crate::keys::is_record_key(&client_key) {
        errors.add("form", "Форма контакта повреждена: откройте её заново");
    }
    let at = match crate::time::parse_datetime_local(&form.at) {
        None => {
            errors.add("at", "Укажите дату и время контакта");
            None
        }
        Some(at) if at > now + chrono::Duration::minutes(5) => {
            errors.add("at", "Контакт не может быть в будущем");
            None
        }
        Some(at) if at < now - chrono::Duration::days(BACKDATE_DAYS) => {
            errors.add("at", "Контакт старше двух месяцев в реестр не вносится — проверьте дату");
            None
        }
        Some(at) => Some(at),
    };
    let way = ContactWay::from_code(&form.way);
    if way.is_none() {
        errors.add("way", "Выберите, как состоялся контакт");
    }
    let purposes =
        codes_of(&mut errors, "purposes", &form.purposes, ContactPurpose::from_code, "Выберите цель из списка");
    if purposes.is_empty() {
        errors.add("purposes", "Отметьте хотя бы одну цель контакта");
    }
    let result = form.result.trim().to_string();
    if result.is_empty() {
        errors.add("result", "Запишите результат: о чём договорились, что человек рассказал");
    }
    check_len(&mut errors, "result", &result, 4000);
    check_printable(&mut errors, "result", &result);
    check_len(&mut errors, "need", &form.need, 2000);
    check_printable(&mut errors, "need", &form.need);
    check_len(&mut errors, "danger", &form.danger, 2000);
    check_printable(&mut errors, "danger", &form.danger);
    match (errors.is_empty(), at, way) {
        (true, Some(at), Some(way)) => Ok(ValidContact {
            client_key,
            at,
            way,
            purposes,
            result,
            need: optional_text(&form.need),
            danger: optional_text(&form.danger),
        }),
        _ => Err(errors),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn the_target_group_is_women_from_55_men_from_60_and_disabled_people() {
        let today = day(2026, 12, 5);
        assert!(in_target_group(Sex::Female, day(1971, 12, 5), false, today), "55 today");
        assert!(!in_target_group(Sex::Female, day(1971, 12, 6), false, today), "55 tomorrow");
        assert!(!in_target_group(Sex::Male, day(1968, 1, 1), false, today), "a man of 58");
        assert!(in_target_group(Sex::Male, day(1966, 12, 5), false, today), "60 today");
        assert!(in_target_group(Sex::Male, day(1990, 3, 1), true, today), "disabled at 36");
    }

    #[test]
    fn ages_count_full_years_and_leap_days() {
        assert_eq!(age_on(day(1960, 2, 29), day(2026, 2, 28)), 65);
        assert_eq!(age_on(day(1960, 2, 29), day(2026, 3, 1)), 66);
        assert_eq!(age_on(day(2000, 1, 1), day(1999, 1, 1)), 0);
    }

    #[test]
    fn the_pension_age_follows_the_reform_by_year_of_birth() {
        assert_eq!(age_words(pension_age_months(Sex::Female, 1963)), "55 лет");
        assert_eq!(age_words(pension_age_months(Sex::Female, 1964)), "55 лет 6 мес.");
        assert_eq!(age_words(pension_age_months(Sex::Female, 1966)), "58 лет");
        assert_eq!(age_words(pension_age_months(Sex::Female, 1970)), "60 лет");
        assert_eq!(age_words(pension_age_months(Sex::Male, 1958)), "60 лет");
        assert_eq!(age_words(pension_age_months(Sex::Male, 1960)), "61 год 6 мес.");
        assert_eq!(age_words(pension_age_months(Sex::Male, 1961)), "63 года");
        assert_eq!(age_words(pension_age_months(Sex::Male, 1962)), "64 года");
        assert_eq!(age_words(pension_age_months(Sex::Male, 1975)), "65 лет");
        assert_eq!(pension_day(Sex::Male, day(1961, 3, 12)), day(2024, 3, 12));
        assert_eq!(pension_day(Sex::Female, day(1964, 8, 31)), day(2020, 2, 29));
    }

    #[test]
    fn a_contact_counts_for_its_calendar_month_only() {
        let today = day(2026, 12, 1);
        assert!(!contacted_this_month(Some(day(2026, 11, 30)), today), "the last day of the month before");
        assert!(contacted_this_month(Some(day(2026, 12, 1)), today), "the first day of this month");
        assert!(!contacted_this_month(None, today));
        let new_year = day(2027, 1, 1);
        assert!(!contacted_this_month(Some(day(2026, 12, 31)), new_year), "December does not count in January");
        assert_eq!(month_start(day(2027, 1, 19)), day(2027, 1, 1));
        assert_eq!(month_words(day(2027, 1, 19)), "январь 2027");
    }

    #[test]
    fn age_bands_are_ranges_of_birth_dates() {
        let today = day(2026, 12, 5);
        let (earliest, latest) = birth_range(AgeBand::From60, today);
        assert_eq!(latest, day(1966, 12, 5), "60 today is in the band");
        assert_eq!(earliest, day(1956, 12, 6), "70 today is not");
        assert_eq!(age_on(earliest, today), 69);
        assert_eq!(age_on(latest, today), 60);
    }

    fn form() -> ElderForm {
        ElderForm {
            full_name: "  Кузнецова   Валентина Ивановна ".into(),
            sex: "female".into(),
            birth_date: "1950-03-14".into(),
            address: "г. Югорск, ул. Ленина, д. 12, кв. 4".into(),
            district: "d1".into(),
            phone: "8 912 345-67-89".into(),
            lives_with: "одна".into(),
            consent: true,
            consent_on: "2026-11-02".into(),
            marks: vec![MarkForm { group: "alone".into(), since: "".into(), note: "".into() }],
            ..Default::default()
        }
    }

    #[test]
    fn a_person_form_becomes_a_typed_record() {
        let today = day(2026, 12, 5);
        let valid = validate_elder(&form(), today).expect("valid");
        assert_eq!(valid.full_name, "Кузнецова Валентина Ивановна");
        assert_eq!(valid.phones, vec!["+79123456789".to_string()]);
        assert_eq!(valid.marks[0].since, today, "a mark without a date is noted today");
        assert_eq!(parse_case_number("2026-0042"), Some((2026, 42)));
        assert_eq!(parse_case_number("№ 2026-7"), Some((2026, 7)));
        assert_eq!(parse_case_number("42"), None);
    }

    #[test]
    fn a_person_outside_the_target_group_is_named_at_the_birth_date() {
        let today = day(2026, 12, 5);
        let young = ElderForm { birth_date: "1980-01-01".into(), ..form() };
        let errors = validate_elder(&young, today).unwrap_err();
        assert!(errors.get("birth_date").unwrap().contains("женщины с 55 лет"), "{errors:?}");
        let disabled = ElderForm { disability: "2".into(), ..young };
        assert!(validate_elder(&disabled, today).is_ok(), "a disabled person of any age belongs");
        let bad = ElderForm {
            full_name: "Кузнецова".into(),
            sex: "".into(),
            phone: "12".into(),
            consent: false,
            marks: vec![MarkForm { group: "alone".into(), ..Default::default() }; 2],
            case_number: "сорок два".into(),
            ..form()
        };
        let errors = validate_elder(&bad, today).unwrap_err();
        for field in ["full_name", "sex", "phone", "consent", "marks.1.group", "case_number"] {
            assert!(errors.get(field).is_some(), "{field} should be named: {errors:?}");
        }
    }

    #[test]
    fn a_contact_needs_its_way_purpose_and_result_and_is_never_in_the_future() {
        let now = crate::time::parse_datetime_local("2026-12-05T12:00").unwrap();
        let good = ContactForm {
            client_key: "k1a2b3".into(),
            at: "2026-12-05T11:30".into(),
            way: "phone".into(),
            purposes: vec!["support".into(), "support".into(), "informing".into()],
            result: "Чувствует себя хорошо, пригласила на концерт".into(),
            ..Default::default()
        };
        let valid = validate_contact(&good, now).unwrap();
        assert_eq!(valid.purposes, vec![ContactPurpose::Support, ContactPurpose::Informing]);
        assert_eq!(valid.need, None);
        let future = ContactForm { at: "2026-12-05T13:00".into(), ..good.clone() };
        assert!(validate_contact(&future, now).unwrap_err().get("at").unwrap().contains("будущем"));
        let old = ContactForm { at: "2026-09-01T13:00".into(), ..good.clone() };
        assert!(validate_contact(&old, now).unwrap_err().get("at").is_some());
        let empty = ContactForm { client_key: "x;DROP".into(), ..Default::default() };
        let errors = validate_contact(&empty, now).unwrap_err();
        for field in ["form", "at", "way", "purposes", "result"] {
            assert!(errors.get(field).is_some(), "{field} should be named: {errors:?}");
        }
    }
}
