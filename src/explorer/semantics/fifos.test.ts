// FIFO semantics (LANGUAGE.md §3 "Descriptors"; fifo(7), mkfifo(3), open(2), unlink(2)), each law pinned
// by a small program: clean when the law holds on every run, a finding when a run breaks it.
import { describe, expect, it } from "vitest";
import { checkSource, outcome } from "../../../test/check-source.js";

const imports = `import {
  mkfifo, open, read, write, close, unlink, fork, waitpid, _exit, errno, assert,
  O_RDONLY, O_WRONLY, O_RDWR, O_NONBLOCK, EEXIST, ENOENT, ENXIO,
} from "ipcheck";
`;
const program = (body: string) => imports + body;

describe("fifos: names", () => {
  it("mkfifo of a path that exists fails with EEXIST", () => {
    expect(outcome(program(`
      export function main(): void {
        assert(mkfifo("/tmp/f") === 0);
        assert(mkfifo("/tmp/f") === -1 && errno() === EEXIST);
      }`))).toBe("clean");
  });

  it("after unlink, open fails with ENOENT, and so does a second unlink", () => {
    expect(outcome(program(`
      export function main(): void {
        mkfifo("/tmp/f");
        assert(unlink("/tmp/f") === 0);
        assert(open("/tmp/f", O_RDWR) === -1 && errno() === ENOENT, "open");
        assert(unlink("/tmp/f") === -1 && errno() === ENOENT, "unlink");
        assert(mkfifo("/tmp/f") === 0, "the name is free again");
      }`))).toBe("clean");
  });

  it("unlink removes the name, not the pipe: open descriptors keep working", () => {
    expect(outcome(program(`
      export function main(): void {
        mkfifo("/tmp/f");
        const fd = open("/tmp/f", O_RDWR);
        unlink("/tmp/f");
        assert(write(fd, "still") === 5);
        assert(read(fd, 8) === "still");
      }`))).toBe("clean");
  });
});

describe("fifos: opening", () => {
  it("O_RDWR never blocks, even with no other opener", () => {
    expect(outcome(program(`
      export function main(): void {
        mkfifo("/tmp/f");
        const fd = open("/tmp/f", O_RDWR);
        assert(fd >= 0, "opened at once");
        write(fd, "self");
        assert(read(fd, 4) === "self", "a reader and a writer at once");
      }`))).toBe("clean");
  });

  it("an open for reading blocks until a writer opens: alone, a deadlock", () => {
    const r = checkSource(program(`
      export function main(): void {
        mkfifo("/tmp/f");
        open("/tmp/f", O_RDONLY);
      }`));
    expect(r.findings.map((f) => f.rule)).toEqual(["deadlock"]);
    expect(r.findings[0]!.message).toMatch(/^deadlock: pid 1 blocks in open\("\/tmp\/f", O_RDONLY\) \(line \d+\): no process has the FIFO open for writing, nor is opening it so/);
  });

  it("an open for writing blocks until a reader opens: alone, a deadlock", () => {
    const r = checkSource(program(`
      export function main(): void {
        mkfifo("/tmp/f");
        open("/tmp/f", O_WRONLY);
      }`));
    expect(r.findings.map((f) => f.rule)).toEqual(["deadlock"]);
    expect(r.findings[0]!.message).toMatch(/^deadlock: pid 1 blocks in open\("\/tmp\/f", O_WRONLY\)/);
  });

  it("a reader and a writer opening in two processes meet, whichever comes first", () => {
    expect(outcome(program(`
      export function main(): void {
        mkfifo("/tmp/f");
        const child = fork();
        if (child === 0) {
          const w = open("/tmp/f", O_WRONLY);
          assert(w >= 0);
          _exit(0);
        }
        const r = open("/tmp/f", O_RDONLY);
        assert(r >= 0);
        waitpid(child);
      }`))).toBe("clean");
  });

  it("with O_NONBLOCK a read-open succeeds at once, and with no writer read sees end of file", () => {
    expect(outcome(program(`
      export function main(): void {
        mkfifo("/tmp/f");
        const r = open("/tmp/f", O_RDONLY | O_NONBLOCK);
        assert(r >= 0, "no writer needed");
        assert(read(r, 4) === "", "no writer: end of file");
      }`))).toBe("clean");
  });

  it("with O_NONBLOCK a write-open with no reader fails with ENXIO, and succeeds once one is open", () => {
    expect(outcome(program(`
      export function main(): void {
        mkfifo("/tmp/f");
        assert(open("/tmp/f", O_WRONLY | O_NONBLOCK) === -1 && errno() === ENXIO, "no reader");
        const r = open("/tmp/f", O_RDONLY | O_NONBLOCK);
        const w = open("/tmp/f", O_WRONLY | O_NONBLOCK);
        assert(w >= 0, "a reader is open now");
        write(w, "hi");
        assert(read(r, 4) === "hi");
      }`))).toBe("clean");
  });

  it("an open of a path with no FIFO fails with ENOENT", () => {
    expect(outcome(program(`
      export function main(): void {
        assert(open("/tmp/none", O_RDONLY) === -1 && errno() === ENOENT);
      }`))).toBe("clean");
  });
});

describe("fifos: data", () => {
  it("the bytes flow as through a pipe, and the reader sees end of file when the writer closes", () => {
    expect(outcome(program(`
      export function main(): void {
        mkfifo("/tmp/f");
        const r = open("/tmp/f", O_RDONLY | O_NONBLOCK);
        const child = fork();
        if (child === 0) {
          close(r);
          const w = open("/tmp/f", O_WRONLY);
          write(w, "ab");
          write(w, "cd");
          close(w);
          _exit(0);
        }
        waitpid(child);
        assert(read(r, 8) === "abcd", "in order");
        assert(read(r, 8) === "", "then end of file");
      }`))).toBe("clean");
  });
});
