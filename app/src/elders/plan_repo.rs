//! Database side of the needs card and the individual plan. Server-only. Every change writes
//! its audit line in the same transaction; the needs card and each plan item carry a version
//! (optimistic concurrency). Partners of the resource map are read here by a plain query of
//! their own table (name, kind, districts), not through the resource map's code.

use super::plan::*;
use super::types::{Elder, Interest};
use crate::audit::ssr::AuditLine;
use crate::auth::CurrentUser;
use crate::db::{date_text, take_one, take_rows, transaction_error, Db};
use crate::error::{AppError, AppResult, FieldErrors};
use crate::keys::{is_record_key, record_key};
use chrono::{DateTime, Months, NaiveDate, Utc};
use serde::Deserialize;
use surrealdb::types::{RecordId, SurrealValue};

fn elder_id(id: &str) -> RecordId {
    RecordId::new("elder", id.to_string())
}

fn card_id(elder: &str) -> RecordId {
    RecordId::new("elder_needs_card", elder.to_string())
}

fn item_id(id: &str) -> RecordId {
    RecordId::new("elder_plan_item", id.to_string())
}

const CARD_FIELDS: &str = "priorities, preferences, group_fit, help_needs, help_note, can_give, can_give_note, \
    version, updated_at, updated_by_name";

#[derive(Deserialize)]
struct CardRow {
    priorities: Vec<String>,
    preferences: Option<String>,
    group_fit: GroupFit,
    help_needs: Vec<String>,
    help_note: Option<String>,
    can_give: Vec<String>,
    can_give_note: Option<String>,
    version: i64,
    updated_at: DateTime<Utc>,
    updated_by_name: String,
}

impl CardRow {
    fn into_card(self) -> NeedsCard {
        // Codes a later version no longer knows are left out rather than failing the page.
        NeedsCard {
            priorities: self.priorities.iter().filter_map(|c| Interest::from_code(c)).collect(),
            preferences: self.preferences,
            group_fit: self.group_fit,
            help_needs: self.help_needs.iter().filter_map(|c| HelpNeed::from_code(c)).collect(),
            help_note: self.help_note,
            can_give: self.can_give.iter().filter_map(|c| Contribution::from_code(c)).collect(),
            can_give_note: self.can_give_note,
            version: self.version,
            updated_at: self.updated_at,
            updated_by_name: self.updated_by_name,
        }
    }
}

/// The person's needs card, if filled in.
pub async fn needs_card(db: &Db, elder: &str) -> AppResult<Option<NeedsCard>> {
    if !is_record_key(elder) {
        return Ok(None);
    }
    let mut response = db.query(format!("SELECT {CARD_FIELDS} FROM $card")).bind(("card", card_id(elder))).await?;
    Ok(take_one::<CardRow>(&mut response, 0)?.map(CardRow::into_card))
}

#[derive(SurrealValue, Clone)]
struct CardContent {
    priorities: Vec<String>,
    preferences: Option<String>,
    group_fit: String,
    help_needs: Vec<String>,
    help_note: Option<String>,
    can_give: Vec<String>,
    can_give_note: Option<String>,
    updated_at: DateTime<Utc>,
    updated_by_name: String,
}

fn codes<T: Copy>(values: &[T], code: fn(T) -> &'static str) -> Vec<String> {
    values.iter().map(|v| code(*v).to_string()).collect()
}

/// The sentence of a lost race: who changed it and when; what was typed stays on the screen.
fn conflict(what: &str, by: &str, at: DateTime<Utc>) -> AppError {
    AppError::Conflict(format!(
        "{what} изменил(а) {by} в {}, пока вы её правили. Ваши правки остались на экране: обновите страницу и внесите их ещё раз.",
        crate::time::format_datetime(at)
    ))
}

