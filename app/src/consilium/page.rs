//! `/consilium`: the sessions of the social consilium and today's agenda; `/consilium/new` and
//! `/consilium/<id>`: a session prepared from the agenda — the date, the chair, the members
//! present, the cases with the decision on each — saved (it gets its protocol number), then held.
//! What is typed is kept on the device until the server has it.

use super::api::{get_session, hold_session, list_sessions, save_session};
use super::types::*;
use crate::components::fields::{CompactInput, CompactSelect, CompactTextArea, FieldValue};
use crate::components::storage::{clear_draft, keep_draft};
use crate::components::{ErrorNotice, FormErrors, Loading};
use crate::error::{AppError, FieldErrors};
use crate::shell::frame::AppShell;
use crate::time::{format_datetime, format_naive_date};
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map};

/// `/consilium`.
#[component]
pub fn ConsiliumPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| list_sessions());
    view! {
        <AppShell title="Социальный консилиум">
            <div class="page-head">
                <div>
                    <h1>"Социальный консилиум"</h1>
                    <p class="muted">
                        "Заседания, на которых специалисты рассматривают семьи с истекающим сроком плана или просроченными мероприятиями и решают: продолжить, скорректировать, продлить или завершить сопровождение."
                    </p>
                </div>
                <div class="actions">
                    <a class="btn btn-primary" href="/consilium/new">
                        "Новое заседание"
                    </a>
                </div>
            </div>
            <Suspense fallback=|| {
                view! { <Loading label="Загрузка заседаний…" /> }
            }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok((sessions, agenda)) => view! { <SessionsList sessions agenda /> }.into_any(),
                        Err(e) => view! { <ErrorNotice error=e /> }.into_any(),
                    }
                })}
            </Suspense>
        </AppShell>
    }
}

