// expect: clean
// why: the child closes its copy of the write end before reading, so when the parent closes the only other one the empty pipe reads as end of file and the child's loop ends.
import { pipe, fork, read, write, close, waitpid, _exit, assert } from "ipcheck";

export function main(): void {
  const [fromParent, toChild] = pipe();
  const child = fork();
  if (child === 0) {
    close(toChild);
    let got = "";
    let chunk = read(fromParent, 8);
    while (chunk !== null && chunk !== "") {
      got = got + chunk;
      chunk = read(fromParent, 8);
    }
    assert(got === "hi", "the child read " + got);
    _exit(0);
  }
  close(fromParent);
  write(toChild, "hi");
  close(toChild);
  waitpid(child);
}
