//! Home visits through the server functions: planning from the case, the caseworker's day in
//! order of time, who may plan and mark, and stale versions.

use app::auth::Role;
use app::cases::repo;
use app::cases::types::{CaseForm, MemberForm};
use app::cases::validate::validate_case;
use chrono::{Duration, Utc};
use http::StatusCode;
use opora_tests::{database, user, ServerFnBody, TestApp};
use serde_json::json;

fn family(title: &str, district: &str, curator: &str) -> CaseForm {
    let today = app::time::local_today(Utc::now());
    CaseForm {
        kind: "family".into(),
        title: title.into(),
        members: vec![MemberForm {
            full_name: "Лаптева Ирина Олеговна".into(),
            birth_date: "1990-05-01".into(),
            relation: "applicant".into(),
            categories: vec![],
        }],
        categories: vec!["family_children".into()],
        address: format!("г. Югорск, ул. Мира, д. {}", title.len()),
        district: district.into(),
        phone: "+7 912 000-11-22".into(),
        consent: true,
        consent_date: today.to_string(),
        curator: curator.into(),
        source: "personal".into(),
        detected_on: today.to_string(),
        ..Default::default()
    }
}

/// «YYYY-MM-DDTHH:MM» of tomorrow at a local hour.
fn tomorrow_at(hour: u32) -> String {
    let day = app::time::local_today(Utc::now()) + Duration::days(1);
    format!("{}T{hour:02}:00", day.format("%Y-%m-%d"))
}

#[tokio::test]
async fn a_caseworker_plans_visits_and_sees_her_day_in_order_of_time() {
    let db = database().await;
    let app = TestApp::new(db.clone()).await;
    let worker = user(&db, "worker", Role::Caseworker).await;
    let other = user(&db, "other", Role::Caseworker).await;
    let chief = user(&db, "chief", Role::Supervisor).await;
    let calendar = repo::calendar(&db).await.unwrap();
    let today = app::time::local_today(Utc::now());
    let mut ids = Vec::new();
    for title in ["Семья Лаптевых", "Семья Орловых"] {
        let case = validate_case(&family(title, "d1", &worker.id), today).unwrap();
        ids.push(repo::create(&db, &chief, &case, &calendar, Utc::now()).await.unwrap());
    }
    let cookie = app.login("worker").await;

    // A mistake is named on the field.
    let reply = app
        .call(
            "/api/visits/plan",
            ServerFnBody::Json(
                json!({ "case_id": ids[0], "form": { "planned_at": "вчера", "purpose": "", "caseworker": "" } }),
            ),
            Some(&cookie),
        )
        .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", reply.body);
    assert!(reply.body.contains("planned_at"), "{}", reply.body);

    // Two visits tomorrow, planned out of order.
    for (case, hour) in [(&ids[0], 15), (&ids[1], 9)] {
        let reply = app
            .call(
                "/api/visits/plan",
                ServerFnBody::Json(json!({ "case_id": case, "form": { "planned_at": tomorrow_at(hour), "purpose": "Акт обследования", "caseworker": "" } })),
                Some(&cookie),
            )
            .await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    }
    let day = (today + Duration::days(1)).format("%Y-%m-%d").to_string();
    let reply = app
        .call(
            "/api/visits/day",
            ServerFnBody::Form(vec![("caseworker", String::new()), ("day", day.clone())]),
            Some(&cookie),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let visits = reply.json()["visits"].as_array().cloned().unwrap();
    let titles: Vec<&str> = visits.iter().map(|v| v["case_title"].as_str().unwrap()).collect();
    assert_eq!(titles, vec!["Семья Орловых", "Семья Лаптевых"]);
    assert_eq!(visits[0]["phone"], "+79120001122");
    assert!(visits[0]["address"].as_str().unwrap().starts_with("г. Югорск"));

    // Another caseworker's day is her own, even when she asks for someone else's.
    let cookie_other = app.login("other").await;
    let reply = app
        .call(
            "/api/visits/day",
            ServerFnBody::Form(vec![("caseworker", worker.id.clone()), ("day", day.clone())]),
            Some(&cookie_other),
        )
        .await;
    assert_eq!(reply.json()["caseworker"], other.id);
    assert_eq!(reply.json()["visits"].as_array().unwrap().len(), 0);
    // A colleague of the same district may plan a visit to the family: the curator goes.
    let reply = app
        .call(
            "/api/visits/plan",
            ServerFnBody::Json(json!({ "case_id": ids[0], "form": { "planned_at": tomorrow_at(11), "purpose": "", "caseworker": "" } })),
            Some(&app.login("other").await),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);

    // The supervisor looks at the worker's day.
    let cookie_chief = app.login("chief").await;
    let reply = app
        .call(
            "/api/visits/day",
            ServerFnBody::Form(vec![("caseworker", worker.id.clone()), ("day", day)]),
            Some(&cookie_chief),
        )
        .await;
    assert_eq!(reply.json()["caseworker"], worker.id);
    assert!(reply.json()["visits"].as_array().unwrap().len() >= 2);

    // Marking a visit done; a stale version is a conflict.
    let first = &visits[0];
    let reply = app
        .call(
            "/api/visits/status",
            ServerFnBody::Json(json!({ "id": first["id"], "version": first["version"], "status": "done" })),
            Some(&cookie),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let reply = app
        .call(
            "/api/visits/status",
            ServerFnBody::Json(json!({ "id": first["id"], "version": first["version"], "status": "cancelled" })),
            Some(&cookie),
        )
        .await;
    assert_eq!(reply.status, StatusCode::CONFLICT, "{}", reply.body);
    // Someone else's visit is not hers to mark.
    let reply = app
        .call(
            "/api/visits/status",
            ServerFnBody::Json(json!({ "id": visits[1]["id"], "version": visits[1]["version"], "status": "done" })),
            Some(&cookie_other),
        )
        .await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN, "{}", reply.body);

    // The case page lists its visits.
    let reply =
        app.call("/api/visits/for_case", ServerFnBody::Form(vec![("case_id", ids[0].clone())]), Some(&cookie)).await;
    let listed = reply.json().as_array().cloned().unwrap();
    assert_eq!(listed.len(), 2);
    assert!(listed.iter().all(|v| v["caseworker_name"] == worker.full_name.as_str()));

    // A dispatcher plans no visits.
    user(&db, "dispatcher", Role::Dispatcher).await;
    let reply = app
        .call(
            "/api/visits/plan",
            ServerFnBody::Json(json!({ "case_id": ids[0], "form": { "planned_at": tomorrow_at(12), "purpose": "", "caseworker": "" } })),
            Some(&app.login("dispatcher").await),
        )
        .await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN, "{}", reply.body);
}

