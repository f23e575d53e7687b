//! Database side of «Нагрузка и сроки». Server-only. Reads the active specialists, the open
//! cases with their curator, district and stage deadline, and the plans of the open cases for
//! their unfinished activities.

use super::workload::{OpenActivity, OpenCase, Staff};
use crate::auth::Role;
use crate::db::{take_rows, Db};
use crate::error::AppResult;
use crate::keys::record_key;
use crate::plans::types::is_finished;
use chrono::NaiveDate;
use serde::Deserialize;

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

/// Every open case: curator, district and the deadline of its stage.
pub async fn open_cases(db: &Db) -> AppResult<Vec<OpenCase>> {
    #[derive(Deserialize)]
    struct Row {
        curator: Option<String>,
        curator_name: Option<String>,
        district_name: Option<String>,
        due_on: Option<String>,
    }
    let mut response = db
        .query(
            "SELECT curator, curator.full_name AS curator_name, district.name AS district_name, due_on
               FROM case_file WHERE stage != 'closed'",
        )
        .await?;
    Ok(take_rows::<Row>(&mut response, 0)?
        .into_iter()
        .map(|r| OpenCase {
            curator_id: r.curator.as_deref().map(record_key),
            curator_name: r.curator_name.unwrap_or_default(),
            district: r.district_name.unwrap_or_default(),
            due_on: r.due_on.as_deref().and_then(day),
        })
        .collect())
}

/// The unfinished activities of the plans not yet concluded, of the open cases.
pub async fn open_activities(db: &Db) -> AppResult<Vec<OpenActivity>> {
    let routes = crate::plans::repo::open_case_routes(db).await?;
    Ok(routes
        .into_iter()
        .filter(|r| r.plan.outcome.is_empty())
        .flat_map(|r| {
            let district = r.district_name;
            r.plan.activities.into_iter().filter(|a| !is_finished(a.status)).map(move |a| OpenActivity {
                responsible_id: a.responsible_id,
                responsible_name: a.responsible_name,
                district: district.clone(),
                deadline: day(&a.deadline),
            })
        })
        .collect())
}
