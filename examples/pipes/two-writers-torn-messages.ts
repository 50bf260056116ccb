// expect: assertion
// expect-not: data-race, signal-race, deadlock, signal-lost, killed-by-signal, unsafe-handler-call, mutex-misuse, livelock
// why: the same two writers with PIPE_BUF 4 and a pipe of 8 bytes, and messages of 10 bytes: a write larger than PIPE_BUF is not atomic. The first writer fills the pipe and waits for room; once the reader has taken some, the second writer can put its bytes in before the rest of the first one's, so the reader gets a message made of both.
import { pipe, fork, read, write, close, waitpid, _exit, assert, type CheckOptions } from "ipcheck";

export const options: CheckOptions = { pipeBuf: 4, pipeCapacity: 8 };

const SIZE = 10;

export function main(): void {
  const [rx, tx] = pipe();
  const a = fork();
  if (a === 0) {
    close(rx);
    write(tx, "AAAAAAAAAA");
    _exit(0);
  }
  const b = fork();
  if (b === 0) {
    close(rx);
    write(tx, "BBBBBBBBBB");
    _exit(0);
  }
  close(tx);
  for (let m = 0; m < 2; m++) {
    let msg = "";
    while (msg.length < SIZE) {
      const part = read(rx, SIZE - msg.length);
      if (part === null || part === "") break;
      msg = msg + part;
    }
    assert(msg === "AAAAAAAAAA" || msg === "BBBBBBBBBB", "message torn: " + msg);
  }
  waitpid(a);
  waitpid(b);
}
