// Shared-memory semantics (LANGUAGE.md §2 atomicity, §3 "Shared memory and synchronization"; shmget(2),
// shm_open(3), mmap(2)), each law pinned by a small program.
import { describe, expect, it } from "vitest";
import { checkSource, outcome } from "../../../test/check-source.js";

const imports = `import {
  pthread_create, pthread_join, fork, waitpid, _exit, shmget, shmat, shm_open, ftruncate, mmap, assert,
  IPC_PRIVATE, O_CREAT, O_RDWR,
} from "ipcheck";
`;
const program = (body: string) => imports + body;

describe("shared memory: segments", () => {
  it("a segment is zero-filled, and the same key names the same segment", () => {
    expect(outcome(program(`
      export function main(): void {
        const a = shmat(shmget(1234, 3));
        assert(a[0] === 0 && a[2] === 0, "zero-filled");
        a[2] = 9;
        const b = shmat(shmget(1234, 3));
        assert(b[2] === 9, "the same segment");
        const c = shmat(shmget(IPC_PRIVATE, 3));
        assert(c[2] === 0, "IPC_PRIVATE: a new one");
      }`))).toBe("clean");
  });

  it("shm_open by name in parent and child, after fork, reaches one segment", () => {
    expect(outcome(program(`
      export function main(): void {
        const c = fork();
        const fd = shm_open("/box", O_CREAT | O_RDWR);
        ftruncate(fd, 1);
        const box = mmap(fd, 1);
        if (c === 0) { Atomics.store(box, 0, 3); _exit(0); }
        waitpid(c);
        assert(Atomics.load(box, 0) === 3);
      }`))).toBe("clean");
  });

  it("an index outside a shared array is an assertion", () => {
    const r = checkSource(program(`
      export function main(): void {
        const a = shmat(shmget(IPC_PRIVATE, 2));
        a[2] = 1;
      }`));
    expect(r.findings.map((f) => f.rule)).toEqual(["assertion"]);
  });

  it("an Atomics operation outside a shared array is an assertion too", () => {
    const r = checkSource(program(`
      export function main(): void {
        const a = shmat(shmget(IPC_PRIVATE, 2));
        Atomics.add(a, 5, 1);
      }`));
    expect(r.findings.map((f) => f.rule)).toEqual(["assertion"]);
    expect(r.findings[0]!.message).toContain("index 5 is outside the shared array");
  });
});

describe("shared memory: atomics", () => {
  it("Atomics.add is indivisible: two threads adding 1 twice each always give 4", () => {
    expect(outcome(program(`
      const a = shmat(shmget(IPC_PRIVATE, 1));
      function add(): void { Atomics.add(a, 0, 1); Atomics.add(a, 0, 1); }
      export function main(): void {
        const x = pthread_create(add);
        const y = pthread_create(add);
        pthread_join(x);
        pthread_join(y);
        assert(Atomics.load(a, 0) === 4);
      }`))).toBe("clean");
  });

  it("a plain a[i]++ in the same threads races and loses updates", () => {
    expect(outcome(program(`
      function add(): void { const a = shmat(shmget(77, 1)); a[0]++; a[0]++; }
      export function main(): void {
        const a = shmat(shmget(77, 1));
        const x = pthread_create(add);
        const y = pthread_create(add);
        pthread_join(x);
        pthread_join(y);
        assert(a[0] === 4);
      }`))).toBe("assertion,data-race");
  });

  it("a plain a[i]++ in two processes races too", () => {
    expect(outcome(program(`
      export function main(): void {
        const a = shmat(shmget(IPC_PRIVATE, 1));
        const c = fork();
        a[0]++;
        if (c === 0) _exit(0);
        waitpid(c);
      }`))).toBe("data-race");
  });

  it("Atomics.compareExchange returns the old value and stores only when it matched", () => {
    expect(outcome(program(`
      export function main(): void {
        const a = shmat(shmget(IPC_PRIVATE, 1));
        Atomics.store(a, 0, 5);
        assert(Atomics.compareExchange(a, 0, 4, 8) === 5, "no match: the old value");
        assert(Atomics.load(a, 0) === 5, "no match: unchanged");
        assert(Atomics.compareExchange(a, 0, 5, 8) === 5, "match: the old value");
        assert(Atomics.load(a, 0) === 8, "match: stored");
        assert(Atomics.exchange(a, 0, 1) === 8 && Atomics.sub(a, 0, 1) === 1 && Atomics.load(a, 0) === 0);
      }`))).toBe("clean");
  });

  it("a compareExchange spin lock makes one winner of two threads", () => {
    expect(outcome(program(`
      const a = shmat(shmget(IPC_PRIVATE, 2));
      function claim(me: number): void {
        if (Atomics.compareExchange(a, 0, 0, me) === 0) Atomics.add(a, 1, 1);
      }
      export function main(): void {
        const x = pthread_create(claim, 1);
        const y = pthread_create(claim, 2);
        pthread_join(x);
        pthread_join(y);
        assert(Atomics.load(a, 1) === 1, "exactly one winner");
      }`))).toBe("clean");
  });

  it("publishing a plain slot with Atomics.store, read after Atomics.load sees it: no race", () => {
    expect(outcome(program(`
      function writer(): void { const a = shmat(shmget(78, 2)); a[1] = 42; Atomics.store(a, 0, 1); }
      export function main(): void {
        const a = shmat(shmget(78, 2));
        const w = pthread_create(writer);
        while (Atomics.load(a, 0) === 0) {}
        assert(a[1] === 42);
        pthread_join(w);
      }`))).toBe("clean");
  });

  it("kill → the handler it triggers orders a slot written before the kill and read in the handler, also when sigprocmask or sigsuspend delivers it", () => {
    // LANGUAGE.md §4 happens-before: the handler runs after the kill that sent its signal, whichever
    // step delivers it (a delivery of its own, the sigprocmask that unblocks it, the sigsuspend that waits for it)
    for (const receive of ["sigprocmask(SIG_UNBLOCK, usr1);", "sigsuspend(sigemptyset());"]) {
      const source = program(`
      const seg = shmat(shmget(IPC_PRIVATE, 1));
      let got: sig_atomic_t = 0;
      function h(s: number): void { got = seg[0]; }
      export function main(): void {
        signal(SIGUSR1, h);
        const usr1 = sigaddset(sigemptyset(), SIGUSR1);
        sigprocmask(SIG_BLOCK, usr1);
        if (fork() === 0) {
          seg[0] = 7;
          kill(getppid(), SIGUSR1);
          _exit(0);
        }
        ${receive}
      }`).replace("IPC_PRIVATE, O_CREAT,", "IPC_PRIVATE, O_CREAT, signal, kill, getppid, sigprocmask, sigsuspend, sigemptyset, sigaddset, SIGUSR1, SIG_BLOCK, SIG_UNBLOCK, type sig_atomic_t,");
      expect(outcome(source), receive).toBe("clean");
      // without the kill the environment sends SIGUSR1 (the program no longer does): the read races with the write
      expect(outcome(source.replace("kill(getppid(), SIGUSR1);", "")), receive).not.toBe("clean");
    }
  });
});
