//! The journal against a real (in-memory) SurrealDB, through the functions the server uses.

use app::auth::Role;
use app::error::AppError;
use app::journal::appeal::validate_appeal;
use app::journal::repo;
use app::journal::types::*;
use chrono::{Duration, Utc};
use opora_tests::{database, user};

fn form(summary: &str, minutes_ago: i64) -> AppealForm {
    AppealForm {
        received_at: app::time::to_datetime_local(Utc::now() - Duration::minutes(minutes_ago)),
        full_name: "Семёнова Алёна Петровна".into(),
        phone: "8 912 345-67-89".into(),
        address: "г. Югорск, ул. Ленина, д. 12, кв. 4".into(),
        summary: summary.into(),
        channel: "phone".into(),
        topics: vec!["urgent_services".into()],
        district: "d1".into(),
        ..Default::default()
    }
}

fn valid(f: &AppealForm) -> app::journal::appeal::ValidAppeal {
    validate_appeal(f, Utc::now()).expect("valid form")
}

#[tokio::test]
async fn registering_numbers_entries_and_reads_them_back() {
    let db = database().await;
    let dispatcher = user(&db, "disp", Role::Dispatcher).await;
    let first =
        repo::register(&db, &dispatcher, &valid(&form("Просит продуктовый набор", 30))).await.expect("registered");
    let second =
        repo::register(&db, &dispatcher, &valid(&form("Нужна коляска в прокат", 20))).await.expect("registered");
    assert_eq!(first.number, 1);
    assert_eq!(second.number, 2);
    assert_eq!(first.phone.as_deref(), Some("+79123456789"));
    assert_eq!(first.district_id.as_deref(), Some("d1"));
    assert_eq!(first.district_name.as_deref(), Some("Участок № 1 — Центральный"));
    assert_eq!(first.created_by_name, dispatcher.full_name);
    assert_eq!(first.version, 1);

    let page = repo::list(&db, &JournalQuery::default()).await.expect("page");
    assert_eq!(page.total, 2);
    let numbers: Vec<i64> = page.entries.iter().map(|e| e.number).collect();
    assert_eq!(numbers, vec![2, 1], "newest first");
}

#[tokio::test]
async fn concurrent_registrations_get_numbers_without_gaps_or_duplicates() {
    let db = database().await;
    let dispatcher = user(&db, "disp", Role::Dispatcher).await;
    let mut tasks = Vec::new();
    for i in 0..40 {
        let db = db.clone();
        let dispatcher = dispatcher.clone();
        tasks.push(tokio::spawn(async move {
            repo::register(&db, &dispatcher, &valid(&form(&format!("Обращение {i}"), 5))).await.map(|e| e.number)
        }));
    }
    let mut numbers = Vec::new();
    for task in tasks {
        numbers.push(task.await.expect("task").expect("registered"));
    }
    numbers.sort();
    assert_eq!(numbers, (1..=40).collect::<Vec<i64>>());
}

#[tokio::test]
async fn search_finds_by_name_phone_address_and_word_forms() {
    let db = database().await;
    let dispatcher = user(&db, "disp", Role::Dispatcher).await;
    repo::register(&db, &dispatcher, &valid(&form("Просит помочь с продуктовым набором для детей", 30))).await.unwrap();
    let other = AppealForm {
        full_name: "Гусев Пётр".into(),
        phone: "+7 922 000-11-22".into(),
        address: "г. Югорск, ул. Мира, д. 3".into(),
        ..form("Нужна инвалидная коляска", 10)
    };
    repo::register(&db, &dispatcher, &valid(&other)).await.unwrap();
    let find = |q: &str| {
        let db = db.clone();
        let q = q.to_string();
        async move {
            let page = repo::list(&db, &JournalQuery { q, ..Default::default() }).await.expect("search");
            page.entries.into_iter().map(|e| e.full_name.unwrap_or_default()).collect::<Vec<_>>()
        }
    };
    assert_eq!(find("Семенова").await, vec!["Семёнова Алёна Петровна"], "ё typed as е");
    assert_eq!(find("семёновой").await, vec!["Семёнова Алёна Петровна"], "another case of the surname");
    assert_eq!(find("продуктовый набор").await, vec!["Семёнова Алёна Петровна"], "word forms");
    assert_eq!(find("ДЕТИ").await, vec!["Семёнова Алёна Петровна"], "case and number");
    assert_eq!(find("8 922 000 11 22").await, vec!["Гусев Пётр"], "phone as typed");
    assert_eq!(find("1122").await, vec!["Гусев Пётр"], "last digits of the phone");
    assert_eq!(find("Мира").await, vec!["Гусев Пётр"], "street");
    assert!(find("Несуществующая").await.is_empty());
}

