//! The social taxi through the server functions: a car or a driver taken at an overlapping time
//! is refused with the other request named (a shared ride goes when the dispatcher says so), two
//! dispatchers confirming one car at once (one wins, the other is told), the statuses moving
//! only forward, mistakes named at their fields with nothing written, the counts, and rights.

use app::auth::Role;
use app::db::Db;
use chrono::{Duration, NaiveDate, Utc};
use http::StatusCode;
use opora_tests::{database, table_counts, user, Reply, ServerFnBody, TestApp};
use serde_json::{json, Value};

async fn next_working_day(db: &Db) -> NaiveDate {
    let calendar = app::calendar::ProductionCalendar::from_exceptions(
        &app::calendar::repo::exceptions(db).await.expect("calendar"),
    );
    let today = app::time::local_today(Utc::now());
    app::taxi::rules::working_day_from(&calendar, today + Duration::days(1))
}

fn ride_form(name: &str, day: NaiveDate, time: &str, minutes: i64) -> Value {
    json!({
        "person": { "person_kind": "walk_in", "full_name": name, "address": "г. Югорск, ул. Ленина, д. 3, кв. 1",
            "phone": "8 912 000-11-22", "consent": true },
        "purpose": "hospital", "destination": "Югорская городская больница", "from_address": "",
        "to_address": "г. Югорск, ул. Попова, 29", "day": day.to_string(), "time": time,
        "minutes": minutes.to_string(), "return_trip": true, "wheelchair": true, "escort": false,
        "escort_name": "", "note": ""
    })
}

async fn book(app: &TestApp, cookie: &str, form: Value) -> String {
    let reply = app
        .call("/api/taxi/save", ServerFnBody::Json(json!({ "id": "", "version": 0, "form": form })), Some(cookie))
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    reply.json().as_str().expect("ride key").to_string()
}

async fn ride(app: &TestApp, cookie: &str, id: &str) -> Value {
    let reply = app.call("/api/taxi/ride", ServerFnBody::Form(vec![("id", id.into())]), Some(cookie)).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    reply.json()["ride"].clone()
}

async fn confirm(app: &TestApp, cookie: &str, id: &str, driver: &str, vehicle: &str, shared: bool) -> Reply {
    let version = ride(app, cookie, id).await["version"].as_i64().expect("version");
    app.call(
        "/api/taxi/confirm",
        ServerFnBody::Json(json!({ "id": id, "version": version,
            "form": { "driver": driver, "vehicle": vehicle, "shared": shared } })),
        Some(cookie),
    )
    .await
}

async fn done(app: &TestApp, cookie: &str, id: &str) -> Reply {
    let version = ride(app, cookie, id).await["version"].as_i64().expect("version");
    app.call(
        "/api/taxi/done",
        ServerFnBody::Form(vec![("id", id.into()), ("version", version.to_string())]),
        Some(cookie),
    )
    .await
}

async fn cancel(app: &TestApp, cookie: &str, id: &str, reason: &str) -> Reply {
    let version = ride(app, cookie, id).await["version"].as_i64().expect("version");
    app.call(
        "/api/taxi/cancel",
        ServerFnBody::Json(json!({ "id": id, "version": version, "form": { "reason": reason } })),
        Some(cookie),
    )
    .await
}

