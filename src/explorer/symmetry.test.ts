// Symmetry reduction: interchangeable siblings are one state up to renaming, the findings stay the
// same, traces are real runs; programs that tell pids apart are not reduced.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { programArbitrary } from "../../test/program-generator.js";
import { checkSource, modelOf, TEST_SETTINGS } from "../../test/check-source.js";
import { checkModel } from "../cli/check-file.js";
import { search, type SearchResult } from "./search.js";
import { signalStorm } from "../bench/models.js";

const storm = signalStorm;

const rules = (r: SearchResult) => [...new Set(r.findings.map((f) => f.raw.rule))].filter((id) => id !== "livelock").sort();

describe("symmetry reduction", () => {
  it("keeps one state for each way of sharing the children's positions out (N children signalling the parent)", () => {
    const model = modelOf(storm(4));
    const full = search(model, { maxStates: 200_000, maxDepth: 10_000 });
    const sym = search(model, { maxStates: 200_000, maxDepth: 10_000, symmetry: true });
    expect(sym.symmetric).toBe(true);
    expect(rules(sym)).toEqual(["signal-lost"]);
    expect(rules(sym)).toEqual(rules(full));
    expect(sym.states * 5).toBeLessThan(full.states);
  });

  it("says the livelock analysis was not done: never clean", () => {
    const r = checkSource(`import { fork, wait, _exit } from "ipcheck";
export function main(): void {
  for (let i = 0; i < 3; i++) { if (fork() === 0) { _exit(0); } }
  for (let i = 0; i < 3; i++) wait();
}`, { symmetry: true });
    expect(r.verdict).toBe("inconclusive");
    expect(r.stats.bound).toMatch(/livelock analysis/);
  });

  it("traces a real run: each process keeps its pid from fork to exit", () => {
    const r = checkSource(storm(3), { symmetry: true });
    const lost = r.findings.find((f) => f.rule === "signal-lost")!;
    const created = lost.trace.flatMap((s) => s.effect.filter((e) => / created$/.test(e)).map((e) => e.split(" ")[1]));
    const acting = new Set(lost.trace.filter((s) => s.kind === "step").map((s) => s.actor.replace(/ in handler.*$/, "").replace(/^pid /, "")));
    for (const pid of acting) if (pid !== "1") expect(created).toContain(pid);
    expect(lost.trace.at(-1)!.effect.join(" ")).toMatch(/SIGUSR1/);
  });

  it("does not reduce a program that orders pids", () => {
    const source = `import { fork, wait, _exit, assert } from "ipcheck";
export function main(): void {
  const a = fork();
  if (a === 0) { _exit(0); }
  const b = fork();
  if (b === 0) { _exit(0); }
  assert(a < b, "pids grow");
  wait(); wait();
}`;
    const model = modelOf(source);
    expect(search(model, { maxStates: 10_000, maxDepth: 1_000, symmetry: true }).symmetric).toBe(false);
  });

  it("finds the same rules as the full search on generated programs (livelock aside), and traces replay", () => {
    fc.assert(
      fc.property(programArbitrary, (source) => {
        const model = modelOf(source);
        const full = search(model, { maxStates: 20_000, maxDepth: 10_000 });
        const sym = search(model, { maxStates: 20_000, maxDepth: 10_000, symmetry: true });
        if (!full.complete) return;
        // (no law on the counts: a sibling whose pid another process holds is not sorted, so an
        // orbit may have two representatives)
        expect(rules(sym)).toEqual(rules(full));
        const checked = checkModel(model, { ...TEST_SETTINGS, maxStates: 20_000, symmetry: true });
        for (const f of checked.findings) expect(f.trace.length).toBeGreaterThan(0);
      }),
      { numRuns: 120 },
    );
  });
});
