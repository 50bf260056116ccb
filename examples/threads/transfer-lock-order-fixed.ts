// expect: clean
// why: the transfers of transfer-lock-order.ts, but both threads take checking's mutex before savings': whoever holds the first mutex can always get the second, so no run is stuck, the balances are updated under both mutexes (no data race) and their sum stays 10.
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
  pthread_mutex_lock(checkingLock); // the same order as toSavings
  pthread_mutex_lock(savingsLock);
  savings -= amount;
  checking += amount;
  pthread_mutex_unlock(savingsLock);
  pthread_mutex_unlock(checkingLock);
}

export function main(): void {
  const up = pthread_create(toSavings, 2);
  const down = pthread_create(toChecking, 3);
  pthread_join(up);
  pthread_join(down);
  assert(checking + savings === 10, "money was created or lost");
}
