//! `/cases/<id>/contract`: the contract on social services — the parties, the subject, the
//! members with their ИППСУ and ИПССС, the term; saved as a draft (it gets its number), then
//! marked signed, later terminated with the reason. What is typed is kept on the device until
//! the server has it.

use super::api::{get_contract, save_contract, set_contract_status};
use super::types::*;
use crate::components::fields::{CompactInput, CompactTextArea, FieldValue};
use crate::components::storage::{clear_draft, keep_draft};
use crate::components::{ErrorNotice, FormErrors, Loading};
use crate::error::{AppError, FieldErrors};
use crate::shell::frame::AppShell;
use crate::time::{format_datetime, format_naive_date};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

#[component]
pub fn ContractPage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").unwrap_or_default()));
    let details = Resource::new(move || id.get(), get_contract);
    view! {
        <AppShell title="Договор о социальном обслуживании">
            <Suspense fallback=|| {
                view! { <Loading label="Загрузка договора…" /> }
            }>
                {move || Suspend::new(async move {
                    match details.await {
                        Ok(d) => view! { <ContractEditor details=d /> }.into_any(),
                        Err(e) => view! { <ErrorNotice error=e /> }.into_any(),
                    }
                })}
            </Suspense>
        </AppShell>
    }
}

fn text_of(
    content: RwSignal<ContractContent>,
    get: fn(&ContractContent) -> String,
    set: fn(&mut ContractContent, String),
) -> FieldValue<String> {
    FieldValue::new(move || content.with(get), move |v| content.update(|c| set(c, v)))
}

fn member_text(
    content: RwSignal<ContractContent>,
    i: usize,
    get: fn(&ContractMember) -> String,
    set: fn(&mut ContractMember, String),
) -> FieldValue<String> {
    FieldValue::new(
        move || content.with(|c| c.members.get(i).map(get).unwrap_or_default()),
        move |v| {
            content.update(|c| {
                if let Some(m) = c.members.get_mut(i) {
                    set(m, v)
                }
            })
        },
    )
}

