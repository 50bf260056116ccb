// The catalog of the `ipcheck` module's calls (LANGUAGE.md §3): what the parser may compile and what
// the explorer must model. One entry per call; the semantics live in src/explorer/semantics/*.ts.

/** How a call's result reads as a value (truthiness and null differ by kind). */
export const enum ValueKind {
  Int = 0,
  Bool = 1,
  /** An interned string id; -1 is null. */
  Str = 2,
  /** An interned tuple id; -1 is null. */
  Tuple = 3,
  SigSet = 4,
  /** An interned sigaction id. */
  Action = 5,
  /** A function reference (handler or thread body): function id + 2; 0 is SIG_DFL, 1 SIG_IGN. */
  Handler = 6,
  Void = 7,
  /** A shared-memory array (an Int32Array from shmat/mmap). */
  SharedArray = 8,
}

export interface ApiCall {
  readonly name: string;
  readonly minArgs: number;
  readonly maxArgs: number;
  readonly returns: ValueKind;
  /** signal-safety(7), as LANGUAGE.md §3 lists it. */
  readonly asyncSignalSafe: boolean;
  /** A pure computation on values: not a step (it joins the next visible step). */
  readonly pure: boolean;
  /** The issue that implements it. */
  readonly issue: 3 | 4 | 5;
  /** Modelled by this version; the others parse and stop with `not-yet-supported`. */
  readonly implemented: boolean;
  /** A descriptor call: processes of a program that makes one get descriptor tables. */
  readonly descriptor: boolean;
  /** The call writes its arguments to standard output: their values decide nothing. */
  readonly output: boolean;
}

interface Spec {
  args?: [number, number];
  returns?: ValueKind;
  safe?: boolean;
  pure?: boolean;
  issue?: 3 | 4 | 5;
  output?: boolean;
}

const I = ValueKind.Int;

const specs: Record<string, Spec> = {
  // processes
  fork: { args: [0, 0], safe: false },
  getpid: { args: [0, 0], safe: true, pure: true },
  getppid: { args: [0, 0], safe: true },
  exit: { args: [0, 1], returns: ValueKind.Void, safe: false },
  _exit: { args: [0, 1], returns: ValueKind.Void, safe: true },
  wait: { args: [0, 0], safe: true },
  waitpid: { args: [1, 2], safe: true },
  wstatus: { args: [0, 0], safe: true },
  nondet: { args: [2, 2], safe: true },
  assert: { args: [1, 2], returns: ValueKind.Void, safe: true },
  printf: { args: [1, 16], safe: false, output: true },
  "console.log": { args: [0, 16], returns: ValueKind.Void, safe: false, output: true },
  // signals
  signal: { args: [2, 2], safe: true },
  sigaction: { args: [2, 2], returns: ValueKind.Action, safe: true },
  kill: { args: [2, 2], safe: true },
  raise: { args: [1, 1], safe: true },
  alarm: { args: [1, 1], safe: true },
  pause: { args: [0, 0], safe: true },
  sigsuspend: { args: [1, 1], safe: true },
  sleep: { args: [1, 1], safe: true },
  sigprocmask: { args: [2, 2], returns: ValueKind.SigSet, safe: true },
  pthread_sigmask: { args: [2, 2], returns: ValueKind.SigSet, safe: true },
  sigemptyset: { args: [0, 0], returns: ValueKind.SigSet, safe: true, pure: true },
  sigfillset: { args: [0, 0], returns: ValueKind.SigSet, safe: true, pure: true },
  sigaddset: { args: [2, 2], returns: ValueKind.SigSet, safe: true, pure: true },
  sigdelset: { args: [2, 2], returns: ValueKind.SigSet, safe: true, pure: true },
  sigismember: { args: [2, 2], safe: true, pure: true },
  sigpending: { args: [0, 0], returns: ValueKind.SigSet, safe: true },
  errno: { args: [0, 0], safe: true },
  set_errno: { args: [1, 1], returns: ValueKind.Void, safe: true },
  // descriptors (write(1, ...) to standard output is part of the core)
  write: { args: [2, 2], safe: true },
  pipe: { args: [0, 0], returns: ValueKind.Tuple, safe: true, issue: 4 },
  read: { args: [2, 2], returns: ValueKind.Str, safe: true, issue: 4 },
  close: { args: [1, 1], safe: true, issue: 4 },
  mkfifo: { args: [1, 2], safe: true, issue: 4 },
  open: { args: [2, 3], safe: true, issue: 4 },
  unlink: { args: [1, 1], safe: true, issue: 4 },
  fcntl: { args: [2, 3], safe: true, issue: 4 },
  socket: { args: [2, 3], safe: true, issue: 4 },
  bind: { args: [2, 2], safe: true, issue: 4 },
  listen: { args: [2, 2], safe: true, issue: 4 },
  accept: { args: [1, 1], safe: true, issue: 4 },
  connect: { args: [2, 2], safe: true, issue: 4 },
  send: { args: [2, 3], safe: true, issue: 4 },
  recv: { args: [2, 3], returns: ValueKind.Str, safe: true, issue: 4 },
  sendto: { args: [3, 3], safe: true, issue: 4 },
  recvfrom: { args: [2, 2], returns: ValueKind.Tuple, safe: true, issue: 4 },
  setsockopt: { args: [3, 4], safe: true, issue: 4 },
  socketpair: { args: [0, 2], returns: ValueKind.Tuple, safe: true, issue: 4 },
  mq_open: { args: [2, 3], safe: false, issue: 4 },
  mq_send: { args: [2, 3], safe: false, issue: 4 },
  mq_receive: { args: [1, 1], returns: ValueKind.Str, safe: false, issue: 4 },
  mq_close: { args: [1, 1], safe: false, issue: 4 },
  mq_unlink: { args: [1, 1], safe: false, issue: 4 },
  // shared memory, threads and synchronization
  shmget: { args: [2, 3], safe: false, issue: 5 },
  shmat: { args: [1, 1], returns: ValueKind.SharedArray, safe: false, issue: 5 },
  shmdt: { args: [1, 1], safe: false, issue: 5 },
  shmctl: { args: [2, 2], safe: false, issue: 5 },
  shm_open: { args: [2, 3], safe: false, issue: 5 },
  ftruncate: { args: [2, 2], safe: true, issue: 5 },
  mmap: { args: [2, 2], returns: ValueKind.SharedArray, safe: false, issue: 5 },
  shm_unlink: { args: [1, 1], safe: false, issue: 5 },
  pthread_create: { args: [1, 2], safe: false, issue: 5 },
  pthread_join: { args: [1, 1], safe: false, issue: 5 },
  pthread_exit: { args: [0, 1], returns: ValueKind.Void, safe: false, issue: 5 },
  pthread_self: { args: [0, 0], safe: false, issue: 5 },
  pthread_mutex_init: { args: [0, 0], safe: false, issue: 5 },
  pthread_mutex_lock: { args: [1, 1], safe: false, issue: 5 },
  pthread_mutex_unlock: { args: [1, 1], safe: false, issue: 5 },
  pthread_mutex_trylock: { args: [1, 1], safe: false, issue: 5 },
  pthread_mutex_destroy: { args: [1, 1], safe: false, issue: 5 },
  pthread_cond_init: { args: [0, 0], safe: false, issue: 5 },
  pthread_cond_wait: { args: [2, 2], safe: false, issue: 5 },
  pthread_cond_signal: { args: [1, 1], safe: false, issue: 5 },
  pthread_cond_broadcast: { args: [1, 1], safe: false, issue: 5 },
  sem_init: { args: [1, 1], safe: false, issue: 5 },
  sem_open: { args: [2, 3], safe: false, issue: 5 },
  sem_wait: { args: [1, 1], safe: false, issue: 5 },
  sem_trywait: { args: [1, 1], safe: false, issue: 5 },
  sem_post: { args: [1, 1], safe: true, issue: 5 },
  sem_close: { args: [1, 1], safe: false, issue: 5 },
  sem_unlink: { args: [1, 1], safe: false, issue: 5 },
  "Atomics.load": { args: [2, 2], safe: true, issue: 5 },
  "Atomics.store": { args: [3, 3], safe: true, issue: 5 },
  "Atomics.add": { args: [3, 3], safe: true, issue: 5 },
  "Atomics.sub": { args: [3, 3], safe: true, issue: 5 },
  "Atomics.exchange": { args: [3, 3], safe: true, issue: 5 },
  "Atomics.compareExchange": { args: [4, 4], safe: true, issue: 5 },
};

