import { test, expect, Page, Locator } from "@playwright/test";
import { login } from "../support/session";
import { hydrated, uniqueSurname } from "../support/journal";

/** The value of the first option of a select whose text matches. */
async function optionMatching(select: Locator, text: RegExp): Promise<string> {
  const options = select.locator("option");
  const count = await options.count();
  for (let i = 0; i < count; i++) {
    const option = options.nth(i);
    if (text.test((await option.textContent()) ?? "")) {
      return (await option.getAttribute("value")) ?? "";
    }
  }
  throw new Error(`no option ${text}`);
}

/** Today in the institution's time zone (UTC+5), «YYYY-MM-DD». */
function today(): string {
  return new Date(Date.now() + 5 * 3600 * 1000).toISOString().slice(0, 10);
}

async function addParticipant(page: Page, fill: (form: Locator) => Promise<void>, shows: string) {
  const form = page.getByTestId("participant-form");
  await fill(form);
  await form.getByRole("button", { name: "Добавить участника" }).click();
  await expect(page.getByTestId("participants")).toContainText(shows);
}

test.describe("Социальный патруль", () => {
  test("рейд: план, участники с полицией и партнёром, встреченный, обращение в журнал, проведён, протокол @tablet", async ({
    page,
  }) => {
    const project = test.info().project.name;
    const surname = uniqueSurname("Никитина");
    // The sector's page names the next planned raid (the demo has one next week).
    await login(page, "sidorova", "/urgent");
    await hydrated(page);
    await expect(page.getByTestId("patrol-next")).toContainText("следующий рейд:");
    await page.getByTestId("tile-patrol").click();
    await expect(page).toHaveURL(/\/patrol$/);
    await hydrated(page);
    await expect(page.getByTestId("planned").getByTestId("raid-row").first()).toBeVisible();
    await expect(page.getByTestId("held")).toContainText("Гастелло");
    await page.screenshot({ path: `/tmp/patrol-list-${project}.png`, fullPage: true });

    // Plan a raid: mistakes named at their fields, in Russian, nothing typed lost.
    await page.getByTestId("new-raid").click();
    await expect(page).toHaveURL(/\/patrol\/new$/);
    await hydrated(page);
    const plan = page.getByTestId("raid-form");
    await plan.getByLabel("Дата рейда").fill("");
    await plan.getByLabel("Начало").fill("");
    await plan.getByRole("button", { name: "Запланировать рейд" }).click();
    await expect(plan.locator('[data-error-for="date"]')).toHaveText("Укажите дату рейда");
    await expect(plan.locator('[data-error-for="start_time"]')).toHaveText("Укажите время начала");
    await expect(plan.locator('[data-error-for="route"]')).toHaveText("Укажите маршрут или адреса рейда");
    const route = "ул. Мира, д. 14–28 (дворы, подъезды) — ул. Гастелло, д. 12 — сквер у ТЦ «Лайнер»";
    await plan.getByLabel("Маршрут или адреса").fill(route);
    await plan.getByLabel("Дата рейда").fill(today());
    await plan.getByLabel("Начало").fill("18:00");
    await plan.getByLabel("Окончание").fill("17:00");
    await plan.getByLabel("Участок № 2 — Восточный").check();
    await plan.getByRole("button", { name: "Запланировать рейд" }).click();
    await expect(plan.locator('[data-error-for="end_time"]')).toHaveText("Окончание должно быть позже начала");
    await expect(plan.getByLabel("Маршрут или адреса")).toHaveValue(route);
    await expect(plan.getByLabel("Участок № 2 — Восточный")).toBeChecked();
    await page.screenshot({ path: `/tmp/patrol-new-errors-${project}.png`, fullPage: true });
    await plan.getByLabel("Окончание").fill("21:00");
    await plan.getByRole("button", { name: "Запланировать рейд" }).click();
    await expect(page).toHaveURL(/\/patrol\/[a-z0-9]+\?created=1$/);
    await hydrated(page);
    await expect(page.getByTestId("created-notice")).toBeVisible();
    await expect(page.getByTestId("raid-state")).toHaveText("Запланирован");
    const raidUrl = page.url().replace(/\?.*$/, "");

    // Who takes part: a caseworker, a police officer, a partner of the resource map.
    await addParticipant(
      page,
      async (form) => {
        const staff = form.locator("#participant-user");
        await staff.selectOption(await optionMatching(staff, /^Петрова Анна Сергеевна/));
      },
      "Петрова Анна Сергеевна",
    );
    const who = page.getByTestId("participant-form");
    await who.getByLabel("Кто").selectOption({ label: "Сотрудник полиции" });
    await who.getByLabel("ФИО сотрудника полиции").fill("Кириллов");
    await who.locator("#participant-position").fill("участковый уполномоченный полиции");
    await who.getByRole("button", { name: "Добавить участника" }).click();
    await expect(who.locator('[data-error-for="full_name"]')).toHaveText("Фамилия и инициалы — хотя бы два слова");
    await expect(who.locator("#participant-position")).toHaveValue("участковый уполномоченный полиции");
    await expect(who.getByLabel("Подразделение")).toHaveValue("ОМВД России по г. Югорску");
    await addParticipant(
      page,
      async (form) => {
        await form.getByLabel("ФИО сотрудника полиции").fill("Кириллов Д. С.");
      },
      "Кириллов Д. С., участковый уполномоченный полиции, ОМВД России по г. Югорску",
    );
    await addParticipant(
      page,
      async (form) => {
        await form.getByLabel("Кто").selectOption({ label: "Партнёр из карты ресурсов" });
        const partner = form.getByLabel("Партнёр из карты ресурсов");
        await partner.selectOption(await optionMatching(partner, /Кризисный центр «Надежда»/));
        await form.getByLabel("Представитель (ФИО)").fill("Лаптева М. О.");
      },
      "Лаптева М. О., АНО «Кризисный центр «Надежда»»",
    );
    await expect(page.getByTestId("participant")).toHaveCount(3);

    // A family met: what is missing is named, what was typed stays.
    const met = page.getByTestId("met-form");
    const name = `${surname} Алёна Сергеевна`;
    await met.getByLabel("ФИО (или как назвался)").fill(name);
    await met.getByLabel("Возраст, лет").fill("34");
    await met.getByRole("button", { name: "Записать встреченного" }).click();
    await expect(met.locator('[data-error-for="address"]')).toContainText("Укажите адрес");
    await expect(met.locator('[data-error-for="situation"]')).toHaveText("Опишите, что выявлено");
    await expect(met.getByLabel("ФИО (или как назвался)")).toHaveValue(name);
    await met.getByLabel("Адрес или место встречи").fill("г. Югорск, ул. Гастелло, д. 12, кв. 40");
    await met.getByLabel("С кем (состав семьи)").fill("с двумя детьми 4 и 9 лет");
    await met.getByLabel("Что выявлено").fill("Отключено отопление за долги, дети простужены");
    await met.getByLabel("Какая помощь оказана").fill("Передан продуктовый набор");
    await met.getByRole("button", { name: "Записать встреченного" }).click();
    const card = page.getByTestId("met-card").filter({ hasText: name });
    await expect(card).toContainText("34 года, с двумя детьми 4 и 9 лет");
    await expect(card).toContainText("Передан продуктовый набор");

    // Its appeal registered in the dispatch desk's journal, linked to the raid.
    await card.getByTestId("register-appeal").click();
    await expect(card.getByTestId("met-appeal")).toContainText(/Обращение № \d+\/\d{4} в журнале/);
    await expect(card.getByTestId("register-appeal")).toHaveCount(0);

    // Held: the findings are asked for, then the raid is marked.
    const hold = page.getByTestId("hold-form");
    await hold.getByRole("button", { name: "Отметить проведённым" }).click();
    await expect(hold.locator('[data-error-for="findings"]')).toContainText("Опишите итоги рейда");
    await hold.getByLabel("Итоги рейда").fill("Обследовано 9 адресов; встречена 1 семья, обращение зарегистрировано.");
    await hold.getByRole("button", { name: "Отметить проведённым" }).click();
    await expect(page.getByTestId("raid-state")).toHaveText("Проведён");
    await expect(page.getByTestId("findings")).toContainText("Обследовано 9 адресов");
    await expect(page.getByTestId("hold-form")).toHaveCount(0);
    await page.screenshot({ path: `/tmp/patrol-raid-${project}.png`, fullPage: true });

    // The protocol on A4.
    await page.getByTestId("print-protocol").click();
    await expect(page).toHaveURL(/\/patrol\/[a-z0-9]+\/print$/);
    const sheet = page.getByTestId("protocol-sheet");
    await expect(sheet).toContainText("ПРОТОКОЛ №");
    await expect(sheet).toContainText("рейда службы «Социальный патруль»");
    await expect(sheet).toContainText("Кириллов Д. С.");
    await expect(sheet).toContainText("АНО «Кризисный центр «Надежда»»");
    await expect(page.getByTestId("protocol-met")).toContainText(name);
    await expect(page.getByTestId("protocol-met")).toContainText(/зарегистрировано обращение в журнале № \d+\/\d{4}/);
    await expect(sheet).toContainText("Обследовано 9 адресов");
    await page.screenshot({ path: `/tmp/patrol-protocol-${project}.png`, fullPage: true });

    // The entry in the journal names the person and the raid.
    await page.goto(raidUrl);
    await hydrated(page);
    await page.getByTestId("met-card").filter({ hasText: name }).getByRole("link", { name: "Открыть запись журнала" }).click();
    await expect(page).toHaveURL(/\/journal\/[a-z0-9]+$/);
    await hydrated(page);
    await expect(page.getByLabel("Фамилия, имя, отчество")).toHaveValue(name);
    await expect(page.getByLabel("Краткое содержание обращения")).toHaveValue(/^Выявлено в ходе рейда «Социальный патруль» № /);
  });

  test("запланированный рейд отменяют с причиной; запись о встреченном по ошибке удаляют", async ({ page }) => {
    await login(page, "sidorova", "/patrol/new");
    await hydrated(page);
    const plan = page.getByTestId("raid-form");
    const route = `ул. Калинина, д. ${Date.now() % 1000} — парк «Аэропорт»`;
    await plan.getByLabel("Маршрут или адреса").fill(route);
    await plan.getByLabel("Дата рейда").fill(today());
    await plan.getByLabel("Начало").fill("19:00");
    await plan.getByRole("button", { name: "Запланировать рейд" }).click();
    await expect(page).toHaveURL(/\/patrol\/[a-z0-9]+\?created=1$/);
    await hydrated(page);

    // A person written down by mistake: deleted after a second tap.
    const met = page.getByTestId("met-form");
    await met.getByLabel("ФИО (или как назвался)").fill("Ошибочная Запись");
    await met.getByLabel("Адрес или место встречи").fill("ул. Калинина, 5");
    await met.getByLabel("Что выявлено").fill("Записан не на тот рейд");
    await met.getByRole("button", { name: "Записать встреченного" }).click();
    const card = page.getByTestId("met-card").filter({ hasText: "Ошибочная Запись" });
    await expect(card).toBeVisible();
    // While someone met is written down, the raid took place and is not cancelled.
    const cancel = page.getByTestId("cancel-raid");
    // «Отменить рейд» folds out under its summary (and stays so while the page redraws).
    const unfold = async () => {
      if ((await cancel.getAttribute("open")) === null) await cancel.locator("summary").click();
      await expect(cancel).toHaveAttribute("open", "");
    };
    await unfold();
    await cancel.getByLabel("Причина отмены").fill("Наряд полиции отозван на происшествие");
    await cancel.getByRole("button", { name: "Отменить рейд" }).click();
    await expect(cancel.locator('[data-error-for="cancel_reason"]')).toContainText("отметьте его проведённым");
    await card.getByRole("button", { name: "Изменить" }).click();
    await card.getByRole("button", { name: "Удалить запись" }).click();
    await card.getByTestId("met-remove-confirm").click();
    await expect(page.getByTestId("met-card")).toHaveCount(0);

    // Cancelled: a reason is needed, and then the raid shows why it did not take place.
    await unfold();
    await cancel.getByLabel("Причина отмены").fill("");
    await cancel.getByRole("button", { name: "Отменить рейд" }).click();
    await expect(cancel.locator('[data-error-for="cancel_reason"]')).toHaveText("Укажите причину отмены");
    await cancel.getByLabel("Причина отмены").fill("Наряд полиции отозван на происшествие");
    await cancel.getByRole("button", { name: "Отменить рейд" }).click();
    await expect(page.getByTestId("raid-state")).toHaveText("Отменён");
    await expect(page.getByTestId("cancel-reason")).toHaveText("Наряд полиции отозван на происшествие");
    await expect(page.getByTestId("hold-form")).toHaveCount(0);
    await expect(page.getByTestId("met-form")).toHaveCount(0);
    await page.screenshot({ path: "test-results/patrol-cancelled.png", fullPage: true });

    // In the list it is among the past raids, marked cancelled.
    await page.goto("/patrol");
    await hydrated(page);
    const row = page.getByTestId("held").getByTestId("raid-row").filter({ hasText: route });
    await expect(row).toContainText("отменён");
    await expect(page.getByTestId("planned").getByTestId("raid-row").filter({ hasText: route })).toHaveCount(0);
  });
});
