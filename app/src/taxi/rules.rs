//! The social taxi's rules: what a request must have, when the taxi runs (working days of the
//! production calendar, 07:00–20:00), how a request moves between its statuses, and when a car
//! or a driver is taken — a dispatcher is stopped before sending one car to two places at once,
//! unless she means a shared ride and says so.

use super::types::*;
use crate::calendar::ProductionCalendar;
use crate::error::FieldErrors;
use crate::people::rules::{validate_person, ValidPerson, Wording};
use crate::time::{format_naive_date, parse_date};
use crate::validation::{check_len, check_printable, collapse_spaces, optional_text, required_line};
use chrono::NaiveDate;

/// The taxi's hours: the first pickup and the time the last ride ends, minutes from midnight.
pub const OPENS: i64 = 7 * 60;
pub const CLOSES: i64 = 20 * 60;
/// How long a ride takes the car unless told (there, the wait, back).
pub const USUAL_MINUTES: i64 = 60;
/// The shortest and the longest a ride may take the car.
pub const MIN_MINUTES: i64 = 15;
pub const MAX_MINUTES: i64 = 8 * 60;
/// How far ahead a ride may be booked, in days.
pub const BOOK_AHEAD_DAYS: i64 = 90;

const WORDING: Wording = Wording {
    choose_kind: "Выберите, кто едет: из случая, из реестра 55+ или обратился лично",
    phone_needed: "Укажите телефон: водитель позвонит перед подачей машины",
};

/// The first working day on or after `day`.
pub fn working_day_from(calendar: &ProductionCalendar, day: NaiveDate) -> NaiveDate {
    let mut d = day;
    // Days off never run longer than the New Year holidays: the loop ends within weeks.
    while !calendar.is_working_day(d) {
        d += chrono::Duration::days(1);
    }
    d
}

/// A request checked against the rules.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidRide {
    pub person: ValidPerson,
    pub purpose: Purpose,
    pub destination: String,
    /// None: from the person's home (their address, read with their record).
    pub from_address: Option<String>,
    pub to_address: String,
    pub day: NaiveDate,
    pub time: String,
    pub start: i64,
    pub minutes: i64,
    pub return_trip: bool,
    pub wheelchair: bool,
    pub escort: bool,
    pub escort_name: Option<String>,
    pub note: Option<String>,
}

fn ride_day(
    errors: &mut FieldErrors,
    value: &str,
    calendar: &ProductionCalendar,
    today: NaiveDate,
    booked: Option<NaiveDate>,
) -> Option<NaiveDate> {
    let Some(day) = parse_date(value.trim()) else {
        errors.add(
            "day",
            if value.trim().is_empty() {
                "Укажите дату поездки"
            } else {
                "Дата в формате ДД.ММ.ГГГГ"
            },
        );
        return None;
    };
    // A request already booked for a past day may be corrected without moving it.
    if day < today && booked != Some(day) {
        errors.add("day", format!("Дата поездки уже прошла: сегодня {}", format_naive_date(today)));
        return None;
    }
    if (day - today).num_days() > BOOK_AHEAD_DAYS {
        errors.add("day", format!("Заявки принимаются не больше чем на {BOOK_AHEAD_DAYS} дней вперёд"));
        return None;
    }
    if !calendar.is_working_day(day) {
        errors.add(
            "day",
            format!(
                "{} — выходной, социальное такси не работает. Ближайший рабочий день — {}",
                format_naive_date(day),
                format_naive_date(working_day_from(calendar, day))
            ),
        );
        return None;
    }
    Some(day)
}

