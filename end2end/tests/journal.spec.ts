import { test, expect } from "@playwright/test";
import ExcelJS from "exceljs";
import { readFileSync } from "node:fs";
import { login, submitLogin } from "../support/session";
import { fillAppeal, hydrated, openNewAppeal, registerAppeal, uniqueSurname } from "../support/journal";
import { removeDataDir, startServer } from "../support/server";

test.describe("Журнал обращений", () => {
  test.beforeEach(async ({ page }) => {
    await login(page, "sidorova");
  });

  test("диспетчер регистрирует обращение и находит его поиском @tablet", async ({ page }) => {
    const surname = uniqueSurname("Рябинина");
    await registerAppeal(page, {
      channel: "Телефон",
      fullName: `${surname} Ольга Петровна`,
      phone: "8 (912) 555-17-43",
      address: "г. Югорск, ул. Менделеева, д. 12, кв. 4",
      summary: "Просит помочь с оформлением путёвки в летний лагерь для сына",
      topics: ["Отдых и оздоровление детей"],
    });
    // The new entry is first, with the phone normalised.
    const first = page.locator("table.journal-table tbody tr").first();
    await expect(first).toContainText(surname);
    await expect(first).toContainText("+7 (912) 555-17-43");

    // Found by the search form: by surname, by phone digits, by a word of the summary.
    await page.getByLabel("Поиск").fill(surname);
    await page.getByRole("button", { name: "Найти" }).click();
    await expect(page).toHaveURL(/q=/);
    await expect(page.locator("table.journal-table tbody tr")).toHaveCount(1);
    await expect(page.getByText("Найдено записей: 1")).toBeVisible();

    await page.getByLabel("Поиск").fill("5551743");
    await page.getByRole("button", { name: "Найти" }).click();
    await expect(page.locator("table.journal-table tbody tr").filter({ hasText: surname })).toHaveCount(1);

    await page.getByLabel("Поиск").fill(`${surname} путёвка`);
    await page.getByRole("button", { name: "Найти" }).click();
    await expect(page.locator("table.journal-table tbody tr").filter({ hasText: surname })).toHaveCount(1);

    // A search keeps to the last 90 days unless asked for the whole journal, and keeps the text.
    await expect(page.getByTestId("journal-result")).toContainText("поиск за последние 90 дней");
    await page.getByTestId("search-all-time").click();
    await expect(page).toHaveURL(/all=1/);
    await expect(page.getByTestId("journal-result")).not.toContainText("за последние 90 дней");
    await expect(page.getByLabel("Поиск")).toHaveValue(`${surname} путёвка`);
    await expect(page.locator("table.journal-table tbody tr").filter({ hasText: surname })).toHaveCount(1);
    await page.screenshot({ path: "test-results/journal-search-window.png" });
  });

  test("ответ и итог заполняются позже, изменения попадают в историю", async ({ page }) => {
    const surname = uniqueSurname("Кузьмина");
    await registerAppeal(page, { fullName: `${surname} Анна`, summary: "Спрашивает про социальное такси для мамы" });
    await page.locator("table.journal-table tbody tr").first().getByRole("link").first().click();
    await hydrated(page);
    await expect(page.getByRole("heading", { name: /Обращение №/ })).toBeVisible();

    await page.getByLabel("Краткое содержание ответа").fill("Разъяснён порядок заказа социального такси");
    await page.getByLabel("Способ направления ответа").selectOption({ index: 1 });
    await page.getByLabel("Итог").selectOption({ label: "Консультация дана" });
    await page.getByRole("button", { name: "Сохранить" }).click();
    await expect(page.getByText("Изменения сохранены.")).toBeVisible();

    const history = page.locator("section.history");
    await expect(history).toContainText("Изменено");
    await expect(history).toContainText("Разъяснён порядок заказа социального такси");
    await expect(history).toContainText("Сидорова");

    await page.reload();
    await hydrated(page);
    await expect(page.getByLabel("Краткое содержание ответа")).toHaveValue("Разъяснён порядок заказа социального такси");
    await expect(page.getByLabel("Итог")).toHaveValue(/consultation/);
  });

  test("ошибка проверки показывается у поля и не стирает введённое @tablet", async ({ page }) => {
    await openNewAppeal(page);
    const surname = uniqueSurname("Лебедев");
    await fillAppeal(page, {
      fullName: `${surname} Игорь`,
      phone: "12-34",
      address: "г. Югорск, ул. Ленина, д. 3",
      summary: "",
    });
    await page.getByLabel("Дата и время обращения").fill("2099-01-10T10:00");
    await page.getByRole("button", { name: "Зарегистрировать" }).click();

    await expect(page.getByText("Проверьте выделенные поля — введённое сохранено.")).toBeVisible();
    await expect(page.locator('[data-error-for="phone"]')).toContainText("Номер должен содержать");
    await expect(page.locator('[data-error-for="summary"]')).not.toBeEmpty();
    await expect(page.locator('[data-error-for="received_at"]')).toContainText("будущ");
    // What was typed is still there.
    await expect(page.getByLabel("Фамилия, имя, отчество")).toHaveValue(`${surname} Игорь`);
    await expect(page.getByLabel("Контактный телефон")).toHaveValue("12-34");
    await expect(page.getByLabel("Место жительства")).toHaveValue("г. Югорск, ул. Ленина, д. 3");
    await expect(page).toHaveURL(/\/journal\/new/);

    // Corrected, it registers.
    await page.getByLabel("Контактный телефон").fill("34675 2-11-40");
    await page.getByLabel("Краткое содержание обращения").fill("Просит консультацию юриста по алиментам");
    await page.getByLabel("Дата и время обращения").fill("2026-11-20T09:15");
    await page.getByRole("button", { name: "Зарегистрировать" }).click();
    await expect(page.getByText("Обращение зарегистрировано")).toBeVisible();
    await expect(page.locator("table.journal-table tbody tr").filter({ hasText: surname })).toContainText("+7 (34675) 2-11-40");
  });

  test("срочное обращение без отметки о передаче стоит вверху журнала", async ({ page }) => {
    const surname = uniqueSurname("Соседка");
    const summary = `Соседка ${surname} сообщает: ребёнок трёх лет второй день один в квартире`;
    await registerAppeal(page, { urgent: true, summary, address: "г. Югорск, ул. Гастелло, д. 7, кв. 15" });

    const panel = page.locator("section.urgent-panel");
    await expect(panel).toBeVisible();
    await expect(panel).toContainText(summary);
    // Even on the last page of the journal it is on top.
    await page.getByRole("link", { name: /Старее/ }).first().click();
    await hydrated(page);
    await expect(page.locator("section.urgent-panel")).toContainText(summary);

    // The dispatcher records the hand-off; the entry leaves the panel.
    await panel.locator("li", { hasText: summary }).getByRole("link", { name: "Отметить передачу" }).click();
    await hydrated(page);
    await page.getByLabel("Куда передано").selectOption({ label: "Полиция" });
    await page.getByLabel("Ведомство, дежурный").fill("ОМВД по г. Югорску, дежурная часть, Петров");
    await page.getByRole("button", { name: "Сейчас" }).click();
    await page.getByLabel("Кто передал").fill("Сидорова Е. В.");
    await page.getByRole("button", { name: "Сохранить" }).click();
    await expect(page.getByText("Изменения сохранены.")).toBeVisible();
    await page.goto("/journal");
    await hydrated(page);
    await expect(page.locator("section.urgent-panel", { hasText: summary })).toHaveCount(0);
  });

  test("выгрузка в Excel скачивается и открывается с колонками журнала", async ({ page }) => {
    const download = page.waitForEvent("download");
    await page.getByRole("link", { name: "Выгрузить в Excel" }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/\.xlsx$/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(readFileSync(await file.path()));
    const sheet = workbook.worksheets[0];
    const header = (sheet.getRow(1).values as unknown[]).slice(1, 8).map(String);
    expect(header).toEqual([
      "№ п/п",
      "Дата и время обращения",
      "Фамилия, имя, отчество (при наличии)",
      "Контактный телефон",
      "Место жительства",
      "Краткое содержание обращения",
      "Краткое содержание ответа, способ направления",
    ]);
    expect(sheet.rowCount).toBeGreaterThan(50);
  });

  test("печатная форма журнала на листе A4", async ({ page }) => {
    await page.goto("/journal/print");
    await expect(page.getByRole("heading", { name: /Журнал учета обращений/ })).toBeVisible();
    await expect(page.locator("table tbody tr").first()).toBeVisible();
    await page.emulateMedia({ media: "print" });
    await expect(page.locator(".print-toolbar")).toBeHidden();
    await expect(page.locator("table.print-journal")).toBeVisible();
  });
});

test("запись журнала сохраняется после перезапуска сервера", async ({ page }) => {
  const port = 3290;
  // A server of its own, on a copy of the run's demo department, started and stopped here.
  test.setTimeout(120_000);
  let server = await startServer({ port, seed: true, entries: 20 });
  const base = server.url;
  const signIn = async () => {
    await page.goto(`${base}/login?next=/journal`);
    await submitLogin(page, "kolesnikova");
    await expect(page).toHaveURL(`${base}/journal`);
  };
  try {
    await signIn();
    const surname = uniqueSurname("Перезапускова");
    await page.goto(`${base}/journal/new`);
    await hydrated(page);
    await fillAppeal(page, { fullName: surname, summary: "Проверка сохранности записи после перезапуска" });
    await page.getByRole("button", { name: "Зарегистрировать" }).click();
    await expect(page.getByText("Обращение зарегистрировано")).toBeVisible();

    await server.stop();
    server = await startServer({ port, dataDir: server.dataDir });
    await signIn();
    await page.goto(`${base}/journal?q=${encodeURIComponent(surname)}`);
    await expect(page.locator("table.journal-table tbody tr").filter({ hasText: surname })).toHaveCount(1);
  } finally {
    await server.stop();
    removeDataDir(server.dataDir);
  }
});
