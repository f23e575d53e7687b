//! One error type for every server function. It crosses the wire as JSON, so the form that
//! called the function can show each validation message next to its field, in Russian.

use serde::{Deserialize, Serialize};
use server_fn_error::{FromServerFnError, ServerFnErrorErr};
use std::collections::BTreeMap;

mod server_fn_error {
    pub use leptos::server_fn::codec::JsonEncoding;
    pub use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
}

/// Validation messages by field name (the name used by the form), in Russian.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldErrors(pub BTreeMap<String, String>);

impl FieldErrors {
    pub fn new() -> Self {
        Self::default()
    }
    /// Records the first message for a field; later ones for the same field are dropped,
    /// so the user sees the most basic problem first.
    pub fn add(&mut self, field: &str, message: impl Into<String>) {
        self.0.entry(field.to_string()).or_insert_with(|| message.into());
    }
    pub fn get(&self, field: &str) -> Option<&str> {
        self.0.get(field).map(String::as_str)
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    pub fn into_result(self) -> Result<(), AppError> {
        if self.is_empty() {
            Ok(())
        } else {
            Err(AppError::Validation(self))
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    /// No valid session: the page sends the user to the login form.
    #[error("Требуется вход в систему")]
    Unauthorized,
    /// The user is known but the role or district does not allow this.
    #[error("{0}")]
    Forbidden(String),
    #[error("{0}")]
    NotFound(String),
    /// Field-level messages for a form.
    #[error("Проверьте выделенные поля")]
    Validation(FieldErrors),
    /// Someone else changed the record since it was opened.
    #[error("{0}")]
    Conflict(String),
    /// Too many attempts (login lockout and the like).
    #[error("{0}")]
    TooManyRequests(String),
    /// The server is too busy to take this now (its queue is full): try again in a moment.
    #[error("{0}")]
    Overloaded(String),
    /// The server could not be reached: the browser is offline or the server is down.
    #[error(
        "Нет связи с сервером. Введённые данные сохранены в форме — повторите попытку, когда связь восстановится."
    )]
    Network(String),
    /// Anything else on the server. The detail is logged there with an incident code; only the
    /// code travels to the browser, with a calm message.
    #[error("Внутренняя ошибка сервера (код {0}). Попробуйте ещё раз; если ошибка повторяется, сообщите администратору этот код.")]
    Internal(String),
}

/// The sentence above a form the server refused field by field: the messages are at the fields,
/// and nothing typed is lost.
pub const CHECK_FIELDS: &str = "Проверьте выделенные поля — введённое сохранено.";

impl AppError {
    /// The one sentence a single control shows for a refusal: the message on its field, else
    /// the request's own (`form`: a body beyond the route's limit, one that does not decode),
    /// else the first message of the form, else the error itself.
    pub fn message_for(&self, field: &str) -> String {
        match self {
            AppError::Validation(f) => f
                .get(field)
                .or_else(|| f.get("form"))
                .map(str::to_string)
                .or_else(|| f.0.values().next().cloned())
                .unwrap_or_else(|| self.to_string()),
            other => other.to_string(),
        }
    }

    /// What a form says above itself when a save failed.
    pub fn form_message(&self) -> String {
        match self {
            AppError::Validation(_) => CHECK_FIELDS.to_string(),
            other => other.to_string(),
        }
    }

    /// An internal error: the detail (a database message, a failed encoding…) goes to the log
    /// with a short incident code, and only the code to the user.
    pub fn internal(detail: impl std::fmt::Display) -> Self {
        let code = incident_code();
        tracing::error!(incident = %code, detail = %detail, "internal error");
        AppError::Internal(code)
    }

    pub fn forbidden() -> Self {
        AppError::Forbidden("Недостаточно прав для этого действия".into())
    }
    pub fn field(field: &str, message: impl Into<String>) -> Self {
        let mut errors = FieldErrors::new();
        errors.add(field, message);
        AppError::Validation(errors)
    }
    /// Every message of the error, each naming its place: one per field of a validation
    /// error, else the error itself. For lists shown above a large form.
    pub fn messages(&self) -> Vec<String> {
        match self {
            AppError::Validation(errors) => errors.0.values().cloned().collect(),
            other => vec![other.to_string()],
        }
    }
    pub fn field_errors(&self) -> Option<&FieldErrors> {
        match self {
            AppError::Validation(errors) => Some(errors),
            _ => None,
        }
    }
    /// HTTP status the server answers with for this error.
    pub fn status(&self) -> u16 {
        match self {
            AppError::Unauthorized => 401,
            AppError::Forbidden(_) => 403,
            AppError::NotFound(_) => 404,
            AppError::Validation(_) => 422,
            AppError::Conflict(_) => 409,
            AppError::TooManyRequests(_) => 429,
            AppError::Network(_) => 503,
            AppError::Overloaded(_) => 503,
            AppError::Internal(_) => 500,
        }
    }
}

/// A short code that names one incident in the server's log: «E7F3A9C1».
fn incident_code() -> String {
    #[cfg(feature = "ssr")]
    {
        format!("E{:08X}", rand::random::<u32>())
    }
    #[cfg(not(feature = "ssr"))]
    {
        static NEXT: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(1);
        format!("C{:04}", NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed))
    }
}

/// A request whose arguments could not be read: a validation error, answered with 422 (the
/// server function itself never ran, so nothing else sets the status).
/// A body that was cut at its route's limit while it was read (one sent without a length) is
/// answered as one refused by its length: 413 and the same message.
fn unreadable_request(detail: String) -> AppError {
    let too_large = detail.contains("length limit exceeded");
    #[cfg(feature = "ssr")]
    if let Some(options) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
        options.set_status(if too_large {
            http::StatusCode::PAYLOAD_TOO_LARGE
        } else {
            http::StatusCode::UNPROCESSABLE_ENTITY
        });
    }
    let mut errors = FieldErrors::new();
    if too_large {
        errors.add("form", TOO_LARGE.to_string());
    } else {
        let detail: String = detail.chars().take(200).collect();
        errors.add("form", format!("Форма заполнена неверно ({detail})"));
    }
    AppError::Validation(errors)
}

/// What a form shows when it sent more than its route takes.
pub const TOO_LARGE: &str = "Слишком большой объём данных за один раз: уменьшите файл или текст";

impl FromServerFnError for AppError {
    type Encoder = server_fn_error::JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            ServerFnErrorErr::Request(detail) => AppError::Network(detail),
            ServerFnErrorErr::Args(detail) | ServerFnErrorErr::MissingArg(detail) => unreadable_request(detail),
            // On the server, a body that does not decode is the request's fault, not ours.
            #[cfg(feature = "ssr")]
            ServerFnErrorErr::Deserialization(detail) => unreadable_request(detail),
            other => AppError::internal(other),
        }
    }
}

#[cfg(feature = "ssr")]
impl From<surrealdb::Error> for AppError {
    fn from(err: surrealdb::Error) -> Self {
        AppError::internal(format!("database: {err}"))
    }
}

#[cfg(feature = "ssr")]
impl From<serde_json::Error> for AppError {
    fn from(err: serde_json::Error) -> Self {
        AppError::internal(format!("decoding a database row: {err}"))
    }
}

pub type AppResult<T> = Result<T, AppError>;
