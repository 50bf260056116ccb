// The HTML report in a real Chromium: lanes, highlighted steps, keyboard stepping and the state panel.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Browser, Page } from "playwright-core";
import { launchChromium } from "./chromium.js";

let browser: Browser;
let page: Page;
let file: string;
const requests: string[] = [];
const errors: string[] = [];

beforeAll(async () => {
  file = join(mkdtempSync(join(tmpdir(), "ipcheck-report-")), "report.html");
  const run = spawnSync("bin/ipcheck", ["-f", "html", "-o", file, "examples/signals/handler-race-counter.ts", "examples/threads/transfer-lock-order.ts"], { encoding: "utf8" });
  expect(run.status, run.stderr).toBe(1);
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1300, height: 900 } });
  page.on("request", (r) => void requests.push(r.url()));
  page.on("pageerror", (e) => void errors.push(e.message));
  await page.goto(pathToFileURL(file).href);
}, 60_000);

afterAll(async () => {
  await browser?.close();
});

const race = () => page.locator("article.finding").filter({ has: page.locator(".rule", { hasText: "signal-race" }) });
const deadlock = () => page.locator("article.finding").filter({ has: page.locator(".rule", { hasText: "deadlock" }) });
const stepsOf = async (sel: string) => (await race().locator(sel).evaluateAll((gs) => gs.map((g) => Number(g.getAttribute("data-step")))));

describe("the HTML report in Chromium", () => {
  it("loads with no request but the file itself and no script error", () => {
    expect(requests).toEqual([pathToFileURL(file).href]);
    expect(errors).toEqual([]);
  });

  it("has a summary row per file", async () => {
    expect(await page.locator(".summary-table tbody tr").allInnerTexts()).toEqual([
      expect.stringMatching(/^examples\/signals\/handler-race-counter\.ts\s+✖ violations\s+1: signal-race\s+20$/),
      expect.stringMatching(/^examples\/threads\/transfer-lock-order\.ts\s+✖ violations\s+1: deadlock\s+62$/),
    ]);
  });

  it("draws a lane per process and thread, the handler inside its lane, and highlights the race", async () => {
    expect(await race().locator(".lane-head").allTextContents()).toEqual(["environment", "pid 1"]);
    expect(await deadlock().locator(".lane-head").allTextContents()).toEqual(["pid 1 · thread 1", "pid 1 · thread 2", "pid 1 · thread 3"]);
    expect(await stepsOf("g.step.hl")).toEqual([2, 4, 5]);
    expect(await stepsOf("g.step.in-handler")).toEqual([5]);
    expect(await race().locator(".handler-box").count()).toBe(1);
    // the handler's box lies inside pid 1's lane
    const lane = await race().locator(".lane-line").nth(1).boundingBox();
    const box = await race().locator(".handler-box").boundingBox();
    expect(box!.x).toBeLessThan(lane!.x);
    expect(box!.x + box!.width).toBeGreaterThan(lane!.x);
    expect(await race().locator("g.arrow.a-signal").getAttribute("data-from")).toBe("3");
    expect(await deadlock().locator("g.blocked").count()).toBe(3);
    expect(await deadlock().locator("g.arrow.a-wait").count()).toBe(3);
  });

  it("steps through the trace with the keyboard, the state panel following", async () => {
    const chart = race().locator(".chart");
    const panel = race().locator(".state");
    await chart.focus();
    expect(await panel.locator(".step-title").textContent()).toBe("Step 1 of 5 · pid 1");
    await page.keyboard.press("ArrowDown");
    expect(await panel.locator(".step-title").textContent()).toBe("Step 2 of 5 · pid 1");
    const pending = panel.locator("tr", { has: page.locator("td", { hasText: /^pending$/ }) });
    expect(await pending.locator("td").nth(1).textContent()).toBe("—");
    expect(await race().locator("pre.source .cur").getAttribute("data-line")).toBe("15");
    await page.keyboard.press("j");
    expect(await panel.locator(".step-title").textContent()).toBe("Step 3 of 5 · environment");
    expect(await pending.locator("td").nth(1).textContent()).toBe("SIGUSR1 (changed)");
    expect(await pending.getAttribute("class")).toBe("chg");
    expect(await stepsOf("g.step.current")).toEqual([3]);
    await page.keyboard.press("End");
    expect(await panel.locator(".step-title").textContent()).toBe("Step 5 of 5 · pid 1 in handler(SIGUSR1)");
    expect(await panel.locator("tr", { hasText: "thread 1" }).locator("td").nth(1).textContent()).toMatch(/in handler\(SIGUSR1\)/);
    expect(await race().locator("pre.source .cur").getAttribute("data-line")).toBe("9");
    await page.keyboard.press("k");
    expect(await panel.locator(".step-title").textContent()).toBe("Step 4 of 5 · pid 1");
    // a screen reader hears the step in one line; the state table is there to read
    expect(await panel.locator(".announce").getAttribute("aria-live")).toBe("polite");
    expect(await panel.locator(".announce").textContent()).toBe("Step 4 of 5, pid 1: SIGUSR1 delivered; pending of pid 1: -SIGUSR1, mask of pid 1: +SIGUSR1, pid 1 enters handler(SIGUSR1)");
  });

  it("selects a step on a click", async () => {
    await deadlock().locator('g.step[data-step="7"] rect').click();
    expect(await deadlock().locator(".state .step-title").textContent()).toBe("Step 7 of 8 · pid 1/thread 2");
    expect(await deadlock().locator(".state tr", { hasText: "checkingLock" }).last().textContent()).toContain("held by thread 2");
  });

  it("has the chart's text alternative: a table row per step", async () => {
    await race().locator(".text-alt summary").click();
    const rows = race().locator(".trace-table tbody tr");
    expect(await rows.count()).toBe(5);
    expect(await rows.nth(2).textContent()).toContain("the user sends SIGUSR1 to pid 1");
    expect(await race().locator(".trace-table tbody tr.hl").count()).toBe(3);
  });

  it("is the same file for the same input", () => {
    const again = join(mkdtempSync(join(tmpdir(), "ipcheck-report-")), "report.html");
    spawnSync("bin/ipcheck", ["-f", "html", "-o", again, "examples/signals/handler-race-counter.ts", "examples/threads/transfer-lock-order.ts"]);
    expect(readFileSync(again, "utf8")).toBe(readFileSync(file, "utf8"));
  });
});
