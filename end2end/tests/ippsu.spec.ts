import { test, expect } from "@playwright/test";
import { login } from "../support/session";
import { hydrated, uniqueSurname } from "../support/journal";
import { createCase } from "../support/cases";

test.describe("ИППСУ и договор", () => {
  test("специалист готовит предложения, ошибки не стирают введённое, заведующий утверждает решением комиссии @tablet", async ({
    page,
  }, info) => {
    await login(page, "petrova", "/board");
    const surname = uniqueSurname("Программных");
    const id = await createCase(page, {
      title: `Семья ${surname}`,
      curator: "Петрова Анна Сергеевна",
      categories: ["large_family"],
      needRecognised: true,
    });

    await page.goto(`/cases/${id}`);
    await hydrated(page);
    await page.getByRole("link", { name: "Открыть ИППСУ" }).click();
    await hydrated(page);
    await expect(page.getByRole("heading", { name: /^ИППСУ: Семья/ })).toBeVisible();
    await expect(page.getByTestId("ippsu-status")).toContainText("Проект (предложения)");
    await expect(page.getByTestId("ippsu-status")).toContainText("осталось 5 рабочих дней");

    // A service with its volume but no name: refused at the field, the volume stays.
    await page.getByRole("button", { name: "+ Добавить услугу" }).click();
    const service = page.locator(".ippsu-line").first();
    await service.getByLabel("Вид услуги").selectOption("psychological");
    await service.getByLabel("Объём").fill("1 услуга (до 60 минут)");
    await service.getByLabel("Периодичность").fill("1 раз в неделю");
    await page.getByRole("button", { name: "Сохранить проект" }).click();
    await expect(service).toContainText("Услуга 1: укажите наименование услуги");
    await expect(service.getByLabel("Объём")).toHaveValue("1 услуга (до 60 минут)");
    await service.getByLabel("Наименование услуги").fill("Социально-психологическое консультирование");
    await service.getByLabel("Условия").fill("В отделении");

    // A measure of social support with a partner of the resource map.
    await page.getByRole("button", { name: "+ Добавить мероприятие" }).click();
    const measure = page.locator(".ippsu-line").nth(1);
    await measure.getByLabel("Вид помощи").selectOption("pedagogical");
    await measure.getByLabel("В чём содействие").fill("Устройство детей в бесплатные спортивные секции");
    await measure.getByLabel("Партнёр").selectOption({ index: 1 });
    const partnerName = (await measure.getByLabel("Партнёр").locator("option:checked").textContent())!.replace(" (на участке семьи)", "");
    await page.getByRole("button", { name: "Сохранить проект" }).click();
    await expect(page.locator(".route-sync")).toContainText("Сохранено");
    await expect(page.locator(".ippsu-history li")).toHaveCount(1);

    // Reloaded: the same programme.
    await page.reload();
    await hydrated(page);
    await expect(page.locator(".ippsu-line").first().getByLabel("Наименование услуги")).toHaveValue("Социально-психологическое консультирование");

    // The head of department approves it by the commission's decision.
    await page.context().clearCookies();
    await login(page, "morozova", `/cases/${id}/ippsu`);
    await hydrated(page);
    await page.getByRole("button", { name: "Утвердить ИППСУ" }).click();
    await expect(page.locator('section[aria-label="Утверждение"]')).toContainText("Укажите номер решения комиссии");
    await page.getByLabel("Номер решения").fill("17-к");
    await page.getByRole("button", { name: "Утвердить ИППСУ" }).click();
    await expect(page.getByTestId("ippsu-status")).toContainText("Утверждена решением комиссии № 17-к");
    await expect(page.locator(".ippsu-history li").first()).toContainText("Утверждена решением комиссии № 17-к");
    await page.screenshot({ path: `test-results/ippsu-approved-${info.project.name}.png`, fullPage: true });

    // The case knows its plan is approved; the programme prints on A4.
    await page.goto(`/cases/${id}`);
    await hydrated(page);
    await expect(page.locator('section[aria-labelledby="ippsu-title"]')).toContainText("утверждена");
    await page.goto(`/cases/${id}/ippsu/print`);
    const sheet = page.getByTestId("ippsu-sheet");
    await expect(sheet).toContainText("ИНДИВИДУАЛЬНАЯ ПРОГРАММА ПРЕДОСТАВЛЕНИЯ СОЦИАЛЬНЫХ УСЛУГ");
    await expect(sheet).toContainText("№ 17-к");
    await expect(sheet).toContainText("Социально-психологическое консультирование");
    await expect(sheet).toContainText(partnerName);
    await page.screenshot({ path: `test-results/ippsu-print-${info.project.name}.png`, fullPage: true });

    // The contract refers to the approved programme, gets its number and is signed.
    await page.goto(`/cases/${id}`);
    await hydrated(page);
    await page.getByRole("link", { name: "Открыть договор" }).click();
    await hydrated(page);
    await expect(page.getByRole("heading", { name: "Договор о социальном обслуживании (проект)" })).toBeVisible();
    await expect(page.locator(".contract-member").first().getByLabel("ИППСУ")).toHaveValue(/решение № 17-к/);
    await page.getByLabel("Исполнитель (руководитель учреждения)").fill("");
    await page.getByRole("button", { name: "Составить договор" }).click();
    await expect(page.locator('section[aria-label="Стороны и предмет"]')).toContainText("Укажите исполнителя");
    await page.getByLabel("Исполнитель (руководитель учреждения)").fill("Директор БУ «Югорский КЦСОН» Кравцова Л. А.");
    await page.getByRole("button", { name: "Составить договор" }).click();
    await expect(page.getByRole("heading", { name: /^Договор № \d+\/\d{4} о социальном обслуживании$/ })).toBeVisible();
    await page.getByRole("button", { name: "Отметить подписанным" }).click();
    await expect(page.getByTestId("contract-status")).toContainText("Подписан");
    // A signed contract is read-only at once.
    await expect(page.getByLabel("Исполнитель (руководитель учреждения)")).toBeDisabled();
    await expect(page.getByRole("button", { name: "Сохранить проект" })).toHaveCount(0);
    await page.screenshot({ path: `test-results/contract-signed-${info.project.name}.png`, fullPage: true });
    await page.goto(`/cases/${id}/contract/print`);
    const contract = page.getByTestId("contract-sheet");
    await expect(contract).toContainText(/ДОГОВОР № \d+\/\d{4} О СОЦИАЛЬНОМ ОБСЛУЖИВАНИИ/);
    await expect(contract).toContainText("ИППСУ, решение № 17-к");
    await expect(contract).toContainText("Кравцова Л. А.");
    await page.screenshot({ path: `test-results/contract-print-${info.project.name}.png`, fullPage: true });
  });
});
