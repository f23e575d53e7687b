//! The registry 55+ («дворовый» social management) through the server functions against an
//! in-memory SurrealDB: a caseworker keeps to her districts, the monthly round lists who is not
//! reached this month (the longest without a contact first) and its counter moves, a contact sent
//! twice by a tablet is recorded once, a dangerous situation reaches the head of the department
//! until acknowledged, and mistakes are named at their fields.

use app::auth::users::{create_user, NewUser};
use app::auth::{CurrentUser, Role};
use app::db::Db;
use app::elders::repo::{self, ImportElder};
use app::elders::rules::{month_start, validate_elder};
use app::elders::types::{ContactPurpose, ContactWay, ElderForm};
use chrono::{Duration, Utc};
use http::StatusCode;
use opora_tests::{database, user, Reply, ServerFnBody, TestApp, PASSWORD};
use serde_json::{json, Value};

fn person(name: &str, birth: &str, district: &str) -> Value {
    json!({
        "full_name": name, "sex": "female", "birth_date": birth, "disability": "", "disability_since": "",
        "address": "г. Югорск, ул. Ленина, д. 12, кв. 4", "district": district, "phone": "8 912 345-67-89",
        "phone2": "", "messenger": "", "lives_with": "одна", "consent": true,
        "consent_on": app::time::local_today(Utc::now()).to_string(),
        "marks": [{ "group": "alone", "since": "", "note": "" }], "interests": [], "case_number": "", "notes": "", "left_reason": ""
    })
}

async fn save(app: &TestApp, cookie: &str, form: Value) -> Reply {
    app.call("/api/elders/save", ServerFnBody::Json(json!({ "id": "", "version": 0, "form": form })), Some(cookie))
        .await
}

fn contact(key: &str, hours_ago: i64, danger: &str) -> Value {
    json!({
        "client_key": key,
        "at": app::time::to_datetime_local(Utc::now() - Duration::hours(hours_ago)),
        "way": "phone", "purposes": ["support"], "result": "Поговорили, всё хорошо", "need": "", "danger": danger
    })
}

async fn record(app: &TestApp, cookie: &str, id: &str, form: Value) -> Reply {
    app.call("/api/elders/contact", ServerFnBody::Json(json!({ "id": id, "form": form })), Some(cookie)).await
}

async fn round(app: &TestApp, cookie: &str, district: &str) -> Value {
    let reply =
        app.call("/api/elders/round", ServerFnBody::Form(vec![("district", district.to_string())]), Some(cookie)).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    reply.json()
}

async fn registry(app: &TestApp, cookie: &str, pairs: Vec<(&'static str, String)>) -> Reply {
    let mut pairs = pairs;
    if pairs.is_empty() {
        pairs.push(("query[q]", String::new()));
    }
    app.call("/api/elders/registry", ServerFnBody::Form(pairs), Some(cookie)).await
}

/// A caseworker of district 3 only.
async fn caseworker_of_d3(db: &Db) -> CurrentUser {
    let id = create_user(
        db,
        &NewUser {
            login: "worker3".into(),
            full_name: "Третьякова Ольга Петровна".into(),
            position: String::new(),
            roles: vec![Role::Caseworker],
            districts: vec!["d3".into()],
            password: PASSWORD.into(),
            must_change_password: false,
        },
    )
    .await
    .unwrap();
    CurrentUser {
        id,
        login: "worker3".into(),
        full_name: "Третьякова Ольга Петровна".into(),
        roles: vec![Role::Caseworker],
        districts: vec!["d3".into()],
        must_change_password: false,
    }
}

#[tokio::test]
async fn a_caseworker_keeps_to_her_districts_and_the_head_sees_all() {
    let db = database().await;
    let app = TestApp::new(db.clone()).await;
    user(&db, "worker", Role::Caseworker).await;
    user(&db, "chief", Role::Supervisor).await;
    user(&db, "psy", Role::Psychologist).await;
    caseworker_of_d3(&db).await;
    let worker = app.login("worker").await;
    let other = app.login("worker3").await;
    let chief = app.login("chief").await;

    let reply = save(&app, &worker, person("Кузнецова Валентина Ивановна", "1950-03-14", "d1")).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let id = reply.json().as_str().unwrap().to_string();
    // Not on a district she does not work.
    let reply = save(&app, &worker, person("Смирнова Нина Павловна", "1948-01-02", "d3")).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", reply.body);
    assert!(reply.body.contains("district") && reply.body.contains("ведёте"), "{}", reply.body);

    // The caseworker of district 3 neither finds nor opens her.
    let reply = app.call("/api/elders/get", ServerFnBody::Form(vec![("id", id.clone())]), Some(&other)).await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND, "{}", reply.body);
    let page = registry(&app, &other, vec![]).await.json();
    assert!(!page.to_string().contains("Кузнецова"), "{page}");
    let reply = record(&app, &other, &id, contact("kother1", 1, "")).await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND, "{}", reply.body);
    // Nor asks for district 1 by name.
    let reply = registry(&app, &other, vec![("query[district]", "d1".into())]).await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN, "{}", reply.body);
    assert!(reply.body.contains("Этот участок вы не ведёте"), "{}", reply.body);

    // The head sees her, on every district's tally.
    let page = registry(&app, &chief, vec![]).await.json();
    assert!(page.to_string().contains("Кузнецова Валентина Ивановна"), "{page}");
    assert_eq!(page["tallies"].as_array().unwrap().len(), 6, "{page}");
    // A psychologist works no registry.
    let psy = app.login("psy").await;
    assert_eq!(registry(&app, &psy, vec![]).await.status, StatusCode::FORBIDDEN);
    opora_tests::assert_no_server_panic();
}

