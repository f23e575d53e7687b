import { test, expect, Page } from "@playwright/test";
import { login, submitLogin } from "../support/session";
import { hydrated, registerAppeal, uniqueSurname } from "../support/journal";
import { removeDataDir, startServer } from "../support/server";

/** A search link opened without a session leads to the login form and back to the search. */
async function searchSurvivesLogin(page: Page) {
  await page.goto("/journal?q=%D0%BF%D0%BE%D1%81%D0%BE%D0%B1%D0%B8%D0%B5");
  await expect(page).toHaveURL(/\/login\?next=/);
  await submitLogin(page, "kolesnikova");
  await expect(page).toHaveURL(/\/journal\?q=/);
  await expect(page.getByLabel("Поиск")).toHaveValue("пособие");
}

test.describe("Вход, роли и аудит", () => {
  test("вход возвращает туда, куда шли; выход закрывает сеанс @tablet", async ({ page }) => {
    await searchSurvivesLogin(page);

    await hydrated(page);
    await page.getByRole("button", { name: "Выйти" }).click();
    await expect(page).toHaveURL(/\/login/);
    await page.goto("/journal");
    await expect(page).toHaveURL(/\/login/);
  });

  test("вход работает и без JavaScript, пока страница не ожила", async ({ browser }) => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await searchSurvivesLogin(page);
    await expect(page.locator("table.journal-table tbody tr").first()).toBeVisible();
    await context.close();
  });

  test("неверный пароль — понятное сообщение; после пяти попыток учётная запись блокируется", async ({ page }) => {
    await page.goto("/login");
    await hydrated(page);
    for (let attempt = 1; attempt <= 5; attempt++) {
      await submitLogin(page, "orlov", `неверный-пароль-${attempt}`);
      await expect(page.getByText("Неверный логин или пароль")).toBeVisible();
      // What was typed stays in the form.
      await expect(page.getByLabel("Логин")).toHaveValue("orlov");
    }
    // The right password does not help while the lock lasts, and the answer does not tell an
    // outsider that the account exists and is locked.
    await submitLogin(page, "orlov");
    await expect(page.getByText("Неверный логин или пароль")).toBeVisible();
    await expect(page.getByText(/заблокирован/)).toHaveCount(0);
    await expect(page).toHaveURL(/\/login/);

    // The administrator sees the lock and the failures in the audit trail.
    await login(page, "admin", "/audit?action=account_locked");
    await expect(page.locator("table.audit-table tbody tr").first()).toContainText("Орлов");
  });

  test("специалист по работе с семьёй не открывает запись журнала по ссылке", async ({ page, browser }) => {
    await login(page, "sidorova");
    const href = await page.locator("table.journal-table tbody tr").first().getByRole("link").first().getAttribute("href");
    expect(href).toMatch(/^\/journal\//);

    const other = await browser.newContext();
    const caseworker = await other.newPage();
    await login(caseworker, "petrova", "/");
    const response = await caseworker.goto(href!);
    expect(response?.status()).toBe(403);
    await expect(caseworker.getByText("Нет доступа")).toBeVisible();
    await expect(caseworker.locator("body")).not.toContainText("Краткое содержание обращения");
    // The server function refuses too, whatever the page does.
    const api = await caseworker.request.post("/api/journal/get", { form: { id: href!.split("/").pop()! } });
    expect(api.status()).toBe(403);
    await other.close();
  });

  test("просмотр записи попадает в журнал аудита", async ({ page }) => {
    await login(page, "sidorova");
    const surname = uniqueSurname("Аудитова");
    await registerAppeal(page, { fullName: `${surname} Вера`, summary: "Просит консультацию психолога для подростка" });
    await page.locator("table.journal-table tbody tr").first().getByRole("link").first().click();
    await hydrated(page);
    // The entry's page comes with its own code: wait for it, not for the journal still shown.
    await expect(page.getByRole("heading", { level: 1 })).toContainText("№");
    const number = (await page.getByRole("heading", { level: 1 }).textContent())!.match(/№ (\d+)/)![1];

    await page.getByRole("button", { name: "Выйти" }).click();
    await expect(page).toHaveURL(/\/login/);
    await login(page, "morozova", "/audit?action=view");
    const row = page.locator("table.audit-table tbody tr", { hasText: `Запись журнала № ${number}` }).first();
    await expect(row).toContainText("Сидорова Елена Викторовна");
    await expect(row).toContainText("Просмотр");
    await expect(row).toContainText("127.0.0.1");
  });

  test("администратор заводит сотрудника, тот входит с временным паролем и меняет его", async ({ page, browser }) => {
    await login(page, "admin", "/admin/users");
    await hydrated(page);
    const suffix = uniqueSurname("");
    const login_ = `novikova${Date.now() % 100000}`;
    await page.getByRole("button", { name: "+ Новый пользователь" }).click();
    await page.getByLabel("Фамилия, имя, отчество").fill(`Новикова${suffix} Дарья Сергеевна`);
    await page.getByLabel("Логин").fill(login_);
    await page.getByLabel("Должность").fill("Специалист по работе с семьёй");
    await page.getByRole("button", { name: "Создать и выдать пароль" }).click();
    // Roles are required: the form says so and keeps what was typed.
    await expect(page.locator('[data-error-for="roles"]')).toContainText("роль");
    await expect(page.getByLabel("Логин")).toHaveValue(login_);
    await page.getByLabel("Специалист «Семейной диспетчерской»").check();
    await page.getByRole("button", { name: "Создать и выдать пароль" }).click();
    const secret = (await page.getByTestId("temporary-password").textContent())!.trim();
    expect(secret).toMatch(/^[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4}$/);
    await expect(page.locator(`tr[data-login="${login_}"]`)).toContainText("Ждёт смены пароля");

    const context = await browser.newContext();
    const newcomer = await context.newPage();
    await newcomer.goto("/login?next=/journal");
    await submitLogin(newcomer, login_, secret);
    await expect(newcomer).toHaveURL(/\/password/);
    await hydrated(newcomer);
    await newcomer.getByLabel("Текущий пароль").fill(secret);
    await newcomer.getByLabel("Новый пароль", { exact: true }).fill("Рябиновый-сад-1987");
    await newcomer.getByLabel("Новый пароль ещё раз").fill("Рябиновый-сад-1987");
    await newcomer.getByRole("button", { name: "Сменить пароль" }).click();
    await expect(newcomer).toHaveURL(/\/journal/);
    await context.close();

    // Deactivated, the account keeps its name in the list and cannot sign in.
    await page.reload();
    await hydrated(page);
    await page.locator(`tr[data-login="${login_}"]`).getByRole("button", { name: "Отключить" }).click();
    await expect(page.locator(".secret-notice")).toContainText("отключена");
    await expect(page.locator(`tr[data-login="${login_}"]`)).toContainText("Отключена");
  });
});

