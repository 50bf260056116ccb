// `ipcheck --emit promela`: the model (not the TypeScript) translated to Promela that SPIN accepts,
// with the semantics of LANGUAGE.md, so that SPIN's verdicts (assertion violated; invalid end state)
// can be set beside ipcheck's (assertion; deadlock).
//
// What is modelled:
// - processes: pids are slots 1..NP-1 in creation order; per-process state in global arrays (alive,
//   zombie, gone; parent; wait status; pending signals; dispositions); each process's globals are
//   arrays indexed by pid, copied by fork. fork is `run` of the one thread proctype T, whose
//   parameters carry the registers of the forking thread; exit makes a zombie, re-parents the
//   children, sends SIGCHLD; wait/waitpid reap in pid order as ipcheck does.
// - steps (LANGUAGE.md §2): each visible instruction is one `atomic { guard -> effect }`, and the local
//   work after it (up to the next step) runs inside the same atomic. Calls jump to the callee's code
//   (one set of registers per function and thread: recursion and re-entrant handlers are refused).
// - signals (§3): a pending bit per signal per process (and per thread, for raise), a mask per
//   thread, the dispositions of the tracked signals; delivery is a branch of every step point; a
//   handler frame is a return point and a saved mask on a small stack; the handler's return restores
//   the mask and resumes, restarts, or fails the interrupted call with EINTR (pause, sigsuspend,
//   sleep, calls without SA_RESTART). raise, sigprocmask, sigsuspend and kill of oneself deliver
//   before they return; default actions terminate or ignore. alarm and the environment's signals are
//   extra proctypes (timers, env), the environment sending each signal at most envSignalLimit times.
// - idle ends (§4): a thread blocked in pause/sigsuspend while an environment signal with a handler
//   is unblocked waits for the user: it sits at an `end` label; so does a thread blocked in a socket
//   call that such a signal would end (no SA_RESTART, or a handler that may exit), moving between the
//   call and its `end` label as that changes. wait/waitpid sit at `end` labels too: they are stuck
//   only while a child is stuck, which SPIN then reports itself.
// - assertions and out-of-bounds indexes are `assert(false)`; that run stops there: every proctype
//   is `provided (!stop)`, and a proctype Halt keeps the stopped state from being an end state
//   (mutex-misuse's relock stops a run the same way, without the assertion).
// - threads: a thread is a `run` of T in a free slot of its process (a joined thread's slot is free
//   again, so threads may be started in a loop); its process's end ends it (`unless`); an ended
//   thread's T waits at an end label instead of ending (SPIN removes a proctype only after every
//   younger one, and each order of removals would be a state of its own);
//   mutexes (owner), semaphores (values; named ones shared by all processes), condition variables
//   (waiters; a spurious wake-up, which the deadlock run leaves out with -DNOSPURIOUS).
// - shared memory: System V and POSIX segments in one global array, plain and Atomics accesses.
// - descriptors: per-process tables; pipes and FIFOs with descriptions shared across fork (EOF,
//   SIGPIPE/EPIPE, O_NONBLOCK, writes past PIPE_BUF in steps, FIFO opens that wait for a peer); strings are lengths where that is exact (strings.ts), else texts in
//   an interned, bounded table (text.ts).
// - values that decide nothing (LANGUAGE.md §4) are dropped, as ipcheck drops them.
// - message queues (message-queues.ts): priorities, capacity, O_NONBLOCK, names and unlink.
// - sockets (sockets.ts): AF_UNIX paths and AF_INET ports, bind/listen/accept/connect with their
//   errnos and the backlog, stream sockets and socketpair as a pipe each way, datagrams; AF_INET ones
//   travel in the `net` proctype with the network faults; SO_RCVTIMEO, O_NONBLOCK, unlink of a path.
//   Descriptors hold SOCKFD + the socket (fdt is a short then); recvfrom's [data, from] is one int.
// - Number() of a text (text.ts sbnumber): a decimal numeral, else 0.
// Left out (refused with a diagnostic, never translated loosely):
// recursion, SA_NODEFER, SIGKILL/SIGSTOP/SIGCONT and the stop signals, restoring a saved sigaction,
// a handler for SIGFPE, fork in a handler or in a program that starts threads. Not modelled:
// LANGUAGE.md §4's "blocked only on processes that wait for the user" for a read, recv or send
// (SPIN then sees an invalid end state where ipcheck sees an idle one). Bounds of the translation:
// NP process slots, NTS thread slots (maxThreads a process, ipcheck's own bound), NH
// synchronization objects a process (LOOP_OBJECTS for a call in a loop), NPIPE pipe slots and
// ND - FD0 FIFO open descriptions (LOOP_OBJECTS for a pipe() or an open in a loop; all the
// descriptions' numbers below 100), NSOCK socket slots, NSEG segments and NQ message queues
// (LOOP_SOCKETS for a call in a loop; an accept takes at most the connections the sockets make) —
// each call site counted once for each process that may run it —, NFD descriptors a process, the
// string table and pipe buffers of text.ts, the socket queues and datagrams in flight of
// sockets.ts, Number() of a text past a decimal numeral: past one, the run stops with an assertion
// that names it.
import { Op, type FunctionModel, type Instr, type Model } from "../model/model.js";
import { API_CALLS, ValueKind } from "../model/api.js";
import { DefaultAction, SIGALRM, SIGCHLD, SIGFPE, SIGKILL, SIGPIPE, SIGSTOP, SIGNALS, defaultAction, sigbit, signalName } from "../model/signals.js";
import { analyse, constantBefore, jumpTargets, Refusal, type Analysis } from "./analysis.js";
import { successors } from "../model/control-flow.js";
import { diagnostic, type Diagnostic } from "../diagnostics/diagnostic.js";
import { readStrings } from "./strings.js";
import { TEXT_LOCALS, textBounds, textDeclarations, textInit, textInlines, type TextBounds } from "./text.js";
import { EINTR } from "../model/constants.js";
import { F_RESETHAND, F_RESTART, MASK_OK, type Call, type Step } from "./encoding.js";
import { processCall } from "./processes.js";
import { signalCall } from "./signals.js";
import { closeInline, pipeCall, pipeMacros } from "./pipes.js";
import { queueCall, queueDeclarations, type QueueBounds } from "./message-queues.js";
import { threadCall } from "./threads.js";
import { RECVFROM_TUPLE, SOCKET_LOCALS, networkProctype, socketCall, socketDeclarations, socketInlines, type SocketBounds } from "./sockets.js";
import { sharedCell, sharedMemoryCall, sharedValid } from "./shared-memory.js";

export type PromelaResult = { ok: true; text: string } | { ok: false; diagnostic: Diagnostic };


const SUPPORTED = new Set([
  "fork", "getpid", "getppid", "exit", "_exit", "wait", "waitpid", "wstatus", "nondet", "assert", "printf",
  "console.log", "signal", "sigaction", "kill", "raise", "alarm", "pause", "sigsuspend", "sleep", "sigprocmask",
  "pthread_sigmask", "sigemptyset", "sigfillset", "sigaddset", "sigdelset", "sigismember", "sigpending", "errno",
  "set_errno", "write",
  "pthread_create", "pthread_join", "pthread_exit", "pthread_self",
  "pthread_mutex_init", "pthread_mutex_lock", "pthread_mutex_unlock", "pthread_mutex_trylock", "pthread_mutex_destroy",
  "pthread_cond_init", "pthread_cond_wait", "pthread_cond_signal", "pthread_cond_broadcast",
  "sem_init", "sem_wait", "sem_trywait", "sem_post", "sem_close", "sem_open", "sem_unlink",
  "shmget", "shmat", "shmdt", "shmctl", "shm_open", "ftruncate", "mmap", "shm_unlink", "close",
  "Atomics.load", "Atomics.store", "Atomics.add", "Atomics.sub", "Atomics.exchange", "Atomics.compareExchange",
  "pipe", "read", "fcntl", "mkfifo", "open", "unlink", "mq_open", "mq_send", "mq_receive", "mq_close", "mq_unlink",
  "socket", "socketpair", "bind", "listen", "accept", "connect", "send", "recv", "sendto", "recvfrom", "setsockopt",
]);

/** The synchronization objects one call site in a loop makes at most, in the translation (past it, the run stops with an assertion that says so). */
const LOOP_OBJECTS = 16;

/** The most FIFO open descriptions of the translation at once; past them, FIFOSFULL. */
const MAX_FIFO_OPENS = LOOP_OBJECTS;

/**
 * The sockets (socket pairs), segments and message queues one call site in a loop makes at most, in
 * the translation (a socket takes a slot, and one more for the server end a connect makes): fewer
 * than LOOP_OBJECTS, as each is many words of the state vector; past the slots, the run stops.
 */
const LOOP_SOCKETS = 4;

/** The instructions of f reachable from one that `from` picks (that one's successors, not itself unless on a loop). */
function reachedFrom(f: FunctionModel, from: (i: Instr) => boolean): Uint8Array {
  const seen = new Uint8Array(f.code.length);
  const todo: number[] = [];
  f.code.forEach((i, pc) => {
    if (from(i)) todo.push(...successors(f.code, pc));
  });
  while (todo.length > 0) {
    const pc = todo.pop()!;
    if (pc >= f.code.length || seen[pc]) continue;
    seen[pc] = 1;
    todo.push(...successors(f.code, pc));
  }
  return seen;
}

/** A `#define` that stops the run at a bound of the translation, saying which (`what`: "pipe slots (NPIPE) are full"). */
export function boundStop(name: string, what: string): string {
  return `#define ${name} atomic { printf("the translation's ${what}\\n"); assert(false); run Halt(); stop = 1 }`;
}

/** The loops of f, as [first, last] pc ranges of their back edges. */
function backEdges(f: FunctionModel): [number, number][] {
  const back: [number, number][] = [];
  f.code.forEach((i, pc) => {
    if (i.op === Op.Jump && i.b === 1) back.push([i.a, pc]);
    if (i.op === Op.Branch && i.d === 1) back.push([i.b, pc]);
  });
  return back;
}