/// Checks a request's form. `booked`: the day the request was booked for, when it is corrected.
pub fn validate_ride(
    form: &RideForm,
    calendar: &ProductionCalendar,
    today: NaiveDate,
    booked: Option<NaiveDate>,
) -> Result<ValidRide, FieldErrors> {
    let mut errors = FieldErrors::new();
    let person = validate_person(&mut errors, &form.person, &WORDING);
    let purpose = Purpose::from_code(&form.purpose);
    if purpose.is_none() {
        errors.add("purpose", "Выберите цель поездки");
    }
    let destination = collapse_spaces(&form.destination);
    if destination.is_empty() && purpose == Some(Purpose::Other) {
        errors.add("destination", "Укажите, куда и зачем");
    }
    check_len(&mut errors, "destination", &destination, 200);
    check_printable(&mut errors, "destination", &destination);
    let from_address = optional_text(&collapse_spaces(&form.from_address));
    if let Some(a) = &from_address {
        check_len(&mut errors, "from_address", a, 300);
        check_printable(&mut errors, "from_address", a);
    }
    let to_address = required_line(&mut errors, "to_address", &form.to_address, 300, "Укажите, куда везти: адрес");
    let day = ride_day(&mut errors, &form.day, calendar, today, booked);
    let start = match parse_time(&form.time) {
        None if form.time.trim().is_empty() => {
            errors.add("time", "Укажите время подачи машины");
            None
        }
        None => {
            errors.add("time", "Время в формате ЧЧ:ММ, например 09:30");
            None
        }
        Some(t) if !(OPENS..CLOSES).contains(&t) => {
            errors.add("time", format!("Такси работает с {} до {}", format_minutes(OPENS), format_minutes(CLOSES)));
            None
        }
        Some(t) => Some(t),
    };
    let minutes = match form.minutes.trim() {
        "" => Some(USUAL_MINUTES),
        text => match text.parse::<i64>() {
            Ok(n) if (MIN_MINUTES..=MAX_MINUTES).contains(&n) => Some(n),
            _ => {
                errors.add(
                    "minutes",
                    format!("Сколько минут занята машина: от {MIN_MINUTES} до {MAX_MINUTES}, например 90"),
                );
                None
            }
        },
    };
    if let (Some(start), Some(minutes)) = (start, minutes) {
        if start + minutes > CLOSES {
            errors.add(
                "minutes",
                format!(
                    "Поездка закончится в {} — позже {}, когда такси уже не работает",
                    format_minutes(start + minutes),
                    format_minutes(CLOSES)
                ),
            );
        }
    }
    let escort_name = optional_text(&collapse_spaces(&form.escort_name));
    if let Some(n) = &escort_name {
        check_len(&mut errors, "escort_name", n, 150);
        check_printable(&mut errors, "escort_name", n);
    }
    let note = optional_text(&form.note);
    if let Some(n) = &note {
        check_len(&mut errors, "note", n, 1000);
        check_printable(&mut errors, "note", n);
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    match (person, purpose, day, start, minutes) {
        (Some(person), Some(purpose), Some(day), Some(start), Some(minutes)) => Ok(ValidRide {
            person,
            purpose,
            destination,
            from_address,
            to_address,
            day,
            time: format_minutes(start),
            start,
            minutes,
            return_trip: form.return_trip,
            wheelchair: form.wheelchair,
            escort: form.escort,
            escort_name: if form.escort { escort_name } else { None },
            note,
        }),
        _ => Err(errors),
    }
}

/// A driver or a vehicle as compared: letters and digits only, lower case («А 123 ВС 186» and
/// «а123вс186» are one car).
pub fn match_key(text: &str) -> String {
    crate::validation::fold_yo(&text.to_lowercase()).chars().filter(|c| c.is_alphanumeric()).collect()
}

/// A confirmation checked against the rules.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidConfirm {
    pub driver: String,
    pub vehicle: String,
    pub shared: bool,
}

pub fn validate_confirm(form: &ConfirmForm, status: RideStatus) -> Result<ValidConfirm, FieldErrors> {
    let mut errors = FieldErrors::new();
    if !status.can_go(RideStatus::Confirmed) {
        errors.add("driver", format!("Заявка уже {}: подтверждать нечего", status.label().to_lowercase()));
        return Err(errors);
    }
    let driver = required_line(&mut errors, "driver", &form.driver, 150, "Укажите водителя");
    let vehicle = required_line(&mut errors, "vehicle", &form.vehicle, 100, "Укажите машину: марку и госномер");
    if !vehicle.is_empty() && !vehicle.chars().any(|c| c.is_ascii_digit()) {
        errors.add("vehicle", "Укажите госномер машины, например «ГАЗель А123ВС 186»");
    }
    if errors.is_empty() {
        Ok(ValidConfirm { driver, vehicle, shared: form.shared })
    } else {
        Err(errors)
    }
}

/// The confirmed rides of the day that take the same car or driver at the same time as `ride`.
pub fn conflicts<'a>(rides: &'a [Ride], ride: &Ride, driver: &str, vehicle: &str) -> Vec<&'a Ride> {
    let (driver, vehicle) = (match_key(driver), match_key(vehicle));
    rides
        .iter()
        .filter(|r| r.id != ride.id && r.day == ride.day && r.status == RideStatus::Confirmed)
        .filter(|r| r.start() < ride.end() && ride.start() < r.end())
        .filter(|r| match_key(&r.vehicle) == vehicle || match_key(&r.driver) == driver)
        .collect()
}

/// The message at the field when the car or the driver is taken: which request, when, whom.
pub fn busy_message(other: &Ride, vehicle: &str) -> (&'static str, String) {
    let (field, what) = if match_key(&other.vehicle) == match_key(vehicle) {
        ("vehicle", format!("Машина {}", other.vehicle))
    } else {
        ("driver", format!("Водитель {}", other.driver))
    };
    (
        field,
        format!(
            "{what} в это время занята: заявка {} на {} — {}. Выберите другую или отметьте «Совместная поездка»",
            other.number,
            other.window(),
            other.person.full_name
        ),
    )
}

