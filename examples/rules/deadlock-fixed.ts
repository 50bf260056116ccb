// expect: clean
// why: the parent sends SIGTERM first and waits afterwards; SIGTERM is blocked in the child until its sigsuspend, so the signal cannot be missed, and the child ends.
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
  kill(server, SIGTERM);
  waitpid(server);
}
