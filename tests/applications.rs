//! The applications (заявления о предоставлении социальных услуг) against a real (in-memory)
//! SurrealDB: their numbering, the journal's filters, a case opened from an application or an
//! application attached to an open case, and who may see them.

use app::applications::repo;
use app::applications::types::*;
use app::applications::validate::validate_application;
use app::auth::CurrentUser;
use app::auth::Role;
use app::cases::types::{ClockKind, Stage};
use app::db::Db;
use app::error::AppError;
use chrono::{Datelike, Duration, NaiveDate, Utc};
use http::StatusCode;
use opora_tests::{database, family_form, open_case, user, ServerFnBody, TestApp};
use serde_json::json;

fn today() -> NaiveDate {
    app::time::local_today(Utc::now())
}

fn form(citizen: &str, received_by: &str, days_ago: i64) -> ApplicationForm {
    ApplicationForm {
        received_on: (today() - Duration::days(days_ago)).to_string(),
        received_by: received_by.into(),
        applicant_kind: "citizen".into(),
        applicant_phone: "8 912 345-67-89".into(),
        citizen_name: citizen.into(),
        citizen_birth_date: "1986-03-14".into(),
        address: "г. Югорск, ул. Ленина, д. 12, кв. 4".into(),
        district: "d1".into(),
        services: vec!["psychological".into(), "legal".into()],
        members: vec![MemberForm {
            full_name: "Кравцова Полина Андреевна".into(),
            relation: "дочь".into(),
            birth_date: "2015-09-01".into(),
            help: vec!["psychological".into()],
            help_detail: "Занятия с психологом после переезда".into(),
        }],
        circumstances: "Многодетная семья, мать одна воспитывает троих детей, не хватает средств".into(),
        consent: true,
        consent_on: (today() - Duration::days(days_ago)).to_string(),
        ..Default::default()
    }
}

async fn register(db: &Db, by: &CurrentUser, f: &ApplicationForm) -> Application {
    let valid = validate_application(f, today()).expect("valid application");
    repo::register(db, by, &valid).await.expect("registered")
}

#[tokio::test]
async fn applications_are_numbered_per_year_without_gaps_even_when_registered_at_once() {
    let db = database().await;
    let dispatcher = user(&db, "disp", Role::Dispatcher).await;
    let first = register(&db, &dispatcher, &form("Кравцова Ольга Ивановна", &dispatcher.id, 1)).await;
    assert_eq!(first.number, 1);
    assert_eq!(first.year, (today() - Duration::days(1)).year());
    assert_eq!(first.received_by_name, dispatcher.full_name);
    assert_eq!(first.applicant_phone.as_deref(), Some("+79123456789"));
    assert_eq!(first.district_name.as_deref(), Some("Участок № 1 — Центральный"));
    assert_eq!(first.services.len(), 2);
    assert_eq!(first.members[0].relation, "дочь");
    assert_eq!(first.case_id, None);

    let mut tasks = Vec::new();
    for i in 0..30 {
        let db = db.clone();
        let dispatcher = dispatcher.clone();
        tasks.push(tokio::spawn(async move {
            let f = form(&format!("Заявитель Номер{i}"), &dispatcher.id, 0);
            let valid = validate_application(&f, today()).expect("valid");
            repo::register(&db, &dispatcher, &valid).await.map(|a| a.number)
        }));
    }
    let mut numbers = vec![1];
    for task in tasks {
        numbers.push(task.await.expect("task").expect("registered"));
    }
    numbers.sort();
    if today().ordinal() == 1 {
        // On 1 January yesterday's application belongs to last year's series.
        return;
    }
    assert_eq!(numbers, (1..=31).collect::<Vec<i64>>());
}

#[tokio::test]
async fn a_receiver_who_does_not_work_here_or_an_unknown_district_is_refused_on_the_form() {
    let db = database().await;
    let dispatcher = user(&db, "disp", Role::Dispatcher).await;
    let admin = user(&db, "admin", Role::Admin).await;
    let mut f = form("Кравцова Ольга Ивановна", &admin.id, 0);
    f.district = "d99".into();
    let valid = validate_application(&f, today()).expect("the form itself is fine");
    let Err(AppError::Validation(errors)) = repo::register(&db, &dispatcher, &valid).await else {
        panic!("an administrator does not receive applications; district 99 does not exist");
    };
    assert!(errors.get("received_by").is_some(), "{errors:?}");
    assert!(errors.get("district").is_some(), "{errors:?}");
    let (page, _) = repo::list(&db, &ApplicationQuery::default(), 50).await.expect("list");
    assert!(page.is_empty(), "nothing was registered");
}

