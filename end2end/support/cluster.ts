// A SurrealDB server (the workspace's `opora-db`) and Опора nodes against it, as
// scripts/cluster.sh starts them, on temporary directories.
import { spawn, spawnSync, ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { BINARY, freshDataDir, removeDataDir, RunningServer, startServer, DEMO_PASSWORD } from "./server";

const DB_BINARY = process.env.OPORA_DB_BIN ?? path.join(path.dirname(BINARY), "opora-db");

export interface DatabaseServer {
  url: string;
  process: ChildProcess;
  log(): string;
  stop(): Promise<void>;
}

/** Starts the database server on `port` with its data in `dir` (SurrealKV). */
export async function startDatabase(port: number, dir: string, rootPass: string): Promise<DatabaseServer> {
  const child = spawn(DB_BINARY, ["start", "--bind", `127.0.0.1:${port}`, `surrealkv://${path.join(dir, "db")}`], {
    env: { ...process.env, SURREAL_USER: "root", SURREAL_PASS: rootPass, SURREAL_NO_BANNER: "true", SURREAL_LOG: "warn" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let log = "";
  child.stdout?.on("data", (chunk) => (log += chunk));
  child.stderr?.on("data", (chunk) => (log += chunk));
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`opora-db exited with ${child.exitCode}: ${log}`);
    try {
      if ((await fetch(`http://127.0.0.1:${port}/health`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`opora-db did not answer: ${log}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    url: `ws://127.0.0.1:${port}`,
    process: child,
    log: () => log,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}

export interface Cluster {
  database: DatabaseServer;
  /** Stops the database server and starts it again on its data, as after a crash or an update. */
  restartDatabase(): Promise<void>;
  nodes: RunningServer[];
  /** The environment a node of this cluster runs with. */
  env: Record<string, string>;
  dir: string;
  stop(): Promise<void>;
}

/**
 * A database server with Опора's own database user, the demo department, and two nodes on
 * `nodePorts` sharing one files directory, live updates from `live`.
 */
export async function startCluster(dbPort: number, nodePorts: number[], live = "changefeed"): Promise<Cluster> {
  const dir = freshDataDir();
  const rootPass = randomBytes(16).toString("hex");
  const database = await startDatabase(dbPort, dir, rootPass);
  const env: Record<string, string> = {
    OPORA_DB: database.url,
    OPORA_DB_USER: "opora",
    OPORA_DB_PASS: randomBytes(16).toString("hex"),
    OPORA_LIVE: live,
    OPORA_LIVE_POLL_MS: "150",
  };
  const files = path.join(dir, "files");
  const run = (args: string[], extra: Record<string, string> = {}) => {
    const result = spawnSync(BINARY, args, {
      env: { ...process.env, ...env, ...extra, OPORA_DATA_DIR: files, OPORA_DEMO_PASSWORD: DEMO_PASSWORD, OPORA_DEMO_ENTRIES: "20" },
      encoding: "utf-8",
    });
    if (result.status !== 0) throw new Error(`opora ${args.join(" ")} failed (${result.status}): ${result.stderr}`);
  };
  run(["db-user"], { OPORA_DB_ROOT_PASS: rootPass });
  run(["seed-demo"]);
  const nodes: RunningServer[] = [];
  for (const port of nodePorts) nodes.push(await startServer({ port, dataDir: files, env }));
  const cluster: Cluster = {
    database,
    nodes,
    env,
    dir,
    restartDatabase: async () => {
      await cluster.database.stop();
      cluster.database = await startDatabase(dbPort, dir, rootPass);
    },
    stop: async () => {
      for (const node of nodes) await node.stop();
      await cluster.database.stop();
      removeDataDir(dir);
    },
  };
  return cluster;
}
