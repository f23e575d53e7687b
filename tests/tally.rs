//! The board's tallies (migration 0014) against a full count of the cases: after the demo
//! department is imported, after a random sequence of opening, moving and handing over cases,
//! after moves at once into the same cells, and after `reconcile` repairs a spoiled tally.

use app::auth::{CurrentUser, Role};
use app::board::counts::reconcile;
use app::board::repo as board;
use app::board::types::BoardQuery;
use app::cases::repo::{self, MoveOrder};
use app::cases::types::{CaseForm, Stage};
use app::db::Db;
use chrono::{NaiveDate, Utc};
use opora_tests::{database, family_form, open_case, user, PASSWORD};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde::Deserialize;
use std::collections::BTreeMap;

fn today() -> NaiveDate {
    app::time::local_today(Utc::now())
}

type Cell = (String, Option<String>, Option<String>, String);

/// The tallies as stored: (stage, district, curator, category) → (cases, of them overdue).
async fn tallies(db: &Db) -> BTreeMap<Cell, (i64, i64)> {
    #[derive(Deserialize)]
    struct Row {
        stage: String,
        district: Option<String>,
        curator: Option<String>,
        category: String,
        n: i64,
        late: i64,
    }
    let mut response = db
        .query("SELECT stage, district, curator, category, n, late FROM board_tally WHERE n != 0 OR late != 0")
        .await
        .expect("tallies");
    let rows: Vec<Row> = app::db::take_rows(&mut response, 0).expect("tally rows");
    rows.into_iter().map(|r| ((r.stage, r.district, r.curator, r.category), (r.n, r.late))).collect()
}

/// The same, counted from every open case (overdue against the tallies' day).
async fn full_count(db: &Db) -> BTreeMap<Cell, (i64, i64)> {
    #[derive(Deserialize)]
    struct Row {
        stage: String,
        district: Option<String>,
        curator: Option<String>,
        categories: Vec<String>,
        due_on: Option<String>,
    }
    let day: Option<String> =
        db.query("SELECT VALUE day FROM ONLY board_day:tally").await.expect("day").take(0).expect("the tallies' day");
    let day = day.expect("the tallies have a day");
    let mut response = db
        .query("SELECT stage, district, curator, categories, due_on FROM case_file WHERE stage != 'closed'")
        .await
        .expect("cases");
    let rows: Vec<Row> = app::db::take_rows(&mut response, 0).expect("case rows");
    let mut out: BTreeMap<Cell, (i64, i64)> = BTreeMap::new();
    for r in rows {
        let mut categories = r.categories.clone();
        categories.sort();
        categories.dedup();
        let late = i64::from(r.due_on.as_deref().is_some_and(|d| d < day.as_str()));
        for category in std::iter::once(String::new()).chain(categories) {
            let cell = out.entry((r.stage.clone(), r.district.clone(), r.curator.clone(), category)).or_default();
            cell.0 += 1;
            cell.1 += late;
        }
    }
    out
}

/// Every column of the supervisor's board against a plain count of the cases it shows.
async fn assert_board_counts_match(db: &Db, chief: &CurrentUser) {
    let calendar = repo::calendar(db).await.expect("calendar");
    let cutoff = app::time::start_of_local_day(today() - chrono::Duration::days(30));
    for query in [
        BoardQuery::default(),
        BoardQuery { district: "d1".into(), ..Default::default() },
        BoardQuery { category: "large_family".into(), ..Default::default() },
        BoardQuery { lanes: "curator".into(), ..Default::default() },
        BoardQuery { overdue: "1".into(), ..Default::default() },
    ] {
        let data = board::board(db, chief, &query, &calendar, today()).await.expect("board");
        let mut filter = String::from("(stage != 'closed' OR stage_since >= $cutoff)");
        if !query.district.is_empty() {
            filter.push_str(" AND district = district:d1");
        }
        if !query.category.is_empty() {
            filter.push_str(" AND categories CONTAINS 'large_family'");
        }
        if query.overdue == "1" {
            filter.push_str(" AND stage != 'closed' AND due_on != NONE AND due_on < $today");
        }
        #[derive(Deserialize)]
        struct Row {
            stage: Stage,
            n: u64,
        }
        let mut response = db
            .query(format!("SELECT stage, count() AS n FROM case_file WHERE {filter} GROUP BY stage"))
            .bind(("cutoff", cutoff))
            .bind(("today", today().format("%Y-%m-%d").to_string()))
            .await
            .expect("plain count");
        let plain: BTreeMap<Stage, u64> =
            app::db::take_rows::<Row>(&mut response, 0).expect("rows").into_iter().map(|r| (r.stage, r.n)).collect();
        for column in &data.columns {
            assert_eq!(
                column.count,
                plain.get(&column.stage).copied().unwrap_or(0),
                "{query:?}: column {:?}",
                column.stage
            );
        }
        let mut late = db
            .query("SELECT count() AS n FROM case_file WHERE stage != 'closed' AND due_on != NONE AND due_on < $today GROUP ALL")
            .bind(("today", today().format("%Y-%m-%d").to_string()))
            .await
            .expect("late");
        let late: Option<serde_json::Value> = late.take(0).expect("late count");
        let late = late.and_then(|v| v.get("n").and_then(|n| n.as_u64())).unwrap_or(0);
        if query.district.is_empty() && query.category.is_empty() {
            assert_eq!(data.overdue, late, "{query:?}: overdue");
        }
    }
}