#[tokio::test]
async fn filters_and_paging_by_key() {
    let db = database().await;
    let dispatcher = user(&db, "disp", Role::Dispatcher).await;
    for i in 0..120 {
        let mut f = form(&format!("Обращение номер {i}"), 2000 - i);
        if i % 3 == 0 {
            f.channel = "email".into();
        }
        if i % 10 == 0 {
            f.outcome = "consultation".into();
            f.answer = "Дана консультация".into();
        }
        repo::register(&db, &dispatcher, &valid(&f)).await.unwrap();
    }
    let first = repo::list(&db, &JournalQuery::default()).await.unwrap();
    assert_eq!(first.total, 120);
    assert_eq!(first.entries.len(), repo::PAGE_SIZE);
    assert_eq!(first.entries[0].number, 120);
    assert!(first.newer_cursor.is_none());
    let older = first.older_cursor.clone().expect("an older page");
    let second = repo::list(&db, &JournalQuery { older: older.clone(), ..Default::default() }).await.unwrap();
    assert_eq!(second.entries[0].number, 70);
    assert_eq!(second.entries.last().unwrap().number, 21);
    let back = repo::list(&db, &JournalQuery { newer: second.newer_cursor.clone().unwrap(), ..Default::default() })
        .await
        .unwrap();
    assert_eq!(back.entries[0].number, 120, "back to the first page");
    assert!(back.newer_cursor.is_none());

    let emails = repo::list(&db, &JournalQuery { channel: "email".into(), ..Default::default() }).await.unwrap();
    assert_eq!(emails.total, 40);
    assert!(emails.entries.iter().all(|e| e.channel == Channel::Email));
    let open = repo::list(&db, &JournalQuery { outcome: "open".into(), ..Default::default() }).await.unwrap();
    assert_eq!(open.total, 108);
    let bad = repo::list(&db, &JournalQuery { from: "2026-13-45".into(), ..Default::default() }).await;
    assert!(matches!(bad, Err(AppError::Validation(e)) if e.get("from").is_some()));
}

#[tokio::test]
async fn urgent_without_handoff_stays_on_top_until_recorded() {
    let db = database().await;
    let dispatcher = user(&db, "disp", Role::Dispatcher).await;
    let urgent = repo::register(&db, &dispatcher, &valid(&AppealForm { urgent: true, ..form("Дети одни дома", 300) }))
        .await
        .unwrap();
    for i in 0..3 {
        repo::register(&db, &dispatcher, &valid(&form(&format!("Обычное {i}"), 10 + i))).await.unwrap();
    }
    let page = repo::list(&db, &JournalQuery { channel: "email".into(), ..Default::default() }).await.unwrap();
    assert_eq!(page.pending_urgent.len(), 1, "whatever the filters");
    assert_eq!(page.pending_urgent[0].id, urgent.id);

    let mut completed = AppealForm::from_entry(&urgent);
    completed.handoff_to = "police".into();
    completed.handoff_at = app::time::to_datetime_local(Utc::now() - Duration::minutes(290));
    completed.handoff_by = "Сидорова Е. В.".into();
    let (after, changes) =
        repo::update(&db, &dispatcher, &urgent.id, urgent.version, &valid(&completed)).await.unwrap();
    assert_eq!(after.version, 2);
    assert!(after.handoff.is_some());
    assert!(changes.iter().any(|c| c.field == "handoff"));
    let page = repo::list(&db, &JournalQuery::default()).await.unwrap();
    assert!(page.pending_urgent.is_empty());
}

#[tokio::test]
async fn completing_later_keeps_history_and_refuses_a_stale_version() {
    let db = database().await;
    let dispatcher = user(&db, "disp", Role::Dispatcher).await;
    let entry = repo::register(&db, &dispatcher, &valid(&form("Спрашивает о пособии", 60))).await.unwrap();
    let mut answered = AppealForm::from_entry(&entry);
    answered.answer = "Проконсультирована о едином пособии".into();
    answered.answer_method = "phone".into();
    answered.outcome = "consultation".into();
    answered.full_name = String::new();
    let (after, changes) = repo::update(&db, &dispatcher, &entry.id, 1, &valid(&answered)).await.unwrap();
    assert_eq!(after.answer.as_deref(), Some("Проконсультирована о едином пособии"));
    assert_eq!(after.full_name, None, "a cleared field is cleared");
    assert_eq!(after.number, entry.number);
    let fields: Vec<&str> = changes.iter().map(|c| c.field.as_str()).collect();
    assert_eq!(fields, vec!["full_name", "answer", "answer_method", "outcome"]);

    let stale = repo::update(&db, &dispatcher, &entry.id, 1, &valid(&answered)).await;
    assert!(matches!(stale, Err(AppError::Conflict(_))), "{stale:?}");
}

