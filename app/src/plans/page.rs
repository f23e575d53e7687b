//! `/cases/<id>/route`: a СВО family from diagnostics to a support plan, in three tabs — the
//! diagnostic map of problems and resources, the route planner, and the plan (ИПСС) with the
//! activities' statuses, intermediate control and the conclusion. One «Сохранить» sends it all;
//! every change is kept on the device first, so nothing typed is lost to a reload or a lost
//! connection.

use super::api::*;
use super::planner::Planner;
use super::state::RouteState;
use super::types::*;
use crate::components::storage::{clear_draft, load_draft, save_draft};
use crate::components::{ErrorNotice, Loading};
use crate::error::{AppError, FieldErrors};
use crate::shell::frame::AppShell;
use crate::time::format_datetime;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use serde::{Deserialize, Serialize};

/// What the device keeps of a route between reloads.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct LocalRoute {
    base_version: i64,
    content: RouteContent,
}

fn draft_key(case_id: &str) -> String {
    format!("route-draft-{case_id}")
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tab {
    Diagnostic,
    Route,
    Plan,
}

#[derive(Debug, Clone, PartialEq)]
enum Sync {
    Clean,
    Local,
    Saving,
    Saved(String),
    Offline,
    Conflict(String),
    Failed(Vec<String>),
}

#[component]
pub fn RoutePage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").unwrap_or_default()));
    let details = Resource::new(move || id.get(), get_route);
    view! {
        <AppShell title="Маршрут и план сопровождения">
            <Suspense fallback=|| {
                view! { <Loading label="Загрузка маршрута…" /> }
            }>
                {move || Suspend::new(async move {
                    match details.await {
                        Ok(d) => view! { <RouteEditor details=d /> }.into_any(),
                        Err(e) => view! { <ErrorNotice error=e /> }.into_any(),
                    }
                })}
            </Suspense>
        </AppShell>
    }
}

