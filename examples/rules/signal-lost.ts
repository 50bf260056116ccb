// expect: signal-lost
// expect-not: data-race, signal-race, deadlock, assertion, killed-by-signal, unsafe-handler-call, mutex-misuse, livelock
// why: the child reports two steps of progress with two SIGUSR1s in a row; the second can be sent while the first is still pending in the parent, and is lost.
import { signal, fork, kill, getppid, waitpid, write, _exit, SIGUSR1, type sig_atomic_t } from "ipcheck";

let progress: sig_atomic_t = 0;

function onProgress(sig: number): void {
  progress++;
}

export function main(): void {
  signal(SIGUSR1, onProgress);
  const child = fork();
  if (child === 0) {
    kill(getppid(), SIGUSR1); // step one done
    kill(getppid(), SIGUSR1); // step two done
    _exit(0);
  }
  waitpid(child);
  write(1, "progress: " + String(progress) + "\n");
}
