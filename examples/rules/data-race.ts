// expect: data-race, assertion
// expect-not: signal-race, deadlock, signal-lost, killed-by-signal, unsafe-handler-call, mutex-misuse, livelock
// why: two threads add to one global with no lock: each add is a read then a write, so one thread's update can fall between the other's read and write and be lost.
import { pthread_create, pthread_join, assert } from "ipcheck";

let sold = 0;

function seller(arg: number): void {
  sold += arg;
}

export function main(): void {
  const a = pthread_create(seller, 2);
  const b = pthread_create(seller, 3);
  pthread_join(a);
  pthread_join(b);
  assert(sold === 5, "sold " + String(sold) + " tickets, 5 expected");
}
