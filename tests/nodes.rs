//! Two Опора nodes on one database: what must hold when a region runs several application
//! servers behind a load balancer. Against a SurrealDB server (`OPORA_TEST_DB=ws://…`, as the
//! README's test command runs the suite a second time) each node has a connection of its own;
//! in memory the two share the one process's database.

use app::auth::Role;
use app::cases::repo::{self, MoveOrder};
use app::cases::types::Stage;
use app::error::AppError;
use app::journal::appeal::validate_appeal;
use app::journal::types::AppealForm;
use app::live::{HubEvent, LiveSource};
use chrono::Utc;
use opora_tests::{database, family_form, open_case, second_node, user, ServerFnBody, TestApp};
use std::time::Duration;

fn appeal(i: usize) -> app::journal::appeal::ValidAppeal {
    let form = AppealForm {
        received_at: app::time::to_datetime_local(Utc::now() - chrono::Duration::minutes(5)),
        full_name: "Лукина Вера Андреевна".into(),
        phone: "8 912 345-67-89".into(),
        address: "г. Югорск, ул. Садовая, д. 3".into(),
        summary: format!("Обращение {i}: просит консультацию"),
        channel: "phone".into(),
        topics: vec!["urgent_services".into()],
        district: "d2".into(),
        ..Default::default()
    };
    validate_appeal(&form, Utc::now()).expect("valid form")
}

#[tokio::test]
async fn forty_registrations_at_once_on_two_nodes_are_numbered_one_to_forty() {
    let a = database().await;
    let b = second_node(&a).await;
    let dispatcher = user(&a, "sidorova", Role::Dispatcher).await;
    let mut tasks = Vec::new();
    for i in 0..40 {
        let node = if i % 2 == 0 { a.clone() } else { b.clone() };
        let dispatcher = dispatcher.clone();
        tasks.push(tokio::spawn(async move {
            app::journal::repo::register(&node, &dispatcher, &appeal(i)).await.map(|e| e.number)
        }));
    }
    let mut numbers = Vec::new();
    for task in tasks {
        numbers.push(task.await.expect("task").expect("registered"));
    }
    numbers.sort();
    assert_eq!(numbers, (1..=40).collect::<Vec<i64>>(), "no gap and no duplicate");
}

#[tokio::test]
async fn a_session_made_on_one_node_works_on_the_other_and_a_logout_ends_it_on_both() {
    let db = database().await;
    user(&db, "petrova", Role::Caseworker).await;
    let node_a = TestApp::new(db.clone()).await;
    let node_b = TestApp::new(second_node(&db).await).await;
    let cookie = node_a.login("petrova").await;
    let me = |reply: opora_tests::Reply| reply.json()["user"]["login"].as_str().map(str::to_string);
    let on_b = node_b.call("/api/auth/me", ServerFnBody::Form(vec![]), Some(&cookie)).await;
    assert_eq!(me(on_b), Some("petrova".into()), "the session made on A is known on B");
    let out = node_b.call("/api/auth/logout", ServerFnBody::Form(vec![]), Some(&cookie)).await;
    assert!(out.status.is_success() || out.status.is_redirection(), "logout on B: {}", out.status);
    for node in [&node_a, &node_b] {
        let after = node.call("/api/auth/me", ServerFnBody::Form(vec![]), Some(&cookie)).await;
        assert_eq!(after.json(), serde_json::Value::Null, "the session ended on both nodes");
    }
}

#[tokio::test]
async fn two_moves_of_one_card_on_two_nodes_are_a_conflict_as_on_one() {
    let a = database().await;
    let b = second_node(&a).await;
    let worker = user(&a, "petrova", Role::Caseworker).await;
    let chief = user(&a, "morozova", Role::Supervisor).await;
    let id = open_case(&a, &worker, &family_form("Семья Поповых", "d1", &worker.id)).await;
    let seen_on_a = repo::visible_row(&a, &chief, &id).await.expect("row on A");
    let seen_on_b = repo::visible_row(&b, &worker, &id).await.expect("row on B");
    let calendar = repo::calendar(&a).await.expect("calendar");
    let order = |version| MoveOrder { version, to_stage: Stage::Assessment, to_curator: None, comment: String::new() };
    repo::move_case(&a, &chief, &seen_on_a, &order(seen_on_a.version()), &calendar, Utc::now())
        .await
        .expect("the move on A");
    let second = repo::move_case(&b, &worker, &seen_on_b, &order(seen_on_b.version()), &calendar, Utc::now()).await;
    match second {
        Err(AppError::Conflict(message)) => assert!(message.contains(&chief.full_name), "{message}"),
        other => panic!("a conflict on B, not {other:?}"),
    }
}

