//! The individual needs card and the individual plan of a person 55+ through the server
//! functions: a caseworker fills the needs card (the person's interests are the card's own),
//! the plan suggests by the interests first — events of the next months, interest groups, the
//! КЦСОН's services, partners of the district — items are added for a month, a quarter and a
//! year and marked done or not done; another district's caseworker is refused, a lost race is
//! reported, and mistakes are named at their fields with nothing written.

use app::auth::users::{create_user, NewUser};
use app::auth::Role;
use app::db::Db;
use app::elders::plan::Period;
use chrono::{Duration, Utc};
use http::StatusCode;
use opora_tests::{database, table_counts, user, Reply, ServerFnBody, TestApp, PASSWORD};
use serde_json::{json, Value};

fn person(name: &str) -> Value {
    json!({
        "full_name": name, "sex": "female", "birth_date": "1956-02-11", "disability": "", "disability_since": "",
        "address": "г. Югорск, ул. Мира, д. 5, кв. 7", "district": "d1", "phone": "8 912 000-11-22",
        "phone2": "", "messenger": "", "lives_with": "одна", "consent": true,
        "consent_on": app::time::local_today(Utc::now()).to_string(),
        "marks": [], "interests": [], "case_number": "", "notes": "", "left_reason": ""
    })
}

fn needs(interests: &[&str], priorities: &[&str], group_fit: &str) -> Value {
    json!({
        "interests": interests, "priorities": priorities, "preferences": "Утром, недалеко от дома",
        "group_fit": group_fit, "help_needs": ["escort"], "help_note": "", "can_give": ["silver_volunteer"],
        "can_give_note": "Бывший учитель, может заниматься с детьми"
    })
}

async fn save_needs(app: &TestApp, cookie: &str, elder: &str, version: i64, form: Value) -> Reply {
    app.call(
        "/api/elders/needs_save",
        ServerFnBody::Json(json!({ "elder": elder, "version": version, "form": form })),
        Some(cookie),
    )
    .await
}

async fn plan(app: &TestApp, cookie: &str, elder: &str, period: &str) -> Reply {
    app.call(
        "/api/elders/plan",
        ServerFnBody::Form(vec![("elder", elder.to_string()), ("period", period.to_string())]),
        Some(cookie),
    )
    .await
}

async fn add(app: &TestApp, cookie: &str, elder: &str, form: Value) -> Reply {
    app.call(
        "/api/elders/plan_item_save",
        ServerFnBody::Json(json!({ "elder": elder, "id": "", "version": 0, "form": form })),
        Some(cookie),
    )
    .await
}

async fn mark(app: &TestApp, cookie: &str, id: &str, version: i64, done: &str) -> Reply {
    app.call(
        "/api/elders/plan_item_mark",
        ServerFnBody::Form(vec![("id", id.into()), ("version", version.to_string()), ("done", done.into())]),
        Some(cookie),
    )
    .await
}

fn item_form(period: &str, kind: &str, title: &str) -> Value {
    json!({ "period": period, "kind": kind, "title": title, "interest": "", "event": "", "group": "", "partner": "", "note": "" })
}

/// A caseworker of district 3 only.
async fn caseworker_of_d3(db: &Db) {
    create_user(
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
    .expect("user");
}

/// A partner of the resource map on district 1 (an education centre) and one on district 3.
async fn partners(db: &Db) {
    db.query(
        "FOR $p IN [
             { key: 'school', name: 'Центр дополнительного образования «Знание»', kind: 'education', districts: [district:d1] },
             { key: 'far', name: 'Спортклуб на другом участке', kind: 'sport', districts: [district:d3] }
         ] {
             CREATE type::record('partner', $p.key) CONTENT {
                 kind: $p.kind, name: $p.name, description: '', address: '', phones: [], contact_person: '',
                 districts: $p.districts, hours: '', services: [], help: [], free: true, discount: false,
                 archived: false, search_text: $p.name, created_at: time::now(), updated_at: time::now(),
                 updated_by_name: 'Тест', version: 1
             };
         };",
    )
    .await
    .expect("partners")
    .check()
    .expect("partners created");
}

fn items_of(page: &Value) -> Vec<Value> {
    page["items"].as_array().cloned().unwrap_or_default()
}

