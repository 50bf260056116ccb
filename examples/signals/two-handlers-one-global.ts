// expect: signal-race
// expect-not: data-race, deadlock, assertion, signal-lost, killed-by-signal, unsafe-handler-call, mutex-misuse, livelock
// why: signal() blocks only a handler's own signal, so the user's SIGTERM can interrupt the SIGINT handler between its read and its write of events (and the reverse): one update is lost. main ends idle in pause().
import { signal, pause, SIGINT, SIGTERM } from "ipcheck";

let events = 0;

function onInterrupt(sig: number): void {
  events = events + 1;
}

function onTerminate(sig: number): void {
  events = events + 10;
}

export function main(): void {
  signal(SIGINT, onInterrupt);
  signal(SIGTERM, onTerminate);
  for (;;) {
    pause();
  }
}
