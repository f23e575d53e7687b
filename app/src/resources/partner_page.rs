//! A partner's card (`/resources/partners/<id>`) and the partner form (also `/resources/partners/new`,
//! with `?lat=&lon=` when added from the map). What is typed is kept on the device as a draft until
//! it is saved.

use super::api::*;
use super::labels::{districts_label, help_label};
use super::types::*;
use crate::components::storage::{clear_draft, load_draft, save_draft};
use crate::components::{ErrorNotice, Loading};
use crate::error::{AppError, FieldErrors};
use crate::shell::frame::AppShell;
use crate::time::format_naive_date;
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
    let agreement = p.agreement.clone();
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
            <div class="partner-card">
                <section class="card-block">
                    <h2>"Контакты"</h2>
                    <dl class="facts">
                        <dt>"Адрес"</dt>
                        <dd>{p.address.clone()}</dd>
                        <dt>"Телефоны"</dt>
                        <dd>
                            {p
                                .phones
                                .iter()
                                .map(|ph| {
                                    view! {
                                        <a class="phone" href=format!("tel:{ph}")>
                                            {crate::phone::format_phone(ph)}
                                        </a>
                                        " "
                                    }
                                })
                                .collect_view()}
                        </dd>
                        <dt>"E-mail"</dt>
                        <dd>{p.email.clone().unwrap_or_else(|| "—".into())}</dd>
                        <dt>"Сайт"</dt>
                        <dd>{p.website.clone().unwrap_or_else(|| "—".into())}</dd>
                        <dt>"Контактное лицо"</dt>
                        <dd>
                            {if p.contact_person.is_empty() { "—".to_string() } else { p.contact_person.clone() }}
                        </dd>
                        <dt>"Режим работы"</dt>
                        <dd>{if p.hours.is_empty() { "—".to_string() } else { p.hours.clone() }}</dd>
                        <dt>"Участки"</dt>
                        <dd>{districts_label(&p.districts, &districts)}</dd>
                        <dt>"На карте"</dt>
                        <dd data-testid="partner-location">
                            {match (p.lat, p.lon) {
                                (Some(lat), Some(lon)) => format!("{lat:.6}, {lon:.6}"),
                                _ => "не отмечен".into(),
                            }}
                        </dd>
                    </dl>
                    {(!p.description.is_empty()).then(|| view! { <p class="prose">{p.description.clone()}</p> })}
                </section>
                <section class="card-block">
                    <h2>"Услуги"</h2>
                    {if p.services.is_empty() {
                        view! { <p class="empty">"Услуги не указаны."</p> }.into_any()
                    } else {
                        view! {
                            <ul class="services">
                                {p
                                    .services
                                    .iter()
                                    .map(|s| {
                                        view! {
                                            <li>
                                                <h3>
                                                    {s.name.clone()} " " <span class="badge">{s.cost.label()}</span>
                                                </h3>
                                                {(!s.description.is_empty())
                                                    .then(|| view! { <p>{s.description.clone()}</p> })}
                                                {(!s.eligibility.is_empty())
                                                    .then(|| {
                                                        view! {
                                                            <p class="muted">"Кому: " {s.eligibility.clone()}</p>
                                                        }
                                                    })}
                                                {(!s.hours.is_empty())
                                                    .then(|| {
                                                        view! { <p class="muted">"Приём: " {s.hours.clone()}</p> }
                                                    })}
                                                <ul class="chips-list">
                                                    {s
                                                        .help
                                                        .iter()
                                                        .map(|h| {
                                                            view! { <li class="tag">{help_label(&help_kinds, h)}</li> }
                                                        })
                                                        .collect_view()}
                                                </ul>
                                            </li>
                                        }
                                    })
                                    .collect_view()}
                            </ul>
                        }
                            .into_any()
                    }}
                </section>
                <section class="card-block">
                    <h2>"Соглашение и проверка"</h2>
                    <dl class="facts">
                        <dt>"Соглашение"</dt>
                        <dd>
                            {match &agreement {
                                Some(a) => {
                                    format!(
                                        "№ {} от {}{}{}",
                                        a.number,
                                        format_naive_date(a.date),
                                        a
                                            .until
                                            .map(|u| format!(", до {}", format_naive_date(u)))
                                            .unwrap_or_else(|| ", бессрочно".into()),
                                        if a.in_force(today) { "" } else { " — не действует" },
                                    )
                                }
                                None => "нет".into(),
                            }}
                        </dd>
                        <dt>"Проверено"</dt>
                        <dd>
                            {p
                                .verified_on
                                .map(format_naive_date)
                                .unwrap_or_else(|| "не проверялось".into())}
                            {p.verified_by_name.clone().map(|n| format!(", {n}"))}
                        </dd>
                        <dt>"Изменил(а)"</dt>
                        <dd>{p.updated_by_name.clone()}</dd>
                    </dl>
                </section>
            </div>
        </Show>
    }
}

