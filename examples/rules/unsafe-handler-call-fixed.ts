// expect: clean
// why: the handler only sets a sig_atomic_t flag; main does the logging after pause() returns. A SIGTERM handled just before pause() leaves main waiting in pause(), but a user's SIGTERM would end that wait: idle, not a deadlock.
import { signal, pause, printf, SIGTERM, type sig_atomic_t } from "ipcheck";

let terminating: sig_atomic_t = 0;

function logLine(text: string): void {
  printf("%s\n", text);
}

function onTerm(sig: number): void {
  terminating = 1;
}

export function main(): void {
  signal(SIGTERM, onTerm);
  logLine("serving");
  while (!terminating) {
    pause();
  }
  logLine("terminating");
}