/// A family case of a district with one category.
fn family(title: &str, district: &str, curator: &str, category: &str) -> CaseForm {
    CaseForm { categories: vec![category.into()], ..family_form(title, district, curator) }
}

#[tokio::test]
async fn tallies_match_a_full_count_after_a_random_sequence_of_operations() {
    let db = database().await;
    // The demo department is imported (cases written by `cases::repo::import`).
    opora_server::seed::seed_demo(&db, false, Some(PASSWORD), 10, 80).await.expect("demo department");
    assert_eq!(tallies(&db).await, full_count(&db).await, "after the import");

    let chief = user(&db, "tally-chief", Role::Supervisor).await;
    let workers = [user(&db, "tally-w1", Role::Caseworker).await, user(&db, "tally-w2", Role::Caseworker).await];
    let calendar = repo::calendar(&db).await.expect("calendar");
    let mut rng = StdRng::seed_from_u64(18);
    let (mut moved, mut opened) = (0, 0);
    for step in 0..120 {
        let ids: Vec<String> =
            db.query("SELECT VALUE record::id(id) FROM case_file").await.expect("ids").take(0).expect("id list");
        if rng.random_range(0..5) == 0 {
            let district = ["d1", "d2", "d3", "d4", "d5", "d6"][rng.random_range(0..6)];
            let curator = if rng.random_bool(0.5) { workers[rng.random_range(0..2)].id.clone() } else { String::new() };
            let category = ["large_family", "family_children", "disabled_child"][rng.random_range(0..3)];
            open_case(&db, &chief, &family(&format!("Семья Проверочных {step}"), district, &curator, category)).await;
            opened += 1;
            continue;
        }
        let id = &ids[rng.random_range(0..ids.len())];
        let current = repo::visible_row(&db, &chief, id).await.expect("case");
        let to_stage = Stage::ALL[rng.random_range(0..Stage::ALL.len())];
        let to_curator = match rng.random_range(0..3) {
            0 => None,
            1 => Some(Some(workers[rng.random_range(0..2)].id.clone())),
            _ => Some(None),
        };
        let order =
            MoveOrder {
                version: current.version(), to_stage, to_curator, comment: "Проверка счётчиков доски".into()
            };
        // Moves the stage rules refuse change nothing; the rest must keep the tallies right.
        if repo::move_case(&db, &chief, &current, &order, &calendar, Utc::now()).await.is_ok() {
            moved += 1;
        }
    }
    assert!(moved > 30 && opened > 10, "the sequence moved {moved} and opened {opened} cases");
    assert_eq!(tallies(&db).await, full_count(&db).await, "after the random sequence");
    assert_board_counts_match(&db, &chief).await;
    assert_eq!(tallies(&db).await, full_count(&db).await, "after the day rolled to today");
    // The next days: the deadlines that pass meanwhile become overdue, and back.
    for days in [1, 9, 40, 0] {
        app::board::counts::roll_day(&db, today() + chrono::Duration::days(days)).await.expect("rolled");
        assert_eq!(tallies(&db).await, full_count(&db).await, "rolled {days} days on");
    }
    let checked = reconcile(&db).await.expect("reconciled");
    assert_eq!(checked.corrected, 0, "{checked:?}");
    assert!(checked.tallies > 0);
}

