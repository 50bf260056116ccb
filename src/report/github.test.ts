import { beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { checkFile, type CheckSettings } from "../cli/check-file.js";
import type { FileResult } from "./result.js";
import { escapeData, escapeProperty, githubReport } from "./github.js";

const SETTINGS: CheckSettings = { maxStates: 2_000_000, maxDepth: 100_000, timeoutMs: 120_000, options: {}, now: () => 0 };

let lost: FileResult;
let livelock: FileResult;
let clean: FileResult;

beforeAll(() => {
  lost = checkFile("examples/signals/pause-lost-wakeup.ts", SETTINGS);
  livelock = checkFile("examples/rules/livelock.ts", SETTINGS);
  clean = checkFile("examples/rules/deadlock-fixed.ts", SETTINGS);
}, 120_000);

describe("githubReport", () => {
  it("one ::error line for a known finding, with its trace's first and last steps", () => {
    const message = lost.findings[0]!.message;
    expect(githubReport([lost])).toBe(
      "::error file=examples/signals/pause-lost-wakeup.ts,line=19,endLine=19,col=5,endColumn=12,title=deadlock::" +
        `${escapeData(message)}%0Atrace (10 steps):%0A` +
        "1. pid 1 (line 13): signal(SIGUSR1, onReady): signal() returns 0, SIGUSR1 of pid 1: onReady() (SA_RESTART)%0A…%0A" +
        "10. pid 1 (line 19): pause(): pid 1 waits in pause()\n",
    );
    expect(message).toMatch(/^deadlock: pid 1 waits in pause\(\) \(line 19\)/);
  });

  it("a livelock's summary says how many steps repeat", () => {
    const lines = githubReport([livelock]).split("\n").filter(Boolean);
    expect(lines).toHaveLength(livelock.findings.length);
    expect(lines[0]).toMatch(/^::error file=examples\/rules\/livelock\.ts,line=\d+,endLine=\d+,col=\d+,endColumn=\d+,title=livelock::livelock: /);
    expect(lines[0]).toContain("%0Atrace (4 steps; the last 2 repeat forever):%0A1. ");
  });

  it("a clean file prints nothing", () => {
    expect(githubReport([clean])).toBe("");
  });

  it("warnings, findings without a span or a trace", () => {
    const f = lost.findings[0]!;
    const r: FileResult = {
      ...lost,
      file: "dir\\a.ts",
      findings: [
        { ...f, severity: "warning", message: "m", trace: [f.trace[0]!] },
        { ...f, message: "n", span: null, trace: [] },
      ],
    };
    expect(githubReport([r])).toBe(
      "::warning file=dir/a.ts,line=19,endLine=19,col=5,endColumn=12,title=deadlock::m%0Atrace (1 step):%0A" +
        "1. pid 1 (line 13): signal(SIGUSR1, onReady): signal() returns 0, SIGUSR1 of pid 1: onReady() (SA_RESTART)\n" +
        "::error file=dir/a.ts,title=deadlock::n\n",
    );
  });

  it("escapes %, CR and LF in the message, and also : and , in properties", () => {
    const r: FileResult = {
      ...lost,
      file: "we,ird:dir/100%\r\n.ts",
      findings: [{ ...lost.findings[0]!, message: "50% done: a, b\r\nnext", trace: [] }],
    };
    expect(githubReport([r])).toBe(
      "::error file=we%2Cird%3Adir/100%25%0D%0A.ts,line=19,endLine=19,col=5,endColumn=12,title=deadlock::50%25 done: a, b%0D%0Anext\n",
    );
    expect(escapeData("%0A:,\r\n")).toBe("%250A:,%0D%0A");
    expect(escapeProperty("%0A:,\r\n")).toBe("%250A%3A%2C%0D%0A");
  });

  it("a diagnostic is an ::error titled with its code, its help on the next line", () => {
    const dir = mkdtempSync(join(tmpdir(), "ipcheck-github-"));
    writeFileSync(join(dir, "syntax-error.ts"), "export function main(): void {\n  let x = ;\n}\n");
    const r = checkFile(join(dir, "syntax-error.ts"), SETTINGS);
    const d = r.diagnostics[0]!;
    const [line, ...rest] = githubReport([{ ...r, file: "bad.ts" }]).split("\n");
    expect(rest).toEqual([""]);
    expect(line).toMatch(new RegExp(`^::error file=bad\\.ts,line=2,endLine=2,col=\\d+,endColumn=\\d+,title=ipcheck/${d.code}::`));
    expect(line!.slice(line!.indexOf("::", 2) + 2)).toBe(escapeData(d.help ? `${d.message}\nhelp: ${d.help}` : d.message));
  });

  it("an internal error of ipcheck is an ::error, without its stack", () => {
    const r = { ...clean, verdict: "error" as const, internal: "InternalError: broken\n    at f (/somewhere/x.js:1:1)" };
    expect(githubReport([r])).toBe(
      "::error file=examples/rules/deadlock-fixed.ts,title=ipcheck/internal-error::internal error of ipcheck (please report it with the program): InternalError: broken\n",
    );
  });

  it("an inconclusive file is a warning naming its bound", () => {
    const r = checkFile("examples/rules/deadlock-fixed.ts", { ...SETTINGS, maxStates: 2 });
    expect(githubReport([r])).toBe(
      `::warning file=examples/rules/deadlock-fixed.ts,title=ipcheck/inconclusive::inconclusive, nothing found but the search stopped at a bound: states (--max-states 2) (${r.stats.states} states explored)\n`,
    );
  });
});
