// expect: data-race
// expect-not: signal-race, deadlock, assertion, signal-lost, killed-by-signal, unsafe-handler-call, mutex-misuse, livelock
// why: the unlocked tally of tally-unlocked.ts, but main only prints the total: the two threads' `tally++` still race (nothing orders them), and with no assert there is nothing else to report; tally decides nothing, so its value is not kept and the state space stays small.
import { pthread_create, pthread_join, printf } from "ipcheck";

let tally = 0;

function bump(times: number): void {
  for (let i = 0; i < times; i++) {
    tally++;
  }
}

export function main(): void {
  const a = pthread_create(bump, 3);
  const b = pthread_create(bump, 3);
  pthread_join(a);
  pthread_join(b);
  printf("tally = %d\n", tally);
}
