import { test, expect, Browser } from "@playwright/test";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { login } from "../support/session";
import { hydrated, uniqueSurname } from "../support/journal";
import { card, createCase } from "../support/cases";

/** The institution's current year (UTC+5). */
const YEAR = new Date(Date.now() + 5 * 3_600_000).getUTCFullYear();

/** The official file of the year as Опора ships it, or a minimal one (holidays only). */
function calendarFile(dir: string): string {
  const shipped = path.resolve(__dirname, "..", "..", "server", "data", "calendar", `${YEAR}.xml`);
  if (existsSync(shipped)) return shipped;
  const holidays = ["01.01", "01.02", "01.03", "01.04", "01.05", "01.06", "01.07", "01.08", "02.23", "03.08", "05.01", "05.09", "06.12", "11.04"];
  const file = path.join(dir, `${YEAR}.xml`);
  writeFileSync(
    file,
    `<?xml version="1.0" encoding="UTF-8"?>\n<calendar year="${YEAR}"><days>\n${holidays.map((d) => `<day d="${d}" t="1"/>`).join("\n")}\n</days></calendar>\n`,
  );
  return file;
}

async function supervisorBoard(browser: Browser, q: string) {
  const context = await browser.newContext({ locale: "ru-RU", timezoneId: "Asia/Yekaterinburg" });
  const page = await context.newPage();
  await login(page, "morozova", `/board?q=${encodeURIComponent(q)}`);
  await hydrated(page);
  return { context, page };
}

test.describe("Производственный календарь", () => {
  test("администратор убирает год, видит предупреждение и загружает календарь года из файла", async ({ page, browser }, info) => {
    // A case opened today: its first deadline is within days, in this year.
    const chief = await supervisorBoard(browser, "");
    const surname = uniqueSurname("Календарная");
    const caseId = await createCase(chief.page, { title: `Семья ${surname}` });

    await login(page, "admin", `/admin/calendar?year=${YEAR}`);
    await hydrated(page);
    await expect(page.getByTestId("calendar-official")).toBeVisible();
    await expect(page.getByTestId("calendar-warning")).toHaveCount(0);

    // Without the year's data the deadlines are counted by the statute alone, and everyone is told.
    await page.getByRole("button", { name: `Убрать данные ${YEAR} года` }).click();
    await page.getByRole("button", { name: "Да, убрать" }).click();
    await expect(page.getByTestId("calendar-changed")).toContainText("Сроки открытых случаев пересчитаны");
    await expect(page.getByTestId("calendar-preliminary")).toBeVisible();
    await expect(page.getByTestId("calendar-warning")).toContainText(`Производственный календарь на ${YEAR} год не внесён`);

    await chief.page.goto(`/board?q=${encodeURIComponent(surname)}`);
    await hydrated(chief.page);
    await expect(chief.page.getByTestId("calendar-warning")).toContainText(`на ${YEAR} год не внесён`);
    await expect(card(chief.page, caseId).getByTestId("preliminary")).toContainText("срок предварительный");
    await chief.page.screenshot({ path: "test-results/calendar-board-preliminary.png" });
    await chief.page.goto(`/cases/${caseId}`);
    await hydrated(chief.page);
    await expect(chief.page.locator(".clock-list").getByTestId("preliminary").first()).toContainText("срок предварительный");

    // A broken file is refused with the line that is wrong, and nothing changes.
    mkdirSync(info.outputDir, { recursive: true });
    const broken = path.join(info.outputDir, "broken.xml");
    writeFileSync(broken, `<?xml version="1.0"?>\n<calendar year="${YEAR}">\n<days>\n<day d="13.45" t="1"/>\n</days></calendar>\n`);
    await page.getByTestId("calendar-file").setInputFiles(broken);
    await page.getByRole("button", { name: "Проверить файл" }).click();
    await expect(page.getByTestId("calendar-import-error")).toContainText("Строка 4: дата «13.45» не читается");

    // The official file: first the days it changes, then the year is loaded whole.
    await page.getByTestId("calendar-file").setInputFiles(calendarFile(info.outputDir));
    await page.getByRole("button", { name: "Проверить файл" }).click();
    const preview = page.getByTestId("calendar-preview");
    await expect(preview).toContainText("Рабочих дней в году: было");
    await page.screenshot({ path: "test-results/calendar-import-preview.png", fullPage: true });
    await preview.getByRole("button", { name: "Загрузить календарь" }).click();
    await expect(page.getByTestId("calendar-changed")).toContainText(`Календарь на ${YEAR} год загружен`);
    await expect(page.getByTestId("calendar-changed")).toContainText("изменились у");
    await expect(page.getByTestId("calendar-official")).toContainText(`Загружен из файла «${YEAR}.xml»`);
    await expect(page.getByTestId("calendar-warning")).toHaveCount(0);
    await page.screenshot({ path: "test-results/calendar-imported.png", fullPage: true });

    await chief.page.goto(`/board?q=${encodeURIComponent(surname)}`);
    await hydrated(chief.page);
    await expect(card(chief.page, caseId)).toBeVisible();
    await expect(card(chief.page, caseId).getByTestId("preliminary")).toHaveCount(0);
    await chief.context.close();
  });

  test("перенос выходного вносится вручную с датой, с которой он перенесён", async ({ page }) => {
    await login(page, "admin", "/admin/calendar?year=2030");
    await hydrated(page);
    await expect(page.getByTestId("calendar-preliminary")).toContainText("Официального календаря на 2030 год нет");
    // 2030: 23 February is a Saturday; its day off goes to Friday 10 May instead of Monday 25 February.
    await expect(page.locator('[data-date="2030-02-25"]')).toHaveClass(/off/);
    await page.locator("#date").fill("2030-05-10");
    await page.getByLabel("Выходной перенесён с").fill("2030-02-23");
    await page.getByRole("button", { name: "Сохранить перенос" }).click();
    await expect(page.getByTestId("calendar-changed")).toContainText("Исключение на 10.05.2030 сохранено");
    await expect(page.locator('[data-date="2030-05-10"]')).toHaveClass(/off/);
    await expect(page.locator('[data-date="2030-02-25"]')).not.toHaveClass(/off/);
    // A transfer "from" the same day is refused at the field, the form keeps what was typed.
    await page.locator("#date").fill("2030-06-14");
    await page.getByLabel("Выходной перенесён с").fill("2030-06-14");
    await page.getByRole("button", { name: "Сохранить перенос" }).click();
    await expect(page.locator('[data-error-for="moved_from"]')).toContainText("не переносится сам на себя");
    await expect(page.locator("#date")).toHaveValue("2030-06-14");
    await page.locator('[data-exception="2030-05-10"]').getByRole("button", { name: "Удалить" }).click();
    await expect(page.getByTestId("calendar-changed")).toContainText("Исключение удалено");
  });
});
