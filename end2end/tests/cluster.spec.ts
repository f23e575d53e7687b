import { test, expect } from "@playwright/test";
import { login } from "../support/session";
import { hydrated, uniqueSurname } from "../support/journal";
import { card, cell, createCase, mouseDrag } from "../support/cases";
import { startCluster } from "../support/cluster";

// Two Опора nodes on one SurrealDB server, as a region behind a load balancer runs them.
test("два узла на одном сервере базы: сеанс общий, перемещение на одном узле сразу видно на доске другого", async ({ browser }) => {
  test.setTimeout(180_000);
  const cluster = await startCluster(3295, [3296, 3297]);
  const [nodeA, nodeB] = cluster.nodes;
  const options = { locale: "ru-RU", timezoneId: "Asia/Yekaterinburg" };
  const mover = await browser.newContext({ ...options, baseURL: nodeA.url });
  const watcher = await browser.newContext({ ...options, baseURL: nodeB.url });
  try {
    const a = await mover.newPage();
    await login(a, "morozova", "/board");
    const surname = uniqueSurname("Узлова");
    const id = await createCase(a, { title: `Семья ${surname}`, curator: "Петрова Анна Сергеевна" });

    // The session made on node A is good on node B (the cookie goes to both: one host).
    const b = await watcher.newPage();
    await login(b, "morozova", "/board");
    const sameSession = await a.context().newPage();
    await sameSession.goto(`${nodeB.url}/board`);
    await expect(sameSession).not.toHaveURL(/\/login/);
    await sameSession.close();

    await b.goto(`/board?q=${encodeURIComponent(surname)}`);
    await hydrated(b);
    await expect(b.getByTestId("live-status")).toContainText("вживую");
    await expect(cell(b, "intake").locator(card(b, id))).toBeVisible();

    await a.goto(`/board?q=${encodeURIComponent(surname)}`);
    await hydrated(a);
    await mouseDrag(a, card(a, id), cell(a, "assessment"));
    await expect(cell(a, "assessment").locator(card(a, id))).toBeVisible();
    const moved = Date.now();
    await expect(cell(b, "assessment").locator(card(b, id))).toBeVisible({ timeout: 1500 });
    console.log(`перемещение на узле A дошло до доски узла B за ${Date.now() - moved} мс (журнал изменений)`);
    await b.screenshot({ path: "test-results/cluster-board-node-b.png" });

    // The database server restarts: both nodes reconnect by themselves, and the open board on
    // node B hears the next change made on node A without a reload.
    await cluster.restartDatabase();
    for (const node of cluster.nodes) {
      await expect
        .poll(async () => (await fetch(`${node.url}/healthz`)).status, { timeout: 20_000 })
        .toBe(200);
    }
    const intake = b.locator('[data-column="intake"] .column-count');
    await expect(intake).toHaveText("0");
    await createCase(a, { title: `Семья ${surname}`, curator: "Петрова Анна Сергеевна" });
    // The count of its cell rises at once; the card itself waits behind «Показать».
    await expect(intake).toHaveText("1", { timeout: 10_000 });
    await expect(b.getByTestId("live-status")).toContainText("вживую");
    await b.screenshot({ path: "test-results/cluster-after-database-restart.png" });
  } finally {
    await mover.close();
    await watcher.close();
    await cluster.stop();
  }
});
