//! `/cases/<id>/act`: the inspection act on a tablet, one column, large touch targets. Every
//! change is kept on the device at once; «Сохранить» sends the act, or queues it while there is
//! no connection and sends it by itself when the connection returns. When the server's copy
//! changed meanwhile, the caseworker chooses field by field. `/cases/<id>/act/print`: the A4 form.

use super::api::*;
use super::types::*;
use crate::cases::types::Category;
use crate::components::storage::{load_draft, save_draft};
use crate::components::{ErrorNotice, Loading};
use crate::error::{AppError, FieldErrors};
use crate::shell::frame::AppShell;
use crate::time::format_datetime;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// What the tablet keeps of an act between reloads, crashes and sign-ins.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct LocalAct {
    /// The server's version this draft was begun from (0: a new act).
    base_version: i64,
    content: ActContent,
    /// «Сохранить» was pressed and the act has not reached the server yet.
    pending: bool,
}

fn draft_key(case_id: &str) -> String {
    format!("act-draft-{case_id}")
}

/// Where the act stands between the tablet and the server.
#[derive(Debug, Clone, PartialEq)]
enum Sync {
    /// Same as on the server.
    Clean,
    /// Changed on the tablet, not sent yet.
    Local,
    /// Queued: sent by itself when the connection returns.
    Pending,
    Sending,
    Sent(String),
    /// The server's copy changed meanwhile: choose field by field.
    Conflict(Box<Act>, String),
    Failed(String),
}

fn get_text(content: &ActContent, field: &str) -> String {
    match serde_json::to_value(content).ok().and_then(|v| v.get(field).cloned()) {
        Some(Value::String(s)) => s,
        _ => String::new(),
    }
}

fn get_list(content: &ActContent, field: &str) -> Vec<String> {
    match serde_json::to_value(content).ok().and_then(|v| v.get(field).cloned()) {
        Some(Value::Array(items)) => items.into_iter().filter_map(|i| i.as_str().map(str::to_string)).collect(),
        _ => Vec::new(),
    }
}

fn set_value(content: &mut ActContent, field: &str, value: Value) {
    if let Ok(Value::Object(mut map)) = serde_json::to_value(&*content) {
        map.insert(field.to_string(), value);
        if let Ok(updated) = serde_json::from_value(Value::Object(map)) {
            *content = updated;
        }
    }
}

#[component]
pub fn ActPage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").unwrap_or_default()));
    let details = Resource::new(move || id.get(), get_act);
    view! {
        <AppShell title="Акт обследования">
            <Suspense fallback=|| {
                view! { <Loading label="Загрузка акта…" /> }
            }>
                {move || Suspend::new(async move {
                    match details.await {
                        Ok(d) => view! { <ActEditor details=d /> }.into_any(),
                        Err(e) => view! { <ErrorNotice error=e /> }.into_any(),
                    }
                })}
            </Suspense>
        </AppShell>
    }
}

