// Thread semantics (LANGUAGE.md §3 "Processes and threads"; pthread_create(3), pthread_join(3), fork(2)),
// each law pinned by a small program: clean when the law holds on every run, a finding when a run breaks it.
import { describe, expect, it } from "vitest";
import { outcome } from "../../../test/check-source.js";

const imports = `import {
  pthread_create, pthread_join, pthread_exit, fork, waitpid, _exit, shmget, shmat, assert,
  sigprocmask, sigemptyset, sigaddset, sigsuspend, signal, kill, getpid, IPC_PRIVATE, SIGUSR1, SIG_BLOCK,
  ESRCH, type sig_atomic_t,
} from "ipcheck";
`;
const program = (body: string) => imports + body;

describe("threads: life and join", () => {
  it("a thread's function returning ends it: join waits for it and returns 0", () => {
    expect(outcome(program(`
      let done = 0;
      function work(): void { done = 1; }
      export function main(): void {
        const t = pthread_create(work);
        assert(pthread_join(t) === 0, "join returns 0");
        assert(done === 1, "join returned only once the thread had ended");
      }`))).toBe("clean");
  });

  it("pthread_exit ends the calling thread: what follows it never runs", () => {
    expect(outcome(program(`
      let after = 0;
      function work(): void { pthread_exit(); after = 1; }
      export function main(): void {
        const t = pthread_join(pthread_create(work));
        assert(after === 0, "the code after pthread_exit ran");
        assert(t === 0);
      }`))).toBe("clean");
  });

  it("the thread gets its argument", () => {
    expect(outcome(program(`
      let seen = 0;
      function work(n: number): void { seen = n; }
      export function main(): void {
        pthread_join(pthread_create(work, 41));
        assert(seen === 41);
      }`))).toBe("clean");
  });

  it("join of a thread that does not exist (or was already joined) returns ESRCH", () => {
    expect(outcome(program(`
      function work(): void {}
      export function main(): void {
        assert(pthread_join(77) === ESRCH, "no thread 77");
        const t = pthread_create(work);
        assert(pthread_join(t) === 0);
        assert(pthread_join(t) === ESRCH, "already reaped");
      }`))).toBe("clean");
  });

  it("without join, main's read of what a thread writes races, and may come first", () => {
    expect(outcome(program(`
      let done = 0;
      function work(): void { done = 1; }
      export function main(): void {
        pthread_create(work);
        assert(done === 1, "the thread has not run yet");
      }`))).toBe("assertion,data-race");
  });
});

describe("threads: shared globals, copied by fork", () => {
  it("threads share the process's globals", () => {
    expect(outcome(program(`
      let a = 0;
      let b = 0;
      function setA(): void { a = 1; }
      function setB(): void { b = 2; }
      export function main(): void {
        const x = pthread_create(setA);
        const y = pthread_create(setB);
        pthread_join(x);
        pthread_join(y);
        assert(a + b === 3, "both threads' writes are seen by main");
      }`))).toBe("clean");
  });

  it("fork copies the globals: a child's write is not seen by the parent", () => {
    expect(outcome(program(`
      let g = 1;
      export function main(): void {
        const c = fork();
        if (c === 0) { g = 5; _exit(0); }
        waitpid(c);
        assert(g === 1, "the parent's copy is unchanged");
      }`))).toBe("clean");
  });

  it("fork keeps shared-memory attachments: a child's write to a segment is seen by the parent", () => {
    expect(outcome(program(`
      export function main(): void {
        const seg = shmat(shmget(IPC_PRIVATE, 2));
        const c = fork();
        if (c === 0) { seg[1] = 5; _exit(0); }
        waitpid(c);
        assert(seg[1] === 5, "the segment is shared");
      }`))).toBe("clean");
  });

  it("a child has only the forking thread: the other thread's later writes do not reach it", () => {
    expect(outcome(program(`
      let g = 0;
      function spin(): void { g = 1; }
      export function main(): void {
        const t = pthread_create(spin);
        pthread_join(t);
        const c = fork();
        if (c === 0) { assert(g === 1, "the copy is taken at fork"); _exit(0); }
        waitpid(c);
      }`))).toBe("clean");
  });
});

describe("threads: signals", () => {
  it("a process-directed signal goes only to a thread that does not block it", () => {
    expect(outcome(program(`
      let got: sig_atomic_t = 0;
      let inWaiter = 0;
      function on(sig: number): void { got = 1; }
      function waiter(): void {
        while (got === 0) sigsuspend(sigemptyset());
        inWaiter = 1;
      }
      export function main(): void {
        signal(SIGUSR1, on);
        sigprocmask(SIG_BLOCK, sigaddset(sigemptyset(), SIGUSR1));
        const w = pthread_create(waiter);
        kill(getpid(), SIGUSR1);
        pthread_join(w);
        assert(inWaiter === 1);
      }`))).toBe("clean");
  });

  it("while every thread blocks it, a process-directed signal stays pending: the waiter may sleep for ever", () => {
    expect(outcome(program(`
      let got: sig_atomic_t = 0;
      function on(sig: number): void { got = 1; }
      function waiter(): void {
        while (got === 0) sigsuspend(sigaddset(sigemptyset(), SIGUSR1)); // still blocks SIGUSR1
      }
      export function main(): void {
        signal(SIGUSR1, on);
        sigprocmask(SIG_BLOCK, sigaddset(sigemptyset(), SIGUSR1));
        const w = pthread_create(waiter);
        kill(getpid(), SIGUSR1);
        pthread_join(w);
      }`))).toBe("deadlock");
  });
});
