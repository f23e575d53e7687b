import { test, expect, Page } from "@playwright/test";
import { login } from "../support/session";
import { hydrated, uniqueSurname } from "../support/journal";
import { card, cell, createCase, mouseDrag, touchDrag } from "../support/cases";
import { removeDataDir, startServer } from "../support/server";

const CURATOR = "Петрова Анна Сергеевна";

async function openBoard(page: Page, q: string) {
  await page.goto(`/board?q=${encodeURIComponent(q)}`);
  await hydrated(page);
  // The live stream is connected before anything moves, so the tests see real live updates.
  await expect(page.getByTestId("live-status")).toContainText("вживую");
}

test.describe("Доска случаев", () => {
  test("заведующий перетаскивает карточку мышью на следующий этап", async ({ page }) => {
    await login(page, "morozova", "/board");
    const surname = uniqueSurname("Мышкина");
    const id = await createCase(page, { title: `Семья ${surname}`, curator: CURATOR });
    await openBoard(page, surname);
    await expect(cell(page, "intake").locator(card(page, id))).toBeVisible();

    // The move is optimistic: the test waits for the server's answer before it reloads.
    const moved = page.waitForResponse((r) => r.url().includes("/api/cases/move"));
    await mouseDrag(page, card(page, id), cell(page, "assessment"));
    await expect(cell(page, "assessment").locator(card(page, id))).toBeVisible();
    expect((await moved).ok()).toBeTruthy();
    await expect(page.getByTestId("board-toast")).toHaveCount(0);
    await page.screenshot({ path: "test-results/board-desktop.png", fullPage: false });

    // The move is on the server: it survives a reload and is in the case's history.
    await page.reload();
    await hydrated(page);
    await expect(cell(page, "assessment").locator(card(page, id))).toBeVisible();
    await card(page, id).locator(".card-title").click();
    await expect(page.getByTestId("case-stage")).toHaveText("Оценка нуждаемости");
    await expect(page.locator("section.history")).toContainText("Первичный приём и диагностика → Оценка нуждаемости");
  });

  test("специалист переносит карточку пальцем на планшете @tablet", async ({ page }, testInfo) => {
    test.skip(!testInfo.project.use.hasTouch, "нужен сенсорный экран");
    await login(page, "petrova", "/board");
    const surname = uniqueSurname("Пальцева");
    const id = await createCase(page, { title: `Семья ${surname}`, curator: CURATOR });
    await openBoard(page, surname);
    const moved = page.waitForResponse((r) => r.url().includes("/api/cases/move"));
    await touchDrag(page, card(page, id), cell(page, "assessment"));
    await expect(cell(page, "assessment").locator(card(page, id))).toBeVisible();
    expect((await moved).ok()).toBeTruthy();
    await page.reload();
    await hydrated(page);
    await expect(cell(page, "assessment").locator(card(page, id))).toBeVisible();
  });

  test("карточку можно перенести с клавиатуры", async ({ page }) => {
    await login(page, "morozova", "/board");
    const surname = uniqueSurname("Клавишина");
    const id = await createCase(page, { title: `Семья ${surname}`, curator: CURATOR });
    await openBoard(page, surname);
    const handle = card(page, id).locator(".drag-handle");
    await handle.focus();
    await page.keyboard.press("Enter");
    await expect(page.getByTestId("board-announce")).toContainText("взят");
    await page.keyboard.press("ArrowRight");
    await expect(cell(page, "assessment")).toHaveClass(/drop-over/);
    await page.keyboard.press("Enter");
    await expect(cell(page, "assessment").locator(card(page, id))).toBeVisible();
    await expect(page.getByTestId("board-announce")).toContainText("Оценка нуждаемости");
    // The focus stays on the moved card, so the next move goes on from the keyboard.
    await expect(card(page, id).locator(".drag-handle")).toBeFocused();
  });

  test("отклонённое перемещение возвращает карточку и называет причину", async ({ page }) => {
    await login(page, "morozova", "/board");
    const surname = uniqueSurname("Отказова");
    const id = await createCase(page, { title: `Семья ${surname}` }); // no curator: waits in «appeal»
    await openBoard(page, surname);
    await expect(cell(page, "appeal").locator(card(page, id))).toBeVisible();
    await mouseDrag(page, card(page, id), cell(page, "intake"));
    const toast = page.getByTestId("board-toast");
    await expect(toast).toContainText("не перемещён");
    await expect(toast).toContainText("Назначьте куратора");
    await expect(cell(page, "appeal").locator(card(page, id))).toBeVisible();
    await expect(cell(page, "intake").locator(card(page, id))).toHaveCount(0);
    await page.screenshot({ path: "test-results/board-refused.png" });

    // Skipping a stage is refused too, with its own reason.
    await mouseDrag(page, card(page, id), cell(page, "plan"));
    await expect(toast).toContainText("по порядку");
    await expect(cell(page, "appeal").locator(card(page, id))).toBeVisible();
  });

  test("возврат на прежний этап просит комментарий", async ({ page }) => {
    await login(page, "morozova", "/board");
    const surname = uniqueSurname("Возвратова");
    const id = await createCase(page, { title: `Семья ${surname}`, curator: CURATOR });
    await openBoard(page, surname);
    await mouseDrag(page, card(page, id), cell(page, "appeal"));
    const dialog = page.getByRole("dialog");
    await expect(dialog).toContainText("Возврат на этап");
    await dialog.getByRole("button", { name: "Перевести" }).click();
    await expect(dialog).toContainText("Напишите комментарий");
    await dialog.getByLabel("Почему").fill("Адрес не подтвердился, нужна повторная проверка");
    await dialog.getByRole("button", { name: "Перевести" }).click();
    await expect(cell(page, "appeal").locator(card(page, id))).toBeVisible();
  });

  test("другой открытый браузер видит перемещение сразу, без перезагрузки", async ({ page, browser }) => {
    await login(page, "morozova", "/board");
    const surname = uniqueSurname("Живова");
    const id = await createCase(page, { title: `Семья ${surname}`, curator: CURATOR });
    const other = await browser.newContext({ locale: "ru-RU", timezoneId: "Asia/Yekaterinburg" });
    const second = await other.newPage();
    await login(second, "petrova", "/board");
    await openBoard(second, surname);
    await openBoard(page, surname);
    await expect(cell(second, "intake").locator(card(second, id))).toBeVisible();

    await mouseDrag(page, card(page, id), cell(page, "assessment"));
    await expect(cell(page, "assessment").locator(card(page, id))).toBeVisible();
    const moved = Date.now();
    await expect(cell(second, "assessment").locator(card(second, id))).toBeVisible({ timeout: 3000 });
    console.log(`живое обновление дошло до второго браузера за ${Date.now() - moved} мс`);
    await other.close();
  });

  test("доска без поиска сама пересчитывает столбцы по чужому перемещению, не спрашивая сервер", async ({ page, browser }) => {
    await login(page, "morozova", "/board");
    const other = await browser.newContext({ locale: "ru-RU", timezoneId: "Asia/Yekaterinburg" });
    const second = await other.newPage();
    await login(second, "morozova", "/board");
    await second.goto("/board?district=d4");
    await hydrated(second);
    await expect(second.getByTestId("live-status")).toContainText("вживую");
    const count = (stage: string) => second.locator(`[data-column="${stage}"] .column-count`);
    const intakeBefore = Number(await count("intake").innerText());
    const assessmentBefore = Number(await count("assessment").innerText());
    const recounts: string[] = [];
    second.on("request", (r) => {
      if (r.url().includes("/api/board/counts") || r.url().includes("/api/board/load")) recounts.push(r.url());
    });

    // A colleague opens a case in district 4, then moves it on her own board.
    const surname = uniqueSurname("Счётова");
    const id = await createCase(page, { title: `Семья ${surname}`, curator: CURATOR, district: "d4" });
    await expect(count("intake")).toHaveText(String(intakeBefore + 1));
    await openBoard(page, surname);
    await mouseDrag(page, card(page, id), cell(page, "assessment"));
    await expect(count("intake")).toHaveText(String(intakeBefore));
    await expect(count("assessment")).toHaveText(String(assessmentBefore + 1));
    await expect(cell(second, "assessment").locator(card(second, id))).toBeVisible();
    expect(recounts, "the counts came with the live changes").toEqual([]);
    await second.screenshot({ path: "test-results/board-live-counts.png" });
    await other.close();
  });

  test("второй, кто двигает ту же карточку, получает сообщение о конфликте", async ({ page, browser }) => {
    await login(page, "morozova", "/board");
    const surname = uniqueSurname("Спорова");
    const id = await createCase(page, { title: `Семья ${surname}`, curator: CURATOR });
    const other = await browser.newContext({ locale: "ru-RU", timezoneId: "Asia/Yekaterinburg" });
    const second = await other.newPage();
    await login(second, "petrova", "/board");
    // This board does not hear the first one (its live stream is cut), so it holds a stale card.
    await second.route("**/events/cases", (route) => route.abort());
    await second.goto(`/board?q=${encodeURIComponent(surname)}`);
    await hydrated(second);
    await openBoard(page, surname);

    await mouseDrag(page, card(page, id), cell(page, "assessment"));
    await expect(cell(page, "assessment").locator(card(page, id))).toBeVisible();

    await mouseDrag(second, card(second, id), cell(second, "assessment"));
    const toast = second.getByTestId("board-toast");
    await expect(toast).toContainText("уже изменил");
    await expect(toast).toContainText("Морозова");
    // The card shows where it really is now.
    await expect(cell(second, "assessment").locator(card(second, id))).toBeVisible();
    await other.close();
  });

  test("просроченная карточка заметна сразу @tablet", async ({ page }) => {
    await login(page, "morozova", "/board");
    const surname = uniqueSurname("Срокова");
    const id = await createCase(page, { title: `Семья ${surname}`, detectedDaysAgo: 14 });
    await openBoard(page, surname);
    const late = card(page, id);
    await expect(late).toHaveClass(/overdue/);
    await expect(late.locator(".due")).toContainText("просрочено");
    await page.getByLabel("Только просроченные").check();
    await page.getByRole("button", { name: "Показать" }).click();
    await expect(page).toHaveURL(/overdue=1/);
    await hydrated(page);
    await expect(card(page, id)).toBeVisible();
  });

  test("доска с дорожками по кураторам на планшете 1280×800 @tablet", async ({ page }) => {
    await page.setViewportSize({ width: 1280, height: 800 });
    await login(page, "morozova", "/board?lanes=curator");
    await hydrated(page);
    await expect(page.locator(".lane-head").first()).toContainText("Без куратора");
    await expect(page.locator(".case-card.overdue").first()).toBeVisible();
    await page.screenshot({ path: "test-results/board-tablet-lanes.png" });
    await page.goto("/board");
    await hydrated(page);
    await page.screenshot({ path: "test-results/board-tablet.png" });
  });
});

