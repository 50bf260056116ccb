// expect: clean
// why: the mutex is unlocked exactly once, by the thread that locked it.
import { pthread_mutex_init, pthread_mutex_lock, pthread_mutex_unlock } from "ipcheck";

let balance = 100;
const vault = pthread_mutex_init();

function finish(): void {
  pthread_mutex_unlock(vault);
}

export function main(): void {
  pthread_mutex_lock(vault);
  balance -= 10;
  finish();
}
