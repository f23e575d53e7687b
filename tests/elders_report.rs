//! The quarterly plan and report of the «дворовый» service through the server function, the
//! workbook download and the repository against an in-memory SurrealDB: the registry at the
//! quarter's end (with those who left after it, without those who left before), the plan of
//! each month against the people reached, events and safety schools, interest groups, needs and
//! dangerous situations with what became of them; a caseworker kept to her districts.

use app::audit::ssr::{Actor, AuditLine};
use app::audit::AuditAction;
use app::auth::users::{create_user, NewUser};
use app::auth::{CurrentUser, Role};
use app::db::Db;
use app::elders::events::{EventKind, InformWay, SafetyTopic, ValidEvent};
use app::elders::events_repo;
use app::elders::repo::{self, ImportElder};
use app::elders::report::{Quarter, QuarterReport};
use app::elders::rules::{validate_elder, ValidContact};
use app::elders::types::{ContactPurpose, ContactWay, ElderForm};
use axum::body::Body;
use chrono::{DateTime, Utc};
use http::{Request, StatusCode};
use http_body_util::BodyExt;
use opora_tests::{database, user, ServerFnBody, TestApp, PASSWORD};
use serde_json::{json, Value};
use tower::ServiceExt;

/// A local moment «2026-07-10T11:00».
fn at(text: &str) -> DateTime<Utc> {
    app::time::parse_datetime_local(text).expect("a local moment")
}

/// A person of a district who entered the registry (gave consent) on `consent_on`, with the
/// groups of special attention and contacts at these local moments.
fn person(
    name: &str,
    district: &str,
    consent_on: &str,
    groups: &[&str],
    disability: &str,
    contacts: &[&str],
    by: &CurrentUser,
) -> ImportElder {
    let form: ElderForm = serde_json::from_value(json!({
        "full_name": name, "sex": "female", "birth_date": "1950-03-14", "disability": disability,
        "disability_since": if disability.is_empty() { "" } else { "2010-01-01" },
        "address": "г. Югорск, ул. Ленина, д. 12, кв. 4", "district": district, "phone": "8 912 345-67-89",
        "phone2": "", "messenger": "", "lives_with": "одна", "consent": true, "consent_on": consent_on,
        "marks": groups.iter().map(|g| json!({ "group": g, "since": "2026-01-15", "note": "" })).collect::<Vec<_>>(),
        "interests": [], "case_number": "", "notes": "", "left_reason": ""
    }))
    .expect("a form");
    let today = app::time::local_today(Utc::now());
    let elder = validate_elder(&form, today).unwrap_or_else(|e| panic!("{name}: {e:?}"));
    let contacts = contacts
        .iter()
        .map(|c| (at(c), ContactWay::Phone, vec![ContactPurpose::Support], "Поговорили".to_string()))
        .collect();
    ImportElder { elder, contacts, by: by.clone() }
}

async fn key_of(db: &Db, name: &str) -> String {
    let mut response = db
        .query("SELECT VALUE record::id(id) FROM elder WHERE full_name = $name")
        .bind(("name", name.to_string()))
        .await
        .expect("query");
    let keys: Vec<String> = response.take(0).expect("keys");
    keys.into_iter().next().unwrap_or_else(|| panic!("{name} is not in the registry"))
}

/// A contact at which a need or a dangerous situation was found, as the tablet records it.
async fn finding(db: &Db, by: &CurrentUser, name: &str, when: &str, need: Option<&str>, danger: Option<&str>) {
    let elder = repo::get(db, &key_of(db, name).await).await.expect("read").expect("the person");
    let contact = ValidContact {
        client_key: format!("k{}", rand::random::<u32>()),
        at: at(when),
        way: ContactWay::Visit,
        purposes: vec![ContactPurpose::Needs],
        result: "Побеседовали дома".into(),
        need: need.map(str::to_string),
        danger: danger.map(str::to_string),
    };
    let line = AuditLine::new(&Actor::user(by), AuditAction::Create, None, "Контакт", vec![]);
    repo::record_contact(db, by, &elder, &contact, line).await.expect("contact recorded");
}

/// A person leaves the registry; the card's last change is `changed_at`.
async fn leaves(db: &Db, name: &str, changed_at: &str) {
    db.query("UPDATE type::record('elder', $id) SET in_registry = false, left_reason = 'moved', updated_at = $at")
        .bind(("id", key_of(db, name).await))
        .bind(("at", at(changed_at)))
        .await
        .expect("update")
        .check()
        .expect("left");
}

