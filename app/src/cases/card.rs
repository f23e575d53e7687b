//! A case as the board and the case page show it and move it: its card, and the request to move
//! it to another stage, curator or district.

pub use super::types::Progress;
use super::types::{Category, ClockKind, Stage, Urgency};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The lane key of cards without a curator or a district.
pub const NO_LANE: &str = "none";
/// The one lane of a board without swimlanes.
pub const ALL_LANE: &str = "all";

/// One case as a card: the board shows it in its cell, the case page moves it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Card {
    pub id: String,
    pub number: String,
    pub title: String,
    pub district_id: Option<String>,
    /// «Уч. 3».
    pub district_short: Option<String>,
    pub categories: Vec<Category>,
    pub curator_id: Option<String>,
    /// «Петрова А. С.».
    pub curator_name: Option<String>,
    pub stage: Stage,
    pub members: usize,
    /// The nearest deadline, its clock and how it stands today.
    pub due: Option<NaiveDate>,
    pub clock: Option<ClockKind>,
    pub urgency: Option<Urgency>,
    /// «осталось 2 р. д.», «просрочено 3 р. д.».
    pub due_text: Option<String>,
    /// The deadline lies in a year without an official production calendar.
    #[serde(default)]
    pub due_preliminary: bool,
    /// Order within a column.
    pub board_key: String,
    pub version: i64,
    /// The family's route, when one is planned: activities done of all, the next deadline.
    #[serde(default)]
    pub route: Option<Progress>,
}

impl Card {
    pub fn overdue(&self) -> bool {
        self.urgency == Some(Urgency::Overdue)
    }
}

/// A request to move a card: to another stage, to another curator, or both.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MoveRequest {
    pub id: String,
    /// The version the user saw: a move of a card someone else changed meanwhile is refused.
    pub version: i64,
    pub to_stage: String,
    /// When dropped into another curator's lane: the new curator's key, or «none».
    pub to_curator: Option<String>,
    /// When dropped into another district's lane.
    pub to_district: Option<String>,
    pub comment: String,
}
