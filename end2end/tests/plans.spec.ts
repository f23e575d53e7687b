import { test, expect, Page } from "@playwright/test";
import { login } from "../support/session";
import { hydrated, uniqueSurname } from "../support/journal";
import { createCase } from "../support/cases";

const CURATOR = "Петрова Анна Сергеевна";
const PSYCHOLOGIST = "Белова Ольга Николаевна";

const step = (page: Page, id: string) => page.locator(`.planner-step[data-step="${id}"]`);
const routeTitles = (page: Page) => page.locator(".route-item .route-item-title strong").allTextContents();

test.describe("ИПССС семьи с детьми вне СВО", () => {
  test("куратор составляет программу из типовых и своего мероприятия, психолог записывает результат своего @tablet", async ({
    page,
  }, info) => {
    await login(page, "petrova", "/board");
    const surname = uniqueSurname("Многодетных");
    const id = await createCase(page, { title: `Семья ${surname}`, curator: CURATOR, categories: ["large_family"] });

    // From the case page to the family's programme.
    await page.goto(`/cases/${id}`);
    await hydrated(page);
    await expect(page.getByRole("heading", { name: "Программа сопровождения семьи (ИПССС)" })).toBeVisible();
    await page.getByRole("link", { name: "Открыть ИПССС" }).click();
    await hydrated(page);
    await expect(page.getByRole("heading", { name: /^ИПССС: Семья/ })).toBeVisible();

    // 1. The diagnostic map from the typical situations of families with children.
    await page.getByRole("checkbox", { name: "Нарушены детско-родительские отношения, конфликты в семье" }).check();

    // 2. Activities: two typical ones and one typed by hand.
    await page.getByRole("tab", { name: "2. Мероприятия" }).click();
    await expect(page.getByRole("heading", { name: "Типовые мероприятия", exact: true })).toBeVisible();
    await expect(page.locator(".planner-situation.found")).toHaveCount(1);
    await step(page, "c-parenting-1").getByRole("button", { name: /В маршрут/ }).click();
    await step(page, "c-neglect-2").getByRole("button", { name: /В маршрут/ }).click();
    await page.locator(".own-activity summary").click();
    // Nothing typed: refused at the field.
    await page.getByRole("button", { name: "Добавить в план" }).click();
    await expect(page.locator(".own-activity")).toContainText("Укажите, что делается");
    await page.getByLabel("Задача").fill("Тревожность младшей дочери");
    await page.getByLabel("Мероприятие (что делается)").fill("Занятия с психологом для младшей дочери");
    await page.getByLabel("Вид помощи").selectOption("psychological");
    await page.getByLabel("Срок, рабочих дней").fill("10");
    await page.getByRole("button", { name: "Добавить в план" }).click();
    expect(await routeTitles(page)).toEqual([
      "Психологическая диагностика детско-родительских отношений",
      "Информирование КДН и ЗП, участие в заседании",
      "Занятия с психологом для младшей дочери",
    ]);

    // The psychologist for her two, the КДН and ЗП as the partner of the second with the curator.
    const items = page.locator(".route-item");
    await items.nth(0).locator('select[name="responsible"]').selectOption({ label: `${PSYCHOLOGIST} (психолог)` });
    await items.nth(2).locator('select[name="responsible"]').selectOption({ label: `${PSYCHOLOGIST} (психолог)` });
    await items.nth(1).locator('select[name="responsible"]').selectOption({ label: `${CURATOR} (специалист по работе с семьёй)` });
    const partner = items.nth(1).locator('select[name="partner"]');
    await expect(partner.locator("option").nth(1)).toBeAttached();
    await partner.selectOption({ index: 1 });
    const partnerName = (await partner.locator("option:checked").textContent())!.split(" — ")[0];
    // Saved where the signal is gone, the programme waits on the device and goes by itself.
    await page.context().setOffline(true);
    await page.getByRole("button", { name: "Сохранить", exact: true }).click();
    await expect(page.locator(".route-sync")).toContainText("уйдут на сервер сами");
    await page.context().setOffline(false);
    await expect(page.locator(".route-sync")).toContainText("Сохранено на сервере", { timeout: 15_000 });
    await page.screenshot({ path: `test-results/ipsss-activities-${info.project.name}.png`, fullPage: true });

    // 3. The programme itself.
    await page.getByRole("tab", { name: "3. ИПССС" }).click();
    await expect(
      page.getByRole("heading", { name: "Индивидуальная программа социального сопровождения семьи с детьми (ИПССС)" }),
    ).toBeVisible();
    await expect(page.locator(".plan-activity")).toHaveCount(3);

    // Printed on A4 under its own name.
    await page.goto(`/cases/${id}/plan/print`);
    const sheet = page.getByTestId("plan-sheet");
    await expect(sheet).toContainText("ИНДИВИДУАЛЬНАЯ ПРОГРАММА СОЦИАЛЬНОГО СОПРОВОЖДЕНИЯ СЕМЬИ С ДЕТЬМИ");
    await expect(sheet.locator(".plan-print-table tbody tr")).toHaveCount(3);
    await expect(sheet).toContainText(partnerName);
    await expect(sheet).toContainText(PSYCHOLOGIST);
    await page.screenshot({ path: `test-results/ipsss-print-${info.project.name}.png`, fullPage: true });

    // The psychologist finds her two activities in «Мои мероприятия».
    await page.context().clearCookies();
    await login(page, "belova", "/my-activities");
    await hydrated(page);
    await expect(page.getByRole("heading", { name: "Мои мероприятия" })).toBeVisible();
    const mine = page.locator("li.my-activity", { hasText: surname });
    await expect(mine).toHaveCount(2);
    const diagnostics = mine.filter({ hasText: "Психологическая диагностика" });
    await expect(diagnostics).toContainText("осталось");

    // Done without a result: refused at the field, the status stays chosen.
    await diagnostics.locator('select[name="status"]').selectOption("done");
    await diagnostics.getByRole("button", { name: "Сохранить результат" }).click();
    await expect(diagnostics).toContainText("Опишите результат");
    await expect(diagnostics.locator('select[name="status"]')).toHaveValue("done");
    await diagnostics.getByLabel("Результат").fill("Диагностика проведена, мать и сын записаны на занятия");
    await diagnostics.getByRole("button", { name: "Сохранить результат" }).click();
    await expect(diagnostics).toContainText("Результат сохранён");

    // A result typed and not sent survives a reload on this device.
    const lessons = mine.filter({ hasText: "Занятия с психологом" });
    await lessons.locator('select[name="status"]').selectOption("in_progress");
    await lessons.getByLabel("Результат").fill("Проведено первое занятие");
    await page.reload();
    await hydrated(page);
    const open = page.locator("li.my-activity", { hasText: surname });
    await expect(open).toHaveCount(1);
    await expect(open).toContainText("Восстановлен результат");
    await expect(open.getByLabel("Результат")).toHaveValue("Проведено первое занятие");
    // With no connection the result waits on the device and goes by itself when it returns.
    await page.context().setOffline(true);
    await open.getByRole("button", { name: "Сохранить результат" }).click();
    await expect(open).toContainText("ждёт отправки");
    await open.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `test-results/my-activity-waiting-${info.project.name}.png` });
    await page.context().setOffline(false);
    await expect(open).toContainText("Результат сохранён", { timeout: 15_000 });
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: `test-results/my-activities-${info.project.name}.png` });
    await open.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `test-results/my-activity-saved-${info.project.name}.png` });

    // She sees the family's case and its plan, and the curator sees her results there.
    await page.goto(`/cases/${id}`);
    await hydrated(page);
    await expect(page.getByRole("heading", { name: new RegExp(surname) }).first()).toBeVisible();
    await page.context().clearCookies();
    await login(page, "petrova", `/cases/${id}/route`);
    await hydrated(page);
    await page.getByRole("tab", { name: "3. ИПССС" }).click();
    await expect(page.locator('.plan-activity[data-status="done"]')).toContainText("Психологическая диагностика");
    await expect(page.locator('.plan-activity[data-status="in_progress"]')).toContainText("Занятия с психологом");
  });
});
