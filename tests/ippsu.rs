//! The ИППСУ and the contract against a real (in-memory) SurrealDB through the server functions: the
//! caseworker's proposals checked at the fields, the supervisor's approval by the commission's
//! decision that becomes the case's plan approval, a correction only with its reason, every
//! version kept, and the conclusion without which a case is not closed after evaluation.

use app::auth::{CurrentUser, Role};
use app::cases::repo;
use app::cases::repo::MoveOrder;
use app::cases::types::{CaseForm, MemberForm, Stage};
use app::cases::validate::validate_case;
use app::db::Db;
use chrono::Utc;
use http::StatusCode;
use opora_tests::{database, user, Reply, ServerFnBody, TestApp};
use serde_json::{json, Value};

async fn open_case(db: &Db, by: &CurrentUser) -> String {
    let today = app::time::local_today(Utc::now());
    let form = CaseForm {
        kind: "citizen".into(),
        title: "Соколова Нина Петровна".into(),
        members: vec![MemberForm {
            full_name: "Соколова Нина Петровна".into(),
            birth_date: "1948-02-11".into(),
            relation: "applicant".into(),
            categories: vec![],
        }],
        categories: vec!["elderly".into()],
        address: "г. Югорск, ул. Садовая, д. 3, кв. 9".into(),
        district: "d1".into(),
        phone: "+7 912 000-55-66".into(),
        consent: true,
        consent_date: today.to_string(),
        source: "personal".into(),
        detected_on: today.to_string(),
        need_recognised_on: today.to_string(),
        curator: by.id.clone(),
        ..Default::default()
    };
    let case = validate_case(&form, today).unwrap();
    repo::create(db, by, &case, &repo::calendar(db).await.unwrap(), Utc::now()).await.unwrap()
}

fn programme() -> Value {
    json!({
        "recipient": "Соколова Нина Петровна", "forms": ["home"], "valid_until": "2027-12-31",
        "services": [{ "key": "s-1", "kind": "household", "name": "Покупка и доставка на дом продуктов питания",
            "volume": "1 услуга (до 7 кг)", "periodicity": "2 раза в неделю", "conditions": "На дому" }],
        "measures": [{ "key": "m-2", "area": "medical", "content": "Содействие в записи к терапевту" }]
    })
}

async fn call(app: &TestApp, cookie: &str, what: &str, body: Value) -> Reply {
    app.call(&format!("/api/ippsu/{what}"), ServerFnBody::Json(body), Some(cookie)).await
}

async fn move_to(db: &Db, by: &CurrentUser, id: &str, stage: Stage) -> Result<(), app::error::AppError> {
    let current = repo::visible_row(db, by, id).await?;
    let calendar = repo::calendar(db).await?;
    let order = MoveOrder { version: current.version(), to_stage: stage, to_curator: None, comment: "Итог".into() };
    repo::move_case(db, by, &current, &order, &calendar, Utc::now()).await
}

