//! The territory resource map against a real (in-memory) SurrealDB, through the functions and
//! the HTTP routes the server uses: the partner form and its rights, search in Russian word
//! forms and the registry's filters, conflicts and the archive, import and export (Excel, CSV,
//! HSDS JSON), coverage of kinds of help, district passports and boundaries, and the demo data.

use app::auth::{CurrentUser, Role};
use app::db::Db;
use app::error::AppError;
use app::resources::types::*;
use app::resources::validate::validate_partner;
use app::resources::{export, geojson, import, repo, table};
use base64::Engine;
use chrono::{Duration, Months, NaiveDate, Utc};
use http::StatusCode;
use opora_tests::{database, user, ServerFnBody, TestApp, PASSWORD};
use serde_json::json;

fn today() -> NaiveDate {
    app::time::local_today(Utc::now())
}

fn date(d: NaiveDate) -> String {
    d.format("%d.%m.%Y").to_string()
}

fn service(name: &str, help: &[&str], cost: &str) -> ServiceForm {
    ServiceForm {
        name: name.into(),
        help: help.iter().map(|h| h.to_string()).collect(),
        cost: cost.into(),
        ..Default::default()
    }
}

fn partner(kind: &str, name: &str, districts: &[&str], services: Vec<ServiceForm>) -> PartnerForm {
    PartnerForm {
        kind: kind.into(),
        name: name.into(),
        address: format!("г. Югорск, ул. Мира, {}", name.chars().count()),
        phones: "8 (34675) 2-11-22".into(),
        lat: "61.3125".into(),
        lon: "63.334".into(),
        districts: districts.iter().map(|d| d.to_string()).collect(),
        services,
        ..Default::default()
    }
}

async fn add(db: &Db, by: &CurrentUser, form: &PartnerForm) -> String {
    let help_kinds = repo::help_kinds(db).await.expect("help kinds");
    let districts = repo::district_keys(db).await.expect("districts");
    let valid = validate_partner(form, today(), &help_kinds, &districts).expect("valid partner");
    repo::create(db, by, &valid, &help_kinds, Utc::now()).await.expect("partner created")
}

async fn names(db: &Db, by: &CurrentUser, query: PartnerQuery) -> Vec<String> {
    let mut names: Vec<String> = repo::list(db, by, &query, today(), repo::LIST_LIMIT)
        .await
        .expect("list")
        .partners
        .into_iter()
        .map(|p| p.name)
        .collect();
    names.sort();
    names
}

async fn search(db: &Db, by: &CurrentUser, text: &str) -> Vec<String> {
    names(db, by, PartnerQuery { text: text.into(), ..Default::default() }).await
}

fn sorted(list: &[&str]) -> Vec<String> {
    let mut list: Vec<String> = list.iter().map(|s| s.to_string()).collect();
    list.sort();
    list
}

const LAW: &str = "АНО «Право и забота»";
const LAWYER: &str = "Кабинет Смирнова";
const TRUST: &str = "Центр «Доверие»";
const WOOD: &str = "Добровольцы частного сектора";
const MFC: &str = "МФЦ «Мои документы»";
const SPORT: &str = "Спортшкола «Олимп»";

/// Six partners of different kinds, districts, costs and agreements.
async fn registry(db: &Db, by: &CurrentUser) -> Vec<String> {
    let t = today();
    let mut law = partner("ngo", LAW, &["d1"], vec![service("Юридическая консультация", &["legal"], "free")]);
    law.agreement_number = "15/24".into();
    law.agreement_date = date(t - Duration::days(300));
    law.agreement_until = date(t + Duration::days(300));
    let mut lawyer =
        partner("business", LAWYER, &["d2"], vec![service("Споры с управляющей компанией", &["housing"], "paid")]);
    lawyer.description = "Частный юрист: помощь в спорах о квартплате и перерасчётах".into();
    let trust = partner(
        "health",
        TRUST,
        &["d2"],
        vec![service("Психологическая помощь детям и подросткам", &["psychological"], "free")],
    );
    let wood =
        partner("volunteers", WOOD, &["d3"], vec![service("Заготовка дров для пенсионеров", &["household"], "free")]);
    let mfc = partner(
        "mfc",
        MFC,
        &[],
        vec![service("Приём заявлений на выплаты", &["payments", "status_documents"], "free")],
    );
    let mut sport = partner("sport", SPORT, &["d1"], vec![service("Секции для детей", &["leisure"], "discount")]);
    sport.agreement_number = "3/19".into();
    sport.agreement_date = "01.02.2019".into();
    sport.agreement_until = "31.12.2021".into();
    let mut ids = Vec::new();
    for form in [law, lawyer, trust, wood, mfc, sport] {
        ids.push(add(db, by, &form).await);
    }
    ids
}

// ---------------------------------------------------------------------------------------------
// The partner form through the real server function.

#[tokio::test]
async fn the_partner_form_names_each_mistake_in_russian_and_keeps_caseworkers_to_their_districts() {
    let db = database().await;
    let app = TestApp::new(db.clone()).await;
    let worker = user(&db, "petrova", Role::Caseworker).await; // districts d1, d2
    user(&db, "morozova", Role::Supervisor).await;
    user(&db, "disp", Role::Dispatcher).await;
    let worker_cookie = app.login("petrova").await;
    let chief_cookie = app.login("morozova").await;
    let dispatcher_cookie = app.login("disp").await;
    let create = |form: &PartnerForm| ServerFnBody::Json(json!({ "form": form }));

    let bad = PartnerForm {
        kind: "bank".into(),
        name: "  ".into(),
        phones: "12".into(),
        email: "нет почты".into(),
        lat: "200".into(),
        lon: "63.3".into(),
        districts: vec!["d1".into()],
        services: vec![service(" ", &[], "")],
        agreement_number: "15/24".into(),
        ..Default::default()
    };
    let reply = app.call("/api/resources/create", create(&bad), Some(&worker_cookie)).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", reply.body);
    let errors = &reply.json()["Validation"];
    for field in [
        "kind",
        "name",
        "phones",
        "email",
        "lat",
        "services.0.name",
        "services.0.help",
        "services.0.cost",
        "agreement_date",
    ] {
        let message = errors[field].as_str().unwrap_or_else(|| panic!("no message for {field}: {errors}"));
        assert!(message.chars().any(|c| matches!(c, 'а'..='я' | 'А'..='Я')), "{field}: not in Russian: {message}");
    }
    assert!(errors["phones"].as_str().unwrap().contains("«12»"), "the message names the wrong phone: {errors}");
    assert_eq!(repo::all(&db).await.unwrap().len(), 0, "nothing written");

    // A caseworker of districts 1 and 2 cannot add a partner serving only district 3 …
    let only_d3 = partner("ngo", "Клуб «Север»", &["d3"], vec![service("Досуг", &["leisure"], "free")]);
    let reply = app.call("/api/resources/create", create(&only_d3), Some(&worker_cookie)).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", reply.body);
    let message = reply.json()["Validation"]["districts"].as_str().unwrap_or_default().to_string();
    assert!(message.contains("ваших участков"), "{}", reply.body);
    assert_eq!(repo::all(&db).await.unwrap().len(), 0);

    // … but one of theirs, or the whole town, and a supervisor any district.
    let mine = partner("ngo", "Клуб «Юность»", &["d2", "d3"], vec![service("Досуг", &["leisure"], "free")]);
    let reply = app.call("/api/resources/create", create(&mine), Some(&worker_cookie)).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let whole_town = partner("mfc", "МФЦ", &[], vec![service("Документы", &["status_documents"], "free")]);
    let reply = app.call("/api/resources/create", create(&whole_town), Some(&worker_cookie)).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let reply = app.call("/api/resources/create", create(&only_d3), Some(&chief_cookie)).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let id = reply.json().as_str().expect("partner key").to_string();
    let saved = repo::get(&db, &id).await.unwrap().expect("saved");
    assert_eq!(saved.districts, vec!["d3".to_string()]);
    assert_eq!(saved.phones, vec!["+73467521122".to_string()]);
    assert_eq!(saved.version, 1);
    assert!(!saved.archived);
    // … and the caseworker of districts 1, 2 may not edit it afterwards.
    let summary = repo::list(&db, &worker, &PartnerQuery { text: "Север".into(), ..Default::default() }, today(), 10)
        .await
        .unwrap();
    assert_eq!(summary.partners.len(), 1);
    assert!(!summary.partners[0].editable);
    let reply = app
        .call(
            "/api/resources/update",
            ServerFnBody::Json(json!({ "id": id, "version": 1, "form": only_d3 })),
            Some(&worker_cookie),
        )
        .await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN, "{}", reply.body);

    // A dispatcher reads the registry but does not edit it.
    let reply = app.call("/api/resources/create", create(&mine), Some(&dispatcher_cookie)).await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN, "{}", reply.body);
    assert!(reply.body.contains("прав"), "{}", reply.body);
    assert_eq!(repo::all(&db).await.unwrap().len(), 3);

    // Every addition is in the audit trail.
    let mut response = db
        .query("SELECT VALUE summary FROM audit WHERE action = 'create' AND string::starts_with(summary, 'Партнёр')")
        .await
        .unwrap();
    let summaries: Vec<String> = response.take(0).unwrap();
    assert_eq!(summaries.len(), 3, "{summaries:?}");
}