/** Calls that make a handle of a process-local synchronization object (LANGUAGE.md §3). */
const HANDLE_MAKERS = new Set(["pthread_mutex_init", "pthread_cond_init", "sem_init"]);

export function emitPromela(model: Model): PromelaResult {
  try {
    return { ok: true, text: new Emitter(model, analyse(model)).emit() };
  } catch (e) {
    if (!(e instanceof Refusal)) throw e;
    const help = "check this program with ipcheck itself; the Promela translation covers processes, globals, signals and assertions";
    return {
      ok: false,
      diagnostic: diagnostic("promela-unsupported", model.file, e.instr ? e.instr.span : null, `--emit promela does not support ${e.what} yet`, help),
    };
  }
}

const ident = (s: string): string => s.replace(/[^A-Za-z0-9_]/g, "_");

/** How a handler may end a blocked call (Step's intrCond, intrForce, intrAlways), with the label of the EINTR return. */
interface Interruption {
  readonly label: string;
  readonly cond: string;
  readonly force?: string | undefined;
  readonly always?: string | undefined;
}

/** The translation of one model; the per-concept files (processes, signals, pipes, threads, shared memory) use its helpers. */
export class Emitter {
  readonly fns: readonly FunctionModel[];
  readonly out: string[] = [];
  /** Promela names of each function's kept registers (null: dropped) */
  readonly regs: (string | null)[][];
  readonly fnName: string[];
  /** return codes of handler frames: a label to resume at */
  readonly retCodes = new Map<string, number>();
  /** fork sites: the label the child starts at */
  readonly forkEntries: string[] = [];
  readonly targets: Set<number>[];
  /** signals that can be pending: sent by the program or by the environment */
  readonly pendable: number[];
  /** signals raise() may make pending in the thread */
  readonly threadDirected: boolean;
  readonly np: number;
  blockId = 0;
  readonly tracked: readonly number[];
  /** the program starts threads: thread slots beyond the processes' first threads */
  readonly threads: boolean;
  readonly nts: number;
  /** handles of synchronization objects per process, + 1 */
  readonly nh: number;
  /** shared-memory segments + 1, and the most slots one segment has */
  readonly nseg: number;
  readonly maxlen: number;
  /** descriptors per process, when the program makes descriptor calls (0: none) */
  readonly nfd: number;
  /** the names (string ids) of the named semaphores, in order */
  readonly semNames: number[];
  /** pipes + 1 */
  readonly npipe: number;
  /** the FIFO paths (string ids) the program names, and how many opens it makes */
  readonly fifos: number[];
  readonly fifoOpens: number;
  /** message queues, when the program uses them */
  readonly queues: QueueBounds | null;
  /** strings as text (a table of texts), when their lengths do not decide enough */
  readonly text: TextBounds | null;
  /** sockets, when the program makes them */
  readonly sockets: SocketBounds | null;

  constructor(readonly model: Model, readonly an: Analysis) {
    this.fns = model.functions;
    const used = new Set<string>();
    this.fnName = this.fns.map((f) => {
      let n = f.synthetic ? "start" : ident(f.name);
      while (used.has(n)) n += "_";
      used.add(n);
      return n;
    });
    this.regs = this.fns.map((f, fid) => {
      const names = new Set<string>();
      return f.regNames.map((rn, i) => {
        if (!f.regKeep[i]) return null;
        let n = `${this.fnName[fid]}_${rn.startsWith("%") ? `t${ident(rn.slice(1))}` : ident(rn)}`;
        while (names.has(n)) n += "_";
        names.add(n);
        return n;
      });
    });
    this.targets = this.fns.map(jumpTargets);
    this.tracked = model.trackedSignals;
    this.pendable = [...new Set([...this.sentSignals(), ...model.options.envSignals])].sort((a, b) => a - b);
    // raise, and SIGPIPE to the writing thread
    this.threadDirected = this.usesCall("raise") || this.usesCall("pipe") || this.usesCall("open") || this.usesCall("send");
    for (const s of this.pendable) {
      if (s === SIGKILL || s === SIGSTOP) throw new Refusal(`${signalName(s)}`, null);
      const d = defaultAction(s);
      if (d === DefaultAction.Stop || d === DefaultAction.Continue) throw new Refusal(`${signalName(s)} (stop and continue)`, null);
    }
    if (this.tracked.includes(SIGFPE)) throw new Refusal("a disposition for SIGFPE", null);
    this.np = this.processSlots();
    this.threads = this.usesCall("pthread_create");
    if (this.threads && this.usesCall("fork")) throw new Refusal("fork() in a program that starts threads", null);
    // thread slots: one per pthread_create a run makes, or, with one in a loop, as many as a process
    // may hold at once (maxThreads, ipcheck's bound); a joined thread's slot is taken again
    const maxThreads = model.options.maxThreads - 1;
    this.nts = this.np + (this.threads ? Math.min(maxThreads, this.countSites((n) => n === "pthread_create", maxThreads)) : 0);
    this.semNames = this.constantArgs("sem_open", 0);
    this.nh = 1 + Math.max(this.countSites((n) => HANDLE_MAKERS.has(n), LOOP_OBJECTS), this.semNames.length);
    // objects of the whole system: each process may make its own at a call site (the code after a fork runs in both)
    const perRun = this.usesCall("fork") ? this.np - 1 : 1;
    // a shmget() or shm_open() in a loop makes at most LOOP_SOCKETS segments there (SEGSFULL past the slots)
    this.nseg = 1 + this.countSites((n) => n === "shmget" || n === "shm_open", LOOP_SOCKETS, perRun);
    const lengths = [...this.constantArgs("shmget", 1), ...this.constantArgs("ftruncate", 1)];
    this.maxlen = Math.max(1, ...lengths.map((n) => Math.min(Math.max(n, 0), 4096)));
    // a path only mkfifo makes a FIFO (unlink of another path is of a socket's, or ENOENT)
    this.constantArgs("unlink", 0);
    this.fifos = [...new Set([...this.constantArgs("mkfifo", 0), ...this.constantArgs("open", 0)])];
    if (this.fifos.length > 0 && this.threads) throw new Refusal("FIFOs in a program that starts threads", null);
    // a pipe() or a FIFO open in a loop makes at most LOOP_OBJECTS pipes (descriptions) there; a
    // call no fork comes before runs in the first process only. A FIFO's pipe is made at its first
    // open (again once all its descriptions are closed), a FIFO open's description is free again
    // once closed. Past the slots, the run stops (PIPESFULL, FIFOSFULL).
    const opens = this.countSites((n) => n === "open", LOOP_OBJECTS);
    const pipes = this.countSites((n) => n === "pipe", LOOP_OBJECTS);
    const systemOpens = this.countSites((n) => n === "open", LOOP_OBJECTS, perRun);
    const systemPipes = this.countSites((n) => n === "pipe", LOOP_OBJECTS, perRun);
    this.fifoOpens = Math.min(systemOpens, MAX_FIFO_OPENS);
    // descriptions are numbered 1 .. 2 × NPIPE - 1, then the FIFO opens' from FD0 = 2 × NPIPE: all below 100
    this.npipe = 1 + Math.min(systemPipes + systemOpens, Math.floor((99 - this.fifoOpens) / 2) - 1);
    // a process's descriptors: the standard three, and those the call sites on its path open
    // an mq_open() in a loop opens at most LOOP_SOCKETS descriptors there, and makes as many queues (QUEUESFULL past them)
    const mqOpens = this.countSites((n) => n === "mq_open", LOOP_SOCKETS);
    // a socket() or socketpair() in a loop makes at most LOOP_SOCKETS there (SOCKFULL past the slots)
    const sockets = this.countSites((n) => n === "socket", LOOP_SOCKETS);
    const pairs = this.countSites((n) => n === "socketpair", LOOP_SOCKETS);
    const systemSockets = this.countSites((n) => n === "socket", LOOP_SOCKETS, perRun);
    // each connect makes a server end; a socket connects once (EISCONN after)
    const slots = 2 * systemSockets + 2 * this.countSites((n) => n === "socketpair", LOOP_SOCKETS, perRun);
    this.sockets = slots > 0 ? this.socketBounds(slots) : null;
    // accept may sit in a loop: it takes at most the connections of all the system's sockets
    const accepted = this.usesCall("accept") ? systemSockets : 0;
    // (no process holds more pipes than the system's slots)
    this.nfd = this.model.usesDescriptors ? 3 + this.countSites((n) => n === "shm_open", LOOP_SOCKETS) + 2 * Math.min(pipes, this.npipe - 1) + Math.min(opens, this.fifoOpens) + mqOpens + sockets + 2 * pairs + accepted : 0;
    this.queues = mqOpens > 0
      ? {
        names: [...new Set([...this.constantArgs("mq_open", 0), ...this.constantArgs("mq_unlink", 0)])],
        queues: this.countSites((n) => n === "mq_open", LOOP_SOCKETS, perRun),
        maxmsg: Math.max(1, ...this.fns.flatMap((f, fid) => f.code.map((i, pc) => {
          if (i.op !== Op.Syscall || API_CALLS[i.a]!.name !== "mq_open") return 1;
          if (i.args.length < 3) return 10;
          const v = constantBefore(f, pc, i.args[2]!, this.targets[fid]!);
          if (v === null) throw new Refusal("mq_open with a maxmsg that is not a constant", i);
          return v;
        }))),
      }
      : null;
    // strings as lengths where that is exact (strings.ts), else as text (text.ts)
    let asText = this.fns.some((f) => f.code.some((i) => (i.op === Op.Concat || i.op === Op.ToString) && i.keep));
    if ((this.npipe > 1 || this.sockets !== null) && !asText) {
      try {
        readStrings(model);
      } catch (e) {
        if (!(e instanceof Refusal)) throw e;
        asText = true;
      }
    }
    this.text = asText ? textBounds(model) : null;
    this.checkCalls();
  }

