//! The frame every page lives in: the header with the sections a role works in, the idle lock,
//! the connection banner, and signing in and out. Above the accounts and the audit trail (signing
//! in writes to it), below every feature (each page sits in the frame).

use crate::error::AppError;

pub mod frame;
pub mod login;
pub mod logout;
pub mod offline;
pub mod password;

/// The message of a form's field in a server function's answer.
fn error_for(value: Option<Result<(), AppError>>, field: &'static str) -> Option<String> {
    match value {
        Some(Err(AppError::Validation(errors))) => errors.get(field).map(str::to_string),
        _ => None,
    }
}

fn general_error(value: Option<Result<(), AppError>>) -> Option<String> {
    match value {
        Some(Err(AppError::Validation(_))) | Some(Ok(())) | None => None,
        Some(Err(other)) => Some(other.to_string()),
    }
}
