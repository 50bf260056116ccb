// Pipe semantics (LANGUAGE.md §3 "Descriptors"; pipe(7), read(2), write(2), fcntl(2)), each law
// pinned by a small program: clean when the law holds on every run, a finding when a run breaks it.
import { describe, expect, it } from "vitest";
import { checkSource, outcome } from "../../../test/check-source.js";
import type { FileResult } from "../../report/result.js";

const imports = `import {
  pipe, read, write, close, fcntl, fork, waitpid, wstatus, getppid, kill, signal, sigaction, sigprocmask,
  sigemptyset, sigaddset, sigpending, sigismember, _exit, exit, errno, assert, F_SETFL, O_NONBLOCK,
  SIGPIPE, SIGUSR1, SIG_IGN, SIG_BLOCK, SIG_UNBLOCK, EAGAIN, EBADF, EPIPE, type sig_atomic_t,
} from "ipcheck";
`;
const program = (body: string) => imports + body;

/** A small pipe: writes of more than 4 bytes are not atomic, and 8 bytes fill it. */
const small = { options: { pipeBuf: 4, pipeCapacity: 8 } };

function effects(r: FileResult): string[] {
  return r.findings.flatMap((f) => f.trace.flatMap((s) => s.effect));
}

describe("pipes: end of file", () => {
  it("read sees end of file only once the pipe is empty and no write end is open", () => {
    expect(outcome(program(`
      export function main(): void {
        const [r, w] = pipe();
        write(w, "ab");
        close(w);
        assert(read(r, 1) === "a", "data first, even with no writer left");
        assert(read(r, 1) === "b");
        assert(read(r, 1) === "", "then end of file");
        assert(read(r, 1) === "", "and again");
      }`))).toBe("clean");
  });

  it("a write end inherited by a child counts: no end of file while the child holds it", () => {
    expect(outcome(program(`
      export function main(): void {
        const [r, w] = pipe();
        const [gate, opener] = pipe();
        const child = fork();
        if (child === 0) {
          close(r);
          close(opener);
          read(gate, 1); // holds w until the parent closes the gate
          _exit(0);
        }
        close(w);
        close(gate);
        fcntl(r, F_SETFL, O_NONBLOCK);
        const early = read(r, 1);
        assert(early === null && errno() === EAGAIN, "the child's copy of the write end is open: no end of file");
        close(opener);
        waitpid(child);
        assert(read(r, 1) === "", "the child's exit closed the last write end");
      }`))).toBe("clean");
  });

  it("a blocking read waits for the write end a child holds: a deadlock when the child waits for the reader", () => {
    const r = checkSource(program(`
      export function main(): void {
        const [r, w] = pipe();
        const [gate, opener] = pipe();
        const child = fork();
        if (child === 0) {
          close(r);
          close(opener);
          read(gate, 1);
          _exit(0);
        }
        close(w);
        close(gate);
        read(r, 1); // the child still holds w, and waits for us to close opener
        close(opener);
        waitpid(child);
      }`));
    expect(r.findings.map((f) => f.rule)).toEqual(["deadlock"]);
    expect(r.findings[0]!.message).toContain("pid 1 blocks in read(fd 3)");
    expect(r.findings[0]!.message).toContain("pipe #1 is empty and its write end is still open in pid 2");
  });

  it("a write end closed by exit() gives the reader end of file", () => {
    expect(outcome(program(`
      export function main(): void {
        const [r, w] = pipe();
        const child = fork();
        if (child === 0) {
          close(r);
          write(w, "bye");
          exit(0); // no close(w): exit closes it
        }
        close(w);
        assert(read(r, 8) === "bye");
        assert(read(r, 8) === "", "end of file once the child has exited");
        waitpid(child);
      }`))).toBe("clean");
  });
});

