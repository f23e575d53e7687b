//! A partner's page (`/resources/partners/<id>`): the card, archiving, and the form to change it;
//! `/resources/partners/new` (with `?lat=&lon=` when added from the map) is the form alone.

use super::api::*;
use super::partner_card::PartnerCard;
use super::partner_form::PartnerEditor;
use super::types::*;
use crate::components::{ErrorNotice, Loading};
use crate::error::AppError;
use crate::shell::frame::AppShell;
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn NewPartnerPage() -> impl IntoView {
    let query = use_query_map();
    let lists = Resource::new(|| (), |_| load_resource_lists());
    view! {
        <AppShell title="Новый партнёр">
            <a class="back" href="/resources?tab=registry">
                "← Реестр партнёров"
            </a>
            <h1>"Новый партнёр"</h1>
            <Suspense fallback=|| {
                view! { <Loading /> }
            }>
                {move || Suspend::new(async move {
                    match lists.await {
                        Ok(lists) => {
                            let mut form = PartnerForm {
                                kind: String::new(),
                                lat: query.with_untracked(|q| q.get("lat").unwrap_or_default()),
                                lon: query.with_untracked(|q| q.get("lon").unwrap_or_default()),
                                districts: if lists.my_districts.len() == 1 {
                                    lists.my_districts.clone()
                                } else {
                                    vec![]
                                },
                                services: vec![
                                    ServiceForm {
                                        cost: Cost::Free.code().into(),
                                        ..Default::default()
                                    },
                                ],
                                ..Default::default()
                            };
                            form.verified_on = lists.today.format("%Y-%m-%d").to_string();
                            view! { <PartnerEditor lists=lists form=form id=None version=0 /> }.into_any()
                        }
                        Err(e) => view! { <ErrorNotice error=e /> }.into_any(),
                    }
                })}
            </Suspense>
        </AppShell>
    }
}

#[component]
pub fn PartnerPage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").unwrap_or_default()));
    let data = Resource::new(
        move || id.get(),
        |id| async move {
            let lists = load_resource_lists().await?;
            let details = get_partner(id).await?;
            Ok::<_, AppError>((lists, details))
        },
    );
    view! {
        <AppShell title="Партнёр">
            <a class="back" href="/resources?tab=registry">
                "← Реестр партнёров"
            </a>
            <Suspense fallback=|| {
                view! { <Loading label="Загрузка карточки…" /> }
            }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok((lists, details)) => view! { <PartnerView lists=lists details=details /> }.into_any(),
                        Err(e) => view! { <ErrorNotice error=e /> }.into_any(),
                    }
                })}
            </Suspense>
        </AppShell>
    }
}

#[component]
fn PartnerView(lists: ResourceLists, details: PartnerDetails) -> impl IntoView {
    let editing = RwSignal::new(false);
    let p = details.partner.clone();
    let today = details.today;
    let version = RwSignal::new(p.version);
    let archived = RwSignal::new(p.archived);
    let failure = RwSignal::new(None::<String>);
    let id = p.id.clone();
    let archive = Action::new(move |on: &bool| archive_partner(id.clone(), version.get_untracked(), *on));
    Effect::new(move |_| match archive.value().get() {
        Some(Ok(v)) => {
            version.set(v);
            archived.update(|a| *a = !*a);
            failure.set(None);
        }
        Some(Err(e)) => failure.set(Some(e.to_string())),
        None => {}
    });
    let help_kinds = lists.help_kinds.clone();
    let districts = lists.districts.clone();
    let form = PartnerForm::from_partner(&p);
    let lists_for_editor = lists.clone();
    let editable = details.editable;
    let partner_id = p.id.clone();
    view! {
        <div class="page-head">
            <div>
                <p class="kind-label">
                    <span class="dot" style=format!("background:{}", p.kind.color())></span>
                    {p.kind.label()}
                </p>
                <h1>{p.name.clone()}</h1>
                {move || archived.get().then(|| view! { <p class="badge badge-danger">"В архиве"</p> })}
            </div>
            {editable
                .then(|| {
                    view! {
                        <div class="actions">
                            <button class="btn btn-primary" on:click=move |_| editing.update(|e| *e = !*e)>
                                {move || if editing.get() { "Закрыть форму" } else { "Изменить" }}
                            </button>
                            <button
                                class="btn btn-secondary"
                                on:click=move |_| {
                                    archive.dispatch(!archived.get_untracked());
                                }
                            >
                                {move || {
                                    if archived.get() { "Вернуть из архива" } else { "В архив" }
                                }}
                            </button>
                        </div>
                    }
                })}
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
        <Show
            when=move || !editing.get()
            fallback=move || {
                view! {
                    <PartnerEditor
                        lists=lists_for_editor.clone()
                        form=form.clone()
                        id=Some(partner_id.clone())
                        version=version.get_untracked()
                    />
                }
            }
        >
            <PartnerCard partner=p.clone() help_kinds=help_kinds.clone() districts=districts.clone() today=today />
        </Show>
    }
}
