//! Database side of the reports. Server-only. The figures are read from the records of the
//! cases and their routes (`case_file`, `case_route`) and the kinds of help (`help_kind`) —
//! the tables themselves, not through the features that write them. A submitted version is one
//! `report_submission` record holding the report as it was, written with its audit line in one
//! transaction; versions are numbered per report and period without gaps.

use super::route_digest::RouteDigest;
use super::svo::{people_of, SvoCase, SvoStep};
use super::types::{ReportKind, SubmittedVersion};
use crate::audit::ssr::AuditLine;
use crate::auth::CurrentUser;
use crate::db::{take_rows, transaction_error, Db};
use crate::error::{AppError, AppResult};
use chrono::{DateTime, NaiveDate, Utc};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
use surrealdb::types::RecordId;

#[derive(Deserialize)]
struct Reached {
    stage: String,
    on: String,
}

#[derive(Deserialize)]
struct MemberRow {
    #[serde(default)]
    full_name: String,
    #[serde(default)]
    categories: Vec<String>,
}

#[derive(Deserialize)]
struct CaseRow {
    id: String,
    detected_on: String,
    created_at: DateTime<Utc>,
    stage: String,
    stage_since: DateTime<Utc>,
    #[serde(default)]
    reached: Vec<Reached>,
    #[serde(default)]
    members: Vec<MemberRow>,
    #[serde(default)]
    categories: Vec<String>,
}

#[derive(Deserialize)]
struct RouteRow {
    case: String,
    content: String,
}

fn day(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()
}

/// The cases of СВО participants and their families detected up to `last` and not closed before
/// `first`, with what the monthly report counts of each: the cases through the categories index,
/// and the routes read whole (a table scan costs less than a lookup per case), of which those of
/// these cases are decoded as far as the report counts them.
pub async fn svo_cases(db: &Db, first: NaiveDate, last: NaiveDate) -> AppResult<Vec<SvoCase>> {
    // A case closed on the month's first local day has `stage_since` on the evening before in UTC.
    let closed_since = (first - chrono::Duration::days(1)).and_hms_opt(0, 0, 0).map(|t| t.and_utc());
    // The cases and the routes are read at once, each on its own core.
    let (mut response, mut routes) = futures::try_join!(
        async {
            db.query(
                "SELECT record::id(id) AS id, detected_on, created_at, stage, stage_since, reached, members, categories
                   FROM case_file WHERE categories CONTAINSANY ['svo_participant', 'svo_family']
                     AND (stage != 'closed' OR stage_since >= $closed_since);
                 SELECT record::id(id) AS code, label FROM help_kind;",
            )
            .bind(("closed_since", closed_since.unwrap_or_default()))
            .await
        },
        async { db.query("SELECT record::id(case) AS case, content FROM case_route").await },
    )?;
    let rows: Vec<CaseRow> = take_rows(&mut response, 0)?;
    let help: HashMap<String, String> =
        take_rows::<HelpRow>(&mut response, 1)?.into_iter().map(|h| (h.code, h.label)).collect();
    let rows: Vec<CaseRow> = rows
        .into_iter()
        .filter(|r| day(&r.detected_on).unwrap_or_else(|| crate::time::local_today(r.created_at)) <= last)
        .collect();
    let wanted: HashSet<&str> = rows.iter().map(|r| r.id.as_str()).collect();
    let routes: HashMap<String, RouteDigest> = take_rows::<RouteRow>(&mut routes, 0)?
        .into_iter()
        .filter(|r| wanted.contains(r.case.as_str()))
        .filter_map(|r| RouteDigest::read(&r.content).map(|c| (r.case, c)))
        .collect();
    Ok(rows
        .into_iter()
        .map(|r| {
            let closed_on = (r.stage == "closed").then(|| {
                r.reached
                    .iter()
                    .find(|x| x.stage == "closed")
                    .and_then(|x| day(&x.on))
                    .unwrap_or_else(|| crate::time::local_today(r.stage_since))
            });
            let members: Vec<(String, Vec<String>)> =
                r.members.into_iter().map(|m| (m.full_name, m.categories)).collect();
            let (participants, family_members) =
                people_of(&members, r.categories.iter().any(|c| c == "svo_participant"));
            let route = routes.get(&r.id);
            SvoCase {
                detected_on: Some(day(&r.detected_on).unwrap_or_else(|| crate::time::local_today(r.created_at))),
                closed_on,
                participants,
                family_members,
                situations: route
                    .map(|c| c.diagnostic.findings.iter().map(|f| f.title.clone()).filter(|t| !t.is_empty()).collect())
                    .unwrap_or_default(),
                steps: route
                    .map(|c| {
                        c.plan
                            .activities
                            .iter()
                            .map(|a| SvoStep {
                                help: help.get(&a.help_kind).cloned().unwrap_or_else(|| a.help_kind.clone()),
                                partner: a.partner_name.clone(),
                                status: a.status,
                                deadline: day(&a.deadline),
                            })
                            .collect()
                    })
                    .unwrap_or_default(),
            }
        })
        .collect())
}

