// expect: clean
// why: a socketpair is a connected pair of stream sockets, one end for each process after fork; the parent sends a ball numbered n, the child returns n + 1, for three rallies, each side blocking in recv until the other has sent. Each closes the end it does not use, so the child sees "" (end of file) once the parent closes its end.
import { socketpair, send, recv, close, fork, waitpid, _exit, assert } from "ipcheck";

const RALLIES = 3;

export function main(): void {
  const [parentEnd, childEnd] = socketpair();
  const child = fork();
  if (child === 0) {
    close(parentEnd);
    let ball = recv(childEnd, 4);
    while (ball !== null && ball !== "") {
      send(childEnd, String(Number(ball) + 1));
      ball = recv(childEnd, 4);
    }
    close(childEnd);
    _exit(0);
  }
  close(childEnd);
  let n = 0;
  for (let i = 0; i < RALLIES; i++) {
    send(parentEnd, String(n));
    const back = recv(parentEnd, 4);
    assert(back === String(n + 1), "sent " + String(n) + ", got back " + back);
    n = n + 2;
  }
  close(parentEnd); // the child's recv sees end of file
  waitpid(child);
}
