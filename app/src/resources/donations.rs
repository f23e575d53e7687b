//! The registries of benefactors and beneficiaries (seed 003 items 24–25): who is ready to help
//! with what, and which families need donated help, linked to their cases and to the benefactor
//! who took them on.

use super::api::*;
use super::labels::{districts_label, help_label};
use super::types::*;
use crate::components::{AfterHydration, ErrorNotice, Loading};
use crate::error::FieldErrors;
use leptos::prelude::*;

#[derive(Clone, PartialEq)]
enum Editing {
    Nothing,
    Benefactor(Option<Benefactor>),
    Beneficiary(Option<Beneficiary>),
}

#[component]
pub fn DonationsTab(lists: ResourceLists) -> impl IntoView {
    let archived = RwSignal::new(false);
    let data = Resource::new(move || archived.get(), load_donations);
    let editing = RwSignal::new(Editing::Nothing);
    let lists = StoredValue::new(lists);
    let done = Callback::new(move |_: ()| {
        editing.set(Editing::Nothing);
        data.refetch();
    });
    view! {
        <div class="toolbar">
            <label class="toggle">
                <input
                    type="checkbox"
                    prop:checked=move || archived.get()
                    on:change=move |ev| archived.set(event_target_checked(&ev))
                />
                <span>"Показать архив"</span>
            </label>
        </div>
        {move || match editing.get() {
            Editing::Nothing => ().into_any(),
            Editing::Benefactor(b) => {
                view! { <BenefactorEditor lists=lists.get_value() current=b done=done /> }.into_any()
            }
            Editing::Beneficiary(b) => {
                view! { <BeneficiaryEditor lists=lists.get_value() current=b done=done /> }.into_any()
            }
        }}
        <AfterHydration>
            <Transition fallback=|| {
                view! { <Loading /> }
            }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(d) => {
                            let kinds = lists.with_value(|l| l.help_kinds.clone());
                            let districts = lists.with_value(|l| l.districts.clone());
                            let can_edit = d.can_edit;
                            view! {
                                <section class="card-block">
                                    <div class="section-head">
                                        <h2>{format!("Благотворители ({})", d.benefactors.len())}</h2>
                                        {can_edit
                                            .then(|| {
                                                view! {
                                                    <button
                                                        class="btn btn-primary"
                                                        on:click=move |_| editing.set(Editing::Benefactor(None))
                                                    >
                                                        "Добавить благотворителя"
                                                    </button>
                                                }
                                            })}
                                    </div>
                                    <div class="table-wrap">
                                        <table class="data-table">
                                            <thead>
                                                <tr>
                                                    <th>"Кто"</th>
                                                    <th>"Чем готов помочь"</th>
                                                    <th>"Участки"</th>
                                                    <th>"Контакты"</th>
                                                    <th>"Помогает семьям"</th>
                                                    <th></th>
                                                </tr>
                                            </thead>
                                            <tbody>
                                                {d
                                                    .benefactors
                                                    .into_iter()
                                                    .map(|b| {
                                                        let edit = b.clone();
                                                        view! {
                                                            <tr>
                                                                <td>
                                                                    {b.name.clone()}
                                                                    <div class="muted small">{b.kind.label()}</div>
                                                                </td>
                                                                <td>
                                                                    <ul class="chips-list">
                                                                        {b
                                                                            .help
                                                                            .iter()
                                                                            .map(|h| {
                                                                                view! { <li class="tag">{help_label(&kinds, h)}</li> }
                                                                            })
                                                                            .collect_view()}
                                                                    </ul>
                                                                    {b.offer.clone()}
                                                                </td>
                                                                <td>{districts_label(&b.districts, &districts)}</td>
                                                                <td>
                                                                    {b.contact.clone()}
                                                                    <div class="small">
                                                                        {b
                                                                            .phone
                                                                            .as_deref()
                                                                            .map(crate::phone::format_phone)
                                                                            .unwrap_or_default()}
                                                                    </div>
                                                                </td>
                                                                <td>{b.helping}</td>
                                                                <td>
                                                                    {can_edit
                                                                        .then(|| {
                                                                            view! {
                                                                                <button
                                                                                    class="btn btn-link"
                                                                                    on:click=move |_| {
                                                                                        editing.set(Editing::Benefactor(Some(edit.clone())))
                                                                                    }
                                                                                >
                                                                                    "Изменить"
                                                                                </button>
                                                                            }
                                                                        })}
                                                                </td>
                                                            </tr>
                                                        }
                                                    })
                                                    .collect_view()}
                                            </tbody>
                                        </table>
                                    </div>
                                </section>
                                <section class="card-block">
                                    <div class="section-head">
                                        <h2>{format!("Благополучатели ({})", d.beneficiaries.len())}</h2>
                                        {can_edit
                                            .then(|| {
                                                view! {
                                                    <button
                                                        class="btn btn-primary"
                                                        on:click=move |_| editing.set(Editing::Beneficiary(None))
                                                    >
                                                        "Добавить семью"
                                                    </button>
                                                }
                                            })}
                                    </div>
                                    <div class="table-wrap">
                                        <table class="data-table">
                                            <thead>
                                                <tr>
                                                    <th>"Семья"</th>
                                                    <th>"Какая помощь нужна"</th>
                                                    <th>"Участок"</th>
                                                    <th>"Случай"</th>
                                                    <th>"Благотворитель"</th>
                                                    <th>"Состояние"</th>
                                                    <th></th>
                                                </tr>
                                            </thead>
                                            <tbody>
                                                {d
                                                    .beneficiaries
                                                    .into_iter()
                                                    .map(|b| {
                                                        let edit = b.clone();
                                                        view! {
                                                            <tr>
                                                                <td>
                                                                    {b.name.clone()}
                                                                    <div class="muted small">
                                                                        {format!("членов семьи: {}", b.members)}
                                                                    </div>
                                                                </td>
                                                                <td>
                                                                    <ul class="chips-list">
                                                                        {b
                                                                            .help
                                                                            .iter()
                                                                            .map(|h| {
                                                                                view! { <li class="tag">{help_label(&kinds, h)}</li> }
                                                                            })
                                                                            .collect_view()}
                                                                    </ul>
                                                                    {b.need.clone()}
                                                                </td>
                                                                <td>
                                                                    {b
                                                                        .district
                                                                        .as_ref()
                                                                        .map(|d| districts_label(
                                                                            std::slice::from_ref(d),
                                                                            &districts,
                                                                        ))
                                                                        .unwrap_or_default()}
                                                                </td>
                                                                <td>
                                                                    {b
                                                                        .case
                                                                        .clone()
                                                                        .map(|(id, number)| {
                                                                            view! {
                                                                                <a href=format!("/cases/{id}")>{format!("№ {number}")}</a>
                                                                            }
                                                                        })}
                                                                </td>
                                                                <td>{b.benefactor.clone().map(|(_, name)| name)}</td>
                                                                <td>
                                                                    <span
                                                                        class="badge"
                                                                        class:badge-ok=b.status == BeneficiaryStatus::Done
                                                                    >
                                                                        {b.status.label()}
                                                                    </span>
                                                                </td>
                                                                <td>
                                                                    {can_edit
                                                                        .then(|| {
                                                                            view! {
                                                                                <button
                                                                                    class="btn btn-link"
                                                                                    on:click=move |_| {
                                                                                        editing.set(Editing::Beneficiary(Some(edit.clone())))
                                                                                    }
                                                                                >
                                                                                    "Изменить"
                                                                                </button>
                                                                            }
                                                                        })}
                                                                </td>
                                                            </tr>
                                                        }
                                                    })
                                                    .collect_view()}
                                            </tbody>
                                        </table>
                                    </div>
                                </section>
                            }
                                .into_any()
                        }
                        Err(e) => view! { <ErrorNotice error=e /> }.into_any(),
                    }
                })}
            </Transition>
        </AfterHydration>
    }
}

