import { test, expect, Page } from "@playwright/test";
import { login } from "../support/session";
import { hydrated, uniqueSurname } from "../support/journal";

/** «в этом месяце: 212 из 340» → [212, 340]. */
async function counter(page: Page): Promise<[number, number]> {
  const text = (await page.getByTestId("month-counter-figure").textContent()) ?? "";
  const m = text.match(/(\d+) из (\d+)/);
  expect(m, text).not.toBeNull();
  return [Number(m![1]), Number(m![2])];
}

/** Enters a person into the registry through the form; the card's URL. */
async function enterPerson(page: Page, name: string, options: { mistakeFirst?: boolean } = {}) {
  await page.goto("/elders/new");
  await hydrated(page);
  await page.getByLabel("Фамилия, имя, отчество").fill(name);
  await page.getByLabel("Дата рождения").fill("1948-04-17");
  await page.getByLabel("Адрес проживания").fill("г. Югорск, ул. Ленина, д. 7, кв. 15");
  await page.getByLabel("Социальный участок").selectOption({ label: "Участок № 1 — Центральный" });
  await page.getByLabel("Телефон", { exact: true }).fill("8 912 555-44-33");
  await page.getByLabel("С кем проживает").fill("одна");
  await page.getByLabel("Человек дал согласие на обработку персональных данных").check();
  if (options.mistakeFirst) {
    // The sex is not chosen: the form names the field and keeps what was typed.
    await page.getByRole("button", { name: "Внести в реестр" }).click();
    await expect(page.locator('[data-error-for="sex"]')).toContainText("Укажите пол");
    await expect(page.getByLabel("Фамилия, имя, отчество")).toHaveValue(name);
  }
  await page.getByLabel(/^Пол/).selectOption({ label: "Женский" });
  await page.getByRole("button", { name: "Внести в реестр" }).click();
  await expect(page).toHaveURL(/\/elders\/[a-z0-9]+\?saved=1/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(name);
  return page.url().split("?")[0];
}

test.describe("Реестр 55+ и обход месяца", () => {
  test("специалист находит, кому ещё не звонила, записывает звонок без связи, и он уходит сам @tablet", async ({
    page,
    context,
  }) => {
    await login(page, "petrova", "/elders/round");
    const name = `${uniqueSurname("Звонкова")} Анна Петровна`;
    await enterPerson(page, name, { mistakeFirst: true });

    await page.goto("/elders/round");
    await hydrated(page);
    const [reached, total] = await counter(page);
    expect(total).toBeGreaterThan(50);
    const row = page.locator(".round-row").filter({ hasText: name });
    await expect(row).toContainText("контактов ещё не было");
    await expect(row.getByRole("link", { name: /Позвонить \+7 \(912\) 555-44-33/ })).toHaveAttribute("href", "tel:+79125554433");
    await page.screenshot({ path: `test-results/elders-round-${test.info().project.name}.png`, fullPage: false });

    // In a village with no signal.
    await context.setOffline(true);
    await row.getByRole("button", { name: "Записать контакт" }).click();
    const form = row.getByTestId("contact-form");
    await form.getByText("Телефонный звонок").click();
    // Without a result the device itself names the field; nothing is queued.
    await form.getByRole("button", { name: "Записать контакт" }).click();
    await expect(form.locator('[data-error-for="result"]')).toContainText("Запишите результат");
    await form.getByLabel("Результат").fill("Самочувствие хорошее, пригласила на концерт хора ветеранов в субботу.");
    await form.getByRole("button", { name: "Записать контакт" }).click();
    await expect(row).toContainText("Записан, ждёт отправки");
    await expect(page.getByTestId("elders-outbox")).toContainText(name);
    await expect(page.getByTestId("month-counter-figure")).toContainText(`${reached + 1} из ${total}`);
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: `test-results/elders-offline-${test.info().project.name}.png`, fullPage: false });
    await row.screenshot({ path: `test-results/elders-offline-row-${test.info().project.name}.png` });

    // Back in town: the contact goes by itself.
    await context.setOffline(false);
    await expect(row).toContainText("✓ Контакт записан", { timeout: 20_000 });
    await expect(page.getByTestId("elders-outbox")).toHaveCount(0);

    // The server has it: she is off the list and the counter stays moved.
    await page.reload();
    await hydrated(page);
    await expect(page.locator(".round-row").filter({ hasText: name })).toHaveCount(0);
    const [after] = await counter(page);
    expect(after).toBe(reached + 1);
    await page.goto("/elders?q=" + encodeURIComponent(name.split(" ")[0]));
    await hydrated(page);
    await page.getByRole("link", { name }).click();
    await expect(page.getByTestId("contact-list")).toContainText("пригласила на концерт");
  });

  test("опасная ситуация сразу видна заведующему, пока он не примет её к сведению", async ({ page }) => {
    await login(page, "petrova", "/elders");
    const name = `${uniqueSurname("Тревожная")} Нина Ивановна`;
    const card = await enterPerson(page, name);
    await page.goto(card);
    await hydrated(page);
    const form = page.getByTestId("contact-form");
    await form.getByText("Посещение на дому").click();
    await form.getByLabel("Результат").fill("Дверь открыла не сразу, в квартире посторонний мужчина.");
    await form.getByLabel(/Опасная или конфликтная ситуация/).fill("Посторонний требует деньги с пенсии, угрожает.");
    await form.getByRole("button", { name: "Записать контакт" }).click();
    await expect(form).toContainText("Контакт записан");
    await expect(page.getByTestId("contact-list")).toContainText("Посторонний требует деньги");

    await page.context().clearCookies();
    await login(page, "morozova", "/elders");
    await hydrated(page);
    const alerts = page.getByTestId("elder-alerts");
    const item = alerts.locator(".alert-item").filter({ hasText: name });
    await expect(item).toContainText("Посторонний требует деньги с пенсии");
    await expect(item).toContainText("Петрова Анна Сергеевна");
    await page.screenshot({ path: `test-results/elders-alert-${test.info().project.name}.png`, fullPage: false });
    await item.getByRole("button", { name: "Принято к сведению" }).click();
    await expect(item).toContainText("Принято к сведению: Морозова Татьяна Ивановна");
    await page.reload();
    await hydrated(page);
    await expect(page.locator(".alert-item").filter({ hasText: name })).toHaveCount(0);
    // The head sees every district's round with its caseworkers.
    await expect(page.getByTestId("month-counter")).toContainText("Петрова А. С.");
    await expect(page.getByTestId("month-counter")).toContainText("Участок № 6");
  });
});

