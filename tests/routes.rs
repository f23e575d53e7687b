//! Router maps and family routes against a real (in-memory) SurrealDB, through the server
//! functions: the default maps, versioned editing that leaves planned routes alone, deadlines in
//! working days, partner suggestions by district and kind of help, progress on the board, and
//! who may do what.

use app::auth::{CurrentUser, Role};
use app::cases::repo;
use app::cases::types::{CaseForm, MemberForm};
use app::cases::validate::validate_case;
use app::db::Db;
use app::resources::types::{PartnerForm, ServiceForm};
use app::resources::validate::validate_partner;
use app::router_maps::types::{validate_map, MapContent};
use chrono::Utc;
use http::StatusCode;
use opora_tests::{database, user, ServerFnBody, TestApp};
use serde_json::{json, Value};

fn svo_case(title: &str, categories: &[&str]) -> CaseForm {
    let today = app::time::local_today(Utc::now());
    CaseForm {
        kind: "family".into(),
        title: title.into(),
        members: vec![MemberForm {
            full_name: "Гарипов Руслан Ильдарович".into(),
            birth_date: "1988-03-12".into(),
            relation: "applicant".into(),
            categories: vec![],
        }],
        categories: categories.iter().map(|c| c.to_string()).collect(),
        address: "г. Югорск, ул. Мира, д. 5".into(),
        district: "d1".into(),
        phone: "+7 912 000-11-22".into(),
        consent: true,
        consent_date: today.to_string(),
        source: "personal".into(),
        detected_on: today.to_string(),
        ..Default::default()
    }
}

async fn open_case(db: &Db, by: &CurrentUser, curator: &str, form: CaseForm) -> String {
    let today = app::time::local_today(Utc::now());
    let calendar = repo::calendar(db).await.unwrap();
    let case = validate_case(&CaseForm { curator: curator.into(), ..form }, today).unwrap();
    repo::create(db, by, &case, &calendar, Utc::now()).await.unwrap()
}

async fn partner(db: &Db, by: &CurrentUser, kind: &str, name: &str, districts: &[&str], help: &[&str]) -> String {
    use app::resources::repo as resources;
    let form = PartnerForm {
        kind: kind.into(),
        name: name.into(),
        address: format!("г. Югорск, ул. Ленина, {}", name.chars().count()),
        phones: "8 (34675) 2-11-22".into(),
        districts: districts.iter().map(|d| d.to_string()).collect(),
        services: vec![ServiceForm {
            name: "Услуга".into(),
            help: help.iter().map(|h| h.to_string()).collect(),
            cost: "free".into(),
            ..Default::default()
        }],
        ..Default::default()
    };
    let kinds = resources::help_kinds(db).await.unwrap();
    let districts = resources::district_keys(db).await.unwrap();
    let today = app::time::local_today(Utc::now());
    let valid = validate_partner(&form, today, &kinds, &districts).expect("valid partner");
    resources::create(db, by, &valid, &kinds, Utc::now()).await.unwrap()
}

/// An activity as the browser sends it: a step of the participant's map.
fn activity(map: &Value, step_id: &str, key: &str) -> Value {
    let situations = map["content"]["situations"].as_array().unwrap();
    let (situation, step) = situations
        .iter()
        .find_map(|s| s["steps"].as_array().unwrap().iter().find(|st| st["id"] == step_id).map(|st| (s, st)))
        .expect("step in map");
    json!({
        "key": key, "map": map["code"], "map_version": map["version"], "step": step_id,
        "situation": situation["title"], "title": step["title"], "content": step["content"],
        "documents": step["documents"], "help_kind": step["help_kind"], "partner_kind": step["partner_kind"],
        "duration_days": step["duration_days"], "partner_id": null, "partner_name": "", "responsible_id": null,
        "responsible_name": "", "deadline": "2000-01-01", "deadline_fixed": false, "status": "planned", "result": ""
    })
}

