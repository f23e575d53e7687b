//! Server functions of cases: the thin API between the pages and `repo`. Each checks the role,
//! then whether this user may see this case, and writes the audit trail.

use super::types::*;
use crate::cases::card::{Card, MoveRequest};
use crate::districts::DistrictOption;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
pub(crate) mod ssr {
    pub use crate::audit::ssr::{write as audit, Actor};
    pub use crate::audit::AuditAction;
    pub use crate::auth::permissions;
    pub use crate::auth::session::{require, with_status};
    pub use crate::auth::{CurrentUser, Role};
    pub use crate::cases::repo;
    pub use crate::cases::stages::{move_options, CaseFacts};
    pub use crate::cases::validate::validate_case;
    pub use crate::db::Db;
    pub use crate::error::{AppError, AppResult};
    pub use crate::state::db;
    pub use crate::time::local_today;

    /// The case page's data for a user.
    pub async fn details(db: &Db, user: &CurrentUser, id: &str) -> AppResult<super::CaseDetails> {
        let row = repo::visible_row(db, user, id).await?;
        let calendar = repo::calendar(db).await?;
        let today = local_today(chrono::Utc::now());
        let history = repo::history(db, id).await?;
        let moves = move_options(&CaseFacts::of_row(&row), user);
        let case = row.into_case(&calendar, today);
        let can_work = user.has_any(permissions::CASE_WORK);
        Ok(super::CaseDetails {
            today,
            moves,
            can_edit: can_work,
            can_assign: user.has_any(permissions::SUPERVISE),
            can_approve_plan: user.has_any(permissions::SUPERVISE),
            case,
            history,
        })
    }
}

#[server(prefix = "/api", endpoint = "cases/get")]
pub async fn get_case(id: String) -> Result<CaseDetails, AppError> {
    use ssr::*;
    let user = require(permissions::CASE_READ)?;
    let db = db()?;
    let details = with_status(ssr::details(&db, &user, &id).await)?;
    audit(
        &db,
        &Actor::user(&user),
        AuditAction::View,
        Some(format!("case_file:{id}")),
        format!("Случай № {} «{}»", details.case.number, details.case.title),
        vec![],
    )
    .await?;
    Ok(details)
}

/// What the new-case form starts from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewCase {
    pub form: CaseForm,
    /// «№ 17 от 24.11.2026: …» when opened from a journal entry.
    pub entry_label: Option<String>,
    /// «№ 5 от 01.12.2026 — Сидорова Ольга Викторовна» when opened from an application.
    #[serde(default)]
    pub application_label: Option<String>,
    pub staff: Vec<StaffOption>,
    pub districts: Vec<DistrictOption>,
    pub can_assign: bool,
}

/// The reference lists the case form needs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CaseLists {
    pub staff: Vec<StaffOption>,
    pub districts: Vec<DistrictOption>,
}

