//! What a partner's page shows of it: contacts, services, the agreement and the verification.

use super::labels::{districts_label, help_label};
use super::types::*;
use crate::time::format_naive_date;
use leptos::prelude::*;

#[component]
pub(crate) fn PartnerCard(
    partner: Partner,
    help_kinds: Vec<HelpKind>,
    districts: Vec<DistrictShape>,
    today: chrono::NaiveDate,
) -> impl IntoView {
    let p = partner;
    let agreement = p.agreement.clone();
    view! {
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
                    <dd>{if p.contact_person.is_empty() { "—".to_string() } else { p.contact_person.clone() }}</dd>
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
            <ServicesBlock services=p.services.clone() help_kinds=help_kinds />
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
                        {p.verified_on.map(format_naive_date).unwrap_or_else(|| "не проверялось".into())}
                        {p.verified_by_name.clone().map(|n| format!(", {n}"))}
                    </dd>
                    <dt>"Изменил(а)"</dt>
                    <dd>{p.updated_by_name.clone()}</dd>
                </dl>
            </section>
        </div>
    }
}

/// The partner's services, each with its cost, whom it is for, its hours and kinds of help.
#[component]
fn ServicesBlock(services: Vec<Service>, help_kinds: Vec<HelpKind>) -> impl IntoView {
    view! {
        <section class="card-block">
            <h2>"Услуги"</h2>
            {if services.is_empty() {
                view! { <p class="empty">"Услуги не указаны."</p> }.into_any()
            } else {
                view! {
                    <ul class="services">
                        {services
                            .iter()
                            .map(|s| {
                                view! {
                                    <li>
                                        <h3>{s.name.clone()} " " <span class="badge">{s.cost.label()}</span></h3>
                                        {(!s.description.is_empty()).then(|| view! { <p>{s.description.clone()}</p> })}
                                        {(!s.eligibility.is_empty())
                                            .then(|| {
                                                view! { <p class="muted">"Кому: " {s.eligibility.clone()}</p> }
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
    }
}
