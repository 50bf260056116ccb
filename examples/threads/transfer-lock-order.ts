// expect: deadlock
// expect-not: data-race, signal-race, assertion, signal-lost, killed-by-signal, unsafe-handler-call, mutex-misuse, livelock
// why: one thread moves money from checking to savings, locking checking's mutex then savings'; the other moves it back, locking them in the opposite order. When each has taken its first mutex, each blocks for ever in pthread_mutex_lock on the one the other holds, and main blocks joining them.
import { pthread_create, pthread_join, pthread_mutex_init, pthread_mutex_lock, pthread_mutex_unlock, assert } from "ipcheck";

let checking = 5;
let savings = 5;
const checkingLock = pthread_mutex_init();
const savingsLock = pthread_mutex_init();

function toSavings(amount: number): void {
  pthread_mutex_lock(checkingLock);
  pthread_mutex_lock(savingsLock);
  checking -= amount;
  savings += amount;
  pthread_mutex_unlock(savingsLock);
  pthread_mutex_unlock(checkingLock);
}

function toChecking(amount: number): void {
  pthread_mutex_lock(savingsLock);
  pthread_mutex_lock(checkingLock);
  savings -= amount;
  checking += amount;
  pthread_mutex_unlock(checkingLock);
  pthread_mutex_unlock(savingsLock);
}

export function main(): void {
  const up = pthread_create(toSavings, 2);
  const down = pthread_create(toChecking, 3);
  pthread_join(up);
  pthread_join(down);
  assert(checking + savings === 10, "money was created or lost");
}