/// Saves the needs card (`version` 0: the first one) and the person's interests on the card of
/// the registry (whose version moves when they change); the new version of the needs card.
pub async fn save_needs(
    db: &Db,
    user: &CurrentUser,
    elder: &Elder,
    version: i64,
    needs: &ValidNeeds,
    audit: AuditLine,
) -> AppResult<i64> {
    let content = CardContent {
        priorities: codes(&needs.priorities, Interest::code),
        preferences: needs.preferences.clone(),
        group_fit: needs.group_fit.code().to_string(),
        help_needs: codes(&needs.help_needs, HelpNeed::code),
        help_note: needs.help_note.clone(),
        can_give: codes(&needs.can_give, Contribution::code),
        can_give_note: needs.can_give_note.clone(),
        updated_at: Utc::now(),
        updated_by_name: user.full_name.clone(),
    };
    let interests = codes(&needs.interests, Interest::code);
    let changed = interests != codes(&elder.interests, Interest::code);
    let mut response = db
        .query(
            "BEGIN TRANSACTION;
             IF $version = 0 {
                 IF record::exists($card) { THROW 'version_conflict' };
                 CREATE $card CONTENT object::extend($content, { elder: $elder, created_at: time::now(), version: 1 });
             } ELSE {
                 LET $updated = UPDATE $card MERGE object::extend($content, { version: $version + 1 })
                     WHERE version = $version RETURN VALUE id;
                 IF array::len($updated) = 0 { THROW 'version_conflict' };
             };
             IF $changed {
                 UPDATE $elder SET interests = $interests, version += 1, updated_at = time::now(),
                     updated_by_name = $name;
             };
             CREATE audit CONTENT object::extend($audit, { at: time::now() });
             COMMIT TRANSACTION;",
        )
        .bind(("card", card_id(&elder.id)))
        .bind(("elder", elder_id(&elder.id)))
        .bind(("content", content))
        .bind(("version", version))
        .bind(("changed", changed))
        .bind(("interests", interests))
        .bind(("name", user.full_name.clone()))
        .bind(("audit", audit))
        .await?;
    match transaction_error(&mut response) {
        None => Ok(version + 1),
        Some(e) if e.to_string().contains("version_conflict") => match needs_card(db, &elder.id).await? {
            Some(now) => Err(conflict("Карту потребностей", &now.updated_by_name, now.updated_at)),
            None => {
                Err(AppError::Conflict("Карту потребностей удалили, пока вы её правили. Обновите страницу.".into()))
            }
        },
        Some(e) => Err(e.into()),
    }
}

const ITEM_FIELDS: &str = "record::id(id) AS id, record::id(elder) AS elder_id, period, kind, title, interest, \
    event AS event_id, group AS group_id, partner AS partner_id, note, done, marked_at, marked_by_name, \
    version";

#[derive(Deserialize)]
struct ItemRow {
    id: String,
    elder_id: String,
    period: String,
    kind: ItemKind,
    title: String,
    interest: Option<Interest>,
    event_id: Option<String>,
    group_id: Option<String>,
    partner_id: Option<String>,
    note: Option<String>,
    done: Option<bool>,
    marked_at: Option<DateTime<Utc>>,
    marked_by_name: Option<String>,
    version: i64,
}

impl ItemRow {
    fn into_item(self) -> PlanItem {
        PlanItem {
            id: self.id,
            period: self.period,
            kind: self.kind,
            title: self.title,
            interest: self.interest,
            event_id: self.event_id.as_deref().map(record_key),
            group_id: self.group_id.as_deref().map(record_key),
            partner_id: self.partner_id.as_deref().map(record_key),
            note: self.note,
            done: self.done,
            marked_at: self.marked_at,
            marked_by_name: self.marked_by_name,
            version: self.version,
        }
    }
}

