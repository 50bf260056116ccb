import { beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { checkFile, type CheckSettings } from "../cli/check-file.js";
import type { FileResult } from "./result.js";
import { escapeXml, escapeXmlText, junitReport } from "./junit.js";

const SETTINGS: CheckSettings = { maxStates: 2_000_000, maxDepth: 100_000, timeoutMs: 120_000, options: {}, now: () => 0 };

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

function parse(xml: string): Json {
  expect(XMLValidator.validate(xml)).toBe(true);
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: "",
    parseAttributeValue: false,
    parseTagValue: false,
    trimValues: false,
    htmlEntities: true,
    isArray: (name) => ["testcase", "failure", "error", "skipped"].includes(name),
  });
  return parser.parse(xml).testsuite;
}

let lost: FileResult;
let livelock: FileResult;
let clean: FileResult;
let syntaxError: FileResult;
let inconclusive: FileResult;

beforeAll(() => {
  lost = checkFile("examples/signals/pause-lost-wakeup.ts", SETTINGS);
  livelock = checkFile("examples/rules/livelock.ts", SETTINGS);
  clean = checkFile("examples/rules/deadlock-fixed.ts", SETTINGS);
  const dir = mkdtempSync(join(tmpdir(), "ipcheck-junit-"));
  writeFileSync(join(dir, "syntax-error.ts"), "export function main(): void {\n  let x = ;\n}\n");
  syntaxError = checkFile(join(dir, "syntax-error.ts"), SETTINGS);
  inconclusive = checkFile("examples/rules/deadlock-fixed.ts", { ...SETTINGS, maxStates: 2 });
}, 120_000);

