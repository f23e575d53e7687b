// Опора's service worker: a tablet that drives out of the network still opens the day's work.
//
// * The app itself (its script, WebAssembly, styles, the map's scripts) is kept on the device
//   and served from there when the network does not answer. Online, everything is asked from
//   the server first, so a new version is used as soon as it is deployed.
// * The caseworker's day goes with the tablet: when `/visits` is opened online, the page is kept
//   together with the pages of the families on it (the case and its act), today's and
//   tomorrow's. With no connection these pages open as they were last seen, marked with that
//   time («Нет связи — данные на …»); what is typed in them is kept by the page itself until it
//   can be sent.
// * Kept pages are this account's only: they are dropped when someone signs in or out, when the
//   tablet locks itself, and when they are older than a day and a half.
// * Nothing else is kept: other pages, answers of the server and files always come from the
//   network.

// The server sends this script (`GET /sw.js`) with the bundle's content-hashed file names in
// APP_FILES and the version in APP_CACHE: a new version is a new script, installed in the
// background, and its cache replaces the files the previous one kept. In a build with `--split`
// the server lists there the chunks of the pages loaded when first opened as well: the installed
// app fetches them in the background and opens every page with no connection.
const APP_CACHE = "opora-app-v1";
const DAY_CACHE = "opora-day-v1";

const APP_FILES = [
  "/pkg/opora.js",
  "/pkg/opora.wasm",
  "/pkg/opora.css",
  "/favicon.svg",
  "/vendor/leaflet/leaflet.js",
  "/vendor/leaflet/leaflet.css",
  "/map/opora-map.js",
  "/map/opora-map.css",
  // LAZY_FILES
];

// A kept page older than this is dropped: the visit it was for is past.
const DAY_PAGE_LIFETIME_MS = 36 * 3600 * 1000;
// Requests that change who is signed in: the kept pages of the previous account go.
const ACCOUNT_CHANGES = ["/api/auth/login", "/api/auth/logout", "/api/auth/logout_everywhere", "/api/auth/lock"];
// The pages kept for the day: the list of visits, a case, its act (not the forms of a new case).
const DAY_PAGE = /^\/(visits|cases\/(?!new$|attach$)[a-z0-9]+(\/act)?)$/;
const SAVED_AT = "x-opora-saved-at";

// Raised at every change of account: a page still on its way for the previous account (the day
// being taken in the background) is not kept once it arrives.
let account = 0;

