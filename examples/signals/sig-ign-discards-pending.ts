// expect: clean
// why: a raise() of a blocked SIGUSR2 leaves it pending (sigpending shows it); setting SIG_IGN discards the pending instance, so unblocking delivers nothing and the handler installed afterwards never runs.
import {
  signal, raise, sigprocmask, sigpending, sigismember, sigemptyset, sigaddset, assert,
  SIGUSR2, SIG_IGN, SIG_BLOCK, SIG_UNBLOCK, type sig_atomic_t,
} from "ipcheck";

let handled: sig_atomic_t = 0;

function onUsr2(sig: number): void {
  handled = 1;
}

export function main(): void {
  const usr2 = sigaddset(sigemptyset(), SIGUSR2);
  sigprocmask(SIG_BLOCK, usr2);
  raise(SIGUSR2);
  assert(sigismember(sigpending(), SIGUSR2) === 1, "SIGUSR2 should be pending while blocked");
  signal(SIGUSR2, SIG_IGN); // discards the pending SIGUSR2
  assert(sigismember(sigpending(), SIGUSR2) === 0, "SIG_IGN should have discarded it");
  signal(SIGUSR2, onUsr2);
  sigprocmask(SIG_UNBLOCK, usr2);
  assert(handled === 0, "a discarded signal was delivered");
}