describe("pipes: read and write", () => {
  it("read returns at most n bytes and the rest stays in the pipe", () => {
    expect(outcome(program(`
      export function main(): void {
        const [r, w] = pipe();
        write(w, "hello");
        assert(read(r, 2) === "he");
        write(w, "!");
        assert(read(r, 10) === "llo!", "the rest, then what came after");
      }`))).toBe("clean");
  });

  it("a write of up to PIPE_BUF bytes is whole: it waits until all of it fits; a larger one moves what fits", () => {
    const src = (msg: string) =>
      program(`
      export function main(): void {
        const [r, w] = pipe();
        write(w, "xxxxxx"); // 2 bytes left free
        const child = fork();
        if (child === 0) {
          write(w, "${msg}");
          _exit(0);
        }
        const first = read(r, 8);
        assert(first === "xxxxxx", "part of the child's write came in: " + first);
        assert(read(r, 8) === "${msg}");
        waitpid(child);
      }`);
    expect(outcome(src("abcd"), small)).toBe("clean");
    const r = checkSource(src("abcde"), small);
    expect(r.findings.map((f) => f.rule)).toEqual(["assertion"]);
    expect(r.findings[0]!.message).toBe("assertion failed: part of the child's write came in: xxxxxxab");
  });

  it("a write larger than PIPE_BUF into a small pipe completes as a reader drains it", () => {
    expect(outcome(program(`
      export function main(): void {
        const [r, w] = pipe();
        const child = fork();
        if (child === 0) {
          close(w);
          let got = "";
          let part = read(r, 3);
          while (part !== null && part !== "") {
            got = got + part;
            part = read(r, 3);
          }
          assert(got === "0123456789abcdefghij", "all 20 bytes, in order");
          _exit(0);
        }
        close(r);
        assert(write(w, "0123456789abcdefghij") === 20, "the whole count");
        close(w);
        waitpid(child);
      }`), small)).toBe("clean");
  });

  it("a partial write interrupted by a handler without SA_RESTART returns the count it moved", () => {
    const src = (check: string) =>
      program(`
      function h(sig: number): void {}
      export function main(): void {
        sigaction(SIGUSR1, { handler: h });
        const [r, w] = pipe();
        const child = fork();
        if (child === 0) {
          close(w);
          kill(getppid(), SIGUSR1);
          let got = 0;
          let part = read(r, 4);
          while (part !== null && part !== "") {
            got = got + part.length;
            part = read(r, 4);
          }
          _exit(got);
        }
        close(r);
        const n = write(w, "0123456789ab");
        close(w);
        while (waitpid(child) !== child) {} // waitpid is interrupted too (no SA_RESTART)
        assert(wstatus() === n, "the reader got what write reported");
        ${check}
      }`);
    expect(outcome(src(`assert(n === 12 || n === 8, "all, or the 8 bytes that fit before the signal");`), small)).toBe("clean");
    const r = checkSource(src(`assert(n === 12, "cut short");`), small);
    expect(r.findings.map((f) => f.rule)).toEqual(["assertion"]);
    expect(effects(r)).toContain("the interrupted write() returns 8");
  });

  it("a write interrupted before it moved a byte restarts under SA_RESTART, else fails with EINTR", () => {
    const src = (install: string) =>
      program(`
      function h(sig: number): void {}
      export function main(): void {
        ${install}
        const [r, w] = pipe();
        write(w, "xxxxxxxx"); // full
        const child = fork();
        if (child === 0) {
          close(w);
          kill(getppid(), SIGUSR1);
          let part = read(r, 4);
          while (part !== null && part !== "") {
            part = read(r, 4);
          }
          _exit(0);
        }
        close(r);
        const n = write(w, "abcd");
        assert(n === 4, "write returned " + String(n));
        close(w);
        while (waitpid(child) !== child) {}
      }`);
    expect(outcome(src("signal(SIGUSR1, h);"), small)).toBe("clean");
    const r = checkSource(src("sigaction(SIGUSR1, { handler: h });"), small);
    expect(r.findings.map((f) => f.rule)).toEqual(["assertion"]);
    expect(r.findings[0]!.message).toBe("assertion failed: write returned -1");
    expect(effects(r)).toContain("the interrupted write() returns -1 (EINTR)");
  });
});