#[component]
fn ActEditor(details: ActDetails) -> impl IntoView {
    let case_id = StoredValue::new(details.case_id.clone());
    let server = details.act.clone();
    let content = RwSignal::new(server.as_ref().map(|a| a.content.clone()).unwrap_or_else(|| details.blank.clone()));
    let saved_content = RwSignal::new(server.as_ref().map(|a| a.content.clone()));
    let base_version = RwSignal::new(server.as_ref().map(|a| a.version).unwrap_or(0));
    let status = RwSignal::new(server.as_ref().map(|a| a.status).unwrap_or(ActStatus::Draft));
    let signed_by = RwSignal::new(server.as_ref().and_then(|a| a.signed_by_name.clone()));
    let sync = RwSignal::new(Sync::Clean);
    let errors = RwSignal::new(FieldErrors::new());
    let message = RwSignal::new(None::<String>);
    let restored = RwSignal::new(false);
    let editable = details.can_edit;

    // Sends the act; a lost connection queues it, a newer server copy asks for a choice.
    let send = move || {
        if matches!(sync.get_untracked(), Sync::Sending) {
            return;
        }
        sync.set(Sync::Sending);
        let to_send = content.get_untracked();
        let version = base_version.get_untracked();
        leptos::task::spawn_local(async move {
            match save_act(case_id.get_value(), version, to_send.clone()).await {
                Ok(act) => {
                    base_version.set(act.version);
                    saved_content.set(Some(act.content.clone()));
                    errors.set(FieldErrors::new());
                    save_draft(
                        &draft_key(&case_id.get_value()),
                        &LocalAct { base_version: act.version, content: content.get_untracked(), pending: false },
                    );
                    let still_changed = content.get_untracked() != act.content;
                    sync.set(if still_changed { Sync::Local } else { Sync::Sent(format_datetime(act.updated_at)) });
                }
                Err(AppError::Network(_)) => {
                    save_draft(
                        &draft_key(&case_id.get_value()),
                        &LocalAct { base_version: version, content: to_send, pending: true },
                    );
                    sync.set(Sync::Pending);
                }
                Err(e @ AppError::Conflict(_)) => match get_act(case_id.get_value()).await {
                    Ok(ActDetails { act: Some(theirs), .. }) if theirs.status == ActStatus::Draft => {
                        sync.set(Sync::Conflict(Box::new(theirs), e.to_string()))
                    }
                    Ok(ActDetails { act: Some(theirs), .. }) => {
                        status.set(theirs.status);
                        signed_by.set(theirs.signed_by_name.clone());
                        sync.set(Sync::Failed(e.to_string()));
                    }
                    _ => sync.set(Sync::Failed(e.to_string())),
                },
                Err(e) => {
                    errors.set(e.field_errors().cloned().unwrap_or_default());
                    sync.set(Sync::Failed(e.to_string()));
                }
            }
        });
    };

    // The draft on the device: restored once, then written at every change.
    Effect::new(move |first: Option<()>| {
        let current = content.get();
        let key = draft_key(&case_id.get_value());
        if first.is_none() {
            if let Some(local) = load_draft::<LocalAct>(&key) {
                let differs = saved_content.get_untracked().as_ref() != Some(&local.content);
                if differs && status.get_untracked() == ActStatus::Draft {
                    base_version.set(local.base_version);
                    content.set(local.content);
                    restored.set(true);
                    sync.set(if local.pending { Sync::Pending } else { Sync::Local });
                    if local.pending {
                        send();
                    }
                }
            }
            return;
        }
        if status.get_untracked() != ActStatus::Draft {
            return;
        }
        let pending = matches!(sync.get_untracked(), Sync::Pending);
        save_draft(&key, &LocalAct { base_version: base_version.get_untracked(), content: current.clone(), pending });
        if saved_content.get_untracked().as_ref() != Some(&current)
            && matches!(sync.get_untracked(), Sync::Clean | Sync::Sent(_))
        {
            sync.set(Sync::Local);
        }
    });

    // A queued act goes as soon as the connection is back (and is retried every few seconds).
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| {
        use wasm_bindgen::closure::Closure;
        use wasm_bindgen::JsCast;
        let Some(window) = web_sys::window() else { return };
        let retry = Closure::<dyn Fn()>::new(move || {
            let online = web_sys::window().map(|w| w.navigator().on_line()).unwrap_or(true);
            if online && matches!(sync.get_untracked(), Sync::Pending) {
                send();
            }
        });
        let _ = window.add_event_listener_with_callback("online", retry.as_ref().unchecked_ref());
        let _ = window.set_interval_with_callback_and_timeout_and_arguments_0(retry.as_ref().unchecked_ref(), 5000);
        retry.forget();
    });

    let sign = move || {
        let version = base_version.get_untracked();
        leptos::task::spawn_local(async move {
            match sign_act(case_id.get_value(), version).await {
                Ok(signed) => {
                    status.set(ActStatus::Signed);
                    signed_by.set(signed.act.signed_by_name.clone());
                    base_version.set(signed.act.version);
                    errors.set(FieldErrors::new());
                    crate::components::storage::clear_draft(&draft_key(&case_id.get_value()));
                    message.set(Some(match signed.moved_to {
                        Some(stage) => format!("Акт подписан. Случай перешёл на этап «{stage}»."),
                        None => "Акт подписан.".into(),
                    }));
                }
                Err(e) => {
                    errors.set(e.field_errors().cloned().unwrap_or_default());
                    message.set(Some(match &e {
                        AppError::Validation(_) => "Акт не подписан: заполните выделенные поля.".into(),
                        other => other.to_string(),
                    }));
                }
            }
        });
    };

    let locked = move || status.get() == ActStatus::Signed || !editable;
    let photos = RwSignal::new(details.photos.clone());
    let case_href = format!("/cases/{}", details.case_id);
    let print_href = format!("/cases/{}/act/print", details.case_id);
    view! {
        <div class="act-page">
            <a class="back" href=case_href>
                "← Случай № "
                {details.case_number.clone()}
            </a>
            <h1>"Акт обследования"</h1>
            <p class="lead">{details.case_title.clone()} {details.district_name.clone().map(|d| format!(" · {d}"))}</p>
            <div class="act-status" role="status" aria-live="polite" data-testid="act-sync">
                {move || match sync.get() {
                    Sync::Clean => {
                        view! {
                            <span class="sync sync-ok">
                                {if base_version.get() == 0 {
                                    "Новый акт"
                                } else {
                                    "Сохранено на сервере"
                                }}
                            </span>
                        }
                            .into_any()
                    }
                    Sync::Local => {
                        view! {
                            <span class="sync sync-local">
                                "Изменения сохранены на планшете, ещё не отправлены"
                            </span>
                        }
                            .into_any()
                    }
                    Sync::Pending => {
                        view! {
                            <span class="sync sync-pending">
                                "Нет связи — акт сохранён на планшете и будет отправлен сам, когда связь появится"
                            </span>
                        }
                            .into_any()
                    }
                    Sync::Sending => view! { <span class="sync">"Отправка…"</span> }.into_any(),
                    Sync::Sent(at) => {
                        view! {
                            <span class="sync sync-ok">{format!("Отправлено на сервер {at}")}</span>
                        }
                            .into_any()
                    }
                    Sync::Conflict(_, _) => {
                        view! {
                            <span class="sync sync-pending">
                                "Акт изменили на сервере — выберите значения ниже"
                            </span>
                        }
                            .into_any()
                    }
                    Sync::Failed(m) => view! { <span class="sync sync-error">{m}</span> }.into_any(),
                }}
                {move || {
                    (status.get() == ActStatus::Signed)
                        .then(|| {
                            view! {
                                <span class="badge badge-ok" data-testid="act-signed">
                                    {format!(
                                        "Подписан{}",
                                        signed_by.get().map(|n| format!(": {n}")).unwrap_or_default(),
                                    )}
                                </span>
                            }
                        })
                }}
            </div>
            {move || {
                restored
                    .get()
                    .then(|| {
                        view! {
                            <div class="notice notice-warn" role="status">
                                "Восстановлен акт, сохранённый на этом планшете."
                            </div>
                        }
                    })
            }}
            {move || {
                message
                    .get()
                    .map(|m| {
                        view! {
                            <div class="notice notice-success" role="status" data-testid="act-message">
                                {m}
                            </div>
                        }
                    })
            }}
            {move || match sync.get() {
                Sync::Conflict(theirs, why) => {
                    view! {
                        <ConflictChoice
                            mine=content.get_untracked()
                            theirs=*theirs
                            why=why
                            on_done=Callback::new(move |(merged, version): (ActContent, i64)| {
                                content.set(merged);
                                base_version.set(version);
                                sync.set(Sync::Local);
                                send();
                            })
                        />
                    }
                        .into_any()
                }
                _ => ().into_any(),
            }}
            <form
                class="act-form"
                novalidate
                on:submit=move |ev| {
                    ev.prevent_default();
                    send();
                }
            >
                <fieldset disabled=locked>
                    {SECTIONS
                        .iter()
                        .map(|(title, fields)| {
                            view! {
                                <section class="act-section">
                                    <h2>{*title}</h2>
                                    {fields
                                        .iter()
                                        .map(|(field, label)| {
                                            view! { <ActField field=field label=label content=content errors=errors /> }
                                        })
                                        .collect_view()}
                                </section>
                            }
                        })
                        .collect_view()}
                </fieldset>
                <PhotoSection case_id=details.case_id.clone() photos=photos can_add=editable />
                <div class="act-actions">
                    <Show when=move || !locked()>
                        <button
                            class="btn btn-primary"
                            type="submit"
                            disabled=move || matches!(sync.get(), Sync::Sending)
                        >
                            "Сохранить"
                        </button>
                        <button
                            class="btn btn-secondary"
                            type="button"
                            disabled=move || {
                                !matches!(sync.get(), Sync::Clean | Sync::Sent(_)) || base_version.get() == 0
                            }
                            on:click=move |_| sign()
                        >
                            "Подписать акт"
                        </button>
                    </Show>
                    <a class="btn btn-secondary" href=print_href.clone() target="_blank">
                        "Печать (A4)"
                    </a>
                </div>
                <p class="hint">
                    "Подписать можно сохранённый на сервере акт. Всё, что вы вводите, сразу сохраняется на планшете."
                </p>
            </form>
        </div>
    }
}

