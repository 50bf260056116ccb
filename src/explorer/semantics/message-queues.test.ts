// POSIX message queue semantics (LANGUAGE.md §3 "Descriptors"; mq_overview(7), mq_open(3), mq_send(3),
// mq_receive(3), mq_unlink(3)), each law pinned by a small program: clean when the law holds on every
// run, a finding when a run breaks it.
import { describe, expect, it } from "vitest";
import { checkSource, outcome } from "../../../test/check-source.js";

const imports = `import {
  mq_open, mq_send, mq_receive, mq_close, mq_unlink, fork, waitpid, _exit, errno, assert,
  O_CREAT, O_RDWR, O_RDONLY, O_WRONLY, O_NONBLOCK, EAGAIN, ENOENT,
} from "ipcheck";
`;
const program = (body: string) => imports + body;

describe("message queues: order", () => {
  it("the highest priority comes first, and within one priority the oldest", () => {
    expect(outcome(program(`
      export function main(): void {
        const q = mq_open("/q", O_CREAT | O_RDWR);
        mq_send(q, "low1", 1);
        mq_send(q, "high1", 7);
        mq_send(q, "none", 0);
        mq_send(q, "low2", 1);
        mq_send(q, "high2", 7);
        const want = ["high1", "high2", "low1", "low2", "none"];
        for (let i = 0; i < 5; i++) {
          const got = mq_receive(q);
          assert(got === want[i], "message " + String(i) + " was " + got);
        }
      }`))).toBe("clean");
  });

  it("without a priority, messages come in the order sent, between processes too", () => {
    expect(outcome(program(`
      export function main(): void {
        const q = mq_open("/q", O_CREAT | O_RDWR, 2);
        const child = fork();
        if (child === 0) {
          const w = mq_open("/q", O_WRONLY); // the same name, the same queue
          mq_send(w, "a");
          mq_send(w, "b");
          mq_send(w, "c");
          _exit(0);
        }
        assert(mq_receive(q) === "a");
        assert(mq_receive(q) === "b");
        assert(mq_receive(q) === "c");
        waitpid(child);
      }`))).toBe("clean");
  });
});

describe("message queues: full and empty", () => {
  it("mq_send blocks while the queue is full: alone, a deadlock", () => {
    const r = checkSource(program(`
      export function main(): void {
        const q = mq_open("/q", O_CREAT | O_RDWR, 2);
        mq_send(q, "1");
        mq_send(q, "2");
        mq_send(q, "3");
      }`));
    expect(r.findings.map((f) => f.rule)).toEqual(["deadlock"]);
    expect(r.findings[0]!.message).toMatch(/^deadlock: pid 1 blocks in mq_send\(fd 3/);
  });

  it("a blocked mq_send goes on once a receiver makes room", () => {
    expect(outcome(program(`
      export function main(): void {
        const q = mq_open("/q", O_CREAT | O_RDWR, 1);
        const child = fork();
        if (child === 0) {
          mq_send(q, "x");
          assert(mq_send(q, "y") === 0, "waited for room");
          _exit(0);
        }
        assert(mq_receive(q) === "x");
        assert(mq_receive(q) === "y");
        waitpid(child);
      }`))).toBe("clean");
  });

  it("with O_NONBLOCK a full mq_send and an empty mq_receive fail with EAGAIN", () => {
    expect(outcome(program(`
      export function main(): void {
        const q = mq_open("/q", O_CREAT | O_RDWR | O_NONBLOCK, 1);
        assert(mq_receive(q) === null && errno() === EAGAIN, "empty");
        assert(mq_send(q, "1") === 0);
        assert(mq_send(q, "2") === -1 && errno() === EAGAIN, "full");
        assert(mq_receive(q) === "1", "the failed send left nothing");
      }`))).toBe("clean");
  });

  it("mq_receive with no sender left waits for ever: a deadlock (a queue has no end of file)", () => {
    const r = checkSource(program(`
      export function main(): void {
        const q = mq_open("/q", O_CREAT | O_RDWR);
        const child = fork();
        if (child === 0) {
          mq_send(q, "only");
          mq_close(q);
          _exit(0);
        }
        mq_receive(q);
        mq_receive(q);
        waitpid(child);
      }`));
    expect(r.findings.map((f) => f.rule)).toEqual(["deadlock"]);
    expect(r.findings[0]!.message).toMatch(/^deadlock: pid 1 blocks in mq_receive\(fd 3\)/);
  });
});

describe("message queues: names", () => {
  it("mq_unlink removes the name; an open queue keeps working", () => {
    expect(outcome(program(`
      export function main(): void {
        const q = mq_open("/q", O_CREAT | O_RDWR);
        mq_send(q, "kept");
        assert(mq_unlink("/q") === 0);
        assert(mq_open("/q", O_RDONLY) === -1 && errno() === ENOENT, "the name is gone");
        assert(mq_receive(q) === "kept", "the message survives the unlink");
        mq_send(q, "more");
        assert(mq_receive(q) === "more");
        const fresh = mq_open("/q", O_CREAT | O_RDWR | O_NONBLOCK);
        assert(mq_receive(fresh) === null && errno() === EAGAIN, "O_CREAT makes a new, empty queue");
        mq_close(q);
      }`))).toBe("clean");
  });

  it("mq_open of an unknown name without O_CREAT fails with ENOENT", () => {
    expect(outcome(program(`
      export function main(): void {
        assert(mq_open("/none", O_RDWR) === -1 && errno() === ENOENT);
      }`))).toBe("clean");
  });
});