#[tokio::test]
async fn proposals_approval_correction_and_conclusion_of_the_ippsu() {
    let db = database().await;
    let app = TestApp::new(db.clone()).await;
    let worker = user(&db, "worker", Role::Caseworker).await;
    let chief = user(&db, "chief", Role::Supervisor).await;
    let case = open_case(&db, &worker).await;
    let cookie = app.login("worker").await;
    let boss = app.login("chief").await;

    // A blank programme for the citizen, and the clock of the proposals.
    let reply = app.call("/api/ippsu/get", ServerFnBody::Form(vec![("case_id", case.clone())]), Some(&cookie)).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let details = reply.json();
    assert_eq!(details["blank"]["recipient"], "Соколова Нина Петровна");
    assert_eq!(details["proposals_clock"]["kind"], "proposals");
    assert_eq!(details["can_approve"], false);

    // A service without its volume is refused at its field.
    let mut bad = programme();
    bad["services"][0]["volume"] = json!(" ");
    let reply =
        call(&app, &cookie, "save", json!({ "case_id": case, "version": 0, "content": bad, "reason": "" })).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", reply.body);
    assert!(reply.body.contains("Услуга 1: укажите объём"), "{}", reply.body);
    let reply =
        call(&app, &cookie, "save", json!({ "case_id": case, "version": 0, "content": programme(), "reason": "" }))
            .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert_eq!(reply.json()["ippsu"]["status"], "draft");
    assert_eq!(reply.json()["ippsu"]["content"]["services"][0]["provider_name"], "КЦСОН (наше учреждение)");

    // Only a supervisor approves, by a decision dated today or earlier with its number.
    let approve = |on: &str, number: &str| json!({ "case_id": case, "version": 1, "content": programme(), "decision_on": on, "decision_number": number });
    let today = app::time::local_today(Utc::now());
    let reply = call(&app, &cookie, "approve", approve(&today.to_string(), "12-к")).await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN, "{}", reply.body);
    let tomorrow = (today + chrono::Duration::days(1)).to_string();
    let reply = call(&app, &boss, "approve", approve(&tomorrow, "")).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", reply.body);
    assert!(reply.body.contains("Укажите номер решения комиссии"), "{}", reply.body);
    assert!(reply.body.contains("не может быть позже сегодняшней"), "{}", reply.body);
    let reply = call(&app, &boss, "approve", approve(&today.to_string(), "12-к")).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert_eq!(reply.json()["ippsu"]["approval"]["number"], "12-к");
    // The case's plan is approved on the decision's day, and its history says by what.
    let row = repo::row(&db, &case).await.unwrap().unwrap();
    assert_eq!(row.plan_approved_on(), Some(today));
    let history = repo::history(&db, &case).await.unwrap();
    assert!(history.iter().any(|e| e.detail.as_deref().is_some_and(|d| d.contains("№ 12-к"))), "{history:?}");
    // Approved once: a second approval is a conflict.
    let reply = call(
        &app,
        &boss,
        "approve",
        json!({ "case_id": case, "version": 2, "content": programme(),
        "decision_on": today.to_string(), "decision_number": "13-к" }),
    )
    .await;
    assert_eq!(reply.status, StatusCode::CONFLICT, "{}", reply.body);
    // The server stopped between the programme's write and the case's: approving again
    // completes the case's approval from the stored decision, and changes nothing else.
    db.query("UPDATE $case SET plan_approved_on = NONE")
        .bind(("case", surrealdb::types::RecordId::new("case_file", case.clone())))
        .await
        .unwrap()
        .check()
        .unwrap();
    let reply = call(&app, &boss, "approve", approve(&today.to_string(), "14-к")).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert_eq!(reply.json()["ippsu"]["approval"]["number"], "12-к");
    assert_eq!(repo::row(&db, &case).await.unwrap().unwrap().plan_approved_on(), Some(today));

    // A correction names its reason; every version is kept.
    let mut corrected = programme();
    corrected["services"][0]["periodicity"] = json!("3 раза в неделю");
    let save = |reason: &str, version: i64| json!({ "case_id": case, "version": version, "content": corrected.clone(), "reason": reason });
    let reply = call(&app, &cookie, "save", save(" ", 2)).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", reply.body);
    assert!(reply.body.contains("укажите причину корректировки"), "{}", reply.body);
    let reply = call(&app, &cookie, "save", save("Ухудшилось здоровье", 2)).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let notes: Vec<String> = reply.json()["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["note"].as_str().unwrap_or_default().to_string())
        .collect();
    assert_eq!(notes.len(), 3);
    assert_eq!(notes[0], "Корректировка: Ухудшилось здоровье");
    assert!(notes[1].starts_with("Утверждена решением комиссии № 12-к"));
    // Saving from an old version is a conflict, and nothing is lost.
    let reply = call(&app, &cookie, "save", save("Ещё раз", 2)).await;
    assert_eq!(reply.status, StatusCode::CONFLICT, "{}", reply.body);

    // Through the stages to evaluation: the case is not closed without a conclusion.
    for stage in [Stage::Intake, Stage::Assessment, Stage::Plan, Stage::Implementation, Stage::Evaluation] {
        move_to(&db, &worker, &case, stage).await.unwrap_or_else(|e| panic!("{stage:?}: {e}"));
    }
    let refused = move_to(&db, &chief, &case, Stage::Closed).await.unwrap_err();
    let reasons = refused.messages().join("; ");
    assert!(reasons.contains("заполните заключение"), "{reasons}");
    let reply = call(&app, &cookie, "complete", json!({ "case_id": case, "version": 3, "content": corrected })).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", reply.body);
    assert!(reply.body.contains("Заполните заключение о выполнении ИППСУ"), "{}", reply.body);
    let mut concluded = corrected.clone();
    concluded["conclusion"] = json!("Услуги предоставлены в полном объёме");
    let reply = call(&app, &cookie, "complete", json!({ "case_id": case, "version": 3, "content": concluded })).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert_eq!(reply.json()["ippsu"]["status"], "completed");
    move_to(&db, &chief, &case, Stage::Closed).await.expect("closed with the conclusion");

    // Someone who does not see the case does not see its programme.
    user(&db, "other", Role::Lawyer).await;
    let other = app.login("other").await;
    let reply = app.call("/api/ippsu/get", ServerFnBody::Form(vec![("case_id", case.clone())]), Some(&other)).await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND, "{}", reply.body);
}

