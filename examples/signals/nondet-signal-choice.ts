// expect: clean
// why: the child sends SIGUSR1 or SIGUSR2, as nondet chooses (the explorer tries both); both handlers are installed before fork, so either one is handled and sets got, and the parent's sigsuspend loop, with both blocked before fork, cannot miss it. The signal number is not a constant, so the environment sends nothing.
import {
  signal, fork, kill, getppid, sigprocmask, sigsuspend, sigemptyset, sigaddset, waitpid, nondet, _exit, assert,
  SIGUSR1, SIGUSR2, SIG_BLOCK, SIG_SETMASK, type sig_atomic_t,
} from "ipcheck";

let got: sig_atomic_t = 0;

function onSignal(sig: number): void {
  got = sig;
}

export function main(): void {
  signal(SIGUSR1, onSignal);
  signal(SIGUSR2, onSignal);
  const old = sigprocmask(SIG_BLOCK, sigaddset(sigaddset(sigemptyset(), SIGUSR1), SIGUSR2));
  const child = fork();
  if (child === 0) {
    const which = nondet(0, 1) === 0 ? SIGUSR1 : SIGUSR2;
    kill(getppid(), which);
    _exit(0);
  }
  while (got === 0) {
    sigsuspend(old);
  }
  sigprocmask(SIG_SETMASK, old);
  assert(got === SIGUSR1 || got === SIGUSR2, "got " + String(got));
  waitpid(child);
}