#[component]
fn RouteEditor(details: RouteDetails) -> impl IntoView {
    let case_id = StoredValue::new(details.case_id.clone());
    let server = details.route.clone();
    let initial = server.as_ref().map(|r| r.content.clone()).unwrap_or_else(|| details.blank.clone());
    let content = RwSignal::new(initial.clone());
    let saved = RwSignal::new(server.as_ref().map(|r| r.content.clone()));
    let base_version = RwSignal::new(server.as_ref().map(|r| r.version).unwrap_or(0));
    let editable = details.can_edit && !details.maps.is_empty();
    let state = RouteState::new(content, &details, editable);
    let tab = RwSignal::new(Tab::Diagnostic);
    let sync = RwSignal::new(Sync::Clean);
    let restored = RwSignal::new(false);

    // A draft left on this device comes back (after hydration: the server renders its copy).
    Effect::new(move |first: Option<()>| {
        if first.is_none() {
            if let Some(local) = load_draft::<LocalRoute>(&draft_key(&case_id.get_value())) {
                if local.content != content.get_untracked() && editable {
                    // The draft answers the version it was begun from: a save after someone
                    // else's is a conflict to resolve, never a silent overwrite.
                    base_version.set(local.base_version);
                    content.set(local.content);
                    restored.set(true);
                    sync.set(Sync::Local);
                }
            }
        }
    });
    // Every change is kept on the device at once; what equals the server's copy needs no draft.
    Effect::new(move |previous: Option<RouteContent>| {
        let now = content.get();
        if saved.with_untracked(|s| s.as_ref() == Some(&now)) {
            clear_draft(&draft_key(&case_id.get_value()));
        } else if previous.as_ref().is_some_and(|p| *p != now) {
            save_draft(
                &draft_key(&case_id.get_value()),
                &LocalRoute { base_version: base_version.get_untracked(), content: now.clone() },
            );
            if !matches!(sync.get_untracked(), Sync::Saving) {
                sync.set(Sync::Local);
            }
        }
        now
    });

    let send = move |version: i64| {
        sync.set(Sync::Saving);
        let to_send = content.get_untracked();
        leptos::task::spawn_local(async move {
            match save_route(case_id.get_value(), version, to_send.clone()).await {
                Ok(route) => {
                    state.errors.set(FieldErrors::new());
                    base_version.set(route.version);
                    saved.set(Some(route.content.clone()));
                    if content.get_untracked() == to_send {
                        // The server's copy (its deadlines and names) is what the form shows now.
                        content.set(route.content);
                        clear_draft(&draft_key(&case_id.get_value()));
                        sync.set(Sync::Saved(format_datetime(route.updated_at)));
                    } else {
                        sync.set(Sync::Local);
                    }
                    restored.set(false);
                }
                Err(AppError::Network(_)) => sync.set(Sync::Offline),
                Err(e @ AppError::Conflict(_)) => sync.set(Sync::Conflict(e.to_string())),
                Err(e) => {
                    if let Some(errors) = e.field_errors() {
                        state.errors.set(errors.clone());
                    }
                    sync.set(Sync::Failed(e.messages()));
                }
            }
        });
    };
    let take_theirs = move |_| {
        leptos::task::spawn_local(async move {
            if let Ok(fresh) = get_route(case_id.get_value()).await {
                if let Some(route) = fresh.route {
                    base_version.set(route.version);
                    saved.set(Some(route.content.clone()));
                    content.set(route.content);
                    clear_draft(&draft_key(&case_id.get_value()));
                    sync.set(Sync::Clean);
                }
            }
        });
    };
    let overwrite = move |_| {
        leptos::task::spawn_local(async move {
            match get_route(case_id.get_value()).await {
                Ok(fresh) => send(fresh.route.map(|r| r.version).unwrap_or(0)),
                Err(_) => sync.set(Sync::Offline),
            }
        });
    };

    let d = details.clone();
    let header = view! {
        <div class="page-head">
            <div>
                <p class="muted">
                    <a href=format!("/cases/{}", d.case_id)>{format!("← Случай № {}", d.case_number)}</a>
                </p>
                <h1>{format!("Маршрут семьи: {}", d.case_title)}</h1>
                <p class="muted">
                    {[
                        Some(d.address.clone()),
                        d.district_name.clone(),
                        d.curator_name.clone().map(|c| format!("куратор {c}")),
                    ]
                        .into_iter()
                        .flatten()
                        .filter(|s| !s.is_empty())
                        .collect::<Vec<_>>()
                        .join(" · ")}
                </p>
            </div>
            <div class="actions">
                <a class="btn btn-secondary" href=format!("/cases/{}/plan/print", d.case_id)>
                    "Печать плана (А4)"
                </a>
            </div>
        </div>
    };
    if details.maps.is_empty() {
        return view! {
            {header}
            <p class="notice notice-warn">{NOT_SVO}</p>
        }
        .into_any();
    }
    let tab_button = move |t: Tab, label: &'static str| {
        view! {
            <button
                type="button"
                class="tab"
                role="tab"
                aria-selected=move || (tab.get() == t).to_string()
                aria-current=move || (tab.get() == t).then_some("page")
                on:click=move |_| tab.set(t)
            >
                {label}
            </button>
        }
    };
    view! {
        {header}
        <Show when=move || restored.get()>
            <p class="notice notice-info">
                "Восстановлены правки, которые ещё не отправлены на сервер."
            </p>
        </Show>
        <nav class="tabs" role="tablist" aria-label="Разделы маршрута">
            {tab_button(Tab::Diagnostic, "1. Диагностическая карта")}
            {tab_button(Tab::Route, "2. Маршрут")}
            {tab_button(Tab::Plan, "3. План (ИПСС)")}
        </nav>
        {move || match tab.get() {
            Tab::Diagnostic => view! { <DiagnosticTab state /> }.into_any(),
            Tab::Route => view! { <Planner state /> }.into_any(),
            Tab::Plan => view! { <PlanTab state /> }.into_any(),
        }}
        <Show when=move || editable>
            <div class="sticky-actions route-save">
                <button
                    class="btn btn-primary btn-large"
                    disabled=move || sync.get() == Sync::Saving
                    on:click=move |_| send(base_version.get_untracked())
                >
                    {move || if sync.get() == Sync::Saving { "Сохранение…" } else { "Сохранить" }}
                </button>
                <span class="route-sync" role="status">
                    {move || match sync.get() {
                        Sync::Clean => {
                            view! { <span class="muted">"Сохранено на сервере"</span> }.into_any()
                        }
                        Sync::Local => {
                            view! {
                                <span class="muted">
                                    "Не отправлено на сервер — правки сохранены на этом устройстве"
                                </span>
                            }
                                .into_any()
                        }
                        Sync::Saving => view! { <span class="muted">"Отправляем…"</span> }.into_any(),
                        Sync::Saved(at) => {
                            view! { <span class="ok">{format!("Сохранено на сервере {at}")}</span> }
                                .into_any()
                        }
                        Sync::Offline => {
                            view! {
                                <span class="warn">
                                    "Нет связи — правки сохранены на этом устройстве. Нажмите «Сохранить», когда связь вернётся."
                                </span>
                            }
                                .into_any()
                        }
                        Sync::Conflict(message) => {
                            view! {
                                <span class="warn">{message}</span>
                                <button class="btn btn-small btn-secondary" on:click=overwrite>
                                    "Сохранить мои правки поверх"
                                </button>
                                <button class="btn btn-small btn-ghost" on:click=take_theirs>
                                    "Взять версию с сервера"
                                </button>
                            }
                                .into_any()
                        }
                        Sync::Failed(list) => {
                            view! { <span class="error">"Не сохранено: " {list.join("; ")}</span> }
                                .into_any()
                        }
                    }}
                </span>
            </div>
        </Show>
    }
    .into_any()
}