#[derive(Deserialize)]
struct HelpRow {
    code: String,
    label: String,
}

#[derive(Deserialize)]
struct SubmissionRow {
    version: i64,
    submitted_at: DateTime<Utc>,
    submitted_by_name: String,
    reason: String,
    report: String,
}

impl SubmissionRow {
    fn into_submission<R: DeserializeOwned>(self) -> AppResult<SubmittedVersion<R>> {
        Ok(SubmittedVersion {
            version: self.version,
            submitted_at: self.submitted_at,
            submitted_by_name: self.submitted_by_name,
            reason: self.reason,
            report: serde_json::from_str(&self.report)?,
        })
    }
}

const SUBMISSION_FIELDS: &str = "version, submitted_at, submitted_by_name, reason, report";

/// The submitted versions of a report of a period («2026-11», «2026-Q4»), the newest first.
pub async fn submissions<R: DeserializeOwned>(
    db: &Db,
    kind: ReportKind,
    period: &str,
) -> AppResult<Vec<SubmittedVersion<R>>> {
    let mut response = db
        .query(format!(
            "SELECT {SUBMISSION_FIELDS} FROM report_submission WHERE kind = $kind AND period = $period ORDER BY version DESC"
        ))
        .bind(("kind", kind.code()))
        .bind(("period", period.to_string()))
        .await?;
    take_rows::<SubmissionRow>(&mut response, 0)?.into_iter().map(SubmissionRow::into_submission).collect()
}

/// The last submitted version of each period's report of a kind from `from` on (periods of one
/// kind sort as their codes): period, version, when, by whom.
pub async fn latest_since(
    db: &Db,
    kind: ReportKind,
    from: &str,
) -> AppResult<HashMap<String, (i64, DateTime<Utc>, String)>> {
    #[derive(Deserialize)]
    struct Head {
        period: String,
        version: i64,
        submitted_at: DateTime<Utc>,
        submitted_by_name: String,
    }
    let mut response = db
        .query(
            "SELECT period, version, submitted_at, submitted_by_name FROM report_submission
               WHERE kind = $kind AND period >= $from ORDER BY period, version",
        )
        .bind(("kind", kind.code()))
        .bind(("from", from.to_string()))
        .await?;
    let mut out = HashMap::new();
    for h in take_rows::<Head>(&mut response, 0)? {
        out.insert(h.period, (h.version, h.submitted_at, h.submitted_by_name));
    }
    Ok(out)
}

/// Keeps a submitted version of a report of a period: the next number after `seen_version`, or a
/// conflict when someone submitted meanwhile. The audit line goes in the same transaction.
#[allow(clippy::too_many_arguments)]
pub async fn submit<R: Serialize>(
    db: &Db,
    kind: ReportKind,
    period: &str,
    report: &R,
    seen_version: i64,
    reason: &str,
    user: &CurrentUser,
    audit: AuditLine,
) -> AppResult<i64> {
    let version = seen_version + 1;
    let mut response = db
        .query(
            "BEGIN TRANSACTION;
             LET $last = (SELECT VALUE version FROM report_submission WHERE kind = $kind AND period = $period ORDER BY version DESC LIMIT 1)[0] ?? 0;
             IF $last != $seen { THROW 'version_conflict' };
             CREATE report_submission CONTENT {
                 kind: $kind, period: $period, version: $version, report: $report, reason: $reason,
                 submitted_at: time::now(), submitted_by: $user, submitted_by_name: $by };
             CREATE audit CONTENT object::extend($audit, { at: time::now() });
             COMMIT TRANSACTION;",
        )
        .bind(("kind", kind.code()))
        .bind(("period", period.to_string()))
        .bind(("seen", seen_version))
        .bind(("version", version))
        .bind(("report", serde_json::to_string(report)?))
        .bind(("reason", reason.to_string()))
        .bind(("user", RecordId::new("user", user.id.clone())))
        .bind(("by", user.full_name.clone()))
        .bind(("audit", audit))
        .await?;
    match transaction_error(&mut response) {
        None => Ok(version),
        Some(e)
            if e.to_string().contains("version_conflict") || e.to_string().contains("report_submission_version") =>
        {
            Err(AppError::Conflict(
                "Пока вы проверяли отчёт, его сдал другой сотрудник. Откройте отчёт заново: сданная версия \
                 будет вверху, а ваши правки строк, заполняемых вручную, сохранены на этом устройстве."
                    .into(),
            ))
        }
        Some(e) => {
            tracing::error!(error = %e, "report submission failed");
            Err(e.into())
        }
    }
}
