// expect: clean
// why: the handler only sets a sig_atomic_t flag; main reads the flag and clears total itself, so the handler never touches total, and plain loads and stores of a sig_atomic_t are atomic with respect to the handler.
import { signal, SIGINT, type sig_atomic_t } from "ipcheck";

let total = 0;
let clearRequested: sig_atomic_t = 0;

function onClear(sig: number): void {
  clearRequested = 1;
}

export function main(): void {
  signal(SIGINT, onClear);
  while (true) {
    if (clearRequested) {
      clearRequested = 0;
      total = 0;
    }
    total += 2;
  }
}
