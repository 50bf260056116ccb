// expect: clean
// why: the parent sets SIGUSR1 to SIG_IGN before fork, and the child inherits the disposition, so the parent's kill cannot terminate the child, whenever it comes: the child ends with status 7 and the parent's assert on wstatus() holds.
import { signal, fork, kill, waitpid, wstatus, write, _exit, assert, SIGUSR1, SIG_IGN } from "ipcheck";

export function main(): void {
  signal(SIGUSR1, SIG_IGN);
  const child = fork();
  if (child === 0) {
    write(1, "child: ignoring SIGUSR1\n");
    _exit(7);
  }
  kill(child, SIGUSR1);
  waitpid(child);
  assert(wstatus() === 7, "the child ended with status " + String(wstatus()));
}