fn content(start_on: &str, activities: Vec<Value>) -> Value {
    json!({
        "diagnostic": {
            "findings": [{ "map": "participant", "situation": "p-disability", "title": "Установление инвалидности",
                           "member": "Гарипов Руслан Ильдарович", "note": "Ранение руки" }],
            "personal_resources": "Водит машину", "family_resources": "", "social_resources": "",
            "material_resources": "", "filled_on": start_on
        },
        "plan": {
            "members": ["Гарипов Руслан Ильдарович"], "start_on": start_on, "term_until": "2027-06-30",
            "support_level": "basic", "reason": "Вернулся после ранения", "activities": activities,
            "controls": [], "outcome": "", "conclusion": "", "recommendations": ""
        }
    })
}

async fn save(app: &TestApp, cookie: &str, case: &str, version: i64, content: Value) -> opora_tests::Reply {
    app.call(
        "/api/routes/save",
        ServerFnBody::Json(json!({ "case_id": case, "version": version, "content": content })),
        Some(cookie),
    )
    .await
}

async fn get(app: &TestApp, cookie: &str, case: &str) -> opora_tests::Reply {
    app.call("/api/routes/get", ServerFnBody::Form(vec![("case_id", case.to_string())]), Some(cookie)).await
}

#[tokio::test]
async fn the_default_maps_load_and_validate() {
    let db = database().await;
    let maps = app::router_maps::repo::list(&db).await.unwrap();
    let codes: Vec<&str> = maps.iter().map(|m| m.code.as_str()).collect();
    assert_eq!(codes, ["participant", "family", "children", "adults"]);
    let kinds: Vec<String> = app::resources::repo::help_kinds(&db).await.unwrap().into_iter().map(|k| k.code).collect();
    for map in &maps {
        assert_eq!(map.version, 1);
        let mut content: MapContent = map.content.clone();
        validate_map(&mut content, &kinds).expect("the shipped map is valid");
        assert_eq!(content, map.content, "the shipped map is already clean");
    }
    let participant = &maps[0].content;
    assert!(participant.situations.len() >= 8);
    for title in ["инвалидност", "статус", "Трудоустройство", "Психологическая", "уход", "жил", "юридическая"]
    {
        assert!(
            participant.situations.iter().any(|s| s.title.to_lowercase().contains(&title.to_lowercase())),
            "participant map lacks «{title}»"
        );
    }
    assert!(participant.situations.iter().flat_map(|s| &s.steps).any(|s| s.partner_kind.as_deref() == Some("mse")));
    let family = &maps[1].content;
    assert!(family.situations.len() >= 9);
    assert!(family.situations.iter().flat_map(|s| &s.steps).any(|s| s.help_kind == "household"));
    // The typical activities of a family with children: a psychologist's, a lawyer's and a
    // partner's among them.
    let children = &maps[2].content;
    let steps: Vec<_> = children.situations.iter().flat_map(|s| &s.steps).collect();
    assert!(steps.iter().any(|s| s.help_kind == "psychological" && s.partner_kind.is_none()));
    assert!(steps.iter().any(|s| s.help_kind == "legal" && s.partner_kind.is_none()));
    assert!(steps.iter().any(|s| s.partner_kind.as_deref() == Some("minors_commission")));
    assert!(maps[3].content.situations.iter().any(|s| s.title.contains("уход")));

    // Opening the database again keeps the maps as they are (an edited map is not replaced).
    opora_server::db::migrate(&db).await.unwrap();
    assert_eq!(app::router_maps::repo::list(&db).await.unwrap(), maps);
    assert_eq!(app::router_maps::repo::versions(&db, "family").await.unwrap().len(), 1);
}

