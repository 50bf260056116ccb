// Promela models of the bench families (src/bench/models.ts), written as a SPIN user would write
// them, for the side-by-side comparison in bench.ts. Each generator returns the model's text.
//
// Correspondence, for every family (ipcheck's LANGUAGE.md §2: each API call is one step, each
// read or write of a global or of a shared slot is one step, work on locals joins the next step):
// - a process or thread of the ipcheck program is one Promela process (the same number of them);
//   the ipcheck main process/thread is the `init` process; fork/pthread_create is `run`;
// - an API call is one Promela statement, an `atomic { guard -> effect }` when it blocks
//   (pthread_mutex_lock, sem_wait, read on a pipe, wait, pthread_join, sigsuspend);
// - a plain read or write of a global is its own statement: `x++` on a global is `t = x; x = t + 1`
//   (two steps), never one atomic read-modify-write;
// - loops with constant bounds (the fork loops, the per-item loops) are unrolled by the
//   generator: their counters are locals in ipcheck and join the next step, so they are not
//   steps of their own;
// - set-up calls made before the first fork/pthread_create (signal, sigprocmask, pipe,
//   shm_open, ftruncate, mmap, pthread_mutex_init, sem_init) are not modelled: they are a
//   straight line before any interleaving (ipcheck counts a few states for them);
// - process exit is `zombies++` (made a zombie, one step), `wait` is `atomic { zombies > 0 ->
//   zombies-- }` (any child). ipcheck keeps which pid is a zombie and frees reaped processes;
//   SPIN keeps a dead process in the state vector until it is the last one created.
//   Thread end sets `fin[i]`, `pthread_join(i)` waits for it.
// - mutexes are bits (no owner: ipcheck keeps the owner for mutex-misuse, SPIN needs none
//   here); semaphores are bytes;
// - signals: a pending bit per process per signal; `kill` sets it (one step; setting a bit
//   already set is the lost signal: no assertion, as ipcheck only reports it); delivery is one
//   step (clear the bit, enter the handler), each global access of the handler one step,
//   and the return from the handler one step. Masks are modelled by where delivery is possible
//   (not at all inside the handler: the signal is blocked while its handler runs; only
//   inside sigsuspend in the ring, where SIGUSR1 is blocked elsewhere).
// - assertions are the program's assertions (only the bounded buffer has one); ipcheck's
//   extra checks (data races, signal races, async-signal-safety, livelock) have no
//   counterpart, only SPIN's invalid end states (deadlock).
// - ipcheck drops the values of irrelevant variables (read by no branch, assert, index or
//   call: `count` in signalStorm and producersConsumers); a SPIN user keeps them, so
//   SPIN's counts include `count`'s values (a factor of at most its range, in practice
//   much less since the value mostly follows the control state).

const lines = (xs: string[], indent = "  "): string => xs.map((x) => indent + x).join("\n");

/** N children each `kill(getppid(), SIGUSR1)` twice then `_exit`; the parent's handler does `count++`;
 *  the parent reaps the N children. The handler runs in its own Promela process, and the parent
 *  is `provided (!inH)`: it cannot step while its handler runs (the handler is a frame on the
 *  parent's only thread). getppid() is folded into kill (ipcheck may count it as a step). */
export function signalStorm(n: number): string {
  return `/* signal storm, ${n} children */
bit pending;        /* SIGUSR1 pending in the parent */
bit inH;            /* the parent is in its handler */
bit done;           /* the parent has exited */
byte count;
byte zombies;

proctype child() {
  pending = 1;      /* kill(getppid(), SIGUSR1) */
  pending = 1;      /* kill(getppid(), SIGUSR1) */
  zombies++         /* _exit(0) */
}

active proctype handler() {
  byte t;
end:
  do
  :: atomic { pending && !done -> pending = 0; inH = 1 }   /* delivery, SIGUSR1 blocked */
     t = count;                                              /* count++: read */
     atomic { count = t + 1; t = 0 };                        /* count++: write */
     inH = 0                                                 /* return, mask restored */
  od
}

active proctype main() provided (!inH) {
${lines(Array.from({ length: n }, () => "run child();   /* fork */"))}
${lines(Array.from({ length: n }, () => "atomic { zombies > 0 -> zombies-- };   /* wait(), restarted if interrupted */"))}
  done = 1          /* return from main: exit(0) */
}
`;
}

