//! What the map's side panel shows of a partner and of a district.

use super::labels::{districts_label, help_label};
use super::map_state::Boundary;
use super::types::*;
use crate::time::format_naive_date;
use leptos::prelude::*;

#[component]
pub(crate) fn PartnerSummaryCard(
    partner: PartnerSummary,
    help_kinds: Vec<HelpKind>,
    districts: Vec<DistrictShape>,
) -> impl IntoView {
    let coordinates = match (partner.lat, partner.lon) {
        (Some(lat), Some(lon)) => format!("{lat:.6}, {lon:.6}"),
        _ => "не отмечен на карте".into(),
    };
    view! {
        <section class="panel-card" data-testid="partner-summary">
            <p class="kind-label">
                <span class="dot" style=format!("background:{}", partner.kind.color())></span>
                {partner.kind.label()}
            </p>
            <h2>{partner.name.clone()}</h2>
            <p>{partner.address.clone()}</p>
            {partner
                .phone
                .clone()
                .map(|ph| {
                    view! {
                        <p>
                            <a href=format!("tel:{ph}")>{crate::phone::format_phone(&ph)}</a>
                        </p>
                    }
                })}
            <p class="muted">"Участки: " {districts_label(&partner.districts, &districts)}</p>
            <p class="muted" data-testid="partner-coordinates">
                "Координаты: "
                {coordinates}
            </p>
            <ul class="chips-list">
                {partner
                    .help
                    .iter()
                    .map(|h| view! { <li class="tag">{help_label(&help_kinds, h)}</li> })
                    .collect_view()}
            </ul>
            <a class="btn btn-primary" href=format!("/resources/partners/{}", partner.id)>
                "Открыть карточку"
            </a>
        </section>
    }
}

#[component]
pub(crate) fn DistrictSummary(
    district: DistrictShape,
    partners: usize,
    can_edit_boundary: bool,
    boundary: RwSignal<Boundary>,
) -> impl IntoView {
    let id = district.id.clone();
    let editing_this = move || boundary.get() == Boundary::Editing(id.clone());
    let start_id = district.id.clone();
    let save_id = district.id.clone();
    view! {
        <section class="panel-card" data-testid="district-summary">
            <h2>{district.name.clone()}</h2>
            {if district.overdue {
                view! { <p class="badge badge-danger">"⚠ Паспорт просрочен"</p> }.into_any()
            } else {
                view! { <p class="badge badge-ok">"Паспорт актуален"</p> }.into_any()
            }}
            <p class="muted">
                "Проверен: "
                {district.verified_on.map(format_naive_date).unwrap_or_else(|| "никогда".into())}
            </p>
            <p>
                "Партнёров на участке (с учётом работающих по всему городу): "
                <strong>{partners}</strong>
            </p>
            <a class="btn btn-primary" href=format!("/resources/districts/{}", district.id)>
                "Открыть паспорт участка"
            </a>
            {(can_edit_boundary && !district.rings.is_empty())
                .then(|| {
                    view! {
                        <Show
                            when=editing_this.clone()
                            fallback=move || {
                                let id = start_id.clone();
                                view! {
                                    <button
                                        class="btn btn-secondary"
                                        on:click=move |_| boundary.set(Boundary::Editing(id.clone()))
                                    >
                                        "Изменить границу"
                                    </button>
                                }
                            }
                        >
                            <p class="hint" data-testid="boundary-hint">
                                "Перетащите углы участка на карте, затем сохраните."
                            </p>
                            <div class="toolbar">
                                <button
                                    class="btn btn-primary"
                                    on:click={
                                        let id = save_id.clone();
                                        move |_| boundary.set(Boundary::Saving(id.clone()))
                                    }
                                >
                                    "Сохранить границу"
                                </button>
                                <button class="btn btn-secondary" on:click=move |_| boundary.set(Boundary::Idle)>
                                    "Отменить"
                                </button>
                            </div>
                        </Show>
                    }
                })}
        </section>
    }
}
