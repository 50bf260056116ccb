// expect: clean
// why: the same ring as ring-buffer-plain.ts, but head and tail are read and written only through Atomics.load and Atomics.store. The filler's plain write of a slot comes before its Atomics.store of head, which comes before the drainer's Atomics.load that sees it, which comes before the drainer's plain read of that slot (and the same through tail for reuse of a slot): every plain access is ordered, so there is no data race, and the items arrive as 7, 14, 21.
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
      while ((Atomics.load(ring, HEAD) + 1) % RING === Atomics.load(ring, TAIL)) {
        // full: spin
      }
      const head = Atomics.load(ring, HEAD);
      ring[DATA + head] = 7 * k;
      Atomics.store(ring, HEAD, (head + 1) % RING);
    }
    _exit(0);
  }

  for (let k = 1; k <= COUNT; k++) {
    while (Atomics.load(ring, HEAD) === Atomics.load(ring, TAIL)) {
      // empty: spin
    }
    const tail = Atomics.load(ring, TAIL);
    const item = ring[DATA + tail];
    Atomics.store(ring, TAIL, (tail + 1) % RING);
    assert(item === 7 * k, "took " + String(item) + " where " + String(7 * k) + " was due");
  }
  waitpid(filler);
}
