// expect: clean
// why: the logger child may connect before the daemon has bound the path (-1/ENOENT) or before it listens (-1/ECONNREFUSED); it then sleeps and tries again on the same socket, as Linux allows for AF_UNIX. The daemon always gets to listen, so the retries end (a fair run does not sleep for ever while listen can happen) and every run ends with the line logged.
import {
  socket, bind, listen, accept, connect, send, recv, close, unlink, sleep, fork, waitpid, _exit, assert,
  AF_UNIX, SOCK_STREAM,
} from "ipcheck";

const LOG_PATH = "/tmp/logd.sock";

function logClient(): void {
  const fd = socket(AF_UNIX, SOCK_STREAM);
  while (connect(fd, LOG_PATH) === -1) {
    sleep(1); // not bound or not listening yet: wait, then try again
  }
  send(fd, "boot ok");
  close(fd);
}

export function main(): void {
  const child = fork();
  if (child === 0) {
    logClient();
    _exit(0);
  }
  const listener = socket(AF_UNIX, SOCK_STREAM);
  bind(listener, LOG_PATH);
  listen(listener, 1);
  const conn = accept(listener);
  const line = recv(conn, 16);
  assert(line === "boot ok", "the daemon logged " + line);
  close(conn);
  close(listener);
  unlink(LOG_PATH);
  waitpid(child);
}
