//! Demo support plans of every case past intake: the diagnostic map, activities from the СВО
//! router maps or the lists of typical activities with partners of the family's district, the
//! psychologist or the lawyer responsible for the activities of their kind, and the plan's
//! progress as far as the case has come — a plan being drawn up, activities under way (one of
//! them overdue, some plans about to run out), a plan carried out. What the plans find and say is in `routes.json`.

use super::common::SeedError;
use super::data;
use app::auth::{CurrentUser, Role};
use app::cases::types::{Category, Stage};
use app::db::Db;
use app::plans::types::*;
use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::Deserialize;
use std::collections::HashMap;

/// Writes plans for the demo cases past intake; how many.
pub async fn seed_routes(db: &Db, supervisor: &CurrentUser, now: DateTime<Utc>) -> Result<usize, SeedError> {
    seed_routes_limited(db, supervisor, now, i64::MAX as usize).await
}

/// Writes plans for at most `limit` cases past intake that have none, СВО ones first; how many.
pub async fn seed_routes_limited(
    db: &Db,
    supervisor: &CurrentUser,
    now: DateTime<Utc>,
    limit: usize,
) -> Result<usize, SeedError> {
    #[derive(Deserialize)]
    struct Row {
        id: String,
        stage: Stage,
        curator: Option<String>,
        district: Option<String>,
        members: Vec<String>,
        plan_approved_on: Option<NaiveDate>,
        notes: String,
    }
    let mut found = db
        .query(
            "SELECT record::id(id) AS id, stage, curator, district,
                 members.full_name AS members, plan_approved_on, notes,
                 ('svo_participant' IN categories OR 'svo_family' IN categories) AS svo
             FROM case_file
             WHERE stage IN ['assessment', 'plan', 'implementation', 'evaluation'] AND route_total = NONE
             ORDER BY svo DESC, number LIMIT $limit",
        )
        .bind(("limit", limit.min(i64::MAX as usize) as i64))
        .await?;
    let rows: Vec<Row> = app::db::take_rows(&mut found, 0)?;
    let texts = data::routes();
    let calendar = app::cases::repo::calendar(db).await?;
    let today = app::time::local_today(now);
    let maps = app::router_maps::repo::list(db).await?;
    let staff = app::plans::repo::specialists(db).await?;
    // Partners by (kind of help, kind of partner, district): the same few questions again and again.
    let mut partners: HashMap<(String, Option<String>, Option<String>), Vec<PartnerOption>> = HashMap::new();
    let mut written = 0;
    for (n, row) in rows.into_iter().enumerate() {
        let case = app::cases::repo::row(db, &row.id)
            .await?
            .ok_or_else(|| SeedError::App(app::error::AppError::NotFound(row.id.clone())))?;
        let case = case.into_case(&calendar, today);
        let (kind, codes) = plan_lists(&case, today);
        let svo = kind == PlanKind::Svo;
        // The participant's own situations are his, whoever applied for the family.
        let participant = case
            .members
            .iter()
            .find(|m| m.categories.contains(&Category::SvoParticipant))
            .or(case.members.first())
            .map(|m| m.full_name.clone())
            .unwrap_or_default();
        let mut content = RouteContent::default();
        content.diagnostic.filled_on = (today - Duration::days(40)).format("%Y-%m-%d").to_string();
        let resources = if svo { &texts.diagnostic } else { &texts.diagnostic_other };
        content.diagnostic.personal_resources = resources.personal.clone();
        content.diagnostic.family_resources = resources.family.clone();
        content.diagnostic.social_resources = resources.social.clone();
        content.diagnostic.material_resources = resources.material.clone();
        content.plan.members = row.members.clone();
        // Most families on the basic level, some in crisis, a few in an emergency.
        content.plan.support_level = match n % 7 {
            0 => "crisis",
            3 => "emergency",
            _ => "basic",
        }
        .into();
        content.plan.reason = row.notes.clone();
        let start = row.plan_approved_on.unwrap_or(today - Duration::days(30));
        content.plan.start_on = start.format("%Y-%m-%d").to_string();
        content.plan.term_until = (start + Duration::days(182)).format("%Y-%m-%d").to_string();
        let specialist = row.curator.as_deref().map(app::keys::record_key);
        let district = row.district.as_deref().map(app::keys::record_key);
        let specialist_name = specialist
            .as_ref()
            .and_then(|id| staff.iter().find(|s| &s.id == id))
            .map(|s| s.full_name.clone())
            .unwrap_or_default();
        for code in codes {
            let Some(map) = maps.iter().find(|m| m.code == code) else { continue };
            for pick in texts.situations.of(code).iter().skip(n % 2).take(2) {
                let Some(s) = map.situation(&pick.situation) else { continue };
                content.diagnostic.findings.push(Finding {
                    map: code.to_string(),
                    situation: s.id.clone(),
                    title: s.title.clone(),
                    member: if code == "participant" { participant.clone() } else { WHOLE_FAMILY.into() },
                    note: pick.note.clone(),
                });
                if row.stage == Stage::Assessment {
                    continue;
                }
                for number in &pick.steps {
                    let step_id = format!("{}-{number}", pick.situation);
                    let Some((_, step)) = map.step(&step_id) else { continue };
                    let key = new_key(&content.plan, &step_id);
                    let mut activity = Activity::from_step(map, &s.title, step, key);
                    let question = (step.help_kind.clone(), step.partner_kind.clone(), district.clone());
                    if !partners.contains_key(&question) {
                        let found = app::plans::repo::partner_options(
                            db,
                            &step.help_kind,
                            step.partner_kind.as_deref(),
                            district.as_deref(),
                        )
                        .await?;
                        partners.insert(question.clone(), found);
                    }
                    let options = &partners[&question];
                    if let Some(p) = options.iter().find(|p| p.near && p.kind_fits).or(options.first()) {
                        activity.partner_id = Some(p.id.clone());
                        activity.partner_name = p.name.clone();
                    }
                    // The psychologist and the lawyer of the department take the activities of
                    // their kind; the curator the rest.
                    let expert = match step.help_kind.as_str() {
                        "psychological" => staff.iter().find(|s| s.role == Role::Psychologist.label()),
                        "legal" => staff.iter().find(|s| s.role == Role::Lawyer.label()),
                        _ => None,
                    };
                    match expert {
                        Some(e) if step.partner_kind.is_none() => {
                            activity.responsible_id = Some(e.id.clone());
                            activity.responsible_name = e.full_name.clone();
                        }
                        _ => {
                            activity.responsible_id = specialist.clone();
                            activity.responsible_name = specialist_name.clone();
                        }
                    }
                    content.plan.activities.push(activity);
                }
            }
        }
        schedule(&mut content.plan, &calendar, today);
        let total = content.plan.activities.len();
        for (i, activity) in content.plan.activities.iter_mut().enumerate() {
            let done = match row.stage {
                Stage::Evaluation => total,
                Stage::Implementation => total / 2,
                _ => 0,
            };
            if i < done {
                activity.status = ActivityStatus::Done;
                activity.result = texts.results.get((n + i) % texts.results.len().max(1)).cloned().unwrap_or_default();
            } else if i == done && row.stage == Stage::Implementation {
                activity.status = ActivityStatus::InProgress;
            }
            // Under way, now and then one activity did not work out.
            if row.stage == Stage::Implementation && n % 3 == 0 && done > 1 && i + 1 == done {
                activity.status = ActivityStatus::NotAchieved;
                activity.result = texts.not_achieved.clone();
            }
        }
        // Now and then a plan under way is about to run out, or has just run out: the
        // consilium's agenda and the cards' «план заканчивается через N р. д.».
        if row.stage == Stage::Implementation && n % 4 == 1 {
            let end = (today + Duration::days((n % 15) as i64 - 3)).max(start + Duration::days(1));
            content.plan.term_until = end.format("%Y-%m-%d").to_string();
        }
        if row.stage == Stage::Implementation {
            content.plan.controls.push(Control {
                on: (today - Duration::days(7)).format("%Y-%m-%d").to_string(),
                text: texts.control.clone(),
                by: specialist_name.clone(),
            });
        }
        if row.stage == Stage::Evaluation {
            content.plan.outcome = "completed".into();
            // Concluded over the last weeks: the quarter's monitoring has families to ask.
            content.plan.concluded_on = (today - Duration::days((n % 6) as i64 * 4)).format("%Y-%m-%d").to_string();
            content.plan.conclusion = texts.conclusion.clone();
            content.plan.recommendations =
                if svo { texts.recommendations.clone() } else { texts.recommendations_other.clone() };
        }
        validate_route(&mut content).map_err(SeedError::App)?;
        match app::plans::repo::save(db, supervisor, &row.id, 0, &content, now).await {
            Ok(_) => written += 1,
            // The case has a route already.
            Err(app::error::AppError::Conflict(_)) => {}
            Err(e) => return Err(e.into()),
        }
    }
    Ok(written)
}
