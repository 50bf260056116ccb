// expect: clean
// why: two children write one 5-byte message each to the same pipe; 5 bytes is at most PIPE_BUF (4096), so each write goes in whole, in one step, and the parent, collecting 5 bytes per message, sees each message intact, in either order, then end of file.
import { pipe, fork, read, write, close, waitpid, _exit, assert } from "ipcheck";

const SIZE = 5;

export function main(): void {
  const [rx, tx] = pipe();
  const a = fork();
  if (a === 0) {
    close(rx);
    write(tx, "AAAAA");
    _exit(0);
  }
  const b = fork();
  if (b === 0) {
    close(rx);
    write(tx, "BBBBB");
    _exit(0);
  }
  close(tx);
  let from_a = 0;
  for (let m = 0; m < 2; m++) {
    let msg = "";
    while (msg.length < SIZE) {
      const part = read(rx, SIZE - msg.length);
      if (part === null || part === "") break;
      msg = msg + part;
    }
    assert(msg === "AAAAA" || msg === "BBBBB", "message torn: " + msg);
    if (msg === "AAAAA") from_a++;
  }
  assert(from_a === 1, "one message from each writer");
  assert(read(rx, SIZE) === "", "then end of file");
  waitpid(a);
  waitpid(b);
}
