import { test, expect } from "@playwright/test";
import { login } from "../support/session";
import { hydrated } from "../support/journal";

test.describe("Сводка отдела", () => {
  test("заведующий в понедельник видит, что просрочено, и графики недель с таблицами @tablet", async ({ page }, info) => {
    await login(page, "morozova", "/dashboard");
    await hydrated(page);
    await expect(page.getByRole("heading", { name: "Сводка отдела" })).toBeVisible();
    await expect(page.getByRole("link", { name: "Отчёты отдела" })).toHaveAttribute("href", "/reports");

    // What is late comes first, each line a link to where it is fixed.
    const attention = page.getByTestId("attention");
    const overdue = attention.getByRole("link", { name: /Случаи с истёкшим сроком этапа/ });
    await expect(overdue).toHaveAttribute("href", "/board?overdue=1");
    expect(Number(await overdue.locator(".attention-count").textContent())).toBeGreaterThan(0);
    await expect(attention.locator("li").first()).toHaveClass(/attention-late/);

    // The charts are pictures drawn on the server: an <svg> with bars, readable without the WASM.
    const stages = page.getByTestId("chart-stages");
    const picture = stages.locator("svg[role=img]");
    await expect(picture).toHaveAttribute("aria-label", /открыто \d+/);
    expect(await picture.locator("rect").count()).toBeGreaterThan(12);
    await expect(stages.locator(".chart-legend")).toContainText("Приём и диагностика");
    // The table behind it, one click away, with the same last-week total as the picture.
    await stages.getByText("Таблица").click();
    const total = stages.locator("tr.total td").last();
    await expect(total).toBeVisible();
    expect(await picture.textContent()).toContain((await total.textContent())!.trim());

    const appeals = page.getByTestId("chart-appeals");
    await expect(appeals.locator("svg[role=img] rect").first()).toBeAttached();
    await expect(appeals.locator(".chart-legend")).toContainText("Телефон");
    const curators = page.getByTestId("chart-overdue");
    expect(await curators.locator("svg[role=img] rect").count()).toBeGreaterThan(1);
    await curators.getByText("Таблица").click();
    await expect(curators.locator("tbody tr").first()).toBeVisible();
    // Plan activities late and due, each line leading to the workload sheet.
    await expect(attention.getByRole("link", { name: /Мероприятия планов сопровождения с истёкшим сроком/ })).toHaveAttribute(
      "href",
      "/reports/workload",
    );
    await expect(attention.getByRole("link", { name: /Люди 55\+, с которыми в этом месяце ещё не связались/ })).toHaveAttribute(
      "href",
      "/elders/round",
    );
    await expect(attention.getByRole("link", { name: /Паспорта участков, не проверенные в срок/ })).toHaveAttribute(
      "href",
      "/resources?tab=passports",
    );
    // The month's 55+ contacts by district: two parts per bar, the table with a column each.
    const elders = page.getByTestId("chart-elders");
    await expect(elders.locator("svg[role=img]")).toHaveAttribute("aria-label", /связались с \d+ из \d+/);
    await expect(elders.locator(".chart-legend")).toContainText("Ещё не связались");
    await elders.getByText("Таблица").click();
    await expect(elders.locator("thead th")).toHaveText(["Район", "Связались", "Ещё не связались", "Всего"]);
    // The СВО families' route steps by district.
    const svo = page.getByTestId("chart-svo");
    expect(await svo.locator("svg[role=img] rect").count()).toBeGreaterThan(1);
    await expect(svo.locator(".chart-legend")).toContainText("Просрочено");
    await page.screenshot({ path: `test-results/dashboard-${info.project.name}.png`, fullPage: true });

    // The overdue line leads to the board filtered to overdue cases.
    await overdue.click();
    await expect(page).toHaveURL(/\/board\?overdue=1/);
  });
});
