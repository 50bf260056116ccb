// expect: clean
// why: a producer and a consumer thread pass 3 numbers through a 2-slot array guarded by two sem_init semaphores: `free` counts empty slots (starts at 2), `filled` counts full ones (starts at 0). sem_post happens before the sem_wait it lets through, so each slot's write is ordered before its read and its read before its next write (no data race); the consumer gets 10, 20, 30 in order, and since each waits only for what the other posts, no run is stuck.
import { pthread_create, pthread_join, sem_init, sem_wait, sem_post, assert } from "ipcheck";

const CAPACITY = 2;
const COUNT = 3;
const slots = [0, 0];
const free = sem_init(CAPACITY);
const filled = sem_init(0);
let received = 0;

function producer(): void {
  for (let k = 0; k < COUNT; k++) {
    sem_wait(free);
    slots[k % CAPACITY] = 10 * (k + 1);
    sem_post(filled);
  }
}

function consumer(): void {
  for (let k = 0; k < COUNT; k++) {
    sem_wait(filled);
    const v = slots[k % CAPACITY];
    sem_post(free);
    assert(v === 10 * (k + 1), "got " + String(v) + " as item " + String(k + 1));
    received++;
  }
}

export function main(): void {
  const p = pthread_create(producer);
  const c = pthread_create(consumer);
  pthread_join(p);
  pthread_join(c);
  assert(received === COUNT, "the consumer got " + String(received) + " items");
}
