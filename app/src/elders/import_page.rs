//! Loading the registry from an institution's list (`/elders/import`): the columns it reads, the
//! file checked row by row, then loaded all at once.

use super::api::import_elders;
use crate::components::import::FileImport;
use crate::shell::frame::AppShell;
use leptos::prelude::*;

#[component]
pub fn ImportPageView() -> impl IntoView {
    view! {
        <AppShell title="Загрузка списка в реестр 55+">
            <div class="page-head">
                <div>
                    <a class="back" href="/elders">
                        "← Реестр 55+"
                    </a>
                    <h1>"Загрузка списка граждан из Excel"</h1>
                    <p class="muted">
                        "Списки, которые уже ведутся на участке: сначала проверка по строкам, потом загрузка — вся целиком или никак."
                    </p>
                </div>
            </div>
            <section class="card-block">
                <h2>"Какие столбцы читаются"</h2>
                <p>
                    "Заголовки — в одной из первых строк, порядок столбцов любой. Обязательны: "
                    <strong>"«ФИО»"</strong> ", " <strong>"«Дата рождения»"</strong> ", "
                    <strong>"«Адрес»"</strong> ", " <strong>"«С кем проживает»"</strong> " и "
                    <strong>"«Согласие на обработку ПДн»"</strong>
                    " (дата согласия)."
                </p>
                <ul class="import-columns">
                    <li>
                        "«Пол» — «ж» или «м»; если столбца нет, пол определяется по отчеству."
                    </li>
                    <li>
                        "«Участок» — номер или название; можно не заполнять, если вы ведёте один участок."
                    </li>
                    <li>
                        "«Инвалидность» — «нет», «I группа», «II группа», «III группа»; «Инвалидность с» — дата."
                    </li>
                    <li>
                        "«Телефон» — до двух номеров через запятую; «Мессенджер»."
                    </li>
                    <li>
                        "«Группы особого внимания» и «Интересы» — через «;», как в карточке (например: «проживает одиноко; риск виктимизации»)."
                    </li>
                    <li>"«Примечание»."</li>
                </ul>
                <p class="muted">
                    "Человек, который уже есть в реестре (те же ФИО и дата рождения), второй раз не вносится — строка отмечается «уже в реестре». Выгрузка реестра в Excel читается этим же загрузчиком."
                </p>
            </section>
            <section class="card-block">
                <h2>"Файл"</h2>
                <FileImport
                    send=import_elders
                    unchanged="уже в реестре"
                    after=ViewFn::from(|| {
                        view! {
                            <a class="btn btn-primary" href="/elders">
                                "Открыть реестр"
                            </a>
                        }
                    })
                />
            </section>
        </AppShell>
    }
}
