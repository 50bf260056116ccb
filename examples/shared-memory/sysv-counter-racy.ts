// expect: data-race, assertion
// expect-not: signal-race, deadlock, signal-lost, killed-by-signal, unsafe-handler-call, mutex-misuse, livelock
// why: parent and child each add 1 twice to a hit counter in a System V segment (shmget/shmat, kept across fork). Each `hits[0]++` is a read then a write of the shared slot, unordered between the processes (a data race); when both read the same value one increment is lost, so the parent's check after waitpid can see 3 instead of 4.
import { shmget, shmat, fork, waitpid, _exit, assert, IPC_PRIVATE } from "ipcheck";

const ROUNDS = 2;

export function main(): void {
  const hits = shmat(shmget(IPC_PRIVATE, 1));
  const child = fork();
  for (let r = 0; r < ROUNDS; r++) {
    hits[0]++;
  }
  if (child === 0) {
    _exit(0);
  }
  waitpid(child);
  assert(hits[0] === 2 * ROUNDS, "hits is " + String(hits[0]) + " after both processes counted " + String(ROUNDS) + " each");
}