/// A blank case form; from a journal entry or an application, filled with what it knows.
#[server(prefix = "/api", endpoint = "cases/blank")]
pub async fn blank_case(from_entry: String, from_application: String) -> Result<NewCase, AppError> {
    use ssr::*;
    let user = require(permissions::CASE_CREATE)?;
    let db = db()?;
    let today = local_today(chrono::Utc::now());
    let mut form = CaseForm {
        kind: CaseKind::Family.code().to_string(),
        source: Source::Personal.code().to_string(),
        detected_on: today.format("%Y-%m-%d").to_string(),
        curator: if user.has(Role::Caseworker) && !user.has(Role::Supervisor) {
            user.id.clone()
        } else {
            String::new()
        },
        ..Default::default()
    };
    let mut entry_label = None;
    if !from_entry.is_empty() {
        // The journal itself is the dispatch desk's and the supervisor's to read.
        let user = require(permissions::JOURNAL_READ)?;
        let Some(entry) = crate::journal::repo::get(&db, &from_entry).await? else {
            return with_status(Err(AppError::NotFound("Запись журнала не найдена".into())));
        };
        form.source = Source::Journal.code().to_string();
        form.journal_entry = entry.id.clone();
        form.detected_on = crate::time::local_today(entry.received_at).format("%Y-%m-%d").to_string();
        form.address = entry.address.clone().unwrap_or_default();
        form.phone = entry.phone.as_deref().map(crate::phone::format_phone).unwrap_or_default();
        form.district = entry.district_id.clone().unwrap_or_default();
        form.notes = entry.summary.clone();
        if let Some(name) = &entry.full_name {
            let surname = name.split_whitespace().next().unwrap_or_default();
            form.title = format!("Семья {surname}");
            form.members.push(MemberForm {
                full_name: name.clone(),
                birth_date: String::new(),
                relation: Relation::Applicant.code().to_string(),
                categories: vec![],
            });
        }
        entry_label =
            Some(format!("№ {} от {}: {}", entry.number, crate::time::format_date(entry.received_at), entry.summary));
        audit(
            &db,
            &Actor::user(&user),
            AuditAction::View,
            Some(format!("journal_entry:{}", entry.id)),
            format!("Запись журнала № {} — открытие случая", entry.number),
            vec![],
        )
        .await?;
    }
    let mut application_label = None;
    if !from_application.is_empty() {
        let user = require(permissions::APPLICATIONS_READ)?;
        let Some(application) = crate::applications::repo::get(&db, &from_application).await? else {
            return with_status(Err(AppError::NotFound("Заявление не найдено".into())));
        };
        if let Some(case) = &application.case_label {
            return with_status(Err(AppError::Conflict(format!("По этому заявлению уже открыт случай {case}"))));
        }
        from_application_form(&mut form, &application);
        application_label = Some(format!("{} — {}", application.label(), application.citizen_name));
        audit(
            &db,
            &Actor::user(&user),
            AuditAction::View,
            Some(format!("application:{}", application.id)),
            format!("Заявление {} — открытие случая", application.label()),
            vec![],
        )
        .await?;
    }
    Ok(NewCase {
        form,
        entry_label,
        application_label,
        staff: repo::staff(&db).await?,
        districts: crate::districts::repo::list(&db).await?,
        can_assign: user.has_any(permissions::SUPERVISE),
    })
}

/// Fills a new case form from an application: the citizen first as the applicant, the family
/// members with their relation read from the words, the address, consent and the date the
/// clocks count from.
#[cfg(feature = "ssr")]
fn from_application_form(form: &mut CaseForm, a: &crate::applications::types::Application) {
    use crate::applications::types::ApplicantKind;
    let date = |d: chrono::NaiveDate| d.format("%Y-%m-%d").to_string();
    form.application = a.id.clone();
    form.kind = if a.members.is_empty() { CaseKind::Citizen } else { CaseKind::Family }.code().to_string();
    let surname = a.citizen_name.split_whitespace().next().unwrap_or_default();
    form.title = if a.members.is_empty() { a.citizen_name.clone() } else { format!("Семья {surname}") };
    form.members = vec![MemberForm {
        full_name: a.citizen_name.clone(),
        birth_date: a.citizen_birth_date.map(date).unwrap_or_default(),
        relation: Relation::Applicant.code().to_string(),
        categories: vec![],
    }];
    form.members.extend(a.members.iter().map(|m| MemberForm {
        full_name: m.full_name.clone(),
        birth_date: m.birth_date.map(date).unwrap_or_default(),
        relation: Relation::from_words(&m.relation).code().to_string(),
        categories: vec![],
    }));
    form.address = a.address.clone();
    form.district = a.district_id.clone().unwrap_or_default();
    form.phone = a.applicant_phone.as_deref().map(crate::phone::format_phone).unwrap_or_default();
    form.consent = true;
    form.consent_date = date(a.consent_on);
    form.detected_on = date(a.received_on);
    form.source = match a.applicant_kind {
        ApplicantKind::Organisation => Source::Agency,
        _ => Source::Personal,
    }
    .code()
    .to_string();
    form.source_detail = a.organisation.clone().unwrap_or_default();
    form.notes = a.circumstances.clone();
}

/// The curators and districts for the case form.
#[server(prefix = "/api", endpoint = "cases/lists")]
pub async fn load_case_lists() -> Result<CaseLists, AppError> {
    use ssr::*;
    require(permissions::CASE_READ)?;
    let db = db()?;
    Ok(CaseLists { staff: repo::staff(&db).await?, districts: crate::districts::repo::list(&db).await? })
}

