//! The start page. A caseworker of «дворовый» districts lands on her day: the month's contacts
//! with every person 55+ of her districts («в этом месяце: 212 из 340») one tap from the list of
//! those not yet reached, what of hers is late or due this week (her cases' clocks, her plan
//! activities, the inter-agency requests she sees), the parts of the system she works in, and her
//! charts. The head of department lands on the department's dashboard; everyone else is sent to
//! the part their role works in.

use crate::auth::{permissions, CurrentUser};
use crate::components::{AfterHydration, ErrorNotice, Loading};
use crate::dashboard::api::load_my_dashboard;
use crate::dashboard::page::{AttentionList, ChartCard};
use crate::elders::api::month_counter;
use crate::elders::widgets::MonthCounter;
use crate::shell::frame::{AppShell, MeResource};
use crate::urgent::UrgentDeadlines;
use leptos::prelude::*;
use leptos_router::components::Redirect;

/// Where the start page sends a user who has no page of her own; none: the caseworker's page.
pub fn landing(user: &CurrentUser) -> Option<&'static str> {
    if user.has_any(permissions::ELDERS) && !user.has_any(permissions::SUPERVISE) {
        None
    } else if user.has_any(permissions::SUPERVISE) {
        Some("/dashboard")
    } else if user.has_any(permissions::BOARD) {
        Some("/board")
    } else if user.has_any(permissions::JOURNAL_READ) {
        Some("/journal")
    } else if user.has_any(permissions::ADMINISTER) {
        Some("/admin/users")
    } else {
        Some("/password")
    }
}

/// «Ольга Викторовна» from «Ткаченко Ольга Викторовна»; the whole name when it has fewer words.
fn addressed_as(full_name: &str) -> String {
    let words: Vec<&str> = full_name.split_whitespace().collect();
    if words.len() >= 3 {
        words[1..].join(" ")
    } else {
        full_name.to_string()
    }
}

#[component]
pub fn Home() -> impl IntoView {
    let me = expect_context::<MeResource>().0;
    view! {
        <Suspense fallback=|| {
            view! { <Loading /> }
        }>
            {move || Suspend::new(async move {
                match me.await {
                    Ok(Some(me)) => {
                        match landing(&me.user) {
                            Some(target) => view! { <Redirect path=target /> }.into_any(),
                            None => view! { <CaseworkerHome user=me.user /> }.into_any(),
                        }
                    }
                    _ => view! { <Redirect path="/login" /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// The caseworker's day: the month's contacts and the parts of her work.
#[component]
fn CaseworkerHome(user: CurrentUser) -> impl IntoView {
    let figures = Resource::new(|| (), |_| month_counter());
    let mine = Resource::new(|| (), |_| load_my_dashboard());
    let greeting = format!("Здравствуйте, {}", addressed_as(&user.full_name));
    let tiles: Vec<(&'static str, &'static str, &'static str)> = [
        (permissions::ELDERS, "/elders/walk", "Поквартирный обход", "улицы и дома участка, жильцы по квартирам"),
        (permissions::ELDERS, "/elders/needs", "Потребности в работе", "выявлено при контактах и ещё не решено"),
        (permissions::BOARD, "/board", "Доска случаев", "случаи сопровождения и сроки"),
        (permissions::VISITS, "/visits", "Выезды", "выезды и акты обследования"),
        (permissions::URGENT, "/urgent", "Срочные службы", "пункт проката ТСР, межведомственные запросы"),
        (permissions::PLAN_ACTIVITIES, "/my-activities", "Мои мероприятия", "мероприятия планов сопровождения"),
        (permissions::ELDERS, "/elders", "Реестр 55+", "граждане участков, карточки и контакты"),
        (
            permissions::ELDERS,
            "/elders/events",
            "Мероприятия 55+",
            "календарь, группы по интересам, школы безопасности",
        ),
    ]
    .into_iter()
    .filter(|(allowed, ..)| user.has_any(allowed))
    .map(|(_, href, title, text)| (href, title, text))
    .collect();
    view! {
        <AppShell title="Главная">
            <div class="page-head">
                <div>
                    <h1>{greeting.clone()}</h1>
                    <p class="muted">
                        "«Дворовый» социальный менеджмент: с каждым человеком участка — не реже раза в месяц."
                    </p>
                </div>
                <div class="actions">
                    <a class="btn btn-primary btn-large" href="/elders/round">
                        "Кому ещё не звонили"
                    </a>
                </div>
            </div>
            <Suspense fallback=|| {
                view! { <Loading label="Подсчёт контактов месяца…" /> }
            }>
                {move || Suspend::new(async move {
                    match figures.await {
                        Ok(f) => view! { <MonthCounter tallies=f.tallies month=f.month /> }.into_any(),
                        Err(e) => view! { <ErrorNotice error=e /> }.into_any(),
                    }
                })}
            </Suspense>
            <AfterHydration quiet=true>
                <UrgentDeadlines inquiries=false />
            </AfterHydration>
            <Suspense fallback=|| {
                view! { <Loading label="Что требует внимания…" /> }
            }>
                {move || Suspend::new(async move {
                    match mine.await {
                        Ok(d) => {
                            view! {
                                <div data-testid="my-dashboard">
                                    <AttentionList attention=d.attention />
                                </div>
                            }
                                .into_any()
                        }
                        Err(e) => view! { <ErrorNotice error=e /> }.into_any(),
                    }
                })}
            </Suspense>
            <nav class="home-tiles" aria-label="Разделы работы">
                {tiles
                    .iter()
                    .map(|&(href, title, text)| {
                        view! {
                            <a class="home-tile card" href=href>
                                <strong>{title}</strong>
                                <span class="muted">{text}</span>
                            </a>
                        }
                    })
                    .collect_view()}
            </nav>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    mine.await
                        .ok()
                        .map(|d| {
                            view! {
                                <div class="chart-grid">
                                    {d.charts.into_iter().map(|c| view! { <ChartCard chart=c /> }).collect_view()}
                                </div>
                            }
                        })
                })}
            </Suspense>
        </AppShell>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::Role;

    fn user(roles: Vec<Role>) -> CurrentUser {
        CurrentUser {
            id: "u".into(),
            login: "u".into(),
            full_name: "Петрова Анна Сергеевна".into(),
            roles,
            districts: vec!["d1".into()],
            must_change_password: false,
        }
    }

    #[test]
    fn a_caseworker_has_her_own_start_page_and_others_go_where_their_role_works() {
        assert_eq!(landing(&user(vec![Role::Caseworker])), None);
        assert_eq!(landing(&user(vec![Role::Supervisor])), Some("/dashboard"));
        assert_eq!(landing(&user(vec![Role::Psychologist])), Some("/board"));
        assert_eq!(landing(&user(vec![Role::Dispatcher])), Some("/journal"));
        assert_eq!(landing(&user(vec![])), Some("/password"));
        assert_eq!(addressed_as("Петрова Анна Сергеевна"), "Анна Сергеевна");
    }
}
