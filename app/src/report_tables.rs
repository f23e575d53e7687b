//! Tables of a report, the same on the page, on paper and in the workbook: a row per district,
//! kind or partner, its figures in cells, the totals in bold. The quarterly report of «дворовый»
//! management and the department's reports are made of them; a submitted report keeps its
//! tables as they were.

use serde::{Deserialize, Serialize};

/// A cell of a report table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Cell {
    Number(u64),
    /// A share in whole percent; none when there is nobody to count.
    Share(Option<u64>),
    Text(String),
    /// Nothing to count yet (a month not begun).
    Dash,
}

impl Cell {
    /// The cell as the page and the paper show it.
    pub fn text(&self) -> String {
        match self {
            Cell::Number(n) => n.to_string(),
            Cell::Share(Some(p)) => format!("{p} %"),
            Cell::Share(None) | Cell::Dash => "—".into(),
            Cell::Text(t) => t.clone(),
        }
    }
}

/// A row of a report table: its label (a district, a kind of event…) and its cells.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TableRow {
    pub label: String,
    pub cells: Vec<Cell>,
    /// The total row.
    pub total: bool,
}

/// A table of the report, the same on the page, on paper and in the workbook.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Table {
    /// A name for tests and styles: «registry», «contacts»…
    pub key: String,
    pub title: String,
    /// Headings over several columns, with how many they span (the label column included).
    pub groups: Vec<(String, u16)>,
    /// The columns, the label column first.
    pub columns: Vec<String>,
    pub rows: Vec<TableRow>,
    /// A line under the title.
    pub note: Option<String>,
    /// Shown when there are no rows.
    pub empty: String,
}
