//! Database side of the events grid, the interest groups and the invitations. Server-only.

use super::events::*;
use super::repo::{self, per_district_keys};
use super::types::{ElderRow, Interest};
use crate::auth::CurrentUser;
use crate::db::{date_text, take_one, take_rows, transaction_error, Db};
use crate::error::{AppError, AppResult};
use crate::keys::{is_record_key, record_key};
use chrono::{DateTime, NaiveDate, Utc};
use serde::Deserialize;
use surrealdb::types::{RecordId, SurrealValue};

fn event_id(id: &str) -> RecordId {
    RecordId::new("elder_event", id.to_string())
}

fn district_ids(districts: &[String]) -> Vec<RecordId> {
    per_district_keys(districts).into_iter().map(|d| RecordId::new("district", d)).collect()
}

const EVENT_FIELDS: &str =
    "record::id(id) AS id, title, kind, topic, starts_at, place, organiser, suits, notes, version";

#[derive(Deserialize)]
struct EventRow {
    id: String,
    title: String,
    kind: EventKind,
    topic: Option<SafetyTopic>,
    starts_at: DateTime<Utc>,
    place: String,
    organiser: String,
    suits: Vec<Interest>,
    notes: Option<String>,
    version: i64,
}

impl EventRow {
    fn into_event(self) -> Event {
        Event {
            id: self.id,
            title: self.title,
            kind: self.kind,
            topic: self.topic,
            starts_at: self.starts_at,
            place: self.place,
            organiser: self.organiser,
            suits: self.suits,
            notes: self.notes,
            version: self.version,
            informed: 0,
            attended: 0,
        }
    }
}

/// How many people of these districts were informed of each event, and came.
async fn with_counts(db: &Db, mut events: Vec<Event>, districts: &[String]) -> AppResult<Vec<Event>> {
    #[derive(Deserialize)]
    struct Mark {
        event: String,
        attended: Option<bool>,
    }
    let ids: Vec<RecordId> = events.iter().map(|e| event_id(&e.id)).collect();
    let mut response = db
        .query("SELECT event, attended FROM elder_invitation WHERE event INSIDE $events AND district INSIDE $districts")
        .bind(("events", ids))
        .bind(("districts", district_ids(districts)))
        .await?
        .check()?;
    let marks: Vec<Mark> = take_rows(&mut response, 0)?;
    for event in &mut events {
        let of: Vec<&Mark> = marks.iter().filter(|m| record_key(&m.event) == event.id).collect();
        event.informed = of.len() as u32;
        event.attended = of.iter().filter(|m| m.attended == Some(true)).count() as u32;
    }
    Ok(events)
}

/// The events of the days `from`..=`to`, in order of time, with the counts of the districts.
pub async fn events_between(db: &Db, from: NaiveDate, to: NaiveDate, districts: &[String]) -> AppResult<Vec<Event>> {
    let mut response = db
        .query(format!(
            "SELECT {EVENT_FIELDS} FROM elder_event WHERE day >= $from AND day <= $to ORDER BY starts_at LIMIT 500"
        ))
        .bind(("from", date_text(from)))
        .bind(("to", date_text(to)))
        .await?
        .check()?;
    let events = take_rows::<EventRow>(&mut response, 0)?.into_iter().map(EventRow::into_event).collect();
    with_counts(db, events, districts).await
}

/// An event by key.
pub async fn event(db: &Db, id: &str, districts: &[String]) -> AppResult<Option<Event>> {
    if !is_record_key(id) {
        return Ok(None);
    }
    let mut response = db.query(format!("SELECT {EVENT_FIELDS} FROM $id")).bind(("id", event_id(id))).await?;
    match take_one::<EventRow>(&mut response, 0)? {
        Some(row) => Ok(with_counts(db, vec![row.into_event()], districts).await?.into_iter().next()),
        None => Ok(None),
    }
}

#[derive(SurrealValue, Clone)]
struct EventContent {
    title: String,
    kind: String,
    topic: Option<String>,
    starts_at: DateTime<Utc>,
    day: String,
    place: String,
    organiser: String,
    suits: Vec<String>,
    notes: Option<String>,
    updated_at: DateTime<Utc>,
    updated_by_name: String,
}

