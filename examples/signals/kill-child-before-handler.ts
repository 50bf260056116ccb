// expect: killed-by-signal
// expect-not: data-race, signal-race, deadlock, assertion, signal-lost, unsafe-handler-call, mutex-misuse, livelock
// why: the parent pokes the worker with SIGUSR1 as soon as fork returns; the worker first prints and only then installs its handler, so the signal can be delivered while SIGUSR1 still has its default action, which terminates the worker. Sent once, it is never lost.
import { fork, kill, signal, waitpid, write, _exit, SIGUSR1 } from "ipcheck";

function onPoke(sig: number): void {
  write(1, "worker: poked\n");
}

function worker(): void {
  write(1, "worker: up\n");
  signal(SIGUSR1, onPoke); // too late: the poke may already have come
  write(1, "worker: done\n");
  _exit(0);
}

export function main(): void {
  const child = fork();
  if (child === 0) {
    worker();
  }
  kill(child, SIGUSR1);
  waitpid(child);
}
