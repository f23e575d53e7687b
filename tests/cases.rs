//! Cases and the board against a real (in-memory) SurrealDB, through the functions and the
//! HTTP routes the server uses: opening cases, stage rules, conflicts, rights, the board
//! query, the calendar and live updates.

use app::auth::{CurrentUser, Role};
use app::board::repo as board;
use app::board::types::{BoardQuery, CellRequest, Lanes, ALL_LANE, NO_LANE};
use app::cases::repo::{self, MoveOrder};
use app::cases::types::*;
use app::cases::validate::validate_case;
use app::error::AppError;
use chrono::{Duration, NaiveDate, Utc};
use http::StatusCode;
use opora_tests::{database, user, ServerFnBody, TestApp};
use serde_json::json;

fn today() -> NaiveDate {
    app::time::local_today(Utc::now())
}

fn family(title: &str, district: &str, curator: Option<&str>) -> CaseForm {
    CaseForm {
        kind: "family".into(),
        title: title.into(),
        members: vec![MemberForm {
            full_name: "Кузнецова Ольга Ивановна".into(),
            birth_date: "1988-03-14".into(),
            relation: "applicant".into(),
            categories: vec![],
        }],
        categories: vec!["family_children".into()],
        address: "г. Югорск, ул. Мира, д. 3, кв. 7".into(),
        district: district.into(),
        phone: "+7 912 000-11-22".into(),
        consent: true,
        consent_date: today().to_string(),
        curator: curator.unwrap_or_default().into(),
        source: "personal".into(),
        detected_on: today().to_string(),
        ..Default::default()
    }
}

async fn open(db: &app::db::Db, by: &CurrentUser, form: &CaseForm) -> String {
    let case = validate_case(form, today()).expect("valid case");
    let calendar = repo::calendar(db).await.expect("calendar");
    repo::create(db, by, &case, &calendar, Utc::now()).await.expect("case opened")
}

async fn move_to(db: &app::db::Db, by: &CurrentUser, id: &str, stage: Stage, comment: &str) -> Result<(), AppError> {
    let current = repo::visible_row(db, by, id).await?;
    let calendar = repo::calendar(db).await?;
    let order = MoveOrder { version: current.version(), to_stage: stage, to_curator: None, comment: comment.into() };
    repo::move_case(db, by, &current, &order, &calendar, Utc::now()).await
}

async fn case(db: &app::db::Db, id: &str) -> Case {
    let calendar = repo::calendar(db).await.expect("calendar");
    repo::row(db, id).await.expect("read").expect("exists").into_case(&calendar, today())
}

#[tokio::test]
async fn a_case_opened_from_a_journal_entry_carries_its_data_and_links_both() {
    let db = database().await;
    let app = TestApp::new(db.clone()).await;
    user(&db, "disp", Role::Dispatcher).await;
    let cookie = app.login("disp").await;
    let appeal = json!({
        "received_at": app::time::to_datetime_local(Utc::now() - Duration::hours(2)),
        "full_name": "Смирнова Елена Викторовна", "phone": "8 912 345-67-89", "address": "г. Югорск, ул. Ленина, д. 5",
        "summary": "Соседка сообщает: дети одни дома", "answer": "", "answer_method": "", "channel": "phone",
        "topics": [], "district": "d1", "urgent": false, "handoff_to": "", "handoff_detail": "", "handoff_at": "",
        "handoff_by": "", "outcome": ""
    });
    let entry = app.call("/api/journal/register", ServerFnBody::Json(json!({ "form": appeal })), Some(&cookie)).await;
    assert_eq!(entry.status, StatusCode::OK, "{}", entry.body);
    let entry_id = entry.json()["id"].as_str().expect("entry id").to_string();

    let blank = app
        .call(
            "/api/cases/blank",
            ServerFnBody::Form(vec![("from_entry", entry_id.clone()), ("from_application", String::new())]),
            Some(&cookie),
        )
        .await;
    assert_eq!(blank.status, StatusCode::OK, "{}", blank.body);
    let form = blank.json()["form"].clone();
    assert_eq!(form["title"], "Семья Смирнова");
    assert_eq!(form["phone"], "+7 (912) 345-67-89");
    assert_eq!(form["district"], "d1");
    assert_eq!(form["journal_entry"], entry_id);
    assert_eq!(form["members"][0]["full_name"], "Смирнова Елена Викторовна");

    let created = app.call("/api/cases/create", ServerFnBody::Json(json!({ "form": form })), Some(&cookie)).await;
    assert_eq!(created.status, StatusCode::OK, "{}", created.body);
    let id = created.json().as_str().expect("case id").to_string();

    let opened = case(&db, &id).await;
    assert_eq!(opened.stage, Stage::Appeal, "without a curator a case waits in «appeal»");
    assert_eq!(opened.journal_entry_id.as_deref(), Some(entry_id.as_str()));
    assert!(opened.number.ends_with("-0001"), "{}", opened.number);
    let entry = app::journal::repo::get(&db, &entry_id).await.expect("entry").expect("exists");
    assert_eq!(entry.case_id.as_deref(), Some(id.as_str()));
    assert_eq!(entry.outcome, Some(app::journal::types::Outcome::CaseOpened));

    // The same appeal cannot open a second case.
    let again = app.call("/api/cases/create", ServerFnBody::Json(json!({ "form": form })), Some(&cookie)).await;
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(again.json()["Validation"]["journal_entry"].is_string(), "{}", again.body);

    // The dispatcher sees the case they opened, and nobody else's.
    let reply = app.call("/api/cases/get", ServerFnBody::Form(vec![("id", id.clone())]), Some(&cookie)).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert_eq!(reply.json()["history"][0]["kind"], "created");
}

