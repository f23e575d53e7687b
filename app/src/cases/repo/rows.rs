//! A case and its card as the database gives them.

use crate::auth::{short_name, CurrentUser};
use crate::calendar::ProductionCalendar;
use crate::cases::card::{Card, Progress};
use crate::cases::clocks::{ClockFacts, Reached};
use crate::cases::stages::CaseFacts;
use crate::cases::types::*;
use crate::cases::visibility::can_see;
use crate::keys::record_key;
use chrono::{DateTime, NaiveDate, Utc};
use serde::Deserialize;

/// How a case is read: keys and the names of linked records joined in.
pub(super) const CASE_FIELDS: &str = "record::id(id) AS id, year, number, kind, title, members, categories, address, \
    district, district.name AS district_name, phone, consent, consent_date, curator, curator.full_name AS curator_name, \
    source, source_detail, journal_entry, journal_entry.number AS entry_number, journal_entry.year AS entry_year, notes, \
    application, application.number AS application_number, application.year AS application_year, applied_on, \
    stage, stage_since, reached, detected_on, need_recognised_on, plan_approved_on, due_on, due_clock, board_key, \
    created_at, created_by, created_by_name, updated_at, updated_by_name, version, specialists, plan_concluded, \
    ippsu_concluded, route_done, route_total, route_next, route_until, route_open";

/// How a card is read: only what the board shows.
/// The curator's name and the district's number come from the cache of names ([`CardRow::named`]).
pub const CARD_FIELDS: &str = "record::id(id) AS id, year, number, title, district, categories, curator, stage, \
    array::len(members) AS member_count, due_on, due_clock, board_key, version, route_done, route_total, route_next, route_until, route_open";

/// «2026-0042».
pub fn case_number(year: i64, number: i64) -> String {
    format!("{year}-{number:04}")
}

#[derive(Debug, Clone, Deserialize)]
pub(super) struct ReachedRow {
    pub(super) stage: Stage,
    pub(super) on: NaiveDate,
}

/// A case as stored.
#[derive(Debug, Clone, Deserialize)]
pub struct CaseRow {
    pub(super) id: String,
    pub(super) year: i64,
    pub(super) number: i64,
    pub(super) kind: CaseKind,
    pub(super) title: String,
    pub(super) members: Vec<Member>,
    pub(super) categories: Vec<Category>,
    pub(super) address: String,
    pub(super) district: Option<String>,
    district_name: Option<String>,
    pub(super) phone: Option<String>,
    pub(super) consent: bool,
    pub(super) consent_date: Option<NaiveDate>,
    pub(super) curator: Option<String>,
    curator_name: Option<String>,
    pub(super) source: Source,
    pub(super) source_detail: Option<String>,
    pub(super) journal_entry: Option<String>,
    entry_number: Option<i64>,
    entry_year: Option<i64>,
    pub(super) application: Option<String>,
    application_number: Option<i64>,
    application_year: Option<i64>,
    pub(super) applied_on: Option<NaiveDate>,
    pub(super) notes: String,
    pub(super) stage: Stage,
    pub(super) stage_since: DateTime<Utc>,
    pub(super) reached: Vec<ReachedRow>,
    pub(super) detected_on: NaiveDate,
    pub(super) need_recognised_on: Option<NaiveDate>,
    pub(super) plan_approved_on: Option<NaiveDate>,
    pub(super) created_at: DateTime<Utc>,
    pub(super) created_by: String,
    pub(super) created_by_name: String,
    pub(super) updated_at: DateTime<Utc>,
    pub(super) updated_by_name: String,
    pub(super) version: i64,
    /// Those responsible for an activity of the plan (none before its first save).
    #[serde(default)]
    pub(super) specialists: Option<Vec<String>>,
    /// The support plan's conclusion is written (its outcome chosen).
    #[serde(default)]
    pub(super) plan_concluded: Option<bool>,
    /// The ИППСУ is marked carried out, with its conclusion.
    #[serde(default)]
    pub(super) ippsu_concluded: Option<bool>,
    #[serde(default)]
    route_done: Option<u32>,
    #[serde(default)]
    route_total: Option<u32>,
    #[serde(default)]
    route_next: Option<NaiveDate>,
    #[serde(default)]
    route_until: Option<NaiveDate>,
    #[serde(default)]
    route_open: Option<Vec<NaiveDate>>,
}

