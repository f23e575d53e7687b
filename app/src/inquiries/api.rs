//! Server functions of the inter-agency requests: dispatchers, caseworkers and supervisors
//! register and edit requests, send them and record the answers; a supervisor sees every
//! request, the others those they registered and those about the cases they may see. Reading a
//! request that concerns a person is written to the audit trail.

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
    pub use crate::auth::{CurrentUser, Role};
    pub use crate::db::Db;
    pub use crate::error::{AppError, AppResult, FieldErrors};
    pub use crate::inquiries::repo;
    pub use crate::state::db;
    pub use chrono::{NaiveDate, Utc};

    use super::*;

    /// Most requests the register shows at once.
    pub const REGISTER_LIMIT: usize = 1000;

    pub fn today() -> NaiveDate {
        crate::time::local_today(Utc::now())
    }

    /// A request the user may see, or «not found» (the same answer whether it exists or not).
    pub async fn visible(db: &Db, user: &CurrentUser, id: &str) -> AppResult<Inquiry> {
        let hidden = || AppError::NotFound("Запрос не найден или недоступен вам".into());
        let inquiry = repo::get(db, id).await?.ok_or_else(hidden)?;
        if user.has(Role::Supervisor) || inquiry.created_by == user.id {
            return Ok(inquiry);
        }
        match &inquiry.case_id {
            Some(case) if crate::cases::repo::visible_row(db, user, case).await.is_ok() => Ok(inquiry),
            _ => Err(hidden()),
        }
    }

    /// The key of the case a form names: one the user may see, or the one the request already
    /// concerns (kept even when its curator has changed since).
    pub async fn case_of(
        db: &Db,
        user: &CurrentUser,
        valid: &ValidInquiry,
        current: Option<&Inquiry>,
    ) -> AppResult<Option<String>> {
        let Some(number) = valid.case else { return Ok(None) };
        let found = crate::cases::repo::key_by_number(db, number).await?;
        match found {
            Some(key) if current.and_then(|c| c.case_id.as_deref()) == Some(key.as_str()) => Ok(Some(key)),
            Some(key) if crate::cases::repo::visible_row(db, user, &key).await.is_ok() => Ok(Some(key)),
            _ => Err(AppError::field("case_number", "Случай с таким номером не найден среди доступных вам")),
        }
    }

    /// Checks the form and what it links to: the partner of the resource map, the case.
    pub async fn checked(
        db: &Db,
        user: &CurrentUser,
        form: &InquiryForm,
        current: Option<&Inquiry>,
    ) -> AppResult<(ValidInquiry, Option<String>)> {
        let mut valid = with_status(validate_inquiry(form, today()).map_err(AppError::Validation))?;
        // The direction is the request's own once it is registered (it decides the numbering).
        if let Some(current) = current {
            valid.direction = current.direction;
        }
        let mut errors = FieldErrors::new();
        if let Some(partner) = &valid.partner {
            if !repo::partner_exists(db, partner).await? {
                errors.add("partner", "Такого партнёра нет в карте ресурсов");
            }
        }
        let case = match case_of(db, user, &valid, current).await {
            Ok(case) => case,
            Err(AppError::Validation(found)) => {
                for (field, message) in found.0 {
                    errors.add(&field, message);
                }
                None
            }
            Err(e) => return Err(e),
        };
        with_status(errors.into_result())?;
        Ok((valid, case))
    }

    /// «Межведомственный запрос исх. № 5/2026, ОМВД России по г. Югорску — «Иванова Ирина»»: the
    /// person in «», so that the trail hides it from those who may not see it.
    pub fn about(body: &str, person: &str) -> String {
        if person.is_empty() {
            format!(", {body}")
        } else {
            format!(", {body} — «{person}»")
        }
    }

    /// Saves a request: registers a new one (`id` empty) or changes a draft or a sent one;
    /// `send` marks a draft sent (or an incoming one received). The request's key.
    pub async fn save(user: &CurrentUser, id: &str, version: i64, form: &InquiryForm, send: bool) -> AppResult<String> {
        let db = db()?;
        let current = match id {
            "" => None,
            id => Some(with_status(visible(&db, user, id).await)?),
        };
        if let Some(c) = &current {
            if c.status == InquiryStatus::Answered {
                return with_status(Err(AppError::field(
                    "form",
                    check_transition(c.direction, c.status, InquiryStatus::Sent).unwrap_err(),
                )));
            }
            if send {
                if let Err(why) = check_transition(c.direction, c.status, InquiryStatus::Sent) {
                    return with_status(Err(AppError::field("form", why)));
                }
            }
        }
        let mut form = form.clone();
        if let Some(c) = &current {
            keep_sending(&mut form, c);
        }
        let (valid, case) = checked(&db, user, &form, current.as_ref()).await?;
        let status = match (&current, send) {
            (_, true) => InquiryStatus::Sent,
            (Some(c), false) => c.status,
            (None, false) => InquiryStatus::Draft,
        };
        // A sent request keeps a day, a way and a due day: checked again at every save.
        let sending = if status == InquiryStatus::Sent {
            let calendar = crate::calendar::repo::load(&db).await?;
            Some(with_status(check_sending(&valid, &calendar).map_err(AppError::Validation))?)
        } else {
            None
        };
        let change = repo::Change { valid: &valid, case, status, sending };
        let incoming = valid.direction == Direction::Incoming;
        let what = match (&current, send) {
            (None, true) if incoming => "зарегистрирован как поступивший",
            (None, true) => "зарегистрирован и отправлен",
            (None, false) => "зарегистрирован (черновик)",
            (Some(_), true) if incoming => "поступление зарегистрировано",
            (Some(_), true) => "отмечен отправленным",
            (Some(_), false) => "изменён",
        };
        let sent = sending
            .filter(|_| send)
            .map(|s| {
                format!(
                    " {} ({}), ответ до {}",
                    crate::time::format_naive_date(s.sent_on),
                    s.way.phrase(),
                    crate::time::format_naive_date(s.due_on)
                )
            })
            .unwrap_or_default();
        let now = Utc::now();
        match current {
            None => {
                let line = AuditLine::new(
                    &Actor::user(user),
                    AuditAction::Create,
                    None,
                    format!("{}: {what}{sent}", about(&valid.body, &valid.person)),
                    vec![],
                );
                with_status(repo::create(&db, user, &change, line, now).await)
            }
            Some(current) => {
                let line = AuditLine::new(
                    &Actor::user(user),
                    AuditAction::Update,
                    Some(format!("inquiry:{}", current.id)),
                    format!(
                        "Межведомственный запрос {}{}: {what}{sent}",
                        current.label(),
                        about(&valid.body, &valid.person)
                    ),
                    vec![],
                );
                with_status(repo::update(&db, user, &current, version, &change, line, now).await)?;
                Ok(current.id)
            }
        }
    }
}