test("простаивающий планшет сам возвращается ко входу @tablet", async ({ page }) => {
  const port = 3291;
  // A server of its own, on a copy of the run's demo department, started and stopped here.
  test.setTimeout(120_000);
  const server = await startServer({ port, seed: true, entries: 10, env: { OPORA_IDLE_TIMEOUT: "5s" } });
  try {
    await page.goto(`${server.url}/login?next=/journal`);
    await submitLogin(page, "sidorova");
    await expect(page).toHaveURL(`${server.url}/journal`);
    await hydrated(page);
    // Nobody touches the tablet: the page locks itself and says why.
    await expect(page).toHaveURL(/\/login\?idle=1/, { timeout: 15_000 });
    await expect(page.getByText("Сеанс закрыт после простоя")).toBeVisible();
    // The session is gone on the server too.
    const response = await page.request.get(`${server.url}/journal`, { maxRedirects: 0 });
    expect(response.status()).toBe(303);
    // Back does not bring the journal back: the browser asks again and gets the login page.
    await page.goBack();
    await expect(page).toHaveURL(/\/login/);
    await expect(page.locator("table.journal-table")).toHaveCount(0);
    await expect(page.getByLabel("Логин")).toBeVisible();
    await page.screenshot({ path: `test-results/idle-back-${test.info().project.name}.png` });
  } finally {
    await server.stop();
    removeDataDir(server.dataDir);
  }
});