impl EventContent {
    fn new(event: &ValidEvent, user: &CurrentUser, now: DateTime<Utc>) -> EventContent {
        EventContent {
            title: event.title.clone(),
            kind: event.kind.code().to_string(),
            topic: event.topic.map(|t| t.code().to_string()),
            starts_at: event.starts_at,
            day: date_text(crate::time::local_today(event.starts_at)),
            place: event.place.clone(),
            organiser: event.organiser.clone(),
            suits: event.suits.iter().map(|s| s.code().to_string()).collect(),
            notes: event.notes.clone(),
            updated_at: now,
            updated_by_name: user.full_name.clone(),
        }
    }
}

/// «название|2026-12-12T10:00:00Z»: an event of the grid once, by its title and start.
pub fn event_key(title: &str, starts_at: DateTime<Utc>) -> String {
    format!("{}|{}", crate::validation::fold_yo(&title.trim().to_lowercase()), starts_at.format("%Y-%m-%dT%H:%M"))
}

/// The keys (`event_key`) of the grid's events on the days `first..=last`.
pub async fn event_keys(db: &Db, first: NaiveDate, last: NaiveDate) -> AppResult<std::collections::HashSet<String>> {
    #[derive(Deserialize)]
    struct Row {
        title: String,
        starts_at: DateTime<Utc>,
    }
    let mut response = db
        .query("SELECT title, starts_at FROM elder_event WHERE day >= $first AND day <= $last")
        .bind(("first", date_text(first)))
        .bind(("last", date_text(last)))
        .await?
        .check()?;
    let rows: Vec<Row> = take_rows(&mut response, 0)?;
    Ok(rows.iter().map(|r| event_key(&r.title, r.starts_at)).collect())
}

/// Adds the events of a loaded grid, all or none, with `audit` in the same transaction.
pub async fn create_events(
    db: &Db,
    user: &CurrentUser,
    events: &[ValidEvent],
    audit: crate::audit::ssr::AuditLine,
) -> AppResult<()> {
    let now = Utc::now();
    let rows: Vec<EventContent> = events.iter().map(|e| EventContent::new(e, user, now)).collect();
    let mut response = db
        .query(
            "BEGIN TRANSACTION;
             FOR $content IN $rows { CREATE elder_event CONTENT object::extend($content, { version: 1 }); };
             CREATE audit CONTENT object::extend($audit, { at: time::now() });
             COMMIT TRANSACTION;",
        )
        .bind(("rows", rows))
        .bind(("audit", audit))
        .await?;
    match transaction_error(&mut response) {
        None => Ok(()),
        Some(e) => Err(e.into()),
    }
}

/// Adds an event to the grid (`id` empty) or saves it if nobody changed it since `version`;
/// its key.
pub async fn save_event(db: &Db, user: &CurrentUser, id: &str, version: i64, event: &ValidEvent) -> AppResult<String> {
    let content = EventContent::new(event, user, Utc::now());
    if id.is_empty() {
        let mut response = db
            .query("RETURN record::id((CREATE ONLY elder_event CONTENT object::extend($content, { version: 1 })).id)")
            .bind(("content", content))
            .await?;
        let created: Option<String> = response.take(0)?;
        return created.ok_or_else(|| AppError::internal("event not created"));
    }
    let mut response = db
        .query("UPDATE $id MERGE object::extend($content, { version: $version + 1 }) WHERE version = $version RETURN VALUE id")
        .bind(("id", event_id(id)))
        .bind(("content", content))
        .bind(("version", version))
        .await?;
    let saved: Vec<serde_json::Value> = take_rows(&mut response, 0)?;
    if saved.is_empty() {
        return Err(AppError::Conflict(
            "Мероприятие изменили, пока вы его правили. Ваши правки остались на экране: откройте его заново и внесите их ещё раз."
                .into(),
        ));
    }
    Ok(id.to_string())
}

/// Who of these districts was informed of an event, by name.
pub async fn invited(db: &Db, event: &str, districts: &[String]) -> AppResult<Vec<Invitee>> {
    #[derive(Deserialize)]
    struct Row {
        elder: String,
        informed_at: DateTime<Utc>,
        way: InformWay,
        by_name: String,
        attended: Option<bool>,
    }
    let mut response = db
        .query(
            "SELECT elder, informed_at, way, by_name, attended FROM elder_invitation
             WHERE event = $event AND district INSIDE $districts",
        )
        .bind(("event", event_id(event)))
        .bind(("districts", district_ids(districts)))
        .await?
        .check()?;
    let rows: Vec<Row> = take_rows(&mut response, 0)?;
    let ids: Vec<String> = rows.iter().map(|r| record_key(&r.elder)).collect();
    let people = repo::rows_of(db, &ids).await?;
    Ok(people
        .into_iter()
        .filter_map(|elder| {
            let row = rows.iter().find(|r| record_key(&r.elder) == elder.id)?;
            Some(Invitee {
                informed_at: row.informed_at,
                way: row.way,
                by_name: row.by_name.clone(),
                attended: row.attended,
                elder,
            })
        })
        .collect())
}

