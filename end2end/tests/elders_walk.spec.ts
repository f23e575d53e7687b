import { test, expect } from "@playwright/test";
import { login } from "../support/session";
import { hydrated } from "../support/journal";

test.describe("Поквартирный обход", () => {
  test("специалист выбирает улицу и дом, видит жильцов по квартирам и отмечает «Посещён» @tablet", async ({ page }) => {
    await login(page, "petrova", "/elders");
    await hydrated(page);
    await page.getByRole("link", { name: "Поквартирный обход" }).click();
    await expect(page).toHaveURL(/\/elders\/walk$/);
    await hydrated(page);
    await expect(page.getByTestId("walk-empty")).toContainText("Выберите улицу");

    // The street with the most people of the registry.
    const options = await page.getByLabel("Улица").locator("option").allTextContents();
    const streets = options
      .slice(1)
      .map((t) => ({ name: t.split(" — ")[0], people: Number(t.match(/— (\d+) чел\./)?.[1] ?? 0) }))
      .sort((a, b) => b.people - a.people);
    expect(streets.length).toBeGreaterThan(0);
    const street = streets[0].name;
    await page.getByLabel("Улица").selectOption({ value: street });
    await page.getByRole("button", { name: "Показать дома" }).click();
    await hydrated(page);
    const list = page.getByTestId("walk-list");
    await expect(list).toContainText(`Поквартирный обход — `);
    await expect(list).toContainText(street);

    // One house of the street: its people only.
    const house = page.locator(".walk-houses .chip").first();
    const houseName = ((await house.textContent()) ?? "").split(" · ")[0].trim();
    await house.click();
    await page.getByRole("button", { name: "Показать жильцов" }).click();
    await hydrated(page);
    await expect(page).toHaveURL(/house=/);
    await expect(page.locator(".walk-house")).toHaveText([houseName]);
    const doors = page.locator(".walk-door");
    expect(await doors.count()).toBeGreaterThan(0);

    // «Посещён» at a door records the visit.
    const door = doors.filter({ has: page.getByRole("button", { name: "Посещён" }) }).first();
    const elder = await door.getAttribute("data-elder");
    await door.getByRole("button", { name: "Посещён" }).click();
    await expect(page.locator(`.walk-door[data-elder="${elder}"]`)).toContainText("Посещён, записано");
    await page.screenshot({ path: `test-results/elders-walk-${test.info().project.name}.png`, fullPage: true });
    await page.goto(`/elders/${elder}`);
    await hydrated(page);
    await expect(page.getByTestId("contact-list")).toContainText("Посещён(а) при поквартирном обходе");
  });
});
