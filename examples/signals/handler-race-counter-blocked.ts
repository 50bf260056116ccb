// expect: clean
// why: SIGUSR1 is blocked while main reads and writes tickets, so the refund handler can only run between two whole sales; tickets decides nothing, so its value is not kept and the whole state space is explored.
import { signal, sigprocmask, sigemptyset, sigaddset, SIGUSR1, SIG_BLOCK, SIG_SETMASK } from "ipcheck";

let tickets = 100;

function onRefund(sig: number): void {
  tickets++;
}

export function main(): void {
  signal(SIGUSR1, onRefund);
  const refunds = sigaddset(sigemptyset(), SIGUSR1);
  for (;;) {
    const saved = sigprocmask(SIG_BLOCK, refunds);
    tickets -= 1;
    sigprocmask(SIG_SETMASK, saved);
  }
}
