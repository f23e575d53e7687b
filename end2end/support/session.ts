import { expect, Page } from "@playwright/test";
import { DEMO_PASSWORD } from "./server";

/** Fills the login form on the current page and sends it. */
export async function submitLogin(page: Page, userLogin: string, password = DEMO_PASSWORD) {
  await page.getByLabel("Логин").fill(userLogin);
  await page.getByLabel("Пароль").fill(password);
  await page.getByRole("button", { name: "Войти" }).click();
}

/** Signs in through the login form, as a person would. */
export async function login(page: Page, userLogin: string, next = "/journal") {
  await page.goto(`/login?next=${encodeURIComponent(next)}`);
  await submitLogin(page, userLogin);
  await expect(page).not.toHaveURL(/\/login/);
}
