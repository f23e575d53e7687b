//! «Социальный патруль» through the server functions: a raid planned, staffed with a caseworker,
//! a police officer and a partner of the resource map, a person met linked to a case the user
//! may see (and not to one she may not), an appeal registered in the journal from the person
//! met and linked to the raid, the raid marked held only with a participant and its findings;
//! rights by role; mistakes named at their fields with nothing written.

use app::auth::Role;
use app::db::Db;
use chrono::Utc;
use http::StatusCode;
use opora_tests::{database, family_form, open_case, table_counts, user, ServerFnBody, TestApp};
use serde_json::{json, Value};

async fn partner(db: &Db) -> String {
    db.query(
        "CREATE partner:crisis CONTENT {
            kind: 'ngo', name: 'АНО «Кризисный центр «Надежда»»', description: '', address: 'г. Югорск, ул. Ленина, 1',
            phones: [], contact_person: '', districts: [], hours: '', services: [], help: [], free: true,
            discount: false, archived: false, search_text: 'надежда', created_at: time::now(),
            updated_at: time::now(), updated_by_name: 'тест', version: 1 }",
    )
    .await
    .expect("partner")
    .check()
    .expect("partner created");
    "crisis".into()
}

async fn case_number(db: &Db, key: &str) -> String {
    let mut response = db
        .query("SELECT VALUE [year, number] FROM type::record('case_file', $key)")
        .bind(("key", key.to_string()))
        .await
        .expect("case");
    let pairs: Vec<Vec<i64>> = response.take(0).expect("number");
    app::cases::repo::case_number(pairs[0][0], pairs[0][1])
}

async fn raid(app: &TestApp, cookie: &str, id: &str) -> Value {
    let reply = app.call("/api/patrol/get", ServerFnBody::Form(vec![("id", id.into())]), Some(cookie)).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    reply.json()["raid"].clone()
}

fn plan(date: &str) -> Value {
    json!({ "id": "", "version": 0, "form": {
        "date": date, "start_time": "18:00", "end_time": "", "route": "ул. Мира, д. 14–28 — ул. Гастелло, д. 12",
        "districts": ["d2"], "purpose": "Выявление детей без присмотра" } })
}