#[tokio::test]
async fn the_registry_is_read_over_http_with_its_filters() {
    let db = database().await;
    let app = TestApp::new(db.clone()).await;
    let chief = user(&db, "morozova", Role::Supervisor).await;
    user(&db, "disp", Role::Dispatcher).await;
    registry(&db, &chief).await;
    let cookie = app.login("disp").await;
    let query = |text: &str, help: &str| {
        ServerFnBody::Form(vec![
            ("query[text]", text.to_string()),
            ("query[help]", help.to_string()),
            ("query[kind]", String::new()),
            ("query[district]", String::new()),
            ("query[cost]", String::new()),
            ("query[agreement]", "false".into()),
            ("query[archived]", "false".into()),
        ])
    };
    let reply = app.call("/api/resources/partners", query("юристы", ""), Some(&cookie)).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let list = reply.json();
    let found: Vec<&str> =
        list["partners"].as_array().expect("partners").iter().filter_map(|p| p["name"].as_str()).collect();
    assert!(found.contains(&LAW), "{found:?}");
    assert!(!found.contains(&SPORT), "{found:?}");
    for p in list["partners"].as_array().unwrap() {
        assert_eq!(p["editable"], false, "a dispatcher edits nothing: {p}");
    }
    let reply = app.call("/api/resources/partners", query("", "psychological"), Some(&cookie)).await;
    assert_eq!(reply.json()["partners"].as_array().map(|a| a.len()), Some(1), "{}", reply.body);

    // The lists the pages draw from.
    let reply = app.call("/api/resources/lists", ServerFnBody::Form(vec![]), Some(&cookie)).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let lists = reply.json();
    assert_eq!(lists["districts"].as_array().map(|d| d.len()), Some(6));
    assert!(lists["help_kinds"].as_array().is_some_and(|k| k.iter().any(|k| k["label"] == "Юридическая помощь")));
    assert_eq!(lists["can_edit"], false);
    assert_eq!(lists["can_edit_boundaries"], false);

    // A query longer than 200 characters is refused with a message, not run.
    let long = "юрист ".repeat(40);
    let reply = app.call("/api/resources/partners", query(&long, ""), Some(&cookie)).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", reply.body);
    assert!(reply.json()["Validation"]["q"].is_string(), "{}", reply.body);
}

// ---------------------------------------------------------------------------------------------
// Search in Russian word forms and the filters.

#[tokio::test]
async fn search_finds_related_word_forms_and_the_filters_narrow_the_registry() {
    let db = database().await;
    let chief = user(&db, "morozova", Role::Supervisor).await;
    let worker = user(&db, "petrova", Role::Caseworker).await;
    registry(&db, &chief).await;

    // «юрист» finds «Юридическая консультация», and the other way round.
    for text in ["юрист", "Юристы", "юридическая консультация"] {
        assert!(search(&db, &worker, text).await.contains(&LAW.to_string()), "«{text}» did not find {LAW}");
    }
    assert!(
        search(&db, &worker, "юридическая помощь").await.contains(&LAWYER.to_string()),
        "«юридическая помощь» must find a partner described with «юрист»"
    );
    assert_eq!(search(&db, &worker, "психолог").await, vec![TRUST.to_string()]);
    assert_eq!(search(&db, &worker, "психологи").await, vec![TRUST.to_string()]);
    assert_eq!(search(&db, &worker, "дрова").await, vec![WOOD.to_string()]);
    assert_eq!(search(&db, &worker, "дров").await, vec![WOOD.to_string()]);
    assert!(search(&db, &worker, "абракадабра").await.is_empty());
    assert!(search(&db, &worker, "дрова абракадабра").await.is_empty(), "every word must match");
    assert_eq!(search(&db, &worker, "   ").await.len(), 6, "an empty query lists everything");

    // With a search text the rows carry the matches only.
    let ranked = repo::list(&db, &worker, &PartnerQuery { text: "юрист".into(), ..Default::default() }, today(), 10)
        .await
        .unwrap();
    assert_eq!(ranked.partners.len(), 2, "{:?}", ranked.partners.iter().map(|p| &p.name).collect::<Vec<_>>());
    assert!(!ranked.more);

    let q = |f: fn(&mut PartnerQuery)| {
        let mut query = PartnerQuery::default();
        f(&mut query);
        query
    };
    assert_eq!(names(&db, &worker, q(|q| q.help = "legal".into())).await, vec![LAW.to_string()]);
    assert_eq!(names(&db, &worker, q(|q| q.kind = "mfc".into())).await, vec![MFC.to_string()]);
    // A district's partners include those serving the whole town.
    assert_eq!(names(&db, &worker, q(|q| q.district = "d3".into())).await, sorted(&[WOOD, MFC]));
    assert_eq!(names(&db, &worker, q(|q| q.district = "d2".into())).await, sorted(&[LAWYER, TRUST, MFC]));
    assert_eq!(
        names(
            &db,
            &worker,
            q(|q| {
                q.district = "d1".into();
                q.help = "payments".into();
            })
        )
        .await,
        vec![MFC.to_string()]
    );
    assert_eq!(names(&db, &worker, q(|q| q.cost = "free".into())).await, sorted(&[LAW, TRUST, WOOD, MFC]));
    assert_eq!(names(&db, &worker, q(|q| q.cost = "discount".into())).await, sorted(&[LAW, TRUST, WOOD, MFC, SPORT]));
    // Only agreements in force: the sports school's ended in 2021.
    assert_eq!(names(&db, &worker, q(|q| q.agreement = true)).await, vec![LAW.to_string()]);
    assert_eq!(
        names(&db, &worker, PartnerQuery { text: "юрист".into(), district: "d2".into(), ..Default::default() }).await,
        vec![LAWYER.to_string()]
    );

    // What a row carries: derived flags and whether this caseworker (districts 1, 2) may edit it.
    let all = repo::list(&db, &worker, &PartnerQuery::default(), today(), 100).await.unwrap();
    let row = |name: &str| all.partners.iter().find(|p| p.name == name).expect(name).clone();
    assert!(row(LAW).agreement_in_force && row(LAW).free && !row(LAW).discount);
    assert_eq!(row(LAW).help, vec!["legal".to_string()]);
    assert_eq!(row(LAW).phone.as_deref(), Some("+73467521122"));
    assert!(!row(SPORT).agreement_in_force && row(SPORT).discount);
    assert!(row(LAW).editable && row(MFC).editable, "own district and the whole town");
    assert!(!row(WOOD).editable, "district 3 is not hers");
    let names_in_order: Vec<&str> = all.partners.iter().map(|p| p.name.as_str()).collect();
    let mut by_name = names_in_order.clone();
    by_name.sort();
    assert_eq!(names_in_order, by_name, "without a search text the registry is in the order of names");

    // The limit is honoured and says there is more.
    let page = repo::list(&db, &worker, &PartnerQuery::default(), today(), 4).await.unwrap();
    assert_eq!(page.partners.len(), 4);
    assert!(page.more);
}

