// expect: signal-race
// expect-not: data-race, deadlock, assertion, signal-lost, killed-by-signal, unsafe-handler-call, mutex-misuse, livelock
// why: the user's SIGINT clears the running total, but the handler can run between the read and the write of total += 2 in main, and main then writes back the old total plus 2: the reset is lost.
import { signal, SIGINT } from "ipcheck";

let total = 0;

function onClear(sig: number): void {
  total = 0;
}

export function main(): void {
  signal(SIGINT, onClear);
  while (true) {
    total += 2;
  }
}
