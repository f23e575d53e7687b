//! The monthly СВО report through the server: counted from the cases and routes, submitted by
//! the head as a frozen version that later changes to the data do not alter, a correction as a
//! new version with its reason, a submission after someone else's refused, the workbook with the
//! page's rows, and rights; the dashboard and the workload of the specialists.

use app::auth::Role;
use app::db::Db;
use app::plans::types::{Activity, ActivityStatus, Finding, RouteContent};
use http::StatusCode;
use opora_tests::{
    counted_now as current, database, family_form, open_case, report_row as row, report_table as table, sheet_rows,
    user, ServerFnBody, TestApp,
};
use serde_json::{json, Value};

async fn svo_family(db: &Db, by: &app::auth::CurrentUser, title: &str) -> String {
    let mut form = family_form(title, "d1", "");
    form.categories = vec!["svo_participant".into(), "svo_family".into()];
    form.members[0].categories = vec!["svo_participant".into()];
    form.members.push(app::cases::types::MemberForm {
        full_name: "Сидорова Мария Петровна".into(),
        birth_date: "1992-03-04".into(),
        relation: "spouse".into(),
        categories: vec![],
    });
    open_case(db, by, &form).await
}

async fn give_route(db: &Db, by: &app::auth::CurrentUser, case: &str) {
    let mut content = RouteContent::default();
    content.diagnostic.findings.push(Finding {
        map: "participant".into(),
        situation: "s1".into(),
        title: "Установление инвалидности".into(),
        member: "Вся семья".into(),
        note: String::new(),
    });
    let mut step = Activity::own("a1".into(), "Инвалидность", "Направление на МСЭ", "medical", 10);
    step.status = ActivityStatus::Done;
    step.partner_name = "Бюро МСЭ № 5".into();
    step.deadline = app::time::local_today(chrono::Utc::now()).to_string();
    content.plan.activities.push(step);
    write_route(db, by, case, &content).await;
}

/// Saves a case's route as the plan tab does: the case keeps its progress and who answers for
/// its activities.
async fn write_route(db: &Db, by: &app::auth::CurrentUser, case: &str, content: &RouteContent) {
    app::plans::repo::save(db, by, case, 0, content, chrono::Utc::now()).await.expect("route saved");
}

async fn page(app: &TestApp, cookie: &str, month: &str) -> Value {
    let reply = app.call("/api/reports/svo", ServerFnBody::Form(vec![("month", month.into())]), Some(cookie)).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    reply.json()
}

async fn submit(app: &TestApp, cookie: &str, month: &str, seen: i64, reason: &str, club: &str) -> opora_tests::Reply {
    let manual: Vec<Value> = app::reports::types::MANUAL_LINES
        .iter()
        .enumerate()
        .map(|(i, l)| {
            if i == 0 {
                json!({ "label": l, "value": club, "note": "журнал клуба семей" })
            } else {
                json!({ "label": l, "value": "", "note": "" })
            }
        })
        .collect();
    app.call(
        "/api/reports/submit",
        ServerFnBody::Json(json!({ "form": {
            "kind": "svo_monthly", "period": month, "manual": manual, "reason": reason, "seen_version": seen
        } })),
        Some(cookie),
    )
    .await
}

