// Traces with fewer context switches: the reordered path has the same length, reaches the same
// state, and switches between actors no more often (a law over generated programs), and less often
// where the breadth-first path interleaves needlessly.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { programArbitrary } from "../../test/program-generator.js";
import { modelOf } from "../../test/check-source.js";
import { search } from "./search.js";
import { pathTo, replay } from "./trace.js";
import { fewerSwitches } from "./fewer-switches.js";
import type { Model } from "../model/model.js";

function switches(model: Model, path: readonly number[]): number {
  const actors = replay(model, path, false).steps.map((s) => (s.kind === "step" || s.kind === "deliver" ? s.actor.replace(/ in handler.*$/, "") : s.kind));
  return actors.filter((a, i) => i > 0 && a !== actors[i - 1]).length;
}

describe("fewer context switches", () => {
  it("keeps each finding's path as long, ending in the same state, with no more switches", () => {
    fc.assert(
      fc.property(programArbitrary, (source) => {
        const model = modelOf(source);
        const r = search(model, { maxStates: 5_000, maxDepth: 10_000 });
        for (const f of r.findings.slice(0, 3)) {
          const path = pathTo(r.visited, f.state, -1);
          const fewer = fewerSwitches(model, path);
          expect(fewer).toHaveLength(path.length);
          expect(Array.from(replay(model, fewer, false).finalWords)).toEqual(Array.from(replay(model, path, false).finalWords));
          expect(switches(model, fewer)).toBeLessThanOrEqual(switches(model, path));
        }
      }),
      { numRuns: 40 },
    );
  });

  it("lets the parent finish its steps before the child's in the lost wake-up's trace (pause() entered in a step of its own)", () => {
    // with pause() entered together with the signal it takes (the default) the breadth-first path
    // switches no more than it must here; entered in a step of its own, that step comes late
    const source = `import { signal, fork, kill, getppid, pause, wait, _exit, SIGUSR1, type sig_atomic_t } from "ipcheck";
let flag: sig_atomic_t = 0;
function onUsr1(sig: number): void { flag = 1; }
export function main(): void {
  signal(SIGUSR1, onUsr1);
  const pid = fork();
  if (pid === 0) {
    kill(getppid(), SIGUSR1);
    _exit(0);
  }
  while (!flag) { pause(); }
  wait();
}`;
    const plain = modelOf(source);
    const model = { ...plain, options: { ...plain.options, mergeSignalWaits: false } };
    const r = search(model, { maxStates: 10_000, maxDepth: 10_000 });
    const deadlock = r.findings.find((f) => f.raw.rule === "deadlock")!;
    const path = pathTo(r.visited, deadlock.state, -1);
    const fewer = fewerSwitches(model, path);
    expect(switches(model, fewer)).toBeLessThan(switches(model, path));
  });
});
