// expect: unsafe-handler-call
// expect-not: data-race, signal-race, deadlock, assertion, signal-lost, killed-by-signal, mutex-misuse, livelock
// why: the SIGALRM handler re-arms the timer four times, then calls console.log and exit, neither async-signal-safe. Each alarm expires, so every run reaches the last tick (no deadlock); ticks is touched only by the handler, which its own signal cannot interrupt (no race); alarm() sends SIGALRM, so the environment does not.
import { signal, alarm, exit, SIGALRM } from "ipcheck";

let ticks = 0;

function onTick(sig: number): void {
  ticks += 1;
  if (ticks < 4) {
    alarm(2);
    return;
  }
  console.log("timer: " + String(ticks) + " ticks");
  exit(0);
}

export function main(): void {
  signal(SIGALRM, onTick);
  alarm(2);
  while (1) {
    // spin: the work happens in the handler
  }
}
