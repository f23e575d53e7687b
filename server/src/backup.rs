//! `opora backup FILE` and `opora restore FILE`: the whole database (schema, migrations applied,
//! every record) as one SurrealQL file, and back into an empty database. Photos of acts and
//! the files of answers to requests are files in the data directory (`photos/`, `documents/`)
//! and are copied with it, not in this file.

use crate::db::{migrate, open_unmigrated, DbError, ServerAuth};
use app::db::Db;
use std::path::Path;

#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error("{0}")]
    Db(#[from] DbError),
    #[error("ошибка базы данных: {0}")]
    Query(#[from] surrealdb::Error),
    #[error("файл {path}: {source}")]
    File { path: String, source: std::io::Error },
    #[error(
        "база данных не пуста (таблиц: {0}); восстанавливать можно только в пустую базу — укажите новый каталог данных"
    )]
    NotEmpty(usize),
    #[error("файл {0} не найден")]
    Missing(String),
    #[error(
        "база на сервере SurrealDB ({url}): копию делает и восстанавливает сам сервер — \
         SURREAL_USER=… SURREAL_PASS=… opora-db export --endpoint {endpoint} --namespace opora --database main ФАЙЛ, \
         а в пустую базу — opora-db import с теми же параметрами; фотографии и файлы ответов копируйте из общего каталога данных"
    )]
    OnServer { url: String, endpoint: String },
}

/// A database on a SurrealDB server is copied by the server's own export (the client library
/// cannot export over `ws://`): the error that says how, for a `ws://` URL.
pub fn server_backup_error(url: &str) -> Option<BackupError> {
    let rest =
        url.strip_prefix("ws://").map(|r| ("http", r)).or_else(|| url.strip_prefix("wss://").map(|r| ("https", r)));
    rest.map(|(scheme, rest)| BackupError::OnServer {
        url: url.to_string(),
        endpoint: format!("{scheme}://{}", rest.split('/').next().unwrap_or(rest)),
    })
}

/// The number of tables in the selected database.
async fn tables(db: &Db) -> Result<usize, BackupError> {
    let info: Option<serde_json::Value> = db.query("INFO FOR DB").await?.take(0)?;
    Ok(info.and_then(|i| i.get("tables").and_then(|t| t.as_object()).map(|t| t.len())).unwrap_or(0))
}

/// Writes the whole database to `file` (first to `file.part`, then renamed, so a backup cut
/// short never looks complete); its size in bytes.
pub async fn backup(db: &Db, file: &Path) -> Result<u64, BackupError> {
    let partial = file.with_extension("part");
    let io = |source| BackupError::File { path: file.display().to_string(), source };
    if let Some(parent) = file.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(io)?;
    }
    db.export(&partial).await?;
    std::fs::rename(&partial, file).map_err(io)?;
    Ok(std::fs::metadata(file).map_err(io)?.len())
}

/// Restores `file` into the empty database at `url`, then checks the schema is current.
pub async fn restore(url: &str, auth: &ServerAuth, file: &Path) -> Result<Db, BackupError> {
    if let Some(err) = server_backup_error(url) {
        return Err(err);
    }
    if !file.is_file() {
        return Err(BackupError::Missing(file.display().to_string()));
    }
    let db = open_unmigrated(url, auth).await?;
    restore_into(&db, file).await?;
    Ok(db)
}

/// Restores `file` into an open database, which must be empty.
pub async fn restore_into(db: &Db, file: &Path) -> Result<(), BackupError> {
    let existing = tables(db).await?;
    if existing > 0 {
        return Err(BackupError::NotEmpty(existing));
    }
    db.import(file).await?;
    migrate(db).await?;
    Ok(())
}
