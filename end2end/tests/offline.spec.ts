import { test, expect, BrowserContext, Page } from "@playwright/test";
import { login } from "../support/session";
import { hydrated, uniqueSurname } from "../support/journal";
import { createCase } from "../support/cases";
import { BINARY, removeDataDir, RunningServer, SITE_ROOT, startServer } from "../support/server";
import { copyFileSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";

// A server of its own, stopped to take the connection away: the browser's offline emulation
// does not reach the service worker's own requests. The other specs run without the service
// worker; this one is about it.
const PORT = 3292;
test.use({ serviceWorkers: "allow", baseURL: `http://127.0.0.1:${PORT}` });

const DAY_CACHE = "opora-day-v1";

/** «YYYY-MM-DDTHH:MM» of today in the institution's time zone (UTC+5). */
function todayAt(hour: number): string {
  const local = new Date(Date.now() + 5 * 3_600_000).toISOString().slice(0, 10);
  return `${local}T${String(hour).padStart(2, "0")}:00`;
}

test.describe("Без связи", () => {
  test("открытая весь день страница предлагает обновиться до новой версии, введённое не теряется", async ({ page }) => {
    test.setTimeout(120_000);
    const server = await startServer({ port: PORT, seed: true });
    // Puts the bundle back as it was built.
    let deployed = () => {};
    try {
      await login(page, "petrova", "/visits");
      await page.evaluate(async () => {
        await navigator.serviceWorker.ready;
      });
      const id = await createCase(page, { title: `Семья ${uniqueSurname("Обновлёновых")}`, curator: "Петрова Анна Сергеевна" });
      // The page notes the version it runs as soon as it is interactive.
      const stamped = page.waitForResponse((r) => new URL(r.url()).pathname === "/version");
      await page.goto(`/cases/${id}/act`);
      await hydrated(page);
      await stamped;
      await page.getByLabel("Комнат", { exact: true }).fill("4");
      await expect(page.getByTestId("new-version")).toHaveCount(0);
      // A new version is deployed while the act is open: the bundle's WebAssembly gets a new
      // content-hashed name (listed in hash.txt beside the server binary); the tablet wakes up
      // or finds the connection again and asks.
      const hashFile = path.join(path.dirname(BINARY), "hash.txt");
      const listed = readFileSync(hashFile, "utf8");
      const wasmHash = /^wasm:\s*(\S+)/m.exec(listed)?.[1];
      expect(wasmHash, "the bundle is built with hashed names").toBeTruthy();
      const newHash = `next${Date.now().toString(36)}`;
      const newWasm = path.join(SITE_ROOT, "pkg", `opora.${newHash}.wasm`);
      copyFileSync(path.join(SITE_ROOT, "pkg", `opora.${wasmHash}.wasm`), newWasm);
      writeFileSync(hashFile, listed.replace(`wasm: ${wasmHash}`, `wasm: ${newHash}`));
      deployed = () => {
        writeFileSync(hashFile, listed);
        rmSync(newWasm, { force: true });
      };
      await page.evaluate(() => window.dispatchEvent(new Event("online")));
      const notice = page.getByTestId("new-version");
      await expect(notice).toContainText("Доступна новая версия Опоры");
      await page.screenshot({ path: "test-results/new-version.png" });
      await notice.getByRole("button", { name: "Обновить" }).click();
      await hydrated(page);
      await expect(page.getByTestId("new-version")).toHaveCount(0);
      await expect(page.getByLabel("Комнат", { exact: true })).toHaveValue("4");
    } finally {
      deployed();
      await server.stop();
      removeDataDir(server.dataDir);
    }
  });

  test("планшет без связи открывает визиты дня, карточку семьи и акт; введённое остаётся; после выхода ничего не остаётся @tablet", async ({
    page,
    context,
  }) => {
    test.setTimeout(180_000);
    let server: RunningServer = await startServer({ port: PORT, seed: true });
    try {
      await offlineDay(page, context, async (up) => {
        if (up) {
          server = await startServer({ port: PORT, dataDir: server.dataDir });
        } else {
          await server.stop();
        }
      });
    } finally {
      await server.stop();
      removeDataDir(server.dataDir);
    }
  });
});

/** The connection of the tablet: `false` takes it away (the server is gone, and the browser says
 * it is offline), `true` brings it back. */
type Connection = (up: boolean) => Promise<void>;

async function offlineDay(page: Page, context: BrowserContext, serverUp: Connection) {
  const connection = async (up: boolean) => {
    if (up) {
      await serverUp(true);
      await context.setOffline(false);
    } else {
      await context.setOffline(true);
      await serverUp(false);
    }
  };
  await login(page, "petrova", "/visits");
  // The app installs itself on the tablet with the first page (the service worker keeps its
  // files): waited for here, as the tablet would be online for it anyway.
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  const family = `Семья ${uniqueSurname("Дальних")}`;
  const id = await createCase(page, { title: family, curator: "Петрова Анна Сергеевна" });
  await page.goto(`/cases/${id}`);
  await hydrated(page);
  const block = page.getByTestId("case-visits");
  await block.getByLabel("Когда").fill(todayAt(15));
  await block.getByRole("button", { name: "Запланировать выезд" }).click();
  await expect(block).toContainText("Запланирован");

  // Online in the morning: the list of visits is opened once the app is installed on the tablet.
  await page.goto("/visits");
  await hydrated(page);
  await expect(page.locator(".visit-list > li").filter({ hasText: family })).toBeVisible();
  const kept = (path: string) =>
    page.evaluate(
      async ({ cache, path }) => !!(await (await caches.open(cache)).match(path)),
      { cache: DAY_CACHE, path },
    );
  await expect.poll(() => kept(`/cases/${id}/act`), { timeout: 20_000 }).toBe(true);
  await expect.poll(() => kept(`/cases/${id}`)).toBe(true);

  // In the village: no connection. The day's list opens, marked with when it was kept.
  await connection(false);
  await page.goto("/visits");
  await hydrated(page);
  await expect(page.getByTestId("offline-banner")).toContainText(/Нет связи — данные на \d{2}\.\d{2}\.\d{4} \d{2}:\d{2}/);
  await expect(page.locator(".visit-list > li").filter({ hasText: family })).toBeVisible();
  await page.screenshot({ path: "test-results/offline-visits.png", fullPage: true });

  // The family's act opens and takes what is typed; it stays on the tablet over a reload.
  await page.goto(`/cases/${id}/act`);
  await hydrated(page);
  await expect(page.getByTestId("offline-banner")).toContainText("Нет связи — данные на");
  await page.getByLabel("Комнат", { exact: true }).fill("3");
  await page.getByLabel("Примечания").first().fill("Печь исправна, дымоход требует чистки");
  await page.screenshot({ path: "test-results/offline-act.png", fullPage: true });
  await page.reload();
  await hydrated(page);
  await expect(page.getByLabel("Комнат", { exact: true })).toHaveValue("3");
  await expect(page.getByLabel("Примечания").first()).toHaveValue("Печь исправна, дымоход требует чистки");

  // The stove is photographed with no connection: the photo waits on the tablet, shown as such,
  // and survives a reload.
  const png = Buffer.from(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==",
    "base64",
  );
  await page.getByTestId("photo-input").setInputFiles({ name: "pech.png", mimeType: "image/png", buffer: png });
  const waiting = page.getByTestId("photos-waiting");
  await expect(waiting.locator("li")).toHaveCount(1);
  await expect(waiting).toContainText("ждёт отправки");
  await expect(page.getByTestId("photo-note")).toContainText("Нет связи: фото ждут отправки на планшете (1)");
  await page.getByTestId("act-photos").screenshot({ path: "test-results/offline-photo.png" });
  await page.reload();
  await hydrated(page);
  await expect(page.getByTestId("photos-waiting").locator("li")).toHaveCount(1);
  const atCase = page.getByTestId("act-photos").locator("ul.photo-grid:not(.photo-waiting) img");
  await expect(atCase).toHaveCount(0);

  // Signing needs the server, and the page says so.
  await expect(page.getByText("Подписать можно сохранённый на сервере акт и только при связи")).toBeVisible();

  // Back in signal: the photo goes by itself and takes its place at the case.
  await connection(true);
  await expect(atCase).toHaveCount(1, { timeout: 40_000 });
  await expect(page.getByTestId("photos-waiting")).toHaveCount(0);
  await expect(page.getByTestId("photo-note")).toContainText("Отправлено фото: 1");
  await connection(false);

  // The case summary opens too; a page that was not kept says plainly what works offline.
  await page.goto(`/cases/${id}`);
  await hydrated(page);
  await expect(page.getByRole("heading", { level: 1 })).toContainText(family);
  await page.goto("/resources");
  await expect(page.getByRole("heading", { name: "Нет связи с сервером" })).toBeVisible();
  await expect(page.getByText("Без связи открываются список визитов")).toBeVisible();

  // Back in town: signing out removes the kept pages from the tablet.
  await connection(true);
  await page.goto("/visits");
  await hydrated(page);
  await page.getByRole("button", { name: "Выйти" }).first().click();
  await expect(page).toHaveURL(/\/login/);
  await expect.poll(() => kept(`/cases/${id}/act`)).toBe(false);
}