#[tokio::test]
async fn a_submitted_report_stays_as_submitted_and_a_correction_is_a_new_version() {
    let db = database().await;
    let head = user(&db, "head", Role::Supervisor).await;
    user(&db, "worker", Role::Caseworker).await;
    let first = svo_family(&db, &head, "Семья Возвращенцевых").await;
    give_route(&db, &head, &first).await;
    let app = TestApp::new(db.clone()).await;
    let cookie = app.login("head").await;
    let month = app::periods::Month::of(app::time::local_today(chrono::Utc::now())).code();

    // Counted from the case and its route.
    let live = page(&app, &cookie, &month).await;
    assert_eq!(row(table(current(&live["live"]), "supported"), "Всего на сопровождении"), ["1", "1", "1"]);
    assert_eq!(row(table(current(&live["live"]), "situations"), "Установление инвалидности"), ["1"]);
    assert_eq!(row(table(current(&live["live"]), "partners"), "Бюро МСЭ № 5"), ["1", "1", "0", "0", "0", "0"]);
    assert!(live["submissions"].as_array().expect("versions").is_empty());

    // Submitted: version 1. A second submission without a reason is refused at its field.
    let submitted = submit(&app, &cookie, &month, 0, "", "4").await;
    assert_eq!(submitted.status, StatusCode::OK, "{}", submitted.body);
    assert_eq!(submitted.json(), 1);
    let bad = submit(&app, &cookie, &month, 1, "", "5").await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", bad.body);
    assert!(bad.body.contains("reason"), "{}", bad.body);

    // New data after the submission: the live count changes, the submitted version does not.
    svo_family(&db, &head, "Семья Контрактниковых").await;
    let after = page(&app, &cookie, &month).await;
    assert_eq!(row(table(current(&after["live"]), "supported"), "Всего на сопровождении"), ["2", "2", "2"]);
    let kept = &after["submissions"][0];
    assert_eq!(kept["version"], 1);
    assert_eq!(row(table(&kept["report"], "supported"), "Всего на сопровождении"), ["1", "1", "1"]);
    assert_eq!(kept["report"]["manual"][0]["value"], "4");
    assert!(after["due_words"].as_str().unwrap_or_default().starts_with("сдан"), "{}", after["due_words"]);

    // A submission that did not see version 1 is a conflict; a correction with its reason is version 2.
    let late = submit(&app, &cookie, &month, 0, "", "4").await;
    assert_eq!(late.status, StatusCode::CONFLICT, "{}", late.body);
    let fixed = submit(&app, &cookie, &month, 1, "Добавлена семья, выявленная после сдачи", "4").await;
    assert_eq!(fixed.status, StatusCode::OK, "{}", fixed.body);
    assert_eq!(fixed.json(), 2);
    let versions = page(&app, &cookie, &month).await;
    assert_eq!(versions["submissions"][0]["version"], 2);
    assert_eq!(versions["submissions"][0]["reason"], "Добавлена семья, выявленная после сдачи");
    assert_eq!(
        row(table(&versions["submissions"][1]["report"], "supported"), "Всего на сопровождении"),
        ["1", "1", "1"]
    );

    // The workbook of version 1 has the page's rows.
    let xlsx = app.get(&format!("/reports/svo.xlsx?month={month}&version=1"), Some(&cookie)).await;
    assert_eq!(xlsx.status, StatusCode::OK);
    let rows = sheet_rows(&xlsx.bytes, "Отчёт СВО");
    assert!(rows[1][0].starts_with("Отчёт о работе с участниками СВО и членами их семей за"), "{:?}", rows[1]);
    let total = rows.iter().find(|r| r[0] == "Всего на сопровождении").expect("total row");
    assert_eq!(&total[1..4], ["1", "1", "1"]);
    assert!(rows.iter().any(|r| r[0].starts_with("Версия 1 сдана")), "{rows:?}");

    // The list knows the month is submitted.
    let list = app.call("/api/reports/list", ServerFnBody::Form(vec![]), Some(&cookie)).await;
    assert_eq!(list.status, StatusCode::OK, "{}", list.body);
    let list = list.json();
    assert!(list["submitted"]
        .as_array()
        .expect("submitted")
        .iter()
        .any(|r| r["href"].as_str().unwrap_or_default().ends_with(&month)));

    // A caseworker reads the report but does not submit it; a psychologist does not read it.
    let worker = app.login("worker").await;
    page(&app, &worker, &month).await;
    assert_eq!(submit(&app, &worker, &month, 2, "попытка", "4").await.status, StatusCode::FORBIDDEN);
    user(&db, "psy", Role::Psychologist).await;
    let psy = app.login("psy").await;
    let refused = app.call("/api/reports/svo", ServerFnBody::Form(vec![("month", month.clone())]), Some(&psy)).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert_eq!(app.get(&format!("/reports/svo.xlsx?month={month}"), Some(&psy)).await.status, StatusCode::FORBIDDEN);
    opora_tests::assert_no_server_panic();
}

