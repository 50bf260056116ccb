// The "ipcheck" module: the calls, constants and types that programs checked by ipcheck import.
// These declarations only describe programs for the checker: ipcheck parses, models and explores
// a program, it never runs it (importing this module under Node throws). What each call means,
// step by step, is in LANGUAGE.md (§1 the program shape, §2 atomicity, §3 the API); the calls follow
// their C namesakes, returning -1 (or null where they return data) on failure and setting errno().
// Numbers are Linux's (signal(7), errno(3) on x86).

// ---------------------------------------------------------------------------------------------
// Types
// ---------------------------------------------------------------------------------------------

/** A global of this type is C's `volatile sig_atomic_t`: its single loads and stores are atomic
 *  with respect to the signal handlers of its own thread (between threads it races as any global). */
export type sig_atomic_t = number;

/** `SIG_DFL` or `SIG_IGN`: a disposition that is not a handler. */
export type SigDisposition = number & { readonly __ipcheck: "SigDisposition" };

/** A signal handler (a function taking the signal number), or `SIG_DFL`, or `SIG_IGN`. */
export type SigHandler = ((signum: number) => void) | SigDisposition;

/** A set of signals. Immutable: `sigaddset` and `sigdelset` return a new set. */
export type SigSet = number & { readonly __ipcheck: "SigSet" };

/** An installed action, as returned by `sigaction`; pass it to `sigaction` again to restore it. */
export type SigAction = { readonly __ipcheck: "SigAction" };

/** The option bag of `sigaction`. */
export interface SigActionInit {
  /** the handler, `SIG_DFL` or `SIG_IGN` */
  handler: SigHandler;
  /** signals added to the thread's mask while the handler runs (besides the signal itself) */
  mask?: SigSet;
  /** `SA_RESTART`, `SA_NODEFER`, `SA_RESETHAND`, ... or-ed; none by default */
  flags?: number;
}

/** A mutex from `pthread_mutex_init()`. */
export type Mutex = number & { readonly __ipcheck: "Mutex" };

/** A condition variable from `pthread_cond_init()`. */
export type Cond = number & { readonly __ipcheck: "Cond" };

/** A semaphore from `sem_init()` (process-local) or `sem_open()` (named, shared). */
export type Sem = number & { readonly __ipcheck: "Sem" };

/** A POSIX message queue descriptor from `mq_open()`. */
export type Mqd = number & { readonly __ipcheck: "Mqd" };

/** The name of a signal, as in `signal(7)`. */
export type SignalName =
  | "SIGHUP" | "SIGINT" | "SIGQUIT" | "SIGILL" | "SIGTRAP" | "SIGABRT" | "SIGBUS" | "SIGFPE"
  | "SIGKILL" | "SIGUSR1" | "SIGSEGV" | "SIGUSR2" | "SIGPIPE" | "SIGALRM" | "SIGTERM"
  | "SIGSTKFLT" | "SIGCHLD" | "SIGCONT" | "SIGSTOP" | "SIGTSTP" | "SIGTTIN" | "SIGTTOU"
  | "SIGURG" | "SIGXCPU" | "SIGXFSZ" | "SIGVTALRM" | "SIGPROF" | "SIGWINCH" | "SIGIO"
  | "SIGPWR" | "SIGSYS";

/** Options a program may carry: `export const options: CheckOptions = { ... };`. A configuration
 *  file and the command line's flags override them. */
export interface CheckOptions {
  /** the signals the environment (a user at the terminal, a shell's `kill`) may send, with or
   *  without a handler; by default each signal with a handler that the program never sends */
  envSignals?: SignalName[];
  /** how many times the environment may send each signal in one run, over all processes (default 1) */
  envSignalLimit?: number;
  /** faults of `AF_INET` datagrams: lost, duplicated (once) or reordered (default: none) */
  netFaults?: ("loss" | "duplicate" | "reorder")[];
  /** a pipe's capacity in bytes (default 65536) */
  pipeCapacity?: number;
  /** `PIPE_BUF`: writes up to this many bytes are atomic (default 4096) */
  pipeBuf?: number;
  /** a bound on the number of processes alive at once */
  maxProcesses?: number;
  /** a bound on the number of threads of one process */
  maxThreads?: number;
}