/// The register: overdue requests first, then by the days left to the answer, drafts, and the
/// answered ones; filtered by status, direction and words.
#[server(prefix = "/api", endpoint = "inquiries/list")]
pub async fn list_inquiries(query: InquiryQuery) -> Result<InquiryPage, AppError> {
    use crate::db::filter::{Lit, Op};
    use ssr::*;
    let user = require(permissions::INQUIRIES)?;
    let db = db()?;
    let today = today();
    let mut filter = repo::visible_filter(&db, &user).await?;
    match query.status.as_str() {
        "draft" => filter.equals("status", Lit::code(InquiryStatus::Draft.code())),
        "sent" => filter.equals("status", Lit::code(InquiryStatus::Sent.code())),
        "answered" => filter.equals("status", Lit::code(InquiryStatus::Answered.code())),
        "overdue" => {
            filter.equals("status", Lit::code(InquiryStatus::Sent.code())).compare("due_on", Op::Lt, Lit::date(today))
        }
        _ => &mut filter,
    };
    if let Some(direction) = Direction::from_code(&query.direction) {
        filter.equals("direction", Lit::code(direction.code()));
    }
    let words = crate::validation::fold_yo(&crate::validation::collapse_spaces(&query.q).to_lowercase());
    if !words.is_empty() {
        let words: String = words.chars().take(200).collect();
        filter.bound("string::contains(search_text, $q)", "q", serde_json::Value::String(words));
    }
    let (rows, more) = repo::list(&db, &filter, REGISTER_LIMIT).await?;
    let calendar = crate::calendar::repo::load(&db).await?;
    let mut items: Vec<InquirySummary> = rows.iter().map(|i| InquirySummary::of(i, &calendar, today)).collect();
    sort_register(&mut items);
    audit(
        &db,
        &Actor::user(&user),
        AuditAction::View,
        Some("inquiries".into()),
        format!("Реестр межведомственных запросов: {}", query.describe()),
        vec![],
    )
    .await?;
    let overdue = items.iter().filter(|i| i.standing.is_overdue()).count();
    Ok(InquiryPage { items, more, overdue })
}

