// expect: killed-by-signal
// expect-not: data-race, signal-race, deadlock, assertion, signal-lost, unsafe-handler-call, mutex-misuse, livelock
// why: the parent arms alarm(2) as a watchdog while it waits for the child, but installs no SIGALRM handler: if the alarm expires before the child ends, SIGALRM's default action terminates the parent.
import { fork, alarm, waitpid, sleep, write, _exit } from "ipcheck";

export function main(): void {
  const child = fork();
  if (child === 0) {
    sleep(1);
    _exit(0);
  }
  alarm(2);
  waitpid(child);
  alarm(0);
  write(1, "child finished in time\n");
}
