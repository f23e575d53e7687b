//! Database side of the quarterly report of the «дворовый» service. Server-only; the server
//! function, the workbook and the integration tests call the same functions.
//!
//! One batch of statements, per district with the district and the days as literals (checked
//! keys, days the server computed), so that SurrealDB reads index ranges: the registry through
//! the prefix (district, in the registry) of `elder_round`, the contacts and the needs through the
//! key range (district, day) of `elder_contact_on`, the events through `elder_event_day`, the
//! alerts through `elder_alert_open` (open, moment).
//!
//! Who was in the registry on a day: the person gave consent by then (`consent_on`, the day a
//! person enters the registry) and is in it still, or left after that day (leaving is a change of
//! the card, so its last change came later). The plan of a month is everyone in the registry at
//! some time in the month; the people reached are those of them with a contact in the month.

use super::events::{EventKind, SafetyTopic};
use super::repo::{districts_of, Scope};
use super::report::*;
use super::types::{AttentionGroup, Interest};
use crate::auth::{CurrentUser, Role};
use crate::db::{date_text, sql_literal, take_one, take_rows, Db};
use crate::districts::DistrictOption;
use crate::error::{AppError, AppResult};
use crate::keys::{is_record_key, record_key, record_literal};
use crate::time::{local_today, start_of_local_day};
use chrono::{DateTime, NaiveDate, Utc};
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use surrealdb::types::RecordId;

/// The report of the user's districts (or of the one asked for) for the quarter asked for (or
/// the current one). A district the user does not work, or a quarter not written as «2026-Q4»,
/// is refused at its field.
pub async fn report(db: &Db, user: &CurrentUser, query: &ReportQuery, now: DateTime<Utc>) -> AppResult<QuarterReport> {
    let today = local_today(now);
    let quarter = match query.quarter.trim() {
        "" => Quarter::of(today),
        text => Quarter::parse(text).ok_or_else(|| AppError::field("quarter", "Укажите квартал в виде 2026-Q4"))?,
    };
    let scope = Scope::of(db, user).await?;
    let keys = scope.read(query.district.trim())?;
    let districts: Vec<DistrictOption> = scope.mine.iter().filter(|d| keys.contains(&d.id)).cloned().collect();
    let chosen = if query.district.trim().is_empty() { None } else { districts.first() };
    let department = chosen.is_none() && districts_of(user).is_none();
    let (scope_text, total_label) = scope_words(department, chosen, &scope.mine);
    let figures = figures(db, &districts, quarter, now).await?;
    Ok(QuarterReport {
        quarter: quarter.code(),
        quarter_words: quarter.words(),
        period: period_words(quarter),
        counted_to: quarter.last_day().min(today),
        in_progress: quarter.last_day() >= today,
        choices: quarter_choices(today, quarter).into_iter().map(|q| (q.code(), q.words())).collect(),
        district: chosen.map(|d| d.id.clone()).unwrap_or_default(),
        districts: scope.mine,
        department,
        head: districts_of(user).is_none(),
        scope: scope_text,
        total_label,
        figures,
        prepared_by: user.full_name.clone(),
        prepared_at: now,
    })
}

/// A batch of statements, each remembered by its place in the response.
#[derive(Default)]
struct Batch {
    statements: Vec<String>,
}

impl Batch {
    fn push(&mut self, statement: String) -> usize {
        self.statements.push(statement);
        self.statements.len() - 1
    }
}

/// A datetime literal of an instant the server computed.
fn moment_literal(at: DateTime<Utc>) -> String {
    format!("d'{}'", at.format("%Y-%m-%dT%H:%M:%SZ"))
}

/// A day literal.
fn day_literal(day: NaiveDate) -> String {
    sql_literal(&date_text(day))
}

/// The first instant after a local day.
fn after(day: NaiveDate) -> DateTime<Utc> {
    start_of_local_day(day.succ_opt().unwrap_or(day))
}

/// The aliases of the counts of the groups of special attention: `g0`…, in `AttentionGroup::ALL`.
fn group_alias(i: usize) -> String {
    format!("g{i}")
}

