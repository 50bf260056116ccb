// expect: clean
// why: with O_NONBLOCK on the read end, a read of the empty pipe returns null with errno EAGAIN instead of blocking, both before the child exists and while polling for its message; once the child has written, the same read returns the data, and end of file still reads as "".
import { pipe, fork, read, write, close, fcntl, waitpid, errno, _exit, assert, F_SETFL, O_NONBLOCK, EAGAIN } from "ipcheck";

export function main(): void {
  const [rx, tx] = pipe();
  fcntl(rx, F_SETFL, O_NONBLOCK);
  const first = read(rx, 8);
  assert(first === null && errno() === EAGAIN, "an empty pipe with a writer open: EAGAIN");
  const child = fork();
  if (child === 0) {
    close(rx);
    write(tx, "ready");
    _exit(0);
  }
  close(tx);
  let got = read(rx, 8);
  while (got === null) {
    assert(errno() === EAGAIN, "a failed non-blocking read is EAGAIN");
    got = read(rx, 8);
  }
  assert(got === "ready", "read " + got);
  waitpid(child);
  assert(read(rx, 8) === "", "no writer left: end of file, not EAGAIN");
}
