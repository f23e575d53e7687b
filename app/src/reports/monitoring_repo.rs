//! Database side of the quarterly monitoring. Server-only. Families and their plans are read
//! from `case_file` and `case_route`; the questionnaire is the record `monitoring_form:current`;
//! a family's answers of a quarter are one `monitoring_survey` record, saved with its audit line
//! in one transaction and versioned against a second save from another tablet.

use super::monitoring::{
    person_key, repeated_cases, Answer, CaseAccess, CaseTrace, FamilyPlan, Question, QuestionList, Survey, SurveyWay,
};
use crate::audit::ssr::AuditLine;
use crate::auth::CurrentUser;
use crate::cases::types::{Category, Member};
use crate::db::{take_one, take_rows, transaction_error, Db};
use crate::error::{AppError, AppResult};
use crate::keys::record_key;
use crate::periods::Quarter;
use crate::plans::types::{plan_lists_of, PlanKind, RouteContent};
use chrono::{DateTime, NaiveDate, Utc};
use serde::Deserialize;
use std::collections::HashMap;
use surrealdb::types::RecordId;

fn day(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").ok()
}

/// The questionnaire as the head keeps it.
pub async fn questions(db: &Db) -> AppResult<QuestionList> {
    #[derive(Deserialize)]
    struct Row {
        questions: String,
        version: i64,
    }
    let mut response = db.query("SELECT questions, version FROM monitoring_form:current").await?;
    match take_one::<Row>(&mut response, 0)? {
        Some(r) => Ok(QuestionList { questions: serde_json::from_str(&r.questions)?, version: r.version }),
        None => Ok(QuestionList { questions: vec![], version: 0 }),
    }
}

/// Saves the questionnaire if nobody changed it since `seen_version`; the new version.
pub async fn save_questions(
    db: &Db,
    questions: &[Question],
    seen_version: i64,
    user: &CurrentUser,
    audit: AuditLine,
) -> AppResult<i64> {
    let mut response = db
        .query(
            "BEGIN TRANSACTION;
             LET $now = (SELECT VALUE version FROM monitoring_form:current)[0] ?? 0;
             IF $now != $seen { THROW 'version_conflict' };
             UPSERT monitoring_form:current CONTENT {
                 questions: $questions, version: $seen + 1, updated_at: time::now(), updated_by_name: $by };
             CREATE audit CONTENT object::extend($audit, { at: time::now() });
             COMMIT TRANSACTION;",
        )
        .bind(("seen", seen_version))
        .bind(("questions", serde_json::to_string(questions)?))
        .bind(("by", user.full_name.clone()))
        .bind(("audit", audit))
        .await?;
    match transaction_error(&mut response) {
        None => Ok(seen_version + 1),
        Some(e) if e.to_string().contains("version_conflict") => Err(AppError::Conflict(
            "Анкету только что изменил другой сотрудник. Откройте её заново — ваши правки останутся на этом устройстве."
                .into(),
        )),
        Some(e) => Err(e.into()),
    }
}

#[derive(Deserialize)]
struct SurveyRow {
    case: String,
    quarter: String,
    way: SurveyWay,
    respondent: String,
    answers: String,
    filled_on: String,
    filled_by_name: String,
    version: i64,
}

impl SurveyRow {
    fn into_survey(self) -> AppResult<(String, Survey)> {
        let answers: Vec<Answer> = serde_json::from_str(&self.answers)?;
        Ok((
            self.case,
            Survey {
                quarter: self.quarter,
                way: self.way,
                respondent: self.respondent,
                answers,
                filled_on: day(&self.filled_on).unwrap_or(NaiveDate::MIN),
                filled_by_name: self.filled_by_name,
                version: self.version,
            },
        ))
    }
}

const SURVEY_FIELDS: &str =
    "record::id(case) AS case, quarter, way, respondent, answers, filled_on, filled_by_name, version";

/// The questionnaires of a quarter, by case.
pub async fn surveys(db: &Db, quarter: Quarter) -> AppResult<HashMap<String, Survey>> {
    let mut response = db
        .query(format!("SELECT {SURVEY_FIELDS} FROM monitoring_survey WHERE quarter = $quarter"))
        .bind(("quarter", quarter.code()))
        .await?;
    take_rows::<SurveyRow>(&mut response, 0)?.into_iter().map(SurveyRow::into_survey).collect()
}

