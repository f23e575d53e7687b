//! Demo home visits: each caseworker's day today and tomorrow, to the families she curates that
//! are still being assessed, so that `/visits` shows a working day.

use super::common::SeedError;
use super::data;
use app::auth::CurrentUser;
use app::db::Db;
use app::visits::types::{validate_visit, VisitForm};
use chrono::{DateTime, Duration, Utc};

/// Plans visits for the caseworkers (each once, whatever districts she works); how many.
pub async fn seed_visits(
    db: &Db,
    planner: &CurrentUser,
    caseworkers: &[CurrentUser],
    now: DateTime<Utc>,
) -> Result<usize, SeedError> {
    let today = app::time::local_today(now);
    let purposes = &data::visits().purposes;
    let mut planned = 0;
    let mut seen: Vec<&str> = Vec::new();
    for worker in caseworkers {
        if seen.contains(&worker.id.as_str()) {
            continue;
        }
        seen.push(&worker.id);
        let mut found = db
            .query(
                "SELECT VALUE record::id(id) FROM case_file
                 WHERE curator = $curator AND stage IN ['intake', 'assessment', 'implementation'] ORDER BY number LIMIT 6",
            )
            .bind(("curator", surrealdb::types::RecordId::new("user", worker.id.clone())))
            .await?;
        let cases: Vec<String> = found.take(0)?;
        for (i, case) in cases.iter().enumerate() {
            let day = today + Duration::days(if i < 4 { 0 } else { 1 });
            let hour = [9, 11, 14, 16, 10, 15][i];
            let form = VisitForm {
                planned_at: format!("{}T{hour:02}:{}", day.format("%Y-%m-%d"), if i % 2 == 0 { "00" } else { "30" }),
                purpose: purposes.get(i % purposes.len().max(1)).cloned().unwrap_or_default(),
                caseworker: worker.id.clone(),
            };
            let visit = validate_visit(&form, now).map_err(SeedError::invalid)?;
            app::visits::repo::plan(db, planner, case, (&worker.id, &worker.full_name), &visit, now).await?;
            planned += 1;
        }
    }
    Ok(planned)
}
