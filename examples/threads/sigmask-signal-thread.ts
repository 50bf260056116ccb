// expect: clean
// why: main blocks SIGUSR1 before it starts any thread, so the worker inherits the blocked mask; only the listener thread ever lets SIGUSR1 in, and only inside sigsuspend. The SIGUSR1 that main sends to its own process (process-directed) can therefore be delivered only to the listener, which wakes, sees `caught` set and records that it did. Had any other thread taken it, the listener would sleep in sigsuspend for ever. It tests `caught` with SIGUSR1 blocked, so the signal cannot slip in between the test and sigsuspend.
import {
  pthread_create, pthread_join, pthread_sigmask, sigsuspend, sigemptyset, sigaddset,
  signal, kill, getpid, assert, SIGUSR1, SIG_BLOCK, type sig_atomic_t,
} from "ipcheck";

let caught: sig_atomic_t = 0;
let listenerSaw = 0;
let work = 0;

function onUsr1(sig: number): void {
  caught = 1;
}

function listener(): void {
  while (caught === 0) {
    sigsuspend(sigemptyset()); // SIGUSR1 is let in only here
  }
  listenerSaw = 1;
}

function worker(): void {
  for (let i = 0; i < 2; i++) {
    work++;
  }
}

export function main(): void {
  signal(SIGUSR1, onUsr1);
  pthread_sigmask(SIG_BLOCK, sigaddset(sigemptyset(), SIGUSR1)); // threads inherit this mask
  const l = pthread_create(listener);
  const w = pthread_create(worker);
  kill(getpid(), SIGUSR1);
  pthread_join(w);
  pthread_join(l);
  assert(listenerSaw === 1, "the listener never saw SIGUSR1");
}
