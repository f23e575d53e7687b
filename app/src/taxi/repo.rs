//! Database side of the social taxi. Server-only. A request, its correction, confirmation,
//! completion and cancellation are each one transaction with their audit line. Every
//! confirmation of a day writes that day's `taxi_day` record, so two dispatchers confirming at
//! once are serialised: the second sees the first's car taken.

use super::rules::{busy_message, conflicts, match_key, ValidConfirm, ValidRide};
use super::types::*;
use crate::audit::ssr::AuditLine;
use crate::auth::CurrentUser;
use crate::db::numbering::YearSeries;
use crate::db::{back_off, created_key, date_text, is_retryable, take_one, take_rows, transaction_error, Db};
use crate::error::{AppError, AppResult};
use crate::keys::is_record_key;
use crate::people::repo::{PersonRow, StoredPerson};
use chrono::{NaiveDate, Utc};
use serde::Deserialize;
use std::future::IntoFuture;
use surrealdb::types::{RecordId, SurrealValue};

/// Numbers of the requests, «Т-14/2026», by year.
pub const SERIES: YearSeries = YearSeries::new("taxi_ride_counter");

fn id_of(table: &str, key: &str) -> RecordId {
    RecordId::new(table, key.to_string())
}

const RIDE_FIELDS: &str = "record::id(id) AS id, year, number, person, district.name AS district_name, purpose, \
    destination, from_address, to_address, day, time, start_min, end_min, return_trip, wheelchair, escort, \
    escort_name, note, status, driver, vehicle, cancel_reason, history, created_by_name, version";

#[derive(Deserialize)]
struct RideRow {
    id: String,
    year: i64,
    number: i64,
    person: PersonRow,
    district_name: Option<String>,
    purpose: Purpose,
    destination: String,
    from_address: String,
    to_address: String,
    day: NaiveDate,
    time: String,
    start_min: i64,
    end_min: i64,
    return_trip: bool,
    wheelchair: bool,
    escort: bool,
    escort_name: Option<String>,
    note: Option<String>,
    status: RideStatus,
    driver: Option<String>,
    vehicle: Option<String>,
    cancel_reason: Option<String>,
    history: Vec<RideEvent>,
    created_by_name: String,
    version: i64,
}

impl RideRow {
    fn into_ride(self) -> Ride {
        Ride {
            id: self.id,
            number: format!("Т-{}/{}", self.number, self.year),
            person: self.person.into_person(self.district_name),
            purpose: self.purpose,
            destination: self.destination,
            from_address: self.from_address,
            to_address: self.to_address,
            day: self.day,
            time: self.time,
            minutes: self.end_min - self.start_min,
            return_trip: self.return_trip,
            wheelchair: self.wheelchair,
            escort: self.escort,
            escort_name: self.escort_name.unwrap_or_default(),
            note: self.note.unwrap_or_default(),
            status: self.status,
            driver: self.driver.unwrap_or_default(),
            vehicle: self.vehicle.unwrap_or_default(),
            cancel_reason: self.cancel_reason.unwrap_or_default(),
            history: self.history,
            created_by_name: self.created_by_name,
            version: self.version,
        }
    }
}

fn rides_of(rows: Vec<RideRow>) -> Vec<Ride> {
    rows.into_iter().map(RideRow::into_ride).collect()
}

/// The requests of a day, by pickup time.
pub async fn rides_of_day(db: &Db, day: NaiveDate) -> AppResult<Vec<Ride>> {
    let mut response = db
        .query(format!("SELECT {RIDE_FIELDS} FROM taxi_ride WHERE day = $day ORDER BY start_min, number"))
        .bind(("day", date_text(day)))
        .await?;
    Ok(rides_of(take_rows(&mut response, 0)?))
}

/// The requests of a period (for its counts).
pub async fn rides_between(db: &Db, from: NaiveDate, to: NaiveDate) -> AppResult<Vec<Ride>> {
    let mut response = db
        .query(format!("SELECT {RIDE_FIELDS} FROM taxi_ride WHERE day >= $from AND day <= $to ORDER BY day, start_min"))
        .bind(("from", date_text(from)))
        .bind(("to", date_text(to)))
        .await?;
    Ok(rides_of(take_rows(&mut response, 0)?))
}

