// expect: clean
// why: SIGUSR1 comes only from raise(), which runs the handler to completion before it returns, and before main's checkpoints++ starts; no SIGUSR1 can come later (the program sends it, so the environment does not), so the handler never runs between the read and the write of the update, and plain loads and stores of a sig_atomic_t are atomic with respect to it.
import { signal, raise, write, SIGUSR1, type sig_atomic_t } from "ipcheck";

let checkpoints: sig_atomic_t = 0;

function onCheckpoint(sig: number): void {
  checkpoints = 0;
}

export function main(): void {
  signal(SIGUSR1, onCheckpoint);
  raise(SIGUSR1);
  checkpoints++;
  write(1, "checkpoint taken\n");
}