/** Calls of issue #4 modelled so far (message passing lands call by call). */
const IMPLEMENTED_EARLY = new Set([
  "pipe", "read", "close", "fcntl", "mkfifo", "open", "unlink", "mq_open", "mq_send", "mq_receive", "mq_close", "mq_unlink",
  "socket", "bind", "listen", "accept", "connect", "send", "recv", "sendto", "recvfrom", "setsockopt", "socketpair",
  "shmget", "shmat", "shmdt", "shmctl", "shm_open", "ftruncate", "mmap", "shm_unlink",
  "pthread_create", "pthread_join", "pthread_exit", "pthread_self",
  "pthread_mutex_init", "pthread_mutex_lock", "pthread_mutex_unlock", "pthread_mutex_trylock", "pthread_mutex_destroy",
  "pthread_cond_init", "pthread_cond_wait", "pthread_cond_signal", "pthread_cond_broadcast",
  "sem_init", "sem_open", "sem_wait", "sem_trywait", "sem_post", "sem_close", "sem_unlink",
  "Atomics.load", "Atomics.store", "Atomics.add", "Atomics.sub", "Atomics.exchange", "Atomics.compareExchange",
]);

export const API_CALLS: readonly ApiCall[] = Object.entries(specs).map(([name, s]) => ({
  name,
  minArgs: s.args?.[0] ?? 0,
  maxArgs: s.args?.[1] ?? 0,
  returns: s.returns ?? I,
  asyncSignalSafe: s.safe ?? false,
  pure: s.pure ?? false,
  issue: s.issue ?? 3,
  implemented: (s.issue ?? 3) === 3 || IMPLEMENTED_EARLY.has(name),
  descriptor: (s.issue ?? 3) === 4 || name === "shm_open" || name === "ftruncate" || name === "mmap",
  output: s.output ?? false,
}));

/** Call ids are indices into API_CALLS, stable for one build. */
export const API_ID: Readonly<Record<string, number>> = Object.fromEntries(API_CALLS.map((c, i) => [c.name, i]));

export function apiId(name: string): number {
  const id = API_ID[name];
  if (id === undefined) throw new Error(`unknown API call ${name}`);
  return id;
}