self.addEventListener("install", (event) => {
  // Each file on its own: one missing file (a map not built) does not stop the rest.
  event.waitUntil(
    caches
      .open(APP_CACHE)
      .then((cache) => Promise.all(APP_FILES.map((file) => cache.add(file).catch(() => undefined))))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) =>
        Promise.all(names.filter((n) => n.startsWith("opora-") && n !== APP_CACHE && n !== DAY_CACHE).map((n) => caches.delete(n))),
      )
      .then(pruneDay)
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("message", (event) => {
  if (event.data === "forget-day") {
    account += 1;
    event.waitUntil(caches.delete(DAY_CACHE));
  }
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;

  if (request.method === "POST" && ACCOUNT_CHANGES.includes(url.pathname)) {
    account += 1;
    event.waitUntil(caches.delete(DAY_CACHE));
    return;
  }
  if (request.method !== "GET") return;

  if (request.mode === "navigate") {
    event.respondWith(page(event, url));
  } else if (APP_FILES.includes(url.pathname)) {
    event.respondWith(appFile(event, url));
  }
});

/** An app file: from the network (kept up to date on the device meanwhile, without making the
 * page wait for it), from the device offline. */
async function appFile(event, url) {
  const cache = await caches.open(APP_CACHE);
  try {
    const response = await fetch(event.request);
    if (response.ok) event.waitUntil(cache.put(url.pathname, response.clone()));
    return response;
  } catch (offline) {
    const kept = await cache.match(url.pathname);
    if (kept) return kept;
    throw offline;
  }
}

/** A page: from the network; a day page is kept as it came; offline, the kept one. */
async function page(event, url) {
  const dayPage = DAY_PAGE.test(url.pathname);
  try {
    const response = await fetch(event.request);
    if (dayPage && response.ok && !response.redirected) {
      const copy = response.clone();
      const owner = account;
      event.waitUntil(
        keep(dayKey(url), copy, owner).then((saved) =>
          url.pathname === "/visits" ? takeTheDay(saved, owner) : undefined,
        ),
      );
    }
    return response;
  } catch (offline) {
    if (dayPage) {
      const kept = await keptPage(url);
      if (kept) return kept;
    }
    return offlinePage(dayPage);
  }
}

/** The key a day page is kept under: `/visits` is today's list. */
function dayKey(url) {
  if (url.pathname === "/visits" && !url.searchParams.get("day") && !url.searchParams.get("who")) {
    return `/visits?day=${localDay(0)}`;
  }
  return url.pathname + url.search;
}

async function keptPage(url) {
  const cache = await caches.open(DAY_CACHE);
  const kept = await cache.match(dayKey(url));
  if (!kept) return undefined;
  const savedAt = Number(kept.headers.get(SAVED_AT) ?? 0);
  if (Date.now() - savedAt > DAY_PAGE_LIFETIME_MS) {
    await cache.delete(dayKey(url));
    return undefined;
  }
  // The page learns when it was kept from a tag at the top of its head (read by the frame's
  // offline notice); the rest of the page is as the server sent it.
  const html = (await kept.text()).replace(
    "<head>",
    `<head><meta name="opora-saved-at" content="${new Date(savedAt).toISOString()}">`,
  );
  return new Response(html, { status: 200, headers: kept.headers });
}

/** Keeps a page with the time it was kept, unless the account changed since it was asked for
 * (`owner`); its text (for the links of a list of visits). */
async function keep(key, response, owner) {
  const html = await response.text();
  if (owner !== account) return html;
  const headers = new Headers(response.headers);
  headers.set(SAVED_AT, String(Date.now()));
  const cache = await caches.open(DAY_CACHE);
  // Asked again: the account may have changed while the cache was being opened.
  if (owner === account) await cache.put(key, new Response(html, { status: 200, headers }));
  return html;
}

/** The families of today's list (and of tomorrow's): their cases and acts, kept for the road. */
async function takeTheDay(todayHtml, owner) {
  const pages = new Set(linksOf(todayHtml));
  const tomorrow = `/visits?day=${localDay(1)}`;
  try {
    const response = await fetch(tomorrow, { credentials: "same-origin" });
    if (response.ok && !response.redirected) {
      for (const link of linksOf(await keep(tomorrow, response, owner))) pages.add(link);
    }
  } catch (offline) {
    return;
  }
  for (const link of pages) {
    try {
      const response = await fetch(link, { credentials: "same-origin" });
      if (owner !== account) return;
      if (response.ok && !response.redirected) await keep(link, response, owner);
    } catch (offline) {
      return;
    }
  }
  await pruneDay();
}

function linksOf(html) {
  const found = [];
  for (const match of html.matchAll(/href="(\/cases\/[a-z0-9]+(?:\/act)?)"/g)) {
    if (DAY_PAGE.test(match[1])) found.push(match[1]);
  }
  return found;
}

/** Drops the kept pages whose day is past. */
async function pruneDay() {
  const cache = await caches.open(DAY_CACHE);
  for (const request of await cache.keys()) {
    const kept = await cache.match(request);
    const savedAt = Number(kept?.headers.get(SAVED_AT) ?? 0);
    if (Date.now() - savedAt > DAY_PAGE_LIFETIME_MS) await cache.delete(request);
  }
}

/** The tablet's date `plus` days from today, «YYYY-MM-DD». */
function localDay(plus) {
  const d = new Date();
  d.setDate(d.getDate() + plus);
  const pad = (n) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

function offlinePage(dayPage) {
  const what = dayPage
    ? "Эта страница не сохранялась на планшете: без связи открываются список визитов и страницы семей из него, если список открывали сегодня при связи."
    : "Без связи открываются список визитов и страницы семей из него, если список открывали сегодня при связи.";
  const html = `<!DOCTYPE html><html lang="ru"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Нет связи — Опора</title>
<link rel="stylesheet" href="/pkg/opora.css"></head>
<body><main class="offline-page"><h1>Нет связи с сервером</h1><p>${what}</p>
<p><a class="btn btn-primary" href="/visits">Визиты на сегодня</a></p></main></body></html>`;
  return new Response(html, { status: 503, headers: { "content-type": "text/html; charset=utf-8" } });
}