#[tokio::test]
async fn stages_follow_their_rules_and_every_move_is_recorded() {
    let db = database().await;
    let worker = user(&db, "petrova", Role::Caseworker).await;
    let chief = user(&db, "morozova", Role::Supervisor).await;
    let mut form = family("Семья Кузнецовых", "d1", Some(&worker.id));
    form.consent = false;
    form.consent_date = String::new();
    let id = open(&db, &worker, &form).await;
    assert_eq!(case(&db, &id).await.stage, Stage::Intake, "a curator given: intake at once");

    // Skipping a stage and missing consent are refused with the reasons.
    let skipped = move_to(&db, &worker, &id, Stage::Plan, "").await.unwrap_err();
    assert!(skipped.field_errors().and_then(|e| e.get("move")).unwrap_or_default().contains("по порядку"));
    let refused = move_to(&db, &worker, &id, Stage::Assessment, "").await.unwrap_err();
    let message = refused.field_errors().and_then(|e| e.get("move")).unwrap_or_default().to_string();
    assert!(message.contains("согласие"), "{message}");
    assert_eq!(case(&db, &id).await.stage, Stage::Intake, "a refused move changes nothing");

    // With consent recorded the move goes through and meets the intake clock.
    let current = repo::visible_row(&db, &worker, &id).await.unwrap();
    let calendar = repo::calendar(&db).await.unwrap();
    let with_consent =
        validate_case(&CaseForm { consent: true, consent_date: today().to_string(), ..form.clone() }, today()).unwrap();
    repo::update(&db, &worker, &current, current.version(), &with_consent, &calendar, Utc::now()).await.unwrap();
    move_to(&db, &worker, &id, Stage::Assessment, "").await.expect("moved");
    let moved = case(&db, &id).await;
    assert_eq!(moved.stage, Stage::Assessment);
    assert!(matches!(moved.clocks[0].state, ClockState::Met { late_by: 0, .. }), "{:?}", moved.clocks[0]);

    // Back needs a comment; closing needs the supervisor.
    assert!(move_to(&db, &worker, &id, Stage::Intake, "").await.is_err());
    move_to(&db, &worker, &id, Stage::Intake, "Нужен повторный выход в семью").await.expect("moved back");
    let closing = move_to(&db, &worker, &id, Stage::Closed, "Переезд").await.unwrap_err();
    assert!(closing.field_errors().and_then(|e| e.get("move")).unwrap_or_default().contains("заведующий"));
    move_to(&db, &chief, &id, Stage::Closed, "Семья переехала в г. Советский").await.expect("closed");

    let history = repo::history(&db, &id).await.unwrap();
    let moves: Vec<(Option<Stage>, Option<Stage>)> =
        history.iter().filter(|e| e.kind == "move").map(|e| (e.from_stage, e.to_stage)).collect();
    assert_eq!(
        moves,
        vec![
            (Some(Stage::Intake), Some(Stage::Assessment)),
            (Some(Stage::Assessment), Some(Stage::Intake)),
            (Some(Stage::Intake), Some(Stage::Closed)),
        ]
    );
    assert_eq!(history.last().unwrap().comment.as_deref(), Some("Семья переехала в г. Советский"));
    assert_eq!(history.last().unwrap().by_name, chief.full_name);
    assert!(case(&db, &id).await.clocks.iter().all(|c| c.due().is_none()), "a closed case has no running clock");
}

