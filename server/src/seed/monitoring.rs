//! The demo monitoring of the quarter: of the families whose ИПССС was concluded in it, two of
//! three are already asked — most by phone or at the last visit, now and then one refused — and
//! the rest wait on the caseworkers' list. Answers go through the same transaction as the page's.

use super::common::{DemoStaff, SeedError};
use app::audit::ssr::{Actor, AuditLine};
use app::audit::AuditAction;
use app::db::Db;
use app::periods::Quarter;
use app::reports::monitoring::{Answer, QuestionKind, SurveyWay};
use app::reports::monitoring_repo::{family_plans, questions, save_survey, SurveyWrite};
use chrono::{DateTime, Utc};

/// What the families said when asked about what helped and what could be better.
const HELPED: [&str; 4] = [
    "Психолог, занятия с детьми",
    "Помогли оформить пособие и устроить ребёнка в детский сад",
    "Постоянная связь с куратором, всегда можно позвонить",
    "Продуктовые наборы и вещи для детей от партнёров",
];
const BETTER: [&str; 3] = ["Чаще приезжать", "", "Быстрее решать с документами"];

/// Answers the quarter's questionnaire for two of three concluded family plans; how many.
pub async fn seed_monitoring(db: &Db, staff: &DemoStaff, now: DateTime<Utc>) -> Result<usize, SeedError> {
    let today = app::time::local_today(now);
    let quarter = Quarter::of(today);
    let asked = questions(db).await?.questions;
    let plans = family_plans(db, quarter, today).await?;
    let worker = staff.caseworkers.first().map(|(_, w)| w).unwrap_or(&staff.supervisor);
    let mut written = 0;
    for (n, plan) in plans.iter().filter(|p| p.concluded_on.is_some_and(|c| quarter.contains(c))).enumerate() {
        if n % 3 == 2 || plan.survey.is_some() {
            continue;
        }
        let way = match n % 7 {
            4 => SurveyWay::Refused,
            0 | 3 => SurveyWay::Visit,
            _ => SurveyWay::Phone,
        };
        let answers: Vec<Answer> = if way.answered() {
            asked
                .iter()
                .filter(|q| q.active)
                .enumerate()
                .map(|(i, q)| Answer {
                    question: q.id.clone(),
                    text: q.text.clone(),
                    value: match q.kind {
                        // Mostly the first two answers: satisfied, improved.
                        QuestionKind::Choice => {
                            q.options.get(if (n + i) % 5 == 4 { 2 } else { (n + i) % 2 }).cloned().unwrap_or_default()
                        }
                        QuestionKind::Text if i % 2 == 0 => HELPED[n % HELPED.len()].to_string(),
                        QuestionKind::Text => BETTER[n % BETTER.len()].to_string(),
                    },
                })
                .collect()
        } else {
            vec![]
        };
        let line = AuditLine::new(
            &Actor::user(worker),
            AuditAction::Create,
            Some(format!("case_file:{}", plan.case_id)),
            format!(
                "Анкета мониторинга за {}, случай {}: {}",
                quarter.words(),
                plan.case_number,
                way.label().to_lowercase()
            ),
            vec![],
        );
        let respondent = if way.answered() { "мать" } else { "" };
        let write =
            SurveyWrite { case: &plan.case_id, quarter, way, respondent, answers: &answers, seen_version: 0, today };
        save_survey(db, write, worker, line).await?;
        written += 1;
    }
    Ok(written)
}
