// expect: clean
// why: the waiter of condvar-if-spurious.ts, with `while` instead of `if`: after any wake-up, spurious or not, it checks `ready` again under the mutex and waits again while it is 0, so it reads the message only once main has posted it. A signal sent before the waiter waits is forgotten, but then ready is already 1 and the waiter never waits.
import { pthread_create, pthread_join, pthread_mutex_init, pthread_mutex_lock, pthread_mutex_unlock, pthread_cond_init, pthread_cond_wait, pthread_cond_signal, assert } from "ipcheck";

let ready = 0;
let message = 0;
const box = pthread_mutex_init();
const posted = pthread_cond_init();

function waiter(): void {
  pthread_mutex_lock(box);
  while (ready === 0) {
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