// ---------------------------------------------------------------------------------------------
// Processes and threads
// ---------------------------------------------------------------------------------------------

/** Duplicate the calling process: returns 0 in the child and the child's pid in the parent. The
 *  child gets copies of the globals, the descriptors, the signal dispositions and mask, and the
 *  shared-memory attachments and named semaphores (still shared); an empty pending set, no alarm,
 *  only the calling thread. Not async-signal-safe. */
export declare function fork(): number;

/** The calling process's pid (pids are small integers in creation order; the first process is 1). */
export declare function getpid(): number;

/** The pid of the calling process's parent. */
export declare function getppid(): number;

/** End the process and all its threads: descriptors are closed, the parent gets `SIGCHLD`, the
 *  process is a zombie until waited for. Not async-signal-safe (use `_exit` in a handler). */
export declare function exit(code: number): never;

/** End the process at once, as `exit` does; async-signal-safe. */
export declare function _exit(code: number): never;

/** Block until a child has ended, reap it and return its pid; `-1`/`ECHILD` when there is no child. */
export declare function wait(): number;

/** Block until child `pid` (`-1`: any child) has ended, reap it and return its pid; with `WNOHANG`,
 *  return 0 at once if none has ended yet; `-1`/`ECHILD` when there is no such child. */
export declare function waitpid(pid: number, options?: number): number;

/** The status of the child that the calling thread's last `wait`/`waitpid` reaped: its exit code's
 *  low 8 bits, or 128 + the signal that killed it. */
export declare function wstatus(): number;

/** Any integer in `[lo, hi]`: the checker tries each. */
export declare function nondet(lo: number, hi: number): number;

/** Report a violation (with its trace) when `cond` is false or 0; that run stops there. */
export declare function assert(cond: boolean | number, message?: string): void;

/** Write formatted output to standard output; recorded in the trace. Not async-signal-safe. */
export declare function printf(format: string, ...args: (string | number)[]): number;

/** Start a thread running `fn(arg)` in the calling process, sharing its globals; returns the
 *  thread's id. */
export declare function pthread_create(fn: (arg: number) => void, arg?: number): number;

/** Block until thread `tid` has ended; returns 0. A handler does not interrupt it (the wait resumes). */
export declare function pthread_join(tid: number): number;

/** End the calling thread. */
export declare function pthread_exit(): never;

/** The calling thread's id. */
export declare function pthread_self(): number;

/** The calling thread's `errno`: the error of the last call that failed. */
export declare function errno(): number;

/** Set the calling thread's `errno` (as a handler that saves and restores it does). */
export declare function set_errno(e: number): void;

// ---------------------------------------------------------------------------------------------
// Signals
// ---------------------------------------------------------------------------------------------

/** Install `handler` (or `SIG_DFL`, `SIG_IGN`) for `sig`, with glibc's BSD semantics: the handler
 *  stays installed, the signal is blocked while it runs, interrupted calls restart. Returns 0, or
 *  `-1`/`EINVAL` for `SIGKILL`, `SIGSTOP` or a bad number. Setting `SIG_IGN` discards a pending
 *  instance. */
export declare function signal(sig: number, handler: SigHandler): number;

/** Install an action for `sig`: `flags` among `SA_RESTART`, `SA_NODEFER`, `SA_RESETHAND` (none by
 *  default), `mask` added to the mask while the handler runs. Returns the previous action, which may
 *  be passed to `sigaction` again to restore it. */
export declare function sigaction(sig: number, act: SigActionInit | SigAction): SigAction;