/// The counts of one district's registry: at the end (`end`), by groups, and each month's plan.
/// `left`: for those who left the registry since `since`, each condition also wants the card
/// changed after the day counted.
pub fn registry_statement(district: &str, end: NaiveDate, months: &[MonthHead], left: Option<DateTime<Utc>>) -> String {
    let at_end = match left {
        None => format!("consent_on <= {}", day_literal(end)),
        Some(_) => format!("consent_on <= {} AND updated_at >= {}", day_literal(end), moment_literal(after(end))),
    };
    let mut fields = vec![
        format!("count({at_end}) AS registry"),
        format!("count({at_end} AND disability != NONE) AS disabled"),
        format!("count({at_end} AND case != NONE) AS with_case"),
    ];
    for (i, group) in AttentionGroup::ALL.iter().enumerate() {
        fields.push(format!("count({at_end} AND groups CONTAINS {}) AS {}", sql_literal(group.code()), group_alias(i)));
    }
    for (i, month) in months.iter().enumerate() {
        let condition = match left {
            None => format!("consent_on <= {}", day_literal(month.until)),
            Some(_) => format!(
                "consent_on <= {} AND updated_at >= {}",
                day_literal(month.until),
                moment_literal(start_of_local_day(month.first))
            ),
        };
        fields.push(format!("count({condition}) AS p{i}"));
    }
    let filter = match left {
        None => "in_registry = true".to_string(),
        Some(since) => format!("in_registry = false AND updated_at >= {}", moment_literal(since)),
    };
    format!("SELECT {} FROM elder WHERE district = {district} AND {filter} GROUP ALL", fields.join(", "))
}

/// The contacts of one district in the days `first`..=`last`, per month («2026-10»): how many,
/// and how many people of the registry (entered by the month's end) they reached. One pass over
/// the key range of `elder_contact_on`, each person's day of entry read once per month.
pub fn contacts_statement(district: &str, first: NaiveDate, last: NaiveDate) -> String {
    format!(
        "SELECT month, math::sum(n) AS contacts, count(since <= month + '-31') AS reached FROM (
             SELECT elder, elder.consent_on AS since, string::slice(day, 0, 7) AS month, count() AS n
             FROM elder_contact WHERE district = {district} AND day >= {} AND day <= {}
             GROUP BY elder, since, month
         ) GROUP BY month",
        day_literal(first),
        day_literal(last)
    )
}

/// The contacts of one district in the days `first`..=`last` at which a need or a dangerous
/// situation was found, with whether the person's case is linked.
pub fn findings_statement(district: &str, first: NaiveDate, last: NaiveDate) -> String {
    format!(
        "SELECT record::id(elder) AS elder, need != NONE AS need, danger != NONE AS danger,
             elder.case != NONE AS with_case
         FROM elder_contact WHERE district = {district} AND day >= {} AND day <= {}
             AND (need != NONE OR danger != NONE)",
        day_literal(first),
        day_literal(last)
    )
}

#[derive(Deserialize)]
struct ContactCounts {
    month: String,
    #[serde(default)]
    contacts: Option<u64>,
    #[serde(default)]
    reached: u64,
}

#[derive(Deserialize)]
struct Finding {
    elder: String,
    need: bool,
    danger: bool,
    with_case: bool,
}

#[derive(Deserialize)]
struct EventRow {
    id: String,
    kind: EventKind,
    topic: Option<SafetyTopic>,
}

#[derive(Deserialize)]
struct InvitationRow {
    event: String,
    district: String,
    elder: String,
    attended: Option<bool>,
}

#[derive(Deserialize)]
struct GroupRow {
    id: String,
    name: String,
    theme: Interest,
    leader: String,
}

#[derive(Deserialize)]
struct Joined {
    groups_joined: Vec<String>,
}

#[derive(Deserialize)]
struct AlertRow {
    district: String,
    open: bool,
}

#[derive(Deserialize)]
struct Worker {
    full_name: String,
    roles: Vec<Role>,
    districts: Vec<String>,
}

/// Where each district's statements stand in the response.
struct Places {
    registry: usize,
    left: usize,
    contacts: usize,
    joined: usize,
    findings: usize,
}

fn count_of(counts: &HashMap<String, Option<u64>>, key: &str) -> u64 {
    counts.get(key).copied().flatten().unwrap_or(0)
}

