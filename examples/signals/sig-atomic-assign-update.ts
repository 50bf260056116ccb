// expect: signal-race
// expect-not: data-race, deadlock, assertion, signal-lost, killed-by-signal, unsafe-handler-call, mutex-misuse, livelock
// why: heartbeats = heartbeats + 1 is a read step then a write step, exactly like heartbeats++ (LANGUAGE.md §2), so sig_atomic_t does not exempt it: the user's SIGHUP can run the handler's reset between main's read and write, and the reset is lost.
import { signal, SIGHUP, type sig_atomic_t } from "ipcheck";

let heartbeats: sig_atomic_t = 0;

function onReset(sig: number): void {
  heartbeats = 0;
}

export function main(): void {
  signal(SIGHUP, onReset);
  for (;;) {
    heartbeats = heartbeats + 1;
  }
}
