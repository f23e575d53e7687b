// The board on a tablet in a village: how long until a supervisor can drag a card, with the
// processor slowed 4× and a «Fast 3G» connection (DevTools' preset: 562.5 ms round trip,
// 1.44 Mbit/s down, 675 kbit/s up). Also the size of the client bundle, raw and compressed.
//
//   node end2end/perf/tti.mjs
//     OPORA_URL       the running server (default http://127.0.0.1:3300)
//     OPORA_LOGIN     a supervisor (default morozova), OPORA_PASSWORD (default: the demo password)
//     OPORA_PAGE      the page to open (default /board)
//     RUNS            loads of each kind (default 3)
//     OPORA_PKG       the built client files to size (default target/site/pkg)
//     OPORA_CHROMIUM  the browser (default /usr/bin/chromium)
//     SCREENSHOT      a file for a picture of the board once interactive (checked by eye)
//     DEBUG=1         print the pages' console, answers and failed requests
//     IDENTITY=1      ask for uncompressed answers (Accept-Encoding: identity), to see what
//                     compression saves
//     OPORA_SERVER_PID  the server's process: given, the last measurement stops it and starts
//                     `/visits` of a caseworker (OPORA_CASEWORKER, default petrova) from the
//                     tablet with no connection, as the service worker keeps it
//
// «Interactive» is the moment the WASM has hydrated the page (body[data-hydrated=true]): from
// then on clicks and drags reach the app. A first visit has an empty cache; a daily visit has
// the bundle in the browser's cache, as a tablet would. Both go over the network with the
// service worker blocked (its own requests escape the page's throttling, and a first visit has
// none yet); the offline start is the service worker's. A first visit then also waits for the
// pages of a working day that the app fetches in the background once it is idle
// (body[data-day-preloaded]) and reports when they were in and what had come by then.

import { chromium } from "@playwright/test";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";

const base = process.env.OPORA_URL ?? "http://127.0.0.1:3300";
const login = process.env.OPORA_LOGIN ?? "morozova";
const password = process.env.OPORA_PASSWORD ?? "Демо-пароль-2026!";
const target = process.env.OPORA_PAGE ?? "/board";
const runs = Number(process.env.RUNS ?? 3);
const pkg = process.env.OPORA_PKG ?? "target/site/pkg";

const FAST_3G = {
  offline: false,
  latency: 562.5,
  downloadThroughput: (1.6 * 1000 * 1000 * 0.9) / 8,
  uploadThroughput: (750 * 1000 * 0.9) / 8,
};

function bundleSizes() {
  const rows = [];
  for (const name of readdirSync(pkg).sort()) {
    const path = join(pkg, name);
    // The compressed copies and wasm-bindgen's type declarations are not what a browser loads.
    if (!statSync(path).isFile() || /\.(gz|br)$/.test(name) || /\.d\..*ts$/.test(name)) continue;
    const bytes = readFileSync(path);
    rows.push({
      file: name,
      raw: bytes.length,
      gzip: gzipSync(bytes, { level: 9 }).length,
      brotli: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
    });
  }
  return rows;
}

const fmt = (n) => n.toLocaleString("ru-RU");
const ms = (n) => (n == null ? "—" : `${Math.round(n).toLocaleString("ru-RU")}`);

