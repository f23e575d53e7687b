import { SHARED_PORT, startServer } from "./server";

export default async function globalSetup() {
  const server = await startServer({ port: SHARED_PORT, seed: true });
  (globalThis as any).__OPORA_SERVER__ = server;
}
