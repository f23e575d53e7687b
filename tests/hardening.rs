//! What no single request may do: stall, crash or fill the server; read personal data its role
//! does not allow; or keep a session alive that its user left.

use app::auth::Role;
use base64::Engine;
use http::{Request, StatusCode};
use opora_tests::{database, family_form, open_case, table_counts, user, ServerFnBody, TestApp, PASSWORD};
use serde_json::json;
use std::time::Duration;

fn login_form(login: &str, password: &str) -> ServerFnBody {
    ServerFnBody::Form(vec![("login", login.into()), ("password", password.into()), ("next", "/".into())])
}

fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

#[tokio::test]
async fn a_huge_login_is_refused_before_anything_is_written() {
    let db = database().await;
    let app = TestApp::new(db.clone()).await;
    let before = table_counts(&db, &["audit", "session"]).await;
    // 1.5 MB: within the body limit, refused by its length, unread.
    let reply = app.call("/api/auth/login", login_form(&"x".repeat(1_500_000), "пароль"), None).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", reply.body);
    assert!(reply.body.contains("Неверный логин или пароль"), "{}", reply.body);
    // 3 MB: beyond what a login may send at all.
    let reply = app.call("/api/auth/login", login_form(&"x".repeat(3_000_000), "пароль"), None).await;
    assert_eq!(reply.status, StatusCode::PAYLOAD_TOO_LARGE, "{}", reply.body);
    assert!(reply.body.contains("Слишком большой объём данных"), "{}", reply.body);
    // The same sent without a length (chunked) is cut while it is read, with the same answer.
    let body = opora_tests::form_encode(&[("login", "x".repeat(3_000_000)), ("password", "пароль".into())]);
    let chunked = Request::post("/api/auth/login")
        .header("origin", "http://localhost")
        .header("host", "localhost")
        .header("content-type", "application/x-www-form-urlencoded")
        .header("accept", "application/json")
        .body(axum::body::Body::from_stream(futures::stream::iter([Ok::<_, std::io::Error>(body)])))
        .unwrap();
    let reply = app.send(chunked).await;
    assert_eq!(reply.status, StatusCode::PAYLOAD_TOO_LARGE, "{}", reply.body);
    assert!(reply.body.contains("Слишком большой объём данных"), "{}", reply.body);
    assert_eq!(table_counts(&db, &["audit", "session"]).await, before, "nothing is written");
}