/// An event of the quarter: its key.
async fn event(
    db: &Db,
    by: &CurrentUser,
    title: &str,
    kind: EventKind,
    topic: Option<SafetyTopic>,
    when: &str,
) -> String {
    let event = ValidEvent {
        title: title.into(),
        kind,
        topic,
        starts_at: at(when),
        place: "КЦСОН, актовый зал".into(),
        organiser: "КЦСОН".into(),
        suits: vec![],
        notes: None,
    };
    events_repo::save_event(db, by, "", 0, &event).await.expect("event saved")
}

/// Informs these people (of `district`) of an event; those named in `came` came.
async fn invite(db: &Db, by: &CurrentUser, event: &str, district: &str, people: &[&str], came: &[&str]) {
    let mut named = Vec::new();
    for name in people {
        named.push((key_of(db, name).await, district.to_string()));
    }
    events_repo::inform(db, by, event, &named, InformWay::Phone).await.expect("informed");
    for name in came {
        assert!(events_repo::attend(db, event, &key_of(db, name).await, true).await.expect("marked"));
    }
}

/// A caseworker of district 3 only.
async fn caseworker_of_d3(db: &Db) -> CurrentUser {
    let full_name = "Третьякова Ольга Петровна".to_string();
    let id = create_user(
        db,
        &NewUser {
            login: "worker3".into(),
            full_name: full_name.clone(),
            position: String::new(),
            roles: vec![Role::Caseworker],
            districts: vec!["d3".into()],
            password: PASSWORD.into(),
            must_change_password: false,
        },
    )
    .await
    .expect("user");
    CurrentUser {
        id,
        login: "worker3".into(),
        full_name,
        roles: vec![Role::Caseworker],
        districts: vec!["d3".into()],
        must_change_password: false,
    }
}

/// The third quarter of 2026 on districts 1–3: who entered and left when, contacts in all three
/// months, a safety school and a concert, a choir, needs and dangers.
async fn a_quarter(db: &Db, worker: &CurrentUser, worker3: &CurrentUser, chief: &CurrentUser) {
    let people = vec![
        person(
            "Антонова Анна Ильинична",
            "d1",
            "2026-01-15",
            &["alone"],
            "2",
            &["2026-07-10T11:00", "2026-07-20T11:00", "2026-08-05T11:00"],
            worker,
        ),
        person(
            "Борисова Бэлла Ивановна",
            "d1",
            "2026-01-15",
            &["victim_risk", "alone"],
            "",
            &["2026-07-15T11:00", "2026-09-03T11:00"],
            worker,
        ),
        // Entered in August: not in July's plan, and a July contact does not count as reaching
        // the registry.
        person(
            "Васильева Вера Петровна",
            "d1",
            "2026-08-10",
            &[],
            "",
            &["2026-07-25T11:00", "2026-08-12T11:00", "2026-09-12T11:00"],
            worker,
        ),
        // Left in August: in the plans of July and August only.
        person("Григорьева Галина Сергеевна", "d1", "2026-01-15", &[], "", &["2026-07-02T11:00"], worker),
        // Left in October: in the registry at the quarter's end.
        person("Дмитриева Дарья Олеговна", "d1", "2026-01-15", &[], "", &["2026-09-20T11:00"], worker),
        person("Егорова Елена Павловна", "d2", "2026-01-15", &["newly_arrived"], "", &[], worker),
        person("Жукова Жанна Юрьевна", "d3", "2026-01-15", &[], "", &["2026-07-01T11:00"], worker3),
        // Entered after the quarter: in none of its figures.
        person("Зайцева Зоя Андреевна", "d1", "2026-10-02", &["alone"], "", &["2026-10-03T11:00"], worker),
    ];
    repo::import(db, people, Utc::now()).await.expect("imported");
    leaves(db, "Григорьева Галина Сергеевна", "2026-08-05T12:00").await;
    leaves(db, "Дмитриева Дарья Олеговна", "2026-10-20T12:00").await;

    finding(db, worker, "Антонова Анна Ильинична", "2026-08-20T10:00", Some("Помощь в оформлении субсидии"), None)
        .await;
    finding(
        db,
        worker,
        "Борисова Бэлла Ивановна",
        "2026-09-05T10:00",
        Some("Поговорить с родственниками"),
        Some("Звонят мошенники, угрожают"),
    )
    .await;
    finding(db, worker, "Васильева Вера Петровна", "2026-09-15T10:00", None, Some("Соседи жалуются на шум и драки"))
        .await;
    // A danger of October belongs to the next quarter.
    finding(db, worker, "Зайцева Зоя Андреевна", "2026-10-05T10:00", None, Some("Угрозы от сына")).await;
    // The head acknowledges the alert about Borisova; the other one is still open.
    let mut response = db
        .query("SELECT VALUE record::id(id) FROM elder_alert WHERE elder.full_name = 'Борисова Бэлла Ивановна'")
        .await
        .expect("alerts");
    let alerts: Vec<String> = response.take(0).expect("keys");
    let line = AuditLine::new(&Actor::user(chief), AuditAction::Update, None, "Принято", vec![]);
    repo::acknowledge(db, chief, &alerts[0], line).await.expect("acknowledged");
    // Antonova's case of social support is linked to her card.
    let case = opora_tests::open_case(db, worker, &opora_tests::family_form("Семья Антоновых", "d1", "")).await;
    db.query("UPDATE type::record('elder', $id) SET case = type::record('case_file', $case)")
        .bind(("id", key_of(db, "Антонова Анна Ильинична").await))
        .bind(("case", case))
        .await
        .expect("update")
        .check()
        .expect("linked");

    let school = event(
        db,
        chief,
        "Как не попасться мошенникам",
        EventKind::SafetySchool,
        Some(SafetyTopic::Fraud),
        "2026-07-21T11:00",
    )
    .await;
    let concert = event(db, chief, "Концерт хора ветеранов", EventKind::Concert, None, "2026-08-15T15:00").await;
    // An event of the next quarter is not in this one.
    event(db, chief, "Новогодний концерт", EventKind::Concert, None, "2026-12-28T15:00").await;
    invite(
        db,
        worker,
        &school,
        "d1",
        &["Антонова Анна Ильинична", "Борисова Бэлла Ивановна"],
        &["Антонова Анна Ильинична"],
    )
    .await;
    invite(db, worker3, &school, "d3", &["Жукова Жанна Юрьевна"], &["Жукова Жанна Юрьевна"]).await;
    invite(
        db,
        worker,
        &concert,
        "d1",
        &["Антонова Анна Ильинична", "Васильева Вера Петровна"],
        &["Васильева Вера Петровна"],
    )
    .await;

    let choir = events_repo::create_group(db, chief, "Хор «Северяночка»", app::elders::types::Interest::Culture, "")
        .await
        .expect("group");
    for name in ["Антонова Анна Ильинична", "Васильева Вера Петровна", "Жукова Жанна Юрьевна"]
    {
        events_repo::set_member(db, &key_of(db, name).await, &choir, true).await.expect("member");
    }
}