  /** The socket slots and queues, and the network when AF_INET datagrams may be sent (a socket() whose domain is not the constant AF_UNIX). */
  socketBounds(slots: number): SocketBounds {
    const faults = this.model.options.netFaults;
    const inet = this.usesCall("sendto") && this.fns.some((f, fid) => f.code.some((i, pc) => {
      if (i.op !== Op.Syscall || API_CALLS[i.a]!.name !== "socket") return false;
      return constantBefore(f, pc, i.args[0]!, this.targets[fid]!) !== 1;
    }));
    return {
      nsock: slots + 1,
      sq: Math.max(8, Math.min(slots, 16)),
      nf: inet ? 8 : 0,
      loss: faults.includes("loss"),
      duplicate: faults.includes("duplicate"),
      reorder: faults.includes("reorder"),
    };
  }

  /** Whether close(2) goes through the closefd inline: descriptions that count their descriptors (pipes, FIFOs, sockets). */
  closesDescriptions(): boolean {
    return this.npipe > 1 || this.sockets !== null;
  }

  /**
   * The signals the program's text may send: the model's list, narrowed where kill() and raise() take a
   * register that only ever holds constants (`kill(pid, nondet(0, 1) === 0 ? SIGUSR1 : SIGUSR2)`).
   */
  sentSignals(): readonly number[] {
    const m = this.model;
    const fixed = new Set<number>();
    if (this.usesCall("fork")) fixed.add(SIGCHLD);
    if (this.usesCall("alarm")) fixed.add(SIGALRM);
    if (m.sentSignals.includes(SIGPIPE)) fixed.add(SIGPIPE);
    for (const f of this.fns) {
      for (const [pc, i] of f.code.entries()) {
        if (i.op !== Op.Syscall) continue;
        const name = API_CALLS[i.a]!.name;
        if (name !== "kill" && name !== "raise") continue;
        const values = possibleConstants(f, i.args[name === "kill" ? 1 : 0]!, pc);
        if (values === null) return m.sentSignals;
        for (const v of values) if (v >= 1 && v <= 31) fixed.add(v);
      }
    }
    return m.sentSignals.filter((s) => fixed.has(s));
  }

  usesCall(name: string): boolean {
    return this.fns.some((f) => f.code.some((i) => i.op === Op.Syscall && API_CALLS[i.a]!.name === name));
  }

  checkCalls(): void {
    for (const f of this.fns) {
      for (const i of f.code) {
        if (i.op === Op.Syscall) {
          const name = API_CALLS[i.a]!.name;
          if (!SUPPORTED.has(name)) throw new Refusal(`${name}()`, i);
          if (name === "sigaction" && (i.c === 1 || i.keep)) throw new Refusal("sigaction's saved action (a value restored later)", i);
        } else if (i.op === Op.ToString && i.keep && i.c !== ValueKind.Int && i.c !== ValueKind.Str) {
          throw new Refusal("String() of a value that is not a number or a string", i);
        } else if (i.op === Op.MakeTuple) {
          throw new Refusal("tuples", i);
        } else if (i.op === Op.Binary && i.c === 7 && i.keep) {
          throw new Refusal("the operator >>>", i);
        }
      }
    }
    for (const h of this.model.handlers) {
      for (const i of this.fns[h]!.code) if (i.op === Op.Syscall && API_CALLS[i.a]!.name === "fork") throw new Refusal("fork() in a handler", i);
    }
  }

  /** The constant values of argument k at every call of `name` (refused when one is not constant). */
  constantArgs(name: string, k: number): number[] {
    const out: number[] = [];
    this.fns.forEach((f, fid) => f.code.forEach((i, pc) => {
      if (i.op !== Op.Syscall || API_CALLS[i.a]!.name !== name) return;
      const v = constantBefore(f, pc, i.args[k]!, this.targets[fid]!);
      if (v === null) throw new Refusal(`${name}() with an argument that is not a constant`, i);
      if (!out.includes(v)) out.push(v);
    }));
    return out;
  }

  /**
   * How many times calls of these names run in a run: a call in a loop counts `inLoop` times (a
   * bound of the translation, checked where the object is made); with `perRun`, a call site counts
   * once for each of that many processes when a fork may come before it (a call in the first
   * function no fork, nor a call of a function that forks, can reach, runs in the first process
   * alone), for what the whole system makes. Handlers count too: they may run anywhere.
   */
  countSites(match: (name: string) => boolean, inLoop: number, perRun = 1): number {
    const memo = new Map<string, number>();
    const count = (fid: number, first: boolean): number => {
      const key = `${fid}:${first}`;
      const known = memo.get(key);
      if (known !== undefined) return known;
      const f = this.fns[fid]!;
      const { afterFork, back } = this.flowOf(fid);
      const after = first ? afterFork : null;
      let n = 0;
      f.code.forEach((i, pc) => {
        const alone = after !== null && !after[pc];
        let k = 0;
        if (i.op === Op.Syscall && match(API_CALLS[i.a]!.name)) k = alone ? 1 : perRun;
        if (i.op === Op.Call) k = count(i.a, alone);
        if (i.op === Op.Syscall && API_CALLS[i.a]!.name === "pthread_create") {
          const v = constantBefore(f, pc, i.args[0]!, this.targets[fid]!);
          if (v !== null && v >= 2) k += count(v - 2, false);
        }
        if (k > 0 && back.some(([lo, hi]) => pc >= lo && pc <= hi)) k *= inLoop;
        n += k;
      });
      memo.set(key, n);
      return n;
    };
    // handlers may run in any process, at any time
    let handlers = 0;
    for (const h of this.model.handlers) handlers += count(h, false);
    return count(this.model.start, true) + handlers;
  }

  /** Per function, computed once: the instructions a fork (or a call of a function that may fork) can come before, and its loops. */
  private flowOf(fid: number): { readonly afterFork: Uint8Array; readonly back: [number, number][] } {
    if (this.flow === null) {
      // the functions that may call fork(), directly or through the functions they call
      const forks = new Set<number>();
      const forksAt = (i: Instr) => (i.op === Op.Syscall && API_CALLS[i.a]!.name === "fork") || (i.op === Op.Call && forks.has(i.a));
      for (let changed = true; changed;) {
        changed = false;
        this.fns.forEach((f, id) => {
          if (!forks.has(id) && f.code.some(forksAt)) {
            forks.add(id);
            changed = true;
          }
        });
      }
      this.flow = this.fns.map((f) => ({ afterFork: reachedFrom(f, forksAt), back: backEdges(f) }));
    }
    return this.flow[fid]!;
  }
  private flow: { readonly afterFork: Uint8Array; readonly back: [number, number][] }[] | null = null;

  /** Process slots: 1 + the most processes a run can create (a fork in a loop: maxProcesses). */
  processSlots(): number {
    const memo = new Map<number, number>();
    const forks = (fid: number): number => {
      const known = memo.get(fid);
      if (known !== undefined) return known;
      const f = this.fns[fid]!;
      let inLoop = false;
      let n = 0;
      const { back } = this.flowOf(fid);
      f.code.forEach((i, pc) => {
        let k = 0;
        if (i.op === Op.Syscall && API_CALLS[i.a]!.name === "fork") k = 1;
        if (i.op === Op.Call) k = forks(i.a);
        if (k > 0 && back.some(([lo, hi]) => pc >= lo && pc <= hi)) inLoop = true;
        n += k;
      });
      const r = inLoop ? Infinity : n;
      memo.set(fid, r);
      return r;
    };
    const perPath = forks(this.model.start);
    const cap = this.model.options.maxProcesses;
    // each fork may double the processes that run the rest of the code
    const total = perPath === Infinity || perPath > 4 ? cap : Math.min(cap, 2 ** perPath);
    return total + 1;
  }

  // ------------------------------------------------------------------ names

  reg(fid: number, r: number): string {
    return this.regs[fid]![r] ?? "0";
  }

  point(fid: number, pc: number): string {
    const instr = this.fns[fid]!.code[pc]!;
    const name = instr.op === Op.Syscall ? API_CALLS[instr.a]!.name : "";
    const end = name === "wait" || name === "waitpid";
    return `${end ? "end_" : ""}S_${this.fnName[fid]}_${pc}`;
  }

  retCode(label: string): number {
    let c = this.retCodes.get(label);
    if (c === undefined) {
      c = this.retCodes.size + 1;
      this.retCodes.set(label, c);
    }
    return c;
  }

  globalName(g: number): string {
    return `g_${ident(this.model.globals[g]!.name)}`;
  }

  globalOfSlot(slot: number): number {
    const gs = this.model.globals;
    for (let i = gs.length - 1; i >= 0; i--) if (gs[i]!.slot <= slot) return i;
    throw new Error("no global at slot");
  }

  actionVars(sig: number): { h: string; m: string; f: string } | null {
    const k = this.model.actionIndex[sig]!;
    if (k < 0) return null;
    const n = SIGNALS[sig - 1]!.name;
    return { h: `ah_${n}`, m: `am_${n}`, f: `af_${n}` };
  }

  // ------------------------------------------------------------------ the model

