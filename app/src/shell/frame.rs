//! The frame of every working page: the navigation by role, the signed-in user, a plain
//! «no connection» banner, and the lock of an idle tablet.

use super::logout::LogoutButton;
use crate::auth::api::{whoami, Me};
use crate::auth::{permissions, CurrentUser};
use crate::components::browser_only::BrowserOnly;
use crate::components::{ErrorNotice, Loading};
use leptos::prelude::*;
use leptos_router::hooks::use_location;

/// The signed-in user, loaded once per page load and shared through context.
#[derive(Clone, Copy)]
pub struct MeResource(pub Resource<Result<Option<Me>, crate::error::AppError>>);

pub fn provide_me() {
    let me = Resource::new(|| (), |_| whoami());
    provide_context(MeResource(me));
}

fn nav_links(user: &CurrentUser) -> Vec<(&'static str, &'static str)> {
    let mut links = Vec::new();
    if user.has_any(permissions::BOARD) {
        links.push(("/board", "Доска случаев"));
    }
    if user.has_any(permissions::PLAN_ACTIVITIES) {
        links.push(("/my-activities", "Мои мероприятия"));
    }
    if user.has_any(permissions::CONSILIUM) {
        links.push(("/consilium", "Консилиум"));
    }
    if user.has_any(permissions::VISITS) {
        links.push(("/visits", "Выезды"));
    }
    if user.has_any(permissions::ELDERS) {
        links.push(("/elders", "Реестр 55+"));
    }
    if user.has_any(permissions::JOURNAL_READ) {
        links.push(("/journal", "Журнал обращений"));
    }
    if user.has_any(permissions::URGENT) {
        links.push(("/urgent", "Срочные службы"));
    }
    if user.has_any(permissions::APPLICATIONS_READ) {
        links.push(("/applications", "Заявления"));
    }
    if user.has_any(permissions::CASE_CREATE) {
        links.push(("/cases/new", "Новый случай"));
    }
    // The head reaches the dashboard by «Опора» (her start page) and the reports from it; her
    // row of sections is long enough already.
    if user.has_any(permissions::REPORTS) && !user.has_any(permissions::SUPERVISE) {
        links.push(("/reports", "Отчёты"));
    }
    if user.has_any(permissions::RESOURCES_READ) {
        links.push(("/resources", "Карта ресурсов"));
    }
    if user.has_any(permissions::ROUTER_MAPS_READ) {
        links.push(("/router-maps", "Маршрутизаторы"));
    }
    if user.has_any(permissions::ADMINISTER) {
        links.push(("/admin/users", "Пользователи"));
        links.push(("/admin/calendar", "Календарь"));
    }
    if user.has_any(permissions::AUDIT_READ) {
        links.push(("/audit", "Аудит"));
    }
    links
}

#[cfg(feature = "hydrate")]
type Listeners = Vec<gloo_events::EventListener>;
#[cfg(feature = "hydrate")]
type Timer = gloo_timers::callback::Interval;
#[cfg(not(feature = "hydrate"))]
type Listeners = ();
#[cfg(not(feature = "hydrate"))]
type Timer = ();

