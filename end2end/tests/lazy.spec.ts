import { test, expect, Page } from "@playwright/test";
import { login } from "../support/session";
import { hydrated } from "../support/journal";

// Every page but the board and the sign-in is in the chunk of its area (app/src/lazy_pages.rs):
// the first load of the board does not carry them; the areas of a working day follow once the
// board is interactive, and the others come when a page of theirs is first opened — by a link in
// the app or by address — with the other pages of the area.

/** The chunks of lazily loaded pages the browser fetched, by path. */
function watchChunks(page: Page): string[] {
  const chunks: string[] = [];
  page.on("request", (request) => {
    const path = new URL(request.url()).pathname;
    if (/^\/pkg\/(split|chunk)_.*\.wasm$/.test(path)) chunks.push(path);
  });
  return chunks;
}

test("доска приходит одна, страницы рабочего дня догружаются после, карта ресурсов — когда её открывают", async ({
  page,
}) => {
  // The moment the page became interactive, taken by the page itself.
  await page.addInitScript(() => {
    new MutationObserver((_, observer) => {
      if (document.body?.dataset.hydrated === "true") {
        (window as unknown as { __hydratedAt: number }).__hydratedAt = performance.now();
        observer.disconnect();
      }
    }).observe(document, { subtree: true, attributes: true, attributeFilter: ["data-hydrated"] });
  });
  const chunks = watchChunks(page);
  await login(page, "petrova", "/board");
  await hydrated(page);
  await expect(page.locator(".case-card").first()).toBeVisible();
  const beforeInteractive = await page.evaluate(() =>
    performance
      .getEntriesByType("resource")
      .filter((e) => /\/pkg\/(split|chunk)_.*\.wasm$/.test(new URL(e.name).pathname))
      .filter((e) => e.startTime < (window as unknown as { __hydratedAt: number }).__hydratedAt)
      .map((e) => e.name),
  );
  expect(beforeInteractive, "the board becomes interactive without the code of other pages").toEqual([]);

  // Then, in the background, the pages of a working day: a case opened from the board needs
  // nothing more from the network.
  await expect(page.locator("body[data-day-preloaded=true]")).toHaveCount(1, { timeout: 30_000 });
  expect(chunks.length, "the day's pages are fetched after the board is interactive").toBeGreaterThan(0);
  chunks.length = 0;
  await page.locator(".case-card .card-title").first().click();
  await expect(page).toHaveURL(/\/cases\/[^/]+$/);
  await expect(page.getByTestId("case-stage")).toBeVisible();
  expect(chunks, "the case page's code was already there").toEqual([]);
  await page.goBack();
  await expect(page.locator(".case-card").first()).toBeVisible();

  // From the board by the app's own link: the page's chunk is fetched and the page works.
  await page.getByRole("link", { name: "Карта ресурсов" }).first().click();
  await expect(page).toHaveURL(/\/resources/);
  await expect(page.getByRole("heading", { name: "Карта ресурсов территории" })).toBeVisible();
  expect(chunks.length, "the resource map's chunk is fetched when it is opened").toBeGreaterThan(0);
  const fetched = [...new Set(chunks)];

  // By its address: the page hydrates with its chunk, and the map draws its partners.
  chunks.length = 0;
  await page.goto("/resources?tab=map");
  await hydrated(page);
  await expect(page.locator(".resource-map .leaflet-interactive").first()).toBeVisible();
  expect(chunks.length).toBeGreaterThan(0);
  await page.screenshot({ path: "test-results/lazy-resources-map.png" });

  // An installed app keeps every page's chunk for the road: the service worker lists them.
  const worker = await (await page.request.get("/sw.js")).text();
  for (const chunk of fetched) expect(worker).toContain(`"${chunk}"`);
});

test("журнал аудита открывается по адресу и работает: код администрирования приходит одним куском", async ({
  page,
}) => {
  const chunks = watchChunks(page);
  await login(page, "admin", "/audit");
  await hydrated(page);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Журнал аудита");
  await expect(page.locator("table.audit-table tbody tr").first()).toBeVisible();
  expect(chunks.some((c) => /split_office\./.test(c)), `the administration's chunk among ${chunks.join(", ")}`).toBe(
    true,
  );

  // The calendar is in the same area: it opens from the menu with no more code to fetch.
  chunks.length = 0;
  await page.getByRole("link", { name: "Календарь", exact: true }).first().click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Производственный календарь");
  expect(chunks, "the calendar's code came with the audit's").toEqual([]);
});

test("без связи страница, которой ещё нет на устройстве, говорит об этом, а приложение работает дальше", async ({
  page,
}) => {
  await login(page, "petrova", "/board");
  await hydrated(page);
  await expect(page.locator(".case-card").first()).toBeVisible();

  // The signal drops while the resource map's code is on its way.
  await page.route(/\/pkg\/(split|chunk)_.*\.wasm$/, async (route) => {
    await new Promise((r) => setTimeout(r, 1_500));
    await route.abort("internetdisconnected").catch(() => {});
  });
  await page.getByRole("link", { name: "Карта ресурсов" }).first().click();
  await expect(page.locator(".route-progress.active"), "the wait is visible").toBeVisible();
  await expect(page.getByTestId("page-code-missing")).toBeVisible();
  await expect(page.getByTestId("page-code-missing")).toContainText("Нет связи с сервером");
  await page.screenshot({ path: "test-results/lazy-no-connection.png" });
  await expect(page.locator(".route-progress.active")).toHaveCount(0);

  // The app did not stop: the board opens from the menu as before.
  await page.goBack();
  await expect(page.locator(".case-card").first()).toBeVisible();

  // Tried again with no signal: the same message, nothing stops.
  await page.getByRole("link", { name: "Карта ресурсов" }).first().click();
  await expect(page.getByTestId("page-code-missing")).toBeVisible();

  // The signal is back: «Повторить» fetches the page afresh.
  await page.unrouteAll({ behavior: "ignoreErrors" });
  await page.getByRole("button", { name: "Повторить" }).click();
  await hydrated(page);
  await expect(page.getByRole("heading", { name: "Карта ресурсов территории" })).toBeVisible();
});