#[tokio::test]
async fn a_raid_is_staffed_meets_people_registers_an_appeal_linked_to_it_and_is_held() {
    let db = database().await;
    let app = TestApp::new(db.clone()).await;
    let boss = user(&db, "boss", Role::Supervisor).await;
    let worker_user = user(&db, "worker", Role::Caseworker).await;
    user(&db, "desk", Role::Dispatcher).await;
    user(&db, "psy", Role::Psychologist).await;
    let worker = app.login("worker").await;
    let desk = app.login("desk").await;
    let psy = app.login("psy").await;
    let crisis = partner(&db).await;
    let today = app::time::local_today(Utc::now()).to_string();

    // A plan with nothing in it: each field named, nothing written.
    let before = table_counts(&db, &["patrol_raid", "audit"]).await;
    let reply = app
        .call("/api/patrol/save", ServerFnBody::Json(json!({ "id": "", "version": 0, "form": {} })), Some(&worker))
        .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", reply.body);
    for text in ["Укажите дату рейда", "Укажите время начала", "Укажите маршрут или адреса рейда"]
    {
        assert!(reply.body.contains(text), "{text}: {}", reply.body);
    }
    assert_eq!(table_counts(&db, &["patrol_raid", "audit"]).await, before);

    let reply = app.call("/api/patrol/save", ServerFnBody::Json(plan(&today)), Some(&worker)).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let id = reply.json().as_str().expect("raid key").to_string();
    let planned = raid(&app, &worker, &id).await;
    assert_eq!(planned["state"], "planned");
    assert_eq!(planned["district_names"].as_array().map(Vec::len), Some(1));

    // Not held without anyone on it and without its findings.
    let hold = json!({ "id": id, "version": planned["version"], "form": { "findings": "", "end_time": "" } });
    let reply = app.call("/api/patrol/hold", ServerFnBody::Json(hold), Some(&worker)).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", reply.body);
    assert!(reply.body.contains("Добавьте хотя бы одного участника рейда"), "{}", reply.body);
    assert!(reply.body.contains("Опишите итоги рейда"), "{}", reply.body);

    // Who takes part: the caseworker, a police officer, the crisis centre.
    for form in [
        json!({ "kind": "staff", "user": worker_user.id }),
        json!({ "kind": "police", "full_name": "Кириллов Д. С.", "position": "участковый уполномоченный полиции",
            "organisation": "ОМВД России по г. Югорску" }),
        json!({ "kind": "partner", "partner": crisis, "full_name": "Лаптева М. О.", "position": "психолог" }),
    ] {
        let reply = app
            .call("/api/patrol/add_participant", ServerFnBody::Json(json!({ "id": id, "form": form })), Some(&worker))
            .await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    }
    let reply = app
        .call(
            "/api/patrol/add_participant",
            ServerFnBody::Json(json!({ "id": id, "form": { "kind": "staff", "user": worker_user.id } })),
            Some(&worker),
        )
        .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "the same person twice: {}", reply.body);
    assert!(reply.body.contains("уже в составе рейда"), "{}", reply.body);
    let reply = app
        .call(
            "/api/patrol/add_participant",
            ServerFnBody::Json(json!({ "id": id, "form": { "kind": "police", "full_name": "Смирнов" } })),
            Some(&worker),
        )
        .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", reply.body);
    assert!(reply.body.contains("хотя бы два слова"), "{}", reply.body);

    // A person met, linked to a case: one of her districts is found, one of another district is not.
    let own = open_case(&db, &boss, &family_form("Семья Ивановых", "d1", "")).await;
    let other = open_case(&db, &boss, &family_form("Семья Петровых", "d3", "")).await;
    let met = |case: String| {
        json!({ "id": id, "key": "", "form": {
            "full_name": "Никитина Алёна Сергеевна", "age": "34", "address": "г. Югорск, ул. Гастелло, д. 12, кв. 40",
            "family": "с двумя детьми", "situation": "Отключено отопление за долги, дети простужены",
            "help": "Передан продуктовый набор", "case_number": case, "referred_partner": crisis, "referred_to": "" } })
    };
    let reply =
        app.call("/api/patrol/save_met", ServerFnBody::Json(met(case_number(&db, &other).await)), Some(&worker)).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", reply.body);
    assert!(reply.body.contains("не найден или недоступен вам"), "{}", reply.body);
    let own_number = case_number(&db, &own).await;
    let reply = app.call("/api/patrol/save_met", ServerFnBody::Json(met(own_number.clone())), Some(&worker)).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let key = reply.json().as_str().expect("met key").to_string();

    // The appeal registered in the journal from the person met is linked to the raid.
    let entries_before = table_counts(&db, &["journal_entry"]).await[0].1;
    let reply = app
        .call(
            "/api/patrol/register_appeal",
            ServerFnBody::Form(vec![("id", id.clone()), ("key", key.clone())]),
            Some(&worker),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let number = reply.json().as_str().expect("journal number").to_string();
    assert_eq!(table_counts(&db, &["journal_entry"]).await[0].1, entries_before + 1);
    // Linked to the journal, the record of the person met is no longer deleted.
    let reply = app
        .call(
            "/api/patrol/remove_met",
            ServerFnBody::Form(vec![("id", id.clone()), ("key", key.clone())]),
            Some(&worker),
        )
        .await;
    assert_eq!(reply.status, StatusCode::CONFLICT, "{}", reply.body);
    assert!(reply.body.contains("связана с журналом"), "{}", reply.body);
    let seen = raid(&app, &worker, &id).await;
    let person = &seen["met"][0];
    assert_eq!(person["journal_number"], number.as_str());
    assert_eq!(person["case_number"], own_number.as_str());
    assert_eq!(person["case_id"], own.as_str());
    assert_eq!(person["referred_to"], "АНО «Кризисный центр «Надежда»»");
    let entry_id = person["journal_entry_id"].as_str().expect("linked entry").to_string();
    let entry = app::journal::repo::get(&db, &entry_id).await.expect("read").expect("the entry exists");
    assert_eq!(entry.full_name.as_deref(), Some("Никитина Алёна Сергеевна"));
    assert_eq!(format!("№ {}/{}", entry.number, entry.year), number);
    assert_eq!(entry.channel, app::journal::types::Channel::InPerson);
    assert!(entry.summary.contains("рейда «Социальный патруль»"), "{}", entry.summary);
    assert_eq!(entry.district_id.as_deref(), Some("d2"));
    // The dispatch desk sees it in its journal.
    let reply = app.call("/api/journal/get", ServerFnBody::Form(vec![("id", entry_id.clone())]), Some(&desk)).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    // Registered once: a second tap is told so, and no second entry is made.
    let reply = app
        .call(
            "/api/patrol/register_appeal",
            ServerFnBody::Form(vec![("id", id.clone()), ("key", key.clone())]),
            Some(&desk),
        )
        .await;
    assert_eq!(reply.status, StatusCode::CONFLICT, "{}", reply.body);
    assert!(reply.body.contains("уже зарегистрировано"), "{}", reply.body);
    assert_eq!(table_counts(&db, &["journal_entry"]).await[0].1, entries_before + 1);

    // Held, with its findings; once only.
    let version = seen["version"].clone();
    let hold =
        json!({ "id": id, "version": version, "form": { "findings": "Обследовано 11 адресов", "end_time": "21:30" } });
    let reply = app.call("/api/patrol/hold", ServerFnBody::Json(hold.clone()), Some(&worker)).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let held = raid(&app, &desk, &id).await;
    assert_eq!(held["state"], "held");
    assert_eq!(held["end_time"], "21:30");
    assert_eq!(held["participants"].as_array().map(Vec::len), Some(3));
    let reply = app.call("/api/patrol/hold", ServerFnBody::Json(hold), Some(&worker)).await;
    assert!(reply.status.is_client_error(), "{}", reply.body);
    let list = app.call("/api/patrol/list", ServerFnBody::Json(json!({ "query": {} })), Some(&desk)).await;
    assert_eq!(list.status, StatusCode::OK, "{}", list.body);
    assert_eq!(list.json()["held"][0]["id"], id.as_str());

    // The reads are audited.
    let mut response = db
        .query("SELECT VALUE summary FROM audit WHERE record = $record AND action = 'view'")
        .bind(("record", format!("patrol_raid:{id}")))
        .await
        .expect("audit");
    let views: Vec<String> = response.take(0).expect("views");
    assert!(!views.is_empty());

    // Rights: a psychologist has no patrol; without a session nobody has.
    let body = |path: &str| match path {
        "/api/patrol/list" => ServerFnBody::Json(json!({ "query": {} })),
        "/api/patrol/get" => ServerFnBody::Form(vec![("id", id.clone())]),
        _ => ServerFnBody::Form(vec![("id", id.clone()), ("key", key.clone())]),
    };
    for path in ["/api/patrol/list", "/api/patrol/get", "/api/patrol/register_appeal"] {
        assert_eq!(app.call(path, body(path), Some(&psy)).await.status, StatusCode::FORBIDDEN, "{path}");
        assert_eq!(app.call(path, body(path), None).await.status, StatusCode::UNAUTHORIZED, "{path}");
    }
}

