// Shared-memory segments and message queues made in a loop, in the Promela translation: a call in
// a loop makes at most LOOP_SOCKETS of them there, and past the slots the run stops with an
// assertion that says so. SPIN runs on each translation (.ci/run installs spin).
import { describe, it } from "vitest";
import { expectBound } from "../../test/promela-translation.js";

/** n turns of a loop, each making a private segment, storing a value in it and reading it back, while a child waits to be reaped. */
function segmentPerTurn(n: number): string {
  return `import { shmget, shmat, fork, wait, _exit, assert, IPC_PRIVATE } from "ipcheck";
export function main(): void {
  if (fork() === 0) _exit(0);
  for (let i = 0; i < ${n}; i++) {
    const shm = shmat(shmget(IPC_PRIVATE, 1));
    shm[0] = i + 1;
    assert(shm[0] === i + 1, "the segment keeps the value");
  }
  wait();
}
`;
}

/** n turns of a loop, each making a queue, passing a message through it, and unlinking it. */
function queuePerTurn(n: number): string {
  return `import { mq_open, mq_send, mq_receive, mq_close, mq_unlink, assert, O_CREAT, O_RDWR } from "ipcheck";
export function main(): void {
  for (let i = 0; i < ${n}; i++) {
    const q = mq_open("/turn", O_CREAT | O_RDWR, 1);
    mq_send(q, "m", 0);
    assert(mq_receive(q) === "m", "the message comes through");
    mq_close(q);
    mq_unlink("/turn");
  }
}
`;
}

describe("segments and message queues made in a loop, in Promela", () => {
  it("makes a segment in each turn of a loop, up to the translation's bound, then stops with an assertion", async () => {
    // past 2 processes × 4 slots (the loop comes after the fork)
    await expectBound(segmentPerTurn(2), segmentPerTurn(12), "shared-memory segments (NSEG) are full");
  }, 120_000);

  it("makes a queue in each turn of a loop, up to the translation's bound, then stops with an assertion", async () => {
    await expectBound(queuePerTurn(3), queuePerTurn(6), "message queues (NQ) are full");
  }, 120_000);
});
