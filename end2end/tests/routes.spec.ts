import { test, expect, Page, Locator } from "@playwright/test";
import { login } from "../support/session";
import { hydrated, uniqueSurname } from "../support/journal";
import { card, createCase } from "../support/cases";

const CURATOR = "Петрова Анна Сергеевна";

/** Drags an item by its handle ⠿ onto the upper or lower part of a target, with the mouse or
 * with a finger (real touch events through CDP), in small steps as a person would. */
async function drag(page: Page, item: Locator, target: Locator, where: "top" | "bottom", touch: boolean) {
  const handle = item.locator(".drag-handle").first();
  // Both ends in view: the upper one just below the sticky page header, clear of the save bar
  // at the bottom (near either edge, dragging scrolls the page).
  await handle.evaluate((el) => el.scrollIntoView({ block: "start" }));
  let a = await handle.boundingBox();
  let b = await target.boundingBox();
  if (!a || !b) throw new Error("nothing to drag or nowhere to drop");
  const top = Math.min(a.y, b.y);
  await page.evaluate((t) => window.scrollBy(0, t - 200), top);
  a = await handle.boundingBox();
  b = await target.boundingBox();
  if (!a || !b) throw new Error("nothing to drag or nowhere to drop");
  const start = { x: a.x + a.width / 2, y: a.y + a.height / 2 };
  const end = { x: b.x + b.width / 2, y: where === "top" ? b.y + Math.min(12, b.height / 4) : b.y + b.height - Math.min(12, b.height / 4) };
  const steps = 14;
  if (touch) {
    const cdp = await page.context().newCDPSession(page);
    await cdp.send("Input.dispatchTouchEvent", { type: "touchStart", touchPoints: [start] });
    for (let i = 1; i <= steps; i++) {
      const point = { x: start.x + ((end.x - start.x) * i) / steps, y: start.y + ((end.y - start.y) * i) / steps };
      await cdp.send("Input.dispatchTouchEvent", { type: "touchMove", touchPoints: [point] });
    }
    await cdp.send("Input.dispatchTouchEvent", { type: "touchEnd", touchPoints: [] });
    await cdp.detach();
  } else {
    await page.mouse.move(start.x, start.y);
    await page.mouse.down();
    for (let i = 1; i <= steps; i++) {
      await page.mouse.move(start.x + ((end.x - start.x) * i) / steps, start.y + ((end.y - start.y) * i) / steps);
    }
    await page.mouse.up();
  }
}

const routeTitles = (page: Page) => page.locator(".route-item .route-item-title strong").allTextContents();
const step = (page: Page, id: string) => page.locator(`.planner-step[data-step="${id}"]`);

