// Threads and synchronization objects made in a loop, in the Promela translation: a thread slot is
// taken again once its thread is joined, so a loop may start more threads in a run than a process
// holds at once; past the slots (ipcheck's maxThreads) the run stops with an assertion that says so.
// SPIN runs on each translation (.ci/run installs spin).
import { describe, expect, it } from "vitest";
import { search } from "../explorer/search.js";
import { spinVerdicts } from "./spin.js";
import { expectBound, expectSameVerdicts, rules, translated } from "../../test/promela-translation.js";
import { philosophers as benchPhilosophers } from "../bench/models.js";

/** n philosophers (the bench's, threads started in a loop); `naive`: the last takes its forks in the same order as the others. */
function philosophers(n: number, naive: boolean): string {
  const ordered = benchPhilosophers(n);
  if (!naive) return ordered;
  const naiveText = ordered.replace(/const first = .*;\n  const second = .*;/, `const first = i;\n  const second = (i + 1) % ${n};`);
  if (naiveText === ordered) throw new Error("the bench's philosophers changed shape");
  return naiveText;
}

/** A mutex made, locked and unlocked in each of n turns of a loop. */
function mutexPerTurn(n: number): string {
  return `import { pthread_mutex_init, pthread_mutex_lock, pthread_mutex_unlock, assert } from "ipcheck";
export function main(): void {
  for (let i = 0; i < ${n}; i++) {
    const m = pthread_mutex_init();
    assert(pthread_mutex_lock(m) === 0, "locked");
    pthread_mutex_unlock(m);
  }
}
`;
}

describe("threads and mutexes made in a loop, in Promela", () => {
  it("philosophers whose threads are started in a loop: SPIN's verdicts are ipcheck's", async () => {
    for (const naive of [false, true]) expect(await expectSameVerdicts(philosophers(3, naive))).toEqual(naive ? ["deadlock"] : []);
  }, 120_000);

  it("takes a joined thread's slot again: a loop may start more threads than a process holds at once", async () => {
    const source = `import { pthread_create, pthread_join, assert } from "ipcheck";
let done = 0;
function work(i: number): void { done = done + 1; }
export function main(): void {
  for (let i = 0; i < 20; i++) pthread_join(pthread_create(work, i));
  assert(done === 20, "every thread ran");
}
`;
    const { model, text } = translated(source);
    expect(text).toContain("THREADSFULL");
    const spin = await spinVerdicts(text);
    expect(spin.problem).toBe("");
    expect({ assertion: spin.assertion, deadlock: spin.invalidEnd }).toEqual({ assertion: false, deadlock: false });
    expect(rules(model)).toEqual({ complete: true, rules: [] });
  }, 120_000);

  it("stops a run with an assertion past the thread slots, where ipcheck reaches its bound", async () => {
    const source = `import { pthread_create, type CheckOptions } from "ipcheck";
export const options: CheckOptions = { maxThreads: 3 };
function work(i: number): void {}
export function main(): void {
  for (let i = 0; i < 5; i++) pthread_create(work, i);
}
`;
    const { model, text } = translated(source);
    const spin = await spinVerdicts(text);
    expect(spin.assertion).toBe(true);
    const r = search(model, { maxStates: 200_000, maxDepth: 100_000 });
    expect(r.complete).toBe(false);
    expect(r.bound).toMatch(/^threads \(3 in one process\)/);
  }, 120_000);

  it("makes a mutex in each turn of a loop, up to the translation's bound, then stops with an assertion", async () => {
    await expectBound(mutexPerTurn(3), mutexPerTurn(20), "synchronization objects (NH) are full");
  }, 120_000);
});
