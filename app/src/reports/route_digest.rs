//! What the reports read of a stored route (`case_route.content`): the titles of the situations
//! its diagnostic map found and, of each activity of its plan, what is counted — not the texts
//! of the plan. A route is mostly text; decoding each one whole was most of a report's cost.
//! The names are those of `plans::types::RouteContent`, whose JSON this reads. Server-only.

use crate::plans::types::ActivityStatus;
use serde::Deserialize;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct RouteDigest {
    pub diagnostic: DiagnosticDigest,
    pub plan: PlanDigest,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct DiagnosticDigest {
    pub findings: Vec<FindingDigest>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct FindingDigest {
    pub title: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct PlanDigest {
    pub activities: Vec<ActivityDigest>,
    /// Written when the plan is concluded.
    pub outcome: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ActivityDigest {
    pub help_kind: String,
    pub partner_name: String,
    pub responsible_id: Option<String>,
    pub responsible_name: String,
    /// «YYYY-MM-DD».
    pub deadline: String,
    pub status: ActivityStatus,
}

impl RouteDigest {
    /// The digest of a stored route; a route that no longer reads is none.
    pub fn read(content: &str) -> Option<RouteDigest> {
        serde_json::from_str(content).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plans::types::{Activity, Finding, RouteContent};

    #[test]
    fn a_digest_reads_what_the_reports_count_of_a_saved_route() {
        let mut route = RouteContent::default();
        route
            .diagnostic
            .findings
            .push(Finding { title: "Нужна реабилитация".into(), ..Default::default() });
        route.diagnostic.personal_resources = "Работает водителем".into();
        route.plan.activities.push(Activity {
            help_kind: "medical".into(),
            partner_name: "Югорская городская больница".into(),
            responsible_id: Some("u1".into()),
            responsible_name: "Петрова А. С.".into(),
            deadline: "2026-12-20".into(),
            status: ActivityStatus::InProgress,
            content: "Записаться на МСЭ".into(),
            ..Default::default()
        });
        route.plan.outcome = "goal_achieved".into();
        let digest = RouteDigest::read(&serde_json::to_string(&route).expect("route")).expect("digest");
        assert_eq!(digest.diagnostic.findings[0].title, "Нужна реабилитация");
        let step = &digest.plan.activities[0];
        assert_eq!(
            (step.help_kind.as_str(), step.partner_name.as_str(), step.responsible_id.as_deref()),
            ("medical", "Югорская городская больница", Some("u1"))
        );
        assert_eq!((step.responsible_name.as_str(), step.deadline.as_str()), ("Петрова А. С.", "2026-12-20"));
        assert_eq!(step.status, ActivityStatus::InProgress);
        assert_eq!(digest.plan.outcome, "goal_achieved");
        assert!(RouteDigest::read("not a route").is_none());
    }
}