/// A request for its page; reading one that concerns a person is audited.
#[server(prefix = "/api", endpoint = "inquiries/get")]
pub async fn get_inquiry(id: String) -> Result<InquiryDetails, AppError> {
    use ssr::*;
    let user = require(permissions::INQUIRIES)?;
    let db = db()?;
    let inquiry = with_status(visible(&db, &user, &id).await)?;
    details(&db, &user, inquiry, AuditAction::View).await
}

/// A request for its printed letter; the printing is audited like a reading.
#[server(prefix = "/api", endpoint = "inquiries/letter")]
pub async fn inquiry_letter(id: String) -> Result<InquiryDetails, AppError> {
    use ssr::*;
    let user = require(permissions::INQUIRIES)?;
    let db = db()?;
    let inquiry = with_status(visible(&db, &user, &id).await)?;
    details(&db, &user, inquiry, AuditAction::Print).await
}

#[cfg(feature = "ssr")]
async fn details(
    store: &ssr::Db,
    user: &ssr::CurrentUser,
    inquiry: Inquiry,
    action: ssr::AuditAction,
) -> Result<InquiryDetails, AppError> {
    use ssr::*;
    if inquiry.concerns_person() {
        let whom = if inquiry.person.is_empty() {
            inquiry.case_number.as_deref().map(|n| format!("случай № {n}")).unwrap_or_default()
        } else {
            inquiry.person.clone()
        };
        audit(
            store,
            &Actor::user(user),
            action,
            Some(format!("inquiry:{}", inquiry.id)),
            format!("Межведомственный запрос {}{}", inquiry.label(), about(&inquiry.body, &whom)),
            vec![],
        )
        .await?;
    }
    let calendar = crate::calendar::repo::load(store).await?;
    let today = today();
    let standing = Standing::of(inquiry.status, inquiry.due_on, inquiry.answer_on, &calendar, today);
    let case_label = match (&inquiry.case_number, &inquiry.case_title) {
        (Some(n), Some(t)) => Some(format!("№ {n} «{t}»")),
        _ => None,
    };
    Ok(InquiryDetails {
        form: inquiry.form(),
        case_label,
        standing,
        can_edit: user.has_any(permissions::INQUIRIES),
        today,
        inquiry: Some(inquiry),
    })
}

/// A new request's form; from a case (`case`: its key) it concerns the case and its first
/// member, and a family in a socially dangerous position gets the term for children in danger.
#[server(prefix = "/api", endpoint = "inquiries/blank")]
pub async fn blank_inquiry(case: String) -> Result<InquiryDetails, AppError> {
    use ssr::*;
    let user = require(permissions::INQUIRIES)?;
    let db = db()?;
    let today = today();
    let mut form = InquiryForm {
        direction: Direction::Outgoing.code().into(),
        term: Term::default().code().into(),
        ..Default::default()
    };
    let mut case_label = None;
    if !case.trim().is_empty() {
        let key = with_status(crate::keys::known(case.trim()))?;
        let row = with_status(crate::cases::repo::visible_row(&db, &user, key).await)?;
        case_label = Some(row.label());
        // The form is filled with a person of the case: a read of personal data.
        audit(
            &db,
            &Actor::user(&user),
            AuditAction::View,
            Some(format!("case_file:{key}")),
            format!("Новый межведомственный запрос по случаю {}", row.label()),
            vec![],
        )
        .await?;
        let calendar = crate::calendar::repo::load(&db).await?;
        let case = row.into_case(&calendar, today);
        form.case_number = case.number.clone();
        if let Some(first) = case.members.first() {
            form.person = match first.birth_date {
                Some(born) => format!("{}, {} г. р.", first.full_name, crate::time::format_naive_date(born)),
                None => first.full_name.clone(),
            };
        }
        use crate::cases::types::Category;
        if case.categories.iter().any(|c| matches!(c, Category::DangerousPosition | Category::MinorAtRisk)) {
            form.term = Term::Child.code().into();
        }
    }
    Ok(InquiryDetails { inquiry: None, form, case_label, standing: Standing::Draft, can_edit: true, today })
}

