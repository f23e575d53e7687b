//! The letter of the answer: a scan or a PDF attached to a sent or answered request, opened from
//! the request's page. It is sent as soon as it is chosen (nothing typed waits on it); a file
//! attached again replaces the previous one.

#[cfg(feature = "hydrate")]
use super::api::attach_answer_file;
use super::types::AnswerFile;
use crate::stored_files::{size_text, MAX_FILE};
use crate::time::format_datetime;
use leptos::prelude::*;

#[component]
pub fn AnswerFileField(inquiry_id: String, file: Option<AnswerFile>, can_attach: bool) -> impl IntoView {
    let file = RwSignal::new(file);
    let input = NodeRef::<leptos::html::Input>::new();
    let busy = RwSignal::new(false);
    let problem = RwSignal::new(None::<String>);
    let href = format!("/inquiries/files/{inquiry_id}");
    let target = StoredValue::new(inquiry_id);
    let chosen = move |_| {
        #[cfg(feature = "hydrate")]
        {
            use crate::error::AppError;
            let Some(element) = input.get_untracked() else { return };
            busy.set(true);
            problem.set(None);
            leptos::task::spawn_local(async move {
                let outcome = match crate::components::files::read_file(&element).await {
                    // Too large to be kept: said at once, not after sending it on a weak connection.
                    Ok((name, bytes)) if bytes.len() > MAX_FILE => Err(format!(
                        "«{name}» больше {} МБ — отсканируйте с меньшим разрешением",
                        MAX_FILE / (1024 * 1024)
                    )),
                    Ok((name, bytes)) => {
                        match attach_answer_file(target.get_value(), name, crate::components::files::base64(&bytes))
                            .await
                        {
                            Ok(attached) => Ok(attached),
                            Err(AppError::Network(_)) => {
                                Err("Нет связи: файл не отправлен. Приложите его, когда связь появится.".to_string())
                            }
                            Err(e) => Err(e.message_for("answer_file")),
                        }
                    }
                    Err(m) => Err(m),
                };
                element.set_value("");
                busy.set(false);
                match outcome {
                    Ok(attached) => file.set(Some(attached)),
                    Err(m) => problem.set(Some(m)),
                }
            });
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (target, input, busy, problem);
    };
    view! {
        <div class="answer-file" data-testid="inquiry-answer-file">
            <h3>"Письмо-ответ"</h3>
            {move || match file.get() {
                Some(f) => {
                    view! {
                        <p>
                            <a href=href.clone() target="_blank" data-testid="inquiry-answer-file-link">
                                {f.name.clone()}
                            </a>
                            <span class="muted small">
                                {format!(
                                    " · {} · {} · {}, {}",
                                    if f.content_type == "application/pdf" { "PDF" } else { "снимок" },
                                    size_text(f.size),
                                    f.by_name,
                                    format_datetime(f.at),
                                )}
                            </span>
                        </p>
                    }
                        .into_any()
                }
                None => view! { <p class="muted">"Файл письма не приложен."</p> }.into_any(),
            }}
            {can_attach
                .then(|| {
                    view! {
                        <label class="btn btn-secondary file-button" class:disabled=move || busy.get()>
                            {move || {
                                if busy.get() {
                                    "Отправляю файл…"
                                } else if file.with(Option::is_some) {
                                    "Заменить файл письма"
                                } else {
                                    "Приложить скан или PDF письма"
                                }
                            }}
                            <input
                                type="file"
                                class="visually-hidden"
                                accept="application/pdf,image/jpeg,image/png,image/webp"
                                node_ref=input
                                data-testid="inquiry-answer-file-input"
                                disabled=move || busy.get()
                                on:change=chosen
                            />
                        </label>
                        <p class="muted small">
                            {format!("PDF, JPEG, PNG или WebP, до {} МБ", MAX_FILE / (1024 * 1024))}
                        </p>
                    }
                })}
            {move || {
                problem
                    .get()
                    .map(|m| {
                        view! {
                            <p class="field-error" role="alert" data-testid="inquiry-answer-file-error">
                                {m}
                            </p>
                        }
                    })
            }}
        </div>
    }
}
