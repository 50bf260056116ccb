// expect: clean
// why: the same timer with write(1, ...) and _exit in the handler: only async-signal-safe calls, ticks touched only by the handler, and the fourth tick ends the process.
import { signal, alarm, write, _exit, SIGALRM } from "ipcheck";

let ticks = 0;

function onTick(sig: number): void {
  ticks += 1;
  if (ticks < 4) {
    alarm(2);
    return;
  }
  write(1, "timer: done\n");
  _exit(0);
}

export function main(): void {
  signal(SIGALRM, onTick);
  alarm(2);
  while (1) {
    // spin: the work happens in the handler
  }
}