#[tokio::test]
async fn the_journal_filters_by_period_district_service_status_and_name() {
    let db = database().await;
    let dispatcher = user(&db, "disp", Role::Dispatcher).await;
    let worker = user(&db, "petrova", Role::Caseworker).await;
    register(&db, &dispatcher, &form("Кравцова Ольга Ивановна", &dispatcher.id, 20)).await;
    let mut elderly = form("Гусев Пётр Семёнович", &worker.id, 2);
    elderly.district = "d3".into();
    elderly.services = vec!["household".into(), "medical".into()];
    elderly.members.clear();
    let elderly = register(&db, &worker, &elderly).await;
    let mut by_school = form("Лаптева Анна Сергеевна", &dispatcher.id, 1);
    by_school.applicant_kind = "organisation".into();
    by_school.organisation = "МБОУ «СОШ № 2» г. Югорска".into();
    by_school.applicant_name = "Соколова Т. В.".into();
    let by_school = register(&db, &dispatcher, &by_school).await;
    assert_eq!(by_school.applicant(), "МБОУ «СОШ № 2» г. Югорска (Соколова Т. В.)");

    let names = |apps: Vec<Application>| apps.into_iter().map(|a| a.citizen_name).collect::<Vec<_>>();
    let query = |q: ApplicationQuery| {
        let db = db.clone();
        async move { names(repo::list(&db, &q, 50).await.expect("list").0) }
    };
    assert_eq!(
        query(ApplicationQuery::default()).await,
        ["Лаптева Анна Сергеевна", "Гусев Пётр Семёнович", "Кравцова Ольга Ивановна"],
        "newest first"
    );
    let week = ApplicationQuery { from: (today() - Duration::days(7)).to_string(), ..Default::default() };
    assert_eq!(query(week).await.len(), 2);
    assert_eq!(query(ApplicationQuery { district: "d3".into(), ..Default::default() }).await, ["Гусев Пётр Семёнович"]);
    assert_eq!(
        query(ApplicationQuery { service: "household".into(), ..Default::default() }).await,
        ["Гусев Пётр Семёнович"]
    );
    // «петр» finds «Пётр»; the organisation that applied is found too.
    assert_eq!(
        query(ApplicationQuery { q: "гусев петр".into(), ..Default::default() }).await,
        ["Гусев Пётр Семёнович"]
    );
    assert_eq!(query(ApplicationQuery { q: "СОШ".into(), ..Default::default() }).await, ["Лаптева Анна Сергеевна"]);

    let case = open_case(&db, &worker, &family_form("Семья Гусевых", "d3", &worker.id)).await;
    let row = app::cases::repo::row(&db, &case).await.expect("read").expect("case");
    let calendar = app::cases::repo::calendar(&db).await.expect("calendar");
    app::cases::repo::attach_application(&db, &worker, &row, row.version(), &elderly.id, &calendar, Utc::now())
        .await
        .expect("attached");
    assert_eq!(query(ApplicationQuery { status: "open".into(), ..Default::default() }).await.len(), 2);
    assert_eq!(query(ApplicationQuery { status: "case".into(), ..Default::default() }).await, ["Гусев Пётр Семёнович"]);

    let wrong = ApplicationQuery { from: "31.02.2026".into(), service: "массаж".into(), ..Default::default() };
    let Err(AppError::Validation(errors)) = repo::list(&db, &wrong, 50).await else {
        panic!("a wrong date and an unknown service are refused by name");
    };
    assert!(errors.get("from").is_some() && errors.get("service").is_some(), "{errors:?}");
}