#[tokio::test]
async fn search_over_the_demo_registry_finds_what_a_specialist_asks_for() {
    let db = database().await;
    let chief = user(&db, "morozova", Role::Supervisor).await;
    let count = opora_server::seed::data::partners().len();
    let written = opora_server::seed::resources::seed_resources(&db, &chief, count, Utc::now()).await.expect("seeded");
    assert_eq!(written, count);

    async fn found(db: &Db, by: &CurrentUser, text: &str) -> Vec<Partner> {
        let list = repo::list(db, by, &PartnerQuery { text: text.into(), ..Default::default() }, today(), 500)
            .await
            .expect("list");
        let mut partners = Vec::new();
        for p in list.partners {
            partners.push(repo::get(db, &p.id).await.unwrap().expect("partner"));
        }
        partners
    }
    let services = |p: &Partner| p.services.iter().map(|s| s.name.to_lowercase()).collect::<Vec<_>>().join(" | ");
    let text = |p: &Partner| {
        format!(
            "{} {} {}",
            p.name,
            p.description,
            p.services.iter().map(|s| format!("{} {}", s.name, s.description)).collect::<String>()
        )
        .to_lowercase()
    };

    let lawyers = found(&db, &chief, "юрист").await;
    assert!(
        lawyers.iter().any(|p| services(p).contains("юридическая консультация")),
        "«юрист» must find a service «Юридическая консультация»: {:?}",
        lawyers.iter().map(|p| &p.name).collect::<Vec<_>>()
    );
    let help = found(&db, &chief, "юридическая помощь").await;
    assert!(help.len() >= lawyers.iter().filter(|p| p.help().contains(&"legal".to_string())).count().min(1));
    let psychologists = found(&db, &chief, "психолог").await;
    assert!(
        psychologists.iter().any(|p| text(p).contains("психологическая помощь")),
        "«психолог» must find «психологическая помощь»"
    );
    let wood = found(&db, &chief, "дрова").await;
    assert!(wood.iter().any(|p| text(p).contains("заготовка")), "«дрова» must find «заготовка дров»");
    // The rest give «Помощь по хозяйству, дрова», the kind of help the taxonomy names so.
    assert!(
        wood.iter().all(|p| text(p).contains("дров") || p.help().contains(&"household".to_string())),
        "{:?}",
        wood.iter().map(|p| &p.name).collect::<Vec<_>>()
    );
    assert!(found(&db, &chief, "квазизвездный").await.is_empty());
}

// ---------------------------------------------------------------------------------------------
// Versions and the archive.

#[tokio::test]
async fn a_stale_version_is_a_conflict_and_changes_nothing() {
    let db = database().await;
    let worker = user(&db, "petrova", Role::Caseworker).await;
    let chief = user(&db, "morozova", Role::Supervisor).await;
    let form = partner("ngo", LAW, &["d1"], vec![service("Юридическая консультация", &["legal"], "free")]);
    let id = add(&db, &worker, &form).await;
    let help_kinds = repo::help_kinds(&db).await.unwrap();
    let districts = repo::district_keys(&db).await.unwrap();

    let mut renamed = form.clone();
    renamed.name = "АНО «Право и забота» (приёмная)".into();
    let valid = validate_partner(&renamed, today(), &help_kinds, &districts).unwrap();
    let version = repo::update(&db, &chief, &id, 1, &valid, &help_kinds, Utc::now()).await.expect("first save");
    assert_eq!(version, 2);

    let mut other = form.clone();
    other.description = "Правка по старой версии".into();
    let valid = validate_partner(&other, today(), &help_kinds, &districts).unwrap();
    let err = repo::update(&db, &worker, &id, 1, &valid, &help_kinds, Utc::now()).await.unwrap_err();
    match &err {
        AppError::Conflict(message) => assert!(message.contains(&chief.full_name), "{message}"),
        other => panic!("expected a conflict, got {other:?}"),
    }
    let stored = repo::get(&db, &id).await.unwrap().unwrap();
    assert_eq!(stored.name, "АНО «Право и забота» (приёмная)");
    assert_eq!(stored.description, "");
    assert_eq!(stored.version, 2);
    assert_eq!(stored.updated_by_name, chief.full_name);

    // Moving the marker and archiving are versioned too.
    assert!(matches!(
        repo::set_location(&db, &worker, &id, 1, 61.0, 63.0, Utc::now()).await,
        Err(AppError::Conflict(_))
    ));
    assert!(matches!(repo::set_archived(&db, &worker, &id, 1, true, Utc::now()).await, Err(AppError::Conflict(_))));
    assert_eq!(repo::set_location(&db, &worker, &id, 2, 61.3, 63.3, Utc::now()).await.unwrap(), 3);
    let stored = repo::get(&db, &id).await.unwrap().unwrap();
    assert_eq!((stored.lat, stored.lon), (Some(61.3), Some(63.3)));
    // An unknown partner is not found, not a conflict.
    let missing = repo::update(&db, &worker, "nobody", 1, &valid, &help_kinds, Utc::now()).await;
    assert!(matches!(missing, Err(AppError::NotFound(_))), "{missing:?}");
}

