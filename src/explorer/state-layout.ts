// Where everything lives in a state (STYLE.md: one flat Int32Array per state, laid out per model).
//
//   header:  next pid, process count, next kernel object id, env sends per environment signal
//   process: [P_LEN .. P_ACTIONS) fixed fields, one action id per tracked signal, the globals, the
//            descriptor table (when the program uses descriptors), threads
//   thread:  [T_LEN .. T_FRAMES) fixed fields, then its frames, the innermost last
//   frame:   function, pc, handler signal (0: not a handler's base frame), saved mask, interrupted
//            call, the interrupted code's last access, then the function's registers
//
//   kernel:  after the processes, the kernel objects (open file descriptions, pipes, FIFOs, message
//            queues), each [length, kind, id, fields...], in id order; the state's last word is the
//            kernel section's length, itself included
//
// Processes are kept in pid order (pids only grow), so a state has one encoding. A zombie keeps its
// block with no threads and zeroed globals until it is reaped. Kernel objects sit after the
// processes so that creating one moves no process, thread or frame.
import type { Model } from "../model/model.js";

export const H_NEXT_PID = 0;
export const H_NPROC = 1;
export const H_NEXT_OBJ = 2;
/** the next shared-memory segment number (segments are named by it in programs' Int32Array values) */
export const H_NEXT_SEG = 3;
export const H_ENV = 4;

export const P_LEN = 0;
export const P_PID = 1;
export const P_PPID = 2;
export const P_STATE = 3;
export const P_STOPPED = 4;
export const P_STATUS = 5;
export const P_PENDING = 6;
export const P_ALARM = 7;
export const P_NTHREADS = 8;
export const P_NEXT_TID = 9;
/** the next handle of a process-local mutex, condition variable or semaphore */
export const P_NEXT_HANDLE = 10;
export const P_ACTIONS = 11;

export const PROC_ALIVE = 0;
export const PROC_ZOMBIE = 1;

export const T_LEN = 0;
export const T_TID = 1;
export const T_STATE = 2;
export const T_MASK = 3;
export const T_PENDING = 4;
export const T_ERRNO = 5;
export const T_WSTATUS = 6;
export const T_SAVEDMASK = 7;
export const T_NFRAMES = 8;
/** the thread's last step, when it was an access to a global some handler accesses: instruction id, else 0 */
export const T_LAST = 9;
/** bytes a write larger than PIPE_BUF has moved so far */
export const T_PROGRESS = 10;
export const T_FRAMES = 11;

/** Thread states: running (or blocked in a call that cannot complete yet), or inside a call that waits for a handler or for time. */
export const TS_RUNNING = 0;
export const TS_PAUSE = 1;
export const TS_SIGSUSPEND = 2;
export const TS_SLEEP = 3;
/** a thread that ended, until pthread_join reaps it */
export const TS_EXITED = 4;
/** in pthread_cond_wait, the mutex released, waiting to be signalled */
export const TS_CONDWAIT = 5;
/** woken from pthread_cond_wait (signalled or spuriously), relocking the mutex */
export const TS_CONDWAKE = 6;
/**
 * at a sigsuspend() it got to while a signal it would take was pending: entering it takes the lowest
 * such signal (semantics/signals.ts); a thread at one that got there with none is TS_RUNNING
 */
export const TS_WAIT_ENTRY = 7;

export const F_FN = 0;
export const F_PC = 1;
export const F_SIG = 2;
export const F_SAVEDMASK = 3;
export const F_INTR = 4;
/** a handler's base frame: the interrupted code's last step (T_LAST at delivery) */
export const F_PREV = 5;
export const F_REGS = 6;

/** What a handler interrupted (F_INTR): how the interrupted call ends when the handler returns. */
export const INTR_NONE = 0;
export const INTR_PAUSE = 1;
export const INTR_SIGSUSPEND = 2;
export const INTR_SLEEP = 3;
/** a blocking call without SA_RESTART: it fails with EINTR */
export const INTR_CALL = 4;
/** pthread_cond_wait interrupted: after the handler it wakes (a spurious wake-up, signal(7)) */
export const INTR_COND = 5;

/** Descriptor table entries: 0 is a closed descriptor, a positive value an open file description's object id. */
export const FD_STDIN = -1;
export const FD_STDOUT = -2;
export const FD_STDERR = -3;
/** descriptors a process may hold; more is a bound (inconclusive), not EMFILE */
export const MAX_FDS = 16;

/** Kernel objects: [OB_LEN, OB_KIND, OB_ID, fields...] */
export const OB_LEN = 0;
export const OB_KIND = 1;
export const OB_ID = 2;
export const OB_FIELDS = 3;
export const K_FILE = 1;
export const K_PIPE = 2;
export const K_FIFO = 3;
export const K_MQ = 4;
export const K_SOCK = 5;
/** an AF_INET datagram in flight */
export const K_DGRAM = 6;
export const K_MUTEX = 7;
export const K_SEM = 8;
export const K_SHM = 9;

export interface StateLayout {
  /** environment signals, in the order of their counters */
  readonly envSignals: readonly number[];
  readonly headerSize: number;
  readonly actions: number;
  readonly globalsAt: number;
  readonly globalSlots: number;
  /** the descriptor table's offset in a process block, and its size (0: the program uses none) */
  readonly fdsAt: number;
  readonly fds: number;
  /** the fixed part of a process block, before its threads */
  readonly procFixed: number;
}

export function layoutFor(model: Model): StateLayout {
  const envSignals = model.options.envSignals;
  const actions = model.trackedSignals.length;
  const fds = model.usesDescriptors ? MAX_FDS : 0;
  const fdsAt = P_ACTIONS + actions + model.globalSlots;
  return {
    envSignals,
    headerSize: H_ENV + envSignals.length,
    actions,
    globalsAt: P_ACTIONS + actions,
    globalSlots: model.globalSlots,
    fdsAt,
    fds,
    procFixed: fdsAt + fds,
  };
}

/** An instruction id for T_LAST/F_PREV: 0 is none. */
export function instrId(fn: number, pc: number): number {
  return ((fn << 16) | pc) + 1;
}

export function frameSize(model: Model, fn: number): number {
  return F_REGS + model.functions[fn]!.regCount;
}
