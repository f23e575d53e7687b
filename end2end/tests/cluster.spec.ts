import { test, expect, APIRequestContext } from "@playwright/test";
import { DEMO_PASSWORD } from "../support/server";
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

/** Signs in through the login server function, as the form does. */
async function signIn(request: APIRequestContext, login: string) {
  const reply = await request.post("/api/auth/login", {
    form: { login, password: DEMO_PASSWORD, next: "/" },
    maxRedirects: 0,
  });
  expect(reply.status(), await reply.text()).toBeLessThan(400);
}

/** An appeal as a dispatcher registers it, received five minutes ago (local time of Yugorsk). */
function appeal(i: number) {
  const received = new Date(Date.now() + 5 * 3600_000 - 5 * 60_000).toISOString().slice(0, 16);
  return {
    form: {
      received_at: received,
      full_name: "Кравцова Нина Петровна",
      phone: "8 912 345-67-89",
      address: "г. Югорск, ул. Ленина, д. 12",
      summary: `Проверка узлов: обращение ${i}`,
      answer: "",
      answer_method: "",
      channel: "phone",
      topics: ["urgent_services"],
      district: "d1",
      urgent: false,
      handoff_to: "",
      handoff_detail: "",
      handoff_at: "",
      handoff_by: "",
      outcome: "",
    },
  };
}

test("узел A убит посреди записи: узел B отвечает, и ничего подтверждённого не потеряно", async ({ playwright }) => {
  test.setTimeout(180_000);
  const cluster = await startCluster(3295, [3296, 3297]);
  const [nodeA, nodeB] = cluster.nodes;
  const a = await playwright.request.newContext({ baseURL: nodeA.url });
  const b = await playwright.request.newContext({ baseURL: nodeB.url });
  try {
    await signIn(a, "sidorova");
    await signIn(b, "sidorova");
    // Four dispatchers' tabs register on node A without pause; node A dies among them.
    const acknowledged: number[] = [];
    let sent = 0;
    const lane = async () => {
      while (sent < 60 && nodeA.process.exitCode === null && nodeA.process.signalCode === null) {
        sent += 1;
        try {
          const reply = await a.post("/api/journal/register", { data: appeal(sent) });
          if (reply.ok()) acknowledged.push((await reply.json()).number);
        } catch {
          // The node is gone: this one was never acknowledged.
        }
      }
    };
    const lanes = [lane(), lane(), lane(), lane()];
    await expect.poll(() => acknowledged.length, { timeout: 30_000 }).toBeGreaterThanOrEqual(8);
    nodeA.process.kill("SIGKILL");
    await Promise.all(lanes);
    cluster.nodes.splice(cluster.nodes.indexOf(nodeA), 1);

    // Node B answers, and every appeal node A acknowledged is in the journal it reads.
    expect((await b.get("/healthz")).status()).toBe(200);
    const page = await (await b.post("/api/journal/list", { form: { "query[q]": "Проверка узлов" } })).json();
    const numbers: number[] = page.entries.map((e: { number: number }) => e.number);
    for (const n of acknowledged) expect(numbers, `№ ${n} подтверждён узлом A`).toContain(n);
    console.log(`узел A убит после ${acknowledged.length} подтверждённых записей из ${sent} отправленных; все они есть на узле B`);
  } finally {
    await a.dispose();
    await b.dispose();
    await cluster.stop();
  }
});
