// Cases for the browser tests, opened through the same server function the form uses.
import { expect, Locator, Page } from "@playwright/test";

export interface CaseOptions {
  title: string;
  curator?: string; // full name of a demo caseworker, e.g. "Петрова Анна Сергеевна"
  district?: string;
  consent?: boolean;
  detectedDaysAgo?: number;
  needRecognised?: boolean;
  categories?: string[]; // codes, e.g. ["svo_participant"]; a family with children by default
}

function isoDay(daysAgo = 0): string {
  const d = new Date(Date.now() - daysAgo * 86_400_000 + 5 * 3_600_000);
  return d.toISOString().slice(0, 10);
}

/** The key of a demo staff member by full name. */
export async function staffId(page: Page, fullName: string): Promise<string> {
  const reply = await page.request.post("/api/cases/lists", { form: {} });
  expect(reply.ok(), await reply.text()).toBeTruthy();
  const lists = await reply.json();
  const person = lists.staff.find((s: any) => s.full_name === fullName);
  if (!person) throw new Error(`no staff member ${fullName}`);
  return person.id;
}

/** Opens a case as the signed-in user and returns its key. */
export async function createCase(page: Page, options: CaseOptions): Promise<string> {
  const curator = options.curator ? await staffId(page, options.curator) : "";
  const consent = options.consent ?? true;
  const form = {
    kind: "family",
    title: options.title,
    members: [{ full_name: `${options.title.replace("Семья ", "")} Ольга Ивановна`, birth_date: "1987-05-12", relation: "applicant", categories: [] }],
    categories: options.categories ?? ["family_children"],
    address: "г. Югорск, ул. Мира, д. 7, кв. 3",
    district: options.district ?? "d1",
    phone: "+7 912 000-00-00",
    consent,
    consent_date: consent ? isoDay(options.detectedDaysAgo ?? 0) : "",
    curator,
    source: "personal",
    source_detail: "",
    journal_entry: "",
    notes: "",
    detected_on: isoDay(options.detectedDaysAgo ?? 0),
    need_recognised_on: options.needRecognised ? isoDay(0) : "",
    plan_approved_on: "",
  };
  const reply = await page.request.post("/api/cases/create", { data: { form } });
  expect(reply.ok(), await reply.text()).toBeTruthy();
  return (await reply.json()) as string;
}

export function card(page: Page, id: string): Locator {
  return page.locator(`article.case-card[data-case="${id}"]`);
}

export function cell(page: Page, stage: string, lane = "all"): Locator {
  return page.locator(`.cell[data-stage="${stage}"][data-lane="${lane}"]`);
}

/** Drags with the mouse from a card's body to the middle of a cell, in small steps. */
export async function mouseDrag(page: Page, from: Locator, to: Locator) {
  await from.evaluate((el) => el.scrollIntoView({ block: "center" }));
  const a = await from.locator(".card-title").boundingBox();
  const b = await to.boundingBox();
  if (!a || !b) throw new Error("nothing to drag or nowhere to drop");
  await page.mouse.move(a.x + 10, a.y + a.height / 2);
  await page.mouse.down();
  const steps = 12;
  for (let i = 1; i <= steps; i++) {
    await page.mouse.move(
      a.x + 10 + ((b.x + b.width / 2 - a.x - 10) * i) / steps,
      a.y + a.height / 2 + ((b.y + Math.min(b.height / 2, 60) - a.y - a.height / 2) * i) / steps,
    );
  }
  await page.mouse.up();
}

/** Drags with a finger from a card's handle to a cell: real touch events through CDP. */
export async function touchDrag(page: Page, from: Locator, to: Locator) {
  const handle = from.locator(".drag-handle");
  // Clear of the sticky column heads, as a person would scroll before touching the handle.
  await handle.evaluate((el) => el.scrollIntoView({ block: "center", inline: "center" }));
  const a = await handle.boundingBox();
  const b = await to.boundingBox();
  if (!a || !b) throw new Error("nothing to drag or nowhere to drop");
  const cdp = await page.context().newCDPSession(page);
  const start = { x: a.x + a.width / 2, y: a.y + a.height / 2 };
  const end = { x: b.x + b.width / 2, y: b.y + Math.min(b.height / 2, 60) };
  await cdp.send("Input.dispatchTouchEvent", { type: "touchStart", touchPoints: [start] });
  const steps = 12;
  for (let i = 1; i <= steps; i++) {
    const point = { x: start.x + ((end.x - start.x) * i) / steps, y: start.y + ((end.y - start.y) * i) / steps };
    await cdp.send("Input.dispatchTouchEvent", { type: "touchMove", touchPoints: [point] });
  }
  await cdp.send("Input.dispatchTouchEvent", { type: "touchEnd", touchPoints: [] });
  await cdp.detach();
}