describe("junitReport", () => {
  it("is well-formed, with one test case per file and counts of test cases", () => {
    const results = [lost, livelock, clean, syntaxError, inconclusive];
    expect(results.map((r) => r.verdict)).toEqual(["violations", "violations", "clean", "error", "inconclusive"]);
    const xml = junitReport(results);
    expect(xml.startsWith(`<?xml version="1.0" encoding="UTF-8"?>\n<testsuite name="ipcheck" tests="5" failures="2" errors="1" skipped="1">\n`)).toBe(true);
    const suite = parse(xml);
    expect(suite.testcase.map((t: Json) => t.name)).toEqual(results.map((r) => r.file));
    for (const t of suite.testcase) expect(t.classname).toBe("ipcheck");
    const [a, b, c, d, e] = suite.testcase;
    expect(a.failure).toHaveLength(lost.findings.length);
    expect(b.failure).toHaveLength(livelock.findings.length);
    expect(c.failure ?? c.error ?? c.skipped).toBeUndefined();
    expect(d.error).toHaveLength(syntaxError.diagnostics.length);
    expect(d.error[0].type).toBe(`ipcheck/${syntaxError.diagnostics[0]!.code}`);
    expect(d.error[0].message).toBe(`${syntaxError.diagnostics[0]!.code}: ${syntaxError.diagnostics[0]!.message}`);
    expect(d.error[0]["#text"]).toMatch(/syntax-error\.ts:2:\d+: error: /);
    expect(e.skipped).toHaveLength(1);
    expect(e.skipped[0].message).toBe("inconclusive: states (--max-states 2)");
    expect(xml).not.toMatch(/\btime=/);
  });

  it("a failure per finding, its trace as the text, one line per step", () => {
    const suite = parse(junitReport([lost]));
    const f = lost.findings[0]!;
    const failure = suite.testcase[0].failure[0];
    expect(failure.type).toBe("deadlock");
    expect(failure.message).toBe(`deadlock: ${f.message}`);
    const lines = failure["#text"].split("\n");
    expect(lines[0]).toBe(`examples/signals/pause-lost-wakeup.ts:19:5: ${f.message}`);
    expect(lines[1]).toBe("trace (10 steps):");
    expect(lines).toHaveLength(2 + f.trace.length);
    expect(lines[2]).toBe("1. pid 1  13:3  signal(SIGUSR1, onReady)  signal() returns 0, SIGUSR1 of pid 1: onReady() (SA_RESTART)");
    expect(lines[9]).toMatch(/^8\. pid 1 in handler\(SIGUSR1\)  9:3  ready = 1 /);
  });

  it("marks a livelock's loop", () => {
    const text: string = parse(junitReport([livelock])).testcase[0].failure[0]["#text"];
    const looping = livelock.findings[0]!.trace.filter((s) => s.loop).length;
    expect(text).toContain(`the last ${looping}, marked ↻, repeat forever`);
    expect(text.split("\n").filter((l) => l.startsWith("↻ "))).toHaveLength(looping);
  });

  it("escapes markup, quotes and control characters in attributes and text", () => {
    const nasty = `a <b> & "c" 'd' ]]> \u0001\u001F\uFFFE tab\tcr\rnl\nend \uD800`;
    const r: FileResult = {
      ...lost,
      file: `dir/"<&>'.ts`,
      findings: [{ ...lost.findings[0]!, message: nasty }],
    };
    const xml = junitReport([r]);
    expect(xml).not.toMatch(/[\u0001\u001F\uFFFE\uD800\r]/);
    // the parser is lenient about markup inside attribute values: check the bytes themselves
    expect(xml).not.toMatch(/&(?!(amp|lt|gt|quot|apos|#\d+);)/);
    const values = [...xml.matchAll(/ [a-z]+="([^"]*)"/g)].map((m) => m[1]!);
    expect(values.length).toBeGreaterThan(5);
    for (const v of values) expect(v).not.toMatch(/[<>'\n\t]/);
    expect(xml).not.toContain("]]>");
    const t = parse(xml).testcase[0];
    expect(t.name).toBe(`dir/"<&>'.ts`);
    const visible = nasty.replace("\u0001", "\\u0001").replace("\u001F", "\\u001F").replace("\uFFFE", "\\uFFFE").replace("\uD800", "\\uD800");
    expect(t.failure[0].message).toBe(`deadlock: ${visible}`);
    expect(t.failure[0]["#text"].split("\n").slice(0, 2).join("\n")).toBe(`dir/"<&>'.ts:19:5: ${visible}`);
  });

  it("escapeXml and escapeXmlText", () => {
    expect(escapeXml(`<a href="x">&'`)).toBe("&lt;a href=&quot;x&quot;&gt;&amp;&apos;");
    expect(escapeXml("a\nb\tc\rd")).toBe("a&#10;b&#9;c&#13;d");
    expect(escapeXmlText("a\nb\tc\rd<")).toBe("a\nb\tc&#13;d&lt;");
    expect(escapeXml("\u0000\u0008\u000B\u000C\u000E")).toBe("\\u0000\\u0008\\u000B\\u000C\\u000E");
    expect(escapeXml("😀 é")).toBe("😀 é");
  });

  it("an internal error of ipcheck is an error, without its stack", () => {
    const r = { ...clean, verdict: "error" as const, internal: "InternalError: broken\n    at f (/somewhere/x.js:1:1)" };
    const t = parse(junitReport([r]));
    expect(t.errors).toBe("1");
    expect(t.testcase[0].error).toEqual([{ message: "internal error of ipcheck (please report it with the program): InternalError: broken", type: "ipcheck/internal-error" }]);
  });

  it("an empty run is a suite of no tests", () => {
    expect(junitReport([])).toBe(`<?xml version="1.0" encoding="UTF-8"?>\n<testsuite name="ipcheck" tests="0" failures="0" errors="0" skipped="0">\n</testsuite>\n`);
  });

  it("gives the same bytes twice", () => {
    const again = checkFile("examples/signals/pause-lost-wakeup.ts", SETTINGS);
    expect(junitReport([again, clean])).toBe(junitReport([lost, clean]));
  });
});
