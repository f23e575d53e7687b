//! Inter-agency requests against a real (in-memory) SurrealDB through the server functions: a
//! request about a case is registered, sent with its due day counted in working days, seen on
//! the case and in the register, answered — and nothing else moves it; who sees which request;
//! the overdue one comes first; a save on a stale version is refused in Russian; reading a
//! request about a person is in the audit trail.

use app::auth::Role;
use chrono::{Duration, Utc};
use http::StatusCode;
use opora_tests::{database, family_form, open_case, user, Reply, ServerFnBody, TestApp, PASSWORD};
use serde_json::{json, Value};

async fn call(app: &TestApp, cookie: &str, what: &str, body: Value) -> Reply {
    app.call(&format!("/api/inquiries/{what}"), ServerFnBody::Json(body), Some(cookie)).await
}

async fn form_call(app: &TestApp, cookie: &str, what: &str, pairs: &[(&'static str, String)]) -> Reply {
    app.call(&format!("/api/inquiries/{what}"), ServerFnBody::Form(pairs.to_vec()), Some(cookie)).await
}

fn request(case_number: &str) -> Value {
    json!({
        "direction": "outgoing", "partner": "", "body": "ОМВД России по городу Югорску",
        "body_address": "г. Югорск, ул. Гастелло, 3", "reference": "",
        "essence": "Сведения о привлечении родителей к административной ответственности по ст. 5.35 КоАП РФ",
        "legal_basis": "ст. 9 Федерального закона от 24.06.1999 № 120-ФЗ",
        "period_from": "", "period_to": "", "details": "", "case_number": case_number,
        "person": "Лаптева Ирина Олеговна, 01.05.1990 г. р.", "term": "general", "due_on": "",
        "sent_on": "", "way": ""
    })
}

fn id_of(reply: &Reply) -> String {
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    reply.json().as_str().expect("the request's key").to_string()
}

async fn details(app: &TestApp, cookie: &str, id: &str) -> Reply {
    form_call(app, cookie, "get", &[("id", id.to_string())]).await
}

async fn case_number(db: &app::db::Db, case: &str) -> String {
    let calendar = app::cases::repo::calendar(db).await.unwrap();
    let today = app::time::local_today(Utc::now());
    app::cases::repo::row(db, case).await.unwrap().unwrap().into_case(&calendar, today).number
}

#[tokio::test]
async fn a_request_about_a_case_is_sent_with_its_due_day_and_answered_once() {
    let db = database().await;
    let app = TestApp::new(db.clone()).await;
    let worker = user(&db, "worker", Role::Caseworker).await;
    let case = open_case(&db, &worker, &family_form("Семья Лаптевых", "d1", &worker.id)).await;
    let number = case_number(&db, &case).await;
    let cookie = app.login("worker").await;

    // The new form from the case names the case and its first member.
    let reply = form_call(&app, &cookie, "blank", &[("case", case.clone())]).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert_eq!(reply.json()["form"]["case_number"], number.as_str());
    assert!(reply.json()["form"]["person"].as_str().unwrap().starts_with("Лаптев Ирина Олеговна, 01.05.1990"));

    // Refused at the fields, in Russian.
    let mut bad = request(&number);
    bad["body"] = json!(" ");
    bad["period_from"] = json!("2026-11-30");
    bad["period_to"] = json!("2026-01-01");
    let reply = call(&app, &cookie, "save", json!({ "id": "", "version": 0, "form": bad })).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", reply.body);
    assert!(reply.body.contains("в какой орган или организацию"), "{}", reply.body);
    assert!(reply.body.contains("Конец периода раньше его начала"), "{}", reply.body);

    let id = id_of(&call(&app, &cookie, "save", json!({ "id": "", "version": 0, "form": request(&number) })).await);
    let got = details(&app, &cookie, &id).await.json();
    assert_eq!(got["inquiry"]["status"], "draft");
    assert_eq!(got["inquiry"]["case_id"], case.as_str());
    let year = app::time::local_year(Utc::now());
    assert_eq!(got["inquiry"]["number"], 1);
    assert_eq!(got["inquiry"]["year"], year);

    // A draft cannot be answered; sending needs the day and the way.
    let answer = |_attempt: i64| {
        vec![
            ("id", id.clone()),
            ("answer_on", app::time::local_today(Utc::now()).to_string()),
            ("answer_text", "Сведения получены: к ответственности не привлекались".to_string()),
        ]
    };
    let reply = form_call(&app, &cookie, "answer", &answer(1)).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(reply.body.contains("Сначала отметьте запрос отправленным"), "{}", reply.body);
    let reply = call(&app, &cookie, "send", json!({ "id": id, "version": 1, "form": request(&number) })).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(reply.body.contains("Укажите дату отправки") && reply.body.contains("Выберите способ отправки"));

    // Sent three days ago by ЕСМЭВ: the answer is due 10 working days later.
    let calendar = app::cases::repo::calendar(&db).await.unwrap();
    let today = app::time::local_today(Utc::now());
    let sent_on = today - Duration::days(3);
    let mut sent = request(&number);
    sent["sent_on"] = json!(sent_on.to_string());
    sent["way"] = json!("smev");
    let reply = call(&app, &cookie, "send", json!({ "id": id, "version": 1, "form": sent })).await;
    assert_eq!(id_of(&reply), id);
    let got = details(&app, &cookie, &id).await.json();
    let due = calendar.add_working_days(sent_on, 10);
    assert_eq!(got["inquiry"]["status"], "sent");
    assert_eq!(got["inquiry"]["due_on"], due.to_string());
    let left = calendar.working_days_between(today, due);
    assert_eq!(got["standing"], json!({ "Waiting": { "due": due.to_string(), "left": left } }));

    // Sending twice is refused; the case page lists it.
    let reply = call(&app, &cookie, "send", json!({ "id": id, "version": 2, "form": sent })).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(reply.body.contains("уже отмечен отправленным"), "{}", reply.body);
    let reply = form_call(&app, &cookie, "of_case", &[("case_id", case.clone())]).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert_eq!(reply.json().as_array().unwrap().len(), 1);
    assert_eq!(reply.json()[0]["label"], format!("исх. № 1/{year}"));

    // A sent request keeps its day, way and term: a save moving them (to make an overdue
    // request look timely) keeps the stored ones; the text may still be corrected.
    let mut moved = sent.clone();
    moved["sent_on"] = json!(today.to_string());
    moved["way"] = json!("post");
    moved["term"] = json!("manual");
    moved["due_on"] = json!((today + Duration::days(60)).to_string());
    moved["details"] = json!("Уточнение: сведения за последние три года");
    assert_eq!(id_of(&call(&app, &cookie, "save", json!({ "id": id, "version": 2, "form": moved })).await), id);
    let got = details(&app, &cookie, &id).await.json();
    assert_eq!(got["inquiry"]["sent_on"], sent_on.to_string());
    assert_eq!(got["inquiry"]["way"], "smev");
    assert_eq!(got["inquiry"]["term"], "general");
    assert_eq!(got["inquiry"]["due_on"], due.to_string());
    assert_eq!(got["inquiry"]["details"], "Уточнение: сведения за последние три года");

    // The answer, once, though the text was corrected meanwhile; an answered request is not edited.
    assert_eq!(form_call(&app, &cookie, "answer", &answer(2)).await.status, StatusCode::OK);
    let got = details(&app, &cookie, &id).await.json();
    assert_eq!(got["inquiry"]["status"], "answered");
    assert_eq!(got["inquiry"]["answer_text"], "Сведения получены: к ответственности не привлекались");
    let reply = form_call(&app, &cookie, "answer", &answer(3)).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(reply.body.contains("Ответ на запрос уже получен"), "{}", reply.body);
    let reply = call(&app, &cookie, "save", json!({ "id": id, "version": 4, "form": sent })).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", reply.body);

    // The letter is printed; reading and printing a request about a person are audited.
    assert_eq!(form_call(&app, &cookie, "letter", &[("id", id.clone())]).await.status, StatusCode::OK);
    let lines: Vec<Value> = db
        .query("SELECT action, summary FROM audit WHERE record = $record ORDER BY at")
        .bind(("record", format!("inquiry:{id}")))
        .await
        .unwrap()
        .take(0)
        .unwrap();
    let actions: Vec<&str> = lines.iter().filter_map(|l| l["action"].as_str()).collect();
    for action in ["create", "view", "update", "print"] {
        assert!(actions.contains(&action), "{action} in {actions:?}");
    }
    assert!(lines.iter().any(|l| l["summary"].as_str().unwrap_or_default().contains("«Лаптева Ирина Олеговна")));
}

#[tokio::test]
async fn each_sees_the_requests_they_registered_or_about_cases_they_see() {
    let db = database().await;
    let app = TestApp::new(db.clone()).await;
    let worker = user(&db, "worker", Role::Caseworker).await;
    user(&db, "chief", Role::Supervisor).await;
    user(&db, "desk", Role::Dispatcher).await;
    user(&db, "psy", Role::Psychologist).await;
    opora_tests::far_caseworker(&db, "far").await;
    let case = open_case(&db, &worker, &family_form("Семья Орловых", "d1", &worker.id)).await;
    let number = case_number(&db, &case).await;
    let (mine, far, desk, chief, psy) = (
        app.login("worker").await,
        app.login("far").await,
        app.login("desk").await,
        app.login("chief").await,
        app.login("psy").await,
    );
    let about_case =
        id_of(&call(&app, &mine, "save", json!({ "id": "", "version": 0, "form": request(&number) })).await);
    let mut plain = request("");
    plain["person"] = json!("");
    plain["body"] = json!("Прокуратура города Югорска");
    let by_desk = id_of(&call(&app, &desk, "save", json!({ "id": "", "version": 0, "form": plain })).await);

    let listed = |reply: Reply| -> Vec<String> {
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
        reply.json()["items"].as_array().unwrap().iter().map(|i| i["id"].as_str().unwrap().to_string()).collect()
    };
    let all = vec![("query[q]", String::new())];
    assert_eq!(listed(form_call(&app, &mine, "list", &all).await), [about_case.as_str()]);
    assert_eq!(listed(form_call(&app, &desk, "list", &all).await), [by_desk.as_str()]);
    assert!(listed(form_call(&app, &far, "list", &all).await).is_empty());
    let mut seen = listed(form_call(&app, &chief, "list", &all).await);
    seen.sort();
    let mut both = vec![about_case.clone(), by_desk.clone()];
    both.sort();
    assert_eq!(seen, both, "the head of the department sees every request");

    // A request one may not see is «not found», the same as one that does not exist.
    let reply = details(&app, &far, &about_case).await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    assert!(reply.body.contains("недоступен вам"));
    assert_eq!(details(&app, &mine, &by_desk).await.status, StatusCode::NOT_FOUND);
    assert_eq!(form_call(&app, &far, "of_case", &[("case_id", case.clone())]).await.status, StatusCode::NOT_FOUND);
    // … and one may not link a request to a case one does not see.
    let reply = call(&app, &far, "save", json!({ "id": "", "version": 0, "form": request(&number) })).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(reply.body.contains("не найден среди доступных вам"), "{}", reply.body);
    // A psychologist does not work with requests at all.
    let reply = form_call(&app, &psy, "list", &all).await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    // The dispatcher's request names nobody: reading it is not a reading of personal data.
    assert_eq!(details(&app, &desk, &by_desk).await.status, StatusCode::OK);
    let views: Vec<Value> = db
        .query("SELECT * FROM audit WHERE record = $record AND action = 'view'")
        .bind(("record", format!("inquiry:{by_desk}")))
        .await
        .unwrap()
        .take(0)
        .unwrap();
    assert!(views.is_empty(), "{views:?}");
}

#[tokio::test]
async fn the_letter_of_the_answer_is_kept_with_the_request_for_those_who_see_it() {
    use base64::Engine;
    let db = database().await;
    let app = TestApp::new(db.clone()).await;
    let worker = user(&db, "worker", Role::Caseworker).await;
    // A caseworker of another district, who does not see the family.
    opora_tests::far_caseworker(&db, "other").await;
    let case = open_case(&db, &worker, &family_form("Семья Зуевых", "d1", &worker.id)).await;
    let number = case_number(&db, &case).await;
    let (cookie, other) = (app.login("worker").await, app.login("other").await);
    let id = id_of(&call(&app, &cookie, "save", json!({ "id": "", "version": 0, "form": request(&number) })).await);
    let letter = b"%PDF-1.4\n% \xd0\x9e\xd1\x82\xd0\xb2\xd0\xb5\xd1\x82 \xd0\x9e\xd0\x9c\xd0\x92\xd0\x94\n%%EOF\n";
    let attach = |data: &[u8], name: &str| json!({ "id": id, "name": name, "data": base64::engine::general_purpose::STANDARD.encode(data) });

    // A draft has no answer yet; a program is not a letter.
    let reply = call(&app, &cookie, "answer_file", attach(letter, "ответ.pdf")).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", reply.body);
    assert!(reply.body.contains("сначала отметьте его отправленным"), "{}", reply.body);
    let mut sent = request(&number);
    sent["sent_on"] = json!(app::time::local_today(Utc::now()).to_string());
    sent["way"] = json!("post");
    id_of(&call(&app, &cookie, "send", json!({ "id": id, "version": 1, "form": sent })).await);
    let reply = call(&app, &cookie, "answer_file", attach(b"MZ\x90\x00program", "ответ.exe")).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", reply.body);
    assert!(reply.body.contains("Нужен PDF или снимок письма"), "{}", reply.body);

    // The scan arrives: attached under the name it came with (no folders), shown with the request.
    let reply = call(&app, &cookie, "answer_file", attach(letter, "C:\\Сканы\\Ответ ОМВД № 12.pdf")).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let got = details(&app, &cookie, &id).await.json();
    assert_eq!(got["inquiry"]["answer_file"]["name"], "Ответ ОМВД № 12.pdf");
    assert_eq!(got["inquiry"]["answer_file"]["content_type"], "application/pdf");
    assert_eq!(got["inquiry"]["answer_file"]["size"], letter.len());

    // Opened by the one who sees the request, as it was sent; never by a stranger or without a session.
    let reply = app.get(&format!("/inquiries/files/{id}"), Some(&cookie)).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert_eq!(reply.headers["content-type"], "application/pdf");
    assert_eq!(reply.headers["cache-control"], "no-store");
    assert!(reply.headers["content-disposition"].to_str().unwrap().starts_with("inline;"));
    assert!(reply.body.starts_with("%PDF-1.4"));
    assert_eq!(app.get(&format!("/inquiries/files/{id}"), Some(&other)).await.status, StatusCode::NOT_FOUND);
    assert_eq!(app.get(&format!("/inquiries/files/{id}"), None).await.status, StatusCode::UNAUTHORIZED);
    let reply = call(&app, &other, "answer_file", json!({ "id": id, "name": "x.pdf", "data": "JVBERi0=" })).await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND, "{}", reply.body);

    // The answer is recorded afterwards and the file stays; a later, clearer scan replaces it.
    let answer = [
        ("id", id.clone()),
        ("answer_on", app::time::local_today(Utc::now()).to_string()),
        ("answer_text", "Сведения получены".to_string()),
    ];
    assert_eq!(form_call(&app, &cookie, "answer", &answer).await.status, StatusCode::OK);
    let png = b"\x89PNG\r\n\x1a\n....";
    assert_eq!(call(&app, &cookie, "answer_file", attach(png, "скан.png")).await.status, StatusCode::OK);
    let got = details(&app, &cookie, &id).await.json();
    assert_eq!(got["inquiry"]["status"], "answered");
    assert_eq!(got["inquiry"]["answer_file"]["name"], "скан.png");
    assert_eq!(app.get(&format!("/inquiries/files/{id}"), Some(&cookie)).await.headers["content-type"], "image/png");

    // Both files and the opening are in the trail of the request.
    let summaries: Vec<String> = db
        .query("SELECT VALUE summary FROM audit WHERE record = $record ORDER BY at")
        .bind(("record", format!("inquiry:{id}")))
        .await
        .unwrap()
        .take(0)
        .unwrap();
    assert!(summaries.iter().any(|s| s.contains("приложен файл ответа «Ответ ОМВД № 12.pdf»")), "{summaries:?}");
    assert!(summaries.iter().any(|s| s.contains("приложен файл ответа «скан.png»")), "{summaries:?}");
    assert!(summaries.iter().any(|s| s.contains("открыт файл ответа")), "{summaries:?}");
}

#[tokio::test]
async fn the_overdue_request_comes_first_and_a_stale_save_is_refused() {
    let db = database().await;
    let app = TestApp::new(db.clone()).await;
    user(&db, "worker", Role::Caseworker).await;
    let cookie = app.login("worker").await;
    let today = app::time::local_today(Utc::now());
    let calendar = app::cases::repo::calendar(&db).await.unwrap();

    let mut waiting = request("");
    waiting["sent_on"] = json!(today.to_string());
    waiting["way"] = json!("email");
    waiting["body"] = json!("МБОУ «Средняя общеобразовательная школа № 2»");
    let fresh = id_of(&call(&app, &cookie, "send", json!({ "id": "", "version": 0, "form": waiting })).await);
    let mut late = request("");
    let sent_on = today - Duration::days(40);
    late["sent_on"] = json!(sent_on.to_string());
    late["way"] = json!("post");
    let overdue = id_of(&call(&app, &cookie, "send", json!({ "id": "", "version": 0, "form": late })).await);
    let draft = id_of(&call(&app, &cookie, "save", json!({ "id": "", "version": 0, "form": request("") })).await);

    let reply = form_call(&app, &cookie, "list", &[("query[q]", String::new())]).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let page = reply.json();
    let order: Vec<&str> = page["items"].as_array().unwrap().iter().map(|i| i["id"].as_str().unwrap()).collect();
    assert_eq!(order, [overdue.as_str(), fresh.as_str(), draft.as_str()]);
    assert_eq!(page["overdue"], 1);
    let due = calendar.add_working_days(sent_on, 10);
    let over = calendar.working_days_between(due, today);
    assert_eq!(page["items"][0]["standing"], json!({ "Overdue": { "due": due.to_string(), "over": over } }));
    // The filter «Просроченные» and the search.
    let reply = form_call(&app, &cookie, "list", &[("query[status]", "overdue".into())]).await;
    let items = reply.json()["items"].as_array().unwrap().clone();
    assert_eq!(items.len(), 1);
    assert_eq!(items[0]["id"], overdue.as_str());
    let reply = form_call(&app, &cookie, "list", &[("query[q]", "школа".into())]).await;
    let items = reply.json()["items"].as_array().unwrap().clone();
    assert_eq!(items.len(), 1, "{items:?}");
    assert_eq!(items[0]["id"], fresh.as_str());
    // Her start page and the board: one answer overdue, one due within two working days (the
    // school's, sent today, is due in ten); a colleague who sees none of them is told nothing.
    let counts = form_call(&app, &cookie, "deadlines", &[]).await;
    assert_eq!(counts.status, StatusCode::OK, "{}", counts.body);
    assert_eq!(counts.json(), json!({ "overdue": 1, "due_soon": 0 }));
    let mut soon = request("");
    soon["sent_on"] = json!(today.to_string());
    soon["way"] = json!("by_hand");
    soon["term"] = json!("manual");
    soon["due_on"] = json!(calendar.add_working_days(today, 1).to_string());
    id_of(&call(&app, &cookie, "send", json!({ "id": "", "version": 0, "form": soon })).await);
    assert_eq!(form_call(&app, &cookie, "deadlines", &[]).await.json(), json!({ "overdue": 1, "due_soon": 1 }));
    user(&db, "colleague", Role::Caseworker).await;
    let colleague = app.login("colleague").await;
    assert_eq!(form_call(&app, &colleague, "deadlines", &[]).await.json(), json!({ "overdue": 0, "due_soon": 0 }));

    // Two people save the same draft: the second, on the old version, is refused in Russian.
    let mut first = request("");
    first["details"] = json!("Ответ нужен к заседанию консилиума");
    assert_eq!(id_of(&call(&app, &cookie, "save", json!({ "id": draft, "version": 1, "form": first })).await), draft);
    let mut second = request("");
    second["details"] = json!("Другая правка");
    let reply = call(&app, &cookie, "save", json!({ "id": draft, "version": 1, "form": second })).await;
    assert_eq!(reply.status, StatusCode::CONFLICT, "{}", reply.body);
    assert!(
        reply.body.contains("изменил(а)") && reply.body.contains("Ваши правки остались на экране"),
        "{}",
        reply.body
    );
    let got = details(&app, &cookie, &draft).await.json();
    assert_eq!(got["inquiry"]["details"], "Ответ нужен к заседанию консилиума");
    assert_eq!(got["inquiry"]["version"], 2);
}

#[tokio::test]
async fn the_demo_department_has_a_dozen_requests_and_one_overdue() {
    let db = database().await;
    opora_server::seed::seed_demo(&db, false, Some(PASSWORD), 30, 40).await.expect("demo department");
    let app = TestApp::new(db.clone()).await;
    let chief = app.login("morozova").await;
    let reply = form_call(&app, &chief, "list", &[("query[q]", String::new())]).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let page = reply.json();
    let items = page["items"].as_array().unwrap();
    assert_eq!(items.len(), 12);
    assert_eq!(page["overdue"], 1);
    assert!(items[0]["standing"].get("Overdue").is_some(), "the overdue one first: {}", items[0]);
    for status in ["draft", "sent", "answered"] {
        assert!(items.iter().any(|i| i["status"] == status), "{status}");
    }
    assert!(items.iter().filter(|i| i["case_id"].is_string()).count() >= 8);
    assert!(items.iter().any(|i| i["direction"] == "incoming"));
    // The overdue one is the caseworker's of district 1: she sees it too.
    let petrova = app.login("petrova").await;
    let reply = form_call(&app, &petrova, "list", &[("query[status]", "overdue".into())]).await;
    assert_eq!(reply.json()["items"].as_array().map(Vec::len), Some(1), "{}", reply.body);
    // Her start page names it among what needs her attention, with the same counts as the
    // urgent services' notice above the board, a link to the register each.
    let notice = app.call("/api/inquiries/deadlines", ServerFnBody::Form(vec![]), Some(&petrova)).await;
    assert_eq!(notice.status, StatusCode::OK, "{}", notice.body);
    let mine = app.call("/api/dashboard/mine", ServerFnBody::Form(vec![]), Some(&petrova)).await;
    assert_eq!(mine.status, StatusCode::OK, "{}", mine.body);
    let line = |label: &str| {
        mine.json()["attention"]
            .as_array()
            .and_then(|lines| lines.iter().find(|a| a["label"] == label).cloned())
            .unwrap_or_else(|| panic!("no line «{label}» in {}", mine.body))
    };
    let late = line("Межведомственные запросы без ответа в срок");
    assert_eq!(late["count"], 1);
    assert_eq!(late["href"], "/inquiries");
    assert_eq!(late["count"], notice.json()["overdue"]);
    let soon = line("Запросы со сроком ответа сегодня или в ближайшие два рабочих дня");
    assert_eq!(soon["count"], notice.json()["due_soon"]);
}
