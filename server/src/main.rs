//! `opora`: the server of Опора and its service commands.

use app::state::{AppState, Settings};
use clap::Parser;
use leptos::config::LeptosOptions;
use opora_server::config::{Cli, Command, GlobalArgs, ServeArgs};
use opora_server::{db, http, seed, users};
use std::process::ExitCode;

fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::try_from_env("OPORA_LOG").unwrap_or_else(|_| {
            tracing_subscriber::EnvFilter::new("info,surrealdb=warn,surrealdb_core=warn,surrealkv=warn")
        }))
        .init();
    let cli = Cli::parse();
    // Deep queries need a bigger stack than tokio's default.
    let runtime =
        match tokio::runtime::Builder::new_multi_thread().enable_all().thread_stack_size(10 * 1024 * 1024).build() {
            Ok(runtime) => runtime,
            Err(err) => {
                eprintln!("opora: не удалось запустить среду выполнения: {err}");
                return ExitCode::from(1);
            }
        };
    runtime.block_on(run(cli))
}

async fn open_db(global: &GlobalArgs) -> Result<app::db::Db, ExitCode> {
    if global.db_url.is_none() {
        if let Err(err) = std::fs::create_dir_all(&global.data_dir) {
            eprintln!("opora: не удалось создать каталог данных {}: {err}", global.data_dir.display());
            return Err(ExitCode::from(2));
        }
    }
    let url = global.database_url();
    match db::open(&url, &global.server_auth()).await {
        Ok(db) => Ok(db),
        Err(err) => {
            tracing::error!(error = %err, "database unavailable");
            eprintln!("opora: {err}");
            Err(ExitCode::from(2))
        }
    }
}

