//! The social consilium against a real (in-memory) SurrealDB through the server functions: the
//! agenda finds the family whose plan is about to run out, the card says so in working days, the
//! protocol is checked at its fields and numbered without gaps when two are registered at once,
//! holding it puts the decision on the case's history and in the plan's journal of control and
//! moves the plan's term — once, and only for the head of the department.

use app::auth::{CurrentUser, Role};
use app::cases::repo;
use app::cases::types::{CaseForm, MemberForm};
use app::cases::validate::validate_case;
use app::db::Db;
use chrono::{Datelike, Duration, Utc};
use http::StatusCode;
use opora_tests::{database, user, Reply, ServerFnBody, TestApp};
use serde_json::{json, Value};

async fn open_family(db: &Db, by: &CurrentUser, title: &str) -> String {
    let today = app::time::local_today(Utc::now());
    let member = |name: &str, born: &str, relation: &str| MemberForm {
        full_name: name.into(),
        birth_date: born.into(),
        relation: relation.into(),
        categories: vec![],
    };
    let form = CaseForm {
        kind: "family".into(),
        title: title.into(),
        members: vec![
            member("Лаптева Ирина Сергеевна", "1990-03-12", "applicant"),
            member("Лаптев Денис Олегович", "2014-11-02", "son"),
        ],
        categories: vec!["large_family".into()],
        address: "г. Югорск, ул. Ленина, д. 20, кв. 7".into(),
        district: "d1".into(),
        phone: "+7 912 000-77-88".into(),
        consent: true,
        consent_date: today.to_string(),
        source: "personal".into(),
        detected_on: today.to_string(),
        curator: by.id.clone(),
        ..Default::default()
    };
    let case = validate_case(&form, today).unwrap();
    repo::create(db, by, &case, &repo::calendar(db).await.unwrap(), Utc::now()).await.unwrap()
}

/// A plan with one activity typed by hand, ending `term_until`.
async fn plan_until(app: &TestApp, cookie: &str, case: &str, term_until: chrono::NaiveDate) {
    let today = app::time::local_today(Utc::now());
    let content = json!({
        "diagnostic": { "findings": [], "filled_on": today.to_string() },
        "plan": { "members": ["Лаптева Ирина Сергеевна"], "start_on": today.to_string(),
            "term_until": term_until.to_string(), "support_level": "basic", "reason": "Долги по оплате ЖКУ",
            "activities": [{ "key": "own-1", "step": "own", "situation": "Долги по ЖКУ",
                "title": "Реструктуризация долга", "help_kind": "legal", "duration_days": 5,
                "deadline": "2000-01-01", "status": "planned" }] }
    });
    let body = json!({ "case_id": case, "version": 0, "content": content });
    let reply = app.call("/api/routes/save", ServerFnBody::Json(body), Some(cookie)).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
}

async fn call(app: &TestApp, cookie: &str, what: &str, body: Value) -> Reply {
    app.call(&format!("/api/consilium/{what}"), ServerFnBody::Json(body), Some(cookie)).await
}

fn protocol(held_on: &str, cases: Value) -> Value {
    json!({
        "held_on": held_on, "chair": "Заведующий отделением Сидорова Елена Викторовна",
        "present": ["Психолог Кузнецова Ольга Андреевна", "Юрисконсульт Белов Игорь Петрович"],
        "cases": cases
    })
}