#[cfg(feature = "ssr")]
fn check_curator_right(
    user: &crate::auth::CurrentUser,
    before: Option<&str>,
    after: Option<&str>,
) -> Result<(), AppError> {
    use crate::auth::Role;
    if before == after || user.has(Role::Supervisor) {
        return Ok(());
    }
    // A caseworker may take an unassigned case, nothing more.
    if user.has(Role::Caseworker) && before.is_none() && after == Some(user.id.as_str()) {
        return Ok(());
    }
    Err(AppError::field(
        "curator",
        "Куратора назначает заведующий отделением; специалист может взять себе случай без куратора",
    ))
}

#[server(prefix = "/api", endpoint = "cases/create", input = Json)]
pub async fn create_case(form: CaseForm) -> Result<String, AppError> {
    use ssr::*;
    let user = require(permissions::CASE_CREATE)?;
    let now = chrono::Utc::now();
    let case = with_status(validate_case(&form, local_today(now)).map_err(AppError::Validation))?;
    with_status(check_curator_right(&user, None, case.curator.as_deref()))?;
    if case.journal_entry.is_some() && !user.has_any(permissions::JOURNAL_READ) {
        return with_status(Err(AppError::field(
            "journal_entry",
            "Случай из обращения журнала открывает диспетчер или заведующий",
        )));
    }
    if case.plan_approved_on.is_some() && !user.has_any(permissions::SUPERVISE) {
        return with_status(Err(AppError::field(
            "plan_approved_on",
            "Дату утверждения плана вносит заведующий отделением",
        )));
    }
    let db = db()?;
    let calendar = repo::calendar(&db).await?;
    let id = with_status(repo::create(&db, &user, &case, &calendar, now).await)?;
    let created = repo::row(&db, &id).await?.ok_or_else(|| AppError::internal("created case not found"))?;
    audit(
        &db,
        &Actor::user(&user),
        AuditAction::Create,
        Some(format!("case_file:{id}")),
        format!("Открыт случай {}", created.label()),
        vec![],
    )
    .await?;
    if let Some(entry) = &case.journal_entry {
        audit(
            &db,
            &Actor::user(&user),
            AuditAction::Update,
            Some(format!("journal_entry:{entry}")),
            format!("По обращению открыт случай {}", created.label()),
            vec![],
        )
        .await?;
    }
    if let Some(application) = &case.application {
        audit(
            &db,
            &Actor::user(&user),
            AuditAction::Update,
            Some(format!("application:{application}")),
            format!("По заявлению открыт случай {}", created.label()),
            vec![],
        )
        .await?;
    }
    Ok(id)
}

#[server(prefix = "/api", endpoint = "cases/update", input = Json)]
pub async fn update_case(id: String, version: i64, form: CaseForm) -> Result<CaseDetails, AppError> {
    use ssr::*;
    let user = require(permissions::CASE_WORK)?;
    let now = chrono::Utc::now();
    let case = with_status(validate_case(&form, local_today(now)).map_err(AppError::Validation))?;
    let db = db()?;
    let current = with_status(repo::visible_row(&db, &user, &id).await)?;
    with_status(check_curator_right(&user, current.curator_key().as_deref(), case.curator.as_deref()))?;
    if case.plan_approved_on != current.plan_approved_on() && !user.has_any(permissions::SUPERVISE) {
        return with_status(Err(AppError::field(
            "plan_approved_on",
            "Дату утверждения плана вносит заведующий отделением",
        )));
    }
    let calendar = repo::calendar(&db).await?;
    let changed = with_status(repo::update(&db, &user, &current, version, &case, &calendar, now).await)?;
    if !changed.is_empty() {
        audit(
            &db,
            &Actor::user(&user),
            AuditAction::Update,
            Some(format!("case_file:{id}")),
            format!("Изменён случай {}: {}", current.label(), changed.join(", ")),
            vec![],
        )
        .await?;
    }
    ssr::details(&db, &user, &id).await
}