#[tokio::test]
async fn a_case_opened_from_an_application_carries_it_and_its_clock_runs_from_the_application() {
    let db = database().await;
    let app = TestApp::new(db.clone()).await;
    let worker = user(&db, "petrova", Role::Caseworker).await;
    let cookie = app.login("petrova").await;
    let f = form("Кравцова Ольга Ивановна", &worker.id, 2);
    let reply = app.call("/api/applications/register", ServerFnBody::Json(json!({ "form": f })), Some(&cookie)).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let application = reply.json()["id"].as_str().expect("application id").to_string();

    let blank = app
        .call(
            "/api/cases/blank",
            ServerFnBody::Form(vec![("from_entry", String::new()), ("from_application", application.clone())]),
            Some(&cookie),
        )
        .await;
    assert_eq!(blank.status, StatusCode::OK, "{}", blank.body);
    let mut case_form = blank.json()["form"].clone();
    assert_eq!(case_form["application"], application);
    assert_eq!(case_form["district"], "d1");
    assert_eq!(case_form["address"], "г. Югорск, ул. Ленина, д. 12, кв. 4");
    assert_eq!(case_form["members"][0]["full_name"], "Кравцова Ольга Ивановна");
    assert_eq!(case_form["members"][1]["full_name"], "Кравцова Полина Андреевна");
    assert!(case_form["consent"].as_bool().expect("consent"), "the application's consent carries over");
    case_form["curator"] = json!(worker.id);
    // The case was detected a week earlier on a round; the application came two days ago.
    case_form["detected_on"] = json!((today() - Duration::days(7)).to_string());

    let created = app.call("/api/cases/create", ServerFnBody::Json(json!({ "form": case_form })), Some(&cookie)).await;
    assert_eq!(created.status, StatusCode::OK, "{}", created.body);
    let case_id = created.json().as_str().expect("case id").to_string();
    let calendar = app::cases::repo::calendar(&db).await.expect("calendar");
    let case = app::cases::repo::row(&db, &case_id).await.expect("read").expect("case").into_case(&calendar, today());
    assert_eq!(case.application_id.as_deref(), Some(application.as_str()));
    assert!(
        case.application_label.as_deref().is_some_and(|l| l.starts_with("№ 1 от ")),
        "{:?}",
        case.application_label
    );
    let proposals = case.clocks.iter().find(|c| c.kind == ClockKind::Proposals).expect("proposals clock");
    let applied = today() - Duration::days(2);
    assert_eq!(proposals.due(), Some(calendar.add_working_days(applied, 5)), "five working days of the application");

    let linked = repo::get(&db, &application).await.expect("read").expect("application");
    assert_eq!(linked.case_id.as_deref(), Some(case_id.as_str()));
    assert!(linked.case_label.is_some());

    // The same application cannot open a second case, and the refusal is on the form.
    let again = app.call("/api/cases/create", ServerFnBody::Json(json!({ "form": case_form })), Some(&cookie)).await;
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", again.body);
    assert!(again.json()["Validation"]["application"].is_string(), "{}", again.body);
    let cases: Vec<String> =
        db.query("SELECT VALUE record::id(id) FROM case_file").await.expect("query").take(0).expect("keys");
    assert_eq!(cases, vec![case_id.clone()], "no second case was written");

    // The case's history says where it came from.
    let reply = app.call("/api/cases/get", ServerFnBody::Form(vec![("id", case_id.clone())]), Some(&cookie)).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
}

