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
//   is unblocked waits for the user: it sits at an `end` label. wait/waitpid sit at `end` labels too:
//   they are stuck only while a child is stuck, which SPIN then reports itself.
// - assertions and out-of-bounds indexes are `assert(false)`; that run stops there: every proctype
//   is `provided (!stop)`, and a proctype Halt keeps the stopped state from being an end state
//   (mutex-misuse's relock stops a run the same way, without the assertion).
// - threads: a thread is a `run` of T in its process's slot; its process's end ends it (`unless`);
//   mutexes (owner), semaphores (values; named ones shared by all processes), condition variables
//   (waiters; a spurious wake-up, which the deadlock run leaves out with -DNOSPURIOUS).
// - shared memory: System V and POSIX segments in one global array, plain and Atomics accesses.
// - descriptors: per-process tables; pipes as byte counts with descriptions shared across fork (EOF,
//   SIGPIPE/EPIPE, O_NONBLOCK); a string read from a pipe is its length (strings.ts checks its uses).
// - values that decide nothing (LANGUAGE.md §4) are dropped, as ipcheck drops them.
// Left out (refused with a diagnostic, never translated loosely): FIFOs, sockets, message queues,
// strings read from a pipe and then compared or kept, writes longer than PIPE_BUF, recursion,
// SA_NODEFER, SIGKILL/SIGSTOP/SIGCONT and the stop signals, restoring a saved sigaction, a handler
// for SIGFPE, fork in a handler or in a program that starts threads, objects created in a loop.
import { Op, type FunctionModel, type Instr, type Model } from "../model/model.js";
import { API_CALLS, ValueKind } from "../model/api.js";
import { DefaultAction, SIGALRM, SIGCHLD, SIGFPE, SIGKILL, SIGPIPE, SIGSTOP, SIGNALS, defaultAction, sigbit, signalName } from "../model/signals.js";
import { analyse, constantBefore, jumpTargets, Refusal, type Analysis } from "./analysis.js";
import { diagnostic, type Diagnostic } from "../diagnostics/diagnostic.js";
import { readStrings } from "./strings.js";

export type PromelaResult = { ok: true; text: string } | { ok: false; diagnostic: Diagnostic };

const MASK_OK = 0x7fffffff & ~(sigbit(SIGKILL) | sigbit(SIGSTOP));
const EINTR = 4;
const ECHILD = 10;
const EINVAL = 22;
const ESRCH = 3;
const EBADF = 9;
/** flag bits of a disposition in Promela: SA_RESTART, SA_NODEFER, SA_RESETHAND */
const F_RESTART = 1;
const F_RESETHAND = 4;

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
  "pipe", "read", "fcntl",
]);
/** the bit of a named semaphore's handle (its name's string id with this bit) */
const NAMED = 1 << 24;

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

class Emitter {
  private readonly fns: readonly FunctionModel[];
  private readonly out: string[] = [];
  /** Promela names of each function's kept registers (null: dropped) */
  private readonly regs: (string | null)[][];
  private readonly fnName: string[];
  /** return codes of handler frames: a label to resume at */
  private readonly retCodes = new Map<string, number>();
  /** fork sites: the label the child starts at */
  private readonly forkEntries: string[] = [];
  private readonly targets: Set<number>[];
  /** signals that can be pending: sent by the program or by the environment */
  private readonly pendable: number[];
  /** signals raise() may make pending in the thread */
  private readonly threadDirected: boolean;
  private readonly np: number;
  private blockId = 0;
  private readonly tracked: readonly number[];
  /** the program starts threads: thread slots beyond the processes' first threads */
  private readonly threads: boolean;
  private readonly nts: number;
  /** handles of synchronization objects per process, + 1 */
  private readonly nh: number;
  /** shared-memory segments + 1, and the most slots one segment has */
  private readonly nseg: number;
  private readonly maxlen: number;
  /** descriptors per process, when the program makes descriptor calls (0: none) */
  private readonly nfd: number;
  /** the names (string ids) of the named semaphores, in order */
  private readonly semNames: number[];
  /** pipes + 1 */
  private readonly npipe: number;

  constructor(private readonly model: Model, private readonly an: Analysis) {
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
    this.threadDirected = this.usesCall("raise") || this.usesCall("pipe");
    for (const s of this.pendable) {
      if (s === SIGKILL || s === SIGSTOP) throw new Refusal(`${signalName(s)}`, null);
      const d = defaultAction(s);
      if (d === DefaultAction.Stop || d === DefaultAction.Continue) throw new Refusal(`${signalName(s)} (stop and continue)`, null);
    }
    if (this.tracked.includes(SIGFPE)) throw new Refusal("a disposition for SIGFPE", null);
    this.np = this.processSlots();
    this.threads = this.usesCall("pthread_create");
    if (this.threads && this.usesCall("fork")) throw new Refusal("fork() in a program that starts threads", null);
    this.nts = this.np + (this.threads ? this.countSites((n) => n === "pthread_create", "pthread_create") : 0);
    this.semNames = this.constantArgs("sem_open", 0);
    this.nh = 1 + Math.max(this.countSites((n) => HANDLE_MAKERS.has(n), "synchronization objects"), this.semNames.length);
    this.nseg = 1 + this.countSites((n) => n === "shmget" || n === "shm_open", "shared-memory segments");
    const lengths = [...this.constantArgs("shmget", 1), ...this.constantArgs("ftruncate", 1)];
    this.maxlen = Math.max(1, ...lengths.map((n) => Math.min(Math.max(n, 0), 4096)));
    this.npipe = 1 + this.countSites((n) => n === "pipe", "pipes");
    this.nfd = this.model.usesDescriptors ? 3 + this.countSites((n) => n === "shm_open", "descriptors") + 2 * (this.npipe - 1) : 0;
    if (this.npipe > 1) {
      readStrings(model);
      const pipeBuf = model.options.pipeBuf;
      const longest = Math.max(0, ...model.strings.map((t) => t.length), ...this.constantArgs("read", 1));
      if (longest > pipeBuf) throw new Refusal(`a write that may be longer than PIPE_BUF (${pipeBuf} bytes), which may be torn`, null);
    }
    this.checkCalls();
  }

