// Laws over generated programs (fast-check): the checker never crashes, it is deterministic, and
// every stored state is reached again by replaying its path — abstractly to the same words, and
// concretely without a hitch.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { datagramProgramArbitrary, livelockProgramArbitrary, programArbitrary, signalWaitProgramArbitrary, zombieProgramArbitrary } from "./program-generator.js";
import { modelOf, TEST_SETTINGS } from "./check-source.js";
import { parseProgram } from "../src/parser/parse.js";
import { checkModel } from "../src/cli/check-file.js";
import { search } from "../src/explorer/search.js";
import type { Model } from "../src/model/model.js";
import { pathTo, replay } from "../src/explorer/trace.js";

const settings = { ...TEST_SETTINGS, maxStates: 20_000 };

describe("generated programs", () => {
  it("never crash the checker: a verdict or a diagnostic, nothing else", () => {
    fc.assert(
      fc.property(programArbitrary, (source) => {
        const parsed = parseProgram("generated.ts", source);
        if (!parsed.ok) {
          expect(parsed.diagnostics.length).toBeGreaterThan(0);
          return;
        }
        const r = checkModel(parsed.model, settings);
        expect(["clean", "violations", "inconclusive"]).toContain(r.verdict);
        for (const f of r.findings) expect(f.trace.length).toBeGreaterThan(0);
      }),
      { numRuns: 60 },
    );
  });

  it("give the same result twice (determinism)", () => {
    fc.assert(
      fc.property(programArbitrary, (source) => {
        const model = modelOf(source);
        const a = checkModel(model, settings);
        const b = checkModel(modelOf(source), settings);
        expect(b.stats.states).toBe(a.stats.states);
        expect(b.stats.transitions).toBe(a.stats.transitions);
        expect(b.findings.map((f) => [f.rule, f.message, f.trace.length])).toEqual(a.findings.map((f) => [f.rule, f.message, f.trace.length]));
      }),
      { numRuns: 25 },
    );
  });

  it("find the same rules whether or not values that decide nothing are kept", () => {
    fc.assert(
      fc.property(programArbitrary, (source) => {
        const model = modelOf(source);
        const reduced = search(model, { maxStates: 20_000, maxDepth: 10_000 });
        const full = search(model, { maxStates: 20_000, maxDepth: 10_000, keepAllValues: true });
        if (!reduced.complete || !full.complete) return;
        const rules = (r: typeof full) => [...new Set(r.findings.map((f) => f.raw.rule))].sort();
        expect(rules(reduced)).toEqual(rules(full));
      }),
      { numRuns: 60 },
    );
  });

  it("find the same rules and verdict with local work joined to the next step as with each instruction a step, in no more states", () => {
    fc.assert(
      fc.property(programArbitrary, (source) => {
        const model = modelOf(source);
        const merged = search(model, { maxStates: 20_000, maxDepth: 10_000 });
        const unmerged = search({ ...model, options: { ...model.options, mergeLocalWork: false } }, { maxStates: 20_000, maxDepth: 100_000 });
        if (!unmerged.complete) return;
        expect(merged.complete).toBe(true);
        const rules = (r: typeof merged) => [...new Set(r.findings.map((f) => f.raw.rule))].sort();
        expect(rules(merged)).toEqual(rules(unmerged));
        expect(merged.states).toBeLessThanOrEqual(unmerged.states);
      }),
      { numRuns: 60 },
    );
  });

  it("find the same findings with partial-order reduction as without, in no more states", () => {
    fc.assert(
      fc.property(programArbitrary, (source) => {
        reducedAgrees(modelOf(source));
      }),
      { numRuns: 150 },
    );
  });

  it("that may wait for ever, find the same livelocks and other findings with partial-order reduction as without", () => {
    let livelocks = 0;
    fc.assert(
      fc.property(livelockProgramArbitrary, (source) => {
        const full = reducedAgrees(modelOf(source));
        if (full?.findings.some((f) => f.raw.rule === "livelock")) livelocks++;
      }),
      { numRuns: 150 },
    );
    // the generator's point: a good share of its programs wait for ever
    expect(livelocks).toBeGreaterThan(15);
  });

  it("exchanging datagrams, find the same findings with partial-order reduction as without, and with the network's faults decided early as late", () => {
    fc.assert(
      fc.property(datagramProgramArbitrary, (source) => {
        // the assertions name the values the processes counted: a lost interleaving shows as a missing one
        const model = modelOf(source);
        const full = reducedAgrees(model);
        const late = search({ ...model, options: { ...model.options, earlyNetFaults: false } }, { maxStates: 20_000, maxDepth: 10_000, por: false });
        if (full && late.complete) expect(findingKeys(late)).toEqual(findingKeys(full));
      }),
      { numRuns: 100 },
    );
  });

  it("waiting for signals, find the same findings with pause() and sigsuspend() entered with the signal they take as in a step of their own", () => {
    let deadlocks = 0;
    let fewer = 0;
    fc.assert(
      fc.property(fc.oneof(signalWaitProgramArbitrary, programArbitrary), (source) => {
        const model = modelOf(source);
        const merged = reducedAgrees(model);
        const own = reducedAgrees({ ...model, options: { ...model.options, mergeSignalWaits: false } });
        if (!merged || !own) return;
        expect(findingKeys(merged)).toEqual(findingKeys(own));
        // not always fewer: a state at the call with several signals to take stands for a thread
        // inside it too, which takes any of them, where one entered with them pending takes the lowest
        if (merged.states < own.states) fewer++;
        if (merged.findings.some((f) => f.raw.rule === "deadlock")) deadlocks++;
      }),
      { numRuns: 120 },
    );
    // the generator's point: waits that can end stuck, and the rules that read the mask a thread waits with
    expect(deadlocks).toBeGreaterThan(5);
    expect(fewer).toBeGreaterThan(20);
  });

  it("ending children in any order, find the same findings with zombies compacted as with their own pids, in no more states", () => {
    let compacted = 0;
    fc.assert(
      fc.property(fc.oneof(zombieProgramArbitrary, programArbitrary), (source) => {
        const model = modelOf(source);
        const own = reducedAgrees({ ...model, options: { ...model.options, compactZombies: false } });
        const compact = reducedAgrees(model);
        if (!compact || !own) return;
        expect(findingKeys(compact)).toEqual(findingKeys(own));
        expect(compact.states).toBeLessThanOrEqual(own.states);
        if (compact.states < own.states) compacted++;
      }),
      { numRuns: 120 },
    );
    // the generator's point: programs where the compaction merges states
    expect(compacted).toBeGreaterThan(10);
  });

  it("explore the same states whether states are stored whole or as interned components", () => {
    fc.assert(
      fc.property(programArbitrary, (source) => {
        const model = modelOf(source);
        const collapsed = search(model, { maxStates: 20_000, maxDepth: 10_000 });
        const whole = search(model, { maxStates: 20_000, maxDepth: 10_000, collapse: false });
        expect(collapsed.states).toBe(whole.states);
        expect(collapsed.transitions).toBe(whole.transitions);
        expect(collapsed.findings.map((f) => [f.raw.rule, f.raw.key, f.state, f.transition])).toEqual(whole.findings.map((f) => [f.raw.rule, f.raw.key, f.state, f.transition]));
        const a = new Int32Array(4096);
        const b = new Int32Array(4096);
        for (let id = 0; id < collapsed.visited.count; id += 7) {
          const n = collapsed.visited.load(id, a);
          expect(whole.visited.load(id, b)).toBe(n);
          expect(Array.from(a.subarray(0, n))).toEqual(Array.from(b.subarray(0, n)));
        }
      }),
      { numRuns: 40 },
    );
  });

  it("replay every sampled state's path to that very state", () => {
    fc.assert(
      fc.property(programArbitrary, (source) => {
        const model = modelOf(source);
        const result = search(model, { maxStates: 5_000, maxDepth: 10_000 });
        const v = result.visited;
        const step = Math.max(1, Math.floor(v.count / 12));
        const stored = new Int32Array(4096);
        for (let id = 0; id < v.count; id += step) {
          const path = pathTo(v, id, -1);
          const abstract = replay(model, path, false);
          const len = v.load(id, stored);
          expect(Array.from(abstract.finalWords)).toEqual(Array.from(stored.subarray(0, len)));
          const concrete = replay(model, path, true);
          expect(concrete.steps.length).toBe(path.length);
        }
      }),
      { numRuns: 40 },
    );
  });

  it("end each step finding's trace with the step the finding is about", () => {
    const stepRules = new Set(["assertion", "signal-race", "unsafe-handler-call", "signal-lost"]);
    fc.assert(
      fc.property(programArbitrary, (source) => {
        const r = checkModel(modelOf(source), settings);
        for (const f of r.findings) {
          if (!stepRules.has(f.rule) || f.span === null) continue;
          expect(f.trace.at(-1)!.span).toEqual(f.span);
        }
      }),
      { numRuns: 40 },
    );
  });
});

type Searched = ReturnType<typeof search>;

/** The findings of a search, each as its rule and key (one finding per key). */
function findingKeys(r: Searched): string[] {
  return [...new Set(r.findings.map((f) => `${f.raw.rule} ${f.raw.key}`))].sort();
}

/**
 * Searches a model with and without partial-order reduction: when the full search finishes, the
 * reduced one finishes too, with the same findings in no more states. Returns the full search, or
 * null when it did not finish (within 20,000 states).
 */
function reducedAgrees(model: Model): Searched | null {
  const reduced = search(model, { maxStates: 20_000, maxDepth: 10_000 });
  const full = search(model, { maxStates: 20_000, maxDepth: 10_000, por: false });
  if (!full.complete) return null;
  expect(reduced.complete).toBe(true);
  expect(findingKeys(reduced)).toEqual(findingKeys(full));
  expect(reduced.states).toBeLessThanOrEqual(full.states);
  return full;
}