#[tokio::test]
async fn clearing_optional_details_removes_them() {
    let db = database().await;
    let chief = user(&db, "morozova", Role::Supervisor).await;
    let worker = user(&db, "petrova", Role::Caseworker).await;
    let id = open(&db, &chief, &family("Семья Очищенных", "d1", Some(&worker.id))).await;
    let current = repo::visible_row(&db, &chief, &id).await.unwrap();
    let calendar = repo::calendar(&db).await.unwrap();
    let cleared = CaseForm {
        phone: String::new(),
        district: String::new(),
        address: String::new(),
        ..family("Семья Очищенных", "d1", Some(&worker.id))
    };
    let valid = validate_case(&cleared, today()).unwrap();
    let changed =
        repo::update(&db, &chief, &current, current.version(), &valid, &calendar, Utc::now()).await.expect("saved");
    assert!(changed.contains(&"телефон".to_string()) && changed.contains(&"участок".to_string()), "{changed:?}");
    let after = case(&db, &id).await;
    assert_eq!((after.phone, after.district_id, after.address.as_str()), (None, None, ""));
    // A case in work cannot lose its curator.
    let current = repo::visible_row(&db, &chief, &id).await.unwrap();
    let no_curator = validate_case(&CaseForm { curator: String::new(), ..cleared }, today()).unwrap();
    let refused = repo::update(&db, &chief, &current, current.version(), &no_curator, &calendar, Utc::now()).await;
    assert!(refused.unwrap_err().field_errors().and_then(|e| e.get("curator")).is_some());
}

#[tokio::test]
async fn the_second_of_two_moves_of_the_same_card_is_a_conflict() {
    let db = database().await;
    let worker = user(&db, "petrova", Role::Caseworker).await;
    let chief = user(&db, "morozova", Role::Supervisor).await;
    let id = open(&db, &worker, &family("Семья Поповых", "d1", Some(&worker.id))).await;
    let seen = repo::visible_row(&db, &worker, &id).await.unwrap();
    let calendar = repo::calendar(&db).await.unwrap();
    let order =
        |stage| MoveOrder { version: seen.version(), to_stage: stage, to_curator: None, comment: String::new() };
    repo::move_case(&db, &chief, &seen, &order(Stage::Assessment), &calendar, Utc::now()).await.expect("first move");
    // The worker still holds the old version.
    let second = repo::move_case(&db, &worker, &seen, &order(Stage::Assessment), &calendar, Utc::now()).await;
    match second {
        Err(AppError::Conflict(message)) => assert!(message.contains(&chief.full_name), "{message}"),
        other => panic!("expected a conflict, got {other:?}"),
    }
    // Through HTTP the answer is 409 with the message.
    let app = TestApp::new(db.clone()).await;
    let cookie = app.login("petrova").await;
    let reply = app
        .call(
            "/api/cases/move",
            ServerFnBody::Json(json!({ "request": { "id": id, "version": seen.version(), "to_stage": "plan", "to_curator": null, "to_district": null, "comment": "" } })),
            Some(&cookie),
        )
        .await;
    assert_eq!(reply.status, StatusCode::CONFLICT, "{}", reply.body);
    assert!(reply.body.contains("изменил"), "{}", reply.body);
    // The audit line is written with the move, in its transaction: one for the move that
    // happened, none for the two refused.
    let lines: Vec<String> = db
        .query("SELECT VALUE summary FROM audit WHERE record = $record AND action = 'update'")
        .bind(("record", format!("case_file:{id}")))
        .await
        .unwrap()
        .take(0)
        .unwrap();
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(lines[0].contains("→ «Оценка нуждаемости»"), "{lines:?}");
}

