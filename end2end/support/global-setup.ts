import { freshDataDir, seed, seedTemplate, SHARED_PORT, startServer } from "./server";

export default async function globalSetup() {
  // The demo department is seeded once; the tests with a server of their own start from a copy.
  const dataDir = freshDataDir();
  seed(dataDir);
  const template = seedTemplate(dataDir);
  const server = await startServer({ port: SHARED_PORT, dataDir });
  (globalThis as any).__OPORA_SERVER__ = server;
  (globalThis as any).__OPORA_TEMPLATE__ = template;
}
