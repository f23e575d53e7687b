import { expect, Page } from "@playwright/test";
import { DEMO_PASSWORD } from "./server";

/** Signs in through the login form, as a person would. */
export async function login(page: Page, userLogin: string, next = "/journal") {
  await page.goto(`/login?next=${encodeURIComponent(next)}`);
  await page.getByLabel("Логин").fill(userLogin);
  await page.getByLabel("Пароль").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Войти" }).click();
  await expect(page).not.toHaveURL(/\/login/);
}