#[tokio::test]
async fn moves_at_once_into_the_same_cell_all_land_and_keep_the_tallies_right() {
    let db = database().await;
    let chief = user(&db, "tally-chief", Role::Supervisor).await;
    let worker = user(&db, "tally-w1", Role::Caseworker).await;
    let calendar = repo::calendar(&db).await.expect("calendar");
    let mut ids = Vec::new();
    for i in 0..16 {
        ids.push(
            open_case(&db, &chief, &family(&format!("Семья Одновременных {i}"), "d1", &worker.id, "large_family"))
                .await,
        );
    }
    // Sixteen supervisors' moves of different cases between the same two cells at once: each
    // write changes the same two tallies, and none of them is a conflict for its user.
    let moves = ids.iter().map(|id| {
        let (db, chief, calendar, id) = (db.clone(), chief.clone(), calendar.clone(), id.clone());
        tokio::spawn(async move {
            let current = repo::visible_row(&db, &chief, &id).await.expect("case");
            let order = MoveOrder {
                version: current.version(),
                to_stage: Stage::Assessment,
                to_curator: None,
                comment: String::new(),
            };
            repo::move_case(&db, &chief, &current, &order, &calendar, Utc::now()).await
        })
    });
    for result in futures::future::join_all(moves).await {
        result.expect("task").expect("every move lands");
    }
    assert_eq!(tallies(&db).await, full_count(&db).await);
    let board = board::board(&db, &chief, &BoardQuery::default(), &calendar, today()).await.expect("board");
    let assessment = board.columns.iter().find(|c| c.stage == Stage::Assessment).expect("column");
    assert_eq!(assessment.count, 16);
}

#[tokio::test]
async fn reconcile_repairs_a_spoiled_tally() {
    let db = database().await;
    opora_server::seed::seed_demo(&db, false, Some(PASSWORD), 10, 40).await.expect("demo department");
    let chief = user(&db, "tally-chief", Role::Supervisor).await;
    let right = tallies(&db).await;
    db.query("UPDATE (SELECT * FROM board_tally WHERE n > 0 LIMIT 2) SET n = n + 7").await.expect("spoiled");
    db.query("CREATE board_tally:['plan', 'district:d9', '', ''] SET stage = 'plan', category = '', n = 3")
        .await
        .expect("a stray tally");
    assert_ne!(tallies(&db).await, right);
    let repaired = reconcile(&db).await.expect("reconciled");
    assert_eq!(repaired.corrected, 3, "{repaired:?}");
    assert_eq!(tallies(&db).await, right);
    assert_board_counts_match(&db, &chief).await;
}

#[tokio::test]
async fn a_renamed_curator_shows_on_the_cards_at_once() {
    let db = database().await;
    let chief = user(&db, "tally-chief", Role::Supervisor).await;
    let worker = user(&db, "tally-w1", Role::Caseworker).await;
    let calendar = repo::calendar(&db).await.expect("calendar");
    let id = open_case(&db, &chief, &family("Семья Переименованных", "d1", &worker.id, "large_family")).await;
    let curator_on_card = |data: &app::board::types::BoardData| {
        data.cells.iter().flat_map(|c| c.cards.iter()).find(|c| c.id == id).and_then(|c| c.curator_name.clone())
    };
    let before = board::board(&db, &chief, &BoardQuery::default(), &calendar, today()).await.expect("board");
    assert_eq!(curator_on_card(&before), Some(app::auth::short_name(&worker.full_name)));
    // The name comes from the cache of names; a rename forgets it.
    let form = app::admin::types::UserForm {
        id: worker.id.clone(),
        login: worker.login.clone(),
        full_name: "Новикова Анна Сергеевна".into(),
        position: String::new(),
        roles: vec!["caseworker".into()],
        districts: vec!["d1".into()],
    };
    let districts = app::districts::repo::all(&db).await.expect("districts");
    app::admin::repo::update(&db, &form, vec![Role::Caseworker], &districts).await.expect("renamed");
    let after = board::board(&db, &chief, &BoardQuery::default(), &calendar, today()).await.expect("board");
    assert_eq!(curator_on_card(&after).as_deref(), Some("Новикова А. С."));
}