#[tokio::test]
async fn an_archived_partner_leaves_the_registry_search_and_coverage_and_can_come_back() {
    let db = database().await;
    let chief = user(&db, "morozova", Role::Supervisor).await;
    let ids = registry(&db, &chief).await;
    let wood = ids[3].clone();
    let coverage = repo::coverage(&db).await.unwrap();
    let household = coverage.help_kinds.iter().position(|k| k.code == "household").unwrap();
    let d3 = coverage.districts.iter().position(|d| d.0 == "d3").unwrap();
    assert_eq!(coverage.counts[household][d3], 1);

    let version = repo::set_archived(&db, &chief, &wood, 1, true, Utc::now()).await.expect("archived");
    assert_eq!(version, 2);
    assert!(!names(&db, &chief, PartnerQuery::default()).await.contains(&WOOD.to_string()));
    assert!(search(&db, &chief, "дрова").await.is_empty());
    let archive =
        repo::list(&db, &chief, &PartnerQuery { archived: true, ..Default::default() }, today(), 100).await.unwrap();
    assert_eq!(archive.partners.len(), 1);
    assert_eq!(archive.partners[0].name, WOOD);
    assert!(archive.partners[0].archived);
    let archived_search = PartnerQuery { text: "дрова".into(), archived: true, ..Default::default() };
    assert_eq!(names(&db, &chief, archived_search).await, vec![WOOD.to_string()]);
    assert_eq!(repo::coverage(&db).await.unwrap().counts[household][d3], 0, "archived partners cover nothing");
    assert!(repo::get(&db, &wood).await.unwrap().unwrap().archived, "its page still opens");
    assert_eq!(repo::all(&db).await.unwrap().len(), 6, "the export keeps archived partners");

    repo::set_archived(&db, &chief, &wood, 2, false, Utc::now()).await.expect("restored");
    assert_eq!(search(&db, &chief, "дрова").await, vec![WOOD.to_string()]);
}

// ---------------------------------------------------------------------------------------------
// Import and export.

fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// The text in Windows-1251, as Russian Excel saves CSV.
fn cp1251(text: &str) -> Vec<u8> {
    text.chars()
        .map(|c| match c {
            'А'..='я' => (c as u32 - 0x0410 + 0xC0) as u8,
            'Ё' => 0xA8,
            'ё' => 0xB8,
            '№' => 0xB9,
            '«' => 0xAB,
            '»' => 0xBB,
            c if c.is_ascii() => c as u8,
            c => panic!("{c} is not in this test's Windows-1251"),
        })
        .collect()
}

/// What a partner is, without who and when.
#[tokio::test]
async fn an_exported_registry_imports_back_unchanged_and_a_new_row_adds_a_partner() {
    let db = database().await;
    let chief = user(&db, "morozova", Role::Supervisor).await;
    // Another supervisor, with a name of her own, imports the file.
    let mut other_chief = user(&db, "volkova", Role::Supervisor).await;
    other_chief.full_name = "Волкова Ирина Петровна".into();
    db.query("UPDATE $id SET full_name = $name")
        .bind(("id", surrealdb::types::RecordId::new("user", other_chief.id.clone())))
        .bind(("name", other_chief.full_name.clone()))
        .await
        .unwrap()
        .check()
        .unwrap();
    let count = opora_server::seed::data::partners().len();
    opora_server::seed::resources::seed_resources(&db, &chief, count, Utc::now()).await.expect("seeded");
    let before = repo::all(&db).await.unwrap();
    let kinds = repo::help_kinds(&db).await.unwrap();
    let districts = app::districts::repo::list(&db).await.unwrap();
    let rows = table::rows(&before, &kinds, &districts);
    assert!(rows.len() > before.len(), "one row per service");
    assert!(rows.iter().all(|r| r.len() == table::COLUMNS.len()));

    // A check of the workbook just exported: every partner is found as it is, none doubled.
    let workbook = export::workbook(&rows).expect("xlsx");
    assert!(workbook.starts_with(b"PK"));
    let report = import::run(&db, &other_chief, "Реестр.xlsx", &b64(&workbook), false).await.expect("checked");
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    assert!(!report.applied);
    assert_eq!(report.lines.len(), before.len());
    assert!(report.lines.iter().all(|l| l.action == "без изменений"), "{:?}", report.lines);
    assert_eq!((report.created, report.updated, report.unchanged), (0, 0, before.len()));
    assert_eq!(repo::all(&db).await.unwrap(), before, "a check writes nothing");

    // The same as CSV.
    let csv = export::csv(&rows);
    assert!(csv.starts_with('\u{feff}'));
    let report = import::run(&db, &other_chief, "partners.csv", &b64(csv.as_bytes()), false).await.expect("checked");
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    assert!(report.lines.iter().all(|l| l.action == "без изменений"), "{:?}", report.lines);
    assert_eq!(report.lines.len(), before.len());

    // Now a new organisation at the end of the workbook, and the import itself.
    let mut changed = rows.clone();
    let mut new_row = vec![String::new(); table::COLUMNS.len()];
    let mut set = |column: &str, value: &str| {
        let i = table::COLUMNS.iter().position(|c| *c == column).unwrap();
        new_row[i] = value.to_string();
    };
    set("Вид организации", "НКО");
    set("Наименование", "АНО «Семейный юрист»");
    set("Адрес", "г. Югорск, ул. Садовая, 7");
    set("Телефоны", "+7 (912) 555-00-11");
    set("Участки", "3, 4");
    set("Услуга", "Консультации юриста по алиментам");
    set("Виды помощи", "Юридическая помощь");
    set("Стоимость", "Бесплатно");
    changed.push(new_row);
    let workbook = export::workbook(&changed).expect("xlsx");
    let report = import::run(&db, &other_chief, "Реестр.xlsx", &b64(&workbook), true).await.expect("imported");
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    assert!(report.applied);
    assert_eq!((report.created, report.updated, report.unchanged), (1, 0, before.len()));
    let last = report.lines.last().unwrap();
    assert_eq!((last.name.as_str(), last.action.as_str()), ("АНО «Семейный юрист»", "новый"));
    assert_eq!(last.row, changed.len() + 1, "the row number counts the header");

    let after = repo::all(&db).await.unwrap();
    assert_eq!(after.len(), before.len() + 1);
    for old in &before {
        let new = after.iter().find(|p| p.id == old.id).expect("still there");
        assert_eq!(new, old, "a round trip through Excel changed «{}»", old.name);
    }
    let added = after.iter().find(|p| p.name == "АНО «Семейный юрист»").expect("added");
    assert_eq!(added.districts, vec!["d3".to_string(), "d4".to_string()]);
    assert_eq!(added.phones, vec!["+79125550011".to_string()]);
    assert_eq!(added.help(), vec!["legal".to_string()]);
    assert_eq!(added.kind, PartnerKind::Ngo);
    let lawyers = search(&db, &chief, "юридическая консультация").await;
    assert!(lawyers.contains(&"АНО «Семейный юрист»".to_string()), "{lawyers:?}");
    let in_d3 =
        names(&db, &chief, PartnerQuery { text: "алименты".into(), district: "d3".into(), ..Default::default() }).await;
    assert!(in_d3.contains(&"АНО «Семейный юрист»".to_string()), "{in_d3:?}");

    // Importing the same file again adds nothing more and changes nothing: no conflicts either,
    // though every partner's version moved on since the export.
    let report = import::run(&db, &other_chief, "Реестр.xlsx", &b64(&workbook), true).await.expect("imported");
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    assert_eq!((report.created, report.updated, report.unchanged), (0, 0, before.len() + 1));
    assert_eq!(repo::all(&db).await.unwrap().len(), before.len() + 1);
}

