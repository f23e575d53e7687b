import { test, expect, Page } from "@playwright/test";
import { login } from "../support/session";
import { hydrated, uniqueSurname } from "../support/journal";
import { createCase } from "../support/cases";

const CURATOR = "Петрова Анна Сергеевна";

async function openAct(page: Page, id: string) {
  await page.goto(`/cases/${id}/act`);
  await hydrated(page);
  await expect(page.getByRole("heading", { name: "Акт обследования" })).toBeVisible();
}

/** Fills what a complete act needs, by touch-sized controls. */
async function fillAct(page: Page) {
  await page.getByRole("checkbox", { name: "Многодетная семья" }).check();
  await page.getByRole("checkbox", { name: "Малоимущность" }).check();
  await page.getByRole("radio", { name: "Частный дом" }).check();
  await page.getByLabel("Комнат", { exact: true }).fill("2");
  await page.getByRole("checkbox", { name: "Печное отопление" }).check();
  await page.locator('[data-field="housing_condition"]').getByRole("radio", { name: "Удовлетворительное", exact: true }).check();
  await page.locator('[data-field="climate"]').getByRole("radio", { name: "Благоприятный" }).check();
  await page.getByRole("checkbox", { name: "Пенсия" }).check();
  await page.getByRole("checkbox", { name: "Нет дров, топлива на зиму" }).check();
  await page.getByLabel("Примечания").first().fill("Печь исправна, дымоход требует чистки");
  await page.getByRole("radio", { name: "Базовый" }).check();
  await page.getByRole("radio", { name: "Социальное сопровождение" }).check();
  await page.getByRole("checkbox", { name: "Социально-бытовые" }).check();
}