/// Tab 1: which situations of the maps apply to whom, and the family's own resources.
#[component]
fn DiagnosticTab(state: RouteState) -> impl IntoView {
    let details = state.details.get_value();
    let first_member = StoredValue::new(details.members.first().cloned());
    let mut members = details.members.clone();
    members.push(WHOLE_FAMILY.to_string());
    let members = StoredValue::new(members);
    let editable = state.editable;
    let resource_field = move |field: &'static str, label: &'static str, hint: &'static str| {
        let get = move |c: &RouteContent| match field {
            "personal_resources" => c.diagnostic.personal_resources.clone(),
            "family_resources" => c.diagnostic.family_resources.clone(),
            "social_resources" => c.diagnostic.social_resources.clone(),
            _ => c.diagnostic.material_resources.clone(),
        };
        view! {
            <label class="field">
                <span>{label}</span>
                <textarea
                    rows="3"
                    name=field
                    placeholder=hint
                    disabled=!editable
                    prop:value=move || state.content.with(get)
                    on:input=move |ev| {
                        let v = event_target_value(&ev);
                        state
                            .edit(|c| match field {
                                "personal_resources" => c.diagnostic.personal_resources = v,
                                "family_resources" => c.diagnostic.family_resources = v,
                                "social_resources" => c.diagnostic.social_resources = v,
                                _ => c.diagnostic.material_resources = v,
                            })
                    }
                ></textarea>
                <p class="field-error">{move || state.errors.with(|e| e.get(field).map(str::to_string))}</p>
            </label>
        }
    };
    view! {
        <section class="card diagnostic" aria-label="Проблемы семьи">
            <h2>"Проблемы: трудные жизненные ситуации"</h2>
            <p class="muted">
                "Отметьте ситуации, которые есть в семье, укажите, кого они касаются, и что известно."
            </p>
            {details
                .maps
                .iter()
                .map(|map| {
                    let code = map.code.clone();
                    view! {
                        <h3>{map.content.title.clone()}</h3>
                        <div class="dg-list">
                            {map
                                .content
                                .situations
                                .iter()
                                .filter(|s| !s.archived)
                                .map(|s| {
                                    let code = StoredValue::new(code.clone());
                                    let sid = StoredValue::new(s.id.clone());
                                    let title = StoredValue::new(s.title.clone());
                                    let finding = Memo::new(move |_| {
                                        state
                                            .content
                                            .with(|c| {
                                                c.diagnostic.finding(&code.get_value(), &sid.get_value()).cloned()
                                            })
                                    });
                                    let toggle = move |ev: leptos::ev::Event| {
                                        let on = event_target_checked(&ev);
                                        state
                                            .edit(|c| {
                                                let f = &mut c.diagnostic.findings;
                                                f.retain(|x| {
                                                    !(x.map == code.get_value() && x.situation == sid.get_value())
                                                });
                                                if on {
                                                    f.push(Finding {
                                                        map: code.get_value(),
                                                        situation: sid.get_value(),
                                                        title: title.get_value(),
                                                        member: if code.get_value() == "participant" {
                                                            first_member
                                                                .get_value()
                                                                .unwrap_or_else(|| WHOLE_FAMILY.into())
                                                        } else {
                                                            WHOLE_FAMILY.into()
                                                        },
                                                        note: String::new(),
                                                    });
                                                }
                                            })
                                    };
                                    let set = move |f: Box<dyn FnOnce(&mut Finding)>| {
                                        state
                                            .edit(|c| {
                                                if let Some(x) = c
                                                    .diagnostic
                                                    .findings
                                                    .iter_mut()
                                                    .find(|x| {
                                                        x.map == code.get_value() && x.situation == sid.get_value()
                                                    })
                                                {
                                                    f(x);
                                                }
                                            })
                                    };
                                    // The participant's map is about the participant (the
                                    // applicant); the family's about the family.
                                    view! {
                                        <div
                                            class="dg-row"
                                            class:found=move || finding.with(Option::is_some)
                                            data-situation=s.id.clone()
                                        >
                                            <label class="chip dg-check">
                                                <input
                                                    type="checkbox"
                                                    disabled=!editable
                                                    prop:checked=move || finding.with(Option::is_some)
                                                    on:change=toggle
                                                />
                                                <span>{s.title.clone()}</span>
                                            </label>
                                            <p class="muted dg-description">{s.description.clone()}</p>
                                            <Show when=move || finding.with(Option::is_some)>
                                                <div class="form-row">
                                                    <label class="field">
                                                        <span>"Кого касается"</span>
                                                        <select
                                                            name="member"
                                                            disabled=!editable
                                                            on:change=move |ev| {
                                                                let v = event_target_value(&ev);
                                                                set(Box::new(move |x| x.member = v))
                                                            }
                                                        >
                                                            {members
                                                                .get_value()
                                                                .into_iter()
                                                                .map(|m| {
                                                                    let value = m.clone();
                                                                    let label = m.clone();
                                                                    view! {
                                                                        <option
                                                                            value=m
                                                                            selected=move || {
                                                                                finding
                                                                                    .with(|f| f.as_ref().is_some_and(|f| f.member == value))
                                                                            }
                                                                        >
                                                                            {label}
                                                                        </option>
                                                                    }
                                                                })
                                                                .collect_view()}
                                                        </select>
                                                    </label>
                                                    <label class="field grow">
                                                        <span>"Что известно"</span>
                                                        <input
                                                            type="text"
                                                            name="note"
                                                            disabled=!editable
                                                            prop:value=move || {
                                                                finding
                                                                    .with(|f| {
                                                                        f.as_ref().map(|f| f.note.clone()).unwrap_or_default()
                                                                    })
                                                            }
                                                            on:input=move |ev| {
                                                                let v = event_target_value(&ev);
                                                                set(Box::new(move |x| x.note = v))
                                                            }
                                                        />
                                                    </label>
                                                </div>
                                            </Show>
                                        </div>
                                    }
                                })
                                .collect_view()}
                        </div>
                    }
                })
                .collect_view()}
        </section>
        <section class="card" aria-label="Ресурсы семьи">
            <h2>"Ресурсы: на что семья может опереться"</h2>
            {resource_field(
                "personal_resources",
                "Личные ресурсы",
                "здоровье, мотивация, навыки, образование",
            )}
            {resource_field(
                "family_resources",
                "Семейные ресурсы",
                "поддержка супруги, родителей, родственников",
            )}
            {resource_field(
                "social_resources",
                "Социальные ресурсы",
                "сослуживцы, соседи, община, работа, клубы",
            )}
            {resource_field(
                "material_resources",
                "Материальные ресурсы",
                "доходы, выплаты, жильё, транспорт, хозяйство",
            )}
            <label class="field field-date">
                <span>"Дата заполнения"</span>
                <input
                    type="date"
                    name="filled_on"
                    disabled=!editable
                    prop:value=move || state.content.with(|c| c.diagnostic.filled_on.clone())
                    on:change=move |ev| {
                        let v = event_target_value(&ev);
                        state.edit(|c| c.diagnostic.filled_on = v)
                    }
                />
            </label>
        </section>
    }
}

