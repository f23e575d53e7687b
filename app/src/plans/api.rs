//! Server functions of a case's support plan and the route to it: reading follows the case's
//! visibility, planning is case work. The server computes the deadlines again and takes partners' and specialists' names from
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
    let (plan_kind, codes) = plan_lists(&case, today);
    let mut maps = Vec::new();
    for code in codes {
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
        plan_kind,
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
    with_status(crate::cases::repo::visible_row(&db, &user, key(&case_id)?).await)?;
    let calendar = crate::cases::repo::calendar(&db).await?;
    let today = crate::time::local_today(chrono::Utc::now());
    let mut content = content;
    with_status(validate_route(&mut content))?;
    date_conclusion(&mut content.plan, today);
    // Names come from the database: a newly chosen partner archived or a specialist gone is
    // named on the form; what was chosen before keeps the name it had (a finished activity is
    // not reopened because its partner has closed since).
    let stored = repo::get(&db, &case_id).await?.map(|r| r.content);
    let before = |key: &str| stored.as_ref().and_then(|s| s.plan.activities.iter().find(|a| a.key == key)).cloned();
    let specialists = repo::specialists(&db).await?;
    let help_kinds = crate::resources::repo::help_kinds(&db).await?;
    let mut errors = crate::error::FieldErrors::new();
    for (i, activity) in content.plan.activities.iter_mut().enumerate() {
        let previous = before(&activity.key);
        // A step of a map carries the kind of help the map gave it; one typed by hand is checked.
        if activity.step == OWN_STEP
            && !activity.help_kind.is_empty()
            && !help_kinds.iter().any(|h| h.code == activity.help_kind)
        {
            errors.add(
                &format!("activities.{i}.help_kind"),
                format!("Мероприятие {}: выберите вид помощи из списка", i + 1),
            );
        }
        match (activity.partner_id.clone(), previous.as_ref()) {
            (Some(partner), Some(p)) if p.partner_id.as_deref() == Some(partner.as_str()) => {
                activity.partner_name = p.partner_name.clone()
            }
            (Some(partner), _) => match crate::resources::repo::partner_name(&db, &partner).await? {
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
    let (progress, _) = progress_of(&content.plan);
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

/// The activities the signed-in specialist is responsible for («Мои мероприятия»): the open ones,
/// or all with `all`; overdue first, then by deadline.
#[server(prefix = "/api", endpoint = "plans/mine", output = Json)]
pub async fn my_activities(all: bool) -> Result<Vec<MyActivity>, AppError> {
    use ssr::*;
    let user = require(permissions::PLAN_ACTIVITIES)?;
    let db = db()?;
    let calendar = crate::cases::repo::calendar(&db).await?;
    let today = crate::time::local_today(chrono::Utc::now());
    let mut items = Vec::new();
    for route in repo::of_responsible(&db, &user.id).await? {
        for activity in route.content.plan.activities {
            if activity.responsible_id.as_deref() != Some(user.id.as_str()) || (!all && is_finished(activity.status)) {
                continue;
            }
            let days_left = (!is_finished(activity.status))
                .then(|| crate::time::parse_date(&activity.deadline))
                .flatten()
                .map(|d| calendar.working_days_between(today, d));
            items.push(MyActivity {
                case_id: route.case_id.clone(),
                case_number: route.case_number.clone(),
                case_title: route.case_title.clone(),
                district_name: route.district_name.clone(),
                activity,
                days_left,
            });
        }
    }
    items.sort_by(|a, b| {
        is_finished(a.activity.status)
            .cmp(&is_finished(b.activity.status))
            .then(a.activity.deadline.cmp(&b.activity.deadline))
            .then(a.case_number.cmp(&b.case_number))
    });
    audit(&db, &Actor::user(&user), AuditAction::View, None, format!("Мои мероприятия: {}", items.len()), vec![])
        .await?;
    Ok(items)
}

/// Records where an activity stands and its result. The one responsible for it may, and so may
/// the case's caseworkers and supervisors; anyone else who sees the case is refused, and to one
/// who does not it does not exist. `seen` is the activity as the form showed it: if someone has
/// changed it since, that is a conflict, and the text stays on the form.
#[server(prefix = "/api", endpoint = "plans/result", input = Json, output = Json)]
pub async fn record_activity_result(
    case_id: String,
    activity_key: String,
    seen: ActivityReport,
    report: ActivityReport,
) -> Result<MyActivity, AppError> {
    use ssr::*;
    let user = require(permissions::PLAN_ACTIVITIES)?;
    let db = db()?;
    let case_key = key(&case_id)?.to_string();
    let hidden = || AppError::NotFound("Мероприятие не найдено или недоступно вам".into());
    let Some(case) = crate::cases::repo::row(&db, &case_key).await? else { return with_status(Err(hidden())) };
    let visible = case.visible_to(&user);
    let route = repo::get(&db, &case_key).await?;
    let (Some(route), Some(activity)) = (
        route.clone(),
        route.as_ref().and_then(|r| r.content.plan.activities.iter().find(|a| a.key == activity_key)).cloned(),
    ) else {
        return with_status(Err(hidden()));
    };
    let own = activity.responsible_id.as_deref() == Some(user.id.as_str());
    if !own {
        match visible {
            false => return with_status(Err(hidden())),
            true if !user.has_any(permissions::CASE_WORK) => {
                let who = if activity.responsible_name.is_empty() {
                    "ответственный, которого назначит куратор".to_string()
                } else {
                    activity.responsible_name.clone()
                };
                return with_status(Err(AppError::Forbidden(format!(
                    "Результат этого мероприятия записывает {who}: вы можете записывать результаты только своих мероприятий"
                ))));
            }
            true => {}
        }
    }
    let mut report = report;
    with_status(validate_report(&mut report))?;
    if ActivityReport::of(&activity) != seen && ActivityReport::of(&activity) != report {
        return with_status(Err(AppError::Conflict(format!(
            "Мероприятие изменил(а) {} в {}: сейчас «{}»{}. Ваш текст остался на экране — проверьте и сохраните ещё раз.",
            route.updated_by_name,
            crate::time::format_datetime(route.updated_at),
            activity.status.label(),
            if activity.result.is_empty() { String::new() } else { format!(", «{}»", activity.result) },
        ))));
    }
    let mut content = route.content.clone();
    if let Some(a) = content.plan.activities.iter_mut().find(|a| a.key == activity_key) {
        a.status = report.status;
        a.result = report.result.clone();
    }
    with_status(validate_route(&mut content))?;
    let calendar = crate::cases::repo::calendar(&db).await?;
    let today = crate::time::local_today(chrono::Utc::now());
    if ActivityReport::of(&activity) != report {
        with_status(repo::save(&db, &user, &case_key, route.version, &content, chrono::Utc::now()).await)?;
        audit(
            &db,
            &Actor::user(&user),
            AuditAction::Update,
            Some(format!("case_file:{case_key}")),
            format!("Мероприятие «{}»: {}", activity.title, report.status.label()),
            vec![],
        )
        .await?;
    }
    let saved = content.plan.activities.into_iter().find(|a| a.key == activity_key).ok_or_else(hidden)?;
    let case = case.into_case(&calendar, today);
    Ok(MyActivity {
        case_id: case_key,
        case_number: case.number,
        case_title: case.title,
        district_name: case.district_name,
        days_left: (!is_finished(saved.status))
            .then(|| crate::time::parse_date(&saved.deadline))
            .flatten()
            .map(|d| calendar.working_days_between(today, d)),
        activity: saved,
    })
}
