//! What every part of the demo seeding shares: its error, the staff a demo case needs, moments
//! in working hours and picks by weight.

use app::auth::CurrentUser;
use chrono::{DateTime, Duration, NaiveDate, TimeZone, Timelike, Utc};
use rand::rngs::StdRng;
use rand::Rng;

#[derive(Debug, thiserror::Error)]
pub enum SeedError {
    #[error("{}", describe(.0))]
    App(#[from] app::error::AppError),
    #[error("ошибка базы данных: {0}")]
    Db(#[from] surrealdb::Error),
    #[error("в базе уже есть записи журнала; добавить демо-данные ещё раз: opora seed-demo --force")]
    NotEmpty,
}

/// The error with the fields a refused demo form names, so that a broken demo says where.
fn describe(error: &app::error::AppError) -> String {
    match error {
        app::error::AppError::Validation(fields) => {
            let named: Vec<String> = fields.0.iter().map(|(field, message)| format!("{field}: {message}")).collect();
            format!("{error} ({})", named.join("; "))
        }
        other => other.to_string(),
    }
}

impl SeedError {
    /// A demo form the application's validation refused.
    pub fn invalid(errors: app::error::FieldErrors) -> SeedError {
        SeedError::App(app::error::AppError::Validation(errors))
    }
}

/// The staff a demo case needs: the curator of each district and the supervisor.
pub struct DemoStaff {
    pub supervisor: CurrentUser,
    /// (district number, caseworker).
    pub caseworkers: Vec<(i64, CurrentUser)>,
    pub dispatcher: CurrentUser,
}

/// A moment in working hours (9:00–17:30, Yugorsk time) `days_ago` days back.
pub fn working_moment(rng: &mut StdRng, now: DateTime<Utc>, days_ago: i64) -> DateTime<Utc> {
    let local = app::time::to_local(now - Duration::days(days_ago));
    let minutes = rng.random_range(9 * 60..17 * 60 + 30);
    let moment = local
        .with_hour(minutes / 60)
        .and_then(|t| t.with_minute(minutes % 60))
        .and_then(|t| t.with_second(0))
        .unwrap_or(local);
    moment.with_timezone(&Utc).min(now - Duration::minutes(10))
}

/// A moment in working hours (9:00–17:00, Yugorsk time) of a given day.
pub fn working_moment_on(day: NaiveDate, rng: &mut StdRng) -> DateTime<Utc> {
    let minutes = rng.random_range(9 * 60..17 * 60);
    let naive = day.and_hms_opt(minutes / 60, minutes % 60, 0).unwrap_or_default();
    app::time::institution_tz()
        .from_local_datetime(&naive)
        .single()
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_else(Utc::now)
}

/// One of `items`, each as likely as its weight; the first if all weigh nothing.
pub fn pick_weighted<'a, T>(rng: &mut StdRng, items: &'a [T], weight: impl Fn(&T) -> u32) -> &'a T {
    let total: u32 = items.iter().map(&weight).sum();
    pick_within(rng, items, weight, total)
}

/// [`pick_weighted`] with the total weight of `items` computed once by the caller.
pub fn pick_within<'a, T>(rng: &mut StdRng, items: &'a [T], weight: impl Fn(&T) -> u32, total: u32) -> &'a T {
    let mut pick = rng.random_range(0..total.max(1));
    items
        .iter()
        .find(|item| {
            let w = weight(item);
            if pick < w {
                true
            } else {
                pick -= w;
                false
            }
        })
        .unwrap_or(&items[0])
}

/// A number of an inclusive `[from, to]` range.
pub fn in_span(rng: &mut StdRng, [from, to]: [u32; 2]) -> u32 {
    rng.random_range(from.min(to)..=to.max(from))
}