/** Change the calling thread's signal mask (`SIG_BLOCK`, `SIG_UNBLOCK`, `SIG_SETMASK`) and return
 *  the old one; `SIGKILL` and `SIGSTOP` are never blocked. A signal it unblocks is delivered before
 *  it returns. */
export declare function sigprocmask(how: number, set: SigSet): SigSet;

/** The same call as `sigprocmask`: masks are per thread. */
export declare function pthread_sigmask(how: number, set: SigSet): SigSet;

/** Atomically set the mask to `mask` and wait until a handler has run; restores the mask and
 *  returns `-1`/`EINTR`. */
export declare function sigsuspend(mask: SigSet): number;

/** Block until a handler has run; returns `-1`/`EINTR`. */
export declare function pause(): number;

/** Return 0 at some later step or, cut short by a handler, `seconds` (time is abstract). */
export declare function sleep(seconds: number): number;

/** Arm the process's one timer: `SIGALRM` becomes pending at some later step. A new call replaces
 *  the old, `alarm(0)` cancels; returns 0, or the replaced alarm's `seconds`. */
export declare function alarm(seconds: number): number;

/** Make `sig` pending in process `pid` (lost if already pending); `-1`/`ESRCH` once `pid` has been
 *  reaped; `kill(pid, 0)` only checks that `pid` exists. */
export declare function kill(pid: number, sig: number): number;

/** Make `sig` pending in the calling thread and return after its handler has run. */
export declare function raise(sig: number): number;

/** The empty set of signals. */
export declare function sigemptyset(): SigSet;

/** The set of all signals. */
export declare function sigfillset(): SigSet;

/** A new set: `s` with `sig` added. */
export declare function sigaddset(s: SigSet, sig: number): SigSet;

/** A new set: `s` without `sig`. */
export declare function sigdelset(s: SigSet, sig: number): SigSet;

/** 1 when `sig` is in `s`, else 0. */
export declare function sigismember(s: SigSet, sig: number): number;

/** The signals pending for the calling thread (its own and its process's). */
export declare function sigpending(): SigSet;

/** The default action of a signal. */
export declare const SIG_DFL: SigDisposition;
/** Ignore the signal. */
export declare const SIG_IGN: SigDisposition;

export declare const SIGHUP: 1;
export declare const SIGINT: 2;
export declare const SIGQUIT: 3;
export declare const SIGILL: 4;
export declare const SIGTRAP: 5;
export declare const SIGABRT: 6;
export declare const SIGIOT: 6;
export declare const SIGBUS: 7;
export declare const SIGFPE: 8;
export declare const SIGKILL: 9;
export declare const SIGUSR1: 10;
export declare const SIGSEGV: 11;
export declare const SIGUSR2: 12;
export declare const SIGPIPE: 13;
export declare const SIGALRM: 14;
export declare const SIGTERM: 15;
export declare const SIGSTKFLT: 16;
export declare const SIGCHLD: 17;
export declare const SIGCONT: 18;
export declare const SIGSTOP: 19;
export declare const SIGTSTP: 20;
export declare const SIGTTIN: 21;
export declare const SIGTTOU: 22;
export declare const SIGURG: 23;
export declare const SIGXCPU: 24;
export declare const SIGXFSZ: 25;
export declare const SIGVTALRM: 26;
export declare const SIGPROF: 27;
export declare const SIGWINCH: 28;
export declare const SIGIO: 29;
export declare const SIGPOLL: 29;
export declare const SIGPWR: 30;
export declare const SIGSYS: 31;

export declare const SIG_BLOCK: 0;
export declare const SIG_UNBLOCK: 1;
export declare const SIG_SETMASK: 2;

export declare const SA_NOCLDSTOP: 1;
export declare const SA_NOCLDWAIT: 2;
export declare const SA_SIGINFO: 4;
export declare const SA_RESTART: 0x10000000;
export declare const SA_NODEFER: 0x40000000;
/** 0x80000000 as a signed 32-bit integer. */
export declare const SA_RESETHAND: -2147483648;

