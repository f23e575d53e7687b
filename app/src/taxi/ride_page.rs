//! A request for the social taxi: the form of a new one (`/taxi/new?date=&case=&elder=`) and its
//! card (`/taxi/<id>`) — what was asked, the confirmation with a driver and a car (refused when
//! they are taken at that time, unless the ride is shared), «выполнена», the cancellation with
//! its reason, the corrections while it is still to be driven, and its history.

use super::api::{cancel_ride, confirm_ride, ride_done, save_ride, taxi_ride, taxi_start, RideBlank, RideDetails};
use super::types::*;
use crate::components::fields::{options_of, FieldValue, SelectField, TextArea, TextField, Toggle};
use crate::components::{ErrorNotice, FormErrors, Loading};
use crate::error::{AppError, FieldErrors};
use crate::people::picker::PersonPicker;
use crate::shell::frame::AppShell;
use crate::time::{format_datetime, format_iso_date, format_naive_date};
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};

#[component]
pub fn NewRidePage() -> impl IntoView {
    let map = use_query_map();
    let start = Resource::new(
        move || {
            map.with(|m| {
                (
                    m.get("date").unwrap_or_default(),
                    m.get("case").unwrap_or_default(),
                    m.get("elder").unwrap_or_default(),
                )
            })
        },
        |(date, case, elder)| taxi_start(date, case, elder),
    );
    view! {
        <AppShell title="Заявка на социальное такси">
            <div class="page-head">
                <div>
                    <a class="back" href="/taxi">
                        "← Социальное такси"
                    </a>
                    <h1>"Заявка на социальное такси"</h1>
                </div>
            </div>
            <Transition fallback=|| {
                view! { <Loading /> }
            }>
                {move || Suspend::new(async move {
                    match start.await {
                        Ok(blank) => view! { <NewRide blank=blank /> }.into_any(),
                        Err(e) => view! { <ErrorNotice error=e /> }.into_any(),
                    }
                })}
            </Transition>
        </AppShell>
    }
}

#[component]
fn NewRide(blank: RideBlank) -> impl IntoView {
    let navigate = use_navigate();
    let saved = Callback::new(move |id: String| navigate(&format!("/taxi/{id}?created=1"), Default::default()));
    view! { <RideFormView initial=blank.form id=String::new() version=0 saved=saved /> }
}

