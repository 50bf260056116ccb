// expect: data-race, deadlock
// expect-not: signal-race, assertion, signal-lost, killed-by-signal, unsafe-handler-call, mutex-misuse, livelock
// why: the listener setup of sigmask-signal-thread.ts, but main starts the worker before it blocks SIGUSR1, so the worker runs with SIGUSR1 unblocked and the process-directed SIGUSR1 may be delivered to it instead. Its handler then writes `caught` in the worker's thread while the listener reads it in its own (a data race), and if the listener had already gone into sigsuspend it waits there for ever, with main blocked joining it: a deadlock.
import {
  pthread_create, pthread_join, pthread_sigmask, sigsuspend, sigemptyset, sigaddset,
  signal, kill, getpid, SIGUSR1, SIG_BLOCK, type sig_atomic_t,
} from "ipcheck";

let caught: sig_atomic_t = 0;
let work = 0;

function onUsr1(sig: number): void {
  caught = 1;
}

function listener(): void {
  pthread_sigmask(SIG_BLOCK, sigaddset(sigemptyset(), SIGUSR1));
  while (caught === 0) {
    sigsuspend(sigemptyset()); // SIGUSR1 is let in only here
  }
}

function worker(): void {
  for (let i = 0; i < 2; i++) {
    work++;
  }
}

export function main(): void {
  signal(SIGUSR1, onUsr1);
  const w = pthread_create(worker); // started with SIGUSR1 unblocked
  pthread_sigmask(SIG_BLOCK, sigaddset(sigemptyset(), SIGUSR1));
  const l = pthread_create(listener);
  kill(getpid(), SIGUSR1);
  pthread_join(w);
  pthread_join(l);
}