async fn report(app: &TestApp, cookie: &str, quarter: &str, district: &str) -> (StatusCode, Value) {
    let reply = app
        .call(
            "/api/elders/report",
            ServerFnBody::Form(vec![
                ("query[quarter]", quarter.to_string()),
                ("query[district]", district.to_string()),
            ]),
            Some(cookie),
        )
        .await;
    (reply.status, reply.json())
}

/// A download as bytes: status, content type, body.
async fn download(app: &TestApp, path: &str, cookie: &str) -> (StatusCode, String, Vec<u8>) {
    let mut request =
        Request::get(path).header("host", "localhost").header("cookie", cookie).body(Body::empty()).unwrap();
    request.extensions_mut().insert(axum::extract::ConnectInfo(app.address));
    let response = app.router.clone().oneshot(request).await.expect("response");
    let status = response.status();
    let kind = response
        .headers()
        .get(http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    let bytes = response.into_body().collect().await.expect("body").to_bytes().to_vec();
    (status, kind, bytes)
}

#[tokio::test]
async fn the_quarter_is_counted_per_district_and_for_the_department() {
    let db = database().await;
    let app = TestApp::new(db.clone()).await;
    let worker = user(&db, "worker", Role::Caseworker).await;
    let chief = user(&db, "chief", Role::Supervisor).await;
    let worker3 = caseworker_of_d3(&db).await;
    a_quarter(&db, &worker, &worker3, &chief).await;
    let cookie = app.login("worker").await;

    let (status, page) = report(&app, &cookie, "2026-Q3", "d1").await;
    assert_eq!(status, StatusCode::OK, "{page}");
    let page: QuarterReport = serde_json::from_value(page).expect("a report");
    assert_eq!(page.quarter_words, "III квартал 2026 г.");
    assert_eq!(page.title(), "Отчёт о работе службы «дворового» социального управления за III квартал 2026 г.");
    assert!(!page.in_progress);
    let f = &page.figures;
    assert_eq!(f.rows.len(), 1, "one district asked for");
    let d1 = &f.rows[0];
    // At the end of September: Antonova, Borisova, Vasilyeva, and Dmitrieva who left in October.
    assert_eq!(d1.registry, 4);
    assert_eq!(d1.disabled, 1);
    // Groups in the order of AttentionGroup::ALL: recently retired, newly arrived, alone, victim risk…
    assert_eq!(d1.groups, vec![0, 0, 2, 1, 0]);
    assert_eq!(d1.with_case, 1);
    let months: Vec<(u64, u64, u64)> = d1.months.iter().map(|m| (m.plan, m.contacts, m.reached)).collect();
    assert_eq!(
        months,
        [
            // July: the plan is A, B and the two who left later; five contacts, Vasilyeva's
            // before she entered the registry reaches nobody of it.
            (4, 5, 3),
            // August: Vasilyeva entered, Grigorieva left in it; A twice (one with a need), V.
            (5, 3, 2),
            // September: Grigorieva gone; B twice (one a danger), V twice, Dmitrieva.
            (4, 5, 3),
        ]
    );
    assert_eq!(d1.quarter_plan(), (13, 8));
    assert_eq!((d1.informed, d1.attended), (4, 2));
    assert_eq!((d1.safety_informed, d1.safety_attended, d1.safety_people), (2, 1, 1));
    assert_eq!((d1.group_members, d1.groups_active), (2, 1));
    assert_eq!((d1.needs, d1.needs_people, d1.needs_with_case), (2, 2, 1));
    assert_eq!((d1.dangers, d1.dangers_people, d1.dangers_with_case), (2, 2, 0));
    assert_eq!((d1.alerts_acknowledged, d1.alerts_open), (1, 1));
    assert_eq!((f.events_held, f.safety_held), (2, 1));
    let kinds: Vec<(EventKind, u64, u64, u64)> =
        f.kinds.iter().map(|k| (k.kind, k.held, k.informed, k.attended)).collect();
    assert_eq!(kinds, [(EventKind::Concert, 1, 2, 1), (EventKind::SafetySchool, 1, 2, 1)]);
    assert_eq!(f.topics.len(), 1);
    assert_eq!((f.topics[0].topic, f.topics[0].sessions, f.topics[0].attended), (Some(SafetyTopic::Fraud), 1, 1));
    assert_eq!(f.groups[0].members, 2, "the choir's members of district 1");
    // The tables show the same: July's share is 3 of 4.
    let tables = page.tables();
    let contacts = tables.iter().find(|t| t.key == "contacts").expect("the contacts table");
    let july: Vec<String> = contacts.rows[0].cells.iter().take(4).map(|c| c.text()).collect();
    assert_eq!(july, ["4", "5", "3", "75 %"]);

    // The caseworker's both districts: district 2 has one person, never reached.
    let (_, mine) = report(&app, &cookie, "2026-Q3", "").await;
    let mine: QuarterReport = serde_json::from_value(mine).expect("a report");
    assert_eq!(mine.figures.rows.iter().map(|r| r.district_id.as_str()).collect::<Vec<_>>(), ["d1", "d2"]);
    assert_eq!(mine.total_label, "Итого по участкам");
    assert!(!mine.department && !mine.head);
    assert_eq!(mine.figures.total.registry, 5);
    assert_eq!(mine.figures.rows[1].months[0].plan, 1);
    assert_eq!(mine.figures.rows[1].months[0].reached, 0);

    // The head: the whole department, district 3's safety-school listener and choir singer too.
    let chief_cookie = app.login("chief").await;
    let (_, all) = report(&app, &chief_cookie, "2026-Q3", "").await;
    let all: QuarterReport = serde_json::from_value(all).expect("a report");
    assert!(all.department && all.head);
    assert_eq!(all.total_label, "Итого по отделению");
    assert_eq!(all.figures.rows.len(), 6);
    let t = &all.figures.total;
    assert_eq!(t.registry, 6);
    assert_eq!(t.months.iter().map(|m| m.reached).collect::<Vec<_>>(), [4, 2, 3]);
    assert_eq!((t.safety_attended, t.safety_people, t.group_members, t.groups_active), (2, 2, 3, 1));
    assert_eq!(all.figures.kinds[1].informed, 3);
    // The fourth quarter: Zaytseva who entered in October is in the registry, the others who left
    // are not; the December concert is not held yet.
    let (_, q4) = report(&app, &chief_cookie, "2026-Q4", "").await;
    let q4: QuarterReport = serde_json::from_value(q4).expect("a report");
    let now = app::time::local_today(Utc::now());
    if Quarter::of(now) == (Quarter { year: 2026, number: 4 }) {
        assert!(q4.in_progress);
        assert_eq!(q4.figures.events_held, u64::from(now > chrono::NaiveDate::from_ymd_opt(2026, 12, 28).unwrap()));
    }
    assert_eq!(q4.figures.total.registry, 6, "A, B, V, E (d2), Zh (d3) and Zaytseva, without Dmitrieva");
    assert_eq!(q4.figures.total.months[0].reached, 1, "Zaytseva in October");
    assert_eq!(q4.figures.total.months[0].contacts, 2);
    assert_eq!((q4.figures.total.dangers, q4.figures.total.alerts_open), (1, 1));
    opora_tests::assert_no_server_panic();
}

#[tokio::test]
async fn the_workbook_has_the_same_figures_and_the_districts_are_kept() {
    let db = database().await;
    let app = TestApp::new(db.clone()).await;
    let worker = user(&db, "worker", Role::Caseworker).await;
    let chief = user(&db, "chief", Role::Supervisor).await;
    let worker3 = caseworker_of_d3(&db).await;
    user(&db, "psy", Role::Psychologist).await;
    a_quarter(&db, &worker, &worker3, &chief).await;
    let cookie = app.login("worker").await;
    let other = app.login("worker3").await;
    let psy = app.login("psy").await;

    let (status, kind, bytes) = download(&app, "/elders/report.xlsx?quarter=2026-Q3&district=d1", &cookie).await;
    assert_eq!(status, StatusCode::OK, "{}", String::from_utf8_lossy(&bytes));
    assert!(kind.contains("spreadsheetml"), "{kind}");
    let rows = opora_tests::sheet_rows(&bytes, "Отчёт");
    assert_eq!(rows[0][0], "Отчёт о работе службы «дворового» социального управления за III квартал 2026 г.");
    let row_of = |label: &str, after: &str| -> Vec<String> {
        let start = rows.iter().position(|r| r[0].starts_with(after)).unwrap_or_else(|| panic!("no «{after}»"));
        rows[start..].iter().find(|r| r[0] == label).cloned().unwrap_or_else(|| panic!("no row «{label}»"))
    };
    let registry = row_of("Участок № 1 — Центральный", "1. ");
    assert_eq!(&registry[1..4], ["4", "1", "0"], "{registry:?}");
    let contacts = row_of("Участок № 1 — Центральный", "2. ");
    assert_eq!(&contacts[1..5], ["4", "5", "3", "75"], "{contacts:?}");
    assert_eq!(&contacts[13..16], ["13", "8", "61"], "{contacts:?}");
    let needs = row_of("Участок № 1 — Центральный", "5. ");
    assert_eq!(&needs[1..9], ["2", "2", "1", "2", "2", "0", "1", "1"], "{needs:?}");
    assert!(rows.iter().any(|r| r[0].starts_with("Заведующий отделением")));
    // The download is in the audit trail.
    let mut response = db.query("SELECT VALUE summary FROM audit WHERE action = 'export'").await.expect("audit");
    let lines: Vec<String> = response.take(0).expect("lines");
    assert!(lines.iter().any(|l| l.contains("квартального отчёта") && l.contains("III квартал 2026")), "{lines:?}");

    // District 3's caseworker neither reads nor downloads district 1's report.
    let (status, body) = report(&app, &other, "2026-Q3", "d1").await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    assert!(body.to_string().contains("Этот участок вы не ведёте"), "{body}");
    let (status, _, _) = download(&app, "/elders/report.xlsx?quarter=2026-Q3&district=d1", &other).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    // Hers only: district 3, one person, reached in July.
    let (_, theirs) = report(&app, &other, "2026-Q3", "").await;
    let theirs: QuarterReport = serde_json::from_value(theirs).expect("a report");
    assert_eq!(theirs.figures.rows.len(), 1);
    assert_eq!(theirs.figures.rows[0].district_id, "d3");
    assert_eq!(theirs.figures.total.registry, 1);
    assert_eq!(theirs.figures.kinds.iter().map(|k| k.informed).sum::<u64>(), 1);
    // A quarter not written as one, a psychologist, nobody.
    let (status, body) = report(&app, &cookie, "третий", "").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert!(body.to_string().contains("quarter"), "{body}");
    assert_eq!(report(&app, &psy, "2026-Q3", "").await.0, StatusCode::FORBIDDEN);
    assert_eq!(download(&app, "/elders/report.xlsx", &psy).await.0, StatusCode::FORBIDDEN);
    let reply = app.get("/elders/report.xlsx", None).await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
    opora_tests::assert_no_server_panic();
}
