// expect: clean
// why: the same reader that stops after one chunk, but the writer ignores SIGPIPE, so a write with no reader left returns -1 with errno EPIPE instead of killing it; the writer sees it, stops, and exits with a status the parent checks.
import { pipe, fork, read, write, close, waitpid, wstatus, errno, signal, _exit, assert, SIGPIPE, SIG_IGN, EPIPE } from "ipcheck";

export function main(): void {
  const [rx, tx] = pipe();
  const writer = fork();
  if (writer === 0) {
    signal(SIGPIPE, SIG_IGN);
    close(rx);
    let status = 0;
    for (let i = 0; i < 3; i++) {
      if (write(tx, "y\n") === -1) {
        assert(errno() === EPIPE, "a write with no reader fails with EPIPE");
        status = 1;
        break;
      }
    }
    close(tx);
    _exit(status);
  }
  close(tx);
  read(rx, 2);
  close(rx);
  waitpid(writer);
  assert(wstatus() === 0 || wstatus() === 1, "the writer exited (not killed by SIGPIPE)");
}
