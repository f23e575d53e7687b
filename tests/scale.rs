//! The generator of regional data and the backup round trip, at a small scale that runs in CI:
//! generated data is realistic and complete, and a backup restored into an empty database has
//! every record, the schema, and accounts that still sign in.

use opora_server::backup::{backup, restore, restore_into, BackupError};
use opora_server::db::ServerAuth;
use opora_server::generate::{generate, Volume};
use opora_tests::{table_counts, ServerFnBody, TestApp};

const TABLES: &[&str] = &[
    "journal_entry",
    "case_file",
    "case_event",
    "partner",
    "inspection_act",
    "case_route",
    "application",
    "router_map",
    "router_map_version",
    "user",
    "district",
    "audit",
    "schema_migration",
    "help_kind",
];

#[tokio::test]
async fn generated_data_survives_a_backup_and_restore_into_an_empty_database() {
    let db = opora_tests::database().await;
    let volume = Volume::of(0.01);
    assert_eq!((volume.journal, volume.cases, volume.partners), (1000, 200, 20));
    assert_eq!(Volume::of(1.0).journal, 100_000);
    assert_eq!(Volume::of(10.0).cases, 200_000);
    let made = generate(&db, 0.01, 7, "Пароль-нагрузки-2026", &|_| {}).await.expect("generated");
    assert_eq!(made.journal, 1000);
    assert_eq!(made.cases, 200);
    assert!(made.persons >= 300, "{made:?}");
    assert!(made.routes > 0 && made.acts > 0, "{made:?}");
    // Every case past the appeal has its application in the journal of applications.
    let without: Vec<i64> = db
        .query("RETURN count(SELECT VALUE id FROM case_file WHERE stage != 'appeal' AND application = NONE)")
        .await
        .expect("count")
        .take(0)
        .expect("a number");
    assert_eq!(without, [0]);
    assert!(made.applications > 100, "{made:?}");
    assert!(made.users >= 19, "{made:?}");

    let dir = std::env::temp_dir().join(format!("opora-backup-test-{}", std::process::id()));
    let file = dir.join("opora.surql");
    // On a SurrealDB server the copy is the server's own export (`opora-db export`); embedded,
    // `opora backup`'s.
    let bytes = match opora_tests::test_server() {
        Some(server) => server.export(&db, &file).await,
        None => backup(&db, &file).await.expect("backup"),
    };
    assert!(bytes > 100_000, "a backup of {bytes} bytes is too small");
    let before = table_counts(&db, TABLES).await;

    let restored = restore("mem://", &ServerAuth::default(), &file).await.expect("restored");
    assert_eq!(table_counts(&restored, TABLES).await, before);
    // On a SurrealDB server the copy goes back into an empty database there (`opora-db import`),
    // and Опора's migrations find it current.
    if let Some(server) = opora_tests::test_server() {
        let on_server = server.import_into_empty(&file).await;
        opora_server::db::migrate(&on_server).await.expect("the restored schema is current");
        assert_eq!(table_counts(&on_server, TABLES).await, before);
        assert!(
            opora_server::backup::server_backup_error(&server.url)
                .is_some_and(|e| e.to_string().contains("opora-db export")),
            "opora backup on ws:// names the server's export"
        );
    }
    // Full-text search and the router maps work on the restored data; accounts sign in.
    let found: Vec<String> = restored
        .query("SELECT VALUE name FROM partner WHERE search_text @1@ 'юрист' LIMIT 3")
        .await
        .expect("search")
        .take(0)
        .expect("names");
    assert!(!found.is_empty());
    let app = TestApp::new(restored.clone()).await;
    let reply = app
        .call(
            "/api/auth/login",
            ServerFnBody::Form(vec![
                ("login", "gen-desk1".into()),
                ("password", "Пароль-нагрузки-2026".into()),
                ("next", "/".into()),
            ]),
            None,
        )
        .await;
    assert!(reply.session_cookie().is_some(), "{} {}", reply.status, reply.body);

    // A second restore into a database that is no longer empty is refused.
    let into_full = restore_into(&restored, &file).await;
    assert!(matches!(into_full, Err(BackupError::NotEmpty(_))), "{into_full:?}");
    let _ = std::fs::remove_dir_all(&dir);
}