#[derive(SurrealValue, Clone)]
struct Invitation {
    elder: RecordId,
    district: RecordId,
}

/// Records that these people — (person, district) keys the caller has checked: in the registry,
/// on the user's districts — were informed of an event, how and now; those informed before keep
/// their first record. How many were named.
pub async fn inform(
    db: &Db,
    user: &CurrentUser,
    event: &str,
    people: &[(String, String)],
    way: InformWay,
) -> AppResult<usize> {
    let invitations: Vec<Invitation> = people
        .iter()
        .map(|(elder, district)| Invitation {
            elder: RecordId::new("elder", elder.clone()),
            district: RecordId::new("district", district.clone()),
        })
        .collect();
    let count = invitations.len();
    let mut response = db
        .query(
            "BEGIN TRANSACTION;
             FOR $i IN $invitations {
                 IF array::len(SELECT VALUE id FROM elder_invitation WHERE event = $event AND elder = $i.elder) = 0 {
                     CREATE elder_invitation CONTENT { event: $event, elder: $i.elder, district: $i.district,
                         informed_at: time::now(), way: $way, by_name: $by_name };
                 };
             };
             COMMIT TRANSACTION;",
        )
        .bind(("invitations", invitations))
        .bind(("event", event_id(event)))
        .bind(("way", way.code().to_string()))
        .bind(("by_name", user.full_name.clone()))
        .await?;
    if let Some(e) = transaction_error(&mut response) {
        return Err(e.into());
    }
    Ok(count)
}

/// Marks whether an informed person came; false when the person was not informed of the event.
pub async fn attend(db: &Db, event: &str, elder: &str, attended: bool) -> AppResult<bool> {
    let mut response = db
        .query(
            "UPDATE elder_invitation SET attended = $attended WHERE event = $event AND elder = $elder RETURN VALUE id",
        )
        .bind(("attended", attended))
        .bind(("event", event_id(event)))
        .bind(("elder", RecordId::new("elder", elder.to_string())))
        .await?;
    let done: Vec<serde_json::Value> = take_rows(&mut response, 0)?;
    Ok(!done.is_empty())
}

/// The interest groups, by name, without their members counted.
async fn group_rows(db: &Db) -> AppResult<Vec<InterestGroup>> {
    #[derive(Deserialize)]
    struct Row {
        id: String,
        name: String,
        theme: Interest,
        leader: String,
    }
    let mut response =
        db.query("SELECT record::id(id) AS id, name, theme, leader FROM elder_group ORDER BY name").await?.check()?;
    Ok(take_rows::<Row>(&mut response, 0)?
        .into_iter()
        .map(|g| InterestGroup { id: g.id, name: g.name, theme: g.theme, leader: g.leader, members: None })
        .collect())
}

/// The interest groups, by name, with their members of these districts.
pub async fn groups(db: &Db, districts: &[String]) -> AppResult<Vec<InterestGroup>> {
    #[derive(Deserialize)]
    struct Member {
        groups_joined: Vec<String>,
    }
    let mut response = db
        .query(
            "SELECT groups_joined FROM elder WHERE groups_joined != [] AND in_registry = true AND district INSIDE $districts",
        )
        .bind(("districts", district_ids(districts)))
        .await?
        .check()?;
    let members: Vec<Member> = take_rows(&mut response, 0)?;
    let mut groups = group_rows(db).await?;
    for g in &mut groups {
        g.members =
            Some(members.iter().filter(|m| m.groups_joined.iter().any(|j| record_key(j) == g.id)).count() as u32);
    }
    Ok(groups)
}

