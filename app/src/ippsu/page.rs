//! `/cases/<id>/ippsu`: the ИППСУ of a case — whom it is for and in which forms, the social
//! services and the measures of social support, the commission's approval (a supervisor), a
//! correction with its reason, the conclusion on its completion, and every version. What is
//! typed is kept on the device until the server has it.

use super::api::{approve_ippsu, complete_ippsu, get_ippsu, save_ippsu};
use super::lines::{Lines, MeasuresSection, ServicesSection};
use super::types::*;
use crate::components::fields::{CheckboxGroup, CompactInput, CompactSelect, CompactTextArea, FieldValue};
use crate::components::storage::{clear_draft, load_draft, save_draft};
use crate::components::{CaseDocumentHead, ErrorNotice, Loading};
use crate::error::{AppError, FieldErrors};
use crate::shell::frame::AppShell;
use crate::time::{format_datetime, format_naive_date};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use serde::{Deserialize, Serialize};

#[component]
pub fn IppsuPage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").unwrap_or_default()));
    let details = Resource::new(move || id.get(), get_ippsu);
    view! {
        <AppShell title="ИППСУ">
            <Suspense fallback=|| {
                view! { <Loading label="Загрузка программы…" /> }
            }>
                {move || Suspend::new(async move {
                    match details.await {
                        Ok(d) => view! { <IppsuEditor details=d /> }.into_any(),
                        Err(e) => view! { <ErrorNotice error=e /> }.into_any(),
                    }
                })}
            </Suspense>
        </AppShell>
    }
}

/// What the device keeps of the programme between reloads.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct LocalIppsu {
    base_version: i64,
    content: IppsuContent,
    reason: String,
}

#[derive(Debug, Clone, PartialEq)]
enum Sync {
    Clean,
    Local,
    Saving,
    Done(String),
    Failed(String),
}

