// expect: unsafe-handler-call
// expect-not: data-race, signal-race, deadlock, assertion, signal-lost, killed-by-signal, mutex-misuse, livelock
// why: the SIGTERM handler calls logLine, which calls printf: not async-signal-safe, whatever main was doing when the signal came. main calling logLine itself is fine.
import { signal, pause, printf, SIGTERM } from "ipcheck";

function logLine(text: string): void {
  printf("%s\n", text);
}

function onTerm(sig: number): void {
  logLine("terminating");
}

export function main(): void {
  signal(SIGTERM, onTerm);
  logLine("serving");
  for (;;) {
    pause();
  }
}
