// expect: assertion
// expect-not: data-race, signal-race, deadlock, signal-lost, killed-by-signal, unsafe-handler-call, mutex-misuse, livelock
// why: fork copies the globals: the child fills in only its own copy of answer, so the parent, reading it after waitpid, still sees -1 and its assert fails. The two accesses are to different copies (and the wait orders them anyway): no data race.
import { fork, waitpid, _exit, assert } from "ipcheck";

let answer = -1;

function compute(n: number): number {
  return n * n;
}

export function main(): void {
  const child = fork();
  if (child === 0) {
    answer = compute(7);
    _exit(0);
  }
  waitpid(child);
  assert(answer === 49, "the parent still sees answer = " + String(answer));
}