/** Loads `target` in a new page of `context` until it is interactive. */
async function measure(context, cold, where = target, { background = false } = {}) {
  const page = await context.newPage();
  if (process.env.DEBUG) {
    page.on("console", (m) => console.log("console:", m.text()));
    page.on("response", (r) => console.log("response:", r.status(), r.url(), r.fromServiceWorker()));
    page.on("requestfailed", (r) => console.log("failed:", r.url(), r.failure()?.errorText));
  }
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  if (process.env.IDENTITY === "1") await cdp.send("Network.setExtraHTTPHeaders", { headers: { "Accept-Encoding": "identity" } });
  if (cold) await cdp.send("Network.clearBrowserCache");
  await cdp.send("Network.emulateNetworkConditions", FAST_3G);
  await cdp.send("Emulation.setCPUThrottlingRate", { rate: 4 });
  let wire = 0;
  cdp.on("Network.loadingFinished", (e) => (wire += e.encodedDataLength));
  await page.goto(where, { waitUntil: "commit", timeout: 180_000 });
  await page.waitForSelector("body[data-hydrated=true]", { state: "attached", timeout: 180_000 });
  const figures = await page.evaluate(() => {
    const nav = performance.getEntriesByType("navigation")[0];
    const paint = performance.getEntriesByName("first-contentful-paint")[0];
    return {
      html: nav?.responseEnd,
      fcp: paint?.startTime,
      interactive: window.__hydratedAt ?? performance.now(),
      cards: document.querySelectorAll(".case-card").length,
      offline: document.querySelector("[data-testid=offline-banner]")?.textContent?.trim() ?? null,
    };
  });
  if (process.env.SCREENSHOT) await page.screenshot({ path: process.env.SCREENSHOT });
  const interactiveWire = wire;
  // The pages of a working day follow in the background once the page is interactive.
  let day = null;
  if (background) {
    await page.waitForSelector("body[data-day-preloaded=true]", { state: "attached", timeout: 600_000 });
    day = { at: await page.evaluate(() => performance.now()), wire };
  }
  await page.close();
  return { ...figures, wire: interactiveWire, day };
}

const browser = await chromium.launch({
  executablePath: process.env.OPORA_CHROMIUM ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"],
});
/** A 10-inch tablet held landscape, signed in as `who` on `next`. */
async function tablet(serviceWorkers, who, next) {
  const context = await browser.newContext({
    baseURL: base,
    viewport: { width: 1280, height: 800 },
    deviceScaleFactor: 1.5,
    hasTouch: true,
    locale: "ru-RU",
    // The service worker keeps today's list under the tablet's date; Chromium does not always
    // emulate a time zone for a worker, so with one the page and the worker may disagree on the
    // date near midnight. The offline start runs in the machine's own zone.
    ...(serviceWorkers === "block" ? { timezoneId: "Asia/Yekaterinburg" } : {}),
    serviceWorkers,
  });
  // The moment hydration marks the body, taken by the page itself.
  await context.addInitScript(() => {
    new MutationObserver((_, observer) => {
      if (document.body?.dataset.hydrated === "true") {
        window.__hydratedAt = performance.now();
        observer.disconnect();
      }
    }).observe(document, { subtree: true, attributes: true, attributeFilter: ["data-hydrated"] });
  });
  const signIn = await context.newPage();
  await signIn.goto(`/login?next=${encodeURIComponent(next)}`);
  await signIn.getByLabel("Логин").fill(who);
  await signIn.getByLabel("Пароль").fill(password);
  await signIn.getByRole("button", { name: "Войти" }).click();
  await signIn.waitForURL((url) => !url.pathname.startsWith("/login"), { timeout: 60_000 });
  return { context, signIn };
}

