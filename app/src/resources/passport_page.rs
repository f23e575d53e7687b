//! `/resources/districts/<id>`: the district passport (паспорт социального участка): figures,
//! infrastructure, the partners and specialists of the district, the kinds of help no partner
//! gives there, and the six-monthly verification. Printable on A4.

use super::api::get_passport;
use super::passport_form::PassportEditor;
use super::types::*;
use crate::components::print::PrintButton;
use crate::components::{ErrorNotice, Loading};
use crate::shell::frame::AppShell;
use crate::time::format_naive_date;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

#[component]
pub fn PassportPage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").unwrap_or_default()));
    let passport = Resource::new(move || id.get(), get_passport);
    view! {
        <AppShell title="Паспорт участка">
            <a class="back no-print" href="/resources?tab=passports">
                "← Паспорта участков"
            </a>
            <Suspense fallback=|| {
                view! { <Loading label="Загрузка паспорта…" /> }
            }>
                {move || Suspend::new(async move {
                    match passport.await {
                        Ok(p) => view! { <PassportView passport=p /> }.into_any(),
                        Err(e) => view! { <ErrorNotice error=e /> }.into_any(),
                    }
                })}
            </Suspense>
        </AppShell>
    }
}

#[component]
fn PassportView(passport: Passport) -> impl IntoView {
    view! {
        <div class="page-head">
            <div>
                <h1>"Паспорт социального участка"</h1>
                <p class="lead">{passport.name.clone()}</p>
                <p class="muted">{passport.description.clone()}</p>
            </div>
            <div class="actions no-print">
                <a class="btn btn-secondary" href=format!("/resources?tab=map&district={}", passport.id)>
                    "На карте"
                </a>
                <PrintButton secondary=true />
            </div>
        </div>
        {if passport.overdue {
            view! {
                <div class="notice notice-error" role="alert" data-testid="passport-overdue">
                    <strong>"⚠ Паспорт просрочен. "</strong>
                    {match passport.verified_on {
                        Some(d) => {
                            format!(
                                "Последняя проверка {} — больше шести месяцев назад. Проверьте сведения и отметьте проверку.",
                                format_naive_date(d),
                            )
                        }
                        None => "Паспорт ещё ни разу не проверялся.".to_string(),
                    }}
                </div>
            }
                .into_any()
        } else {
            view! {
                <p class="notice notice-success" data-testid="passport-ok">
                    {format!(
                        "Проверен {}{}; следующая проверка до {}.",
                        passport.verified_on.map(format_naive_date).unwrap_or_default(),
                        passport.verified_by_name.clone().map(|n| format!(" ({n})")).unwrap_or_default(),
                        passport.due_on.map(format_naive_date).unwrap_or_default(),
                    )}
                </p>
            }
                .into_any()
        }}
        <PassportEditor passport=passport.clone() />
        <PassportPeople passport=passport />
    }
}

/// The district's partners, the kinds of help no partner gives there, and its specialists.
#[component]
fn PassportPeople(passport: Passport) -> impl IntoView {
    view! {
        <section class="card-block">
            <h2>{format!("Партнёры участка ({})", passport.partners.len())}</h2>
            <ul class="partner-list">
                {passport
                    .partners
                    .iter()
                    .map(|p| {
                        view! {
                            <li>
                                <span class="dot" style=format!("background:{}", p.kind.color())></span>
                                <a href=format!("/resources/partners/{}", p.id)>{p.name.clone()}</a>
                                <span class="muted">
                                    " — " {p.kind.label()} {p.districts.is_empty().then_some(", весь город")}
                                </span>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </section>
        <section class="card-block">
            <h2>"Виды помощи, которых на участке нет"</h2>
            {if passport.gaps.is_empty() {
                view! { <p>"Все виды помощи на участке есть."</p> }.into_any()
            } else {
                view! {
                    <ul class="chips-list" data-testid="passport-gaps">
                        {passport
                            .gaps
                            .iter()
                            .map(|k| view! { <li class="tag tag-danger">{k.label.clone()}</li> })
                            .collect_view()}
                    </ul>
                }
                    .into_any()
            }}
        </section>
        <section class="card-block">
            <h2>"Специалисты участка"</h2>
            {if passport.specialists.is_empty() {
                view! { <p class="empty">"Специалисты не назначены."</p> }.into_any()
            } else {
                view! {
                    <ul>
                        {passport
                            .specialists
                            .iter()
                            .map(|s| {
                                view! {
                                    <li>{s.full_name.clone()} <span class="muted">" — " {s.roles.clone()}</span></li>
                                }
                            })
                            .collect_view()}
                    </ul>
                }
                    .into_any()
            }}
        </section>
    }
}