#[tokio::test]
async fn a_simple_list_in_windows_1251_with_semicolons_imports() {
    let db = database().await;
    let chief = user(&db, "morozova", Role::Supervisor).await;
    let text = "Наименование;Адрес;Телефон;Виды помощи\r\n\
                Центр занятости населения;г. Югорск, ул. Ленина, 1;8 (34675) 2-33-44;Трудоустройство и переобучение\r\n\
                «Ёлочка», детский сад № 5;г. Югорск, ул. Таёжная, 3;8 (34675) 2-55-66;Детский сад, школа\r\n\
                Совет ветеранов;г. Югорск, ул. Мира, 2;;\r\n";
    let bytes = cp1251(text);
    assert!(std::str::from_utf8(&bytes).is_err(), "the test file really is Windows-1251");
    let report = import::run(&db, &chief, "list.csv", &b64(&bytes), true).await.expect("imported");
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    assert!(report.applied);
    assert_eq!(report.created, 3);
    let all = repo::all(&db).await.unwrap();
    let centre = all.iter().find(|p| p.name == "Центр занятости населения").expect("decoded name");
    assert_eq!(centre.address, "г. Югорск, ул. Ленина, 1");
    assert_eq!(centre.phones, vec!["+73467523344".to_string()]);
    assert_eq!(centre.help(), vec!["employment".to_string()]);
    assert_eq!(centre.kind, PartnerKind::Other, "no kind column: «другое»");
    assert!(centre.districts.is_empty(), "no districts column: the whole town");
    assert!(all.iter().any(|p| p.name == "«Ёлочка», детский сад № 5" && p.help() == vec!["education".to_string()]));
    let veterans = all.iter().find(|p| p.name == "Совет ветеранов").expect("a row without help");
    assert!(veterans.services.is_empty() && veterans.phones.is_empty());
    assert_eq!(search(&db, &chief, "трудоустройство").await, vec!["Центр занятости населения".to_string()]);
    assert_eq!(search(&db, &chief, "ёлочка").await.len(), 1);
}

#[tokio::test]
async fn a_file_with_bad_rows_names_them_and_writes_nothing() {
    let db = database().await;
    let chief = user(&db, "morozova", Role::Supervisor).await;
    let worker = user(&db, "petrova", Role::Caseworker).await;
    let text = "Наименование;Адрес;Телефоны;Виды помощи;Участки\n\
                Центр занятости;ул. Ленина, 1;8 (34675) 2-33-44;Трудоустройство и переобучение;1\n\
                Клуб танцев;ул. Мира, 2;8 (34675) 2-33-45;Танцы;1\n\
                Фонд «Опора»;ул. Мира, 3;12;Материальная помощь;2\n\
                Библиотека;ул. Мира, 4;;Культура, спорт, дополнительное образование;9\n";
    let report = import::run(&db, &chief, "bad.csv", &b64(text.as_bytes()), true).await.expect("checked");
    assert!(!report.applied);
    let rows: Vec<usize> = report.errors.iter().map(|(row, _)| *row).collect();
    assert!(rows.contains(&3) && rows.contains(&4) && rows.contains(&5), "{:?}", report.errors);
    assert!(!rows.contains(&2), "{:?}", report.errors);
    let message = |row: usize| {
        report.errors.iter().filter(|(r, _)| *r == row).map(|(_, m)| m.as_str()).collect::<Vec<_>>().join("; ")
    };
    assert!(message(3).contains("вид помощи") && message(3).contains("Танцы"), "{}", message(3));
    assert!(message(4).contains("телефон") && message(4).contains("«12»"), "{}", message(4));
    assert!(message(5).contains("участ"), "{}", message(5));
    assert!(repo::all(&db).await.unwrap().is_empty(), "nothing written");

    // A caseworker's file may only touch partners of her districts.
    let text = "Наименование;Адрес;Виды помощи;Участки\nКлуб «Север»;ул. Мира, 9;Материальная помощь;3\n";
    let report = import::run(&db, &worker, "mine.csv", &b64(text.as_bytes()), true).await.expect("checked");
    assert_eq!(report.errors.len(), 1, "{:?}", report.errors);
    assert_eq!(report.errors[0].0, 2);
    assert!(!report.applied);

    // Not a registry at all.
    let err =
        import::run(&db, &chief, "x.csv", &b64("Фамилия;Имя\nИванов;Иван\n".as_bytes()), false).await.unwrap_err();
    assert!(err.field_errors().and_then(|e| e.get("file")).is_some_and(|m| m.contains("Наименование")), "{err:?}");
    let err = import::run(&db, &chief, "x.pdf", &b64(b"%PDF-1.4"), false).await.unwrap_err();
    assert!(err.field_errors().and_then(|e| e.get("file")).is_some(), "{err:?}");
    let err = import::run(&db, &chief, "x.xlsx", "не base64", false).await.unwrap_err();
    assert!(err.field_errors().and_then(|e| e.get("file")).is_some(), "{err:?}");
}

#[tokio::test]
async fn the_hsds_export_has_organisations_services_locations_and_taxonomy() {
    let db = database().await;
    let chief = user(&db, "morozova", Role::Supervisor).await;
    registry(&db, &chief).await;
    let partners = repo::all(&db).await.unwrap();
    let kinds = repo::help_kinds(&db).await.unwrap();
    let districts = app::districts::repo::list(&db).await.unwrap();
    let hsds = export::hsds(&partners, &kinds, &districts);
    let terms: Vec<&str> =
        hsds["taxonomy_terms"].as_array().expect("taxonomy").iter().filter_map(|t| t["id"].as_str()).collect();
    assert_eq!(terms.len(), kinds.len());
    assert!(hsds["taxonomy_terms"]
        .as_array()
        .unwrap()
        .iter()
        .any(|t| t["id"] == "help:legal" && t["name"] == "Юридическая помощь"));
    let organizations = hsds["organizations"].as_array().expect("organizations");
    assert_eq!(organizations.len(), 6);
    for org in organizations {
        let services = org["services"].as_array().expect("services");
        assert!(!services.is_empty(), "{org}");
        let location = &org["locations"][0];
        assert!(location["latitude"].as_f64().is_some_and(|v| (v - 61.3125).abs() < 1e-9), "{location}");
        assert!(location["longitude"].as_f64().is_some(), "{location}");
        assert!(location["addresses"][0]["address_1"].as_str().is_some_and(|a| !a.is_empty()));
        for s in services {
            for attribute in s["attributes"].as_array().expect("attributes") {
                let term = attribute["taxonomy_term_id"].as_str().unwrap();
                assert!(terms.contains(&term), "{term} is not a taxonomy term");
            }
            assert!(s["id"].as_str().unwrap().starts_with(org["id"].as_str().unwrap()));
        }
    }
    let law = organizations.iter().find(|o| o["name"] == LAW).expect("law");
    assert_eq!(law["services"][0]["name"], "Юридическая консультация");
    assert_eq!(law["services"][0]["attributes"][0]["taxonomy_term_id"], "help:legal");
    assert_eq!(law["services"][0]["x_cost"], "free");
    assert_eq!(law["services"][0]["service_areas"][0]["id"], "district:d1");
    assert_eq!(law["phones"][0]["number"], "+73467521122");
    assert_eq!(law["x_agreement"]["number"], "15/24");
    let mfc = organizations.iter().find(|o| o["name"] == MFC).expect("mfc");
    assert_eq!(mfc["services"][0]["service_areas"][0]["name"], "Вся территория");
    assert_eq!(mfc["services"][0]["attributes"].as_array().map(|a| a.len()), Some(2));
    // It is JSON a file can hold.
    assert!(serde_json::to_string(&hsds).unwrap().contains("\"hsds_version\":\"3.0\""));
}