#[tokio::test]
async fn a_consilium_extends_the_plan_that_runs_out_and_records_it_on_the_case() {
    let db = database().await;
    let app = TestApp::new(db.clone()).await;
    let worker = user(&db, "worker", Role::Caseworker).await;
    user(&db, "chief", Role::Supervisor).await;
    let case = open_family(&db, &worker, "Семья Лаптевых").await;
    let quiet = open_family(&db, &worker, "Семья Орловых").await;
    let cookie = app.login("worker").await;
    let today = app::time::local_today(Utc::now());
    let calendar = repo::calendar(&db).await.unwrap();
    let term = calendar.add_working_days(today, 3);
    plan_until(&app, &cookie, &case, term).await;
    plan_until(&app, &cookie, &quiet, today + Duration::days(200)).await;

    // The card and the case page count the plan's end in working days.
    let card = repo::card(&db, &case, &calendar, today).await.unwrap().unwrap();
    let progress = card.route.expect("the plan's progress");
    assert_eq!(progress.until, Some(term));
    assert_eq!(progress.term_text().as_deref(), Some("план заканчивается через 3 р. д."));
    let page = repo::row(&db, &case).await.unwrap().unwrap().into_case(&calendar, today);
    assert_eq!(page.plan.and_then(|p| p.until_left), Some(3));

    // Only the head of the department prepares the consilium.
    assert_eq!(
        app.call("/api/consilium/list", ServerFnBody::Form(vec![]), Some(&cookie)).await.status,
        StatusCode::FORBIDDEN
    );
    let chief = app.login("chief").await;
    let reply = app.call("/api/consilium/list", ServerFnBody::Form(vec![]), Some(&chief)).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let agenda = reply.json()[1].clone();
    let agenda = agenda.as_array().unwrap();
    assert_eq!(agenda.len(), 1, "only the plan that runs out: {agenda:?}");
    assert_eq!(agenda[0]["case_id"], case.as_str());
    assert_eq!(agenda[0]["term_left"], 3);

    // A protocol without its members and cases is refused at the fields.
    let empty = json!({ "held_on": "", "chair": " ", "present": ["Один"], "cases": [] });
    let reply = call(&app, &chief, "save", json!({ "id": null, "version": 0, "content": empty })).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", reply.body);
    for message in ["Дата заседания", "председателя", "не меньше двух специалистов", "Добавьте случаи"]
    {
        assert!(reply.body.contains(message), "{message}: {}", reply.body);
    }

    // An extension must move the term forward.
    let considered = |until: &str| {
        json!([{ "case_id": case, "case_number": card.number, "case_title": "Семья Лаптевых",
            "reason": "план заканчивается через 3 р. д.", "term_until": term.to_string(),
            "decision": "extend", "extend_until": until, "text": "Долг реструктурирован частично" }])
    };
    let held_on = today.to_string();
    let reply = call(
        &app,
        &chief,
        "save",
        json!({ "id": null, "version": 0, "content": protocol(&held_on, considered(&term.to_string())) }),
    )
    .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", reply.body);
    assert!(reply.body.contains("позже нынешнего срока плана"), "{}", reply.body);

    let extended = term + Duration::days(90);
    let good = protocol(&held_on, considered(&extended.to_string()));
    let reply = call(&app, &chief, "save", json!({ "id": null, "version": 0, "content": good.clone() })).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let saved = reply.json();
    assert_eq!(saved["number"], 1);
    assert_eq!(saved["status"], "draft");
    let id = saved["id"].as_str().unwrap().to_string();

    // Holding a protocol someone changed meanwhile is refused; the current one is held.
    let stale = call(&app, &chief, "hold", json!({ "id": id, "version": 0, "content": good.clone() })).await;
    assert_eq!(stale.status, StatusCode::CONFLICT, "{}", stale.body);
    let reply = call(&app, &chief, "hold", json!({ "id": id, "version": 1, "content": good.clone() })).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert_eq!(reply.json()["status"], "held");
    let again = call(&app, &chief, "hold", json!({ "id": id, "version": 2, "content": good.clone() })).await;
    assert_eq!(again.status, StatusCode::CONFLICT, "{}", again.body);
    assert!(again.body.contains("уже проведено"), "{}", again.body);

    // The decision is on the case's history and in the plan's journal; the term has moved, and
    // the case has left the agenda.
    let history = repo::history(&db, &case).await.unwrap();
    let line = history.iter().find(|e| e.kind == "consilium").expect("the consilium's line");
    let detail = line.detail.clone().unwrap_or_default();
    assert!(detail.contains(&format!("протокол № 1/{}", today.year())), "{detail}");
    assert!(detail.contains(&format!("Продлить срок плана до {}", app::time::format_naive_date(extended))), "{detail}");
    let route = app::plans::repo::get(&db, &case).await.unwrap().unwrap();
    assert_eq!(route.content.plan.term_until, extended.to_string());
    let control = route.content.plan.controls.last().expect("a line of control");
    assert!(control.text.starts_with("Социальный консилиум, протокол № 1/"), "{}", control.text);
    let card = repo::card(&db, &case, &calendar, today).await.unwrap().unwrap();
    assert_eq!(card.route.and_then(|p| p.term_text()), None);
    let reply = app.call("/api/consilium/list", ServerFnBody::Form(vec![]), Some(&chief)).await;
    assert_eq!(reply.json()[1].as_array().map(Vec::len), Some(0));
    assert_eq!(reply.json()[0][0]["status"], "held");
}

#[tokio::test]
async fn protocols_are_numbered_without_gaps_and_an_extension_needs_a_plan() {
    let db = database().await;
    let app = TestApp::new(db.clone()).await;
    let worker = user(&db, "worker", Role::Caseworker).await;
    user(&db, "chief", Role::Supervisor).await;
    let case = open_family(&db, &worker, "Семья Лаптевых").await;
    let chief = app.login("chief").await;
    let held_on = app::time::local_today(Utc::now()).to_string();
    let continued = json!([{ "case_id": case, "case_number": "0001", "case_title": "Семья Лаптевых",
        "decision": "continue", "text": "" }]);
    let body = json!({ "id": null, "version": 0, "content": protocol(&held_on, continued) });
    let saves = (0..4).map(|_| call(&app, &chief, "save", body.clone()));
    let mut numbers: Vec<i64> = futures::future::join_all(saves)
        .await
        .into_iter()
        .map(|r| {
            assert_eq!(r.status, StatusCode::OK, "{}", r.body);
            r.json()["number"].as_i64().unwrap()
        })
        .collect();
    numbers.sort_unstable();
    assert_eq!(numbers, [1, 2, 3, 4]);

    // The case has no plan: an extension cannot be held.
    let extend = json!([{ "case_id": case, "case_number": "0001", "case_title": "Семья Лаптевых",
        "decision": "extend", "extend_until": "2099-01-01", "text": "" }]);
    let content = protocol(&held_on, extend);
    let reply = call(&app, &chief, "save", json!({ "id": null, "version": 0, "content": content.clone() })).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let id = reply.json()["id"].as_str().unwrap().to_string();
    let reply = call(&app, &chief, "hold", json!({ "id": id, "version": 1, "content": content })).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", reply.body);
    assert!(reply.body.contains("нет плана сопровождения"), "{}", reply.body);
    assert!(repo::history(&db, &case).await.unwrap().iter().all(|e| e.kind != "consilium"));
}
