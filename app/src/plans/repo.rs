//! Database side of a family's route and support plan. Server-only. One `case_route` per case;
//! its progress is copied onto the case, so the board shows it without reading routes.

use super::types::*;
use crate::auth::CurrentUser;
use crate::db::{take_one, take_rows, Db};
use crate::error::{AppError, AppResult};
use chrono::{DateTime, Utc};
use serde::Deserialize;
use surrealdb::types::RecordId;

#[derive(Deserialize)]
struct RouteRow {
    content: String,
    version: i64,
    updated_at: DateTime<Utc>,
    updated_by_name: String,
}

fn case_id(case: &str) -> RecordId {
    RecordId::new("case_file", case.to_string())
}

/// The route of a case, if begun.
pub async fn get(db: &Db, case: &str) -> AppResult<Option<Route>> {
    let mut response = db
        .query("SELECT content, version, updated_at, updated_by_name FROM case_route WHERE case = $case LIMIT 1")
        .bind(("case", case_id(case)))
        .await?;
    let Some(r) = take_one::<RouteRow>(&mut response, 0)? else { return Ok(None) };
    // A stored route that does not read is an error, never an empty route a save would overwrite.
    let content = serde_json::from_str(&r.content).map_err(|e| AppError::internal(format!("route of {case}: {e}")))?;
    Ok(Some(Route { content, version: r.version, updated_at: r.updated_at, updated_by_name: r.updated_by_name }))
}

fn conflict(route: &Route) -> AppError {
    AppError::Conflict(format!(
        "Маршрут изменил(а) {} в {}, пока вы его планировали. Ваши правки остались на экране.",
        route.updated_by_name,
        crate::time::format_datetime(route.updated_at)
    ))
}

/// Saves the route if nobody changed it since `version` (0: new) and puts its progress on the
/// case; the new version. The content must be validated and scheduled already.
pub async fn save(
    db: &Db,
    user: &CurrentUser,
    case: &str,
    version: i64,
    content: &RouteContent,
    now: DateTime<Utc>,
) -> AppResult<i64> {
    let text = serde_json::to_string(content).map_err(|e| AppError::internal(e.to_string()))?;
    let responsible = responsible_of(&content.plan);
    if text.len() > 400_000 {
        return Err(AppError::field("form", "Маршрут слишком большой: сократите тексты"));
    }
    let result = if version == 0 {
        db.query(
            "CREATE case_route CONTENT { case: $case, content: $content, responsible: $responsible, updated_at: $now, \
             updated_by_name: $by, version: 1 } RETURN VALUE version",
        )
    } else {
        db.query(
            "UPDATE case_route SET content = $content, responsible = $responsible, updated_at = $now, updated_by_name = $by,
                 version = version + 1
             WHERE case = $case AND version = $version RETURN VALUE version",
        )
    }
    .bind(("case", case_id(case)))
    .bind(("content", text))
    .bind(("responsible", responsible.clone()))
    .bind(("version", version))
    .bind(("now", now))
    .bind(("by", user.full_name.clone()))
    .await;
    let saved: Vec<i64> = match result {
        Ok(mut response) => take_rows(&mut response, 0).unwrap_or_default(),
        // A second new route of the same case hits the unique index: someone began it first.
        Err(_) if version == 0 => Vec::new(),
        Err(e) => return Err(e.into()),
    };
    let Some(new_version) = saved.first().copied() else {
        return match get(db, case).await? {
            Some(current) => Err(conflict(&current)),
            None => Err(AppError::NotFound("Маршрут не найден".into())),
        };
    };
    let (progress, open) = progress_of(&content.plan);
    // The card's route progress changes; the case stays in its cell. `was` says so to the open
    // boards (the same cell, as of the version before), so that they move no count. Those
    // responsible for an activity see the case from now on.
    db.query(
        "UPDATE $case SET was = { version: version - 1, stage: stage, district: district, curator: curator, \
         categories: categories, due_on: due_on, stage_since: stage_since }, \
         route_done = $done, route_total = $total, route_next = $next, route_until = $until, route_open = $open, \
         specialists = $responsible, plan_concluded = $concluded",
    )
    .bind(("case", case_id(case)))
    .bind(("responsible", responsible))
    .bind(("concluded", !content.plan.outcome.is_empty()))
    .bind(("done", i64::from(progress.done)))
    .bind(("total", i64::from(progress.total)))
    .bind(("next", progress.next_due.map(crate::db::date_text)))
    .bind(("until", progress.until.map(crate::db::date_text)))
    .bind(("open", open.into_iter().map(crate::db::date_text).collect::<Vec<_>>()))
    .await?
    .check()?;
    Ok(new_version)
}

