// expect: signal-race
// expect-not: data-race, deadlock, assertion, signal-lost, killed-by-signal, unsafe-handler-call, mutex-misuse, livelock
// why: the program never sends SIGUSR1, so the environment may send it once; the handler's tickets++ can run between main's read and write of tickets -= 1, and one update is lost. tickets decides nothing, so its value is not kept and the search ends.
import { signal, SIGUSR1 } from "ipcheck";

let tickets = 100;

function onRefund(sig: number): void {
  tickets++;
}

export function main(): void {
  signal(SIGUSR1, onRefund);
  for (;;) {
    tickets -= 1; // sell one: a read step, then a write step
  }
}
