//! The quarterly monitoring of the support of families with children through the server: the
//! families whose ИПССС was concluded in the quarter are listed to ask, a caseworker records a
//! family's answers (checked against the questions, a second save from another tablet refused),
//! the head's questionnaire keeps the questions as they were asked, and a submitted monitoring
//! stays as submitted when answers change.

use app::auth::Role;
use app::db::Db;
use app::plans::types::{Activity, ActivityStatus, RouteContent};
use http::StatusCode;
use opora_tests::{
    counted_now as current, database, family_form, open_case, report_row as row, report_table as table, sheet_rows,
    user, ServerFnBody, TestApp,
};
use serde_json::{json, Value};

/// A family case of district 1 with its ИПССС: started 90 days ago, on `level`, concluded today
/// with `outcome` when given.
async fn family_with_plan(db: &Db, head: &app::auth::CurrentUser, title: &str, level: &str, outcome: &str) -> String {
    let case = open_case(db, head, &family_form(title, "d1", "")).await;
    let today = app::time::local_today(chrono::Utc::now());
    let mut content = RouteContent::default();
    content.plan.start_on = (today - chrono::Duration::days(90)).to_string();
    content.plan.support_level = level.into();
    let mut step = Activity::own("a1".into(), "Детский сад", "Устройство ребёнка в детский сад", "social", 10);
    step.status = ActivityStatus::Done;
    step.result = "Ребёнок посещает группу".into();
    step.deadline = today.to_string();
    content.plan.activities.push(step);
    content.plan.outcome = outcome.into();
    app::plans::types::date_conclusion(&mut content.plan, today);
    app::plans::repo::save(db, head, &case, 0, &content, chrono::Utc::now()).await.expect("plan saved");
    case
}

async fn monitoring(app: &TestApp, cookie: &str, quarter: &str) -> Value {
    let reply =
        app.call("/api/reports/monitoring", ServerFnBody::Form(vec![("quarter", quarter.into())]), Some(cookie)).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    reply.json()
}

async fn answer(
    app: &TestApp,
    cookie: &str,
    case: &str,
    quarter: &str,
    way: &str,
    satisfied: &str,
    seen: i64,
) -> opora_tests::Reply {
    app.call(
        "/api/reports/monitoring/survey_save",
        ServerFnBody::Json(json!({ "form": {
            "case_id": case, "quarter": quarter, "way": way, "respondent": "мать, Иванова И. О.",
            "answers": [
                { "question": "q1", "text": "", "value": satisfied },
                { "question": "q2", "text": "", "value": "Значительно улучшилась" },
                { "question": "q3", "text": "", "value": "Да, все" },
                { "question": "q4", "text": "", "value": "Да" },
                { "question": "q5", "text": "", "value": "Психолог и детский сад" }
            ],
            "seen_version": seen
        } })),
        Some(cookie),
    )
    .await
}