#[tokio::test]
async fn rights_follow_roles_and_districts() {
    let db = database().await;
    let worker = user(&db, "petrova", Role::Caseworker).await; // districts 1 and 2
    let chief = user(&db, "morozova", Role::Supervisor).await;
    let other = user(&db, "gusev", Role::Caseworker).await;
    let dispatcher = user(&db, "disp", Role::Dispatcher).await;
    let lawyer = user(&db, "orlov", Role::Lawyer).await;
    let far = open(&db, &chief, &family("Семья Орловых", "d5", None)).await;
    let near = open(&db, &chief, &family("Семья Ильиных", "d2", None)).await;

    assert!(matches!(repo::visible_row(&db, &worker, &far).await, Err(AppError::NotFound(_))));
    assert!(repo::visible_row(&db, &worker, &near).await.is_ok());
    assert!(repo::visible_row(&db, &chief, &far).await.is_ok());
    assert!(repo::visible_row(&db, &dispatcher, &far).await.is_err(), "not opened by this dispatcher");
    assert!(repo::visible_row(&db, &lawyer, &near).await.is_err());

    // Handing a case to another curator is the supervisor's.
    let current = repo::visible_row(&db, &worker, &near).await.unwrap();
    let calendar = repo::calendar(&db).await.unwrap();
    let hand_over = MoveOrder {
        version: current.version(),
        to_stage: current.stage(),
        to_curator: Some(Some(other.id.clone())),
        comment: String::new(),
    };
    let refused = repo::move_case(&db, &worker, &current, &hand_over, &calendar, Utc::now()).await.unwrap_err();
    assert!(refused.field_errors().and_then(|e| e.get("move")).unwrap_or_default().contains("заведующий"));
    repo::move_case(&db, &chief, &current, &hand_over, &calendar, Utc::now()).await.expect("assigned");
    assert_eq!(case(&db, &near).await.curator_id.as_deref(), Some(other.id.as_str()));
    let history = repo::history(&db, &near).await.unwrap();
    assert!(history.iter().any(|e| e.kind == "assign" && e.detail.as_deref().unwrap_or_default().contains("→")));

    // Over HTTP: a lawyer may not move cases at all, a caseworker not a case of another district.
    let app = TestApp::new(db.clone()).await;
    let body = |id: &str| {
        ServerFnBody::Json(
            json!({ "request": { "id": id, "version": 1, "to_stage": "intake", "to_curator": null, "to_district": null, "comment": "" } }),
        )
    };
    let cookie = app.login("orlov").await;
    assert_eq!(app.call("/api/cases/move", body(&near), Some(&cookie)).await.status, StatusCode::FORBIDDEN);
    let cookie = app.login("petrova").await;
    assert_eq!(app.call("/api/cases/move", body(&far), Some(&cookie)).await.status, StatusCode::NOT_FOUND);
    let reply = app.call("/api/cases/get", ServerFnBody::Form(vec![("id", far.clone())]), Some(&cookie)).await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    // A caseworker sets the plan's approval date no more than a curator of another's case.
    let mut form = family("Семья Ильиных", "d2", Some(&worker.id));
    form.plan_approved_on = today().to_string();
    let reply = app.call("/api/cases/create", ServerFnBody::Json(json!({ "form": form })), Some(&cookie)).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(reply.json()["Validation"]["plan_approved_on"].is_string(), "{}", reply.body);
}