/// The requests for the people of a case, the latest day first (for the case page).
pub async fn rides_of_case(db: &Db, case: &str) -> AppResult<Vec<Ride>> {
    if !is_record_key(case) {
        return Ok(vec![]);
    }
    let mut response = db
        .query(format!(
            "SELECT {RIDE_FIELDS} FROM taxi_ride WHERE person.case = $case ORDER BY day DESC, start_min DESC LIMIT 30"
        ))
        .bind(("case", id_of("case_file", case)))
        .await?;
    Ok(rides_of(take_rows(&mut response, 0)?))
}

pub async fn ride(db: &Db, id: &str) -> AppResult<Option<Ride>> {
    if !is_record_key(id) {
        return Ok(None);
    }
    let mut response = db.query(format!("SELECT {RIDE_FIELDS} FROM $id")).bind(("id", id_of("taxi_ride", id))).await?;
    Ok(take_one::<RideRow>(&mut response, 0)?.map(RideRow::into_ride))
}

/// Drivers and vehicles of the last months, for the confirmation's suggestions.
pub async fn known_crews(db: &Db, today: NaiveDate) -> AppResult<(Vec<String>, Vec<String>)> {
    #[derive(Deserialize)]
    struct Row {
        driver: Option<String>,
        vehicle: Option<String>,
    }
    let mut response = db
        .query("SELECT driver, vehicle FROM taxi_ride WHERE day >= $since AND status IN ['confirmed', 'done']")
        .bind(("since", date_text(today - chrono::Duration::days(120))))
        .await?;
    let rows: Vec<Row> = take_rows(&mut response, 0)?;
    let distinct = |mut v: Vec<String>| {
        v.sort();
        v.dedup_by(|a, b| match_key(a) == match_key(b));
        v
    };
    Ok((
        distinct(rows.iter().filter_map(|r| r.driver.clone()).collect()),
        distinct(rows.iter().filter_map(|r| r.vehicle.clone()).collect()),
    ))
}

/// Today's requests still to be driven, and of them those not yet confirmed.
pub async fn today_counts(db: &Db, today: NaiveDate) -> AppResult<(i64, i64)> {
    let mut response =
        db.query("SELECT VALUE status FROM taxi_ride WHERE day = $day").bind(("day", date_text(today))).await?;
    let statuses: Vec<String> = response.take(0)?;
    let open = statuses.iter().filter(|s| *s == "requested" || *s == "confirmed").count() as i64;
    let unconfirmed = statuses.iter().filter(|s| *s == "requested").count() as i64;
    Ok((open, unconfirmed))
}

/// Requests of any day not yet confirmed, from today on.
pub async fn unconfirmed_ahead(db: &Db, today: NaiveDate) -> AppResult<i64> {
    let mut response = db
        .query("SELECT VALUE id FROM taxi_ride WHERE status = 'requested' AND day >= $day")
        .bind(("day", date_text(today)))
        .await?;
    let ids: Vec<surrealdb::types::Value> = response.take(0)?;
    Ok(ids.len() as i64)
}

#[derive(SurrealValue, Clone)]
struct RideContent {
    person: StoredPerson,
    district: Option<RecordId>,
    purpose: String,
    destination: String,
    from_address: String,
    to_address: String,
    day: String,
    time: String,
    start_min: i64,
    end_min: i64,
    return_trip: bool,
    wheelchair: bool,
    escort: bool,
    escort_name: Option<String>,
    note: Option<String>,
}

fn content(ride: &ValidRide, person: StoredPerson, district: Option<String>) -> RideContent {
    // From home unless told otherwise: the person's address as their record or the form has it.
    let from_address = ride.from_address.clone().unwrap_or_else(|| person.address().to_string());
    RideContent {
        person,
        district: district.map(|d| id_of("district", &d)),
        purpose: ride.purpose.code().into(),
        destination: ride.destination.clone(),
        from_address,
        to_address: ride.to_address.clone(),
        day: date_text(ride.day),
        time: ride.time.clone(),
        start_min: ride.start,
        end_min: ride.start + ride.minutes,
        return_trip: ride.return_trip,
        wheelchair: ride.wheelchair,
        escort: ride.escort,
        escort_name: ride.escort_name.clone(),
        note: ride.note.clone(),
    }
}

