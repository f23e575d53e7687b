//! What a case write stores: members, details, state, history events, search words.

use crate::auth::CurrentUser;
use crate::calendar::ProductionCalendar;
use crate::cases::clocks::{board_key, next_due, ClockFacts, Reached};
use crate::cases::types::*;
use crate::cases::validate::ValidCase;
use crate::db::date_text;
use crate::time::local_today;
use crate::validation::fold_yo;
use chrono::{DateTime, NaiveDate, Utc};
use surrealdb::types::{RecordId, SurrealValue};

#[derive(SurrealValue, Clone)]
pub(super) struct MemberContent {
    pub(super) full_name: String,
    birth_date: Option<String>,
    relation: String,
    pub(super) categories: Vec<String>,
}

#[derive(SurrealValue, Clone)]
pub(super) struct ReachedContent {
    pub(super) stage: String,
    pub(super) on: String,
}

/// The editable details of a case, as written on create and on edit.
#[derive(SurrealValue, Clone)]
pub(super) struct DetailsContent {
    pub(super) kind: String,
    pub(super) title: String,
    pub(super) members: Vec<MemberContent>,
    pub(super) categories: Vec<String>,
    pub(super) address: String,
    pub(super) district: Option<RecordId>,
    pub(super) phone: Option<String>,
    pub(super) consent: bool,
    pub(super) consent_date: Option<String>,
    pub(super) curator: Option<RecordId>,
    pub(super) source: String,
    pub(super) source_detail: Option<String>,
    pub(super) notes: String,
    pub(super) detected_on: String,
    pub(super) need_recognised_on: Option<String>,
    pub(super) plan_approved_on: Option<String>,
    search_text: String,
}

impl DetailsContent {
    pub(super) fn new(case: &ValidCase) -> Self {
        DetailsContent {
            kind: case.kind.code().to_string(),
            title: case.title.clone(),
            members: case
                .members
                .iter()
                .map(|m| MemberContent {
                    full_name: m.full_name.clone(),
                    birth_date: m.birth_date.map(date_text),
                    relation: m.relation.code().to_string(),
                    categories: m.categories.iter().map(|c| c.code().to_string()).collect(),
                })
                .collect(),
            categories: case.categories.iter().map(|c| c.code().to_string()).collect(),
            address: case.address.clone(),
            district: case.district.as_ref().map(|d| RecordId::new("district", d.clone())),
            phone: case.phone.clone(),
            consent: case.consent,
            consent_date: case.consent_date.map(date_text),
            curator: case.curator.as_ref().map(|c| RecordId::new("user", c.clone())),
            source: case.source.code().to_string(),
            source_detail: case.source_detail.clone(),
            notes: case.notes.clone(),
            detected_on: date_text(case.detected_on),
            need_recognised_on: case.need_recognised_on.map(date_text),
            plan_approved_on: case.plan_approved_on.map(date_text),
            search_text: search_text(case),
        }
    }
}

/// The stage, the clocks' state and the order on the board, as written on every change.
#[derive(SurrealValue, Clone)]
pub(super) struct StateContent {
    pub(super) stage: String,
    pub(super) stage_since: DateTime<Utc>,
    pub(super) reached: Vec<ReachedContent>,
    pub(super) curator: Option<RecordId>,
    pub(super) due_on: Option<String>,
    pub(super) due_clock: Option<String>,
    pub(super) board_key: String,
    /// The plan's approval, which the implementation clock counts from (also in the details:
    /// the same value; here for a change of the approval alone, from the ИППСУ).
    pub(super) plan_approved_on: Option<String>,
    pub(super) updated_at: DateTime<Utc>,
    updated_by: RecordId,
    pub(super) updated_by_name: String,
}

/// Where a case stands after a change: its stage, the days stages were reached, its curator.
pub(super) struct CaseState {
    pub(super) stage: Stage,
    pub(super) stage_since: DateTime<Utc>,
    pub(super) reached: Reached,
    pub(super) detected_on: NaiveDate,
    /// The date of the application the case was opened from or has attached, if any.
    pub(super) applied_on: Option<NaiveDate>,
    pub(super) plan_approved_on: Option<NaiveDate>,
    pub(super) curator: Option<String>,
}

impl CaseState {
    pub(super) fn content(
        &self,
        calendar: &ProductionCalendar,
        year: i64,
        number: i64,
        user: &CurrentUser,
        now: DateTime<Utc>,
    ) -> StateContent {
        let facts = ClockFacts {
            stage: self.stage,
            detected_on: self.detected_on,
            applied_on: self.applied_on,
            plan_approved_on: self.plan_approved_on,
            reached: self.reached.clone(),
        };
        let due = next_due(calendar, &facts);
        StateContent {
            stage: self.stage.code().to_string(),
            stage_since: self.stage_since,
            reached: self
                .reached
                .iter()
                .map(|(stage, on)| ReachedContent { stage: stage.code().to_string(), on: date_text(*on) })
                .collect(),
            curator: self.curator.as_ref().map(|c| RecordId::new("user", c.clone())),
            due_on: due.map(|(d, _)| date_text(d)),
            due_clock: due.map(|(_, k)| k.code().to_string()),
            board_key: board_key(self.stage, due.map(|(d, _)| d), local_today(self.stage_since), year, number),
            plan_approved_on: self.plan_approved_on.map(date_text),
            updated_at: now,
            updated_by: RecordId::new("user", user.id.clone()),
            updated_by_name: user.full_name.clone(),
        }
    }
}

/// One line of a case's history, as written.
#[derive(SurrealValue, Clone)]
pub struct EventContent {
    pub(super) kind: String,
    from_stage: Option<String>,
    pub(super) to_stage: Option<String>,
    pub(super) comment: Option<String>,
    detail: Option<String>,
}

impl EventContent {
    pub(super) fn new(
        kind: &str,
        from: Option<Stage>,
        to: Option<Stage>,
        comment: Option<String>,
        detail: Option<String>,
    ) -> Self {
        EventContent {
            kind: kind.to_string(),
            from_stage: from.map(|s| s.code().to_string()),
            to_stage: to.map(|s| s.code().to_string()),
            comment,
            detail,
        }
    }
}

/// Words a case is found by: its title, the members' names, the address and phone.
pub fn search_text(case: &ValidCase) -> String {
    let mut parts = vec![case.title.clone(), case.address.clone()];
    parts.extend(case.members.iter().map(|m| m.full_name.clone()));
    if let Some(phone) = &case.phone {
        parts.extend(crate::phone::phone_search_tokens(phone));
    }
    fold_yo(&parts.join(" "))
}
