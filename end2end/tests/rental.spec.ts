import { test, expect, Page } from "@playwright/test";
import { login } from "../support/session";
import { hydrated, uniqueSurname } from "../support/journal";
import { createCase } from "../support/cases";

/** The value of the first option of a select whose text matches. */
async function optionMatching(page: Page, label: string, text: RegExp): Promise<string> {
  const options = page.getByLabel(label).locator("option");
  const count = await options.count();
  for (let i = 0; i < count; i++) {
    const option = options.nth(i);
    if (text.test((await option.textContent()) ?? "")) {
      return (await option.getAttribute("value")) ?? "";
    }
  }
  throw new Error(`no option ${text} in «${label}»`);
}

test.describe("Пункт проката ТСР", () => {
  test("специалист выдаёт ходунки обратившемуся, печатает договор и принимает их в ремонт @tablet", async ({ page }) => {
    // Her start page names the aids past their return date among her people.
    await login(page, "petrova", "/");
    await hydrated(page);
    await expect(page.getByTestId("rental-deadlines")).toContainText("Просрочен возврат средств реабилитации");
    await page.goto("/urgent");
    await hydrated(page);
    // The demo has loans past their date: unmissable on the sector's page and the rental page.
    await expect(page.getByTestId("rental-overdue")).toContainText("просрочен возврат");
    await page.getByTestId("tile-rental").click();
    await expect(page).toHaveURL(/\/rental$/);
    await hydrated(page);
    await expect(page.getByTestId("overdue-notice")).toContainText("Просрочен возврат");
    await expect(page.getByTestId("loan-row").first()).toHaveClass(/overdue/);
    await expect(page.getByTestId("stock")).toContainText("Кресло-коляска");

    await page.getByTestId("issue-link").click();
    await expect(page).toHaveURL(/\/rental\/issue$/);
    await hydrated(page);
    // Nothing chosen: the form names what is missing, in Russian, at the fields.
    await page.getByRole("button", { name: "Выдать и оформить договор" }).click();
    await expect(page.locator('[data-error-for="item"]')).toHaveText("Выберите, что выдаёте");
    await expect(page.locator('[data-error-for="person_kind"]')).toContainText("Выберите, кому");

    await page.getByLabel("Что выдаётся").selectOption(await optionMatching(page, "Что выдаётся", /^Ходунки /));
    await page.getByLabel("Получатель").selectOption({ label: "Обратился лично" });
    await page.getByLabel("Фамилия, имя, отчество").fill("Тихонова");
    await page.getByLabel("Телефон").fill("8 (950) 512-00-41");
    await page.getByLabel("Адрес проживания").fill("г. Югорск, ул. Геологов, д. 9, кв. 14");
    await page.getByRole("button", { name: "Выдать и оформить договор" }).click();
    await expect(page.locator('[data-error-for="full_name"]')).toHaveText("Фамилия и имя — хотя бы два слова");
    await expect(page.locator('[data-error-for="consent"]')).toContainText("Без согласия");
    // What was typed stays.
    await expect(page.getByLabel("Телефон")).toHaveValue("8 (950) 512-00-41");
    await expect(page.getByLabel("Адрес проживания")).toHaveValue("г. Югорск, ул. Геологов, д. 9, кв. 14");

    await page.getByLabel("Фамилия, имя, отчество").fill("Тихонова Вера Павловна");
    await page.getByTestId("person-consent").check();
    await page.getByLabel("Документ, удостоверяющий личность").fill("паспорт 67 11 204518");
    await page.getByRole("button", { name: "Выдать и оформить договор" }).click();
    await expect(page).toHaveURL(/\/rental\/loans\/[^/]+\?issued=1$/);
    await hydrated(page);
    await expect(page.getByTestId("issued-notice")).toBeVisible();
    await expect(page.getByRole("heading", { level: 1 })).toContainText("Договор проката № П-");
    const loanUrl = page.url().replace(/\?.*$/, "");

    // The agreement and the handover act, on A4.
    await page.getByTestId("print-agreement").click();
    await expect(page).toHaveURL(/\/print$/);
    const agreement = page.getByTestId("agreement-sheet");
    await expect(agreement).toContainText("ДОГОВОР № П-");
    await expect(agreement).toContainText("Тихонова Вера Павловна");
    await expect(agreement).toContainText("паспорт 67 11 204518");
    await expect(page.getByTestId("handover-act")).toContainText("АКТ приёма-передачи");
    await page.screenshot({ path: `test-results/rental-agreement-${test.info().project.name}.png`, fullPage: true });

    // Back with a fault: the return says what is wrong, the item goes to repair.
    await page.goto(loanUrl);
    await hydrated(page);
    const back = page.getByTestId("return-form");
    await back.getByLabel("Состояние при возврате").selectOption({ label: "Требует ремонта" });
    await back.getByRole("button", { name: "Принять возврат" }).click();
    await expect(back.locator('[data-error-for="note"]')).toHaveText("Опишите, что неисправно");
    await back.getByLabel("Что неисправно, замечания").fill("Не фиксируется левая ножка");
    await back.getByRole("button", { name: "Принять возврат" }).click();
    await expect(page.getByTestId("returned")).toContainText("требует ремонта — Не фиксируется левая ножка");
    await expect(page.getByTestId("return-form")).toHaveCount(0);
    await page.screenshot({ path: `test-results/rental-returned-${test.info().project.name}.png`, fullPage: true });
  });

  test("поступивший и вернувшийся подъёмник откладывается для первого в очереди, и ему его выдают", async ({ page }) => {
    // Someone needs a lifter, and none is free: on the waiting list.
    await login(page, "petrova", "/rental/queue");
    await hydrated(page);
    await page.getByLabel("Что нужно").selectOption({ label: "Подъёмник для перемещения" });
    await page.getByLabel("Получатель").selectOption({ label: "Обратился лично" });
    await page.getByLabel("Фамилия, имя, отчество").fill("Чернова Людмила Семёновна");
    await page.getByLabel("Телефон").fill("89505550404");
    await page.getByLabel("Адрес проживания").fill("г. Югорск, ул. Молодёжная, д. 6, кв. 21");
    await page.getByTestId("person-consent").check();
    await page.getByRole("button", { name: "Записать в очередь" }).click();
    await expect(page).toHaveURL(/\/rental\?queued=1$/);
    await hydrated(page);
    const waitingForLifter = () =>
      page
        .getByTestId("queue-line")
        .filter({ hasText: "ждёт: Подъёмник" })
        .filter({ hasNotText: "Вернулось — отложено" });
    await expect(waitingForLifter().last()).toContainText("Чернова Людмила Семёновна");
    const first = ((await waitingForLifter().first().locator("strong").textContent()) ?? "").trim();
    expect(first.length).toBeGreaterThan(0);

    // A new lifter comes to the store: it is held at once for who waits longest.
    await page.goto("/rental/items/new");
    await hydrated(page);
    await page.getByLabel("Вид").selectOption({ label: "Подъёмник для перемещения" });
    await page.getByLabel("Модель").fill("Ortonica LC 100");
    await page.getByLabel("Инвентарный номер").fill(`E2E-${Date.now()}`);
    await page.getByRole("button", { name: "Поставить на склад" }).click();
    await expect(page).toHaveURL(/\/rental\/items\/[a-z0-9]+$/);
    await hydrated(page);
    await expect(page.getByTestId("held-for")).toContainText(`Отложено для первого в очереди: ${first}`);

    // It is issued to them from the waiting list, the form filled from their place.
    await page.getByRole("link", { name: "Выдать ему (ей)" }).click();
    await expect(page).toHaveURL(/\/rental\/issue\?wait=/);
    await hydrated(page);
    await expect(page.getByText(`Изделие отложено для первого в очереди: ${first}`)).toBeVisible();
    await page.getByRole("button", { name: "Выдать и оформить договор" }).click();
    await expect(page).toHaveURL(/\/rental\/loans\/[^/]+\?issued=1$/);
    await hydrated(page);
    await expect(page.locator(".loan-card")).toContainText(first);
    const loanUrl = page.url().replace(/\?.*$/, "");
    await page.goto("/rental");
    await hydrated(page);
    await expect(page.getByTestId("queue-line").filter({ hasText: first })).toHaveCount(0);
    const next = ((await waitingForLifter().first().locator("strong").textContent()) ?? "").trim();
    await page.screenshot({ path: `test-results/rental-page-${test.info().project.name}.png`, fullPage: true });

    // It comes back sound: held for the next in line, who is named to call.
    await page.goto(loanUrl);
    await hydrated(page);
    await page.getByTestId("return-form").getByRole("button", { name: "Принять возврат" }).click();
    await expect(page.getByTestId("next-in-line")).toContainText(`Изделие отложено для первого в очереди: ${next}`);
    await page.goto("/rental");
    await hydrated(page);
    await expect(page.getByTestId("queue-line").filter({ hasText: next })).toContainText("Вернулось — отложено");
  });

  test("со страницы случая специалист выдаёт кресло-коляску члену семьи и видит выдачу на случае", async ({ page }) => {
    await login(page, "petrova", "/board");
    const surname = uniqueSurname("Прокатова");
    const id = await createCase(page, { title: `Семья ${surname}`, curator: "Петрова Анна Сергеевна" });
    await page.goto(`/cases/${id}`);
    await hydrated(page);
    const panel = page.getByTestId("case-rental");
    await expect(panel).toContainText("Из пункта проката ничего не выдавалось.");
    await panel.getByRole("link", { name: "Выдать ТСР" }).click();
    await expect(page).toHaveURL(new RegExp(`/rental/issue\\?case=${id}$`));
    await hydrated(page);
    await expect(page.getByTestId("chosen-person")).toContainText(`${surname} Ольга Ивановна`);
    await page.getByLabel("Что выдаётся").selectOption(await optionMatching(page, "Что выдаётся", /^Кресло-коляска /));
    await page.getByLabel("Основание").selectOption({ label: "ИПРА (индивидуальная программа реабилитации)" });
    await page.getByRole("button", { name: "Выдать и оформить договор" }).click();
    await expect(page.locator('[data-error-for="basis_note"]')).toHaveText("Укажите номер и дату ИПРА");
    await page.getByLabel("Номер и дата документа").fill("ИПРА № 1402.5.86/2026 от 01.12.2026");
    await page.getByRole("button", { name: "Выдать и оформить договор" }).click();
    await expect(page).toHaveURL(/\/rental\/loans\/[^/]+\?issued=1$/);
    await hydrated(page);
    await expect(page.locator(".loan-card")).toContainText(`${surname} Ольга Ивановна`);
    await page.getByRole("link", { name: "Открыть случай" }).click();
    await hydrated(page);
    await expect(page.getByTestId("case-rental")).toContainText("Кресло-коляска");
    await page.getByTestId("case-rental").scrollIntoViewIfNeeded();
    await page.screenshot({ path: `test-results/rental-case-${test.info().project.name}.png` });
  });
});