fn help_checkboxes(kinds: Vec<HelpKind>, value: RwSignal<Vec<String>>) -> impl IntoView {
    view! {
        <div class="chips">
            {kinds
                .into_iter()
                .map(|k| {
                    let code = k.code.clone();
                    let code2 = k.code.clone();
                    view! {
                        <label class="chip">
                            <input
                                type="checkbox"
                                prop:checked=move || value.with(|v| v.contains(&code))
                                on:change=move |ev| {
                                    let on = event_target_checked(&ev);
                                    let c = code2.clone();
                                    value
                                        .update(|v| {
                                            v.retain(|x| *x != c);
                                            if on {
                                                v.push(c);
                                            }
                                        });
                                }
                            />
                            <span>{k.label.clone()}</span>
                        </label>
                    }
                })
                .collect_view()}
        </div>
    }
}

fn input(
    label: &'static str,
    field: &'static str,
    value: RwSignal<String>,
    errors: RwSignal<FieldErrors>,
) -> impl IntoView {
    let err = move || errors.with(|e| e.get(field).map(str::to_string));
    view! {
        <div class="field" class:has-error=move || err().is_some()>
            <label for=format!("d-{field}")>{label}</label>
            <input
                id=format!("d-{field}")
                type="text"
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
            />
            {move || {
                err()
                    .map(|m| {
                        view! {
                            <p class="field-error" data-error-for=field>
                                {m}
                            </p>
                        }
                    })
            }}
        </div>
    }
}

