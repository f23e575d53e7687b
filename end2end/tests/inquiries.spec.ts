import { test, expect } from "@playwright/test";
import { login } from "../support/session";
import { hydrated, uniqueSurname } from "../support/journal";
import { createCase } from "../support/cases";

const CURATOR = "Петрова Анна Сергеевна";

/** A day in Yugorsk (UTC+5) `daysAgo` days before today, as a date input holds it. */
function isoDay(daysAgo = 0): string {
  return new Date(Date.now() + 5 * 3_600_000 - daysAgo * 86_400_000).toISOString().slice(0, 10);
}

function isoToday(): string {
  return isoDay(0);
}

/** A one-page PDF, as a scanner would save the answer letter. */
const LETTER = Buffer.from(
  "%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n" +
    "3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n",
);

test.describe("Межведомственные запросы", () => {
  test("специалист направляет запрос по случаю, видит срок ответа, запрос в реестре, на случае и в письме @tablet", async ({
    page,
  }, info) => {
    await login(page, "petrova", "/board");
    const surname = uniqueSurname("Запросовых");
    const id = await createCase(page, { title: `Семья ${surname}`, curator: CURATOR });

    // The case page has the panel of requests, empty for now, with the way to a new one.
    await page.goto(`/cases/${id}`);
    await hydrated(page);
    const panel = page.getByTestId("case-inquiries");
    await expect(panel).toContainText("Запросов по случаю нет.");
    await panel.getByTestId("case-new-inquiry").click();
    await expect(page).toHaveURL(new RegExp(`/inquiries/new\\?case=${id}`));
    await hydrated(page);
    await expect(page.getByRole("heading", { name: "Новый межведомственный запрос" })).toBeVisible();
    await expect(page.getByLabel("Номер случая сопровождения")).toHaveValue(/^\d{4}-\d{4}$/);
    await expect(page.getByLabel("Гражданин (ФИО, дата рождения)")).toHaveValue(new RegExp(surname));

    // The body from the resource map; the legal ground in one tap.
    await page.getByLabel("Партнёр из карты ресурсов").selectOption({ label: "ОМВД России по городу Югорску" });
    const body = page.getByLabel("Орган, организация, куда направляется запрос");
    await expect(body).toHaveValue("ОМВД России по городу Югорску");
    await expect(page.getByLabel("Адрес органа")).toHaveValue(/Гастелло/);
    await page.getByRole("button", { name: "+ 120-ФЗ" }).click();
    await expect(page.getByLabel("Ссылки на законодательство")).toHaveValue(/ст\. 9 Федерального закона от 24\.06\.1999 № 120-ФЗ/);
    await page.getByLabel("Иные сведения, необходимые для исполнения запроса").fill("Ответ нужен для плана сопровождения");

    // Without the essence the form says so at the field, in Russian, and keeps what was typed.
    await page.getByRole("button", { name: "Сохранить черновик" }).click();
    await expect(page.locator('[data-error-for="essence"]')).toContainText("Изложите суть запроса");
    await expect(body).toHaveValue("ОМВД России по городу Югорску");
    await expect(page.getByLabel("Иные сведения, необходимые для исполнения запроса")).toHaveValue(
      "Ответ нужен для плана сопровождения",
    );
    await page
      .getByLabel("Краткое изложение сути запроса")
      .fill("Сведения о привлечении родителей к административной ответственности по ст. 5.35 КоАП РФ");
    await page.getByRole("button", { name: "Сохранить черновик" }).click();
    await expect(page).toHaveURL(/\/inquiries\/[a-z0-9]+\?saved=1/);
    await hydrated(page);
    await expect(page.getByText("Запрос сохранён.")).toBeVisible();
    await expect(page.getByTestId("inquiry-status")).toContainText("Черновик");
    const url = page.url().split("?")[0];
    const key = url.split("/").pop()!;

    // Sent today by ЕСМЭВ: the due day is shown before and after sending, in working days.
    const sending = page.getByTestId("inquiry-sending");
    await sending.getByLabel("Дата отправки").fill(isoToday());
    await sending.getByLabel("Способ отправки").selectOption({ label: "СМЭВ / ЕСМЭВ" });
    await expect(page.getByTestId("due-preview")).toContainText(/Ответ ожидается до \d{2}\.\d{2}\.\d{4} — 10 рабочих дней/);
    if (info.project.name === "desktop") {
      await page.screenshot({ path: "test-results/inquiries-form.png", fullPage: true });
    }
    await page.getByTestId("inquiry-send").click();
    await expect(page.getByText("Запрос отмечен: срок ответа посчитан.")).toBeVisible();
    await expect(page.getByTestId("inquiry-status")).toContainText("Отправлен");
    await expect(page.getByTestId("inquiry-status")).toContainText("осталось 10 р. д.");
    await expect(page.getByTestId("inquiry-answer")).toBeVisible();

    // In the register, with its days left; on the case page.
    await page.goto("/inquiries");
    await hydrated(page);
    const row = page.locator(`tr[data-inquiry="${key}"]`);
    await expect(row).toContainText("ОМВД России по городу Югорску");
    await expect(row).toContainText("осталось 10 р. д.");
    await page.goto(`/cases/${id}`);
    await hydrated(page);
    await expect(panel).toContainText("Запросов: 1");
    await expect(panel.locator(`li[data-inquiry="${key}"]`)).toContainText("осталось 10 р. д.");

    // The letter on the institution's form.
    await page.goto(`/inquiries/${key}/print`);
    const letter = page.getByTestId("inquiry-letter");
    await expect(letter).toContainText("БУ «Югорский комплексный центр социального обслуживания населения»");
    await expect(letter).toContainText("ЗАПРОС");
    await expect(letter).toContainText("ОМВД России по городу Югорску");
    await expect(letter).toContainText("120-ФЗ");
    await expect(letter).toContainText("административной ответственности");
    await expect(letter).toContainText(/Ответ просим направить в срок до \d{2}\.\d{2}\.\d{4}/);
    await expect(letter).toContainText("Директор");
    if (info.project.name === "desktop") {
      await page.screenshot({ path: "test-results/inquiries-letter.png", fullPage: true });
    }
  });

  test("в реестре просроченный запрос стоит первым, с числом рабочих дней просрочки @tablet", async ({ page }, info) => {
    // The head of the department meets the late answer above her board and on the urgent
    // services' page, and goes from there to the register.
    await login(page, "morozova", "/board");
    await hydrated(page);
    await expect(page.getByTestId("inquiry-deadlines")).toContainText(/Просрочен ответ на межведомственные запросы: \d+/);
    if (info.project.name === "desktop") {
      await page.screenshot({ path: "test-results/board-deadlines.png" });
    }
    await page.goto("/urgent");
    await hydrated(page);
    await expect(page.getByTestId("tile-inquiries-overdue")).toContainText(/просрочен ответ: \d+/);
    if (info.project.name === "desktop") {
      await page.screenshot({ path: "test-results/urgent-hub.png" });
    }
    await page.getByTestId("tile-inquiries").click();
    await expect(page).toHaveURL(/\/inquiries$/);
    await hydrated(page);
    await expect(page.getByRole("heading", { name: "Межведомственные запросы" })).toBeVisible();
    await expect(page.getByTestId("inquiries-overdue")).toContainText(/просрочено: \d+/);
    const first = page.locator("tr[data-inquiry]").first();
    await expect(first).toHaveClass(/overdue/);
    await expect(first.getByTestId("inquiry-standing")).toContainText(/просрочен на \d+ р\. д\./);
    if (info.project.name === "desktop") {
      await page.screenshot({ path: "test-results/inquiries-register.png", fullPage: true });
    }
    // The filter keeps only the overdue ones.
    await page.getByLabel("Состояние").selectOption({ label: "Просроченные" });
    await page.getByRole("button", { name: "Найти" }).click();
    await expect(page).toHaveURL(/status=overdue/);
    await expect(page.locator("tr[data-inquiry]")).toHaveCount(1);
    await first.getByRole("link").first().click();
    await hydrated(page);
    await expect(page.getByTestId("inquiry-status")).toContainText(/просрочен/);
  });

  test("запрос без ответа в срок становится просроченным; скан письма-ответа прикладывается, ответ снимает просрочку @tablet", async ({
    page,
  }) => {
    // A dispatcher registers a request to the pension fund that went by post three weeks ago
    // with the 5-working-day term of 210-ФЗ: it has been waiting too long already.
    await login(page, "sidorova", "/inquiries");
    await hydrated(page);
    await page.getByRole("link", { name: "+ Новый запрос" }).click();
    await hydrated(page);
    const body = `ОСФР по ХМАО — Югре, клиентская служба ${uniqueSurname("Почтовая")}`;
    await page.getByLabel("Орган, организация, куда направляется запрос").fill(body);
    await page.getByLabel("Краткое изложение сути запроса").fill("Сведения о размере пенсии и ЕДВ заявителя за 2026 год");
    await page.getByRole("button", { name: "+ 210-ФЗ" }).click();
    await page.getByLabel("Срок ответа").selectOption({ label: "5 рабочих дней — межведомственный запрос (210-ФЗ)" });
    const sending = page.getByTestId("inquiry-sending");
    await sending.getByLabel("Дата отправки").fill(isoDay(21));
    await sending.getByLabel("Способ отправки").selectOption({ label: "Почта" });
    await expect(page.getByTestId("due-preview")).toContainText(/Ответ ожидается до \d{2}\.\d{2}\.\d{4}/);
    await page.getByTestId("inquiry-send").click();
    await expect(page.getByText("Запрос сохранён и отмечен: срок ответа посчитан.")).toBeVisible();
    await expect(page.getByTestId("inquiry-status")).toContainText(/просрочен на \d+ р\. д\./);
    const key = page.url().split("?")[0].split("/").pop()!;

    // In the register it is among the overdue ones, counted in the red figure.
    await page.goto("/inquiries?status=overdue");
    await hydrated(page);
    const row = page.locator(`tr[data-inquiry="${key}"]`);
    await expect(row).toHaveClass(/overdue/);
    await expect(row.getByTestId("inquiry-standing")).toContainText(/просрочен на \d+ р\. д\./);
    const overdueBefore = Number((await page.getByTestId("inquiries-overdue").innerText()).match(/\d+/)![0]);

    // The answer comes by post: the scan is attached (a program is refused at the field), the
    // answer recorded; what was typed survives the refused file.
    await row.getByRole("link").first().click();
    await hydrated(page);
    const answer = page.getByTestId("inquiry-answer");
    await answer.getByLabel("Содержание ответа").fill("Письмо ОСФР от 20.11.2026 № 12-34: пенсия 21 400 ₽, ЕДВ не назначалась");
    await answer
      .getByTestId("inquiry-answer-file-input")
      .setInputFiles({ name: "virus.exe", mimeType: "application/pdf", buffer: Buffer.from("MZ\x90\x00 program") });
    await expect(answer.getByTestId("inquiry-answer-file-error")).toContainText("Нужен PDF или снимок письма");
    await expect(answer.getByLabel("Содержание ответа")).toHaveValue(/пенсия 21 400/);
    await answer
      .getByTestId("inquiry-answer-file-input")
      .setInputFiles({ name: "Ответ ОСФР.pdf", mimeType: "application/pdf", buffer: LETTER });
    await expect(answer.getByTestId("inquiry-answer-file-link")).toHaveText("Ответ ОСФР.pdf");
    await expect(answer.getByTestId("inquiry-answer-file-error")).toHaveCount(0);
    await page.screenshot({ path: "test-results/inquiries-answer-file.png", fullPage: true });
    await answer.getByTestId("inquiry-record-answer").click();
    await expect(page.getByTestId("inquiry-answer-record")).toContainText("пенсия 21 400");
    await expect(page.getByTestId("inquiry-status")).toContainText("Получен ответ");

    // The letter opens from the answered request, as it was scanned.
    const link = page.getByTestId("inquiry-answer-record").getByTestId("inquiry-answer-file-link");
    await expect(link).toHaveText("Ответ ОСФР.pdf");
    const file = await page.request.get(`/inquiries/files/${key}`);
    expect(file.status()).toBe(200);
    expect(file.headers()["content-type"]).toBe("application/pdf");
    expect((await file.body()).subarray(0, 8).toString()).toBe("%PDF-1.4");

    // Answered, it is no longer overdue: the red figure goes down by one.
    await page.goto("/inquiries?status=overdue");
    await hydrated(page);
    await expect(page.locator(`tr[data-inquiry="${key}"]`)).toHaveCount(0);
    await expect(page.getByTestId("inquiries-result")).toBeVisible();
    const badge = page.getByTestId("inquiries-overdue");
    if (overdueBefore > 1) {
      await expect(badge).toHaveText(`просрочено: ${overdueBefore - 1}`);
    } else {
      await expect(badge).toHaveCount(0);
    }
  });
});
