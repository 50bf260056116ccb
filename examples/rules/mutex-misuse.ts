// expect: mutex-misuse
// expect-not: data-race, signal-race, deadlock, assertion, signal-lost, killed-by-signal, unsafe-handler-call, livelock
// why: the helper unlocks the mutex it expects its caller to hold, but main already unlocked it: an unlock of an unlocked mutex.
import { pthread_mutex_init, pthread_mutex_lock, pthread_mutex_unlock } from "ipcheck";

let balance = 100;
const vault = pthread_mutex_init();

function finish(): void {
  pthread_mutex_unlock(vault);
}

export function main(): void {
  pthread_mutex_lock(vault);
  balance -= 10;
  pthread_mutex_unlock(vault);
  finish(); // unlocks it a second time
}
