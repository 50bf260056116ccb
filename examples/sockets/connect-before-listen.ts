// expect: assertion
// expect-not: data-race, signal-race, deadlock, signal-lost, killed-by-signal, unsafe-handler-call, mutex-misuse, livelock
// why: the daemon binds its path before it forks the logger child but calls listen only after; the child connects once, and when it comes first the path is bound but nobody listens: -1/ECONNREFUSED. The child asserts success without retrying; that run stops at the assert, so the daemon left in accept() is not reported.
import {
  socket, bind, listen, accept, connect, send, recv, close, unlink, fork, waitpid, _exit, assert, errno,
  AF_UNIX, SOCK_STREAM,
} from "ipcheck";

const LOG_PATH = "/tmp/logd.sock";

function logClient(): void {
  const fd = socket(AF_UNIX, SOCK_STREAM);
  const rc = connect(fd, LOG_PATH); // one try only
  assert(rc === 0, "connect to the log daemon failed with errno " + String(errno()));
  send(fd, "boot ok");
  close(fd);
}

export function main(): void {
  const listener = socket(AF_UNIX, SOCK_STREAM);
  bind(listener, LOG_PATH);
  const child = fork();
  if (child === 0) {
    close(listener);
    logClient();
    _exit(0);
  }
  listen(listener, 1); // too late for a child that was quick
  const conn = accept(listener);
  const line = recv(conn, 16);
  assert(line === "boot ok", "the daemon logged " + line);
  close(conn);
  close(listener);
  unlink(LOG_PATH);
  waitpid(child);
}