#[tokio::test]
async fn downloads_give_the_registry_and_the_boundaries_to_signed_in_users() {
    let db = database().await;
    let app = TestApp::new(db.clone()).await;
    let chief = user(&db, "morozova", Role::Supervisor).await;
    user(&db, "orlov", Role::Lawyer).await;
    registry(&db, &chief).await;
    let cookie = app.login("orlov").await;
    for path in
        ["/resources/export.xlsx", "/resources/export.csv", "/resources/export.json", "/resources/districts.geojson"]
    {
        let reply = app.get(path, Some(&cookie)).await;
        assert_eq!(reply.status, StatusCode::OK, "{path}: {}", reply.body);
        assert!(reply.headers["content-disposition"].to_str().unwrap().starts_with("attachment"), "{path}");
    }
    let csv = app.get("/resources/export.csv", Some(&cookie)).await.body;
    assert!(csv.contains(LAW) && csv.lines().next().unwrap().contains("Наименование"));
    let json = app.get("/resources/export.json", Some(&cookie)).await.json();
    assert_eq!(json["organizations"].as_array().map(|o| o.len()), Some(6));
    let mut response = db.query("SELECT VALUE summary FROM audit WHERE action = 'export'").await.unwrap();
    let exports: Vec<String> = response.take(0).unwrap();
    assert!(exports.len() >= 3, "registry downloads are audited: {exports:?}");
}

// ---------------------------------------------------------------------------------------------
// Coverage, passports and boundaries.

#[tokio::test]
async fn coverage_shows_a_gap_that_a_new_partner_fills() {
    let db = database().await;
    let chief = user(&db, "morozova", Role::Supervisor).await;
    registry(&db, &chief).await;
    let coverage = repo::coverage(&db).await.unwrap();
    assert_eq!(coverage.districts.len(), 6);
    assert_eq!(coverage.counts.len(), coverage.help_kinds.len());
    assert!(coverage.counts.iter().all(|row| row.len() == 6));
    let legal = coverage.help_kinds.iter().position(|k| k.code == "legal").unwrap();
    let payments = coverage.help_kinds.iter().position(|k| k.code == "payments").unwrap();
    let d = |key: &str| coverage.districts.iter().position(|d| d.0 == key).unwrap();
    assert_eq!(coverage.counts[legal][d("d1")], 1);
    assert_eq!(coverage.counts[legal][d("d5")], 0, "nobody gives legal help in district 5");
    assert!(coverage.counts[payments].iter().all(|n| *n == 1), "the whole-town MFC covers every district");
    let gaps = coverage.gaps();
    assert!(gaps > 0);
    let passport = repo::passport(&db, &chief, "d5", today()).await.unwrap();
    assert!(passport.gaps.iter().any(|k| k.code == "legal"));

    let form = partner("ngo", "Юридическая клиника", &["d5", "d6"], vec![service("Консультации", &["legal"], "free")]);
    add(&db, &chief, &form).await;
    let coverage = repo::coverage(&db).await.unwrap();
    assert_eq!(coverage.counts[legal][d("d5")], 1);
    assert_eq!(coverage.counts[legal][d("d6")], 1);
    assert_eq!(coverage.gaps(), gaps - 2);
    let passport = repo::passport(&db, &chief, "d5", today()).await.unwrap();
    assert!(!passport.gaps.iter().any(|k| k.code == "legal"));
    assert!(passport.partners.iter().any(|p| p.name == "Юридическая клиника"));
    assert!(passport.partners.iter().any(|p| p.name == MFC), "whole-town partners are in every passport");
    assert!(!passport.partners.iter().any(|p| p.name == LAW));
}

async fn set_verified(db: &Db, key: &str, on: Option<NaiveDate>) {
    db.query("UPDATE $id SET passport_verified_on = $on")
        .bind(("id", surrealdb::types::RecordId::new("district", key.to_string())))
        .bind(("on", on.map(|d| d.format("%Y-%m-%d").to_string())))
        .await
        .unwrap()
        .check()
        .unwrap();
}

#[tokio::test]
async fn a_passport_is_overdue_six_months_after_its_check_and_a_check_clears_it() {
    let db = database().await;
    let worker = user(&db, "petrova", Role::Caseworker).await;
    let chief = user(&db, "morozova", Role::Supervisor).await;
    let t = today();

    let never = repo::passport(&db, &worker, "d1", t).await.unwrap();
    assert!(never.overdue, "never verified: overdue");
    assert_eq!((never.verified_on, never.due_on), (None, None));
    assert!(never.editable, "her own district");
    assert!(!repo::passport(&db, &worker, "d3", t).await.unwrap().editable);
    assert!(repo::passport(&db, &chief, "d3", t).await.unwrap().editable);
    let missing = repo::passport(&db, &worker, "d9", t).await;
    assert!(matches!(missing, Err(AppError::NotFound(_))), "{missing:?}");

    let long_ago = t.checked_sub_months(Months::new(7)).unwrap();
    set_verified(&db, "d1", Some(long_ago)).await;
    let old = repo::passport(&db, &worker, "d1", t).await.unwrap();
    assert!(old.overdue);
    assert_eq!(old.due_on, long_ago.checked_add_months(Months::new(6)));
    let recent = t.checked_sub_months(Months::new(5)).unwrap();
    set_verified(&db, "d2", Some(recent)).await;
    let fresh = repo::passport(&db, &worker, "d2", t).await.unwrap();
    assert!(!fresh.overdue);
    assert_eq!(fresh.due_on, recent.checked_add_months(Months::new(6)));

    // Overdue passports come first in the list to verify; the fresh one comes last.
    let due = repo::passports_due(&db, t).await.unwrap();
    assert_eq!(due.len(), 6);
    assert_eq!(due.iter().filter(|d| d.overdue).count(), 5);
    assert_eq!(due.last().unwrap().id, "d2");
    assert!(due[0].overdue);

    // Saving with «verified» clears it and records who.
    let form = PassportForm {
        residents: "6 400".into(),
        families_with_children: "900".into(),
        large_families: "120".into(),
        infrastructure: "Школа № 2, поликлиника".into(),
        verified: true,
        ..Default::default()
    };
    let valid = app::resources::validate::validate_passport(&form).unwrap();
    let version = repo::save_passport(&db, &worker, "d1", old.version, &valid, t).await.expect("saved");
    assert_eq!(version, old.version + 1);
    let checked = repo::passport(&db, &worker, "d1", t).await.unwrap();
    assert!(!checked.overdue);
    assert_eq!(checked.verified_on, Some(t));
    assert_eq!(checked.verified_by_name.as_deref(), Some(worker.full_name.as_str()));
    assert_eq!(checked.due_on, t.checked_add_months(Months::new(6)));
    assert_eq!(checked.population.residents, 6400);
    assert_eq!(checked.infrastructure, "Школа № 2, поликлиника");
    assert!(!repo::district_shapes(&db, t).await.unwrap().iter().find(|d| d.id == "d1").unwrap().overdue);

    // Saving without «verified» keeps the date; a stale version is a conflict and writes nothing.
    let unverified = app::resources::validate::validate_passport(&PassportForm {
        verified: false,
        residents: "6500".into(),
        ..form.clone()
    })
    .unwrap();
    let later = t + Duration::days(10);
    let version = repo::save_passport(&db, &chief, "d1", version, &unverified, later).await.expect("saved");
    let kept = repo::passport(&db, &chief, "d1", later).await.unwrap();
    assert_eq!(kept.verified_on, Some(t));
    assert_eq!(kept.verified_by_name.as_deref(), Some(worker.full_name.as_str()));
    assert_eq!(kept.population.residents, 6500);
    let stale = repo::save_passport(&db, &chief, "d1", version - 1, &valid, later).await;
    assert!(matches!(stale, Err(AppError::Conflict(_))), "{stale:?}");
    assert_eq!(repo::passport(&db, &chief, "d1", later).await.unwrap().population.residents, 6500);
}