/// The person's plan items of these periods, longest period first, then as added.
pub async fn items(db: &Db, elder: &str, periods: &[Period]) -> AppResult<Vec<PlanItem>> {
    let codes: Vec<String> = periods.iter().map(|p| p.code()).collect();
    let mut response = db
        .query(format!(
            "SELECT {ITEM_FIELDS}, created_at FROM elder_plan_item WHERE elder = $elder AND period IN $periods
             ORDER BY created_at LIMIT 1000"
        ))
        .bind(("elder", elder_id(elder)))
        .bind(("periods", codes))
        .await?
        .check()?;
    let mut items: Vec<PlanItem> =
        take_rows::<ItemRow>(&mut response, 0)?.into_iter().map(ItemRow::into_item).collect();
    items.sort_by_key(|i| Period::parse(&i.period).map(Period::sort_key));
    Ok(items)
}

/// The events already in the person's plan, of any period.
pub async fn planned_events(db: &Db, elder: &str) -> AppResult<Vec<String>> {
    let mut response = db
        .query("SELECT VALUE event FROM elder_plan_item WHERE elder = $elder AND event != NONE")
        .bind(("elder", elder_id(elder)))
        .await?
        .check()?;
    let keys: Vec<serde_json::Value> = response.take(0)?;
    Ok(keys.iter().filter_map(|k| k.as_str()).map(record_key).collect())
}

/// An item by key with its person's key.
pub async fn item(db: &Db, id: &str) -> AppResult<Option<(String, PlanItem)>> {
    if !is_record_key(id) {
        return Ok(None);
    }
    let mut response = db.query(format!("SELECT {ITEM_FIELDS} FROM $id")).bind(("id", item_id(id))).await?;
    Ok(take_one::<ItemRow>(&mut response, 0)?.map(|row| (row.elder_id.clone(), row.into_item())))
}

#[derive(SurrealValue, Clone)]
struct ItemContent {
    period: String,
    period_kind: String,
    kind: String,
    title: String,
    interest: Option<String>,
    event: Option<RecordId>,
    group: Option<RecordId>,
    partner: Option<RecordId>,
    note: Option<String>,
    updated_at: DateTime<Utc>,
    updated_by_name: String,
}

impl ItemContent {
    fn new(item: &ValidItem, user: &CurrentUser) -> Self {
        ItemContent {
            period: item.period.code(),
            period_kind: item.period.kind().code().to_string(),
            kind: item.kind.code().to_string(),
            title: item.title.clone(),
            interest: item.interest.map(|i| i.code().to_string()),
            event: item.event.as_ref().map(|k| RecordId::new("elder_event", k.clone())),
            group: item.group.as_ref().map(|k| RecordId::new("elder_group", k.clone())),
            partner: item.partner.as_ref().map(|k| RecordId::new("partner", k.clone())),
            note: item.note.clone(),
            updated_at: Utc::now(),
            updated_by_name: user.full_name.clone(),
        }
    }
}

/// Most items of one period of one person's plan.
pub const MAX_ITEMS: i64 = 60;

/// The checks a save of an item makes inside its transaction: the linked records exist, the
/// period is not full.
const ITEM_CHECKS: &str = "
    IF $content.event != NONE AND !record::exists($content.event) { THROW 'missing_event' };
    IF $content.group != NONE AND !record::exists($content.group) { THROW 'missing_group' };
    IF $content.partner != NONE AND !record::exists($content.partner) { THROW 'missing_partner' };
    IF (SELECT VALUE count() FROM elder_plan_item WHERE elder = $elder AND period = $content.period GROUP ALL)[0] >= $max {
        THROW 'too_many'
    };";

/// A failed save of an item in the words of its field.
fn item_error(e: surrealdb::Error) -> AppError {
    let text = e.to_string();
    let mut errors = FieldErrors::new();
    for (code, field, message) in [
        ("missing_event", "event", "Мероприятие не найдено: его удалили из календаря"),
        ("missing_group", "group", "Группа не найдена"),
        ("missing_partner", "partner", "Партнёр не найден в карте ресурсов"),
        ("too_many", "period", "В плане на этот период уже слишком много пунктов"),
    ] {
        if text.contains(code) {
            errors.add(field, message);
            return AppError::Validation(errors);
        }
    }
    e.into()
}

