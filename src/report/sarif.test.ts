import { beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ajvDraft04 from "ajv-draft-04";
import ajvFormats from "ajv-formats";
import { checkFile, type CheckSettings } from "../cli/check-file.js";
import { RULES } from "../rules/registry.js";
import type { FileResult } from "./result.js";
import type { TraceStep } from "../explorer/trace.js";
import { artifactLocation, flowOf, sarifReport, threadFlowIds } from "./sarif.js";

// The OASIS SARIF 2.1.0 schema (rtm.5, draft-04), as @microsoft/jest-sarif ships it.
const require = createRequire(import.meta.url);
const schema = JSON.parse(readFileSync(require.resolve("@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json"), "utf8"));
// Both are CommonJS modules whose exports carry the class or plugin as `default`. unicodeRegExp off: the
// schema's pattern for `language` has a stray `]`, valid only without the u flag; strictRequired off: the
// schema requires "index" in an anyOf branch that does not declare it (that is allowed, strict mode flags it).
const ajv = new ajvDraft04.default({ allErrors: true, strict: true, strictRequired: false, unicodeRegExp: false });
ajvFormats.default(ajv);
const validate = ajv.compile(schema);

const SETTINGS: CheckSettings = { maxStates: 2_000_000, maxDepth: 100_000, timeoutMs: 120_000, options: {}, now: () => 0 };

function examples(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? examples(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : []))
    .sort();
}

