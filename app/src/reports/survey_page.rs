//! `/cases/<id>/survey`: the monitoring questionnaire of a family whose ИПССС is concluded,
//! filled on the tablet at the last visit or during a phone call. Large choices for a finger,
//! answers kept on the device as they are given; with no connection they wait there and go by
//! themselves when it returns.

use super::monitoring::{Answer, QuestionKind, SurveyForm, SurveyPage, SurveyWay};
use super::monitoring_api::{load_survey, save_survey};
use crate::components::fields::{CompactInput, CompactTextArea, FieldValue};
use crate::components::reconnect::{online, retry_while_open};
use crate::components::storage::{clear_draft, keep_draft};
use crate::components::{ErrorNotice, FormErrors, Loading};
use crate::error::{AppError, FieldErrors};
use crate::shell::frame::AppShell;
use crate::time::format_naive_date;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use serde::{Deserialize, Serialize};

#[component]
pub fn SurveyPageView() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").unwrap_or_default()));
    let data = Resource::new(move || id.get(), load_survey);
    view! {
        <AppShell title="Анкета мониторинга">
            <Transition fallback=|| {
                view! { <Loading /> }
            }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(page) => view! { <Questionnaire page=page /> }.into_any(),
                        Err(e) => view! { <ErrorNotice error=e /> }.into_any(),
                    }
                })}
            </Transition>
        </AppShell>
    }
}

/// What is typed, as kept on the device.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
struct Typed {
    way: String,
    respondent: String,
    answers: Vec<Answer>,
}

impl Typed {
    fn value(&self, question: &str) -> String {
        self.answers.iter().find(|a| a.question == question).map(|a| a.value.clone()).unwrap_or_default()
    }

    fn set(&mut self, question: &str, value: String) {
        match self.answers.iter_mut().find(|a| a.question == question) {
            Some(a) => a.value = value,
            None => self.answers.push(Answer { question: question.to_string(), text: String::new(), value }),
        }
    }
}

