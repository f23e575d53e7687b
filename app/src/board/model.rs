//! The board as the browser holds it: cells of cards that moves, live updates and further
//! pages change in place. Pure, so the rules of placing a card are tested without a browser.

use super::types::*;
use crate::cases::types::Stage;

#[derive(Debug, Clone, PartialEq)]
pub struct BoardModel {
    pub data: BoardData,
    pub lanes_mode: Lanes,
}

/// Where a card was: to put it back when a move is refused.
#[derive(Debug, Clone, PartialEq)]
pub struct Taken {
    pub card: Card,
    pub lane: String,
    pub stage: Stage,
}

impl BoardModel {
    pub fn new(data: BoardData, lanes_mode: Lanes) -> Self {
        BoardModel { data, lanes_mode }
    }

    pub fn cell(&self, lane: &str, stage: Stage) -> Option<&Cell> {
        self.data.cells.iter().find(|c| c.lane == lane && c.stage == stage)
    }

    pub fn find(&self, id: &str) -> Option<&Card> {
        self.data.cells.iter().flat_map(|c| c.cards.iter()).find(|c| c.id == id)
    }

    /// Cases in a column (all lanes).
    pub fn column_count(&self, stage: Stage) -> u64 {
        self.data.cells.iter().filter(|c| c.stage == stage).map(|c| c.count).sum()
    }

    /// Open cases in a lane.
    pub fn lane_open(&self, lane: &str) -> u64 {
        self.data.cells.iter().filter(|c| c.lane == lane && c.stage != Stage::Closed).map(|c| c.count).sum()
    }

    pub fn total(&self) -> u64 {
        self.data.cells.iter().map(|c| c.count).sum()
    }

    /// Takes a card off the board (its cell's count goes down).
    pub fn take(&mut self, id: &str) -> Option<Taken> {
        for cell in &mut self.data.cells {
            if let Some(i) = cell.cards.iter().position(|c| c.id == id) {
                let card = cell.cards.remove(i);
                cell.count = cell.count.saturating_sub(1);
                return Some(Taken { card, lane: cell.lane.clone(), stage: cell.stage });
            }
        }
        None
    }

    /// Puts a card where it belongs: its lane and stage, in deadline order. A card that sorts
    /// after the last loaded one of a cell with more pages is only counted — it will come
    /// with the next page. A card of a lane this board does not show is left off.
    pub fn place(&mut self, card: Card) {
        let lane = card.lane(self.lanes_mode);
        if !self.data.lanes.iter().any(|l| l.key == lane) {
            return;
        }
        let stage = card.stage;
        let cell = match self.data.cells.iter_mut().position(|c| c.lane == lane && c.stage == stage) {
            Some(i) => &mut self.data.cells[i],
            None => {
                self.data.cells.push(Cell { lane: lane.clone(), stage, count: 0, cards: vec![], next: None });
                let last = self.data.cells.len() - 1;
                &mut self.data.cells[last]
            }
        };
        cell.count += 1;
        let beyond_loaded =
            cell.next.is_some() && cell.cards.last().is_some_and(|last| card.board_key > last.board_key);
        if beyond_loaded {
            return;
        }
        let at = cell.cards.iter().position(|c| c.board_key > card.board_key).unwrap_or(cell.cards.len());
        cell.cards.insert(at, card);
    }

    /// Replaces a card with its newer version (or removes it when `card` is none), unless the
    /// board already shows this version or a newer one.
    pub fn update(&mut self, id: &str, card: Option<Card>) {
        if let (Some(shown), Some(new)) = (self.find(id), &card) {
            if shown.version > new.version {
                return;
            }
        }
        self.take(id);
        if let Some(card) = card {
            self.place(card);
        }
    }