try {
  const results = [];
  const online = await tablet("block", login, target);
  await online.signIn.close();
  for (let i = 0; i < runs; i++) {
    results.push({ kind: "первый визит (пустой кэш)", ...(await measure(online.context, true, target, { background: true })) });
    results.push({ kind: "повторный визит (файлы в кэше)", ...(await measure(online.context, false)) });
  }
  await online.context.close();

  const serverPid = Number(process.env.OPORA_SERVER_PID ?? 0);
  if (serverPid > 0) {
    // Online in the morning: the app installs itself and `/visits` keeps the day on the tablet.
    const field = await tablet("allow", process.env.OPORA_CASEWORKER ?? "petrova", "/visits");
    const { signIn } = field;
    await signIn.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
    await signIn.goto("/visits");
    await signIn.waitForSelector("body[data-hydrated=true]", { state: "attached", timeout: 60_000 });
    // Today's list is kept under `/visits?day=…`.
    const keptPages = () =>
      signIn.evaluate(async () => (await (await caches.open("opora-day-v1")).keys()).map((r) => r.url));
    const kept = async () => (await keptPages()).some((url) => new URL(url).pathname === "/visits");
    for (let i = 0; i < 100 && !(await kept()); i++) await signIn.waitForTimeout(200);
    if (!(await kept())) throw new Error("/visits was not kept on the tablet: no offline start to measure");
    if (process.env.DEBUG) console.log("kept:", await keptPages());
    await signIn.close();
    // In the village: the server is out of reach.
    process.kill(serverPid, "SIGTERM");
    for (let i = 0; i < 50; i++) {
      try {
        await fetch(`${base}/healthz`);
        await new Promise((r) => setTimeout(r, 200));
      } catch {
        break;
      }
    }
    await field.context.setOffline(true);
    for (let i = 0; i < runs; i++) {
      const r = await measure(field.context, false, "/visits");
      if (!r.offline) throw new Error("/visits opened offline without its «Нет связи» state");
      results.push({ kind: "/visits без связи (сервис-воркер)", ...r });
    }
    await field.context.close();
  }

  console.log(`\n${target} на планшете 1280×800: процессор замедлен в 4 раза, сеть «Fast 3G»; мс от начала перехода`);
  console.log(
    ["визит", "HTML", "первая отрисовка", "интерактивна", "передано, КБ", "карточек"]
      .map((h, i) => (i === 0 ? h.padEnd(32) : h.padStart(18)))
      .join(""),
  );
  for (const r of results) {
    console.log(
      [r.kind.padEnd(32), ms(r.html), ms(r.fcp), ms(r.interactive), fmt(Math.round(r.wire / 1024)), String(r.cards)]
        .map((c, i) => (i === 0 ? c : c.padStart(18)))
        .join(""),
    );
  }
  for (const r of results.filter((r) => r.day)) {
    console.log(
      `страницы рабочего дня догружены в фоне (${r.kind}): через ${ms(r.day.at)} мс, всего передано ${fmt(Math.round(r.day.wire / 1024))} КБ`,
    );
  }
  for (const kind of [...new Set(results.map((r) => r.kind))]) {
    const times = results.filter((r) => r.kind === kind).map((r) => r.interactive).sort((a, b) => a - b);
    console.log(`медиана «интерактивна», ${kind}: ${ms(times[Math.floor(times.length / 2)])} мс`);
  }
} finally {
  await browser.close();
}

try {
  // The chunks of the pages loaded when first opened (a build with `--split`) are many small
  // files: summed up in one line, and the whole client in another.
  const rows = bundleSizes();
  const lazy = rows.filter((r) => /^(split|chunk)_/.test(r.file));
  const sum = (list, label) => ({
    file: label,
    raw: list.reduce((n, r) => n + r.raw, 0),
    gzip: list.reduce((n, r) => n + r.gzip, 0),
    brotli: list.reduce((n, r) => n + r.brotli, 0),
  });
  const shown = rows.filter((r) => !lazy.includes(r));
  if (lazy.length) shown.push(sum(lazy, `страницы по требованию: ${lazy.length} файлов`));
  shown.push(sum(rows, "весь клиент"));
  console.log(`\nКлиентские файлы (${pkg}), байт`);
  console.log(["файл".padEnd(44), "как есть".padStart(12), "gzip -9".padStart(12), "brotli 11".padStart(12)].join(""));
  for (const r of shown) {
    console.log([r.file.padEnd(44), fmt(r.raw).padStart(12), fmt(r.gzip).padStart(12), fmt(r.brotli).padStart(12)].join(""));
  }
} catch (e) {
  console.log(`Размеры файлов не прочитаны (${pkg}): ${e.message}`);
}