/// The request's form: who, why, from and to, when, wheelchair and escort. What was typed stays
/// on the screen when the server refuses it.
#[component]
fn RideFormView(initial: RideForm, id: String, version: i64, saved: Callback<String>) -> impl IntoView {
    let is_new = id.is_empty();
    let form = RwSignal::new(RideForm { person: PersonForm::default(), ..initial.clone() });
    let person = RwSignal::new(initial.person.clone());
    let errors = RwSignal::new(FieldErrors::new());
    let failure = RwSignal::new(None::<AppError>);
    let target = StoredValue::new((id, version));
    let save = Action::new(move |f: &RideForm| {
        let f = f.clone();
        let (id, version) = target.get_value();
        async move { save_ride(id, version, f).await }
    });
    Effect::new(move |_| match save.value().get() {
        Some(Ok(id)) => saved.run(id),
        Some(Err(AppError::Validation(e))) => {
            failure.set(None);
            errors.set(e);
        }
        Some(Err(e)) => failure.set(Some(e)),
        None => {}
    });
    let purposes = Signal::stored(options_of(Purpose::ALL, Purpose::code, Purpose::label));
    let field = move |get: fn(&RideForm) -> String, set: fn(&mut RideForm, String)| FieldValue::of(form, get, set);
    let flag = move |get: fn(&RideForm) -> bool, set: fn(&mut RideForm, bool)| FieldValue::of(form, get, set);
    let escort = Memo::new(move |_| form.with(|f| f.escort));
    view! {
        <form
            class="card taxi-form"
            novalidate
            data-testid="ride-form"
            on:submit=move |ev: leptos::ev::SubmitEvent| {
                ev.prevent_default();
                let mut f = form.get_untracked();
                f.person = person.get_untracked();
                save.dispatch(f);
            }
        >
            <PersonPicker person=person errors=errors legend="Кто едет" label="Пассажир" />
            <fieldset>
                <legend>"Куда и зачем"</legend>
                <div class="grid-2">
                    <SelectField
                        label="Цель поездки"
                        name="purpose"
                        id="ride-purpose"
                        required=true
                        value=field(|f| f.purpose.clone(), |f, v| f.purpose = v)
                        options=purposes
                        empty_label="— выберите —"
                        errors=errors
                    />
                    <TextField
                        label="Учреждение"
                        name="destination"
                        id="ride-destination"
                        placeholder="Югорская городская больница, поликлиника"
                        value=field(|f| f.destination.clone(), |f, v| f.destination = v)
                        errors=errors
                    />
                </div>
                <TextField
                    label="Откуда"
                    name="from_address"
                    id="ride-from"
                    hint="Пусто — от дома пассажира"
                    value=field(|f| f.from_address.clone(), |f, v| f.from_address = v)
                    errors=errors
                />
                <TextField
                    label="Куда (адрес)"
                    name="to_address"
                    id="ride-to"
                    required=true
                    placeholder="г. Югорск, ул. Попова, д. 29"
                    value=field(|f| f.to_address.clone(), |f, v| f.to_address = v)
                    errors=errors
                />
            </fieldset>
            <fieldset>
                <legend>"Когда"</legend>
                <div class="grid-3">
                    <TextField
                        label="Дата поездки"
                        name="day"
                        id="ride-day"
                        kind="date"
                        required=true
                        hint="Только рабочий день"
                        value=field(|f| f.day.clone(), |f, v| f.day = v)
                        errors=errors
                    />
                    <TextField
                        label="Время подачи"
                        name="time"
                        id="ride-time"
                        kind="time"
                        required=true
                        hint="С 07:00 до 20:00"
                        value=field(|f| f.time.clone(), |f, v| f.time = v)
                        errors=errors
                    />
                    <TextField
                        label="Машина занята, мин"
                        name="minutes"
                        id="ride-minutes"
                        inputmode="numeric"
                        hint="Дорога, ожидание и обратно; обычно 60"
                        value=field(|f| f.minutes.clone(), |f, v| f.minutes = v)
                        errors=errors
                    />
                </div>
                <div class="taxi-toggles">
                    <Toggle
                        label="Туда и обратно"
                        name="return_trip"
                        testid="ride-return"
                        value=flag(|f| f.return_trip, |f, v| f.return_trip = v)
                    />
                    <Toggle
                        label="На кресле-коляске"
                        name="wheelchair"
                        testid="ride-wheelchair"
                        value=flag(|f| f.wheelchair, |f, v| f.wheelchair = v)
                    />
                    <Toggle
                        label="С сопровождающим"
                        name="escort"
                        testid="ride-escort"
                        value=flag(|f| f.escort, |f, v| f.escort = v)
                    />
                </div>
                <Show when=move || escort.get()>
                    <TextField
                        label="Кто сопровождает"
                        name="escort_name"
                        id="ride-escort-name"
                        placeholder="дочь, Кузнецова Ольга"
                        value=field(|f| f.escort_name.clone(), |f, v| f.escort_name = v)
                        errors=errors
                    />
                </Show>
                <TextArea
                    label="Примечание для водителя"
                    name="note"
                    id="ride-note"
                    rows=2
                    value=field(|f| f.note.clone(), |f, v| f.note = v)
                    errors=errors
                />
            </fieldset>
            <div class="form-actions">
                {move || failure.get().map(|e| view! { <ErrorNotice error=e /> })} <FormErrors errors=errors />
                <button type="submit" class="btn btn-primary btn-large" disabled=move || save.pending().get()>
                    {if is_new { "Принять заявку" } else { "Сохранить изменения" }}
                </button>
            </div>
        </form>
    }
}