#[tokio::test]
async fn a_caseworker_keeps_the_needs_card_and_the_plan_of_her_people() {
    let db = database().await;
    let app = TestApp::new(db.clone()).await;
    user(&db, "worker", Role::Caseworker).await;
    caseworker_of_d3(&db).await;
    partners(&db).await;
    let worker = app.login("worker").await;
    let other = app.login("worker3").await;
    let today = app::time::local_today(Utc::now());
    let [month, quarter, year] = Period::containing(today).map(Period::code);

    let reply = app
        .call(
            "/api/elders/save",
            ServerFnBody::Json(json!({ "id": "", "version": 0, "form": person("Миронова Галина Петровна") })),
            Some(&worker),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let elder = reply.json().as_str().expect("key").to_string();
    // An event of the coming hours for learners (of this year's plan), and a learners' group.
    let starts = app::time::to_datetime_local(Utc::now() + Duration::hours(1));
    let reply = app
        .call(
            "/api/elders/event_save",
            ServerFnBody::Json(json!({ "id": "", "version": 0, "form": {
                "title": "Лекция «Здоровое долголетие»", "kind": "other", "topic": "", "starts_at": starts,
                "place": "Библиотека", "organiser": "", "suits": ["learning"], "notes": "" } })),
            Some(&worker),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let event = reply.json().as_str().expect("event key").to_string();
    let reply = app
        .call(
            "/api/elders/group_save",
            ServerFnBody::Json(
                json!({ "form": { "name": "Клуб «Учимся вместе»", "theme": "learning", "leader": "" } }),
            ),
            Some(&worker),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);

    // Without a needs card there are no interests: only the district's partners are offered.
    let page = plan(&app, &worker, &elder, "").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let page = page.json();
    assert_eq!(page["period"], month.as_str());
    assert!(page["card"].is_null());
    let offered: Vec<&str> =
        page["suggestions"].as_array().unwrap().iter().filter_map(|s| s["form"]["title"].as_str()).collect();
    assert_eq!(offered, ["Центр дополнительного образования «Знание»"], "{page}");

    // Mistakes are named at their fields and nothing is written.
    let before = table_counts(&db, &["elder_needs_card", "elder_plan_item", "audit"]).await;
    let reply = save_needs(&app, &worker, &elder, 0, needs(&["learning"], &["culture"], "")).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", reply.body);
    let errors = reply.json();
    assert!(errors.to_string().contains("priorities") && errors.to_string().contains("group_fit"), "{errors}");
    assert!(errors.to_string().contains("не отмечено в интересах"), "{errors}");
    let reply = add(&app, &worker, &elder, item_form("2026-13", "party", " ")).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", reply.body);
    for field in ["period", "kind", "title"] {
        assert!(reply.body.contains(field), "{field}: {}", reply.body);
    }
    assert!(reply.body.contains("Период в виде"), "{}", reply.body);
    assert_eq!(table_counts(&db, &["elder_needs_card", "elder_plan_item", "audit"]).await, before);

    // The needs card: learning first, volunteering too; the person's interests are saved on her card.
    let reply = save_needs(&app, &worker, &elder, 0, needs(&["volunteering", "learning"], &["learning"], "yes")).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert_eq!(reply.json(), json!(1));
    let card = app.call("/api/elders/get", ServerFnBody::Form(vec![("id", elder.clone())]), Some(&worker)).await.json();
    assert_eq!(card["elder"]["interests"], json!(["volunteering", "learning"]), "{card}");
    // A second first card, or a save over a newer one, is a lost race.
    let reply = save_needs(&app, &worker, &elder, 0, needs(&["learning"], &[], "yes")).await;
    assert_eq!(reply.status, StatusCode::CONFLICT, "{}", reply.body);
    assert_eq!(
        save_needs(&app, &worker, &elder, 1, needs(&["volunteering", "learning"], &["learning"], "limited"))
            .await
            .status,
        StatusCode::OK
    );
    let reply = save_needs(&app, &worker, &elder, 1, needs(&["learning"], &[], "yes")).await;
    assert_eq!(reply.status, StatusCode::CONFLICT, "{}", reply.body);
    assert!(reply.body.contains("изменил(а)") && reply.body.contains("Ваши правки остались"), "{}", reply.body);

    // Suggestions: the priority (learning) first — its event, group and services — then
    // volunteering, then the district's partners; the other district's partner is not offered.
    let page = plan(&app, &worker, &elder, "").await.json();
    assert_eq!(page["card"]["group_fit"], "limited", "{page}");
    let suggestions = page["suggestions"].as_array().unwrap().clone();
    let titles: Vec<&str> = suggestions.iter().filter_map(|s| s["form"]["title"].as_str()).collect();
    assert_eq!(suggestions[0]["interest"], "learning", "{titles:?}");
    assert_eq!(titles[0], "Лекция «Здоровое долголетие»", "{titles:?}");
    for title in
        ["Занятия в группе «Клуб «Учимся вместе»»", "Университет третьего возраста", "Клуб «Серебряный волонтёр»"]
    {
        assert!(titles.contains(&title), "{title} in {titles:?}");
    }
    let position = |t: &str| titles.iter().position(|x| *x == t).unwrap_or(usize::MAX);
    assert!(position("Университет третьего возраста") < position("Клуб «Серебряный волонтёр»"), "{titles:?}");
    assert!(titles.contains(&"Центр дополнительного образования «Знание»"), "{titles:?}");
    assert!(!titles.contains(&"Спортклуб на другом участке"), "{titles:?}");

    // Items for the event's month (from the suggestion as it is), the quarter and the year.
    let event_form = suggestions[0]["form"].clone();
    assert_eq!(event_form["event"], event.as_str());
    let reply = add(&app, &worker, &elder, event_form.clone()).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let event_item = reply.json().as_str().unwrap().to_string();
    let service = json!({ "period": quarter, "kind": "service", "title": "Университет третьего возраста",
        "interest": "learning", "event": "", "group": "", "partner": "", "note": "Факультет здоровья" });
    let reply = add(&app, &worker, &elder, service).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let service_item = reply.json().as_str().unwrap().to_string();
    let reply = add(&app, &worker, &elder, item_form(&year, "other", "Вступить в совет ветеранов микрорайона")).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    // An event that is not there is refused at its field.
    let missing = json!({ "period": month, "kind": "event", "title": "Нет такого", "interest": "", "event": "nosuch",
        "group": "", "partner": "", "note": "" });
    let reply = add(&app, &worker, &elder, missing).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", reply.body);
    assert!(reply.body.contains("event"), "{}", reply.body);

    // The year's plan holds all three; the planned event is no longer suggested.
    let page = plan(&app, &worker, &elder, &year).await.json();
    let items = items_of(&page);
    assert_eq!(items.len(), 3, "{page}");
    assert_eq!(items[0]["period"], year.as_str(), "the year first: {page}");
    assert!(!page["suggestions"].to_string().contains("Здоровое долголетие"), "{page}");
    assert_eq!(page["periods"].as_array().unwrap().len(), 17);
    // The quarter's plan: the year's item, the quarter's, and the months' inside it.
    let page = plan(&app, &worker, &elder, &quarter).await.json();
    assert!(items_of(&page).iter().any(|i| i["id"] == service_item.as_str()), "{page}");
    assert!(items_of(&page).iter().any(|i| i["period"] == year.as_str()), "{page}");

    // Marks: done, not done, a stale version refused, the mark taken off.
    let reply = mark(&app, &worker, &service_item, 1, "done").await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let reply = mark(&app, &worker, &event_item, 1, "not_done").await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let reply = mark(&app, &worker, &service_item, 1, "not_done").await;
    assert_eq!(reply.status, StatusCode::CONFLICT, "{}", reply.body);
    assert!(reply.body.contains("Пункт плана"), "{}", reply.body);
    let reply = mark(&app, &worker, &service_item, 2, "maybe").await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", reply.body);
    let page = plan(&app, &worker, &elder, &year).await.json();
    let found = |id: &str| items_of(&page).into_iter().find(|i| i["id"] == id).expect("item");
    assert_eq!(found(&service_item)["done"], true, "{page}");
    assert!(found(&service_item)["marked_by_name"].as_str().unwrap_or_default().starts_with("Проверкина"), "{page}");
    assert_eq!(found(&event_item)["done"], false, "{page}");
    assert_eq!(mark(&app, &worker, &event_item, 2, "").await.status, StatusCode::OK);
    let page = plan(&app, &worker, &elder, &year).await.json();
    assert!(items_of(&page).into_iter().any(|i| i["id"] == event_item.as_str() && i["done"].is_null()), "{page}");

    // The caseworker of district 3 neither reads nor changes any of it.
    assert_eq!(plan(&app, &other, &elder, "").await.status, StatusCode::NOT_FOUND);
    let reply = save_needs(&app, &other, &elder, 2, needs(&["learning"], &[], "yes")).await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND, "{}", reply.body);
    assert_eq!(
        add(&app, &other, &elder, item_form(&month, "other", "Чужой пункт")).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(mark(&app, &other, &service_item, 2, "not_done").await.status, StatusCode::NOT_FOUND);
    let reply = app
        .call(
            "/api/elders/plan_item_delete",
            ServerFnBody::Form(vec![("id", service_item.clone()), ("version", "2".into())]),
            Some(&other),
        )
        .await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND, "{}", reply.body);

    // Deleted by her own caseworker, with the version she saw.
    let delete = |version: &str| {
        app.call(
            "/api/elders/plan_item_delete",
            ServerFnBody::Form(vec![("id", service_item.clone()), ("version", version.into())]),
            Some(&worker),
        )
    };
    assert_eq!(delete("1").await.status, StatusCode::CONFLICT);
    assert_eq!(delete("2").await.status, StatusCode::OK);
    assert_eq!(delete("2").await.status, StatusCode::NOT_FOUND);
    let page = plan(&app, &worker, &elder, &year).await.json();
    assert_eq!(items_of(&page).len(), 2, "{page}");

    // Every change left its line in the audit trail.
    let lines: Vec<String> = db
        .query("SELECT VALUE summary FROM audit WHERE summary CONTAINS 'План «Миронова' OR summary CONTAINS 'Карта потребностей «Миронова'")
        .await
        .expect("audit")
        .take(0)
        .expect("lines");
    assert!(
        lines.iter().filter(|l| l.contains("Карта потребностей «Миронова Галина Петровна»: интересы")).count() >= 2,
        "{lines:?}"
    );
    assert!(lines.iter().any(|l| l.contains("выполнено")), "{lines:?}");
    assert!(lines.iter().any(|l| l.contains("удалён пункт «Университет третьего возраста»")), "{lines:?}");
    opora_tests::assert_no_server_panic();
}

#[tokio::test]
async fn the_print_view_of_the_plan_opens_for_her_caseworker() {
    let db = database().await;
    let app = TestApp::new(db.clone()).await;
    user(&db, "worker", Role::Caseworker).await;
    let worker = app.login("worker").await;
    let reply = app
        .call(
            "/api/elders/save",
            ServerFnBody::Json(json!({ "id": "", "version": 0, "form": person("Зуева Нина Львовна") })),
            Some(&worker),
        )
        .await;
    let elder = reply.json().as_str().expect("key").to_string();
    let year = Period::containing(app::time::local_today(Utc::now()))[2].code();
    let reply = add(&app, &worker, &elder, item_form(&year, "service", "Скандинавская ходьба")).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let page = app.get(&format!("/elders/{elder}/plan"), Some(&worker)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("ИНДИВИДУАЛЬНЫЙ ПЛАН РАБОТЫ"), "{}", page.body);
    assert!(page.body.contains("Скандинавская ходьба") && page.body.contains("Зуева Нина Львовна"));
    assert!(page.body.contains(&format!("{year} год")), "{}", page.body);
    opora_tests::assert_no_server_panic();
}

#[tokio::test]
async fn the_demo_gives_a_few_dozen_people_a_needs_card_and_plans() {
    let db = database().await;
    opora_server::seed::seed_demo(&db, false, Some(PASSWORD), 10, 10).await.expect("demo department");
    let today = app::time::local_today(Utc::now());
    let [month, quarter, year] = Period::containing(today).map(Period::code);
    let count = |query: String| {
        let db = db.clone();
        async move {
            let n: Option<i64> = db.query(query).await.expect("count").take(0).expect("n");
            n.unwrap_or(0)
        }
    };
    let cards = count("RETURN count(SELECT VALUE id FROM elder_needs_card)".into()).await;
    assert!((24..=60).contains(&cards), "{cards} needs cards");
    for period in [&month, &quarter, &year] {
        let items =
            count(format!("RETURN count(SELECT VALUE id FROM elder_plan_item WHERE period = '{period}')")).await;
        assert!(items >= 6, "{items} items for {period}");
    }
    let done = count("RETURN count(SELECT VALUE id FROM elder_plan_item WHERE done = true)".into()).await;
    let not_done = count("RETURN count(SELECT VALUE id FROM elder_plan_item WHERE done = false)".into()).await;
    assert!(done > 0 && not_done > 0, "{done} done, {not_done} not done");
    // Seeding the registry again leaves the plans as they are.
    let before = table_counts(&db, &["elder_needs_card", "elder_plan_item"]).await;
    opora_server::seed::seed_demo(&db, true, Some(PASSWORD), 0, 0).await.expect("seeded again");
    assert_eq!(table_counts(&db, &["elder_needs_card", "elder_plan_item"]).await, before);
}