#[tokio::test]
async fn the_board_shows_cells_by_stage_and_lane_with_counts_and_filters() {
    let db = database().await;
    let chief = user(&db, "morozova", Role::Supervisor).await;
    let worker = user(&db, "petrova", Role::Caseworker).await;
    let free = user(&db, "gusev", Role::Caseworker).await;
    let calendar = repo::calendar(&db).await.unwrap();
    for i in 0..12 {
        open(&db, &chief, &family(&format!("Семья Смирновых {i}"), "d1", Some(&worker.id))).await;
    }
    // An old appeal without a curator: its 3-day clock ran out.
    let mut late = family("Семья Опоздавших", "d2", None);
    late.detected_on = (today() - Duration::days(20)).to_string();
    let late_id = open(&db, &chief, &late).await;

    let all = board::board(&db, &chief, &BoardQuery::default(), &calendar, today()).await.unwrap();
    let intake = all.cells.iter().find(|c| c.lane == ALL_LANE && c.stage == Stage::Intake).unwrap();
    assert_eq!(intake.count, 12);
    let appeal = all.cells.iter().find(|c| c.stage == Stage::Appeal).unwrap();
    assert_eq!(appeal.cards[0].id, late_id);
    assert!(appeal.cards[0].overdue(), "{:?}", appeal.cards[0]);
    assert!(appeal.cards[0].due_text.as_deref().unwrap_or_default().starts_with("просрочено"));

    // A closed case has no deadline at all: it is not overdue.
    let first = intake.cards[0].id.clone();
    move_to(&db, &chief, &first, Stage::Closed, "Семья отказалась от сопровождения").await.expect("closed");
    let overdue = BoardQuery { overdue: "1".into(), ..Default::default() };
    let only_late = board::board(&db, &chief, &overdue, &calendar, today()).await.unwrap();
    assert_eq!(only_late.overdue, 1);
    let everything = board::board(&db, &chief, &BoardQuery::default(), &calendar, today()).await.unwrap();
    assert_eq!(everything.overdue, 1, "the board says how many of its cases are overdue");
    assert_eq!(only_late.cells.iter().map(|c| c.count).sum::<u64>(), 1);

    let search = BoardQuery { q: "опоздавших".into(), ..Default::default() };
    let found = board::board(&db, &chief, &search, &calendar, today()).await.unwrap();
    assert_eq!(found.cells.iter().map(|c| c.count).sum::<u64>(), 1, "search finds word forms");

    // A search that matches many: one pass lays out the same cells, with the same counts and
    // the same first cards, as the board without the search shows them.
    let smirnovy = BoardQuery { q: "Смирновых".into(), lanes: "curator".into(), ..Default::default() };
    let searched = board::board(&db, &chief, &smirnovy, &calendar, today()).await.unwrap();
    assert!(!searched.search_capped);
    let lanes_only = BoardQuery { lanes: "curator".into(), ..Default::default() };
    let plain = board::board(&db, &chief, &lanes_only, &calendar, today()).await.unwrap();
    let worker_cell = |b: &app::board::types::BoardData| {
        b.cells.iter().find(|c| c.lane == worker.id && c.stage == Stage::Intake).cloned().unwrap()
    };
    assert_eq!(worker_cell(&searched).count, worker_cell(&plain).count);
    assert_eq!(worker_cell(&searched).cards, worker_cell(&plain).cards);
    assert_eq!(worker_cell(&searched).next, worker_cell(&plain).next);

    // Lanes by curator: the free colleague has a lane to drag a case into.
    let lanes = BoardQuery { lanes: "curator".into(), ..Default::default() };
    let by_curator = board::board(&db, &chief, &lanes, &calendar, today()).await.unwrap();
    let keys: Vec<&str> = by_curator.lanes.iter().map(|l| l.key.as_str()).collect();
    assert_eq!(keys[0], NO_LANE);
    assert!(keys.contains(&free.id.as_str()) && keys.contains(&worker.id.as_str()), "{keys:?}");
    assert_eq!(by_curator.lanes.iter().find(|l| l.key == worker.id).unwrap().open, 11);

    // Pages of a cell follow each other without repeats.
    let cell = by_curator.cells.iter().find(|c| c.lane == worker.id && c.stage == Stage::Intake).unwrap();
    assert_eq!(cell.cards.len(), app::board::types::LANE_CELL_PAGE);
    let next = CellRequest { lane: worker.id.clone(), stage: "intake".into(), after: cell.next.clone().unwrap() };
    let page = board::cell_page(&db, &chief, &lanes, &next, &calendar, today()).await.unwrap();
    assert_eq!(page.cards.len(), 11 - app::board::types::LANE_CELL_PAGE);
    assert!(page.cards.iter().all(|c| !cell.cards.iter().any(|x| x.id == c.id)));

    // A caseworker of districts 1–2 sees their districts only; the district filter narrows.
    let far = open(&db, &chief, &family("Семья Далёких", "d6", None)).await;
    let theirs = board::board(&db, &worker, &BoardQuery::default(), &calendar, today()).await.unwrap();
    assert!(!theirs.cells.iter().flat_map(|c| &c.cards).any(|c| c.id == far));
    assert!(board::card_on_board(&db, &worker, &BoardQuery::default(), &far, &calendar, today())
        .await
        .unwrap()
        .is_none());
    // One card for a live update honours the search of the board it goes to.
    let late_card = board::card_on_board(&db, &chief, &search, &late_id, &calendar, today()).await.unwrap();
    assert_eq!(late_card.map(|c| c.id), Some(late_id.clone()));
    let other_search = BoardQuery { q: "Смирновых".into(), ..Default::default() };
    assert!(board::card_on_board(&db, &chief, &other_search, &late_id, &calendar, today()).await.unwrap().is_none());
    let d2 = BoardQuery { district: "d2".into(), ..Default::default() };
    assert_eq!(
        board::board(&db, &chief, &d2, &calendar, today()).await.unwrap().cells.iter().map(|c| c.count).sum::<u64>(),
        1
    );
    assert_eq!(Lanes::from_code("district"), Lanes::District);

    // The workload strip: open and overdue cases per curator within the district filter. An
    // unfiltered board takes it from the same pass as its counts, a searched or narrowed one
    // from a pass of its own; both say the same.
    let mut late_of_worker = family("Семья Запоздалых", "d1", Some(&worker.id));
    late_of_worker.detected_on = (today() - Duration::days(20)).to_string();
    open(&db, &chief, &late_of_worker).await;
    let unfiltered = board::board(&db, &chief, &BoardQuery::default(), &calendar, today()).await.unwrap();
    let strip: Vec<(&str, u64, u64)> =
        unfiltered.workload.iter().map(|w| (w.curator_id.as_str(), w.open, w.overdue)).collect();
    assert_eq!(strip, vec![(worker.id.as_str(), 12, 1)]);
    assert_eq!(unfiltered.overdue, 2, "the curator's late case and the appeal without a curator");
    let searched = board::board(&db, &chief, &search, &calendar, today()).await.unwrap();
    assert_eq!(searched.workload, unfiltered.workload);
    let by_category = BoardQuery { category: "svo_family".into(), ..Default::default() };
    let narrowed = board::board(&db, &chief, &by_category, &calendar, today()).await.unwrap();
    assert_eq!(narrowed.workload, unfiltered.workload);
    let other_district = BoardQuery { district: "d2".into(), ..Default::default() };
    assert!(board::board(&db, &chief, &other_district, &calendar, today()).await.unwrap().workload.is_empty());

    // Hostile filters are refused, not run.
    let hostile = BoardQuery { district: "d1; DELETE case_file".into(), ..Default::default() };
    assert!(board::board(&db, &chief, &hostile, &calendar, today()).await.is_err());
}