test.describe("Маршрут семьи участника СВО", () => {
  test("от диагностической карты до напечатанного плана: шаги перетаскиваются в маршрут, партнёры подобраны, прогресс на доске @tablet", async ({ page }, info) => {
    const touch = info.project.name === "tablet";
    await login(page, "petrova", "/board");
    const surname = uniqueSurname("Ветеранов");
    const id = await createCase(page, { title: `${surname} Игорь Николаевич`, curator: CURATOR, categories: ["svo_participant"], district: "d2" });

    // From the case page to the route.
    await page.goto(`/cases/${id}`);
    await hydrated(page);
    await page.getByRole("link", { name: "Открыть маршрут" }).click();
    await hydrated(page);
    await expect(page.getByRole("heading", { name: /Маршрут семьи/ })).toBeVisible();

    // 1. The diagnostic map: two situations, whom they concern, what is known, resources.
    await page.getByRole("checkbox", { name: "Установление инвалидности" }).check();
    await page.getByRole("checkbox", { name: "Трудоустройство и профессиональное обучение" }).check();
    const disability = page.locator('.dg-row[data-situation="p-disability"]');
    await disability.getByLabel("Что известно").fill("Ранение левой руки, инвалидность не установлена");
    await page.getByLabel("Личные ресурсы").fill("Водительские права, хочет работать");
    await page.screenshot({ path: `test-results/route-diagnostic-${info.project.name}.png`, fullPage: true });

    // 2. The planner: the family's situations are highlighted and first.
    await page.getByRole("tab", { name: "2. Маршрут" }).click();
    const found = page.locator(".planner-situation.found");
    await expect(found).toHaveCount(2);
    await expect(found.first()).toContainText("Ранение левой руки");
    const route = page.getByTestId("route");
    await expect(route).toContainText("Мероприятий нет");

    // Three steps dragged into the route, the third dropped before the first.
    await drag(page, step(page, "p-disability-1"), route, "top", touch);
    await expect(page.locator(".route-item")).toHaveCount(1);
    // Dropped on the route's heading: at the end.
    await drag(page, step(page, "p-employment-2"), page.getByRole("heading", { name: "Маршрут семьи", exact: true }), "top", touch);
    await expect(page.locator(".route-item")).toHaveCount(2);
    await drag(page, step(page, "p-disability-2"), page.locator(".route-item").first(), "top", touch);
    await expect(page.locator(".route-item")).toHaveCount(3);
    expect(await routeTitles(page)).toEqual([
      "Сопровождение на освидетельствование в бюро МСЭ",
      "Направление на медико-социальную экспертизу",
      "Переобучение и повышение квалификации",
    ]);
    // Reordered by dragging: the first after the second.
    await drag(page, page.locator(".route-item").first(), page.locator(".route-item").nth(1), "bottom", touch);
    expect(await routeTitles(page)).toEqual([
      "Направление на медико-социальную экспертизу",
      "Сопровождение на освидетельствование в бюро МСЭ",
      "Переобучение и повышение квалификации",
    ]);
    // The keyboard works too: a fourth step in with «В маршрут», then out with ✕.
    const consult = step(page, "p-employment-1").getByRole("button", { name: /В маршрут/ });
    await consult.focus();
    await page.keyboard.press("Enter");
    await expect(page.locator(".route-item")).toHaveCount(4);
    await page.locator(".route-item").nth(3).getByRole("button", { name: "Убрать из маршрута" }).click();
    await expect(page.locator(".route-item")).toHaveCount(3);

    // Deadlines follow each other in working days.
    const deadlines = await page.locator('.route-item input[name="deadline"]').evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value));
    expect(deadlines.every((d) => /^\d{4}-\d{2}-\d{2}$/.test(d))).toBeTruthy();
    expect([...deadlines].sort()).toEqual(deadlines);

    // Partners from the resource map, the family's district first; a responsible specialist.
    const second = page.locator(".route-item").nth(1);
    await expect(second.locator("small", { hasText: "на участке семьи" })).toBeVisible();
    const partner = second.locator('select[name="partner"]');
    const firstNear = await partner.locator("optgroup").first().locator("option").first().getAttribute("value");
    await partner.selectOption(firstNear!);
    const partnerName = (await partner.locator("option:checked").textContent())!.split(" — ")[0];
    for (const item of await page.locator(".route-item").all()) {
      await item.locator('select[name="responsible"]').selectOption({ index: 1 });
    }
    await page.screenshot({ path: `test-results/route-planner-${info.project.name}.png`, fullPage: true });

    await page.getByRole("button", { name: "Сохранить", exact: true }).click();
    await expect(page.locator(".route-sync")).toContainText("Сохранено на сервере");

    // Reloaded: the same route, in the same order, with its partner.
    await page.reload();
    await hydrated(page);
    await page.getByRole("tab", { name: "2. Маршрут" }).click();
    expect(await routeTitles(page)).toEqual([
      "Направление на медико-социальную экспертизу",
      "Сопровождение на освидетельствование в бюро МСЭ",
      "Переобучение и повышение квалификации",
    ]);
    await expect(page.locator(".route-item").nth(1).locator('select[name="partner"]')).toHaveValue(firstNear!);

    // 3. The plan: the first activity done, with its result.
    await page.getByRole("tab", { name: "3. План (ИПСС)" }).click();
    const first = page.locator(".plan-activity").first();
    await first.locator('select[name="status"]').selectOption("done");
    await page.getByRole("button", { name: "Сохранить", exact: true }).click();
    await expect(page.locator(".route-sync")).toContainText("опишите результат");
    await first.getByLabel("Результат").fill("Направление выдано, документы переданы в бюро МСЭ");
    await page.getByLabel("Что проверено, результат").fill("Семья на связи, запись в бюро МСЭ подтверждена");
    await page.getByRole("button", { name: "Добавить запись" }).click();
    await page.getByRole("button", { name: "Сохранить", exact: true }).click();
    await expect(page.locator(".route-sync")).toContainText("Сохранено на сервере");
    await page.screenshot({ path: `test-results/route-plan-${info.project.name}.png`, fullPage: true });

    // The board's card shows the progress (found by its name: a cell shows its first 30 cards).
    await page.goto(`/board?q=${encodeURIComponent(surname)}`);
    await hydrated(page);
    await expect(card(page, id).getByTestId("route-progress")).toContainText("Маршрут 1/3");

    // The plan prints on A4 with everything the family signs.
    await page.goto(`/cases/${id}/plan/print`);
    const sheet = page.getByTestId("plan-sheet");
    await expect(sheet).toContainText("ИНДИВИДУАЛЬНЫЙ ПЛАН СОПРОВОЖДЕНИЯ СЕМЬИ");
    await expect(sheet.locator(".plan-print-table tbody tr")).toHaveCount(3);
    await expect(sheet).toContainText(partnerName);
    await expect(sheet).toContainText("Выполнено: Направление выдано");
    await expect(sheet).toContainText("С планом ознакомлен(а), согласен(на)");
    await expect(sheet).toContainText("Ранение левой руки");
    await page.screenshot({ path: `test-results/route-print-${info.project.name}.png`, fullPage: true });
  });

  test("заведующий меняет карту-маршрутизатор: переименование, перетаскивание, новая версия", async ({ page }) => {
    await login(page, "morozova", "/router-maps?map=family");
    await hydrated(page);
    await expect(page.getByRole("heading", { name: "Карта-маршрутизатор ТЖС семьи участника СВО" })).toBeVisible();
    const version = Number((await page.locator(".rm-head p.muted").textContent())!.match(/Версия (\d+)/)![1]);
    await page.getByRole("button", { name: "Изменить карту" }).click();

    // A step renamed.
    const medical = page.locator('.rm-situation[data-situation="f-medical"]');
    const checkup = medical.locator('.rm-step[data-step="f-medical-2"]');
    await checkup.getByRole("button", { name: "Изменить" }).click();
    const newTitle = `Диспансеризация (${uniqueSurname("ред")})`;
    await checkup.getByLabel("Что делается").fill(newTitle);
    await checkup.getByRole("button", { name: "Готово" }).click();
    // The second step of the situation dragged to its top.
    const steps = medical.locator(".rm-step");
    const lastId = await steps.nth(1).getAttribute("data-step");
    await drag(page, steps.nth(1), steps.first(), "top", false);
    await expect(steps.first()).toHaveAttribute("data-step", lastId!);
    await expect(page.locator(".notice-success")).toContainText("Шаг перенесён");

    await page.getByRole("button", { name: "Сохранить новую версию" }).click();
    await expect(page.locator(".notice-success")).toContainText(`Сохранена версия ${version + 1}`);
    await page.reload();
    await hydrated(page);
    await expect(page.locator('.rm-step[data-step="f-medical-2"]')).toContainText(newTitle);
    await expect(page.locator('.rm-situation[data-situation="f-medical"] .rm-step').first()).toHaveAttribute("data-step", lastId!);
    await page.getByRole("button", { name: "История версий" }).click();
    await expect(page.locator(".rm-history tbody tr")).toHaveCount(version + 1);
    await page.screenshot({ path: "test-results/router-map-history.png", fullPage: false });

    // A caseworker reads the map but cannot change it.
    await page.context().clearCookies();
    await login(page, "petrova", "/router-maps?map=family");
    await hydrated(page);
    await expect(page.locator('.rm-step[data-step="f-medical-2"]')).toContainText(newTitle);
    await expect(page.getByRole("button", { name: "Изменить карту" })).toHaveCount(0);
  });
});