function expectValid(sarif: string): void {
  const ok = validate(JSON.parse(sarif));
  expect(validate.errors ?? [], JSON.stringify(validate.errors, null, 2)).toEqual([]);
  expect(ok).toBe(true);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

const step = (actor: string, effect: string[] = [], extra: Partial<TraceStep> = {}): TraceStep => ({
  actor, kind: "step", pid: Number(/pid (\d+)/.exec(actor)?.[1] ?? 0), span: null, text: "x", effect, output: null, ...extra,
});

let all: FileResult[] = [];
let syntaxError: FileResult;
let inconclusive: FileResult;

beforeAll(() => {
  all = examples("examples").map((file) => checkFile(file, SETTINGS));
  const dir = mkdtempSync(join(tmpdir(), "ipcheck-sarif-"));
  const bad = join(dir, "syntax-error.ts");
  writeFileSync(bad, "export function main(): void {\n  let x = ;\n}\n");
  syntaxError = checkFile(bad, SETTINGS);
  inconclusive = checkFile("examples/rules/deadlock-fixed.ts", { ...SETTINGS, maxStates: 2 });
}, 300_000);

const byFile = (file: string) => all.find((r) => r.file === file)!;

describe("sarifReport against the SARIF 2.1.0 schema", () => {
  it("checks every example", () => {
    expect(all.length).toBeGreaterThan(60);
    expect(all.filter((r) => r.verdict === "violations").length).toBeGreaterThan(20);
  });

  it("the validator rejects what the schema forbids", () => {
    const good = JSON.parse(sarifReport([byFile("examples/rules/deadlock.ts")], { version: "0.1.0" }));
    expect(validate(good)).toBe(true);
    const mutate = (f: (log: Json) => void) => {
      const log = structuredClone(good);
      f(log);
      return validate(log);
    };
    expect(mutate((log) => (log.runs[0].results[0].level = "fatal"))).toBe(false);
    expect(mutate((log) => delete log.version)).toBe(false);
    expect(mutate((log) => (log.runs[0].results[0].locations[0].physicalLocation.region.startLine = 0))).toBe(false);
    expect(mutate((log) => (log.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri = "a b\\c"))).toBe(false);
    expect(mutate((log) => (log.runs[0].results[0].codeFlows[0].threadFlows[0].locations = []))).toBe(false);
    expect(mutate((log) => (log.runs[0].tool.driver.informationUri = "not a uri"))).toBe(false);
  });

  it("every example's report validates, one file at a time", () => {
    for (const r of all) {
      const sarif = sarifReport([r], { version: "0.1.0" });
      const ok = validate(JSON.parse(sarif));
      expect(validate.errors ?? [], `${r.file}: ${JSON.stringify(validate.errors)}`).toEqual([]);
      expect(ok).toBe(true);
    }
  });

  it("all the examples in one report validate", () => {
    expectValid(sarifReport(all, { version: "0.1.0" }));
  });

  it("a syntax error validates, as a result and a failed execution's notification", () => {
    expect(syntaxError.verdict).toBe("error");
    expect(syntaxError.diagnostics.length).toBeGreaterThan(0);
    const sarif = sarifReport([syntaxError, byFile("examples/rules/deadlock.ts")], { version: "0.1.0" });
    expectValid(sarif);
    const run = JSON.parse(sarif).runs[0];
    const code = syntaxError.diagnostics[0]!.code;
    expect(run.invocations[0].executionSuccessful).toBe(false);
    const note = run.invocations[0].toolExecutionNotifications[0];
    expect(note.descriptor.id).toBe(`ipcheck/${code}`);
    expect(run.tool.driver.notifications[note.descriptor.index].id).toBe(`ipcheck/${code}`);
    expect(note.level).toBe("error");
    const result = run.results.find((x: Json) => x.ruleId === `ipcheck/${code}`);
    expect(result.level).toBe("error");
    expect(result.ruleIndex).toBeUndefined();
    // an absolute path becomes a file: URI, with no base
    expect(result.locations[0].physicalLocation.artifactLocation.uri).toMatch(/^file:\/\/\/.*syntax-error\.ts$/);
    expect(result.locations[0].physicalLocation.artifactLocation.uriBaseId).toBeUndefined();
    expect(result.locations[0].physicalLocation.region.startLine).toBe(2);
  });

  it("an inconclusive run validates and names its bound in a notification", () => {
    expect(inconclusive.verdict).toBe("inconclusive");
    const sarif = sarifReport([inconclusive], { version: "0.1.0" });
    expectValid(sarif);
    const invocation = JSON.parse(sarif).runs[0].invocations[0];
    expect(invocation.executionSuccessful).toBe(true);
    expect(invocation.toolExecutionNotifications).toHaveLength(1);
    expect(invocation.toolExecutionNotifications[0].descriptor.id).toBe("ipcheck/inconclusive");
    expect(invocation.toolExecutionNotifications[0].level).toBe("warning");
    expect(invocation.toolExecutionNotifications[0].message.text).toContain("--max-states 2");
  });

  it("an internal error of ipcheck validates, as a failed execution's notification without the stack", () => {
    const r = { ...byFile("examples/rules/deadlock-fixed.ts"), verdict: "error" as const, internal: "InternalError: broken\n    at f (/somewhere/x.js:1:1)" };
    const sarif = sarifReport([r], { version: "0.1.0" });
    expectValid(sarif);
    const run = JSON.parse(sarif).runs[0];
    expect(run.results).toEqual([]);
    expect(run.invocations[0].executionSuccessful).toBe(false);
    const note = run.invocations[0].toolExecutionNotifications[0];
    expect(note.descriptor.id).toBe("ipcheck/internal-error");
    expect(note.message.text).toBe("examples/rules/deadlock-fixed.ts: internal error of ipcheck (please report it with the program): InternalError: broken");
  });

  it("warnings, odd paths, control characters and findings without a span validate", () => {
    const r = byFile("examples/signals/pause-lost-wakeup.ts");
    const odd: FileResult = {
      ...r,
      file: "some dir\\weird #1?:name%.ts",
      findings: [
        { ...r.findings[0]!, severity: "warning", message: "a \"quoted\" <message>\u0001 with\nnewline" },
        { ...r.findings[0]!, span: null, related: [], trace: [] },
      ],
    };
    const sarif = sarifReport([odd, { ...r, source: null }], { version: "1.2.3-beta.1" });
    expectValid(sarif);
    const run = JSON.parse(sarif).runs[0];
    expect(run.results[0].level).toBe("warning");
    expect(run.results[0].locations[0].physicalLocation.artifactLocation).toEqual({
      uri: "some%20dir/weird%20%231%3F%3Aname%25.ts",
      uriBaseId: "%SRCROOT%",
    });
    expect(run.results[1].locations[0].physicalLocation.region).toBeUndefined();
    expect(run.results[1].codeFlows).toBeUndefined();
  });
});

describe("sarifReport's contents", () => {
  it("lists every rule of the registry in id order, with its metadata", () => {
    const driver = JSON.parse(sarifReport([], { version: "9.9.9" })).runs[0].tool.driver;
    expect(driver.name).toBe("ipcheck");
    expect(driver.version).toBe("9.9.9");
    expect(driver.informationUri).toBe("https://www.npmjs.com/package/ipcheck");
    expect(driver.rules.map((r: Json) => r.id)).toEqual(RULES.map((r) => r.id));
    expect(driver.rules.map((r: Json) => r.id)).toEqual([...RULES.map((r) => r.id)].sort());
    driver.rules.forEach((rule: Json, i: number) => {
      expect(rule.shortDescription.text).toBe(RULES[i]!.summary);
      expect(rule.help.text).toBe(RULES[i]!.help);
      expect(rule.fullDescription.text.length).toBeGreaterThan(0);
      expect(rule.defaultConfiguration.level).toBe(RULES[i]!.severity);
    });
  });

  it("gives one result per finding, with its rule, index, level, location and fingerprint", () => {
    const run = JSON.parse(sarifReport(all, { version: "0.1.0" })).runs[0];
    const findings = all.flatMap((r) => r.findings.map((f) => ({ r, f })));
    expect(run.results).toHaveLength(findings.length);
    run.results.forEach((result: Json, i: number) => {
      const { r, f } = findings[i]!;
      expect(result.ruleId).toBe(f.rule);
      expect(run.tool.driver.rules[result.ruleIndex].id).toBe(f.rule);
      expect(result.level).toBe("error");
      expect(result.message.text).toBe(f.message);
      expect(result.locations[0].physicalLocation.artifactLocation).toEqual({ uri: r.file, uriBaseId: "%SRCROOT%" });
      expect(result.partialFingerprints["ipcheck/v1"]).toMatch(/^[0-9a-f]{32}$/);
      expect(result.relatedLocations?.length ?? 0).toBe(f.related.length);
    });
    expect(run.invocations[0]).toEqual({ executionSuccessful: true });
  });

  it("pause-lost-wakeup: one thread flow per process, the handler's steps in its process's flow", () => {
    const r = byFile("examples/signals/pause-lost-wakeup.ts");
    const result = JSON.parse(sarifReport([r], { version: "0.1.0" })).runs[0].results[0];
    expect(result.ruleId).toBe("deadlock");
    expect(result.locations[0].physicalLocation.region).toEqual({ startLine: 19, startColumn: 5, endLine: 19, endColumn: 12 });
    const flows = result.codeFlows[0].threadFlows;
    expect(flows.map((f: Json) => f.id)).toEqual(["pid 1", "pid 2"]);
    const trace = r.findings[0]!.trace;
    const orders = flows.flatMap((f: Json) => f.locations.map((l: Json) => l.executionOrder));
    expect([...orders].sort((a, b) => a - b)).toEqual(trace.map((_, i) => i + 1));
    for (const flow of flows) {
      const own = flow.locations.map((l: Json) => l.executionOrder);
      expect(own).toEqual([...own].sort((a: number, b: number) => a - b));
      for (const l of flow.locations) expect(flowOf(trace[l.executionOrder - 1]!.actor)).toBe(flow.id);
    }
    const handler = flows[0].locations.filter((l: Json) => l.properties.actor === "pid 1 in handler(SIGUSR1)");
    expect(handler).toHaveLength(2);
    for (const l of handler) expect(l.nestingLevel).toBe(1);
    const first = flows[0].locations[0];
    expect(first.location.message.text).toBe(`${trace[0]!.text}: ${trace[0]!.effect.join(", ")}`);
    expect(first.location.physicalLocation.region.startLine).toBe(13);
  });

  it("threads: the main thread is one flow, before and after the other threads exist", () => {
    const r = byFile("examples/threads/sigmask-worker-unblocked.ts");
    const run = JSON.parse(sarifReport([r], { version: "0.1.0" })).runs[0];
    for (const result of run.results) {
      const ids = result.codeFlows[0].threadFlows.map((f: Json) => f.id);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids).not.toContain("pid 1");
      expect(ids).toContain("pid 1/thread 1");
      expect(ids).toContain("pid 1/thread 2");
    }
  });

  it("marks a livelock's loop", () => {
    const r = byFile("examples/rules/livelock.ts");
    const result = JSON.parse(sarifReport([r], { version: "0.1.0" })).runs[0].results[0];
    expect(result.ruleId).toBe("livelock");
    const locations = result.codeFlows[0].threadFlows.flatMap((f: Json) => f.locations);
    const loop = locations.filter((l: Json) => l.kinds?.includes("loop")).map((l: Json) => l.executionOrder);
    const expected = r.findings[0]!.trace.flatMap((s, i) => (s.loop ? [i + 1] : []));
    expect(expected.length).toBeGreaterThan(0);
    expect(loop.sort()).toEqual(expected);
    expect(result.codeFlows[0].message.text).toContain(`the last ${expected.length} repeat forever`);
  });

  it("gives the same bytes and fingerprints on a second run", () => {
    const files = ["examples/signals/pause-lost-wakeup.ts", "examples/rules/livelock.ts", "examples/threads/tally-unlocked.ts"];
    const again = files.map((f) => checkFile(f, SETTINGS));
    const first = sarifReport(files.map(byFile), { version: "0.1.0" });
    const second = sarifReport(again, { version: "0.1.0" });
    expect(second).toBe(first);
    const prints = (s: string) => JSON.parse(s).runs[0].results.map((x: Json) => x.partialFingerprints["ipcheck/v1"]);
    expect(prints(second)).toEqual(prints(first));
    expect(prints(first).length).toBeGreaterThan(0);
    expect(sarifReport(all, { version: "0.1.0" })).toBe(sarifReport(all, { version: "0.1.0" }));
  });

  it("a fingerprint follows rule, file and message, not the line", () => {
    const r = byFile("examples/rules/deadlock.ts");
    const moved: FileResult = { ...r, source: `\n\n${r.source}`, findings: r.findings.map((f) => ({ ...f, span: f.span && { start: f.span.start + 2, end: f.span.end + 2 } })) };
    const print = (x: FileResult) => JSON.parse(sarifReport([x], { version: "0" })).runs[0].results[0];
    expect(print(moved).partialFingerprints).toEqual(print(r).partialFingerprints);
    expect(print(moved).locations[0].physicalLocation.region.startLine).toBe(print(r).locations[0].physicalLocation.region.startLine + 2);
    const renamed = { ...r, file: "examples/rules/other.ts" };
    expect(print(renamed).partialFingerprints).not.toEqual(print(r).partialFingerprints);
  });
});