#[tokio::test]
async fn a_raid_ahead_is_not_held_and_the_urgent_page_names_the_next_one() {
    let db = database().await;
    let app = TestApp::new(db.clone()).await;
    user(&db, "desk", Role::Dispatcher).await;
    let desk = app.login("desk").await;
    let ahead = (app::time::local_today(Utc::now()) + chrono::Duration::days(3)).to_string();
    let reply = app.call("/api/patrol/save", ServerFnBody::Json(plan(&ahead)), Some(&desk)).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let id = reply.json().as_str().expect("raid key").to_string();
    let form = json!({ "kind": "police", "full_name": "Кириллов Д. С.", "organisation": "ОМВД России по г. Югорску" });
    let reply = app
        .call("/api/patrol/add_participant", ServerFnBody::Json(json!({ "id": id, "form": form })), Some(&desk))
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let seen = raid(&app, &desk, &id).await;
    let hold = json!({ "id": id, "version": seen["version"], "form": { "findings": "Готово", "end_time": "" } });
    let reply = app.call("/api/patrol/hold", ServerFnBody::Json(hold), Some(&desk)).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", reply.body);
    assert!(reply.body.contains("отметить его проведённым можно в этот день или позже"), "{}", reply.body);
    let summary = app.call("/api/patrol/summary", ServerFnBody::Form(vec![]), Some(&desk)).await;
    assert_eq!(summary.status, StatusCode::OK, "{}", summary.body);
    assert_eq!(summary.json()["next_date"], ahead.as_str());
    let page = app.get("/urgent", Some(&desk)).await;
    assert_eq!(page.status, StatusCode::OK);
}

