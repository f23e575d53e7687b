import { defineConfig, devices } from "@playwright/test";
import { SHARED_PORT } from "./support/server";

// Debian's Chromium; Playwright's own browser downloads are not used.
const chromium = process.env.OPORA_CHROMIUM ?? "/usr/bin/chromium";
const launchOptions = {
  executablePath: chromium,
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
  ],
};

export default defineConfig({
  testDir: "./tests",
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [["list"]],
  outputDir: "test-results",
  globalSetup: "./support/global-setup.ts",
  globalTeardown: "./support/global-teardown.ts",
  use: {
    baseURL: `http://127.0.0.1:${SHARED_PORT}`,
    locale: "ru-RU",
    timezoneId: "Asia/Yekaterinburg",
    screenshot: "only-on-failure",
    // The service worker (offline work) is tested on its own in offline.spec.ts; elsewhere it
    // would answer for a server the tests stop and start.
    serviceWorkers: "block",
    trace: "retain-on-failure",
    launchOptions,
  },
  projects: [
    {
      name: "desktop",
      use: { ...devices["Desktop Chrome"], launchOptions },
      // What a caseworker or dispatcher does on a tablet (tagged @tablet) runs on the tablet,
      // where it happens; the desktop runs the rest: the head's board, reports, administration.
      grepInvert: /@tablet/,
    },
    {
      name: "tablet",
      use: { ...devices["Galaxy Tab S4"], launchOptions },
      grep: /@tablet/,
    },
  ],
});
