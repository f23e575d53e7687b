import { test, expect, Page } from "@playwright/test";
import { login } from "../support/session";
import { hydrated } from "../support/journal";

// The pages a caseworker seldom opens are chunks of their own (app/src/lazy_pages.rs): the
// first load of the board does not carry them, and each comes when its page is first opened —
// by a link in the app or by its address.

/** The chunks of lazily loaded pages the browser fetched, by path. */
function watchChunks(page: Page): string[] {
  const chunks: string[] = [];
  page.on("request", (request) => {
    const path = new URL(request.url()).pathname;
    if (/^\/pkg\/(split|chunk)_.*\.wasm$/.test(path)) chunks.push(path);
  });
  return chunks;
}

test("карта ресурсов загружается, когда её открывают, а доска приходит без неё", async ({ page }) => {
  const chunks = watchChunks(page);
  await login(page, "petrova", "/board");
  await hydrated(page);
  await expect(page.locator(".case-card").first()).toBeVisible();
  expect(chunks, "the board comes with the first load, without other pages").toEqual([]);

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

test("журнал аудита открывается по адресу и работает: его код приходит отдельно", async ({ page }) => {
  const chunks = watchChunks(page);
  await login(page, "admin", "/audit");
  await hydrated(page);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Журнал аудита");
  await expect(page.locator("table.audit-table tbody tr").first()).toBeVisible();
  expect(chunks.some((c) => c.includes("audit")), `the audit's chunk among ${chunks.join(", ")}`).toBe(true);
});
