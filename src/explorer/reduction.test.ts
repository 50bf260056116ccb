// Partial-order reduction: a private step explored alone gives fewer states and the same findings;
// a step that a signal could interrupt, or that another thread could see, is never explored alone.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { modelOf } from "../../test/check-source.js";
import { search, type SearchResult } from "./search.js";

const imports = `import {
  fork, wait, waitpid, exit, _exit, write, printf, assert, signal, kill, getppid, pause, pthread_create, pthread_join,
  SIGUSR1, WNOHANG, type sig_atomic_t,
} from "ipcheck";
`;

function both(body: string, options = {}): { full: SearchResult; reduced: SearchResult } {
  const model = modelOf(imports + body, options);
  return {
    full: search(model, { maxStates: 100_000, maxDepth: 10_000, por: false }),
    reduced: search(model, { maxStates: 100_000, maxDepth: 10_000 }),
  };
}

const rules = (r: SearchResult) => [...new Set(r.findings.map((f) => f.raw.rule))].sort();

describe("partial-order reduction", () => {
  it("explores a process's private steps alone: two processes writing their own globals do not multiply", () => {
    const { full, reduced } = both(`
      let a = 0;
      export function main(): void {
        const pid = fork();
        if (pid === 0) {
          a = 1; a = 2; a = 3; a = 4;
          assert(a === 4);
          exit(0);
        }
        a = 5; a = 6; a = 7; a = 8;
        printf("%d\\n", a);
        wait();
      }`);
    expect(full.complete && reduced.complete).toBe(true);
    expect(full.reducedStates).toBe(0);
    expect(reduced.reducedStates).toBeGreaterThan(0);
    expect(reduced.states).toBeLessThan(full.states / 2);
    expect(rules(reduced)).toEqual(rules(full));
  });

  it("keeps every interleaving of a handler with the code it may interrupt (a signal from another process)", () => {
    const { full, reduced } = both(`
      let tickets = 10;
      function onUsr1(sig: number): void { tickets++; }
      export function main(): void {
        signal(SIGUSR1, onUsr1);
        const pid = fork();
        if (pid === 0) {
          kill(getppid(), SIGUSR1);
          _exit(0);
        }
        tickets -= 1;
        tickets -= 1;
        wait();
      }`);
    expect(rules(full)).toEqual(["signal-race"]);
    expect(rules(reduced)).toEqual(["signal-race"]);
    expect(reduced.states).toBe(full.states);
  });

  it("keeps every interleaving of a handler with the code it may interrupt (a signal from the environment)", () => {
    const { full, reduced } = both(`
      let count = 0;
      function onUsr1(sig: number): void { count++; }
      export function main(): void {
        signal(SIGUSR1, onUsr1);
        count--;
        count--;
      }`);
    expect(rules(full)).toEqual(["signal-race"]);
    expect(rules(reduced)).toEqual(["signal-race"]);
  });

  it("never reduces the steps of a process with two threads on its globals", () => {
    const { full, reduced } = both(`
      let counter = 0;
      function worker(arg: number): void { counter++; }
      export function main(): void {
        const t = pthread_create(worker, 0);
        counter++;
        pthread_join(t);
        assert(counter === 2);
      }`);
    expect(rules(full)).toEqual(["assertion", "data-race"]);
    expect(rules(reduced)).toEqual(["assertion", "data-race"]);
  });

  it("finds a busy-wait's livelock through reduced states (the cycle proviso)", () => {
    const { full, reduced } = both(`
      let go = 0;
      let x = 0;
      export function main(): void {
        const child = fork();
        if (child === 0) {
          x = 1; x = 2; x = 3;
          while (go === 0) {}
          _exit(0);
        }
        go = 1;
        x = 4; x = 5;
        while (waitpid(child, WNOHANG) === 0) {}
      }`);
    expect(rules(full)).toEqual(["livelock"]);
    expect(rules(reduced)).toEqual(["livelock"]);
    expect(reduced.reducedStates).toBeGreaterThan(0);
  });

  it("finds no livelock where the reduced states only postpone a process that will step (fairness read off all enabled transitions)", () => {
    const { full, reduced } = both(`
      let n = 0;
      export function main(): void {
        const child = fork();
        if (child === 0) {
          for (let i = 0; i < 3; i++) { n = n + 1; }
          _exit(0);
        }
        n = 7; n = 8; n = 9;
        while (waitpid(child, WNOHANG) === 0) {}
      }`);
    expect(rules(full)).toEqual([]);
    expect(rules(reduced)).toEqual([]);
    expect(full.complete && reduced.complete).toBe(true);
    expect(reduced.states).toBeLessThan(full.states);
  });

  it("reports each assertion that any interleaving reaches, also behind private steps", () => {
    const { full, reduced } = both(`
      let x = 0;
      export function main(): void {
        const pid = fork();
        if (pid === 0) {
          x = 1;
          assert(x === 0, "child");
          _exit(0);
        }
        x = 2;
        assert(x === 0, "parent");
        wait();
      }`);
    const keys = (r: SearchResult) => r.findings.map((f) => f.raw.message).sort();
    expect(keys(reduced)).toEqual(keys(full));
    expect(keys(full)).toHaveLength(2);
  });

  it("explores a thread's end alone while another thread lives: fewer states, the same findings", () => {
    const { full, reduced } = both(`
      let done = 0;
      function worker(n: number): void {
        printf("%d\\n", n);
      }
      export function main(): void {
        const a = pthread_create(worker, 1);
        const b = pthread_create(worker, 2);
        const c = pthread_create(worker, 3);
        pthread_join(a);
        pthread_join(b);
        pthread_join(c);
        done = 1;
      }`);
    expect(full.complete && reduced.complete).toBe(true);
    expect(rules(reduced)).toEqual(rules(full));
    expect(reduced.states).toBeLessThan(full.states);
  });

  it("explores a pthread_create alone while no other thread may join, fork or exit, and the join after it that starts a wait", () => {
    const body = (end: string) => `
      let a = 0;
      let b = 0;
      function one(n: number): void { a = 1; a = 2; a = 3; ${end} }
      function two(n: number): void { b = 1; }
      export function main(): void {
        const t1 = pthread_create(one, 1);
        const t2 = pthread_create(two, 2);
        pthread_join(t1);
        pthread_join(t2);
      }`;
    const run = (end: string, por: boolean) => search(modelOf(threadImports + body(end)), { maxStates: 10_000, maxDepth: 1_000, por });
    const quiet = run("", true);
    const quietFull = run("", false);
    // the first thread may exit (never does): then creating the second can be told from not yet
    const exiting = run("if (a === 9) exit(1);", true);
    const exitingFull = run("if (a === 9) exit(1);", false);
    expect(quiet.complete && quietFull.complete && exiting.complete && exitingFull.complete).toBe(true);
    expect(rules(quiet)).toEqual(rules(quietFull));
    expect(rules(exiting)).toEqual(rules(exitingFull));
    // 21 of 26 states (25 without exploring the creation alone)
    expect(quiet.states).toBeLessThanOrEqual(quietFull.states * 0.85);
    expect(quiet.states / quietFull.states).toBeLessThan(exiting.states / exitingFull.states);
  });

  it("gives generated thread programs (mutexes, semaphores, globals, exit, signals) the same findings and verdict as the full search", () => {
    const stmt = fc.oneof(
      fc.constant("g++;"),
      fc.constant("pthread_mutex_lock(m); g++; pthread_mutex_unlock(m);"),
      fc.constant("sem_wait(s);"),
      fc.constant("sem_post(s);"),
      fc.constant("pthread_mutex_lock(m);"),
      fc.constant("pthread_mutex_unlock(m);"),
      fc.constant("assert(g < 2, \"g is \" + String(g));"),
      fc.constant("if (g > 1) { exit(3); }"),
      fc.constant("kill(getpid(), SIGUSR1);"),
      fc.constant("while (g === 0) {}"),
    );
    const program = fc.tuple(fc.array(stmt, { maxLength: 3 }), fc.array(stmt, { maxLength: 3 }), fc.array(stmt, { maxLength: 2 }), fc.boolean(), fc.boolean())
      .map(([w1, w2, mainBody, handler, joinBoth]) => `
      let g = 0;
      const m = pthread_mutex_init();
      const s = sem_init(1);
      function onUsr1(signum: number): void {}
      function one(n: number): void {
        ${w1.join(" ")}
      }
      function two(n: number): void {
        ${w2.join(" ")}
      }
      export function main(): void {
        ${handler ? "signal(SIGUSR1, onUsr1);" : ""}
        const a = pthread_create(one, 1);
        const b = pthread_create(two, 2);
        ${mainBody.join(" ")}
        pthread_join(a);
        ${joinBoth ? "pthread_join(b);" : ""}
      }`);
    fc.assert(fc.property(program, (body) => {
      const model = modelOf(threadImports + body);
      const full = search(model, { maxStates: 20_000, maxDepth: 10_000, por: false });
      const reduced = search(model, { maxStates: 20_000, maxDepth: 10_000 });
      if (!full.complete) return;
      expect(reduced.complete).toBe(true);
      expect(rules(reduced)).toEqual(rules(full));
      expect(reduced.states).toBeLessThanOrEqual(full.states);
    }), { numRuns: 60 });
  });
});

const threadImports = `import {
  pthread_create, pthread_join, pthread_mutex_init, pthread_mutex_lock, pthread_mutex_unlock, sem_init, sem_wait, sem_post,
  assert, exit, kill, getpid, signal, SIGUSR1,
} from "ipcheck";
`;