#[tokio::test]
async fn families_that_concluded_their_plan_are_asked_and_the_submitted_monitoring_stays_as_it_was() {
    let db = database().await;
    let head = user(&db, "head", Role::Supervisor).await;
    user(&db, "worker", Role::Caseworker).await;
    let done = family_with_plan(&db, &head, "Семья Завершенских", "crisis", "completed").await;
    family_with_plan(&db, &head, "Семья Продолжаевых", "basic", "").await;
    let app = TestApp::new(db.clone()).await;
    let cookie = app.login("head").await;
    let worker = app.login("worker").await;
    let quarter = app::periods::Quarter::of(app::time::local_today(chrono::Utc::now())).code();

    // The concluded family is to be asked; both are on support in the quarter.
    let page = monitoring(&app, &cookie, &quarter).await;
    let survey = table(current(&page["live"]), "survey");
    assert_eq!(row(survey, "Семей, завершивших ИПССС в квартале"), ["0", "1", "0", "1"]);
    assert_eq!(row(survey, "Ещё не опрошены"), ["0", "1", "0", "1"]);
    let indicators = table(current(&page["live"]), "indicators");
    assert_eq!(
        row(indicators, "Семей на социальном сопровождении (ИПССС действовала в квартале)"),
        ["0", "1", "1", "2"]
    );
    assert_eq!(row(indicators, "— цели достигнуты, сопровождение завершено"), ["0", "1", "0", "1"]);
    assert_eq!(row(indicators, "Средняя продолжительность завершённой ИПССС, дней")[3], "90");
    assert_eq!(page["to_ask"][0]["case_id"], done.as_str());
    assert_eq!(page["to_ask"][0]["asked"], false);

    // The caseworker opens the questionnaire of the family: the quarter of its conclusion.
    let form = app
        .call("/api/reports/monitoring/survey", ServerFnBody::Form(vec![("case_id", done.clone())]), Some(&worker))
        .await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.body);
    let form = form.json();
    assert_eq!(form["quarter"], quarter.as_str());
    assert_eq!(form["questions"].as_array().expect("questions").len(), 6);

    // An answer not among the options is refused at its question; a good one is version 1, and a
    // second tablet that did not see it is told so.
    let bad = answer(&app, &worker, &done, &quarter, "phone", "Отлично", 0).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", bad.body);
    assert!(bad.body.contains("answers.q1"), "{}", bad.body);
    let saved = answer(&app, &worker, &done, &quarter, "phone", "Полностью удовлетворены", 0).await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.body);
    assert_eq!(saved.json(), 1);
    let stale = answer(&app, &worker, &done, &quarter, "visit", "Скорее удовлетворены", 0).await;
    assert_eq!(stale.status, StatusCode::CONFLICT, "{}", stale.body);

    // Counted: asked by phone, the answer in its question's table, the free answer listed.
    let page = monitoring(&app, &cookie, &quarter).await;
    assert_eq!(row(table(current(&page["live"]), "survey"), "Опрошено по телефону"), ["0", "1", "0", "1"]);
    assert_eq!(row(table(current(&page["live"]), "answers-q1"), "Полностью удовлетворены"), ["0", "1", "0", "1"]);
    assert_eq!(row(table(current(&page["live"]), "answers-q5"), "Психолог и детский сад"), ["Кризисный"]);
    assert_eq!(page["to_ask"][0]["asked"], true);

    // Submitted; a later answer changes the live count, not the submitted version.
    let submitted = app
        .call(
            "/api/reports/submit",
            ServerFnBody::Json(json!({ "form": {
                "kind": "monitoring_quarterly", "period": quarter, "reason": "", "seen_version": 0,
                "manual": [{ "label": "Специалистов, прошедших обучение", "value": "2", "note": "приказ об обучении" }]
            } })),
            Some(&cookie),
        )
        .await;
    assert_eq!(submitted.status, StatusCode::OK, "{}", submitted.body);
    let changed = answer(&app, &worker, &done, &quarter, "visit", "Скорее удовлетворены", 1).await;
    assert_eq!(changed.status, StatusCode::OK, "{}", changed.body);
    let page = monitoring(&app, &cookie, &quarter).await;
    assert_eq!(row(table(current(&page["live"]), "survey"), "Опрошено на визите"), ["0", "1", "0", "1"]);
    let kept = &page["submissions"][0]["report"];
    assert_eq!(row(table(kept, "survey"), "Опрошено по телефону"), ["0", "1", "0", "1"]);
    assert_eq!(row(table(kept, "answers-q1"), "Полностью удовлетворены"), ["0", "1", "0", "1"]);
    assert!(page["due_words"].as_str().unwrap_or_default().starts_with("сдан"), "{}", page["due_words"]);

    // The workbook of the submitted version has the page's rows.
    let xlsx = app.get(&format!("/reports/monitoring.xlsx?quarter={quarter}&version=1"), Some(&cookie)).await;
    assert_eq!(xlsx.status, StatusCode::OK);
    let rows = sheet_rows(&xlsx.bytes, "Мониторинг");
    assert!(rows[1][0].starts_with("Мониторинг оценки эффективности"), "{:?}", rows[1]);
    let asked = rows.iter().find(|r| r[0] == "Опрошено по телефону").expect("row");
    assert_eq!(&asked[1..5], ["0", "1", "0", "1"]);

    // The list of reports has the quarter as submitted.
    let list = app.call("/api/reports/list", ServerFnBody::Form(vec![]), Some(&cookie)).await.json();
    assert!(list["submitted"]
        .as_array()
        .expect("submitted")
        .iter()
        .any(|r| r["href"].as_str().unwrap_or_default().ends_with(&format!("monitoring?quarter={quarter}"))));
    opora_tests::assert_no_server_panic();
}

