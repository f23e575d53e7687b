//! Server functions of «Социальный патруль»: the thin API between the pages and `repo`. Each
//! checks the caller's role and the form by `rules`, and writes its audit line in the
//! transaction of the change; every read of a raid (it names the people met) is audited.

use super::types::*;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

#[cfg(feature = "ssr")]
mod ssr {
    pub use crate::audit::ssr::{write as audit, Actor, AuditLine};
    pub use crate::audit::AuditAction;
    pub use crate::auth::permissions;
    pub use crate::auth::session::{require, with_status};
    pub use crate::auth::CurrentUser;
    pub use crate::db::Db;
    pub use crate::error::AppResult;
    pub use crate::patrol::{repo, rules};
    pub use crate::state::db;
    pub use crate::time::{format_naive_date, local_today};
    pub use chrono::Utc;

    /// Changes a raid's participants or people met: `apply` edits the raid as read and names
    /// the audit line; when someone saved the raid meanwhile, it is read again and `apply` runs
    /// again (adding a person does not depend on what another added).
    pub async fn change_lists<F>(db: &Db, user: &CurrentUser, id: &str, mut apply: F) -> AppResult<()>
    where
        F: FnMut(&mut super::Raid) -> AppResult<AuditLine>,
    {
        let mut attempt = 0;
        loop {
            let Some(mut raid) = repo::get(db, id).await? else {
                return Err(repo::missing());
            };
            if raid.state == super::RaidState::Cancelled {
                return Err(crate::error::AppError::Conflict(
                    "Рейд отменён: его состав и встреченных больше не меняют".into(),
                ));
            }
            let line = apply(&mut raid)?;
            match repo::save_lists(db, user, &raid, line).await {
                Err(crate::error::AppError::Conflict(_)) if attempt < 2 => attempt += 1,
                other => return other,
            }
        }
    }

    pub fn line(user: &CurrentUser, action: AuditAction, raid: &super::Raid, text: String) -> AuditLine {
        AuditLine::new(
            &Actor::user(user),
            action,
            Some(format!("patrol_raid:{}", raid.id)),
            format!("Рейд «Социальный патруль» № {}: {text}", raid.number),
            vec![],
        )
    }
}

/// The raids of a period (empty dates: three months back and forward) and every planned one;
/// the planned first, the nearest first, then the held, the newest first.
#[server(prefix = "/api", endpoint = "patrol/list", input = Json)]
pub async fn list_raids(query: PatrolQuery) -> Result<PatrolList, AppError> {
    use ssr::*;
    let user = require(permissions::PATROL)?;
    let today = local_today(Utc::now());
    let mut errors = crate::error::FieldErrors::new();
    let from = crate::validation::optional_date(&mut errors, "from", &query.from, chrono::NaiveDate::MAX)
        .unwrap_or(today - chrono::Duration::days(92));
    let to = crate::validation::optional_date(&mut errors, "to", &query.to, chrono::NaiveDate::MAX)
        .unwrap_or(today + chrono::Duration::days(92));
    if from > to {
        errors.add("to", "Конец периода раньше начала");
    }
    with_status(errors.into_result())?;
    let db = db()?;
    let raids = repo::list(&db, from, to).await?;
    let (mut planned, mut held): (Vec<Raid>, Vec<Raid>) =
        raids.into_iter().partition(|r| r.state == RaidState::Planned);
    planned.sort_by(|a, b| (a.date, &a.start_time).cmp(&(b.date, &b.start_time)));
    held.sort_by(|a, b| (b.date, &b.start_time).cmp(&(a.date, &a.start_time)));
    audit(
        &db,
        &Actor::user(&user),
        AuditAction::View,
        Some("patrol".into()),
        format!(
            "Социальный патруль: рейды {} — {} (запланировано {}, проведено или отменено {})",
            format_naive_date(from),
            format_naive_date(to),
            planned.len(),
            held.len()
        ),
        vec![],
    )
    .await?;
    Ok(PatrolList { from, to, today, planned, held })
}