#[tokio::test]
async fn the_round_lists_who_is_not_reached_this_month_and_the_counter_moves() {
    let db = database().await;
    let app = TestApp::new(db.clone()).await;
    let worker_user = user(&db, "worker", Role::Caseworker).await;
    let cookie = app.login("worker").await;
    let now = Utc::now();
    let today = app::time::local_today(now);
    // Three people: one reached last month, one never, one reached this month already.
    let last_month = app::time::start_of_local_day(month_start(today) - Duration::days(1)) + Duration::hours(12);
    let this_month = app::time::start_of_local_day(today) + Duration::hours(1);
    let mut items = Vec::new();
    for (name, contacts) in [
        ("Белова Анна Сергеевна", vec![last_month]),
        ("Агеева Мария Ивановна", vec![]),
        ("Волкова Зоя Петровна", vec![last_month, this_month.min(now)]),
    ] {
        let mut form: ElderForm = serde_json::from_value(person(name, "1947-05-05", "d1")).unwrap();
        form.marks.clear();
        let elder = validate_elder(&form, today).unwrap();
        let contacts = contacts
            .into_iter()
            .map(|at| (at, ContactWay::Phone, vec![ContactPurpose::Support], "Поговорили".to_string()))
            .collect();
        items.push(ImportElder { elder, contacts, by: worker_user.clone() });
    }
    repo::import(&db, items, now).await.unwrap();

    let page = round(&app, &cookie, "").await;
    let names: Vec<&str> =
        page["people"].as_array().unwrap().iter().map(|p| p["full_name"].as_str().unwrap()).collect();
    assert_eq!(names, ["Агеева Мария Ивановна", "Белова Анна Сергеевна"], "never reached first, then the longest ago");
    let reached = |page: &Value| -> (u64, u64) {
        let t = page["tallies"].as_array().unwrap().iter().find(|t| t["district_id"] == "d1").unwrap().clone();
        (t["reached"].as_u64().unwrap(), t["total"].as_u64().unwrap())
    };
    assert_eq!(reached(&page), (1, 3));

    // A call recorded: she leaves the list, the counter moves.
    let id = page["people"][0]["id"].as_str().unwrap().to_string();
    let reply = record(&app, &cookie, &id, contact("ktwice1", 0, "")).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    // The tablet sends the same contact again after a lost answer: recorded once.
    let again = record(&app, &cookie, &id, contact("ktwice1", 0, "")).await;
    assert_eq!(again.status, StatusCode::OK, "{}", again.body);
    assert_eq!(again.json()["id"], reply.json()["id"]);
    let n: Option<i64> = db
        .query("RETURN count(SELECT id FROM elder_contact WHERE client_key = 'ktwice1')")
        .await
        .unwrap()
        .take(0)
        .unwrap();
    assert_eq!(n, Some(1));
    let page = round(&app, &cookie, "d1").await;
    assert_eq!(page["people"].as_array().unwrap().len(), 1, "{page}");
    assert_eq!(reached(&page), (2, 3));
    // An older contact recorded late does not move the day of the last one back.
    let reply = record(&app, &cookie, &id, contact("kolder1", 24 * 20, "")).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert_eq!(reached(&round(&app, &cookie, "d1").await), (2, 3));
    // The registry's filter finds the same people.
    let reply = registry(&app, &cookie, vec![("query[uncontacted]", "1".into())]).await;
    assert_eq!(reply.json()["people"].as_array().unwrap().len(), 1, "{}", reply.body);
    opora_tests::assert_no_server_panic();
}

