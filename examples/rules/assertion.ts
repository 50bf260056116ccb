// expect: assertion
// expect-not: data-race, signal-race, deadlock, signal-lost, killed-by-signal, unsafe-handler-call, mutex-misuse, livelock
// why: the parent records each child's exit status at index pid, but pids start at 1 and the children are pids 2 and 3, so statuses[pid] is outside the two-slot array: an index out of bounds is an assertion failure.
import { fork, wait, wstatus, _exit } from "ipcheck";

const statuses = [0, 0];

export function main(): void {
  for (let i = 0; i < 2; i++) {
    if (fork() === 0) {
      _exit(10 + i);
    }
  }
  for (let i = 0; i < 2; i++) {
    const pid = wait();
    statuses[pid] = wstatus(); // pid 2 or 3: out of bounds
  }
}
