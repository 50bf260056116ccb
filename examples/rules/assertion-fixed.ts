// expect: clean
// why: the parent keeps the pids fork returned and stores each status at the index of its child, so every index is in bounds, and the statuses are the children's exit codes.
import { fork, wait, wstatus, _exit, assert } from "ipcheck";

const children = [0, 0];
const statuses = [0, 0];

export function main(): void {
  for (let i = 0; i < 2; i++) {
    const pid = fork();
    if (pid === 0) {
      _exit(10 + i);
    }
    children[i] = pid;
  }
  for (let n = 0; n < 2; n++) {
    const pid = wait();
    const slot = pid === children[0] ? 0 : 1;
    statuses[slot] = wstatus();
  }
  assert(statuses[0] === 10 && statuses[1] === 11, "statuses " + String(statuses[0]) + ", " + String(statuses[1]));
}