test("открытая доска сама переподключается, когда связь с сервером пропала и вернулась", async ({ page, browser }) => {
  const port = 3291;
  // A server of its own, on a copy of the run's demo department, started and stopped here.
  test.setTimeout(120_000);
  let server = await startServer({ port, seed: true, entries: 10 });
  const base = server.url;
  const other = await browser.newContext({ locale: "ru-RU", timezoneId: "Asia/Yekaterinburg", baseURL: base });
  const watcher = await other.newPage();
  try {
    await login(watcher, "morozova", "/board");
    await hydrated(watcher);
    await expect(watcher.getByTestId("live-status")).toContainText("вживую");
    // The server goes away: the board says so plainly and keeps what it shows.
    await server.stop();
    await expect(watcher.getByTestId("live-status")).toContainText("Нет связи");
    server = await startServer({ port, dataDir: server.dataDir });
    await expect(watcher.getByTestId("live-status")).toContainText("вживую", { timeout: 20_000 });
    // And hears moves again: another user moves a case, the board shows it without a reload.
    const mover = await browser.newContext({ locale: "ru-RU", timezoneId: "Asia/Yekaterinburg", baseURL: base });
    const page2 = await mover.newPage();
    await login(page2, "morozova", "/board");
    const surname = uniqueSurname("Связева");
    const id = await createCase(page2, { title: `Семья ${surname}`, curator: CURATOR });
    await expect(card(watcher, id)).toBeVisible({ timeout: 5000 });
    await mover.close();
  } finally {
    await other.close();
    await server.stop();
    removeDataDir(server.dataDir);
  }
});

