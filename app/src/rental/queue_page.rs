//! «Записать в очередь» (`/rental/queue`): a person who needs an aid of a kind none of which is
//! free is written down; when one comes back it is held for whoever waits longest, and the
//! caseworker who wrote them down sees it on the rental page.

use super::api::add_to_queue;
use super::types::*;
use crate::components::fields::{options_of, FieldValue, SelectField, TextArea};
use crate::components::{ErrorNotice, FormErrors};
use crate::error::{AppError, FieldErrors};
use crate::people::picker::PersonPicker;
use crate::shell::frame::AppShell;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};

#[component]
pub fn QueuePage() -> impl IntoView {
    let query = use_query_map();
    let kind = query.with_untracked(|q| q.get("kind").unwrap_or_default());
    let form = RwSignal::new(WaitForm { kind, ..WaitForm::default() });
    let person = RwSignal::new(PersonForm::default());
    let errors = RwSignal::new(FieldErrors::new());
    let failure = RwSignal::new(None::<AppError>);
    let navigate = use_navigate();
    let save = Action::new(move |f: &WaitForm| {
        let f = f.clone();
        async move { add_to_queue(f).await }
    });
    Effect::new(move |_| match save.value().get() {
        Some(Ok(_)) => navigate("/rental?queued=1", Default::default()),
        Some(Err(AppError::Validation(e))) => {
            failure.set(None);
            errors.set(e);
        }
        Some(Err(e)) => failure.set(Some(e)),
        None => {}
    });
    let kinds = Signal::stored(options_of(AidKind::ALL, AidKind::code, AidKind::label));
    view! {
        <AppShell title="Запись в очередь">
            <div class="page-head">
                <div>
                    <a class="back" href="/rental">
                        "← Пункт проката"
                    </a>
                    <h1>"Запись в очередь на средство реабилитации"</h1>
                    <p class="muted">
                        "Когда изделие вернут, его отложат для того, кто ждёт дольше всех, а вы увидите это на странице пункта проката."
                    </p>
                </div>
            </div>
            <form
                class="card rental-form"
                novalidate
                data-testid="queue-form"
                on:submit=move |ev: leptos::ev::SubmitEvent| {
                    ev.prevent_default();
                    let mut f = form.get_untracked();
                    f.person = person.get_untracked();
                    save.dispatch(f);
                }
            >
                <SelectField
                    label="Что нужно"
                    name="kind"
                    id="queue-kind"
                    required=true
                    value=FieldValue::of(form, |f| f.kind.clone(), |f, v| f.kind = v)
                    options=kinds
                    empty_label="— выберите —"
                    errors=errors
                />
                <PersonPicker person=person errors=errors />
                <TextArea
                    label="Примечание"
                    name="note"
                    id="queue-note"
                    rows=2
                    value=FieldValue::of(form, |f| f.note.clone(), |f, v| f.note = v)
                    errors=errors
                />
                <div class="form-actions">
                    {move || failure.get().map(|e| view! { <ErrorNotice error=e /> })} <FormErrors errors=errors />
                    <button type="submit" class="btn btn-primary btn-large" disabled=move || save.pending().get()>
                        "Записать в очередь"
                    </button>
                </div>
            </form>
        </AppShell>
    }
}
