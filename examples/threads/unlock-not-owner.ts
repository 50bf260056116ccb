// expect: mutex-misuse
// expect-not: data-race, signal-race, deadlock, assertion, signal-lost, killed-by-signal, unsafe-handler-call, livelock
// why: main locks the log mutex and starts a helper that "releases it for" main by calling pthread_mutex_unlock itself. A thread may unlock only a mutex it holds (an error-checking mutex returns EPERM, a default one is undefined behaviour): mutex-misuse. The helper's unlock fails with EPERM and leaves the mutex with main, so main's own unlock after the join is legitimate: one finding.
import { pthread_create, pthread_join, pthread_mutex_init, pthread_mutex_lock, pthread_mutex_unlock } from "ipcheck";

const logLock = pthread_mutex_init();

function releaser(): void {
  pthread_mutex_unlock(logLock);
}

export function main(): void {
  pthread_mutex_lock(logLock);
  const helper = pthread_create(releaser);
  pthread_join(helper);
  pthread_mutex_unlock(logLock);
}