#[tokio::test]
async fn a_dangerous_situation_reaches_the_head_until_acknowledged() {
    let db = database().await;
    let app = TestApp::new(db.clone()).await;
    user(&db, "worker", Role::Caseworker).await;
    user(&db, "chief", Role::Supervisor).await;
    let worker = app.login("worker").await;
    let chief = app.login("chief").await;
    let id = save(&app, &worker, person("Орлова Тамара Львовна", "1941-09-30", "d2"))
        .await
        .json()
        .as_str()
        .unwrap()
        .to_string();
    let reply = record(&app, &worker, &id, contact("kdanger1", 0, "Звонят мошенники, угрожают")).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);

    let page = registry(&app, &chief, vec![]).await.json();
    let alerts = page["alerts"].as_array().unwrap();
    assert_eq!(alerts.len(), 1, "{page}");
    assert_eq!(alerts[0]["elder_name"], "Орлова Тамара Львовна");
    assert!(page["can_acknowledge"].as_bool().unwrap());
    let alert = alerts[0]["id"].as_str().unwrap().to_string();
    // The caseworker sees it on the person's card, but only the head acknowledges it.
    let card = app.call("/api/elders/get", ServerFnBody::Form(vec![("id", id.clone())]), Some(&worker)).await.json();
    assert_eq!(card["alerts"].as_array().unwrap().len(), 1, "{card}");
    let reply =
        app.call("/api/elders/acknowledge", ServerFnBody::Form(vec![("id", alert.clone())]), Some(&worker)).await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    let reply =
        app.call("/api/elders/acknowledge", ServerFnBody::Form(vec![("id", alert.clone())]), Some(&chief)).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert!(reply.json()["acknowledged_by_name"].as_str().unwrap().contains("Проверкина"));
    let page = registry(&app, &chief, vec![]).await.json();
    assert!(page["alerts"].as_array().unwrap().is_empty(), "{page}");
    opora_tests::assert_no_server_panic();
}

#[tokio::test]
async fn mistakes_are_named_at_their_fields_and_nothing_is_written() {
    let db = database().await;
    let app = TestApp::new(db.clone()).await;
    user(&db, "worker", Role::Caseworker).await;
    let cookie = app.login("worker").await;
    let id = save(&app, &cookie, person("Кузнецова Валентина Ивановна", "1950-03-14", "d1"))
        .await
        .json()
        .as_str()
        .unwrap()
        .to_string();
    // The same person again.
    let reply = save(&app, &cookie, person("Кузнецова  Валентина Ивановна", "1950-03-14", "d2")).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", reply.body);
    assert!(reply.body.contains("уже есть в реестре"), "{}", reply.body);
    // Too young, without a disability.
    let reply = save(&app, &cookie, person("Молодая Ирина Олеговна", "1985-01-01", "d1")).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(reply.body.contains("birth_date"), "{}", reply.body);
    // A case that does not exist.
    let mut form = person("Сомова Лидия Андреевна", "1944-02-02", "d1");
    form["case_number"] = json!("2026-9999");
    let reply = save(&app, &cookie, form).await;
    assert!(reply.body.contains("case_number"), "{}", reply.body);
    // A contact in the future, without a result.
    let mut bad = contact("kbad1", 0, "");
    bad["at"] = json!(app::time::to_datetime_local(Utc::now() + Duration::hours(3)));
    bad["result"] = json!("  ");
    let reply = record(&app, &cookie, &id, bad).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(reply.body.contains("будущем") && reply.body.contains("result"), "{}", reply.body);
    let counts = opora_tests::table_counts(&db, &["elder", "elder_contact", "elder_alert"]).await;
    assert_eq!(counts.iter().map(|(_, n)| *n).collect::<Vec<_>>(), [1, 0, 0]);
    // A stale edit is a conflict, with the edits kept on the client.
    let form = person("Кузнецова Валентина Ивановна", "1950-03-14", "d1");
    let edit = |version: i64| json!({ "id": id, "version": version, "form": form.clone() });
    let reply = app.call("/api/elders/save", ServerFnBody::Json(edit(1)), Some(&cookie)).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let reply = app.call("/api/elders/save", ServerFnBody::Json(edit(1)), Some(&cookie)).await;
    assert_eq!(reply.status, StatusCode::CONFLICT, "{}", reply.body);
    opora_tests::assert_no_server_panic();
}