test("лимиты заведующего отмечаются на доске, когда превышены", async ({ page }) => {
  await login(page, "morozova", "/board?lanes=curator");
  await hydrated(page);
  const openLimits = async () => {
    if (!(await page.locator("details.limits").evaluate((d) => (d as HTMLDetailsElement).open))) {
      await page.getByText("Лимиты доски").click();
    }
  };
  await openLimits();
  await page.locator('input[name="limit.implementation"]').fill("2");
  await page.locator('input[name="curator_limit"]').fill("3");
  await page.getByRole("button", { name: "Сохранить лимиты" }).click();
  await expect(page.locator('.column-head[data-column="implementation"]')).toHaveClass(/over-limit/);
  await expect(page.locator('.column-head[data-column="implementation"]')).toContainText("сверх лимита");
  await expect(page.locator(".lane-head.over-limit").first()).toContainText("сверх лимита");
  await expect(page.locator(".workload-item.over-limit").first()).toBeVisible();
  await page.screenshot({ path: "test-results/board-limits.png" });
  // A wrong value is named, not saved.
  await openLimits();
  await page.locator('input[name="curator_limit"]').fill("-5");
  await page.getByRole("button", { name: "Сохранить лимиты" }).click();
  await expect(page.locator(".limits")).toContainText("Целое число от 1");
  // Back to no limits, for the other tests.
  await page.locator('input[name="limit.implementation"]').fill("");
  await page.locator('input[name="curator_limit"]').fill("");
  await page.getByRole("button", { name: "Сохранить лимиты" }).click();
  await expect(page.locator('.column-head[data-column="implementation"]')).not.toHaveClass(/over-limit/);
});

