import { test, expect } from "@playwright/test";
import { login } from "../support/session";
import { hydrated, uniqueSurname } from "../support/journal";

test.describe("Случай из реестра 55+", () => {
  test("специалист открывает случай сопровождения с карточки человека, и карточка его помнит @tablet", async ({ page }) => {
    const name = `${uniqueSurname("Печкина")} Зоя Ивановна`;
    await login(page, "petrova", "/elders/new");
    await hydrated(page);
    await page.getByLabel("Фамилия, имя, отчество").fill(name);
    await page.getByLabel(/^Пол/).selectOption({ label: "Женский" });
    await page.getByLabel("Дата рождения").fill("1946-09-02");
    await page.getByLabel("Адрес проживания").fill("г. Югорск, ул. Ленина, д. 9, кв. 3");
    await page.getByLabel("Социальный участок").selectOption({ label: "Участок № 1 — Центральный" });
    await page.getByLabel("Телефон", { exact: true }).fill("8 912 555-44-21");
    await page.getByLabel("С кем проживает").fill("одна");
    await page.getByLabel("Человек дал согласие на обработку персональных данных").check();
    await page.getByRole("button", { name: "Внести в реестр" }).click();
    await expect(page).toHaveURL(/\/elders\/[a-z0-9]+\?saved=1/);
    const card = page.url().split("?")[0];
    await hydrated(page);

    await page.getByRole("link", { name: "Открыть случай" }).click();
    await expect(page).toHaveURL(/\/elders\/[a-z0-9]+\/case$/);
    await hydrated(page);
    await expect(page.getByTestId("case-origin")).toHaveText(`Из реестра 55+: ${name}`);
    await expect(page.locator("#member-0-name")).toHaveValue(name);
    await expect(page.getByLabel("Телефон")).toHaveValue("+7 (912) 555-44-21");
    await page.screenshot({ path: `test-results/elders-case-${test.info().project.name}.png`, fullPage: true });
    await page.getByRole("button", { name: "Открыть случай" }).click();
    await expect(page).toHaveURL(/\/cases\/[a-z0-9]+$/);
    await hydrated(page);
    await expect(page.getByRole("heading", { name })).toBeVisible();

    // The card links the case, and offers no second one.
    await page.goto(card);
    await hydrated(page);
    await expect(page.getByTestId("elder-card").getByRole("link", { name: /^№ \d{4}-\d+/ })).toBeVisible();
    await expect(page.getByRole("link", { name: "Открыть случай" })).toHaveCount(0);
  });

  test("потребность, выявленная при контакте, ждёт в «Потребностях в работе», пока её не закроют @tablet", async ({ page }) => {
    const name = `${uniqueSurname("Снегова")} Анна Павловна`;
    const need = `Нужна помощь с уборкой снега во дворе (${name.split(" ")[0]})`;
    await login(page, "petrova", "/elders/new");
    await hydrated(page);
    await page.getByLabel("Фамилия, имя, отчество").fill(name);
    await page.getByLabel(/^Пол/).selectOption({ label: "Женский" });
    await page.getByLabel("Дата рождения").fill("1940-01-20");
    await page.getByLabel("Адрес проживания").fill("г. Югорск, ул. Мира, д. 4");
    await page.getByLabel("Социальный участок").selectOption({ label: "Участок № 1 — Центральный" });
    await page.getByLabel("С кем проживает").fill("одна");
    await page.getByLabel("Человек дал согласие на обработку персональных данных").check();
    await page.getByRole("button", { name: "Внести в реестр" }).click();
    await expect(page).toHaveURL(/\/elders\/[a-z0-9]+\?saved=1/);
    await hydrated(page);
    const form = page.getByTestId("contact-form");
    await form.getByText("Посещение на дому").click();
    await form.getByLabel("Результат").fill("Самочувствие удовлетворительное, двор завален снегом.");
    await form.getByLabel("Выявлена потребность (если есть)").fill(need);
    await form.getByRole("button", { name: "Записать контакт" }).click();
    await expect(form).toContainText("Контакт записан");

    await page.goto("/elders/needs");
    await hydrated(page);
    const item = page.getByTestId("need").filter({ hasText: need });
    await expect(item).toHaveCount(1);
    await expect(item.getByRole("link", { name })).toBeVisible();
    // Closing without saying what became of it is refused at the field; the note stays typed.
    await item.getByLabel("Что сделано").fill("Договорились с управляющей компанией, двор почищен");
    await item.getByRole("button", { name: "Закрыть" }).click();
    await expect(item).toContainText("Выберите, чем закончилось");
    await expect(item.getByLabel("Что сделано")).toHaveValue("Договорились с управляющей компанией, двор почищен");
    await page.screenshot({ path: `test-results/elders-needs-${test.info().project.name}.png`, fullPage: true });
    await item.getByLabel("Чем закончилось").selectOption({ label: "Помощь оказана" });
    await item.getByRole("button", { name: "Закрыть" }).click();
    await expect(item).toContainText("помощь оказана — Договорились с управляющей компанией");

    // The card keeps it with what became of it.
    await item.getByRole("link", { name }).click();
    await hydrated(page);
    await expect(page.getByTestId("elder-needs")).toContainText("помощь оказана");
  });
});
