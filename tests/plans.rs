//! Support plans of every family and the specialists' «Мои мероприятия», against a real
//! (in-memory) SurrealDB through the server functions: a family with children outside СВО gets
//! its ИПССС from the typical activities and from activities typed by hand; the psychologist
//! responsible for an activity sees the case, finds the activity in her list and records its
//! result — only hers; a lawyer without an activity does not see the case at all.

use app::auth::{CurrentUser, Role};
use app::cases::repo;
use app::cases::types::{CaseForm, MemberForm};
use app::cases::validate::validate_case;
use app::db::Db;
use chrono::Utc;
use http::StatusCode;
use opora_tests::{database, user, Reply, ServerFnBody, TestApp};
use serde_json::{json, Value};

/// A large family outside СВО: a mother and two children.
fn large_family() -> CaseForm {
    let today = app::time::local_today(Utc::now());
    let member = |name: &str, born: &str, relation: &str| MemberForm {
        full_name: name.into(),
        birth_date: born.into(),
        relation: relation.into(),
        categories: vec![],
    };
    CaseForm {
        kind: "family".into(),
        title: "Семья Кузнецовых".into(),
        members: vec![
            member("Кузнецова Ольга Петровна", "1989-05-02", "applicant"),
            member("Кузнецов Артём Игоревич", "2013-09-14", "son"),
            member("Кузнецова Мария Игоревна", "2017-02-20", "daughter"),
        ],
        categories: vec!["large_family".into()],
        address: "г. Югорск, ул. Садовая, д. 12, кв. 4".into(),
        district: "d1".into(),
        phone: "+7 912 000-33-44".into(),
        consent: true,
        consent_date: today.to_string(),
        source: "personal".into(),
        detected_on: today.to_string(),
        ..Default::default()
    }
}

async fn open_case(db: &Db, by: &CurrentUser) -> String {
    let today = app::time::local_today(Utc::now());
    let calendar = repo::calendar(db).await.unwrap();
    let case = validate_case(&CaseForm { curator: by.id.clone(), ..large_family() }, today).unwrap();
    repo::create(db, by, &case, &calendar, Utc::now()).await.unwrap()
}

/// A step of a list as the browser sends it, with someone responsible.
fn step(map: &Value, step_id: &str, responsible: &CurrentUser) -> Value {
    let (situation, step) = map["content"]["situations"]
        .as_array()
        .unwrap()
        .iter()
        .find_map(|s| s["steps"].as_array().unwrap().iter().find(|st| st["id"] == step_id).map(|st| (s, st)))
        .expect("step in the list");
    json!({
        "key": format!("{step_id}-1"), "map": map["code"], "map_version": map["version"], "step": step_id,
        "situation": situation["title"], "title": step["title"], "content": step["content"],
        "documents": step["documents"], "help_kind": step["help_kind"], "partner_kind": step["partner_kind"],
        "duration_days": step["duration_days"], "responsible_id": responsible.id,
        "deadline": "2000-01-01", "status": "planned", "result": ""
    })
}

fn plan(activities: Vec<Value>) -> Value {
    let today = app::time::local_today(Utc::now()).format("%Y-%m-%d").to_string();
    json!({
        "diagnostic": { "findings": [{ "map": "children", "situation": "c-parenting",
            "title": "Нарушены детско-родительские отношения", "member": "Вся семья", "note": "Ссоры" }],
            "filled_on": today },
        "plan": { "members": ["Кузнецова Ольга Петровна", "Кузнецов Артём Игоревич"], "start_on": today,
            "term_until": "2027-06-30", "support_level": "basic", "reason": "Конфликты с сыном",
            "activities": activities }
    })
}

async fn save(app: &TestApp, cookie: &str, case: &str, version: i64, content: Value) -> Reply {
    let body = json!({ "case_id": case, "version": version, "content": content });
    app.call("/api/routes/save", ServerFnBody::Json(body), Some(cookie)).await
}

async fn get(app: &TestApp, cookie: &str, case: &str) -> Reply {
    app.call("/api/routes/get", ServerFnBody::Form(vec![("case_id", case.to_string())]), Some(cookie)).await
}