/// Adds an item to the person's plan; its key.
pub async fn create_item(
    db: &Db,
    user: &CurrentUser,
    elder: &Elder,
    item: &ValidItem,
    audit: AuditLine,
) -> AppResult<String> {
    let mut response = db
        .query(format!(
            "BEGIN TRANSACTION;
             {ITEM_CHECKS}
             LET $created = CREATE ONLY elder_plan_item CONTENT object::extend($content, {{
                 elder: $elder, district: $district, created_at: time::now(), created_by_name: $name, version: 1 }});
             CREATE audit CONTENT object::extend($audit, {{ at: time::now() }});
             COMMIT TRANSACTION;
             RETURN record::id($created.id);"
        ))
        .bind(("content", ItemContent::new(item, user)))
        .bind(("elder", elder_id(&elder.id)))
        .bind(("district", RecordId::new("district", elder.district_id.clone())))
        .bind(("name", user.full_name.clone()))
        .bind(("max", MAX_ITEMS))
        .bind(("audit", audit))
        .await?;
    if let Some(e) = transaction_error(&mut response) {
        return Err(item_error(e));
    }
    let last = response.num_statements() - 1;
    let id: Option<String> = response.take(last)?;
    id.ok_or_else(|| AppError::internal("plan item not created"))
}

/// Why a change of an item lost: changed or deleted by someone since `version`.
async fn lost(db: &Db, id: &str) -> AppResult<AppError> {
    #[derive(Deserialize)]
    struct Who {
        updated_at: DateTime<Utc>,
        updated_by_name: String,
    }
    let mut response = db.query("SELECT updated_at, updated_by_name FROM $id").bind(("id", item_id(id))).await?;
    Ok(match take_one::<Who>(&mut response, 0)? {
        Some(w) => conflict("Пункт плана", &w.updated_by_name, w.updated_at),
        None => AppError::NotFound("Пункт плана уже удалён".into()),
    })
}

/// Saves an item if nobody changed it since `version`.
pub async fn update_item(
    db: &Db,
    user: &CurrentUser,
    elder: &str,
    id: &str,
    version: i64,
    item: &ValidItem,
    audit: AuditLine,
) -> AppResult<()> {
    let mut response = db
        .query(format!(
            "BEGIN TRANSACTION;
             LET $updated = UPDATE $id MERGE object::extend($content, {{ version: $version + 1 }})
                 WHERE version = $version RETURN VALUE id;
             IF array::len($updated) = 0 {{ THROW 'version_conflict' }};
             {ITEM_CHECKS}
             CREATE audit CONTENT object::extend($audit, {{ at: time::now() }});
             COMMIT TRANSACTION;"
        ))
        .bind(("id", item_id(id)))
        .bind(("content", ItemContent::new(item, user)))
        .bind(("elder", elder_id(elder)))
        .bind(("version", version))
        // The item itself is counted now: one more is allowed.
        .bind(("max", MAX_ITEMS + 1))
        .bind(("audit", audit))
        .await?;
    match transaction_error(&mut response) {
        None => Ok(()),
        Some(e) if e.to_string().contains("version_conflict") => Err(lost(db, id).await?),
        Some(e) => Err(item_error(e)),
    }
}

