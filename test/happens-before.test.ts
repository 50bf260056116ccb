// The data-race rule against a happens-before oracle (issue #5): on generated thread programs, the
// checker reports a data race exactly when some execution has two conflicting accesses that the
// happens-before order of LANGUAGE.md §4 (program order, create, join, unlock → lock) leaves
// unordered. The oracle runs every interleaving with vector clocks, independently of the checker's
// method (two conflicting accesses enabled at once, the DRF-SC argument).
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { modelOf } from "./check-source.js";
import { search } from "../src/explorer/search.js";
import { Machine, TRANSITION_WORDS, TransitionKind } from "../src/explorer/machine.js";
import { Op, type Model } from "../src/model/model.js";
import { API_CALLS } from "../src/model/api.js";

const workerStmt = fc.constantFrom(
  "x = 1;",
  "y = x;",
  "x++;",
  "pthread_mutex_lock(m); x++; pthread_mutex_unlock(m);",
  "pthread_mutex_lock(m); y = 2; pthread_mutex_unlock(m);",
  "pthread_mutex_lock(m); x = y + 1; pthread_mutex_unlock(m);",
  "if (y === 0) { z = 1; }",
  "z = 2;",
);

const mainTail = fc.constantFrom("", "x = 5;", "y = z;", "pthread_mutex_lock(m); x = 7; pthread_mutex_unlock(m);");

const programs = fc
  .tuple(fc.array(workerStmt, { minLength: 1, maxLength: 3 }), fc.array(workerStmt, { minLength: 1, maxLength: 3 }), mainTail, fc.boolean())
  .map(([a, b, tail, joinFirst]) => `import { pthread_create, pthread_join, pthread_mutex_init, pthread_mutex_lock, pthread_mutex_unlock } from "ipcheck";
let x = 0;
let y = 0;
let z = 0;
const m = pthread_mutex_init();
function first(arg: number): void {
  ${a.join("\n  ")}
}
function second(arg: number): void {
  ${b.join("\n  ")}
}
export function main(): void {
  const t1 = pthread_create(first);
  ${joinFirst ? "pthread_join(t1);" : ""}
  const t2 = pthread_create(second);
  ${joinFirst ? "" : "pthread_join(t1);"}
  pthread_join(t2);
  ${tail}
}
`);

type Clock = number[];

interface Access {
  tid: number;
  clock: number;
  global: number;
  write: boolean;
}

interface Run {
  clocks: Map<number, Clock>;
  locks: Map<number, Clock>;
  ended: Map<number, Clock>;
  accesses: Access[];
}

const SIZE = 8;

function join(a: Clock, b: Clock): Clock {
  return a.map((v, i) => Math.max(v, b[i] ?? 0));
}

/** Whether some execution of the model has an unordered conflicting pair (vector clocks, every interleaving). */
function oracleFindsRace(model: Model): boolean {
  const m = new Machine(model);
  m.concrete = true;
  m.tracing = true;
  m.initialState();
  const root: Run = { clocks: new Map([[1, new Array<number>(SIZE).fill(0)]]), locks: new Map(), ended: new Map(), accesses: [] };
  root.clocks.get(1)![1] = 1;
  let found = false;
  const visit = (words: Int32Array, run: Run, depth: number): void => {
    if (found || depth > 60) return;
    m.load(words, words.length);
    const trans = new Int32Array(TRANSITION_WORDS * 256);
    const n = m.transitions(trans);
    for (let k = 0; k < n && !found; k++) {
      if (trans[k * TRANSITION_WORDS] !== TransitionKind.Step) continue;
      m.load(words, words.length);
      const tid = trans[k * TRANSITION_WORDS + 2]!;
      // what the thread is about to do, read before the step
      const p = m.findProc(trans[k * TRANSITION_WORDS + 1]!);
      const t = m.findThread(p, tid);
      const f = m.topFrame(t);
      const instr = m.instrAt(f);
      const arg = instr.op === Op.Syscall && instr.args.length > 0 ? m.reg(f, instr.args[0]!) : 0;
      m.apply(trans, k);
      if (m.dead) continue;
      const next: Run = {
        clocks: new Map([...run.clocks].map(([id, c]) => [id, [...c]])),
        locks: new Map([...run.locks].map(([id, c]) => [id, [...c]])),
        ended: run.ended,
        accesses: run.accesses,
      };
      const mine = next.clocks.get(tid)!;
      const executed = m.info.fn >= 0 ? model.functions[m.info.fn]!.code[m.info.pc]! : null;
      if (executed && (executed.op === Op.LoadGlobal || executed.op === Op.StoreGlobal) && model.globals[executed.global]!.name !== "m") {
        const write = executed.op === Op.StoreGlobal;
        for (const a of next.accesses) {
          if (a.tid === tid || a.global !== executed.global || (!a.write && !write)) continue;
          if (a.clock > mine[a.tid]!) found = true; // not ordered before this access
        }
        next.accesses = [...next.accesses, { tid, clock: mine[tid]!, global: executed.global, write }];
      }
      if (executed && executed.op === Op.Syscall) {
        const name = API_CALLS[executed.a]!.name;
        if (name === "pthread_create" && m.info.result !== null) {
          const child = [...mine];
          child[m.info.result] = 1;
          next.clocks.set(m.info.result, child);
        }
        if (name === "pthread_join") {
          const other = next.ended.get(arg);
          if (other) next.clocks.set(tid, join(mine, other));
        }
        if (name === "pthread_mutex_lock") next.clocks.set(tid, join(mine, next.locks.get(arg) ?? new Array<number>(SIZE).fill(0)));
        if (name === "pthread_mutex_unlock") next.locks.set(arg, [...mine]);
      }
      if (executed && executed.op === Op.Return && m.info.handlerSig === 0) {
        next.ended = new Map(next.ended);
        next.ended.set(tid, [...next.clocks.get(tid)!]);
      }
      const after = next.clocks.get(tid)!;
      after[tid] = after[tid]! + 1;
      visit(m.snapshotWords(), next, depth + 1);
    }
  };
  visit(m.snapshotWords(), root, 0);
  return found;
}

const program = (a: string, b: string) => `import { pthread_create, pthread_join, pthread_mutex_init, pthread_mutex_lock, pthread_mutex_unlock } from "ipcheck";
let x = 0;
let y = 0;
let z = 0;
const m = pthread_mutex_init();
function first(arg: number): void { ${a} }
function second(arg: number): void { ${b} }
export function main(): void { const t1 = pthread_create(first); const t2 = pthread_create(second); pthread_join(t1); pthread_join(t2); }
`;

describe("the happens-before oracle", () => {
  it("finds the race of two unlocked updates", () => {
    expect(oracleFindsRace(modelOf(program("x++;", "x++;")))).toBe(true);
  });
  it("finds none when a mutex orders them, or when they only read", () => {
    expect(oracleFindsRace(modelOf(program("pthread_mutex_lock(m); x++; pthread_mutex_unlock(m);", "pthread_mutex_lock(m); x++; pthread_mutex_unlock(m);")))).toBe(false);
    expect(oracleFindsRace(modelOf(program("y = x;", "z = x;")))).toBe(false);
  });
});

describe("data-race", () => {
  it("is reported exactly when a happens-before oracle finds an unordered conflicting pair", () => {
    fc.assert(
      fc.property(programs, (source) => {
        const model = modelOf(source);
        const checker = search(model, { maxStates: 50_000, maxDepth: 10_000, livelock: false }).findings.some((f) => f.raw.rule === "data-race");
        expect(checker).toBe(oracleFindsRace(model));
      }),
      { numRuns: 40 },
    );
  });
});