/// A raid's page (`id` empty: a new raid) with what its forms choose from.
#[server(prefix = "/api", endpoint = "patrol/get")]
pub async fn patrol_raid(id: String) -> Result<RaidDetails, AppError> {
    use ssr::*;
    let user = require(permissions::PATROL)?;
    let db = db()?;
    let raid = if id.is_empty() {
        None
    } else {
        let Some(raid) = repo::get(&db, &id).await? else {
            return with_status(Err(repo::missing()));
        };
        audit(
            &db,
            &Actor::user(&user),
            AuditAction::View,
            Some(format!("patrol_raid:{}", raid.id)),
            format!(
                "Рейд «Социальный патруль» № {} от {}: встречено {}",
                raid.number,
                format_naive_date(raid.date),
                raid.met.len()
            ),
            vec![],
        )
        .await?;
        Some(raid)
    };
    let districts = crate::districts::repo::list(&db)
        .await?
        .into_iter()
        .map(|d| Choice { id: d.id, name: d.name, detail: d.number.to_string() })
        .collect();
    Ok(RaidDetails {
        raid,
        today: local_today(Utc::now()),
        districts,
        staff: repo::staff(&db).await?,
        partners: repo::partners(&db).await?,
        may_open_case_from_entry: user.has_any(permissions::JOURNAL_READ) && user.has_any(permissions::CASE_CREATE),
    })
}

/// Plans a raid (`id` empty) or corrects its plan; returns its key.
#[server(prefix = "/api", endpoint = "patrol/save", input = Json)]
pub async fn save_raid(id: String, version: i64, form: RaidForm) -> Result<String, AppError> {
    use ssr::*;
    let user = require(permissions::PATROL)?;
    let today = local_today(Utc::now());
    let valid = with_status(rules::validate_raid(&form, today).map_err(AppError::Validation))?;
    let db = db()?;
    let known = crate::districts::repo::list(&db).await?;
    if valid.districts.iter().any(|d| !known.iter().any(|k| k.id == *d)) {
        return with_status(Err(AppError::field("districts", "Неизвестный участок")));
    }
    let summary = format!("Социальный патруль: рейд {} {}", format_naive_date(valid.date), valid.start_time);
    if id.is_empty() {
        let line = AuditLine::new(&Actor::user(&user), AuditAction::Create, Some("patrol".into()), summary, vec![]);
        return with_status(repo::create(&db, &user, &valid, line).await);
    }
    if repo::get(&db, &id).await?.is_none() {
        return with_status(Err(repo::missing()));
    }
    let line = AuditLine::new(
        &Actor::user(&user),
        AuditAction::Update,
        Some(format!("patrol_raid:{id}")),
        format!("{summary}: изменён план"),
        vec![],
    );
    with_status(repo::update_plan(&db, &user, &id, version, &valid, line).await)?;
    Ok(id)
}