#[tokio::test]
async fn lanes_below_the_first_screen_bring_counts_and_load_their_cards_when_opened() {
    use app::board::types::LANES_WITH_CARDS;
    let db = database().await;
    let chief = user(&db, "morozova", Role::Supervisor).await;
    let calendar = repo::calendar(&db).await.unwrap();
    for n in 0..LANES_WITH_CARDS + 2 {
        let worker = user(&db, &format!("worker{n}"), Role::Caseworker).await;
        open(&db, &chief, &family(&format!("Семья Дорожкиных {n}"), "d1", Some(&worker.id))).await;
    }
    let lanes = BoardQuery { lanes: "curator".into(), ..Default::default() };
    let data = board::board(&db, &chief, &lanes, &calendar, today()).await.unwrap();
    let last = data.lanes.last().unwrap();
    let cell = data.cells.iter().find(|c| c.lane == last.key).expect("a cell with its count");
    assert_eq!((cell.count, cell.cards.len(), cell.next.as_deref()), (1, 0, Some("")));
    let first_worker = &data.lanes[1];
    assert!(data.cells.iter().any(|c| c.lane == first_worker.key && !c.cards.is_empty()));
    let request = CellRequest { lane: last.key.clone(), stage: cell.stage.code().into(), after: String::new() };
    let page = board::cell_page(&db, &chief, &lanes, &request, &calendar, today()).await.unwrap();
    assert_eq!(page.cards.len(), 1);
}

