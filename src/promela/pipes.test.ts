// Pipes made and FIFOs opened in a loop, in the Promela translation: a pipe() or an open() in a
// loop makes at most LOOP_OBJECTS pipes (descriptions) there, a call site no fork comes before runs
// in the first process only, and past the slots the run stops with an assertion that says so. SPIN
// runs on each translation (.ci/run installs spin).
import { describe, expect, it } from "vitest";
import { expectBound, expectSameVerdicts, translated } from "../../test/promela-translation.js";
import { pipeRing } from "../bench/models.js";

/** The bench's ring of n processes over pipes; `skip`: each child passes the token two places on, so that it never comes back. */
function ring(n: number, skip: boolean): string {
  const ordered = pipeRing(n);
  if (!skip) return ordered;
  const skipping = ordered.replace(`w[(i + 1) % ${n}]`, `w[(i + 2) % ${n}]`);
  if (skipping === ordered) throw new Error("the bench's pipe ring changed shape");
  return skipping;
}

/** n turns of a loop, each making a pipe, passing a byte through it and closing it. */
function pipePerTurn(n: number): string {
  return `import { pipe, read, write, close, assert } from "ipcheck";
export function main(): void {
  for (let i = 0; i < ${n}; i++) {
    const [r, w] = pipe();
    write(w, "x");
    assert(read(r, 1) === "x", "the byte comes through");
    close(r);
    close(w);
  }
}
`;
}

/** A writer opening a FIFO, writing a byte and closing it n times, and a reader doing the same for reading (the first turns meet; a later one may find the other gone). */
function fifoTurns(n: number): string {
  return `import { mkfifo, open, read, write, close, fork, wait, _exit, O_RDONLY, O_WRONLY } from "ipcheck";
const PATH = "/tmp/turns";
export function main(): void {
  mkfifo(PATH);
  if (fork() === 0) {
    for (let i = 0; i < ${n}; i++) {
      const w = open(PATH, O_WRONLY);
      write(w, "m");
      close(w);
    }
    _exit(0);
  }
  for (let i = 0; i < ${n}; i++) {
    const r = open(PATH, O_RDONLY);
    read(r, 1);
    close(r);
  }
  wait();
}
`;
}

/** n opens and closes of a FIFO for reading and writing (no wait): a description, and a pipe, each turn. */
function fifoReopened(n: number): string {
  return `import { mkfifo, open, close, O_RDWR } from "ipcheck";
export function main(): void {
  mkfifo("/tmp/again");
  for (let i = 0; i < ${n}; i++) close(open("/tmp/again", O_RDWR));
}
`;
}

describe("pipes made in a loop, in Promela", () => {
  it("a ring of processes over pipes made in a loop: SPIN's verdicts are ipcheck's", async () => {
    for (const skip of [false, true]) expect(await expectSameVerdicts(ring(4, skip))).toEqual(skip ? ["deadlock"] : []);
  }, 120_000);

  it("counts a pipe() no fork comes before once, and one after a fork once for each process", () => {
    // the ring's pipes are made before its forks: LOOP_OBJECTS slots, not one set per process
    expect(translated(ring(3, false)).text).toMatch(/#define NPIPE 17\n/);
    const afterFork = `import { pipe, fork, wait, _exit } from "ipcheck";
export function main(): void {
  if (fork() === 0) {
    pipe();
    _exit(0);
  }
  pipe();
  wait();
}
`;
    // two processes may each run both sites: 1 + 2 × 2 slots
    expect(translated(afterFork).text).toMatch(/#define NPIPE 5\n/);
  });

  it("makes a pipe in each turn of a loop, up to the translation's bound, then stops with an assertion", async () => {
    await expectBound(pipePerTurn(3), pipePerTurn(20), "pipe slots (NPIPE) are full");
  }, 120_000);

  it("FIFOs opened in a loop: SPIN's verdicts are ipcheck's", async () => {
    // the reader's second open may come after the writer is gone: it waits for ever; and a writer
    // may write after the reader closed: SIGPIPE (a rule SPIN's verdicts do not tell)
    expect(await expectSameVerdicts(fifoTurns(2))).toEqual(["deadlock", "killed-by-signal"]);
  }, 120_000);

  it("takes a closed FIFO open's description again, and stops with an assertion past the pipe slots", async () => {
    // a new pipe for each turn (its data go with its last close), one description the whole time
    expect(translated(fifoReopened(20)).text).toMatch(/#define NPIPE 17\n/);
    await expectBound(fifoReopened(3), fifoReopened(20), "pipe slots (NPIPE) are full");
  }, 120_000);
});
