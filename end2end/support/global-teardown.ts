import { removeDataDir, RunningServer } from "./server";

export default async function globalTeardown() {
  const server = (globalThis as any).__OPORA_SERVER__ as RunningServer | undefined;
  if (server) {
    await server.stop();
    removeDataDir(server.dataDir);
  }
}