describe("pipes: O_NONBLOCK", () => {
  it("a non-blocking read of an empty pipe with a writer fails with EAGAIN", () => {
    expect(outcome(program(`
      export function main(): void {
        const [r, w] = pipe();
        fcntl(r, F_SETFL, O_NONBLOCK);
        const got = read(r, 4);
        assert(got === null && errno() === EAGAIN);
        close(w);
        assert(read(r, 4) === "", "no writer: end of file, not EAGAIN");
      }`))).toBe("clean");
  });

  it("O_NONBLOCK belongs to the open file description: set in the child, the parent's read does not block", () => {
    expect(outcome(program(`
      export function main(): void {
        const [r, w] = pipe();
        const child = fork();
        if (child === 0) {
          fcntl(r, F_SETFL, O_NONBLOCK);
          _exit(0);
        }
        waitpid(child);
        const got = read(r, 4); // empty, and we hold w: would block forever without the flag
        assert(got === null && errno() === EAGAIN);
      }`))).toBe("clean");
  });

  it("O_NONBLOCK set before fork is the child's too", () => {
    expect(outcome(program(`
      export function main(): void {
        const [r, w] = pipe();
        fcntl(r, F_SETFL, O_NONBLOCK);
        const child = fork();
        if (child === 0) {
          const got = read(r, 4);
          assert(got === null && errno() === EAGAIN, "the child's read does not block");
          _exit(0);
        }
        waitpid(child);
      }`))).toBe("clean");
  });

  it("a non-blocking write of up to PIPE_BUF bytes is whole or EAGAIN; a larger one may be partial", () => {
    expect(outcome(program(`
      export function main(): void {
        const [r, w] = pipe();
        fcntl(w, F_SETFL, O_NONBLOCK);
        assert(write(w, "123456") === 6);
        assert(write(w, "abc") === -1 && errno() === EAGAIN, "3 bytes do not fit in 2: nothing written");
        assert(read(r, 8) === "123456", "nothing of the failed write");
        assert(write(w, "abcdefghij") === 8, "more than PIPE_BUF: what fits");
        assert(read(r, 10) === "abcdefgh");
      }`), small)).toBe("clean");
  });
});

describe("pipes: errors and SIGPIPE", () => {
  it("close of a closed descriptor, read of a write end and write to a read end give EBADF", () => {
    expect(outcome(program(`
      export function main(): void {
        const [r, w] = pipe();
        assert(read(w, 1) === null && errno() === EBADF, "read of the write end");
        assert(write(r, "x") === -1 && errno() === EBADF, "write to the read end");
        assert(close(w) === 0);
        assert(close(w) === -1 && errno() === EBADF, "close twice");
        assert(read(w, 1) === null && errno() === EBADF, "read of a closed descriptor");
      }`))).toBe("clean");
  });

  it("with SIGPIPE ignored, a write with no read end open fails with EPIPE", () => {
    expect(outcome(program(`
      export function main(): void {
        signal(SIGPIPE, SIG_IGN);
        const [r, w] = pipe();
        close(r);
        assert(write(w, "x") === -1 && errno() === EPIPE);
      }`))).toBe("clean");
  });

  it("with SIGPIPE at its default, the writer is killed", () => {
    const r = checkSource(program(`
      export function main(): void {
        const [r, w] = pipe();
        close(r);
        write(w, "x");
      }`));
    expect(r.findings.map((f) => f.rule)).toEqual(["killed-by-signal"]);
    expect(r.findings[0]!.trace.at(-1)!.effect).toContain("pid 1 killed by SIGPIPE");
  });

  it("with a SIGPIPE handler, the handler runs and then write fails with EPIPE", () => {
    expect(outcome(program(`
      let broken: sig_atomic_t = 0;
      function h(sig: number): void { broken = 1; }
      export function main(): void {
        signal(SIGPIPE, h);
        const [r, w] = pipe();
        close(r);
        const n = write(w, "x");
        assert(n === -1 && errno() === EPIPE && broken === 1);
      }`))).toBe("clean");
  });

  it("with SIGPIPE blocked, write fails with EPIPE and SIGPIPE stays pending until unblocked", () => {
    const r = checkSource(program(`
      export function main(): void {
        sigprocmask(SIG_BLOCK, sigaddset(sigemptyset(), SIGPIPE));
        const [r, w] = pipe();
        close(r);
        assert(write(w, "x") === -1 && errno() === EPIPE);
        assert(sigismember(sigpending(), SIGPIPE) === 1, "pending for the writing thread");
        sigprocmask(SIG_UNBLOCK, sigaddset(sigemptyset(), SIGPIPE));
        write(1, "not reached\\n");
      }`));
    expect(r.findings.map((f) => f.rule)).toEqual(["killed-by-signal"]);
    expect(r.findings[0]!.trace.at(-1)!.text).toMatch(/^sigprocmask\(SIG_UNBLOCK/);
    expect(r.findings[0]!.trace.at(-1)!.effect).toContain("pid 1 killed by SIGPIPE");
  });

  it("a read end inherited by a child counts: no SIGPIPE while the child holds it", () => {
    expect(outcome(program(`
      export function main(): void {
        const [r, w] = pipe();
        const child = fork();
        if (child === 0) {
          close(w);
          assert(read(r, 2) === "ok");
          _exit(0);
        }
        close(r);
        assert(write(w, "ok") === 2, "the child's read end is open");
        waitpid(child);
      }`))).toBe("clean");
  });
});
