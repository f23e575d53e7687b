//! Server functions of the social taxi: the thin API between the pages and `repo`. Each checks
//! the caller's role, checks the form by `rules` and writes its audit line in the transaction of
//! the change; every read of the requests (they name people and their addresses) is audited.

use super::report::{ReportQuery, TaxiReport};
use super::types::*;
use crate::error::AppError;
use chrono::NaiveDate;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
mod ssr {
    pub use crate::audit::ssr::{write as audit, Actor, AuditLine};
    pub use crate::audit::AuditAction;
    pub use crate::auth::permissions;
    pub use crate::auth::session::{require, with_status};
    pub use crate::calendar::ProductionCalendar;
    pub use crate::people::repo as people;
    pub use crate::state::db;
    pub use crate::taxi::{repo, rules};
    pub use crate::time::{format_naive_date, local_today};
    pub use chrono::Utc;

    pub async fn calendar(db: &crate::db::Db) -> crate::error::AppResult<ProductionCalendar> {
        Ok(ProductionCalendar::from_exceptions(&crate::calendar::repo::exceptions(db).await?))
    }

    pub fn missing() -> crate::error::AppError {
        crate::error::AppError::NotFound("Заявка на такси не найдена".into())
    }

    /// The day asked for («YYYY-MM-DD»), today when empty.
    pub fn day_or_today(day: &str) -> Result<chrono::NaiveDate, crate::error::AppError> {
        if day.trim().is_empty() {
            return Ok(local_today(Utc::now()));
        }
        crate::time::parse_date(day).ok_or_else(|| crate::error::AppError::field("date", "Дата в формате ДД.ММ.ГГГГ"))
    }
}

/// The day's list: the requests by pickup time and their counts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DayList {
    pub day: NaiveDate,
    pub today: NaiveDate,
    /// Whether the taxi runs that day (a working day of the production calendar).
    pub working: bool,
    pub rides: Vec<Ride>,
    pub counts: DayCounts,
}

#[server(prefix = "/api", endpoint = "taxi/day")]
pub async fn taxi_day(date: String) -> Result<DayList, AppError> {
    use ssr::*;
    let user = require(permissions::TAXI)?;
    let day = with_status(day_or_today(&date))?;
    let db = db()?;
    let rides = repo::rides_of_day(&db, day).await?;
    let working = calendar(&db).await?.is_working_day(day);
    audit(
        &db,
        &Actor::user(&user),
        AuditAction::View,
        Some("taxi".into()),
        format!("Социальное такси: заявки на {} ({})", format_naive_date(day), rides.len()),
        vec![],
    )
    .await?;
    let counts = DayCounts::of(&rides);
    Ok(DayList { day, today: local_today(Utc::now()), working, rides, counts })
}

/// A request's card, with the drivers and vehicles of the last months to choose from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RideDetails {
    pub ride: Ride,
    pub today: NaiveDate,
    pub drivers: Vec<String>,
    pub vehicles: Vec<String>,
}

#[server(prefix = "/api", endpoint = "taxi/ride")]
pub async fn taxi_ride(id: String) -> Result<RideDetails, AppError> {
    use ssr::*;
    let user = require(permissions::TAXI)?;
    let db = db()?;
    let Some(ride) = repo::ride(&db, &id).await? else {
        return with_status(Err(missing()));
    };
    let today = local_today(Utc::now());
    let (drivers, vehicles) = repo::known_crews(&db, today).await?;
    audit(
        &db,
        &Actor::user(&user),
        AuditAction::View,
        Some(format!("taxi_ride:{}", ride.id)),
        format!("Социальное такси: заявка {} — {}", ride.number, ride.person.full_name),
        vec![],
    )
    .await?;
    Ok(RideDetails { ride, today, drivers, vehicles })
}

/// What a new request starts from: the day, the person when opened from a case or a card.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RideBlank {
    pub form: RideForm,
    pub person: Option<Found>,
    pub today: NaiveDate,
}

/// The request form, filled from the link it was opened by: `date`, `case`, `elder`.
#[server(prefix = "/api", endpoint = "taxi/start")]
pub async fn taxi_start(date: String, case: String, elder: String) -> Result<RideBlank, AppError> {
    use ssr::*;
    let user = require(permissions::TAXI)?;
    let db = db()?;
    let today = local_today(Utc::now());
    let calendar = calendar(&db).await?;
    let day = match crate::time::parse_date(&date) {
        Some(d) if d >= today => d,
        _ => rules::working_day_from(&calendar, today + chrono::Duration::days(1)),
    };
    let mut form = RideForm {
        day: crate::time::format_iso_date(day),
        minutes: rules::USUAL_MINUTES.to_string(),
        purpose: Purpose::Hospital.code().into(),
        ..RideForm::default()
    };
    let found = if !case.is_empty() {
        people::found_by_id(&db, &user, PersonKind::Case, &case).await?
    } else if !elder.is_empty() {
        people::found_by_id(&db, &user, PersonKind::Elder, &elder).await?
    } else {
        None
    };
    if let Some(f) = &found {
        form.person = PersonForm::chosen(f);
    }
    Ok(RideBlank { form, person: found, today })
}

