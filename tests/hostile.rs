//! Every server function fed malformed and hostile input, as every kind of user: wrong types,
//! missing fields, huge strings, SurrealQL and HTML injection, invalid UTF-8 and random bytes.
//! Each answers with a clear error (never a 500 or a panic), the server keeps answering, and
//! nothing is written.

use app::auth::Role;
use http::{Request, StatusCode};
use opora_tests::{database, table_counts, user, TestApp};
use rand::{Rng, SeedableRng};
use serde_json::{json, Value};

/// Tables a stray write would show up in.
const TABLES: &[&str] = &[
    "journal_entry",
    "case_file",
    "case_event",
    "partner",
    "inspection_act",
    "act_photo",
    "visit",
    "case_route",
    "router_map",
    "router_map_version",
    "benefactor",
    "beneficiary",
    "calendar_exception",
    "user",
    "district",
    "elder",
    "elder_contact",
    "elder_alert",
    "elder_event",
    "elder_group",
    "elder_invitation",
];

/// Values that are wrong wherever a server function expects something else.
fn hostile_values(rng: &mut rand::rngs::StdRng) -> Vec<Value> {
    let random: String = (0..200).map(|_| char::from_u32(rng.random_range(0x20..0x2FFF)).unwrap_or('?')).collect();
    vec![
        json!(null),
        json!(-1.5e308),
        json!({ "nested": { "deeper": [null, true] } }),
        json!("'; REMOVE TABLE case_file; -- \") DELETE journal_entry; SELECT * FROM user WHERE (\""),
        json!("<script>alert(1)</script><img src=x onerror=alert(2)> case_file:⟨x⟩ ../../etc/passwd"),
        json!(random),
    ]
}

/// A JSON body whose every field (of the usual argument names) is the hostile value.
fn json_body(value: &Value) -> Value {
    let mut body = serde_json::Map::new();
    for key in [
        "id",
        "case_id",
        "code",
        "version",
        "form",
        "content",
        "query",
        "request",
        "cell",
        "name",
        "data",
        "file",
        "status",
        "help_kind",
        "partner_kind",
        "login",
        "password",
        "next",
        "year",
        "date",
        "day",
        "caseworker",
        "archived",
        "table",
        "boundaries",
        "text",
        "apply",
        "event",
        "elder",
        "group",
        "way",
        "attended",
        "member",
        "month",
    ] {
        body.insert(key.to_string(), value.clone());
    }
    Value::Object(body)
}

async fn post(app: &TestApp, path: &str, content_type: &str, body: Vec<u8>, cookie: Option<&str>) -> StatusCode {
    let mut request = Request::post(path)
        .header("origin", "http://localhost")
        .header("host", "localhost")
        .header("content-type", content_type)
        .header("accept", "application/json");
    if let Some(cookie) = cookie {
        request = request.header("cookie", cookie);
    }
    let reply = app.send(request.body(axum::body::Body::from(body)).expect("request")).await;
    assert!(
        !reply.status.is_server_error(),
        "{path} answered {} to hostile input ({content_type}): {}",
        reply.status,
        reply.body.chars().take(300).collect::<String>()
    );
    reply.status
}

#[tokio::test]
async fn every_server_function_refuses_hostile_input_without_writing_anything() {
    let db = database().await;
    let app = TestApp::new(db.clone()).await;
    let mut cookies = vec![None];
    for (login, role) in [("chief", Role::Supervisor), ("worker", Role::Caseworker)] {
        user(&db, login, role).await;
        cookies.push(Some(app.login(login).await));
    }
    let before = table_counts(&db, TABLES).await;
    let mut rng = rand::rngs::StdRng::seed_from_u64(8);
    let values = hostile_values(&mut rng);
    let mut paths: Vec<&str> = leptos::server_fn::axum::server_fn_paths().map(|(p, _)| p).collect();
    paths.sort();
    paths.dedup();
    // Logging in or out with hostile input changes sessions, not data; the lockout after
    // failed logins is tested on its own.
    paths.retain(|p| !p.starts_with("/api/auth/login") && !p.contains("logout"));
    let mut answers = 0;
    for path in &paths {
        for cookie in &cookies {
            let cookie = cookie.as_deref();
            for value in &values {
                post(&app, path, "application/json", json_body(value).to_string().into_bytes(), cookie).await;
                answers += 1;
            }
            let form = format!("id={0}&case_id={0}&code={0}&query={0}", app::url::urlencode(&values[3].to_string()));
            post(&app, path, "application/x-www-form-urlencoded", form.into_bytes(), cookie).await;
            // Bytes that are not UTF-8, and a body cut in the middle.
            post(&app, path, "application/json", vec![0xff, 0xfe, 0x7b, 0x22, 0xc3, 0x28, 0x22, 0x3a], cookie).await;
            post(&app, path, "application/x-www-form-urlencoded", b"id=%ff%fe%C3%28&case_id=\xff\xfe".to_vec(), cookie)
                .await;
            post(&app, path, "application/json", br#"{"form": {"full_name": "#.to_vec(), cookie).await;
            let noise: Vec<u8> = (0..512).map(|_| rng.random()).collect();
            post(&app, path, "application/octet-stream", noise, cookie).await;
            answers += 5;
        }
    }
    // A huge text (about 2 MB) in every field of the functions that take long texts.
    let huge = json_body(&json!("Я".repeat(1_000_000))).to_string().into_bytes();
    for path in
        ["/api/journal/register", "/api/cases/create", "/api/acts/save", "/api/routes/save", "/api/resources/create"]
    {
        post(&app, path, "application/json", huge.clone(), cookies[1].as_deref()).await;
    }
    assert!(answers > 500, "only {answers} answers");
    assert_eq!(table_counts(&db, TABLES).await, before, "hostile input changed the data");
    // The server still answers ordinary requests.
    let reply = app.get("/healthz", None).await;
    assert_eq!(reply.status, StatusCode::OK);
}
