//! What the case board shows: cards in cells of (swimlane × stage), with counts and limits.

pub use crate::cases::card::{Card, MoveRequest, ALL_LANE, NO_LANE};
use crate::cases::types::Stage;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Cards a board cell shows before «show more».
pub const CELL_PAGE: usize = 30;
/// Cards a cell shows first when the board has swimlanes.
pub const LANE_CELL_PAGE: usize = 8;
/// Swimlanes that come with their cards; the lanes after them show counts until opened.
pub const LANES_WITH_CARDS: usize = 6;
/// Closed cases stay on the board this many days.
pub const CLOSED_DAYS: i64 = 30;
/// The most cards a board search lays out; beyond them it asks for a narrower query.
pub const SEARCH_CAP: usize = 500;

/// How the board is divided into swimlanes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Lanes {
    None,
    Curator,
    District,
}

impl Lanes {
    pub fn from_code(code: &str) -> Self {
        match code {
            "curator" => Lanes::Curator,
            "district" => Lanes::District,
            _ => Lanes::None,
        }
    }
    /// The lane of a case with this district and curator (keys).
    pub fn lane_key(self, district: Option<&str>, curator: Option<&str>) -> String {
        let key = match self {
            Lanes::None => return ALL_LANE.to_string(),
            Lanes::Curator => curator,
            Lanes::District => district,
        };
        key.unwrap_or(NO_LANE).to_string()
    }
    pub fn code(self) -> &'static str {
        match self {
            Lanes::None => "",
            Lanes::Curator => "curator",
            Lanes::District => "district",
        }
    }
}

/// The board's filters and swimlanes, as they stand in the URL.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct BoardQuery {
    pub district: String,
    /// A user key, or «none» for cases without a curator.
    pub curator: String,
    pub category: String,
    /// «1» for cases with an overdue clock only.
    pub overdue: String,
    pub q: String,
    /// «curator», «district» or empty.
    pub lanes: String,
}

impl BoardQuery {
    pub fn lanes(&self) -> Lanes {
        Lanes::from_code(&self.lanes)
    }
    pub fn is_filtered(&self) -> bool {
        !(self.district.is_empty()
            && self.curator.is_empty()
            && self.category.is_empty()
            && self.overdue.is_empty()
            && self.q.trim().is_empty())
    }
    pub fn to_query_string(&self) -> String {
        crate::url::query_string(&[
            ("district", &self.district),
            ("curator", &self.curator),
            ("category", &self.category),
            ("overdue", &self.overdue),
            ("q", &self.q),
            ("lanes", &self.lanes),
        ])
    }
}

/// A swimlane: a curator, a district, or the whole board.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Lane {
    pub key: String,
    pub title: String,
    /// Open cases in the lane (all stages but «closed»).
    pub open: u64,
    /// The curator's limit of open cases, when the lane is a curator's.
    pub limit: Option<u32>,
}

/// A column: a stage, its count and its limit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Column {
    pub stage: Stage,
    pub count: u64,
    pub limit: Option<u32>,
}

/// The cards of one (lane, stage) cell, one page of them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Cell {
    pub lane: String,
    pub stage: Stage,
    pub count: u64,
    pub cards: Vec<Card>,
    /// Where the next page starts, when there is one.
    pub next: Option<String>,
}

/// A curator's open cases against the limit, for the workload strip.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Workload {
    pub curator_id: String,
    pub name: String,
    pub open: u64,
    pub overdue: u64,
}

/// Everything the board shows at first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BoardData {
    pub today: NaiveDate,
    /// A search found more than the board lays out: the user is asked to narrow it.
    #[serde(default)]
    pub search_capped: bool,
    pub lanes: Vec<Lane>,
    pub columns: Vec<Column>,
    pub cells: Vec<Cell>,
    pub workload: Vec<Workload>,
    /// Cases on this board (under its filters) with an overdue clock.
    pub overdue: u64,
    pub curator_limit: Option<u32>,
    pub can_move: bool,
    pub can_assign: bool,
    pub can_set_limits: bool,
}

/// The next page of one cell.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CellPage {
    pub cards: Vec<Card>,
    pub next: Option<String>,
}

/// How many cases a cell holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CellCount {
    pub lane: String,
    pub stage: Stage,
    pub count: u64,
}

/// Which cell's next page to load.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CellRequest {
    pub lane: String,
    /// A stage code.
    pub stage: String,
    /// The board key of the last card shown.
    pub after: String,
}

/// The limits a supervisor sets, as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LimitsForm {
    /// (stage code, limit as typed; empty — no limit).
    pub columns: Vec<(String, String)>,
    pub curator: String,
}

/// The swimlane a card belongs to.
pub trait LaneOf {
    fn lane(&self, lanes: Lanes) -> String;
}

impl LaneOf for Card {
    fn lane(&self, lanes: Lanes) -> String {
        lanes.lane_key(self.district_id.as_deref(), self.curator_id.as_deref())
    }
}

/// Where a case lies, as a live change tells it: enough for a board to know which of its cells
/// holds the case without loading the card.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CellFacts {
    pub stage: Stage,
    /// District and curator keys.
    pub district: Option<String>,
    pub curator: Option<String>,
    pub categories: Vec<String>,
    /// The nearest deadline of an open case.
    pub due: Option<NaiveDate>,
    /// The local day the stage began (a closed case stays on the board [`CLOSED_DAYS`]).
    pub since: NaiveDate,
}

impl CellFacts {
    /// Open and past its deadline.
    pub fn late(&self, today: NaiveDate) -> bool {
        self.stage != Stage::Closed && self.due.is_some_and(|due| due < today)
    }

    /// The lane of the board with these filters that holds the case, or none when the board
    /// does not show it. A search cannot be answered here: the caller counts again.
    pub fn lane_on(&self, query: &BoardQuery, today: NaiveDate) -> Option<String> {
        let key_matches = |filter: &str, key: &Option<String>| match filter {
            "" => true,
            NO_LANE => key.is_none(),
            wanted => key.as_deref() == Some(wanted),
        };
        let on_board = self.stage != Stage::Closed || self.since >= today - chrono::Duration::days(CLOSED_DAYS);
        let shown = on_board
            && key_matches(&query.district, &self.district)
            && key_matches(&query.curator, &self.curator)
            && (query.category.is_empty() || self.categories.contains(&query.category))
            && (query.overdue != "1" || self.late(today));
        shown.then(|| query.lanes().lane_key(self.district.as_deref(), self.curator.as_deref()))
    }
}

/// A change of a case as an open board hears of it: where the case lay before the write and
/// where it lies now (each none when this user may not see it there).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseChange {
    pub id: String,
    pub version: i64,
    pub board_key: String,
    pub was: Option<CellFacts>,
    pub now: Option<CellFacts>,
    /// Whether `was` is the state just before this version (a new case has none); when not,
    /// the board counts again rather than guess.
    pub known: bool,
}

/// What a board does after a live change it has applied to its counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Follow {
    /// Counts adjusted; nothing to read.
    Nothing,
    /// The card is (or lands) among the loaded ones: read it.
    FetchCard,
    /// The board cannot place the change by itself (a search): count again, soon.
    Recount,
}