/// Registers a request (`id` empty) or corrects one; returns its key.
#[server(prefix = "/api", endpoint = "taxi/save", input = Json)]
pub async fn save_ride(id: String, version: i64, form: RideForm) -> Result<String, AppError> {
    use ssr::*;
    let user = require(permissions::TAXI)?;
    let db = db()?;
    let was = if id.is_empty() {
        None
    } else {
        match repo::ride(&db, &id).await? {
            Some(mut r) => {
                r.version = version;
                Some(r)
            }
            None => return with_status(Err(missing())),
        }
    };
    if let Some(r) = was.as_ref().filter(|r| !r.status.is_open()) {
        return with_status(Err(AppError::Conflict(format!(
            "Заявка уже {} — её больше не правят",
            r.status.label().to_lowercase()
        ))));
    }
    let today = local_today(Utc::now());
    let calendar = calendar(&db).await?;
    let valid = with_status(
        rules::validate_ride(&form, &calendar, today, was.as_ref().map(|r| r.day)).map_err(AppError::Validation),
    )?;
    let (person, district) = with_status(people::resolve_person(&db, &user, &valid.person).await)?;
    let summary = format!(
        "Социальное такси: {} — {}, {} {}",
        person.full_name(),
        valid.purpose.label(),
        format_naive_date(valid.day),
        valid.time
    );
    match was {
        None => {
            let line =
                AuditLine::new(&Actor::user(&user), AuditAction::Create, Some("taxi_ride".into()), summary, vec![]);
            with_status(repo::create(&db, &user, &valid, person, district, line).await)
        }
        Some(was) => {
            let line = AuditLine::new(
                &Actor::user(&user),
                AuditAction::Update,
                Some(format!("taxi_ride:{}", was.id)),
                summary,
                vec![],
            );
            with_status(repo::update(&db, &user, &was, &valid, person, district, line).await)?;
            Ok(was.id)
        }
    }
}

/// Confirms a request with its driver and vehicle.
#[server(prefix = "/api", endpoint = "taxi/confirm", input = Json)]
pub async fn confirm_ride(id: String, version: i64, form: ConfirmForm) -> Result<(), AppError> {
    use ssr::*;
    let user = require(permissions::TAXI)?;
    let db = db()?;
    let Some(mut ride) = repo::ride(&db, &id).await? else {
        return with_status(Err(missing()));
    };
    ride.version = version;
    let crew = with_status(rules::validate_confirm(&form, ride.status).map_err(AppError::Validation))?;
    let line = AuditLine::new(
        &Actor::user(&user),
        AuditAction::Update,
        Some(format!("taxi_ride:{}", ride.id)),
        format!(
            "Социальное такси: заявка {} подтверждена — {}, {}{}",
            ride.number,
            crew.driver,
            crew.vehicle,
            if crew.shared { " (совместная поездка)" } else { "" }
        ),
        vec![],
    );
    with_status(repo::confirm(&db, &user, &ride, &crew, line).await)
}

/// Marks a confirmed ride done (on its day or later).
#[server(prefix = "/api", endpoint = "taxi/done")]
pub async fn ride_done(id: String, version: i64) -> Result<(), AppError> {
    use ssr::*;
    let user = require(permissions::TAXI)?;
    let db = db()?;
    let Some(mut ride) = repo::ride(&db, &id).await? else {
        return with_status(Err(missing()));
    };
    ride.version = version;
    with_status(rules::check_done(&ride, local_today(Utc::now())).map_err(|m| AppError::field("status", m)))?;
    let line = AuditLine::new(
        &Actor::user(&user),
        AuditAction::Update,
        Some(format!("taxi_ride:{}", ride.id)),
        format!("Социальное такси: заявка {} выполнена", ride.number),
        vec![],
    );
    with_status(repo::done(&db, &user, &ride, line).await)
}

/// Cancels a request still to be driven, with its reason.
#[server(prefix = "/api", endpoint = "taxi/cancel", input = Json)]
pub async fn cancel_ride(id: String, version: i64, form: CancelForm) -> Result<(), AppError> {
    use ssr::*;
    let user = require(permissions::TAXI)?;
    let db = db()?;
    let Some(mut ride) = repo::ride(&db, &id).await? else {
        return with_status(Err(missing()));
    };
    ride.version = version;
    let reason = with_status(rules::validate_cancel(&form, ride.status).map_err(AppError::Validation))?;
    let line = AuditLine::new(
        &Actor::user(&user),
        AuditAction::Update,
        Some(format!("taxi_ride:{}", ride.id)),
        format!("Социальное такси: заявка {} отменена — {reason}", ride.number),
        vec![],
    );
    with_status(repo::cancel(&db, &user, &ride, &reason, line).await)
}