/** A ring of N processes passing a token by SIGUSR1: the parent blocks SIGUSR1 and forks N-1
 *  children (child i signals child i-1, the first signals the parent); each waits in
 *  `while (!token) sigsuspend(old)`, then signals its successor and exits; the parent starts
 *  the token, waits for it to come back, and reaps the children. SIGUSR1 is blocked outside
 *  sigsuspend, so delivery happens only there: the blocking `atomic` of sigsuspend takes the
 *  pending bit (set the mask, wait, deliver: ipcheck may count the call and the delivery as two
 *  steps), then the handler's write `token = 1`, then the return (mask restored, EINTR). */
export function signalRing(n: number): string {
  const wait = (me: string, indent: string) =>
    lines(
      [
        "do",
        ":: token -> break                                      /* while (!token): read */",
        `:: else -> atomic { pending[${me}] -> pending[${me}] = 0 };  /* sigsuspend(old): delivery */`,
        "           token = 1;                                  /* handler: token = 1 */",
        "           skip                                        /* handler return, sigsuspend returns EINTR */",
        "od",
      ],
      indent,
    );
  return `/* signal ring, ${n} processes */
bit pending[${n}];  /* SIGUSR1 pending, per process (0: the parent) */
byte zombies;

proctype child(byte me; byte next) {
  bit token;        /* the global token, one copy per process after fork */
${wait("me", "  ")};
  pending[next] = 1;                                           /* kill(next, SIGUSR1) */
  zombies++                                                    /* _exit(0) */
}

init {
  bit token;
${lines(Array.from({ length: n - 1 }, (_, i) => `run child(${i + 1}, ${i});   /* fork: child ${i + 1} signals ${i === 0 ? "the parent" : `child ${i}`} */`))}
  pending[${n - 1}] = 1;                                         /* kill(next, SIGUSR1) */
${wait("0", "  ")};
${lines(Array.from({ length: n - 1 }, () => "atomic { zombies > 0 -> zombies-- };   /* wait() */"))}
}
`;
}

/** N philosopher threads and N mutexes; philosopher i locks fork i then i+1, the last locks
 *  fork 0 then N-1; each eats once (lock, lock, unlock, unlock) and ends; main creates and joins
 *  them in order. */
export function philosophers(n: number): string {
  return `/* philosophers, ${n} */
bit fork[${n}];     /* the mutexes: 1 = locked */
bit fin[${n}];      /* thread i has ended */

proctype phil(byte i; byte first; byte second) {
  atomic { fork[first] == 0 -> fork[first] = 1 };     /* pthread_mutex_lock(forks[first]) */
  atomic { fork[second] == 0 -> fork[second] = 1 };   /* pthread_mutex_lock(forks[second]) */
  fork[second] = 0;                                   /* pthread_mutex_unlock(forks[second]) */
  fork[first] = 0;                                    /* pthread_mutex_unlock(forks[first]) */
  fin[i] = 1                                          /* return: the thread ends */
}

init {
${lines(Array.from({ length: n }, (_, i) => `run phil(${i}, ${i === n - 1 ? 0 : i}, ${i === n - 1 ? n - 1 : i + 1});   /* pthread_create */`))}
${lines(Array.from({ length: n }, (_, i) => `fin[${i}];   /* pthread_join */`))}
}
`;
}

/** A ring of N processes over N pipes: child i reads a byte from pipe i and writes it to pipe
 *  (i+1) mod N, then exits; the parent writes to pipe 1, reads pipe 0 and reaps the children.
 *  A pipe holding at most one byte is a bit (full); descriptors and end of file are not
 *  modelled (no read here can see end of file: each pipe's writer writes before it exits). */
export function pipeRing(n: number): string {
  return `/* pipe ring, ${n} processes */
bit pfull[${n}];     /* pipe i holds the token */
byte zombies;

proctype child(byte i) {
  atomic { pfull[i] -> pfull[i] = 0 };   /* read(r[i], 1): blocks while empty */
  pfull[(i + 1) % ${n}] = 1;             /* write(w[(i + 1) % N], token) */
  zombies++                            /* _exit(0) */
}

init {
${lines(Array.from({ length: n - 1 }, (_, i) => `run child(${i + 1});   /* fork */`))}
  pfull[1] = 1;                         /* write(w[1], "t") */
  atomic { pfull[0] -> pfull[0] = 0 };   /* read(r[0], 1) */
${lines(Array.from({ length: n - 1 }, () => "atomic { zombies > 0 -> zombies-- };   /* wait() */"))}
}
`;
}