// ---------------------------------------------------------------------------------------------
// Descriptors: pipes, FIFOs, sockets (data are byte strings)
// ---------------------------------------------------------------------------------------------

/** Create a pipe: `[readEnd, writeEnd]`. */
export declare function pipe(): [number, number];

/** Write `data` to `fd`; returns the number of bytes written. Up to `PIPE_BUF` bytes are written
 *  in one step once they all fit; more may take several steps, interleaved with other writers. With
 *  no reader left: `SIGPIPE` to the writing thread, then `-1`/`EPIPE`. `write(1, s)` is standard
 *  output and never blocks. */
export declare function write(fd: number, data: string): number;

/** Read up to `n` of the available bytes from `fd`; blocks while it is empty and a writer is open;
 *  `""` at end of file; `null`/`EAGAIN` when non-blocking and empty. */
export declare function read(fd: number, n: number): string | null;

/** Close `fd`. The last close of a write end gives readers end of file; of a read end, gives
 *  writers `SIGPIPE`/`EPIPE`. */
export declare function close(fd: number): number;

/** Create a named pipe (FIFO) at `path`; the mode is ignored. */
export declare function mkfifo(path: string, mode?: number): number;

/** Open the FIFO (or shared-memory name) at `path` with `O_RDONLY`, `O_WRONLY` or `O_RDWR`, maybe
 *  or-ed with `O_NONBLOCK`, `O_CREAT`...; opening a FIFO for reading blocks until a writer opens,
 *  and the reverse, except with `O_RDWR`, or `O_NONBLOCK` (a write-open with no reader then fails
 *  with `ENXIO`). The mode is ignored. */
export declare function open(path: string, flags: number, mode?: number): number;

/** Remove the name `path` (a FIFO or a bound socket path). */
export declare function unlink(path: string): number;

/** Get (`F_GETFL`) or set (`F_SETFL`) the flags of `fd`: with `O_NONBLOCK` a read returns
 *  `null`/`EAGAIN` instead of blocking, and a write of up to `PIPE_BUF` bytes is whole or
 *  `-1`/`EAGAIN`. */
export declare function fcntl(fd: number, cmd: number, arg?: number): number;

/** Create a socket of `domain` (`AF_UNIX`, `AF_INET`) and `type` (`SOCK_STREAM`, `SOCK_DGRAM`);
 *  the protocol is ignored. */
export declare function socket(domain: number, type: number, protocol?: number): number;

/** Bind socket `fd` to `addr`: a path (`AF_UNIX`) or a port number (`AF_INET`); a bound path stays
 *  taken until `unlink` (`EADDRINUSE`). */
export declare function bind(fd: number, addr: string | number): number;

/** Let stream socket `fd` accept connections, with `backlog` + 1 of them waiting at most. */
export declare function listen(fd: number, backlog: number): number;

/** Block until a connection arrives on listening socket `fd`; returns the connected socket. */
export declare function accept(fd: number): number;

/** Connect socket `fd` to `addr`: `-1`/`ENOENT` when nothing is bound at the path, `-1`/
 *  `ECONNREFUSED` when no one listens there; blocks while the listener's backlog is full. A socket
 *  may try again after a failed `connect`. */
export declare function connect(fd: number, addr: string | number): number;

/** Send `data` on connected stream socket `fd`, as a write to a pipe; the flags are ignored. */
export declare function send(fd: number, data: string, flags?: number): number;

/** Receive up to `n` bytes from connected stream socket `fd`, as a read from a pipe: `""` once the
 *  peer closed and the data are read; `null`/`EAGAIN` on a time-out (`SO_RCVTIMEO`). */
export declare function recv(fd: number, n: number, flags?: number): string | null;

/** Send the datagram `data` from socket `fd` to `addr` (a path or a port number). `AF_UNIX`
 *  datagrams arrive at once, in order; `AF_INET` ones at a later step, dropped if nothing is bound
 *  there, and with network faults maybe lost, duplicated or reordered. */