/// One field of the act, drawn by its kind: a choice, a set of choices, members, or text.
#[component]
fn ActField(
    field: &'static str,
    label: &'static str,
    content: RwSignal<ActContent>,
    errors: RwSignal<FieldErrors>,
) -> impl IntoView {
    let err = move || errors.with(|e| e.get(field).map(str::to_string));
    let error_view = move || {
        err().map(|m| {
            view! {
                <p class="field-error" data-error-for=field>
                    {m}
                </p>
            }
        })
    };
    let multiple = matches!(
        field,
        "family_categories"
            | "circumstances"
            | "need_indicators"
            | "amenities"
            | "climate_signs"
            | "income_sources"
            | "material_signs"
            | "services"
    );
    if field == "members" {
        return view! {
            <Members content=content />
            {error_view}
        }
        .into_any();
    }
    if multiple {
        let options: Vec<(String, String)> = if field == "family_categories" {
            Category::ALL.iter().map(|c| (c.code().to_string(), c.label().to_string())).collect()
        } else {
            list_of(field).unwrap_or(&[]).iter().map(|(c, l)| (c.to_string(), l.to_string())).collect()
        };
        return view! {
            <fieldset class="field checkbox-group" class:has-error=move || err().is_some() data-field=field>
                <legend>{label}</legend>
                <div class="chips">
                    {options
                        .into_iter()
                        .map(|(code, text)| {
                            let checked = code.clone();
                            view! {
                                <label class="chip">
                                    <input
                                        type="checkbox"
                                        prop:checked=move || content.with(|c| get_list(c, field).contains(&checked))
                                        on:change=move |ev| {
                                            let on = event_target_checked(&ev);
                                            let code = code.clone();
                                            content
                                                .update(|c| {
                                                    let mut list = get_list(c, field);
                                                    list.retain(|x| *x != code);
                                                    if on {
                                                        list.push(code);
                                                    }
                                                    set_value(c, field, Value::from(list));
                                                });
                                        }
                                    />
                                    <span>{text}</span>
                                </label>
                            }
                        })
                        .collect_view()}
                </div>
                {error_view}
            </fieldset>
        }
        .into_any();
    }
    if let Some(list) = list_of(field) {
        return view! {
            <fieldset class="field checkbox-group" class:has-error=move || err().is_some() data-field=field>
                <legend>{label}</legend>
                <div class="chips">
                    {list
                        .iter()
                        .map(|(code, text)| {
                            view! {
                                <label class="chip">
                                    <input
                                        type="radio"
                                        name=field
                                        prop:checked=move || content.with(|c| get_text(c, field) == *code)
                                        on:change=move |_| content.update(|c| set_value(c, field, Value::from(*code)))
                                    />
                                    <span>{*text}</span>
                                </label>
                            }
                        })
                        .collect_view()}
                </div>
                {error_view}
            </fieldset>
        }
        .into_any();
    }
    let long = field.ends_with("_notes")
        || field.ends_with("_other")
        || matches!(field, "other_help" | "commission" | "present");
    let kind = match field {
        "inspected_on" => "date",
        _ => "text",
    };
    let inputmode = matches!(field, "rooms" | "area" | "income_per_person").then_some("decimal");
    let id = format!("act-{field}");
    view! {
        <div class="field" class:has-error=move || err().is_some()>
            <label for=id.clone()>{label}</label>
            {if long {
                view! {
                    <textarea
                        id=id.clone()
                        rows="3"
                        prop:value=move || content.with(|c| get_text(c, field))
                        on:input=move |ev| content.update(|c| set_value(c, field, Value::from(event_target_value(&ev))))
                    ></textarea>
                }
                    .into_any()
            } else {
                view! {
                    <input
                        id=id.clone()
                        type=kind
                        inputmode=inputmode
                        prop:value=move || content.with(|c| get_text(c, field))
                        on:input=move |ev| content.update(|c| set_value(c, field, Value::from(event_target_value(&ev))))
                    />
                }
                    .into_any()
            }}
            {error_view}
        </div>
    }
    .into_any()
}