async fn mine(app: &TestApp, cookie: &str) -> Reply {
    app.call("/api/plans/mine", ServerFnBody::Form(vec![("all", "false".into())]), Some(cookie)).await
}

async fn record(app: &TestApp, cookie: &str, case: &str, key: &str, seen: Value, report: Value) -> Reply {
    let body = json!({ "case_id": case, "activity_key": key, "seen": seen, "report": report });
    app.call("/api/plans/result", ServerFnBody::Json(body), Some(cookie)).await
}

#[tokio::test]
async fn a_large_family_gets_its_plan_and_each_specialist_records_only_her_own_activity() {
    let db = database().await;
    let app = TestApp::new(db.clone()).await;
    let worker = user(&db, "worker", Role::Caseworker).await;
    let psy = user(&db, "psy", Role::Psychologist).await;
    let psy2 = user(&db, "psy2", Role::Psychologist).await;
    user(&db, "lawyer", Role::Lawyer).await;
    let case = open_case(&db, &worker).await;
    let cookie = app.login("worker").await;

    // The case plans from the typical activities of a family with children, as an ИПССС.
    let details = get(&app, &cookie, &case).await.json();
    assert_eq!(details["plan_kind"], "family");
    let list = details["maps"][0].clone();
    assert_eq!(list["code"], "children");

    // Three activities: the psychologist's diagnostics, the report to the КДН and ЗП with the
    // curator responsible, and one typed by hand for the second psychologist.
    let own = json!({ "key": "own-3", "step": "own", "situation": "Тревожность младшей дочери",
        "title": "Песочная терапия с дочерью", "help_kind": "psychological", "duration_days": 10,
        "responsible_id": psy2.id, "deadline": "2000-01-01", "status": "planned" });
    let mut bad = own.clone();
    bad["help_kind"] = json!("no-such-kind");
    let activities = vec![step(&list, "c-parenting-1", &psy), step(&list, "c-neglect-2", &worker), bad];
    let reply = save(&app, &cookie, &case, 0, plan(activities)).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", reply.body);
    assert!(reply.body.contains("выберите вид помощи из списка"), "{}", reply.body);
    let activities = vec![step(&list, "c-parenting-1", &psy), step(&list, "c-neglect-2", &worker), own];
    let reply = save(&app, &cookie, &case, 0, plan(activities)).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let saved = reply.json()["content"]["plan"]["activities"].clone();
    assert_eq!(saved[0]["responsible_name"], psy.full_name);
    assert_eq!(saved[2]["responsible_name"], psy2.full_name);
    assert!(saved[2]["deadline"].as_str().unwrap() > saved[1]["deadline"].as_str().unwrap());

    // The psychologist sees the case now, and her own activity in «Мои мероприятия».
    let psy_cookie = app.login("psy").await;
    assert_eq!(get(&app, &psy_cookie, &case).await.status, StatusCode::OK);
    let listed = mine(&app, &psy_cookie).await.json();
    let listed = listed.as_array().expect("a list");
    assert_eq!(listed.len(), 1, "{listed:?}");
    assert_eq!(listed[0]["activity"]["key"], "c-parenting-1-1");
    assert_eq!(listed[0]["case_title"], "Семья Кузнецовых");
    assert!(listed[0]["days_left"].as_i64().unwrap() >= 0);

    // Done without a result is refused at the field; with a result it is recorded.
    let planned = json!({ "status": "planned", "result": "" });
    let done = json!({ "status": "done", "result": "  Диагностика проведена, семья записана на занятия  " });
    let reply = record(
        &app,
        &psy_cookie,
        &case,
        "c-parenting-1-1",
        planned.clone(),
        json!({ "status": "done", "result": " " }),
    )
    .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", reply.body);
    assert!(reply.body.contains("Опишите результат"), "{}", reply.body);
    let reply = record(&app, &psy_cookie, &case, "c-parenting-1-1", planned.clone(), done.clone()).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let route = get(&app, &cookie, &case).await.json()["route"].clone();
    assert_eq!(route["version"], 2);
    assert_eq!(route["content"]["plan"]["activities"][0]["status"], "done");
    assert_eq!(route["content"]["plan"]["activities"][0]["result"], "Диагностика проведена, семья записана на занятия");
    // The same report sent again (a retry after a lost answer) changes nothing.
    let reply = record(&app, &psy_cookie, &case, "c-parenting-1-1", planned.clone(), done).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert_eq!(get(&app, &cookie, &case).await.json()["route"]["version"], 2);
    assert_eq!(mine(&app, &psy_cookie).await.json().as_array().map(Vec::len), Some(0), "done is not open");

    // Not hers: the curator's activity is refused by name.
    let reply = record(
        &app,
        &psy_cookie,
        &case,
        "c-neglect-2-1",
        planned.clone(),
        json!({ "status": "in_progress", "result": "" }),
    )
    .await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN, "{}", reply.body);
    assert!(reply.body.contains("только своих"), "{}", reply.body);

    // A lawyer with no activity in the plan does not see the case, nor any of its activities.
    let lawyer = app.login("lawyer").await;
    assert_eq!(get(&app, &lawyer, &case).await.status, StatusCode::NOT_FOUND);
    let reply =
        record(&app, &lawyer, &case, "c-parenting-1-1", planned.clone(), json!({ "status": "planned", "result": "" }))
            .await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND, "{}", reply.body);
    assert_eq!(mine(&app, &lawyer).await.json().as_array().map(Vec::len), Some(0));

    // The second psychologist answers a form opened before the curator changed her activity:
    // a conflict, and the stored result stays.
    let psy2_cookie = app.login("psy2").await;
    let started = json!({ "status": "in_progress", "result": "Первое занятие проведено" });
    assert_eq!(
        record(&app, &psy2_cookie, &case, "own-3", planned.clone(), started.clone()).await.status,
        StatusCode::OK
    );
    let reply = record(
        &app,
        &psy2_cookie,
        &case,
        "own-3",
        planned.clone(),
        json!({ "status": "not_achieved", "result": "Не пришли" }),
    )
    .await;
    assert_eq!(reply.status, StatusCode::CONFLICT, "{}", reply.body);
    let route = get(&app, &cookie, &case).await.json()["route"].clone();
    assert_eq!(route["content"]["plan"]["activities"][2]["result"], "Первое занятие проведено");

    // The curator records the result of any activity of her case.
    let reply =
        record(&app, &cookie, &case, "c-neglect-2-1", planned, json!({ "status": "in_progress", "result": "" })).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
}