    /// Takes the server's counts of every cell; a cell that gained cases without loaded cards
    /// gets a «show more» from its start.
    pub fn set_counts(&mut self, counts: &[CellCount]) {
        for cell in &mut self.data.cells {
            cell.count =
                counts.iter().find(|c| c.lane == cell.lane && c.stage == cell.stage).map(|c| c.count).unwrap_or(0);
            if cell.count > cell.cards.len() as u64 && cell.next.is_none() {
                cell.next = Some(cell.cards.last().map(|c| c.board_key.clone()).unwrap_or_default());
            }
        }
        for count in counts {
            let known = self.data.cells.iter().any(|c| c.lane == count.lane && c.stage == count.stage);
            let lane_shown = self.data.lanes.iter().any(|l| l.key == count.lane);
            if !known && lane_shown && count.count > 0 {
                self.data.cells.push(Cell {
                    lane: count.lane.clone(),
                    stage: count.stage,
                    count: count.count,
                    cards: vec![],
                    next: Some(String::new()),
                });
            }
        }
    }

    /// Applies a live change of a case to the counts, as far as the board can without the
    /// card: the cell the case left loses one, the cell it joined gains one. A loaded card, or
    /// one that lands among the loaded cards of its cell, is read (`FetchCard`) and placed by
    /// [`BoardModel::update`]; a searched board counts again (`Recount`).
    pub fn follow(&mut self, change: &CaseChange, query: &BoardQuery) -> Follow {
        if let Some(shown) = self.find(&change.id) {
            return if shown.version >= change.version { Follow::Nothing } else { Follow::FetchCard };
        }
        if !query.q.trim().is_empty() || !change.known {
            return Follow::Recount;
        }
        let today = self.data.today;
        let was = change.was.as_ref().and_then(|f| f.lane_on(query, today).map(|lane| (lane, f.stage, f.late(today))));
        let now = change.now.as_ref().and_then(|f| f.lane_on(query, today).map(|lane| (lane, f.stage, f.late(today))));
        if was == now {
            return Follow::Nothing;
        }
        if let Some((lane, stage, late)) = &was {
            if let Some(cell) = self.data.cells.iter_mut().find(|c| c.lane == *lane && c.stage == *stage) {
                cell.count = cell.count.saturating_sub(1);
            }
            if *late {
                self.data.overdue = self.data.overdue.saturating_sub(1);
            }
        }
        let Some((lane, stage, late)) = now else { return Follow::Nothing };
        if late {
            self.data.overdue += 1;
        }
        if !self.data.lanes.iter().any(|l| l.key == lane) {
            return Follow::Nothing;
        }
        match self.data.cells.iter_mut().find(|c| c.lane == lane && c.stage == stage) {
            // The card sorts among the loaded ones: it is read and placed (which counts it).
            Some(cell) if cell.next.is_none() || cell.cards.last().is_some_and(|l| change.board_key < l.board_key) => {
                Follow::FetchCard
            }
            Some(cell) => {
                cell.count += 1;
                Follow::Nothing
            }
            None => {
                self.data.cells.push(Cell { lane, stage, count: 1, cards: vec![], next: Some(String::new()) });
                Follow::Nothing
            }
        }
    }

    /// Appends a further page to a cell.
    pub fn append(&mut self, lane: &str, stage: Stage, page: CellPage) {
        if let Some(cell) = self.data.cells.iter_mut().find(|c| c.lane == lane && c.stage == stage) {
            for card in page.cards {
                if !cell.cards.iter().any(|c| c.id == card.id) {
                    cell.cards.push(card);
                }
            }
            cell.next = page.next;
        }
    }

    /// The card as it will look after a move, before the server confirms it.
    pub fn moved(&self, card: &Card, lane: &str, stage: Stage) -> Card {
        let mut moved = Card { stage, ..card.clone() };
        if self.lanes_mode == Lanes::Curator && card.lane(Lanes::Curator) != lane {
            moved.curator_id = (lane != NO_LANE).then(|| lane.to_string());
            moved.curator_name = self.data.lanes.iter().find(|l| l.key == lane).map(|l| l.title.clone());
        }
        moved
    }

