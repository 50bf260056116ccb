// expect: assertion
// expect-not: data-race, signal-race, deadlock, signal-lost, killed-by-signal, unsafe-handler-call, mutex-misuse, livelock
// why: the parent's SIGUSR1 handler is installed with sigaction and no SA_RESTART, so when the child's signal arrives while the parent is blocked in read on the empty pipe, the read does not restart: it returns null with errno EINTR, and the parent's assumption that read returns data fails.
import { pipe, fork, read, write, close, kill, getppid, sigaction, waitpid, errno, _exit, assert, SIGUSR1, EINTR } from "ipcheck";

function onUsr1(sig: number): void {
  write(1, "parent: SIGUSR1\n");
}

export function main(): void {
  sigaction(SIGUSR1, { handler: onUsr1 });
  const [rx, tx] = pipe();
  const child = fork();
  if (child === 0) {
    close(rx);
    kill(getppid(), SIGUSR1);
    write(tx, "data");
    _exit(0);
  }
  close(tx);
  const got = read(rx, 8);
  assert(got !== null, "read failed with errno " + String(errno()) + (errno() === EINTR ? " (EINTR)" : ""));
  waitpid(child);
}
