// expect: clean
// why: waitpid with WNOHANG returns 0 while the child still runs; the parent polls (sleeping between polls) until it returns the child's pid, then wstatus() gives the child's exit code 3.
import { fork, waitpid, wstatus, sleep, _exit, assert, WNOHANG } from "ipcheck";

export function main(): void {
  const child = fork();
  if (child === 0) {
    _exit(3);
  }
  let reaped = waitpid(child, WNOHANG);
  while (reaped === 0) {
    sleep(1);
    reaped = waitpid(child, WNOHANG);
  }
  assert(reaped === child, "waitpid returned " + String(reaped));
  assert(wstatus() === 3, "exit status " + String(wstatus()));
}