/// Tab 3: the support plan — its head, each activity's status and result, intermediate
/// control and the conclusion.
#[component]
fn PlanTab(state: RouteState) -> impl IntoView {
    let details = state.details.get_value();
    let editable = state.editable;
    let err = move |field: &'static str| move || state.errors.with(|e| e.get(field).map(str::to_string));
    let text = move |field: &'static str, label: &'static str, get: fn(&Plan) -> String, put: fn(&mut Plan, String)| {
        view! {
            <label class="field">
                <span>{label}</span>
                <textarea
                    rows="3"
                    name=field
                    disabled=!editable
                    prop:value=move || state.content.with(|c| get(&c.plan))
                    on:input=move |ev| {
                        let v = event_target_value(&ev);
                        state.edit(|c| put(&mut c.plan, v))
                    }
                ></textarea>
                <p class="field-error">{err(field)}</p>
            </label>
        }
    };
    let control_on = RwSignal::new(crate::time::local_today(chrono::Utc::now()).format("%Y-%m-%d").to_string());
    let control_text = RwSignal::new(String::new());
    let me = expect_context::<crate::shell::frame::MeResource>().0;
    let add_control = move |_| {
        let text = control_text.get_untracked().trim().to_string();
        if text.is_empty() {
            return;
        }
        let by = me.get_untracked().and_then(|r| r.ok()).flatten().map(|m| m.user.full_name).unwrap_or_default();
        state.edit(|c| c.plan.controls.push(Control { on: control_on.get_untracked(), text, by }));
        control_text.set(String::new());
    };
    view! {
        <section class="card" aria-label="План сопровождения">
            <h2>"Индивидуальный план сопровождения семьи (ИПСС)"</h2>
            <fieldset class="field">
                <legend>"Члены семьи, включённые в план"</legend>
                <div class="chips">
                    {details
                        .members
                        .iter()
                        .map(|m| {
                            let name = StoredValue::new(m.clone());
                            view! {
                                <label class="chip">
                                    <input
                                        type="checkbox"
                                        disabled=!editable
                                        prop:checked=move || {
                                            state.content.with(|c| c.plan.members.contains(&name.get_value()))
                                        }
                                        on:change=move |ev| {
                                            let on = event_target_checked(&ev);
                                            state
                                                .edit(|c| {
                                                    c.plan.members.retain(|x| *x != name.get_value());
                                                    if on {
                                                        c.plan.members.push(name.get_value())
                                                    }
                                                })
                                        }
                                    />
                                    {m.clone()}
                                </label>
                            }
                        })
                        .collect_view()}
                </div>
            </fieldset>
            <div class="form-row">
                <label class="field">
                    <span>"Начало"</span>
                    <input
                        type="date"
                        name="start_on"
                        disabled=!editable
                        prop:value=move || state.content.with(|c| c.plan.start_on.clone())
                        on:change=move |ev| {
                            let v = event_target_value(&ev);
                            state.edit(|c| c.plan.start_on = v)
                        }
                    />
                    <p class="field-error">{err("start_on")}</p>
                </label>
                <label class="field">
                    <span>"Срок плана до"</span>
                    <input
                        type="date"
                        name="term_until"
                        disabled=!editable
                        prop:value=move || state.content.with(|c| c.plan.term_until.clone())
                        on:change=move |ev| {
                            let v = event_target_value(&ev);
                            state.edit(|c| c.plan.term_until = v)
                        }
                    />
                    <p class="field-error">{err("term_until")}</p>
                </label>
                <label class="field">
                    <span>"Уровень сопровождения"</span>
                    <select
                        name="support_level"
                        disabled=!editable
                        on:change=move |ev| {
                            let v = event_target_value(&ev);
                            state.edit(|c| c.plan.support_level = v)
                        }
                    >
                        {crate::acts::types::SUPPORT_LEVELS
                            .iter()
                            .map(|(code, label)| {
                                view! {
                                    <option
                                        value=*code
                                        selected=move || state.content.with(|c| c.plan.support_level == *code)
                                    >
                                        {*label}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                </label>
            </div>
            {text(
                "reason",
                "Причина обращения, обстоятельства",
                |p| p.reason.clone(),
                |p, v| p.reason = v,
            )}
        </section>
        <section class="card" aria-label="Мероприятия">
            <h2>"Мероприятия и их выполнение"</h2>
            <Show when=move || state.content.with(|c| c.plan.activities.is_empty())>
                <p class="muted">
                    "Мероприятий пока нет: добавьте шаги на вкладке «Маршрут»."
                </p>
            </Show>
            <ol class="plan-activities">
                <For
                    each=move || {
                        state.content.with(|c| c.plan.activities.iter().map(|a| a.key.clone()).collect::<Vec<_>>())
                    }
                    key=|k| k.clone()
                    children=move |key: String| view! { <PlanActivity key=key state /> }
                />
            </ol>
        </section>
        <section class="card" aria-label="Промежуточный контроль">
            <h2>"Промежуточный контроль"</h2>
            <ul class="controls">
                {move || {
                    state
                        .content
                        .with(|c| {
                            c.plan
                                .controls
                                .iter()
                                .map(|k| {
                                    view! {
                                        <li>
                                            <strong>
                                                {crate::time::parse_date(&k.on)
                                                    .map(crate::time::format_naive_date)
                                                    .unwrap_or_else(|| k.on.clone())}
                                            </strong>
                                            " — "
                                            {k.text.clone()}
                                            <span class="muted">{format!(" ({})", k.by)}</span>
                                        </li>
                                    }
                                })
                                .collect_view()
                        })
                }}
            </ul>
            <Show when=move || editable>
                <div class="form-row">
                    <label class="field">
                        <span>"Дата"</span>
                        <input
                            type="date"
                            name="control_on"
                            prop:value=move || control_on.get()
                            on:change=move |ev| control_on.set(event_target_value(&ev))
                        />
                    </label>
                    <label class="field grow">
                        <span>"Что проверено, результат"</span>
                        <input
                            type="text"
                            name="control_text"
                            prop:value=move || control_text.get()
                            on:input=move |ev| control_text.set(event_target_value(&ev))
                        />
                    </label>
                    <button type="button" class="btn btn-secondary align-end" on:click=add_control>
                        "Добавить запись"
                    </button>
                </div>
            </Show>
        </section>
        <section class="card" aria-label="Заключение">
            <h2>"Заключение о выполнении / продолжении сопровождения"</h2>
            <label class="field">
                <span>"Итог"</span>
                <select
                    name="outcome"
                    disabled=!editable
                    on:change=move |ev| {
                        let v = event_target_value(&ev);
                        state.edit(|c| c.plan.outcome = v)
                    }
                >
                    <option value="" selected=move || state.content.with(|c| c.plan.outcome.is_empty())>
                        "— план выполняется —"
                    </option>
                    {Outcome::ALL
                        .iter()
                        .map(|o| {
                            view! {
                                <option
                                    value=o.code()
                                    selected=move || state.content.with(|c| c.plan.outcome == o.code())
                                >
                                    {o.label()}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </label>
            {text("conclusion", "Заключение", |p| p.conclusion.clone(), |p, v| p.conclusion = v)}
            {text(
                "recommendations",
                "Рекомендации семье",
                |p| p.recommendations.clone(),
                |p, v| p.recommendations = v,
            )}
        </section>
    }
}

#[component]
fn PlanActivity(key: String, state: RouteState) -> impl IntoView {
    let key = StoredValue::new(key);
    let (index, activity) = state.activity(key);
    let update = move |f: Box<dyn FnOnce(&mut Activity)>| state.edit_activity(key, f);
    let editable = state.editable;
    let error = move || {
        index.get().and_then(|i| state.errors.with(|e| e.get(&format!("activities.{i}.result")).map(str::to_string)))
    };
    view! {
        <li class="plan-activity" data-key=key.get_value() data-status=move || activity.with(|a| a.status.code())>
            <div class="plan-activity-head">
                <strong>{move || activity.with(|a| a.title.clone())}</strong>
                <span class="muted">
                    {move || {
                        activity
                            .with(|a| {
                                format!(
                                    "Задача: {} · срок {} · {} · отв. {}",
                                    a.situation,
                                    crate::time::parse_date(&a.deadline)
                                        .map(crate::time::format_naive_date)
                                        .unwrap_or_default(),
                                    if a.partner_name.is_empty() {
                                        "место не выбрано".to_string()
                                    } else {
                                        a.partner_name.clone()
                                    },
                                    if a.responsible_name.is_empty() {
                                        "не назначен".to_string()
                                    } else {
                                        a.responsible_name.clone()
                                    },
                                )
                            })
                    }}
                </span>
            </div>
            <div class="form-row">
                <label class="field">
                    <span>"Статус"</span>
                    <select
                        name="status"
                        disabled=!editable
                        on:change=move |ev| {
                            let v = event_target_value(&ev);
                            if let Some(s) = ActivityStatus::from_code(&v) {
                                update(Box::new(move |a| a.status = s))
                            }
                        }
                    >
                        {ActivityStatus::ALL
                            .iter()
                            .map(|s| {
                                view! {
                                    <option value=s.code() selected=move || activity.with(|a| a.status == *s)>
                                        {s.label()}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                </label>
                <label class="field grow">
                    <span>"Результат"</span>
                    <input
                        type="text"
                        name="result"
                        disabled=!editable
                        prop:value=move || activity.with(|a| a.result.clone())
                        on:input=move |ev| {
                            let v = event_target_value(&ev);
                            update(Box::new(move |a| a.result = v))
                        }
                    />
                    <p class="field-error">{error}</p>
                </label>
            </div>
        </li>
    }
}