/// Tracks whether the browser is online and shows a banner when it is not.
#[component]
fn ConnectionBanner() -> impl IntoView {
    let online = RwSignal::new(true);
    // A page the service worker served from the tablet: kept when it was last opened online.
    let kept_at = RwSignal::new(None::<String>);
    // The connection came back while such a page is open: it may be reloaded.
    let came_back = RwSignal::new(false);
    // The listeners end with the page's frame.
    let watchers = BrowserOnly::<Option<Listeners>>::new();
    Effect::new(move |_| {
        #[cfg(feature = "hydrate")]
        if let Some(window) = web_sys::window() {
            use gloo_events::EventListener;
            online.set(window.navigator().on_line());
            kept_at.set(super::offline::kept_at());
            watchers.update(|w| {
                *w = Some(vec![
                    EventListener::new(&window, "online", move |_| {
                        online.set(true);
                        came_back.set(true);
                    }),
                    EventListener::new(&window, "offline", move |_| online.set(false)),
                ])
            });
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (watchers, came_back);
    });
    view! {
        <Show when=move || !online.get() || kept_at.with(Option::is_some)>
            <div class="offline-banner" role="status" data-testid="offline-banner">
                {move || match (came_back.get(), kept_at.get()) {
                    (false, Some(at)) => {
                        format!(
                            "Нет связи — данные на {at}. Введённое в формах сохраняется на этом устройстве и уйдёт, когда связь появится.",
                        )
                    }
                    (true, Some(at)) => {
                        format!(
                            "Связь появилась. Страница открыта с планшета (данные на {at}) — обновите её, чтобы увидеть свежие.",
                        )
                    }
                    (_, None) => {
                        "Нет связи с сервером. Введённое в формах сохраняется на этом устройстве и не пропадёт."
                            .to_string()
                    }
                }}
            </div>
        </Show>
    }
}

/// Locks the screen after the idle timeout: the page goes to the login form, which brings the
/// user back here after signing in. The server ends the session on its side as well.
#[component]
fn IdleLock(idle_timeout_secs: u64) -> impl IntoView {
    // Each page has its own frame: its watchers end with it.
    let watchers = BrowserOnly::<Option<(Listeners, Timer)>>::new();
    Effect::new(move |_| {
        #[cfg(feature = "hydrate")]
        {
            use gloo_events::EventListener;
            use gloo_storage::{LocalStorage, Storage};
            use std::cell::Cell;
            use std::rc::Rc;
            let Some(window) = web_sys::window() else { return };
            // Activity is shared by the tabs of the site (one session): a board left open in
            // one tab does not lock the act being typed in another.
            const SHARED: &str = "opora:activity";
            let last = Rc::new(Cell::new(js_sys::Date::now()));
            let shared_at = Rc::new(Cell::new(0.0));
            let touch = {
                let last = last.clone();
                move || {
                    let now = js_sys::Date::now();
                    last.set(now);
                    if now - shared_at.get() >= 5_000.0 {
                        shared_at.set(now);
                        let _ = LocalStorage::set(SHARED, now);
                    }
                }
            };
            let listeners: Vec<EventListener> = ["pointerdown", "keydown", "input", "scroll"]
                .into_iter()
                .map(|event| {
                    let touch = touch.clone();
                    EventListener::new(&window, event, move |_| touch())
                })
                .collect();
            let limit_ms = idle_timeout_secs as f64 * 1000.0;
            // Activity the server has been told of: at most once a minute.
            let told = Rc::new(Cell::new(js_sys::Date::now()));
            let locking = Rc::new(Cell::new(false));
            let check = gloo_timers::callback::Interval::new(1_000, move || {
                let now = js_sys::Date::now();
                let elsewhere = LocalStorage::get::<f64>(SHARED).unwrap_or(0.0);
                if elsewhere > last.get() && elsewhere <= now {
                    last.set(elsewhere);
                }
                if now - last.get() >= limit_ms {
                    if locking.replace(true) {
                        return;
                    }
                    // The session ends on the server first, then the login page opens.
                    leptos::task::spawn_local(async move {
                        let _ = super::logout::lock_idle().await;
                        if let Some(window) = web_sys::window() {
                            let location = window.location();
                            let here = format!(
                                "{}{}",
                                location.pathname().unwrap_or_default(),
                                location.search().unwrap_or_default()
                            );
                            let _ = location.assign(&format!("/login?idle=1&next={}", crate::url::urlencode(&here)));
                        }
                    });
                } else if last.get() > told.get() && now - told.get() >= 60_000.0 {
                    told.set(now);
                    leptos::task::spawn_local(async move {
                        let _ = super::logout::still_here().await;
                    });
                }
            });
            watchers.update(|w| *w = Some((listeners, check)));
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (idle_timeout_secs, watchers);
    });
}

/// The frame of a working page. `children` is shown only to a signed-in user.
#[component]
pub fn AppShell(#[prop(into)] title: String, children: ChildrenFn) -> impl IntoView {
    let me = expect_context::<MeResource>().0;
    let location = use_location();
    let children = StoredValue::new(children);
    let title_for_head = title.clone();
    view! {
        <leptos_meta::Title text=format!("{title_for_head} — Опора") />
        <ConnectionBanner />
        <super::offline::NewVersionNotice />
        <Suspense fallback=|| {
            view! { <Loading /> }
        }>
            {move || Suspend::new(async move {
                match me.await {
                    Ok(Some(me)) => {
                        let user = me.user.clone();
                        crate::components::storage::set_owner(Some(&user.id));
                        let links = nav_links(&user);
                        let path = location.pathname.get_untracked();
                        // Drafts on this device are this user's from now on (`components::storage`).
                        view! {
                            <IdleLock idle_timeout_secs=me.idle_timeout_secs />
                            <header class="topbar">
                                <a class="brand" href="/">
                                    "Опора"
                                </a>
                                <nav class="mainnav" aria-label="Разделы">
                                    {links
                                        .into_iter()
                                        .map(|(href, label)| {
                                            let active = path.starts_with(href);
                                            view! {
                                                <a
                                                    href=href
                                                    class:active=active
                                                    aria-current=if active { Some("page") } else { None }
                                                >
                                                    {label}
                                                </a>
                                            }
                                        })
                                        .collect_view()}
                                </nav>
                                <div class="userbox">
                                    <a class="username" href="/password" title="Сменить пароль">
                                        {user.short_name()}
                                    </a>
                                    <LogoutButton />
                                </div>
                            </header>
                            <main class="page">{children.with_value(|c| c())}</main>
                        }
                            .into_any()
                    }
                    Ok(None) => view! { <ErrorNotice error=crate::error::AppError::Unauthorized /> }.into_any(),
                    Err(e) => view! { <ErrorNotice error=e /> }.into_any(),
                }
            })}
        </Suspense>
    }
}