test.describe("Случай", () => {
  test("диспетчер открывает случай из обращения журнала", async ({ page }) => {
    await login(page, "sidorova", "/journal/new");
    await hydrated(page);
    const surname = uniqueSurname("Журналова");
    await page.getByLabel("Фамилия, имя, отчество").fill(`${surname} Мария Павловна`);
    await page.getByLabel("Контактный телефон").fill("8 912 111-22-33");
    await page.getByLabel("Место жительства").fill("г. Югорск, ул. Таёжная, д. 14");
    await page.getByLabel("Краткое содержание обращения").fill("Соседи сообщают: дети остались без присмотра");
    await page.getByRole("button", { name: "Зарегистрировать" }).click();
    await expect(page.getByText("Обращение зарегистрировано")).toBeVisible();
    await page.locator("table.journal-table tbody tr").first().getByRole("link").first().click();
    await hydrated(page);
    await page.getByRole("link", { name: "Открыть случай" }).click();
    await hydrated(page);
    await expect(page.getByLabel("Название случая")).toHaveValue(`Семья ${surname}`);
    await expect(page.getByLabel("Телефон")).toHaveValue("+7 (912) 111-22-33");
    await expect(page.locator("#member-0-name")).toHaveValue(`${surname} Мария Павловна`);
    await page.getByRole("button", { name: "Открыть случай" }).click();
    await expect(page).toHaveURL(/\/cases\/[a-z0-9]+$/);
    await hydrated(page);
    await expect(page.getByRole("heading", { name: `Семья ${surname}` })).toBeVisible();
    await expect(page.getByTestId("case-stage")).toHaveText("Обращение, выявление");
    await expect(page.locator("section.clocks")).toContainText("Сбор и анализ сведений");
    await expect(page.getByRole("link", { name: /запись журнала/ })).toBeVisible();
  });

  test("карточка случая показывает, чего не хватает для перехода, и переводит дальше @tablet", async ({ page }) => {
    await login(page, "petrova", "/board");
    const surname = uniqueSurname("Этапова");
    const id = await createCase(page, { title: `Семья ${surname}`, curator: CURATOR, consent: false });
    await page.goto(`/cases/${id}`);
    await hydrated(page);
    await expect(page.locator(".requirements")).toContainText("согласие на обработку персональных данных");
    await page.getByRole("button", { name: "Перевести" }).click();
    await expect(page.locator("[role=alert]")).toContainText("согласие");

    // Record the consent in the case's details, then the move goes through.
    await page.getByRole("button", { name: "Изменить" }).click();
    await page.getByText("Согласие на обработку персональных данных получено").click();
    await page.getByLabel("Дата согласия").fill(new Date().toISOString().slice(0, 10));
    await page.getByRole("button", { name: "Сохранить" }).click();
    await expect(page.locator(".case-summary")).toContainText("получено");
    await page.getByRole("button", { name: "Перевести" }).click();
    await expect(page.getByTestId("case-stage")).toHaveText("Оценка нуждаемости");
    await expect(page.locator("section.clocks")).toContainText("выполнено в срок");
    await page.screenshot({ path: "test-results/case-page.png", fullPage: true });
  });
});

test("администратор вносит перенос выходного в производственный календарь", async ({ page }) => {
  await login(page, "admin", "/admin/calendar?year=2027");
  await hydrated(page);
  await expect(page.getByTestId("working-days")).toBeVisible();
  await page.getByLabel("Дата").fill("2027-05-10");
  await page.getByLabel("Основание").fill("Перенос с субботы 2 января");
  await page.getByRole("button", { name: "Сохранить перенос" }).click();
  await expect(page.getByText("сроки открытых случаев пересчитаны")).toBeVisible();
  await expect(page.locator('tr[data-exception="2027-05-10"]')).toContainText("Перенос с субботы 2 января");
  await expect(page.locator('.day[data-date="2027-05-10"]')).toHaveClass(/off/);
  // A wrong date is named at the field, the rest of the form stays.
  await page.getByLabel("Дата").fill("");
  await page.getByRole("button", { name: "Сохранить перенос" }).click();
  await expect(page.locator('[data-error-for="date"]')).toContainText("Укажите дату");
  await page.locator('tr[data-exception="2027-05-10"]').getByRole("button", { name: "Удалить" }).click();
  await expect(page.locator('tr[data-exception="2027-05-10"]')).toHaveCount(0);
});
