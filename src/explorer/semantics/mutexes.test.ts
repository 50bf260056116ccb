// Mutex semantics (LANGUAGE.md §3 "Shared memory and synchronization", §4 mutex-misuse;
// pthread_mutex_lock(3)), each law pinned by a small program.
import { describe, expect, it } from "vitest";
import { checkSource, outcome } from "../../../test/check-source.js";

const imports = `import {
  pthread_create, pthread_join, pthread_mutex_init, pthread_mutex_lock, pthread_mutex_unlock,
  pthread_mutex_trylock, pthread_mutex_destroy, assert, EBUSY,
} from "ipcheck";
`;
const program = (body: string) => imports + body;

describe("mutexes: ordering", () => {
  it("a mutex orders two threads' updates: no data race, none lost", () => {
    expect(outcome(program(`
      let n = 0;
      const m = pthread_mutex_init();
      function add(): void { pthread_mutex_lock(m); n++; pthread_mutex_unlock(m); }
      export function main(): void {
        const a = pthread_create(add);
        const b = pthread_create(add);
        pthread_join(a);
        pthread_join(b);
        assert(n === 2);
      }`))).toBe("clean");
  });

  it("the same updates without the mutex race", () => {
    expect(outcome(program(`
      let n = 0;
      function add(): void { n++; }
      export function main(): void {
        const a = pthread_create(add);
        const b = pthread_create(add);
        pthread_join(a);
        pthread_join(b);
        assert(n === 2);
      }`))).toBe("assertion,data-race");
  });

  it("a mutex in only one of the two threads orders nothing", () => {
    expect(outcome(program(`
      let n = 0;
      const m = pthread_mutex_init();
      function locked(): void { pthread_mutex_lock(m); n = 1; pthread_mutex_unlock(m); }
      function bare(): void { n = 2; }
      export function main(): void {
        const a = pthread_create(locked);
        const b = pthread_create(bare);
        pthread_join(a);
        pthread_join(b);
      }`))).toBe("data-race");
  });
});

describe("mutexes: trylock", () => {
  it("trylock takes a free mutex (0) and returns EBUSY (16) when it is taken", () => {
    expect(outcome(program(`
      const m = pthread_mutex_init();
      let seen = -1;
      function probe(): void { seen = pthread_mutex_trylock(m); }
      export function main(): void {
        assert(pthread_mutex_trylock(m) === 0, "free: taken");
        const t = pthread_create(probe);
        pthread_join(t);
        assert(seen === EBUSY && EBUSY === 16, "taken by main: EBUSY");
        pthread_mutex_unlock(m);
      }`))).toBe("clean");
  });
});

describe("mutexes: misuse", () => {
  it("relocking a mutex one holds is mutex-misuse", () => {
    const r = checkSource(program(`
      const m = pthread_mutex_init();
      export function main(): void {
        pthread_mutex_lock(m);
        pthread_mutex_lock(m);
      }`));
    expect(r.findings.map((f) => f.rule)).toEqual(["mutex-misuse"]);
    expect(r.findings[0]!.message).toContain("locks m again while it holds it");
  });

  it("unlocking a mutex another thread holds is mutex-misuse", () => {
    const r = checkSource(program(`
      const m = pthread_mutex_init();
      function stranger(): void { pthread_mutex_unlock(m); }
      export function main(): void {
        pthread_mutex_lock(m);
        pthread_join(pthread_create(stranger));
        pthread_mutex_unlock(m);
      }`));
    expect(r.findings.map((f) => f.rule)).toEqual(["mutex-misuse"]);
    expect(r.findings[0]!.message).toBe("thread 2 unlocks m, which thread 1 holds");
  });

  it("unlocking a mutex no one holds is mutex-misuse", () => {
    expect(outcome(program(`
      const m = pthread_mutex_init();
      export function main(): void {
        pthread_mutex_unlock(m);
      }`))).toBe("mutex-misuse");
  });

  it("destroying a locked mutex is mutex-misuse; destroying an unlocked one is fine", () => {
    expect(outcome(program(`
      const m = pthread_mutex_init();
      export function main(): void {
        pthread_mutex_lock(m);
        pthread_mutex_destroy(m);
      }`))).toBe("mutex-misuse");
    expect(outcome(program(`
      const m = pthread_mutex_init();
      export function main(): void {
        pthread_mutex_lock(m);
        pthread_mutex_unlock(m);
        assert(pthread_mutex_destroy(m) === 0);
      }`))).toBe("clean");
  });

  it("a lock held by a thread that ended blocks the next locker for ever", () => {
    expect(outcome(program(`
      const m = pthread_mutex_init();
      function grab(): void { pthread_mutex_lock(m); }
      export function main(): void {
        pthread_join(pthread_create(grab));
        pthread_mutex_lock(m);
      }`))).toBe("deadlock");
  });
});