#[tokio::test]
async fn a_car_taken_at_that_time_is_refused_unless_shared_and_of_two_confirmations_at_once_one_wins() {
    let db = database().await;
    let app = TestApp::new(db.clone()).await;
    user(&db, "desk", Role::Dispatcher).await;
    user(&db, "worker", Role::Caseworker).await;
    let desk = app.login("desk").await;
    let worker = app.login("worker").await;
    let day = next_working_day(&db).await;

    let a = book(&app, &desk, ride_form("Кузнецова Мария Ивановна", day, "09:00", 90)).await;
    let b = book(&app, &worker, ride_form("Морозов Пётр Ильич", day, "10:00", 60)).await;
    let c = book(&app, &desk, ride_form("Фомина Анна Петровна", day, "10:15", 60)).await;
    let d = book(&app, &worker, ride_form("Гришин Иван Сергеевич", day, "10:30", 60)).await;
    let number_a = ride(&app, &desk, &a).await["number"].as_str().expect("number").to_string();
    assert!(number_a.starts_with("Т-"), "{number_a}");

    assert_eq!(confirm(&app, &desk, &a, "Кондратьев С. И.", "ГАЗель А412КМ 186", false).await.status, StatusCode::OK);
    // The same car, however its number is spaced, 10:00 while it drives A until 10:30: refused,
    // the other request named at the field.
    let reply = confirm(&app, &desk, &b, "Шарипов Р. М.", "газель а 412 км186", false).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", reply.body);
    assert!(reply.body.contains("vehicle") && reply.body.contains("в это время занята"), "{}", reply.body);
    assert!(reply.body.contains(&number_a) && reply.body.contains("09:00–10:30"), "{}", reply.body);
    assert_eq!(ride(&app, &desk, &b).await["status"], "requested");
    // The dispatcher means it: a shared ride.
    assert_eq!(confirm(&app, &desk, &b, "Кондратьев С. И.", "ГАЗель А412КМ 186", true).await.status, StatusCode::OK);

    // Two dispatchers give the Largus to C and D (overlapping) at the same moment.
    let (vc, vd) = (ride(&app, &desk, &c).await["version"].clone(), ride(&app, &desk, &d).await["version"].clone());
    let body = |id: &str, version: &Value, driver: &str| {
        ServerFnBody::Json(json!({ "id": id, "version": version,
            "form": { "driver": driver, "vehicle": "Lada Largus В735ОР 186", "shared": false } }))
    };
    let (one, two) = tokio::join!(
        app.call("/api/taxi/confirm", body(&c, &vc, "Шарипов Р. М."), Some(&desk)),
        app.call("/api/taxi/confirm", body(&d, &vd, "Петров А. А."), Some(&worker)),
    );
    let mut statuses = [one.status, two.status];
    statuses.sort();
    assert_eq!(statuses, [StatusCode::OK, StatusCode::UNPROCESSABLE_ENTITY], "{} / {}", one.body, two.body);
    let lost = if one.status == StatusCode::OK { &two } else { &one };
    assert!(lost.body.contains("в это время занята"), "{}", lost.body);

    // The day: four requests, three confirmed; the driver's schedule has two crews.
    let list = app.call("/api/taxi/day", ServerFnBody::Form(vec![("date", day.to_string())]), Some(&worker)).await;
    assert_eq!(list.status, StatusCode::OK, "{}", list.body);
    let list = list.json();
    assert_eq!(list["rides"].as_array().map(Vec::len), Some(4));
    assert_eq!(list["counts"]["confirmed"], 3, "{list}");
    assert_eq!(list["counts"]["requested"], 1, "{list}");
    assert_eq!(list["counts"]["wheelchair"], 4, "{list}");
    let schedule =
        app.call("/api/taxi/schedule", ServerFnBody::Form(vec![("date", day.to_string())]), Some(&desk)).await;
    assert_eq!(schedule.status, StatusCode::OK, "{}", schedule.body);
    let schedule = schedule.json();
    assert_eq!(schedule["crews"].as_array().map(Vec::len), Some(2), "{schedule}");
    assert_eq!(schedule["unconfirmed"].as_array().map(Vec::len), Some(1), "{schedule}");
}