/// Writes a decision taken about the plan elsewhere (the social consilium) into its journal of
/// intermediate control, signed by `user` on `on`, and moves its term to `extend_until` when
/// given; again when someone saved the plan meanwhile. False when the case has no plan.
pub async fn record_decision(
    db: &Db,
    user: &CurrentUser,
    case: &str,
    on: chrono::NaiveDate,
    text: &str,
    extend_until: Option<chrono::NaiveDate>,
) -> AppResult<bool> {
    for _ in 0..5 {
        let Some(route) = get(db, case).await? else { return Ok(false) };
        let mut content = route.content;
        content.plan.controls.push(Control {
            on: crate::time::format_iso_date(on),
            text: text.to_string(),
            by: user.full_name.clone(),
        });
        if let Some(until) = extend_until {
            content.plan.term_until = crate::time::format_iso_date(until);
        }
        match save(db, user, case, route.version, &content, Utc::now()).await {
            Err(AppError::Conflict(_)) => continue,
            Err(e) => return Err(e),
            Ok(_) => return Ok(true),
        }
    }
    Err(AppError::Conflict("План случая всё время меняется: повторите позже".into()))
}

/// A plan that names someone responsible for an activity, with its case.
pub struct ResponsibleRoute {
    pub case_id: String,
    pub case_number: String,
    pub case_title: String,
    pub district_name: Option<String>,
    pub content: RouteContent,
}

/// The plans where `user` is responsible for an activity (index `case_route_responsible`).
pub async fn of_responsible(db: &Db, user: &str) -> AppResult<Vec<ResponsibleRoute>> {
    #[derive(Deserialize)]
    struct Row {
        case_id: String,
        year: i64,
        number: i64,
        title: String,
        district_name: Option<String>,
        content: String,
    }
    let mut response = db
        .query(
            "SELECT record::id(case) AS case_id, case.year AS year, case.number AS number, case.title AS title,
                 case.district.name AS district_name, content
             FROM case_route WHERE responsible CONTAINS $me",
        )
        .bind(("me", RecordId::new("user", user.to_string())))
        .await?;
    let rows: Vec<Row> = take_rows(&mut response, 0)?;
    rows.into_iter()
        .map(|r| {
            let content = serde_json::from_str(&r.content)
                .map_err(|e| AppError::internal(format!("route of {}: {e}", r.case_id)))?;
            Ok(ResponsibleRoute {
                case_number: crate::cases::repo::case_number(r.year, r.number),
                case_id: r.case_id,
                case_title: r.title,
                district_name: r.district_name,
                content,
            })
        })
        .collect()
}

/// Everyone responsible for an activity of the plan, once each.
fn responsible_of(plan: &Plan) -> Vec<RecordId> {
    let mut ids: Vec<&str> = plan.activities.iter().filter_map(|a| a.responsible_id.as_deref()).collect();
    ids.sort_unstable();
    ids.dedup();
    ids.into_iter().map(|id| RecordId::new("user", id.to_string())).collect()
}

