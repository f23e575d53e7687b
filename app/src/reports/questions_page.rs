//! `/reports/monitoring/questions`: the head keeps the questionnaire of the monitoring — the
//! wording, one answer from a list or a free answer, the order, and which questions are asked
//! now. A question taken off stays in the answers already given, as it was asked.

use super::monitoring::{Question, QuestionKind, QuestionList, MAX_QUESTIONS};
use super::monitoring_api::{load_questions, save_questions};
use crate::components::fields::{CompactInput, CompactSelect, CompactTextArea, FieldValue, Toggle};
use crate::components::storage::{clear_draft, keep_draft};
use crate::components::{ErrorNotice, FormErrors, Loading};
use crate::error::FieldErrors;
use crate::shell::frame::AppShell;
use leptos::prelude::*;

#[component]
pub fn QuestionsPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| load_questions());
    view! {
        <AppShell title="Вопросы анкеты мониторинга">
            <div class="page-head">
                <div>
                    <a class="back" href="/reports/monitoring">
                        "← Мониторинг"
                    </a>
                    <h1>"Вопросы анкеты мониторинга"</h1>
                    <p class="muted">
                        "Анкета для семей, завершивших ИПССС. Изменения действуют для новых ответов; уже данные ответы хранят вопросы такими, какими их задали."
                    </p>
                </div>
            </div>
            <Transition fallback=|| {
                view! { <Loading /> }
            }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(list) => view! { <Editor list=list /> }.into_any(),
                        Err(e) => view! { <ErrorNotice error=e /> }.into_any(),
                    }
                })}
            </Transition>
        </AppShell>
    }
}

/// The questions as edited: each with a key of this page, so that moving one keeps its fields.
type Rows = RwSignal<Vec<(u32, Question)>>;

#[component]
fn Editor(list: QuestionList) -> impl IntoView {
    let on_server = StoredValue::new(list.questions.clone());
    let rows: Rows = RwSignal::new(list.questions.into_iter().enumerate().map(|(i, q)| (i as u32, q)).collect());
    // The device keeps the questions as typed (without the page's keys).
    let typed = RwSignal::new(rows.with_untracked(|r| r.iter().map(|(_, q)| q.clone()).collect::<Vec<_>>()));
    let restored = RwSignal::new(false);
    keep_draft(StoredValue::new("monitoring-questions".to_string()), typed, Signal::stored(true), restored, move |t| {
        *t == on_server.get_value()
    });
    // A draft brought back from the device replaces the rows once.
    Effect::new(move |_| {
        if restored.get() {
            let back = typed.get_untracked();
            rows.set(back.into_iter().enumerate().map(|(i, q)| (i as u32, q)).collect());
        }
    });
    Effect::new(move |_| {
        let now: Vec<Question> = rows.with(|r| r.iter().map(|(_, q)| q.clone()).collect());
        if now != typed.get_untracked() {
            typed.set(now);
        }
    });
    let version = RwSignal::new(list.version);
    let errors = RwSignal::new(FieldErrors::new());
    let message = RwSignal::new(None::<(bool, String)>);
    let saving = RwSignal::new(false);
    let add = move |_| {
        rows.update(|r| {
            let key = r.iter().map(|(k, _)| *k + 1).max().unwrap_or(0);
            r.push((
                key,
                Question {
                    id: String::new(),
                    text: String::new(),
                    kind: QuestionKind::Choice,
                    options: vec![],
                    active: true,
                },
            ));
        })
    };
    let save = move |_| {
        saving.set(true);
        message.set(None);
        let questions: Vec<Question> = rows.with_untracked(|r| r.iter().map(|(_, q)| q.clone()).collect());
        let seen = version.get_untracked();
        leptos::task::spawn_local(async move {
            match save_questions(questions.clone(), seen).await {
                Ok(v) => {
                    version.set(v);
                    errors.set(FieldErrors::new());
                    // The ids given to new questions come back with the next load; until then the
                    // saved list stands as it was sent.
                    on_server.set_value(questions);
                    clear_draft("monitoring-questions");
                    restored.set(false);
                    message.set(Some((true, "Анкета сохранена".into())));
                }
                Err(e) => {
                    if let Some(found) = e.field_errors() {
                        errors.set(found.clone());
                    }
                    message.set(Some((false, e.messages().join("; "))));
                }
            }
            saving.set(false);
        });
    };
    view! {
        <Show when=move || restored.get()>
            <p class="notice" role="status">
                "Правки восстановлены с этого устройства — они ещё не сохранены."
            </p>
        </Show>
        <FormErrors errors=errors />
        <For
            each=move || rows.with(|r| r.iter().map(|(k, _)| *k).collect::<Vec<_>>())
            key=|k| *k
            children=move |k| view! { <QuestionEditor key=k rows=rows errors=errors /> }
        />
        <div class="actions">
            <button
                type="button"
                class="btn btn-secondary"
                on:click=add
                disabled=move || rows.with(|r| r.len() >= MAX_QUESTIONS)
            >
                "Добавить вопрос"
            </button>
            <button type="button" class="btn btn-primary" on:click=save disabled=move || saving.get()>
                {move || if saving.get() { "Сохраняем…" } else { "Сохранить анкету" }}
            </button>
            <span
                role="status"
                aria-live="polite"
                class=move || match message.get() {
                    Some((true, _)) => "save-ok",
                    Some((false, _)) => "save-error",
                    None => "",
                }
            >
                {move || message.get().map(|(_, t)| t)}
            </span>
        </div>
    }
}