#[tokio::test]
async fn an_event_is_announced_to_those_it_suits_and_who_came_is_marked() {
    let db = database().await;
    let app = TestApp::new(db.clone()).await;
    user(&db, "worker", Role::Caseworker).await;
    caseworker_of_d3(&db).await;
    let cookie = app.login("worker").await;
    let other = app.login("worker3").await;
    let mut singer = person("Певцова Алла Борисовна", "1949-06-01", "d1");
    singer["interests"] = json!(["culture"]);
    let mut walker = person("Ходокова Нина Ильинична", "1950-07-02", "d2");
    walker["interests"] = json!(["sport_health"]);
    let singer = save(&app, &cookie, singer).await.json().as_str().unwrap().to_string();
    let walker = save(&app, &cookie, walker).await.json().as_str().unwrap().to_string();

    // A safety school on fraud that began an hour ago, for those interested in culture.
    let form = json!({ "title": "Как не попасться мошенникам", "kind": "safety_school", "topic": "fraud",
        "starts_at": app::time::to_datetime_local(Utc::now() - Duration::hours(1)), "place": "КЦСОН, актовый зал",
        "organiser": "КЦСОН", "suits": ["culture"], "notes": "" });
    let reply = app
        .call(
            "/api/elders/event_save",
            ServerFnBody::Json(json!({ "id": "", "version": 0, "form": form })),
            Some(&cookie),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let event = reply.json().as_str().unwrap().to_string();
    let details = |who: String| {
        let app = &app;
        let event = event.clone();
        async move {
            let reply = app.call("/api/elders/event", ServerFnBody::Form(vec![("id", event)]), Some(&who)).await;
            assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
            reply.json()
        }
    };
    let page = details(cookie.clone()).await;
    let suggested: Vec<&str> =
        page["suggested"].as_array().unwrap().iter().map(|p| p["id"].as_str().unwrap()).collect();
    assert_eq!(suggested, [singer.as_str()], "the event suits whom its interests name: {page}");

    // Informed by phone; the walker through an interest group of culture she joins.
    let inform = |elder: &str, group: &str| {
        ServerFnBody::Form(vec![
            ("event", event.clone()),
            ("elder", elder.to_string()),
            ("group", group.to_string()),
            ("way", "phone".to_string()),
        ])
    };
    assert_eq!(app.call("/api/elders/inform", inform(&singer, ""), Some(&cookie)).await.status, StatusCode::OK);
    let reply = app
        .call(
            "/api/elders/group_save",
            ServerFnBody::Json(json!({ "form": { "name": "Хор", "theme": "culture", "leader": "" } })),
            Some(&cookie),
        )
        .await;
    let group = reply.json().as_str().unwrap().to_string();
    let join = ServerFnBody::Form(vec![("elder", walker.clone()), ("group", group.clone()), ("member", "true".into())]);
    assert_eq!(app.call("/api/elders/join", join, Some(&cookie)).await.status, StatusCode::OK);
    let reply = app.call("/api/elders/inform", inform("", &group), Some(&cookie)).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let page = details(cookie.clone()).await;
    assert_eq!(page["invited"].as_array().unwrap().len(), 2, "{page}");
    assert!(page["suggested"].as_array().unwrap().is_empty(), "{page}");
    // The caseworker of district 3 sees the event but none of these people.
    let theirs = details(other.clone()).await;
    assert!(theirs["invited"].as_array().unwrap().is_empty(), "{theirs}");

    // The singer came: the card shows the topic she has had.
    let mark = |elder: &str, event: &str| {
        ServerFnBody::Form(vec![
            ("event", event.to_string()),
            ("elder", elder.to_string()),
            ("attended", "true".into()),
        ])
    };
    assert_eq!(app.call("/api/elders/attend", mark(&singer, &event), Some(&cookie)).await.status, StatusCode::OK);
    let card = app
        .call("/api/elders/person_events", ServerFnBody::Form(vec![("elder", singer.clone())]), Some(&cookie))
        .await
        .json();
    assert_eq!(card["topics_had"], json!(["fraud"]), "{card}");
    // Not before an event begins, and not for someone never informed.
    let later = json!({ "title": "Концерт", "kind": "concert", "topic": "",
        "starts_at": app::time::to_datetime_local(Utc::now() + Duration::days(3)), "place": "ДК «МиГ»",
        "organiser": "", "suits": ["culture"], "notes": "" });
    let later = app
        .call(
            "/api/elders/event_save",
            ServerFnBody::Json(json!({ "id": "", "version": 0, "form": later })),
            Some(&cookie),
        )
        .await
        .json()
        .as_str()
        .unwrap()
        .to_string();
    let reply = app.call("/api/elders/attend", mark(&singer, &later), Some(&cookie)).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", reply.body);
    let stranger = save(&app, &cookie, person("Новикова Ольга Петровна", "1945-01-01", "d1"))
        .await
        .json()
        .as_str()
        .unwrap()
        .to_string();
    let reply = app.call("/api/elders/attend", mark(&stranger, &event), Some(&cookie)).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", reply.body);
    assert!(reply.body.contains("не был(а) приглашён(а)"), "{}", reply.body);
    opora_tests::assert_no_server_panic();
}

// ---------------------------------------------------------------------------------------------
// Loading a district's list from Excel or CSV.

async fn import(app: &TestApp, cookie: &str, file_name: &str, bytes: &[u8], apply: bool) -> Reply {
    use base64::Engine;
    let data = base64::engine::general_purpose::STANDARD.encode(bytes);
    app.call(
        "/api/elders/import",
        ServerFnBody::Json(json!({ "file_name": file_name, "data": data, "apply": apply })),
        Some(cookie),
    )
    .await
}

async fn audit_lines(db: &Db) -> usize {
    let mut response = db.query("RETURN count(SELECT id FROM audit)").await.unwrap();
    response.take::<Option<usize>>(0).unwrap().unwrap_or(0)
}

async fn registry_names(db: &Db) -> Vec<String> {
    let mut response = db.query("SELECT VALUE full_name FROM elder ORDER BY full_name").await.unwrap();
    response.take(0).unwrap()
}

#[tokio::test]
async fn a_list_is_checked_by_row_then_loaded_whole_and_a_second_load_enters_nobody_twice() {
    let db = database().await;
    let app = TestApp::new(db.clone()).await;
    user(&db, "worker", Role::Caseworker).await;
    let worker = app.login("worker").await;
    let audit_before: usize = audit_lines(&db).await;

    // A list as a district keeps it: a title line, its own column names, no «Пол» column.
    let list = "Список граждан пожилого возраста, участок № 1\n\
        № п/п;Фамилия, имя, отчество;Дата рождения;Адрес проживания;Участок;Телефон;С кем проживает;Дата согласия;Группы особого внимания\n\
        1;Иванова Анна Петровна;12.03.1950;ул. Ленина, д. 12, кв. 4;1;8 902 814-22-10;;01.11.2026;проживает одиноко\n\
        2;Петров Иван;31.02.1950;ул. Ленина, д. 14;1;;с женой;01.11.2026;\n\
        3;Сидорова Мария Ивановна;01.01.1990;ул. Мира, д. 3;1;;с мужем;;\n\
        4;Кузнецова Вера Павловна;05.06.1948;ул. Мира, д. 5;3;;с дочерью;02.11.2026;\n";
    let reply = import(&app, &worker, "участок1.csv", list.as_bytes(), true).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let report = reply.json();
    assert_eq!(report["applied"], false, "a file with mistakes loads nothing: {report}");
    let errors = report["errors"].to_string();
    for expected in ["[4,\"пол", "[4,\"дата рождения", "[5,\"согласие", "[6,\"участок"] {
        assert!(errors.contains(expected), "{expected} in {errors}");
    }
    assert!(!errors.contains("[3,"), "row 3 is right: {errors}");
    assert!(registry_names(&db).await.is_empty(), "nothing is written on a check with mistakes");

    // The rows corrected: checked, then loaded all at once with one line of audit.
    let list = "ФИО;Пол;Дата рождения;Адрес;Участок;Телефон;С кем проживает;Согласие на обработку ПДн;Интересы\n\
        Иванова Анна Петровна;ж;12.03.1950;ул. Ленина, д. 12, кв. 4;Участок № 1 — Центральный;8 902 814-22-10;одна;01.11.2026;спорт и здоровье\n\
        Петров Иван Сергеевич;м;28.02.1950;ул. Ленина, д. 14;№ 1;;с женой;01.11.2026;\n";
    let report = import(&app, &worker, "участок1.csv", list.as_bytes(), false).await.json();
    assert_eq!(report["errors"], json!([]), "{report}");
    assert_eq!(report["created"], 2, "{report}");
    assert_eq!(report["applied"], false);
    assert!(registry_names(&db).await.is_empty(), "a check writes nothing");
    let report = import(&app, &worker, "участок1.csv", list.as_bytes(), true).await.json();
    assert_eq!(report["applied"], true, "{report}");
    assert_eq!(registry_names(&db).await, vec!["Иванова Анна Петровна", "Петров Иван Сергеевич"]);
    assert_eq!(audit_lines(&db).await, audit_before + 1, "one line of audit for the load");
    let page = registry(&app, &worker, vec![("query[q]", "Петров".into())]).await.json();
    assert!(page.to_string().contains("ул. Ленина, д. 14"), "the loaded person is in the registry: {page}");

    // The registry's own export loaded back: everyone is already there, nobody is entered twice.
    let people = {
        let districts = vec!["d1".to_string()];
        let today = app::time::local_today(Utc::now());
        repo::list(&db, &districts, &Default::default(), today, 100).await.unwrap().0
    };
    let bytes = app::elders::export::workbook(&people, app::time::local_today(Utc::now()), "Реестр").unwrap();
    let report = import(&app, &worker, "Реестр 55+.xlsx", &bytes, true).await.json();
    assert_eq!(report["errors"], json!([]), "{report}");
    assert_eq!(report["unchanged"], 2, "{report}");
    assert_eq!(report["created"], 0, "{report}");
    assert!(report["lines"].to_string().contains("уже в реестре"), "{report}");
    assert_eq!(registry_names(&db).await.len(), 2);

    // Not a list of people at all.
    let reply =
        import(&app, &worker, "партнёры.csv", "Наименование;Адрес\nООО Ромашка;ул. Мира, 1\n".as_bytes(), false).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", reply.body);
    assert!(reply.body.contains("ФИО"), "{}", reply.body);
    opora_tests::assert_no_server_panic();
}

#[tokio::test]
async fn a_case_opened_from_the_registry_is_filled_from_the_card_and_linked_to_it() {
    let db = database().await;
    let app = TestApp::new(db.clone()).await;
    user(&db, "worker", Role::Caseworker).await;
    caseworker_of_d3(&db).await;
    let worker = app.login("worker").await;
    let other = app.login("worker3").await;
    let reply = save(&app, &worker, person("Кузнецова Валентина Ивановна", "1950-03-14", "d1")).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let id = reply.json().as_str().unwrap().to_string();
    let reply = record(&app, &worker, &id, {
        let mut c = contact("kneed1", 2, "");
        c["purposes"] = json!(["needs"]);
        c["need"] = json!("Нужна помощь с ремонтом печи");
        c
    })
    .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let card = app.call("/api/elders/get", ServerFnBody::Form(vec![("id", id.clone())]), Some(&worker)).await.json();
    assert_eq!(card["can_open_case"], true, "{card}");

    // The form starts from the card: the citizen, the address, the district, the need found.
    let blank = app.call("/api/elders/blank_case", ServerFnBody::Form(vec![("id", id.clone())]), Some(&worker)).await;
    assert_eq!(blank.status, StatusCode::OK, "{}", blank.body);
    let form = blank.json()["form"].clone();
    assert_eq!(form["kind"], "citizen");
    assert_eq!(form["members"][0]["full_name"], "Кузнецова Валентина Ивановна");
    assert_eq!(form["members"][0]["birth_date"], "1950-03-14");
    assert_eq!(form["district"], "d1");
    assert_eq!(form["source"], "round");
    assert!(form["notes"].as_str().unwrap().contains("ремонтом печи"), "{form}");
    // Another district's caseworker does not get the person's data this way.
    let refused = app.call("/api/elders/blank_case", ServerFnBody::Form(vec![("id", id.clone())]), Some(&other)).await;
    assert_eq!(refused.status, StatusCode::NOT_FOUND, "{}", refused.body);

    let mut form = form;
    form["consent"] = json!(true);
    form["consent_date"] = json!(app::time::local_today(Utc::now()).to_string());
    let created = app.call("/api/cases/create", ServerFnBody::Json(json!({ "form": form })), Some(&worker)).await;
    assert_eq!(created.status, StatusCode::OK, "{}", created.body);
    let case_id = created.json().as_str().unwrap().to_string();
    let linked = app
        .call(
            "/api/elders/link_case",
            ServerFnBody::Form(vec![("id", id.clone()), ("case_id", case_id.clone())]),
            Some(&worker),
        )
        .await;
    assert_eq!(linked.status, StatusCode::OK, "{}", linked.body);
    let card = app.call("/api/elders/get", ServerFnBody::Form(vec![("id", id.clone())]), Some(&worker)).await.json();
    assert_eq!(card["elder"]["case_id"], json!(case_id), "{card}");
    assert_eq!(card["can_open_case"], false);
    // A second case for the same person is not opened from the registry.
    let again = app.call("/api/elders/blank_case", ServerFnBody::Form(vec![("id", id.clone())]), Some(&worker)).await;
    assert_eq!(again.status, StatusCode::CONFLICT, "{}", again.body);
    assert!(again.body.contains("уже есть случай"), "{}", again.body);
    opora_tests::assert_no_server_panic();
}

#[tokio::test]
async fn a_need_found_at_a_contact_waits_as_a_task_until_it_is_closed() {
    let db = database().await;
    let app = TestApp::new(db.clone()).await;
    user(&db, "worker", Role::Caseworker).await;
    caseworker_of_d3(&db).await;
    let worker = app.login("worker").await;
    let other = app.login("worker3").await;
    let reply = save(&app, &worker, person("Кузнецова Валентина Ивановна", "1950-03-14", "d1")).await;
    let id = reply.json().as_str().unwrap().to_string();
    let needs = |cookie: String| {
        let app = &app;
        async move {
            let reply = app
                .call("/api/elders/needs", ServerFnBody::Form(vec![("district", String::new())]), Some(&cookie))
                .await;
            assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
            reply.json()["needs"].as_array().unwrap().clone()
        }
    };
    assert!(needs(worker.clone()).await.is_empty());

    let mut form = contact("kneed2", 1, "");
    form["need"] = json!("Нужна помощь с уборкой снега");
    let reply = record(&app, &worker, &id, form.clone()).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    // Sent twice by the tablet: one contact, one task.
    record(&app, &worker, &id, form).await;
    let open = needs(worker.clone()).await;
    assert_eq!(open.len(), 1, "{open:?}");
    assert_eq!(open[0]["text"], "Нужна помощь с уборкой снега");
    assert_eq!(open[0]["elder_name"], "Кузнецова Валентина Ивановна");
    assert!(needs(other.clone()).await.is_empty(), "another district's caseworker does not see it");
    let need_id = open[0]["id"].as_str().unwrap().to_string();
    let card = app.call("/api/elders/get", ServerFnBody::Form(vec![("id", id.clone())]), Some(&worker)).await.json();
    assert_eq!(card["needs"][0]["open"], true, "{card}");

    // Closing needs what became of it; another district's caseworker cannot close it.
    let close = |cookie: String, outcome: &'static str| {
        let app = &app;
        let need_id = need_id.clone();
        async move {
            app.call(
                "/api/elders/close_need",
                ServerFnBody::Form(vec![
                    ("id", need_id),
                    ("outcome", outcome.to_string()),
                    ("note", "Договорились с управляющей компанией".into()),
                ]),
                Some(&cookie),
            )
            .await
        }
    };
    let reply = close(worker.clone(), "").await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", reply.body);
    assert!(reply.body.contains("Выберите, чем закончилось"), "{}", reply.body);
    assert_eq!(close(other.clone(), "help").await.status, StatusCode::NOT_FOUND);
    let reply = close(worker.clone(), "help").await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert_eq!(reply.json()["outcome"], "help");
    assert!(needs(worker.clone()).await.is_empty(), "a closed need leaves the list");
    let card = app.call("/api/elders/get", ServerFnBody::Form(vec![("id", id.clone())]), Some(&worker)).await.json();
    assert_eq!(card["needs"][0]["open"], false);
    assert_eq!(card["needs"][0]["outcome_note"], "Договорились с управляющей компанией");

    // A need still open when a case is opened is worked in the case.
    let mut form = contact("kneed3", 0, "");
    form["need"] = json!("Нужна сиделка");
    record(&app, &worker, &id, form).await;
    assert_eq!(needs(worker.clone()).await.len(), 1);
    let blank = app.call("/api/elders/blank_case", ServerFnBody::Form(vec![("id", id.clone())]), Some(&worker)).await;
    let created =
        app.call("/api/cases/create", ServerFnBody::Json(json!({ "form": blank.json()["form"] })), Some(&worker)).await;
    assert_eq!(created.status, StatusCode::OK, "{}", created.body);
    let case_id = created.json().as_str().unwrap().to_string();
    app.call(
        "/api/elders/link_case",
        ServerFnBody::Form(vec![("id", id.clone()), ("case_id", case_id)]),
        Some(&worker),
    )
    .await;
    assert!(needs(worker.clone()).await.is_empty());
    let card = app.call("/api/elders/get", ServerFnBody::Form(vec![("id", id.clone())]), Some(&worker)).await.json();
    assert_eq!(card["needs"][0]["outcome"], "case", "{card}");
    opora_tests::assert_no_server_panic();
}

