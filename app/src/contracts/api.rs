//! Server functions of the contract: reading follows the case's visibility; the caseworkers of
//! the case and the supervisors draw it up, mark it signed or terminated.

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
    pub use crate::contracts::repo;
    pub use crate::keys::known as key;
    pub use crate::state::db;
}

/// The contract of a case, or a draft filled from the case, its ИППСУ and its plan.
#[server(prefix = "/api", endpoint = "contracts/get", output = Json)]
pub async fn get_contract(case_id: String) -> Result<ContractDetails, AppError> {
    use ssr::*;
    let user = require(permissions::CASE_READ)?;
    let db = db()?;
    let row = with_status(crate::cases::repo::visible_row(&db, &user, key(&case_id)?).await)?;
    let calendar = crate::cases::repo::calendar(&db).await?;
    let today = crate::time::local_today(chrono::Utc::now());
    let case = row.into_case(&calendar, today);
    let contract = repo::get(&db, &case.id).await?;
    audit(
        &db,
        &Actor::user(&user),
        AuditAction::View,
        Some(format!("case_file:{}", case.id)),
        format!("Договор о социальном обслуживании, случай № {}", case.number),
        vec![],
    )
    .await?;
    // The documents the contract refers to, for each member: the ИППСУ of its recipient, the
    // support plan of the members it covers.
    let ippsu = crate::ippsu::repo::get(&db, &case.id).await?;
    let plan = crate::plans::repo::get(&db, &case.id).await?.map(|r| r.content.plan);
    let date = |s: &str| crate::time::parse_date(s).map(crate::time::format_naive_date).unwrap_or_default();
    let plan_name = match crate::plans::types::plan_lists(&case, today).0 {
        crate::plans::types::PlanKind::Citizen => "План сопровождения",
        kind => kind.short(),
    };
    let members = case
        .members
        .iter()
        .map(|m| ContractMember {
            full_name: m.full_name.clone(),
            ippsu: ippsu
                .as_ref()
                .filter(|i| i.content.recipient == m.full_name)
                .map(|i| match &i.approval {
                    Some(a) => format!("ИППСУ, решение № {} от {}", a.number, crate::time::format_naive_date(a.on)),
                    None => "ИППСУ (проект)".to_string(),
                })
                .unwrap_or_default(),
            plan: plan
                .as_ref()
                .filter(|p| p.members.contains(&m.full_name))
                .map(|p| format!("{plan_name} с {} по {}", date(&p.start_on), date(&p.term_until)))
                .unwrap_or_default(),
        })
        .collect();
    let blank = ContractContent {
        concluded_on: today.format("%Y-%m-%d").to_string(),
        executor: EXECUTOR.into(),
        customer: case.members.first().map(|m| m.full_name.clone()).unwrap_or_default(),
        customer_document: String::new(),
        subject: SUBJECT.into(),
        members,
        valid_until: (today + chrono::Duration::days(365)).format("%Y-%m-%d").to_string(),
    };
    Ok(ContractDetails {
        case_id: case.id,
        case_number: case.number,
        case_title: case.title,
        address: case.address,
        members: case.members.iter().map(|m| m.full_name.clone()).collect(),
        contract,
        blank,
        can_edit: user.has_any(permissions::CASE_WORK),
    })
}

/// Draws up the contract (`version` 0: it gets its number) or saves the draft; a signed or
/// terminated contract is not edited.
#[server(prefix = "/api", endpoint = "contracts/save", input = Json, output = Json)]
pub async fn save_contract(case_id: String, version: i64, content: ContractContent) -> Result<Contract, AppError> {
    use ssr::*;
    let user = require(permissions::CASE_WORK)?;
    let db = db()?;
    let case = key(&case_id)?.to_string();
    with_status(crate::cases::repo::visible_row(&db, &user, &case).await)?;
    let mut content = content;
    with_status(validate_contract(&mut content))?;
    let saved = if version == 0 {
        with_status(repo::create(&db, &user, &case, &content).await)?
    } else {
        let current =
            with_status(repo::get(&db, &case).await?.ok_or_else(|| AppError::NotFound("Договор не найден".into())))?;
        if current.status != ContractStatus::Draft {
            return with_status(Err(AppError::field(
                "form",
                "Подписанный договор не изменяется: для изменений заключите дополнительное соглашение или новый договор",
            )));
        }
        let change = repo::Change {
            content: &content,
            status: ContractStatus::Draft,
            signed_on: None,
            terminated_on: None,
            termination_reason: None,
        };
        with_status(repo::update(&db, &user, &case, version, change).await)?
    };
    audit(
        &db,
        &Actor::user(&user),
        AuditAction::Update,
        Some(format!("case_file:{case}")),
        format!("Договор {}: проект сохранён", saved.label()),
        vec![],
    )
    .await?;
    Ok(saved)
}

/// Marks the contract signed (a draft) or terminated (a signed one) on a day.
#[server(prefix = "/api", endpoint = "contracts/status", input = Json, output = Json)]
pub async fn set_contract_status(
    case_id: String,
    version: i64,
    to: ContractStatus,
    on: String,
    reason: String,
) -> Result<Contract, AppError> {
    use ssr::*;
    let user = require(permissions::CASE_WORK)?;
    let db = db()?;
    let case = key(&case_id)?.to_string();
    with_status(crate::cases::repo::visible_row(&db, &user, &case).await)?;
    let current =
        with_status(repo::get(&db, &case).await?.ok_or_else(|| AppError::NotFound("Договор не найден".into())))?;
    let allowed = matches!(
        (current.status, to),
        (ContractStatus::Draft, ContractStatus::Signed) | (ContractStatus::Signed, ContractStatus::Terminated)
    );
    if !allowed {
        return with_status(Err(AppError::field(
            "form",
            format!("Договор «{}» нельзя отметить как «{}»", current.status.label(), to.label()),
        )));
    }
    let today = crate::time::local_today(chrono::Utc::now());
    let day = with_status(validate_status_day(&current.content, to, &on, &reason, today))?;
    let change = match to {
        ContractStatus::Signed => repo::Change {
            content: &current.content,
            status: to,
            signed_on: Some(day),
            terminated_on: None,
            termination_reason: None,
        },
        _ => repo::Change {
            content: &current.content,
            status: to,
            signed_on: current.signed_on,
            terminated_on: Some(day),
            termination_reason: Some(reason.trim().to_string()),
        },
    };
    let saved = with_status(repo::update(&db, &user, &case, version, change).await)?;
    audit(
        &db,
        &Actor::user(&user),
        AuditAction::Update,
        Some(format!("case_file:{case}")),
        format!("Договор {}: {} {}", saved.label(), to.label().to_lowercase(), crate::time::format_naive_date(day)),
        vec![],
    )
    .await?;
    Ok(saved)
}