/// The plan's progress as copied onto the case, counted for today: none before the plan has
/// an activity.
fn progress(
    done: Option<u32>,
    total: Option<u32>,
    next_due: Option<NaiveDate>,
    until: Option<NaiveDate>,
    open: Option<&[NaiveDate]>,
    calendar: &ProductionCalendar,
    today: NaiveDate,
) -> Option<Progress> {
    let (done, total) = (done?, total?);
    (total > 0).then(|| Progress {
        done,
        total,
        next_due,
        overdue: open.unwrap_or_default().iter().filter(|d| **d < today).count() as u32,
        until,
        until_left: until.map(|u| calendar.working_days_between(today, u)),
    })
}

impl CaseRow {
    pub fn district_key(&self) -> Option<String> {
        self.district.as_deref().map(record_key)
    }
    pub fn curator_key(&self) -> Option<String> {
        self.curator.as_deref().map(record_key)
    }
    pub fn created_by_key(&self) -> String {
        record_key(&self.created_by)
    }
    /// Those responsible for an activity of the case's plan.
    pub fn specialist_keys(&self) -> Vec<String> {
        self.specialists.iter().flatten().map(|s| record_key(s)).collect()
    }
    pub fn visible_to(&self, user: &CurrentUser) -> bool {
        can_see(
            user,
            self.district_key().as_deref(),
            self.curator_key().as_deref(),
            &self.created_by_key(),
            &self.specialist_keys(),
        )
    }
    pub(super) fn reached(&self) -> Reached {
        self.reached.iter().map(|r| (r.stage, r.on)).collect()
    }
    pub fn clock_facts(&self) -> ClockFacts {
        ClockFacts {
            stage: self.stage,
            detected_on: self.detected_on,
            applied_on: self.applied_on,
            plan_approved_on: self.plan_approved_on,
            reached: self.reached(),
        }
    }

    pub fn into_case(self, calendar: &ProductionCalendar, today: NaiveDate) -> Case {
        let clocks = crate::cases::clocks::clocks(calendar, &self.clock_facts(), today);
        let plan = progress(
            self.route_done,
            self.route_total,
            self.route_next,
            self.route_until,
            self.route_open.as_deref(),
            calendar,
            today,
        );
        Case {
            plan,
            number: case_number(self.year, self.number),
            district_id: self.district_key(),
            curator_id: self.curator_key(),
            journal_entry_id: self.journal_entry.as_deref().map(record_key),
            journal_entry_label: self
                .entry_number
                .map(|n| format!("№ {n} ({} г.)", self.entry_year.unwrap_or_default())),
            application_id: self.application.as_deref().map(record_key),
            application_label: self.application_number.map(|n| match self.applied_on {
                Some(on) => format!("№ {n} от {}", on.format("%d.%m.%Y")),
                None => format!("№ {n} ({} г.)", self.application_year.unwrap_or_default()),
            }),
            id: self.id,
            kind: self.kind,
            title: self.title,
            members: self.members,
            categories: self.categories,
            address: self.address,
            district_name: self.district_name,
            phone: self.phone,
            consent: self.consent,
            consent_date: self.consent_date,
            curator_name: self.curator_name,
            source: self.source,
            source_detail: self.source_detail,
            notes: self.notes,
            stage: self.stage,
            stage_since: self.stage_since,
            detected_on: self.detected_on,
            need_recognised_on: self.need_recognised_on,
            plan_approved_on: self.plan_approved_on,
            clocks,
            created_at: self.created_at,
            created_by_name: self.created_by_name,
            updated_at: self.updated_at,
            updated_by_name: self.updated_by_name,
            version: self.version,
        }
    }
}