  emit(): string {
    const m = this.model;
    const body: string[] = [];
    // the code first: it registers the return codes and fork entries the declarations need
    this.fns.forEach((f, fid) => {
      body.push(`/* function ${f.synthetic ? "<start>" : f.name} */`);
      body.push(...this.functionCode(fid));
    });
    const o = this.out;
    o.push(`/* Promela translation of ${m.file} by ipcheck --emit promela.`);
    o.push("   Check with: spin -a model.pml && gcc -O0 -DSAFETY -DVECTORSZ=4096 -o pan pan.c && ./pan -E (assertions), ./pan -A (invalid end states = deadlocks). */");
    o.push(`#define NP ${this.np}`, `#define NTS ${this.nts}`, `#define HW ${Math.max(1, ...this.model.handlers.map((h) => this.saved(h).length))}`, "#define ALIVE 1", "#define ZOMBIE 2", "#define GONE 3", "");
    o.push("bit stop;               /* a run stopped at a failed assertion */");
    o.push("byte pst[NP];           /* per pid: 0 not yet, ALIVE, ZOMBIE, GONE (reaped) */");
    o.push("byte ppid[NP];", "byte pstat[NP];         /* wait status of a zombie */");
    o.push("int ppend[NP];          /* process-directed pending signals */");
    o.push("int tmask[NTS];         /* per thread slot (a process's first thread: its pid): the signal mask */");
    if (this.threads) {
      o.push("byte tpid[NTS]; byte ttid[NTS]; byte tst[NTS];   /* per thread slot: process, thread id, 0 none, 1 running, 2 ended (joinable) */");
      o.push("int tcw[NTS];           /* the condition variable a thread waits on; -1: woken */");
      o.push("byte nth[NP]; byte nexttid[NP];");
    }
    if (this.nseg > 1) {
      o.push(`#define NSEG ${this.nseg}`, `#define MAXLEN ${this.maxlen}`);
      o.push("int shm[NSEG * MAXLEN];  /* shared-memory segments 1..NSEG-1, MAXLEN slots each */");
      o.push("short seglen[NSEG]; int segkey[NSEG]; bit segposix[NSEG]; bit segrm[NSEG]; byte nextseg = 1;");
    }
    if (this.npipe > 1) {
      o.push(`#define NPIPE ${this.npipe}`, `#define PIPEBUF ${this.model.options.pipeBuf}`, `#define CAP ${this.model.options.pipeCapacity}`, ...(this.text === null ? [`#define S ${this.model.strings.length}   /* a string read from a pipe is S + its length */`] : []));
      o.push("int pbytes[NPIPE];      /* the bytes in each pipe */");
      const nd = this.fifos.length > 0 ? "ND" : "2 * NPIPE";
      if (this.fifos.length > 0) {
        o.push(`#define FD0 (2 * NPIPE)`, `#define ND (FD0 + ${this.fifoOpens})`);
        o.push("byte dpipe[ND]; byte dmode[ND]; bit dpend[ND];   /* a FIFO open's description (FD0 on): its pipe, 1 read 2 write 3 both, its opener still waits */");
        o.push(`bit fex[${this.fifos.length + 1}]; byte fpipe[${this.fifos.length + 1}];   /* per FIFO path: it exists; its pipe while open */`);
      }
      o.push(`byte dref[${nd}];   /* per description (pipe n: 2n - 1 its read end, 2n its write end): the descriptors naming it */`);
      o.push(`bit dnb[${nd}];     /* O_NONBLOCK */`, "byte nextpipe = 1;");
      o.push(...pipeMacros(this));
    }
    if (this.text !== null) o.push(...textDeclarations(this.model, this.text, this.npipe > 1));
    if (this.nfd > 0) o.push(`#define NFD ${this.nfd}`, `${this.sockets !== null ? "short" : "byte"} fdt[NP * NFD];      /* per process and descriptor: 0 closed, 255 a standard stream, 100 + n shared-memory segment n${this.sockets !== null ? ", SOCKFD + n socket n" : ""} */`);
    if (this.sockets !== null) o.push(...socketDeclarations(this, this.sockets));
    if (this.queues !== null) o.push(...queueDeclarations(this.queues));
    if (this.semNames.length > 0) o.push(`bit nsx[${this.semNames.length + 1}];   /* a named semaphore exists */`);
    if (this.nh > 1) o.push(`#define NH ${this.nh}`, "int sy[NP * NH];        /* per process and handle: a mutex's owner (thread id, 0 free, -1 gone), a semaphore's value */", "byte nexth[NP];");
    o.push("byte nextpid = 2;");
    if (this.usesCall("alarm")) o.push("int alrm[NP];           /* armed alarm, seconds */");
    for (const sig of this.tracked) {
      const v = this.actionVars(sig)!;
      o.push(`byte ${v.h}[NP]; int ${v.m}[NP]; byte ${v.f}[NP];   /* ${signalName(sig)}: 0 SIG_DFL, 1 SIG_IGN, else handler id + 2; mask; flags */`);
    }
    for (const g of m.globals) {
      if (!g.relevant) continue;
      o.push(`int ${this.globalName(g.id)}[${g.isArray ? `NP * ${g.length}` : "NP"}];   /* ${g.name} */`);
    }
    for (const e of m.options.envSignals) o.push(`byte env_${signalName(e)};   /* times the environment sent it */`);
    o.push("");
    o.push(...this.macros());
    o.push("", "proctype Halt() { bit h; do :: h = 1; h = 0 od }", "");
    o.push(...this.threadProctype(body));
    o.push(...this.envProctypes());
    if (this.sockets !== null) o.push(...networkProctype(this.sockets));
    o.push(...this.initProcess());
    return `${o.join("\n")}\n`;
  }

  macros(): string[] {
    const o: string[] = [];
    const slots = (f: (q: number) => string, join: string) => {
      const xs: string[] = [];
      for (let q = 2; q < this.np; q++) xs.push(f(q));
      return xs.length ? xs.join(join) : "false";
    };
    o.push(`#define HASCHILD(p) (${slots((q) => `(ppid[${q}] == p && (pst[${q}] == ALIVE || pst[${q}] == ZOMBIE))`, " || ")})`);
    o.push(`#define HASZOMBIE(p) (${slots((q) => `(ppid[${q}] == p && pst[${q}] == ZOMBIE)`, " || ")})`);
    o.push("#define ISCHILD(w) (w < NP && ppid[w] == me && (pst[w] == ALIVE || pst[w] == ZOMBIE))");
    o.push("#define ISZOMBIE(w) (w < NP && ppid[w] == me && pst[w] == ZOMBIE)");
    o.push("#define FAIL atomic { assert(false); run Halt(); stop = 1 }");
    o.push("#define STOPRUN atomic { run Halt(); stop = 1 }");
    o.push(
      boundStop("SLOTS", "process slots (NP) are full"),
      boundStop("THREADSFULL", "thread slots (NTS) are full"),
      boundStop("FIFOSFULL", "FIFO descriptions (ND - FD0) are full"),
      boundStop("FDSFULL", "descriptor table (NFD) is full"),
      boundStop("SEGSFULL", "shared-memory segments (NSEG) are full"),
      boundStop("QUEUESFULL", "message queues (NQ) are full"),
      boundStop("PIPESFULL", "pipe slots (NPIPE) are full"),
      boundStop("HANDLESFULL", "synchronization objects (NH) are full"),
    );
    for (const sig of this.pendable) {
      o.push("", `inline send_${signalName(sig)}(q) {`);
      o.push("  if", "  :: pst[q] != ALIVE -> skip");
      o.push(`  :: pst[q] == ALIVE && ${this.ignoredIn("q", sig)} && !${this.blockedAll("q", sigbit(sig))} -> skip   /* discarded */`);
      o.push(`  :: else -> ppend[q] = ppend[q] | ${sigbit(sig)}   /* already pending: lost */`);
      o.push("  fi", "}");
    }
    if (this.text !== null) o.push(...textInlines(this.npipe > 1));
    if (this.sockets !== null) o.push(...socketInlines(this, this.sockets));
    if (this.closesDescriptions()) {
      // close(2): the last descriptor of a pipe's end closes it; with both ends closed the pipe and its data go
      o.push(...closeInline(this));
    }
    o.push("", "inline exitproc(st) {", "  d_step {");
    o.push("  pstat[me] = st; ppend[me] = 0; tmask[me] = 0;");
    if (this.usesCall("alarm")) o.push("  alrm[me] = 0;");
    for (const sig of this.tracked) {
      const v = this.actionVars(sig)!;
      o.push(`  ${v.h}[me] = 0; ${v.m}[me] = 0; ${v.f}[me] = 0;`);
    }
    for (const g of this.model.globals) {
      if (!g.relevant) continue;
      for (let i = 0; i < g.length; i++) o.push(`  ${this.globalName(g.id)}[${g.isArray ? `me * ${g.length} + ${i}` : "me"}] = 0;`);
    }
    if (this.fifos.length > 0) o.push("  abandonopen();");
    // with sockets, one closefd in a loop: the release of a socket is long, and exitproc is expanded at every end
    if (this.sockets !== null) o.push("  sfd = 0; do :: sfd < NFD -> closefd(me * NFD + sfd); sfd++ :: else -> break od; sfd = 0;");
    else for (let k = 0; k < this.nfd; k++) o.push(this.closesDescriptions() ? `  closefd(me * NFD + ${k});` : `  fdt[me * NFD + ${k}] = 0;`);
    if (this.nh > 1) {
      for (let h = 1; h < this.nh; h++) o.push(`  sy[me * NH + ${h}] = 0;`);
      o.push("  nexth[me] = 0;");
    }
    if (this.threads) {
      o.push("  tst[me] = 0; tpid[me] = 0; ttid[me] = 0; tcw[me] = 0; nth[me] = 0; nexttid[me] = 0;");
      for (let t = this.np; t < this.nts; t++) o.push(`  if :: tpid[${t}] == me -> tst[${t}] = 0; tpid[${t}] = 0; ttid[${t}] = 0; tmask[${t}] = 0; tcw[${t}] = 0 :: else fi;`);
    }
    for (let q = 2; q < this.np; q++) {
      o.push(`  if :: ppid[${q}] == me -> ppid[${q}] = 0; if :: pst[${q}] == ZOMBIE -> pst[${q}] = GONE; pstat[${q}] = 0 :: else fi :: else fi;`);
    }
    // the process's own state changes last: its other threads end when they see it
    o.push("  if");
    o.push(`  :: ppid[me] != 0 && pst[ppid[me]] == ALIVE -> ${this.pendable.includes(SIGCHLD) ? "send_SIGCHLD(ppid[me]); " : ""}pst[me] = ZOMBIE`);
    o.push("  :: else -> pst[me] = GONE; pstat[me] = 0", "  fi", "  }", "}");
    for (const sig of this.pendable) if (this.inlinedDelivery(sig)) o.push(...this.deliveryInline(sig));
    o.push("", "inline reapany() {");
    let chain = "q = 0";
    for (let q = this.np - 1; q >= 2; q--) chain = `if :: ppid[${q}] == me && pst[${q}] == ZOMBIE -> q = ${q} :: else -> ${chain} fi`;
    o.push(`  ${chain}`, "}");
    o.push("", "inline reap() {", "  wst = pstat[q]; pst[q] = GONE; pstat[q] = 0; ppid[q] = 0", "}");
    return o;
  }

