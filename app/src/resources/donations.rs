//! The registries of benefactors and beneficiaries (seed 003 items 24–25): who is ready to help
//! with what, and which families need donated help, linked to their cases and to the benefactor
//! who took them on.

use super::api::load_donations;
use super::donation_forms::{BenefactorEditor, BeneficiaryEditor};
use super::donation_tables::{BenefactorsTable, BeneficiariesTable};
use super::types::*;
use crate::components::fields::Toggle;
use crate::components::{AfterHydration, ErrorNotice, Loading};
use leptos::prelude::*;

#[derive(Clone, PartialEq)]
enum Editing {
    Nothing,
    Benefactor(Option<Benefactor>),
    Beneficiary(Option<Beneficiary>),
}

#[component]
pub(crate) fn DonationsTab(lists: ResourceLists) -> impl IntoView {
    let archived = RwSignal::new(false);
    let shown = RwSignal::new(DONATIONS_PAGE);
    Effect::new(move |_| {
        archived.track();
        shown.set(DONATIONS_PAGE);
    });
    let data =
        Resource::new(move || (archived.get(), shown.get()), |(archived, shown)| load_donations(archived, Some(shown)));
    let editing = RwSignal::new(Editing::Nothing);
    let lists = StoredValue::new(lists);
    let done = Callback::new(move |_: ()| {
        editing.set(Editing::Nothing);
        data.refetch();
    });
    view! {
        <div class="toolbar">
            <Toggle label="Показать архив" value=archived />
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
                            let (families_shown, families_total) = (d.beneficiaries.len(), d.beneficiaries_total);
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
                                    <BenefactorsTable
                                        benefactors=d.benefactors
                                        kinds=kinds.clone()
                                        districts=districts.clone()
                                        can_edit=can_edit
                                        on_edit=Callback::new(move |b| editing.set(Editing::Benefactor(Some(b))))
                                    />
                                </section>
                                <section class="card-block">
                                    <div class="section-head">
                                        <h2>{format!("Благополучатели ({})", d.beneficiaries_total)}</h2>
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
                                    <BeneficiariesTable
                                        beneficiaries=d.beneficiaries
                                        kinds=kinds
                                        districts=districts
                                        can_edit=can_edit
                                        on_edit=Callback::new(move |b| editing.set(Editing::Beneficiary(Some(b))))
                                    />
                                    {(families_total > families_shown)
                                        .then(|| {
                                            let rest = families_total - families_shown;
                                            view! {
                                                <div class="list-more">
                                                    <span class="muted">
                                                        {format!(
                                                            "Показано {families_shown} из {families_total}",
                                                        )}
                                                    </span>
                                                    <button
                                                        class="btn btn-secondary"
                                                        on:click=move |_| shown.update(|n| *n += DONATIONS_PAGE)
                                                    >
                                                        {format!(
                                                            "Показать ещё {}",
                                                            rest.min(DONATIONS_PAGE),
                                                        )}
                                                    </button>
                                                </div>
                                            }
                                        })}
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
