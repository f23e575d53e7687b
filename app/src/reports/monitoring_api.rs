//! Server functions of the quarterly monitoring: the report of a quarter with the families to
//! ask, the questionnaire a head edits, and a family's answers recorded on the tablet or by
//! phone. Each checks the caller's role (and, for a family, that she sees its case) and writes
//! its audit line.

use super::monitoring::*;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

/// The quarter a report opens on without one asked: the one a month ago (in the first month of a
/// quarter, the one just ended, which is being submitted).
pub fn default_quarter(today: chrono::NaiveDate) -> crate::periods::Quarter {
    crate::periods::Quarter::of(today - chrono::Duration::days(31))
}

/// The monitoring of a quarter («2026-Q4»; empty: [`default_quarter`]) as counted now, with its
/// submitted versions and the families to ask. Counted in the background (it reads every case
/// with a route and every closed case): the page is answered at once with the last count or how
/// far the first has got. `ticket`: of the answer the page waits on ([`crate::counted`]).
#[server(prefix = "/api", endpoint = "reports/monitoring")]
pub async fn load_monitoring(quarter: String, ticket: Option<u64>) -> Result<MonitoringPage, AppError> {
    use super::api::ssr::{audit_view, calendar, count_monitoring};
    use super::repo;
    use super::types::{Due, ReportKind};
    use crate::auth::permissions;
    use crate::auth::session::{require, with_status};
    use crate::counted::{ssr::Ask, Counted};
    use crate::periods::Quarter;
    use crate::time::local_today;
    use chrono::Utc;
    let user = require(permissions::REPORTS)?;
    let state = crate::state::app_state()?;
    let db = state.db.clone();
    let now = Utc::now();
    let today = local_today(now);
    let quarter = if quarter.trim().is_empty() {
        default_quarter(today)
    } else {
        Quarter::parse(&quarter).ok_or_else(|| AppError::field("quarter", "Укажите квартал в виде 2026-Q4"))?
    };
    if quarter.first_day() > today {
        return Err(AppError::field("quarter", "Мониторинг за квартал, который ещё не начался, не составляется"));
    }
    let calendar = calendar(&db).await?;
    let name = format!("monitoring:{}", quarter.code());
    let counting = db.clone();
    let counted = state
        .counts
        .get(Ask { name: &name, parts: 1, ticket }, move |_| async move {
            let now = Utc::now();
            count_monitoring(&counting, quarter, local_today(now), now).await
        })
        .await;
    // Every family is counted; the reader is offered those she may see by name.
    let (live, to_ask) = match with_status(counted)? {
        Counted::Ready { value: (report, plans), recounting, ticket } => {
            (Counted::Ready { value: report, recounting, ticket }, to_ask(&plans, quarter, &user))
        }
        Counted::Counting { done, of, ticket } => (Counted::Counting { done, of, ticket }, vec![]),
    };
    let submissions: Vec<super::types::SubmittedVersion<MonitoringReport>> =
        with_status(repo::submissions(&db, ReportKind::Monitoring, &quarter.code()).await)?;
    let due = Due::quarterly(quarter, today, &calendar, submissions.last().map(|s| local_today(s.submitted_at)));
    audit_view(&db, &user, &live, format!("Мониторинг сопровождения семей с детьми за {}", quarter.words())).await?;
    Ok(MonitoringPage {
        quarter,
        due_words: due.words(today),
        overdue: due.overdue(today),
        due,
        to_ask,
        live,
        submissions,
        can_submit: user.has_any(permissions::SUPERVISE),
        can_edit_questions: user.has_any(permissions::SUPERVISE),
        today,
    })
}

/// The questionnaire as the head keeps it.
#[server(prefix = "/api", endpoint = "reports/monitoring/questions")]
pub async fn load_questions() -> Result<QuestionList, AppError> {
    use crate::auth::permissions;
    use crate::auth::session::{require, with_status};
    require(permissions::SUPERVISE)?;
    with_status(super::monitoring_repo::questions(&crate::state::db()?).await)
}

/// Saves the questionnaire if nobody changed it since `version`; the new version. Answers given
/// before keep the questions as they were asked.
#[server(prefix = "/api", endpoint = "reports/monitoring/questions_save", input = Json)]
pub async fn save_questions(questions: Vec<Question>, version: i64) -> Result<i64, AppError> {
    use crate::audit::ssr::{Actor, AuditLine};
    use crate::audit::AuditAction;
    use crate::auth::permissions;
    use crate::auth::session::{require, with_status};
    let user = require(permissions::SUPERVISE)?;
    let mut questions = questions;
    validate_questions(&mut questions)?;
    let db = crate::state::db()?;
    let line = AuditLine::new(
        &Actor::user(&user),
        AuditAction::Update,
        Some("monitoring_form:current".into()),
        format!(
            "Анкета мониторинга изменена: {} вопросов, из них в анкете {}",
            questions.len(),
            questions.iter().filter(|q| q.active).count()
        ),
        vec![],
    );
    with_status(super::monitoring_repo::save_questions(&db, &questions, version, &user, line).await)
}