export declare function sendto(fd: number, data: string, addr: string | number): number;

/** Receive one datagram (up to `n` bytes) on socket `fd`: `[data, senderAddress]`, or `null`
 *  (`EAGAIN` on a time-out, `EINTR`...). */
export declare function recvfrom(fd: number, n: number): [string, string | number] | null;

/** Set a socket option: `setsockopt(fd, SO_RCVTIMEO, t)` lets a receive time out (`null`/`EAGAIN`)
 *  whenever nothing has arrived. */
export declare function setsockopt(fd: number, option: number, value: number): number;
/** The C shape `setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, t)`: the level is ignored. */
export declare function setsockopt(fd: number, level: number, option: number, value: number): number;

/** A connected pair of stream sockets: `[a, b]`; each behaves as a pipe in each direction. */
export declare function socketpair(domain?: number, type?: number): [number, number];

/** Open (with `O_CREAT`: create) the POSIX message queue `name`, holding `maxmsg` messages at most
 *  (default 10). */
export declare function mq_open(name: string, flags: number, maxmsg?: number): Mqd;

/** Queue `msg` with priority `prio` (default 0); blocks while the queue is full. */
export declare function mq_send(q: Mqd, msg: string, prio?: number): number;

/** Take the oldest message of the highest priority; blocks while the queue is empty; `null` on
 *  failure. */
export declare function mq_receive(q: Mqd): string | null;

/** Close the message queue descriptor `q`. */
export declare function mq_close(q: Mqd): number;

/** Remove the name of message queue `name`. */
export declare function mq_unlink(name: string): number;

export declare const O_RDONLY: 0;
export declare const O_WRONLY: 1;
export declare const O_RDWR: 2;
export declare const O_CREAT: 64;
export declare const O_EXCL: 128;
export declare const O_TRUNC: 512;
export declare const O_APPEND: 1024;
export declare const O_NONBLOCK: 2048;

export declare const F_GETFL: 3;
export declare const F_SETFL: 4;

export declare const AF_UNIX: 1;
export declare const PF_UNIX: 1;
export declare const AF_LOCAL: 1;
export declare const AF_INET: 2;
export declare const PF_INET: 2;
export declare const SOCK_STREAM: 1;
export declare const SOCK_DGRAM: 2;
export declare const SOL_SOCKET: 1;
export declare const SO_RCVTIMEO: 20;

export declare const PIPE_BUF: 4096;
export declare const STDIN_FILENO: 0;
export declare const STDOUT_FILENO: 1;
export declare const STDERR_FILENO: 2;

export declare const WNOHANG: 1;

// ---------------------------------------------------------------------------------------------
// Shared memory and synchronization
// ---------------------------------------------------------------------------------------------

/** The System V shared-memory segment of `length` 32-bit slots named by `key`, zero-filled
 *  (`IPC_PRIVATE`: a new one each call); returns its id. The flags are ignored. */
export declare function shmget(key: number, length: number, flags?: number): number;

/** Attach segment `id`: its slots, shared with every process that attaches it. */
export declare function shmat(id: number): Int32Array;

/** Detach a segment attached by `shmat`. */
export declare function shmdt(a: Int32Array): number;

/** Control segment `id`: `IPC_RMID` removes it. */
export declare function shmctl(id: number, cmd: number): number;

/** Open (with `O_CREAT`: create) the POSIX shared-memory object `name`; returns a descriptor. The
 *  mode is ignored. */
export declare function shm_open(name: string, flags: number, mode?: number): number;

/** Set the length of the object open on `fd`, in 32-bit slots (not bytes). */
export declare function ftruncate(fd: number, length: number): number;

/** Map `length` 32-bit slots of the object open on `fd`, shared with every process that maps it. */
export declare function mmap(fd: number, length: number): Int32Array;

/** Remove the name of POSIX shared-memory object `name`. */
export declare function shm_unlink(name: string): number;

