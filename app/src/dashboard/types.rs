//! What the head of department reads on Monday morning: what is late and what falls due this
//! week, each a link to where it is fixed, and the department's week-by-week pictures.

use serde::{Deserialize, Serialize};

/// How urgent an item of «Требует внимания» is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Tone {
    Late,
    Soon,
    Calm,
}

/// A line of «Требует внимания»: how many, of what, and where to fix it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attention {
    pub label: String,
    pub count: u64,
    pub href: String,
    pub tone: Tone,
}

/// A named row of figures of a chart (a stage, a channel…), one figure per category.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Series {
    pub name: String,
    pub values: Vec<u64>,
}

/// A chart with the table behind it: categories (weeks, specialists) along one axis, one or more
/// series stacked in each bar.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChartData {
    /// For tests and styles: «stages», «appeals», «overdue».
    pub key: String,
    pub title: String,
    /// The text alternative: what the chart shows, in words.
    pub summary: String,
    pub categories: Vec<String>,
    pub series: Vec<Series>,
    /// Bars along the horizontal axis (one per specialist) instead of columns.
    pub horizontal: bool,
    /// What an empty chart says.
    pub empty: String,
    /// The heading of the categories in the table behind the chart: «Неделя с», «Район».
    pub axis: String,
    /// The colour of each series as an index of [`PALETTE`]; empty: in order.
    #[serde(default)]
    pub colors: Vec<usize>,
}

impl ChartData {
    /// The total of each category (the height of its bar).
    pub fn totals(&self) -> Vec<u64> {
        (0..self.categories.len())
            .map(|i| self.series.iter().map(|s| s.values.get(i).copied().unwrap_or(0)).sum())
            .collect()
    }

    pub fn is_empty(&self) -> bool {
        self.totals().iter().all(|t| *t == 0)
    }

    /// The index in [`PALETTE`] of series `k`.
    pub fn color_of(&self, k: usize) -> usize {
        self.colors.get(k).copied().unwrap_or(k)
    }
}

/// Indexes of [`PALETTE`] by meaning.
pub mod colors {
    pub const BLUE: usize = 0;
    pub const GREEN: usize = 1;
    pub const AMBER: usize = 2;
    pub const PURPLE: usize = 3;
    pub const RED: usize = 4;
    pub const GREY: usize = 6;
}

/// A chart as the page shows it: its data and the picture drawn on the server (SVG).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Chart {
    pub data: ChartData,
    pub svg: String,
}

/// The head's dashboard.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dashboard {
    pub attention: Vec<Attention>,
    pub charts: Vec<Chart>,
    /// «на 07.12.2026 09:15».
    pub as_of: String,
}

/// The colours of the series, in order: the charts and their legends use the same.
pub const PALETTE: [(u8, u8, u8); 7] =
    [(31, 95, 139), (79, 157, 105), (215, 154, 0), (142, 94, 162), (200, 85, 61), (58, 166, 185), (127, 140, 141)];

/// The colour of series `k` as CSS: «#1f5f8b».
pub fn series_color(k: usize) -> String {
    let (r, g, b) = PALETTE[k % PALETTE.len()];
    format!("#{r:02x}{g:02x}{b:02x}")
}
