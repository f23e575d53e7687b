import { test, expect } from "@playwright/test";
import { login } from "../support/session";
import { hydrated } from "../support/journal";

test.describe("Главная страница", () => {
  test("специалист начинает день со счётчика контактов месяца и переходит к обходу @tablet", async ({ page }) => {
    await login(page, "petrova", "/");
    await expect(page).toHaveURL(/\/$/);
    await hydrated(page);
    await expect(page.getByRole("heading", { level: 1 })).toContainText("Здравствуйте");
    const figure = page.getByTestId("month-counter-figure");
    await expect(figure).toHaveText(/в этом месяце: \d+ из \d+/);
    const [reached, total] = ((await figure.textContent()) ?? "").match(/\d+/g)!.map(Number);
    expect(total).toBeGreaterThan(0);
    expect(reached).toBeLessThanOrEqual(total);
    await expect(page.getByRole("link", { name: /Доска случаев/ }).last()).toBeVisible();
    // What of hers is late or due this week, each line a link to where it is fixed.
    const mine = page.getByTestId("my-dashboard");
    await expect(mine.getByRole("link", { name: /Мои случаи с истёкшим сроком этапа/ })).toHaveAttribute(
      "href",
      /^\/board\?curator=[a-z0-9]+&overdue=1$/,
    );
    await expect(mine.getByRole("link", { name: /Мои мероприятия с истёкшим сроком/ })).toHaveAttribute("href", "/my-activities");
    // The demo department's late request is about a family of her district: it is listed here,
    // once, and not again in a notice above.
    const late = mine.getByRole("link", { name: /Межведомственные запросы без ответа в срок/ });
    await expect(late).toHaveAttribute("href", "/inquiries");
    await expect(late.locator(".attention-count")).toHaveText("1");
    await expect(page.getByTestId("inquiry-deadlines")).toHaveCount(0);
    // Her cases by stage over 12 weeks, drawn on the server.
    await expect(page.getByTestId("chart-my-stages").locator("svg[role=img]")).toHaveAttribute("aria-label", /открыто \d+/);
    await page.screenshot({ path: `test-results/home-${test.info().project.name}.png`, fullPage: true });
    await page.getByRole("link", { name: "Кому ещё не звонили" }).click();
    await expect(page).toHaveURL(/\/elders\/round/);
  });

  test("заведующий попадает на сводку отдела", async ({ page }) => {
    await login(page, "morozova", "/");
    await expect(page).toHaveURL(/\/dashboard/);
  });
});
