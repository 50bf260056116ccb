// expect: killed-by-signal
// expect-not: data-race, signal-race, deadlock, assertion, signal-lost, unsafe-handler-call, mutex-misuse, livelock
// why: like `yes | head -1`: the parent reads one chunk and closes the read end, and the child keeps writing. A write with no read end open anywhere raises SIGPIPE in the writer, whose default action kills it.
import { pipe, fork, read, write, close, waitpid, wstatus, _exit } from "ipcheck";

export function main(): void {
  const [rx, tx] = pipe();
  const writer = fork();
  if (writer === 0) {
    close(rx);
    for (let i = 0; i < 3; i++) {
      write(tx, "y\n");
    }
    close(tx);
    _exit(0);
  }
  close(tx);
  read(rx, 2);
  close(rx);
  waitpid(writer);
  write(1, "writer status " + String(wstatus()) + "\n");
}
