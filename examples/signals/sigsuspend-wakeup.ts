// expect: clean
// why: SIGUSR1 is blocked before fork and while ready is tested; sigsuspend unblocks it and waits in one atomic step, so the child's one signal cannot slip in between the test and the wait.
import {
  signal, sigprocmask, sigsuspend, sigemptyset, sigaddset, fork, kill, getppid, wait, _exit,
  SIGUSR1, SIG_BLOCK, SIG_SETMASK, type sig_atomic_t,
} from "ipcheck";

let ready: sig_atomic_t = 0;

function onReady(sig: number): void {
  ready = 1;
}

export function main(): void {
  signal(SIGUSR1, onReady);
  const usr1 = sigaddset(sigemptyset(), SIGUSR1);
  const before = sigprocmask(SIG_BLOCK, usr1);
  if (fork() === 0) {
    kill(getppid(), SIGUSR1);
    _exit(0);
  }
  while (ready === 0) {
    sigsuspend(before);
  }
  sigprocmask(SIG_SETMASK, before);
  wait();
}
