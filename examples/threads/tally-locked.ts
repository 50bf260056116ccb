// expect: clean
// why: the tally of tally-unlocked.ts with each `tally++` between pthread_mutex_lock and pthread_mutex_unlock of one mutex: an unlock happens before the next lock, so the increments are ordered (no data race), none is lost, and main's joins order the final read after all of them: 4.
import { pthread_create, pthread_join, pthread_mutex_init, pthread_mutex_lock, pthread_mutex_unlock, assert } from "ipcheck";

let tally = 0;
const tallyLock = pthread_mutex_init();

function bump(times: number): void {
  for (let i = 0; i < times; i++) {
    pthread_mutex_lock(tallyLock);
    tally++;
    pthread_mutex_unlock(tallyLock);
  }
}

export function main(): void {
  const a = pthread_create(bump, 2);
  const b = pthread_create(bump, 2);
  pthread_join(a);
  pthread_join(b);
  assert(tally === 4, "tally is " + String(tally) + " after two threads added 2 each");
}