/// A card as stored.
#[derive(Debug, Clone, Deserialize)]
pub struct CardRow {
    pub(super) id: String,
    pub(super) year: i64,
    pub(super) number: i64,
    pub(super) title: String,
    pub(super) district: Option<String>,
    #[serde(default)]
    district_number: Option<i64>,
    pub(super) categories: Vec<Category>,
    pub(super) curator: Option<String>,
    #[serde(default)]
    curator_name: Option<String>,
    pub(super) stage: Stage,
    member_count: usize,
    pub(super) due_on: Option<NaiveDate>,
    pub(super) due_clock: Option<ClockKind>,
    pub(super) board_key: String,
    pub(super) version: i64,
    #[serde(default)]
    route_done: Option<u32>,
    #[serde(default)]
    route_total: Option<u32>,
    #[serde(default)]
    route_next: Option<NaiveDate>,
    #[serde(default)]
    route_until: Option<NaiveDate>,
    #[serde(default)]
    route_open: Option<Vec<NaiveDate>>,
}

impl CardRow {
    /// The case's record key.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// Order within a column.
    pub fn board_key(&self) -> &str {
        &self.board_key
    }

    /// The curator's record id.
    pub fn curator_id(&self) -> Option<&str> {
        self.curator.as_deref()
    }

    /// The row with its curator's name and its district's number from the cache of names.
    pub fn named(mut self, names: &crate::db::names::Names) -> Self {
        self.curator_name = self.curator.as_deref().and_then(|c| names.full_name(c)).cloned();
        self.district_number = self.district.as_deref().and_then(|d| names.district_number(d));
        self
    }

    pub fn into_card(self, calendar: &ProductionCalendar, today: NaiveDate) -> Card {
        let clock = match (self.due_on, self.due_clock) {
            (Some(due), Some(kind)) => {
                let state = if today > due {
                    ClockState::Overdue { due, days_over: calendar.working_days_between(due, today) }
                } else {
                    ClockState::Running { due, days_left: calendar.working_days_between(today, due) }
                };
                Some(Clock { kind, state, preliminary: calendar.is_preliminary(due) })
            }
            _ => None,
        };
        Card {
            id: self.id,
            number: case_number(self.year, self.number),
            title: self.title,
            district_id: self.district.as_deref().map(record_key),
            district_short: self.district_number.map(|n| format!("Уч. {n}")),
            categories: self.categories,
            curator_id: self.curator.as_deref().map(record_key),
            curator_name: self.curator_name.as_deref().map(short_name),
            stage: self.stage,
            members: self.member_count,
            due: self.due_on,
            clock: self.due_clock,
            urgency: clock.as_ref().and_then(Clock::urgency),
            due_text: clock.as_ref().and_then(Clock::badge),
            due_preliminary: clock.as_ref().is_some_and(|c| c.preliminary),
            board_key: self.board_key,
            version: self.version,
            route: progress(
                self.route_done,
                self.route_total,
                self.route_next,
                self.route_until,
                self.route_open.as_deref(),
                calendar,
                today,
            ),
        }
    }
}

impl CaseFacts {
    pub fn of_row(row: &CaseRow) -> Self {
        CaseFacts {
            stage: row.stage,
            has_curator: row.curator.is_some(),
            members: row.members.len(),
            consent: row.consent && row.consent_date.is_some(),
            need_recognised: row.need_recognised_on.is_some(),
            plan_approved: row.plan_approved_on.is_some(),
            concluded: row.plan_concluded.unwrap_or(false) || row.ippsu_concluded.unwrap_or(false),
        }
    }
}

impl CaseRow {
    pub fn stage(&self) -> Stage {
        self.stage
    }
    pub fn version(&self) -> i64 {
        self.version
    }
    pub fn plan_approved_on(&self) -> Option<NaiveDate> {
        self.plan_approved_on
    }
    pub fn label(&self) -> String {
        format!("№ {} «{}»", case_number(self.year, self.number), self.title)
    }
}
