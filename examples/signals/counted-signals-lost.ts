// expect: signal-lost, assertion
// expect-not: data-race, signal-race, deadlock, killed-by-signal, unsafe-handler-call, mutex-misuse, livelock
// why: the child reports each of its four finished jobs with a SIGUSR2; one sent while the previous is still pending in the parent is lost (signals are not queued), so the count the parent asserts after waitpid can be short. done is a sig_atomic_t that main only reads, so no signal-race.
import { signal, fork, kill, getppid, waitpid, _exit, assert, SIGUSR2, type sig_atomic_t } from "ipcheck";

const JOBS = 4;
let done: sig_atomic_t = 0;

function onJobDone(sig: number): void {
  done = done + 1;
}

export function main(): void {
  signal(SIGUSR2, onJobDone);
  const child = fork();
  if (child === 0) {
    let job = 0;
    while (job < JOBS) {
      kill(getppid(), SIGUSR2);
      job++;
    }
    _exit(0);
  }
  waitpid(child);
  assert(done === JOBS, "the parent saw " + String(done) + " of " + String(JOBS) + " jobs done");
}