#[tokio::test]
async fn an_unknown_login_is_kept_masked_in_the_audit() {
    let db = database().await;
    let app = TestApp::new(db.clone()).await;
    // Staff type their password into the login field: it must not be kept.
    for typed in ["ivanovv", "Моё-Секретное-Слово-2026"] {
        let reply = app.call("/api/auth/login", login_form(typed, "что-то"), None).await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    }
    let summaries: Vec<String> =
        db.query("SELECT VALUE summary FROM audit WHERE action = 'login_failed'").await.unwrap().take(0).unwrap();
    assert_eq!(summaries.len(), 2);
    assert!(summaries.iter().any(|s| s.contains("iv…, 7 зн.")), "{summaries:?}");
    assert!(summaries.iter().any(|s| s.contains("не по правилам логинов")), "{summaries:?}");
    assert!(summaries.iter().all(|s| !s.contains("ivanovv") && !s.contains("Секретное")), "{summaries:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn fifty_logins_at_once_leave_the_server_answering() {
    let db = database().await;
    let app = std::sync::Arc::new(TestApp::new(db.clone()).await);
    user(&db, "busy", Role::Caseworker).await;
    let logins: Vec<_> = (0..50)
        .map(|_| {
            let app = app.clone();
            tokio::spawn(
                async move { app.call("/api/auth/login", login_form("busy", opora_tests::PASSWORD), None).await },
            )
        })
        .collect();
    // Meanwhile the health check (a database read and write) and a page keep answering: a
    // stall is a round that does not come back at all (the bound is generous, since the machine
    // runs other tests meanwhile; how fast they answer is the load bench's business).
    for round in 0..10 {
        let answered = tokio::time::timeout(Duration::from_secs(10), async {
            let reply = app.get("/healthz", None).await;
            assert_eq!(reply.status, StatusCode::OK);
            let login_page = app.get("/login", None).await;
            assert_eq!(login_page.status, StatusCode::OK);
        })
        .await;
        assert!(answered.is_ok(), "the server stalled under 50 logins (round {round})");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let mut signed_in = 0;
    let mut busy = 0;
    for login in logins {
        let reply = login.await.expect("login task");
        match reply.status {
            StatusCode::TOO_MANY_REQUESTS => {
                assert!(reply.body.contains("Слишком много попыток входа, повторите через минуту"), "{}", reply.body);
                busy += 1;
            }
            _ if reply.session_cookie().is_some() => signed_in += 1,
            other => panic!("login answered {other}: {}", reply.body),
        }
    }
    assert!(signed_in >= 1, "logins still succeed ({signed_in} in, {busy} refused as busy)");
    assert_eq!(signed_in + busy, 50);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn parallel_wrong_passwords_lock_the_account_once_and_answer_as_a_wrong_password() {
    let db = database().await;
    let app = std::sync::Arc::new(TestApp::new(db.clone()).await);
    user(&db, "target", Role::Supervisor).await;
    let attempts: Vec<_> = (0..200)
        .map(|n| {
            let app = app.clone();
            tokio::spawn(async move {
                app.call("/api/auth/login", login_form("target", &format!("неверный-пароль-{n}")), None).await
            })
        })
        .collect();
    for attempt in attempts {
        let reply = attempt.await.expect("attempt");
        assert!(
            matches!(reply.status, StatusCode::UNPROCESSABLE_ENTITY | StatusCode::TOO_MANY_REQUESTS),
            "{} {}",
            reply.status,
            reply.body
        );
    }
    let locks: Vec<String> =
        db.query("SELECT VALUE summary FROM audit WHERE action = 'account_locked'").await.unwrap().take(0).unwrap();
    assert_eq!(locks.len(), 1, "locked once: {locks:?}");
    let locked: Option<bool> = db
        .query("RETURN (SELECT VALUE locked_until > time::now() FROM ONLY user WHERE login = 'target' LIMIT 1)")
        .await
        .unwrap()
        .take(0)
        .unwrap();
    assert_eq!(locked, Some(true));
    // The right password of a locked account gets the answer of a wrong one (from another device:
    // this one is throttled by now).
    let other = TestApp::new(db.clone()).await;
    let reply = other.call("/api/auth/login", login_form("target", PASSWORD), None).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", reply.body);
    assert!(reply.body.contains("Неверный логин или пароль"), "{}", reply.body);
    assert!(!reply.body.contains("заблокирован"), "a lock is not revealed: {}", reply.body);
    // The device that made the attempts is refused for a while, and told when to come back:
    // at once if thirty of its attempts were counted, else after the rest of the thirty (those
    // refused as «busy» while the password checks were full are not counted; against a
    // SurrealDB server, where each attempt waits longer for its row, more of them are).
    let mut throttled = None;
    for _ in 0..=30 {
        let reply = app.call("/api/auth/login", login_form("target", PASSWORD), None).await;
        if reply.status == StatusCode::TOO_MANY_REQUESTS && reply.headers.contains_key(http::header::RETRY_AFTER) {
            throttled = Some(reply);
            break;
        }
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", reply.body);
    }
    assert!(throttled.is_some(), "the device was not refused after thirty failures");
}

/// An .xlsx workbook: its parts as a zip archive.
fn workbook(parts: &[(&str, Vec<u8>)]) -> Vec<u8> {
    use std::io::Write;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in parts {
        zip.start_file(*name, options).unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

#[tokio::test]
async fn a_spreadsheet_bomb_and_a_zip_bomb_are_refused_and_the_server_lives() {
    let db = database().await;
    let app = TestApp::new(db.clone()).await;
    user(&db, "chief", Role::Supervisor).await;
    let cookie = app.login("chief").await;
    // Two cells each: A1 and XFD1 (16 thousand columns), A1 and A1048576 (a million rows): a
    // grid kept in memory would be gigabytes from a file of a few kilobytes.
    let far = |row: u32, column: u16| {
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet();
        sheet.write_string(0, 0, "Наименование").unwrap();
        sheet.write_string(row, column, "конец").unwrap();
        let bytes = book.save_to_buffer().unwrap();
        assert!(bytes.len() < 20_000, "a small file: {} bytes", bytes.len());
        bytes
    };
    // 200 MB of zeros packed into a few hundred kilobytes.
    let zeros = workbook(&[("xl/worksheets/sheet1.xml", vec![0u8; 200 * 1024 * 1024])]);
    for (name, bytes, expected) in [
        ("wide.xlsx", far(0, 16_383), "столбца"),
        ("long.xlsx", far(1_048_575, 0), "строк"),
        ("bomb.xlsx", zeros, "слишком велик в распакованном виде"),
    ] {
        let reply = app
            .call(
                "/api/resources/import",
                ServerFnBody::Json(json!({ "file_name": name, "data": b64(&bytes), "apply": false })),
                Some(&cookie),
            )
            .await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{name}: {}", reply.body);
        assert!(reply.body.contains(expected), "{name}: {}", reply.body);
    }
    assert_eq!(app.get("/healthz", None).await.status, StatusCode::OK, "the process lives");
}

#[tokio::test]
async fn a_tablet_photo_is_taken_a_huge_body_refused_and_photos_are_not_cached() {
    let db = database().await;
    let app = TestApp::new(db.clone()).await;
    let worker = user(&db, "worker", Role::Caseworker).await;
    let case = open_case(&db, &worker, &family_form("Семья Фотиных", "d1", &worker.id)).await;
    let cookie = app.login("worker").await;
    // A normal 3 MB photo from the tablet's camera.
    let mut photo: Vec<u8> = vec![0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, b'J', b'F', b'I', b'F', 0x00];
    photo.extend((0..3 * 1024 * 1024).map(|i| (i * 7 % 251) as u8));
    let reply = app
        .call(
            "/api/acts/add_photo",
            ServerFnBody::Json(json!({ "case_id": case, "name": "печь.jpg", "data": b64(&photo) })),
            Some(&cookie),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let id = reply.json()["id"].as_str().unwrap().to_string();
    let shown = app.get(&format!("/acts/photos/{id}"), Some(&cookie)).await;
    assert_eq!(shown.status, StatusCode::OK);
    assert_eq!(shown.headers["cache-control"], "no-store", "the next person on the tablet finds nothing cached");
    // 30 MB: refused before it is read, with a message the form shows.
    let huge = "A".repeat(30 * 1024 * 1024);
    let reply = app
        .call(
            "/api/acts/add_photo",
            ServerFnBody::Json(json!({ "case_id": case, "name": "big.jpg", "data": huge })),
            Some(&cookie),
        )
        .await;
    assert_eq!(reply.status, StatusCode::PAYLOAD_TOO_LARGE, "{}", &reply.body[..reply.body.len().min(300)]);
    let error: app::error::AppError = serde_json::from_str(&reply.body).expect("the app's error");
    assert!(error.messages()[0].contains("не больше 18 МБ"), "{error:?}");
    let photos: Option<i64> = db.query("RETURN count(SELECT id FROM act_photo)").await.unwrap().take(0).unwrap();
    assert_eq!(photos, Some(1), "the refused one is not kept");
}

#[tokio::test]
async fn the_administrator_reads_who_changed_what_but_not_the_values() {
    let db = database().await;
    let app = TestApp::new(db.clone()).await;
    user(&db, "desk", Role::Dispatcher).await;
    user(&db, "admin", Role::Admin).await;
    user(&db, "chief", Role::Supervisor).await;
    let desk = app.login("desk").await;
    let form = json!({ "received_at": app::time::to_datetime_local(chrono::Utc::now()), "full_name": "Смирнова Анна Петровна", "phone": "+7 912 345-67-89",
        "address": "г. Югорск, ул. Ленина, д. 3", "summary": "Просит помочь с дровами", "answer": "", "answer_method": "",
        "channel": "phone", "topics": [], "district": "", "urgent": false, "handoff_to": "", "handoff_detail": "",
        "handoff_at": "", "handoff_by": "", "outcome": "" });
    let reply = app.call("/api/journal/register", ServerFnBody::Json(json!({ "form": form })), Some(&desk)).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let list = |cookie: String| {
        let app = &app;
        async move {
            app.call(
                "/api/audit/list",
                ServerFnBody::Form(vec![("query[record]", "journal_entry".into())]),
                Some(&cookie),
            )
            .await
            .body
        }
    };
    let admin = list(app.login("admin").await).await;
    assert!(admin.contains("journal_entry"), "{admin}");
    for secret in ["Смирнова", "дровами", "Ленина", "345-67"] {
        assert!(!admin.contains(secret), "the administrator reads «{secret}»: {admin}");
    }
    let chief = list(app.login("chief").await).await;
    assert!(chief.contains("journal_entry"), "{chief}");
}

/// Names of the families the donations registry shows to a session.
async fn family_names(app: &TestApp, cookie: &str) -> Vec<String> {
    let donations = app
        .call("/api/resources/donations", ServerFnBody::Form(vec![("archived", "false".into())]), Some(cookie))
        .await;
    assert_eq!(donations.status, StatusCode::OK, "{}", donations.body);
    donations.json()["beneficiaries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["name"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn families_waiting_for_help_are_seen_only_by_those_who_see_their_case() {
    let db = database().await;
    let app = TestApp::new(db.clone()).await;
    let chief = user(&db, "chief", Role::Supervisor).await;
    user(&db, "worker", Role::Caseworker).await; // districts d1 and d2
    user(&db, "lawyer", Role::Lawyer).await;
    let ours = open_case(&db, &chief, &family_form("Семья Своих", "d1", "")).await;
    let other = open_case(&db, &chief, &family_form("Семья Чужих", "d3", "")).await;
    let chief_cookie = app.login("chief").await;
    for (name, case) in [("Семья Своих", &ours), ("Семья Чужих", &other)] {
        let family = json!({ "name": name, "district": "", "members": "3", "help": ["legal"], "need": "Консультация",
            "case": case, "benefactor": "", "status": "waiting" });
        let reply = app
            .call(
                "/api/resources/save_beneficiary",
                ServerFnBody::Json(json!({ "id": "", "version": 0, "form": family })),
                Some(&chief_cookie),
            )
            .await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    }
    assert_eq!(family_names(&app, &chief_cookie).await.len(), 2, "the supervisor sees both");
    let worker = app.login("worker").await;
    assert_eq!(family_names(&app, &worker).await, vec!["Семья Своих".to_string()], "her districts only");
    let lawyer = app.login("lawyer").await;
    assert!(family_names(&app, &lawyer).await.is_empty(), "a lawyer works on no case here");
    // A case she may not see is answered as one that does not exist.
    let family = json!({ "name": "Проба", "district": "", "members": "1", "help": ["legal"], "need": "",
        "case": other, "benefactor": "", "status": "waiting" });
    let reply = app
        .call(
            "/api/resources/save_beneficiary",
            ServerFnBody::Json(json!({ "id": "", "version": 0, "form": family })),
            Some(&worker),
        )
        .await;
    assert_ne!(reply.status, StatusCode::OK, "{}", reply.body);
    assert!(!reply.body.contains("Семья Чужих"), "{}", reply.body);
}

#[tokio::test]
async fn an_import_of_a_partner_changed_since_the_export_is_a_conflict_by_row() {
    let db = database().await;
    let app = TestApp::new(db.clone()).await;
    user(&db, "chief", Role::Supervisor).await;
    let cookie = app.login("chief").await;
    let partner = json!({
        "kind": "ngo", "name": "АНО «Право и забота»", "description": "", "address": "ул. Мира, 10", "phones": "",
        "email": "", "website": "", "contact_person": "", "lat": "", "lon": "", "districts": [], "hours": "",
        "services": [{ "name": "Юридическая консультация", "description": "", "help": ["legal"], "eligibility": "",
            "cost": "free", "hours": "" }],
        "agreement_number": "", "agreement_date": "", "agreement_until": "", "verified_on": "" });
    let reply = app.call("/api/resources/create", ServerFnBody::Json(json!({ "form": partner })), Some(&cookie)).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let id = reply.json().as_str().unwrap().to_string();
    let exported = app.get("/resources/export.csv", Some(&cookie)).await.body;
    assert!(exported.lines().next().unwrap().contains("Версия"));
    // Someone edits the partner in Опора after the export …
    let mut changed = partner.clone();
    changed["hours"] = json!("пн–пт 9:00–17:00");
    let reply = app
        .call(
            "/api/resources/update",
            ServerFnBody::Json(json!({ "id": id, "version": 1, "form": changed })),
            Some(&cookie),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    // … and the exported file comes back: its row is a conflict, nothing is applied.
    let reply = app
        .call(
            "/api/resources/import",
            ServerFnBody::Json(json!({ "file_name": "registry.csv", "data": b64(exported.as_bytes()), "apply": true })),
            Some(&cookie),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let report = reply.json();
    assert_eq!(report["applied"], false);
    let errors = report["errors"].to_string();
    assert!(errors.contains("изменили в Опоре после выгрузки"), "{errors}");
    let hours: Option<String> = db
        .query("SELECT VALUE hours FROM ONLY type::record('partner', $id)")
        .bind(("id", id))
        .await
        .unwrap()
        .take(0)
        .unwrap();
    assert_eq!(hours.as_deref(), Some("пн–пт 9:00–17:00"), "the newer edit stays");
}

#[tokio::test]
async fn a_board_listening_in_the_background_does_not_keep_an_idle_session_alive() {
    let db = database().await;
    let app = TestApp::new(db.clone()).await;
    user(&db, "chief", Role::Supervisor).await;
    let cookie = app.login("chief").await;
    let age = || async {
        let seen: Option<i64> = db
            .query("RETURN (SELECT VALUE duration::secs(time::now() - last_seen) FROM ONLY session LIMIT 1)")
            .await
            .unwrap()
            .take(0)
            .unwrap();
        seen.unwrap_or(0)
    };
    db.query("UPDATE session SET last_seen = time::now() - 10m").await.unwrap().check().unwrap();
    let query =
        json!({ "query": { "district": "", "curator": "", "category": "", "overdue": "", "q": "", "lanes": "" } });
    let reply = app.call("/api/board/counts", ServerFnBody::Json(query.clone()), Some(&cookie)).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert!(age().await >= 590, "a background request does not count as activity");
    app.call("/api/auth/alive", ServerFnBody::Form(vec![]), Some(&cookie)).await;
    assert!(age().await < 5, "the heartbeat of a user typing does");
    // The idle lock ends the session on the server: the cookie opens nothing afterwards.
    let reply = app.call("/api/auth/lock", ServerFnBody::Form(vec![]), Some(&cookie)).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert_eq!(table_counts(&db, &["session"]).await[0].1, 0);
    let page = app.get("/board", Some(&cookie)).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "back to the login page");
}

#[tokio::test]
async fn one_session_opens_a_few_live_streams_not_more() {
    use tower::ServiceExt;
    let db = database().await;
    let app = TestApp::new(db.clone()).await;
    user(&db, "chief", Role::Supervisor).await;
    let cookie = app.login("chief").await;
    let mut open = Vec::new();
    let mut statuses = Vec::new();
    for _ in 0..(app::board::live::STREAMS_PER_SESSION + 1) {
        let mut request =
            Request::get("/events/cases").header("cookie", &cookie).body(axum::body::Body::empty()).unwrap();
        request.extensions_mut().insert(axum::extract::ConnectInfo(app.address));
        let response = app.router.clone().oneshot(request).await.unwrap();
        statuses.push(response.status());
        open.push(response); // held open, as a browser tab holds its stream
    }
    let last = statuses.pop().unwrap();
    assert!(statuses.iter().all(|s| *s == StatusCode::OK), "{statuses:?}");
    assert_eq!(last, StatusCode::TOO_MANY_REQUESTS);
    drop(open);
}

#[tokio::test]
async fn generated_data_never_goes_into_a_database_with_real_records() {
    let db = database().await;
    assert!(!opora_server::generate::holds_other_data(&db).await.unwrap(), "an empty database takes it");
    user(&db, "ivanova", Role::Admin).await;
    assert!(opora_server::generate::holds_other_data(&db).await.unwrap(), "a real account refuses it");
}

#[test]
fn an_internal_error_tells_the_user_a_code_and_keeps_the_detail_in_the_log() {
    let error = app::error::AppError::internal("database: index journal_rev corrupt at key 0x7f");
    let sent = serde_json::to_string(&error).unwrap();
    assert!(!sent.contains("journal_rev") && !sent.contains("0x7f"), "{sent}");
    assert!(error.to_string().contains("код E"), "{error}");
}

#[tokio::test]
async fn archiving_a_record_someone_changed_meanwhile_is_a_conflict() {
    let db = database().await;
    let app = TestApp::new(db.clone()).await;
    user(&db, "chief", Role::Supervisor).await;
    let cookie = app.login("chief").await;
    let family = json!({ "name": "Семья Архивных", "district": "d1", "members": "4", "help": ["material"],
        "need": "Продуктовый набор", "case": "", "benefactor": "", "status": "waiting" });
    let save = |id: String, version: i64, form: serde_json::Value| {
        let app = &app;
        let cookie = cookie.clone();
        async move {
            app.call(
                "/api/resources/save_beneficiary",
                ServerFnBody::Json(json!({ "id": id, "version": version, "form": form })),
                Some(&cookie),
            )
            .await
        }
    };
    let reply = save(String::new(), 0, family.clone()).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let id = reply.json().as_str().unwrap().to_string();
    // A colleague adds to the need meanwhile (version 1 → 2) …
    let mut changed = family.clone();
    changed["need"] = json!("Продуктовый набор и дрова");
    assert_eq!(save(id.clone(), 1, changed).await.status, StatusCode::OK);
    // … so archiving what the first user saw (version 1) is refused and says why.
    let archive = |version: i64| {
        app.call(
            "/api/resources/archive_donation",
            ServerFnBody::Json(json!({ "registry": "beneficiary", "id": id, "version": version, "archived": true })),
            Some(&cookie),
        )
    };
    let reply = archive(1).await;
    assert_eq!(reply.status, StatusCode::CONFLICT, "{}", reply.body);
    let archived: Option<bool> = db
        .query("RETURN (SELECT VALUE archived FROM ONLY $id)")
        .bind(("id", surrealdb::types::RecordId::new("beneficiary", id.clone())))
        .await
        .unwrap()
        .take(0)
        .unwrap();
    assert_eq!(archived, Some(false));
    let reply = archive(2).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert_eq!(reply.json(), json!(3), "the new version, for the next change");
}

#[tokio::test]
async fn the_health_check_reads_and_commits() {
    let db = database().await;
    let app = TestApp::new(db.clone()).await;
    for _ in 0..2 {
        let reply = app.get("/healthz", None).await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
        assert!(reply.body.contains(r#""database":"ok""#), "{}", reply.body);
    }
    let checks: Option<i64> =
        db.query("RETURN (SELECT VALUE checks FROM ONLY health:check)").await.unwrap().take(0).unwrap();
    assert_eq!(checks, Some(2), "each check wrote to the store");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn logins_cancelled_while_they_wait_do_not_block_the_next_ones() {
    use app::auth::password::{hash, verify_in_pool};
    let stored = hash("верный пароль").expect("hash");
    // Clients that hang up while their check waits for a core: 200 of them, far beyond the
    // queue's length.
    let waits: Vec<_> = (0..200)
        .map(|_| {
            let stored = stored.clone();
            tokio::spawn(async move {
                let _ = tokio::time::timeout(Duration::from_millis(1), verify_in_pool("что-то".into(), stored)).await;
            })
        })
        .collect();
    for wait in waits {
        wait.await.expect("cancelled, not panicked");
    }
    // The queue has given their places back: the next login is checked, not refused as busy.
    let checked = verify_in_pool("верный пароль".into(), stored).await;
    assert_eq!(checked, Ok(true));
}
