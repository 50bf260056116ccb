// expect: deadlock
// expect-not: data-race, signal-race, assertion, signal-lost, killed-by-signal, unsafe-handler-call, mutex-misuse, livelock
// why: the child counts lines until end of file, but it still holds its own copy of the write end that fork gave it, so once the parent's message is read the pipe is empty with a writer open: read blocks forever, and the parent waits for the child forever.
import { pipe, fork, read, write, close, waitpid, _exit } from "ipcheck";

export function main(): void {
  const [fromParent, toChild] = pipe();
  const child = fork();
  if (child === 0) {
    // the reader; close(toChild) belongs here
    let lines = 0;
    let chunk = read(fromParent, 8);
    while (chunk !== null && chunk !== "") {
      lines++;
      chunk = read(fromParent, 8);
    }
    write(1, "child: " + String(lines) + " chunks\n");
    _exit(0);
  }
  close(fromParent);
  write(toChild, "hi");
  close(toChild);
  waitpid(child);
}