#[tokio::test]
async fn the_questionnaire_is_the_heads_and_answers_keep_the_questions_as_asked() {
    let db = database().await;
    let head = user(&db, "head", Role::Supervisor).await;
    user(&db, "worker", Role::Caseworker).await;
    let done = family_with_plan(&db, &head, "Семья Опросовых", "basic", "stopped").await;
    let app = TestApp::new(db.clone()).await;
    let cookie = app.login("head").await;
    let worker = app.login("worker").await;
    let quarter = app::periods::Quarter::of(app::time::local_today(chrono::Utc::now())).code();
    assert_eq!(answer(&app, &worker, &done, &quarter, "phone", "Не удовлетворены", 0).await.status, StatusCode::OK);

    let list = app.call("/api/reports/monitoring/questions", ServerFnBody::Form(vec![]), Some(&cookie)).await;
    assert_eq!(list.status, StatusCode::OK, "{}", list.body);
    let list = list.json();
    let mut questions = list["questions"].as_array().expect("questions").clone();
    let asked_before = questions[0]["text"].as_str().expect("text").to_string();
    questions[0]["text"] = json!("Оцените, пожалуйста, помощь отделения");
    questions.push(json!({ "id": "", "text": "Нужна ли семье помощь сейчас?", "kind": "choice", "options": ["Да", ""], "active": true }));
    let save = |questions: Vec<Value>, version: i64| {
        app.call(
            "/api/reports/monitoring/questions_save",
            ServerFnBody::Json(json!({ "questions": questions, "version": version })),
            Some(&cookie),
        )
    };
    // A choice needs two options: refused at the new question's field.
    let refused = save(questions.clone(), 1).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", refused.body);
    assert!(refused.body.contains("questions.6.options"), "{}", refused.body);
    questions[6]["options"] = json!(["Да", "Нет"]);
    let saved = save(questions.clone(), 1).await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.body);
    assert_eq!(saved.json(), 2);
    assert_eq!(save(questions.clone(), 1).await.status, StatusCode::CONFLICT);
    // The caseworker answers but does not edit the questions.
    let theirs = app
        .call(
            "/api/reports/monitoring/questions_save",
            ServerFnBody::Json(json!({ "questions": questions, "version": 2 })),
            Some(&worker),
        )
        .await;
    assert_eq!(theirs.status, StatusCode::FORBIDDEN);

    // The new question got its id; the answer given before keeps the wording it was asked in.
    let now = app.call("/api/reports/monitoring/questions", ServerFnBody::Form(vec![]), Some(&cookie)).await.json();
    assert_eq!(now["questions"][6]["id"], "q7");
    let form = app
        .call("/api/reports/monitoring/survey", ServerFnBody::Form(vec![("case_id", done.clone())]), Some(&worker))
        .await
        .json();
    assert_eq!(form["survey"]["answers"][0]["text"], asked_before.as_str());
    assert_eq!(form["questions"][0]["text"], "Оцените, пожалуйста, помощь отделения");
    opora_tests::assert_no_server_panic();
}
