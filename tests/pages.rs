//! Every page, rendered many times at once on the multi-threaded runtime as every role that may
//! open it, each response streamed to its end: no page may panic while it is rendered or dropped
//! (a page's reactive owner is cleaned up on whichever worker polls the stream last, so anything
//! thread-bound held there panics at random).

use app::auth::Role;
use futures::future::join_all;
use http::StatusCode;
use opora_tests::{assert_no_server_panic, database, TestApp, PASSWORD};
use std::sync::Arc;

async fn first_key(db: &app::db::Db, query: &str) -> String {
    let keys: Vec<String> = db.query(query).await.expect("query").take(0).expect("keys");
    keys.into_iter().next().unwrap_or_else(|| panic!("no record for {query}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn no_page_panics_when_rendered_many_times_at_once() {
    let db = database().await;
    opora_server::seed::seed_demo(&db, false, Some(PASSWORD), 30, 40).await.expect("demo department");
    let entry = first_key(&db, "SELECT VALUE record::id(id) FROM journal_entry LIMIT 1").await;
    // A case of district 1 with a route: the caseworker of districts 1–2 and the supervisor see it.
    let case =
        first_key(&db, "SELECT VALUE record::id(case) FROM case_route WHERE case.district = district:d1 LIMIT 1").await;
    let partner = first_key(&db, "SELECT VALUE record::id(id) FROM partner LIMIT 1").await;
    let application = first_key(&db, "SELECT VALUE record::id(id) FROM application WHERE case = NONE LIMIT 1").await;
    let session = first_key(&db, "SELECT VALUE record::id(id) FROM consilium LIMIT 1").await;
    let elder = first_key(&db, "SELECT VALUE record::id(id) FROM elder WHERE district = district:d1 LIMIT 1").await;
    let event = first_key(&db, "SELECT VALUE record::id(id) FROM elder_event LIMIT 1").await;
    let inquiry = first_key(&db, "SELECT VALUE record::id(id) FROM inquiry WHERE case != NONE LIMIT 1").await;
    let item = first_key(&db, "SELECT VALUE record::id(id) FROM aid_item LIMIT 1").await;
    let loan = first_key(&db, "SELECT VALUE record::id(id) FROM aid_loan LIMIT 1").await;
    let raid = first_key(&db, "SELECT VALUE record::id(id) FROM patrol_raid WHERE state = 'held' LIMIT 1").await;
    let ride = first_key(&db, "SELECT VALUE record::id(id) FROM taxi_ride LIMIT 1").await;
    let pages: Vec<String> = [
        "/",
        "/login",
        "/password",
        "/journal",
        "/journal/new",
        "/journal/print",
        &format!("/journal/{entry}"),
        "/applications",
        "/applications/new",
        "/applications/print",
        &format!("/applications/{application}"),
        &format!("/applications/{application}/print"),
        &format!("/cases/new?application={application}"),
        &format!("/cases/attach?application={application}"),
        "/board",
        "/board?lanes=curator",
        "/cases/new",
        &format!("/cases/{case}"),
        &format!("/cases/{case}/act"),
        &format!("/cases/{case}/act/print"),
        &format!("/cases/{case}/route"),
        &format!("/cases/{case}/plan/print"),
        "/consilium",
        "/consilium/new",
        &format!("/consilium/{session}"),
        &format!("/consilium/{session}/print"),
        "/visits",
        "/elders",
        "/elders?uncontacted=1&group=alone",
        "/elders/round",
        "/elders/new",
        "/elders/events",
        "/elders/events?month=2027-01",
        "/elders/report",
        "/elders/import",
        "/elders/needs",
        "/elders/walk",
        "/elders/walk?district=d1&street=%D1%83%D0%BB.+%D0%9B%D0%B5%D0%BD%D0%B8%D0%BD%D0%B0&house=%D0%B4.+12",
        "/elders/report?quarter=2026-Q3&district=d1",
        &format!("/elders/events/{event}"),
        &format!("/elders/{elder}"),
        &format!("/elders/{elder}/edit"),
        &format!("/elders/{elder}/plan"),
        &format!("/elders/{elder}/plan?period=2026-Q4"),
        "/urgent",
        "/rental",
        "/rental/issue",
        &format!("/rental/issue?item={item}"),
        "/rental/queue?kind=bed",
        "/rental/items/new",
        &format!("/rental/items/{item}"),
        &format!("/rental/loans/{loan}"),
        &format!("/rental/loans/{loan}/print"),
        "/rental/report",
        "/rental/report?from=2026-01-01&to=2026-12-31",
        "/patrol",
        "/patrol?from=2026-01-01&to=2026-12-31",
        "/patrol/new",
        &format!("/patrol/{raid}"),
        &format!("/patrol/{raid}/print"),
        "/taxi",
        "/taxi?date=2026-12-08",
        "/taxi/new",
        &format!("/taxi/{ride}"),
        "/taxi/schedule",
        "/taxi/schedule?date=2026-12-08",
        "/taxi/report",
        "/taxi/report?from=2026-12-01&to=2026-12-31",
        "/inquiries",
        "/inquiries?status=overdue&direction=outgoing&q=%D0%BE%D0%BF%D0%B5%D0%BA%D0%B0",
        "/inquiries/new",
        &format!("/inquiries/new?case={case}"),
        &format!("/inquiries/{inquiry}"),
        &format!("/inquiries/{inquiry}/print"),
        "/router-maps",
        "/router-maps?edit=1",
        "/resources",
        "/resources?tab=map",
        "/resources/partners/new",
        &format!("/resources/partners/{partner}"),
        "/resources/districts/d1",
        "/admin/users",
        "/admin/calendar",
        "/audit",
        "/no-such-page",
    ]
    .into_iter()
    .map(str::to_string)
    .collect();
    let app = Arc::new(TestApp::new(db.clone()).await);
    // One demo account of each role.
    let people = [
        ("admin", Role::Admin),
        ("sidorova", Role::Dispatcher),
        ("petrova", Role::Caseworker),
        ("belova", Role::Psychologist),
        ("orlov", Role::Lawyer),
        ("morozova", Role::Supervisor),
    ];
    let mut rendered = 0;
    for (login, role) in people {
        let cookie = app.login(login).await;
        let requests = (0..6).flat_map(|_| pages.iter().cloned()).map(|path| {
            let app = app.clone();
            let cookie = cookie.clone();
            tokio::spawn(async move {
                // A page that never ends is a failure with its name, not a test run that hangs.
                let slowly = app.get_slowly(&path, Some(&cookie), std::time::Duration::from_millis(2));
                match tokio::time::timeout(std::time::Duration::from_secs(90), slowly).await {
                    Ok(reply) => (path, reply.status),
                    Err(_) => panic!("{path} did not finish within 90 s"),
                }
            })
        });
        for outcome in join_all(requests).await {
            let (path, status) = outcome.expect("the request task finished without a panic");
            assert!(
                matches!(
                    status,
                    StatusCode::OK
                        | StatusCode::FORBIDDEN
                        | StatusCode::NOT_FOUND
                        | StatusCode::SEE_OTHER
                        | StatusCode::FOUND
                ),
                "{path} as {role:?}: {status}"
            );
            rendered += 1;
        }
        assert_no_server_panic();
    }
    assert_eq!(rendered, 6 * 6 * pages.len());
}
