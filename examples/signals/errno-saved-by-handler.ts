// expect: clean
// why: the same handler saves errno() on entry and restores it with set_errno() before returning, so whenever it runs, main reads the ECHILD that wait() left.
import { signal, wait, kill, errno, set_errno, write, assert, SIGUSR1, ECHILD } from "ipcheck";

const worker = 42; // a pid that no process has

function onStatus(sig: number): void {
  const savedErrno = errno();
  if (kill(worker, 0) === -1) {
    write(1, "status: worker gone\n");
  }
  set_errno(savedErrno);
}

export function main(): void {
  signal(SIGUSR1, onStatus);
  if (wait() === -1) {
    const e = errno();
    assert(e === ECHILD, "wait() failed with errno " + String(e) + ", expected ECHILD");
  }
}