/// A family's questionnaire of a quarter.
pub async fn survey(db: &Db, case: &str, quarter: Quarter) -> AppResult<Option<Survey>> {
    let mut response = db
        .query(format!("SELECT {SURVEY_FIELDS} FROM monitoring_survey WHERE case = $case AND quarter = $quarter"))
        .bind(("case", RecordId::new("case_file", case.to_string())))
        .bind(("quarter", quarter.code()))
        .await?;
    Ok(take_rows::<SurveyRow>(&mut response, 0)?
        .into_iter()
        .next()
        .map(SurveyRow::into_survey)
        .transpose()?
        .map(|(_, s)| s))
}

/// What a save of a questionnaire writes.
pub struct SurveyWrite<'a> {
    pub case: &'a str,
    pub quarter: Quarter,
    pub way: SurveyWay,
    pub respondent: &'a str,
    pub answers: &'a [Answer],
    pub seen_version: i64,
    pub today: NaiveDate,
}

/// Saves a family's questionnaire if nobody saved it since `seen_version`; the new version.
pub async fn save_survey(db: &Db, write: SurveyWrite<'_>, user: &CurrentUser, audit: AuditLine) -> AppResult<i64> {
    let id = RecordId::new("monitoring_survey", format!("{}_{}", write.case, write.quarter.code()));
    let mut response = db
        .query(
            "BEGIN TRANSACTION;
             LET $now = (SELECT VALUE version FROM $id)[0] ?? 0;
             IF $now != $seen { THROW 'version_conflict' };
             UPSERT $id CONTENT {
                 case: $case, quarter: $quarter, way: $way, respondent: $respondent, answers: $answers,
                 filled_on: $today, filled_by: $user, filled_by_name: $by, version: $seen + 1 };
             CREATE audit CONTENT object::extend($audit, { at: time::now() });
             COMMIT TRANSACTION;",
        )
        .bind(("id", id))
        .bind(("seen", write.seen_version))
        .bind(("case", RecordId::new("case_file", write.case.to_string())))
        .bind(("quarter", write.quarter.code()))
        .bind(("way", write.way.code()))
        .bind(("respondent", write.respondent.to_string()))
        .bind(("answers", serde_json::to_string(write.answers)?))
        .bind(("today", crate::time::format_iso_date(write.today)))
        .bind(("user", RecordId::new("user", user.id.clone())))
        .bind(("by", user.full_name.clone()))
        .bind(("audit", audit))
        .await?;
    match transaction_error(&mut response) {
        None => Ok(write.seen_version + 1),
        Some(e) if e.to_string().contains("version_conflict") || e.to_string().contains("monitoring_survey_case") => {
            Err(AppError::Conflict(
                "Анкету этой семьи только что сохранил другой сотрудник. Откройте её заново — ваши ответы \
                 остались на этом устройстве."
                    .into(),
            ))
        }
        Some(e) => Err(e.into()),
    }
}

#[derive(Deserialize)]
struct Reached {
    stage: String,
    on: String,
}

#[derive(Deserialize)]
struct CaseRow {
    id: String,
    year: i64,
    number: i64,
    title: String,
    detected_on: String,
    created_at: DateTime<Utc>,
    stage: String,
    stage_since: DateTime<Utc>,
    #[serde(default)]
    reached: Vec<Reached>,
    #[serde(default)]
    members: Vec<Member>,
    #[serde(default)]
    categories: Vec<Category>,
    district: Option<String>,
    curator: Option<String>,
    created_by: String,
    #[serde(default)]
    specialists: Option<Vec<String>>,
}

impl CaseRow {
    fn access(&self) -> CaseAccess {
        CaseAccess {
            district: self.district.as_deref().map(record_key),
            curator: self.curator.as_deref().map(record_key),
            created_by: record_key(&self.created_by),
            specialists: self.specialists.iter().flatten().map(|s| record_key(s)).collect(),
        }
    }
}

/// A closed case, with what the repeated appeals need of it.
#[derive(Deserialize)]
struct ClosedRow {
    id: String,
    detected_on: String,
    created_at: DateTime<Utc>,
    stage_since: DateTime<Utc>,
    #[serde(default)]
    reached: Vec<Reached>,
    #[serde(default)]
    members: Vec<Member>,
}

fn detected_on(text: &str, created_at: DateTime<Utc>) -> NaiveDate {
    day(text).unwrap_or_else(|| crate::time::local_today(created_at))
}