test.describe("Обход месяца на телефоне", () => {
  test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });

  test("список тех, кому не звонили, читается на узком экране и фильтруется по участку", async ({ page }) => {
    await login(page, "petrova", "/elders/round");
    await hydrated(page);
    await expect(page.getByTestId("month-counter-figure")).toContainText("в этом месяце:");
    await page.getByRole("link", { name: /Участок № 2/ }).first().click();
    await expect(page).toHaveURL(/district=d2/);
    await hydrated(page);
    const first = page.locator(".round-row").first();
    await expect(first).toContainText("Участок № 2");
    await expect(page.locator(".round-row").filter({ hasText: "Участок № 1" })).toHaveCount(0);
    const call = page.locator(".round-row").getByRole("link", { name: /Позвонить/ }).first();
    await expect(call).toBeVisible();
    const box = await call.boundingBox();
    expect(box!.height).toBeGreaterThanOrEqual(44);
    await page.screenshot({ path: `test-results/elders-phone.png`, fullPage: false });
  });
});

test.describe("Мероприятия 55+", () => {
  test("специалист приглашает группу по интересам на мероприятие и отмечает, кто пришёл @tablet", async ({ page }) => {
    await login(page, "petrova", "/elders/events");
    await hydrated(page);
    await expect(page.getByTestId("event-grid")).toBeVisible();
    await page.screenshot({ path: `test-results/elders-events-${test.info().project.name}.png`, fullPage: false });
    const title = `Концерт ${uniqueSurname("Хоровой")}`;
    const form = page.getByTestId("event-form");
    await form.getByLabel("Название").fill(title);
    await form.getByLabel(/^Вид/).selectOption({ label: "Концерт" });
    // Began an hour ago (institution time, UTC+5): who came can be marked at once.
    const started = new Date(Date.now() + 4 * 3_600_000).toISOString().slice(0, 16);
    await form.getByLabel(/^Начало/).fill(started);
    // Without a place and whom it suits: named at the fields, nothing typed lost.
    await form.getByRole("button", { name: "Сохранить мероприятие" }).click();
    await expect(form.locator('[data-error-for="place"]')).toContainText("место");
    await expect(form.locator('[data-error-for="suits"]')).toContainText("кому подходит");
    await expect(form.getByLabel("Название")).toHaveValue(title);
    await form.getByLabel(/^Место/).fill("ДК «МиГ», малый зал");
    await form.getByText("Культура: концерты, театр, выставки").click();
    await form.getByRole("button", { name: "Сохранить мероприятие" }).click();
    await expect(page).toHaveURL(/\/elders\/events\/[a-z0-9]+/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(title);
    await hydrated(page);

    const invite = page.getByTestId("event-group-invite");
    const choir = await invite.locator("option", { hasText: "Хор «Северяночка»" }).getAttribute("value");
    await invite.locator("select").first().selectOption(choir!);
    await invite.getByRole("button", { name: "Сообщили всей группе" }).click();
    const invited = page.getByTestId("event-invited");
    await expect(invited.locator(".invite-row").first()).toBeVisible();
    await expect(invited.getByRole("heading", { level: 2 })).toContainText("пришли: 0");
    const first = invited.locator(".invite-row").first();
    const name = (await first.locator("strong").textContent()) ?? "";
    await first.getByRole("button", { name: "Пришёл(ла)", exact: true }).click();
    await expect(invited.getByRole("heading", { level: 2 })).toContainText("пришли: 1");
    await expect(invited.locator(".invite-row").filter({ hasText: name })).toContainText("пришёл(ла)");
    await page.screenshot({ path: `test-results/elders-event-${test.info().project.name}.png`, fullPage: false });

    // The person's card shows the event.
    await invited.getByRole("link", { name }).click();
    await expect(page.getByTestId("person-events")).toContainText(title);
  });
});
