// expect: livelock
// expect-not: data-race, signal-race, deadlock, assertion, signal-lost, killed-by-signal, unsafe-handler-call, mutex-misuse
// why: the parent polls the child's exit with waitpid(WNOHANG) but the child spins on a flag in its own copy of the globals that the parent sets in its copy only: the child waits for ever while the parent polls for ever, a fair cycle.
import { fork, waitpid, _exit, WNOHANG } from "ipcheck";

let go = 0;

export function main(): void {
  const child = fork();
  if (child === 0) {
    while (go === 0) {
      // wait for the parent's go: it never reaches this process
    }
    _exit(0);
  }
  go = 1; // sets the parent's own copy
  while (waitpid(child, WNOHANG) === 0) {
    // poll until the child is done
  }
}
