#!/usr/bin/env node
// The README's screenshots (docs/report.png, docs/playground.png), taken in Debian's Chromium:
// `npm run screenshots` after `npm run build`. Needs /usr/bin/chromium.
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { chromium } from "playwright-core";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const docs = join(root, "docs");
mkdirSync(docs, { recursive: true });
const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
try {
  // the report: the seed program's signal race, stepped to the handler's racing read
  const report = join(mkdtempSync(join(tmpdir(), "ipcheck-shot-")), "report.html");
  spawnSync(join(root, "bin", "ipcheck"), ["-f", "html", "-o", report, "examples/signals/handler-race-counter.ts"], { cwd: root });
  const page = await browser.newPage({ viewport: { width: 1100, height: 800 }, deviceScaleFactor: 1 });
  await page.goto(pathToFileURL(report).href);
  await page.locator("details.source-box").evaluate((d) => d.removeAttribute("open"));
  const finding = page.locator("article.finding").first();
  await finding.locator(".chart").focus();
  for (let i = 0; i < 3; i++) await page.keyboard.press("ArrowDown");
  await finding.screenshot({ path: join(docs, "report.png") });

  // the playground: the deadlock of two lock orders, checked in the browser
  const server = spawn(join(root, "bin", "ipcheck"), ["playground", "--port", "0"], { cwd: root, stdio: ["ignore", "pipe", "inherit"] });
  const url = await new Promise((resolve) => server.stdout.on("data", (d) => { const m = /http:\/\/\S+\//.exec(String(d)); if (m) resolve(m[0]); }));
  const pg = await browser.newPage({ viewport: { width: 1200, height: 1300 }, deviceScaleFactor: 1 });
  await pg.goto(url);
  await pg.selectOption("#example", "examples/threads/transfer-lock-order.ts");
  await pg.click("#check");
  await pg.waitForFunction(() => document.getElementById("status").dataset.verdict !== undefined);
  const frame = pg.frameLocator("#report");
  await frame.locator("details.source-box").evaluate((d) => d.removeAttribute("open"));
  await frame.locator(".chart").focus();
  await pg.keyboard.press("End");
  await frame.locator("article.finding h4").evaluate((h) => h.scrollIntoView());
  await pg.evaluate(() => window.scrollTo(0, 0));
  await pg.screenshot({ path: join(docs, "playground.png") });
  server.kill();
} finally {
  await browser.close();
}