/// One question: its wording, kind, options (one per line), whether it is asked, its place.
#[component]
fn QuestionEditor(key: u32, rows: Rows, errors: RwSignal<FieldErrors>) -> impl IntoView {
    let index = Memo::new(move |_| rows.with(|r| r.iter().position(|(k, _)| *k == key)));
    let read = move |f: fn(&Question) -> String| {
        move || rows.with(|r| r.iter().find(|(k, _)| *k == key).map(|(_, q)| f(q)).unwrap_or_default())
    };
    let write = move |f: fn(&mut Question, String)| {
        move |v: String| {
            rows.update(|r| {
                if let Some((_, q)) = r.iter_mut().find(|(k, _)| *k == key) {
                    f(q, v)
                }
            })
        }
    };
    let error = move |field: &'static str| {
        Signal::derive(move || {
            let i = index.get()?;
            errors.with(|e| e.get(&format!("questions.{i}.{field}")).map(str::to_string))
        })
    };
    let text = FieldValue::new(read(|q| q.text.clone()), write(|q, v| q.text = v));
    let kind = FieldValue::new(
        read(|q| q.kind.code().to_string()),
        write(|q, v| {
            if let Some(k) = QuestionKind::from_code(&v) {
                q.kind = k;
            }
        }),
    );
    let options = FieldValue::new(
        read(|q| q.options.join("\n")),
        write(|q, v| q.options = v.split('\n').map(str::to_string).collect()),
    );
    let active = FieldValue::new(
        move || rows.with(|r| r.iter().find(|(k, _)| *k == key).is_some_and(|(_, q)| q.active)),
        move |v: bool| {
            rows.update(|r| {
                if let Some((_, q)) = r.iter_mut().find(|(k, _)| *k == key) {
                    q.active = v
                }
            })
        },
    );
    let kinds = Signal::stored(
        QuestionKind::ALL.iter().map(|k| (k.code().to_string(), k.label().to_string())).collect::<Vec<_>>(),
    );
    let shift = move |by: isize| {
        rows.update(|r| {
            if let Some(i) = r.iter().position(|(k, _)| *k == key) {
                let j = i as isize + by;
                if j >= 0 && (j as usize) < r.len() {
                    r.swap(i, j as usize);
                }
            }
        })
    };
    let remove = move |_| {
        rows.update(|r| r.retain(|(k, _)| *k != key));
    };
    let unsaved = move || rows.with(|r| r.iter().find(|(k, _)| *k == key).is_some_and(|(_, q)| q.id.is_empty()));
    let choice =
        move || rows.with(|r| r.iter().find(|(k, _)| *k == key).is_some_and(|(_, q)| q.kind == QuestionKind::Choice));
    view! {
        <section class="card question-editor" data-testid="question">
            <div class="section-head">
                <h2>{move || format!("Вопрос {}", index.get().map(|i| i + 1).unwrap_or(0))}</h2>
                <div class="actions">
                    <button type="button" class="btn btn-ghost" aria-label="Выше" on:click=move |_| shift(-1)>
                        "↑"
                    </button>
                    <button type="button" class="btn btn-ghost" aria-label="Ниже" on:click=move |_| shift(1)>
                        "↓"
                    </button>
                    // A question already asked is taken off the survey, not deleted: its answers stay.
                    <Show when=unsaved>
                        <button type="button" class="btn btn-ghost" on:click=remove>
                            "Убрать"
                        </button>
                    </Show>
                </div>
            </div>
            <CompactInput label="Текст вопроса" name="text" value=text error=error("text") />
            <CompactSelect label="Ответ" name="kind" value=kind options=kinds />
            <Show when=choice>
                <CompactTextArea
                    label="Варианты ответа, каждый с новой строки"
                    name="options"
                    value=options
                    error=error("options")
                />
            </Show>
            <Toggle label="Задавать в анкете" value=active />
        </section>
    }
}
