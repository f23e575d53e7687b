import { test, expect, Page } from "@playwright/test";
import ExcelJS from "exceljs";
import { login } from "../support/session";
import { hydrated } from "../support/journal";

/** The figures of a row of a report table, as the page shows them. */
async function rowFigures(page: Page, table: string, row: string): Promise<string[]> {
  const cells = page.getByTestId(`report-${table}`).locator("tbody tr").filter({ hasText: row }).first().locator("td");
  return (await cells.allTextContents()).map((t) => t.trim());
}

/** Last month as «2026-11». */
function lastMonth(): string {
  const now = new Date(Date.now() + 5 * 3_600_000);
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
  return d.toISOString().slice(0, 7);
}

test.describe("Отчёты отдела", () => {
  test("заведующий видит отчёт к сдаче, выгружает, печатает и сдаёт ежемесячный отчёт СВО", async ({ page }) => {
    const month = lastMonth();
    await login(page, "morozova", "/reports");
    await hydrated(page);
    await expect(page.getByRole("heading", { name: "Отчёты отдела" })).toBeVisible();

    // Last month's report is owed: due on the 1st, with its state in working days.
    const owed = page.getByTestId("reports-owed").locator(".report-item").filter({ has: page.locator(`a[href="/reports/svo?month=${month}"]`) });
    await expect(owed).toHaveCount(1);
    await expect(owed).toContainText(/сдать до 01\.\d{2}\.\d{4}|срок был 01\.\d{2}\.\d{4} — просрочен/);
    await page.screenshot({ path: "test-results/reports-list.png", fullPage: true });

    // The report, shaped like the form: counted from the cases and routes.
    await owed.getByRole("link").click();
    await hydrated(page);
    await expect(page.getByTestId("svo-report")).toContainText("Отчёт о работе с участниками СВО и членами их семей за");
    await expect(page.getByTestId("report-state")).toContainText("Не сдан");
    const total = await rowFigures(page, "supported", "Всего на сопровождении");
    expect(total).toHaveLength(3);
    expect(Number(total[0])).toBeGreaterThan(0);
    await expect(page.getByTestId("report-help")).toContainText("Итого");

    // The workbook has the same rows.
    const file = await page.request.get(await page.getByTestId("report-xlsx").getAttribute("href") as string);
    expect(file.status()).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await file.body());
    const sheet = workbook.getWorksheet("Отчёт СВО")!;
    expect(String(sheet.getCell("A2").value)).toMatch(/^Отчёт о работе с участниками СВО и членами их семей за/);
    let totalRow: unknown[] | undefined;
    sheet.eachRow((row) => {
      const values = row.values as unknown[];
      if (!totalRow && values[1] === "Всего на сопровождении") totalRow = values;
    });
    expect(totalRow, "the total row in the workbook").toBeDefined();
    expect(String(totalRow![2])).toBe(total[0]);

    // On paper: the form and its signature line, no buttons or navigation.
    await page.emulateMedia({ media: "print" });
    await expect(page.getByTestId("svo-report")).toBeVisible();
    await expect(page.getByRole("navigation", { name: "Разделы" })).toBeHidden();
    await expect(page.getByTestId("report-submit")).toBeHidden();
    await page.screenshot({ path: "test-results/svo-report-print.png", fullPage: true });
    await page.emulateMedia({ media: "screen" });

    // The head adds what Опора cannot know; a number without its source is refused at the field
    // and what was typed stays.
    const submit = page.getByTestId("report-submit");
    await submit.locator('input[name="manual.0.value"]').fill("3");
    await submit.getByRole("button", { name: "Сдать отчёт" }).click();
    await expect(submit).toContainText("Укажите, откуда число");
    await expect(submit.locator('input[name="manual.0.value"]')).toHaveValue("3");
    await submit.locator('input[name="manual.0.note"]').fill("журнал клуба «Вместе»");
    await submit.getByRole("button", { name: "Сдать отчёт" }).click();

    // Submitted: the frozen version with who and when; the list shows it among the submitted.
    await expect(page).toHaveURL(new RegExp(`month=${month}&version=1`));
    await expect(page.getByTestId("report-state")).toContainText("Версия 1 сдана");
    await expect(page.getByTestId("report-state")).toContainText("Морозова");
    await expect(page.getByTestId("report-manual")).toContainText("журнал клуба «Вместе»");
    await expect(page.getByTestId("report-due")).toContainText("сдан");
    await page.screenshot({ path: "test-results/svo-report-submitted.png", fullPage: true });
    await page.goto("/reports");
    await hydrated(page);
    await expect(page.getByTestId("reports-submitted")).toContainText("Морозова");
  });
});

test.describe("Отчёт диспетчерской", () => {
  test("диспетчер открывает отчёт службы за период из журнала и выгружает его с теми же числами @tablet", async ({ page }, info) => {
    await login(page, "sidorova", "/journal");
    await hydrated(page);
    await page.getByRole("link", { name: "Отчёт службы" }).click();
    await hydrated(page);
    await expect(page.getByRole("heading", { name: "Отчёт службы «Семейная диспетчерская»" })).toBeVisible();

    // Two months back to today: the demo journal has appeals in it.
    const today = new Date(Date.now() + 5 * 3_600_000);
    const from = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() - 1, 1)).toISOString().slice(0, 10);
    await page.locator('input[name="from"]').fill(from);
    await page.getByRole("button", { name: "Показать" }).click();
    await expect(page).toHaveURL(new RegExp(`from=${from}`));
    await hydrated(page);
    const report = page.getByTestId("dispatch-report");
    // The report of the period asked for (not the one shown before it while the new one loads).
    const fromWords = `${from.slice(8, 10)}.${from.slice(5, 7)}.${from.slice(0, 4)}`;
    await expect(report).toContainText(`Отчёт о деятельности службы «Семейная диспетчерская» за ${fromWords}`);
    const total = (await rowFigures(page, "channels", "Итого"))[0];
    expect(Number(total)).toBeGreaterThan(0);
    await expect(page.getByTestId("report-topics")).toContainText("Обращение с несколькими темами учтено в каждой");
    await expect(page.getByTestId("report-urgent")).toBeVisible();
    await page.screenshot({ path: `test-results/dispatch-report-${info.project.name}.png`, fullPage: true });

    const file = await page.request.get((await page.getByTestId("report-xlsx").getAttribute("href")) as string);
    expect(file.status()).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await file.body());
    const sheet = workbook.getWorksheet("Диспетчерская")!;
    expect(String(sheet.getCell("A2").value)).toMatch(/^Отчёт о деятельности службы «Семейная диспетчерская» за/);
    const totals: string[] = [];
    sheet.eachRow((row) => {
      const values = row.values as unknown[];
      if (values[1] === "Итого") totals.push(String(values[2]));
    });
    expect(totals[0]).toBe(total);
  });
});
