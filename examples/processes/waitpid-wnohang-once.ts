// expect: assertion
// expect-not: data-race, signal-race, deadlock, signal-lost, killed-by-signal, unsafe-handler-call, mutex-misuse, livelock
// why: a single waitpid with WNOHANG returns 0 when the child has not ended yet; the parent assumes it reaped the child, and its assert fails.
import { fork, waitpid, _exit, assert, WNOHANG } from "ipcheck";

export function main(): void {
  const child = fork();
  if (child === 0) {
    _exit(0);
  }
  const reaped = waitpid(child, WNOHANG);
  assert(reaped === child, "waitpid(WNOHANG) returned " + String(reaped) + ": the child was still running");
}
