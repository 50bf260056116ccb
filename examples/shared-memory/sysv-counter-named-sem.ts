// expect: clean
// why: the counter of sysv-counter-racy.ts, each increment now between sem_wait and sem_post on a named semaphore (sem_open, initial value 1) that parent and child share. A sem_post happens before the sem_wait it lets through, so the increments are ordered (no data race) and none is lost: 4 after waitpid. (A sem_init semaphore would not do: fork would give the child its own copy.)
import { shmget, shmat, sem_open, sem_wait, sem_post, fork, waitpid, _exit, assert, IPC_PRIVATE, O_CREAT } from "ipcheck";

const ROUNDS = 2;

export function main(): void {
  const hits = shmat(shmget(IPC_PRIVATE, 1));
  const guard = sem_open("/hits-guard", O_CREAT, 1);
  const child = fork();
  for (let r = 0; r < ROUNDS; r++) {
    sem_wait(guard);
    hits[0]++;
    sem_post(guard);
  }
  if (child === 0) {
    _exit(0);
  }
  waitpid(child);
  assert(hits[0] === 2 * ROUNDS, "hits is " + String(hits[0]) + " after both processes counted " + String(ROUNDS) + " each");
}