  /** Whether every thread of process q blocks the signal of this bit (it then stays pending). */
  blockedAll(q: string, bit: number): string {
    if (!this.threads) return `((tmask[${q}] & ${bit}) != 0)`;
    const xs = [`(tst[${q}] != 1 || (tmask[${q}] & ${bit}) != 0)`];
    for (let t = this.np; t < this.nts; t++) xs.push(`(tpid[${t}] != ${q} || tst[${t}] != 1 || (tmask[${t}] & ${bit}) != 0)`);
    return `(${xs.join(" && ")})`;
  }

  /** Whether process q's disposition discards sig (SIG_IGN, or SIG_DFL of a signal ignored by default). */
  ignoredIn(q: string, sig: number): string {
    const d = defaultAction(sig);
    const dflIgnores = d === DefaultAction.Ignore || d === DefaultAction.Continue;
    const v = this.actionVars(sig);
    if (v === null) return dflIgnores ? "true" : "false";
    return dflIgnores ? `(${v.h}[${q}] <= 1)` : `(${v.h}[${q}] == 1)`;
  }

  threadLocals(): { decl: string[]; params: string[] } {
    const params = ["err", "wst"];
    this.fns.forEach((_, fid) => {
      for (const r of this.regs[fid]!) if (r !== null) params.push(r);
    });
    this.fns.forEach((_, fid) => {
      if (this.an.callers[fid]!.length > 1) params.push(`ret_${this.fnName[fid]}`);
    });
    return { decl: params, params };
  }

  /** The registers (and return points) a frame of handler h saves: those of the functions h may run. */
  saved(h: number): string[] {
    const out: string[] = [];
    for (const f of this.an.saves[h]!) {
      for (const r of this.regs[f]!) if (r !== null) out.push(r);
      if (this.an.callers[f]!.length > 1) out.push(`ret_${this.fnName[f]}`);
    }
    return out;
  }

  handlerDepth(): number {
    const handled = this.tracked.filter((s) => this.pendable.includes(s));
    return Math.max(1, handled.length);
  }

  threadProctype(body: string[]): string[] {
    const o: string[] = [];
    const { params } = this.threadLocals();
    const decl = params.map((p) => `int ${p}`).join("; ");
    o.push(`proctype T(byte me; byte ts; byte entry; ${decl}) provided (!stop) {`);
    const D = this.handlerDepth();
    o.push(`  int rv; byte q; int tsaved; byte hsp; byte hret[${D}]; int hmask[${D}];${this.threadDirected ? " int tpend;" : ""}`);
    if (this.text !== null) o.push(`  ${TEXT_LOCALS}`);
    if (this.sockets !== null) o.push(`  ${SOCKET_LOCALS}`);
    if (this.npipe > 1 || this.queues !== null || this.sockets !== null) o.push("  int tprog; int tk; byte q2;   /* bytes a write has moved so far (pipe(7): more than PIPE_BUF go in steps) */");
    if (this.fifos.length > 0) o.push("  byte topen;   /* the description of a FIFO open that waits for its other side */");
    const hw = Math.max(0, ...this.model.handlers.map((h) => this.saved(h).length));
    if (hw > 0) o.push(`  int hsave[${D} * HW];   /* per handler frame: the registers of the code it may run, restored on return */`);
    // a process ends with all its threads (LANGUAGE.md §3 exit): each thread leaves when it sees it
    if (this.threads) o.push("  {");
    o.push("  if", "  :: entry == 0 -> goto E_start");
    this.forkEntries.forEach((label, i) => o.push(`  :: entry == ${i + 1} -> goto ${label}`));
    o.push("  fi;");
    for (const line of body) o.push(`${line}`);
    if (this.retCodes.size > 0) {
      o.push("HRET:", "  atomic { if");
      for (const [label, code] of [...this.retCodes].sort((a, b) => a[1] - b[1])) o.push(`  :: rv == ${code} -> rv = 0; goto ${label}`);
      o.push("  fi }");
    }
    if (this.threads) o.push("  } unless { pst[me] != ALIVE };");
    // an ended thread stays, at an end state, rather than ending its proctype: SPIN removes a
    // proctype only after every younger one, so each order of those removals would be another state
    o.push("END: end_ended:", "  false");
    o.push("}", "");
    return o;
  }

  envProctypes(): string[] {
    const o: string[] = [];
    const m = this.model;
    const L = m.options.envSignalLimit;
    if (m.options.envSignals.length > 0) {
      o.push("active proctype env() provided (!stop) {", "end:", "  do");
      for (const e of m.options.envSignals) {
        const name = signalName(e);
        const v = this.actionVars(e);
        for (let q = 1; q < this.np; q++) {
          const handler = m.options.envSignalsListed ? "" : v === null ? " && false" : ` && ${v.h}[${q}] >= 2`;
          o.push(`  :: atomic { env_${name} < ${L} && pst[${q}] == ALIVE && (ppend[${q}] & ${sigbit(e)}) == 0${handler} -> env_${name}++; send_${name}(${q}) }`);
        }
      }
      o.push("  od", "}", "");
    }
    if (this.usesCall("alarm")) {
      o.push("active proctype timers() provided (!stop) {", "end:", "  do");
      for (let q = 1; q < this.np; q++) o.push(`  :: atomic { alrm[${q}] > 0 -> alrm[${q}] = 0; send_SIGALRM(${q}) }`);
      o.push("  od", "}", "");
    }
    return o;
  }

  initProcess(): string[] {
    const m = this.model;
    const o = ["init {", "  atomic {", "    pst[1] = ALIVE;"];
    for (const g of m.globals) {
      if (!g.relevant) continue;
      for (let i = 0; i < g.length; i++) {
        const v = m.globalInit[g.slot + i]!;
        if (v !== 0) o.push(`    ${this.globalName(g.id)}[${g.isArray ? `1 * ${g.length} + ${i}` : "1"}] = ${v};`);
      }
    }
    const { params } = this.threadLocals();
    if (this.threads) o.push("    tpid[1] = 1; ttid[1] = 1; tst[1] = 1; nth[1] = 1; nexttid[1] = 2;");
    if (this.nfd > 0) o.push("    fdt[1 * NFD + 0] = 255; fdt[1 * NFD + 1] = 255; fdt[1 * NFD + 2] = 255;");
    if (this.text !== null) o.push(...textInit(this.model, this.text));
    o.push(`    run T(1, 1, 0${params.map(() => ", 0").join("")})`, "  }", "}");
    return o;
  }

  // ------------------------------------------------------------------ code

  functionCode(fid: number): string[] {
    const f = this.fns[fid]!;
    const o: string[] = [];
    const name = this.fnName[fid]!;
    const points = this.an.points[fid]!;
    // the entry: local work up to the first step
    o.push(`E_${name}:`);
    o.push(...this.block(fid, [], 0));
    for (const pc of [...points].sort((a, b) => a - b)) o.push(...this.stepPoint(fid, pc));
    // resume points after calls
    f.code.forEach((i, pc) => {
      if (i.op !== Op.Call) return;
      o.push(`R_${name}_${pc}:`);
      const keep = i.dst >= 0 && i.keep && this.regs[fid]![i.dst] !== null;
      o.push(...this.block(fid, keep ? [`${this.reg(fid, i.dst)} = rv`, "rv = 0"] : ["rv = 0"], pc + 1));
    });
    return o;
  }

  /** `atomic { prefix; local work from pc }`, ending in a goto to the next point. */
  block(fid: number, prefix: string[], pc: number, guard: string | null = null): string[] {
    const stmts = [...prefix, ...this.localWork(fid, pc)];
    const first = guard === null ? "" : `${guard} -> `;
    return [`  atomic { ${first}${stmts.join(";\n    ")} }`];
  }