#[tokio::test]
async fn editing_a_map_makes_a_version_and_leaves_planned_routes_alone() {
    let db = database().await;
    let app = TestApp::new(db.clone()).await;
    let worker = user(&db, "worker", Role::Caseworker).await;
    let chief = user(&db, "chief", Role::Supervisor).await;
    let case = open_case(&db, &chief, &worker.id, svo_case("Гарипов Руслан Ильдарович", &["svo_participant"])).await;
    let worker_cookie = app.login("worker").await;
    let chief_cookie = app.login("chief").await;

    let reply = get(&app, &worker_cookie, &case).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let details = reply.json();
    let map = details["maps"][0].clone();
    assert_eq!(map["code"], "participant");
    assert!(details["route"].is_null());
    let reply =
        save(&app, &worker_cookie, &case, 0, content("2026-11-23", vec![activity(&map, "p-disability-1", "a")])).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let original_title = map["content"]["situations"][1]["steps"][0]["title"].clone();

    // A caseworker may not edit the map; the supervisor may.
    let mut edited = map["content"].clone();
    edited["situations"][1]["steps"][0]["title"] = json!("Направление на МСЭ (новый порядок)");
    edited["situations"][1]["steps"][0]["duration_days"] = json!(7);
    let body = |version: i64, content: &Value| {
        ServerFnBody::Json(json!({ "code": "participant", "version": version, "content": content }))
    };
    let reply = app.call("/api/router_maps/save", body(1, &edited), Some(&worker_cookie)).await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN, "{}", reply.body);
    let reply = app.call("/api/router_maps/save", body(1, &edited), Some(&chief_cookie)).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert_eq!(reply.json()["version"], 2);
    // A save from the old version is a conflict that names who saved.
    let reply = app.call("/api/router_maps/save", body(1, &edited), Some(&chief_cookie)).await;
    assert_eq!(reply.status, StatusCode::CONFLICT, "{}", reply.body);
    assert!(reply.body.contains("Проверкина"), "{}", reply.body);
    // A broken map is refused with its place named.
    let mut broken = edited.clone();
    broken["situations"][0]["steps"][0]["duration_days"] = json!(0);
    let reply = app.call("/api/router_maps/save", body(2, &broken), Some(&chief_cookie)).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", reply.body);
    assert!(reply.body.contains("Ситуация 1, шаг 1"), "{}", reply.body);

    // The route keeps the step as it was planned, with the map's old version.
    let route = get(&app, &worker_cookie, &case).await.json()["route"].clone();
    let planned = &route["content"]["plan"]["activities"][0];
    assert_eq!(planned["title"], original_title);
    assert_eq!(planned["map_version"], 1);
    // A new step taken now comes from the new version.
    let fresh = get(&app, &worker_cookie, &case).await.json()["maps"][0].clone();
    assert_eq!(fresh["version"], 2);
    assert_eq!(fresh["content"]["situations"][1]["steps"][0]["title"], "Направление на МСЭ (новый порядок)");
    let versions = app::router_maps::repo::versions(&db, "participant").await.unwrap();
    assert_eq!(versions.iter().map(|v| v.version).collect::<Vec<_>>(), [2, 1]);
    let old = app::router_maps::repo::version_content(&db, "participant", 1).await.unwrap().unwrap();
    assert_eq!(json!(old.situations[1].steps[0].title), original_title);
}

#[tokio::test]
async fn deadlines_follow_the_working_day_calendar_and_a_hand_set_one_stays() {
    let db = database().await;
    let app = TestApp::new(db.clone()).await;
    let worker = user(&db, "worker", Role::Caseworker).await;
    let case = open_case(&db, &worker, &worker.id, svo_case("Семья Гариповых", &["svo_participant"])).await;
    let cookie = app.login("worker").await;
    let map = get(&app, &cookie, &case).await.json()["maps"][0].clone();
    // p-legal-1 (2 working days), p-status-1 (10), p-employment-1 (3).
    let mut steps = vec![
        activity(&map, "p-legal-1", "a"),
        activity(&map, "p-status-1", "b"),
        activity(&map, "p-employment-1", "c"),
    ];
    for (step, days) in steps.iter().zip([2, 10, 3]) {
        assert_eq!(step["duration_days"], days);
    }
    // From Tuesday 29 December 2026: 30 December is a working day, 31 December a day off by
    // the 2026 transfer, then the New Year holidays (1–8 January) and a weekend — the second
    // working day is 11 January 2027.
    let reply = save(&app, &cookie, &case, 0, content("2026-12-29", steps.clone())).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let activities = reply.json()["content"]["plan"]["activities"].clone();
    let deadlines: Vec<&str> = activities.as_array().unwrap().iter().map(|a| a["deadline"].as_str().unwrap()).collect();
    assert_eq!(deadlines, ["2027-01-11", "2027-01-25", "2027-01-28"]);

    // A deadline set by hand stays, and the next counts from it.
    steps[1]["deadline"] = json!("2027-02-01");
    steps[1]["deadline_fixed"] = json!(true);
    let reply = save(&app, &cookie, &case, 1, content("2026-12-29", steps)).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let activities = reply.json()["content"]["plan"]["activities"].clone();
    assert_eq!(activities[1]["deadline"], "2027-02-01");
    assert_eq!(activities[2]["deadline"], "2027-02-04");
}

