// expect: clean
// why: the same echo server, with a SIGTERM handler installed by sigaction without SA_RESTART: once the client is gone, the server blocked in accept() waits for the user, whose SIGTERM makes accept fail with EINTR and the server leave its loop. A stuck state waiting for the user is idle, not a deadlock.
import {
  socket, bind, listen, accept, connect, send, recv, close, unlink, sleep, fork, _exit, write, signal, assert, sigaction, errno,
  AF_UNIX, SOCK_STREAM, SIGPIPE, SIG_IGN, SIGTERM, EINTR, type sig_atomic_t,
} from "ipcheck";

const ECHO_PATH = "/tmp/echo.sock";

let stopping: sig_atomic_t = 0;

function onTerm(_sig: number): void {
  stopping = 1;
}

function echoClient(): void {
  signal(SIGPIPE, SIG_IGN); // a server that stopped first: EPIPE, not death
  const fd = socket(AF_UNIX, SOCK_STREAM);
  while (connect(fd, ECHO_PATH) === -1) sleep(1);
  send(fd, "hey");
  const echo = recv(fd, 8); // "" when the server closed before serving it
  write(1, "client: echo " + echo + "\n");
  close(fd);
}

export function main(): void {
  const listener = socket(AF_UNIX, SOCK_STREAM);
  bind(listener, ECHO_PATH);
  listen(listener, 2);
  if (fork() === 0) {
    close(listener);
    echoClient();
    _exit(0);
  }
  sigaction(SIGTERM, { handler: onTerm, flags: 0 }); // no SA_RESTART: accept returns EINTR
  while (!stopping) {
    const conn = accept(listener);
    if (conn === -1) {
      assert(errno() === EINTR, "accept failed with errno " + String(errno()));
      continue;
    }
    const line = recv(conn, 8);
    if (line !== null && line !== "") send(conn, line);
    close(conn);
  }
  close(listener);
  unlink(ECHO_PATH);
}