/// Puts on the cases planned before the plans named their specialists (and on their routes)
/// who is responsible for an activity, whether the plan's conclusion is written, its term and
/// the deadlines of its open activities; how many routes it read. Each route once: afterwards
/// the case's `specialists` and `route_open` are set.
pub async fn backfill_responsible(db: &Db) -> AppResult<usize> {
    #[derive(Deserialize)]
    struct Row {
        case: String,
        content: String,
    }
    let mut response =
        db.query("SELECT record::id(case) AS case, content FROM case_route WHERE case.specialists = NONE OR case.route_open = NONE").await?;
    let rows: Vec<Row> = take_rows(&mut response, 0)?;
    for row in &rows {
        let Ok(content) = serde_json::from_str::<RouteContent>(&row.content) else { continue };
        let responsible = responsible_of(&content.plan);
        let (progress, open) = progress_of(&content.plan);
        db.query(
            "UPDATE case_route SET responsible = $responsible WHERE case = $case;
             UPDATE $case SET specialists = $responsible, plan_concluded = $concluded, route_until = $until, route_open = $open;",
        )
        .bind(("case", case_id(&row.case)))
        .bind(("responsible", responsible))
        .bind(("concluded", !content.plan.outcome.is_empty()))
        .bind(("until", progress.until.map(crate::db::date_text)))
        .bind(("open", open.into_iter().map(crate::db::date_text).collect::<Vec<_>>()))
        .await?
        .check()?;
    }
    Ok(rows.len())
}

/// Partners for an activity: those giving its kind of help (or, with none, of its kind of
/// partner), the ones serving the family's district or the whole town first, then those of
/// the step's kind, then by name.
pub async fn partner_options(
    db: &Db,
    help: &str,
    partner_kind: Option<&str>,
    district: Option<&str>,
) -> AppResult<Vec<PartnerOption>> {
    #[derive(Deserialize)]
    struct Row {
        id: String,
        name: String,
        kind: String,
        address: String,
        phone: Option<String>,
        districts: Vec<String>,
    }
    let condition = if help.is_empty() { "kind = $kind" } else { "($help IN help OR kind = $kind)" };
    let near = if district.is_some() {
        "(array::len(districts) = 0 OR $district IN districts)"
    } else {
        "array::len(districts) = 0"
    };
    let mut response = db
        .query(format!(
            "SELECT record::id(id) AS id, name, kind, address, phones[0] AS phone,
                 array::map(districts, |$d| record::id($d)) AS districts, {near} AS near, kind = $kind AS kind_fits
             FROM partner WHERE archived = false AND {condition}
             ORDER BY near DESC, kind_fits DESC, name LIMIT 40"
        ))
        .bind(("help", help.to_string()))
        .bind(("kind", partner_kind.unwrap_or_default().to_string()))
        .bind(("district", RecordId::new("district", district.unwrap_or_default().to_string())))
        .await?;
    let mut options: Vec<PartnerOption> = take_rows::<Row>(&mut response, 0)?
        .into_iter()
        .map(|r| PartnerOption {
            near: r.districts.is_empty() || district.is_some_and(|d| r.districts.iter().any(|x| x == d)),
            kind_fits: partner_kind == Some(r.kind.as_str()),
            kind: crate::resources::types::PartnerKind::from_code(&r.kind)
                .map(|k| k.label().to_string())
                .unwrap_or(r.kind),
            id: r.id,
            name: r.name,
            address: r.address,
            phone: r.phone,
        })
        .collect();
    options.sort_by(|a, b| b.near.cmp(&a.near).then(b.kind_fits.cmp(&a.kind_fits)).then(a.name.cmp(&b.name)));
    options.truncate(40);
    Ok(options)
}

/// Who may be responsible for an activity: every active working specialist.
pub async fn specialists(db: &Db) -> AppResult<Vec<Specialist>> {
    use crate::auth::Role;
    #[derive(Deserialize)]
    struct Row {
        id: String,
        full_name: String,
        roles: Vec<String>,
    }
    let mut response = db
        .query("SELECT record::id(id) AS id, full_name, roles FROM user WHERE active = true ORDER BY full_name")
        .await?
        .check()?;
    Ok(take_rows::<Row>(&mut response, 0)?
        .into_iter()
        .filter_map(|r| {
            let role = [Role::Caseworker, Role::Psychologist, Role::Lawyer, Role::Supervisor]
                .into_iter()
                .find(|role| r.roles.iter().any(|x| x == role.code()))?;
            Some(Specialist { id: r.id, full_name: r.full_name, role: role.label().to_string() })
        })
        .collect())
}
