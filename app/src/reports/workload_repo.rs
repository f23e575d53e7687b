//! Database side of «Нагрузка и сроки». Server-only. Reads the active specialists, the open
//! cases with their curator, district and stage deadline, and the plans of the open cases for
//! their unfinished activities — from the tables of cases and routes themselves.

use super::route_digest::RouteDigest;
use super::workload::{OpenActivity, OpenCase, Staff};
use crate::auth::Role;
use crate::cases::types::Stage;
use crate::db::names::names_of;
use crate::db::{take_rows, Db};
use crate::error::AppResult;
use crate::keys::record_key;
use crate::plans::types::is_finished;
use chrono::NaiveDate;
use serde::Deserialize;
use std::collections::HashMap;

fn day(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").ok()
}

/// The roles that carry cases or plan activities, in the order a person's role is named.
const SPECIALISTS: [Role; 4] = [Role::Caseworker, Role::Psychologist, Role::Lawyer, Role::Supervisor];

/// Active accounts with a specialist's role; a head is listed only when she carries work.
pub async fn staff(db: &Db) -> AppResult<Vec<Staff>> {
    #[derive(Deserialize)]
    struct Row {
        id: String,
        full_name: String,
        roles: Vec<String>,
    }
    let mut response =
        db.query("SELECT record::id(id) AS id, full_name, roles FROM user WHERE active = true").await?.check()?;
    Ok(take_rows::<Row>(&mut response, 0)?
        .into_iter()
        .filter_map(|r| {
            let role = SPECIALISTS.into_iter().find(|role| r.roles.iter().any(|x| x == role.code()))?;
            Some(Staff {
                id: r.id,
                full_name: r.full_name,
                role: role.label().to_string(),
                always: role != Role::Supervisor,
            })
        })
        .collect())
}

/// What the sheet counts: every open case (curator, district, the deadline of its stage) and the
/// unfinished activities of the plans not yet concluded of the open cases: the open cases through
/// the stage index, the names of accounts and districts from the names kept in memory (not a
/// linked record per case), and the routes read whole (a table scan costs less than a lookup per
/// case), of which those of open cases are decoded.
pub async fn open_work(db: &Db) -> AppResult<(Vec<OpenCase>, Vec<OpenActivity>)> {
    #[derive(Deserialize)]
    struct CaseRow {
        id: String,
        curator: Option<String>,
        district: Option<String>,
        due_on: Option<String>,
    }
    #[derive(Deserialize)]
    struct RouteRow {
        case: String,
        content: String,
    }
    // The cases and the routes are read at once, each on its own core.
    let (mut response, mut routes) = futures::try_join!(
        async {
            db.query("SELECT record::id(id) AS id, curator, district, due_on FROM case_file WHERE stage IN $open")
                .bind(("open", Stage::open_codes()))
                .await
        },
        async { db.query("SELECT record::id(case) AS case, content FROM case_route").await },
    )?;
    let cases: Vec<CaseRow> = take_rows(&mut response, 0)?;
    let names = names_of(db, cases.iter().filter_map(|c| c.curator.as_deref())).await?;
    let district_of: HashMap<&str, String> =
        cases.iter().map(|c| (c.id.as_str(), names.district(c.district.as_deref()))).collect();
    let mut activities = Vec::new();
    for route in take_rows::<RouteRow>(&mut routes, 0)? {
        let Some(district) = district_of.get(route.case.as_str()) else { continue };
        // A route that no longer reads is left out rather than failing the sheet.
        let Some(content) = RouteDigest::read(&route.content) else { continue };
        if !content.plan.outcome.is_empty() {
            continue;
        }
        activities.extend(content.plan.activities.into_iter().filter(|a| !is_finished(a.status)).map(|a| {
            OpenActivity {
                responsible_id: a.responsible_id,
                responsible_name: a.responsible_name,
                district: district.clone(),
                deadline: day(&a.deadline),
            }
        }));
    }
    let open = cases
        .iter()
        .map(|c| OpenCase {
            curator_id: c.curator.as_deref().map(record_key),
            curator_name: names.person(c.curator.as_deref()),
            district: district_of.get(c.id.as_str()).cloned().unwrap_or_default(),
            due_on: c.due_on.as_deref().and_then(day),
        })
        .collect();
    Ok((open, activities))
}
