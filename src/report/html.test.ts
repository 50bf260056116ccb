import { beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { checkFile, type CheckSettings } from "../cli/check-file.js";
import type { FileResult } from "./result.js";
import { htmlReport } from "./html.js";

const SETTINGS: CheckSettings = { maxStates: 2_000_000, maxDepth: 100_000, timeoutMs: 120_000, options: {}, now: () => Date.now() };

let race: FileResult;
let deadlock: FileResult;
let clean: FileResult;
let syntaxError: FileResult;
let long: FileResult;
let hostile: FileResult;
let pipe: FileResult;

/** The data-step numbers of the chart's highlighted step boxes. */
function highlightedSteps(html: string): number[] {
  return [...html.matchAll(/<g class="step [^"]*\bhl\b[^"]*" data-step="(\d+)"/g)].map((m) => Number(m[1]));
}

beforeAll(() => {
  race = checkFile("examples/signals/handler-race-counter.ts", SETTINGS);
  pipe = checkFile("examples/pipes/reader-keeps-write-end.ts", SETTINGS);
  deadlock = checkFile("examples/threads/transfer-lock-order.ts", SETTINGS);
  clean = checkFile("examples/rules/deadlock-fixed.ts", SETTINGS);
  const dir = mkdtempSync(join(tmpdir(), "ipcheck-html-"));
  writeFileSync(join(dir, "syntax-error.ts"), "export function main(): void {\n  let x = ;\n}\n");
  syntaxError = checkFile(join(dir, "syntax-error.ts"), SETTINGS);
  // 100 turns of a read and a write: a trace of more than 200 steps
  writeFileSync(join(dir, "long.ts"), 'import { assert } from "ipcheck";\nlet n = 0;\nexport function main(): void {\n  for (let i = 0; i < 100; i++) {\n    n = n + 1;\n  }\n  assert(n === 0, "n is " + String(n));\n}\n');
  long = checkFile(join(dir, "long.ts"), SETTINGS);
  writeFileSync(join(dir, "hostile.ts"), 'import { assert } from "ipcheck";\nlet s = "</script><b>&amp;";\nexport function main(): void {\n  assert(s === "", "</script><img src=x>");\n}\n');
  hostile = checkFile(join(dir, "hostile.ts"), SETTINGS);
}, 120_000);

describe("htmlReport", () => {
  it("is byte-identical for the same input, timings aside", () => {
    const again = checkFile("examples/signals/handler-race-counter.ts", SETTINGS);
    expect(htmlReport([race, deadlock, clean, syntaxError])).toBe(htmlReport([again, checkFile("examples/threads/transfer-lock-order.ts", SETTINGS), clean, syntaxError]));
  });

  it("is self-contained: no network, no external script, style, image or font", () => {
    const html = htmlReport([race, deadlock, clean, syntaxError, long]);
    expect(html).not.toMatch(/\bsrc=/);
    expect(html).not.toMatch(/<link\b/);
    expect(html).not.toMatch(/@import|@font-face|url\((?!#)/);
    expect(html).not.toMatch(/https?:\/\//);
    expect(html).toContain("default-src 'none'");
  });

  it("has a summary row per file with verdict, findings and states", () => {
    const html = htmlReport([race, clean, syntaxError]);
    const rows = [...html.matchAll(/<tr><td><a href="#file-(\d)">([^<]*)<\/a><\/td><td>.*?<\/span> (\w+)<\/span><\/td><td>([^<]*)<\/td><td class="num">([^<]*)<\/td><\/tr>/g)].map((m) => m.slice(1));
    expect(rows).toEqual([
      ["1", "examples/signals/handler-race-counter.ts", "violations", "1: signal-race", "20"],
      ["2", "examples/rules/deadlock-fixed.ts", "clean", "0", String(clean.stats.states)],
      ["3", syntaxError.file, "error", "1 diagnostic", "0"],
    ]);
  });

  it("draws a lane per process and thread and highlights the race's steps", () => {
    const html = htmlReport([race]);
    expect([...html.matchAll(/<g class="lane-head lane-(\w+)">.*?<text [^>]*>([^<]*)<\/text>/g)].map((m) => [m[1], m[2]])).toEqual([["environment", "environment"], ["thread", "pid 1"]]);
    expect(highlightedSteps(html)).toEqual([2, 4, 5]);
    expect(html).toContain('class="handler-box"');
    expect(html).toMatch(/<g class="arrow a-signal" data-from="3" data-to="4">/);
    // the chart's text alternative: a table row per step, arrows in words
    expect(html.match(/<table class="trace-table">[\s\S]*?<\/table>/)![0].match(/<tr/g)).toHaveLength(1 + 5);
    expect(html).toContain("<li>SIGUSR1 sent at step 3 (environment), delivered at step 4 (pid 1)</li>");
    // the source with the finding's line marked by a glyph and words, not only a colour
    expect(html).toMatch(/<span data-line="9" class="mark-finding"><span class="ln"> 9<\/span><span class="mk" aria-hidden="true">▶<\/span>  tickets\+\+;<span class="sr"> \(the finding\)<\/span>/);
  });

  it("draws a deadlock's blocked threads and their wait-for cycle", () => {
    const html = htmlReport([deadlock]);
    expect(html.match(/<g class="lane-head /g)).toHaveLength(3);
    expect(highlightedSteps(html)).toEqual([6, 7, 8]);
    expect(html.match(/<g class="blocked hl">/g)).toHaveLength(3);
    expect(html.match(/<g class="arrow a-wait"/g)).toHaveLength(3);
  });

  it("embeds the state after each step for the state panel", () => {
    const html = htmlReport([race]);
    const json = JSON.parse(html.match(/<script type="application\/json" class="trace-data">(.*?)<\/script>/)![1]!);
    expect(json.steps).toHaveLength(5);
    expect(json.steps[2].state.processes[0].pending).toEqual(["SIGUSR1"]);
    expect(json.steps[3].state.processes[0].threads[0].handlers).toEqual(["SIGUSR1"]);
    expect(json.steps[1].state.processes[0].globals).toEqual([["tickets", "100"]]);
  });

  it("embeds descriptors and pipe contents in the state after a step", () => {
    const json = JSON.parse(htmlReport([pipe]).match(/<script type="application\/json" class="trace-data">(.*?)<\/script>/)![1]!);
    const afterWrite = json.steps.find((s: { text: string }) => s.text.startsWith("write(")).state;
    expect(afterWrite.objects).toEqual([["pipe #1", '"hi"']]);
    expect(afterWrite.processes.map((p: { pid: number; fds: [number, string][] }) => [p.pid, p.fds.filter(([fd]) => fd > 2)])).toEqual([
      [1, [[4, "pipe #1 (write end)"]]],
      [2, [[3, "pipe #1 (read end)"], [4, "pipe #1 (write end)"]]],
    ]);
  });

  it("shows a diagnostic with its code, line and the line marked", () => {
    const html = htmlReport([syntaxError]);
    expect(html).toMatch(/<div class="diagnostic" role="alert"><p><span class="loc">[^<]*syntax-error\.ts:2:11<\/span>: <strong>error<\/strong>: Expression expected\. <code>\[syntax-error\]<\/code>/);
    expect(html).toContain('<span data-line="2" class="mark-finding">');
  });

  it("keeps a trace of more than 200 steps in one scrolling chart with whole-number geometry", () => {
    const f = long.findings.find((x) => x.rule === "assertion")!;
    expect(f.trace.length).toBeGreaterThan(200);
    const html = htmlReport([long]);
    expect(html.match(/<g class="step /g)).toHaveLength(f.trace.length);
    expect(html).toMatch(new RegExp(`<svg class="msc" width="\\d+" height="${f.trace.length * 28 + 4}"`));
    expect(html).not.toMatch(/="[\d.]*\.\d+"/);
  });

  it("escapes the program's text everywhere, also inside the embedded data", () => {
    const html = htmlReport([hostile]);
    expect(html).not.toContain("<img src=x>");
    expect(html.match(/<\/script>/g)).toHaveLength(1 + (html.match(/class="trace-data"/g)?.length ?? 0));
    expect(html).toContain("&lt;/script&gt;&lt;img src=x&gt;");
  });
});
