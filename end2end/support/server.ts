// Starts the real `opora` binary on a fresh temporary data directory.
import { spawn, spawnSync, ChildProcess } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

export const SHARED_PORT = Number(process.env.OPORA_E2E_PORT ?? 3210);
export const DEMO_PASSWORD = "Демо-пароль-2026!";
const root = path.resolve(__dirname, "..", "..");
const targetDir = process.env.CARGO_TARGET_DIR ?? path.join(root, "target");
export const BINARY = process.env.OPORA_BIN ?? path.join(targetDir, "debug", "opora");
// cargo-leptos writes the site under the workspace (site-root = "target/site"), whatever
// CARGO_TARGET_DIR says.
export const SITE_ROOT = process.env.OPORA_SITE_ROOT ?? path.join(root, "target", "site");

export interface ServerOptions {
  port: number;
  dataDir?: string;
  env?: Record<string, string>;
  /** Fill the database with the demo department before serving. */
  seed?: boolean;
  entries?: number;
}

export interface RunningServer {
  url: string;
  dataDir: string;
  process: ChildProcess;
  /** Everything the server wrote to stdout and stderr so far. */
  log(): string;
  /** Stops the server; throws when its log shows a panic (a test run must not hide one). */
  stop(): Promise<void>;
}

/** Lines of a server log that report a panic, with the line after each (the message). */
export function panicsIn(log: string): string[] {
  const lines = log.split("\n");
  const found: string[] = [];
  lines.forEach((line, i) => {
    if (line.includes("panicked at")) found.push([line, lines[i + 1] ?? ""].join("\n").trim());
  });
  return found;
}

/** Keeps the server's log beside the test results, and fails when it shows a panic. */
function checkLog(port: number, log: string) {
  const dir = path.join(__dirname, "..", "test-results");
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, `server-${port}.log`), log);
  const panics = panicsIn(log);
  if (panics.length > 0) {
    throw new Error(`the server on port ${port} panicked ${panics.length} time(s):\n${panics.join("\n---\n")}`);
  }
}

function environment(dataDir: string, port: number, extra: Record<string, string> = {}) {
  return {
    ...process.env,
    OPORA_DATA_DIR: dataDir,
    OPORA_ADDR: `127.0.0.1:${port}`,
    OPORA_SITE_ROOT: SITE_ROOT,
    OPORA_DEMO_PASSWORD: DEMO_PASSWORD,
    OPORA_LOG: process.env.OPORA_LOG ?? "warn",
    ...extra,
  };
}

export function freshDataDir(): string {
  return mkdtempSync(path.join(tmpdir(), "opora-e2e-"));
}

export function seed(dataDir: string, entries = 120): void {
  const result = spawnSync(BINARY, ["seed-demo"], {
    env: { ...environment(dataDir, 0), OPORA_DEMO_ENTRIES: String(entries) },
    encoding: "utf-8",
  });
  if (result.status !== 0) {
    throw new Error(`seed-demo failed (${result.status}): ${result.stderr}`);
  }
}

async function waitHealthy(url: string, child: ChildProcess, output: () => string) {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`opora exited with ${child.exitCode}: ${output()}`);
    }
    try {
      const response = await fetch(`${url}/healthz`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`opora did not become healthy at ${url}: ${output()}`);
}

/**
 * The demo department seeded once for the run (by the global setup, before the shared server
 * opens it) and copied for each test that needs a server of its own: seeding takes about a
 * minute on two cores, a copy a second.
 */
const TEMPLATE_ENV = "OPORA_E2E_TEMPLATE";

export function seedTemplate(dataDir: string) {
  const template = freshDataDir();
  cpSync(dataDir, template, { recursive: true });
  process.env[TEMPLATE_ENV] = template;
  return template;
}

function seededCopy(dataDir: string): boolean {
  const template = process.env[TEMPLATE_ENV];
  if (!template || !existsSync(template)) return false;
  cpSync(template, dataDir, { recursive: true });
  return true;
}

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const dataDir = options.dataDir ?? freshDataDir();
  if (options.seed && !seededCopy(dataDir)) seed(dataDir, options.entries);
  const child = spawn(BINARY, ["serve"], {
    env: environment(dataDir, options.port, options.env),
    stdio: ["ignore", "pipe", "pipe"],
  });
  let log = "";
  child.stdout?.on("data", (chunk) => (log += chunk));
  child.stderr?.on("data", (chunk) => (log += chunk));
  const url = `http://127.0.0.1:${options.port}`;
  await waitHealthy(url, child, () => log);
  return {
    url,
    dataDir,
    process: child,
    log: () => log,
    stop: async () => {
      await new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      });
      checkLog(options.port, log);
    },
  };
}

export function removeDataDir(dataDir: string) {
  rmSync(dataDir, { recursive: true, force: true });
}
