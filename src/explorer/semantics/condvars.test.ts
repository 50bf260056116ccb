// Condition-variable semantics (LANGUAGE.md §3 "Shared memory and synchronization"; pthread_cond_wait(3),
// pthread_cond_signal(3)), each law pinned by a small program.
import { describe, expect, it } from "vitest";
import { outcome } from "../../../test/check-source.js";

const imports = `import {
  pthread_create, pthread_join, pthread_mutex_init, pthread_mutex_lock, pthread_mutex_unlock,
  pthread_cond_init, pthread_cond_wait, pthread_cond_signal, pthread_cond_broadcast, assert,
} from "ipcheck";
`;
const program = (body: string) => imports + body;

describe("condition variables", () => {
  it("a signal with no waiter is forgotten: a waiter that does not check a predicate sleeps for ever", () => {
    expect(outcome(program(`
      const m = pthread_mutex_init();
      const c = pthread_cond_init();
      export function main(): void {
        pthread_cond_signal(c); // no one waits: nothing is remembered
        pthread_mutex_lock(m);
        pthread_cond_wait(c, m);
        pthread_mutex_unlock(m);
      }`))).toBe("deadlock");
  });

  it("broadcast wakes every waiter", () => {
    expect(outcome(program(`
      const m = pthread_mutex_init();
      const c = pthread_cond_init();
      let open = 0;
      let through = 0;
      function gate(): void {
        pthread_mutex_lock(m);
        while (open === 0) pthread_cond_wait(c, m);
        through++;
        pthread_mutex_unlock(m);
      }
      export function main(): void {
        const a = pthread_create(gate);
        const b = pthread_create(gate);
        pthread_mutex_lock(m);
        open = 1;
        pthread_cond_broadcast(c);
        pthread_mutex_unlock(m);
        pthread_join(a);
        pthread_join(b);
        assert(through === 2);
      }`))).toBe("clean");
  });

  it("a wait may wake spuriously: under if, the waiter goes on with the predicate still false", () => {
    expect(outcome(program(`
      const m = pthread_mutex_init();
      const c = pthread_cond_init();
      let ready = 0;
      function waiter(): void {
        pthread_mutex_lock(m);
        if (ready === 0) pthread_cond_wait(c, m);
        assert(ready === 1);
        pthread_mutex_unlock(m);
      }
      export function main(): void {
        const w = pthread_create(waiter);
        pthread_mutex_lock(m);
        ready = 1;
        pthread_cond_signal(c);
        pthread_mutex_unlock(m);
        pthread_join(w);
      }`))).toBe("assertion");
  });

  it("the wait releases the mutex and takes it back before returning", () => {
    expect(outcome(program(`
      const m = pthread_mutex_init();
      const c = pthread_cond_init();
      let ready = 0;
      function waiter(): void {
        pthread_mutex_lock(m);
        while (ready === 0) pthread_cond_wait(c, m);
        pthread_mutex_unlock(m); // held again: no misuse
      }
      export function main(): void {
        const w = pthread_create(waiter);
        pthread_mutex_lock(m); // can lock while the waiter waits
        ready = 1;
        pthread_cond_signal(c);
        pthread_mutex_unlock(m);
        pthread_join(w);
      }`))).toBe("clean");
  });

  it("waiting without holding the mutex is mutex-misuse", () => {
    expect(outcome(program(`
      const m = pthread_mutex_init();
      const c = pthread_cond_init();
      export function main(): void {
        pthread_cond_wait(c, m);
      }`))).toBe("mutex-misuse");
  });
});
