//! Server functions of the ИППСУ: reading follows the case's visibility; the caseworkers of the
//! case and the supervisors prepare and correct it; the supervisor enters the commission's
//! decision, which becomes the case's plan approval (the implementation clock counts from it).

use super::types::*;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

#[cfg(feature = "ssr")]
mod ssr {
    pub use crate::audit::ssr::{write as audit, Actor};
    pub use crate::audit::AuditAction;
    pub use crate::auth::permissions;
    pub use crate::auth::session::{require, with_status};
    pub use crate::ippsu::repo;
    pub use crate::keys::known as key;
    pub use crate::state::db;

    /// Names of providers and partners come from the database: one newly chosen and archived
    /// since is named on the form; one chosen before keeps the name it had.
    pub async fn name_partners(
        db: &crate::db::Db,
        content: &mut super::IppsuContent,
        stored: Option<&super::IppsuContent>,
    ) -> Result<(), super::AppError> {
        let mut errors = crate::error::FieldErrors::new();
        let before_service = |key: &str| stored.and_then(|s| s.services.iter().find(|x| x.key == key)).cloned();
        let before_measure = |key: &str| stored.and_then(|s| s.measures.iter().find(|x| x.key == key)).cloned();
        for (i, line) in content.services.iter_mut().enumerate() {
            match (line.provider_id.clone(), before_service(&line.key)) {
                (Some(id), Some(p)) if p.provider_id.as_deref() == Some(id.as_str()) => {
                    line.provider_name = p.provider_name
                }
                (Some(id), _) => match crate::resources::repo::partner_name(db, &id).await? {
                    Some(name) => line.provider_name = name,
                    None => errors.add(
                        &format!("services.{i}.provider_id"),
                        format!("Услуга {}: поставщик в архиве или удалён, выберите другого", i + 1),
                    ),
                },
                (None, _) if line.provider_name.is_empty() => line.provider_name = super::OWN_PROVIDER.into(),
                (None, _) => {}
            }
        }
        for (i, measure) in content.measures.iter_mut().enumerate() {
            match (measure.partner_id.clone(), before_measure(&measure.key)) {
                (Some(id), Some(p)) if p.partner_id.as_deref() == Some(id.as_str()) => {
                    measure.partner_name = p.partner_name
                }
                (Some(id), _) => match crate::resources::repo::partner_name(db, &id).await? {
                    Some(name) => measure.partner_name = name,
                    None => errors.add(
                        &format!("measures.{i}.partner_id"),
                        format!("Мероприятие {}: партнёр в архиве или удалён, выберите другого", i + 1),
                    ),
                },
                (None, _) => measure.partner_name.clear(),
            }
        }
        errors.into_result()
    }
}

/// The ИППСУ of a case with what its page needs.
#[server(prefix = "/api", endpoint = "ippsu/get", output = Json)]
pub async fn get_ippsu(case_id: String) -> Result<IppsuDetails, AppError> {
    use ssr::*;
    let user = require(permissions::CASE_READ)?;
    let db = db()?;
    let row = with_status(crate::cases::repo::visible_row(&db, &user, key(&case_id)?).await)?;
    let calendar = crate::cases::repo::calendar(&db).await?;
    let today = crate::time::local_today(chrono::Utc::now());
    let district = row.district_key();
    let case = row.into_case(&calendar, today);
    let ippsu = repo::get(&db, &case.id).await?;
    audit(
        &db,
        &Actor::user(&user),
        AuditAction::View,
        Some(format!("case_file:{}", case.id)),
        format!("ИППСУ, случай № {}", case.number),
        vec![],
    )
    .await?;
    let members: Vec<String> = case.members.iter().map(|m| m.full_name.clone()).collect();
    let blank = IppsuContent {
        recipient: members.first().cloned().unwrap_or_default(),
        forms: vec![ServiceForm::Home.code().into()],
        valid_until: (today + chrono::Duration::days(365)).format("%Y-%m-%d").to_string(),
        ..Default::default()
    };
    Ok(IppsuDetails {
        history: repo::history(&db, &case.id).await?,
        providers: repo::providers(&db, district.as_deref()).await?,
        proposals_clock: case.clocks.iter().find(|c| c.kind == crate::cases::types::ClockKind::Proposals).cloned(),
        case_id: case.id,
        case_number: case.number,
        case_title: case.title,
        address: case.address,
        district_name: case.district_name,
        curator_name: case.curator_name,
        members,
        ippsu,
        blank,
        can_edit: user.has_any(permissions::CASE_WORK),
        can_approve: user.has_any(permissions::SUPERVISE),
    })
}

/// Saves the programme if nobody changed it since `version` (0: new). A correction of an
/// approved programme names its reason.
#[server(prefix = "/api", endpoint = "ippsu/save", input = Json, output = Json)]
pub async fn save_ippsu(
    case_id: String,
    version: i64,
    content: IppsuContent,
    reason: String,
) -> Result<IppsuSaved, AppError> {
    use ssr::*;
    let user = require(permissions::CASE_WORK)?;
    let db = db()?;
    let case = key(&case_id)?.to_string();
    with_status(crate::cases::repo::visible_row(&db, &user, &case).await)?;
    let mut content = content;
    with_status(validate_ippsu(&mut content))?;
    let stored = repo::get(&db, &case).await?;
    with_status(name_partners(&db, &mut content, stored.as_ref().map(|s| &s.content)).await)?;
    let reason = reason.trim().to_string();
    let (status, approval) = stored.as_ref().map(|s| (s.status, s.approval.clone())).unwrap_or_default();
    let note = match status {
        IppsuStatus::Draft => "Проект (предложения в ИППСУ)".to_string(),
        _ if reason.is_empty() => {
            return with_status(Err(AppError::field("reason", "Программа утверждена: укажите причину корректировки")))
        }
        _ if reason.chars().count() > 2000 => {
            return with_status(Err(AppError::field("reason", "Причина — не длиннее 2000 знаков")))
        }
        _ => format!("Корректировка: {reason}"),
    };
    let change = repo::Change { content: &content, status, approval: approval.as_ref(), note: note.clone() };
    let saved = with_status(repo::save(&db, &user, &case, version, change, chrono::Utc::now()).await)?;
    audit(
        &db,
        &Actor::user(&user),
        AuditAction::Update,
        Some(format!("case_file:{case}")),
        format!("ИППСУ, версия {}: {note}", saved.version),
        vec![],
    )
    .await?;
    Ok(IppsuSaved { history: repo::history(&db, &case).await?, ippsu: saved })
}