#[tokio::test]
async fn the_dashboard_counts_late_cases_per_curator_for_the_head_only() {
    let db = database().await;
    let head = user(&db, "head", Role::Supervisor).await;
    let worker = user(&db, "worker", Role::Caseworker).await;
    // Detected two weeks ago and still at the first stage: its 5-working-day clock has run out.
    let mut form = family_form("Семья Опоздавших", "d1", &worker.id);
    let two_weeks_ago = app::time::local_today(chrono::Utc::now()) - chrono::Duration::days(14);
    form.detected_on = two_weeks_ago.to_string();
    form.consent_date = two_weeks_ago.to_string();
    open_case(&db, &head, &form).await;
    let app = TestApp::new(db.clone()).await;
    let cookie = app.login("head").await;
    let reply = app.call("/api/dashboard", ServerFnBody::Form(vec![]), Some(&cookie)).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let dashboard = current(&reply.json()).clone();
    let late = dashboard["attention"]
        .as_array()
        .expect("attention")
        .iter()
        .find(|a| a["href"] == "/board?overdue=1")
        .expect("the overdue line");
    assert_eq!(late["count"], 1);
    assert_eq!(late["tone"], "Late");
    let overdue =
        dashboard["charts"].as_array().expect("charts").iter().find(|c| c["data"]["key"] == "overdue").expect("chart");
    assert_eq!(overdue["data"]["categories"], json!([worker.full_name]));
    assert!(overdue["svg"].as_str().unwrap_or_default().starts_with("<svg role=\"img\""), "{}", overdue["svg"]);
    let stages =
        dashboard["charts"].as_array().expect("charts").iter().find(|c| c["data"]["key"] == "stages").expect("chart");
    let weeks = stages["data"]["categories"].as_array().expect("weeks").len();
    assert_eq!(weeks, 12);
    let this_week: u64 = stages["data"]["series"]
        .as_array()
        .expect("series")
        .iter()
        .map(|s| s["values"][11].as_u64().unwrap_or(0))
        .sum();
    assert_eq!(this_week, 1, "the one open case at the end of this week");

    let theirs = app.login("worker").await;
    let refused = app.call("/api/dashboard", ServerFnBody::Form(vec![]), Some(&theirs)).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn the_workload_counts_late_clocks_and_activities_per_specialist_and_lists_the_free_ones() {
    let db = database().await;
    let head = user(&db, "head", Role::Supervisor).await;
    let worker = user(&db, "worker", Role::Caseworker).await;
    let psy = user(&db, "psy", Role::Psychologist).await;
    // Detected two weeks ago and still at the first stage: its 5-working-day clock has run out.
    let mut form = family_form("Семья Загруженных", "d1", &worker.id);
    let today = app::time::local_today(chrono::Utc::now());
    let two_weeks_ago = today - chrono::Duration::days(14);
    form.detected_on = two_weeks_ago.to_string();
    form.consent_date = two_weeks_ago.to_string();
    let case = open_case(&db, &head, &form).await;
    // Its plan: the psychologist's session was due yesterday, the partner's is done.
    let mut content = RouteContent::default();
    let mut session = Activity::own("a1".into(), "Конфликт в семье", "Консультация психолога", "psychological", 5);
    session.responsible_id = Some(psy.id.clone());
    session.responsible_name = psy.full_name.clone();
    session.deadline = (today - chrono::Duration::days(1)).to_string();
    let mut done = Activity::own("a2".into(), "Быт", "Выдача продуктового набора", "material", 5);
    done.status = ActivityStatus::Done;
    done.result = "Выдан".into();
    content.plan.activities = vec![session, done];
    write_route(&db, &head, &case, &content).await;
    let app = TestApp::new(db.clone()).await;
    let cookie = app.login("head").await;

    let reply = app.call("/api/reports/workload", ServerFnBody::Form(vec![]), Some(&cookie)).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let report = current(&reply.json()).clone();
    let staff = table(&report, "workload-staff");
    // Role, open cases, clocks late, clocks this week, activities, late, this week.
    assert_eq!(row(staff, &worker.full_name)[1..], ["1", "1", "0", "0", "0", "0"]);
    assert_eq!(row(staff, &psy.full_name)[1..], ["0", "0", "0", "1", "1", "0"]);
    assert_eq!(row(staff, "Всего по отделению")[1..], ["1", "1", "0", "1", "1", "0"]);
    // The head carries nothing and is not listed; a free colleague is, with zeros.
    let free = user(&db, "free", Role::Lawyer).await;
    // Opened again: counted anew, with the colleague added since.
    let again =
        current(&app.call("/api/reports/workload", ServerFnBody::Form(vec![]), Some(&cookie)).await.json()).clone();
    let staff = table(&again, "workload-staff");
    assert_eq!(row(staff, &free.full_name)[1..], ["0", "0", "0", "0", "0", "0"]);
    assert!(!staff["rows"].as_array().expect("rows").iter().any(|r| r["label"] == head.full_name.as_str()));
    let districts = table(&again, "workload-districts");
    assert_eq!(row(districts, "Всего по отделению"), ["1", "1", "0", "1", "1", "0"]);

    // The workbook has the page's rows.
    let xlsx = app.get("/reports/workload.xlsx", Some(&cookie)).await;
    assert_eq!(xlsx.status, StatusCode::OK);
    let rows = sheet_rows(&xlsx.bytes, "Нагрузка");
    let line = rows.iter().find(|r| r[0] == psy.full_name).expect("the psychologist's row");
    assert_eq!(&line[2..], ["0", "0", "0", "1", "1", "0"]);

    // A caseworker sees neither the page nor the workbook.
    let theirs = app.login("worker").await;
    let refused = app.call("/api/reports/workload", ServerFnBody::Form(vec![]), Some(&theirs)).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert_eq!(app.get("/reports/workload.xlsx", Some(&theirs)).await.status, StatusCode::FORBIDDEN);
    opora_tests::assert_no_server_panic();
}

#[tokio::test]
async fn a_specialist_sees_her_own_late_clocks_and_activities_and_the_head_the_whole_department() {
    let db = database().await;
    let head = user(&db, "head", Role::Supervisor).await;
    let worker = user(&db, "worker", Role::Caseworker).await;
    let other = user(&db, "other", Role::Caseworker).await;
    let today = app::time::local_today(chrono::Utc::now());
    let two_weeks_ago = today - chrono::Duration::days(14);
    // Her late case, and a colleague's.
    for (title, curator) in [("Семья Первых", &worker), ("Семья Вторых", &other)] {
        let mut form = family_form(title, "d1", &curator.id);
        form.detected_on = two_weeks_ago.to_string();
        form.consent_date = two_weeks_ago.to_string();
        form.categories = vec!["svo_family".into()];
        let case = open_case(&db, &head, &form).await;
        // Each plan has one late activity of its curator.
        let mut content = RouteContent::default();
        let mut step = Activity::own("a1".into(), "Документы", "Помощь в оформлении выплаты", "legal", 5);
        step.responsible_id = Some(curator.id.clone());
        step.responsible_name = curator.full_name.clone();
        step.deadline = (today - chrono::Duration::days(2)).to_string();
        content.plan.activities.push(step);
        write_route(&db, &head, &case, &content).await;
    }
    let app = TestApp::new(db.clone()).await;
    let line = |dashboard: &Value, label: &str| -> Value {
        dashboard["attention"]
            .as_array()
            .expect("attention")
            .iter()
            .find(|a| a["label"].as_str().unwrap_or_default().starts_with(label))
            .unwrap_or_else(|| panic!("no line «{label}» in {dashboard}"))
            .clone()
    };

    let cookie = app.login("worker").await;
    let reply = app.call("/api/dashboard/mine", ServerFnBody::Form(vec![]), Some(&cookie)).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let mine = reply.json();
    let late = line(&mine, "Мои случаи с истёкшим сроком этапа");
    assert_eq!(late["count"], 1, "only her own case");
    assert_eq!(late["href"], format!("/board?curator={}&overdue=1", worker.id));
    assert_eq!(line(&mine, "Мои мероприятия с истёкшим сроком")["count"], 1);
    let charts: Vec<&str> = mine["charts"]
        .as_array()
        .expect("charts")
        .iter()
        .map(|c| c["data"]["key"].as_str().unwrap_or_default())
        .collect();
    assert_eq!(charts, ["my-stages", "elders"]);

    // The head's dashboard counts both, and draws the СВО families' route steps. The quarter's
    // monitoring submitted, the dashboard no longer asks for it.
    let cookie = app.login("head").await;
    let quarter = app::periods::Quarter::of(today).previous().code();
    let submitted = app
        .call(
            "/api/reports/submit",
            ServerFnBody::Json(json!({ "form": {
                "kind": "monitoring_quarterly", "period": quarter, "manual": [], "reason": "", "seen_version": 0
            } })),
            Some(&cookie),
        )
        .await;
    assert_eq!(submitted.status, StatusCode::OK, "{}", submitted.body);
    let reply = app.call("/api/dashboard", ServerFnBody::Form(vec![]), Some(&cookie)).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let department = current(&reply.json()).clone();
    assert!(
        !department["attention"]
            .as_array()
            .expect("attention")
            .iter()
            .any(|a| a["href"].as_str().unwrap_or_default().ends_with(&format!("quarter={quarter}"))),
        "{department}"
    );
    assert_eq!(line(&department, "Мероприятия планов сопровождения с истёкшим сроком")["count"], 2);
    let svo = department["charts"]
        .as_array()
        .expect("charts")
        .iter()
        .find(|c| c["data"]["key"] == "svo")
        .expect("the СВО chart");
    let late_steps =
        svo["data"]["series"].as_array().expect("series").iter().find(|s| s["name"] == "Просрочено").expect("late");
    assert_eq!(late_steps["values"].as_array().expect("values").iter().filter_map(Value::as_u64).sum::<u64>(), 2);
    assert!(svo["svg"].as_str().unwrap_or_default().contains("<rect"), "{}", svo["svg"]);

    // A dispatcher has no board and no dashboard of her own.
    user(&db, "desk", Role::Dispatcher).await;
    let desk = app.login("desk").await;
    assert_eq!(
        app.call("/api/dashboard/mine", ServerFnBody::Form(vec![]), Some(&desk)).await.status,
        StatusCode::FORBIDDEN
    );
    opora_tests::assert_no_server_panic();
}
