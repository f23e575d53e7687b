import { expect, Page } from "@playwright/test";

/** Waits until the WASM has hydrated the page, so clicks reach the app and not a dead page. */
export async function hydrated(page: Page) {
  await expect(page.locator("body[data-hydrated=true]")).toHaveCount(1);
}

/** A surname nobody else has, so a test finds exactly its own entry. */
export function uniqueSurname(prefix = "Тестовая") {
  const letters = "абвгдежзиклмнопрстуфхцчшэюя";
  let tail = "";
  for (let n = Date.now() + Math.floor(Math.random() * 1e6); n > 0; n = Math.floor(n / letters.length)) {
    tail += letters[n % letters.length];
  }
  return `${prefix}${tail}`;
}

export interface Appeal {
  fullName?: string;
  phone?: string;
  address?: string;
  summary?: string;
  channel?: string;
  urgent?: boolean;
  topics?: string[];
}

export async function openNewAppeal(page: Page) {
  await page.goto("/journal/new");
  await hydrated(page);
}

export async function fillAppeal(page: Page, appeal: Appeal) {
  if (appeal.channel) await page.getByLabel("Как поступило").selectOption({ label: appeal.channel });
  if (appeal.urgent) await page.getByText("Срочное", { exact: true }).click();
  if (appeal.fullName !== undefined) await page.getByLabel("Фамилия, имя, отчество").fill(appeal.fullName);
  if (appeal.phone !== undefined) await page.getByLabel("Контактный телефон").fill(appeal.phone);
  if (appeal.address !== undefined) await page.getByLabel("Место жительства").fill(appeal.address);
  if (appeal.summary !== undefined) await page.getByLabel("Краткое содержание обращения").fill(appeal.summary);
  for (const topic of appeal.topics ?? []) await page.getByLabel(topic).check();
}

export async function registerAppeal(page: Page, appeal: Appeal) {
  await openNewAppeal(page);
  await fillAppeal(page, appeal);
  await page.getByRole("button", { name: "Зарегистрировать" }).click();
  await expect(page.getByText("Обращение зарегистрировано")).toBeVisible();
  await hydrated(page);
}

export async function search(page: Page, text: string) {
  await page.goto(`/journal?q=${encodeURIComponent(text)}`);
  await hydrated(page);
}