/// Registers a request: its number, the request, the audit line — one transaction.
pub async fn create(
    db: &Db,
    user: &CurrentUser,
    ride: &ValidRide,
    person: StoredPerson,
    district: Option<String>,
    audit: AuditLine,
) -> AppResult<String> {
    let content = content(ride, person, district);
    let year = i64::from(crate::time::local_year(Utc::now()));
    let created = created_key(|| {
        db.query(concat!(
            crate::begin_numbered!(),
            "
             LET $ride = CREATE ONLY taxi_ride CONTENT object::extend($content, {
                 year: $year, number: $number, status: 'requested',
                 history: [{ at: time::now(), by_name: $user_name, text: 'Заявка принята' }],
                 created_by: $user, created_by_name: $user_name, created_at: time::now(), version: 1,
             });
             CREATE audit CONTENT object::extend($audit, { at: time::now() });
             COMMIT TRANSACTION;
             RETURN record::id($ride.id);",
        ))
        .bind(("counter", SERIES.counter(year)))
        .bind(("year", year))
        .bind(("content", content.clone()))
        .bind(("user", id_of("user", &user.id)))
        .bind(("user_name", user.full_name.clone()))
        .bind(("audit", audit.clone()))
        .into_future()
    })
    .await;
    match created {
        Ok(Some(id)) => Ok(id),
        Ok(None) => Err(AppError::internal("taxi ride was not created")),
        Err(e) => Err(e.into()),
    }
}

fn changed() -> AppError {
    AppError::Conflict(
        "Заявку изменили, пока вы её правили (подтвердили, отменили или поправили). Ваши записи остались на экране: обновите страницу и проверьте."
            .into(),
    )
}

/// Corrects a request still to be driven, if nobody changed it since it was read (`was`). A
/// confirmed ride moved to another day or time goes back to «заявка»: its car must be confirmed
/// again for the new time.
pub async fn update(
    db: &Db,
    user: &CurrentUser,
    was: &Ride,
    ride: &ValidRide,
    person: StoredPerson,
    district: Option<String>,
    audit: AuditLine,
) -> AppResult<bool> {
    let content = content(ride, person, district);
    let moved = was.day != ride.day || was.start() != ride.start || was.end() != ride.start + ride.minutes;
    let unconfirm = moved && was.status == RideStatus::Confirmed;
    let status = if unconfirm { RideStatus::Requested } else { was.status };
    let text = if unconfirm {
        format!(
            "Заявка изменена: {} {} — машину нужно подтвердить заново",
            crate::time::format_naive_date(ride.day),
            ride.time
        )
    } else {
        "Заявка изменена".to_string()
    };
    let mut response = db
        .query(
            "BEGIN TRANSACTION;
             LET $done = UPDATE $ride MERGE object::extend($content, { status: $status, version: $version + 1 })
                 WHERE version = $version AND status IN ['requested', 'confirmed'] RETURN VALUE id;
             IF array::len($done) = 0 { THROW 'version_conflict' };
             UPDATE $ride SET history += { at: time::now(), by_name: $user_name, text: $text };
             CREATE audit CONTENT object::extend($audit, { at: time::now() });
             COMMIT TRANSACTION;",
        )
        .bind(("ride", id_of("taxi_ride", &was.id)))
        .bind(("content", content))
        .bind(("status", status.code().to_string()))
        .bind(("version", was.version))
        .bind(("text", text))
        .bind(("user_name", user.full_name.clone()))
        .bind(("audit", audit))
        .await?;
    match transaction_error(&mut response) {
        None => Ok(unconfirm),
        Some(e) if e.to_string().contains("version_conflict") || is_retryable(&e) => Err(changed()),
        Some(e) => Err(e.into()),
    }
}

