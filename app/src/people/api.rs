//! The search for «who» on the forms of the urgent services: people of cases and of the registry
//! 55+ by surname, street or house, of the user's districts. The search is audited: its answer
//! names people.

use super::types::Found;
use crate::error::AppError;
use leptos::prelude::*;

#[server(prefix = "/api", endpoint = "people/find")]
pub async fn find_people(query: String) -> Result<Vec<Found>, AppError> {
    use crate::audit::ssr::{write as audit, Actor};
    use crate::audit::AuditAction;
    use crate::auth::permissions;
    use crate::auth::session::{require, with_status};
    let user = require(permissions::PEOPLE_FIND)?;
    if query.chars().count() > 100 {
        return with_status(Err(AppError::field("person", "Слишком длинный запрос")));
    }
    let db = crate::state::db()?;
    let found = super::repo::find_people(&db, &user, &query).await?;
    if !found.is_empty() {
        audit(
            &db,
            &Actor::user(&user),
            AuditAction::Search,
            Some("people".into()),
            format!("Поиск человека для записи в срочную службу, найдено {}", found.len()),
            vec![],
        )
        .await?;
    }
    Ok(found)
}