#[tokio::test]
async fn an_application_attached_to_an_open_case_starts_its_clock_once_and_only_once() {
    let db = database().await;
    let app = TestApp::new(db.clone()).await;
    let worker = user(&db, "petrova", Role::Caseworker).await;
    let cookie = app.login("petrova").await;
    let mut case_form = family_form("Семья Кравцовых", "d1", &worker.id);
    case_form.detected_on = (today() - Duration::days(6)).to_string();
    let case_id = open_case(&db, &worker, &case_form).await;
    let first = register(&db, &worker, &form("Кравцова Ирина Олеговна", &worker.id, 3)).await;
    let second = register(&db, &worker, &form("Кравцова Ирина Олеговна", &worker.id, 1)).await;

    let choice = app
        .call(
            "/api/cases/attach-choice",
            ServerFnBody::Form(vec![("application", first.id.clone()), ("words", String::new())]),
            Some(&cookie),
        )
        .await;
    assert_eq!(choice.status, StatusCode::OK, "{}", choice.body);
    let candidates = choice.json()["candidates"].as_array().expect("candidates").clone();
    assert_eq!(candidates.len(), 1, "the open case of the citizen's surname: {}", choice.body);
    let version = candidates[0]["version"].as_i64().expect("version");

    // A stale version is a conflict, not a silent overwrite.
    let stale = app
        .call(
            "/api/cases/attach",
            ServerFnBody::Form(vec![
                ("application", first.id.clone()),
                ("case_id", case_id.clone()),
                ("version", (version + 5).to_string()),
            ]),
            Some(&cookie),
        )
        .await;
    assert_eq!(stale.status, StatusCode::CONFLICT, "{}", stale.body);
    assert_eq!(repo::get(&db, &first.id).await.unwrap().unwrap().case_id, None);

    let attach = |application: String, version: i64| {
        let app = &app;
        let cookie = cookie.clone();
        let case_id = case_id.clone();
        async move {
            app.call(
                "/api/cases/attach",
                ServerFnBody::Form(vec![
                    ("application", application),
                    ("case_id", case_id),
                    ("version", version.to_string()),
                ]),
                Some(&cookie),
            )
            .await
        }
    };
    let reply = attach(first.id.clone(), version).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let calendar = app::cases::repo::calendar(&db).await.expect("calendar");
    let row = app::cases::repo::row(&db, &case_id).await.unwrap().unwrap();
    let case = row.clone().into_case(&calendar, today());
    assert_eq!(case.application_id.as_deref(), Some(first.id.as_str()));
    let due = |case: &app::cases::types::Case| {
        case.clocks.iter().find(|c| c.kind == ClockKind::Proposals).and_then(|c| c.due())
    };
    assert_eq!(due(&case), Some(calendar.add_working_days(today() - Duration::days(3), 5)));
    assert_eq!(case.stage, Stage::Intake);

    // Attached again: refused, the application already has its case.
    let reply = attach(first.id.clone(), row.version()).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", reply.body);
    assert!(reply.json()["Validation"]["application"].is_string(), "{}", reply.body);

    // A later application joins the case but does not move its clock.
    let reply = attach(second.id.clone(), row.version()).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let case = app::cases::repo::row(&db, &case_id).await.unwrap().unwrap().into_case(&calendar, today());
    assert_eq!(case.application_id.as_deref(), Some(first.id.as_str()), "the first application stays the case's");
    assert_eq!(due(&case), Some(calendar.add_working_days(today() - Duration::days(3), 5)));
    let of_case = repo::of_case(&db, &case_id).await.expect("of case");
    assert_eq!(of_case.len(), 2);
    let events: Vec<String> = db
        .query("SELECT VALUE kind FROM case_event WHERE case = $case AND kind = 'application'")
        .bind(("case", surrealdb::types::RecordId::new("case_file", case_id.clone())))
        .await
        .unwrap()
        .take(0)
        .unwrap();
    assert_eq!(events.len(), 2, "each attachment is in the case's history");
}

#[tokio::test]
async fn the_journal_is_refused_to_those_who_do_not_receive_applications() {
    let db = database().await;
    let app = TestApp::new(db.clone()).await;
    let worker = user(&db, "petrova", Role::Caseworker).await;
    user(&db, "belova", Role::Psychologist).await;
    user(&db, "orlov", Role::Lawyer).await;
    register(&db, &worker, &form("Кравцова Ольга Ивановна", &worker.id, 0)).await;

    for login in ["belova", "orlov"] {
        let cookie = app.login(login).await;
        let reply = app
            .call("/api/applications/list", ServerFnBody::Form(vec![("query[q]", String::new())]), Some(&cookie))
            .await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN, "{login}: {}", reply.body);
        assert!(!reply.body.contains("Кравцова"), "{login} sees no personal data");
        assert_eq!(app.get("/applications/export.xlsx", Some(&cookie)).await.status, StatusCode::FORBIDDEN);
    }
    assert_eq!(app.get("/applications/export.xlsx", None).await.status, StatusCode::UNAUTHORIZED);

    let cookie = app.login("petrova").await;
    let reply = app.get("/applications/export.xlsx?district=d1", Some(&cookie)).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert!(reply.headers["content-type"].to_str().unwrap().contains("spreadsheetml"), "{:?}", reply.headers);
    let wrong = app.get("/applications/export.xlsx?from=вчера", Some(&cookie)).await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY, "a wrong filter is named, not a 500");
}