/// Moves a case (from the board or its page): to another stage, to another curator's lane.
/// A refused move answers with the reason in Russian and changes nothing.
#[server(prefix = "/api", endpoint = "cases/move", input = Json)]
pub async fn move_case(request: MoveRequest) -> Result<Card, AppError> {
    use ssr::*;
    let user = require(permissions::CASE_WORK)?;
    let now = chrono::Utc::now();
    let db = db()?;
    let current = with_status(repo::visible_row(&db, &user, &request.id).await)?;
    let Some(to_stage) = Stage::from_code(&request.to_stage) else {
        return with_status(Err(AppError::field("move", "Неизвестный этап")));
    };
    if let Some(district) = &request.to_district {
        let to = (district != crate::cases::card::NO_LANE).then_some(district.as_str());
        if to != current.district_key().as_deref() {
            return with_status(Err(AppError::field(
                "move",
                "Участок случая меняется в карточке случая, а не перетаскиванием",
            )));
        }
    }
    let to_curator = match request.to_curator.as_deref() {
        None => None,
        Some(crate::cases::card::NO_LANE) => Some(None),
        Some(key) if crate::keys::is_record_key(key) => Some(Some(key.to_string())),
        Some(_) => return with_status(Err(AppError::field("move", "Неизвестный специалист"))),
    };
    let order = repo::MoveOrder { version: request.version, to_stage, to_curator, comment: request.comment.clone() };
    let calendar = repo::calendar(&db).await?;
    with_status(repo::move_case(&db, &user, &current, &order, &calendar, now).await)?;
    let card = repo::card(&db, &request.id, &calendar, local_today(now))
        .await?
        .ok_or_else(|| AppError::NotFound("Случай не найден".into()))?;
    Ok(card)
}

/// An open case an application may be attached to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AttachCandidate {
    pub id: String,
    pub version: i64,
    /// «№ 2026-0042 «Семья Ивановых»».
    pub label: String,
    pub address: String,
    pub stage: Stage,
    pub curator_name: Option<String>,
    /// The case has an application already.
    pub has_application: bool,
}

/// The application being attached and the open cases that may be its case.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AttachOptions {
    pub application_id: String,
    /// «№ 5 от 01.12.2026 — Сидорова Ольга Викторовна».
    pub application_label: String,
    pub address: String,
    /// The words the cases were looked up by.
    pub words: String,
    pub candidates: Vec<AttachCandidate>,
}

/// The cases an application may be attached to: open, visible to the user, matching the
/// citizen's surname (or the words typed).
#[server(prefix = "/api", endpoint = "cases/attach-choice")]
pub async fn attach_choice(application: String, words: String) -> Result<AttachOptions, AppError> {
    use ssr::*;
    let user = require(permissions::CASE_CREATE)?;
    require(permissions::APPLICATIONS_READ)?;
    let db = db()?;
    let Some(found) = crate::applications::repo::get(&db, &application).await? else {
        return with_status(Err(AppError::NotFound("Заявление не найдено".into())));
    };
    if let Some(case) = &found.case_label {
        return with_status(Err(AppError::Conflict(format!("Заявление уже относится к случаю {case}"))));
    }
    let words = if words.trim().is_empty() {
        found.citizen_name.split_whitespace().next().unwrap_or_default().to_string()
    } else {
        words.trim().chars().take(100).collect()
    };
    let rows = repo::matching_open_cases(&db, &user, &words, 30).await?;
    let calendar = repo::calendar(&db).await?;
    let today = local_today(chrono::Utc::now());
    let candidates = rows
        .into_iter()
        .map(|row| {
            let version = row.version();
            let label = row.label();
            let case = row.into_case(&calendar, today);
            AttachCandidate {
                id: case.id,
                version,
                label,
                address: case.address,
                stage: case.stage,
                curator_name: case.curator_name,
                has_application: case.application_id.is_some(),
            }
        })
        .collect();
    Ok(AttachOptions {
        application_id: found.id.clone(),
        application_label: format!("{} — {}", found.label(), found.citizen_name),
        address: found.address,
        words,
        candidates,
    })
}

/// Attaches an application to a case; answers the case's key.
#[server(prefix = "/api", endpoint = "cases/attach")]
pub async fn attach_application(application: String, case_id: String, version: i64) -> Result<String, AppError> {
    use ssr::*;
    let user = require(permissions::CASE_CREATE)?;
    require(permissions::APPLICATIONS_READ)?;
    let db = db()?;
    let current = with_status(repo::visible_row(&db, &user, &case_id).await)?;
    let calendar = repo::calendar(&db).await?;
    let label = with_status(
        repo::attach_application(&db, &user, &current, version, &application, &calendar, chrono::Utc::now()).await,
    )?;
    audit(
        &db,
        &Actor::user(&user),
        AuditAction::Update,
        Some(format!("application:{application}")),
        format!("Заявление {label} прикреплено к случаю {}", current.label()),
        vec![],
    )
    .await?;
    Ok(case_id)
}
