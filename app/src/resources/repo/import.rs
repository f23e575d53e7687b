//! Writing an imported registry file in one transaction.

use super::partners::*;
use crate::auth::CurrentUser;
use crate::db::{take_rows, transaction_error, Db};
use crate::error::AppResult;
use crate::resources::types::*;
use crate::resources::validate::ValidPartner;
use chrono::{DateTime, Utc};
use surrealdb::types::RecordId;

/// A partner of an imported file: the one it updates, if any, and its new details.
pub struct Imported {
    pub current: Option<Partner>,
    pub partner: ValidPartner,
}

/// Writes imported partners in one transaction. Who verified a partner is kept while the date
/// of verification stays the same; a new date is credited to the importer.
pub async fn import(
    db: &Db,
    user: &CurrentUser,
    partners: &[Imported],
    help_kinds: &[HelpKind],
    now: DateTime<Utc>,
) -> AppResult<()> {
    let mut creates = Vec::new();
    let mut updates = Vec::new();
    for Imported { current, partner } in partners {
        let verified_by = match current {
            Some(c) if c.verified_on == partner.verified_on => c.verified_by_name.clone(),
            _ => Some(user.full_name.clone()),
        };
        let content = PartnerContent::new(partner, help_kinds, verified_by, user, now);
        match current {
            Some(c) => updates.push((RecordId::new("partner", c.id.clone()), c.version, content)),
            None => creates.push(content),
        }
    }
    let mut response = db
        .query(
            "BEGIN TRANSACTION;
             FOR $content IN $creates {
                 CREATE partner CONTENT object::extend($content, { archived: false, created_at: $now, version: 1 });
             };
             FOR $row IN $updates {
                 -- Changed by someone between the check and now: the whole import is refused.
                 IF (SELECT VALUE version FROM ONLY $row[0]) != $row[1] {
                     THROW '«' + <string> (SELECT VALUE name FROM ONLY $row[0]) + '» изменили, пока шла загрузка: проверьте файл ещё раз';
                 };
                 UPDATE $row[0] MERGE object::extend($row[2], { version: version + 1 });
             };
             COMMIT TRANSACTION;",
        )
        .bind(("creates", creates))
        .bind(("updates", updates))
        .bind(("now", now))
        .await?;
    match transaction_error(&mut response) {
        Some(e) if e.to_string().contains("пока шла загрузка") => {
            let message = e.to_string();
            let text = message.split("An error occurred: ").last().unwrap_or(&message).trim().to_string();
            Err(crate::error::AppError::Conflict(text))
        }
        Some(e) => Err(e.into()),
        None => Ok(()),
    }
}

/// Keys of partners that exist, among these.
pub async fn existing(db: &Db, keys: Vec<String>) -> AppResult<Vec<String>> {
    let ids: Vec<RecordId> = keys.into_iter().map(|k| RecordId::new("partner", k)).collect();
    let mut response = db.query("SELECT VALUE record::id(id) FROM partner WHERE id IN $ids").bind(("ids", ids)).await?;
    take_rows(&mut response, 0)
}
