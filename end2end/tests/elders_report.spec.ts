import { test, expect, Page } from "@playwright/test";
import ExcelJS from "exceljs";
import { readFileSync } from "node:fs";
import { login } from "../support/session";
import { hydrated } from "../support/journal";

/** The first figure of the total (or only) row of a report table. */
async function firstFigure(page: Page, table: string, row: string): Promise<number> {
  const cells = page.getByTestId(`report-${table}`).locator("tbody tr").filter({ hasText: row }).locator("td");
  const text = (await cells.first().textContent()) ?? "";
  expect(text, `${table} / ${row}`).toMatch(/^\d+$/);
  return Number(text);
}

test.describe("Квартальный отчёт службы «дворового» управления", () => {
  test("заведующий открывает отчёт отделения, выбирает участок, выгружает Excel и печатает", async ({ page }) => {
    await login(page, "morozova", "/elders");
    await hydrated(page);
    await page.getByRole("link", { name: "Квартальный отчёт" }).click();
    await expect(page).toHaveURL(/\/elders\/report$/);
    await hydrated(page);
    const heading = page.getByRole("heading", {
      level: 1,
      name: /^Отчёт о работе службы «дворового» социального управления за (I|II|III|IV) квартал \d{4} г\.$/,
    });
    await expect(heading).toBeVisible();
    await expect(page.getByTestId("report-scope")).toContainText("все участки отделения");

    // The department: six districts and the total; the demo registry has people, and this
    // month's and last month's contacts reached some of them.
    const registry = page.getByTestId("report-registry");
    await expect(registry.locator("tbody tr")).toHaveCount(7);
    const total = await firstFigure(page, "registry", "Итого по отделению");
    expect(total).toBeGreaterThan(200);
    const contacts = page.getByTestId("report-contacts");
    await expect(contacts.locator("thead")).toContainText("План");
    const totalRow = contacts.locator("tbody tr.total td");
    // Some month of the quarter was planned for everyone and someone was reached.
    const cells = (await totalRow.allTextContents()).map((t) => t.trim());
    const plans = [0, 4, 8].map((i) => Number(cells[i]));
    expect(Math.max(...plans)).toBeGreaterThan(200);
    const reached = [2, 6, 10].map((i) => Number(cells[i])).filter((n) => !Number.isNaN(n));
    expect(Math.max(...reached)).toBeGreaterThan(0);
    expect(cells.some((c) => /^\d+ %$/.test(c))).toBeTruthy();
    await expect(page.getByTestId("report-needs")).toContainText("Итого по отделению");
    await expect(page.getByTestId("report-groups")).toBeVisible();

    // District 1 only: its own row, fewer people than the department.
    await page.getByLabel("Участок").selectOption({ label: "Участок № 1 — Центральный" });
    await page.getByRole("button", { name: "Показать" }).click();
    await expect(page).toHaveURL(/district=d1/);
    await expect(page.getByTestId("report-scope")).toContainText("Участок № 1 — Центральный");
    await expect(registry.locator("tbody tr")).toHaveCount(1);
    const one = await firstFigure(page, "registry", "Участок № 1 — Центральный");
    expect(one).toBeGreaterThan(0);
    expect(one).toBeLessThan(total);
    await expect(page.locator(".report-signatures")).toContainText("Петрова А. С.");

    // The workbook of the same quarter and district.
    const download = page.waitForEvent("download");
    await page.getByRole("link", { name: "Выгрузить в Excel" }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/\.xlsx$/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(readFileSync(await file.path()));
    const sheet = workbook.getWorksheet("Отчёт")!;
    expect(String(sheet.getCell("A1").value)).toMatch(/^Отчёт о работе службы «дворового» социального управления за/);
    let registryRow: unknown[] | undefined;
    sheet.eachRow((row) => {
      const values = row.values as unknown[];
      if (!registryRow && values[1] === "Участок № 1 — Центральный") registryRow = values;
    });
    expect(registryRow, "the district's row in the workbook").toBeDefined();
    expect(Number(registryRow![2])).toBe(one);

    // On paper: the heading, the district and the signatures; no navigation, no buttons.
    await page.emulateMedia({ media: "print" });
    await expect(heading).toBeVisible();
    await expect(page.getByTestId("report-scope")).toBeVisible();
    await expect(page.getByRole("navigation", { name: "Разделы" })).toBeHidden();
    await expect(page.locator(".topbar")).toBeHidden();
    await expect(page.getByRole("button", { name: "Печать" })).toBeHidden();
    await expect(page.getByRole("button", { name: "Показать" })).toBeHidden();
    await expect(page.locator(".report-signatures")).toContainText("Заведующий отделением");
    await page.screenshot({ path: "test-results/elders-report-print.png", fullPage: true });
    await page.emulateMedia({ media: "screen" });
    await page.screenshot({ path: "test-results/elders-report-screen.png", fullPage: true });
  });

  test("специалист видит только свои участки @tablet", async ({ page }) => {
    await login(page, "petrova", "/elders/report");
    await hydrated(page);
    await expect(page.getByTestId("report-scope")).toContainText("Участок № 1 — Центральный; Участок № 2 — Восточный");
    await expect(page.getByTestId("report-registry").locator("tbody tr")).toHaveCount(3);
    const options = await page.getByLabel("Участок").locator("option").allTextContents();
    expect(options).toEqual(["Все мои участки", "Участок № 1 — Центральный", "Участок № 2 — Восточный"]);
    // A district of another caseworker asked for by hand is refused.
    await page.goto("/elders/report?district=d3");
    await expect(page.getByText("Этот участок вы не ведёте")).toBeVisible();
    await page.screenshot({ path: `test-results/elders-report-${test.info().project.name}.png`, fullPage: false });
  });
});