  /**
   * The signals the program's text may send: the model's list, narrowed where kill() and raise() take a
   * register that only ever holds constants (`kill(pid, nondet(0, 1) === 0 ? SIGUSR1 : SIGUSR2)`).
   */
  private sentSignals(): readonly number[] {
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

  private usesCall(name: string): boolean {
    return this.fns.some((f) => f.code.some((i) => i.op === Op.Syscall && API_CALLS[i.a]!.name === name));
  }

  private checkCalls(): void {
    for (const f of this.fns) {
      for (const i of f.code) {
        if (i.op === Op.Syscall) {
          const name = API_CALLS[i.a]!.name;
          if (!SUPPORTED.has(name)) throw new Refusal(`${name}()`, i);
          if (name === "sigaction" && (i.c === 1 || i.keep)) throw new Refusal("sigaction's saved action (a value restored later)", i);
        } else if ((i.op === Op.Concat || i.op === Op.ToString) && i.keep) {
          throw new Refusal("strings built at run time that decide something", i);
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
  private constantArgs(name: string, k: number): number[] {
    const out: number[] = [];
    this.fns.forEach((f, fid) => f.code.forEach((i, pc) => {
      if (i.op !== Op.Syscall || API_CALLS[i.a]!.name !== name) return;
      const v = constantBefore(f, pc, i.args[k]!, this.targets[fid]!);
      if (v === null) throw new Refusal(`${name}() with an argument that is not a constant`, i);
      if (!out.includes(v)) out.push(v);
    }));
    return out;
  }

  /** How many times a run executes calls of these names (refused when one is in a loop). */
  private countSites(match: (name: string) => boolean, what: string): number {
    const memo = new Map<number, number>();
    const count = (fid: number): number => {
      const known = memo.get(fid);
      if (known !== undefined) return known;
      const f = this.fns[fid]!;
      const back: [number, number][] = [];
      f.code.forEach((i, pc) => {
        if (i.op === Op.Jump && i.b === 1) back.push([i.a, pc]);
        if (i.op === Op.Branch && i.d === 1) back.push([i.b, pc]);
      });
      let n = 0;
      f.code.forEach((i, pc) => {
        let k = 0;
        if (i.op === Op.Syscall && match(API_CALLS[i.a]!.name)) k = 1;
        if (i.op === Op.Call) k = count(i.a);
        if (i.op === Op.Syscall && API_CALLS[i.a]!.name === "pthread_create") {
          const v = constantBefore(f, pc, i.args[0]!, this.targets[fid]!);
          if (v !== null && v >= 2) k += count(v - 2);
        }
        if (k > 0 && back.some(([lo, hi]) => pc >= lo && pc <= hi)) throw new Refusal(`${what} in a loop`, i);
        n += k;
      });
      memo.set(fid, n);
      return n;
    };
    return count(this.model.start);
  }

  /** Process slots: 1 + the most processes a run can create (a fork in a loop: maxProcesses). */
  private processSlots(): number {
    const memo = new Map<number, number>();
    const forks = (fid: number): number => {
      const known = memo.get(fid);
      if (known !== undefined) return known;
      const f = this.fns[fid]!;
      let inLoop = false;
      let n = 0;
      const back: [number, number][] = [];
      f.code.forEach((i, pc) => {
        if (i.op === Op.Jump && i.b === 1) back.push([i.a, pc]);
        if (i.op === Op.Branch && i.d === 1) back.push([i.b, pc]);
      });
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

  private reg(fid: number, r: number): string {
    return this.regs[fid]![r] ?? "0";
  }

  private point(fid: number, pc: number): string {
    const instr = this.fns[fid]!.code[pc]!;
    const name = instr.op === Op.Syscall ? API_CALLS[instr.a]!.name : "";
    const end = name === "wait" || name === "waitpid";
    return `${end ? "end_" : ""}S_${this.fnName[fid]}_${pc}`;
  }

  private retCode(label: string): number {
    let c = this.retCodes.get(label);
    if (c === undefined) {
      c = this.retCodes.size + 1;
      this.retCodes.set(label, c);
    }
    return c;
  }

  private globalName(g: number): string {
    return `g_${ident(this.model.globals[g]!.name)}`;
  }

  private globalOfSlot(slot: number): number {
    const gs = this.model.globals;
    for (let i = gs.length - 1; i >= 0; i--) if (gs[i]!.slot <= slot) return i;
    throw new Error("no global at slot");
  }

  private actionVars(sig: number): { h: string; m: string; f: string } | null {
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
    o.push("   Check with: spin -a model.pml && gcc -O0 -DSAFETY -o pan pan.c && ./pan -E (assertions), ./pan -A (invalid end states = deadlocks). */");
    o.push(`#define NP ${this.np}`, `#define NTS ${this.nts}`, `#define HW ${Math.max(1, ...this.model.handlers.map((h) => this.saved(h).length))}`, "#define ALIVE 1", "#define ZOMBIE 2", "#define GONE 3", "");
    o.push("bit stop;               /* a run stopped at a failed assertion */");
    o.push("byte pst[NP];           /* per pid: 0 not yet, ALIVE, ZOMBIE, GONE (reaped) */");
    o.push("byte ppid[NP];", "byte pstat[NP];         /* wait status of a zombie */");
    o.push("int ppend[NP];          /* process-directed pending signals */");
    o.push("int tmask[NTS];         /* per thread slot (a process's first thread: its pid): the signal mask */");
    if (this.threads) {
      o.push("byte tpid[NTS]; byte ttid[NTS]; byte tst[NTS];   /* per thread slot: process, thread id, 0 none, 1 running, 2 ended (joinable) */");
      o.push("int tcw[NTS];           /* the condition variable a thread waits on; -1: woken */");
      o.push("byte nth[NP]; byte nexttid[NP]; byte nextts = NP;");
    }
    if (this.nseg > 1) {
      o.push(`#define NSEG ${this.nseg}`, `#define MAXLEN ${this.maxlen}`);
      o.push("int shm[NSEG * MAXLEN];  /* shared-memory segments 1..NSEG-1, MAXLEN slots each */");
      o.push("short seglen[NSEG]; int segkey[NSEG]; bit segposix[NSEG]; bit segrm[NSEG]; byte nextseg = 1;");
    }
    if (this.npipe > 1) {
      o.push(`#define NPIPE ${this.npipe}`, `#define CAP ${this.model.options.pipeCapacity}`, `#define S ${this.model.strings.length}   /* a string read from a pipe is S + its length */`);
      o.push("int pbytes[NPIPE];      /* the bytes in each pipe */");
      o.push("byte dref[2 * NPIPE];   /* per description (pipe n: 2n - 1 its read end, 2n its write end): the descriptors naming it */");
      o.push("bit dnb[2 * NPIPE];     /* O_NONBLOCK */", "byte nextpipe = 1;");
    }
    if (this.nfd > 0) o.push(`#define NFD ${this.nfd}`, "byte fdt[NP * NFD];      /* per process and descriptor: 0 closed, 255 a standard stream, 100 + n shared-memory segment n */");
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
    o.push(...this.initProcess());
    return `${o.join("\n")}\n`;
  }

  private macros(): string[] {
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
    for (const sig of this.pendable) {
      o.push("", `inline send_${signalName(sig)}(q) {`);
      o.push("  if", "  :: pst[q] != ALIVE -> skip");
      o.push(`  :: pst[q] == ALIVE && ${this.ignoredIn("q", sig)} && !${this.blockedAll("q", sigbit(sig))} -> skip   /* discarded */`);
      o.push(`  :: else -> ppend[q] = ppend[q] | ${sigbit(sig)}   /* already pending: lost */`);
      o.push("  fi", "}");
    }
    if (this.npipe > 1) {
      // close(2): the last descriptor of a pipe's end closes it; with both ends closed the pipe and its data go
      o.push("", "inline closefd(x) {");
      o.push("  if", "  :: fdt[x] >= 1 && fdt[x] < 100 ->", "    dref[fdt[x]]--;");
      o.push("    if :: dref[(fdt[x] + 1) / 2 * 2 - 1] == 0 && dref[(fdt[x] + 1) / 2 * 2] == 0 -> pbytes[(fdt[x] + 1) / 2] = 0; dnb[(fdt[x] + 1) / 2 * 2 - 1] = 0; dnb[(fdt[x] + 1) / 2 * 2] = 0 :: else fi");
      o.push("  :: else", "  fi;", "  fdt[x] = 0", "}");
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
    for (let k = 0; k < this.nfd; k++) o.push(this.npipe > 1 ? `  closefd(me * NFD + ${k});` : `  fdt[me * NFD + ${k}] = 0;`);
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
    o.push("", "inline reapany() {");
    let chain = "q = 0";
    for (let q = this.np - 1; q >= 2; q--) chain = `if :: ppid[${q}] == me && pst[${q}] == ZOMBIE -> q = ${q} :: else -> ${chain} fi`;
    o.push(`  ${chain}`, "}");
    o.push("", "inline reap() {", "  wst = pstat[q]; pst[q] = GONE; pstat[q] = 0; ppid[q] = 0", "}");
    return o;
  }

  /** Whether every thread of process q blocks the signal of this bit (it then stays pending). */
  private blockedAll(q: string, bit: number): string {
    if (!this.threads) return `((tmask[${q}] & ${bit}) != 0)`;
    const xs = [`(tst[${q}] != 1 || (tmask[${q}] & ${bit}) != 0)`];
    for (let t = this.np; t < this.nts; t++) xs.push(`(tpid[${t}] != ${q} || tst[${t}] != 1 || (tmask[${t}] & ${bit}) != 0)`);
    return `(${xs.join(" && ")})`;
  }

  /** Whether process q's disposition discards sig (SIG_IGN, or SIG_DFL of a signal ignored by default). */
  private ignoredIn(q: string, sig: number): string {
    const d = defaultAction(sig);
    const dflIgnores = d === DefaultAction.Ignore || d === DefaultAction.Continue;
    const v = this.actionVars(sig);
    if (v === null) return dflIgnores ? "true" : "false";
    return dflIgnores ? `(${v.h}[${q}] <= 1)` : `(${v.h}[${q}] == 1)`;
  }

  private threadLocals(): { decl: string[]; params: string[] } {
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
  private saved(h: number): string[] {
    const out: string[] = [];
    for (const f of this.an.saves[h]!) {
      for (const r of this.regs[f]!) if (r !== null) out.push(r);
      if (this.an.callers[f]!.length > 1) out.push(`ret_${this.fnName[f]}`);
    }
    return out;
  }

  private handlerDepth(): number {
    const handled = this.tracked.filter((s) => this.pendable.includes(s));
    return Math.max(1, handled.length);
  }

  private threadProctype(body: string[]): string[] {
    const o: string[] = [];
    const { params } = this.threadLocals();
    const decl = params.map((p) => `int ${p}`).join("; ");
    o.push(`proctype T(byte me; byte ts; byte entry; ${decl}) provided (!stop) {`);
    const D = this.handlerDepth();
    o.push(`  int rv; byte q; int tsaved; byte hsp; byte hret[${D}]; int hmask[${D}];${this.threadDirected ? " int tpend;" : ""}`);
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
    o.push("END:", "  skip");
    if (this.threads) o.push("  } unless { pst[me] != ALIVE }");
    o.push("}", "");
    return o;
  }

  private envProctypes(): string[] {
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

  private initProcess(): string[] {
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
    o.push(`    run T(1, 1, 0${params.map(() => ", 0").join("")})`, "  }", "}");
    return o;
  }

  // ------------------------------------------------------------------ code

  private functionCode(fid: number): string[] {
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
  private block(fid: number, prefix: string[], pc: number, guard: string | null = null): string[] {
    const stmts = [...prefix, ...this.localWork(fid, pc)];
    const first = guard === null ? "" : `${guard} -> `;
    return [`  atomic { ${first}${stmts.join(";\n    ")} }`];
  }

  /** Statements for the local work from pc to the next points (internal labels for forward jumps). */
  private localWork(fid: number, start: number, fromPoint = false): string[] {
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
      out.push(`${landed.has(pc) ? `${label(pc)}: ` : ""}${lines[0]!}`, ...lines.slice(1));
      const falls = i.op !== Op.Jump && i.op !== Op.Branch && i.op !== Op.Call && i.op !== Op.Return;
      if (falls && order[k + 1] !== pc + 1) out.push(goTo(pc + 1));
    });
    return out;
  }

  /** A goto to a point, clearing the registers dead there (as ipcheck does, for fewer states). */
  private gotoPoint(fid: number, pc: number): string {
    const f = this.fns[fid]!;
    const dead = (f.deadAt[pc] ?? []).map((r) => this.regs[fid]![r]).filter((r): r is string => r !== null);
    return [...dead.map((r) => `${r} = 0`), `goto ${this.point(fid, pc)}`].join("; ");
  }

  private localInstr(fid: number, pc: number, i: Instr, goTo: (pc: number) => string): string[] {
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
      case Op.ToString:
        return set("0");
      case Op.ToNumber:
        return set(this.stringTable(R(i.a), (s) => {
          const n = Number(s.trim());
          return Number.isFinite(n) ? Math.trunc(n) | 0 : 0;
        }));
      case Op.StrLen:
        return set(this.strlen(R(i.a)));
      case Op.TupleGet:
        // the only tuples are pipe()'s [read end, write end], as (r << 8) | w
        return set(`(${R(i.a)} < 0 -> 0 : ${i.b === 0 ? `(${R(i.a)} >> 8)` : `(${R(i.a)} & 255)`})`);
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
        const callee = this.fns[i.a]!;
        const stmts: string[] = [];
        i.args.forEach((a, k) => {
          const p = this.regs[i.a]![k];
          if (p) stmts.push(`${p} = ${R(a)}`);
        });
        for (const r of f_deadAcross(this.fns[fid]!, pc)) {
          const n = this.regs[fid]![r];
          if (n && !i.args.includes(r)) stmts.push(`${n} = 0`);
        }
        if (this.an.callers[i.a]!.length > 1) stmts.push(`ret_${this.fnName[i.a]} = ${this.an.callers[i.a]!.findIndex((s) => s.fn === fid && s.pc === pc) + 1}`);
        stmts.push(`goto E_${this.fnName[i.a]}`);
        void callee;
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

  private binary(fid: number, i: Instr, set: (v: string) => string[]): string[] {
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
  private stringTable(r: string, f: (s: string) => number): string {
    let e = "0";
    const strs = this.model.strings;
    for (let k = strs.length - 1; k >= 0; k--) {
      const v = f(strs[k]!);
      if (v !== 0) e = `(${r} == ${k} -> ${v} : ${e})`;
    }
    return e;
  }

  private bounded(index: string, length: number, effect: string[]): string[] {
    return [`if :: ${index} < 0 || ${index} >= ${length} -> FAIL :: else -> ${effect.join("; ")} fi`];
  }

  private globalRef(slot: number, index: string | null): string {
    const g = this.model.globals[this.globalOfSlot(slot)]!;
    if (!g.relevant) return "0";
    const off = slot - g.slot;
    if (!g.isArray) return `${this.globalName(g.id)}[me]`;
    return `${this.globalName(g.id)}[me * ${g.length} + ${index === null ? off : off === 0 ? index : `${off} + ${index}`}]`;
  }

  private pure(fid: number, i: Instr): string {
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
  private deliverable(sig: number): string {
    const b = sigbit(sig);
    const pend = this.threadDirected ? "(ppend[me] | tpend)" : "ppend[me]";
    return `(${pend} & ${b}) != 0 && (tmask[ts] & ${b}) == 0`;
  }

  /**
   * The delivery of sig (LANGUAGE.md §3 "Delivery"): the statements after its guard. `resume` is the
   * handler frame's return label, `intr` the one when the handler interrupts a blocked call (EINTR),
   * under `intrCond`; `ignored` what follows when nothing runs (a goto, or "" to fall through).
   */
  private delivery(sig: number, resume: string, ignored: string, intr: { label: string; cond: string } | null): string[] {
    const b = sigbit(sig);
    const o: string[] = [];
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
      const push: string[] = [];
      const code = (label: string) => this.retCode(label);
      if (intr === null) push.push(`hret[hsp] = ${code(resume)}`);
      else {
        push.push(`if :: ${intr.cond} && (${v.f}[me] & ${F_RESTART}) == 0 -> if :: hret[hsp] = ${code(intr.label)} :: hret[hsp] = ${code(resume)} fi :: else -> hret[hsp] = ${code(resume)} fi`);
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

  private defaultDelivery(sig: number, ignored: string): string[] {
    const d = defaultAction(sig);
    if (d === DefaultAction.Terminate) return [`exitproc(${128 + sig})`, "goto END"];
    return [ignored || "skip"];
  }

  /** Delivery branches of a step point (one per pendable signal). */
  private deliveryBranches(self: string, resume: string, intr: { label: string; cond: string } | null, pre: string[] = []): string[] {
    return this.pendable.map((sig) => `  :: atomic { ${this.deliverable(sig)} -> ${[...pre, ...this.delivery(sig, resume, `goto ${self}`, intr)].join(";\n      ")} }`);
  }

  /** raise, sigprocmask, sigsuspend, kill of oneself: the lowest deliverable signal is delivered now. */
  private deliverNow(resume: string): string {
    let chain = "skip";
    for (let k = this.pendable.length - 1; k >= 0; k--) {
      const sig = this.pendable[k]!;
      chain = `if :: ${this.deliverable(sig)} -> ${this.delivery(sig, resume, "", null).join("; ")} :: else -> ${chain} fi`;
    }
    return chain;
  }

  private stepPoint(fid: number, pc: number): string[] {
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
    const intr = step.intrCond === null ? null : { label: `X_${name}_${pc}`, cond: step.intrCond };
    if (this.pendable.length === 0) o.push(`  ${text}`);
    else o.push("  if", `  :: ${text}`, ...this.deliveryBranches(self, self, intr), "  fi");
    if (selfLoop) o.splice(1, o.length - 1, `  atomic { skip; goto ${self}_b }`, `${self}_b:`, `  atomic { skip; goto ${self} }`);
    o.push(...step.extra);
    if (this.needsAfter.has(`${fid}:${pc}`)) {
      o.push(`${after}:`, ...this.block(fid, [], pc + 1));
    }
    if (intr !== null && this.retCodes.has(intr.label)) {
      o.push(`${intr.label}:`, ...this.block(fid, [...this.setDst(fid, i, "-1"), `err = ${EINTR}`], pc + 1));
    }
    return o;
  }

  private readonly needsAfter = new Set<string>();

  private afterLabel(fid: number, pc: number): string {
    this.needsAfter.add(`${fid}:${pc}`);
    return `A_${this.fnName[fid]}_${pc}`;
  }

  private setDst(fid: number, i: Instr, v: string): string[] {
    return i.dst >= 0 && i.keep && this.regs[fid]![i.dst] !== null ? [`${this.reg(fid, i.dst)} = ${v}`] : [];
  }

  private stepEffect(fid: number, pc: number, i: Instr): { guard: string | null; stmts: string[]; cont: boolean; extra: string[]; intrCond: string | null } {
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
        return res([`if :: ${this.sharedValid(R(i.a), R(i.b))} -> ${this.setDst(fid, i, this.sharedCell(R(i.a), R(i.b))).join("; ") || "skip"} :: else -> FAIL fi`]);
      case Op.StoreShared:
        return res([`if :: ${this.sharedValid(R(i.a), R(i.b))} -> ${this.sharedCell(R(i.a), R(i.b))} = ${R(i.d)} :: else -> FAIL fi`]);
      case Op.Syscall:
        return this.syscall(fid, pc, i);
      default:
        throw new Refusal(`visible instruction ${i.op}`, i);
    }
  }

  private syscall(fid: number, pc: number, i: Instr): { guard: string | null; stmts: string[]; cont: boolean; extra: string[]; intrCond: string | null } {
    const R = (r: number) => this.reg(fid, r);
    const A = (k: number) => R(i.args[k]!);
    const dst = (v: string) => this.setDst(fid, i, v);
    const fail = (e: number) => [...dst("-1"), `err = ${e}`];
    const res = (stmts: string[], guard: string | null = null) => ({ guard, stmts, cont: true, extra: [] as string[], intrCond: null as string | null });
    const name = API_CALLS[i.a]!.name;
    const f = this.fns[fid]!;
    const self = this.point(fid, pc);
    const fnn = this.fnName[fid]!;
    const constArg = (k: number) => constantBefore(f, pc, i.args[k]!, this.targets[fid]!);
    switch (name) {
      case "fork": {
        const entry = this.forkEntries.length + 1;
        this.forkEntries.push(this.afterLabel(fid, pc));
        const { params } = this.threadLocals();
        const child = params.map((p) => (i.dst >= 0 && p === this.regs[fid]![i.dst] ? "0" : p === "wst" ? "0" : p));
        return res([
          "q = nextpid", "nextpid++", "pst[q] = ALIVE", "ppid[q] = me", "tmask[q] = tmask[ts]",
          ...this.copyProcess(),
          ...dst("q"),
          ...(this.threads ? ["tpid[q] = q", "ttid[q] = 1", "tst[q] = 1", "nth[q] = 1", "nexttid[q] = 2"] : []),
          ...this.copySync(),
          `run T(q, q, ${entry}, ${child.join(", ")})`, "q = 0",
        ], "nextpid < NP");
      }
      case "exit":
      case "_exit":
        return { guard: null, stmts: [`exitproc(${i.args.length > 0 ? `(${A(0)} & 255)` : "0"})`, "goto END"], cont: false, extra: [], intrCond: null };
      case "wait":
        return { ...res([`if :: !HASCHILD(me) -> ${fail(ECHILD).join("; ") || "skip"} :: else -> reapany(); reap(); ${[...dst("q"), "q = 0"].join("; ")} fi`], "HASZOMBIE(me) || !HASCHILD(me)"), intrCond: "!(HASZOMBIE(me) || !HASCHILD(me))" };
      case "waitpid": {
        const w = A(0);
        const opt = i.args.length > 1 ? A(1) : "0";
        const guard = `(${opt} & 1) != 0 || (${w} > 0 -> (ISZOMBIE(${w}) || !ISCHILD(${w})) : (HASZOMBIE(me) || !HASCHILD(me)))`;
        const ok = (q: string) => [q, "reap()", ...dst("q"), "q = 0"].join("; ");
        const zero = dst("0").join("; ") || "skip";
        const echild = fail(ECHILD).join("; ");
        const stmt = `if :: ${w} > 0 -> if :: !ISCHILD(${w}) -> ${echild} :: ISZOMBIE(${w}) -> ${ok(`q = ${w}`)} :: else -> ${zero} fi
    :: else -> if :: !HASCHILD(me) -> ${echild} :: HASZOMBIE(me) -> ${ok("reapany()")} :: else -> ${zero} fi fi`;
        return { ...res([stmt], guard), intrCond: `!(${guard})` };
      }
      case "getppid": return res(dst("ppid[me]").concat(["skip"]).slice(0, 1));
      case "wstatus": return res(dst("wst").concat(["skip"]).slice(0, 1));
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
      case "write":
        return this.write(fid, pc, i);
      case "pipe":
        return res([
          this.lowestFd(), "fdt[me * NFD + q] = 2 * nextpipe - 1", "rv = q << 8",
          this.lowestFd(), "fdt[me * NFD + q] = 2 * nextpipe", "rv = rv | q",
          "dref[2 * nextpipe - 1] = 1", "dref[2 * nextpipe] = 1", "pbytes[nextpipe] = 0", "nextpipe++",
          ...dst("rv"), "rv = 0", "q = 0",
        ], "nextpipe < NPIPE");
      case "read": {
        const fd = A(0);
        const n = A(1);
        const e = `fdt[me * NFD + ${fd}]`;
        const isRead = `(${fd} >= 0 && ${fd} < NFD && ${e} >= 1 && ${e} < 100 && ${e} % 2 == 1)`;
        const P = `pbytes[(${e} + 1) / 2]`;
        const writers = `dref[${e} + 1]`;
        const guard = `!${isRead} || ${n} <= 0 || ${P} > 0 || dnb[${e}] || ${writers} == 0`;
        const stmt = `if :: !${isRead} -> ${fail(EBADF).join("; ") || "skip"}
    :: else -> if :: ${n} <= 0 -> ${dst("0").join("; ") || "skip"}
      :: ${n} > 0 && ${P} > 0 -> rv = (${n} < ${P} -> ${n} : ${P}); ${P} = ${P} - rv; ${[...dst("S + rv"), "rv = 0"].join("; ")}
      :: ${n} > 0 && ${P} == 0 && ${writers} == 0 -> ${dst("0").join("; ") || "skip"}
      :: else -> ${fail(11).join("; ") || "skip"}
      fi fi`;
        return { ...res([stmt], guard), intrCond: `!(${guard})` };
      }
      case "fcntl": {
        const fd = A(0);
        const e = `fdt[me * NFD + ${fd}]`;
        const isPipe = `(${e} >= 1 && ${e} < 100)`;
        const arg = i.args.length > 2 ? A(2) : "0";
        const nb = this.npipe > 1;
        return res([`if :: !(${fd} >= 0 && ${fd} < NFD && ${e} != 0) -> ${fail(EBADF).join("; ") || "skip"}
    :: else -> if :: ${A(1)} == 3 -> ${dst(nb ? `((${isPipe} && dnb[${e}]) -> 2048 : 0)` : "0").join("; ") || "skip"}
      :: ${A(1)} == 4 -> ${nb ? `if :: ${isPipe} -> dnb[${e}] = ((${arg} & 2048) != 0 -> 1 : 0) :: else fi; ` : ""}${dst("0").join("; ") || "skip"}
      :: else -> ${fail(EINVAL).join("; ") || "skip"} fi fi`]);
      }
      case "signal":
      case "sigaction": {
        const sig = constArg(0);
        const sigs = sig !== null ? [sig] : this.tracked;
        const h = A(1);
        const mask = name === "sigaction" ? `(${A(2)} & ${MASK_OK})` : "0";
        const fl = name === "sigaction"
          ? `((${A(3)} & 268435456) != 0 -> 1 : 0) + ((${A(3)} & 1073741824) != 0 -> 2 : 0) + (${A(3)} < 0 -> 4 : 0)`
          : `${F_RESTART}`;
        const branches = sigs.filter((s) => this.actionVars(s) !== null).map((s) => {
          const v = this.actionVars(s)!;
          const discard = this.ignoresAfterSet(s, h);
          return `:: ${A(0)} == ${s} -> ${v.h}[me] = ${h}; if :: ${h} >= 2 -> ${v.m}[me] = ${mask}; ${v.f}[me] = ${fl} :: else -> ${v.m}[me] = 0; ${v.f}[me] = 0 fi${discard}; ${dst("0").join("; ") || "skip"}`;
        });
        branches.push(`:: else -> ${fail(EINVAL).join("; ") || "skip"}`);
        return res([`if ${branches.join("\n    ")} fi`]);
      }
      case "kill": {
        const sig = constArg(1);
        const send = (q: string): string => {
          const sigs = sig !== null ? (sig === 0 ? [] : [sig]) : this.pendable;
          const bs = sigs.map((s) => `:: ${A(1)} == ${s} -> send_${signalName(s)}(${q})`);
          return bs.length ? `if ${bs.join(" ")} :: else fi` : "skip";
        };
        const valid = `(${A(1)} >= 0 && ${A(1)} <= 31)`;
        const now = this.deliverNow(this.afterLabel(fid, pc));
        const group: string[] = [];
        for (let q = 1; q < this.np; q++) group.push(`if :: pst[${q}] == ALIVE && (${A(0)} == 0 || ${q} != me) -> ${send(String(q))} :: else fi`);
        return res([`if
    :: !${valid} -> ${fail(EINVAL).join("; ") || "skip"}
    :: ${valid} && ${A(0)} > 0 && (${A(0)} >= NP || pst[${A(0)}] == 0 || pst[${A(0)}] == GONE) -> ${fail(ESRCH).join("; ") || "skip"}
    :: ${valid} && ${A(0)} > 0 && ${A(0)} < NP && (pst[${A(0)}] == ALIVE || pst[${A(0)}] == ZOMBIE) -> ${[`rv = (${A(0)} == me -> 1 : 0)`, send(A(0)), ...dst("0"), `if :: rv == 1 -> rv = 0; ${now} :: else fi`].join("; ")}
    :: ${valid} && (${A(0)} == 0 || ${A(0)} == -1) -> ${[`rv = (${A(0)} == 0 -> 1 : 0)`, ...group, ...dst("0"), `if :: rv == 1 -> rv = 0; ${now} :: else fi`].join("; ")}
    :: ${valid} && ${A(0)} < -1 -> ${fail(ESRCH).join("; ") || "skip"}
    fi`]);
      }
      case "raise": {
        const sig = constArg(0);
        const sigs = sig !== null ? [sig] : this.pendable;
        const bs = sigs.filter((s) => s >= 1 && s <= 31).map((s) => {
          const b = sigbit(s);
          return `:: ${A(0)} == ${s} -> if :: ${this.ignoredIn("me", s)} && (tmask[ts] & ${b}) == 0 -> skip :: else -> tpend = tpend | ${b} fi`;
        });
        const now = this.deliverNow(this.afterLabel(fid, pc));
        return res([`if :: ${A(0)} < 1 || ${A(0)} > 31 -> ${fail(EINVAL).join("; ") || "skip"} :: else -> ${[`if ${bs.join(" ")} :: else fi`, ...dst("0"), now].join("; ")} fi`]);
      }
      case "alarm":
        return res(["rv = alrm[me]", `alrm[me] = (${A(0)} > 0 -> ${A(0)} : 0)`, ...dst("rv"), "rv = 0"]);
      case "sigprocmask":
      case "pthread_sigmask": {
        const how = A(0);
        const set = A(1);
        const now = this.deliverNow(this.afterLabel(fid, pc));
        const ok = (mask: string) => [`rv = tmask[ts]`, `tmask[ts] = ${mask} & ${MASK_OK}`, ...dst("rv"), "rv = 0", now].join("; ");
        return res([`if
    :: ${how} == 0 -> ${ok(`(tmask[ts] | ${set})`)}
    :: ${how} == 1 -> ${ok(`(tmask[ts] & ~${set})`)}
    :: ${how} == 2 -> ${ok(`${set}`)}
    :: else -> ${fail(EINVAL).join("; ") || "skip"}
    fi`]);
      }
      case "sigpending":
        return res(dst(this.threadDirected ? "(ppend[me] | tpend)" : "ppend[me]").concat(["skip"]).slice(0, 1));
      case "pause":
      case "sigsuspend":
        return this.pauseLike(fid, pc, i, name === "sigsuspend");
      case "sleep": {
        const sl = `SL_${fnn}_${pc}`;
        const back = `XL_${fnn}_${pc}`;
        const extra = [`${sl}:`];
        const wake = `atomic { ${[...dst("0"), ...this.localWork(fid, pc + 1)].join(";\n    ")} }`;
        if (this.pendable.length === 0) extra.push(`  ${wake}`);
        else extra.push("  if", `  :: ${wake}`, ...this.deliveryBranches(sl, back, null), "  fi");
        extra.push(`${back}:`, ...this.block(fid, dst(A(0)), pc + 1));
        return {
          guard: null,
          stmts: [`if :: ${A(0)} <= 0 -> ${dst("0").join("; ") || "skip"}; goto ${this.afterLabel(fid, pc)} :: else -> goto ${sl} fi`],
          cont: false, extra, intrCond: null,
        };
      }
      case "pthread_create": {
        const fnv = constArg(0)!;
        const body = fnv - 2;
        const entry = this.forkEntries.length + 1;
        this.forkEntries.push(`E_${this.fnName[body]}`);
        const { params } = this.threadLocals();
        const p0 = this.fns[body]!.params > 0 ? this.regs[body]![0] : null;
        const arg = i.args.length > 1 ? A(1) : "0";
        const child = params.map((p) => (p0 !== null && p0 !== undefined && p === p0 ? arg : "0"));
        return res([
          "q = nextts", "nextts++", "tpid[q] = me", "ttid[q] = nexttid[me]", "nexttid[me]++", "tst[q] = 1", "tmask[q] = tmask[ts]", "nth[me]++",
          `run T(me, q, ${entry}, ${child.join(", ")})`, ...dst("ttid[q]"), "q = 0",
        ], "nextts < NTS");
      }
      case "pthread_exit":
        return { guard: null, stmts: this.threadEnds(), cont: false, extra: [], intrCond: null };
      case "pthread_self":
        return res(dst(this.tid()).concat(["skip"]).slice(0, 1));
      case "pthread_join": {
        const t = A(0);
        const slots = this.slotsOf("me");
        const running = slots.map((q) => `(tpid[${q}] == me && ttid[${q}] == ${t} && tst[${q}] == 1)`).join(" || ");
        let find = "q = 0";
        for (const q of [...slots].reverse()) find = `if :: tpid[${q}] == me && ttid[${q}] == ${t} && tst[${q}] == 2 -> q = ${q} :: else -> ${find} fi`;
        return res([`if :: ${t} == ${this.tid()} -> ${dst("35").join("; ") || "skip"}
    :: else -> ${find}; if :: q != 0 -> tst[q] = 0; tpid[q] = 0; ttid[q] = 0; ${dst("0").join("; ") || "skip"} :: else -> ${dst("3").join("; ") || "skip"} fi; q = 0 fi`], `!(${running})`);
      }
      case "pthread_mutex_init":
      case "pthread_cond_init":
      case "sem_init": {
        const value = name === "sem_init" ? `(${A(0)} > 0 -> ${A(0)} : 0)` : "0";
        return res(["nexth[me]++", `sy[me * NH + nexth[me]] = ${value}`, ...dst("nexth[me]")]);
      }
      case "pthread_mutex_lock":
      case "pthread_mutex_unlock":
      case "pthread_mutex_trylock":
      case "pthread_mutex_destroy": {
        const h = A(0);
        const sy = `sy[me * NH + ${h}]`;
        const valid = `(${h} >= 1 && ${h} < NH && ${sy} != -2)`;
        const ret = (v: number) => dst(String(v)).join("; ") || "skip";
        const tid = this.tid();
        if (name === "pthread_mutex_lock") {
          // a relock by the owner is mutex-misuse: a default mutex deadlocks, and that run stops there
          return res([`if :: !${valid} -> ${ret(EINVAL)} :: else -> if :: ${sy} == ${tid} -> STOPRUN :: else -> ${sy} = ${tid}; ${ret(0)} fi fi`], `!${valid} || ${sy} == 0 || ${sy} == ${tid}`);
        }
        if (name === "pthread_mutex_unlock") return res([`if :: !${valid} -> ${ret(EINVAL)} :: else -> if :: ${sy} != ${tid} -> ${ret(1)} :: else -> ${sy} = 0; ${ret(0)} fi fi`]);
        if (name === "pthread_mutex_trylock") return res([`if :: !${valid} -> ${ret(EINVAL)} :: else -> if :: ${sy} != 0 -> ${ret(16)} :: else -> ${sy} = ${tid}; ${ret(0)} fi fi`]);
        return res([`if :: !${valid} -> ${ret(EINVAL)} :: else -> if :: ${sy} != 0 -> ${ret(16)} :: else -> ${sy} = -2; ${ret(0)} fi fi`]);
      }
      case "sem_wait":
      case "sem_trywait":
      case "sem_post":
      case "sem_close": {
        const h = A(0);
        const sy = `sy[${this.semIndex(h)}]`;
        const valid = this.semValid(h);
        const einval = fail(EINVAL).join("; ") || "skip";
        if (name === "sem_close") return res(dst("0").concat(["skip"]).slice(0, 1));
        if (name === "sem_post") return res([`if :: !${valid} -> ${einval} :: else -> ${sy}++; ${dst("0").join("; ") || "skip"} fi`]);
        if (name === "sem_trywait") return res([`if :: !${valid} -> ${einval} :: ${valid} && ${sy} == 0 -> ${fail(11).join("; ") || "skip"} :: else -> ${sy}--; ${dst("0").join("; ") || "skip"} fi`]);
        const guard = `!${valid} || ${sy} > 0`;
        return { ...res([`if :: !${valid} -> ${einval} :: else -> ${sy}--; ${dst("0").join("; ") || "skip"} fi`], guard), intrCond: `!(${guard})` };
      }
      case "sem_open": {
        // sem_open(3): one semaphore per name, shared by every process; its handle is the name's id | NAMED
        const name = A(0);
        const flags = A(1);
        const value = i.args.length > 2 ? `(${A(2)} > 0 -> ${A(2)} : 0)` : "0";
        const bs = this.semNames.map((id, k) => `:: ${name} == ${id} -> if :: nsx[${k + 1}] -> ${dst(String(id | NAMED)).join("; ") || "skip"}
      :: else -> if :: (${flags} & 64) == 0 -> ${fail(2).join("; ") || "skip"} :: else -> nsx[${k + 1}] = 1; sy[${k + 1}] = ${value}; ${dst(String(id | NAMED)).join("; ") || "skip"} fi fi`);
        return res([`if ${bs.join("\n    ")} fi`]);
      }
      case "sem_unlink": {
        const bs = this.semNames.map((id, k) => `:: ${A(0)} == ${id} && nsx[${k + 1}] -> ${dst("0").join("; ") || "skip"}`);
        return res([`if ${bs.join(" ")} :: else -> ${fail(2).join("; ") || "skip"} fi`]);
      }
      case "shmget": {
        const key = A(0);
        const len = A(1);
        return res([`if :: ${len} < 0 || ${len} > 4096 -> ${fail(EINVAL).join("; ") || "skip"}
    :: else -> q = 0; if :: ${key} != 0 -> ${this.findSegment(key, 0)} :: else fi;
      if :: q == 0 -> q = nextseg; nextseg++; seglen[q] = ${len}; segkey[q] = (${key} == 0 -> -1 : ${key}); segposix[q] = 0 :: else fi;
      ${[...dst("q"), "q = 0"].join("; ")} fi`]);
      }
      case "shmat":
        return res([`if :: ${A(0)} >= 1 && ${A(0)} < nextseg -> ${dst(A(0)).join("; ") || "skip"} :: else -> ${fail(EINVAL).join("; ") || "skip"} fi`]);
      case "shmdt":
        return res(dst("0").concat(["skip"]).slice(0, 1));
      case "shmctl":
        return res([`if :: ${A(0)} >= 1 && ${A(0)} < nextseg -> segrm[${A(0)}] = 1; ${dst("0").join("; ") || "skip"} :: else -> ${fail(EINVAL).join("; ") || "skip"} fi`]);
      case "shm_open": {
        const name = A(0);
        return res([`q = 0; ${this.findSegment(name, 1)};
    if :: q == 0 && (${A(1)} & 64) == 0 -> ${fail(2).join("; ") || "skip"}
    :: else -> if :: q == 0 -> q = nextseg; nextseg++; seglen[q] = 0; segkey[q] = ${name}; segposix[q] = 1 :: else fi;
      rv = q; ${this.lowestFd()}; fdt[me * NFD + q] = 100 + rv; rv = 0; ${[...dst("q")].join("; ") || "skip"} fi; q = 0`]);
      }
      case "shm_unlink":
        return res([`q = 0; ${this.findSegment(A(0), 1)}; if :: q != 0 -> segrm[q] = 1; ${dst("0").join("; ") || "skip"} :: else -> ${fail(2).join("; ") || "skip"} fi; q = 0`]);
      case "ftruncate":
      case "mmap": {
        const fd = A(0);
        const e = `fdt[me * NFD + ${fd}]`;
        const isShm = `${fd} >= 0 && ${fd} < NFD && ${e} >= 100 && ${e} != 255`;
        if (name === "mmap") return res([`if :: ${isShm} -> ${dst(`${e} - 100`).join("; ") || "skip"} :: else -> ${fail(EBADF).join("; ") || "skip"} fi`]);
        const len = A(1);
        const zero: string[] = [];
        for (let k = 0; k < this.maxlen; k++) zero.push(`if :: ${k} >= ${len} -> shm[q * MAXLEN + ${k}] = 0 :: else fi`);
        return res([`if :: !(${isShm}) -> ${fail(EBADF).join("; ") || "skip"}
    :: else -> if :: ${len} < 0 || ${len} > 4096 -> ${fail(EINVAL).join("; ") || "skip"} :: else -> q = ${e} - 100; seglen[q] = ${len}; ${zero.join("; ")}; q = 0; ${dst("0").join("; ") || "skip"} fi fi`]);
      }
      case "close": {
        const fd = A(0);
        const closing = this.npipe > 1 ? `closefd(me * NFD + ${fd})` : `fdt[me * NFD + ${fd}] = 0`;
        return res([`if :: ${fd} >= 0 && ${fd} < NFD && fdt[me * NFD + ${fd}] != 0 -> ${closing}; ${dst("0").join("; ") || "skip"} :: else -> ${fail(EBADF).join("; ") || "skip"} fi`]);
      }
      case "Atomics.load":
      case "Atomics.store":
      case "Atomics.add":
      case "Atomics.sub":
      case "Atomics.exchange":
      case "Atomics.compareExchange": {
        const cell = this.sharedCell(A(0), A(1));
        const v = i.args.length > 2 ? A(2) : "0";
        const op = name.slice("Atomics.".length);
        const update = op === "load" ? [] : op === "store" ? [`${cell} = ${v}`] : op === "add" ? [`${cell} = ${cell} + ${v}`]
          : op === "sub" ? [`${cell} = ${cell} - ${v}`] : op === "exchange" ? [`${cell} = ${v}`] : [`if :: rv == ${v} -> ${cell} = ${A(3)} :: else fi`];
        const result = op === "store" ? v : "rv";
        return res([`if :: ${this.sharedValid(A(0), A(1))} -> ${["rv = " + cell, ...update, ...dst(result), "rv = 0"].join("; ")} :: else -> FAIL fi`]);
      }
      case "pthread_cond_signal":
      case "pthread_cond_broadcast": {
        const c = A(0);
        const slots = this.slotsOf("me");
        const waits = (q: string) => `tpid[${q}] == me && tcw[${q}] == ${c}`;
        const stmt = name === "pthread_cond_signal"
          ? `if ${slots.map((q) => `:: ${waits(q)} -> tcw[${q}] = -1`).join(" ")} :: else fi`
          : slots.map((q) => `if :: ${waits(q)} -> tcw[${q}] = -1 :: else fi`).join("; ");
        return res([stmt, ...dst("0")]);
      }
      case "pthread_cond_wait":
        return this.condWait(fid, pc, i);
      default:
        void self;
        throw new Refusal(`${name}()`, i);
    }
  }

  /** The index in sy of semaphore handle h: a process's own, or a named one (row 0). */
  private semIndex(h: string): string {
    if (this.semNames.length === 0) return `me * NH + ${h}`;
    let named = "0";
    this.semNames.forEach((id, k) => (named = `((${h} & ${NAMED - 1}) == ${id} -> ${k + 1} : ${named})`));
    return `((${h} & ${NAMED}) != 0 -> ${named} : me * NH + ${h})`;
  }

  private semValid(h: string): string {
    const local = `(${h} >= 1 && ${h} < NH)`;
    if (this.semNames.length === 0) return local;
    const named = this.semNames.map((id, k) => `(${h} == ${id | NAMED} && nsx[${k + 1}])`).join(" || ");
    return `(${local} || ${named})`;
  }

  /** q = the live segment with this key (System V) or name (POSIX), or stays 0. */
  private findSegment(key: string, posix: number): string {
    let chain = "skip";
    for (let s = this.nseg - 1; s >= 1; s--) chain = `if :: ${s} < nextseg && segkey[${s}] == ${key} && segposix[${s}] == ${posix} && segrm[${s}] == 0 -> q = ${s} :: else -> ${chain} fi`;
    return chain;
  }

  /** q = the lowest closed descriptor of the process (open(2): the lowest one is used). */
  private lowestFd(): string {
    let chain = "q = 0";
    for (let k = this.nfd - 1; k >= 0; k--) chain = `if :: fdt[me * NFD + ${k}] == 0 -> q = ${k} :: else -> ${chain} fi`;
    return chain;
  }

  private sharedValid(seg: string, index: string): string {
    return `(${seg} >= 1 && ${seg} < nextseg && ${index} >= 0 && ${index} < seglen[${seg}])`;
  }

  private sharedCell(seg: string, index: string): string {
    return `shm[${seg} * MAXLEN + ${index}]`;
  }

  /** The length of a string value: a constant's, or a string read from a pipe (S + its length). */
  private strlen(r: string): string {
    const table = this.stringTable(r, (t) => t.length);
    return this.npipe > 1 ? `(${r} >= S -> ${r} - S : ${table})` : table;
  }

  /**
   * write(fd, data) (LANGUAGE.md §3; pipe(7)): to a standard stream it prints; to a pipe's write end,
   * up to PIPE_BUF bytes go in whole, in one step once they fit; with no reader left the thread gets
   * SIGPIPE, then -1/EPIPE. Longer writes are refused by the constructor.
   */
  private write(fid: number, pc: number, i: Instr) {
    const R = (r: number) => this.reg(fid, r);
    const dst = (v: string) => this.setDst(fid, i, v).join("; ") || "skip";
    const fail = (e: number) => [...this.setDst(fid, i, "-1"), `err = ${e}`].join("; ");
    const fd = R(i.args[0]!);
    const len = this.strlen(R(i.args[1]!));
    const res = (stmts: string[], guard: string | null = null, intrCond: string | null = null) => ({ guard, stmts, cont: true, extra: [] as string[], intrCond });
    if (this.nfd === 0) return res([`if :: ${fd} == 1 || ${fd} == 2 -> ${dst(len)} :: else -> ${fail(EBADF)} fi`]);
    const e = `fdt[me * NFD + ${fd}]`;
    const inRange = `(${fd} >= 0 && ${fd} < NFD)`;
    const stdout = `(${inRange} && ${e} == 255)`;
    if (this.npipe <= 1) return res([`if :: ${stdout} -> ${dst(len)} :: else -> ${fail(EBADF)} fi`]);
    const isWrite = `(${inRange} && ${e} >= 1 && ${e} < 100 && ${e} % 2 == 0)`;
    const P = `pbytes[${e} / 2]`;
    const readers = `dref[${e} - 1]`;
    const guard = `!${isWrite} || ${len} == 0 || ${readers} == 0 || dnb[${e}] || CAP - ${P} >= ${len}`;
    const b = sigbit(SIGPIPE);
    const sigpipe = `if :: ${this.ignoredIn("me", SIGPIPE)} && (tmask[ts] & ${b}) == 0 -> skip :: else -> tpend = tpend | ${b} fi`;
    const now = this.deliverNow(this.afterLabel(fid, pc));
    const stmt = `rv = ${len};
    if :: ${stdout} -> ${dst("rv")}
    :: !${stdout} && !${isWrite} -> ${fail(EBADF)}
    :: ${isWrite} && rv == 0 -> ${dst("0")}
    :: ${isWrite} && rv > 0 && ${readers} == 0 -> rv = 0; ${fail(32)}; ${sigpipe}; ${now}
    :: ${isWrite} && rv > 0 && ${readers} > 0 && CAP - ${P} >= rv -> ${P} = ${P} + rv; ${dst("rv")}
    :: else -> ${fail(11)}
    fi; rv = 0`;
    return res([stmt], guard, `!(${guard})`);
  }

  /** The calling thread's id. */
  private tid(): string {
    return this.threads ? "ttid[ts]" : "1";
  }

  /** The thread slots a process may use: its first thread's (its pid) and the extra ones. */
  private slotsOf(p: string): string[] {
    const out = [p];
    for (let t = this.np; t < this.nts; t++) out.push(String(t));
    return out;
  }

  /** A thread ends (its function returned, or pthread_exit); the last one ends the process (status 0). */
  private threadEnds(): string[] {
    return ["tst[ts] = 2", "tmask[ts] = 0", "tcw[ts] = 0", "nth[me]--", "if :: nth[me] == 0 -> exitproc(0) :: else fi", "goto END"];
  }

  /**
   * pthread_cond_wait(c, m), two steps (LANGUAGE.md §2): release the mutex and wait (in CW_); woken
   * (or spuriously, or by a handler: signal(7)), take the mutex back (RL_) and return 0.
   */
  private condWait(fid: number, pc: number, i: Instr) {
    const fnn = this.fnName[fid]!;
    const cw = `CW_${fnn}_${pc}`;
    const rl = `RL_${fnn}_${pc}`;
    const c = this.reg(fid, i.args[0]!);
    const h = this.reg(fid, i.args[1]!);
    const sy = `sy[me * NH + ${h}]`;
    const tid = this.tid();
    const ret = (v: number) => this.setDst(fid, i, String(v)).join("; ") || "skip";
    const stmts = [`if :: !(${h} >= 1 && ${h} < NH && ${sy} != -2) -> ${ret(EINVAL)}
    :: else -> if :: ${sy} != ${tid} -> ${ret(1)} :: else -> ${sy} = 0; tcw[ts] = ${c}; goto ${cw} fi fi`];
    const extra = [`${cw}:`, "  if", `  :: atomic { tcw[ts] == -1 -> goto ${rl} }`];
    // a spurious wake-up never keeps a state from being stuck (LANGUAGE.md §4): the run for invalid end states leaves it out
    extra.push("#ifndef NOSPURIOUS", `  :: atomic { tcw[ts] = -1; goto ${rl} }`, "#endif");
    extra.push(...this.deliveryBranches(cw, rl, null, ["tcw[ts] = -1"]), "  fi");
    this.retCode(rl);
    const relock = `atomic { ${sy} == 0 || !(${h} >= 1 && ${h} < NH) -> ${[`if :: ${h} >= 1 && ${h} < NH -> ${sy} = ${tid} :: else fi`, "tcw[ts] = 0", ...this.setDst(fid, i, "0"), ...this.localWork(fid, pc + 1)].join(";\n    ")} }`;
    extra.push(`${rl}:`);
    if (this.pendable.length === 0) extra.push(`  ${relock}`);
    else extra.push("  if", `  :: ${relock}`, ...this.deliveryBranches(rl, rl, null), "  fi");
    return { guard: null, stmts, cont: true, extra, intrCond: null as string | null };
  }

  /** fork: the child's copies of the parent's synchronization objects (a mutex the parent holds is the child's). */
  private copySync(): string[] {
    const o: string[] = [];
    for (let k = 0; k < this.nfd; k++) {
      o.push(`fdt[q * NFD + ${k}] = fdt[me * NFD + ${k}]`);
      if (this.npipe > 1) o.push(`if :: fdt[q * NFD + ${k}] >= 1 && fdt[q * NFD + ${k}] < 100 -> dref[fdt[q * NFD + ${k}]]++ :: else fi`);
    }
    if (this.nh <= 1) return o;
    o.push("nexth[q] = nexth[me]");
    for (let h = 1; h < this.nh; h++) o.push(`sy[q * NH + ${h}] = sy[me * NH + ${h}]`);
    return o;
  }

  /** `; discard` when setting handler h for s makes the process ignore s: a pending one is dropped. */
  private ignoresAfterSet(s: number, h: string): string {
    const d = defaultAction(s);
    const dflIgnores = d === DefaultAction.Ignore || d === DefaultAction.Continue;
    const b = sigbit(s);
    const clear = `ppend[me] = ppend[me] & ~${b}${this.threadDirected ? `; tpend = tpend & ~${b}` : ""}`;
    return `; if :: ${h} == 1${dflIgnores ? ` || ${h} == 0` : ""} -> ${clear} :: else fi`;
  }

  /** pause() and sigsuspend(mask): the thread waits in P_ until a handler has run, then fails with EINTR. */
  private pauseLike(fid: number, pc: number, i: Instr, suspend: boolean) {
    const fnn = this.fnName[fid]!;
    const wait = `P_${fnn}_${pc}`;
    const back = `X${suspend ? "S" : ""}_${fnn}_${pc}`;
    // LANGUAGE.md §4: it waits for the user when an environment signal with a handler is unblocked
    const env = this.model.options.envSignals.filter((e) => this.actionVars(e) !== null);
    const idle = env.length ? env.map((e) => `(${this.actionVars(e)!.h}[me] >= 2 && (tmask[ts] & ${sigbit(e)}) == 0)`).join(" || ") : "false";
    const enter = env.length ? `if :: ${idle} -> goto end_${wait} :: else -> goto ${wait} fi` : `goto ${wait}`;
    const stmts = suspend
      ? ["tsaved = tmask[ts]", `tmask[ts] = ${this.reg(fid, i.args[0]!)} & ${MASK_OK}`, this.deliverNow(back), enter]
      : [enter];
    const extra: string[] = [];
    for (const label of env.length ? [wait, `end_${wait}`] : [wait]) {
      extra.push(`${label}:`);
      if (this.pendable.length === 0) extra.push("  false");
      else extra.push("  if", ...this.deliveryBranches(label, back, null), "  fi");
    }
    this.retCode(back);
    const restore = suspend ? ["tmask[ts] = tsaved", "tsaved = 0"] : [];
    extra.push(`${back}:`, ...this.block(fid, [...restore, ...this.setDst(fid, i, "-1"), `err = ${EINTR}`], pc + 1));
    return { guard: null, stmts, cont: false, extra, intrCond: null };
  }

  private copyProcess(): string[] {
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

function f_deadAcross(f: FunctionModel, pc: number): readonly number[] {
  return f.deadAcrossCall[pc] ?? [];
}

function truthy(kind: number, r: string): string {
  if (kind === ValueKind.Str) return `(${r} > 0 -> 1 : 0)`;
  if (kind === ValueKind.Tuple || kind === ValueKind.SharedArray) return `(${r} >= 0 -> 1 : 0)`;
  return `(${r} != 0 -> 1 : 0)`;
}

void SIGALRM;
