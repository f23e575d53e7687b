//! Server functions of the board. Everyone with board access sees the cases their role and
//! districts allow (`cases::visibility::can_see`); moves go through `cases::api::move_case`.

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
    pub use crate::board::repo;
    pub use crate::cases::repo::calendar;
    pub use crate::state::db;
    pub use crate::time::local_today;
}

#[server(prefix = "/api", endpoint = "board/load", input = Json)]
pub async fn load_board(query: BoardQuery) -> Result<BoardData, AppError> {
    use ssr::*;
    let user = require(permissions::BOARD)?;
    let db = db()?;
    let calendar = calendar(&db).await?;
    let today = local_today(chrono::Utc::now());
    let data = with_status(repo::board(&db, &user, &query, &calendar, today).await)?;
    let shown: usize = data.cells.iter().map(|c| c.cards.len()).sum();
    audit(
        &db,
        &Actor::user(&user),
        AuditAction::View,
        Some("board".into()),
        format!("Доска случаев{}: карточек на экране {shown}", query.to_query_string()),
        vec![],
    )
    .await?;
    Ok(data)
}

#[server(prefix = "/api", endpoint = "board/cell", input = Json)]
pub async fn load_cell(query: BoardQuery, cell: CellRequest) -> Result<CellPage, AppError> {
    use ssr::*;
    let user = require(permissions::BOARD)?;
    let db = db()?;
    let calendar = calendar(&db).await?;
    let page =
        with_status(repo::cell_page(&db, &user, &query, &cell, &calendar, local_today(chrono::Utc::now())).await)?;
    audit(
        &db,
        &Actor::user(&user),
        AuditAction::View,
        Some("board".into()),
        format!("Доска случаев: ещё карточек в ячейке «{}» — {}", cell.stage, page.cards.len()),
        vec![],
    )
    .await?;
    Ok(page)
}

/// One card as the board with these filters shows it (for a live update); none when the case
/// is not on this board.
#[server(prefix = "/api", endpoint = "board/card", input = Json)]
pub async fn board_card(query: BoardQuery, id: String) -> Result<Option<Card>, AppError> {
    use ssr::*;
    let user = require(permissions::BOARD)?;
    let db = db()?;
    let calendar = calendar(&db).await?;
    let card =
        with_status(repo::card_on_board(&db, &user, &query, &id, &calendar, local_today(chrono::Utc::now())).await)?;
    if let Some(card) = &card {
        audit(
            &db,
            &Actor::user(&user),
            AuditAction::View,
            Some(format!("case_file:{}", card.id)),
            format!("Карточка случая № {} на доске (живое обновление)", card.number),
            vec![],
        )
        .await?;
    }
    Ok(card)
}

/// The counts of every cell (after live changes of cards the board has not loaded).
#[server(prefix = "/api", endpoint = "board/counts", input = Json)]
pub async fn board_counts(query: BoardQuery) -> Result<Vec<CellCount>, AppError> {
    use ssr::*;
    let user = require(permissions::BOARD)?;
    let db = db()?;
    with_status(repo::cell_counts(&db, &user, &query, local_today(chrono::Utc::now())).await)
}

#[server(prefix = "/api", endpoint = "board/limits", input = Json)]
pub async fn save_limits(form: LimitsForm) -> Result<(), AppError> {
    use ssr::*;
    let user = require(permissions::SUPERVISE)?;
    let db = db()?;
    with_status(repo::save_limits(&db, &user, &form).await)?;
    audit(&db, &Actor::user(&user), AuditAction::Update, Some("board".into()), "Лимиты доски случаев изменены", vec![])
        .await
}
