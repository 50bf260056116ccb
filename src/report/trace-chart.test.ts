import { beforeAll, describe, expect, it } from "vitest";
import { checkFile, type CheckSettings } from "../cli/check-file.js";
import type { FileResult, Finding } from "./result.js";
import { deadlockClauses, traceChart, type Chart } from "./trace-chart.js";

const SETTINGS: CheckSettings = { maxStates: 2_000_000, maxDepth: 100_000, timeoutMs: 120_000, options: {}, now: () => 0 };

const results = new Map<string, FileResult>();
const finding = (file: string, rule: string): Finding => results.get(file)!.findings.find((f) => f.rule === rule)!;
const labels = (c: Chart) => c.lanes.map((l) => l.label);
const arrows = (c: Chart, kind: string) => c.arrows.filter((a) => a.kind === kind).map((a) => [a.fromRow + 1, a.toRow + 1, a.label]);

beforeAll(() => {
  for (const file of [
    "examples/signals/handler-race-counter.ts",
    "examples/threads/transfer-lock-order.ts",
    "examples/rules/data-race.ts",
    "examples/pipes/two-writers-torn-messages.ts",
    "examples/rules/signal-lost.ts",
    "examples/pipes/reader-keeps-write-end.ts",
    "examples/rules/livelock.ts",
    "examples/signals/two-handlers-masked.ts",
  ]) results.set(file, checkFile(file, SETTINGS));
}, 120_000);

describe("traceChart", () => {
  it("draws a signal race: the environment's lane, the signal's arrow, the handler's box, the racing steps", () => {
    const c = traceChart(finding("examples/signals/handler-race-counter.ts", "signal-race"));
    expect(labels(c)).toEqual(["environment", "pid 1"]);
    expect(c.rows.map((r) => r.lane)).toEqual([1, 1, 0, 1, 1]);
    expect(arrows(c, "signal")).toEqual([[3, 4, "SIGUSR1"]]);
    expect(c.boxes).toEqual([{ lane: 1, fromRow: 4, toRow: 4, depth: 1, label: "handler(SIGUSR1)" }]);
    // the interrupted read, the delivery, the handler's read
    expect(c.highlighted.map((i) => i + 1)).toEqual([2, 4, 5]);
    expect(c.rows.map((r) => r.depth)).toEqual([0, 0, 0, 0, 1]);
  });

  it("draws a deadlock: a lane per thread, the blocked row and the wait-for cycle", () => {
    const c = traceChart(finding("examples/threads/transfer-lock-order.ts", "deadlock"));
    expect(labels(c)).toEqual(["pid 1 · thread 1", "pid 1 · thread 2", "pid 1 · thread 3"]);
    expect(c.blocked.map((b) => b.lane)).toEqual([0, 1, 2]);
    expect(c.blocked[1]!.text).toMatch(/^holds checkingLock and waits in pthread_mutex_lock\(\) for savingsLock/);
    expect(c.arrows.filter((a) => a.kind === "wait").map((a) => [a.fromLane, a.toLane])).toEqual([[0, 1], [1, 2], [2, 1]]);
    expect(arrows(c, "thread")).toEqual([[5, 7, "create thread 2"], [6, 8, "create thread 3"]]);
    // each blocked thread's last step
    expect(c.highlighted.map((i) => i + 1)).toEqual([6, 7, 8]);
  });

  it("highlights a data race's two accesses and draws the write the read takes", () => {
    const c = traceChart(finding("examples/rules/data-race.ts", "data-race"));
    expect(c.highlighted.map((i) => i + 1)).toEqual([4, 5]);
    expect(arrows(c, "data")).toEqual([[4, 5, "sold"]]);
  });

  it("draws forks and the pipe's data from each writer to the reader", () => {
    const c = traceChart(finding("examples/pipes/two-writers-torn-messages.ts", "assertion"));
    expect(labels(c)).toEqual(["pid 1", "pid 2", "pid 3"]);
    expect(arrows(c, "fork")).toEqual([[2, 5, "fork → pid 2"], [3, 8, "fork → pid 3"]]);
    expect(arrows(c, "data")).toEqual([[6, 7, "pipe #1"], [9, 10, "pipe #1"]]);
    expect(c.highlighted.map((i) => i + 1)).toEqual([11]);
  });

  it("ends a lost signal with a cross in the target's lane", () => {
    const f = finding("examples/rules/signal-lost.ts", "signal-lost");
    const c = traceChart(f);
    const lost = c.arrows.filter((a) => a.kind === "lost");
    expect(lost).toHaveLength(1);
    expect(lost[0]!.fromRow).toBe(f.trace.length - 1);
    expect(c.lanes[lost[0]!.toLane]!.pid).toBe(1);
  });

  it("names the process a blocked process waits for", () => {
    const c = traceChart(finding("examples/pipes/reader-keeps-write-end.ts", "deadlock"));
    expect(c.blocked.map((b) => c.lanes[b.lane]!.label)).toEqual(["pid 1", "pid 2"]);
    expect(c.arrows.filter((a) => a.kind === "wait").map((a) => [c.lanes[a.fromLane]!.label, c.lanes[a.toLane]!.label])).toEqual([["pid 1", "pid 2"]]);
  });

  it("highlights a livelock's repeating steps", () => {
    const c = traceChart(finding("examples/rules/livelock.ts", "livelock"));
    expect(c.highlighted.map((i) => i + 1)).toEqual([3, 4]);
    expect(c.rows.filter((r) => r.loop).map((r) => r.step + 1)).toEqual([3, 4]);
  });

  it("nests a box per handler level", () => {
    const r = results.get("examples/signals/two-handlers-masked.ts")!;
    for (const f of r.findings) {
      const c = traceChart(f);
      for (const b of c.boxes) expect(b.fromRow).toBeLessThanOrEqual(b.toRow);
      for (const row of c.rows) expect(row.depth).toBeGreaterThanOrEqual(0);
    }
  });
});

describe("deadlockClauses", () => {
  it("splits the message into one clause per blocked thread", () => {
    expect(deadlockClauses("deadlock: pid 1 waits in waitpid() (line 25) for a child to end: pid 2, which is itself blocked in sigsuspend(); pid 2 waits in sigsuspend() (line 21)")).toEqual([
      { lane: { kind: "thread", pid: 1, tid: null }, text: "waits in waitpid() (line 25) for a child to end: pid 2, which is itself blocked in sigsuspend()" },
      { lane: { kind: "thread", pid: 2, tid: null }, text: "waits in sigsuspend() (line 21)" },
    ]);
  });
});
