// expect: deadlock
// expect-not: data-race, signal-race, assertion, signal-lost, killed-by-signal, unsafe-handler-call, mutex-misuse, livelock
// why: the child signals "ready" once; if SIGUSR1 is handled after the parent tested ready but before it called pause(), pause() waits for a signal that will never come. The program sends SIGUSR1 itself, so the environment does not, and the parent does not wait for the user: a deadlock.
import { signal, fork, kill, getppid, pause, wait, _exit, SIGUSR1, type sig_atomic_t } from "ipcheck";

let ready: sig_atomic_t = 0;

function onReady(sig: number): void {
  ready = 1;
}

export function main(): void {
  signal(SIGUSR1, onReady);
  if (fork() === 0) {
    kill(getppid(), SIGUSR1);
    _exit(0);
  }
  while (ready === 0) {
    pause(); // the lost wake-up: the signal may have come just before
  }
  wait();
}