/** The bounded buffer: slots in (0), out (1) and buf[K] of shared memory; the child consumes
 *  `items` items asserting their order, the parent produces them and waits for the child.
 *  Each Atomics.load/store and each plain access of buf is one statement; the busy-waits read
 *  in, then out, each a step; the item loops are unrolled. */
export function boundedBuffer(k: number, items: number): string {
  const consume = (e: number) => [
    `/* item ${e} */`,
    "do :: a = in; if :: a == out :: else -> break fi od;   /* while (load(in) === load(out)) {} */",
    "o = out;                                              /* out = Atomics.load(shm, 1) */",
    `assert(buf[o] == ${e});                                 /* assert(shm[2 + out] === expected) */`,
    `out = (o + 1) % ${k};                                    /* Atomics.store(shm, 1, (out + 1) % K) */`,
  ];
  const produce = (e: number) => [
    `/* item ${e} */`,
    `do :: a = in; if :: (a + 1) % ${k} == out :: else -> break fi od;   /* while ((load(in) + 1) % K === load(out)) {} */`,
    "a = in;                                               /* at = Atomics.load(shm, 0) */",
    `buf[a] = ${e};                                          /* shm[2 + at] = item */`,
    `in = (a + 1) % ${k};                                     /* Atomics.store(shm, 0, (at + 1) % K) */`,
  ];
  return `/* bounded buffer, ${k} slots, ${items} items */
byte in, out;       /* Atomics slots 0 and 1 */
byte buf[${k}];      /* slots 2 .. K+1 */
bit zombie;

proctype consumer() {
  byte a, o;
${lines(Array.from({ length: items }, (_, i) => consume(i + 1)).flat())}
  zombie = 1                                            /* exit(0) */
}

init {
  byte a;
  run consumer();                                       /* fork */
${lines(Array.from({ length: items }, (_, i) => produce(i + 1)).flat())}
  zombie                                                /* wait() */
}
`;
}

/** P producer and C consumer threads: each producer twice does sem_wait(empty), lock, count++,
 *  unlock, sem_post(full); each consumer 2P/C times the reverse with count--; main creates all
 *  threads then joins them in order. The semaphores are bytes, the mutex a bit. */
export function producersConsumers(p: number, c: number): string {
  const body = (waitOn: string, postTo: string, op: string) => [
    `atomic { ${waitOn} > 0 -> ${waitOn}-- };        /* sem_wait(${waitOn}) */`,
    "atomic { lock == 0 -> lock = 1 };   /* pthread_mutex_lock(lock) */",
    "t = count;                          /* count" + op + ": read */",
    `atomic { count = t ${op === "++" ? "+" : "-"} 1; t = 0 };   /* count${op}: write */`,
    "lock = 0;                           /* pthread_mutex_unlock(lock) */",
    `${postTo}++;                            /* sem_post(${postTo}) */`,
  ];
  return `/* producers and consumers, ${p} x ${c} */
bit lock;
byte semFull = 0, semEmpty = 2;   /* "full" and "empty" are Promela keywords */
byte count;
bit fin[${p + c}];

proctype producer(byte id) {
  byte t;
${lines([...body("semEmpty", "semFull", "++"), ...body("semEmpty", "semFull", "++")])}
  fin[id] = 1                         /* return: the thread ends */
}

proctype consumer(byte id) {
  byte t;
${lines(Array.from({ length: (2 * p) / c }, () => body("semFull", "semEmpty", "--")).flat())}
  fin[id] = 1                         /* return: the thread ends */
}

init {
${lines(Array.from({ length: p }, (_, i) => `run producer(${i});   /* pthread_create */`))}
${lines(Array.from({ length: c }, (_, i) => `run consumer(${p + i});   /* pthread_create */`))}
${lines(Array.from({ length: p + c }, (_, i) => `fin[${i}];   /* pthread_join */`))}
}
`;
}