#[component]
fn ContractEditor(details: ContractDetails) -> impl IntoView {
    let key = format!("contract-draft-{}", details.case_id);
    let stored = RwSignal::new(details.contract.clone());
    let content =
        RwSignal::new(details.contract.as_ref().map(|c| c.content.clone()).unwrap_or_else(|| details.blank.clone()));
    let errors = RwSignal::new(FieldErrors::new());
    let message = RwSignal::new(None::<(bool, String)>);
    let restored = RwSignal::new(false);
    let status = Memo::new(move |_| stored.with(|c| c.as_ref().map(|c| c.status).unwrap_or_default()));
    // The members are drawn again only when their number changes, not at each keystroke.
    let member_count = Memo::new(move |_| content.with(|c| c.members.len()));
    let can_edit = details.can_edit;
    let editable = Signal::derive(move || can_edit && status.get() == ContractStatus::Draft);
    let case_id = StoredValue::new(details.case_id.clone());
    let draft_key = StoredValue::new(key);

    // A draft of this device comes back after hydration; then every change is kept at once.
    keep_draft(draft_key, content, editable, restored, move |now| {
        stored.with_untracked(|s| s.as_ref().map(|c| &c.content) == Some(now))
    });

    let answer = move |result: Result<Contract, AppError>, sent: Option<ContractContent>, what: &str| match result {
        Ok(saved) => {
            errors.set(FieldErrors::new());
            if sent.is_none_or(|s| s == content.get_untracked()) {
                content.set(saved.content.clone());
                clear_draft(&draft_key.get_value());
            }
            message
                .set(Some((true, format!("{what}: договор {}, {}", saved.label(), format_datetime(saved.updated_at)))));
            stored.set(Some(saved));
            restored.set(false);
        }
        Err(e) => {
            if let Some(found) = e.field_errors() {
                errors.set(found.clone());
            }
            message.set(Some((
                false,
                match e {
                    AppError::Network(_) => {
                        "Нет связи — договор сохранён на этом устройстве. Повторите, когда связь вернётся.".into()
                    }
                    other => other.messages().join("; "),
                },
            )));
        }
    };
    let version = move || stored.with_untracked(|s| s.as_ref().map(|c| c.version).unwrap_or(0));
    let save = move |_| {
        let sent = content.get_untracked();
        leptos::task::spawn_local(async move {
            let result = save_contract(case_id.get_value(), version(), sent.clone()).await;
            answer(result, Some(sent), "Сохранено");
        });
    };
    let status_on = RwSignal::new(crate::time::local_today(chrono::Utc::now()).format("%Y-%m-%d").to_string());
    let reason = RwSignal::new(String::new());
    let mark = move |to: ContractStatus| {
        leptos::task::spawn_local(async move {
            let result = set_contract_status(
                case_id.get_value(),
                version(),
                to,
                status_on.get_untracked(),
                reason.get_untracked(),
            )
            .await;
            answer(result, None, to.label());
        });
    };
    let d = details.clone();
    let disabled = move || !editable.get();
    view! {
        <div class="page-head">
            <div>
                <p class="muted">
                    <a href=format!("/cases/{}", d.case_id)>{format!("← Случай № {}", d.case_number)}</a>
                </p>
                <h1>
                    {move || {
                        stored
                            .with(|c| match c {
                                Some(c) => {
                                    format!(
                                        "Договор {} о социальном обслуживании",
                                        c.label(),
                                    )
                                }
                                None => {
                                    "Договор о социальном обслуживании (проект)"
                                        .to_string()
                                }
                            })
                    }}
                </h1>
                <p class="muted">{format!("{} · {}", d.case_title, d.address)}</p>
            </div>
            <div class="actions">
                <a class="btn btn-secondary" href=format!("/cases/{}/contract/print", d.case_id)>
                    "Печать договора (А4)"
                </a>
            </div>
        </div>
        <p class="ippsu-status" data-testid="contract-status">
            <span class=move || format!("badge contract-{}", status.get().code())>{move || status.get().label()}</span>
            {move || {
                stored
                    .with(|c| {
                        c.as_ref()
                            .map(|c| {
                                let mut parts = Vec::new();
                                if let Some(on) = c.signed_on {
                                    parts.push(format!("подписан {}", format_naive_date(on)));
                                }
                                if let Some(on) = c.terminated_on {
                                    parts
                                        .push(
                                            format!(
                                                "расторгнут {}: {}",
                                                format_naive_date(on),
                                                c.termination_reason.clone().unwrap_or_default(),
                                            ),
                                        );
                                }
                                parts.join(" · ")
                            })
                    })
            }}
        </p>
        <Show when=move || restored.get()>
            <p class="notice notice-info">
                "Восстановлены правки, которые ещё не отправлены на сервер."
            </p>
        </Show>
        <FormErrors errors=errors />
        // Drawn again when the contract is signed: its fields become read-only.
        {move || {
            editable.track();
            view! {
                <section class="card" aria-label="Стороны и предмет">
                    <h2>"Стороны и предмет договора"</h2>
                    <div class="form-row">
                        <CompactInput
                            label="Дата договора"
                            name="concluded_on"
                            kind="date"
                            lazy=true
                            value=text_of(content, |c| c.concluded_on.clone(), |c, v| c.concluded_on = v)
                            errors=errors
                            disabled=disabled()
                        />
                        <CompactInput
                            label="Срок действия до"
                            name="valid_until"
                            kind="date"
                            lazy=true
                            value=text_of(content, |c| c.valid_until.clone(), |c, v| c.valid_until = v)
                            errors=errors
                            disabled=disabled()
                        />
                    </div>
                    <CompactInput
                        label="Исполнитель (руководитель учреждения)"
                        name="executor"
                        class="field grow"
                        value=text_of(content, |c| c.executor.clone(), |c, v| c.executor = v)
                        errors=errors
                        disabled=disabled()
                    />
                    <div class="form-row">
                        <CompactInput
                            label="Заказчик (гражданин, представляющий семью)"
                            name="customer"
                            class="field grow"
                            value=text_of(content, |c| c.customer.clone(), |c, v| c.customer = v)
                            errors=errors
                            disabled=disabled()
                        />
                        <CompactInput
                            label="Документ заказчика"
                            name="customer_document"
                            class="field grow"
                            value=text_of(content, |c| c.customer_document.clone(), |c, v| c.customer_document = v)
                            errors=errors
                            disabled=disabled()
                        />
                    </div>
                    <CompactTextArea
                        label="Предмет договора"
                        name="subject"
                        value=text_of(content, |c| c.subject.clone(), |c, v| c.subject = v)
                        errors=errors
                        disabled=disabled()
                    />
                </section>
                <section class="card" aria-label="Члены семьи">
                    <h2>"Члены семьи и их программы"</h2>
                    <ol class="ippsu-lines">
                        {move || {
                            (0..member_count.get())
                                .map(|i| {
                                    view! {
                                        <li class="ippsu-line contract-member">
                                            <div class="ippsu-line-fields">
                                                <CompactInput
                                                    label="ФИО"
                                                    name="full_name"
                                                    value=member_text(
                                                        content,
                                                        i,
                                                        |m| m.full_name.clone(),
                                                        |m, v| m.full_name = v,
                                                    )
                                                    errors=errors
                                                    error_key=format!("members.{i}.full_name")
                                                    disabled=disabled()
                                                />
                                                <CompactInput
                                                    label="ИППСУ"
                                                    name="ippsu"
                                                    value=member_text(
                                                        content,
                                                        i,
                                                        |m| m.ippsu.clone(),
                                                        |m, v| m.ippsu = v,
                                                    )
                                                    disabled=disabled()
                                                />
                                                <CompactInput
                                                    label="ИПССС (план сопровождения)"
                                                    name="plan"
                                                    value=member_text(content, i, |m| m.plan.clone(), |m, v| m.plan = v)
                                                    disabled=disabled()
                                                />
                                            </div>
                                        </li>
                                    }
                                })
                                .collect_view()
                        }}
                    </ol>
                </section>
            }
        }}
        <Show when=move || can_edit && status.get() != ContractStatus::Terminated>
            <section class="card" aria-label="Подписание и расторжение">
                <h2>
                    {move || {
                        if status.get() == ContractStatus::Draft {
                            "Подписание"
                        } else {
                            "Расторжение"
                        }
                    }}
                </h2>
                <div class="form-row">
                    <CompactInput
                        label="Дата"
                        name="status_on"
                        kind="date"
                        lazy=true
                        value=status_on
                        errors=errors
                    />
                    <Show when=move || status.get() == ContractStatus::Signed>
                        <CompactInput
                            label="Причина расторжения"
                            name="reason"
                            class="field grow"
                            value=reason
                            errors=errors
                        />
                    </Show>
                    <Show
                        when=move || status.get() == ContractStatus::Signed
                        fallback=move || {
                            view! {
                                <button
                                    type="button"
                                    class="btn btn-secondary align-end"
                                    disabled=move || stored.with(Option::is_none)
                                    on:click=move |_| mark(ContractStatus::Signed)
                                >
                                    "Отметить подписанным"
                                </button>
                            }
                        }
                    >
                        <button
                            type="button"
                            class="btn btn-danger align-end"
                            on:click=move |_| mark(ContractStatus::Terminated)
                        >
                            "Расторгнуть"
                        </button>
                    </Show>
                </div>
            </section>
        </Show>
        <div class="sticky-actions route-save">
            <Show when=move || editable.get()>
                <button class="btn btn-primary btn-large" on:click=save>
                    {move || {
                        if stored.with(Option::is_none) {
                            "Составить договор"
                        } else {
                            "Сохранить проект"
                        }
                    }}
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