#[component]
pub fn RidePage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").unwrap_or_default()));
    let details = Resource::new(move || id.get(), taxi_ride);
    let refresh = Callback::new(move |_: ()| details.refetch());
    let created = query.with_untracked(|q| q.get("created").is_some());
    view! {
        <AppShell title="Заявка на такси">
            <Transition fallback=|| {
                view! { <Loading /> }
            }>
                {move || Suspend::new(async move {
                    match details.await {
                        Ok(d) => view! { <RideView details=d refresh=refresh created=created /> }.into_any(),
                        Err(e) => view! { <ErrorNotice error=e /> }.into_any(),
                    }
                })}
            </Transition>
        </AppShell>
    }
}

#[component]
fn RideView(details: RideDetails, refresh: Callback<()>, created: bool) -> impl IntoView {
    let ride = details.ride.clone();
    let open = ride.status.is_open();
    let phone = crate::phone::format_phone(&ride.person.phone);
    let day_link = format!("/taxi?date={}", format_iso_date(ride.day));
    let saved = Callback::new(move |_: String| refresh.run(()));
    view! {
        <div class="page-head">
            <div>
                <a class="back" href=day_link.clone()>
                    {format!("← Заявки на {}", format_naive_date(ride.day))}
                </a>
                <h1>{format!("Заявка на такси № {}", ride.number)}</h1>
                <p class="muted">
                    {format!("{} · {} {}", ride.person.full_name, format_naive_date(ride.day), ride.window())}
                </p>
            </div>
            <div class="actions">
                <a
                    class="btn btn-secondary"
                    href=format!("/taxi/schedule?date={}", format_iso_date(ride.day))
                    data-testid="ride-schedule"
                >
                    "Расписание дня — печать"
                </a>
            </div>
        </div>
        {(created && ride.status == RideStatus::Requested)
            .then(|| {
                view! {
                    <p class="notice notice-success" data-testid="created-notice">
                        "Заявка принята. Подтвердите её, когда известны водитель и машина."
                    </p>
                }
            })}
        <section class="card ride-card" data-testid="ride-card">
            <p>
                <span class=ride.status.badge() data-testid="ride-status">
                    {ride.status.label()}
                </span>
            </p>
            <dl class="facts">
                <dt>"Пассажир"</dt>
                <dd>
                    <strong>{ride.person.full_name.clone()}</strong>
                    {(!ride.person.phone.is_empty())
                        .then(|| {
                            view! {
                                " · "
                                <a href=format!("tel:{}", ride.person.phone)>{phone}</a>
                            }
                        })}
                    {ride
                        .person
                        .case_id
                        .clone()
                        .map(|c| {
                            view! {
                                " · "
                                <a href=format!("/cases/{c}")>"Открыть случай"</a>
                            }
                        })}
                </dd>
                <dt>"Цель"</dt>
                <dd>
                    {ride.purpose.label()} {(!ride.destination.is_empty()).then(|| format!(": {}", ride.destination))}
                </dd>
                <dt>"Откуда"</dt>
                <dd>{ride.from_address.clone()}</dd>
                <dt>"Куда"</dt>
                <dd>{ride.to_address.clone()} {ride.return_trip.then_some(" — туда и обратно")}</dd>
                <dt>"Когда"</dt>
                <dd>
                    {format!(
                        "{}, подача {}, машина занята до {}",
                        format_naive_date(ride.day),
                        ride.time,
                        format_minutes(ride.end()),
                    )}
                </dd>
                <dt>"Особенности"</dt>
                <dd>
                    {match (ride.wheelchair, ride.escort) {
                        (false, false) => "без коляски, без сопровождающего".to_string(),
                        (w, e) => {
                            [
                                w.then(|| "на кресле-коляске".to_string()),
                                e
                                    .then(|| {
                                        if ride.escort_name.is_empty() {
                                            "с сопровождающим".to_string()
                                        } else {
                                            format!("сопровождает: {}", ride.escort_name)
                                        }
                                    }),
                            ]
                                .into_iter()
                                .flatten()
                                .collect::<Vec<_>>()
                                .join(", ")
                        }
                    }}
                </dd>
                {(!ride.note.is_empty())
                    .then(|| {
                        view! {
                            <dt>"Примечание"</dt>
                            <dd>{ride.note.clone()}</dd>
                        }
                    })}
                {(!ride.driver.is_empty())
                    .then(|| {
                        view! {
                            <dt>"Водитель, машина"</dt>
                            <dd data-testid="ride-crew">{format!("{}, {}", ride.driver, ride.vehicle)}</dd>
                        }
                    })}
                {(!ride.cancel_reason.is_empty())
                    .then(|| {
                        view! {
                            <dt>"Причина отмены"</dt>
                            <dd>{ride.cancel_reason.clone()}</dd>
                        }
                    })}
                <dt>"Принял(а)"</dt>
                <dd>{ride.created_by_name.clone()}</dd>
            </dl>
        </section>
        {open
            .then(|| {
                view! {
                    <div class="grid-2 ride-actions">
                        <ConfirmForm details=details.clone() refresh=refresh />
                        <div class="ride-side">
                            {(ride.status == RideStatus::Confirmed)
                                .then(|| view! { <DoneButton ride=ride.clone() refresh=refresh /> })}
                            <CancelForm ride=ride.clone() refresh=refresh />
                        </div>
                    </div>
                    <details class="card ride-edit">
                        <summary>"Изменить заявку"</summary>
                        <RideFormView initial=RideForm::of(&ride) id=ride.id.clone() version=ride.version saved=saved />
                    </details>
                }
            })}
        <section class="card">
            <h2>"История"</h2>
            <ul class="ride-history" data-testid="ride-history">
                {ride
                    .history
                    .iter()
                    .rev()
                    .map(|h| {
                        view! {
                            <li>
                                <span class="muted">{format!("{} · {} · ", format_datetime(h.at), h.by_name)}</span>
                                {h.text.clone()}
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </section>
    }
}

/// Who drives, in which car; the recent drivers and cars as one-tap choices.
#[component]
fn ConfirmForm(details: RideDetails, refresh: Callback<()>) -> impl IntoView {
    let ride = details.ride;
    let form = RwSignal::new(super::types::ConfirmForm {
        driver: ride.driver.clone(),
        vehicle: ride.vehicle.clone(),
        shared: false,
    });
    let errors = RwSignal::new(FieldErrors::new());
    let failure = RwSignal::new(None::<AppError>);
    let target = StoredValue::new((ride.id.clone(), ride.version));
    let save = Action::new(move |f: &super::types::ConfirmForm| {
        let f = f.clone();
        let (id, version) = target.get_value();
        async move { confirm_ride(id, version, f).await }
    });
    Effect::new(move |_| match save.value().get() {
        Some(Ok(())) => refresh.run(()),
        Some(Err(AppError::Validation(e))) => {
            failure.set(None);
            errors.set(e);
        }
        Some(Err(e)) => failure.set(Some(e)),
        None => {}
    });
    let field = move |get: fn(&super::types::ConfirmForm) -> String,
                      set: fn(&mut super::types::ConfirmForm, String)| {
        FieldValue::of(form, get, set)
    };
    let again = ride.status == RideStatus::Confirmed;
    view! {
        <form
            class="card"
            novalidate
            data-testid="confirm-form"
            on:submit=move |ev: leptos::ev::SubmitEvent| {
                ev.prevent_default();
                save.dispatch(form.get_untracked());
            }
        >
            <h2>
                {if again {
                    "Другой водитель или машина"
                } else {
                    "Подтвердить заявку"
                }}
            </h2>
            <TextField
                label="Водитель"
                name="driver"
                id="confirm-driver"
                required=true
                placeholder="Иванов Пётр Сергеевич"
                value=field(|f| f.driver.clone(), |f, v| f.driver = v)
                errors=errors
            />
            <Suggestions values=details.drivers testid="known-drivers" set=move |v| form.update(|f| f.driver = v) />
            <TextField
                label="Машина и госномер"
                name="vehicle"
                id="confirm-vehicle"
                required=true
                placeholder="ГАЗель А123ВС 186"
                value=field(|f| f.vehicle.clone(), |f, v| f.vehicle = v)
                errors=errors
            />
            <Suggestions values=details.vehicles testid="known-vehicles" set=move |v| form.update(|f| f.vehicle = v) />
            <Toggle
                label="Совместная поездка: машина в это время уже везёт другого пассажира, и так задумано"
                name="shared"
                testid="confirm-shared"
                value=FieldValue::of(form, |f| f.shared, |f, v| f.shared = v)
            />
            {move || failure.get().map(|e| view! { <ErrorNotice error=e /> })}
            <FormErrors errors=errors />
            <button type="submit" class="btn btn-primary btn-large" disabled=move || save.pending().get()>
                {if again { "Назначить" } else { "Подтвердить" }}
            </button>
        </form>
    }
}

#[component]
fn Suggestions(
    values: Vec<String>,
    testid: &'static str,
    set: impl Fn(String) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    (!values.is_empty()).then(|| {
        view! {
            <p class="taxi-suggestions" data-testid=testid>
                <span class="muted">"Недавние: "</span>
                {values
                    .into_iter()
                    .take(8)
                    .map(|v| {
                        let value = v.clone();
                        view! {
                            <button type="button" class="chip" on:click=move |_| set(value.clone())>
                                {v}
                            </button>
                        }
                    })
                    .collect_view()}
            </p>
        }
    })
}

#[component]
fn DoneButton(ride: Ride, refresh: Callback<()>) -> impl IntoView {
    let target = StoredValue::new((ride.id.clone(), ride.version));
    let act = Action::new(move |_: &()| {
        let (id, version) = target.get_value();
        async move { ride_done(id, version).await }
    });
    Effect::new(move |_| {
        if let Some(Ok(())) = act.value().get() {
            refresh.run(());
        }
    });
    view! {
        <section class="card">
            <h2>"Поездка состоялась"</h2>
            <button
                type="button"
                class="btn btn-primary btn-large"
                data-testid="ride-done"
                disabled=move || act.pending().get()
                on:click=move |_| {
                    act.dispatch(());
                }
            >
                "Отметить выполненной"
            </button>
            {move || {
                act.value()
                    .get()
                    .and_then(Result::err)
                    .map(|e| {
                        view! {
                            <p class="field-error" data-error-for="status">
                                {e.message_for("status")}
                            </p>
                        }
                    })
            }}
        </section>
    }
}

#[component]
fn CancelForm(ride: Ride, refresh: Callback<()>) -> impl IntoView {
    let form = RwSignal::new(super::types::CancelForm::default());
    let errors = RwSignal::new(FieldErrors::new());
    let failure = RwSignal::new(None::<AppError>);
    let target = StoredValue::new((ride.id.clone(), ride.version));
    let save = Action::new(move |f: &super::types::CancelForm| {
        let f = f.clone();
        let (id, version) = target.get_value();
        async move { cancel_ride(id, version, f).await }
    });
    Effect::new(move |_| match save.value().get() {
        Some(Ok(())) => refresh.run(()),
        Some(Err(AppError::Validation(e))) => {
            failure.set(None);
            errors.set(e);
        }
        Some(Err(e)) => failure.set(Some(e)),
        None => {}
    });
    view! {
        <form
            class="card"
            novalidate
            data-testid="cancel-form"
            on:submit=move |ev: leptos::ev::SubmitEvent| {
                ev.prevent_default();
                save.dispatch(form.get_untracked());
            }
        >
            <h2>"Отменить"</h2>
            <TextField
                label="Причина отмены"
                name="reason"
                id="cancel-reason"
                required=true
                placeholder="Пассажир заболел, перенёс приём"
                value=FieldValue::of(form, |f| f.reason.clone(), |f, v| f.reason = v)
                errors=errors
            />
            {move || failure.get().map(|e| view! { <ErrorNotice error=e /> })}
            <FormErrors errors=errors />
            <button type="submit" class="btn btn-danger" disabled=move || save.pending().get()>
                "Отменить заявку"
            </button>
        </form>
    }
}