#[tokio::test]
async fn a_request_moves_only_forward_and_mistakes_write_nothing() {
    let db = database().await;
    let app = TestApp::new(db.clone()).await;
    user(&db, "desk", Role::Dispatcher).await;
    user(&db, "psy", Role::Psychologist).await;
    let desk = app.login("desk").await;
    let psy = app.login("psy").await;
    let day = next_working_day(&db).await;

    // Mistakes: named at their fields, nothing written.
    let before = table_counts(&db, &["taxi_ride", "audit"]).await;
    let mut bad = ride_form("Кузнецова", day, "21:30", 60);
    bad["person"]["consent"] = json!(false);
    bad["to_address"] = json!("");
    bad["minutes"] = json!("долго");
    let reply = app
        .call("/api/taxi/save", ServerFnBody::Json(json!({ "id": "", "version": 0, "form": bad })), Some(&desk))
        .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", reply.body);
    for field in ["full_name", "consent", "to_address", "time", "minutes"] {
        assert!(reply.body.contains(field), "{field}: {}", reply.body);
    }
    assert!(reply.body.contains("Такси работает с 07:00 до 20:00"), "{}", reply.body);
    assert_eq!(table_counts(&db, &["taxi_ride", "audit"]).await, before);

    let id = book(&app, &desk, ride_form("Кузнецова Мария Ивановна", day, "09:00", 60)).await;
    // Not driven without a car; not done before its day.
    let reply = done(&app, &desk, &id).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", reply.body);
    assert!(reply.body.contains("Сначала подтвердите заявку"), "{}", reply.body);
    assert_eq!(confirm(&app, &desk, &id, "Кондратьев С. И.", "ГАЗель А412КМ 186", false).await.status, StatusCode::OK);
    let reply = done(&app, &desk, &id).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", reply.body);
    assert!(reply.body.contains("в этот день или позже"), "{}", reply.body);
    // A stale form is refused, and says so.
    let reply = app
        .call(
            "/api/taxi/cancel",
            ServerFnBody::Json(json!({ "id": id, "version": 1, "form": { "reason": "Передумала" } })),
            Some(&desk),
        )
        .await;
    assert_eq!(reply.status, StatusCode::CONFLICT, "{}", reply.body);

    // Moved to another time: the car must be confirmed again.
    let version = ride(&app, &desk, &id).await["version"].as_i64().expect("version");
    let reply = app
        .call(
            "/api/taxi/save",
            ServerFnBody::Json(
                json!({ "id": id, "version": version, "form": ride_form("Кузнецова Мария Ивановна", day, "11:00", 60) }),
            ),
            Some(&desk),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let moved = ride(&app, &desk, &id).await;
    assert_eq!(moved["status"], "requested", "{moved}");
    assert_eq!(moved["driver"], "Кондратьев С. И.", "kept to confirm again");

    // Its day comes: done, and then nothing more.
    assert_eq!(confirm(&app, &desk, &id, "Кондратьев С. И.", "ГАЗель А412КМ 186", false).await.status, StatusCode::OK);
    let today = app::time::local_today(Utc::now()).to_string();
    db.query("UPDATE type::record('taxi_ride', $id) SET day = $today")
        .bind(("id", id.clone()))
        .bind(("today", today))
        .await
        .expect("move to today")
        .check()
        .expect("moved");
    assert_eq!(done(&app, &desk, &id).await.status, StatusCode::OK);
    assert_eq!(ride(&app, &desk, &id).await["status"], "done");
    let reply = cancel(&app, &desk, &id, "Передумала").await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", reply.body);
    assert!(reply.body.contains("отменять нечего"), "{}", reply.body);

    // A cancellation says why.
    let other = book(&app, &desk, ride_form("Морозов Пётр Ильич", day, "13:00", 60)).await;
    let reply = cancel(&app, &desk, &other, "  ").await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", reply.body);
    assert!(reply.body.contains("Укажите причину отмены"), "{}", reply.body);
    assert_eq!(cancel(&app, &desk, &other, "Пассажир заболел").await.status, StatusCode::OK);
    let cancelled = ride(&app, &desk, &other).await;
    assert_eq!(cancelled["status"], "cancelled");
    assert_eq!(cancelled["cancel_reason"], "Пассажир заболел");
    let reply = confirm(&app, &desk, &other, "Кондратьев С. И.", "ГАЗель А412КМ 186", false).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", reply.body);

    // The counts of the period.
    let reply = app
        .call(
            "/api/taxi/report",
            ServerFnBody::Json(json!({ "query": { "from": "", "to": (day + Duration::days(31)).to_string() } })),
            Some(&desk),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let report = reply.json();
    assert_eq!(report["totals"]["total"], 2, "{report}");
    assert_eq!(report["totals"]["done"], 1, "{report}");
    assert_eq!(report["totals"]["cancelled"], 1, "{report}");
    assert_eq!(report["totals"]["wheelchair"], 1, "a cancelled ride is not counted: {report}");
    // … and the workbook has the same rows and columns, the totals in the row «Итого».
    let to = (day + Duration::days(31)).to_string();
    let xlsx = app.get(&format!("/taxi/report.xlsx?to={to}"), Some(&desk)).await;
    assert_eq!(xlsx.status, StatusCode::OK, "{}", xlsx.body);
    let rows = opora_tests::sheet_rows(&xlsx.bytes, "Социальное такси");
    assert!(rows[1][0].starts_with("Социальное такси: заявки за"), "{rows:?}");
    assert_eq!(rows[2][..3], ["Цель поездки", "Заявок", "Выполнено"]);
    let totals = rows.iter().find(|r| r[0] == "Итого").expect("the row of totals");
    assert_eq!(totals[1..], ["2", "1", "0", "0", "1", "1", "0"], "{rows:?}");
    assert_eq!(app.get("/taxi/report.xlsx", Some(&psy)).await.status, StatusCode::FORBIDDEN);
    assert_eq!(
        app.get("/taxi/report.xlsx?from=2026-13-01", Some(&desk)).await.status,
        StatusCode::UNPROCESSABLE_ENTITY
    );

    // Rights: a psychologist has no taxi; without a session nobody has.
    for (path, fields) in [("/api/taxi/day", vec![("date", String::new())]), ("/api/taxi/summary", vec![])] {
        let reply = app.call(path, ServerFnBody::Form(fields.clone()), Some(&psy)).await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN, "{path}: {}", reply.body);
        assert_eq!(app.call(path, ServerFnBody::Form(fields), None).await.status, StatusCode::UNAUTHORIZED);
    }
    let reply = app
        .call(
            "/api/taxi/save",
            ServerFnBody::Json(json!({ "id": "", "version": 0, "form": ride_form("Кто Угодно", day, "09:00", 60) })),
            Some(&psy),
        )
        .await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    assert_eq!(app.get("/taxi", Some(&psy)).await.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_case_page_shows_the_rides_of_its_people_to_those_who_see_the_case() {
    let db = database().await;
    let app = TestApp::new(db.clone()).await;
    let worker = user(&db, "worker", Role::Caseworker).await;
    opora_tests::far_caseworker(&db, "far").await;
    let case =
        opora_tests::open_case(&db, &worker, &opora_tests::family_form("Семья Травиных", "d1", &worker.id)).await;
    let (mine, far) = (app.login("worker").await, app.login("far").await);
    let of_case = |cookie: String| {
        let app = &app;
        let case = case.clone();
        async move { app.call("/api/taxi/of_case", ServerFnBody::Form(vec![("case", case)]), Some(&cookie)).await }
    };
    assert_eq!(of_case(mine.clone()).await.json()["rides"], json!([]));

    // A ride booked for the family's person is on the case's page, with its status.
    let day = next_working_day(&db).await;
    let mut form = ride_form("", day, "10:00", 60);
    form["person"] = json!({ "person_kind": "case", "case_id": case, "elder_id": "", "chosen_name": "",
        "full_name": "", "address": "", "phone": "", "document": "", "consent": false });
    let id = book(&app, &mine, form).await;
    let reply = of_case(mine.clone()).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let rides = reply.json()["rides"].clone();
    assert_eq!(rides.as_array().map(Vec::len), Some(1), "{rides}");
    assert_eq!(rides[0]["id"], id.as_str());
    assert_eq!(rides[0]["status"], "requested");
    assert_eq!(rides[0]["person"]["case_id"], case.as_str());

    // A caseworker who does not see the case does not see its rides either.
    let reply = of_case(far).await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND, "{}", reply.body);
}