export declare const IPC_PRIVATE: 0;
export declare const IPC_CREAT: 512;
export declare const IPC_EXCL: 1024;
export declare const IPC_RMID: 0;

/** A new, unlocked mutex. */
export declare function pthread_mutex_init(): Mutex;

/** Lock `m`, blocking while another thread holds it (a handler does not interrupt the wait).
 *  Relocking by the owner is reported (`mutex-misuse`). */
export declare function pthread_mutex_lock(m: Mutex): number;

/** Unlock `m`; by a non-owner or of an unlocked mutex it is reported (`mutex-misuse`). */
export declare function pthread_mutex_unlock(m: Mutex): number;

/** Lock `m` if it is free and return 0; else return `EBUSY` at once. */
export declare function pthread_mutex_trylock(m: Mutex): number;

/** Destroy `m`; while it is locked it is reported (`mutex-misuse`). */
export declare function pthread_mutex_destroy(m: Mutex): number;

/** A new condition variable. */
export declare function pthread_cond_init(): Cond;

/** Unlock `m` and wait on `c` (one step), then wake and relock `m` (another); may wake spuriously. */
export declare function pthread_cond_wait(c: Cond, m: Mutex): number;

/** Wake one thread waiting on `c`; nothing is remembered when none waits. */
export declare function pthread_cond_signal(c: Cond): number;

/** Wake every thread waiting on `c`; nothing is remembered when none waits. */
export declare function pthread_cond_broadcast(c: Cond): number;

/** A new process-local semaphore with `value` (copied by `fork`, not shared). */
export declare function sem_init(value: number): Sem;

/** Open (with `O_CREAT`: create with `value`) the named semaphore `name`, shared by every process
 *  that opens it. */
export declare function sem_open(name: string, flags: number, value?: number): Sem;

/** Decrement `s`, blocking while it is 0. */
export declare function sem_wait(s: Sem): number;

/** Decrement `s` if it is positive; else `-1`/`EAGAIN` at once. */
export declare function sem_trywait(s: Sem): number;

/** Increment `s`, letting a waiter through; async-signal-safe. */
export declare function sem_post(s: Sem): number;

/** Close the named semaphore `s`. */
export declare function sem_close(s: Sem): number;

/** Remove the name of semaphore `name`. */
export declare function sem_unlink(name: string): number;

// ---------------------------------------------------------------------------------------------
// errno values
// ---------------------------------------------------------------------------------------------

export declare const EPERM: 1;
export declare const ENOENT: 2;
export declare const ESRCH: 3;
export declare const EINTR: 4;
export declare const EIO: 5;
export declare const ENXIO: 6;
export declare const E2BIG: 7;
export declare const EBADF: 9;
export declare const ECHILD: 10;
export declare const EAGAIN: 11;
export declare const EWOULDBLOCK: 11;
export declare const ENOMEM: 12;
export declare const EACCES: 13;
export declare const EFAULT: 14;
export declare const EBUSY: 16;
export declare const EEXIST: 17;
export declare const ENOTDIR: 20;
export declare const EISDIR: 21;
export declare const EINVAL: 22;
export declare const ENFILE: 23;
export declare const EMFILE: 24;
export declare const ENOSPC: 28;
export declare const ESPIPE: 29;
export declare const EPIPE: 32;
export declare const EDEADLK: 35;
export declare const ENAMETOOLONG: 36;
export declare const ENOSYS: 38;
export declare const ENOTSOCK: 88;
export declare const EDESTADDRREQ: 89;
export declare const EMSGSIZE: 90;
export declare const EPROTOTYPE: 91;
export declare const EOPNOTSUPP: 95;
export declare const EADDRINUSE: 98;
export declare const EADDRNOTAVAIL: 99;
export declare const ENETUNREACH: 101;
export declare const ECONNRESET: 104;
export declare const EISCONN: 106;
export declare const ENOTCONN: 107;
export declare const ETIMEDOUT: 110;
export declare const ECONNREFUSED: 111;