#[tokio::test]
async fn a_calendar_change_moves_the_deadlines_of_open_cases() {
    let db = database().await;
    let chief = user(&db, "morozova", Role::Supervisor).await;
    let mut form = family("Семья Календарёвых", "d1", None);
    form.detected_on = today().to_string();
    let id = open(&db, &chief, &form).await;
    let before = case(&db, &id).await.clocks[0].due().unwrap();
    // Declare the due day a day off: the deadline moves one working day later.
    app::calendar::repo::save(
        &db,
        &chief.full_name,
        &app::calendar::CalendarException {
            date: before,
            kind: app::calendar::DayKind::DayOff,
            note: "Проверка".into(),
            moved_from: None,
        },
    )
    .await
    .unwrap();
    let calendar = repo::calendar(&db).await.unwrap();
    repo::recompute_deadlines(&db, &calendar).await.unwrap();
    let after = case(&db, &id).await.clocks[0].due().unwrap();
    assert!(after > before, "{before} → {after}");
    let card = repo::card(&db, &id, &calendar, today()).await.unwrap().unwrap();
    assert_eq!(card.due, Some(after), "the stored deadline follows the calendar");
}

#[tokio::test]
async fn the_2026_calendar_has_the_official_number_of_working_days() {
    let db = database().await;
    let calendar = repo::calendar(&db).await.unwrap();
    let first = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    let last = NaiveDate::from_ymd_opt(2026, 12, 31).unwrap();
    // 247 working days in 2026 and in 2025 by the official production calendars.
    assert_eq!(calendar.working_days_between(first, last), 247);
    let first = NaiveDate::from_ymd_opt(2025, 1, 1).unwrap();
    let last = NaiveDate::from_ymd_opt(2025, 12, 31).unwrap();
    assert_eq!(calendar.working_days_between(first, last), 247);
}

#[tokio::test]
async fn an_open_board_hears_of_a_move_within_a_second() {
    an_open_board_hears_of_a_move(app::live::LiveSource::Query).await;
}

#[tokio::test]
async fn an_open_board_hears_of_a_move_from_the_change_feed_within_a_second() {
    an_open_board_hears_of_a_move(app::live::LiveSource::Changefeed { every: std::time::Duration::from_millis(100) })
        .await;
}

async fn an_open_board_hears_of_a_move(source: app::live::LiveSource) {
    let db = database().await;
    let worker = user(&db, "petrova", Role::Caseworker).await;
    let id = open(&db, &worker, &family("Семья Живых", "d1", Some(&worker.id))).await;
    let hub = app::state::case_hub(db.clone(), source);
    let mut events = hub.subscribe();
    // The live query needs a moment to start.
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    move_to(&db, &worker, &id, Stage::Assessment, "").await.expect("moved");
    let event = tokio::time::timeout(std::time::Duration::from_secs(1), events.recv())
        .await
        .expect("a change within a second")
        .expect("a change");
    let app::live::HubEvent::Change(change) = event else { panic!("a change, not {event:?}") };
    assert_eq!(change.id, id);
    assert_eq!(change.version, 2);
    // The board hears where the case lay and where it lies, and adjusts its counts by itself.
    let heard = app::board::live::case_change(&change, &worker).expect("the curator sees it");
    assert_eq!(heard.was.as_ref().map(|f| f.stage), Some(Stage::Intake));
    assert_eq!(heard.now.as_ref().map(|f| (f.stage, f.district.as_deref())), Some((Stage::Assessment, Some("d1"))));
    assert!(heard.board_key.contains('|'), "{heard:?}");
    // A caseworker of other districts hears nothing of it.
    let stranger = CurrentUser { districts: vec!["d5".into()], ..user(&db, "gusev", Role::Caseworker).await };
    assert_eq!(app::board::live::case_change(&change, &stranger), None);
}

