//! Who is signed in, for the page frame.

use super::CurrentUser;
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The signed-in user and the session settings the browser needs (to lock an idle tablet).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Me {
    pub user: CurrentUser,
    pub idle_timeout_secs: u64,
}

#[server(prefix = "/api", endpoint = "auth/me")]
pub async fn whoami() -> Result<Option<Me>, AppError> {
    use crate::auth::session::{current_session, settings};
    let settings = settings()?;
    Ok(current_session().map(|s| Me { user: s.user, idle_timeout_secs: settings.idle_timeout.as_secs() }))
}
