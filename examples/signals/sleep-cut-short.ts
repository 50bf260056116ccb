// expect: assertion
// expect-not: data-race, signal-race, deadlock, signal-lost, killed-by-signal, unsafe-handler-call, mutex-misuse, livelock
// why: the child's SIGUSR1 can arrive while the parent sleeps; after the handler, sleep() returns early with the whole 10 s (no time counts as slept), and the parent's assumption that it slept the full time fails.
import { signal, fork, kill, getppid, sleep, waitpid, write, _exit, assert, SIGUSR1 } from "ipcheck";

function onNudge(sig: number): void {
  write(1, "parent: nudged\n");
}

export function main(): void {
  signal(SIGUSR1, onNudge);
  const child = fork();
  if (child === 0) {
    kill(getppid(), SIGUSR1);
    _exit(0);
  }
  const left = sleep(10);
  assert(left === 0, "sleep() was cut short with " + String(left) + " s left");
  waitpid(child);
}