/// Adds a participant: a staff member, a police officer or a partner of the resource map.
#[server(prefix = "/api", endpoint = "patrol/add_participant", input = Json)]
pub async fn add_participant(id: String, form: ParticipantForm) -> Result<(), AppError> {
    use ssr::*;
    let user = require(permissions::PATROL)?;
    let valid = with_status(rules::validate_participant(&form).map_err(AppError::Validation))?;
    let db = db()?;
    let participant = match valid {
        rules::ValidParticipant::Staff { user: key } => {
            let Some(person) = repo::staff(&db).await?.into_iter().find(|s| s.id == key) else {
                return with_status(Err(AppError::field("user", "Сотрудник не найден: выберите из списка")));
            };
            Participant {
                key: repo::fresh_key(),
                kind: ParticipantKind::Staff,
                user_id: Some(person.id),
                partner_id: None,
                full_name: person.name,
                position: person.detail,
                organisation: crate::institution::INSTITUTION_SHORT.to_string(),
            }
        }
        rules::ValidParticipant::Police { full_name, position, department } => Participant {
            key: repo::fresh_key(),
            kind: ParticipantKind::Police,
            user_id: None,
            partner_id: None,
            full_name,
            position: position.unwrap_or_default(),
            organisation: department,
        },
        rules::ValidParticipant::Partner { partner, full_name, position } => {
            let Some(name) = crate::resources::repo::partner_name(&db, &partner).await? else {
                return with_status(Err(AppError::field("partner", "Партнёр не найден в карте ресурсов")));
            };
            Participant {
                key: repo::fresh_key(),
                kind: ParticipantKind::Partner,
                user_id: None,
                partner_id: Some(partner),
                full_name: full_name.unwrap_or_default(),
                position: position.unwrap_or_default(),
                organisation: name,
            }
        }
    };
    let result = change_lists(&db, &user, &id, |raid| {
        let twice = raid.participants.iter().any(|p| {
            (p.user_id.is_some() && p.user_id == participant.user_id)
                || (p.kind == ParticipantKind::Police
                    && participant.kind == ParticipantKind::Police
                    && p.full_name.to_lowercase() == participant.full_name.to_lowercase())
        });
        if twice {
            let field = if participant.kind == ParticipantKind::Staff { "user" } else { "full_name" };
            return Err(AppError::field(field, "Этот участник уже в составе рейда"));
        }
        raid.participants.push(participant.clone());
        Ok(line(&user, AuditAction::Update, raid, format!("участник — {}", participant.kind.label().to_lowercase())))
    })
    .await;
    with_status(result)
}

/// Takes a participant off the raid (not once it is held with only them).
#[server(prefix = "/api", endpoint = "patrol/remove_participant")]
pub async fn remove_participant(id: String, key: String) -> Result<(), AppError> {
    use ssr::*;
    let user = require(permissions::PATROL)?;
    let db = db()?;
    let result = change_lists(&db, &user, &id, |raid| {
        if !raid.participants.iter().any(|p| p.key == key) {
            return Err(AppError::NotFound("Участник уже исключён из состава".into()));
        }
        if raid.state == RaidState::Held && raid.participants.len() == 1 {
            return Err(AppError::Conflict("В проведённом рейде должен остаться хотя бы один участник".into()));
        }
        raid.participants.retain(|p| p.key != key);
        Ok(line(&user, AuditAction::Update, raid, "исключён участник".into()))
    })
    .await;
    with_status(result)
}

