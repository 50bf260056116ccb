// expect: clean
// why: the parent acknowledges each SIGUSR1 with a SIGUSR2, and the child sends the next report only after the acknowledgement was handled, so no SIGUSR1 is ever sent while one is pending. Both signals are blocked outside sigsuspend, so no wake-up is missed.
import {
  signal, fork, kill, getppid, waitpid, sigprocmask, sigsuspend, sigemptyset, sigaddset, _exit,
  SIGUSR1, SIGUSR2, SIG_BLOCK, type sig_atomic_t,
} from "ipcheck";

const STEPS = 2;
let progress: sig_atomic_t = 0;
let acked: sig_atomic_t = 0;

function onProgress(sig: number): void {
  progress++;
}

function onAck(sig: number): void {
  acked++;
}

export function main(): void {
  signal(SIGUSR1, onProgress);
  signal(SIGUSR2, onAck);
  const open = sigprocmask(SIG_BLOCK, sigaddset(sigaddset(sigemptyset(), SIGUSR1), SIGUSR2));
  const child = fork();
  if (child === 0) {
    for (let step = 1; step <= STEPS; step++) {
      kill(getppid(), SIGUSR1);
      while (acked < step) {
        sigsuspend(open);
      }
    }
    _exit(0);
  }
  for (let step = 1; step <= STEPS; step++) {
    while (progress < step) {
      sigsuspend(open);
    }
    kill(child, SIGUSR2);
  }
  waitpid(child);
}