/// The figures of these districts for the quarter, counted up to `now`.
pub async fn figures(
    db: &Db,
    districts: &[DistrictOption],
    quarter: Quarter,
    now: DateTime<Utc>,
) -> AppResult<Figures> {
    let today = local_today(now);
    let months: Vec<MonthHead> = quarter.months().iter().map(|m| MonthHead::of(*m, today)).collect();
    let districts: Vec<&DistrictOption> = districts.iter().filter(|d| is_record_key(&d.id)).collect();
    let end = quarter.last_day().min(today);
    let (first, last) = (quarter.first_day(), quarter.last_day().min(today));
    let since = start_of_local_day(first);
    let mut batch = Batch::default();
    let mut places = Vec::new();
    for d in &districts {
        let literal = record_literal("district", &d.id);
        places.push(Places {
            registry: batch.push(registry_statement(&literal, end, &months, None)),
            left: batch.push(registry_statement(&literal, end, &months, Some(since))),
            contacts: batch.push(contacts_statement(&literal, first, last)),
            joined: batch.push(format!(
                "SELECT groups_joined FROM elder WHERE district = {literal} AND in_registry = true AND groups_joined != []"
            )),
            findings: batch.push(findings_statement(&literal, first, last)),
        });
    }
    // Events held in the quarter (begun by now), and the department's groups, alerts and staff.
    let events_at = batch.push(format!(
        "SELECT record::id(id) AS id, kind, topic FROM elder_event
         WHERE day >= {} AND day <= {} AND starts_at <= {}",
        day_literal(first),
        day_literal(last.max(first)),
        moment_literal(now)
    ));
    let groups_at =
        batch.push("SELECT record::id(id) AS id, name, theme, leader FROM elder_group ORDER BY name".into());
    let alert_window = |open: bool| {
        format!(
            "SELECT record::id(district) AS district, open FROM elder_alert
             WHERE open = {open} AND at >= {} AND at < {}",
            moment_literal(since),
            moment_literal(after(quarter.last_day()))
        )
    };
    let open_at = batch.push(alert_window(true));
    let acknowledged_at = batch.push(alert_window(false));
    let workers_at =
        batch.push("SELECT full_name, roles, districts FROM user WHERE active = true ORDER BY full_name".into());
    let statements = batch.statements.join(";\n");
    let mut response = db.query(statements).await?.check()?;

    let events: Vec<EventRow> = take_rows(&mut response, events_at)?;
    let group_rows: Vec<GroupRow> = take_rows(&mut response, groups_at)?;
    let mut alerts: Vec<AlertRow> = take_rows(&mut response, open_at)?;
    alerts.extend(take_rows::<AlertRow>(&mut response, acknowledged_at)?);
    let workers: Vec<Worker> = take_rows(&mut response, workers_at)?;

    // Who of these districts was informed of the events held, and who came.
    let invitations: Vec<InvitationRow> = if events.is_empty() || districts.is_empty() {
        vec![]
    } else {
        let ids: Vec<RecordId> = events.iter().map(|e| RecordId::new("elder_event", e.id.clone())).collect();
        let keys: Vec<RecordId> = districts.iter().map(|d| RecordId::new("district", d.id.clone())).collect();
        let mut response = db
            .query(
                "SELECT record::id(event) AS event, record::id(district) AS district, record::id(elder) AS elder,
                     attended
                 FROM elder_invitation WHERE event INSIDE $events AND district INSIDE $districts",
            )
            .bind(("events", ids))
            .bind(("districts", keys))
            .await?
            .check()?;
        take_rows(&mut response, 0)?
    };
    let event_of: HashMap<&str, &EventRow> = events.iter().map(|e| (e.id.as_str(), e)).collect();

    let mut rows = Vec::new();
    let mut members_of_groups: BTreeMap<String, u64> = BTreeMap::new();
    for (d, at) in districts.iter().zip(&places) {
        let counts: HashMap<String, Option<u64>> = take_one(&mut response, at.registry)?.unwrap_or_default();
        let left: HashMap<String, Option<u64>> = take_one(&mut response, at.left)?.unwrap_or_default();
        let both = |key: &str| count_of(&counts, key) + count_of(&left, key);
        let mut row = DistrictFigures {
            district_id: d.id.clone(),
            district_name: d.name.clone(),
            caseworkers: workers
                .iter()
                .filter(|w| w.roles.contains(&Role::Caseworker) && w.districts.iter().any(|x| record_key(x) == d.id))
                .map(|w| crate::auth::short_name(&w.full_name))
                .collect(),
            registry: both("registry"),
            disabled: both("disabled"),
            with_case: both("with_case"),
            groups: (0..AttentionGroup::ALL.len()).map(|i| both(&group_alias(i))).collect(),
            ..Default::default()
        };
        let contacts: Vec<ContactCounts> = take_rows(&mut response, at.contacts)?;
        for (i, month) in months.iter().enumerate() {
            let code = month.first.format("%Y-%m").to_string();
            let counted = contacts.iter().find(|c| c.month == code);
            row.months.push(MonthFigures {
                plan: both(&format!("p{i}")),
                contacts: counted.and_then(|c| c.contacts).unwrap_or(0),
                reached: counted.map(|c| c.reached).unwrap_or(0),
            });
        }
        let joined: Vec<Joined> = take_rows(&mut response, at.joined)?;
        let mut groups_here = BTreeSet::new();
        for person in &joined {
            let mine: BTreeSet<String> = person.groups_joined.iter().map(|g| record_key(g)).collect();
            for g in &mine {
                *members_of_groups.entry(g.clone()).or_default() += 1;
            }
            groups_here.extend(mine);
        }
        row.group_members = joined.len() as u64;
        row.groups_active = groups_here.len() as u64;
        let findings: Vec<Finding> = take_rows(&mut response, at.findings)?;
        let people = |want: fn(&Finding) -> bool, with_case: bool| -> u64 {
            findings
                .iter()
                .filter(|f| want(f) && (!with_case || f.with_case))
                .map(|f| f.elder.as_str())
                .collect::<BTreeSet<_>>()
                .len() as u64
        };
        row.needs = findings.iter().filter(|f| f.need).count() as u64;
        row.needs_people = people(|f| f.need, false);
        row.needs_with_case = people(|f| f.need, true);
        row.dangers = findings.iter().filter(|f| f.danger).count() as u64;
        row.dangers_people = people(|f| f.danger, false);
        row.dangers_with_case = people(|f| f.danger, true);
        for alert in alerts.iter().filter(|a| record_key(&a.district) == d.id) {
            if alert.open {
                row.alerts_open += 1;
            } else {
                row.alerts_acknowledged += 1;
            }
        }
        let mut safety_people = BTreeSet::new();
        for invitation in invitations.iter().filter(|i| i.district == d.id) {
            let Some(event) = event_of.get(invitation.event.as_str()) else { continue };
            let came = invitation.attended == Some(true);
            row.informed += 1;
            row.attended += u64::from(came);
            if event.kind == EventKind::SafetySchool {
                row.safety_informed += 1;
                row.safety_attended += u64::from(came);
                if came {
                    safety_people.insert(invitation.elder.as_str());
                }
            }
        }
        row.safety_people = safety_people.len() as u64;
        rows.push(row);
    }
    let mut total = DistrictFigures::total(&rows, months.len());
    total.groups_active = members_of_groups.len() as u64;

    let mut kinds: Vec<KindFigures> = Vec::new();
    let mut topics: Vec<TopicFigures> = Vec::new();
    for event in &events {
        let of_event = invitations.iter().filter(|i| i.event == event.id);
        let informed = of_event.clone().count() as u64;
        let attended = of_event.filter(|i| i.attended == Some(true)).count() as u64;
        match kinds.iter_mut().find(|k| k.kind == event.kind) {
            Some(k) => {
                k.held += 1;
                k.informed += informed;
                k.attended += attended;
            }
            None => kinds.push(KindFigures { kind: event.kind, held: 1, informed, attended }),
        }
        if event.kind == EventKind::SafetySchool {
            match topics.iter_mut().find(|t| t.topic == event.topic) {
                Some(t) => {
                    t.sessions += 1;
                    t.informed += informed;
                    t.attended += attended;
                }
                None => topics.push(TopicFigures { topic: event.topic, sessions: 1, informed, attended }),
            }
        }
    }
    kinds.sort_by_key(|k| EventKind::ALL.iter().position(|x| *x == k.kind));
    topics.sort_by_key(|t| t.topic.and_then(|x| SafetyTopic::ALL.iter().position(|y| *y == x)).unwrap_or(usize::MAX));
    let groups = group_rows
        .into_iter()
        .map(|g| GroupFigures {
            members: members_of_groups.get(&g.id).copied().unwrap_or(0),
            name: g.name,
            theme: g.theme,
            leader: g.leader,
        })
        .collect();
    Ok(Figures {
        events_held: events.len() as u64,
        safety_held: events.iter().filter(|e| e.kind == EventKind::SafetySchool).count() as u64,
        months,
        rows,
        total,
        kinds,
        topics,
        groups,
    })
}
