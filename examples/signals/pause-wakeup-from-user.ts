// expect: clean
// why: only the environment sends SIGHUP (at most once). If it is handled between the test of reload and pause(), main stays in pause(), but another SIGHUP from the user would end that wait: the stuck state is idle, a valid end, not a deadlock.
import { signal, pause, write, SIGHUP, type sig_atomic_t } from "ipcheck";

let reload: sig_atomic_t = 0;

function onHangup(sig: number): void {
  reload = 1;
}

export function main(): void {
  signal(SIGHUP, onHangup);
  while (reload === 0) {
    pause();
  }
  write(1, "reloading configuration\n");
}
