//! The editing of a case's details on its page, with the choice when someone else saved
//! meanwhile.

use super::api::{get_case, load_case_lists, update_case};
use super::form::CaseFormFields;
use super::form_state::{keep_draft, CaseFields};
use super::types::*;
use crate::components::storage::clear_draft;
use crate::components::{ErrorNotice, FormErrors, Loading};
use crate::error::{AppError, FieldErrors};
use leptos::prelude::*;

#[component]
pub(crate) fn EditCase(
    details: CaseDetails,
    on_saved: Callback<CaseDetails>,
    on_cancel: Callback<()>,
) -> impl IntoView {
    let initial = CaseForm::from_case(&details.case);
    let fields = CaseFields::new(&initial);
    let errors = RwSignal::new(FieldErrors::new());
    let failure = RwSignal::new(None::<AppError>);
    let restored = RwSignal::new(false);
    // The version these edits are based on; a draft started on an older one keeps that one, so
    // that saving it meets the conflict and the user chooses.
    let version = RwSignal::new(details.case.version);
    // Someone else saved meanwhile: their version, and the message.
    let conflict = RwSignal::new(None::<(CaseDetails, String)>);
    let id = details.case.id.clone();
    let key = format!("opora.draft.case.{id}");
    keep_draft(
        key.clone(),
        fields,
        initial,
        details.case.version,
        Callback::new(move |draft_version| {
            restored.set(true);
            version.set(draft_version);
        }),
    );
    let lists = Resource::new(|| (), |_| load_case_lists());
    let id_for_save = id.clone();
    let save =
        Action::new(move |form: &CaseForm| update_case(id_for_save.clone(), version.get_untracked(), form.clone()));
    let key_for_result = key.clone();
    Effect::new(move |_| match save.value().get() {
        Some(Ok(updated)) => {
            clear_draft(&key_for_result);
            on_saved.run(updated);
        }
        Some(Err(AppError::Validation(e))) => {
            failure.set(None);
            errors.set(e);
        }
        Some(Err(AppError::Conflict(message))) => {
            failure.set(None);
            let id = id.clone();
            leptos::task::spawn_local(async move {
                if let Ok(latest) = get_case(id).await {
                    conflict.set(Some((latest, message)));
                }
            });
        }
        Some(Err(e)) => failure.set(Some(e)),
        None => {}
    });
    let can_assign = details.can_assign;
    let can_approve = details.can_approve_plan;
    view! {
        <form
            class="card case-form"
            novalidate
            on:submit=move |ev: leptos::ev::SubmitEvent| {
                ev.prevent_default();
                save.dispatch(fields.snapshot());
            }
        >
            <h2>"Изменение сведений"</h2>
            <Show when=move || restored.get()>
                <div class="notice notice-info" role="status">
                    "Восстановлен несохранённый черновик с этого устройства."
                </div>
            </Show>
            {move || {
                conflict
                    .get()
                    .map(|(latest, message)| {
                        let on_overwrite = Callback::new(move |_| {
                            version.set(latest.case.version);
                            conflict.set(None);
                            save.dispatch(fields.snapshot());
                        });
                        let key = key.clone();
                        let on_discard = Callback::new(move |_| {
                            clear_draft(&key);
                            on_saved.run(latest.clone());
                        });
                        view! { <ConflictNotice message=message on_overwrite=on_overwrite on_discard=on_discard /> }
                    })
            }}
            <Suspense fallback=|| {
                view! { <Loading /> }
            }>
                {move || Suspend::new(async move {
                    match lists.await {
                        Ok(lists) => {
                            view! {
                                <CaseFormFields
                                    fields=fields
                                    errors=errors
                                    lists=lists
                                    can_assign=can_assign
                                    can_approve=can_approve
                                />
                            }
                                .into_any()
                        }
                        Err(e) => view! { <ErrorNotice error=e /> }.into_any(),
                    }
                })}
            </Suspense>
            <div class="form-actions sticky-actions">
                {move || failure.get().map(|e| view! { <ErrorNotice error=e /> })} <FormErrors errors=errors />
                <div class="buttons">
                    <button type="submit" class="btn btn-primary btn-large" disabled=move || save.pending().get()>
                        "Сохранить"
                    </button>
                    <button type="button" class="btn btn-ghost" on:click=move |_| on_cancel.run(())>
                        "Отмена"
                    </button>
                </div>
            </div>
        </form>
    }
}

/// Someone else saved the case meanwhile: the edits stay in the form, and the user chooses.
#[component]
fn ConflictNotice(message: String, on_overwrite: Callback<()>, on_discard: Callback<()>) -> impl IntoView {
    view! {
        <div class="notice notice-warn conflict" role="alert">
            <p>
                <strong>"Случай изменили, пока вы редактировали. "</strong>
                {message}
            </p>
            <p>
                "Ваши правки остались в форме. Сохранить их поверх или отказаться от них и посмотреть сохранённое?"
            </p>
            <div class="buttons">
                <button type="button" class="btn btn-primary" on:click=move |_| on_overwrite.run(())>
                    "Сохранить мои правки поверх"
                </button>
                <button type="button" class="btn btn-ghost" on:click=move |_| on_discard.run(())>
                    "Отказаться от моих правок"
                </button>
            </div>
        </div>
    }
}