#[tokio::test]
async fn the_official_calendars_ship_and_2025_is_corrected() {
    let db = database().await;
    let calendar = repo::calendar(&db).await.unwrap();
    let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
    for year in 2024..=2027 {
        assert!(calendar.is_official(year), "{year} ships as official");
    }
    assert!(!calendar.is_official(2028));
    // 2025: the days off of 23 February and 8 March went to 8 May and 13 June.
    assert!(calendar.is_working_day(d(2025, 2, 24)));
    assert!(calendar.is_working_day(d(2025, 3, 10)));
    assert!(!calendar.is_working_day(d(2025, 5, 8)));
    assert!(!calendar.is_working_day(d(2025, 6, 13)));
    // 2027: Saturday 20 February worked, 22 February and 5 November off.
    assert!(calendar.is_working_day(d(2027, 2, 20)));
    assert!(!calendar.is_working_day(d(2027, 2, 22)));
    assert!(!calendar.is_working_day(d(2027, 11, 5)));
    assert_eq!(calendar.working_days_in(2024), 248);
    assert_eq!(calendar.working_days_in(2027), 247);
}

#[tokio::test]
async fn an_older_database_gets_the_corrected_2025_and_its_deadlines_move() {
    // A database of the previous version: migrations up to 0010, with 2025 as it had it.
    let db = opora_server::db::open_unmigrated("mem://", &Default::default()).await.unwrap();
    opora_server::db::migrate_first(&db, 10).await.unwrap();
    let chief = user(&db, "morozova", Role::Supervisor).await;
    let mut form = family("Семья Прошлогодних", "d1", None);
    // Detected on Friday 21 February 2025: with the old calendar 24 February was a day off.
    form.detected_on = "2025-02-21".into();
    // Opened as the previous version did: its calendar was the exceptions alone.
    let old_calendar =
        app::calendar::ProductionCalendar::from_exceptions(&app::calendar::repo::exceptions(&db).await.unwrap());
    let valid = validate_case(&form, today()).expect("valid case");
    let id = repo::create(&db, &chief, &valid, &old_calendar, Utc::now()).await.expect("case opened");
    let old: Option<String> = db
        .query("SELECT VALUE due_on FROM type::record('case_file', $id)")
        .bind(("id", id.clone()))
        .await
        .unwrap()
        .take(0)
        .unwrap();
    assert_eq!(old.as_deref(), Some("2025-02-27"), "3 working days with 24 February off");
    opora_server::db::migrate(&db).await.unwrap();
    let new: Option<String> = db
        .query("SELECT VALUE due_on FROM type::record('case_file', $id)")
        .bind(("id", id))
        .await
        .unwrap()
        .take(0)
        .unwrap();
    assert_eq!(new.as_deref(), Some("2025-02-26"), "24 February is a working day by the decree");
}

#[tokio::test]
async fn a_board_search_that_finds_too_many_asks_for_a_narrower_query() {
    let db = database().await;
    let chief = user(&db, "morozova", Role::Supervisor).await;
    let calendar = repo::calendar(&db).await.unwrap();
    for i in 0..=app::board::types::SEARCH_CAP {
        open(&db, &chief, &family(&format!("Семья Кузнецовых {i}"), "d1", None)).await;
    }
    let query = BoardQuery { q: "Кузнецовых".into(), ..Default::default() };
    let found = board::board(&db, &chief, &query, &calendar, today()).await.unwrap();
    assert!(found.search_capped, "more than the board lays out");
    assert_eq!(found.cells.iter().map(|c| c.count).sum::<u64>(), app::board::types::SEARCH_CAP as u64);
    open(&db, &chief, &family("Семья Редкиных", "d1", None)).await;
    let narrow = BoardQuery { q: "Редкиных".into(), ..Default::default() };
    let one = board::board(&db, &chief, &narrow, &calendar, today()).await.unwrap();
    assert!(!one.search_capped);
    assert_eq!(one.cells.iter().map(|c| c.count).sum::<u64>(), 1);
}
