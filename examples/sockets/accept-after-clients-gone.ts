// expect: deadlock
// expect-not: data-race, signal-race, assertion, signal-lost, killed-by-signal, unsafe-handler-call, mutex-misuse, livelock
// why: the echo server loops on accept; its only client connects, gets its echo and exits, and the server goes back to accept() with no one left to connect and nothing from the user that could stop it (no handler installed): a deadlock.
import {
  socket, bind, listen, accept, connect, send, recv, close, sleep, fork, _exit, write, signal,
  AF_UNIX, SOCK_STREAM, SIGPIPE, SIG_IGN,
} from "ipcheck";

const ECHO_PATH = "/tmp/echo.sock";

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
  while (true) {
    const conn = accept(listener); // blocks for ever once the client is gone
    const line = recv(conn, 8);
    if (line !== null && line !== "") send(conn, line);
    close(conn);
  }
}