    /// Lane keys in order, and stages: for keyboard moves between cells.
    pub fn neighbour(&self, lane: &str, stage: Stage, d_lane: i32, d_stage: i32) -> (String, Stage) {
        let lanes: Vec<&str> = self.data.lanes.iter().map(|l| l.key.as_str()).collect();
        let li = lanes.iter().position(|l| *l == lane).unwrap_or(0) as i32;
        let si = stage.index() as i32;
        let li = (li + d_lane).clamp(0, lanes.len().saturating_sub(1) as i32) as usize;
        let si = (si + d_stage).clamp(0, Stage::ALL.len() as i32 - 1) as usize;
        (lanes.get(li).map(|l| l.to_string()).unwrap_or_else(|| lane.to_string()), Stage::ALL[si])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn card(id: &str, stage: Stage, key: &str, curator: Option<&str>, version: i64) -> Card {
        Card {
            id: id.into(),
            number: format!("2026-{id}"),
            title: format!("Семья {id}"),
            district_id: Some("d1".into()),
            district_short: Some("Уч. 1".into()),
            categories: vec![],
            curator_id: curator.map(str::to_string),
            curator_name: curator.map(|c| format!("Куратор {c}")),
            stage,
            members: 2,
            due: None,
            clock: None,
            urgency: None,
            due_text: None,
            due_preliminary: false,
            board_key: key.into(),
            version,
            route: None,
        }
    }

    fn board(lanes: Lanes) -> BoardModel {
        let lane_keys: Vec<(&str, &str)> = match lanes {
            Lanes::Curator => vec![(NO_LANE, "Без куратора"), ("u1", "Петрова А. С."), ("u2", "Гусев Д. О.")],
            _ => vec![(ALL_LANE, "Все случаи")],
        };
        let lane = |c: &Card| c.lane(lanes);
        let a = card("a", Stage::Intake, "2026-11-20|1", Some("u1"), 1);
        let b = card("b", Stage::Intake, "2026-11-27|2", Some("u1"), 1);
        let c = card("c", Stage::Assessment, "2026-11-30|3", Some("u2"), 1);
        let mut cells: Vec<Cell> = Vec::new();
        for x in [a, b, c] {
            let (l, s) = (lane(&x), x.stage);
            match cells.iter_mut().find(|cell| cell.lane == l && cell.stage == s) {
                Some(cell) => {
                    cell.count += 1;
                    cell.cards.push(x);
                }
                None => cells.push(Cell { lane: l, stage: s, count: 1, cards: vec![x], next: None }),
            }
        }
        BoardModel::new(
            BoardData {
                today: NaiveDate::from_ymd_opt(2026, 11, 25).unwrap(),
                search_capped: false,
                lanes: lane_keys
                    .into_iter()
                    .map(|(k, t)| Lane { key: k.into(), title: t.into(), open: 0, limit: None })
                    .collect(),
                columns: vec![],
                cells,
                workload: vec![],
                overdue: 0,
                curator_limit: None,
                can_move: true,
                can_assign: true,
                can_set_limits: true,
            },
            lanes,
        )
    }

    #[test]
    fn a_moved_card_leaves_its_cell_and_lands_in_order() {
        let mut b = board(Lanes::None);
        let taken = b.take("b").unwrap();
        assert_eq!(b.column_count(Stage::Intake), 1);
        let moved = b.moved(&taken.card, ALL_LANE, Stage::Assessment);
        b.place(Card { board_key: "2026-11-28|2".into(), ..moved });
        let cell = b.cell(ALL_LANE, Stage::Assessment).unwrap();
        assert_eq!(cell.cards.iter().map(|c| c.id.as_str()).collect::<Vec<_>>(), vec!["b", "c"]);
        assert_eq!(b.column_count(Stage::Assessment), 2);
        assert_eq!(b.total(), 3);
    }

    #[test]
    fn a_refused_move_puts_the_card_back() {
        let mut b = board(Lanes::None);
        let before = b.clone();
        let taken = b.take("a").unwrap();
        b.place(b.moved(&taken.card, ALL_LANE, Stage::Plan));
        b.take("a");
        b.place(taken.card);
        assert_eq!(b.cell(ALL_LANE, Stage::Intake), before.cell(ALL_LANE, Stage::Intake));
        assert_eq!(b.cell(ALL_LANE, Stage::Plan).map(|c| c.count), Some(0));
    }

    #[test]
    fn dropping_into_a_colleagues_lane_changes_the_curator() {
        let mut b = board(Lanes::Curator);
        let taken = b.take("a").unwrap();
        let moved = b.moved(&taken.card, "u2", Stage::Intake);
        assert_eq!(moved.curator_id.as_deref(), Some("u2"));
        assert_eq!(moved.curator_name.as_deref(), Some("Гусев Д. О."));
        b.place(moved);
        assert_eq!(b.lane_open("u2"), 2);
        assert_eq!(b.lane_open("u1"), 1);
    }

    #[test]
    fn live_updates_skip_older_versions_and_remove_cards_that_left() {
        let mut b = board(Lanes::None);
        b.update("a", Some(card("a", Stage::Assessment, "2026-11-20|1", Some("u1"), 3)));
        assert_eq!(b.find("a").unwrap().stage, Stage::Assessment);
        b.update("a", Some(card("a", Stage::Intake, "2026-11-20|1", Some("u1"), 2)));
        assert_eq!(b.find("a").unwrap().stage, Stage::Assessment, "an older version does not win");
        b.update("a", None);
        assert!(b.find("a").is_none());
        assert_eq!(b.total(), 2);
    }

    #[test]
    fn a_card_beyond_the_loaded_page_is_only_counted() {
        let mut b = board(Lanes::None);
        b.data.cells.iter_mut().find(|c| c.stage == Stage::Intake).unwrap().next = Some("2026-11-27|2".into());
        b.place(card("z", Stage::Intake, "2026-12-31|9", None, 1));
        let cell = b.cell(ALL_LANE, Stage::Intake).unwrap();
        assert_eq!(cell.count, 3);
        assert_eq!(cell.cards.len(), 2);
    }

    #[test]
    fn server_counts_correct_cells_whose_cards_are_not_loaded() {
        let mut b = board(Lanes::None);
        // Someone moved an unloaded intake case to the plan: the board only hears of it.
        b.update("far", Some(card("far", Stage::Plan, "2026-12-01|9", None, 3)));
        b.set_counts(&[
            CellCount { lane: ALL_LANE.into(), stage: Stage::Intake, count: 2 },
            CellCount { lane: ALL_LANE.into(), stage: Stage::Assessment, count: 1 },
            CellCount { lane: ALL_LANE.into(), stage: Stage::Plan, count: 1 },
            CellCount { lane: ALL_LANE.into(), stage: Stage::Evaluation, count: 4 },
        ]);
        assert_eq!(b.total(), 8);
        let evaluation = b.cell(ALL_LANE, Stage::Evaluation).unwrap();
        assert!(evaluation.cards.is_empty() && evaluation.next.as_deref() == Some(""), "loads from the start");
    }

    fn facts(stage: Stage, curator: Option<&str>, due: Option<&str>) -> CellFacts {
        CellFacts {
            stage,
            district: Some("d1".into()),
            curator: curator.map(str::to_string),
            categories: vec!["large_family".into()],
            due: due.map(|d| d.parse().unwrap()),
            since: NaiveDate::from_ymd_opt(2026, 11, 1).unwrap(),
        }
    }

    fn change(id: &str, key: &str, was: Option<CellFacts>, now: Option<CellFacts>) -> CaseChange {
        CaseChange { id: id.into(), version: 5, board_key: key.into(), was, now, known: true }
    }

    #[test]
    fn a_colleagues_move_of_an_unloaded_card_moves_one_count_between_cells() {
        let mut b = board(Lanes::None);
        b.data.cells.iter_mut().for_each(|c| c.next = Some(c.cards.last().unwrap().board_key.clone()));
        b.data.overdue = 1;
        let moved = change(
            "far",
            "2026-12-31|9",
            Some(facts(Stage::Intake, None, Some("2026-11-20"))),
            Some(facts(Stage::Assessment, None, Some("2026-12-31"))),
        );
        assert_eq!(b.follow(&moved, &BoardQuery::default()), Follow::Nothing, "no request for a card beyond the page");
        assert_eq!(b.cell(ALL_LANE, Stage::Intake).unwrap().count, 1);
        assert_eq!(b.cell(ALL_LANE, Stage::Assessment).unwrap().count, 2);
        assert_eq!(b.data.overdue, 0, "it was late on 2026-11-25 and is not any more");
        // A new case in a stage with no cell yet gets a cell that loads from its start.
        let new = change("new", "2026-12-01|10", None, Some(facts(Stage::Plan, None, None)));
        assert_eq!(b.follow(&new, &BoardQuery::default()), Follow::Nothing);
        assert_eq!(b.cell(ALL_LANE, Stage::Plan).map(|c| (c.count, c.next.clone())), Some((1, Some(String::new()))));
        assert_eq!(b.total(), 4);
    }

    #[test]
    fn a_change_that_leaves_the_case_in_its_cell_moves_no_count() {
        let mut b = board(Lanes::None);
        let before = b.clone();
        // A route step done: the same cell before and after.
        let same = change(
            "far",
            "2026-12-31|9",
            Some(facts(Stage::Intake, None, Some("2026-12-31"))),
            Some(facts(Stage::Intake, None, Some("2026-12-31"))),
        );
        assert_eq!(b.follow(&same, &BoardQuery::default()), Follow::Nothing);
        assert_eq!(b, before);
    }

    #[test]
    fn a_card_that_lands_among_the_loaded_ones_is_read() {
        let mut b = board(Lanes::None);
        let landing = change("x", "2026-11-21|7", None, Some(facts(Stage::Intake, None, None)));
        assert_eq!(b.follow(&landing, &BoardQuery::default()), Follow::FetchCard);
        assert_eq!(b.cell(ALL_LANE, Stage::Intake).unwrap().count, 2, "placing the card read counts it");
        let shown = change("a", "2026-11-20|1", None, None);
        assert_eq!(b.follow(&shown, &BoardQuery::default()), Follow::FetchCard, "a newer version of a shown card");
    }

    #[test]
    fn filters_decide_whether_a_change_concerns_the_board() {
        let mut b = board(Lanes::Curator);
        let other_district = CellFacts { district: Some("d4".into()), ..facts(Stage::Intake, Some("u1"), None) };
        let query = BoardQuery { district: "d1".into(), lanes: "curator".into(), ..Default::default() };
        let left = change("far", "2026-12-01|9", Some(facts(Stage::Intake, Some("u1"), None)), Some(other_district));
        b.data.cells.iter_mut().for_each(|c| c.next = Some(c.cards.last().unwrap().board_key.clone()));
        assert_eq!(b.follow(&left, &query), Follow::Nothing);
        assert_eq!(b.lane_open("u1"), 1, "the case left the district of this board");
        let searched = BoardQuery { q: "Смирновы".into(), ..query };
        assert_eq!(b.follow(&left, &searched), Follow::Recount);
        let unseen = change("far", "2026-12-01|9", None, None);
        assert_eq!(b.follow(&unseen, &BoardQuery::default()), Follow::Nothing);
        let unknown = CaseChange { known: false, ..left };
        assert_eq!(
            b.follow(&unknown, &BoardQuery::default()),
            Follow::Recount,
            "a write that did not say where it was"
        );
    }

    #[test]
    fn keyboard_neighbours_stay_on_the_board() {
        let b = board(Lanes::Curator);
        assert_eq!(b.neighbour("u1", Stage::Intake, 0, 1), ("u1".to_string(), Stage::Assessment));
        assert_eq!(b.neighbour("u1", Stage::Intake, 1, 0), ("u2".to_string(), Stage::Intake));
        assert_eq!(b.neighbour(NO_LANE, Stage::Appeal, -1, -1), (NO_LANE.to_string(), Stage::Appeal));
        assert_eq!(b.neighbour("u2", Stage::Closed, 5, 5), ("u2".to_string(), Stage::Closed));
    }
}