#[tokio::test]
async fn a_contract_is_numbered_signed_and_terminated_with_its_reason() {
    let db = database().await;
    let app = TestApp::new(db.clone()).await;
    let worker = user(&db, "worker", Role::Caseworker).await;
    let first = open_case(&db, &worker).await;
    let second = open_case(&db, &worker).await;
    let cookie = app.login("worker").await;
    let get = |case: &str| {
        app.call("/api/contracts/get", ServerFnBody::Form(vec![("case_id", case.to_string())]), Some(&cookie))
    };
    let details = get(&first).await.json();
    let blank = details["blank"].clone();
    assert_eq!(blank["customer"], "Соколова Нина Петровна");
    assert_eq!(blank["members"][0]["full_name"], "Соколова Нина Петровна");

    // Nobody named as executor: refused at the field.
    let mut bad = blank.clone();
    bad["executor"] = json!(" ");
    let save = |case: &str, version: i64, content: Value| {
        app.call(
            "/api/contracts/save",
            ServerFnBody::Json(json!({ "case_id": case, "version": version, "content": content })),
            Some(&cookie),
        )
    };
    let reply = save(&first, 0, bad).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", reply.body);
    assert!(reply.body.contains("Укажите исполнителя"), "{}", reply.body);
    // Two contracts get consecutive numbers of the year.
    let a = save(&first, 0, blank.clone()).await.json();
    let b = save(&second, 0, get(&second).await.json()["blank"].clone()).await.json();
    assert_eq!(b["number"].as_i64(), a["number"].as_i64().map(|n| n + 1), "{a} {b}");
    // A second contract of the same case is a conflict.
    assert_eq!(save(&first, 0, blank.clone()).await.status, StatusCode::CONFLICT);

    let status = |version: i64, to: &str, on: &str, reason: &str| {
        app.call(
            "/api/contracts/status",
            ServerFnBody::Json(json!({ "case_id": first, "version": version, "to": to, "on": on, "reason": reason })),
            Some(&cookie),
        )
    };
    let today = app::time::local_today(Utc::now()).to_string();
    // A draft is not terminated; it is signed today.
    assert_eq!(status(1, "terminated", &today, "Переезд").await.status, StatusCode::UNPROCESSABLE_ENTITY);
    let signed = status(1, "signed", &today, "").await;
    assert_eq!(signed.status, StatusCode::OK, "{}", signed.body);
    assert_eq!(signed.json()["status"], "signed");
    // A signed contract is not edited; it is terminated with its reason.
    let reply = save(&first, 2, blank).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", reply.body);
    assert!(reply.body.contains("Подписанный договор не изменяется"), "{}", reply.body);
    let reply = status(2, "terminated", &today, " ").await;
    assert!(reply.body.contains("Укажите причину расторжения"), "{}", reply.body);
    let ended = status(2, "terminated", &today, "Семья переехала в г. Советский").await;
    assert_eq!(ended.status, StatusCode::OK, "{}", ended.body);
    assert_eq!(ended.json()["termination_reason"], "Семья переехала в г. Советский");
}