/// Marks an item done (true), not done (false) or takes the mark off (none).
pub async fn mark_item(
    db: &Db,
    user: &CurrentUser,
    id: &str,
    version: i64,
    done: Option<bool>,
    audit: AuditLine,
) -> AppResult<()> {
    let mut response = db
        .query(
            "BEGIN TRANSACTION;
             LET $updated = UPDATE $id SET done = $done,
                 marked_at = IF $done = NONE { NONE } ELSE { time::now() },
                 marked_by_name = IF $done = NONE { NONE } ELSE { $name },
                 updated_at = time::now(), updated_by_name = $name, version = $version + 1
                 WHERE version = $version RETURN VALUE id;
             IF array::len($updated) = 0 { THROW 'version_conflict' };
             CREATE audit CONTENT object::extend($audit, { at: time::now() });
             COMMIT TRANSACTION;",
        )
        .bind(("id", item_id(id)))
        .bind(("done", done))
        .bind(("name", user.full_name.clone()))
        .bind(("version", version))
        .bind(("audit", audit))
        .await?;
    match transaction_error(&mut response) {
        None => Ok(()),
        Some(e) if e.to_string().contains("version_conflict") => Err(lost(db, id).await?),
        Some(e) => Err(e.into()),
    }
}

/// Deletes an item if nobody changed it since `version`.
pub async fn delete_item(db: &Db, id: &str, version: i64, audit: AuditLine) -> AppResult<()> {
    let mut response = db
        .query(
            "BEGIN TRANSACTION;
             LET $deleted = DELETE $id WHERE version = $version RETURN BEFORE;
             IF array::len($deleted) = 0 { THROW 'version_conflict' };
             CREATE audit CONTENT object::extend($audit, { at: time::now() });
             COMMIT TRANSACTION;",
        )
        .bind(("id", item_id(id)))
        .bind(("version", version))
        .bind(("audit", audit))
        .await?;
    match transaction_error(&mut response) {
        None => Ok(()),
        Some(e) if e.to_string().contains("version_conflict") => Err(lost(db, id).await?),
        Some(e) => Err(e.into()),
    }
}

/// How far ahead events are suggested.
const EVENTS_AHEAD: u32 = 3;

/// What suggestions are made of: the events of the next three months, the interest groups and
/// the partners of the resource map serving the person's district (or the whole territory).
pub async fn sources(db: &Db, district: &str, today: NaiveDate) -> AppResult<SuggestionSources> {
    #[derive(Deserialize)]
    struct EventRow {
        id: String,
        title: String,
        kind: super::events::EventKind,
        starts_at: DateTime<Utc>,
        suits: Vec<Interest>,
    }
    #[derive(Deserialize)]
    struct GroupRow {
        id: String,
        name: String,
        theme: Interest,
    }
    #[derive(Deserialize)]
    struct PartnerRow {
        id: String,
        name: String,
        kind: String,
    }
    let until = today.checked_add_months(Months::new(EVENTS_AHEAD)).unwrap_or(today);
    let mut response = db
        .query(
            "SELECT record::id(id) AS id, title, kind, starts_at, suits FROM elder_event
                 WHERE day >= $from AND day <= $until ORDER BY starts_at LIMIT 300;
             SELECT record::id(id) AS id, name, theme FROM elder_group ORDER BY name LIMIT 300;
             SELECT record::id(id) AS id, name, kind FROM partner
                 WHERE archived = false AND (districts CONTAINS $district OR districts = [])
                 ORDER BY name LIMIT 200;",
        )
        .bind(("from", date_text(today)))
        .bind(("until", date_text(until)))
        .bind(("district", RecordId::new("district", district.to_string())))
        .await?
        .check()?;
    let events = take_rows::<EventRow>(&mut response, 0)?
        .into_iter()
        .map(|e| SourceEvent {
            id: e.id,
            title: e.title,
            kind: e.kind.label().to_string(),
            starts_at: e.starts_at,
            suits: e.suits,
        })
        .collect();
    let groups = take_rows::<GroupRow>(&mut response, 1)?.into_iter().map(|g| (g.id, g.name, g.theme)).collect();
    let partners = take_rows::<PartnerRow>(&mut response, 2)?.into_iter().map(|p| (p.id, p.name, p.kind)).collect();
    Ok(SuggestionSources { events, groups, partners })
}
