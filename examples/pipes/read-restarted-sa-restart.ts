// expect: clean
// why: the same program with the handler installed by signal(), which sets SA_RESTART: a read blocked on the empty pipe runs the handler and then waits again, so it always returns the child's data.
import { pipe, fork, read, write, close, kill, getppid, signal, waitpid, _exit, assert, SIGUSR1 } from "ipcheck";

function onUsr1(sig: number): void {
  write(1, "parent: SIGUSR1\n");
}

export function main(): void {
  signal(SIGUSR1, onUsr1);
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
  assert(got === "data", "read returned " + String(got));
  waitpid(child);
}
