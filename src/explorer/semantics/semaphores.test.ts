// Semaphore semantics (LANGUAGE.md §3 "Shared memory and synchronization"; sem_overview(7), sem_wait(3),
// sem_post(3)), each law pinned by a small program.
import { describe, expect, it } from "vitest";
import { outcome } from "../../../test/check-source.js";

const imports = `import {
  pthread_create, pthread_join, fork, waitpid, _exit, shmget, shmat, sem_init, sem_open, sem_wait,
  sem_trywait, sem_post, sem_unlink, errno, assert, IPC_PRIVATE, O_CREAT, EAGAIN, ENOENT,
} from "ipcheck";
`;
const program = (body: string) => imports + body;

describe("semaphores: wait and post", () => {
  it("sem_wait blocks at 0 until a sem_post releases it", () => {
    expect(outcome(program(`
      const s = sem_init(0);
      let note = 0;
      function poster(): void { note = 7; sem_post(s); }
      export function main(): void {
        const t = pthread_create(poster);
        sem_wait(s);
        assert(note === 7, "the post came first, and orders the write before our read");
        pthread_join(t);
      }`))).toBe("clean");
  });

  it("sem_wait at 0 with no one to post is a deadlock", () => {
    expect(outcome(program(`
      const s = sem_init(0);
      export function main(): void {
        sem_wait(s);
      }`))).toBe("deadlock");
  });

  it("sem_trywait at 0 fails with EAGAIN; above 0 it takes one", () => {
    expect(outcome(program(`
      const s = sem_init(1);
      export function main(): void {
        assert(sem_trywait(s) === 0, "took the one");
        assert(sem_trywait(s) === -1 && errno() === EAGAIN, "none left: EAGAIN");
        sem_post(s);
        assert(sem_trywait(s) === 0);
      }`))).toBe("clean");
  });

  it("a semaphore counts: two posts let two waits through", () => {
    expect(outcome(program(`
      const s = sem_init(0);
      function poster(): void { sem_post(s); sem_post(s); }
      export function main(): void {
        const t = pthread_create(poster);
        sem_wait(s);
        sem_wait(s);
        pthread_join(t);
      }`))).toBe("clean");
  });
});

describe("semaphores: across fork", () => {
  it("a named semaphore (sem_open) is shared across fork: the child's post releases the parent", () => {
    expect(outcome(program(`
      export function main(): void {
        const s = sem_open("/go", O_CREAT, 0);
        const c = fork();
        if (c === 0) { sem_post(s); _exit(0); }
        sem_wait(s);
        waitpid(c);
      }`))).toBe("clean");
  });

  it("a sem_init semaphore is copied by fork: the child's post does not reach the parent", () => {
    expect(outcome(program(`
      const s = sem_init(0);
      export function main(): void {
        const c = fork();
        if (c === 0) { sem_post(s); _exit(0); }
        sem_wait(s);
        waitpid(c);
      }`))).toBe("deadlock");
  });

  it("a sem_init semaphore's value at fork is copied into the child", () => {
    expect(outcome(program(`
      const s = sem_init(1);
      export function main(): void {
        const c = fork();
        if (c === 0) { assert(sem_trywait(s) === 0, "the child's copy holds 1"); _exit(0); }
        assert(sem_trywait(s) === 0, "and so does the parent's");
        waitpid(c);
      }`))).toBe("clean");
  });

  it("sem_open without O_CREAT of a name no one created fails with ENOENT", () => {
    expect(outcome(program(`
      export function main(): void {
        sem_open("/nobody", 0);
        assert(errno() === ENOENT);
        sem_open("/made", O_CREAT, 1);
        assert(sem_unlink("/made") === 0);
      }`))).toBe("clean");
  });

  it("a named semaphore as a mutex orders two processes' updates of a shared slot", () => {
    expect(outcome(program(`
      export function main(): void {
        const a = shmat(shmget(IPC_PRIVATE, 1));
        const s = sem_open("/guard", O_CREAT, 1);
        const c = fork();
        sem_wait(s);
        a[0]++;
        sem_post(s);
        if (c === 0) _exit(0);
        waitpid(c);
        assert(a[0] === 2);
      }`))).toBe("clean");
  });
});