/// Adds a person or family met (`key` empty) or corrects them; returns their key. A case
/// number links the person to a case the user may see; a partner chosen is where they were
/// referred.
#[server(prefix = "/api", endpoint = "patrol/save_met", input = Json)]
pub async fn save_met(id: String, key: String, form: MetForm) -> Result<String, AppError> {
    use ssr::*;
    let user = require(permissions::PATROL)?;
    let today = local_today(Utc::now());
    let valid = with_status(rules::validate_met(&form, today).map_err(AppError::Validation))?;
    let db = db()?;
    let case = match valid.case_number {
        None => None,
        Some((year, number)) => {
            let shown = crate::cases::repo::case_number(year, number);
            let not_found = || AppError::field("case_number", format!("Случай № {shown} не найден или недоступен вам"));
            let Some(case_id) = crate::cases::repo::key_by_number(&db, (year, number)).await? else {
                return with_status(Err(not_found()));
            };
            if crate::cases::repo::visible_row(&db, &user, &case_id).await.is_err() {
                return with_status(Err(not_found()));
            }
            Some((case_id, shown))
        }
    };
    let referred_to = match &valid.referred_partner {
        None => valid.referred_to.clone().unwrap_or_default(),
        Some(partner) => {
            let Some(name) = crate::resources::repo::partner_name(&db, partner).await? else {
                return with_status(Err(AppError::field("referred_partner", "Партнёр не найден в карте ресурсов")));
            };
            match &valid.referred_to {
                Some(more) => format!("{name} — {more}"),
                None => name,
            }
        }
    };
    let new_key = if key.is_empty() { repo::fresh_key() } else { key.clone() };
    let result = change_lists(&db, &user, &id, |raid| {
        let existing = raid.met.iter().position(|m| m.key == key);
        if !key.is_empty() && existing.is_none() {
            return Err(AppError::NotFound("Запись о встреченном не найдена".into()));
        }
        let before = existing.map(|i| raid.met[i].clone());
        let met = Met {
            key: new_key.clone(),
            full_name: valid.full_name.clone(),
            age: valid.age,
            birth_date: valid.birth_date,
            address: valid.address.clone(),
            family: valid.family.clone().unwrap_or_default(),
            situation: valid.situation.clone(),
            help: valid.help.clone().unwrap_or_default(),
            journal_entry_id: before.as_ref().and_then(|b| b.journal_entry_id.clone()),
            journal_number: before.as_ref().and_then(|b| b.journal_number.clone()),
            case_id: case.as_ref().map(|c| c.0.clone()),
            case_number: case.as_ref().map(|c| c.1.clone()),
            referred_partner_id: valid.referred_partner.clone(),
            referred_to: referred_to.clone(),
        };
        let text = match existing {
            Some(i) => {
                raid.met[i] = met;
                "изменены сведения о встреченном"
            }
            None => {
                raid.met.push(met);
                "записан встреченный человек (семья)"
            }
        };
        Ok(line(&user, if before.is_some() { AuditAction::Update } else { AuditAction::Create }, raid, text.into()))
    })
    .await;
    with_status(result)?;
    Ok(new_key)
}

/// Deletes a person met written down by mistake; one whose appeal is in the journal stays (the
/// entry points to the raid).
#[server(prefix = "/api", endpoint = "patrol/remove_met")]
pub async fn remove_met(id: String, key: String) -> Result<(), AppError> {
    use ssr::*;
    let user = require(permissions::PATROL)?;
    let db = db()?;
    let result = change_lists(&db, &user, &id, |raid| {
        let Some(met) = raid.met.iter().find(|m| m.key == key) else {
            return Err(AppError::NotFound("Запись о встреченном уже удалена".into()));
        };
        if let Some(number) = &met.journal_number {
            return Err(AppError::Conflict(format!(
                "По этому человеку зарегистрировано обращение {number}: запись связана с журналом и не удаляется — исправьте её"
            )));
        }
        let name = met.full_name.clone();
        raid.met.retain(|m| m.key != key);
        Ok(line(&user, AuditAction::Update, raid, format!("удалена запись о встреченном «{name}»")))
    })
    .await;
    with_status(result)
}

