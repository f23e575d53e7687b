//! Server functions of a family's route: reading follows the case's visibility, planning is case
//! work. The server computes the deadlines again and takes partners' and specialists' names from
//! the database, whatever the browser sent.

use super::types::*;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

#[cfg(feature = "ssr")]
mod ssr {
    pub use crate::audit::ssr::{write as audit, Actor};
    pub use crate::audit::AuditAction;
    pub use crate::auth::permissions;
    pub use crate::auth::session::{require, with_status};
    pub use crate::keys::known as key;
    pub use crate::plans::repo;
    pub use crate::state::db;
}

/// The maps a case's route is built from: the participant's when someone in it is a СВО
/// participant, the family member's when it is a participant's family.
pub fn map_codes(case: &crate::cases::types::Case) -> Vec<&'static str> {
    use crate::cases::types::Category;
    let has = |c: Category| case.categories.contains(&c) || case.members.iter().any(|m| m.categories.contains(&c));
    let mut codes = Vec::new();
    if has(Category::SvoParticipant) {
        codes.push("participant");
    }
    if has(Category::SvoFamily) {
        codes.push("family");
    }
    codes
}

/// Why a case has no route planner.
pub const NOT_SVO: &str =
    "Маршрут по картам-маршрутизаторам строится для случаев категорий «Участник СВО» и «Семья участника СВО». Отметьте категорию в карточке случая.";

/// The route of a case with what planning it needs.
#[server(prefix = "/api", endpoint = "routes/get", output = Json)]
pub async fn get_route(case_id: String) -> Result<RouteDetails, AppError> {
    use ssr::*;
    let user = require(permissions::CASE_READ)?;
    let db = db()?;
    let row = with_status(crate::cases::repo::visible_row(&db, &user, key(&case_id)?).await)?;
    let calendar = crate::cases::repo::calendar(&db).await?;
    let today = crate::time::local_today(chrono::Utc::now());
    let case = row.into_case(&calendar, today);
    let mut maps = Vec::new();
    for code in map_codes(&case) {
        if let Some(map) = crate::router_maps::repo::get(&db, code).await? {
            maps.push(map);
        }
    }
    let route = repo::get(&db, &case_id).await?;
    audit(
        &db,
        &Actor::user(&user),
        AuditAction::View,
        Some(format!("case_file:{case_id}")),
        format!("Маршрут и план сопровождения, случай № {}", case.number),
        vec![],
    )
    .await?;
    let members: Vec<String> = case.members.iter().map(|m| m.full_name.clone()).collect();
    let today_text = today.format("%Y-%m-%d").to_string();
    let blank = RouteContent {
        diagnostic: Diagnostic { filled_on: today_text.clone(), ..Default::default() },
        plan: Plan {
            members: members.clone(),
            start_on: today_text,
            term_until: (today + chrono::Duration::days(182)).format("%Y-%m-%d").to_string(),
            support_level: "basic".into(),
            reason: case.notes.clone(),
            ..Default::default()
        },
    };
    Ok(RouteDetails {
        case_id: case.id.clone(),
        case_number: case.number.clone(),
        case_title: case.title.clone(),
        address: case.address.clone(),
        district_id: case.district_id.clone(),
        district_name: case.district_name.clone(),
        curator_name: case.curator_name.clone(),
        members,
        maps,
        route,
        blank,
        specialists: repo::specialists(&db).await?,
        help_kinds: crate::resources::repo::help_kinds(&db).await?,
        calendar: crate::calendar::repo::exceptions(&db).await?,
        can_edit: user.has_any(permissions::CASE_WORK),
    })
}

