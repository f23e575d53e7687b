//! An item of the stock (`/rental/items/<id>`, `/rental/items/new`): its kind, model,
//! inventory number, condition and place, corrected here (out of repair, written off, moved);
//! its history and its loans.

use super::api::{rental_item, save_rental_item, ItemDetails};
use super::types::*;
use crate::components::fields::{options_of, FieldValue, SelectField, TextArea, TextField};
use crate::components::{ErrorNotice, FormErrors, Loading};
use crate::error::{AppError, FieldErrors};
use crate::shell::frame::AppShell;
use crate::time::{format_datetime, format_naive_date};
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map};

#[component]
pub fn NewItemPage() -> impl IntoView {
    let blank = ItemForm {
        condition: Condition::New.code().into(),
        location: "Склад пункта проката".into(),
        ..ItemForm::default()
    };
    view! {
        <AppShell title="Новое изделие">
            <div class="page-head">
                <div>
                    <a class="back" href="/rental">
                        "← Пункт проката"
                    </a>
                    <h1>"Поступление на склад"</h1>
                </div>
            </div>
            <ItemFormView id=String::new() version=0 initial=blank.clone() />
        </AppShell>
    }
}

#[component]
pub fn ItemPage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").unwrap_or_default()));
    let details = Resource::new(move || id.get(), rental_item);
    view! {
        <AppShell title="Изделие">
            <Transition fallback=|| {
                view! { <Loading /> }
            }>
                {move || Suspend::new(async move {
                    match details.await {
                        Ok(d) => view! { <ItemView details=d /> }.into_any(),
                        Err(e) => view! { <ErrorNotice error=e /> }.into_any(),
                    }
                })}
            </Transition>
        </AppShell>
    }
}

