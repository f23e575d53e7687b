import { test, expect } from "@playwright/test";
import { login } from "../support/session";
import { hydrated, uniqueSurname } from "../support/journal";

test.describe("Журнал регистрации заявлений", () => {
  test("специалист регистрирует заявление, ошибки не стирают введённое, по заявлению открывается случай @tablet", async ({
    page,
  }) => {
    await login(page, "petrova");
    const surname = uniqueSurname("Кравцова");
    await page.goto("/applications/new");
    await hydrated(page);
    await expect(page.getByRole("heading", { name: "Заявление о предоставлении социального обслуживания" })).toBeVisible();

    await page.getByLabel("Фамилия, имя, отчество").fill(`${surname} Ольга Ивановна`);
    await page.getByLabel("Место жительства").fill("г. Югорск, ул. Ленина, д. 12, кв. 4");
    await page
      .getByLabel("Обстоятельства, обусловливающие нуждаемость в социальном обслуживании")
      .fill("Мать одна воспитывает троих детей, после переезда дети тяжело привыкают к новой школе");
    // No kind of service ticked: refused by name, and what was typed stays.
    await page.getByRole("button", { name: "Зарегистрировать заявление" }).click();
    await expect(page.getByText("Отметьте хотя бы один вид социальных услуг")).toBeVisible();
    await expect(page.getByLabel("Фамилия, имя, отчество")).toHaveValue(`${surname} Ольга Ивановна`);
    await page.screenshot({ path: "test-results/application-refused.png", fullPage: true });

    await page.locator("label.chip", { hasText: "Социально-психологические" }).click();
    await page.locator("label.chip", { hasText: "Социально-правовые" }).click();
    // Without consent to personal-data processing the application is not registered either.
    await page.getByRole("button", { name: "Зарегистрировать заявление" }).click();
    await expect(page.getByText("Проверьте выделенные поля — введённое сохранено.")).toBeVisible();
    await expect(page.getByLabel("Социально-правовые")).toBeChecked();
    await page.getByLabel("Гражданин (заявитель) дал согласие на обработку персональных данных").check();
    await page.getByRole("button", { name: "Зарегистрировать заявление" }).click();
    await expect(page.getByTestId("registered")).toBeVisible();
    await expect(page.getByRole("heading", { name: /Заявление № \d+ от/ })).toBeVisible();
    await page.screenshot({ path: "test-results/application-registered.png", fullPage: true });

    // In the journal, found by the surname.
    await page.goto(`/applications?q=${encodeURIComponent(surname)}`);
    await hydrated(page);
    const row = page.locator("table.applications-table tbody tr").filter({ hasText: surname });
    await expect(row).toHaveCount(1);
    await expect(row).toContainText("Социально-психологические");
    await page.screenshot({ path: "test-results/applications-journal.png", fullPage: true });

    // A case is opened from it: the form comes filled, the case names its application.
    await row.getByRole("link").first().click();
    await hydrated(page);
    await page.getByRole("link", { name: "Открыть случай" }).click();
    await hydrated(page);
    await expect(page).toHaveURL(/\/cases\/new\?application=/);
    await expect(page.getByTestId("from-application")).toContainText(/По заявлению № \d+/);
    await page.getByRole("button", { name: "Открыть случай" }).click();
    await expect(page).toHaveURL(/\/cases\/[^/?]+$/);
    await hydrated(page);
    await expect(page.getByText(/Заявление/).first()).toBeVisible();
    await expect(page.locator("body")).toContainText(/№ \d+ от \d\d\.\d\d\.\d{4}/);
    await page.screenshot({ path: "test-results/case-from-application.png", fullPage: true });
  });

  test("заявление исправляют с причиной, прежнее значение остаётся в истории @tablet", async ({ page }, info) => {
    await login(page, "petrova");
    const surname = uniqueSurname("Исправленная");
    await page.goto("/applications/new");
    await hydrated(page);
    await page.getByLabel("Фамилия, имя, отчество").fill(`${surname} Нина Павловна`);
    await page.getByLabel("Место жительства").fill("г. Югорск, ул. Мира, д. 5, кв. 1");
    await page
      .getByLabel("Обстоятельства, обусловливающие нуждаемость в социальном обслуживании")
      .fill("Одинокая пенсионерка, после перелома не может сама ходить в магазин");
    await page.locator("label.chip", { hasText: "Социально-бытовые" }).click();
    await page.getByLabel("Гражданин (заявитель) дал согласие на обработку персональных данных").check();
    await page.getByRole("button", { name: "Зарегистрировать заявление" }).click();
    await expect(page.getByTestId("registered")).toBeVisible();

    // The house number was typed wrong: corrected, first without the reason.
    await page.getByRole("link", { name: "Исправить" }).click();
    await hydrated(page);
    await expect(page.getByRole("heading", { name: /^Исправление заявления № \d+ от/ })).toBeVisible();
    await expect(page.getByLabel("Место жительства")).toHaveValue("г. Югорск, ул. Мира, д. 5, кв. 1");
    await page.getByLabel("Место жительства").fill("г. Югорск, ул. Мира, д. 15, кв. 1");
    await page.getByRole("button", { name: "Сохранить исправления" }).click();
    await expect(page.getByText("Укажите причину исправления")).toBeVisible();
    await expect(page.getByLabel("Место жительства")).toHaveValue("г. Югорск, ул. Мира, д. 15, кв. 1");
    await page
      .getByLabel("Что было записано неверно и на основании чего исправлено")
      .fill("Ошибка в номере дома, сверено с паспортом");
    await page.getByRole("button", { name: "Сохранить исправления" }).click();
    await expect(page.getByTestId("corrected")).toBeVisible();
    const history = page.getByTestId("corrections");
    await expect(history).toContainText("Ошибка в номере дома, сверено с паспортом");
    await expect(history).toContainText("г. Югорск, ул. Мира, д. 5, кв. 1");
    await expect(history).toContainText("г. Югорск, ул. Мира, д. 15, кв. 1");
    await page.screenshot({ path: `test-results/application-corrected-${info.project.name}.png`, fullPage: true });
  });

  test("психолог журнал заявлений не видит", async ({ page }) => {
    await login(page, "belova");
    const reply = await page.goto("/applications");
    expect(reply?.status()).toBe(403);
    await expect(page.getByText("Нет доступа")).toBeVisible();
  });
});
