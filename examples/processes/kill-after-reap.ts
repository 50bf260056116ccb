// expect: clean
// why: a child that has been reaped no longer exists: kill() of its pid fails with ESRCH, and a second wait() fails with ECHILD.
import { fork, wait, kill, errno, _exit, assert, SIGTERM, ESRCH, ECHILD } from "ipcheck";

export function main(): void {
  const child = fork();
  if (child === 0) {
    _exit(0);
  }
  assert(wait() === child);
  assert(kill(child, SIGTERM) === -1 && errno() === ESRCH, "kill of a reaped child should fail with ESRCH");
  assert(wait() === -1 && errno() === ECHILD, "a second wait() should fail with ECHILD");
}