#[tokio::test]
async fn a_passport_form_goes_through_the_server_function_for_the_districts_own_caseworker() {
    let db = database().await;
    let app = TestApp::new(db.clone()).await;
    user(&db, "petrova", Role::Caseworker).await;
    let cookie = app.login("petrova").await;
    let form = json!({ "residents": "100", "families_with_children": "10", "large_families": "2", "pensioners": "5",
        "disabled": "1", "svo_families": "0", "infrastructure": "", "verified": true });
    let reply = app
        .call(
            "/api/resources/save_passport",
            ServerFnBody::Json(json!({ "id": "d3", "version": 1, "form": form })),
            Some(&cookie),
        )
        .await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN, "{}", reply.body);
    let reply = app
        .call(
            "/api/resources/save_passport",
            ServerFnBody::Json(json!({ "id": "d1", "version": 1, "form": form })),
            Some(&cookie),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert_eq!(reply.json(), json!(2));
    let reply = app
        .call(
            "/api/resources/save_passport",
            ServerFnBody::Json(json!({ "id": "d1", "version": 1, "form": form })),
            Some(&cookie),
        )
        .await;
    assert_eq!(reply.status, StatusCode::CONFLICT, "{}", reply.body);
    assert!(reply.body.contains("Обновите страницу"), "{}", reply.body);
    let bad = json!({ "residents": "-1", "families_with_children": "10", "large_families": "20", "pensioners": "",
        "disabled": "", "svo_families": "", "infrastructure": "", "verified": false });
    let reply = app
        .call(
            "/api/resources/save_passport",
            ServerFnBody::Json(json!({ "id": "d1", "version": 2, "form": bad })),
            Some(&cookie),
        )
        .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", reply.body);
    let errors = &reply.json()["Validation"];
    assert!(errors["residents"].is_string() && errors["large_families"].is_string(), "{errors}");
}

#[tokio::test]
async fn district_boundaries_round_trip_through_geojson() {
    let db = database().await;
    let app = TestApp::new(db.clone()).await;
    user(&db, "morozova", Role::Supervisor).await;
    user(&db, "petrova", Role::Caseworker).await;
    let districts = app::districts::repo::list(&db).await.unwrap();
    // Corners as written in a file (sums like 63.33 + 0.01 do not survive a decimal text exactly).
    let square = |x: f64, y: f64, x2: f64, y2: f64| vec![vec![[x, y], [x2, y], [x2, y2], [x, y2], [x, y]]];
    let text = json!({
        "type": "FeatureCollection",
        "features": [
            { "type": "Feature", "properties": { "number": 1, "name": "Центральный" },
              "geometry": { "type": "Polygon", "coordinates": square(63.33, 61.31, 63.34, 61.32) } },
            { "type": "Feature", "properties": { "номер": "2" },
              "geometry": { "type": "MultiPolygon", "coordinates": [square(63.35, 61.30, 63.36, 61.31)] } },
        ]
    })
    .to_string();
    let boundaries = geojson::boundaries(&text, &districts).expect("parsed");
    assert_eq!(boundaries.len(), 2);
    repo::save_boundaries(&db, boundaries.clone()).await.expect("saved");
    let shapes = repo::district_shapes(&db, today()).await.unwrap();
    assert_eq!(shapes.len(), 6);
    let shape = |key: &str| shapes.iter().find(|s| s.id == key).unwrap().clone();
    assert_eq!(shape("d1").rings, square(63.33, 61.31, 63.34, 61.32));
    assert_eq!(shape("d2").rings, square(63.35, 61.30, 63.36, 61.31));
    assert!(shape("d3").rings.is_empty(), "districts not in the file keep theirs");

    // The exported collection reads back to the same boundaries.
    let again = geojson::boundaries(&geojson::feature_collection(&shapes).to_string(), &districts).unwrap();
    assert_eq!(again, boundaries);
    let cookie = app.login("petrova").await;
    let download = app.get("/resources/districts.geojson", Some(&cookie)).await;
    assert_eq!(download.status, StatusCode::OK);
    assert_eq!(geojson::boundaries(&download.body, &districts).unwrap(), boundaries);

    // Unknown districts are refused with a message, and so is a caseworker.
    let unknown = text.replace("\"number\":1", "\"number\":9");
    assert!(geojson::boundaries(&unknown, &districts).unwrap_err().contains("участка"));
    let err = repo::save_boundaries(&db, vec![("d9".into(), square(1.0, 1.0, 2.0, 2.0))]).await.unwrap_err();
    assert!(err.field_errors().and_then(|e| e.get("file")).is_some(), "{err:?}");
    let reply =
        app.call("/api/resources/boundaries", ServerFnBody::Json(json!({ "geojson": text })), Some(&cookie)).await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);

    // A supervisor loads a file through the server function.
    let chief_cookie = app.login("morozova").await;
    let moved = text.replace("63.33", "63.40");
    let reply = app
        .call("/api/resources/boundaries", ServerFnBody::Json(json!({ "geojson": moved })), Some(&chief_cookie))
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert_eq!(reply.json(), json!(2));
    let shapes = repo::district_shapes(&db, today()).await.unwrap();
    assert_eq!(shapes.iter().find(|s| s.id == "d1").unwrap().rings[0][0], [63.40, 61.31]);
    let reply = app
        .call("/api/resources/boundaries", ServerFnBody::Json(json!({ "geojson": "не GeoJSON" })), Some(&chief_cookie))
        .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", reply.body);
    assert!(reply.json()["Validation"]["file"].as_str().is_some_and(|m| m.contains("GeoJSON")), "{}", reply.body);
}