#[tokio::test]
async fn a_psychologist_sees_on_her_board_only_the_cases_she_works_on() {
    let db = database().await;
    let app = TestApp::new(db.clone()).await;
    let worker = user(&db, "worker", Role::Caseworker).await;
    let psy = user(&db, "psy", Role::Psychologist).await;
    let hers = open_case(&db, &worker).await;
    let other = open_case(&db, &worker).await;
    let cookie = app.login("worker").await;
    let list = get(&app, &cookie, &hers).await.json()["maps"][0].clone();
    let reply = save(&app, &cookie, &hers, 0, plan(vec![step(&list, "c-parenting-2", &psy)])).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);

    // Her board counts and shows the case she works on and no other; so do the case rows.
    let psy_cookie = app.login("psy").await;
    let reply = app.call("/api/board/load", ServerFnBody::Json(json!({ "query": {} })), Some(&psy_cookie)).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let board = reply.json();
    let counted: u64 = board["columns"].as_array().unwrap().iter().filter_map(|c| c["count"].as_u64()).sum();
    assert_eq!(counted, 1, "{board}");
    let shown: Vec<&str> = board["cells"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|c| c["cards"].as_array().unwrap())
        .filter_map(|card| card["id"].as_str())
        .collect();
    assert_eq!(shown, [hers.as_str()]);
    assert!(repo::row(&db, &hers).await.unwrap().unwrap().visible_to(&psy));
    assert!(!repo::row(&db, &other).await.unwrap().unwrap().visible_to(&psy));
}