#[tokio::test]
async fn an_act_is_saved_with_versions_and_signing_it_moves_the_case_to_assessment() {
    use app::acts::types::{ActContent, ActMember};
    let db = database().await;
    let app = TestApp::new(db.clone()).await;
    let worker = user(&db, "worker", Role::Caseworker).await;
    let chief = user(&db, "chief", Role::Supervisor).await;
    let calendar = repo::calendar(&db).await.unwrap();
    let today = app::time::local_today(Utc::now());
    let case = validate_case(&family("Семья Кедровых", "d1", &worker.id), today).unwrap();
    let id = repo::create(&db, &chief, &case, &calendar, Utc::now()).await.unwrap();
    let cookie = app.login("worker").await;

    // A blank act comes filled from the case.
    let reply = app.call("/api/acts/get", ServerFnBody::Form(vec![("case_id", id.clone())]), Some(&cookie)).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let blank: ActContent = serde_json::from_value(reply.json()["blank"].clone()).unwrap();
    assert_eq!(blank.members[0].full_name, "Лаптева Ирина Олеговна");
    assert!(reply.json()["act"].is_null());

    let save = |version: i64, content: &ActContent| {
        ServerFnBody::Json(json!({ "case_id": id, "version": version, "content": content }))
    };
    let reply = app.call("/api/acts/save", save(0, &blank), Some(&cookie)).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert_eq!(reply.json()["version"], 1);
    // A second «new» act, or a stale version, is a conflict naming who saved.
    let reply = app.call("/api/acts/save", save(0, &blank), Some(&cookie)).await;
    assert_eq!(reply.status, StatusCode::CONFLICT, "{}", reply.body);
    let complete = ActContent {
        family_categories: vec!["family_children".into()],
        members: vec![ActMember {
            full_name: "Лаптева Ирина Олеговна".into(), ..Default::default()
        }],
        housing_type: "flat".into(),
        housing_condition: "fair".into(),
        climate: "favourable".into(),
        income_sources: vec!["salary".into()],
        support_level: "basic".into(),
        support_form: "accompaniment".into(),
        ..blank.clone()
    };
    let reply = app.call("/api/acts/save", save(1, &complete), Some(&cookie)).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let reply = app.call("/api/acts/save", save(1, &blank), Some(&cookie)).await;
    assert_eq!(reply.status, StatusCode::CONFLICT);
    assert!(reply.body.contains("Проверкина"), "{}", reply.body);

    // An incomplete act is not signed; the complete one is, and the case leaves intake.
    let reply =
        app.call("/api/acts/sign", ServerFnBody::Json(json!({ "case_id": id, "version": 1 })), Some(&cookie)).await;
    assert_eq!(reply.status, StatusCode::CONFLICT, "{}", reply.body);
    let reply =
        app.call("/api/acts/sign", ServerFnBody::Json(json!({ "case_id": id, "version": 2 })), Some(&cookie)).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert_eq!(reply.json()["act"]["status"], "signed");
    assert!(reply.json()["moved_to"].as_str().unwrap().contains("Оценка"));
    let row = repo::row(&db, &id).await.unwrap().unwrap();
    assert_eq!(row.stage(), app::cases::types::Stage::Assessment);
    // A signed act is not changed any more.
    let reply = app.call("/api/acts/save", save(3, &complete), Some(&cookie)).await;
    assert_eq!(reply.status, StatusCode::CONFLICT);
    assert!(reply.body.contains("подписан"), "{}", reply.body);
}

#[tokio::test]
async fn an_incomplete_act_is_refused_field_by_field() {
    use app::acts::types::ActContent;
    let db = database().await;
    let app = TestApp::new(db.clone()).await;
    let worker = user(&db, "worker", Role::Caseworker).await;
    let calendar = repo::calendar(&db).await.unwrap();
    let today = app::time::local_today(Utc::now());
    let case = validate_case(&family("Семья Пустых", "d1", &worker.id), today).unwrap();
    let id = repo::create(&db, &worker, &case, &calendar, Utc::now()).await.unwrap();
    let cookie = app.login("worker").await;
    let reply = app
        .call(
            "/api/acts/save",
            ServerFnBody::Json(json!({ "case_id": id, "version": 0, "content": ActContent::default() })),
            Some(&cookie),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let reply =
        app.call("/api/acts/sign", ServerFnBody::Json(json!({ "case_id": id, "version": 1 })), Some(&cookie)).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", reply.body);
    for field in ["support_level", "climate", "housing_type"] {
        assert!(reply.body.contains(field), "{field}: {}", reply.body);
    }
    assert_eq!(repo::row(&db, &id).await.unwrap().unwrap().stage(), app::cases::types::Stage::Intake);
}