// ---------------------------------------------------------------------------------------------
// Donations registries.

#[tokio::test]
async fn benefactors_and_beneficiaries_are_recorded_and_linked() {
    let db = database().await;
    let app = TestApp::new(db.clone()).await;
    user(&db, "petrova", Role::Caseworker).await;
    user(&db, "disp", Role::Dispatcher).await;
    let cookie = app.login("petrova").await;
    let benefactor = json!({ "kind": "person", "name": "Иванов Пётр", "contact": "", "phone": "8 912 000-11-22",
        "help": ["household"], "offer": "Колет дрова по субботам", "districts": ["d1"] });
    let reply = app
        .call(
            "/api/resources/save_benefactor",
            ServerFnBody::Json(json!({ "id": "", "version": 0, "form": benefactor })),
            Some(&cookie),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let benefactor_id = reply.json().as_str().unwrap().to_string();
    let family = json!({ "name": "Семья Кузнецовых", "district": "d1", "members": "4", "help": ["household"],
        "need": "Дрова на зиму", "case": "", "benefactor": benefactor_id, "status": "matched" });
    let reply = app
        .call(
            "/api/resources/save_beneficiary",
            ServerFnBody::Json(json!({ "id": "", "version": 0, "form": family })),
            Some(&cookie),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let bad = json!({ "name": " ", "district": "d9", "members": "0", "help": [], "need": "", "case": "2026-9999",
        "benefactor": "", "status": "done" });
    let reply = app
        .call(
            "/api/resources/save_beneficiary",
            ServerFnBody::Json(json!({ "id": "", "version": 0, "form": bad })),
            Some(&cookie),
        )
        .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", reply.body);
    let errors = &reply.json()["Validation"];
    for field in ["name", "district", "members", "help", "benefactor"] {
        assert!(errors[field].is_string(), "no message for {field}: {errors}");
    }

    // A case that does not exist, by number or by key, is named as such.
    for case in ["2026-9999", "nosuchcase"] {
        let family = json!({ "name": "Семья Петровых", "district": "d1", "members": "3", "help": ["material"],
            "need": "", "case": case, "benefactor": "", "status": "waiting" });
        let reply = app
            .call(
                "/api/resources/save_beneficiary",
                ServerFnBody::Json(json!({ "id": "", "version": 0, "form": family })),
                Some(&cookie),
            )
            .await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "case «{case}»: {}", reply.body);
        assert!(reply.json()["Validation"]["case"].is_string(), "case «{case}»: {}", reply.body);
    }

    let donations = app
        .call("/api/resources/donations", ServerFnBody::Form(vec![("archived", "false".into())]), Some(&cookie))
        .await
        .json();
    assert_eq!(donations["benefactors"][0]["helping"], 1);
    assert_eq!(donations["beneficiaries"][0]["benefactor"][1], "Иванов Пётр");
    assert_eq!(donations["beneficiaries"][0]["status"], "matched");
    // A dispatcher sees who helps, but not the families (their names and needs are personal data
    // of cases and districts that are not hers).
    let dispatcher = app.login("disp").await;
    let reply = app
        .call("/api/resources/donations", ServerFnBody::Form(vec![("archived", "false".into())]), Some(&dispatcher))
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let donations = reply.json();
    assert_eq!(donations["can_edit"], false);
    assert_eq!(donations["benefactors"][0]["helping"], 1);
    assert_eq!(donations["beneficiaries"].as_array().map(Vec::len), Some(0));
}

// ---------------------------------------------------------------------------------------------
// The demo data.

#[tokio::test]
async fn the_demo_department_has_a_registry_of_every_kind_with_boundaries_overdue_passports_and_gaps() {
    let db = database().await;
    let report = opora_server::seed::seed_demo(&db, false, Some(PASSWORD), 40, 60).await.expect("demo seeded");
    assert_eq!(report.partners, opora_server::seed::data::partners().len());
    let partners = repo::all(&db).await.unwrap();
    assert_eq!(partners.len(), report.partners);
    let missing: Vec<PartnerKind> = PartnerKind::ALL
        .iter()
        .copied()
        .filter(|k| *k != PartnerKind::Other && !partners.iter().any(|p| p.kind == *k))
        .collect();
    assert!(missing.is_empty(), "no demo partner of kinds {missing:?}");
    assert!(partners.iter().all(|p| p.lat.is_some() && p.lon.is_some()), "every demo partner is on the map");
    assert!(partners.iter().any(|p| p.districts.is_empty()) && partners.iter().any(|p| !p.districts.is_empty()));

    let t = today();
    let shapes = repo::district_shapes(&db, t).await.unwrap();
    assert_eq!(shapes.len(), 6);
    for shape in &shapes {
        assert_eq!(shape.rings.len(), 1, "district {} has a boundary", shape.number);
        let ring = &shape.rings[0];
        assert!(ring.len() >= 4 && ring.first() == ring.last(), "district {}: a closed ring", shape.number);
        // Yugorsk: about 63.3° E, 61.3° N.
        assert!(
            ring.iter().all(|[lon, lat]| (62.5..64.5).contains(lon) && (60.8..61.8).contains(lat)),
            "district {}",
            shape.number
        );
    }
    let due = repo::passports_due(&db, t).await.unwrap();
    assert!(due.iter().any(|d| d.overdue), "at least one passport to verify");
    assert!(due.iter().any(|d| !d.overdue));
    assert!(due.iter().all(|d| d.partners > 0));
    let coverage = repo::coverage(&db).await.unwrap();
    assert!(coverage.gaps() >= 1, "the coverage shows at least one gap");
    assert!(coverage.gaps() < coverage.help_kinds.len() * 6 / 2, "but mostly covered: {} gaps", coverage.gaps());

    let supervisor = user(&db, "registry-chief", Role::Supervisor).await;
    let (benefactors, beneficiaries) = repo::donations(&db, &supervisor, false).await.unwrap();
    assert!(!benefactors.is_empty() && !beneficiaries.is_empty());
    assert!(beneficiaries.iter().any(|b| b.benefactor.is_some()));
    assert!(beneficiaries.iter().any(|b| b.case.is_some()), "some families are the department's cases");

    // The demo registry answers the searches of the feature's description.
    let chief = CurrentUser {
        id: "demo".into(),
        login: "demo".into(),
        full_name: "Демо".into(),
        roles: vec![Role::Supervisor],
        districts: vec![],
        must_change_password: false,
    };
    for text in ["юрист", "психолог", "дрова", "МФЦ", "санаторий"] {
        assert!(!search(&db, &chief, text).await.is_empty(), "«{text}» finds nothing in the demo registry");
    }

    // Seeding again does not double the registry.
    opora_server::seed::seed_demo(&db, true, Some(PASSWORD), 1, 0).await.expect("seeded again");
    assert_eq!(repo::all(&db).await.unwrap().len(), partners.len());
}
