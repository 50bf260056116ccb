// expect: data-race, assertion
// expect-not: signal-race, deadlock, signal-lost, killed-by-signal, unsafe-handler-call, mutex-misuse, livelock
// why: two threads each do `tally++` twice on a global with no mutex. Each `tally++` is a read then a write, and nothing orders one thread's accesses against the other's (a data race); when both read the same value one increment is lost, so main, after joining both, can see less than 4.
import { pthread_create, pthread_join, assert } from "ipcheck";

let tally = 0;

function bump(times: number): void {
  for (let i = 0; i < times; i++) {
    tally++;
  }
}

export function main(): void {
  const a = pthread_create(bump, 2);
  const b = pthread_create(bump, 2);
  pthread_join(a);
  pthread_join(b);
  assert(tally === 4, "tally is " + String(tally) + " after two threads added 2 each");
}
