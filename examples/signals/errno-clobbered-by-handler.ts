// expect: assertion
// expect-not: data-race, signal-race, deadlock, signal-lost, killed-by-signal, unsafe-handler-call, mutex-misuse, livelock
// why: wait() with no child fails with ECHILD; the user's SIGUSR1 can run its handler before main reads errno(), and the handler's probe kill(worker, 0) of a pid that does not exist fails with ESRCH, overwriting errno: main sees ESRCH, not ECHILD.
import { signal, wait, kill, errno, write, assert, SIGUSR1, ECHILD } from "ipcheck";

const worker = 42; // a pid that no process has

function onStatus(sig: number): void {
  if (kill(worker, 0) === -1) {
    write(1, "status: worker gone\n");
  }
}

export function main(): void {
  signal(SIGUSR1, onStatus);
  if (wait() === -1) {
    const e = errno();
    assert(e === ECHILD, "wait() failed with errno " + String(e) + ", expected ECHILD");
  }
}
