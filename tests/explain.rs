//! The filters written by `db::filter` still reach the indexes: each statement's plan, as
//! SurrealDB's `EXPLAIN` gives it, reads the index named here and never scans the table.

use app::auth::Role;
use app::board::types::{BoardQuery, Lanes};
use app::cases::types::Stage;
use app::journal::types::JournalQuery;
use app::resources::types::PartnerQuery;
use opora_tests::{database, user};

async fn plan(db: &app::db::Db, sql: &str, filter: &app::db::filter::Filter) -> String {
    let mut response = filter.bind(db.query(format!("{sql} EXPLAIN"))).await.expect("explain");
    let rows: Vec<serde_json::Value> = response.take(0).unwrap_or_else(|e| panic!("{sql}: {e}"));
    serde_json::to_string(&rows).expect("plan")
}

fn assert_index(plan: &str, index: &str, sql: &str) {
    assert!(
        plan.contains(&format!("\"index\":\"{index}\"")),
        "{sql}\nexpected the index {index}, the plan is:\n{plan}"
    );
    assert!(!plan.contains("TableScan"), "{sql}\nscans the table:\n{plan}");
}

#[tokio::test]
async fn journal_filters_read_their_indexes() {
    let db = database().await;
    for (query, index) in [
        (JournalQuery { district: "d3".into(), ..Default::default() }, "journal_district_rev"),
        (JournalQuery { channel: "phone".into(), ..Default::default() }, "journal_channel_rev"),
        (JournalQuery { urgent: "1".into(), ..Default::default() }, "journal_urgent_rev"),
        (JournalQuery { from: "2026-11-01".into(), to: "2026-11-30".into(), ..Default::default() }, "journal_rev"),
        (JournalQuery { q: "Смирнова".into(), ..Default::default() }, "journal_search"),
    ] {
        let f = app::journal::repo::conditions(&query).expect("valid filters");
        let sql = format!("SELECT id FROM journal_entry {} ORDER BY rev_key ASC LIMIT 51", f.where_clause());
        assert_index(&plan(&db, &sql, &f).await, index, &sql);
    }
}

#[tokio::test]
async fn board_cells_read_their_indexes() {
    let db = database().await;
    let chief = user(&db, "morozova", Role::Supervisor).await;
    let worker = user(&db, "petrova", Role::Caseworker).await;
    let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
    // A caseworker's cell is read once for each way she sees cases: the cases she curates, then
    // those of each of her districts, each through the index that holds them in board order.
    let cases = [
        (&chief, BoardQuery::default(), Stage::Plan, vec!["case_stage"]),
        (&chief, BoardQuery { district: "d3".into(), ..Default::default() }, Stage::Intake, vec!["case_district"]),
        (&chief, BoardQuery { q: "Смирновы".into(), ..Default::default() }, Stage::Intake, vec!["case_search"]),
        (&worker, BoardQuery::default(), Stage::Assessment, vec!["case_curator", "case_district", "case_district"]),
    ];
    for (person, query, stage, indexes) in cases {
        let ways = app::board::repo::conditions_by_visibility(person, &query, today).expect("valid filters");
        assert_eq!(ways.len(), indexes.len(), "{query:?}");
        for (way, index) in ways.iter().zip(indexes) {
            let f = way
                .and(&app::board::repo::stage_filter(stage, today))
                .and(&app::board::repo::lane_filter(Lanes::None, "all"));
            let sql = format!("SELECT id FROM case_file {} ORDER BY board_key LIMIT 31", f.where_clause());
            assert_index(&plan(&db, &sql, &f).await, index, &sql);
        }
    }
}

#[tokio::test]
async fn board_counts_read_only_what_they_count() {
    let db = database().await;
    let chief = user(&db, "morozova", Role::Supervisor).await;
    let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
    // The closed column of a board without lanes: the keys of `case_closed` are counted.
    let c = app::board::repo::conditions(&chief, &BoardQuery::default(), today).expect("valid filters");
    let closed = c.and(&app::board::repo::stage_filter(Stage::Closed, today));
    let sql = format!("SELECT count() AS n FROM case_file {} GROUP ALL", closed.where_clause());
    let counted = plan(&db, &sql, &closed).await;
    assert!(counted.contains("IndexCountScan"), "{sql}\n{counted}");
    // With lanes, or a district: the recently closed ones through an index range.
    for (query, index) in [
        (BoardQuery { lanes: "curator".into(), ..Default::default() }, "case_closed"),
        (BoardQuery { district: "d3".into(), ..Default::default() }, "case_district"),
    ] {
        let c = app::board::repo::conditions(&chief, &query, today).expect("valid filters");
        let closed = c.and(&app::board::repo::stage_filter(Stage::Closed, today));
        let sql = app::board::counts::grouped(&closed);
        assert_index(&plan(&db, &sql, &closed).await, index, &sql);
    }
    // The day's roll: one stage's deadlines between two days, through `case_stage`.
    let sql = "SELECT stage, district, curator, categories, count() AS n FROM case_file \
               WHERE stage = 'plan' AND board_key >= '2026-11-30' AND board_key < '2026-12-01' \
               GROUP BY stage, district, curator, categories";
    assert_index(&plan(&db, sql, &app::db::filter::Filter::new()).await, "case_stage", sql);
    // The tallies of a cell are read by their index too.
    let sql = "SELECT stage, district, curator, n, late FROM board_tally WHERE category = '' AND n > 0";
    assert_index(&plan(&db, sql, &app::db::filter::Filter::new()).await, "board_tally_category", sql);
}

#[tokio::test]
async fn partner_filters_read_their_indexes() {
    let db = database().await;
    let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
    for (query, index) in [
        (PartnerQuery { text: "юрист".into(), ..Default::default() }, "partner_search"),
        (PartnerQuery { kind: "ngo".into(), ..Default::default() }, "partner_name"),
    ] {
        let f = app::resources::repo::partner_filter(&query, today).expect("valid filters");
        let sql = format!("SELECT id FROM partner {} ORDER BY name LIMIT 51", f.where_clause());
        assert_index(&plan(&db, &sql, &f).await, index, &sql);
    }
}

#[tokio::test]
async fn the_monthly_round_of_the_registry_reads_its_index() {
    let db = database().await;
    let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 5).unwrap();
    let district = app::keys::record_literal("district", "d1");
    let sql = app::elders::repo::round_statement(&district, today, 501);
    let mut response = db.query(format!("{sql} EXPLAIN")).await.expect("explain");
    let rows: Vec<serde_json::Value> = response.take(0).expect("plan");
    assert_index(&serde_json::to_string(&rows).expect("plan"), "elder_round", &sql);
    // Both counts of the counter count keys of the same index, without reading a person.
    for statement in app::elders::repo::tally_statements(&district, today).split(';') {
        let mut response = db.query(format!("{statement} EXPLAIN")).await.expect("explain");
        let rows: Vec<serde_json::Value> = response.take(0).expect("plan");
        let counted = serde_json::to_string(&rows).expect("plan");
        assert!(counted.contains("IndexCountScan"), "{statement}\n{counted}");
        assert!(!counted.contains("TableScan"), "{statement}\n{counted}");
    }
}