test.describe("Акт обследования на планшете", () => {
  test("акт заполняется, переживает перезагрузку, уходит без связи в очередь и отправляется сам @tablet", async ({ page, context }) => {
    await login(page, "petrova", "/visits");
    const title = `Семья ${uniqueSurname("Печных")}`;
    const id = await createCase(page, { title, curator: CURATOR });
    await openAct(page, id);
    // The act starts from the case: its members and address are there.
    await expect(page.locator(".act-member input").first()).toHaveValue(/Ольга Ивановна/);
    await fillAct(page);

    // A reload in the middle: everything typed is still there.
    await page.reload();
    await hydrated(page);
    await expect(page.getByRole("radio", { name: "Частный дом" })).toBeChecked();
    await expect(page.getByLabel("Примечания").first()).toHaveValue("Печь исправна, дымоход требует чистки");
    await expect(page.getByTestId("act-sync")).toContainText("сохранены на планшете");

    // No connection: saving queues the act on the tablet.
    await context.setOffline(true);
    await page.getByLabel("Комнат", { exact: true }).fill("3");
    await page.getByRole("button", { name: "Сохранить" }).click();
    await expect(page.getByTestId("act-sync")).toContainText("Нет связи");
    await page.screenshot({ path: `test-results/act-offline-${test.info().project.name}.png` });

    // The connection returns: the act goes by itself.
    await context.setOffline(false);
    await expect(page.getByTestId("act-sync")).toContainText("Отправлено на сервер", { timeout: 20_000 });
    await page.reload();
    await hydrated(page);
    await expect(page.getByLabel("Комнат", { exact: true })).toHaveValue("3");
    await expect(page.getByTestId("act-sync")).toContainText("Сохранено на сервере");

    // Signing the act completes intake: the case goes to need assessment.
    await page.getByRole("button", { name: "Подписать акт" }).click();
    await expect(page.getByTestId("act-message")).toContainText("Оценка нуждаемости");
    await expect(page.getByTestId("act-signed")).toBeVisible();
    await page.screenshot({ path: `test-results/act-signed-${test.info().project.name}.png`, fullPage: true });
    await page.goto(`/cases/${id}`);
    await expect(page.getByTestId("case-stage")).toHaveText("Оценка нуждаемости");
  });

  test("черновик акта остаётся у своего автора: другой сотрудник на том же планшете его не видит и не отправляет @tablet", async ({ page }) => {
    await login(page, "petrova", "/visits");
    const title = `Семья ${uniqueSurname("Общих")}`;
    const id = await createCase(page, { title, curator: CURATOR });
    await openAct(page, id);
    await page.getByLabel("Комнат", { exact: true }).fill("4");
    await page.getByLabel("Примечания").first().fill("Черновик Петровой: не отправлять под чужим именем");
    await expect(page.getByTestId("act-sync")).toContainText("сохранены на планшете");
    await page.getByRole("button", { name: "Выйти" }).click();
    await expect(page).toHaveURL(/\/login/);

    // The supervisor signs in on the same tablet and opens the same act.
    await login(page, "morozova", `/cases/${id}/act`);
    await hydrated(page);
    await expect(page.getByRole("heading", { name: "Акт обследования" })).toBeVisible();
    await expect(page.getByLabel("Комнат", { exact: true })).toHaveValue("");
    await expect(page.getByText("Черновик Петровой")).toHaveCount(0);
    await expect(page.getByTestId("act-sync")).not.toContainText("сохранены на планшете");
    await page.screenshot({ path: `test-results/act-other-user-${test.info().project.name}.png` });
    // Nothing went to the server under her name either.
    await page.reload();
    await hydrated(page);
    await expect(page.getByLabel("Комнат", { exact: true })).toHaveValue("");
    await page.getByRole("button", { name: "Выйти" }).click();
    await expect(page).toHaveURL(/\/login/);

    // Back to its author: the draft is where she left it.
    await login(page, "petrova", `/cases/${id}/act`);
    await hydrated(page);
    await expect(page.getByLabel("Комнат", { exact: true })).toHaveValue("4");
    await expect(page.getByLabel("Примечания").first()).toHaveValue("Черновик Петровой: не отправлять под чужим именем");
  });

  test("если акт изменили на сервере, специалист выбирает значения по каждому полю", async ({ page }) => {
    await login(page, "petrova", "/visits");
    const id = await createCase(page, { title: `Семья ${uniqueSurname("Спорных")}`, curator: CURATOR });
    await openAct(page, id);
    await page.getByLabel("Комнат", { exact: true }).fill("2");
    await page.getByRole("button", { name: "Сохранить" }).click();
    await expect(page.getByTestId("act-sync")).toContainText("Отправлено на сервер");

    // Meanwhile a colleague saves another value from her device.
    const current = await (await page.request.post("/api/acts/get", { form: { case_id: id } })).json();
    const theirs = { ...current.act.content, rooms: "4", area: "56" };
    const reply = await page.request.post("/api/acts/save", {
      data: { case_id: id, version: current.act.version, content: theirs },
      headers: { origin: new URL(page.url()).origin },
    });
    expect(reply.ok(), await reply.text()).toBeTruthy();

    await page.getByLabel("Комнат", { exact: true }).fill("3");
    await page.getByRole("button", { name: "Сохранить" }).click();
    const choice = page.getByTestId("act-conflict");
    await expect(choice).toBeVisible();
    await expect(choice.locator('tr[data-field="rooms"]')).toContainText("3");
    await expect(choice.locator('tr[data-field="rooms"]')).toContainText("4");
    // Keep her area, keep my rooms.
    await choice.locator('tr[data-field="area"] td').nth(1).getByRole("radio").check();
    await page.screenshot({ path: "test-results/act-conflict.png", fullPage: true });
    await choice.getByRole("button", { name: "Сохранить выбранное" }).click();
    await expect(page.getByTestId("act-sync")).toContainText("Отправлено на сервер");
    const saved = await (await page.request.post("/api/acts/get", { form: { case_id: id } })).json();
    expect(saved.act.content.rooms).toBe("3");
    expect(saved.act.content.area).toBe("56");
  });

  test("неполный акт не подписывается, печатная форма показывает все разделы", async ({ page }) => {
    await login(page, "petrova", "/visits");
    const id = await createCase(page, { title: `Семья ${uniqueSurname("Печатных")}`, curator: CURATOR });
    await openAct(page, id);
    await page.getByRole("button", { name: "Сохранить" }).click();
    await expect(page.getByTestId("act-sync")).toContainText("Отправлено на сервер");
    await page.getByRole("button", { name: "Подписать акт" }).click();
    await expect(page.getByTestId("act-message")).toContainText("заполните выделенные поля");
    await expect(page.locator('[data-error-for="support_level"]')).toBeVisible();

    await page.goto(`/cases/${id}/act/print`);
    const sheet = page.getByTestId("act-sheet");
    for (const section of [
      "1. Категория семьи",
      "2. Обстоятельства, ухудшающие условия жизнедеятельности",
      "3. Показатели нуждаемости в социальном сопровождении",
      "4. Члены семьи",
      "5. Жилищные условия",
      "6. Психологический климат в семье",
      "7. Материальное положение",
      "8. Заключение комиссии",
    ]) {
      await expect(sheet.getByRole("heading", { name: section })).toBeVisible();
    }
    await page.screenshot({ path: "test-results/act-print.png", fullPage: true });
  });
});

