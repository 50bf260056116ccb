// expect: clean
// why: the parent sleeps again for whatever sleep() reports as left, so a handler that cuts the sleep short only makes it sleep once more; the child sends one signal, so the loop ends.
import { signal, fork, kill, getppid, sleep, waitpid, write, _exit, assert, SIGUSR1 } from "ipcheck";

function onNudge(sig: number): void {
  write(1, "parent: nudged\n");
}

export function main(): void {
  signal(SIGUSR1, onNudge);
  const child = fork();
  if (child === 0) {
    kill(getppid(), SIGUSR1);
    _exit(0);
  }
  let left = 10;
  while (left > 0) {
    left = sleep(left);
  }
  assert(left === 0);
  waitpid(child);
}