/// The driver's schedule of a day: the rides to drive, by driver and car.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Schedule {
    pub day: NaiveDate,
    /// Confirmed and done rides, by driver and vehicle, each by time.
    pub crews: Vec<Crew>,
    /// Requests not yet confirmed.
    pub unconfirmed: Vec<Ride>,
}

/// One driver in one car, with their rides.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Crew {
    pub driver: String,
    pub vehicle: String,
    pub rides: Vec<Ride>,
}

/// Groups the rides of a day into the drivers' sheets (cancelled ones left out).
pub fn schedule_of(day: NaiveDate, rides: Vec<Ride>) -> Schedule {
    let mut crews: Vec<Crew> = Vec::new();
    let mut unconfirmed = Vec::new();
    for ride in rides {
        match ride.status {
            RideStatus::Cancelled => {}
            RideStatus::Requested => unconfirmed.push(ride),
            RideStatus::Confirmed | RideStatus::Done => {
                let key = (super::rules::match_key(&ride.driver), super::rules::match_key(&ride.vehicle));
                match crews
                    .iter_mut()
                    .find(|c| (super::rules::match_key(&c.driver), super::rules::match_key(&c.vehicle)) == key)
                {
                    Some(c) => c.rides.push(ride),
                    None => crews.push(Crew {
                        driver: ride.driver.clone(),
                        vehicle: ride.vehicle.clone(),
                        rides: vec![ride],
                    }),
                }
            }
        }
    }
    for c in &mut crews {
        c.rides.sort_by_key(|r| (r.start(), r.number.clone()));
    }
    crews.sort_by(|a, b| a.driver.cmp(&b.driver));
    Schedule { day, crews, unconfirmed }
}

#[server(prefix = "/api", endpoint = "taxi/schedule")]
pub async fn taxi_schedule(date: String) -> Result<Schedule, AppError> {
    use ssr::*;
    let user = require(permissions::TAXI)?;
    let day = with_status(day_or_today(&date))?;
    let db = db()?;
    let rides = repo::rides_of_day(&db, day).await?;
    audit(
        &db,
        &Actor::user(&user),
        AuditAction::Print,
        Some("taxi".into()),
        format!("Социальное такси: расписание на {} ({} заявок)", format_naive_date(day), rides.len()),
        vec![],
    )
    .await?;
    Ok(schedule_of(day, rides))
}

/// The counts of a period (empty dates: this month).
#[server(prefix = "/api", endpoint = "taxi/report", input = Json)]
pub async fn period_counts(query: ReportQuery) -> Result<TaxiReport, AppError> {
    use ssr::*;
    let user = require(permissions::TAXI)?;
    let db = db()?;
    let report = with_status(report_of(&db, &query).await)?;
    audit(
        &db,
        &Actor::user(&user),
        AuditAction::View,
        Some("taxi".into()),
        format!("Социальное такси: итоги за {} — {}", format_naive_date(report.from), format_naive_date(report.to)),
        vec![],
    )
    .await?;
    Ok(report)
}

/// The counts of the period asked for, for the page and the workbook.
#[cfg(feature = "ssr")]
pub async fn report_of(db: &crate::db::Db, query: &ReportQuery) -> Result<TaxiReport, AppError> {
    use ssr::{local_today, repo, Utc};
    let today = local_today(Utc::now());
    let (from, to) =
        query.period(today, crate::periods::Month::of(today).last_day()).map_err(|m| AppError::field("from", m))?;
    let rides = repo::rides_between(db, from, to).await?;
    Ok(super::report::compute(&rides, from, to))
}

/// The requests for the people of a case, for its page: to those who work with the taxi and
/// may see the case.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RidesOfCase {
    pub rides: Vec<Ride>,
    pub today: NaiveDate,
}

#[server(prefix = "/api", endpoint = "taxi/of_case")]
pub async fn case_rides(case: String) -> Result<RidesOfCase, AppError> {
    use ssr::*;
    let user = require(permissions::TAXI)?;
    let db = db()?;
    let key = with_status(crate::keys::known(case.trim()))?.to_string();
    with_status(crate::cases::repo::visible_row(&db, &user, &key).await)?;
    let rides = repo::rides_of_case(&db, &key).await?;
    Ok(RidesOfCase { rides, today: local_today(Utc::now()) })
}

/// What the urgent services' page shows of the taxi.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TaxiNotices {
    /// Today's rides still to be driven, and of them not yet confirmed.
    pub today: i64,
    pub today_unconfirmed: i64,
    /// Requests from today on not yet confirmed.
    pub unconfirmed: i64,
}

#[server(prefix = "/api", endpoint = "taxi/summary")]
pub async fn taxi_summary() -> Result<TaxiNotices, AppError> {
    use ssr::*;
    let _user = require(permissions::TAXI)?;
    let db = db()?;
    let today = local_today(Utc::now());
    let (open, today_unconfirmed) = repo::today_counts(&db, today).await?;
    let unconfirmed = repo::unconfirmed_ahead(&db, today).await?;
    Ok(TaxiNotices { today: open, today_unconfirmed, unconfirmed })
}
