//! Demo ИППСУ of every case past need assessment: a draft of proposals where the plan is being
//! drawn up; approved by the commission where the case is implemented, with the contract on
//! social services signed on the same day; carried out, with its conclusion, for half of the
//! cases being evaluated. What the programmes hold is in
//! `ippsu.json`.

use super::common::SeedError;
use super::data;
use app::auth::CurrentUser;
use app::cases::types::Stage;
use app::db::Db;
use app::ippsu::types::*;
use app::plans::types::{plan_lists, PlanKind};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::Deserialize;

/// Writes the programmes of the demo cases that have none; how many.
pub async fn seed_ippsu(db: &Db, supervisor: &CurrentUser, now: DateTime<Utc>) -> Result<usize, SeedError> {
    #[derive(Deserialize)]
    struct Row {
        id: String,
        stage: Stage,
        plan_approved_on: Option<NaiveDate>,
    }
    let mut found = db
        .query(
            "SELECT record::id(id) AS id, stage, plan_approved_on FROM case_file
             WHERE stage IN ['plan', 'implementation', 'evaluation'] ORDER BY number",
        )
        .await?;
    let rows: Vec<Row> = app::db::take_rows(&mut found, 0)?;
    let texts = data::ippsu();
    let calendar = app::cases::repo::calendar(db).await?;
    let today = app::time::local_today(now);
    let mut written = 0;
    for (n, row) in rows.into_iter().enumerate() {
        if app::ippsu::repo::get(db, &row.id).await?.is_some() {
            continue;
        }
        let case = app::cases::repo::row(db, &row.id)
            .await?
            .ok_or_else(|| SeedError::App(app::error::AppError::NotFound(row.id.clone())))?
            .into_case(&calendar, today);
        let (kind, lists) = plan_lists(&case, today);
        let template =
            if kind == PlanKind::Family || lists.contains(&"children") { &texts.children } else { &texts.adults };
        let until = (row.plan_approved_on.unwrap_or(today) + Duration::days(365)).format("%Y-%m-%d").to_string();
        let mut content = IppsuContent {
            recipient: case.members.first().map(|m| m.full_name.clone()).unwrap_or_default(),
            forms: template.forms.clone(),
            valid_until: until.clone(),
            ..Default::default()
        };
        for s in template.services.iter().skip(n % 2).take(3) {
            let key = new_line_key(&content, "s");
            content.services.push(ServiceLine {
                key,
                kind: s.kind.clone(),
                name: s.name.clone(),
                volume: s.volume.clone(),
                periodicity: s.periodicity.clone(),
                conditions: s.conditions.clone(),
                until: until.clone(),
                provider_id: None,
                provider_name: OWN_PROVIDER.into(),
            });
        }
        for m in template.measures.iter().skip(n % 3).take(2) {
            let key = new_line_key(&content, "m");
            content.measures.push(SupportMeasure {
                key,
                area: m.area.clone(),
                content: m.content.clone(),
                until: until.clone(),
                ..Default::default()
            });
        }
        validate_ippsu(&mut content).map_err(SeedError::App)?;
        let draft = app::ippsu::repo::Change {
            content: &content,
            status: IppsuStatus::Draft,
            approval: None,
            note: "Проект (предложения в ИППСУ)".into(),
        };
        let saved = app::ippsu::repo::save(db, supervisor, &row.id, 0, draft, now).await?;
        written += 1;
        let Some(on) = row.plan_approved_on.filter(|_| row.stage != Stage::Plan) else { continue };
        let approval = Approval { on, number: format!("{}-к", 100 + n), by_name: supervisor.full_name.clone() };
        let note =
            format!("Утверждена решением комиссии № {} от {}", approval.number, app::time::format_naive_date(on));
        let approved = app::ippsu::repo::Change {
            content: &content,
            status: IppsuStatus::Approved,
            approval: Some(&approval),
            note,
        };
        let saved = app::ippsu::repo::save(db, supervisor, &row.id, saved.version, approved, now).await?;
        sign_contract(db, supervisor, &case, &content, &approval).await?;
        if row.stage == Stage::Evaluation && n % 2 == 0 {
            content.conclusion = texts.conclusion.clone();
            content.recommendations = texts.recommendations.clone();
            let done = app::ippsu::repo::Change {
                content: &content,
                status: IppsuStatus::Completed,
                approval: Some(&approval),
                note: "Выполнена: заключение о выполнении ИППСУ".into(),
            };
            app::ippsu::repo::save(db, supervisor, &row.id, saved.version, done, now).await?;
            app::ippsu::repo::mark_concluded(db, &row.id).await?;
        }
    }
    Ok(written)
}

/// The contract of an approved case, signed on the day of the decision.
async fn sign_contract(
    db: &Db,
    supervisor: &CurrentUser,
    case: &app::cases::types::Case,
    ippsu: &IppsuContent,
    approval: &Approval,
) -> Result<(), SeedError> {
    use app::contracts::types::*;
    if app::contracts::repo::get(db, &case.id).await?.is_some() {
        return Ok(());
    }
    let decision = format!("ИППСУ, решение № {} от {}", approval.number, app::time::format_naive_date(approval.on));
    let mut content = ContractContent {
        concluded_on: approval.on.format("%Y-%m-%d").to_string(),
        executor: data::ippsu().executor.clone(),
        customer: ippsu.recipient.clone(),
        customer_document: String::new(),
        subject: SUBJECT.into(),
        members: case
            .members
            .iter()
            .map(|m| ContractMember {
                full_name: m.full_name.clone(),
                ippsu: if m.full_name == ippsu.recipient { decision.clone() } else { String::new() },
                plan: String::new(),
            })
            .collect(),
        valid_until: (approval.on + Duration::days(365)).format("%Y-%m-%d").to_string(),
    };
    validate_contract(&mut content).map_err(SeedError::App)?;
    let drawn = app::contracts::repo::create(db, supervisor, &case.id, &content).await?;
    let signed = app::contracts::repo::Change {
        content: &content,
        status: ContractStatus::Signed,
        signed_on: Some(approval.on),
        terminated_on: None,
        termination_reason: None,
    };
    app::contracts::repo::update(db, supervisor, &case.id, drawn.version, signed).await?;
    Ok(())
}
