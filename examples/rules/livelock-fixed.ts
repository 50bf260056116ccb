// expect: clean
// why: the go signal travels through a pipe instead of a global that fork copied: the child's read returns once the parent writes, and both end.
import { fork, waitpid, pipe, read, write, close, _exit, WNOHANG } from "ipcheck";

export function main(): void {
  const [r, w] = pipe();
  const child = fork();
  if (child === 0) {
    close(w);
    read(r, 1); // wait for the parent's go
    _exit(0);
  }
  close(r);
  write(w, "g");
  close(w);
  while (waitpid(child, WNOHANG) === 0) {
    // poll until the child is done
  }
}