/// Approves the programme by the commission's decision (a supervisor): the programme as the
/// form shows it is saved and approved at once, and the case's plan is approved on that day.
#[server(prefix = "/api", endpoint = "ippsu/approve", input = Json, output = Json)]
pub async fn approve_ippsu(
    case_id: String,
    version: i64,
    content: IppsuContent,
    decision_on: String,
    decision_number: String,
) -> Result<IppsuSaved, AppError> {
    use ssr::*;
    let user = require(permissions::SUPERVISE)?;
    let db = db()?;
    let case = key(&case_id)?.to_string();
    let row = with_status(crate::cases::repo::visible_row(&db, &user, &case).await)?;
    let now = chrono::Utc::now();
    let today = crate::time::local_today(now);
    let stored = repo::get(&db, &case).await?;
    if let Some(s) = stored.as_ref().filter(|s| s.status != IppsuStatus::Draft) {
        // The programme and the case are two writes: when the case's was lost (the server
        // stopped between them), approving again completes it instead of refusing.
        if let Some(a) = s.approval.as_ref().filter(|_| s.status == IppsuStatus::Approved) {
            if row.plan_approved_on() != Some(a.on) {
                let calendar = crate::cases::repo::calendar(&db).await?;
                let note =
                    format!("Утверждена решением комиссии № {} от {}", a.number, crate::time::format_naive_date(a.on));
                crate::cases::repo::approve_plan(&db, &user, &case, a.on, format!("ИППСУ: {note}"), &calendar, now)
                    .await?;
                return Ok(IppsuSaved { history: repo::history(&db, &case).await?, ippsu: s.clone() });
            }
        }
        return with_status(Err(AppError::Conflict("ИППСУ уже утверждена: обновите страницу".into())));
    }
    let mut content = content;
    with_status(validate_ippsu(&mut content))?;
    let on = with_status(validate_approval(&content, &decision_on, &decision_number, today))?;
    with_status(name_partners(&db, &mut content, stored.as_ref().map(|s| &s.content)).await)?;
    let approval = Approval { on, number: decision_number.trim().to_string(), by_name: user.full_name.clone() };
    let note = format!("Утверждена решением комиссии № {} от {}", approval.number, crate::time::format_naive_date(on));
    let change = repo::Change {
        content: &content,
        status: IppsuStatus::Approved,
        approval: Some(&approval),
        note: note.clone(),
    };
    let saved = with_status(repo::save(&db, &user, &case, version, change, now).await)?;
    let calendar = crate::cases::repo::calendar(&db).await?;
    crate::cases::repo::approve_plan(&db, &user, &case, on, format!("ИППСУ: {note}"), &calendar, now).await?;
    audit(
        &db,
        &Actor::user(&user),
        AuditAction::Update,
        Some(format!("case_file:{case}")),
        format!("ИППСУ: {note}"),
        vec![],
    )
    .await?;
    Ok(IppsuSaved { history: repo::history(&db, &case).await?, ippsu: saved })
}

/// Marks an approved programme as carried out, with its conclusion and recommendations.
#[server(prefix = "/api", endpoint = "ippsu/complete", input = Json, output = Json)]
pub async fn complete_ippsu(case_id: String, version: i64, content: IppsuContent) -> Result<IppsuSaved, AppError> {
    use ssr::*;
    let user = require(permissions::CASE_WORK)?;
    let db = db()?;
    let case = key(&case_id)?.to_string();
    with_status(crate::cases::repo::visible_row(&db, &user, &case).await)?;
    let mut content = content;
    with_status(validate_ippsu(&mut content))?;
    let stored = repo::get(&db, &case).await?.ok_or_else(|| AppError::NotFound("ИППСУ не найдена".into()));
    let stored = with_status(stored)?;
    if stored.status != IppsuStatus::Approved {
        return with_status(Err(AppError::field("form", "Отметить выполнение можно только у утверждённой ИППСУ")));
    }
    if content.conclusion.is_empty() {
        return with_status(Err(AppError::field("conclusion", "Заполните заключение о выполнении ИППСУ")));
    }
    with_status(name_partners(&db, &mut content, Some(&stored.content)).await)?;
    let change = repo::Change {
        content: &content,
        status: IppsuStatus::Completed,
        approval: stored.approval.as_ref(),
        note: "Выполнена: заключение о выполнении ИППСУ".into(),
    };
    let saved = with_status(repo::save(&db, &user, &case, version, change, chrono::Utc::now()).await)?;
    repo::mark_concluded(&db, &case).await?;
    audit(
        &db,
        &Actor::user(&user),
        AuditAction::Update,
        Some(format!("case_file:{case}")),
        "ИППСУ выполнена".to_string(),
        vec![],
    )
    .await?;
    Ok(IppsuSaved { history: repo::history(&db, &case).await?, ippsu: saved })
}
