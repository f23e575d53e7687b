import { test, expect } from "@playwright/test";
import ExcelJS from "exceljs";
import { login } from "../support/session";
import { hydrated } from "../support/journal";

test.describe("Нагрузка и сроки", () => {
  test("заведующий готовит планёрку: кто сколько ведёт, что просрочено, выгрузка и печать @tablet", async ({ page }, info) => {
    await login(page, "morozova", "/reports");
    await hydrated(page);
    const item = page.getByTestId("reports-owed").locator(".report-item").filter({ hasText: "Нагрузка и сроки специалистов" });
    await item.getByRole("link").click();
    await expect(page).toHaveURL(/\/reports\/workload$/);
    await hydrated(page);

    // A line per specialist: the caseworkers of the demo department with their open cases.
    const staff = page.getByTestId("report-workload-staff");
    await expect(staff.getByRole("heading", { name: "1. По специалистам" })).toBeVisible();
    const petrova = staff.locator("tbody tr").filter({ hasText: "Петрова" }).first();
    const cells = (await petrova.locator("td").allTextContents()).map((t) => t.trim());
    expect(cells[0]).toBe("Специалист по работе с семьёй");
    const open = Number(cells[1]);
    expect(open).toBeGreaterThan(0);
    expect(Number(cells[2])).toBeLessThanOrEqual(open);
    // The psychologist is listed by the activities she answers for.
    await expect(staff.locator("tbody tr").filter({ hasText: "Психолог" }).first()).toBeVisible();
    const total = (await staff.locator("tr.total td").allTextContents()).map((t) => t.trim());
    const districts = page.getByTestId("report-workload-districts");
    const districtTotal = (await districts.locator("tr.total td").allTextContents()).map((t) => t.trim());
    expect(districtTotal, "the same totals by specialist and by district").toEqual(total.slice(1));
    await page.screenshot({ path: `test-results/workload-${info.project.name}.png`, fullPage: true });

    // The workbook has the same rows.
    const file = await page.request.get((await page.getByTestId("report-xlsx").getAttribute("href")) as string);
    expect(file.status()).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await file.body());
    const sheet = workbook.getWorksheet("Нагрузка")!;
    expect(String(sheet.getCell("A2").value)).toBe("Нагрузка и сроки специалистов");
    let line: unknown[] | undefined;
    sheet.eachRow((row) => {
      const values = row.values as unknown[];
      if (!line && String(values[1] ?? "").startsWith("Петрова")) line = values;
    });
    expect(line, "Петрова's row in the workbook").toBeDefined();
    expect(String(line![3])).toBe(String(open));

    // On paper: the tables and the signature line, no buttons or navigation.
    await page.emulateMedia({ media: "print" });
    await expect(page.getByTestId("workload-report")).toBeVisible();
    await expect(page.getByRole("button", { name: "Печать" })).toBeHidden();
    await expect(page.getByRole("navigation", { name: "Разделы" })).toBeHidden();
    await page.screenshot({ path: `test-results/workload-print-${info.project.name}.png`, fullPage: true });
    await page.emulateMedia({ media: "screen" });
  });

  test("пока лист считают, виден ход подсчёта, а цифры появляются сами, без обновления страницы", async ({ page }, info) => {
    await login(page, "morozova", "/reports");
    await hydrated(page);
    // A large department: the first count after a restart takes a while, and the next ones too.
    // The server's first answer and the first recount are held here until they have been looked
    // at; what the page asks and the figures it finally shows are the real server's.
    const asked: string[] = [];
    const gates = [deferred(), deferred()];
    await page.route("**/api/reports/workload", async (route) => {
      const n = asked.push(route.request().postData() ?? "");
      if (n === 1) {
        await route.fulfill({ json: { Counting: { done: 1, of: 2, ticket: 987654 } } });
      } else if (n === 2) {
        await gates[0].promise;
        const response = await route.fetch();
        const counted = await response.json();
        counted.Ready.recounting = true;
        await route.fulfill({ response, json: counted });
      } else {
        if (n === 3) await gates[1].promise;
        await route.continue();
      }
    });
    const item = page.getByTestId("reports-owed").locator(".report-item").filter({ hasText: "Нагрузка и сроки специалистов" });
    await item.getByRole("link").click();
    await expect(page).toHaveURL(/\/reports\/workload$/);

    // Nothing counted yet: how far the count has got.
    const counting = page.getByTestId("counting");
    await expect(counting).toContainText("Считаем нагрузку и сроки");
    await expect(counting.getByRole("progressbar")).toHaveAttribute("value", "50");
    await expect(counting).toContainText("Готово 50 %");
    await page.screenshot({ path: `test-results/workload-counting-${info.project.name}.png`, fullPage: true });
    // The page asks again by itself, with the ticket of the count it waits for.
    await expect.poll(() => asked.length).toBe(2);
    expect(asked[1]).toContain("ticket=987654");
    gates[0].resolve();

    // Figures of the last count, marked while the newer one runs.
    await expect(page.getByTestId("recounting")).toContainText("Пересчитываем по текущим данным");
    await expect(page.getByTestId("report-workload-staff")).toBeVisible();
    await expect(counting).toHaveCount(0);
    await page.screenshot({ path: `test-results/workload-recounting-${info.project.name}.png` });
    await expect.poll(() => asked.length).toBe(3);
    expect(asked[2]).toMatch(/ticket=\d+/);
    gates[1].resolve();
    await expect(page.getByTestId("recounting")).toHaveCount(0);
    await expect(page.getByTestId("report-workload-staff").locator("tbody tr").filter({ hasText: "Петрова" }).first()).toBeVisible();
    const settled = asked.length;

    // «Пересчитать» asks for a count that begins now: no ticket.
    await page.getByRole("button", { name: "Пересчитать" }).click();
    await expect.poll(() => asked.length).toBeGreaterThan(settled);
    expect(asked[settled]).not.toContain("ticket");
    await expect(page.getByTestId("report-workload-staff")).toBeVisible();
  });

  test("специалисту лист нагрузки отдела не открывается", async ({ page }) => {
    await login(page, "petrova", "/reports/workload");
    await expect(page.getByTestId("workload-report")).toHaveCount(0);
    await expect(page.getByText("Нет доступа")).toBeVisible();
  });
});

/// A promise the test resolves when it has looked.
function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}
