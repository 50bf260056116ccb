// Swarm members: member 1 is the usual search; the others search depth-first in their own orders,
// find the same rules (livelock aside), reach the same states without reduction, and reach bugs at the
// end of long runs that a bounded breadth-first search does not.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { programArbitrary } from "../../test/program-generator.js";
import { modelOf, TEST_SETTINGS } from "../../test/check-source.js";
import { checkModel } from "../cli/check-file.js";
import { search, type SearchResult } from "./search.js";
import { IdStack, SwarmOrder, memberSeed } from "./swarm.js";
import { signalStormChecked } from "../bench/models.js";

const rules = (r: SearchResult) => [...new Set(r.findings.map((f) => f.raw.rule))].filter((id) => id !== "livelock").sort();
const member = (index: number, count = 8) => ({ index, count });
const BOUNDS = { maxStates: 20_000, maxDepth: 10_000 };

describe("swarm order", () => {
  it("shuffles each state's transitions into a permutation, the ample one first, the same for the same seed", () => {
    const a = new SwarmOrder(memberSeed(member(2)));
    const b = new SwarmOrder(memberSeed(member(2)));
    const c = new SwarmOrder(memberSeed(member(3)));
    const orders = (o: SwarmOrder) => Array.from({ length: 20 }, () => Array.from(o.shuffle(9, 4).subarray(0, 9)));
    const [oa, ob, oc] = [orders(a), orders(b), orders(c)];
    expect(oa).toEqual(ob);
    expect(oc).not.toEqual(oa);
    for (const o of [...oa, ...oc]) {
      expect(o[0]).toBe(4);
      expect([...o].sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    }
    expect(new Set(oa.map((o) => o.join())).size).toBeGreaterThan(10);
    expect(a.shuffle(1, -1)[0]).toBe(0);
  });

  it("keeps the states to expand newest first", () => {
    const s = new IdStack();
    for (let i = 0; i < 5_000; i++) s.push(i);
    expect(s.pop()).toBe(4_999);
    expect(s.size).toBe(4_999);
    while (s.size > 1) s.pop();
    expect(s.pop()).toBe(0);
    expect(s.pop()).toBe(-1);
  });
});

describe("swarm search", () => {
  it("member 1 is the usual breadth-first search", () => {
    const model = modelOf(signalStormChecked(2));
    const plain = search(model, BOUNDS);
    const first = search(model, { ...BOUNDS, swarm: member(1) });
    expect(first.states).toBe(plain.states);
    expect(first.complete).toBe(plain.complete);
    expect(first.findings.map((f) => [f.raw.key, f.state, f.transition])).toEqual(plain.findings.map((f) => [f.raw.key, f.state, f.transition]));
  });

  it("finds the bug at the end of a run, past a bounded breadth-first search, in most members", () => {
    const model = modelOf(signalStormChecked(5));
    const found = (r: SearchResult) => r.findings.some((f) => f.raw.rule === "assertion");
    const bfs = search(model, { maxStates: 20_000, maxDepth: 10_000 });
    expect(bfs.complete).toBe(false);
    expect(found(bfs)).toBe(false);
    const members = [2, 3, 4, 5, 6, 7, 8].map((i) => search(model, { maxStates: 2_000, maxDepth: 10_000, swarm: member(i) }));
    expect(members.filter(found).length).toBeGreaterThanOrEqual(5);
    for (const r of members) expect(r.bound).toBe("states (--max-states 2000)");
  });

  it("says what a depth-first member leaves out: never clean", () => {
    const clean = `import { fork, wait, _exit } from "ipcheck";
export function main(): void {
  for (let i = 0; i < 3; i++) { if (fork() === 0) { _exit(0); } }
  for (let i = 0; i < 3; i++) wait();
}`;
    expect(checkModel(modelOf(clean), { ...TEST_SETTINGS, swarm: member(1, 4) }).verdict).toBe("clean");
    const r = checkModel(modelOf(clean), { ...TEST_SETTINGS, swarm: member(2, 4) });
    expect(r.verdict).toBe("inconclusive");
    expect(r.stats.bound).toBe("livelock analysis (not done by swarm member 2/4, which searches depth-first)");
    expect(r.stats.complete).toBe(false);
  });

  it("on generated programs: the same states without reduction, the same rules with it (livelock aside), traces that replay", () => {
    fc.assert(
      fc.property(programArbitrary, fc.integer({ min: 2, max: 64 }), (source, index) => {
        const model = modelOf(source);
        const full = search(model, { ...BOUNDS, por: false });
        if (!full.complete) return;
        const dfs = search(model, { ...BOUNDS, por: false, swarm: member(index, 64) });
        expect(dfs.states).toBe(full.states);
        expect(rules(dfs)).toEqual(rules(full));
        const reduced = search(model, { ...BOUNDS, swarm: member(index, 64) });
        expect(reduced.states).toBeLessThanOrEqual(full.states);
        expect(rules(reduced)).toEqual(rules(full));
        const compact = search(model, { ...BOUNDS, swarm: member(index, 64), hashCompact: true });
        expect(compact.states).toBe(reduced.states);
        expect(rules(compact)).toEqual(rules(full));
        const checked = checkModel(model, { ...TEST_SETTINGS, ...BOUNDS, swarm: member(index, 64) });
        expect([...new Set(checked.findings.map((f) => f.rule))].filter((id) => id !== "livelock").sort()).toEqual(rules(full));
        for (const f of checked.findings) expect(f.trace.length).toBeGreaterThan(0);
      }),
      { numRuns: 80 },
    );
  });
});