/// The day a closed case was closed: as its history says, or the day it entered the stage.
fn closed_on(reached: &[Reached], stage_since: DateTime<Utc>) -> NaiveDate {
    reached
        .iter()
        .find(|x| x.stage == "closed")
        .and_then(|x| day(&x.on))
        .unwrap_or_else(|| crate::time::local_today(stage_since))
}

fn trace(id: &str, detected_on: NaiveDate, closed_on: Option<NaiveDate>, members: &[Member]) -> CaseTrace {
    CaseTrace {
        case_id: id.to_string(),
        detected_on,
        closed_on,
        people: members.iter().filter_map(|m| person_key(&m.full_name, m.birth_date)).collect(),
    }
}

#[derive(Deserialize)]
struct RouteRow {
    case: String,
    content: String,
    updated_at: DateTime<Utc>,
}

/// The families with an ИПССС (the plan of a family with children), with what the monitoring
/// needs of each, the quarter's questionnaires, whether the case repeats an appeal, and who may
/// see the family by name (everyone counts).
pub async fn family_plans(db: &Db, quarter: Quarter, today: NaiveDate) -> AppResult<Vec<FamilyPlan>> {
    // The cases with a route (of which the families' plans are counted) and the closed cases with
    // their people (a plan repeats an appeal when one of its people's cases was closed before),
    // read at once, each on its own core: the other open cases matter to neither.
    let (mut response, mut closed) = futures::try_join!(
        async {
            db.query(
                "SELECT record::id(id) AS id, year, number, title, detected_on, created_at, stage, stage_since,
                        reached, members, categories, district, curator, created_by, specialists
                   FROM case_file WHERE route_total != NONE",
            )
            .await
        },
        async {
            db.query(
                "SELECT record::id(id) AS id, detected_on, created_at, stage_since, reached, members
                   FROM case_file WHERE stage = 'closed'",
            )
            .await
        },
    )?;
    let rows: Vec<CaseRow> = take_rows(&mut response, 0)?;
    let closed: Vec<ClosedRow> = take_rows(&mut closed, 0)?;
    let detected = |r: &CaseRow| detected_on(&r.detected_on, r.created_at);
    let mut traces: HashMap<&str, CaseTrace> = closed
        .iter()
        .map(|r| {
            let closed_on = closed_on(&r.reached, r.stage_since);
            (r.id.as_str(), trace(&r.id, detected_on(&r.detected_on, r.created_at), Some(closed_on), &r.members))
        })
        .collect();
    for r in &rows {
        let closed_on = (r.stage == "closed").then(|| closed_on(&r.reached, r.stage_since));
        traces.entry(r.id.as_str()).or_insert_with(|| trace(&r.id, detected(r), closed_on, &r.members));
    }
    let traces: Vec<CaseTrace> = traces.into_values().collect();
    let repeated = repeated_cases(&traces);
    let families: Vec<&CaseRow> =
        rows.iter().filter(|r| plan_lists_of(&r.categories, &r.members, today).0 == PlanKind::Family).collect();
    let keys: Vec<RecordId> = families.iter().map(|r| RecordId::new("case_file", r.id.clone())).collect();
    let mut response = db
        .query("SELECT record::id(case) AS case, content, updated_at FROM case_route WHERE case IN $cases")
        .bind(("cases", keys))
        .await?;
    let routes: HashMap<String, (RouteContent, DateTime<Utc>)> = take_rows::<RouteRow>(&mut response, 0)?
        .into_iter()
        .filter_map(|r| serde_json::from_str(&r.content).ok().map(|c| (r.case, (c, r.updated_at))))
        .collect();
    let mut surveys = surveys(db, quarter).await?;
    Ok(families
        .into_iter()
        .filter_map(|r| {
            let (content, saved_at) = routes.get(&r.id)?;
            let plan = &content.plan;
            // A conclusion written before it had its own day is dated by the route's last save.
            let concluded_on = (!plan.outcome.is_empty())
                .then(|| day(&plan.concluded_on).unwrap_or_else(|| crate::time::local_today(*saved_at)));
            Some(FamilyPlan {
                case_id: r.id.clone(),
                case_number: crate::cases::repo::case_number(r.year, r.number),
                title: r.title.clone(),
                level: plan.support_level.clone(),
                start_on: day(&plan.start_on),
                concluded_on,
                outcome: plan.outcome.clone(),
                activities: plan.activities.iter().map(|a| a.status).collect(),
                detected_on: detected(r),
                repeated: repeated.contains(&r.id),
                survey: surveys.remove(&r.id),
                access: r.access(),
            })
        })
        .collect())
}
