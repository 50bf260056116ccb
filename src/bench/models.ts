// Scalable models for the benchmark: families whose state space grows with N.

/** N children each signal the parent twice; the parent counts in its handler, then reaps them all. */
export function signalStorm(n: number): string {
  return `import { signal, fork, kill, getppid, wait, _exit, SIGUSR1, type sig_atomic_t } from "ipcheck";
let count: sig_atomic_t = 0;
function onUsr1(signum: number): void {
  count++;
}
export function main(): void {
  signal(SIGUSR1, onUsr1);
  for (let i = 0; i < ${n}; i++) {
    const pid = fork();
    if (pid === 0) {
      kill(getppid(), SIGUSR1);
      kill(getppid(), SIGUSR1);
      _exit(0);
    }
  }
  for (let i = 0; i < ${n}; i++) {
    wait();
  }
}
`;
}

/** N processes in a ring pass a token by signals: each waits (sigsuspend) for SIGUSR1, then signals the next. */
export function signalRing(n: number): string {
  return `import {
  signal, sigprocmask, sigsuspend, sigemptyset, sigaddset, fork, kill, getpid, wait, _exit,
  SIGUSR1, SIG_BLOCK, type sig_atomic_t,
} from "ipcheck";
let token: sig_atomic_t = 0;
function onUsr1(signum: number): void {
  token = 1;
}
export function main(): void {
  signal(SIGUSR1, onUsr1);
  const old = sigprocmask(SIG_BLOCK, sigaddset(sigemptyset(), SIGUSR1));
  let next = getpid();
  for (let i = 1; i < ${n}; i++) {
    const pid = fork();
    if (pid === 0) {
      while (!token) {
        sigsuspend(old);
      }
      kill(next, SIGUSR1);
      _exit(0);
    }
    next = pid;
  }
  kill(next, SIGUSR1);
  while (!token) {
    sigsuspend(old);
  }
  for (let i = 1; i < ${n}; i++) {
    wait();
  }
}
`;
}
