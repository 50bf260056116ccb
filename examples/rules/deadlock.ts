// expect: deadlock
// expect-not: data-race, signal-race, assertion, signal-lost, killed-by-signal, unsafe-handler-call, mutex-misuse, livelock
// why: the child waits in sigsuspend for the parent's SIGTERM, but the parent sends it only after waitpid, which waits for the child to end: each waits for the other.
import {
  signal, sigprocmask, sigsuspend, sigemptyset, sigaddset, fork, kill, waitpid, _exit,
  SIGTERM, SIG_BLOCK, type sig_atomic_t,
} from "ipcheck";

let stopping: sig_atomic_t = 0;

function onTerm(sig: number): void {
  stopping = 1;
}

export function main(): void {
  signal(SIGTERM, onTerm);
  const open = sigprocmask(SIG_BLOCK, sigaddset(sigemptyset(), SIGTERM));
  const server = fork();
  if (server === 0) {
    while (stopping === 0) {
      sigsuspend(open);
    }
    _exit(0);
  }
  waitpid(server); // waits for the server, which waits for us
  kill(server, SIGTERM);
}