#[tokio::test]
async fn a_registered_application_is_corrected_with_its_reason_and_keeps_what_it_was() {
    let db = database().await;
    let app = TestApp::new(db.clone()).await;
    let worker = user(&db, "petrova", Role::Caseworker).await;
    let cookie = app.login("petrova").await;
    let f = form("Кравцова Ольга Ивановна", &worker.id, 2);
    let registered = register(&db, &worker, &f).await;
    let correct = |version: i64, form: &ApplicationForm, reason: &str| {
        let body = json!({ "id": registered.id, "version": version, "form": form, "reason": reason });
        app.call("/api/applications/correct", ServerFnBody::Json(body), Some(&cookie))
    };

    // The correction opens with the fields as registered.
    let opened = app
        .call("/api/applications/correction", ServerFnBody::Form(vec![("id", registered.id.clone())]), Some(&cookie))
        .await;
    assert_eq!(opened.status, StatusCode::OK, "{}", opened.body);
    let stored: ApplicationForm = serde_json::from_value(opened.json()["lists"]["form"].clone()).expect("a form");
    assert_eq!(stored.address, f.address);
    assert_eq!(stored.received_by, worker.id);
    assert_eq!(stored.applicant_phone, "+79123456789");

    // Without a reason, or with nothing changed, or into another year: refused at the field.
    let mut fixed = stored.clone();
    fixed.address = "г. Югорск, ул. Ленина, д. 14, кв. 4".into();
    let reply = correct(1, &fixed, " ").await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", reply.body);
    assert!(reply.json()["Validation"]["reason"].is_string(), "{}", reply.body);
    let reply = correct(1, &stored, "Проверка").await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", reply.body);
    assert!(reply.body.contains("Ничего не изменено"), "{}", reply.body);
    let mut other_year = fixed.clone();
    other_year.received_on = NaiveDate::from_ymd_opt(today().year() - 1, 12, 30).expect("a day").to_string();
    let reply = correct(1, &other_year, "Опечатка в дате").await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", reply.body);
    assert!(reply.json()["Validation"]["received_on"]
        .as_str()
        .is_some_and(|m| m.contains("Год поступления не меняется")));

    // Corrected: the new address, the old one in the history with the reason.
    let reply = correct(1, &fixed, "Ошибка в номере дома").await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let corrected = reply.json();
    assert_eq!(corrected["address"], "г. Югорск, ул. Ленина, д. 14, кв. 4");
    assert_eq!(corrected["number"], registered.number);
    assert_eq!(corrected["version"], 2);
    let history = repo::history(&db, &registered.id).await.expect("history");
    assert_eq!(history.len(), 1);
    assert_eq!(history[0].reason, "Ошибка в номере дома");
    assert_eq!(history[0].by_name, worker.full_name);
    assert_eq!(
        history[0].fields,
        vec![ChangedField {
            label: "Адрес".into(),
            before: "г. Югорск, ул. Ленина, д. 12, кв. 4".into(),
            after: "г. Югорск, ул. Ленина, д. 14, кв. 4".into(),
        }]
    );
    // Found by its new words.
    let found =
        repo::list(&db, &ApplicationQuery { q: "Кравцова".into(), ..Default::default() }, 10).await.expect("list");
    assert_eq!(found.0.len(), 1);

    // A correction answering the old version: a conflict, nothing overwritten.
    let mut late = stored.clone();
    late.circumstances = "Другая формулировка".into();
    let reply = correct(1, &late, "Уточнение").await;
    assert_eq!(reply.status, StatusCode::CONFLICT, "{}", reply.body);
    assert!(reply.body.contains("Ваши правки остались на экране"), "{}", reply.body);
    let now = repo::get(&db, &registered.id).await.expect("read").expect("application");
    assert_eq!(now.address, "г. Югорск, ул. Ленина, д. 14, кв. 4");
    assert_ne!(now.circumstances, "Другая формулировка");

    // The details page carries the history.
    let details = app
        .call("/api/applications/get", ServerFnBody::Form(vec![("id", registered.id.clone())]), Some(&cookie))
        .await
        .json();
    assert_eq!(details["can_correct"], true);
    assert_eq!(details["history"][0]["fields"][0]["label"], "Адрес");
}