#[tokio::test]
async fn the_schema_refuses_what_must_never_be_stored() {
    let db = database().await;
    let bad_phone = db
        .query("CREATE journal_entry SET year = 2026, number = 1, received_at = time::now(), sort_key = 'x', phone = '12345', summary = 'a', channel = 'phone', topics = [], urgent = false, search_text = '', created_at = time::now(), created_by = user:x, created_by_name = 'x', updated_at = time::now(), updated_by = user:x, updated_by_name = 'x', version = 1")
        .await
        .unwrap()
        .check();
    assert!(bad_phone.is_err());
    let bad_channel = db
        .query("CREATE journal_entry SET year = 2026, number = 1, received_at = time::now(), sort_key = 'x', summary = 'a', channel = 'pigeon', topics = [], urgent = false, search_text = '', created_at = time::now(), created_by = user:x, created_by_name = 'x', updated_at = time::now(), updated_by = user:x, updated_by_name = 'x', version = 1")
        .await
        .unwrap()
        .check();
    assert!(bad_channel.is_err());
}

#[tokio::test]
async fn migrations_run_once_and_an_existing_database_is_kept() {
    let dir = std::env::temp_dir().join(format!("opora-migrate-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let url = opora_server::db::embedded_url(&dir, opora_server::db::Engine::from_env());
    {
        let db = opora_server::db::open(&url, &Default::default()).await.expect("open");
        db.query("CREATE district:d9 SET number = 9, name = 'Проверочный'").await.unwrap().check().unwrap();
    }
    // SurrealKV keeps a lock on the directory until the handle is dropped.
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let db = opora_server::db::open(&url, &Default::default()).await.expect("reopen");
    let mut r = db.query("SELECT VALUE name FROM district:d9; SELECT VALUE name FROM schema_migration").await.unwrap();
    let names: Vec<String> = r.take(0).unwrap();
    assert_eq!(names, vec!["Проверочный"]);
    let migrations: Vec<String> = r.take(1).unwrap();
    let expected: Vec<String> = opora_server::db::MIGRATIONS.iter().map(|(name, _)| name.to_string()).collect();
    assert_eq!(migrations, expected);
    drop(db);
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn a_fresh_database_has_the_six_districts_of_yugorsk() {
    let db = opora_server::db::open_memory().await.expect("database");
    let mut response = db.query("SELECT number, name FROM district ORDER BY number").await.expect("districts");
    let rows: Vec<serde_json::Value> = response.take(0).expect("rows");
    let numbers: Vec<i64> = rows.iter().filter_map(|r| r["number"].as_i64()).collect();
    assert_eq!(numbers, vec![1, 2, 3, 4, 5, 6]);
    // So the very first accounts can be given their districts.
    app::auth::users::check_districts(&db, &["d2".to_string(), "d5".to_string()]).await.expect("districts exist");
}

#[tokio::test]
async fn a_period_keeps_exactly_the_entries_of_its_days() {
    let db = database().await;
    let dispatcher = user(&db, "disp", Role::Dispatcher).await;
    let mut all = Vec::new();
    for day in 0..8 {
        for hour in [1, 9, 17] {
            let entry = repo::register(&db, &dispatcher, &valid(&form("Обращение за период", day * 1440 + hour * 60)))
                .await
                .expect("registered");
            all.push(entry);
        }
    }
    let local = |e: &JournalEntry| app::time::to_local(e.received_at).date_naive();
    let today = app::time::to_local(Utc::now()).date_naive();
    let (from, to) = (today - Duration::days(5), today - Duration::days(2));
    let mut in_period: Vec<&JournalEntry> = all.iter().filter(|e| (from..=to).contains(&local(e))).collect();
    in_period.sort_by_key(|e| std::cmp::Reverse(e.received_at));
    let expected: Vec<i64> = in_period.iter().map(|e| e.number).collect();
    let query = JournalQuery { from: from.to_string(), to: to.to_string(), ..Default::default() };
    let page = repo::list(&db, &query).await.expect("period");
    let numbers: Vec<i64> = page.entries.iter().map(|e| e.number).collect();
    assert_eq!(numbers, expected, "newest first, only the days of the period");
    assert_eq!(page.total as usize, expected.len());
    // The export of the same period holds the same entries, oldest first.
    let exported: Vec<i64> = repo::period(&db, &query, 1000).await.expect("export").iter().map(|e| e.number).collect();
    let mut oldest_first = expected.clone();
    oldest_first.reverse();
    assert_eq!(exported, oldest_first);
}

#[tokio::test]
async fn an_older_database_is_upgraded_and_still_reads_newest_first() {
    use app::audit::AuditAction;
    use app::trail::{repo as audit_repo, AuditQuery};
    let db = opora_server::db::open_unmigrated("mem://", &Default::default()).await.expect("database");
    // The schema as it was before the newest-first keys, with entries and audit lines in it.
    opora_server::db::migrate_first(&db, 2).await.expect("first migrations");
    let dispatcher = user(&db, "disp", Role::Dispatcher).await;
    for minutes_ago in [300, 20, 4000, 90, 1500] {
        repo::register(&db, &dispatcher, &valid(&form("Обращение до обновления", minutes_ago))).await.expect("entry");
        let actor =
            app::audit::ssr::Actor {
                user_id: Some(&dispatcher.id), user_name: "Проверкина", ip: "127.0.0.1".into()
            };
        app::audit::ssr::write(&db, &actor, AuditAction::View, None, "до обновления", vec![]).await.expect("audit");
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    }
    opora_server::db::migrate(&db).await.expect("upgrade");

    let page = repo::list(&db, &JournalQuery::default()).await.expect("journal");
    let moments: Vec<_> = page.entries.iter().map(|e| e.received_at).collect();
    assert_eq!(moments.len(), 5);
    assert!(moments.windows(2).all(|w| w[0] > w[1]), "newest first after the upgrade: {moments:?}");

    let trail = audit_repo::list(&db, &AuditQuery::default(), 100).await.expect("trail");
    assert!(trail.windows(2).all(|w| w[0].at >= w[1].at), "audit newest first after the upgrade");
    // New lines after the upgrade come on top.
    let actor =
        app::audit::ssr::Actor {
            user_id: Some(&dispatcher.id), user_name: "Проверкина", ip: "127.0.0.1".into()
        };
    app::audit::ssr::write(&db, &actor, AuditAction::Export, None, "после обновления", vec![]).await.expect("audit");
    let trail = audit_repo::list(&db, &AuditQuery::default(), 100).await.expect("trail");
    assert_eq!(trail[0].summary, "после обновления");
}

#[tokio::test]
async fn a_text_search_keeps_to_the_recent_window_counts_up_to_a_thousand_and_widens_on_request() {
    let db = database().await;
    let dispatcher = user(&db, "disp", Role::Dispatcher).await;
    // An appeal of half a year ago, and 1 001 recent ones that all mention a stove.
    let old = AppealForm {
        full_name: "Печникова Ирина".into(),
        ..form("Сломалась печь, в доме холодно", 60 * 24 * 180)
    };
    repo::register(&db, &dispatcher, &valid(&old)).await.unwrap();
    let mut recent: Vec<_> =
        (0..1001).map(|i| valid(&form(&format!("Нужен ремонт печи, обращение {i}"), 60 + i))).collect();
    repo::import(&db, &dispatcher, &mut recent).await.expect("imported");

    let search = |q: &str, all: &str| JournalQuery { q: q.into(), all: all.into(), ..Default::default() };
    let page = repo::list(&db, &search("печь", "")).await.expect("search");
    assert!(page.total_capped, "more than a thousand found");
    assert_eq!(page.total, 1000);
    assert_eq!(page.entries.len(), repo::PAGE_SIZE);
    assert!(page.searched_from.is_some(), "the recent window is said");
    let named = repo::list(&db, &search("Печникова", "")).await.expect("search");
    assert!(named.entries.is_empty(), "half a year ago is outside the recent window");
    let everything = repo::list(&db, &search("Печникова", "1")).await.expect("search");
    assert_eq!(everything.entries.len(), 1, "the whole journal on request");
    assert_eq!(everything.searched_from, None);
    assert!(!everything.total_capped);
    // A period chosen by the user replaces the window.
    let half_a_year_ago = (Utc::now() - Duration::days(181)).format("%Y-%m-%d").to_string();
    let period = JournalQuery { q: "Печникова".into(), from: half_a_year_ago, ..Default::default() };
    assert_eq!(repo::list(&db, &period).await.expect("search").entries.len(), 1);
}