/// A family's questionnaire: the questions, the plan's conclusion and what was answered.
#[server(prefix = "/api", endpoint = "reports/monitoring/survey")]
pub async fn load_survey(case_id: String) -> Result<SurveyPage, AppError> {
    use crate::audit::ssr::{write as audit, Actor};
    use crate::audit::AuditAction;
    use crate::auth::permissions;
    use crate::auth::session::{require, with_status};
    use crate::periods::Quarter;
    use crate::plans::types::Outcome;
    use crate::time::local_today;
    let user = require(permissions::CASE_WORK)?;
    let db = crate::state::db()?;
    let key = crate::keys::RecordKey::parse(&case_id).ok_or_else(|| AppError::NotFound("Случай не найден".into()))?;
    let row = with_status(crate::cases::repo::visible_row(&db, &user, key.as_str()).await)?;
    let today = local_today(chrono::Utc::now());
    let calendar = crate::cases::repo::calendar(&db).await?;
    let case = row.into_case(&calendar, today);
    let route = with_status(crate::plans::repo::get(&db, key.as_str()).await)?;
    let plan = route.as_ref().map(|r| r.content.plan.clone()).unwrap_or_default();
    let concluded = Outcome::from_code(&plan.outcome).map(|o| {
        let on = crate::time::parse_date(&plan.concluded_on)
            .or_else(|| route.as_ref().map(|r| local_today(r.updated_at)))
            .unwrap_or(today);
        (o.label().to_string(), on)
    });
    let quarter = Quarter::of(concluded.as_ref().map(|(_, on)| *on).unwrap_or(today));
    let survey = with_status(super::monitoring_repo::survey(&db, key.as_str(), quarter).await)?;
    let questions = with_status(super::monitoring_repo::questions(&db).await)?.questions;
    audit(
        &db,
        &Actor::user(&user),
        AuditAction::View,
        Some(format!("case_file:{}", key.as_str())),
        format!("Анкета мониторинга семьи, случай {}", case.number),
        vec![],
    )
    .await?;
    Ok(SurveyPage {
        case_id: key.as_str().to_string(),
        case_number: case.number.clone(),
        case_title: case.title.clone(),
        support_level: crate::acts::types::SUPPORT_LEVELS
            .iter()
            .find(|(c, _)| *c == plan.support_level)
            .map(|(_, l)| l.to_string())
            .unwrap_or_else(|| "не указан".into()),
        concluded,
        quarter: quarter.code(),
        quarter_words: quarter.words(),
        questions,
        survey,
    })
}

/// Saves a family's questionnaire of a quarter; the new version.
#[server(prefix = "/api", endpoint = "reports/monitoring/survey_save", input = Json)]
pub async fn save_survey(form: SurveyForm) -> Result<i64, AppError> {
    use super::monitoring_repo::{save_survey as save, SurveyWrite};
    use crate::audit::ssr::{Actor, AuditLine};
    use crate::audit::AuditAction;
    use crate::auth::permissions;
    use crate::auth::session::{require, with_status};
    use crate::periods::Quarter;
    let user = require(permissions::CASE_WORK)?;
    let db = crate::state::db()?;
    let key =
        crate::keys::RecordKey::parse(&form.case_id).ok_or_else(|| AppError::NotFound("Случай не найден".into()))?;
    let row = with_status(crate::cases::repo::visible_row(&db, &user, key.as_str()).await)?;
    let questions = with_status(super::monitoring_repo::questions(&db).await)?.questions;
    let mut form = form;
    let way = validate_survey(&mut form, &questions)?;
    let quarter = Quarter::parse(&form.quarter).ok_or_else(|| AppError::field("quarter", "Квартал в виде 2026-Q4"))?;
    let today = crate::time::local_today(chrono::Utc::now());
    let number = row.into_case(&crate::cases::repo::calendar(&db).await?, today).number;
    let line = AuditLine::new(
        &Actor::user(&user),
        if form.seen_version == 0 { AuditAction::Create } else { AuditAction::Update },
        Some(format!("case_file:{}", key.as_str())),
        format!("Анкета мониторинга за {}, случай {number}: {}", quarter.words(), way.label().to_lowercase()),
        vec![],
    );
    let write = SurveyWrite {
        case: key.as_str(),
        quarter,
        way,
        respondent: &form.respondent,
        answers: &form.answers,
        seen_version: form.seen_version,
        today,
    };
    with_status(save(&db, write, &user, line).await)
}