#[component]
fn Members(content: RwSignal<ActContent>) -> impl IntoView {
    let count = move || content.with(|c| c.members.len());
    let cell = move |i: usize, label: &'static str, get: fn(&ActMember) -> String, set: fn(&mut ActMember, String)| {
        view! {
            <label class="member-cell">
                <span>{label}</span>
                <input
                    type="text"
                    prop:value=move || content.with(|c| c.members.get(i).map(get).unwrap_or_default())
                    on:input=move |ev| {
                        content
                            .update(|c| {
                                if let Some(m) = c.members.get_mut(i) {
                                    set(m, event_target_value(&ev))
                                }
                            })
                    }
                />
            </label>
        }
    };
    view! {
        <div class="act-members" data-field="members">
            {move || {
                (0..count())
                    .map(|i| {
                        view! {
                            <div class="act-member">
                                {cell(i, "ФИО", |m| m.full_name.clone(), |m, v| m.full_name = v)}
                                {cell(i, "Родство", |m| m.relation.clone(), |m, v| m.relation = v)}
                                {cell(
                                    i,
                                    "Дата рождения",
                                    |m| m.birth_date.clone(),
                                    |m, v| m.birth_date = v,
                                )}
                                {cell(
                                    i,
                                    "Занятость (работа, школа, сад)",
                                    |m| m.occupation.clone(),
                                    |m, v| m.occupation = v,
                                )} {cell(i, "Здоровье", |m| m.health.clone(), |m, v| m.health = v)}
                                <button
                                    type="button"
                                    class="btn btn-link"
                                    on:click=move |_| {
                                        content
                                            .update(|c| {
                                                if i < c.members.len() {
                                                    c.members.remove(i);
                                                }
                                            })
                                    }
                                >
                                    "Убрать"
                                </button>
                            </div>
                        }
                    })
                    .collect_view()
            }}
            <button
                type="button"
                class="btn btn-secondary"
                on:click=move |_| content.update(|c| c.members.push(ActMember::default()))
            >
                "+ Член семьи"
            </button>
        </div>
    }
}