  /** Statements for the local work from pc to the next points (internal labels for forward jumps). */
  localWork(fid: number, start: number, fromPoint = false): string[] {
    const f = this.fns[fid]!;
    const points = this.an.points[fid]!;
    const id = this.blockId++;
    const reach = new Set<number>();
    const exits = (pc: number): boolean => points.has(pc);
    const todo = [start];
    while (todo.length > 0) {
      const pc = todo.pop()!;
      if (reach.has(pc) || (exits(pc) && !(fromPoint && pc === start)) || pc >= f.code.length) continue;
      const i = f.code[pc]!;
      reach.add(pc);
      switch (i.op) {
        case Op.Jump:
          if (i.b !== 1) todo.push(i.a);
          break;
        case Op.Branch:
          if (i.d !== 1) todo.push(i.b);
          todo.push(pc + 1);
          break;
        case Op.Call:
        case Op.Return:
          break;
        default:
          todo.push(pc + 1);
      }
    }
    const label = (pc: number) => `b${id}_${pc}`;
    const goTo = (pc: number): string => (reach.has(pc) ? `goto ${label(pc)}` : this.gotoPoint(fid, pc));
    const order = [...reach].sort((a, b) => a - b);
    if (order.length === 0 || order[0] !== start) return [goTo(start)];
    // internal labels only where a forward jump of this block lands (never on its first statement)
    const landed = new Set<number>();
    for (const pc of order) {
      const i = f.code[pc]!;
      if (i.op === Op.Jump && i.b !== 1) landed.add(i.a);
      if (i.op === Op.Branch) {
        if (i.d !== 1) landed.add(i.b);
        landed.add(pc + 1);
      }
    }
    order.forEach((pc, k) => {
      const prev = order[k - 1];
      const i0 = prev === undefined ? null : f.code[prev]!;
      if (prev !== undefined && prev + 1 !== pc && !(i0!.op === Op.Jump || i0!.op === Op.Branch || i0!.op === Op.Call || i0!.op === Op.Return)) landed.add(pc);
    });
    landed.delete(start);
    const out: string[] = [];
    order.forEach((pc, k) => {
      const i = f.code[pc]!;
      const lines = this.localInstr(fid, pc, i, goTo);
      // local work whose value is dropped leaves nothing to do (a label keeps its statement)
      if (!(lines.length === 1 && lines[0] === "skip" && !landed.has(pc))) out.push(`${landed.has(pc) ? `${label(pc)}: ` : ""}${lines[0]!}`, ...lines.slice(1));
      const falls = i.op !== Op.Jump && i.op !== Op.Branch && i.op !== Op.Call && i.op !== Op.Return;
      if (falls && order[k + 1] !== pc + 1) out.push(goTo(pc + 1));
    });
    return out;
  }

  /** A goto to a point, clearing the registers dead there (as ipcheck does, for fewer states). */
  gotoPoint(fid: number, pc: number): string {
    const f = this.fns[fid]!;
    const dead = (f.deadAt[pc] ?? []).map((r) => this.regs[fid]![r]).filter((r): r is string => r !== null);
    return [...dead.map((r) => `${r} = 0`), `goto ${this.point(fid, pc)}`].join("; ");
  }

  localInstr(fid: number, pc: number, i: Instr, goTo: (pc: number) => string): string[] {
    const R = (r: number) => this.reg(fid, r);
    const set = (v: string): string[] => (i.dst >= 0 && i.keep && this.regs[fid]![i.dst] !== null ? [`${R(i.dst)} = ${v}`] : ["skip"]);
    switch (i.op) {
      case Op.Const:
        return set(String(i.a));
      case Op.Move:
        return set(R(i.a));
      case Op.Binary:
        return this.binary(fid, i, set);
      case Op.Unary:
        return set(i.c === 0 ? `-${R(i.a)}` : i.c === 1 ? `(${R(i.a)} == 0 -> 1 : 0)` : `~${R(i.a)}`);
      case Op.Truthy:
        return set(truthy(i.c, R(i.a)));
      case Op.Concat:
        if (this.text === null || set("").length === 1 && set("")[0] === "skip") return set("0");
        return [`sbappend(${R(i.a)}); sbappend(${R(i.b)}); intern(rv); ${set("rv").join("; ")}; rv = 0`];
      case Op.ToString:
        if (this.text === null || set("").length === 1 && set("")[0] === "skip") return set("0");
        if (i.c === ValueKind.Str) return set(R(i.a));
        return [`sbdigits(${R(i.a)}); intern(rv); ${set("rv").join("; ")}; rv = 0`];
      case Op.ToNumber: {
        const table = this.stringTable(R(i.a), (s) => {
          const n = Number(s.trim());
          return Number.isFinite(n) ? Math.trunc(n) | 0 : 0;
        });
        if (this.text === null || set("").length === 1 && set("")[0] === "skip") return set(table);
        // a text the run made: its digits (text.ts sbnumber)
        return [`if :: ${R(i.a)} < ${this.model.strings.length} -> rv = ${table} :: else -> sbnumber(${R(i.a)}, rv) fi; ${set("rv").join("; ")}; rv = 0`];
      }
      case Op.StrLen:
        return set(this.strlen(R(i.a)));
      case Op.TupleGet: {
        // pipe()'s and socketpair()'s [fd, fd] are (a << 8) | b; recvfrom()'s [data, from] RECVFROM_TUPLE | data << 16 | (from + 1)
        const r = R(i.a);
        const pair = i.b === 0 ? `(${r} >> 8)` : `(${r} & 255)`;
        if (!this.usesCall("recvfrom")) return set(`(${r} < 0 -> 0 : ${pair})`);
        const got = i.b === 0 ? `((${r} >> 16) & 16383)` : `((${r} & 65535) - 1)`;
        return set(`(${r} < 0 -> 0 : ((${r} & ${RECVFROM_TUPLE}) != 0 -> ${got} : ${pair}))`);
      }
      case Op.Jump:
        return [i.b === 1 ? this.gotoPoint(fid, i.a) : goTo(i.a)];
      case Op.Branch: {
        const cond = i.c === 1 ? `${R(i.a)} != 0` : `${R(i.a)} == 0`;
        const taken = i.d === 1 ? this.gotoPoint(fid, i.b) : goTo(i.b);
        return [`if :: ${cond} -> ${taken} :: else -> ${goTo(pc + 1)} fi`];
      }
      case Op.LoadGlobal:
        return set(this.globalRef(i.a, null));
      case Op.LoadGlobalElem:
        return this.bounded(R(i.b), i.c, set(this.globalRef(i.a, R(i.b))));
      case Op.LoadLocalElem:
      case Op.StoreLocalElem: {
        const branches: string[] = [];
        for (let k = 0; k < i.c; k++) {
          const cell = this.regs[fid]![i.a + k];
          const effect = i.op === Op.LoadLocalElem ? set(cell ?? "0").join("; ") : cell ? `${cell} = ${R(i.d)}` : "skip";
          branches.push(`:: ${R(i.b)} == ${k} -> ${effect}`);
        }
        return [`if ${branches.join(" ")} :: else -> FAIL fi`];
      }
      case Op.Call: {
        const stmts: string[] = [];
        i.args.forEach((a, k) => {
          const p = this.regs[i.a]![k];
          if (p) stmts.push(`${p} = ${R(a)}`);
        });
        for (const r of deadAcrossCall(this.fns[fid]!, pc)) {
          const n = this.regs[fid]![r];
          if (n && !i.args.includes(r)) stmts.push(`${n} = 0`);
        }
        if (this.an.callers[i.a]!.length > 1) stmts.push(`ret_${this.fnName[i.a]} = ${this.an.callers[i.a]!.findIndex((s) => s.fn === fid && s.pc === pc) + 1}`);
        stmts.push(`goto E_${this.fnName[i.a]}`);
        return [stmts.join("; ")];
      }
      case Op.Return: {
        const sites = this.an.callers[fid]!;
        const value = i.a >= 0 ? R(i.a) : "0";
        const stmts = value === "0" ? [] : [`rv = ${value}`];
        if (sites.length === 1) stmts.push(`goto R_${this.fnName[sites[0]!.fn]}_${sites[0]!.pc}`);
        else {
          const rn = `ret_${this.fnName[fid]}`;
          const bs = sites.map((s, k) => `:: ${rn} == ${k + 1} -> ${rn} = 0; goto R_${this.fnName[s.fn]}_${s.pc}`);
          stmts.push(`if ${bs.join(" ")} fi`);
        }
        return [stmts.join("; ")];
      }
      case Op.Syscall:
        return set(this.pure(fid, i));
      default:
        throw new Refusal(`instruction ${i.op} in local work`, i);
    }
  }

  binary(fid: number, i: Instr, set: (v: string) => string[]): string[] {
    const x = this.reg(fid, i.a);
    const y = this.reg(fid, i.b);
    const ops = ["+", "-", "*", "/", "%", "<<", ">>", ">>>", "&", "|", "^", "==", "!=", "<", "<=", ">", ">="];
    const op = ops[i.c]!;
    if (i.c === 3 || i.c === 4) {
      // LANGUAGE.md §1: / or % by zero raises SIGFPE, whose default action terminates the process
      const effect = set(`${x} ${op} ${y}`).join("; ");
      return [`if :: ${y} == 0 -> exitproc(${128 + SIGFPE}); goto END :: else -> ${effect} fi`];
    }
    if (i.c === 5 || i.c === 6) return set(`(${x} ${op} (${y} & 31))`);
    if (i.c >= 11) return set(`(${x} ${op} ${y} -> 1 : 0)`);
    return set(`(${x} ${op} ${y})`);
  }

  /** A value computed from a constant string (a string register holds a constant's id). */
  stringTable(r: string, f: (s: string) => number): string {
    let e = "0";
    const strs = this.model.strings;
    for (let k = strs.length - 1; k >= 0; k--) {
      const v = f(strs[k]!);
      if (v !== 0) e = `(${r} == ${k} -> ${v} : ${e})`;
    }
    return e;
  }

  bounded(index: string, length: number, effect: string[]): string[] {
    return [`if :: ${index} < 0 || ${index} >= ${length} -> FAIL :: else -> ${effect.join("; ")} fi`];
  }

  globalRef(slot: number, index: string | null): string {
    const g = this.model.globals[this.globalOfSlot(slot)]!;
    if (!g.relevant) return "0";
    const off = slot - g.slot;
    if (!g.isArray) return `${this.globalName(g.id)}[me]`;
    return `${this.globalName(g.id)}[me * ${g.length} + ${index === null ? off : off === 0 ? index : `${off} + ${index}`}]`;
  }

  pure(fid: number, i: Instr): string {
    const A = (k: number) => this.reg(fid, i.args[k]!);
    const valid = (s: string) => `(${s} >= 1 && ${s} <= 31)`;
    switch (API_CALLS[i.a]!.name) {
      case "getpid": return "me";
      case "sigemptyset": return "0";
      case "sigfillset": return "2147483647";
      case "sigaddset": return `(${valid(A(1))} -> (${A(0)} | (1 << (${A(1)} - 1))) : ${A(0)})`;
      case "sigdelset": return `(${valid(A(1))} -> (${A(0)} & ~(1 << (${A(1)} - 1))) : ${A(0)})`;
      case "sigismember": return `((${valid(A(1))} && (${A(0)} & (1 << (${A(1)} - 1))) != 0) -> 1 : 0)`;
      default: throw new Refusal(`${API_CALLS[i.a]!.name}() as local work`, i);
    }
  }