/// A card moved on node A is heard by a board's hub on node B within a second.
async fn a_move_on_one_node_is_heard_on_the_other(source: LiveSource) {
    let a = database().await;
    let b = second_node(&a).await;
    let worker = user(&a, "petrova", Role::Caseworker).await;
    let id = open_case(&a, &worker, &family_form("Семья Слышимых", "d1", &worker.id)).await;
    let hub_on_b = app::state::case_hub(b.clone(), source);
    let mut heard = hub_on_b.subscribe();
    tokio::time::sleep(Duration::from_millis(300)).await;
    let row = repo::visible_row(&a, &worker, &id).await.expect("row");
    let calendar = repo::calendar(&a).await.expect("calendar");
    let order = MoveOrder { version: row.version(), to_stage: Stage::Assessment, to_curator: None, comment: "".into() };
    let moved = std::time::Instant::now();
    repo::move_case(&a, &worker, &row, &order, &calendar, Utc::now()).await.expect("moved on A");
    loop {
        let event = tokio::time::timeout(Duration::from_secs(1).saturating_sub(moved.elapsed()), heard.recv())
            .await
            .expect("heard on B within a second")
            .expect("an event");
        if let HubEvent::Change(change) = event {
            if change.id == id && change.version == row.version() + 1 {
                assert_eq!(change.data["stage"], "assessment");
                break;
            }
        }
    }
}

#[tokio::test]
async fn a_move_on_one_node_is_heard_on_the_other_by_a_live_query() {
    a_move_on_one_node_is_heard_on_the_other(LiveSource::Query).await;
}

#[tokio::test]
async fn a_move_on_one_node_is_heard_on_the_other_from_the_change_feed() {
    a_move_on_one_node_is_heard_on_the_other(LiveSource::Changefeed { every: Duration::from_millis(100) }).await;
}

#[tokio::test]
async fn the_change_feed_delivers_each_change_once_in_order_of_writes() {
    let a = database().await;
    let worker = user(&a, "petrova", Role::Caseworker).await;
    let hub = app::state::case_hub(second_node(&a).await, LiveSource::Changefeed { every: Duration::from_millis(50) });
    let mut heard = hub.subscribe();
    tokio::time::sleep(Duration::from_millis(200)).await;
    let mut opened = Vec::new();
    for i in 0..12 {
        opened.push(open_case(&a, &worker, &family_form(&format!("Семья Очередных {i}"), "d1", &worker.id)).await);
    }
    // Each write of a case once (a case may be written more than once as it opens: each write
    // is a version), the cases in the order they were opened.
    let mut heard_writes: Vec<(String, i64)> = Vec::new();
    let mut first_seen: Vec<String> = Vec::new();
    while first_seen.len() < opened.len() {
        match tokio::time::timeout(Duration::from_secs(3), heard.recv()).await {
            Ok(Ok(HubEvent::Change(change))) => {
                let write = (change.id.clone(), change.version);
                assert!(!heard_writes.contains(&write), "the write {write:?} came twice");
                heard_writes.push(write);
                if !first_seen.contains(&change.id) {
                    first_seen.push(change.id);
                }
            }
            Ok(Ok(HubEvent::Resumed)) => {}
            other => panic!("heard {} of {} cases, then {other:?}", first_seen.len(), opened.len()),
        }
    }
    assert_eq!(first_seen, opened, "every case, in the order it was opened");
    // Nothing comes twice: the overlap of the readings repeats nothing.
    while let Ok(event) = tokio::time::timeout(Duration::from_millis(600), heard.recv()).await {
        if let Ok(HubEvent::Change(change)) = event {
            let write = (change.id.clone(), change.version);
            assert!(!heard_writes.contains(&write), "the write {write:?} came twice");
            heard_writes.push(write);
        }
    }
}