describe("artifactLocation", () => {
  it.each([
    ["examples/a.ts", { uri: "examples/a.ts", uriBaseId: "%SRCROOT%" }],
    ["examples\\win\\a.ts", { uri: "examples/win/a.ts", uriBaseId: "%SRCROOT%" }],
    ["./a b.ts", { uri: "./a%20b.ts", uriBaseId: "%SRCROOT%" }],
    ["/abs/p a.ts", { uri: "file:///abs/p%20a.ts" }],
    ["C:\\src\\a.ts", { uri: "file:///C:/src/a.ts" }],
  ])("%s", (file, expected) => {
    expect(artifactLocation(file)).toEqual(expected);
  });
});

describe("thread flows", () => {
  it("strips handlers and timers", () => {
    expect(flowOf("pid 1/thread 3 in handler(SIGUSR1)")).toBe("pid 1/thread 3");
    expect(flowOf("pid 2 (timer)")).toBe("pid 2");
    expect(flowOf("environment")).toBe("environment");
    expect(flowOf("network")).toBe("network");
  });

  it("gives a plain pid step to the one thread its process has", () => {
    const trace = [
      step("pid 1"),
      step("pid 1", ["pid 1/thread 2 created"]),
      step("pid 1/thread 2", ["pid 1/thread 2 ends"]),
      step("pid 1/thread 1 in handler(SIGINT)"),
      step("environment", [], { kind: "environment" }),
      step("pid 1", ["pid 1/thread 2 reaped"]),
      step("pid 2"),
      step("pid 3 (timer)", [], { kind: "alarm" }),
    ];
    expect(threadFlowIds(trace)).toEqual([
      "pid 1/thread 1", "pid 1/thread 1", "pid 1/thread 2", "pid 1/thread 1", "environment", "pid 1/thread 1", "pid 2", "pid 3",
    ]);
  });

  it("after the main thread ends, a plain pid step is the thread left", () => {
    const trace = [
      step("pid 1", ["pid 1/thread 2 created"]),
      step("pid 1/thread 1", ["pid 1/thread 1 ends"]),
      step("pid 1"),
    ];
    expect(threadFlowIds(trace)).toEqual(["pid 1/thread 1", "pid 1/thread 1", "pid 1/thread 2"]);
  });
});
