// Machine.writer: what a step may have written. The visited set compares only those components with
// the parent's; here it compares all of them too (checkWriters) and throws where a step wrote
// outside what the machine said: on every example, on the bench families' small points and on
// generated programs (fast-check).
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { modelOf } from "../../test/check-source.js";
import { programArbitrary } from "../../test/program-generator.js";
import { boundedBuffer, philosophers, pipeRing, producersConsumers, signalRing, signalStorm } from "../bench/models.js";
import { Machine, TRANSITION_WORDS, TransitionKind } from "./machine.js";
import { search } from "./search.js";
import { VisitedSet } from "./visited-set.js";
import { P_PENDING } from "./state-layout.js";
import { parseProgram } from "../parser/parse.js";

const BOUNDS = { maxStates: 200_000, maxDepth: 10_000 };
const root = join(import.meta.dirname, "..", "..", "examples");
const examples = (readdirSync(root, { recursive: true }) as string[]).filter((f) => f.endsWith(".ts")).sort();

function agrees(source: string, name = "program.ts"): void {
  const parsed = parseProgram(name, source);
  if (!parsed.ok) return;
  const checked = search(parsed.model, { ...BOUNDS, checkWriters: true });
  const plain = search(parsed.model, BOUNDS);
  expect(checked.states).toBe(plain.states);
  expect(checked.transitions).toBe(plain.transitions);
}

describe("what a step writes", () => {
  it("is within Machine.writer on every example", () => {
    expect(examples.length).toBeGreaterThan(50);
    for (const file of examples) agrees(readFileSync(join(root, file), "utf8"), file);
  });

  it("is within Machine.writer on the bench families (threads, shared memory, pipes, signals)", () => {
    for (const source of [signalStorm(3), signalRing(5), philosophers(4), pipeRing(4), boundedBuffer(4, 3), producersConsumers(2, 2)]) agrees(source);
  });

  it("is within Machine.writer where one thread writes another's block (a signal made ignored, a condition variable signalled)", () => {
    // main's signal(SIG_IGN) discards the SIGUSR1 the worker made pending for itself while blocking it
    agrees(`import { pthread_create, pthread_join, signal, raise, sigprocmask, sigemptyset, sigaddset, SIGUSR1, SIG_BLOCK, SIG_IGN } from "ipcheck";
function worker(n: number): void {
  sigprocmask(SIG_BLOCK, sigaddset(sigemptyset(), SIGUSR1));
  raise(SIGUSR1);
}
export function main(): void {
  const t = pthread_create(worker, 0);
  signal(SIGUSR1, SIG_IGN);
  pthread_join(t);
}
`);
    agrees(`import { pthread_create, pthread_join, pthread_mutex_init, pthread_mutex_lock, pthread_mutex_unlock, pthread_cond_init, pthread_cond_wait, pthread_cond_signal } from "ipcheck";
const m = pthread_mutex_init();
const c = pthread_cond_init();
let ready = 0;
function waiter(n: number): void {
  pthread_mutex_lock(m);
  while (ready === 0) pthread_cond_wait(c, m);
  pthread_mutex_unlock(m);
}
export function main(): void {
  const t = pthread_create(waiter, 0);
  pthread_mutex_lock(m);
  ready = 1;
  pthread_cond_signal(c);
  pthread_mutex_unlock(m);
  pthread_join(t);
}
`);
  });

  it("is within Machine.writer on generated programs", () => {
    fc.assert(fc.property(programArbitrary, (source) => agrees(source)), { numRuns: 60 });
  });

  it("is checked: a step signalling another process says so, and is caught if it says only its own", () => {
    const model = modelOf(signalStorm(1));
    const m = new Machine(model);
    const visited = new VisitedSet(m.layout, true);
    m.initialState();
    const trans = new Int32Array(TRANSITION_WORDS * 64);
    let parent = visited.add(m.buf, m.len, -1, -1, 0);
    const buf = new Int32Array(4096);
    // run the child (pid 2) up to its kill of the parent
    for (let guard = 0; guard < 50; guard++) {
      const len = visited.load(parent, buf);
      m.load(buf, len);
      const n = m.transitions(trans);
      let k = 0;
      for (let i = 0; i < n; i++) if (trans[i * TRANSITION_WORDS] === TransitionKind.Step && trans[i * TRANSITION_WORDS + 1] === 2) k = i;
      const pendingBefore = m.buf[m.firstProc() + P_PENDING]!;
      m.apply(trans, k);
      if (trans[k * TRANSITION_WORDS + 1] === 2 && m.buf[m.firstProc() + P_PENDING] !== pendingBefore) {
        expect(m.writer).toBe(2);
        expect(m.writer2).toBe(1);
        expect(() => visited.add(m.buf, m.len, parent, k, 1, { writer: 2, writer2: -1, writerTid: 0, wroteKernel: false })).toThrow(/changed component/);
        return;
      }
      const r = visited.add(m.buf, m.len, parent, k, 1, m);
      parent = r >= 0 ? r : -(r + 1);
    }
    throw new Error("the child never signalled its parent");
  });
});
