// expect: clean
// why: a mutex orders the two updates: one thread's read and write happen whole before or after the other's.
import { pthread_create, pthread_join, pthread_mutex_init, pthread_mutex_lock, pthread_mutex_unlock, assert } from "ipcheck";

let sold = 0;
const till = pthread_mutex_init();

function seller(arg: number): void {
  pthread_mutex_lock(till);
  sold += arg;
  pthread_mutex_unlock(till);
}

export function main(): void {
  const a = pthread_create(seller, 2);
  const b = pthread_create(seller, 3);
  pthread_join(a);
  pthread_join(b);
  assert(sold === 5, "sold " + String(sold) + " tickets, 5 expected");
}