#[component]
fn SessionsList(sessions: Vec<SessionSummary>, agenda: Vec<AgendaItem>) -> impl IntoView {
    view! {
        <section class="card" aria-labelledby="agenda-title">
            <h2 id="agenda-title">{format!("На рассмотрение сегодня: {}", agenda.len())}</h2>
            {if agenda.is_empty() {
                view! {
                    <p class="muted">
                        "Нет случаев, у которых план заканчивается в ближайшие 10 рабочих дней или есть просроченные мероприятия."
                    </p>
                }
                    .into_any()
            } else {
                view! {
                    <ul class="agenda-list" data-testid="agenda-preview">
                        {agenda
                            .iter()
                            .take(8)
                            .map(|a| {
                                view! {
                                    <li>
                                        <a href=format!(
                                            "/cases/{}",
                                            a.case_id,
                                        )>{format!("№ {} {}", a.case_number, a.case_title)}</a>
                                        <span class="muted">{format!(" — {}", a.reason())}</span>
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                    {(agenda.len() > 8)
                        .then(|| view! { <p class="muted">{format!("и ещё {}", agenda.len() - 8)}</p> })}
                }
                    .into_any()
            }}
        </section>
        <section class="card" aria-labelledby="sessions-title">
            <h2 id="sessions-title">"Заседания"</h2>
            {if sessions.is_empty() {
                view! {
                    <p class="empty">
                        "Заседаний ещё не было. Начните с «Новое заседание»."
                    </p>
                }
                    .into_any()
            } else {
                view! {
                    <table class="journal-table" data-testid="sessions">
                        <thead>
                            <tr>
                                <th scope="col">"Протокол"</th>
                                <th scope="col">"Дата"</th>
                                <th scope="col">"Случаев"</th>
                                <th scope="col">"Состояние"</th>
                                <th scope="col"></th>
                            </tr>
                        </thead>
                        <tbody>
                            {sessions
                                .into_iter()
                                .map(|s| {
                                    view! {
                                        <tr>
                                            <td>
                                                <a href=format!("/consilium/{}", s.id)>{s.label.clone()}</a>
                                            </td>
                                            <td>{format_naive_date(s.held_on)}</td>
                                            <td>{s.cases}</td>
                                            <td>
                                                <span class=format!(
                                                    "badge consilium-{}",
                                                    s.status.code(),
                                                )>{s.status.label()}</span>
                                            </td>
                                            <td>
                                                <a href=format!(
                                                    "/consilium/{}/print",
                                                    s.id,
                                                )>"Протокол (А4)"</a>
                                            </td>
                                        </tr>
                                    }
                                })
                                .collect_view()}
                        </tbody>
                    </table>
                }
                    .into_any()
            }}
        </section>
    }
}

/// `/consilium/new`, `/consilium/<id>`.
#[component]
pub fn SessionPage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id")));
    let details = Resource::new(move || id.get(), get_session);
    view! {
        <AppShell title="Заседание консилиума">
            <Suspense fallback=|| {
                view! { <Loading label="Загрузка заседания…" /> }
            }>
                {move || Suspend::new(async move {
                    match details.await {
                        Ok(d) => view! { <SessionEditor details=d /> }.into_any(),
                        Err(e) => view! { <ErrorNotice error=e /> }.into_any(),
                    }
                })}
            </Suspense>
        </AppShell>
    }
}

fn considered_text(
    content: RwSignal<SessionContent>,
    i: usize,
    get: fn(&Considered) -> String,
    set: fn(&mut Considered, String),
) -> FieldValue<String> {
    FieldValue::new(
        move || content.with(|c| c.cases.get(i).map(get).unwrap_or_default()),
        move |v| {
            content.update(|c| {
                if let Some(x) = c.cases.get_mut(i) {
                    set(x, v)
                }
            })
        },
    )
}

#[component]
fn SessionEditor(details: SessionDetails) -> impl IntoView {
    let draft_key = StoredValue::new(format!(
        "consilium-draft-{}",
        details.session.as_ref().map(|s| s.id.as_str()).unwrap_or("new")
    ));
    let stored = RwSignal::new(details.session.clone());
    let content =
        RwSignal::new(details.session.as_ref().map(|s| s.content.clone()).unwrap_or_else(|| details.blank.clone()));
    let errors = RwSignal::new(FieldErrors::new());
    let message = RwSignal::new(None::<(bool, String)>);
    let restored = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let status = Memo::new(move |_| stored.with(|s| s.as_ref().map(|s| s.status).unwrap_or_default()));
    let editable = Signal::derive(move || details.can_edit && status.get() == SessionStatus::Draft);
    let agenda = StoredValue::new(details.agenda.clone());
    let staff = StoredValue::new(details.staff.clone());
    // The list of cases is drawn again only when a case is added or removed, not at each keystroke.
    let case_count = Memo::new(move |_| content.with(|c| c.cases.len()));
    let navigate = use_navigate();

    // A draft of this device comes back after hydration; then every change is kept at once.
    keep_draft(draft_key, content, editable, restored, move |now| {
        stored.with_untracked(|s| s.as_ref().map(|s| &s.content) == Some(now))
    });

    let fail = move |e: AppError| {
        if let Some(found) = e.field_errors() {
            errors.set(found.clone());
        }
        message.set(Some((
            false,
            match e {
                AppError::Network(_) => {
                    "Нет связи — протокол сохранён на этом устройстве. Повторите, когда связь вернётся.".into()
                }
                other => other.messages().join("; "),
            },
        )));
    };
    let accept = move |saved: Session, sent: &SessionContent, what: &str| {
        errors.set(FieldErrors::new());
        if *sent == content.get_untracked() {
            content.set(saved.content.clone());
        }
        clear_draft(&draft_key.get_value());
        message.set(Some((true, format!("{what}: протокол {}, {}", saved.label(), format_datetime(saved.updated_at)))));
        stored.set(Some(saved));
        restored.set(false);
    };
    // Saves; a new session then gets its own address, and the draft kept under «new» moves with it.
    let save = {
        let navigate = navigate.clone();
        move |_| {
            let sent = content.get_untracked();
            let id = stored.with_untracked(|s| s.as_ref().map(|s| s.id.clone()));
            let version = stored.with_untracked(|s| s.as_ref().map(|s| s.version).unwrap_or(0));
            let navigate = navigate.clone();
            busy.set(true);
            leptos::task::spawn_local(async move {
                let was_new = id.is_none();
                match save_session(id, version, sent.clone()).await {
                    Ok(saved) => {
                        let path = format!("/consilium/{}", saved.id);
                        accept(saved, &sent, "Сохранено");
                        if was_new {
                            navigate(&path, Default::default());
                        }
                    }
                    Err(e) => fail(e),
                }
                busy.set(false);
            });
        }
    };
    let hold = move |_| {
        let sent = content.get_untracked();
        let Some((id, version)) = stored.with_untracked(|s| s.as_ref().map(|s| (s.id.clone(), s.version))) else {
            return;
        };
        busy.set(true);
        leptos::task::spawn_local(async move {
            match hold_session(id, version, sent.clone()).await {
                Ok(saved) => accept(saved, &sent, "Заседание проведено, решения внесены в случаи"),
                Err(e) => fail(e),
            }
            busy.set(false);
        });
    };
    let disabled = move || !editable.get();
    let title = move || {
        stored.with(|s| match s {
            Some(s) => format!("Заседание социального консилиума, протокол {}", s.label()),
            None => "Новое заседание социального консилиума".to_string(),
        })
    };
    view! {
        <div class="page-head">
            <div>
                <p class="muted">
                    <a href="/consilium">"← Все заседания"</a>
                </p>
                <h1>{title}</h1>
                <p class="ippsu-status" data-testid="session-status">
                    <span class=move || {
                        format!("badge consilium-{}", status.get().code())
                    }>{move || status.get().label()}</span>
                </p>
            </div>
            <div class="actions">
                {move || {
                    stored
                        .with(|s| {
                            s.as_ref()
                                .map(|s| {
                                    view! {
                                        <a class="btn btn-secondary" href=format!("/consilium/{}/print", s.id)>
                                            "Протокол (А4)"
                                        </a>
                                    }
                                })
                        })
                }}
            </div>
        </div>
        <Show when=move || restored.get()>
            <p class="notice notice-info">
                "Восстановлены правки, которые ещё не отправлены на сервер."
            </p>
        </Show>
        <FormErrors errors=errors />
        {move || {
            editable.track();
            view! {
                <section class="card" aria-label="Заседание">
                    <h2>"Заседание"</h2>
                    <div class="form-row">
                        <CompactInput
                            label="Дата заседания"
                            name="held_on"
                            kind="date"
                            lazy=true
                            value=FieldValue::of(content, |c| c.held_on.clone(), |c, v| c.held_on = v)
                            errors=errors
                            disabled=disabled()
                        />
                        <CompactInput
                            label="Председатель"
                            name="chair"
                            class="field grow"
                            value=FieldValue::of(content, |c| c.chair.clone(), |c, v| c.chair = v)
                            errors=errors
                            disabled=disabled()
                        />
                    </div>
                    <Present content staff=staff.get_value() disabled=disabled() errors />
                </section>
            }
        }}
        <Show when=move || editable.get()>
            <AgendaPicker content agenda=agenda.get_value() />
        </Show>
        <section class="card" aria-labelledby="considered-title">
            <h2 id="considered-title">"Рассматриваемые случаи и решения"</h2>
            <p class="field-error" data-error-for="cases">
                {move || errors.with(|e| e.get("cases").map(str::to_string))}
            </p>
            {move || {
                editable.track();
                let count = case_count.get();
                if count == 0 {
                    return view! {
                        <p class="muted">"Добавьте случаи из повестки выше."</p>
                    }
                        .into_any();
                }
                view! {
                    <ol class="ippsu-lines consilium-cases">
                        {(0..count)
                            .map(|i| view! { <ConsideredCase content i errors disabled=disabled() /> })
                            .collect_view()}
                    </ol>
                }
                    .into_any()
            }}
        </section>
        <div class="sticky-actions route-save">
            <Show when=move || editable.get()>
                <button class="btn btn-secondary btn-large" on:click=save.clone() disabled=move || busy.get()>
                    {move || {
                        if stored.with(Option::is_none) {
                            "Сохранить повестку"
                        } else {
                            "Сохранить"
                        }
                    }}
                </button>
                <button
                    class="btn btn-primary btn-large"
                    on:click=hold
                    disabled=move || busy.get() || stored.with(Option::is_none)
                    title="Решения будут внесены в историю случаев и в планы сопровождения"
                >
                    "Провести заседание"
                </button>
            </Show>
            <span class="route-sync" role="status">
                {move || match message.get() {
                    Some((true, text)) => view! { <span class="ok">{text}</span> }.into_any(),
                    Some((false, text)) => {
                        view! { <span class="error">{format!("Не сохранено: {text}")}</span> }.into_any()
                    }
                    None => view! { <span class="muted">""</span> }.into_any(),
                }}
            </span>
        </div>
    }
}

/// The members present: the institution's specialists to tick, and others typed in (a partner's
/// specialist, an invited teacher).
#[component]
fn Present(
    content: RwSignal<SessionContent>,
    staff: Vec<String>,
    disabled: bool,
    errors: RwSignal<FieldErrors>,
) -> impl IntoView {
    let other = RwSignal::new(String::new());
    let staff_list = StoredValue::new(staff.clone());
    let add = move |_| {
        let name = other.get_untracked().trim().to_string();
        if !name.is_empty() {
            content.update(|c| {
                if !c.present.contains(&name) {
                    c.present.push(name)
                }
            });
            other.set(String::new());
        }
    };
    view! {
        <fieldset class="field consilium-present">
            <legend>"Присутствовали"</legend>
            <div class="chips">
                {staff
                    .into_iter()
                    .map(|person| {
                        let p = person.clone();
                        let checked = move || content.with(|c| c.present.contains(&p));
                        let p = person.clone();
                        view! {
                            <label class="chip">
                                <input
                                    type="checkbox"
                                    disabled=disabled
                                    prop:checked=checked
                                    on:change=move |ev| {
                                        let on = event_target_checked(&ev);
                                        content
                                            .update(|c| {
                                                c.present.retain(|x| x != &p);
                                                if on {
                                                    c.present.push(p.clone());
                                                }
                                            });
                                    }
                                />
                                <span>{person}</span>
                            </label>
                        }
                    })
                    .collect_view()}
            </div>
            <ul class="consilium-others">
                {move || {
                    content
                        .with(|c| {
                            c.present
                                .iter()
                                .filter(|p| !staff_list.with_value(|s| s.contains(p)))
                                .cloned()
                                .collect::<Vec<_>>()
                        })
                        .into_iter()
                        .map(|p| {
                            let name = p.clone();
                            view! {
                                <li>
                                    <span>{p}</span>
                                    {(!disabled)
                                        .then(|| {
                                            view! {
                                                <button
                                                    type="button"
                                                    class="btn btn-ghost btn-small"
                                                    on:click=move |_| {
                                                        content.update(|c| c.present.retain(|x| x != &name))
                                                    }
                                                >
                                                    "Убрать"
                                                </button>
                                            }
                                        })}
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ul>
            {(!disabled)
                .then(|| {
                    view! {
                        <div class="form-row">
                            <CompactInput
                                label="Другой участник: должность, организация, ФИО"
                                name="other_present"
                                class="field grow"
                                value=other
                            />
                            <button type="button" class="btn btn-secondary align-end" on:click=add>
                                "Добавить"
                            </button>
                        </div>
                    }
                })}
            <p class="field-error" data-error-for="present">
                {move || errors.with(|e| e.get("present").map(str::to_string))}
            </p>
        </fieldset>
    }
}

/// Today's agenda: the cases not yet on the session, each with why it is there, to add.
#[component]
fn AgendaPicker(content: RwSignal<SessionContent>, agenda: Vec<AgendaItem>) -> impl IntoView {
    let agenda = StoredValue::new(agenda);
    let left = move || {
        let taken: Vec<String> = content.with(|c| c.cases.iter().map(|x| x.case_id.clone()).collect());
        agenda.with_value(|a| a.iter().filter(|i| !taken.contains(&i.case_id)).cloned().collect::<Vec<_>>())
    };
    view! {
        <section class="card" aria-labelledby="agenda-pick-title">
            <h2 id="agenda-pick-title">
                "Повестка: план заканчивается или есть просроченные мероприятия"
            </h2>
            {move || {
                let items = left();
                if items.is_empty() {
                    return view! {
                        <p class="muted">"Все случаи повестки уже добавлены."</p>
                    }
                        .into_any();
                }
                let all = items.clone();
                view! {
                    <div class="actions">
                        <button
                            type="button"
                            class="btn btn-ghost"
                            on:click=move |_| content.update(|c| c.cases.extend(all.iter().map(AgendaItem::considered)))
                        >
                            {format!("Добавить все ({})", items.len())}
                        </button>
                    </div>
                    <ul class="agenda-list" data-testid="agenda">
                        {items
                            .into_iter()
                            .map(|item| {
                                let add = item.considered();
                                view! {
                                    <li class="agenda-item">
                                        <div>
                                            <strong>{format!("№ {} {}", item.case_number, item.case_title)}</strong>
                                            <div class="muted small">
                                                {[item.district_name.clone(), item.curator_name.clone()]
                                                    .into_iter()
                                                    .flatten()
                                                    .collect::<Vec<_>>()
                                                    .join(" · ")}
                                            </div>
                                            <div class="agenda-reason">{item.reason()}</div>
                                        </div>
                                        <button
                                            type="button"
                                            class="btn btn-secondary"
                                            on:click=move |_| content.update(|c| c.cases.push(add.clone()))
                                        >
                                            "Включить"
                                        </button>
                                    </li>
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

/// A case at the session: its reason, the decision and its wording.
#[component]
fn ConsideredCase(
    content: RwSignal<SessionContent>,
    i: usize,
    errors: RwSignal<FieldErrors>,
    disabled: bool,
) -> impl IntoView {
    let head = content.with_untracked(|c| c.cases.get(i).cloned().unwrap_or_default());
    let closing = move || content.with(|c| c.cases.get(i).is_some_and(|x| x.decision == Decision::Close));
    let decision = FieldValue::new(
        move || content.with(|c| c.cases.get(i).map(|x| x.decision.code().to_string()).unwrap_or_default()),
        move |v: String| {
            content.update(|c| {
                if let (Some(x), Some(d)) = (c.cases.get_mut(i), Decision::from_code(&v)) {
                    x.decision = d
                }
            })
        },
    );
    let options =
        Signal::derive(|| Decision::ALL.iter().map(|d| (d.code().to_string(), d.label().to_string())).collect());
    let extending = move || content.with(|c| c.cases.get(i).is_some_and(|x| x.decision == Decision::Extend));
    view! {
        <li class="ippsu-line consilium-case" data-testid="considered">
            <div class="consilium-case-head">
                <a href=format!("/cases/{}", head.case_id)>
                    <strong>{format!("№ {} {}", head.case_number, head.case_title)}</strong>
                </a>
                {(!head.reason.is_empty()).then(|| view! { <span class="agenda-reason">{head.reason.clone()}</span> })}
                {crate::time::parse_date(&head.term_until)
                    .map(|t| {
                        view! {
                            <span class="muted small">
                                {format!("срок плана до {}", format_naive_date(t))}
                            </span>
                        }
                    })}
                {(!disabled)
                    .then(|| {
                        view! {
                            <button
                                type="button"
                                class="btn btn-ghost btn-small"
                                on:click=move |_| {
                                    content
                                        .update(|c| {
                                            if i < c.cases.len() {
                                                c.cases.remove(i);
                                            }
                                        })
                                }
                            >
                                "Исключить"
                            </button>
                        }
                    })}
            </div>
            <div class="ippsu-line-fields">
                <CompactSelect
                    label="Решение"
                    name="decision"
                    value=decision
                    options=options
                    errors=errors
                    error_key=format!("cases.{i}.decision")
                    disabled=disabled
                />
                <Show when=extending>
                    <CompactInput
                        label="Продлить до"
                        name="extend_until"
                        kind="date"
                        lazy=true
                        value=considered_text(content, i, |x| x.extend_until.clone(), |x, v| x.extend_until = v)
                        errors=errors
                        error_key=format!("cases.{i}.extend_until")
                        disabled=disabled
                    />
                </Show>
            </div>
            <CompactTextArea
                label="Формулировка решения"
                name="text"
                rows=2
                value=considered_text(content, i, |x| x.text.clone(), |x, v| x.text = v)
                errors=errors
                error_key=format!("cases.{i}.text")
                disabled=disabled
            />
            {move || {
                (!disabled && closing())
                    .then(|| {
                        view! {
                            <p class="muted small">
                                "Случай закроет куратор, когда в плане будет записано заключение о выполнении."
                            </p>
                        }
                    })
            }}
        </li>
    }
}