/// Confirms a request with its driver and vehicle. Refused when the car or the driver is taken
/// by another confirmed ride at an overlapping time (named at the field), unless the dispatcher
/// marked the ride as shared.
pub async fn confirm(db: &Db, user: &CurrentUser, ride: &Ride, crew: &ValidConfirm, audit: AuditLine) -> AppResult<()> {
    let text = format!("Подтверждена: водитель {}, машина {}", crew.driver, crew.vehicle);
    let mut attempt = 0;
    loop {
        attempt += 1;
        let mut response = db
            .query(
                "BEGIN TRANSACTION;
                 UPSERT $day_lock SET touched = time::now();
                 LET $was = SELECT status, version, day, start_min, end_min FROM ONLY $ride;
                 IF $was = NONE OR $was.version != $version OR $was.status NOTINSIDE ['requested', 'confirmed'] {
                     THROW 'version_conflict'
                 };
                 LET $busy = SELECT VALUE id FROM taxi_ride WHERE day = $was.day AND status = 'confirmed'
                     AND id != $ride AND start_min < $was.end_min AND end_min > $was.start_min
                     AND (vehicle_key = $vehicle_key OR driver_key = $driver_key);
                 IF $shared = false AND array::len($busy) > 0 { THROW 'busy' };
                 UPDATE $ride SET status = 'confirmed', driver = $driver, vehicle = $vehicle,
                     driver_key = $driver_key, vehicle_key = $vehicle_key, version += 1,
                     history += { at: time::now(), by_name: $user_name, text: $text };
                 CREATE audit CONTENT object::extend($audit, { at: time::now() });
                 COMMIT TRANSACTION;",
            )
            .bind(("day_lock", id_of("taxi_day", &date_text(ride.day))))
            .bind(("ride", id_of("taxi_ride", &ride.id)))
            .bind(("version", ride.version))
            .bind(("driver", crew.driver.clone()))
            .bind(("vehicle", crew.vehicle.clone()))
            .bind(("driver_key", match_key(&crew.driver)))
            .bind(("vehicle_key", match_key(&crew.vehicle)))
            .bind(("shared", crew.shared))
            .bind(("text", text.clone()))
            .bind(("user_name", user.full_name.clone()))
            .bind(("audit", audit.clone()))
            .await?;
        match transaction_error(&mut response) {
            None => return Ok(()),
            Some(e) if e.to_string().contains("busy") => {
                let day = rides_of_day(db, ride.day).await?;
                let message = match conflicts(&day, ride, &crew.driver, &crew.vehicle).first() {
                    Some(other) => busy_message(other, &crew.vehicle),
                    None => ("vehicle", "Машина или водитель в это время заняты другой поездкой".to_string()),
                };
                return Err(AppError::field(message.0, message.1));
            }
            Some(e) if e.to_string().contains("version_conflict") => return Err(changed()),
            Some(e) if is_retryable(&e) && attempt < 60 => back_off(attempt).await,
            Some(e) if is_retryable(&e) => return Err(changed()),
            Some(e) => return Err(e.into()),
        }
    }
}

/// Marks a confirmed ride done.
pub async fn done(db: &Db, user: &CurrentUser, ride: &Ride, audit: AuditLine) -> AppResult<()> {
    finish(db, user, ride, "done", None, "Поездка выполнена".into(), audit).await
}

/// Cancels a request still to be driven, with its reason.
pub async fn cancel(db: &Db, user: &CurrentUser, ride: &Ride, reason: &str, audit: AuditLine) -> AppResult<()> {
    finish(db, user, ride, "cancelled", Some(reason.to_string()), format!("Отменена: {reason}"), audit).await
}

async fn finish(
    db: &Db,
    user: &CurrentUser,
    ride: &Ride,
    status: &'static str,
    reason: Option<String>,
    text: String,
    audit: AuditLine,
) -> AppResult<()> {
    let from: &[&str] = if status == "done" { &["confirmed"] } else { &["requested", "confirmed"] };
    let mut response = db
        .query(
            "BEGIN TRANSACTION;
             LET $done = UPDATE $ride SET status = $status, cancel_reason = $reason, version += 1,
                 history += { at: time::now(), by_name: $user_name, text: $text }
                 WHERE version = $version AND status IN $from RETURN VALUE id;
             IF array::len($done) = 0 { THROW 'version_conflict' };
             CREATE audit CONTENT object::extend($audit, { at: time::now() });
             COMMIT TRANSACTION;",
        )
        .bind(("ride", id_of("taxi_ride", &ride.id)))
        .bind(("status", status.to_string()))
        .bind(("reason", reason))
        .bind(("from", from.iter().map(|s| s.to_string()).collect::<Vec<_>>()))
        .bind(("version", ride.version))
        .bind(("text", text))
        .bind(("user_name", user.full_name.clone()))
        .bind(("audit", audit))
        .await?;
    match transaction_error(&mut response) {
        None => Ok(()),
        Some(e) if e.to_string().contains("version_conflict") || is_retryable(&e) => Err(changed()),
        Some(e) => Err(e.into()),
    }
}