#[component]
fn BenefactorEditor(lists: ResourceLists, current: Option<Benefactor>, done: Callback<()>) -> impl IntoView {
    let id = current.as_ref().map(|b| b.id.clone()).unwrap_or_default();
    let version = current.as_ref().map(|b| b.version).unwrap_or(0);
    let kind =
        RwSignal::new(current.as_ref().map(|b| b.kind.code().to_string()).unwrap_or_else(|| "organisation".into()));
    let name = RwSignal::new(current.as_ref().map(|b| b.name.clone()).unwrap_or_default());
    let contact = RwSignal::new(current.as_ref().map(|b| b.contact.clone()).unwrap_or_default());
    let phone = RwSignal::new(
        current.as_ref().and_then(|b| b.phone.clone()).map(|p| crate::phone::format_phone(&p)).unwrap_or_default(),
    );
    let offer = RwSignal::new(current.as_ref().map(|b| b.offer.clone()).unwrap_or_default());
    let help = RwSignal::new(current.as_ref().map(|b| b.help.clone()).unwrap_or_default());
    let districts = RwSignal::new(current.as_ref().map(|b| b.districts.clone()).unwrap_or_default());
    let errors = RwSignal::new(FieldErrors::new());
    let failure = RwSignal::new(None::<String>);
    let save = Action::new(move |form: &BenefactorForm| save_benefactor(id.clone(), version, form.clone()));
    Effect::new(move |_| match save.value().get() {
        Some(Ok(_)) => done.run(()),
        Some(Err(e)) => {
            errors.set(e.field_errors().cloned().unwrap_or_default());
            failure.set(Some(e.form_message()));
        }
        None => {}
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        save.dispatch(BenefactorForm {
            kind: kind.get_untracked(),
            name: name.get_untracked(),
            contact: contact.get_untracked(),
            phone: phone.get_untracked(),
            help: help.get_untracked(),
            offer: offer.get_untracked(),
            districts: districts.get_untracked(),
        });
    };
    view! {
        <form class="card-block inline-form" novalidate on:submit=submit>
            <h2>
                {if current.is_some() {
                    "Благотворитель"
                } else {
                    "Новый благотворитель"
                }}
            </h2>
            <div class="field">
                <label for="d-kind">"Кто"</label>
                <select id="d-kind" prop:value=move || kind.get() on:change=move |ev| kind.set(event_target_value(&ev))>
                    {BenefactorKind::ALL
                        .iter()
                        .map(|k| {
                            view! {
                                <option value=k.code() selected=move || kind.get() == k.code()>
                                    {k.label()}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </div>
            {input("Имя или наименование", "name", name, errors)}
            {input("Контактное лицо", "contact", contact, errors)}
            {input("Телефон", "phone", phone, errors)}
            <fieldset class="field checkbox-group" class:has-error=move || errors.with(|e| e.get("help").is_some())>
                <legend>"Чем готов помочь"</legend>
                {help_checkboxes(lists.help_kinds.clone(), help)}
                {move || {
                    errors.with(|e| e.get("help").map(str::to_string)).map(|m| view! { <p class="field-error">{m}</p> })
                }}
            </fieldset>
            <div class="field">
                <label for="d-offer">"Что предлагает"</label>
                <textarea
                    id="d-offer"
                    rows="2"
                    prop:value=move || offer.get()
                    on:input=move |ev| offer.set(event_target_value(&ev))
                ></textarea>
            </div>
            <fieldset class="field checkbox-group">
                <legend>"Участки (ни одного — весь город)"</legend>
                <div class="chips">
                    {lists
                        .districts
                        .iter()
                        .map(|d| {
                            let key = d.id.clone();
                            let key2 = d.id.clone();
                            view! {
                                <label class="chip">
                                    <input
                                        type="checkbox"
                                        prop:checked=move || districts.with(|v| v.contains(&key))
                                        on:change=move |ev| {
                                            let on = event_target_checked(&ev);
                                            let k = key2.clone();
                                            districts
                                                .update(|v| {
                                                    v.retain(|x| *x != k);
                                                    if on {
                                                        v.push(k);
                                                    }
                                                });
                                        }
                                    />
                                    <span>{format!("№ {}", d.number)}</span>
                                </label>
                            }
                        })
                        .collect_view()}
                </div>
            </fieldset>
            {move || {
                failure
                    .get()
                    .map(|m| {
                        view! {
                            <div class="notice notice-error" role="alert">
                                {m}
                            </div>
                        }
                    })
            }}
            <div class="form-actions">
                <button class="btn btn-primary" type="submit">
                    "Сохранить"
                </button>
                <button class="btn btn-secondary" type="button" on:click=move |_| done.run(())>
                    "Отмена"
                </button>
            </div>
        </form>
    }
}

#[component]
fn BeneficiaryEditor(lists: ResourceLists, current: Option<Beneficiary>, done: Callback<()>) -> impl IntoView {
    let id = current.as_ref().map(|b| b.id.clone()).unwrap_or_default();
    let version = current.as_ref().map(|b| b.version).unwrap_or(0);
    let name = RwSignal::new(current.as_ref().map(|b| b.name.clone()).unwrap_or_default());
    let district = RwSignal::new(current.as_ref().and_then(|b| b.district.clone()).unwrap_or_default());
    let members = RwSignal::new(current.as_ref().map(|b| b.members.to_string()).unwrap_or_else(|| "3".into()));
    let need = RwSignal::new(current.as_ref().map(|b| b.need.clone()).unwrap_or_default());
    let help = RwSignal::new(current.as_ref().map(|b| b.help.clone()).unwrap_or_default());
    let case = RwSignal::new(current.as_ref().and_then(|b| b.case.clone()).map(|(_, n)| n).unwrap_or_default());
    let benefactor =
        RwSignal::new(current.as_ref().and_then(|b| b.benefactor.clone()).map(|(k, _)| k).unwrap_or_default());
    let status =
        RwSignal::new(current.as_ref().map(|b| b.status.code().to_string()).unwrap_or_else(|| "waiting".into()));
    let errors = RwSignal::new(FieldErrors::new());
    let failure = RwSignal::new(None::<String>);
    let benefactors = Resource::new(|| (), |_| load_donations(false));
    let save = Action::new(move |form: &BeneficiaryForm| save_beneficiary(id.clone(), version, form.clone()));
    Effect::new(move |_| match save.value().get() {
        Some(Ok(_)) => done.run(()),
        Some(Err(e)) => {
            errors.set(e.field_errors().cloned().unwrap_or_default());
            failure.set(Some(e.form_message()));
        }
        None => {}
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        save.dispatch(BeneficiaryForm {
            name: name.get_untracked(),
            district: district.get_untracked(),
            members: members.get_untracked(),
            help: help.get_untracked(),
            need: need.get_untracked(),
            case: case.get_untracked(),
            benefactor: benefactor.get_untracked(),
            status: status.get_untracked(),
        });
    };
    view! {
        <form class="card-block inline-form" novalidate on:submit=submit>
            <h2>
                {if current.is_some() {
                    "Благополучатель"
                } else {
                    "Новый благополучатель"
                }}
            </h2>
            {input("Семья", "name", name, errors)}
            <div class="field">
                <label for="d-district">"Участок"</label>
                <select
                    id="d-district"
                    prop:value=move || district.get()
                    on:change=move |ev| district.set(event_target_value(&ev))
                >
                    <option value="">"—"</option>
                    {lists
                        .districts
                        .iter()
                        .map(|d| {
                            let id = d.id.clone();
                            let id2 = d.id.clone();
                            view! {
                                <option value=id selected=move || district.get() == id2>
                                    {d.name.clone()}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </div>
            {input("Членов семьи", "members", members, errors)}
            <fieldset class="field checkbox-group" class:has-error=move || errors.with(|e| e.get("help").is_some())>
                <legend>"Какая помощь нужна"</legend>
                {help_checkboxes(lists.help_kinds.clone(), help)}
                {move || {
                    errors.with(|e| e.get("help").map(str::to_string)).map(|m| view! { <p class="field-error">{m}</p> })
                }}
            </fieldset>
            <div class="field">
                <label for="d-need">"Подробно"</label>
                <textarea
                    id="d-need"
                    rows="2"
                    prop:value=move || need.get()
                    on:input=move |ev| need.set(event_target_value(&ev))
                ></textarea>
            </div>
            {input("Номер случая (например, 2026-0015)", "case", case, errors)}
            <div class="field" class:has-error=move || errors.with(|e| e.get("benefactor").is_some())>
                <label for="d-benefactor">"Благотворитель"</label>
                <select
                    id="d-benefactor"
                    prop:value=move || benefactor.get()
                    on:change=move |ev| benefactor.set(event_target_value(&ev))
                >
                    <option value="">"— пока нет —"</option>
                    {move || {
                        benefactors
                            .get()
                            .and_then(Result::ok)
                            .map(|d| {
                                d.benefactors
                                    .into_iter()
                                    .map(|b| {
                                        let id = b.id.clone();
                                        view! {
                                            <option value=b.id.clone() selected=move || benefactor.get() == id>
                                                {b.name.clone()}
                                            </option>
                                        }
                                    })
                                    .collect_view()
                            })
                    }}
                </select>
                {move || {
                    errors
                        .with(|e| e.get("benefactor").map(str::to_string))
                        .map(|m| view! { <p class="field-error">{m}</p> })
                }}
            </div>
            <div class="field">
                <label for="d-status">"Состояние"</label>
                <select
                    id="d-status"
                    prop:value=move || status.get()
                    on:change=move |ev| status.set(event_target_value(&ev))
                >
                    {BeneficiaryStatus::ALL
                        .iter()
                        .map(|s| {
                            view! {
                                <option value=s.code() selected=move || status.get() == s.code()>
                                    {s.label()}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </div>
            {move || {
                failure
                    .get()
                    .map(|m| {
                        view! {
                            <div class="notice notice-error" role="alert">
                                {m}
                            </div>
                        }
                    })
            }}
            <div class="form-actions">
                <button class="btn btn-primary" type="submit">
                    "Сохранить"
                </button>
                <button class="btn btn-secondary" type="button" on:click=move |_| done.run(())>
                    "Отмена"
                </button>
            </div>
        </form>
    }
}
