// Scalable models for the benchmark: families whose state space grows with N.

/** N children each signal the parent twice; the parent counts in its handler, then reaps them all. */
export function signalStorm(n: number): string {
  return `import { signal, fork, kill, getppid, wait, _exit, SIGUSR1, type sig_atomic_t } from "ipcheck";
let count: sig_atomic_t = 0;
function onUsr1(signum: number): void {
  count++;
}
export function main(): void {
  signal(SIGUSR1, onUsr1);
  for (let i = 0; i < ${n}; i++) {
    const pid = fork();
    if (pid === 0) {
      kill(getppid(), SIGUSR1);
      kill(getppid(), SIGUSR1);
      _exit(0);
    }
  }
  for (let i = 0; i < ${n}; i++) {
    wait();
  }
}
`;
}

/**
 * The signal storm with the parent asserting at the end that it counted every signal: false (a
 * signal sent while one is pending is lost), but only at the end of a run, past the depth a
 * breadth-first search with a bound reaches (the swarm measurement in bench.ts).
 */
export function signalStormChecked(n: number): string {
  return signalStorm(n)
    .replace("import { signal,", "import { assert, signal,")
    .replace(/(\n    wait\(\);\n  \}\n)\}\n$/, `$1  assert(count === ${2 * n}, "every signal counted");\n}\n`);
}

/** N processes in a ring pass a token by signals: each waits (sigsuspend) for SIGUSR1, then signals the next. */
export function signalRing(n: number): string {
  return `import {
  signal, sigprocmask, sigsuspend, sigemptyset, sigaddset, fork, kill, getpid, wait, _exit,
  SIGUSR1, SIG_BLOCK, type sig_atomic_t,
} from "ipcheck";
let token: sig_atomic_t = 0;
function onUsr1(signum: number): void {
  token = 1;
}
export function main(): void {
  signal(SIGUSR1, onUsr1);
  const old = sigprocmask(SIG_BLOCK, sigaddset(sigemptyset(), SIGUSR1));
  let next = getpid();
  for (let i = 1; i < ${n}; i++) {
    const pid = fork();
    if (pid === 0) {
      while (!token) {
        sigsuspend(old);
      }
      kill(next, SIGUSR1);
      _exit(0);
    }
    next = pid;
  }
  kill(next, SIGUSR1);
  while (!token) {
    sigsuspend(old);
  }
  for (let i = 1; i < ${n}; i++) {
    wait();
  }
}
`;
}

/** N dining philosophers with mutexes; the last takes its forks in the other order (no deadlock). */
export function philosophers(n: number): string {
  const forks = Array.from({ length: n }, () => "pthread_mutex_init()").join(", ");
  return `import { pthread_create, pthread_join, pthread_mutex_init, pthread_mutex_lock, pthread_mutex_unlock } from "ipcheck";
const forks = [${forks}];
let meals = 0;
function philosopher(i: number): void {
  const first = i === ${n - 1} ? 0 : i;
  const second = i === ${n - 1} ? ${n - 1} : i + 1;
  pthread_mutex_lock(forks[first]);
  pthread_mutex_lock(forks[second]);
  pthread_mutex_unlock(forks[second]);
  pthread_mutex_unlock(forks[first]);
}
export function main(): void {
  const ids = [${Array.from({ length: n }, () => "0").join(", ")}];
  for (let i = 0; i < ${n}; i++) {
    ids[i] = pthread_create(philosopher, i);
  }
  for (let i = 0; i < ${n}; i++) {
    pthread_join(ids[i]);
  }
}
`;
}

/** A ring of N processes passing a token over pipes, once round. */
export function pipeRing(n: number): string {
  return `import { pipe, fork, read, write, close, wait, _exit } from "ipcheck";
export function main(): void {
  const r = [${Array.from({ length: n }, () => "0").join(", ")}];
  const w = [${Array.from({ length: n }, () => "0").join(", ")}];
  for (let i = 0; i < ${n}; i++) {
    const [a, b] = pipe();
    r[i] = a;
    w[i] = b;
  }
  for (let i = 1; i < ${n}; i++) {
    const pid = fork();
    if (pid === 0) {
      const token = read(r[i], 1);
      write(w[(i + 1) % ${n}], token === null ? "x" : token);
      _exit(0);
    }
  }
  write(w[1], "t");
  read(r[0], 1);
  for (let i = 1; i < ${n}; i++) {
    wait();
  }
}
`;
}

/** The bounded buffer over shared memory, K slots and M items, one producer and one consumer (Atomics on in/out). */
export function boundedBuffer(k: number, items: number): string {
  return `import { shm_open, ftruncate, mmap, fork, wait, exit, assert, O_CREAT, O_RDWR } from "ipcheck";
export function main(): void {
  const fd = shm_open("/bb", O_CREAT | O_RDWR);
  ftruncate(fd, ${k + 2});
  const shm = mmap(fd, ${k + 2});
  const pid = fork();
  if (pid === 0) {
    for (let expected = 1; expected <= ${items}; expected++) {
      while (Atomics.load(shm, 0) === Atomics.load(shm, 1)) {}
      const out = Atomics.load(shm, 1);
      assert(shm[2 + out] === expected);
      Atomics.store(shm, 1, (out + 1) % ${k});
    }
    exit(0);
  }
  for (let item = 1; item <= ${items}; item++) {
    while ((Atomics.load(shm, 0) + 1) % ${k} === Atomics.load(shm, 1)) {}
    const at = Atomics.load(shm, 0);
    shm[2 + at] = item;
    Atomics.store(shm, 0, (at + 1) % ${k});
  }
  wait();
}
`;
}

/** P producers and C consumers over a counter under a mutex, each producing or consuming twice. */
export function producersConsumers(p: number, c: number): string {
  return `import { pthread_create, pthread_join, pthread_mutex_init, pthread_mutex_lock, pthread_mutex_unlock, sem_init, sem_wait, sem_post } from "ipcheck";
const lock = pthread_mutex_init();
const full = sem_init(0);
const empty = sem_init(2);
let count = 0;
function producer(i: number): void {
  for (let k = 0; k < 2; k++) {
    sem_wait(empty);
    pthread_mutex_lock(lock);
    count++;
    pthread_mutex_unlock(lock);
    sem_post(full);
  }
}
function consumer(i: number): void {
  for (let k = 0; k < ${(2 * p) / c}; k++) {
    sem_wait(full);
    pthread_mutex_lock(lock);
    count--;
    pthread_mutex_unlock(lock);
    sem_post(empty);
  }
}
export function main(): void {
  const ids = [${Array.from({ length: p + c }, () => "0").join(", ")}];
  for (let i = 0; i < ${p}; i++) ids[i] = pthread_create(producer, i);
  for (let i = 0; i < ${c}; i++) ids[${p} + i] = pthread_create(consumer, i);
  for (let i = 0; i < ${p + c}; i++) pthread_join(ids[i]);
}
`;
}
