import { test, expect, Page } from "@playwright/test";
import { login } from "../support/session";
import { hydrated, uniqueSurname } from "../support/journal";

/** Enters a person into the registry through the form; the card's URL. */
async function enterPerson(page: Page, name: string) {
  await page.goto("/elders/new");
  await hydrated(page);
  await page.getByLabel("Фамилия, имя, отчество").fill(name);
  await page.getByLabel(/^Пол/).selectOption({ label: "Женский" });
  await page.getByLabel("Дата рождения").fill("1957-09-03");
  await page.getByLabel("Адрес проживания").fill("г. Югорск, ул. Мира, д. 14, кв. 3");
  await page.getByLabel("Социальный участок").selectOption({ label: "Участок № 1 — Центральный" });
  await page.getByLabel("Телефон", { exact: true }).fill("8 912 777-12-34");
  await page.getByLabel("С кем проживает").fill("с мужем");
  await page.getByLabel("Человек дал согласие на обработку персональных данных").check();
  await page.getByRole("button", { name: "Внести в реестр" }).click();
  await expect(page).toHaveURL(/\/elders\/[a-z0-9]+\?saved=1/);
  return page.url().split("?")[0];
}

test.describe("Карта потребностей и индивидуальный план 55+", () => {
  test("специалист заполняет карту потребностей, составляет план из предложений и отмечает выполненное @tablet", async ({
    page,
  }) => {
    await login(page, "petrova", "/elders");
    const name = `${uniqueSurname("Планова")} Вера Ильинична`;
    const card = await enterPerson(page, name);
    await page.goto(card);
    await hydrated(page);
    const section = page.getByTestId("person-plan");
    await expect(section.getByTestId("needs-empty")).toBeVisible();

    // The needs card: interests, the priority among them, what she can give.
    await section.getByTestId("needs-edit").click();
    const form = section.getByTestId("needs-form");
    const interests = form.getByRole("group", { name: "Интересы (направления деятельности)" });
    await interests.getByLabel("Обучение, новые навыки").check();
    await interests.getByLabel("Добровольчество («серебряные» волонтёры)").check();
    await form.getByRole("group", { name: /Приоритетные/ }).getByLabel("Обучение, новые навыки").check();
    await form.getByLabel("Предпочтения").fill("Утром, недалеко от дома; не любит шумные места");
    await form.getByRole("group", { name: "Что человек может дать другим" }).getByLabel("«Серебряный» волонтёр").check();
    // Whether she can join a group is not said yet: the field says so, nothing typed is lost.
    await form.getByTestId("needs-save").click();
    await expect(form.locator('[data-error-for="group_fit"]')).toContainText("может ли человек заниматься в группе");
    await expect(form.getByLabel("Предпочтения")).toHaveValue("Утром, недалеко от дома; не любит шумные места");
    await form.getByLabel(/^Участие в групповых/).selectOption({ label: "Может заниматься в группе" });
    await form.getByTestId("needs-save").click();
    const needs = section.getByTestId("needs-card");
    await expect(needs).toContainText("★ Обучение, новые навыки");
    await expect(needs).toContainText("«Серебряный» волонтёр");
    await expect(section.getByTestId("needs-edit")).toHaveText("Изменить карту");

    // Suggestions by the interests first: the University of the third age in one tap.
    const suggestion = section.getByTestId("suggestion").filter({ hasText: "Университет третьего возраста" });
    await expect(suggestion).toBeVisible();
    await suggestion.getByTestId("suggestion-add").click();
    const items = section.getByTestId("plan-items");
    await expect(items).toContainText("Университет третьего возраста");
    await expect(section.getByTestId("suggestion").filter({ hasText: "Университет третьего возраста" })).toHaveCount(0);

    // An item typed for the whole year; without a title the field says what is missing.
    const year = String(new Date().getFullYear());
    const typed = section.getByTestId("plan-typed");
    await typed.locator("#plan-item-period").selectOption({ label: `${year} год` });
    await typed.getByTestId("plan-typed-add").click();
    await expect(typed.locator('[data-error-for="title"]')).toContainText("Напишите, что запланировано");
    await typed.getByLabel("Что запланировано").fill("Запись в бассейн «Юность», абонемент на год");
    await typed.getByTestId("plan-typed-add").click();
    await expect(items.locator(`[data-period="${year}"]`)).toContainText("Запись в бассейн «Юность»");

    // Marked done in one tap.
    const university = section.getByTestId("plan-item").filter({ hasText: "Университет третьего возраста" });
    await university.getByTestId("plan-done").click();
    await expect(university.getByTestId("plan-done")).toHaveAttribute("aria-pressed", "true");
    await expect(university).toContainText("выполнено:");
    const box = await university.getByTestId("plan-done").boundingBox();
    expect(box!.height).toBeGreaterThanOrEqual(44);

    // The year's plan holds both.
    await section.getByTestId("plan-kind-year").click();
    await expect(section.getByTestId("plan-period")).toHaveText(`${year} год`);
    await expect(items).toContainText("Университет третьего возраста");
    await expect(items).toContainText("Запись в бассейн «Юность»");
    await section.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `test-results/elders-plan-${test.info().project.name}.png`, fullPage: false });

    // The plan on A4.
    await section.getByTestId("plan-print-link").click();
    await expect(page).toHaveURL(new RegExp(`/elders/[a-z0-9]+/plan\\?period=${year}$`));
    const sheet = page.getByTestId("elder-plan-sheet");
    await expect(sheet).toContainText("ИНДИВИДУАЛЬНЫЙ ПЛАН РАБОТЫ");
    await expect(sheet).toContainText(name);
    await expect(sheet).toContainText("Университет третьего возраста");
    await expect(sheet).toContainText("выполнено");
    await expect(sheet).toContainText("Запись в бассейн «Юность»");
    await expect(page.getByRole("button", { name: "Печать" })).toBeVisible();
  });
});