/// Registers an appeal in the dispatch desk's journal from a person met — received in person on
/// the raid, with what was found and done — and links the entry to the raid; returns the
/// entry's number, «№ 15/2026».
#[server(prefix = "/api", endpoint = "patrol/register_appeal")]
pub async fn register_met_appeal(id: String, key: String) -> Result<String, AppError> {
    use ssr::*;
    let user = require(permissions::PATROL)?;
    let db = db()?;
    let Some(raid) = repo::get(&db, &id).await? else {
        return with_status(Err(repo::missing()));
    };
    let Some(met) = raid.met.iter().find(|m| m.key == key).cloned() else {
        return with_status(Err(AppError::NotFound("Запись о встреченном не найдена".into())));
    };
    if let Some(n) = &met.journal_number {
        return with_status(Err(AppError::Conflict(format!("Обращение уже зарегистрировано в журнале: {n}"))));
    }
    let now = Utc::now();
    let form = super::rules::appeal_of(&raid, &met, now);
    let appeal = with_status(crate::journal::appeal::validate_appeal(&form, now).map_err(AppError::Validation))?;
    let entry = with_status(crate::journal::repo::register(&db, &user, &appeal).await)?;
    let number = format!("№ {}/{}", entry.number, entry.year);
    audit(
        &db,
        &Actor::user(&user),
        AuditAction::Create,
        Some(format!("journal_entry:{}", entry.id)),
        format!("Зарегистрировано обращение № {} (рейд «Социальный патруль» № {})", entry.number, raid.number),
        vec![],
    )
    .await?;
    let result = change_lists(&db, &user, &id, |raid| {
        let Some(m) = raid.met.iter_mut().find(|m| m.key == key) else {
            return Err(AppError::NotFound("Запись о встреченном не найдена".into()));
        };
        if let Some(other) = &m.journal_number {
            // Someone registered it at the same moment: theirs stays linked; ours is in the
            // journal and named here so the desk can merge the two.
            return Err(AppError::Conflict(format!(
                "Обращение по этому человеку только что зарегистрировали: {other}. Запись {number} тоже в журнале — сообщите диспетчеру, чтобы объединить."
            )));
        }
        m.journal_entry_id = Some(entry.id.clone());
        m.journal_number = Some(number.clone());
        Ok(line(&user, AuditAction::Update, raid, format!("по встреченному зарегистрировано обращение {number}")))
    })
    .await;
    with_status(result)?;
    Ok(number)
}

/// Marks a planned raid held, with its findings.
#[server(prefix = "/api", endpoint = "patrol/hold", input = Json)]
pub async fn hold_raid(id: String, version: i64, form: HoldForm) -> Result<(), AppError> {
    use ssr::*;
    let user = require(permissions::PATROL)?;
    let db = db()?;
    let Some(mut raid) = repo::get(&db, &id).await? else {
        return with_status(Err(repo::missing()));
    };
    if raid.version != version {
        return with_status(Err(AppError::Conflict(
            "Рейд изменили, пока вы писали итоги. Итоги остались на экране: обновите страницу, проверьте состав и отметьте ещё раз."
                .into(),
        )));
    }
    raid.version = version;
    let today = local_today(Utc::now());
    let (findings, end_time) = with_status(rules::validate_hold(&raid, &form, today).map_err(AppError::Validation))?;
    let line = line(&user, AuditAction::Update, &raid, "отмечен проведённым".into());
    with_status(repo::hold(&db, &user, &raid, &findings, end_time, line).await)
}

/// Cancels a planned raid with its reason (it stays in the list, marked cancelled).
#[server(prefix = "/api", endpoint = "patrol/cancel")]
pub async fn cancel_raid(id: String, version: i64, reason: String) -> Result<(), AppError> {
    use ssr::*;
    let user = require(permissions::PATROL)?;
    let db = db()?;
    let Some(mut raid) = repo::get(&db, &id).await? else {
        return with_status(Err(repo::missing()));
    };
    if raid.version != version && raid.state == RaidState::Planned {
        return with_status(Err(AppError::Conflict(
            "Рейд изменили, пока вы писали причину. Причина осталась на экране: обновите страницу и отмените ещё раз."
                .into(),
        )));
    }
    raid.version = version;
    let reason = with_status(rules::validate_cancel(&raid, &reason).map_err(AppError::Validation))?;
    let line = line(&user, AuditAction::Update, &raid, format!("отменён — {reason}"));
    with_status(repo::cancel(&db, &user, &raid, &reason, line).await)
}

/// The next planned raid, for the urgent services' page.
#[server(prefix = "/api", endpoint = "patrol/summary")]
pub async fn patrol_summary() -> Result<PatrolNotices, AppError> {
    use ssr::*;
    let _user = require(permissions::PATROL)?;
    let db = db()?;
    let planned = repo::planned_from(&db, local_today(Utc::now())).await?;
    Ok(PatrolNotices {
        next_date: planned.first().map(|p| p.0),
        next_time: planned.first().map(|p| p.1.clone()).unwrap_or_default(),
        planned: planned.len() as i64,
    })
}
