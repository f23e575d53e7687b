//! Server functions of the journal: the thin API between the pages and `repo`. Each checks the
//! caller's role first and writes the audit trail.

use super::types::*;
use crate::districts::DistrictOption;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

#[cfg(feature = "ssr")]
mod ssr {
    pub use crate::audit::ssr::{write as audit, Actor};
    pub use crate::audit::AuditAction;
    pub use crate::auth::permissions;
    pub use crate::auth::session::{require, with_status};
    pub use crate::journal::appeal::validate_appeal;
    pub use crate::journal::repo;
    pub use crate::state::db;
}

/// Describes the filters of a journal query for the audit trail.
pub fn describe_query(query: &JournalQuery) -> String {
    let mut parts = Vec::new();
    if !query.from.is_empty() || !query.to.is_empty() {
        parts.push(format!("период {}–{}", query.from, query.to));
    }
    for (name, value) in
        [("канал", &query.channel), ("тема", &query.topic), ("участок", &query.district), ("итог", &query.outcome)]
    {
        if !value.is_empty() {
            parts.push(format!("{name}: {value}"));
        }
    }
    if query.urgent == "1" {
        parts.push("только срочные".into());
    }
    if !query.q.trim().is_empty() {
        parts.push(format!("поиск «{}»", query.q.trim()));
    }
    if parts.is_empty() {
        "без фильтров".into()
    } else {
        parts.join(", ")
    }
}

#[server(prefix = "/api", endpoint = "journal/list")]
pub async fn list_journal(query: JournalQuery) -> Result<JournalPage, AppError> {
    use ssr::*;
    let user = require(permissions::JOURNAL_READ)?;
    let db = db()?;
    let page = with_status(repo::list(&db, &query).await)?;
    audit(
        &db,
        &Actor::user(&user),
        AuditAction::View,
        Some("journal".into()),
        format!("Журнал обращений: {}", describe_query(&query)),
        vec![],
    )
    .await?;
    Ok(page)
}

/// An entry with its history, for the entry page.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct EntryDetails {
    pub entry: JournalEntry,
    pub history: Vec<EntryEvent>,
}

#[server(prefix = "/api", endpoint = "journal/get")]
pub async fn get_entry(id: String) -> Result<EntryDetails, AppError> {
    use ssr::*;
    let user = require(permissions::JOURNAL_READ)?;
    let db = db()?;
    let Some(entry) = repo::get(&db, &id).await? else {
        return with_status(Err(AppError::NotFound("Запись журнала не найдена".into())));
    };
    let history = repo::history(&db, &id).await?;
    audit(
        &db,
        &Actor::user(&user),
        AuditAction::View,
        Some(format!("journal_entry:{id}")),
        format!("Запись журнала № {} от {}", entry.number, crate::time::format_date(entry.received_at)),
        vec![],
    )
    .await?;
    Ok(EntryDetails { entry, history })
}

/// A blank appeal form: now as the moment, the dispatcher as the one who passes an urgent appeal on.
#[server(prefix = "/api", endpoint = "journal/blank")]
pub async fn blank_appeal() -> Result<AppealForm, AppError> {
    use ssr::*;
    let user = require(permissions::JOURNAL_WRITE)?;
    Ok(AppealForm {
        received_at: crate::time::to_datetime_local(chrono::Utc::now()),
        channel: Channel::Phone.code().to_string(),
        handoff_by: user.short_name(),
        ..Default::default()
    })
}

