// expect: clean
// why: raise() of an unblocked signal returns only after its handler ran, so seen is 1 right after it; while SIGINT is blocked, raise() leaves it pending, and the sigprocmask that unblocks it delivers it before returning. seen is a sig_atomic_t that main only reads.
import {
  signal, raise, sigprocmask, sigemptyset, sigaddset, assert,
  SIGINT, SIG_BLOCK, SIG_SETMASK, type sig_atomic_t,
} from "ipcheck";

let seen: sig_atomic_t = 0;

function onInt(sig: number): void {
  seen = seen + 1;
}

export function main(): void {
  signal(SIGINT, onInt);
  raise(SIGINT);
  assert(seen === 1, "raise() returned before the handler ran");
  const saved = sigprocmask(SIG_BLOCK, sigaddset(sigemptyset(), SIGINT));
  raise(SIGINT);
  assert(seen === 1, "a blocked SIGINT was delivered");
  sigprocmask(SIG_SETMASK, saved);
  assert(seen === 2, "unblocking did not deliver the pending SIGINT before returning");
}