#[component]
fn IppsuEditor(details: IppsuDetails) -> impl IntoView {
    let key = format!("ippsu-draft-{}", details.case_id);
    let stored = RwSignal::new(details.ippsu.clone());
    let initial = details.ippsu.as_ref().map(|i| i.content.clone()).unwrap_or_else(|| details.blank.clone());
    let content = RwSignal::new(initial);
    let reason = RwSignal::new(String::new());
    let base_version = RwSignal::new(details.ippsu.as_ref().map(|i| i.version).unwrap_or(0));
    let errors = RwSignal::new(FieldErrors::new());
    let sync = RwSignal::new(Sync::Clean);
    let restored = RwSignal::new(false);
    let history = RwSignal::new(details.history.clone());
    let status = Memo::new(move |_| stored.with(|s| s.as_ref().map(|i| i.status).unwrap_or_default()));
    let can_edit = details.can_edit;
    let editable = Signal::derive(move || can_edit && status.get() != IppsuStatus::Completed);
    let lines = Lines { content, errors, providers: StoredValue::new(details.providers.clone()), editable };
    let case_id = StoredValue::new(details.case_id.clone());

    // A draft of this device comes back after hydration (the server renders the stored copy);
    // then every change is kept on the device at once.
    let restore_key = key.clone();
    Effect::new(move |first: Option<()>| {
        if first.is_none() && can_edit {
            if let Some(local) = load_draft::<LocalIppsu>(&restore_key) {
                if local.content != content.get_untracked() || !local.reason.is_empty() {
                    base_version.set(local.base_version);
                    content.set(local.content);
                    reason.set(local.reason);
                    restored.set(true);
                    sync.set(Sync::Local);
                }
            }
        }
    });
    let keep_key = key.clone();
    Effect::new(move |previous: Option<(IppsuContent, String)>| {
        let now = (content.get(), reason.get());
        if previous.as_ref().is_some_and(|p| *p != now) {
            if stored.with_untracked(|s| s.as_ref().map(|i| &i.content) == Some(&now.0)) && now.1.is_empty() {
                clear_draft(&keep_key);
            } else {
                save_draft(
                    &keep_key,
                    &LocalIppsu {
                        base_version: base_version.get_untracked(),
                        content: now.0.clone(),
                        reason: now.1.clone(),
                    },
                );
                if sync.get_untracked() != Sync::Saving {
                    sync.set(Sync::Local);
                }
            }
        }
        now
    });

    // Every action answers with the programme as stored, or with messages at the fields.
    let done_key = StoredValue::new(key);
    let answer = move |result: Result<IppsuSaved, AppError>, sent: IppsuContent, what: &'static str| match result {
        Ok(IppsuSaved { ippsu: saved, history: versions }) => {
            errors.set(FieldErrors::new());
            base_version.set(saved.version);
            history.set(versions);
            if content.get_untracked() == sent {
                content.set(saved.content.clone());
                reason.set(String::new());
                clear_draft(&done_key.get_value());
            }
            sync.set(Sync::Done(format!("{what}: {}", format_datetime(saved.updated_at))));
            stored.set(Some(saved));
            restored.set(false);
        }
        Err(e) => {
            if let Some(found) = e.field_errors() {
                errors.set(found.clone());
            }
            sync.set(Sync::Failed(match e {
                AppError::Network(_) => {
                    "Нет связи — правки сохранены на этом устройстве. Повторите, когда связь вернётся.".to_string()
                }
                other => other.messages().join("; "),
            }));
        }
    };
    let save = move |_| {
        sync.set(Sync::Saving);
        let sent = content.get_untracked();
        let why = reason.get_untracked();
        leptos::task::spawn_local(async move {
            let result = save_ippsu(case_id.get_value(), base_version.get_untracked(), sent.clone(), why).await;
            answer(result, sent, "Сохранено");
        });
    };
    let decision_on = RwSignal::new(crate::time::local_today(chrono::Utc::now()).format("%Y-%m-%d").to_string());
    let decision_number = RwSignal::new(String::new());
    let approve = move |_| {
        sync.set(Sync::Saving);
        let sent = content.get_untracked();
        leptos::task::spawn_local(async move {
            let result = approve_ippsu(
                case_id.get_value(),
                base_version.get_untracked(),
                sent.clone(),
                decision_on.get_untracked(),
                decision_number.get_untracked(),
            )
            .await;
            answer(result, sent, "Утверждена");
        });
    };
    let complete = move |_| {
        sync.set(Sync::Saving);
        let sent = content.get_untracked();
        leptos::task::spawn_local(async move {
            let result = complete_ippsu(case_id.get_value(), base_version.get_untracked(), sent.clone()).await;
            answer(result, sent, "Отмечена выполненной");
        });
    };

    let members = details.members.iter().map(|m| (m.clone(), m.clone())).collect::<Vec<_>>();
    let forms = ServiceForm::ALL.iter().map(|f| (f.code().to_string(), f.label().to_string())).collect::<Vec<_>>();
    let can_approve = details.can_approve;
    let d = details.clone();
    view! {
        <CaseDocumentHead
            case_id=d.case_id.clone()
            case_number=d.case_number.clone()
            title=format!("ИППСУ: {}", d.case_title)
            about=vec![
                Some(d.address.clone()),
                d.district_name.clone(),
                d.curator_name.clone().map(|c| format!("куратор {c}")),
            ]
        >
            <a class="btn btn-secondary" href=format!("/cases/{}/ippsu/print", d.case_id)>
                "Печать ИППСУ (А4)"
            </a>
        </CaseDocumentHead>
        <p class="ippsu-status" data-testid="ippsu-status">
            <span class=move || format!("badge ippsu-{}", status.get().code())>{move || status.get().label()}</span>
            {move || {
                stored
                    .with(|s| {
                        s.as_ref()
                            .and_then(|i| i.approval.clone())
                            .map(|a| {
                                format!(
                                    " решением комиссии № {} от {} ({})",
                                    a.number,
                                    format_naive_date(a.on),
                                    a.by_name,
                                )
                            })
                    })
            }}
            {
                let clock = d.proposals_clock.clone().map(|c| format!(" · {}", c.describe()));
                move || {
                    (status.get() == IppsuStatus::Draft).then(|| view! { <span class="muted">{clock.clone()}</span> })
                }
            }
        </p>
        <Show when=move || restored.get()>
            <p class="notice notice-info">
                "Восстановлены правки, которые ещё не отправлены на сервер."
            </p>
        </Show>
        // Drawn again when the programme becomes read-only (carried out): its fields follow.
        {move || {
            editable.track();
            let (members, forms) = (members.clone(), forms.clone());
            view! {
                <section class="card" aria-label="Получатель и формы обслуживания">
                    <h2>"Получатель и формы социального обслуживания"</h2>
                    <div class="form-row">
                        <CompactSelect
                            label="Получатель социальных услуг"
                            name="recipient"
                            value=FieldValue::new(
                                move || content.with(|c| c.recipient.clone()),
                                move |v| content.update(|c| c.recipient = v),
                            )
                            options=Signal::stored(members.clone())
                            errors=errors
                            disabled=!editable.get_untracked()
                        />
                        <CompactInput
                            label="Срок действия программы до"
                            name="valid_until"
                            kind="date"
                            lazy=true
                            value=FieldValue::new(
                                move || content.with(|c| c.valid_until.clone()),
                                move |v| content.update(|c| c.valid_until = v),
                            )
                            errors=errors
                            disabled=!editable.get_untracked()
                        />
                    </div>
                    <CheckboxGroup
                        label="Форма социального обслуживания"
                        name="forms"
                        value=FieldValue::new(
                            move || content.with(|c| c.forms.clone()),
                            move |v| content.update(|c| c.forms = v),
                        )
                        options=forms.clone()
                        errors=errors
                        disabled=!editable.get_untracked()
                    />
                </section>
                <ServicesSection lines=lines />
                <MeasuresSection lines=lines />
                <Show when=move || status.get() != IppsuStatus::Draft>
                    <section class="card" aria-label="Заключение о выполнении ИППСУ">
                        <h2>"Заключение о выполнении ИППСУ"</h2>
                        <CompactTextArea
                            label="Заключение о выполнении ИППСУ"
                            name="conclusion"
                            value=FieldValue::new(
                                move || content.with(|c| c.conclusion.clone()),
                                move |v| content.update(|c| c.conclusion = v),
                            )
                            errors=errors
                            disabled=!editable.get_untracked()
                        />
                        <CompactTextArea
                            label="Рекомендации"
                            name="recommendations"
                            value=FieldValue::new(
                                move || content.with(|c| c.recommendations.clone()),
                                move |v| content.update(|c| c.recommendations = v),
                            )
                            errors=errors
                            disabled=!editable.get_untracked()
                        />
                    </section>
                </Show>
            }
        }}
        <Show when=move || can_approve && status.get() == IppsuStatus::Draft>
            <section class="card" aria-label="Утверждение">
                <h2>"Утверждение комиссией"</h2>
                <p class="muted">
                    "Решение комиссии о признании нуждающимся и утверждении программы. С даты решения считается срок начала реализации — 15 рабочих дней."
                </p>
                <div class="form-row">
                    <CompactInput
                        label="Дата решения"
                        name="decision_on"
                        kind="date"
                        lazy=true
                        value=decision_on
                        errors=errors
                    />
                    <CompactInput
                        label="Номер решения"
                        name="decision_number"
                        value=decision_number
                        errors=errors
                    />
                    <button type="button" class="btn btn-primary align-end" on:click=approve>
                        "Утвердить ИППСУ"
                    </button>
                </div>
            </section>
        </Show>
        <section class="card" aria-label="История версий">
            <h2>"История версий"</h2>
            <Show when=move || history.with(Vec::is_empty)>
                <p class="muted">"Программа ещё не сохранялась."</p>
            </Show>
            <ol class="ippsu-history">
                {move || {
                    history
                        .get()
                        .into_iter()
                        .map(|v| {
                            view! {
                                <li>
                                    <strong>{format!("Версия {}", v.version)}</strong>
                                    {format!(" · {} · {} · {}", format_datetime(v.at), v.by_name, v.note)}
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ol>
        </section>
        <Show when=move || editable.get()>
            <div class="sticky-actions route-save">
                <Show when=move || status.get() == IppsuStatus::Approved>
                    <CompactInput
                        label="Причина корректировки"
                        name="reason"
                        class="field grow"
                        value=reason
                        errors=errors
                    />
                </Show>
                <button class="btn btn-primary btn-large" disabled=move || sync.get() == Sync::Saving on:click=save>
                    {move || {
                        match status.get() {
                            IppsuStatus::Draft => "Сохранить проект",
                            _ => "Сохранить корректировку",
                        }
                    }}
                </button>
                <Show when=move || status.get() == IppsuStatus::Approved>
                    <button class="btn btn-secondary btn-large" on:click=complete>
                        "ИППСУ выполнена"
                    </button>
                </Show>
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
                        Sync::Done(text) => view! { <span class="ok">{text}</span> }.into_any(),
                        Sync::Failed(text) => {
                            view! { <span class="error">{format!("Не сохранено: {text}")}</span> }.into_any()
                        }
                    }}
                </span>
            </div>
        </Show>
    }
}
