//! The rental point of rehabilitation aids through the server functions: two people lending the
//! last free item at once (one wins, the other is told plainly), the overdue flag on the page
//! and the start pages, the waiting list served in its order as items come back or out of
//! repair, rights by role, and mistakes named at their fields with nothing written.

use app::auth::Role;
use app::db::Db;
use chrono::{Duration, NaiveDate, Utc};
use http::StatusCode;
use opora_tests::{database, table_counts, user, Reply, ServerFnBody, TestApp};
use serde_json::{json, Value};

fn walk_in(name: &str) -> Value {
    json!({
        "person_kind": "walk_in", "case_id": "", "elder_id": "", "chosen_name": "", "full_name": name,
        "address": "г. Югорск, ул. Ленина, д. 3, кв. 1", "phone": "8 912 000-11-22", "document": "", "consent": true
    })
}

async fn working_day(db: &Db, day: NaiveDate) -> String {
    let calendar = app::calendar::ProductionCalendar::from_exceptions(
        &app::calendar::repo::exceptions(db).await.expect("calendar"),
    );
    app::rental::rules::working_day_from(&calendar, day).to_string()
}

async fn loan_form(db: &Db, item: &str, name: &str, issued_ago: i64, term: i64, wait: &str) -> Value {
    let today = app::time::local_today(Utc::now());
    let issued = today - Duration::days(issued_ago);
    json!({ "form": {
        "item": item, "person": walk_in(name), "basis": "decision", "basis_note": "",
        "issued_on": issued.to_string(), "due_on": working_day(db, issued + Duration::days(term)).await,
        "deposit": "", "wait": wait
    } })
}

