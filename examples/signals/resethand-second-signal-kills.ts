// expect: killed-by-signal
// expect-not: data-race, signal-race, deadlock, assertion, signal-lost, unsafe-handler-call, mutex-misuse, livelock
// why: with SA_RESETHAND the first SIGUSR1 runs the handler and resets the disposition to SIG_DFL, so the second raise() delivers SIGUSR1 with its default action, which terminates the process before "second" is printed.
import { sigaction, raise, write, SIGUSR1, SA_RESETHAND } from "ipcheck";

function onceOnly(sig: number): void {
  write(1, "handled once\n");
}

export function main(): void {
  sigaction(SIGUSR1, { handler: onceOnly, flags: SA_RESETHAND });
  raise(SIGUSR1);
  write(1, "first\n");
  raise(SIGUSR1); // SIG_DFL by now: terminate
  write(1, "second\n");
}
