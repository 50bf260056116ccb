// expect: clean
// why: each sigaction mask blocks the other signal while a handler runs, so a SIGTERM that arrives during the SIGINT handler stays pending until it returns (and the reverse): the handlers never interleave. main ends idle in pause().
import { sigaction, sigemptyset, sigaddset, pause, SIGINT, SIGTERM } from "ipcheck";

let events = 0;

function onInterrupt(sig: number): void {
  events = events + 1;
}

function onTerminate(sig: number): void {
  events = events + 10;
}

export function main(): void {
  const both = sigaddset(sigaddset(sigemptyset(), SIGINT), SIGTERM);
  sigaction(SIGINT, { handler: onInterrupt, mask: both });
  sigaction(SIGTERM, { handler: onTerminate, mask: both });
  for (;;) {
    pause();
  }
}
