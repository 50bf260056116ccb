// expect: clean
// why: a SIGALRM handler is installed before the watchdog is armed; it only writes (async-signal-safe), and signal()'s SA_RESTART makes the interrupted waitpid resume, so an early alarm no longer ends the parent.
import { fork, alarm, waitpid, sleep, signal, write, _exit, SIGALRM } from "ipcheck";

function onWatchdog(sig: number): void {
  write(1, "watchdog: child is slow\n");
}

export function main(): void {
  signal(SIGALRM, onWatchdog);
  const child = fork();
  if (child === 0) {
    sleep(1);
    _exit(0);
  }
  alarm(2);
  waitpid(child);
  alarm(0);
  write(1, "child finished\n");
}