/// Saves the route if nobody changed it since `version` (0: new); the route as stored.
#[server(prefix = "/api", endpoint = "routes/save", input = Json, output = Json)]
pub async fn save_route(case_id: String, version: i64, content: RouteContent) -> Result<Route, AppError> {
    use ssr::*;
    let user = require(permissions::CASE_WORK)?;
    let db = db()?;
    let row = with_status(crate::cases::repo::visible_row(&db, &user, key(&case_id)?).await)?;
    let calendar = crate::cases::repo::calendar(&db).await?;
    let today = crate::time::local_today(chrono::Utc::now());
    let case = row.into_case(&calendar, today);
    if map_codes(&case).is_empty() {
        return with_status(Err(AppError::field("form", NOT_SVO)));
    }
    let mut content = content;
    with_status(validate_route(&mut content))?;
    // Names come from the database: a newly chosen partner archived or a specialist gone is
    // named on the form; what was chosen before keeps the name it had (a finished activity is
    // not reopened because its partner has closed since).
    let stored = repo::get(&db, &case_id).await?.map(|r| r.content);
    let before = |key: &str| stored.as_ref().and_then(|s| s.plan.activities.iter().find(|a| a.key == key)).cloned();
    let specialists = repo::specialists(&db).await?;
    let mut errors = crate::error::FieldErrors::new();
    for (i, activity) in content.plan.activities.iter_mut().enumerate() {
        let previous = before(&activity.key);
        match (activity.partner_id.clone(), previous.as_ref()) {
            (Some(partner), Some(p)) if p.partner_id.as_deref() == Some(partner.as_str()) => {
                activity.partner_name = p.partner_name.clone()
            }
            (Some(partner), _) => match repo::partner_name(&db, &partner).await? {
                Some(name) => activity.partner_name = name,
                None => errors.add(
                    &format!("activities.{i}.partner_id"),
                    format!("Мероприятие {}: партнёр в архиве или удалён, выберите другого", i + 1),
                ),
            },
            (None, _) => {}
        }
        match (activity.responsible_id.clone(), previous.as_ref()) {
            (Some(id), Some(p)) if p.responsible_id.as_deref() == Some(id.as_str()) => {
                activity.responsible_name = p.responsible_name.clone()
            }
            (Some(id), _) => match specialists.iter().find(|s| s.id == id) {
                Some(s) => activity.responsible_name = s.full_name.clone(),
                None => errors.add(
                    &format!("activities.{i}.responsible_id"),
                    format!("Мероприятие {}: ответственный не работает, выберите другого", i + 1),
                ),
            },
            (None, _) => activity.responsible_name.clear(),
        }
    }
    // Intermediate control is a journal: entries already stored stay as they were, new ones
    // are signed by whoever saves them.
    let kept = stored.map(|s| s.plan.controls).unwrap_or_default();
    let added: Vec<Control> = content
        .plan
        .controls
        .iter()
        .skip(kept.len())
        .cloned()
        .map(|c| Control { by: user.full_name.clone(), ..c })
        .collect();
    content.plan.controls = kept.into_iter().chain(added).collect();
    with_status(errors.into_result())?;
    schedule(&mut content.plan, &calendar, today);
    with_status(repo::save(&db, &user, &case_id, version, &content, chrono::Utc::now()).await)?;
    let progress = progress_of(&content.plan);
    audit(
        &db,
        &Actor::user(&user),
        AuditAction::Update,
        Some(format!("case_file:{case_id}")),
        format!("Маршрут и план сопровождения сохранены: {} мероприятий, выполнено {}", progress.total, progress.done),
        vec![],
    )
    .await?;
    repo::get(&db, &case_id).await?.ok_or_else(|| AppError::internal("route vanished"))
}

/// Partners for an activity of the case's route, those of the family's district first.
#[server(prefix = "/api", endpoint = "routes/partners", output = Json)]
pub async fn route_partners(
    case_id: String,
    help_kind: String,
    partner_kind: Option<String>,
) -> Result<Vec<PartnerOption>, AppError> {
    use ssr::*;
    let user = require(permissions::CASE_READ)?;
    let db = db()?;
    let row = with_status(crate::cases::repo::visible_row(&db, &user, key(&case_id)?).await)?;
    let help_kind = if help_kind.is_empty() { help_kind } else { key(&help_kind)?.to_string() };
    let partner_kind = partner_kind.filter(|k| crate::resources::types::PartnerKind::from_code(k).is_some());
    repo::partner_options(&db, &help_kind, partner_kind.as_deref(), row.district_key().as_deref()).await
}