/// The partners of the resource map a request may be addressed to (name and address).
#[server(prefix = "/api", endpoint = "inquiries/partners", output = Json)]
pub async fn inquiry_partners() -> Result<Vec<PartnerOption>, AppError> {
    use ssr::*;
    require(permissions::INQUIRIES)?;
    let db = db()?;
    repo::partners(&db).await
}

/// The day the answer will be due for a term and a sending day (or the day given by hand), as
/// the production calendar counts it.
#[server(prefix = "/api", endpoint = "inquiries/due")]
pub async fn preview_due(term: String, sent_on: String, due_on: String) -> Result<DuePreview, AppError> {
    use ssr::*;
    require(permissions::INQUIRIES)?;
    let term = Term::from_code(&term).unwrap_or_default();
    let db = db()?;
    let calendar = crate::calendar::repo::load(&db).await?;
    Ok(preview(&calendar, term, crate::time::parse_date(&sent_on), crate::time::parse_date(&due_on)))
}

/// Registers a request (`id` empty) or saves it; the request's key.
#[server(prefix = "/api", endpoint = "inquiries/save", input = Json)]
pub async fn save_inquiry(id: String, version: i64, form: InquiryForm) -> Result<String, AppError> {
    use ssr::*;
    let user = require(permissions::INQUIRIES)?;
    save(&user, id.trim(), version, &form, false).await
}

/// Saves a draft and marks it sent (an incoming request: received), with the day the answer is
/// due; `id` empty registers and sends a new request at once. The request's key.
#[server(prefix = "/api", endpoint = "inquiries/send", input = Json)]
pub async fn send_inquiry(id: String, version: i64, form: InquiryForm) -> Result<String, AppError> {
    use ssr::*;
    let user = require(permissions::INQUIRIES)?;
    save(&user, id.trim(), version, &form, true).await
}

/// Records the answer to a sent request (an incoming one: the answer the institution gave).
#[server(prefix = "/api", endpoint = "inquiries/answer")]
pub async fn answer_inquiry(id: String, answer_on: String, answer_text: String) -> Result<String, AppError> {
    use ssr::*;
    let user = require(permissions::INQUIRIES)?;
    let db = db()?;
    let current = with_status(visible(&db, &user, &id).await)?;
    if let Err(why) = check_transition(current.direction, current.status, InquiryStatus::Answered) {
        return with_status(Err(AppError::field("answer_text", why)));
    }
    let (on, text) = with_status(
        validate_answer(current.direction, &answer_on, &answer_text, current.sent_on, today())
            .map_err(AppError::Validation),
    )?;
    let line = AuditLine::new(
        &Actor::user(&user),
        AuditAction::Update,
        Some(format!("inquiry:{}", current.id)),
        format!(
            "Межведомственный запрос {}{}: {} {}",
            current.label(),
            about(&current.body, &current.person),
            status_label(current.direction, InquiryStatus::Answered).to_lowercase(),
            crate::time::format_naive_date(on)
        ),
        vec![],
    );
    with_status(repo::answer(&db, &user, &current.id, on, &text, line, Utc::now()).await)?;
    Ok(current.id)
}

/// Attaches the letter of the answer (a scan or a PDF, base64) to a sent or answered request; a
/// file attached before is replaced. What was attached.
#[server(prefix = "/api", endpoint = "inquiries/answer_file", input = Json, output = Json)]
pub async fn attach_answer_file(id: String, name: String, data: String) -> Result<AnswerFile, AppError> {
    use ssr::*;
    let user = require(permissions::INQUIRIES)?;
    let db = db()?;
    let current = with_status(visible(&db, &user, &id).await)?;
    if current.status == InquiryStatus::Draft {
        return with_status(Err(AppError::field(
            "answer_file",
            "Файл ответа прикладывают к отправленному (поступившему) запросу — сначала отметьте его отправленным",
        )));
    }
    let bytes = with_status(crate::stored_files::decode(&data, "answer_file"))?;
    let content_type = with_status(
        crate::stored_files::document_type(&bytes)
            .ok_or_else(|| AppError::field("answer_file", "Нужен PDF или снимок письма (JPEG, PNG, WebP)")),
    )?;
    let now = Utc::now();
    let answer = AnswerFile {
        name: crate::stored_files::label(&name),
        content_type: content_type.to_string(),
        size: bytes.len() as i64,
        at: now,
        by_name: user.full_name.clone(),
    };
    let dir = crate::auth::session::settings()?.documents_dir.clone();
    let stem = format!("inquiry-{}-{}", current.id, now.timestamp_nanos_opt().unwrap_or_default());
    let file = crate::stored_files::keep(&dir, &stem, crate::stored_files::extension(content_type), &bytes).await?;
    let line = AuditLine::new(
        &Actor::user(&user),
        AuditAction::Update,
        Some(format!("inquiry:{}", current.id)),
        format!(
            "Межведомственный запрос {}{}: приложен файл ответа «{}» ({})",
            current.label(),
            about(&current.body, &current.person),
            answer.name,
            crate::stored_files::size_text(answer.size)
        ),
        vec![],
    );
    with_status(repo::attach_answer_file(&db, &current.id, &file, &answer, line).await)?;
    Ok(answer)
}

