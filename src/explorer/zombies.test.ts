// Zombies under the lowest pids no one may name (zombies.ts): fewer states where the order of ending
// and reaping tells nothing, the same findings, and no pid moved that the program may still name.
import { describe, expect, it } from "vitest";
import { modelOf } from "../../test/check-source.js";
import { search } from "./search.js";
import { signalRing } from "../bench/models.js";
import type { Model } from "../model/model.js";

const own = (model: Model): Model => ({ ...model, options: { ...model.options, compactZombies: false } });
const keys = (r: ReturnType<typeof search>) => [...new Set(r.findings.map((f) => `${f.raw.rule} ${f.raw.key}`))].sort();
const run = (model: Model) => search(model, { maxStates: 200_000, maxDepth: 10_000 });

describe("zombies compacted", () => {
  it("the signal ring: children end and are reaped in any order, in fewer states, with the same findings", () => {
    const model = modelOf(signalRing(7));
    const compact = run(model);
    const whole = run(own(model));
    expect(compact.complete && whole.complete).toBe(true);
    expect(keys(compact)).toEqual(keys(whole));
    expect(compact.states).toBeLessThan(whole.states);
  });

  it("moves no zombie whose pid a kept value may name", () => {
    // the parent keeps every child's pid and asks kill(pid, 0) whether it is gone
    const model = modelOf(`import { fork, wait, kill, _exit, assert } from "ipcheck";
const pids = [0, 0, 0];
let gone = 0;
export function main(): void {
  for (let i = 0; i < 3; i++) {
    pids[i] = fork();
    if (pids[i] === 0) { _exit(0); }
  }
  wait();
  for (let i = 0; i < 3; i++) {
    if (kill(pids[i], 0) === -1) { gone++; }
  }
  assert(gone !== 1, "one gone");
  wait();
  wait();
}
`);
    const compact = run(model);
    const whole = run(own(model));
    expect(keys(compact)).toEqual(keys(whole));
    expect(keys(compact)).toContain("assertion assert:" + model.source.indexOf("assert(gone"));
    expect(compact.states).toBe(whole.states);
  });

  it("keeps the order of zombies and living children where wstatus() tells which was reaped first", () => {
    // the children end with different statuses; the parent reads the first it reaps
    const model = modelOf(`import { fork, wait, wstatus, _exit, assert } from "ipcheck";
export function main(): void {
  if (fork() === 0) { _exit(1); }
  if (fork() === 0) { _exit(2); }
  if (fork() === 0) { _exit(3); }
  wait();
  const first = wstatus();
  wait();
  wait();
  assert(first !== 3, "the last child was reaped first");
}
`);
    const compact = run(model);
    const whole = run(own(model));
    expect(keys(compact)).toEqual(keys(whole));
    expect(compact.findings.map((f) => f.raw.rule)).toEqual(["assertion"]);
    expect(compact.states).toBeLessThanOrEqual(whole.states);
  });
});