#[tokio::test]
async fn the_door_to_door_round_lists_a_streets_people_by_house_and_flat() {
    let db = database().await;
    let app = TestApp::new(db.clone()).await;
    user(&db, "worker", Role::Caseworker).await;
    caseworker_of_d3(&db).await;
    let worker = app.login("worker").await;
    let other = app.login("worker3").await;
    for (name, birth, address) in [
        ("Борисова Анна Ивановна", "1950-01-02", "г. Югорск, ул. Ленина, д. 12, кв. 4"),
        ("Антонова Вера Ивановна", "1949-02-03", "г. Югорск, ул. Ленина, д. 12, кв. 1"),
        ("Власова Нина Ивановна", "1948-03-04", "г. Югорск, ул. Ленина, д. 3"),
        ("Гусева Ольга Ивановна", "1947-04-05", "г. Югорск, ул. Мира, д. 1"),
    ] {
        let mut form = person(name, birth, "d1");
        form["address"] = json!(address);
        let reply = save(&app, &worker, form).await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    }
    let walk = |cookie: String, district: &'static str, street: &'static str, houses: &'static str| {
        let app = &app;
        async move {
            app.call(
                "/api/elders/walk",
                ServerFnBody::Form(vec![
                    ("query[district]", district.to_string()),
                    ("query[street]", street.to_string()),
                    ("query[houses]", houses.to_string()),
                ]),
                Some(&cookie),
            )
            .await
        }
    };
    let page = walk(worker.clone(), "d1", "", "").await.json();
    assert_eq!(
        page["streets"],
        json!([
            { "name": "ул. Ленина", "people": 3, "reached": 0 },
            { "name": "ул. Мира", "people": 1, "reached": 0 },
        ])
    );
    assert_eq!(page["doors"], json!([]), "no street chosen, nobody listed");
    let page = walk(worker.clone(), "d1", "ул. Ленина", "д. 12").await.json();
    let names: Vec<&str> =
        page["doors"].as_array().unwrap().iter().map(|d| d["person"]["full_name"].as_str().unwrap()).collect();
    assert_eq!(names, vec!["Антонова Вера Ивановна", "Борисова Анна Ивановна"], "by flat");
    assert_eq!(page["houses"].as_array().unwrap().len(), 2);
    // A visit at the door counts the house as reached this month.
    let id = page["doors"][0]["person"]["id"].as_str().unwrap().to_string();
    let mut visit = contact("kdoor1", 0, "");
    visit["way"] = json!("visit");
    assert_eq!(record(&app, &worker, &id, visit).await.status, StatusCode::OK);
    let page = walk(worker.clone(), "d1", "ул. Ленина", "").await.json();
    assert_eq!(page["streets"][0]["reached"], 1);
    assert_eq!(page["doors"].as_array().unwrap().len(), 3, "no house chosen: the whole street");
    // Another district's caseworker does not walk district 1.
    assert_eq!(walk(other, "d1", "ул. Ленина", "").await.status, StatusCode::FORBIDDEN);
    opora_tests::assert_no_server_panic();
}