/// The draft kept on the device: the form and the version it was begun from.
#[derive(Clone, serde::Serialize, serde::Deserialize)]
struct Draft {
    version: i64,
    form: PartnerForm,
}

/// The partner form; `id` None for a new partner.
#[component]
pub fn PartnerEditor(lists: ResourceLists, form: PartnerForm, id: Option<String>, version: i64) -> impl IntoView {
    let draft_key = format!("partner-draft-{}", id.clone().unwrap_or_else(|| "new".into()));
    let restored = RwSignal::new(false);
    let form = RwSignal::new(form);
    let version = RwSignal::new(version);
    let errors = RwSignal::new(FieldErrors::new());
    let failure = RwSignal::new(None::<String>);
    let saved = RwSignal::new(None::<String>);
    {
        let key = draft_key.clone();
        Effect::new(move |first: Option<()>| {
            if first.is_none() {
                if let Some(draft) = load_draft::<Draft>(&key) {
                    if draft.version == version.get_untracked() && draft.form != form.get_untracked() {
                        form.set(draft.form);
                        restored.set(true);
                    }
                }
                return;
            }
            let current = form.get();
            save_draft(&key, &Draft { version: version.get_untracked(), form: current });
        });
    }
    let id_for_save = id.clone();
    let save = Action::new(move |f: &PartnerForm| {
        let f = f.clone();
        let id = id_for_save.clone();
        let v = version.get_untracked();
        async move {
            match id {
                Some(id) => update_partner(id.clone(), v, f).await.map(|v| (id, v)),
                None => create_partner(f).await.map(|id| (id, 1)),
            }
        }
    });
    let is_new = id.is_none();
    let key_for_clear = draft_key.clone();
    Effect::new(move |_| match save.value().get() {
        Some(Ok((id, v))) => {
            clear_draft(&key_for_clear);
            errors.set(FieldErrors::new());
            failure.set(None);
            version.set(v);
            if let Some(window) = web_sys::window() {
                let _ = window.location().assign(&format!("/resources/partners/{id}"));
            }
            saved.set(Some("Сохранено".into()));
        }
        Some(Err(e)) => {
            errors.set(e.field_errors().cloned().unwrap_or_default());
            failure.set(Some(e.form_message()));
        }
        None => {}
    });

    let help_kinds = StoredValue::new(lists.help_kinds.clone());
    let districts = lists.districts.clone();
    let today = lists.today.format("%Y-%m-%d").to_string();
    let err = move |field: &str| errors.with(|e| e.get(field).map(str::to_string));
    let text = move |label: &'static str,
                     field: &'static str,
                     get: fn(&PartnerForm) -> &String,
                     set: fn(&mut PartnerForm, String),
                     kind: &'static str| {
        view! {
            <div class="field" class:has-error=move || err(field).is_some()>
                <label for=field>{label}</label>
                <input
                    id=field
                    name=field
                    type=kind
                    aria-invalid=move || if err(field).is_some() { "true" } else { "false" }
                    prop:value=move || form.with(|f| get(f).clone())
                    on:input=move |ev| form.update(|f| set(f, event_target_value(&ev)))
                />
                {move || {
                    err(field)
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
    };
    view! {
        <form
            class="partner-form"
            novalidate
            on:submit=move |ev| {
                ev.prevent_default();
                save.dispatch(form.get_untracked());
            }
        >
            {move || {
                restored
                    .get()
                    .then(|| {
                        view! {
                            <div class="notice notice-warn" role="status">
                                "Восстановлен несохранённый черновик с этого устройства."
                            </div>
                        }
                    })
            }}
            <fieldset class="form-section">
                <legend>"Организация"</legend>
                <div class="field" class:has-error=move || err("kind").is_some()>
                    <label for="kind">"Вид организации"<span class="req">" *"</span></label>
                    <select
                        id="kind"
                        name="kind"
                        prop:value=move || form.with(|f| f.kind.clone())
                        on:change=move |ev| form.update(|f| f.kind = event_target_value(&ev))
                    >
                        <option value="">"— выберите —"</option>
                        {PartnerKind::ALL
                            .iter()
                            .map(|k| {
                                let code = k.code();
                                view! {
                                    <option value=code selected=move || form.with(|f| f.kind == code)>
                                        {k.label()}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                    {move || {
                        err("kind")
                            .map(|m| {
                                view! {
                                    <p class="field-error" data-error-for="kind">
                                        {m}
                                    </p>
                                }
                            })
                    }}
                </div>
                {text("Наименование *", "name", |f| &f.name, |f, v| f.name = v, "text")}
                <div class="field">
                    <label for="description">"Чем занимается, как обратиться"</label>
                    <textarea
                        id="description"
                        rows="3"
                        prop:value=move || form.with(|f| f.description.clone())
                        on:input=move |ev| form.update(|f| f.description = event_target_value(&ev))
                    ></textarea>
                </div>
                {text("Адрес", "address", |f| &f.address, |f, v| f.address = v, "text")}
                {text(
                    "Телефоны (через запятую)",
                    "phones",
                    |f| &f.phones,
                    |f, v| f.phones = v,
                    "tel",
                )}
                {text("E-mail", "email", |f| &f.email, |f, v| f.email = v, "email")}
                {text("Сайт", "website", |f| &f.website, |f, v| f.website = v, "text")}
                {text(
                    "Контактное лицо",
                    "contact_person",
                    |f| &f.contact_person,
                    |f, v| f.contact_person = v,
                    "text",
                )}
                {text("Режим работы", "hours", |f| &f.hours, |f, v| f.hours = v, "text")}
                <div class="field-row">
                    {text("Широта", "lat", |f| &f.lat, |f, v| f.lat = v, "text")}
                    {text("Долгота", "lon", |f| &f.lon, |f, v| f.lon = v, "text")}
                </div>
                <p class="hint">
                    "Место проще задать на карте: включите «Перемещать отметки» и перетащите отметку."
                </p>
                <fieldset class="field checkbox-group" class:has-error=move || err("districts").is_some()>
                    <legend>
                        "Участки, которые обслуживает (ни одного — весь город)"
                    </legend>
                    <div class="chips">
                        {districts
                            .iter()
                            .map(|d| {
                                let key = d.id.clone();
                                let key2 = d.id.clone();
                                view! {
                                    <label class="chip">
                                        <input
                                            type="checkbox"
                                            name="districts"
                                            value=d.id.clone()
                                            prop:checked=move || form.with(|f| f.districts.contains(&key))
                                            on:change=move |ev| {
                                                let on = event_target_checked(&ev);
                                                let key = key2.clone();
                                                form.update(|f| {
                                                    f.districts.retain(|k| *k != key);
                                                    if on {
                                                        f.districts.push(key);
                                                    }
                                                });
                                            }
                                        />
                                        <span>{d.name.clone()}</span>
                                    </label>
                                }
                            })
                            .collect_view()}
                    </div>
                    {move || {
                        err("districts")
                            .map(|m| {
                                view! {
                                    <p class="field-error" data-error-for="districts">
                                        {m}
                                    </p>
                                }
                            })
                    }}
                </fieldset>
            </fieldset>

            <fieldset class="form-section">
                <legend>"Услуги"</legend>
                {move || err("services").map(|m| view! { <p class="field-error">{m}</p> })}
                {move || {
                    let count = form.with(|f| f.services.len());
                    (0..count)
                        .map(|i| {
                            view! { <ServiceFields i=i form=form errors=errors help_kinds=help_kinds.get_value() /> }
                        })
                        .collect_view()
                }}
                <button
                    type="button"
                    class="btn btn-secondary"
                    on:click=move |_| {
                        form.update(|f| {
                            f.services
                                .push(ServiceForm {
                                    cost: Cost::Free.code().into(),
                                    ..Default::default()
                                })
                        })
                    }
                >
                    "+ Добавить услугу"
                </button>
            </fieldset>

            <fieldset class="form-section">
                <legend>"Соглашение о взаимодействии и проверка"</legend>
                <div class="field-row">
                    {text(
                        "Номер соглашения",
                        "agreement_number",
                        |f| &f.agreement_number,
                        |f, v| f.agreement_number = v,
                        "text",
                    )} {text("Дата", "agreement_date", |f| &f.agreement_date, |f, v| f.agreement_date = v, "date")}
                    {text(
                        "Действует до",
                        "agreement_until",
                        |f| &f.agreement_until,
                        |f, v| f.agreement_until = v,
                        "date",
                    )}
                </div>
                <div class="field-row">
                    {text(
                        "Сведения проверены",
                        "verified_on",
                        |f| &f.verified_on,
                        |f, v| f.verified_on = v,
                        "date",
                    )}
                    <button
                        type="button"
                        class="btn btn-secondary align-end"
                        on:click=move |_| {
                            let t = today.clone();
                            form.update(|f| f.verified_on = t);
                        }
                    >
                        "Проверено сегодня"
                    </button>
                </div>
            </fieldset>

            {move || {
                failure
                    .get()
                    .map(|m| {
                        view! {
                            <div class="notice notice-error" role="alert" data-testid="form-failure">
                                {m}
                            </div>
                        }
                    })
            }}
            {move || {
                saved
                    .get()
                    .map(|m| {
                        view! {
                            <div class="notice notice-success" role="status">
                                {m}
                            </div>
                        }
                    })
            }}
            <div class="form-actions">
                <button class="btn btn-primary" type="submit" disabled=move || save.pending().get()>
                    {move || {
                        if save.pending().get() {
                            "Сохранение…"
                        } else if is_new {
                            "Добавить партнёра"
                        } else {
                            "Сохранить"
                        }
                    }}
                </button>
            </div>
        </form>
    }
}

#[component]
fn ServiceFields(
    i: usize,
    form: RwSignal<PartnerForm>,
    errors: RwSignal<FieldErrors>,
    help_kinds: Vec<HelpKind>,
) -> impl IntoView {
    let err = move |field: &str| errors.with(|e| e.get(&format!("services.{i}.{field}")).map(str::to_string));
    let get = move |g: fn(&ServiceForm) -> String| form.with(|f| f.services.get(i).map(g).unwrap_or_default());
    let set = move |s: fn(&mut ServiceForm, String), v: String| {
        form.update(|f| {
            if let Some(x) = f.services.get_mut(i) {
                s(x, v)
            }
        })
    };
    view! {
        <div class="service-block" data-testid=format!("service-{i}")>
            <div class="field" class:has-error=move || err("name").is_some()>
                <label for=format!("service-{i}-name")>{format!("Услуга {}", i + 1)}</label>
                <input
                    id=format!("service-{i}-name")
                    type="text"
                    prop:value=move || get(|s| s.name.clone())
                    on:input=move |ev| set(|s, v| s.name = v, event_target_value(&ev))
                />
                {move || err("name").map(|m| view! { <p class="field-error">{m}</p> })}
            </div>
            <div class="field">
                <label for=format!("service-{i}-description")>"Что входит"</label>
                <textarea
                    id=format!("service-{i}-description")
                    rows="2"
                    prop:value=move || get(|s| s.description.clone())
                    on:input=move |ev| set(|s, v| s.description = v, event_target_value(&ev))
                ></textarea>
            </div>
            <fieldset class="field checkbox-group" class:has-error=move || err("help").is_some()>
                <legend>"Виды помощи"</legend>
                <div class="chips">
                    {help_kinds
                        .into_iter()
                        .map(|k| {
                            let code = k.code.clone();
                            let code2 = k.code.clone();
                            view! {
                                <label class="chip">
                                    <input
                                        type="checkbox"
                                        value=k.code.clone()
                                        prop:checked=move || {
                                            form.with(|f| f.services.get(i).is_some_and(|s| s.help.contains(&code)))
                                        }
                                        on:change=move |ev| {
                                            let on = event_target_checked(&ev);
                                            let code = code2.clone();
                                            form.update(|f| {
                                                if let Some(s) = f.services.get_mut(i) {
                                                    s.help.retain(|c| *c != code);
                                                    if on {
                                                        s.help.push(code);
                                                    }
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
                {move || err("help").map(|m| view! { <p class="field-error">{m}</p> })}
            </fieldset>
            <div class="field-row">
                <div class="field">
                    <label for=format!("service-{i}-eligibility")>"Кому оказывается"</label>
                    <input
                        id=format!("service-{i}-eligibility")
                        type="text"
                        prop:value=move || get(|s| s.eligibility.clone())
                        on:input=move |ev| set(|s, v| s.eligibility = v, event_target_value(&ev))
                    />
                </div>
                <div class="field" class:has-error=move || err("cost").is_some()>
                    <label for=format!("service-{i}-cost")>"Стоимость"</label>
                    <select
                        id=format!("service-{i}-cost")
                        prop:value=move || get(|s| s.cost.clone())
                        on:change=move |ev| set(|s, v| s.cost = v, event_target_value(&ev))
                    >
                        {Cost::ALL
                            .iter()
                            .map(|c| {
                                let code = c.code();
                                view! {
                                    <option value=code selected=move || get(|s| s.cost.clone()) == code>
                                        {c.label()}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                    {move || err("cost").map(|m| view! { <p class="field-error">{m}</p> })}
                </div>
                <div class="field">
                    <label for=format!("service-{i}-hours")>"Часы приёма"</label>
                    <input
                        id=format!("service-{i}-hours")
                        type="text"
                        prop:value=move || get(|s| s.hours.clone())
                        on:input=move |ev| set(|s, v| s.hours = v, event_target_value(&ev))
                    />
                </div>
            </div>
            <button
                type="button"
                class="btn btn-link"
                on:click=move |_| {
                    form.update(|f| {
                        if i < f.services.len() {
                            f.services.remove(i);
                        }
                    })
                }
            >
                "Удалить услугу"
            </button>
        </div>
    }
}
