import { test, expect, Page } from "@playwright/test";
import { login } from "../support/session";
import { hydrated, uniqueSurname } from "../support/journal";
import { createCase } from "../support/cases";

const CURATOR = "Петрова Анна Сергеевна";

function isoDay(daysAhead: number): string {
  const d = new Date(Date.now() + daysAhead * 86_400_000 + 5 * 3_600_000);
  return d.toISOString().slice(0, 10);
}

/** A plan of one activity typed by hand, whose term ends in a few days. */
async function planEndingSoon(page: Page, id: string) {
  const content = {
    diagnostic: { findings: [], filled_on: isoDay(0) },
    plan: {
      members: [],
      start_on: isoDay(-60),
      term_until: isoDay(4),
      support_level: "basic",
      reason: "Задолженность по оплате ЖКУ, конфликты с сыном-подростком",
      activities: [
        {
          key: "own-1",
          step: "own",
          situation: "Задолженность по ЖКУ",
          title: "Реструктуризация задолженности",
          help_kind: "legal",
          duration_days: 5,
          deadline: "2000-01-01",
          status: "planned",
        },
      ],
    },
  };
  const reply = await page.request.post("/api/routes/save", { data: { case_id: id, version: 0, content } });
  expect(reply.ok(), await reply.text()).toBeTruthy();
}

test.describe("Социальный консилиум", () => {
  test("заведующий проводит консилиум, который продлевает план семьи @tablet", async ({ page }, info) => {
    await login(page, "petrova", "/board");
    const surname = uniqueSurname("Консилиумных");
    const title = `Семья ${surname}`;
    const id = await createCase(page, { title, curator: CURATOR, categories: ["large_family"] });
    await planEndingSoon(page, id);

    // The case page says the plan runs out, in working days.
    await page.goto(`/cases/${id}`);
    await hydrated(page);
    await expect(page.getByTestId("plan-deadlines")).toContainText(/план заканчивается (через \d р\. д\.|сегодня)/);

    // The head of the department: the agenda has the family, with why.
    await page.context().clearCookies();
    await login(page, "morozova", "/consilium");
    await hydrated(page);
    await expect(page.getByRole("heading", { name: "Социальный консилиум", exact: true })).toBeVisible();
    await page.getByRole("link", { name: "Новое заседание" }).click();
    await hydrated(page);
    await expect(page.getByRole("heading", { name: "Новое заседание социального консилиума" })).toBeVisible();
    const item = page.locator(".agenda-item", { hasText: surname });
    await expect(item).toContainText(/план заканчивается/);
    await item.getByRole("button", { name: "Включить" }).click();
    const considered = page.getByTestId("considered").filter({ hasText: surname });
    await expect(considered).toBeVisible();
    await considered.getByLabel("Решение").selectOption("extend");
    await considered.getByLabel("Продлить до").fill(isoDay(120));
    await considered
      .getByLabel("Формулировка решения")
      .fill("Задолженность реструктурирована частично, семья мотивирована: продлить на 4 месяца");

    // Nobody marked present: refused at the field, the decision typed stays.
    await page.getByRole("button", { name: "Сохранить повестку" }).click();
    await expect(page.locator('[data-error-for="present"]')).toContainText("не меньше двух специалистов");
    await expect(considered.getByLabel("Формулировка решения")).toHaveValue(/реструктурирована частично/);
    // A reload (a dropped tablet, a closed tab) brings the unsaved session back from the device.
    await page.reload();
    await hydrated(page);
    await expect(page.getByText("Восстановлены правки, которые ещё не отправлены на сервер.")).toBeVisible();
    await expect(considered.getByLabel("Формулировка решения")).toHaveValue(/реструктурирована частично/);
    await expect(considered.getByLabel("Решение")).toHaveValue("extend");
    await page.getByRole("checkbox", { name: /^Психолог / }).first().check();
    await page.getByRole("checkbox", { name: /^Юрисконсульт / }).first().check();
    await page.getByLabel("Другой участник: должность, организация, ФИО").fill("Педагог-психолог СОШ № 2 Лебедева Т. В.");
    await page.getByRole("button", { name: "Добавить", exact: true }).click();
    await expect(page.locator(".consilium-others")).toContainText("Лебедева Т. В.");
    await page.getByRole("button", { name: "Сохранить повестку" }).click();
    await expect(page.getByRole("heading", { name: /^Заседание социального консилиума, протокол № \d+\/\d{4}$/ })).toBeVisible();
    await expect(page).toHaveURL(/\/consilium\/[^/]+$/);

    // Held: read-only at once, the decision on the case.
    await page.getByRole("button", { name: "Провести заседание" }).click();
    await expect(page.getByTestId("session-status")).toContainText("Проведён");
    await expect(page.locator(".route-sync")).toContainText("решения внесены в случаи");
    await expect(considered.getByLabel("Формулировка решения")).toBeDisabled();
    await expect(page.getByRole("button", { name: "Провести заседание" })).toHaveCount(0);
    await page.screenshot({ path: `test-results/consilium-held-${info.project.name}.png`, fullPage: true });

    // The protocol on A4.
    await page.getByRole("link", { name: "Протокол (А4)" }).click();
    const sheet = page.getByTestId("protocol-sheet");
    await expect(sheet).toContainText(/ПРОТОКОЛ № \d+\/\d{4} ЗАСЕДАНИЯ СОЦИАЛЬНОГО КОНСИЛИУМА/);
    await expect(sheet).toContainText("Лебедева Т. В.");
    await expect(sheet).toContainText(title);
    await expect(sheet).toContainText("Продлить срок плана до");
    await page.screenshot({ path: `test-results/consilium-protocol-${info.project.name}.png`, fullPage: true });

    // The case: the decision in its history, the plan's new term, no warning any more.
    await page.goto(`/cases/${id}`);
    await hydrated(page);
    await expect(page.locator(".history")).toContainText("Решение социального консилиума");
    await expect(page.locator(".history")).toContainText("Продлить срок плана до");
    const [y, m, d] = isoDay(120).split("-");
    await expect(page.getByTestId("plan-deadlines")).toContainText(`срок плана до ${d}.${m}.${y}`);
    await expect(page.getByTestId("plan-deadlines")).not.toContainText("заканчивается");
  });

  test("на карточке доски — срок плана и просроченные мероприятия", async ({ page }, info) => {
    await login(page, "morozova", "/board");
    await hydrated(page);
    const alerts = page.getByTestId("plan-alerts");
    await expect(alerts.first()).toBeVisible();
    await expect(alerts.filter({ hasText: /просрочено мероприятий: \d+/ }).first()).toBeVisible();
    const alerted = page.locator("article.case-card").filter({ has: page.getByTestId("plan-alerts") }).first();
    await alerted.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `test-results/board-plan-alerts-${info.project.name}.png` });
  });
});
