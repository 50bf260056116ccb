// expect: clean
// why: the SA_RESETHAND handler installs itself again with sigaction (async-signal-safe) before it returns, so the second raise() finds the handler in place and the process ends normally.
import { sigaction, raise, write, SIGUSR1, SA_RESETHAND } from "ipcheck";

function rearming(sig: number): void {
  write(1, "handled\n");
  sigaction(SIGUSR1, { handler: rearming, flags: SA_RESETHAND });
}

export function main(): void {
  sigaction(SIGUSR1, { handler: rearming, flags: SA_RESETHAND });
  raise(SIGUSR1);
  raise(SIGUSR1);
  write(1, "both handled\n");
}