#[component]
fn ItemView(details: ItemDetails) -> impl IntoView {
    let item = details.item;
    let initial = ItemForm {
        kind: item.kind.code().into(),
        model: item.model.clone(),
        inventory_no: item.inventory_no.clone(),
        condition: item.condition.code().into(),
        location: item.location.clone(),
        notes: item.notes.clone(),
    };
    let status = if let Some(loan) = &item.loan_id {
        view! {
            <p class="notice notice-info">
                "Изделие выдано. "
                <a href=format!("/rental/loans/{loan}")>"Открыть выдачу"</a>
            </p>
        }
        .into_any()
    } else if let (Some(name), Some(wait)) = (&item.reserved_name, &item.reserved_for) {
        view! {
            <p class="notice notice-info" data-testid="held-for">
                {format!("Отложено для первого в очереди: {name}. ")}
                <a class="btn btn-primary" href=format!("/rental/issue?wait={wait}")>
                    "Выдать ему (ей)"
                </a>
            </p>
        }
        .into_any()
    } else {
        ().into_any()
    };
    let free = item.is_free() && item.reserved_for.is_none();
    view! {
        <div class="page-head">
            <div>
                <a class="back" href="/rental">
                    "← Пункт проката"
                </a>
                <h1>{item.title()}</h1>
                <p class="muted">{format!("{} · {}", item.condition.label(), item.location)}</p>
            </div>
            {free
                .then(|| {
                    view! {
                        <div class="actions">
                            <a class="btn btn-primary btn-large" href=format!("/rental/issue?item={}", item.id)>
                                "Выдать"
                            </a>
                        </div>
                    }
                })}
        </div>
        {status}
        <ItemFormView id=item.id.clone() version=item.version initial=initial />
        <section class="card">
            <h2>"Выдачи"</h2>
            {if details.loans.is_empty() {
                view! { <p class="muted">"Ещё не выдавалось."</p> }.into_any()
            } else {
                view! {
                    <ul class="item-loans">
                        {details
                            .loans
                            .iter()
                            .map(|l| {
                                let state = l.state(details.today);
                                view! {
                                    <li>
                                        <a href=format!("/rental/loans/{}", l.id)>{l.number.clone()}</a>
                                        {format!(
                                            " · {} · {} — {} · {}",
                                            l.person.full_name,
                                            format_naive_date(l.issued_on),
                                            l
                                                .returned_on
                                                .map(format_naive_date)
                                                .unwrap_or_else(|| format_naive_date(l.due_on)),
                                            state.words(),
                                        )}
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                }
                    .into_any()
            }}
        </section>
        <section class="card">
            <h2>"История"</h2>
            <ul class="history">
                {details
                    .history
                    .iter()
                    .map(|h| view! { <li>{format!("{} · {} · {}", format_datetime(h.at), h.by_name, h.text)}</li> })
                    .collect_view()}
            </ul>
        </section>
    }
}

#[component]
fn ItemFormView(id: String, version: i64, initial: ItemForm) -> impl IntoView {
    let form = RwSignal::new(initial);
    let errors = RwSignal::new(FieldErrors::new());
    let failure = RwSignal::new(None::<AppError>);
    let target = StoredValue::new((id.clone(), version));
    let saved = RwSignal::new(false);
    let navigate = use_navigate();
    let save = Action::new(move |f: &ItemForm| {
        let f = f.clone();
        let (id, version) = target.get_value();
        async move { save_rental_item(id, version, f).await }
    });
    Effect::new(move |_| match save.value().get() {
        Some(Ok(key)) => {
            failure.set(None);
            errors.set(FieldErrors::new());
            let (id, version) = target.get_value();
            if id.is_empty() {
                navigate(&format!("/rental/items/{key}"), Default::default());
            } else {
                target.set_value((id, version + 1));
                saved.set(true);
            }
        }
        Some(Err(AppError::Validation(e))) => {
            failure.set(None);
            errors.set(e);
        }
        Some(Err(e)) => failure.set(Some(e)),
        None => {}
    });
    let kinds = Signal::stored(options_of(AidKind::ALL, AidKind::code, AidKind::label));
    let conditions = Signal::stored(options_of(Condition::ALL, Condition::code, Condition::label));
    let field = move |get: fn(&ItemForm) -> String, set: fn(&mut ItemForm, String)| FieldValue::of(form, get, set);
    let new = id.is_empty();
    view! {
        <form
            class="card rental-form"
            novalidate
            data-testid="item-form"
            on:submit=move |ev: leptos::ev::SubmitEvent| {
                ev.prevent_default();
                saved.set(false);
                save.dispatch(form.get_untracked());
            }
        >
            <h2>{if new { "Карточка изделия" } else { "Изменить карточку" }}</h2>
            <div class="grid-3">
                <SelectField
                    label="Вид"
                    name="kind"
                    id="item-kind"
                    required=true
                    value=field(|f| f.kind.clone(), |f, v| f.kind = v)
                    options=kinds
                    empty_label="— выберите —"
                    errors=errors
                />
                <TextField
                    label="Модель"
                    name="model"
                    id="item-model"
                    placeholder="Ortonica Base 195"
                    value=field(|f| f.model.clone(), |f, v| f.model = v)
                    errors=errors
                />
                <TextField
                    label="Инвентарный номер"
                    name="inventory_no"
                    id="item-number"
                    required=true
                    value=field(|f| f.inventory_no.clone(), |f, v| f.inventory_no = v)
                    errors=errors
                />
            </div>
            <div class="grid-2">
                <SelectField
                    label="Состояние"
                    name="condition"
                    id="item-condition"
                    required=true
                    value=field(|f| f.condition.clone(), |f, v| f.condition = v)
                    options=conditions
                    errors=errors
                />
                <TextField
                    label="Где находится"
                    name="location"
                    id="item-location"
                    required=true
                    value=field(|f| f.location.clone(), |f, v| f.location = v)
                    errors=errors
                />
            </div>
            <TextArea
                label="Примечание"
                name="notes"
                id="item-notes"
                rows=2
                value=field(|f| f.notes.clone(), |f, v| f.notes = v)
                errors=errors
            />
            <div class="form-actions">
                {move || failure.get().map(|e| view! { <ErrorNotice error=e /> })} <FormErrors errors=errors />
                {move || saved.get().then(|| view! { <p class="notice notice-success">"Сохранено."</p> })}
                <button type="submit" class="btn btn-primary btn-large" disabled=move || save.pending().get()>
                    {if new { "Поставить на склад" } else { "Сохранить" }}
                </button>
            </div>
        </form>
    }
}