/// The fields where the tablet's act and the server's differ, each with a choice.
#[component]
fn ConflictChoice(mine: ActContent, theirs: Act, why: String, on_done: Callback<(ActContent, i64)>) -> impl IntoView {
    let fields = mine.differences(&theirs.content);
    let take_theirs = RwSignal::new(Vec::<&'static str>::new());
    let labels: Vec<(&'static str, &'static str)> = SECTIONS.iter().flat_map(|(_, f)| f.iter().copied()).collect();
    let mine = StoredValue::new(mine);
    let theirs = StoredValue::new(theirs);
    view! {
        <section class="conflict card-block" data-testid="act-conflict">
            <h2>"Акт изменили, пока вы его заполняли"</h2>
            <p>{why}</p>
            <table class="conflict-table">
                <thead>
                    <tr>
                        <th>"Поле"</th>
                        <th>"На планшете (ваше)"</th>
                        <th>"На сервере"</th>
                    </tr>
                </thead>
                <tbody>
                    {fields
                        .iter()
                        .map(|field| {
                            let field = *field;
                            let label = labels.iter().find(|(f, _)| *f == field).map(|(_, l)| *l).unwrap_or(field);
                            view! {
                                <tr data-field=field>
                                    <th>{label}</th>
                                    <td>
                                        <label class="choice">
                                            <input
                                                type="radio"
                                                name=format!("c-{field}")
                                                checked=true
                                                on:change=move |_| take_theirs.update(|t| t.retain(|f| *f != field))
                                            />
                                            <span>{mine.with_value(|m| m.display(field))}</span>
                                        </label>
                                    </td>
                                    <td>
                                        <label class="choice">
                                            <input
                                                type="radio"
                                                name=format!("c-{field}")
                                                on:change=move |_| {
                                                    take_theirs
                                                        .update(|t| {
                                                            t.retain(|f| *f != field);
                                                            t.push(field);
                                                        })
                                                }
                                            />
                                            <span>{theirs.with_value(|t| t.content.display(field))}</span>
                                        </label>
                                    </td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
            <button
                class="btn btn-primary"
                type="button"
                on:click=move |_| {
                    let mut merged = mine.get_value();
                    let theirs = theirs.get_value();
                    for field in take_theirs.get_untracked() {
                        merged = merged.with_field_of(field, &theirs.content);
                    }
                    on_done.run((merged, theirs.version));
                }
            >
                "Сохранить выбранное"
            </button>
        </section>
    }
}

#[component]
pub fn ActPrintPage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").unwrap_or_default()));
    let details = Resource::new(move || id.get(), get_act);
    view! {
        <leptos_meta::Title text="Акт обследования — печать" />
        <Suspense fallback=|| {
            view! { <Loading /> }
        }>
            {move || Suspend::new(async move {
                match details.await {
                    Ok(d) => view! { <ActSheet details=d /> }.into_any(),
                    Err(e) => {
                        view! {
                            <main class="page">
                                <ErrorNotice error=e />
                            </main>
                        }
                            .into_any()
                    }
                }
            })}
        </Suspense>
    }
}

#[component]
fn ActSheet(details: ActDetails) -> impl IntoView {
    let act = details.act.clone();
    let content = act.as_ref().map(|a| a.content.clone()).unwrap_or_else(|| details.blank.clone());
    let signed = act.as_ref().filter(|a| a.status == ActStatus::Signed).map(|a| {
        format!(
            "Подписан {} — {}",
            a.signed_at.map(format_datetime).unwrap_or_default(),
            a.signed_by_name.clone().unwrap_or_default()
        )
    });
    view! {
        <div class="print-toolbar no-print">
            <a class="btn btn-secondary" href=format!("/cases/{}/act", details.case_id)>
                "← К акту"
            </a>
            <button
                class="btn btn-primary"
                on:click=move |_| {
                    if let Some(w) = web_sys::window() {
                        let _ = w.print();
                    }
                }
            >
                "Печать"
            </button>
        </div>
        <article class="print-sheet portrait act-sheet" data-testid="act-sheet">
            <h1 class="print-title">"АКТ"</h1>
            <p class="print-subtitle">
                "обследования материально-бытовых и жилищных условий семьи"
                <br /> {format!("Случай № {} · {}", details.case_number, details.case_title)}
            </p>
            {SECTIONS
                .iter()
                .map(|(title, fields)| {
                    view! {
                        <section class="act-print-section">
                            <h2>{*title}</h2>
                            <table class="act-print-table">
                                <tbody>
                                    {fields
                                        .iter()
                                        .map(|(field, label)| {
                                            let value = content.display(field);
                                            view! {
                                                <tr>
                                                    <th>{*label}</th>
                                                    <td class="pre">
                                                        {if value.is_empty() { "—".to_string() } else { value }}
                                                    </td>
                                                </tr>
                                            }
                                        })
                                        .collect_view()}
                                </tbody>
                            </table>
                        </section>
                    }
                })
                .collect_view()}
            <div class="act-signatures">
                <p>"Члены комиссии: ______________________ / ______________________"</p>
                <p>"С актом ознакомлен(а): ______________________ / ______________________"</p>
                <p class="muted">{signed.unwrap_or_else(|| "Акт не подписан в системе".into())}</p>
            </div>
        </article>
    }
}

/// Photos of living conditions: taken with the tablet's camera and attached to the act. They need
/// a connection to be sent; without one the caseworker is told so and the photo stays in the
/// tablet's gallery.
#[component]
fn PhotoSection(case_id: String, photos: RwSignal<Vec<ActPhoto>>, can_add: bool) -> impl IntoView {
    let input = NodeRef::<leptos::html::Input>::new();
    let note = RwSignal::new(None::<Result<String, String>>);
    let busy = RwSignal::new(false);
    let case_id = StoredValue::new(case_id);
    let upload = move |_| {
        #[cfg(feature = "hydrate")]
        {
            let Some(element) = input.get_untracked() else { return };
            busy.set(true);
            leptos::task::spawn_local(async move {
                let files = crate::components::files::read_files(&element).await;
                let mut sent = 0;
                let mut problem = None;
                match files {
                    Ok(files) => {
                        for (name, _, bytes) in files {
                            match add_act_photo(case_id.get_value(), name, crate::components::files::base64(&bytes))
                                .await
                            {
                                Ok(photo) => {
                                    photos.update(|p| p.push(photo));
                                    sent += 1;
                                }
                                Err(AppError::Network(_)) => {
                                    problem = Some("Нет связи: фото не отправлено. Оно осталось в галерее планшета — добавьте его, когда связь появится.".to_string());
                                }
                                Err(AppError::Validation(f)) => problem = f.get("photo").map(str::to_string),
                                Err(e) => problem = Some(e.to_string()),
                            }
                        }
                    }
                    Err(m) => problem = Some(m),
                }
                element.set_value("");
                busy.set(false);
                note.set(Some(match problem {
                    Some(m) => Err(m),
                    None => Ok(format!("Добавлено фото: {sent}")),
                }));
            });
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (case_id, input, busy, note, photos);
    };
    view! {
        <section class="act-section" data-testid="act-photos">
            <h2>"Фотографии условий проживания"</h2>
            {move || {
                let list = photos.get();
                if list.is_empty() {
                    view! { <p class="empty">"Фотографий пока нет."</p> }.into_any()
                } else {
                    view! {
                        <ul class="photo-grid">
                            {list
                                .into_iter()
                                .map(|p| {
                                    view! {
                                        <li>
                                            <a href=format!("/acts/photos/{}", p.id) target="_blank">
                                                <img
                                                    src=format!("/acts/photos/{}", p.id)
                                                    alt=format!("Фото: {}", p.name)
                                                    loading="lazy"
                                                />
                                            </a>
                                            <span class="muted small">
                                                {format!("{} · {}", format_datetime(p.taken_at), p.by_name)}
                                            </span>
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ul>
                    }
                        .into_any()
                }
            }}
            {can_add
                .then(|| {
                    view! {
                        <label class="btn btn-secondary photo-button">
                            "Сфотографировать или выбрать фото"
                            <input
                                type="file"
                                accept="image/jpeg,image/png,image/webp"
                                capture="environment"
                                multiple
                                node_ref=input
                                class="visually-hidden"
                                data-testid="photo-input"
                                on:change=upload
                            />
                        </label>
                    }
                })}
            {move || busy.get().then(|| view! { <p class="muted">"Отправка фото…"</p> })}
            {move || {
                note.get()
                    .map(|n| match n {
                        Ok(m) => {
                            view! {
                                <p class="notice notice-success" role="status">
                                    {m}
                                </p>
                            }
                                .into_any()
                        }
                        Err(m) => {
                            view! {
                                <p class="notice notice-error" role="alert" data-testid="photo-error">
                                    {m}
                                </p>
                            }
                                .into_any()
                        }
                    })
            }}
        </section>
    }
}