#[tokio::test]
async fn partners_are_offered_by_kind_of_help_with_the_familys_district_first() {
    let db = database().await;
    let app = TestApp::new(db.clone()).await;
    let worker = user(&db, "worker", Role::Caseworker).await;
    let chief = user(&db, "chief", Role::Supervisor).await;
    let case = open_case(&db, &chief, &worker.id, svo_case("Семья Гариповых", &["svo_participant"])).await;
    partner(&db, &chief, "mse", "Бюро МСЭ № 5 (участок 3)", &["d3"], &["disability"]).await;
    let near = partner(&db, &chief, "mse", "Бюро МСЭ № 1 (участок 1)", &["d1"], &["disability"]).await;
    partner(&db, &chief, "health", "Городская больница (весь город)", &[], &["disability", "medical"]).await;
    partner(&db, &chief, "ngo", "Юристы-добровольцы (участок 1)", &["d1"], &["legal"]).await;
    let cookie = app.login("worker").await;
    let reply = app
        .call(
            "/api/routes/partners",
            ServerFnBody::Form(vec![
                ("case_id", case.clone()),
                ("help_kind", "disability".into()),
                ("partner_kind", "mse".into()),
            ]),
            Some(&cookie),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let options = reply.json();
    let names: Vec<&str> = options.as_array().unwrap().iter().map(|o| o["name"].as_str().unwrap()).collect();
    // The family's district (and the whole town) first, the step's kind of partner first among
    // them; a partner of another kind of help not at all.
    assert_eq!(names, ["Бюро МСЭ № 1 (участок 1)", "Городская больница (весь город)", "Бюро МСЭ № 5 (участок 3)"]);
    assert_eq!(options[0]["near"], true);
    assert_eq!(options[2]["near"], false);

    // The chosen partner's name comes from the registry, whatever the browser says.
    let map = get(&app, &cookie, &case).await.json()["maps"][0].clone();
    let mut step = activity(&map, "p-disability-2", "a");
    step["partner_id"] = json!(near);
    step["partner_name"] = json!("<script>подмена</script>");
    step["responsible_id"] = json!(worker.id);
    let reply = save(&app, &cookie, &case, 0, content("2026-11-23", vec![step.clone()])).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let saved = &reply.json()["content"]["plan"]["activities"][0];
    assert_eq!(saved["partner_name"], "Бюро МСЭ № 1 (участок 1)");
    assert_eq!(saved["responsible_name"], worker.full_name);
    // An unknown partner is named on the form.
    step["partner_id"] = json!("nobody");
    let reply = save(&app, &cookie, &case, 1, content("2026-11-23", vec![step])).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", reply.body);
    assert!(reply.body.contains("activities.0.partner_id"), "{}", reply.body);
}

#[tokio::test]
async fn the_routes_progress_shows_on_the_board_card() {
    let db = database().await;
    let app = TestApp::new(db.clone()).await;
    let worker = user(&db, "worker", Role::Caseworker).await;
    let case = open_case(&db, &worker, &worker.id, svo_case("Семья Гариповых", &["svo_family"])).await;
    let cookie = app.login("worker").await;
    let details = get(&app, &cookie, &case).await.json();
    assert_eq!(details["maps"][0]["code"], "family");
    let map = details["maps"][0].clone();
    let mut first = activity(&map, "f-household-2", "a");
    first["status"] = json!("done");
    // Done without a result is refused, the place named.
    let reply =
        save(&app, &cookie, &case, 0, content("2026-11-23", vec![first.clone(), activity(&map, "f-culture-1", "b")]))
            .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", reply.body);
    assert!(reply.body.contains("Мероприятие 1: опишите результат"), "{}", reply.body);
    first["result"] = json!("Дрова привезены волонтёрами");
    let reply =
        save(&app, &cookie, &case, 0, content("2026-11-23", vec![first, activity(&map, "f-culture-1", "b")])).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let second_deadline = reply.json()["content"]["plan"]["activities"][1]["deadline"].as_str().unwrap().to_string();

    let calendar = repo::calendar(&db).await.unwrap();
    let today = app::time::local_today(Utc::now());
    let card = repo::card(&db, &case, &calendar, today).await.unwrap().unwrap();
    let progress = card.route.expect("progress on the card");
    assert_eq!((progress.done, progress.total), (1, 2));
    assert_eq!(progress.next_due.map(|d| d.format("%Y-%m-%d").to_string()), Some(second_deadline));
}

#[tokio::test]
async fn only_those_who_work_the_case_plan_its_route() {
    let db = database().await;
    let app = TestApp::new(db.clone()).await;
    let worker = user(&db, "worker", Role::Caseworker).await;
    user(&db, "lawyer", Role::Lawyer).await;
    user(&db, "disp", Role::Dispatcher).await;
    let svo = open_case(&db, &worker, &worker.id, svo_case("Семья Гариповых", &["svo_participant"])).await;
    let plain = open_case(&db, &worker, &worker.id, svo_case("Семья Петровых", &["family_children"])).await;
    let cookie = app.login("worker").await;

    // A family with children outside СВО plans from the typical activities of its ИПССС.
    let details = get(&app, &cookie, &plain).await.json();
    let codes: Vec<&str> = details["maps"].as_array().unwrap().iter().filter_map(|m| m["code"].as_str()).collect();
    assert_eq!(codes, ["children"]);
    assert_eq!(details["plan_kind"], "family");
    let reply = save(&app, &cookie, &plain, 0, content("2026-11-23", vec![])).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);

    // A lawyer who does not curate the case does not see it; a dispatcher may not plan.
    let reply = get(&app, &app.login("lawyer").await, &svo).await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND, "{}", reply.body);
    let reply = save(&app, &app.login("disp").await, &svo, 0, content("2026-11-23", vec![])).await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN, "{}", reply.body);

    // Two saves from the same version: the second is a conflict, and nothing is lost.
    let reply = save(&app, &cookie, &svo, 0, content("2026-11-23", vec![])).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let reply = save(&app, &cookie, &svo, 0, content("2026-11-24", vec![])).await;
    assert_eq!(reply.status, StatusCode::CONFLICT, "{}", reply.body);
    let route = get(&app, &cookie, &svo).await.json()["route"].clone();
    assert_eq!(route["content"]["plan"]["start_on"], "2026-11-23");
    // Intermediate control is signed by whoever saves it, whatever the browser says; a stored
    // entry cannot be rewritten.
    let mut controlled = content("2026-11-23", vec![]);
    controlled["plan"]["controls"] = json!([{ "on": "2026-11-24", "text": "Семья на связи", "by": "Подделка" }]);
    let reply = save(&app, &cookie, &svo, 1, controlled.clone()).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert_eq!(reply.json()["content"]["plan"]["controls"][0]["by"], worker.full_name);
    controlled["plan"]["controls"][0]["text"] = json!("Исправлено задним числом");
    let reply = save(&app, &cookie, &svo, 2, controlled).await;
    assert_eq!(reply.json()["content"]["plan"]["controls"][0]["text"], "Семья на связи");
    // A far-away year is refused, not overflowed.
    let reply = save(&app, &cookie, &svo, 3, content("+262143-12-31", vec![])).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", reply.body);
    // Hostile text is kept as text.
    let mut hostile = content("2026-11-23", vec![]);
    hostile["plan"]["reason"] = json!("'; DELETE case_file; -- <img src=x onerror=alert(1)>");
    let reply = save(&app, &cookie, &svo, 3, hostile).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert_eq!(reply.json()["content"]["plan"]["reason"], "'; DELETE case_file; -- <img src=x onerror=alert(1)>");
    assert!(repo::row(&db, &plain).await.unwrap().is_some());
}