/// Creates an interest group; its key. A second group of the same name is refused at the field.
pub async fn create_group(db: &Db, user: &CurrentUser, name: &str, theme: Interest, leader: &str) -> AppResult<String> {
    let mut response = db
        .query(
            "RETURN record::id((CREATE ONLY elder_group CONTENT { name: $name, theme: $theme, leader: $leader,
                 updated_at: time::now(), updated_by_name: $by }).id)",
        )
        .bind(("name", name.to_string()))
        .bind(("theme", theme.code().to_string()))
        .bind(("leader", leader.to_string()))
        .bind(("by", user.full_name.clone()))
        .await?;
    if let Some(e) = transaction_error(&mut response) {
        if e.to_string().contains("elder_group_name") {
            return Err(AppError::field("name", "Группа с таким названием уже есть"));
        }
        return Err(e.into());
    }
    let created: Option<String> = response.take(0)?;
    created.ok_or_else(|| AppError::internal("group not created"))
}

/// Whether a group exists.
pub async fn group_exists(db: &Db, id: &str) -> AppResult<bool> {
    if !is_record_key(id) {
        return Ok(false);
    }
    let mut response =
        db.query("SELECT VALUE id FROM $g").bind(("g", RecordId::new("elder_group", id.to_string()))).await?;
    Ok(!take_rows::<serde_json::Value>(&mut response, 0)?.is_empty())
}

/// Puts a person into a group or takes them out.
pub async fn set_member(db: &Db, elder: &str, group: &str, member: bool) -> AppResult<()> {
    let statement = if member {
        "UPDATE $elder SET groups_joined = array::union(groups_joined, [$group])"
    } else {
        "UPDATE $elder SET groups_joined = array::complement(groups_joined, [$group])"
    };
    db.query(statement)
        .bind(("elder", RecordId::new("elder", elder.to_string())))
        .bind(("group", RecordId::new("elder_group", group.to_string())))
        .await?
        .check()?;
    Ok(())
}

/// The members of a group living on these districts, in the registry.
pub async fn members(db: &Db, group: &str, districts: &[String]) -> AppResult<Vec<ElderRow>> {
    let mut response = db
        .query(
            "SELECT VALUE record::id(id) FROM elder
             WHERE groups_joined CONTAINS $group AND in_registry = true AND district INSIDE $districts",
        )
        .bind(("group", RecordId::new("elder_group", group.to_string())))
        .bind(("districts", district_ids(districts)))
        .await?
        .check()?;
    let ids: Vec<String> = response.take(0)?;
    repo::rows_of(db, &ids).await
}

/// A person's events (the latest first), the safety-school topics they came to, their groups.
pub async fn person_events(db: &Db, elder: &str, districts: &[String]) -> AppResult<PersonEvents> {
    #[derive(Deserialize)]
    struct Row {
        event: String,
        way: InformWay,
        attended: Option<bool>,
    }
    #[derive(Deserialize)]
    struct Joined {
        groups_joined: Vec<String>,
    }
    let mut response = db
        .query(
            "SELECT event, way, attended FROM elder_invitation WHERE elder = $elder;
             SELECT groups_joined FROM $elder;",
        )
        .bind(("elder", RecordId::new("elder", elder.to_string())))
        .await?
        .check()?;
    let rows: Vec<Row> = take_rows(&mut response, 0)?;
    let joined: Vec<String> = take_one::<Joined>(&mut response, 1)?
        .map(|j| j.groups_joined.iter().map(|g| record_key(g)).collect())
        .unwrap_or_default();
    // The person's events in one read, with the counts of the districts in one more.
    let ids: Vec<RecordId> = rows.iter().map(|r| event_id(&record_key(&r.event))).collect();
    let mut response = db.query(format!("SELECT {EVENT_FIELDS} FROM $ids")).bind(("ids", ids)).await?.check()?;
    let found = take_rows::<EventRow>(&mut response, 0)?.into_iter().map(EventRow::into_event).collect();
    let found = with_counts(db, found, districts).await?;
    let mut events = Vec::new();
    let mut topics_had = Vec::new();
    for row in rows {
        let Some(event) = found.iter().find(|e| e.id == record_key(&row.event)) else { continue };
        if let (Some(true), Some(topic)) = (row.attended, event.topic) {
            if !topics_had.contains(&topic) {
                topics_had.push(topic);
            }
        }
        events.push((event.clone(), row.way, row.attended));
    }
    events.sort_by_key(|e| std::cmp::Reverse(e.0.starts_at));
    // The card chooses among the groups by name: their members are not counted here.
    let all_groups = group_rows(db).await?;
    Ok(PersonEvents {
        events,
        topics_had,
        groups: all_groups.iter().filter(|g| joined.contains(&g.id)).cloned().collect(),
        all_groups,
    })
}