async fn add_item(app: &TestApp, cookie: &str, kind: &str, number: &str, condition: &str) -> String {
    let reply = app
        .call(
            "/api/rental/save_item",
            ServerFnBody::Json(json!({ "id": "", "version": 0, "form": {
                "kind": kind, "model": "Армед", "inventory_no": number, "condition": condition,
                "location": "Склад", "notes": "" } })),
            Some(cookie),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    reply.json().as_str().expect("item key").to_string()
}

async fn overview(app: &TestApp, cookie: &str) -> Value {
    let reply = app.call("/api/rental/overview", ServerFnBody::Form(vec![]), Some(cookie)).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    reply.json()
}

async fn queue(app: &TestApp, cookie: &str, kind: &str, name: &str) -> Reply {
    app.call(
        "/api/rental/queue",
        ServerFnBody::Json(json!({ "form": { "kind": kind, "person": walk_in(name), "note": "" } })),
        Some(cookie),
    )
    .await
}

async fn give_back(app: &TestApp, cookie: &str, loan: &str, condition: &str, note: &str) -> Reply {
    let details =
        app.call("/api/rental/loan", ServerFnBody::Form(vec![("id", loan.into())]), Some(cookie)).await.json();
    let version = details["loan"]["version"].as_i64().expect("version");
    let today = app::time::local_today(Utc::now()).to_string();
    app.call(
        "/api/rental/return",
        ServerFnBody::Json(json!({ "id": loan, "version": version,
            "form": { "returned_on": today, "condition": condition, "note": note } })),
        Some(cookie),
    )
    .await
}

fn names_waiting(page: &Value) -> Vec<(String, String)> {
    page["waiting"]
        .as_array()
        .expect("waiting")
        .iter()
        .map(|w| {
            (
                w["person"]["full_name"].as_str().unwrap_or_default().into(),
                w["state"].as_str().unwrap_or_default().into(),
            )
        })
        .collect()
}

#[tokio::test]
async fn of_two_loans_of_the_last_free_item_at_once_one_wins_and_the_other_is_told() {
    let db = database().await;
    let app = TestApp::new(db.clone()).await;
    user(&db, "desk", Role::Dispatcher).await;
    user(&db, "worker", Role::Caseworker).await;
    let desk = app.login("desk").await;
    let worker = app.login("worker").await;
    let item = add_item(&app, &desk, "wheelchair", "ТСР-0001", "good").await;

    let first = loan_form(&db, &item, "Кузнецова Мария Ивановна", 0, 90, "").await;
    let second = loan_form(&db, &item, "Морозов Пётр Ильич", 0, 90, "").await;
    let (a, b) = tokio::join!(
        app.call("/api/rental/issue", ServerFnBody::Json(first), Some(&desk)),
        app.call("/api/rental/issue", ServerFnBody::Json(second), Some(&worker)),
    );
    let mut statuses = [a.status, b.status];
    statuses.sort();
    assert_eq!(statuses, [StatusCode::OK, StatusCode::UNPROCESSABLE_ENTITY], "{} / {}", a.body, b.body);
    let lost = if a.status == StatusCode::OK { &b } else { &a };
    assert!(lost.body.contains("только что выдали другому человеку"), "{}", lost.body);
    assert_eq!(table_counts(&db, &["aid_loan"]).await, vec![("aid_loan".to_string(), 1)]);
    let page = overview(&app, &desk).await;
    assert_eq!(page["kinds"][0]["on_loan"], 1);
    assert_eq!(page["kinds"][0]["free"], 0);
}

#[tokio::test]
async fn an_overdue_return_shows_on_the_rental_page_and_the_start_pages_and_mistakes_write_nothing() {
    let db = database().await;
    let app = TestApp::new(db.clone()).await;
    user(&db, "worker", Role::Caseworker).await;
    user(&db, "psy", Role::Psychologist).await;
    let worker = app.login("worker").await;
    let psy = app.login("psy").await;
    let late = add_item(&app, &worker, "walker", "ТСР-0002", "new").await;
    let fresh = add_item(&app, &worker, "cane", "ТСР-0003", "good").await;

    // Mistakes: named at their fields, nothing written.
    let before = table_counts(&db, &["aid_loan", "audit"]).await;
    let mut bad = loan_form(&db, &fresh, "Кузнецова", 0, 90, "").await;
    bad["form"]["person"]["consent"] = json!(false);
    bad["form"]["deposit"] = json!("много");
    bad["form"]["due_on"] = json!("2020-01-01");
    let reply = app.call("/api/rental/issue", ServerFnBody::Json(bad), Some(&worker)).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", reply.body);
    for field in ["full_name", "consent", "deposit", "due_on"] {
        assert!(reply.body.contains(field), "{field}: {}", reply.body);
    }
    assert_eq!(table_counts(&db, &["aid_loan", "audit"]).await, before);

    // Lent 40 days ago for 30: overdue; lent today: not.
    let reply = app
        .call(
            "/api/rental/issue",
            ServerFnBody::Json(loan_form(&db, &late, "Фомина Анна Петровна", 40, 30, "").await),
            Some(&worker),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let reply = app
        .call(
            "/api/rental/issue",
            ServerFnBody::Json(loan_form(&db, &fresh, "Гришин Иван Сергеевич", 0, 60, "").await),
            Some(&worker),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);

    let page = overview(&app, &worker).await;
    let loans = page["loans"].as_array().expect("loans");
    assert_eq!(loans.len(), 2);
    assert_eq!(loans[0]["person"]["full_name"], "Фомина Анна Петровна", "the overdue one comes first");
    let summary = app.call("/api/rental/summary", ServerFnBody::Form(vec![]), Some(&worker)).await.json();
    assert_eq!(summary["overdue"], 1, "{summary}");
    assert_eq!(summary["overdue_mine"], 1, "{summary}");

    // The report counts the same.
    let reply = app
        .call("/api/rental/report", ServerFnBody::Json(json!({ "query": { "from": "", "to": "" } })), Some(&worker))
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let report = reply.json();
    assert_eq!(report["totals"]["on_hand"], 2);
    assert_eq!(report["totals"]["overdue"], 1);
    assert_eq!(report["overdue"][0]["person"]["full_name"], "Фомина Анна Петровна");
    let xlsx = app.get("/rental/report.xlsx", Some(&worker)).await;
    assert_eq!(xlsx.status, StatusCode::OK);

    // Rights: a psychologist has no rental point; without a session nobody has.
    for path in ["/api/rental/overview", "/api/rental/summary"] {
        assert_eq!(app.call(path, ServerFnBody::Form(vec![]), Some(&psy)).await.status, StatusCode::FORBIDDEN);
        assert_eq!(app.call(path, ServerFnBody::Form(vec![]), None).await.status, StatusCode::UNAUTHORIZED);
    }
    assert_eq!(app.get("/rental/report.xlsx", Some(&psy)).await.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn the_waiting_list_is_served_in_its_order_as_items_come_back_sound() {
    let db = database().await;
    let app = TestApp::new(db.clone()).await;
    user(&db, "worker", Role::Caseworker).await;
    user(&db, "desk", Role::Dispatcher).await;
    let worker = app.login("worker").await;
    let desk = app.login("desk").await;
    let bed = add_item(&app, &desk, "bed", "ТСР-0100", "good").await;

    // A bed is free: no waiting, the form says so.
    let reply = queue(&app, &worker, "bed", "Латыпова Раиса Гумеровна").await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", reply.body);
    assert!(reply.body.contains("выдайте сразу"), "{}", reply.body);

    let reply = app
        .call(
            "/api/rental/issue",
            ServerFnBody::Json(loan_form(&db, &bed, "Ершов Николай Фёдорович", 0, 90, "").await),
            Some(&desk),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let loan = reply.json().as_str().expect("loan").to_string();
    assert_eq!(queue(&app, &worker, "bed", "Латыпова Раиса Гумеровна").await.status, StatusCode::OK);
    assert_eq!(queue(&app, &desk, "bed", "Кравец Валентина Андреевна").await.status, StatusCode::OK);

    // Back for repair: nobody is offered a broken bed.
    let reply = give_back(&app, &desk, &loan, "repair", "").await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "a repair says what is wrong: {}", reply.body);
    let reply = give_back(&app, &desk, &loan, "repair", "Не работает привод изголовья").await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert_eq!(reply.json(), Value::Null);
    let page = overview(&app, &worker).await;
    assert!(names_waiting(&page).iter().all(|(_, state)| state == "waiting"), "{page}");

    // Out of repair: held for who waits longest, and she who wrote her down is told.
    let details = app.call("/api/rental/item", ServerFnBody::Form(vec![("id", bed.clone())]), Some(&desk)).await.json();
    let version = details["item"]["version"].as_i64().expect("version");
    let reply = app
        .call(
            "/api/rental/save_item",
            ServerFnBody::Json(json!({ "id": bed, "version": version, "form": {
                "kind": "bed", "model": "Армед", "inventory_no": "ТСР-0100", "condition": "good",
                "location": "Склад", "notes": "Отремонтирована" } })),
            Some(&desk),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let page = overview(&app, &worker).await;
    assert_eq!(
        names_waiting(&page),
        [
            ("Латыпова Раиса Гумеровна".to_string(), "offered".to_string()),
            ("Кравец Валентина Андреевна".to_string(), "waiting".to_string())
        ]
    );
    assert_eq!(page["my_offers"].as_array().map(Vec::len), Some(1), "{page}");
    // Held for her: nobody else gets it.
    let reply = app
        .call(
            "/api/rental/issue",
            ServerFnBody::Json(loan_form(&db, &bed, "Другой Человек Тут", 0, 90, "").await),
            Some(&desk),
        )
        .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", reply.body);
    assert!(reply.body.contains("отложено для первого в очереди"), "{}", reply.body);

    // She declined: the bed goes to the next in line, who gets it.
    let first = page["waiting"][0]["id"].as_str().expect("id").to_string();
    let second = page["waiting"][1]["id"].as_str().expect("id").to_string();
    let reply = app.call("/api/rental/unqueue", ServerFnBody::Form(vec![("id", first)]), Some(&worker)).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let page = overview(&app, &desk).await;
    assert_eq!(names_waiting(&page), [("Кравец Валентина Андреевна".to_string(), "offered".to_string())]);
    let reply = app
        .call(
            "/api/rental/issue",
            ServerFnBody::Json(loan_form(&db, &bed, "Кравец Валентина Андреевна", 0, 90, &second).await),
            Some(&desk),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let page = overview(&app, &desk).await;
    assert!(names_waiting(&page).is_empty(), "{page}");
    assert_eq!(page["loans"].as_array().map(Vec::len), Some(1));
}

#[tokio::test]
async fn the_loans_of_a_case_are_shown_only_to_those_who_see_the_case() {
    let db = database().await;
    let app = TestApp::new(db.clone()).await;
    let worker = user(&db, "worker", Role::Caseworker).await;
    opora_tests::far_caseworker(&db, "far").await;
    let case =
        opora_tests::open_case(&db, &worker, &opora_tests::family_form("Семья Костиных", "d1", &worker.id)).await;
    let of_case = |cookie: String| {
        let (app, case) = (&app, case.clone());
        async move { app.call("/api/rental/of_case", ServerFnBody::Form(vec![("case", case)]), Some(&cookie)).await }
    };
    let reply = of_case(app.login("worker").await).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert_eq!(reply.json()["loans"], json!([]));
    let reply = of_case(app.login("far").await).await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND, "{}", reply.body);
}