/// `GET /inquiries/files/<id>`: the file of a request's answer, to those who may see the
/// request; opening it is audited like reading the request.
#[cfg(feature = "ssr")]
pub async fn answer_file(
    axum::extract::State(state): axum::extract::State<crate::state::AppState>,
    session: Option<axum::Extension<crate::auth::session::AuthSession>>,
    ip: Option<axum::Extension<crate::auth::session::ClientIp>>,
    axum::extract::Path(id): axum::extract::Path<String>,
) -> Result<axum::response::Response, crate::download::Failed> {
    use axum::http::header;
    use axum::response::IntoResponse;
    let missing = || AppError::NotFound("Файл ответа не найден".into());
    let user = crate::download::downloader(session, crate::auth::permissions::INQUIRIES)?;
    let id = crate::keys::known(&id).map_err(|_| missing())?;
    let inquiry = ssr::visible(&state.db, &user, id).await?;
    let (file, content_type, name) = ssr::repo::answer_file(&state.db, id).await?.ok_or_else(missing)?;
    let bytes = crate::stored_files::read(&state.settings.documents_dir, &file).await.ok_or_else(missing)?;
    ssr::audit(
        &state.db,
        &ssr::Actor::downloader(&user, ip),
        ssr::AuditAction::View,
        Some(format!("inquiry:{}", inquiry.id)),
        format!(
            "Межведомственный запрос {}{}: открыт файл ответа",
            inquiry.label(),
            ssr::about(&inquiry.body, &inquiry.person)
        ),
        vec![],
    )
    .await?;
    Ok((
        [
            (header::CONTENT_TYPE, content_type),
            (header::CONTENT_DISPOSITION, crate::download::inline_disposition(&name)),
            // A letter about a family: never left in the browser's cache of a shared tablet.
            (header::CACHE_CONTROL, "no-store".to_string()),
        ],
        bytes,
    )
        .into_response())
}

/// The requests about a case, for its page: overdue first; only for those who work with
/// requests and may see the case.
#[server(prefix = "/api", endpoint = "inquiries/of_case")]
pub async fn case_inquiries(case_id: String) -> Result<Vec<InquirySummary>, AppError> {
    use ssr::*;
    let user = require(permissions::INQUIRIES)?;
    let db = db()?;
    let key = with_status(crate::keys::known(&case_id))?.to_string();
    let row = with_status(crate::cases::repo::visible_row(&db, &user, &key).await)?;
    let rows = repo::of_case(&db, &key).await?;
    if !rows.is_empty() {
        audit(
            &db,
            &Actor::user(&user),
            AuditAction::View,
            Some(format!("case_file:{key}")),
            format!("Межведомственные запросы по случаю {}: {}", row.label(), rows.len()),
            vec![],
        )
        .await?;
    }
    let calendar = crate::calendar::repo::load(&db).await?;
    let today = today();
    let mut items: Vec<InquirySummary> = rows.iter().map(|i| InquirySummary::of(i, &calendar, today)).collect();
    sort_register(&mut items);
    Ok(items)
}

/// The start pages' notice of the requests the user sees.
#[server(prefix = "/api", endpoint = "inquiries/deadlines")]
pub async fn deadline_counts() -> Result<InquiryDeadlines, AppError> {
    use ssr::*;
    let user = require(permissions::INQUIRIES)?;
    repo::deadlines(&db()?, &user, today()).await
}
