import { test, expect } from "@playwright/test";
import ExcelJS from "exceljs";
import path from "node:path";
import os from "node:os";
import { login } from "../support/session";
import { hydrated, uniqueSurname } from "../support/journal";

/** An .xlsx list as a district keeps it: a title line, then the header and the rows. */
async function list(rows: (string | Date)[][]): Promise<string> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet("Участок 1");
  sheet.addRow(["Список граждан пожилого возраста и инвалидов, участок № 1"]);
  sheet.addRow(["№", "ФИО", "Дата рождения", "Адрес", "Участок", "Телефон", "С кем проживает", "Дата согласия", "Группы особого внимания"]);
  rows.forEach((r, i) => sheet.addRow([i + 1, ...r]));
  const file = path.join(os.tmpdir(), `elders-${Date.now()}-${Math.random().toString(36).slice(2)}.xlsx`);
  await book.xlsx.writeFile(file);
  return file;
}

test.describe("Загрузка списка в реестр 55+", () => {
  test("специалист загружает список участка: ошибки по строкам, потом загрузка целиком @tablet", async ({ page }) => {
    const first = `${uniqueSurname("Загрузова")} Анна Петровна`;
    const second = `${uniqueSurname("Списков")} Иван Сергеевич`;
    const district = "Участок № 1 — Центральный";
    await login(page, "petrova", "/elders");
    await hydrated(page);
    await page.getByRole("link", { name: "Загрузить из Excel" }).click();
    await expect(page).toHaveURL(/\/elders\/import$/);
    await hydrated(page);

    // A date that does not exist and a missing consent: named by row, nothing is loaded.
    const bad = await list([
      [first, "12.03.1950", "г. Югорск, ул. Ленина, д. 12, кв. 4", district, "8 902 814-22-10", "", "01.11.2026", "проживает одиноко"],
      [second, "31.02.1950", "г. Югорск, ул. Ленина, д. 14", district, "", "с женой", "", ""],
    ]);
    await page.getByTestId("import-file").setInputFiles(bad);
    await page.getByRole("button", { name: "Проверить файл" }).click();
    const report = page.getByTestId("import-report");
    await expect(report).toContainText("Найдено ошибок");
    await expect(report).toContainText("Строка 4: дата рождения");
    await expect(report).toContainText("Строка 4: согласие на обработку ПДн");
    await expect(report).toContainText(`«${first}» — новый`);
    await expect(page.getByRole("button", { name: "Загрузить в реестр" })).toHaveCount(0);
    await page.screenshot({ path: `test-results/elders-import-errors-${test.info().project.name}.png`, fullPage: true });

    // Corrected: checked, then loaded.
    const good = await list([
      [first, "12.03.1950", "г. Югорск, ул. Ленина, д. 12, кв. 4", district, "8 902 814-22-10", "", "01.11.2026", "проживает одиноко"],
      [second, "28.02.1950", "г. Югорск, ул. Ленина, д. 14", district, "", "с женой", "01.11.2026", ""],
    ]);
    await page.getByTestId("import-file").setInputFiles(good);
    await page.getByRole("button", { name: "Проверить файл" }).click();
    await expect(report).toContainText("Ошибок нет. Будет загружено: новых 2");
    await page.getByRole("button", { name: "Загрузить в реестр" }).click();
    await expect(report).toContainText("Загружено: новых 2");
    await page.screenshot({ path: `test-results/elders-import-${test.info().project.name}.png`, fullPage: true });

    // The same file again: both are already in the registry, nobody is entered twice.
    await page.getByTestId("import-file").setInputFiles(good);
    await page.getByRole("button", { name: "Проверить файл" }).click();
    await expect(report).toContainText("новых 0, уже в реестре 2");
    await expect(report).toContainText(`«${second}» — уже в реестре`);

    // The loaded person is in the registry, with the group the list named.
    await page.goto(`/elders?q=${encodeURIComponent(first.split(" ")[0])}`);
    await hydrated(page);
    await page.getByRole("link", { name: first }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(first);
    await expect(page.getByText("Проживает одиноко").first()).toBeVisible();
  });
});

test.describe("Загрузка плана мероприятий 55+", () => {
  test("план мероприятий из Excel попадает в календарь месяца", async ({ page }) => {
    const title = `Концерт ${uniqueSurname("Хора")}`;
    const now = new Date();
    const day = new Date(now.getFullYear(), now.getMonth(), 20);
    const ddmmyyyy = `${String(day.getDate()).padStart(2, "0")}.${String(day.getMonth() + 1).padStart(2, "0")}.${day.getFullYear()}`;
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet("План");
    sheet.addRow(["План мероприятий управления культуры"]);
    sheet.addRow(["Название", "Вид", "Дата", "Время", "Место", "Кому подходит"]);
    sheet.addRow([title, "концерт", ddmmyyyy, "15:00", "ДК «МиГ»", "культура"]);
    sheet.addRow(["Лекция о здоровье", "лекторий", ddmmyyyy, "11:00", "Библиотека", "спорт"]);
    const file = path.join(os.tmpdir(), `events-${Date.now()}.xlsx`);
    await book.xlsx.writeFile(file);

    await login(page, "petrova", "/elders/events");
    await hydrated(page);
    await page.getByText("Загрузить план мероприятий из Excel").click();
    await page.getByTestId("import-file").setInputFiles(file);
    await page.getByRole("button", { name: "Проверить файл" }).click();
    const report = page.getByTestId("import-report");
    await expect(report).toContainText("Строка 4: вид «лекторий»");
    await expect(page.getByRole("button", { name: "Загрузить в календарь" })).toHaveCount(0);

    const good = new ExcelJS.Workbook();
    const s2 = good.addWorksheet("План");
    s2.addRow(["Название", "Вид", "Дата", "Время", "Место", "Кому подходит"]);
    s2.addRow([title, "концерт", ddmmyyyy, "15:00", "ДК «МиГ»", "культура"]);
    const goodFile = path.join(os.tmpdir(), `events-good-${Date.now()}.xlsx`);
    await good.xlsx.writeFile(goodFile);
    await page.getByTestId("import-file").setInputFiles(goodFile);
    await page.getByRole("button", { name: "Проверить файл" }).click();
    await expect(report).toContainText("Ошибок нет. Будет загружено: новых 1");
    await page.getByRole("button", { name: "Загрузить в календарь" }).click();
    await expect(report).toContainText("Загружено: новых 1");
    await expect(page.getByRole("link", { name: new RegExp(title) }).first()).toBeVisible();
    await page.screenshot({ path: `test-results/elders-events-import-${test.info().project.name}.png`, fullPage: true });
  });
});
