import { test, expect, Page } from "@playwright/test";
import ExcelJS from "exceljs";
import { login } from "../support/session";
import { hydrated } from "../support/journal";

/** The figures of a row of a report table, as the page shows them. */
async function rowFigures(page: Page, table: string, row: string): Promise<string[]> {
  const cells = page.getByTestId(`report-${table}`).locator("tbody tr").filter({ hasText: row }).first().locator("td");
  return (await cells.allTextContents()).map((t) => t.trim());
}

test.describe("Мониторинг сопровождения семей с детьми", () => {
  test("специалист на планшете опрашивает семью, завершившую ИПССС: ответы проверены, сохранены и видны в мониторинге @tablet", async ({ page }, info) => {
    await login(page, "petrova", "/reports/monitoring");
    await hydrated(page);
    const list = page.getByTestId("monitoring-to-ask");
    await expect(list).toContainText("Опрошено");
    // A family not asked yet (or, on a second run, the first of the list).
    const waiting = list.locator(".survey-item").filter({ hasText: "Не опрошена" });
    const family = (await waiting.count()) > 0 ? waiting.first() : list.locator(".survey-item").first();
    const title = (await family.locator("strong").textContent())!.trim();
    await family.getByRole("link").click();
    await expect(page).toHaveURL(/\/cases\/[^/]+\/survey$/);
    await hydrated(page);
    await expect(page.getByRole("heading", { name: "Анкета мониторинга" })).toBeVisible();
    await expect(page.locator(".page-head")).toContainText(title);

    // Asked by phone: every choice question needs its answer, and who answered.
    const form = page.getByTestId("survey-form");
    await form.locator("label.survey-option", { hasText: "По телефону" }).click();
    await form.locator('input[name="respondent"]').fill("");
    const questions = form.locator("fieldset.survey-question[data-question]");
    await expect(questions).toHaveCount(4);
    // Left unanswered on a first run; a second run finds the answers given and clears none.
    await form.getByRole("button", { name: "Сохранить анкету" }).click();
    await expect(form).toContainText("Укажите, кто из семьи отвечал");
    await form.locator('input[name="respondent"]').fill("мать, по телефону");
    for (let i = 0; i < 4; i++) {
      await questions.nth(i).locator("label.survey-option").first().click();
    }
    await form.locator('textarea[name="answers.q5"]').fill("Занятия с психологом и помощь с детским садом");
    await page.screenshot({ path: `test-results/monitoring-survey-${info.project.name}.png`, fullPage: true });
    await form.getByRole("button", { name: "Сохранить анкету" }).click();
    await expect(form.locator('.actions [role="status"]')).toHaveText("Анкета сохранена");

    // Kept: after a reload the answers come from the server.
    await page.reload();
    await hydrated(page);
    await expect(form.locator('input[name="respondent"]')).toHaveValue("мать, по телефону");
    await expect(questions.first().locator("input:checked")).toHaveCount(1);
    await expect(page.locator(".notice")).toHaveCount(0);

    // The monitoring lists the family as asked by phone.
    await page.goto("/reports/monitoring");
    await hydrated(page);
    await expect(page.getByTestId("monitoring-to-ask").locator(".survey-item").filter({ hasText: title }).first()).toContainText("По телефону");
  });

  test("заведующий проверяет мониторинг квартала, выгружает его, правит анкету и сдаёт отчёт", async ({ page }) => {
    await login(page, "morozova", "/reports");
    await hydrated(page);
    const owed = page.getByTestId("reports-owed").locator(".report-item").filter({ hasText: "Мониторинг эффективности" });
    await expect(owed.first()).toBeVisible();
    await expect(owed.first()).toContainText(/сдать до 01\.\d{2}\.\d{4}|срок был 01\.\d{2}\.\d{4}/);
    await page.goto("/reports/monitoring");
    await hydrated(page);

    const report = page.getByTestId("monitoring-report");
    await expect(report).toContainText("Мониторинг оценки эффективности и результативности социального сопровождения семей с детьми за");
    await expect(page.getByTestId("report-state")).toContainText("Не сдан");
    const completed = await rowFigures(page, "survey", "Семей, завершивших ИПССС в квартале");
    expect(Number(completed[completed.length - 1])).toBeGreaterThan(0);
    await expect(page.getByTestId("report-indicators")).toContainText("Средняя продолжительность");
    await page.screenshot({ path: "test-results/monitoring-report.png", fullPage: true });

    // The workbook has the same rows.
    const file = await page.request.get((await page.getByTestId("report-xlsx").getAttribute("href")) as string);
    expect(file.status()).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await file.body());
    const sheet = workbook.getWorksheet("Мониторинг")!;
    expect(String(sheet.getCell("A2").value)).toMatch(/^Мониторинг оценки эффективности/);
    let completedRow: unknown[] | undefined;
    sheet.eachRow((row) => {
      const values = row.values as unknown[];
      if (!completedRow && values[1] === "Семей, завершивших ИПССС в квартале") completedRow = values;
    });
    expect(String(completedRow![completedRow!.length - 1])).toBe(completed[completed.length - 1]);

    // The questionnaire is the head's: an emptied question is refused at its field, the text typed stays.
    await page.getByRole("link", { name: "Вопросы анкеты" }).click();
    await hydrated(page);
    const first = page.getByTestId("question").first();
    const text = first.locator('input[name="text"]');
    const wording = await text.inputValue();
    await text.fill("Ну");
    await page.getByRole("button", { name: "Сохранить анкету" }).click();
    await expect(first).toContainText("Текст вопроса — от 3 до 300 знаков");
    await expect(text).toHaveValue("Ну");
    await text.fill(wording);
    await page.getByRole("button", { name: "Сохранить анкету" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Анкета сохранена" })).toBeVisible();

    // Submitted with a figure Опора cannot know.
    await page.goto("/reports/monitoring");
    await hydrated(page);
    const submit = page.getByTestId("report-submit");
    await submit.locator('input[name="manual.1.value"]').fill("2");
    await submit.locator('input[name="manual.1.note"]').fill("приказ о повышении квалификации");
    await submit.getByRole("button", { name: "Сдать отчёт" }).click();
    await expect(page).toHaveURL(/quarter=\d{4}-Q\d&version=\d+/);
    await expect(page.getByTestId("report-state")).toContainText(/Версия \d+ сдана/);
    await expect(page.getByTestId("report-manual")).toContainText("приказ о повышении квалификации");
    await page.screenshot({ path: "test-results/monitoring-submitted.png", fullPage: true });
  });
});
