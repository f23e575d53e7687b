//! The new-case form (`/cases/new`, `?entry=<id>` when the case comes from a journal entry).

use super::api::{blank_case, create_case, CaseLists, NewCase};
use super::form::CaseFormFields;
use super::form_state::{keep_draft, CaseFields};
use super::types::*;
use crate::components::storage::clear_draft;
use crate::components::{ErrorNotice, FormErrors, Loading};
use crate::error::{AppError, FieldErrors};
use crate::shell::frame::AppShell;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};

/// Where a case opened from another record comes from.
#[derive(Debug, Clone, PartialEq)]
pub struct CaseOrigin {
    /// The page «← Назад» leads to.
    pub back: String,
    /// «Из реестра 55+: Иванова Анна Петровна».
    pub label: String,
    /// Names the draft kept on the device, e.g. «elder.<key>».
    pub draft: String,
}

#[component]
pub fn NewCasePage() -> impl IntoView {
    let query = use_query_map();
    let from = Memo::new(move |_| {
        query.with(|q| (q.get("entry").unwrap_or_default(), q.get("application").unwrap_or_default()))
    });
    let blank = Resource::new(move || from.get(), |(entry, application)| blank_case(entry, application));
    view! {
        <AppShell title="Новый случай">
            <Suspense fallback=|| {
                view! { <Loading /> }
            }>
                {move || Suspend::new(async move {
                    match blank.await {
                        Ok(new) => view! { <NewCaseForm new=new /> }.into_any(),
                        Err(e) => view! { <ErrorNotice error=e /> }.into_any(),
                    }
                })}
            </Suspense>
        </AppShell>
    }
}

/// The new-case form. A part of the system that opens a case from its own record (the registry
/// 55+) gives where it came from: `origin` (the back link, the words under the heading and the
/// draft's name on the device) and `created`, called with the new case's key instead of opening
/// the case, so that it can link its record first.
#[component]
pub fn NewCaseForm(
    new: NewCase,
    #[prop(optional)] origin: Option<CaseOrigin>,
    #[prop(optional)] created: Option<Callback<String>>,
) -> impl IntoView {
    let fields = CaseFields::new(&new.form);
    let errors = RwSignal::new(FieldErrors::new());
    let failure = RwSignal::new(None::<AppError>);
    let restored = RwSignal::new(false);
    let key = match &origin {
        Some(o) => format!("opora.draft.case.new.{}", o.draft),
        None => format!("opora.draft.case.new.{}{}", new.form.journal_entry, new.form.application),
    };
    keep_draft(key.clone(), fields, new.form.clone(), 0, Callback::new(move |_| restored.set(true)));
    let navigate = use_navigate();
    let save = Action::new(move |form: &CaseForm| create_case(form.clone()));
    Effect::new(move |_| match save.value().get() {
        Some(Ok(id)) => {
            clear_draft(&key);
            match created {
                Some(created) => created.run(id),
                None => navigate(&format!("/cases/{id}"), Default::default()),
            }
        }
        Some(Err(AppError::Validation(e))) => {
            failure.set(None);
            errors.set(e);
        }
        Some(Err(e)) => failure.set(Some(e)),
        None => {}
    });
    let lists = CaseLists { staff: new.staff.clone(), districts: new.districts.clone() };
    view! {
        <div class="page-head">
            <div>
                <a
                    class="back"
                    href=if let Some(o) = &origin {
                        o.back.clone()
                    } else if new.entry_label.is_some() {
                        format!("/journal/{}", new.form.journal_entry)
                    } else if new.application_label.is_some() {
                        format!("/applications/{}", new.form.application)
                    } else {
                        "/board".into()
                    }
                >
                    "← Назад"
                </a>
                <h1>"Новый случай"</h1>
                {origin
                    .as_ref()
                    .map(|o| {
                        view! {
                            <p class="muted" data-testid="case-origin">
                                {o.label.clone()}
                            </p>
                        }
                    })}
                {new.entry_label.clone().map(|l| view! { <p class="muted">"По обращению " {l}</p> })}
                {new
                    .application_label
                    .clone()
                    .map(|l| {
                        view! {
                            <p class="muted" data-testid="from-application">
                                "По заявлению "
                                {l}
                            </p>
                        }
                    })}
            </div>
        </div>
        <form
            class="case-form"
            novalidate
            on:submit=move |ev: leptos::ev::SubmitEvent| {
                ev.prevent_default();
                save.dispatch(fields.snapshot());
            }
        >
            <Show when=move || restored.get()>
                <div class="notice notice-info" role="status">
                    "Восстановлен несохранённый черновик с этого устройства."
                </div>
            </Show>
            <CaseFormFields
                fields=fields
                errors=errors
                lists=lists
                can_assign=new.can_assign
                can_approve=new.can_assign
            />
            <div class="form-actions sticky-actions">
                {move || failure.get().map(|e| view! { <ErrorNotice error=e /> })} <FormErrors errors=errors />
                <div class="buttons">
                    <button type="submit" class="btn btn-primary btn-large" disabled=move || save.pending().get()>
                        {move || {
                            if save.pending().get() { "Сохранение…" } else { "Открыть случай" }
                        }}
                    </button>
                </div>
            </div>
        </form>
    }
}