#[server(prefix = "/api", endpoint = "journal/register", input = Json)]
pub async fn register_appeal(form: AppealForm) -> Result<JournalEntry, AppError> {
    use ssr::*;
    let user = require(permissions::JOURNAL_WRITE)?;
    let appeal = with_status(validate_appeal(&form, chrono::Utc::now()).map_err(AppError::Validation))?;
    let db = db()?;
    let entry = with_status(repo::register(&db, &user, &appeal).await)?;
    let blank = JournalEntry {
        full_name: None,
        phone: None,
        address: None,
        summary: String::new(),
        answer: None,
        answer_method: None,
        topics: vec![],
        district_id: None,
        district_name: None,
        urgent: false,
        handoff: None,
        outcome: None,
        ..entry.clone()
    };
    let changes = super::appeal::diff_entry(&blank, &appeal, entry.district_name.as_deref())
        .into_iter()
        .filter(|c| c.field != "received_at" && c.field != "channel")
        .collect();
    audit(
        &db,
        &Actor::user(&user),
        AuditAction::Create,
        Some(format!("journal_entry:{}", entry.id)),
        format!("Зарегистрировано обращение № {} ({})", entry.number, entry.channel.label()),
        changes,
    )
    .await?;
    Ok(entry)
}

#[server(prefix = "/api", endpoint = "journal/update", input = Json)]
/// Saves a change; answers with the entry and its history, so the page shows both at once.
pub async fn update_appeal(id: String, version: i64, form: AppealForm) -> Result<EntryDetails, AppError> {
    use ssr::*;
    let user = require(permissions::JOURNAL_WRITE)?;
    let appeal = with_status(validate_appeal(&form, chrono::Utc::now()).map_err(AppError::Validation))?;
    let db = db()?;
    let (entry, changes) = with_status(repo::update(&db, &user, &id, version, &appeal).await)?;
    if !changes.is_empty() {
        audit(
            &db,
            &Actor::user(&user),
            AuditAction::Update,
            Some(format!("journal_entry:{id}")),
            format!("Изменена запись журнала № {}", entry.number),
            changes,
        )
        .await?;
    }
    let history = repo::history(&db, &id).await?;
    Ok(EntryDetails { entry, history })
}

#[server(prefix = "/api", endpoint = "journal/districts")]
pub async fn list_districts() -> Result<Vec<DistrictOption>, AppError> {
    use ssr::*;
    crate::auth::session::current_user()?;
    crate::districts::repo::list(&db()?).await
}

/// Entries of a period for the print view (A4 landscape, like the paper journal).
#[server(prefix = "/api", endpoint = "journal/print")]
pub async fn print_journal(query: JournalQuery) -> Result<Vec<JournalEntry>, AppError> {
    use ssr::*;
    let user = require(permissions::JOURNAL_EXPORT)?;
    let db = db()?;
    let entries = with_status(repo::period(&db, &query, super::PRINT_LIMIT + 1).await)?;
    audit(
        &db,
        &Actor::user(&user),
        AuditAction::Print,
        Some("journal".into()),
        format!("Печать журнала: {}, записей: {}", describe_query(&query), entries.len().min(super::PRINT_LIMIT)),
        vec![],
    )
    .await?;
    Ok(entries)
}

/// The desk's report for a period (empty dates: this month so far).
#[server(prefix = "/api", endpoint = "journal/report", input = Json)]
pub async fn dispatch_report(query: super::report::ReportQuery) -> Result<super::report::DispatchReport, AppError> {
    use ssr::*;
    let user = require(permissions::JOURNAL_READ)?;
    let db = db()?;
    let report = with_status(report_of(&db, &query).await)?;
    audit(
        &db,
        &Actor::user(&user),
        AuditAction::View,
        Some("journal".into()),
        format!(
            "Отчёт службы «Семейная диспетчерская» за {} — {}",
            crate::time::format_naive_date(report.from),
            crate::time::format_naive_date(report.to)
        ),
        vec![],
    )
    .await?;
    Ok(report)
}

/// Counts the desk's report of a period from the journal.
#[cfg(feature = "ssr")]
pub async fn report_of(
    db: &crate::db::Db,
    query: &super::report::ReportQuery,
) -> Result<super::report::DispatchReport, AppError> {
    let now = chrono::Utc::now();
    let today = crate::time::local_today(now);
    let (from, to) = query.period(today, today).map_err(|m| AppError::field("from", m))?;
    let appeals = super::repo::report_facts(db, from, to).await?;
    Ok(super::report::DispatchReport {
        from,
        to,
        total: appeals.len() as u64,
        tables: super::report::compute(&appeals),
        prepared_at: now,
    })
}