async fn run(cli: Cli) -> ExitCode {
    match cli.command.unwrap_or(Command::Serve(ServeArgs::default())) {
        Command::Serve(args) => serve(&cli.global, args).await,
        Command::SeedDemo { force } => {
            let Ok(db) = open_db(&cli.global).await else { return ExitCode::from(2) };
            let password = std::env::var("OPORA_DEMO_PASSWORD").ok().filter(|p| !p.is_empty());
            let entries = std::env::var("OPORA_DEMO_ENTRIES").ok().and_then(|n| n.parse().ok()).unwrap_or(420);
            let cases = std::env::var("OPORA_DEMO_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(110);
            match seed::seed_demo(&db, force, password.as_deref(), entries, cases).await {
                Ok(report) => {
                    println!(
                        "Демо-данные загружены: 6 социальных участков, записей журнала: {}, случаев: {}, партнёров: {}.",
                        report.entries, report.cases, report.partners
                    );
                    if report.logins.is_empty() {
                        println!("Демо-пользователи уже были созданы раньше; их пароли не менялись.");
                    } else {
                        println!("\nДемо-пользователи (логин / пароль / роль):");
                        let mut lines = String::new();
                        for (login, password, role) in &report.logins {
                            println!("  {login:<12} {password:<28} {role}");
                            lines.push_str(&format!("{login}\t{password}\t{role}\n"));
                        }
                        let file = cli.global.data_dir.join("demo-logins.txt");
                        if cli.global.db_url.is_none() && std::fs::write(&file, lines).is_ok() {
                            println!("\nЭтот список сохранён в {}", file.display());
                        }
                    }
                    ExitCode::SUCCESS
                }
                Err(err) => {
                    eprintln!("opora seed-demo: {err}");
                    ExitCode::from(1)
                }
            }
        }
        Command::Generate { scale, seed, force, watchdog } => {
            if !(scale > 0.0 && scale <= 100.0) {
                eprintln!("opora generate: масштаб — число больше 0 и не больше 100");
                return ExitCode::from(1);
            }
            let Ok(db) = open_db(&cli.global).await else { return ExitCode::from(2) };
            // Generated data goes into an empty database, or one a stopped run left (to resume):
            // never into one with real accounts or records.
            match opora_server::generate::holds_other_data(&db).await {
                Ok(false) => {}
                Ok(true) if force => eprintln!("opora generate: в базе есть другие данные; --force — добавляю к ним"),
                Ok(true) => {
                    eprintln!(
                        "opora generate: в базе {} уже есть данные, созданные не генератором. Укажите пустой каталог данных (OPORA_DATA_DIR) или --force.",
                        cli.global.data_dir.display()
                    );
                    return ExitCode::from(1);
                }
                Err(err) => {
                    eprintln!("opora generate: {err}");
                    return ExitCode::from(2);
                }
            }
            opora_server::health::start_watchdog(db.clone(), watchdog);
            // No published default: the password of the generated accounts is given or random.
            let given = std::env::var("OPORA_DEMO_PASSWORD").ok().filter(|p| !p.is_empty());
            let password = given.clone().unwrap_or_else(app::admin::repo::temporary_password);
            let progress = |line: &str| eprintln!("  {line}");
            match opora_server::generate::generate(&db, scale, seed, &password, &progress).await {
                Ok(g) => {
                    println!(
                        "Сгенерировано за {:.0} с: учётных записей {}, записей журнала {}, случаев {} (людей в них {}), партнёров {}, маршрутов {}, актов обследования {}, заявлений {}.",
                        g.seconds, g.users, g.journal, g.cases, g.persons, g.partners, g.routes, g.acts, g.applications
                    );
                    match given {
                        Some(_) => {
                            println!("Логины gen-chief1, gen-desk1, gen-w1-1 … — пароль из OPORA_DEMO_PASSWORD.")
                        }
                        None => {
                            println!("Логины gen-chief1, gen-desk1, gen-w1-1 … — пароль (показан один раз): {password}")
                        }
                    }
                    ExitCode::SUCCESS
                }
                Err(err) => {
                    eprintln!("opora generate: {err}");
                    ExitCode::from(1)
                }
            }
        }
        Command::Backup { file } => {
            if let Some(err) = opora_server::backup::server_backup_error(&cli.global.database_url()) {
                eprintln!("opora backup: {err}");
                return ExitCode::from(1);
            }
            let Ok(db) = open_db(&cli.global).await else { return ExitCode::from(2) };
            match opora_server::backup::backup(&db, &file).await {
                Ok(bytes) => {
                    println!("Резервная копия записана: {} ({:.1} МБ).", file.display(), bytes as f64 / 1_048_576.0);
                    ExitCode::SUCCESS
                }
                Err(err) => {
                    eprintln!("opora backup: {err}");
                    ExitCode::from(1)
                }
            }
        }
        Command::Reconcile => {
            let Ok(db) = open_db(&cli.global).await else { return ExitCode::from(2) };
            match app::board::counts::reconcile(&db).await {
                Ok(r) if r.corrected == 0 => {
                    println!("Счётчики доски сверены со случаями: {} счётчиков, расхождений нет.", r.tallies);
                    ExitCode::SUCCESS
                }
                Ok(r) => {
                    println!(
                        "Счётчики доски пересчитаны по случаям: {} счётчиков, исправлено {}.",
                        r.tallies, r.corrected
                    );
                    ExitCode::SUCCESS
                }
                Err(err) => {
                    eprintln!("opora reconcile: {err}");
                    ExitCode::from(1)
                }
            }
        }
        Command::Restore { file } => {
            if cli.global.db_url.is_none() {
                if let Err(err) = std::fs::create_dir_all(&cli.global.data_dir) {
                    eprintln!(
                        "opora restore: не удалось создать каталог данных {}: {err}",
                        cli.global.data_dir.display()
                    );
                    return ExitCode::from(2);
                }
            }
            match opora_server::backup::restore(&cli.global.database_url(), &cli.global.server_auth(), &file).await {
                Ok(_) => {
                    println!("База восстановлена из {}.", file.display());
                    ExitCode::SUCCESS
                }
                Err(err) => {
                    eprintln!("opora restore: {err}");
                    ExitCode::from(1)
                }
            }
        }
        Command::DbUser { root_user, root_pass } => {
            let url = cli.global.database_url();
            let (Some(user), Some(pass)) = (&cli.global.db_user, &cli.global.db_pass) else {
                eprintln!("opora db-user: задайте имя и пароль пользователя Опоры: OPORA_DB_USER и OPORA_DB_PASS");
                return ExitCode::from(1);
            };
            if !url.starts_with("ws://") && !url.starts_with("wss://") {
                eprintln!(
                    "opora db-user: пользователь нужен только на сервере SurrealDB (OPORA_DB=ws://…), а не в {url}"
                );
                return ExitCode::from(1);
            }
            match db::provision_user(&url, &db::ServerAuth::root(root_user, root_pass), user, pass).await {
                Ok(()) => {
                    println!(
                        "Пользователь базы данных «{user}» готов: namespace {}, database {}.",
                        db::NAMESPACE,
                        db::DATABASE
                    );
                    ExitCode::SUCCESS
                }
                Err(err) => {
                    eprintln!("opora db-user: {err}");
                    ExitCode::from(1)
                }
            }
        }
        Command::CreateUser(args) => {
            let Ok(db) = open_db(&cli.global).await else { return ExitCode::from(2) };
            match users::run(&db, &args, std::io::stdin()).await {
                Ok(_) => {
                    println!("Пользователь «{}» создан.", args.login.trim().to_lowercase());
                    ExitCode::SUCCESS
                }
                Err(err) => {
                    eprintln!("opora create-user: {err}");
                    ExitCode::from(1)
                }
            }
        }
    }
}

async fn serve(global: &GlobalArgs, args: ServeArgs) -> ExitCode {
    let db = match open_db(global).await {
        Ok(db) => db,
        Err(code) => return code,
    };
    let leptos_options = LeptosOptions::builder()
        .output_name("opora")
        .site_root(args.site_root.display().to_string())
        .site_pkg_dir("pkg")
        .site_addr(args.addr)
        .hash_files(opora_server::bundle::Bundle::is_hashed())
        .build();
    if !args.site_root.join("pkg").exists() {
        tracing::warn!(site_root = %args.site_root.display(), "the built site is missing: pages will not hydrate (build it with `cargo leptos build`)");
    }
    let settings = Settings {
        idle_timeout: args.idle_timeout,
        session_lifetime: args.session_lifetime,
        lock_duration: args.lock_duration,
        secure_cookies: args.secure_cookies,
        tiles: args.tiles.clone(),
        tiles_attribution: args.tiles_attribution.clone(),
        photos_dir: global.data_dir.join("photos"),
        documents_dir: global.data_dir.join("documents"),
        live_source: args.live_source(),
    };
    opora_server::health::start_watchdog(db.clone(), args.watchdog);
    let state = AppState::new(leptos_options, db, settings);
    let live = state.live.clone();
    let app = http::router(state);
    let listener = match tokio::net::TcpListener::bind(args.addr).await {
        Ok(listener) => listener,
        Err(err) => {
            eprintln!("opora: не удалось занять адрес {}: {err}", args.addr);
            tracing::error!(addr = %args.addr, error = %err, "cannot listen");
            return ExitCode::from(3);
        }
    };
    tracing::info!(addr = %args.addr, "Опора слушает http://{}", args.addr);
    let served = axum::serve(listener, app.into_make_service_with_connect_info::<std::net::SocketAddr>())
        .with_graceful_shutdown(async move {
            shutdown_signal().await;
            // Open event streams would keep the shutdown waiting forever.
            live.close();
        })
        .await;
    match served {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("opora: сервер остановлен с ошибкой: {err}");
            ExitCode::from(1)
        }
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        if let Ok(mut signal) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            signal.recv().await;
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
    tracing::info!("shutting down");
}