  // ------------------------------------------------------------------ step points

  /** The signals a thread may have delivered at a step point: the pendable ones. */
  deliverable(sig: number): string {
    const b = sigbit(sig);
    const pend = this.threadDirected ? "(ppend[me] | tpend)" : "ppend[me]";
    return `(${pend} & ${b}) != 0 && (tmask[ts] & ${b}) == 0`;
  }

  /**
   * The delivery of sig (LANGUAGE.md §3 "Delivery"): the statements after its guard. `resume` is the
   * handler frame's return label, `intr` the one when the handler interrupts a blocked call (EINTR),
   * under `intrCond`; `ignored` what follows when nothing runs (a goto, or "" to fall through).
   */
  delivery(sig: number, resume: string, ignored: string, intr: Interruption | null, onHandler: string[] = [], inline = false): string[] {
    const b = sigbit(sig);
    const o: string[] = [];
    // the common case is the inline deliver_SIG(return code); what follows it is the ignored case
    if (!inline && intr === null && onHandler.length === 0 && this.inlinedDelivery(sig)) {
      return [`deliver_${signalName(sig)}(${this.retCode(resume)})`, ...(ignored ? [ignored] : [])];
    }
    if (this.threadDirected) o.push(`if :: (tpend & ${b}) != 0 -> tpend = tpend & ~${b} :: else -> ppend[me] = ppend[me] & ~${b} fi`);
    else o.push(`ppend[me] = ppend[me] & ~${b}`);
    const v = this.actionVars(sig);
    const dfl = this.defaultDelivery(sig, ignored);
    if (v === null) {
      o.push(...dfl);
      return o;
    }
    const branches: string[] = [];
    for (const h of this.model.handlers) {
      const push: string[] = [...onHandler];
      const code = (label: string) => this.retCode(label);
      if (inline) push.push("hret[hsp] = code");
      else if (intr === null) push.push(`hret[hsp] = ${code(resume)}`);
      else {
        const may = `(${intr.cond} && (${v.f}[me] & ${F_RESTART}) == 0)${intr.always ? ` || ${intr.always}` : ""}`;
        const choose = `if :: ${may} -> if :: hret[hsp] = ${code(intr.label)} :: hret[hsp] = ${code(resume)} fi :: else -> hret[hsp] = ${code(resume)} fi`;
        const force = intr.force?.replace("$F", `${v.f}[me]`);
        push.push(force ? `if :: ${force} -> hret[hsp] = ${code(intr.label)} :: else -> ${choose} fi` : choose);
      }
      push.push("hmask[hsp] = tmask[ts]", ...this.saved(h).map((r, j) => `hsave[hsp * HW + ${j}] = ${r}`), "hsp++");
      push.push(`tmask[ts] = (tmask[ts] | ${v.m}[me] | ${b}) & ${MASK_OK}`);
      push.push(`if :: (${v.f}[me] & ${F_RESETHAND}) != 0 -> ${v.h}[me] = 0; ${v.m}[me] = 0; ${v.f}[me] = 0 :: else fi`);
      const p0 = this.fns[h]!.params > 0 ? this.regs[h]![0] : null;
      if (p0) push.push(`${p0} = ${sig}`);
      push.push(`goto E_${this.fnName[h]}`);
      branches.push(`:: ${v.h}[me] == ${h + 2} -> ${push.join("; ")}`);
    }
    branches.push(`:: ${v.h}[me] == 1 -> ${ignored || "skip"}`);
    branches.push(`:: ${v.h}[me] == 0 -> ${dfl.join("; ")}`);
    o.push(`if ${branches.join("\n      ")} fi`);
    return o;
  }

  defaultDelivery(sig: number, ignored: string): string[] {
    const d = defaultAction(sig);
    if (d === DefaultAction.Terminate) return [`exitproc(${128 + sig})`, "goto END"];
    return [ignored || "skip"];
  }

  /** Whether deliveries of sig go through the inline deliver_SIG: a tracked signal, handlers to run. */
  inlinedDelivery(sig: number): boolean {
    return this.actionVars(sig) !== null && this.model.handlers.length > 0;
  }

  /** The inline deliver_SIG(code): take the signal and run its disposition; it falls through when ignored. */
  deliveryInline(sig: number): string[] {
    return ["", `inline deliver_${signalName(sig)}(code) {`, ...this.delivery(sig, "", "", null, [], true).map((l) => `  ${l}`), "}"];
  }

  /** Delivery branches of a step point (one per pendable signal); `pre` runs when a handler is entered. */
  deliveryBranches(self: string, resume: string, intr: Interruption | null, pre: string[] = []): string[] {
    return this.pendable.map((sig) => `  :: atomic { ${this.deliverable(sig)} -> ${this.delivery(sig, resume, `goto ${self}`, intr, pre).join(";\n      ")} }`);
  }

  /** raise, sigprocmask, sigsuspend, kill of oneself: the lowest deliverable signal is delivered now. */
  deliverNow(resume: string): string {
    let chain = "skip";
    for (let k = this.pendable.length - 1; k >= 0; k--) {
      const sig = this.pendable[k]!;
      chain = `if :: ${this.deliverable(sig)} -> ${this.delivery(sig, resume, "", null).join("; ")} :: else -> ${chain} fi`;
    }
    return chain;
  }

  stepPoint(fid: number, pc: number): string[] {
    const f = this.fns[fid]!;
    const i = f.code[pc]!;
    const self = this.point(fid, pc);
    const name = this.fnName[fid]!;
    const after = `A_${name}_${pc}`;
    const o: string[] = [`${self}:`];
    const visible = i.visible || (i.op === Op.Return && (this.an.isHandler[fid]! || this.an.isThread[fid]!));
    const step = visible ? this.stepEffect(fid, pc, i) : { guard: null, stmts: [] as string[], cont: true, extra: [] as string[], intrCond: null as string | null };
    const body = step.cont ? [...step.stmts, ...(visible ? this.localWork(fid, pc + 1) : this.localWork(fid, pc, true))] : step.stmts;
    // a loop head with nothing to do but loop again: one turn is a step that changes nothing
    const selfLoop = body.length === 1 && body[0] === `goto ${self}` && this.pendable.length === 0;
    const text = `atomic { ${step.guard === null ? "" : `${step.guard} -> `}${selfLoop ? "skip;\n    " : ""}${body.join(";\n    ")} }`;
    const intr = step.intrCond === null ? null : { label: `X_${name}_${pc}`, cond: step.intrCond, force: step.intrForce, always: step.intrAlways };
    // LANGUAGE.md §4: a blocked call that an environment signal would end waits for the user: an end label while it holds
    const idle = step.userIdle && step.guard !== null ? this.userWait() : null;
    if (this.pendable.length === 0) o.push(`  ${text}`);
    else if (idle === null) o.push("  if", `  :: ${text}`, ...this.deliveryBranches(self, self, intr), "  fi");
    else {
      o.push("  if", `  :: ${text}`, `  :: atomic { !(${step.guard}) && (${idle}) -> goto end_${self} }`, ...this.deliveryBranches(self, self, intr), "  fi");
      // back to the call when it may complete, the wait is no longer idle, or a signal is to be delivered there
      const deliverable = this.pendable.map((sig) => `(${this.deliverable(sig)})`).join(" || ");
      o.push(`end_${self}:`, `  atomic { (${step.guard}) || !(${idle}) || ${deliverable} -> goto ${self} }`);
    }
    if (selfLoop) o.splice(1, o.length - 1, `  atomic { skip; goto ${self}_b }`, `${self}_b:`, `  atomic { skip; goto ${self} }`);
    o.push(...step.extra);
    if (this.needsAfter.has(`${fid}:${pc}`)) {
      o.push(`${after}:`, ...this.block(fid, [], pc + 1));
    }
    if (intr !== null && this.retCodes.has(intr.label)) {
      o.push(`${intr.label}:`, ...this.block(fid, step.intrStmts ?? [...this.setDst(fid, i, "-1"), `err = ${EINTR}`], pc + 1));
    }
    return o;
  }

  readonly needsAfter = new Set<string>();

  /**
   * Whether the thread, blocked in a call, waits for the user (LANGUAGE.md §4): an environment signal it
   * does not block would end the wait, its limit aside: its default action kills (when listed), or
   * its handler may exit, or the handler has no SA_RESTART. null when the environment sends nothing.
   */
  userWait(): string | null {
    const listed = this.model.options.envSignalsListed;
    const terms: string[] = [];
    for (const e of this.model.options.envSignals) {
      const b = sigbit(e);
      const kills = listed && defaultAction(e) === DefaultAction.Terminate;
      const v = this.actionVars(e);
      const parts: string[] = [];
      if (v === null) {
        if (kills) parts.push("true");
      } else {
        if (kills) parts.push(`${v.h}[me] == 0`);
        this.model.handlers.forEach((h) => {
          if (this.fns[h]!.mayExit) parts.push(`${v.h}[me] == ${h + 2}`);
        });
        parts.push(`(${v.h}[me] >= 2 && (${v.f}[me] & ${F_RESTART}) == 0)`);
      }
      if (parts.length > 0) terms.push(`((tmask[ts] & ${b}) == 0 && (${parts.join(" || ")}))`);
    }
    return terms.length > 0 ? terms.join(" || ") : null;
  }

  afterLabel(fid: number, pc: number): string {
    this.needsAfter.add(`${fid}:${pc}`);
    return `A_${this.fnName[fid]}_${pc}`;
  }