test("фото условий проживания прикрепляется к акту и видно только тем, кому виден случай @tablet", async ({ page, browser }) => {
  await login(page, "petrova", "/visits");
  const id = await createCase(page, { title: `Семья ${uniqueSurname("Фото")}`, curator: CURATOR });
  await page.goto(`/cases/${id}/act`);
  await hydrated(page);
  // A tiny PNG (1×1), as the camera would hand over a JPEG.
  const png = Buffer.from(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==",
    "base64",
  );
  await page.getByTestId("photo-input").setInputFiles({ name: "pech.png", mimeType: "image/png", buffer: png });
  // The photos kept at the case (those still waiting on the tablet have their own list).
  const image = page.getByTestId("act-photos").locator("ul.photo-grid:not(.photo-waiting) img");
  await expect(image).toHaveCount(1);
  await image.scrollIntoViewIfNeeded(); // photos load lazily, when they come into view
  await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
  const src = (await image.getAttribute("src"))!;
  await page.screenshot({ path: `test-results/act-photo-${test.info().project.name}.png` });

  // Not a photo: refused with a message.
  await page.getByTestId("photo-input").setInputFiles({ name: "virus.png", mimeType: "image/png", buffer: Buffer.from("not an image") });
  await expect(page.getByTestId("photo-note")).toContainText("не фотография");

  // A camera's 3 MB JPEG goes; a 13 MB one is refused at once, with a message, not «added: 0».
  const jpeg = (size: number) => {
    const bytes = Buffer.alloc(size, 0x5a);
    Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00]).copy(bytes);
    return bytes;
  };
  await page.getByTestId("photo-input").setInputFiles({ name: "kuhnya.jpg", mimeType: "image/jpeg", buffer: jpeg(3 * 1024 * 1024) });
  await expect(image).toHaveCount(2, { timeout: 20_000 });
  await page.getByTestId("photo-input").setInputFiles({ name: "ogromnoe.jpg", mimeType: "image/jpeg", buffer: jpeg(13 * 1024 * 1024) });
  await expect(page.getByTestId("photo-note")).toContainText("больше 12 МБ");
  await expect(page.getByTestId("photo-note")).not.toContainText("Добавлено фото: 0");
  await expect(image).toHaveCount(2);

  // A stranger gets no photo; a caseworker of other districts does not either.
  const stranger = await browser.newContext();
  expect((await stranger.request.get(new URL(src, page.url()).toString())).status()).toBe(401);
  await stranger.close();
  // Гусев works districts 3 and 4; this family lives in district 1.
  const other = await browser.newPage();
  await login(other, "gusev", "/board");
  const reply = await other.request.get(new URL(src, page.url()).toString());
  expect([403, 404]).toContain(reply.status());
  await other.close();
});
