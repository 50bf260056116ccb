// expect: assertion
// expect-not: data-race, signal-race, deadlock, signal-lost, killed-by-signal, unsafe-handler-call, mutex-misuse, livelock
// why: the waiter checks `ready` with `if`, not `while`, before pthread_cond_wait. pthread_cond_wait may return without a signal (a spurious wake-up), and then the waiter goes on with ready still 0 and reads a message that was never posted. All accesses are under the mutex, so no data race.
import { pthread_create, pthread_join, pthread_mutex_init, pthread_mutex_lock, pthread_mutex_unlock, pthread_cond_init, pthread_cond_wait, pthread_cond_signal, assert } from "ipcheck";

let ready = 0;
let message = 0;
const box = pthread_mutex_init();
const posted = pthread_cond_init();

function waiter(): void {
  pthread_mutex_lock(box);
  if (ready === 0) {
    pthread_cond_wait(posted, box);
  }
  assert(message === 99, "woke with message " + String(message) + ": nothing was posted yet");
  pthread_mutex_unlock(box);
}

export function main(): void {
  const w = pthread_create(waiter);
  pthread_mutex_lock(box);
  message = 99;
  ready = 1;
  pthread_cond_signal(posted);
  pthread_mutex_unlock(box);
  pthread_join(w);
}