  setDst(fid: number, i: Instr, v: string): string[] {
    return i.dst >= 0 && i.keep && this.regs[fid]![i.dst] !== null ? [`${this.reg(fid, i.dst)} = ${v}`] : [];
  }

  stepEffect(fid: number, pc: number, i: Instr): Step {
    const R = (r: number) => this.reg(fid, r);
    const res = (stmts: string[], guard: string | null = null) => ({ guard, stmts, cont: true, extra: [] as string[], intrCond: null as string | null });
    switch (i.op) {
      case Op.LoadGlobal:
        return res(this.setDst(fid, i, this.globalRef(i.a, null)).concat(["skip"]).slice(0, 1));
      case Op.StoreGlobal: {
        const g = this.model.globals[this.globalOfSlot(i.a)]!;
        return res([g.relevant && i.keep ? `${this.globalRef(i.a, null)} = ${R(i.b)}` : "skip"]);
      }
      case Op.LoadGlobalElem:
        return res(this.bounded(R(i.b), i.c, this.setDst(fid, i, this.globalRef(i.a, R(i.b))).concat(["skip"]).slice(0, 1)));
      case Op.StoreGlobalElem: {
        const g = this.model.globals[this.globalOfSlot(i.a)]!;
        return res(this.bounded(R(i.b), i.c, [g.relevant && i.keep ? `${this.globalRef(i.a, R(i.b))} = ${R(i.d)}` : "skip"]));
      }
      case Op.Return: {
        if (this.an.isThread[fid]) return { guard: null, stmts: this.threadEnds(), cont: false, extra: [], intrCond: null };
        // the handler returns: its frame's mask comes back, and the interrupted code resumes
        const restore = this.saved(fid).flatMap((r, j) => [`${r} = hsave[hsp * HW + ${j}]`, `hsave[hsp * HW + ${j}] = 0`]);
        const s = ["hsp--", "tmask[ts] = hmask[hsp]", "rv = hret[hsp]", "hret[hsp] = 0", "hmask[hsp] = 0", ...restore, "goto HRET"];
        return { guard: null, stmts: s, cont: false, extra: [], intrCond: null };
      }
      case Op.LoadShared:
        return res([`if :: ${sharedValid(this, R(i.a), R(i.b))} -> ${this.setDst(fid, i, sharedCell(this, R(i.a), R(i.b))).join("; ") || "skip"} :: else -> FAIL fi`]);
      case Op.StoreShared:
        return res([`if :: ${sharedValid(this, R(i.a), R(i.b))} -> ${sharedCell(this, R(i.a), R(i.b))} = ${R(i.d)} :: else -> FAIL fi`]);
      case Op.Syscall:
        return this.syscall(fid, pc, i);
      default:
        throw new Refusal(`visible instruction ${i.op}`, i);
    }
  }

  syscall(fid: number, pc: number, i: Instr): Step {
    const R = (r: number) => this.reg(fid, r);
    const A = (k: number) => R(i.args[k]!);
    const dst = (v: string) => this.setDst(fid, i, v);
    const res = (stmts: string[], guard: string | null = null): Step => ({ guard, stmts, cont: true, extra: [], intrCond: null });
    const name = API_CALLS[i.a]!.name;
    const f = this.fns[fid]!;
    const c: Call = {
      fid, pc, i, name, f, fnn: this.fnName[fid]!, R, A, dst, res,
      fail: (e: number) => [...dst("-1"), `err = ${e}`],
      constArg: (k: number) => constantBefore(f, pc, i.args[k]!, this.targets[fid]!),
    };
    const moved = processCall(this, c) ?? signalCall(this, c) ?? socketCall(this, c) ?? pipeCall(this, c) ?? threadCall(this, c) ?? sharedMemoryCall(this, c) ?? queueCall(this, c);
    if (moved !== null) return moved;
    switch (name) {
      case "errno": return res(dst("err").concat(["skip"]).slice(0, 1));
      case "set_errno": return res([`err = ${A(0)}`, ...dst("0")]);
      case "nondet": {
        const d = i.dst >= 0 && i.keep ? this.regs[fid]![i.dst] : null;
        if (d === null || d === undefined) return res([`if :: ${A(1)} < ${A(0)} -> FAIL :: else fi`]);
        return res([`if :: ${A(1)} < ${A(0)} -> FAIL :: else fi`, `rv = ${A(0)}`, `do :: rv < ${A(1)} -> rv++ :: break od`, `${d} = rv`, "rv = 0"]);
      }
      case "assert":
        return res([`if :: ${A(0)} != 0 -> skip :: else -> FAIL fi`, ...dst("0")]);
      case "printf":
      case "console.log":
        // printf returns the length of what it printed (its first argument, a constant or a read string)
        return res(i.args.length > 0 ? dst(this.strlen(A(0))).concat(["skip"]).slice(0, 1) : ["skip"]);
      default:
        throw new Refusal(`${name}()`, i);
    }
  }

  /** q = the lowest closed descriptor of the process (open(2): the lowest one is used). */
  lowestFd(): string {
    let chain = "FDSFULL";
    for (let k = this.nfd - 1; k >= 0; k--) chain = `if :: fdt[me * NFD + ${k}] == 0 -> q = ${k} :: else -> ${chain} fi`;
    return chain;
  }

  /** The length of a string value: a constant's, or a string read from a pipe or a socket (S + its length). */
  strlen(r: string): string {
    if (this.text !== null) return `(${r} >= 0 -> slen[${r}] : 0)`;
    const table = this.stringTable(r, (t) => t.length);
    return this.npipe > 1 || this.sockets !== null ? `(${r} >= S -> ${r} - S : ${table})` : table;
  }

  /** The calling thread's id. */
  tid(): string {
    return this.threads ? "ttid[ts]" : "1";
  }

  /** The thread slots a process may use: its first thread's (its pid) and the extra ones. */
  slotsOf(p: string): string[] {
    const out = [p];
    for (let t = this.np; t < this.nts; t++) out.push(String(t));
    return out;
  }

  /** A thread ends (its function returned, or pthread_exit); the last one ends the process (status 0). */
  threadEnds(): string[] {
    return ["tst[ts] = 2", "tmask[ts] = 0", "tcw[ts] = 0", "nth[me]--", "if :: nth[me] == 0 -> exitproc(0) :: else fi", "goto END"];
  }

  /** fork: the child's copies of the parent's synchronization objects (a mutex the parent holds is the child's). */
  copySync(): string[] {
    const o: string[] = [];
    for (let k = 0; k < this.nfd; k++) {
      o.push(`fdt[q * NFD + ${k}] = fdt[me * NFD + ${k}]`);
      if (this.queues !== null) o.push(`fdfl[q * NFD + ${k}] = fdfl[me * NFD + ${k}]`);
      if (this.npipe > 1) o.push(`if :: fdt[q * NFD + ${k}] >= 1 && fdt[q * NFD + ${k}] < 100 -> dref[fdt[q * NFD + ${k}]]++ :: else fi`);
      if (this.sockets !== null) o.push(`if :: fdt[q * NFD + ${k}] >= SOCKFD -> sref[fdt[q * NFD + ${k}] - SOCKFD]++ :: else fi`);
    }
    if (this.nh <= 1) return o;
    o.push("nexth[q] = nexth[me]");
    for (let h = 1; h < this.nh; h++) o.push(`sy[q * NH + ${h}] = sy[me * NH + ${h}]`);
    return o;
  }

  copyProcess(): string[] {
    const o: string[] = [];
    for (const sig of this.tracked) {
      const v = this.actionVars(sig)!;
      o.push(`${v.h}[q] = ${v.h}[me]`, `${v.m}[q] = ${v.m}[me]`, `${v.f}[q] = ${v.f}[me]`);
    }
    for (const g of this.model.globals) {
      if (!g.relevant) continue;
      const n = this.globalName(g.id);
      if (!g.isArray) o.push(`${n}[q] = ${n}[me]`);
      else for (let k = 0; k < g.length; k++) o.push(`${n}[q * ${g.length} + ${k}] = ${n}[me * ${g.length} + ${k}]`);
    }
    return o;
  }
}

/** The constants register r may hold just before pc: every definition reaching it is a constant (or a copy of one); else null. */
function possibleConstants(f: FunctionModel, r: number, pc: number): Set<number> | null {
  const preds: number[][] = f.code.map(() => []);
  f.code.forEach((i, k) => {
    const next = i.op === Op.Jump ? [i.a] : i.op === Op.Branch ? [i.b, k + 1] : i.op === Op.Return ? [] : [k + 1];
    for (const n of next) if (n < f.code.length) preds[n]!.push(k);
  });
  const out = new Set<number>();
  const seen = new Set<string>();
  const todo: [number, number][] = preds[pc]!.map((p) => [p, r]);
  if (preds[pc]!.length === 0) return null;
  while (todo.length > 0) {
    const [k, reg] = todo.pop()!;
    const key = `${k}:${reg}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const i = f.code[k]!;
    if (i.dst === reg) {
      if (i.op === Op.Const) out.add(i.a);
      else if (i.op === Op.Move) {
        if (k === 0 || preds[k]!.length === 0) return null;
        for (const p of preds[k]!) todo.push([p, i.a]);
      } else return null;
      continue;
    }
    if (k === 0 || preds[k]!.length === 0) return null; // reaches the entry: a parameter or an unset register
    for (const p of preds[k]!) todo.push([p, reg]);
  }
  return out;
}

/** The caller's registers dead while the callee of the Call at pc runs (cleared, as ipcheck does). */
function deadAcrossCall(f: FunctionModel, pc: number): readonly number[] {
  return f.deadAcrossCall[pc] ?? [];
}

function truthy(kind: number, r: string): string {
  if (kind === ValueKind.Str) return `(${r} > 0 -> 1 : 0)`;
  if (kind === ValueKind.Tuple || kind === ValueKind.SharedArray) return `(${r} >= 0 -> 1 : 0)`;
  return `(${r} != 0 -> 1 : 0)`;
}