#[component]
fn Questionnaire(page: SurveyPage) -> impl IntoView {
    let stored = page.survey.as_ref().map(|s| Typed {
        way: s.way.code().to_string(),
        respondent: s.respondent.clone(),
        answers: s.answers.clone(),
    });
    let on_server = StoredValue::new(stored.clone().unwrap_or_default());
    let typed = RwSignal::new(stored.unwrap_or_default());
    let seen = RwSignal::new(page.survey.as_ref().map(|s| s.version).unwrap_or(0));
    let restored = RwSignal::new(false);
    let key = StoredValue::new(format!("survey-{}-{}", page.case_id, page.quarter));
    keep_draft(key, typed, Signal::stored(true), restored, move |t| *t == on_server.get_value());
    let errors = RwSignal::new(FieldErrors::new());
    let message = RwSignal::new(None::<(bool, String)>);
    let saving = RwSignal::new(false);
    let waiting = RwSignal::new(false);
    let case_id = StoredValue::new(page.case_id.clone());
    let quarter = StoredValue::new(page.quarter.clone());
    let send = move || {
        saving.set(true);
        message.set(None);
        let now = typed.get_untracked();
        let form = SurveyForm {
            case_id: case_id.get_value(),
            quarter: quarter.get_value(),
            way: now.way.clone(),
            respondent: now.respondent.clone(),
            answers: now.answers.clone(),
            seen_version: seen.get_untracked(),
        };
        leptos::task::spawn_local(async move {
            match save_survey(form).await {
                Ok(version) => {
                    seen.set(version);
                    waiting.set(false);
                    errors.set(FieldErrors::new());
                    on_server.set_value(now.clone());
                    if typed.get_untracked() == now {
                        clear_draft(&key.get_value());
                    }
                    restored.set(false);
                    message.set(Some((true, "Анкета сохранена".into())));
                }
                Err(e) => {
                    if let Some(found) = e.field_errors() {
                        errors.set(found.clone());
                    }
                    let network = matches!(e, AppError::Network(_));
                    waiting.set(network);
                    let text = if network {
                        "Нет связи — ответы ждут отправки на устройстве и уйдут сами, когда связь вернётся.".to_string()
                    } else {
                        e.messages().join("; ")
                    };
                    message.set(Some((false, text)));
                }
            }
            saving.set(false);
        });
    };
    retry_while_open(5_000, move || {
        if waiting.get_untracked() && !saving.get_untracked() && online() {
            send();
        }
    });
    let answered = move || typed.with(|t| SurveyWay::from_code(&t.way).is_some_and(SurveyWay::answered));
    let concluded = match &page.concluded {
        Some((outcome, on)) => format!("Заключение от {}: {outcome}", format_naive_date(*on)),
        None => "ИПССС ещё выполняется: заключение в плане не записано".to_string(),
    };
    let respondent =
        FieldValue::new(move || typed.with(|t| t.respondent.clone()), move |v| typed.update(|t| t.respondent = v));
    let questions = page.questions.into_iter().filter(|q| q.active).collect::<Vec<_>>();
    view! {
        <div class="page-head">
            <div>
                <a class="back" href=format!("/cases/{}", page.case_id)>
                    {format!("← Случай № {}", page.case_number)}
                </a>
                <h1>"Анкета мониторинга"</h1>
                <p class="muted">
                    {format!(
                        "{} · {} уровень сопровождения · {} · ответы идут в мониторинг за {}",
                        page.case_title,
                        page.support_level,
                        concluded,
                        page.quarter_words,
                    )}
                </p>
            </div>
        </div>
        <section class="card survey-form" data-testid="survey-form">
            <Show when=move || restored.get()>
                <p class="notice" role="status">
                    "Ответы восстановлены с этого устройства — они ещё не сохранены в Опоре."
                </p>
            </Show>
            <FormErrors errors=errors />
            <fieldset class="survey-question">
                <legend>"Как проведён опрос"</legend>
                <div class="survey-options" role="radiogroup">
                    {SurveyWay::ALL
                        .iter()
                        .map(|w| {
                            let code = w.code();
                            view! {
                                <label class="survey-option">
                                    <input
                                        type="radio"
                                        name="way"
                                        value=code
                                        prop:checked=move || typed.with(|t| t.way == code)
                                        on:change=move |_| typed.update(|t| t.way = code.to_string())
                                    />
                                    {w.label()}
                                </label>
                            }
                        })
                        .collect_view()}
                </div>
                <p class="field-error">{move || errors.with(|e| e.get("way").map(str::to_string))}</p>
            </fieldset>
            <Show when=answered>
                <CompactInput
                    label="Кто отвечал (например, «мать, Иванова А. П.»)"
                    name="respondent"
                    value=respondent
                    errors=errors
                />
                {questions
                    .clone()
                    .into_iter()
                    .enumerate()
                    .map(|(n, q)| {
                        let id = StoredValue::new(q.id.clone());
                        let error_key = format!("answers.{}", q.id);
                        let title = format!("{}. {}", n + 1, q.text);
                        match q.kind {
                            QuestionKind::Choice => {
                                view! {
                                    <fieldset class="survey-question" data-question=q.id.clone()>
                                        <legend>{title}</legend>
                                        <div class="survey-options" role="radiogroup">
                                            {q
                                                .options
                                                .iter()
                                                .map(|o| {
                                                    let option = StoredValue::new(o.clone());
                                                    view! {
                                                        <label class="survey-option">
                                                            <input
                                                                type="radio"
                                                                name=format!("answer-{}", q.id)
                                                                value=o.clone()
                                                                prop:checked=move || {
                                                                    typed
                                                                        .with(|t| t.value(&id.get_value()) == option.get_value())
                                                                }
                                                                on:change=move |_| {
                                                                    typed.update(|t| t.set(&id.get_value(), option.get_value()))
                                                                }
                                                            />
                                                            {o.clone()}
                                                        </label>
                                                    }
                                                })
                                                .collect_view()}
                                        </div>
                                        <p class="field-error">
                                            {move || errors.with(|e| e.get(&error_key).map(str::to_string))}
                                        </p>
                                    </fieldset>
                                }
                                    .into_any()
                            }
                            QuestionKind::Text => {
                                let value = FieldValue::new(
                                    move || typed.with(|t| t.value(&id.get_value())),
                                    move |v| typed.update(|t| t.set(&id.get_value(), v)),
                                );
                                view! { <CompactTextArea label=title name=error_key value=value errors=errors /> }
                                    .into_any()
                            }
                        }
                    })
                    .collect_view()}
            </Show>
            <div class="actions">
                <button type="button" class="btn btn-primary" on:click=move |_| send() disabled=move || saving.get()>
                    {move || if saving.get() { "Сохраняем…" } else { "Сохранить анкету" }}
                </button>
                <span
                    role="status"
                    aria-live="polite"
                    class=move || match message.get() {
                        Some((true, _)) => "save-ok",
                        Some((false, _)) if waiting.get() => "save-waiting",
                        Some((false, _)) => "save-error",
                        None => "",
                    }
                >
                    {move || message.get().map(|(_, t)| t)}
                </span>
            </div>
        </section>
    }
}