/// A ride is done on its day or later, not before.
pub fn check_done(ride: &Ride, today: NaiveDate) -> Result<(), String> {
    if !ride.status.can_go(RideStatus::Done) {
        return Err(match ride.status {
            RideStatus::Requested => "Сначала подтвердите заявку: назначьте водителя и машину".into(),
            s => format!("Заявка уже {}", s.label().to_lowercase()),
        });
    }
    if ride.day > today {
        return Err(format!(
            "Поездка назначена на {} — отметить выполненной можно в этот день или позже",
            format_naive_date(ride.day)
        ));
    }
    Ok(())
}

/// A cancellation: its reason, of a request still to be driven.
pub fn validate_cancel(form: &CancelForm, status: RideStatus) -> Result<String, FieldErrors> {
    let mut errors = FieldErrors::new();
    if !status.can_go(RideStatus::Cancelled) {
        errors.add("reason", format!("Заявка уже {}: отменять нечего", status.label().to_lowercase()));
        return Err(errors);
    }
    let reason = required_line(&mut errors, "reason", &form.reason, 500, "Укажите причину отмены");
    if errors.is_empty() {
        Ok(reason)
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::DayKind;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
    }

    fn calendar() -> ProductionCalendar {
        let days: Vec<(NaiveDate, DayKind)> =
            (1..=8).map(|d| (day(&format!("2027-01-{d:02}")), DayKind::DayOff)).collect();
        ProductionCalendar::new(days)
    }

    fn form() -> RideForm {
        RideForm {
            person: PersonForm {
                person_kind: "walk_in".into(),
                full_name: "Кузнецова Мария Ивановна".into(),
                address: "г. Югорск, ул. Ленина, д. 12, кв. 4".into(),
                phone: "8 912 345-67-89".into(),
                consent: true,
                ..PersonForm::default()
            },
            purpose: "hospital".into(),
            destination: "Югорская городская больница".into(),
            to_address: "г. Югорск, ул. Попова, д. 29".into(),
            day: "2026-12-08".into(),
            time: "9:30".into(),
            minutes: "90".into(),
            wheelchair: true,
            ..RideForm::default()
        }
    }

    fn ride(id: &str, time: &str, minutes: i64, status: RideStatus, driver: &str, vehicle: &str) -> Ride {
        Ride {
            id: id.into(),
            number: format!("Т-{id}/2026"),
            person: Person { full_name: format!("Пассажир {id}"), ..Person::default() },
            purpose: Purpose::Hospital,
            destination: String::new(),
            from_address: String::new(),
            to_address: String::new(),
            day: day("2026-12-08"),
            time: time.into(),
            minutes,
            return_trip: false,
            wheelchair: false,
            escort: false,
            escort_name: String::new(),
            note: String::new(),
            status,
            driver: driver.into(),
            vehicle: vehicle.into(),
            cancel_reason: String::new(),
            history: vec![],
            created_by_name: "Сидорова Е. В.".into(),
            version: 1,
        }
    }

    #[test]
    fn a_request_needs_who_why_where_and_a_working_day_within_the_taxis_hours() {
        let today = day("2026-12-07");
        let valid = validate_ride(&form(), &calendar(), today, None).expect("valid");
        assert_eq!(valid.time, "09:30");
        assert_eq!((valid.start, valid.minutes), (570, 90));
        assert_eq!(valid.from_address, None, "from home");
        assert_eq!(valid.person.phone.as_deref(), Some("+79123456789"));

        let errors = validate_ride(&RideForm::default(), &calendar(), today, None).expect_err("empty");
        for field in ["person_kind", "purpose", "to_address", "day", "time"] {
            assert!(errors.get(field).is_some(), "{field}: {errors:?}");
        }
        assert_eq!(
            errors.get("person_kind"),
            Some("Выберите, кто едет: из случая, из реестра 55+ или обратился лично")
        );

        let mut f = form();
        f.day = "2026-12-12".into(); // a Saturday
        f.time = "21:00".into();
        f.minutes = "пять".into();
        let errors = validate_ride(&f, &calendar(), today, None).expect_err("day off");
        assert_eq!(
            errors.get("day"),
            Some("12.12.2026 — выходной, социальное такси не работает. Ближайший рабочий день — 14.12.2026")
        );
        assert_eq!(errors.get("time"), Some("Такси работает с 07:00 до 20:00"));
        assert!(errors.get("minutes").is_some());

        let mut f = form();
        f.day = "2027-01-05".into();
        let errors = validate_ride(&f, &calendar(), today, None).expect_err("holiday");
        assert!(errors.get("day").is_some_and(|m| m.ends_with("11.01.2027")), "{errors:?}");
        f.day = "2026-12-04".into();
        let errors = validate_ride(&f, &calendar(), today, None).expect_err("past");
        assert!(errors.get("day").is_some_and(|m| m.starts_with("Дата поездки уже прошла")));
        // A request booked for that day may still be corrected.
        assert!(validate_ride(&f, &calendar(), today, Some(day("2026-12-04"))).is_ok());

        let mut f = form();
        f.time = "19:00".into();
        let errors = validate_ride(&f, &calendar(), today, None).expect_err("too late");
        assert!(errors.get("minutes").is_some_and(|m| m.contains("20:30")), "{errors:?}");
        f.purpose = "other".into();
        f.destination = String::new();
        let errors = validate_ride(&f, &calendar(), today, None).expect_err("other");
        assert_eq!(errors.get("destination"), Some("Укажите, куда и зачем"));
    }

    #[test]
    fn statuses_go_requested_confirmed_done_or_cancelled_and_never_back() {
        use RideStatus::*;
        assert!(Requested.can_go(Confirmed));
        assert!(Confirmed.can_go(Confirmed), "another driver");
        assert!(Confirmed.can_go(Done));
        assert!(Requested.can_go(Cancelled) && Confirmed.can_go(Cancelled));
        assert!(!Requested.can_go(Done), "not driven without a driver");
        for from in [Done, Cancelled] {
            for to in RideStatus::ALL {
                assert!(!from.can_go(*to), "{from:?} → {to:?}");
            }
        }
        let today = day("2026-12-08");
        let requested = ride("1", "09:00", 60, Requested, "", "");
        assert_eq!(
            check_done(&requested, today),
            Err("Сначала подтвердите заявку: назначьте водителя и машину".into())
        );
        let confirmed = ride("2", "09:00", 60, Confirmed, "Иванов", "А123ВС 186");
        assert_eq!(check_done(&confirmed, today), Ok(()));
        assert!(check_done(&confirmed, day("2026-12-07")).is_err(), "not before its day");
        let errors = validate_cancel(&CancelForm::default(), Confirmed).expect_err("no reason");
        assert_eq!(errors.get("reason"), Some("Укажите причину отмены"));
        assert!(validate_cancel(&CancelForm { reason: "Заболела".into() }, Done).is_err());
        let errors = validate_confirm(&ConfirmForm::default(), Requested).expect_err("empty");
        assert!(errors.get("driver").is_some() && errors.get("vehicle").is_some());
        let errors = validate_confirm(
            &ConfirmForm { driver: "Иванов".into(), vehicle: "ГАЗель".into(), shared: false },
            Requested,
        )
        .expect_err("no number");
        assert!(errors.get("vehicle").is_some_and(|m| m.contains("госномер")));
        assert!(validate_confirm(&ConfirmForm { driver: "Иванов".into(), vehicle: "А1".into(), shared: false }, Done)
            .is_err());
    }

    #[test]
    fn a_car_or_a_driver_is_taken_only_by_confirmed_rides_that_overlap_in_time() {
        use RideStatus::*;
        let day_rides = vec![
            ride("1", "09:00", 90, Confirmed, "Иванов П. С.", "ГАЗель А 123 ВС 186"),
            ride("2", "11:00", 60, Confirmed, "Петров А. А.", "Lada Largus К456МН186"),
            ride("3", "09:30", 60, Requested, "Иванов П. С.", "ГАЗель А123ВС 186"),
            ride("4", "09:30", 60, Cancelled, "Иванов П. С.", "ГАЗель А123ВС 186"),
        ];
        let new = ride("9", "10:00", 60, Requested, "", "");
        // 10:00–11:00 overlaps ride 1 (09:00–10:30) by the car, however its number is spaced.
        let taken = conflicts(&day_rides, &new, "Сидоров", "газель а123вс186");
        assert_eq!(taken.iter().map(|r| r.id.as_str()).collect::<Vec<_>>(), ["1"]);
        let (field, message) = busy_message(taken[0], "газель а123вс186");
        assert_eq!(field, "vehicle");
        assert!(message.contains("Т-1/2026 на 09:00–10:30"), "{message}");
        // By the driver in another car; ends exactly when the next begins: free.
        assert_eq!(conflicts(&day_rides, &new, "иванов п.с.", "УАЗ Е001КХ").len(), 1);
        let after = ride("9", "10:30", 30, Requested, "", "");
        assert!(conflicts(&day_rides, &after, "Иванов П. С.", "ГАЗель А123ВС 186").is_empty());
        // The ride itself is never in its own way.
        assert!(conflicts(&day_rides, &day_rides[0], "Иванов П. С.", "ГАЗель А123ВС 186").is_empty());
    }
}