#[tokio::test]
async fn a_planned_raid_is_cancelled_with_its_reason_and_a_mistaken_record_is_deleted() {
    let db = database().await;
    let app = TestApp::new(db.clone()).await;
    user(&db, "desk", Role::Dispatcher).await;
    let desk = app.login("desk").await;
    let today = app::time::local_today(Utc::now()).to_string();
    let reply = app.call("/api/patrol/save", ServerFnBody::Json(plan(&today)), Some(&desk)).await;
    let id = reply.json().as_str().expect("raid key").to_string();

    // A person written down by mistake is deleted; the raid is then as before.
    let form = json!({ "id": id, "key": "", "form": {
        "full_name": "Ошибочная запись", "age": "", "address": "ул. Мира, 14", "family": "",
        "situation": "Записан не на тот рейд", "help": "", "case_number": "", "referred_partner": "", "referred_to": "" } });
    let reply = app.call("/api/patrol/save_met", ServerFnBody::Json(form), Some(&desk)).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let key = reply.json().as_str().expect("met key").to_string();
    let remove = |key: String| {
        let (app, id, desk) = (&app, id.clone(), desk.clone());
        async move {
            app.call("/api/patrol/remove_met", ServerFnBody::Form(vec![("id", id), ("key", key)]), Some(&desk)).await
        }
    };
    let seen = raid(&app, &desk, &id).await;
    assert_eq!(seen["met"].as_array().map(Vec::len), Some(1));
    // While someone is written down on it, the raid took place: it is not cancelled.
    let cancel = |version: &Value, reason: &str| {
        ServerFnBody::Form(vec![("id", id.clone()), ("version", version.to_string()), ("reason", reason.to_string())])
    };
    let reply = app.call("/api/patrol/cancel", cancel(&seen["version"], "Дождь"), Some(&desk)).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", reply.body);
    assert!(reply.body.contains("отметьте его проведённым"), "{}", reply.body);
    assert_eq!(remove(key.clone()).await.status, StatusCode::OK);
    assert_eq!(remove(key).await.status, StatusCode::NOT_FOUND, "deleted once");
    let seen = raid(&app, &desk, &id).await;
    assert_eq!(seen["met"], json!([]));

    // Cancelled with its reason (refused without one, and on a stale version).
    let reply = app.call("/api/patrol/cancel", cancel(&seen["version"], "  "), Some(&desk)).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", reply.body);
    assert!(reply.body.contains("Укажите причину отмены"), "{}", reply.body);
    let reply = app.call("/api/patrol/cancel", cancel(&json!(0), "Наряд полиции отозван"), Some(&desk)).await;
    assert_eq!(reply.status, StatusCode::CONFLICT, "{}", reply.body);
    let reply = app.call("/api/patrol/cancel", cancel(&seen["version"], "Наряд полиции отозван"), Some(&desk)).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let cancelled = raid(&app, &desk, &id).await;
    assert_eq!(cancelled["state"], "cancelled");
    assert_eq!(cancelled["cancel_reason"], "Наряд полиции отозван");
    assert!(!cancelled["cancelled_by_name"].as_str().unwrap_or_default().is_empty());

    // A cancelled raid is neither held, nor changed, nor cancelled again; it stays in the list.
    let hold = json!({ "id": id, "version": cancelled["version"], "form": { "findings": "Итоги", "end_time": "" } });
    assert_eq!(
        app.call("/api/patrol/hold", ServerFnBody::Json(hold), Some(&desk)).await.status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    let form = json!({ "kind": "police", "full_name": "Кириллов Д. С.", "organisation": "ОМВД России по г. Югорску" });
    let reply = app
        .call("/api/patrol/add_participant", ServerFnBody::Json(json!({ "id": id, "form": form })), Some(&desk))
        .await;
    assert_eq!(reply.status, StatusCode::CONFLICT, "{}", reply.body);
    assert!(reply.body.contains("Рейд отменён"), "{}", reply.body);
    let reply = app.call("/api/patrol/cancel", cancel(&cancelled["version"], "Ещё раз"), Some(&desk)).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", reply.body);
    let list = app
        .call("/api/patrol/list", ServerFnBody::Json(json!({ "query": { "from": "", "to": "" } })), Some(&desk))
        .await;
    assert_eq!(list.status, StatusCode::OK, "{}", list.body);
    assert_eq!(list.json()["planned"], json!([]));
    assert_eq!(list.json()["held"][0]["state"], "cancelled");
}
