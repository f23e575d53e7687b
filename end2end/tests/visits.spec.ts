import { test, expect } from "@playwright/test";
import { login } from "../support/session";
import { hydrated, uniqueSurname } from "../support/journal";
import { createCase } from "../support/cases";

const CURATOR = "Петрова Анна Сергеевна";

/** «YYYY-MM-DDTHH:MM» of today in the institution's time zone (UTC+5). */
function todayAt(hour: number): string {
  const local = new Date(Date.now() + 5 * 3_600_000).toISOString().slice(0, 10);
  return `${local}T${String(hour).padStart(2, "0")}:00`;
}

test.describe("Выезды", () => {
  test("специалист планирует выезды со страницы случая и видит свой день по времени @tablet", async ({ page }) => {
    await login(page, "petrova", "/visits");
    const late = `Семья ${uniqueSurname("Вечерних")}`;
    const early = `Семья ${uniqueSurname("Утренних")}`;
    const lateId = await createCase(page, { title: late, curator: CURATOR });
    const earlyId = await createCase(page, { title: early, curator: CURATOR });

    for (const [id, hour] of [[lateId, 18], [earlyId, 7]] as const) {
      await page.goto(`/cases/${id}`);
      await hydrated(page);
      const block = page.getByTestId("case-visits");
      await expect(block).toContainText("Выездов не было");
      await block.getByLabel("Когда").fill(todayAt(hour));
      await block.getByRole("button", { name: "Запланировать выезд" }).click();
      await expect(block).toContainText("Запланирован");
    }

    await page.goto("/visits");
    await hydrated(page);
    const items = page.locator(".visit-list > li");
    const titles = await items.locator("h2").allTextContents();
    expect(titles.indexOf(early)).toBeGreaterThanOrEqual(0);
    expect(titles.indexOf(early)).toBeLessThan(titles.indexOf(late));
    const visit = items.filter({ hasText: early });
    await expect(visit).toContainText("07:00");
    await expect(visit).toContainText("ул. Мира, д. 7, кв. 3");
    await expect(visit.getByRole("link", { name: /☎ \+7 \(912\) 000-00-00/ })).toHaveAttribute("href", "tel:+79120000000");
    await page.screenshot({ path: `test-results/visits-${test.info().project.name}.png`, fullPage: true });

    await visit.getByRole("button", { name: "Проведён" }).click();
    await expect(items.filter({ hasText: early })).toContainText("Проведён");
  });

  test("выезд в прошлое не планируется, форма объясняет почему", async ({ page }) => {
    await login(page, "petrova", "/visits");
    const id = await createCase(page, { title: `Семья ${uniqueSurname("Прошлых")}`, curator: CURATOR });
    await page.goto(`/cases/${id}`);
    await hydrated(page);
    const block = page.getByTestId("case-visits");
    await block.getByLabel("Когда").fill("2020-01-10T10:00");
    await block.getByRole("button", { name: "Запланировать выезд" }).click();
    await expect(block.locator('[data-error-for="planned_at"]')).toContainText("сегодня или позже");
    await expect(block.getByLabel("Когда")).toHaveValue("2020-01-10T10:00");
  });
});
