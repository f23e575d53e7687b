import { removeDataDir, RunningServer } from "./server";

export default async function globalTeardown() {
  const server = (globalThis as any).__OPORA_SERVER__ as RunningServer | undefined;
  const template = (globalThis as any).__OPORA_TEMPLATE__ as string | undefined;
  try {
    if (server) {
      try {
        // Fails the run when the server's log shows a panic.
        await server.stop();
      } finally {
        removeDataDir(server.dataDir);
      }
    }
  } finally {
    if (template) removeDataDir(template);
  }
}
