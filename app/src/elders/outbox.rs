//! Contacts waiting on the device («ждёт отправки»). A caseworker on her round records a call
//! in a village with no signal: the contact is kept on the tablet at once (under her account
//! only, `components::storage`), sent as soon as the connection returns (the browser's
//! `online` event and a retry every few seconds), and recorded once on the server even when it
//! is sent twice (its `client_key`). A contact the server refuses for good (the person left the
//! registry, a date too old) stays on the device with the reason until she mends or drops it.

use super::api::{check_contact, record_contact, refused};
use super::types::{Contact, ContactForm};
use crate::components::reconnect::retry_while_open;
use crate::components::storage::{load_draft, save_draft};
use crate::error::FieldErrors;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The storage key of the queue (under the signed-in user).
const KEY: &str = "elders-outbox";

/// A contact on the device.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Queued {
    pub elder_id: String,
    pub elder_name: String,
    pub form: ContactForm,
    /// Why the server refused it, when it did for good.
    pub refusal: Option<String>,
}

/// A key for a new contact on this device: letters and digits, unique enough for one device.
pub fn new_client_key() -> String {
    #[cfg(target_arch = "wasm32")]
    {
        let random = (js_sys::Math::random() * 1e15) as u64;
        format!("c{:x}{:x}", js_sys::Date::now() as u64, random)
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        String::new()
    }
}

/// The queue and what this page sent, shared by the page's parts.
#[derive(Clone, Copy)]
pub struct Outbox {
    pub queued: RwSignal<Vec<Queued>>,
    /// Contacts sent from this page, the latest last: rows of the round leave the list.
    pub sent: RwSignal<Vec<Contact>>,
    sending: RwSignal<bool>,
}

impl Outbox {
    /// The queue of this device, read once the page is in the browser, and sent at once.
    pub fn provide() -> Outbox {
        let outbox =
            Outbox { queued: RwSignal::new(vec![]), sent: RwSignal::new(vec![]), sending: RwSignal::new(false) };
        Effect::new(move |_| {
            outbox.queued.set(load_draft::<Vec<Queued>>(KEY).unwrap_or_default());
            outbox.flush();
        });
        retry_while_open(5_000, move || outbox.flush());
        provide_context(outbox);
        outbox
    }

    fn store(&self, queue: Vec<Queued>) {
        save_draft(KEY, &queue);
        self.queued.set(queue);
    }

    /// Keeps a contact on the device and sends it; the form's mistakes come back first, checked
    /// on the device by the server's own rules.
    pub fn record(&self, elder_id: &str, elder_name: &str, form: ContactForm) -> Result<(), FieldErrors> {
        check_contact(&form)?;
        let mut queue = load_draft::<Vec<Queued>>(KEY).unwrap_or_default();
        queue.retain(|q| q.form.client_key != form.client_key);
        if queue.len() >= super::api::OUTBOX_LIMIT {
            let mut errors = FieldErrors::new();
            errors.add("form", "На устройстве слишком много неотправленных контактов: дождитесь связи");
            return Err(errors);
        }
        queue.push(Queued { elder_id: elder_id.to_string(), elder_name: elder_name.to_string(), form, refusal: None });
        self.store(queue);
        self.flush();
        Ok(())
    }

    /// Drops a refused contact from the device.
    pub fn discard(&self, client_key: &str) {
        let mut queue = load_draft::<Vec<Queued>>(KEY).unwrap_or_default();
        queue.retain(|q| q.form.client_key != client_key);
        self.store(queue);
    }

    /// Whether the person has a contact waiting on the device.
    pub fn waiting_for(&self, elder_id: &str) -> bool {
        self.queued.with(|q| q.iter().any(|c| c.elder_id == elder_id && c.refusal.is_none()))
    }

    /// Whether the person was reached from this page.
    pub fn sent_to(&self, elder_id: &str) -> bool {
        self.sent.with(|s| s.iter().any(|c| c.elder_id == elder_id))
    }

    /// Sends what waits, one by one, until the connection fails again.
    pub fn flush(&self) {
        let this = *self;
        if this.sending.get_untracked() {
            return;
        }
        // The device's queue as it is now (another tab, or a sign-in since the page opened).
        let stored = load_draft::<Vec<Queued>>(KEY).unwrap_or_default();
        if stored != this.queued.get_untracked() {
            this.queued.set(stored);
        }
        if this.queued.with_untracked(|q| q.iter().all(|c| c.refusal.is_some())) {
            return;
        }
        this.sending.set(true);
        leptos::task::spawn_local(async move {
            let waiting: Vec<Queued> =
                this.queued.get_untracked().into_iter().filter(|q| q.refusal.is_none()).collect();
            for item in waiting {
                let outcome = record_contact(item.elder_id.clone(), item.form.clone()).await;
                let mut queue = load_draft::<Vec<Queued>>(KEY).unwrap_or_default();
                match outcome {
                    Ok(contact) => {
                        queue.retain(|q| q.form.client_key != item.form.client_key);
                        this.store(queue);
                        this.sent.update(|s| s.push(contact));
                    }
                    Err(e) if refused(&e) => {
                        if let Some(q) = queue.iter_mut().find(|q| q.form.client_key == item.form.client_key) {
                            q.refusal = Some(e.messages().join("; "));
                        }
                        this.store(queue);
                    }
                    // No connection (or the server is busy): everything stays for the next try.
                    Err(_) => break,
                }
            }
            this.sending.set(false);
        });
    }
}

/// The contacts waiting on this device, with those refused and why.
#[component]
pub fn OutboxNotice() -> impl IntoView {
    let outbox = expect_context::<Outbox>();
    view! {
        <Show when=move || outbox.queued.with(|q| !q.is_empty())>
            <section class="card outbox" data-testid="elders-outbox" aria-live="polite">
                <h2>"Ждут отправки с этого устройства"</h2>
                <p class="muted">
                    "Контакты сохранены на планшете и уйдут сами, как только появится связь."
                </p>
                <ul class="outbox-list">
                    <For
                        each=move || outbox.queued.get()
                        key=|q| (q.form.client_key.clone(), q.refusal.clone())
                        let:item
                    >
                        {
                            let key = item.form.client_key.clone();
                            let at = crate::time::parse_datetime_local(&item.form.at)
                                .map(crate::time::format_datetime)
                                .unwrap_or_default();
                            view! {
                                <li class:refused=item.refusal.is_some()>
                                    <a href=format!("/elders/{}", item.elder_id)>{item.elder_name.clone()}</a>
                                    " · "
                                    {at}
                                    {match item.refusal.clone() {
                                        None => {
                                            view! { <span class="badge badge-open">"ждёт отправки"</span> }
                                                .into_any()
                                        }
                                        Some(why) => {
                                            view! {
                                                <span class="field-error">{format!("Не принят: {why}")}</span>
                                                <button
                                                    type="button"
                                                    class="btn btn-ghost btn-small"
                                                    on:click=move |_| outbox.discard(&key)
                                                >
                                                    "Удалить с устройства"
                                                </button>
                                            }
                                                .into_any()
                                        }
                                    }}
                                </li>
                            }
                        }
                    </For>
                </ul>
            </section>
        </Show>
    }
}
