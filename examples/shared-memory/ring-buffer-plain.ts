// expect: data-race
// expect-not: signal-race, deadlock, assertion, signal-lost, killed-by-signal, unsafe-handler-call, mutex-misuse, livelock
// why: the child fills a ring in POSIX shared memory and the parent drains it, both busy-waiting on the plain head and tail slots. Nothing orders one process's plain accesses to head, tail and the ring's slots before the other's (a data race), yet under sequential consistency the ring algorithm is correct: the parent takes 7, 14, 21 in order. Each busy-wait ends as soon as the other process steps, so no run is stuck.
import { shm_open, ftruncate, mmap, fork, waitpid, _exit, assert, O_CREAT, O_RDWR } from "ipcheck";

const RING = 2; // a ring of RING slots holds RING - 1 items
const COUNT = 3;
// the segment's layout, in 32-bit slots: head (next to fill), tail (next to drain), then the ring
const HEAD = 0;
const TAIL = 1;
const DATA = 2;

export function main(): void {
  const fd = shm_open("/ring", O_CREAT | O_RDWR);
  ftruncate(fd, DATA + RING);
  const ring = mmap(fd, DATA + RING);

  const filler = fork();
  if (filler === 0) {
    for (let k = 1; k <= COUNT; k++) {
      while ((ring[HEAD] + 1) % RING === ring[TAIL]) {
        // full: spin
      }
      ring[DATA + ring[HEAD]] = 7 * k;
      ring[HEAD] = (ring[HEAD] + 1) % RING;
    }
    _exit(0);
  }

  for (let k = 1; k <= COUNT; k++) {
    while (ring[HEAD] === ring[TAIL]) {
      // empty: spin
    }
    const item = ring[DATA + ring[TAIL]];
    ring[TAIL] = (ring[TAIL] + 1) % RING;
    assert(item === 7 * k, "took " + String(item) + " where " + String(7 * k) + " was due");
  }
  waitpid(filler);
}
