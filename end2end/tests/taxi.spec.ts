import { test, expect } from "@playwright/test";
import { login } from "../support/session";
import { hydrated, uniqueSurname } from "../support/journal";
import { createCase } from "../support/cases";

test.describe("Социальное такси", () => {
  test("диспетчер принимает заявку на такси, подтверждает машину и печатает расписание дня @tablet", async ({ page }) => {
    const project = test.info().project.name;
    const stamp = Date.now().toString().slice(-5);
    const passenger = project === "tablet" ? "Тимофеева Вера Павловна" : "Тихонова Вера Павловна";

    // The sector's page names today's rides and those waiting for a car.
    await login(page, "sidorova", "/urgent");
    await hydrated(page);
    await expect(page.getByTestId("tile-taxi")).toContainText("Социальное такси");
    await expect(page.getByTestId("taxi-today")).toContainText("сегодня поездок");
    await page.getByTestId("tile-taxi").click();
    await expect(page).toHaveURL(/\/taxi$/);
    await hydrated(page);
    await expect(page.getByTestId("day-counts")).toContainText("ждут подтверждения");
    await page.screenshot({ path: `/tmp/taxi-day-${project}.png`, fullPage: true });

    await page.getByTestId("new-ride").click();
    await expect(page).toHaveURL(/\/taxi\/new/);
    await hydrated(page);
    // Nothing filled: the form names what is missing, in Russian, at the fields.
    await page.getByRole("button", { name: "Принять заявку" }).click();
    await expect(page.locator('[data-error-for="person_kind"]')).toContainText("Выберите, кто едет");
    await expect(page.locator('[data-error-for="to_address"]')).toHaveText("Укажите, куда везти: адрес");

    await page.getByLabel("Пассажир").selectOption({ label: "Обратился лично" });
    await page.getByLabel("Фамилия, имя, отчество").fill("Тихонова");
    await page.getByLabel("Телефон").fill("8 (950) 512-00-41");
    await page.getByLabel("Адрес проживания").fill("г. Югорск, ул. Геологов, д. 9, кв. 14");
    await page.getByLabel("Цель поездки").selectOption({ label: "Бюро МСЭ" });
    await page.getByLabel("Учреждение").fill("Бюро МСЭ № 11");
    await page.getByLabel("Куда (адрес)").fill("г. Югорск, ул. Попова, 25");
    await page.getByLabel("Время подачи").fill("21:30");
    await page.getByTestId("ride-wheelchair").check();
    await page.getByTestId("ride-escort").check();
    await page.getByLabel("Кто сопровождает").fill("сын, Тихонов Павел");
    await page.getByRole("button", { name: "Принять заявку" }).click();
    await expect(page.locator('[data-error-for="full_name"]')).toHaveText("Фамилия и имя — хотя бы два слова");
    await expect(page.locator('[data-error-for="time"]')).toHaveText("Такси работает с 07:00 до 20:00");
    await expect(page.locator('[data-error-for="consent"]')).toContainText("Без согласия");
    // What was typed stays.
    await expect(page.getByLabel("Телефон")).toHaveValue("8 (950) 512-00-41");
    await expect(page.getByLabel("Куда (адрес)")).toHaveValue("г. Югорск, ул. Попова, 25");
    await expect(page.getByLabel("Кто сопровождает")).toHaveValue("сын, Тихонов Павел");
    await expect(page.getByTestId("ride-wheelchair")).toBeChecked();
    await page.screenshot({ path: `/tmp/taxi-form-errors-${project}.png`, fullPage: true });

    await page.getByLabel("Фамилия, имя, отчество").fill(passenger);
    await page.getByTestId("person-consent").check();
    await page.getByLabel("Время подачи").fill("15:40");
    await page.getByRole("button", { name: "Принять заявку" }).click();
    await expect(page).toHaveURL(/\/taxi\/[a-z0-9]+\?created=1$/);
    await hydrated(page);
    await expect(page.getByTestId("created-notice")).toBeVisible();
    await expect(page.getByTestId("ride-status")).toHaveText("Заявка");
    await expect(page.getByRole("heading", { level: 1 })).toContainText("Заявка на такси № Т-");

    // The car and the driver: confirmed.
    const confirmForm = page.getByTestId("confirm-form");
    await confirmForm.getByRole("button", { name: "Подтвердить" }).click();
    await expect(confirmForm.locator('[data-error-for="driver"]')).toHaveText("Укажите водителя");
    await confirmForm.getByLabel("Водитель").fill(`Егоров Илья ${stamp}`);
    await confirmForm.getByLabel("Машина и госномер").fill(`УАЗ Профи Е${stamp}Е 186`);
    await confirmForm.getByRole("button", { name: "Подтвердить" }).click();
    await expect(page.getByTestId("ride-status")).toHaveText("Подтверждена");
    await expect(page.getByTestId("ride-crew")).toContainText(`Егоров Илья ${stamp}`);

    // The day's schedule for the driver, on A4.
    await page.getByTestId("ride-schedule").click();
    await expect(page).toHaveURL(/\/taxi\/schedule\?date=\d{4}-\d{2}-\d{2}$/);
    const sheet = page.getByTestId("schedule-sheet").filter({ hasText: `Егоров Илья ${stamp}` });
    await expect(sheet).toContainText("Путевое расписание социального такси");
    await expect(sheet).toContainText(passenger);
    await expect(sheet).toContainText("15:40");
    await expect(sheet).toContainText("на коляске");
    await expect(sheet).toContainText("сопровождает: сын, Тихонов Павел");
    await page.screenshot({ path: `/tmp/taxi-schedule-${project}.png`, fullPage: true });

    // Back on the day's list: the ride is there, confirmed.
    await page.getByRole("link", { name: "← К заявкам дня" }).click();
    await hydrated(page);
    const row = page.getByTestId("ride-row").filter({ hasText: passenger });
    await expect(row.getByTestId("ride-status")).toHaveText("Подтверждена");
    await page.screenshot({ path: `/tmp/taxi-list-${project}.png`, fullPage: true });
  });

  test("такси из карточки случая: поездка члена семьи видна на случае; итоги периода выгружаются в XLSX", async ({ page }) => {
    await login(page, "petrova", "/board");
    const surname = uniqueSurname("Извозовых");
    const id = await createCase(page, { title: `Семья ${surname}`, curator: "Петрова Анна Сергеевна" });

    // The case page has the taxi panel, empty, and the way to a request for the family.
    await page.goto(`/cases/${id}`);
    await hydrated(page);
    const panel = page.getByTestId("case-taxi");
    await expect(panel).toContainText("Поездок не заказывали.");
    await panel.getByRole("link", { name: "Заказать такси" }).click();
    await expect(page).toHaveURL(new RegExp(`/taxi/new\\?case=${id}`));
    await hydrated(page);
    await expect(page.getByTestId("chosen-person")).toContainText(surname);
    await page.getByLabel("Цель поездки").selectOption({ label: "МФЦ" });
    await page.getByLabel("Учреждение").fill("МФЦ г. Югорска");
    await page.getByLabel("Куда (адрес)").fill("г. Югорск, ул. Механизаторов, 22");
    await page.getByLabel("Время подачи").fill("10:20");
    await page.getByRole("button", { name: "Принять заявку" }).click();
    await expect(page).toHaveURL(/\/taxi\/[a-z0-9]+\?created=1$/);
    const ride = page.url().split("?")[0].split("/").pop()!;

    // Back on the case: the ride with its day, purpose and status.
    await page.goto(`/cases/${id}`);
    await hydrated(page);
    await expect(panel).toContainText("Поездок: 1, из них предстоит: 1");
    const row = panel.locator(`li[data-ride="${ride}"]`);
    await expect(row).toContainText("МФЦ");
    await expect(row).toContainText("10:20");
    await expect(row).toContainText("Заявка");
    await panel.scrollIntoViewIfNeeded();
    await page.screenshot({ path: "test-results/taxi-case-panel.png" });

    // The period's counts: on the page and as a workbook with the same rows.
    await page.goto("/taxi/report");
    await hydrated(page);
    await expect(page.getByTestId("taxi-report")).toContainText("Итого");
    const href = await page.getByTestId("report-xlsx").getAttribute("href");
    expect(href).toMatch(/^\/taxi\/report\.xlsx\?from=\d{4}-\d{2}-\d{2}&to=\d{4}-\d{2}-\d{2}$/);
    const file = await page.request.get(href!);
    expect(file.status()).toBe(200);
    expect(file.headers()["content-type"]).toContain("spreadsheetml");
    expect(file.headers()["content-disposition"]).toContain("taxi-report-");
    expect((await file.body()).subarray(0, 2).toString()).toBe("PK");
  });
});
