// The playground in a real Chromium, served by `ipcheck playground`: the checker runs in the page's
// Web Worker; a racy program gets its finding and chart, a syntax error its diagnostic under the code.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawn, type ChildProcess } from "node:child_process";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { launchChromium } from "./chromium.js";
import { signalStorm } from "../../src/bench/models.js";

let server: ChildProcess;
let url: string;
let browser: Browser;
let page: Page;
const requests: string[] = [];
const errors: string[] = [];

const RACY = `import { pthread_create, pthread_join } from "ipcheck";

let hits = 0;

function visit(arg: number): void {
  hits = hits + arg;
}

export function main(): void {
  const a = pthread_create(visit, 1);
  const b = pthread_create(visit, 1);
  pthread_join(a);
  pthread_join(b);
}
`;

function countExamples(dir: string): number {
  return readdirSync(dir, { withFileTypes: true }).reduce((n, e) => n + (e.isDirectory() ? countExamples(join(dir, e.name)) : e.name.endsWith(".ts") && !e.name.endsWith(".d.ts") ? 1 : 0), 0);
}

async function checkAndWait(): Promise<string> {
  await page.evaluate(() => delete document.getElementById("status")!.dataset["verdict"]);
  await page.click("#check");
  await page.waitForFunction(() => document.getElementById("status")!.dataset["verdict"] !== undefined, null, { timeout: 60_000 });
  return (await page.locator("#status").getAttribute("data-verdict"))!;
}

beforeAll(async () => {
  server = spawn("bin/ipcheck", ["playground", "--port", "0"], { stdio: ["ignore", "pipe", "inherit"] });
  url = await new Promise<string>((resolve, reject) => {
    let out = "";
    server.stdout!.on("data", (d: Buffer) => {
      out += d.toString();
      const m = /http:\/\/127\.0\.0\.1:\d+\//.exec(out);
      if (m) resolve(m[0]);
    });
    server.once("exit", (code) => reject(new Error(`ipcheck playground exited with ${code}: ${out}`)));
  });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1300, height: 1000 } });
  page.on("request", (r) => void requests.push(r.url()));
  page.on("pageerror", (e) => void errors.push(e.message));
  await page.goto(url);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  server?.kill();
});

describe("the playground in Chromium", () => {
  it("lists the examples, the seed program loaded", async () => {
    expect(await page.locator("#example option").count()).toBe(countExamples("examples"));
    expect(await page.locator("#example").inputValue()).toBe("examples/signals/handler-race-counter.ts");
    expect(await page.locator("#code").inputValue()).toContain("tickets++");
    expect(await page.locator("#gutter span").count()).toBe((await page.locator("#code").inputValue()).split("\n").length);
  });

  it("checks the seed program in the browser and shows the report", async () => {
    expect(await checkAndWait()).toBe("violations");
    const report = page.frameLocator("#report");
    expect(await report.locator(".rule").allTextContents()).toEqual(["signal-race"]);
    expect(await report.locator(".lane-head").allTextContents()).toEqual(["environment", "pid 1"]);
    expect(Number(await page.locator("#status").getAttribute("data-ms"))).toBeGreaterThan(0);
  });

  it("checks a racy program typed into the editor: the finding and its chart", async () => {
    await page.fill("#code", "");
    await page.locator("#code").pressSequentially(RACY);
    expect(await page.locator("#code").inputValue()).toBe(RACY);
    expect(await page.locator("#gutter span").count()).toBe(RACY.split("\n").length);
    expect(await checkAndWait()).toBe("violations");
    expect(await page.locator("#summary").textContent()).toBe("program.ts: violations — data-race");
    const report = page.frameLocator("#report");
    expect(await report.locator(".rule").allTextContents()).toEqual(["data-race"]);
    const race = report.locator("article.finding");
    expect(await race.locator(".lane-head").allTextContents()).toEqual(["pid 1 · thread 1", "pid 1 · thread 2", "pid 1 · thread 3"]);
    const steps = await race.locator("g.step").count();
    const highlighted = await race.locator("g.step.hl").evaluateAll((gs) => gs.map((g) => Number(g.getAttribute("data-step"))));
    expect(highlighted).toEqual([steps - 1, steps]);
    expect(await race.locator("g.arrow.a-data").count()).toBe(1);
    // keyboard stepping works inside the frame as in the report file
    await race.locator(".chart").focus();
    await page.keyboard.press("End");
    expect(await race.locator(".state .step-title").textContent()).toBe(`Step ${steps} of ${steps} · pid 1/thread 3`);
    expect(await page.locator("#diagnostics").textContent()).toBe("");
  });

  it("shows a syntax error's diagnostic under the code", async () => {
    await page.fill("#code", "export function main(): void {\n  let x = ;\n}\n");
    expect(await checkAndWait()).toBe("error");
    expect(await page.locator("#diagnostics").textContent()).toBe("program.ts:2:11: error: Expression expected. [syntax-error]");
    expect(await page.locator("#gutter span.bad").allTextContents()).toEqual(["2\n"]);
    expect(await page.frameLocator("#report").locator(".diagnostic").textContent()).toContain("Expression expected.");
  });

  it("shows a diagnostic for what the language leaves out", async () => {
    await page.fill("#code", 'class Account {}\nexport function main(): void {}\n');
    expect(await checkAndWait()).toBe("error");
    expect(await page.locator("#diagnostics").textContent()).toMatch(/^program\.ts:1:1: error: .*class.*\[unsupported-class\]/);
  });

  it("stays responsive during a long check, reports progress, and stops", async () => {
    // a check that lasts seconds (750,930 states), not a fraction of one, so the stop comes first on a fast machine
    await page.fill("#code", signalStorm(6));
    await page.evaluate(() => delete document.getElementById("status")!.dataset["verdict"]);
    await page.click("#check");
    await page.waitForFunction(() => /Checking… [\d,]+ states/.test(document.getElementById("status")!.textContent!), null, { timeout: 30_000 });
    // the page answers while the worker explores
    expect(await page.evaluate(() => 6 * 7)).toBe(42);
    expect(await page.locator("#stop").isEnabled()).toBe(true);
    await page.click("#stop");
    expect(await page.locator("#status").textContent()).toBe("Stopped.");
    expect(await page.locator("#check").isEnabled()).toBe(true);
    expect(await page.locator("#stop").isEnabled()).toBe(false);
    // the next check gets a fresh worker
    await page.selectOption("#example", "examples/rules/data-race.ts");
    expect(await checkAndWait()).toBe("violations");
    expect(await page.locator("#summary").textContent()).toBe("examples/rules/data-race.ts: violations — data-race, assertion");
  });

  it("needs no server for checking: every request is for the playground's own files", () => {
    const paths = requests.map((r) => new URL(r)).filter((u) => u.protocol !== "about:" && u.protocol !== "data:");
    expect(paths.every((u) => u.origin === new URL(url).origin)).toBe(true);
    expect([...new Set(paths.map((u) => u.pathname))].sort()).toEqual(["/", "/playground.css", "/playground.js", "/worker.js"]);
    expect(errors).toEqual([]);
  });
});
