// The machine: one state being stepped. It loads a state into a reusable buffer, applies one
// transition in place (the semantics files do the calls' work), runs the acting thread's local work
// up to its next visible step, and hands the buffer back. Nothing here allocates per transition
// except the rare work of reporting a finding.
import { Op, type FunctionModel, type Instr, type Model, type Span } from "../model/model.js";
import { API_CALLS, ValueKind } from "../model/api.js";
import {
  F_FN, F_INTR, F_PC, F_REGS, F_SAVEDMASK, F_SIG, FD_STDERR, FD_STDIN, FD_STDOUT, H_ENV, H_NEXT_OBJ, H_NEXT_PID, H_NPROC, P_ACTIONS, P_ALARM, P_LEN,
  P_NEXT_TID, P_NTHREADS, P_PENDING, P_PID, P_PPID, P_STATE, P_STOPPED, PROC_ALIVE, T_ERRNO, T_FRAMES,
  T_LAST, T_LEN, T_MASK, T_NFRAMES, T_PENDING, T_STATE, T_TID, TS_CONDWAIT, TS_CONDWAKE, TS_EXITED, TS_RUNNING, TS_SLEEP, TS_WAIT_ENTRY, instrId, layoutFor, type StateLayout,
} from "./state-layout.js";
import { ActionTable, StringTable, TupleTable } from "./interner.js";
import { evalBinaryOp } from "./arithmetic.js";
import type { CompiledFunction } from "./compiled-code.js";
import { execSyscall, pureSyscall, syscallEnabled, blocksUntilComplete, neverInterrupted, timedReceive, writesOtherProcesses } from "./semantics/dispatch.js";
import { networkEvent, networkEvents } from "./semantics/network.js";
import { canonicalizeObjects } from "./canonical.js";
import { canonicalizeSiblings, SymmetryScratch, type PidCarriers } from "./symmetry.js";
import { compactZombies, zombieCarriers, ZombieScratch, type ZombieCarriers } from "./zombies.js";
import { relock, relockEnabled, wakeSpuriously } from "./semantics/condvars.js";
import { threadEnds } from "./semantics/threads.js";
import { slot } from "./semantics/shared-memory.js";
import { atSignalWait, deliver, deliveryVariants, handlerReturn, raiseFault, waitEntryChoices, arriveAt } from "./semantics/signals.js";
import { sendEnvSignal } from "./semantics/environment.js";
import { alarmExpires, sleepEnds } from "./semantics/timers.js";
import { checkGlobalAccess } from "./checks.js";
import type { RuleId } from "../rules/rule-ids.js";
import { SIGFPE, sigbit } from "../model/signals.js";

export const enum TransitionKind {
  Step = 0,
  Deliver = 1,
  Alarm = 2,
  Env = 3,
  /** a datagram in flight arrives, is lost, or is duplicated */
  Net = 4,
}

/** A transition is 4 ints in the transition buffer: kind, pid, tid or signal, choice or variant. */
export const TRANSITION_WORDS = 4;
/** Machine.writer: the transition may have written any process */
export const WROTE_ANY = -1;

/** What the transition applied last may have written (Machine implements it; see Machine.writer). */
export interface StepWrites {
  readonly writer: number;
  readonly writer2: number;
  /** the one thread of process `writer` whose block it may have changed (its tid), or 0: any of them */
  readonly writerTid: number;
  readonly wroteKernel: boolean;
}

export interface RawFinding {
  readonly rule: RuleId;
  /** findings with the same key are one finding (the first, shortest, is kept) */
  readonly key: string;
  readonly message: string;
  readonly span: Span | null;
  /** other places the message names */
  readonly related: readonly Span[];
}

export interface FindingSink {
  report(finding: RawFinding): void;
}

/** What the last transition did, for traces (filled only when tracing). */
export interface StepInfo {
  kind: TransitionKind;
  pid: number;
  tid: number;
  /** the signal delivered or sent, or 0 */
  sig: number;
  /** the last signal the transition delivered (a delivery, or one a step made: raise, sigprocmask, kill of oneself, a wait's entry), or 0 */
  delivered: number;
  /** function and pc of the visible instruction the step executed, or -1 */
  fn: number;
  pc: number;
  /** the innermost handler the actor was running before the step (0: none) */
  handlerSig: number;
  /** what the step wrote to standard output */
  output: string | null;
  /** a short word for steps that execute no instruction ("sleep ends", "alarm expires") */
  note: string | null;
  /** the value the step's call returned or its read loaded, once it completed */
  result: number | null;
  /** errno set by the step's call when it failed, or 0 */
  errno: number;
  /** the API call that completed in the step (its own, or one a returning handler interrupted), or -1 */
  call: number;
  /** things the step did that a state difference does not show (a process ended, a signal lost) */
  events: string[];
}

/** The explorer's bounds that a single run can hit. */
export const MAX_FRAMES = 1000;
const LOCAL_STEP_LIMIT = 100_000;

export class Machine implements StepWrites {
  readonly layout: StateLayout;
  readonly strings: StringTable;
  readonly actions = new ActionTable();
  readonly tuples = new TupleTable();
  buf = new Int32Array(1024);
  len = 0;
  /** keep every value, also those that decide nothing (trace replay) */
  concrete = false;
  /** the run stops here (a failed assertion): the successor is dropped */
  dead = false;
  /** a bound was hit on this transition (recursion depth, process count) */
  bound: string | null = null;
  sink: FindingSink | null = null;
  tracing = false;
  readonly info: StepInfo = { kind: TransitionKind.Step, pid: 0, tid: 0, sig: 0, delivered: 0, fn: -1, pc: -1, handlerSig: 0, output: null, note: null, result: null, errno: 0, call: -1, events: [] };
  private readonly fns: readonly FunctionModel[];
  private readonly netScratch: number[] = [];
  /** transitions other than spurious wake-ups: a state with none is stuck (LANGUAGE.md §4) */
  liveCount = 0;
  private canonMap: Int32Array = new Int32Array(64);
  /** a kernel object was created or freed by the transition being applied (then ids are renumbered) */
  objectsChanged = false;
  /**
   * What the transition applied last may have written, for the visited set (it compares only those
   * components with the parent's): the pid of the one process whose block it may have changed (0:
   * none), or WROTE_ANY; `writer2`: a second one (a signal's target), or -1; `wroteKernel`: the kernel
   * section too; `writerTid`: within the writer's process, the one thread whose block it may have
   * changed besides the process's own fields (0: any). A transition starts narrow (its own thread)
   * and every path that reaches further widens it: system calls, a signal sent, a condition
   * variable signalled, a process's end, ids renumbered.
   */
  writer = WROTE_ANY;
  writer2 = -1;
  writerTid = 0;
  wroteKernel = true;
  /** each function's local work compiled (compiled-code.ts), or null: the interpreter runs it; never while `concrete` */
  compiled: (CompiledFunction | null)[] | null = null;
  /** local work joins the next step (ModelOptions.mergeLocalWork); else each instruction is a step */
  readonly mergeLocal: boolean;
  /** pause() and sigsuspend() are entered with the signal they take (ModelOptions.mergeSignalWaits; semantics/signals.ts) */
  readonly mergeSignalWaits: boolean;
  /** sort interchangeable sibling processes after each transition (symmetry reduction, symmetry.ts): where pids may be held */
  symmetry: PidCarriers | null = null;
  readonly symmetryScratch = new SymmetryScratch();
  /** zombies take the lowest pids no one may still name (zombies.ts): where pids may be held, or null */
  readonly zombies: ZombieCarriers | null;
  private readonly zombieScratch = new ZombieScratch();
  /** the last transition renamed some pids (symmetryScratch.renamed says how) */
  renamedLast = false;

  constructor(readonly model: Model) {
    this.mergeLocal = model.options.mergeLocalWork !== false;
    this.mergeSignalWaits = model.options.mergeSignalWaits !== false;
    this.zombies = zombieCarriers(model);
    this.layout = layoutFor(model);
    this.strings = new StringTable(model.strings);
    this.fns = model.functions;
  }

  // ------------------------------------------------------------------ state access

  /** The initial state: process 1 about to run main (LANGUAGE.md §1: initializers run before main). */
  initialState(): void {
    const L = this.layout;
    const m = this.model;
    this.len = 0;
    this.ensure(L.headerSize + L.procFixed + 64);
    this.buf.fill(0);
    this.buf[H_NEXT_PID] = 2;
    this.buf[H_NPROC] = 1;
    this.buf[H_NEXT_OBJ] = 1;
    this.len = L.headerSize;
    const p = this.len;
    this.len += L.procFixed;
    this.buf[p + P_LEN] = L.procFixed;
    this.buf[p + P_PID] = 1;
    this.buf[p + P_PPID] = 0;
    this.buf[p + P_NEXT_TID] = 2;
    if (L.fds > 0) {
      this.buf[p + L.fdsAt] = FD_STDIN;
      this.buf[p + L.fdsAt + 1] = FD_STDOUT;
      this.buf[p + L.fdsAt + 2] = FD_STDERR;
    }
    // the kernel section: no object yet, only its length word
    this.buf[this.len++] = 1;
    for (let i = 0; i < L.globalSlots; i++) {
      const g = this.globalOfSlot(i);
      this.buf[p + L.globalsAt + i] = this.concrete || g.relevant ? m.globalInit[i]! : 0;
    }
    const t = this.addThread(p, 1);
    this.pushFrame(p, t, m.start);
    this.buf[p + P_NTHREADS] = 1;
    this.runThread(1, 1, false, 0);
  }

  private globalOfSlot(slot: number) {
    const gs = this.model.globals;
    for (let i = gs.length - 1; i >= 0; i--) if (gs[i]!.slot <= slot) return gs[i]!;
    throw new Error("no global at slot");
  }

  load(src: Int32Array, len: number): void {
    this.ensure(len + 64);
    this.buf.set(src.subarray(0, len));
    this.len = len;
    this.dead = false;
    this.bound = null;
  }

  ensure(n: number): void {
    if (n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < n) size *= 2;
    const b = new Int32Array(size);
    b.set(this.buf.subarray(0, this.len));
    this.buf = b;
  }

  /** Inserts `delta` zero words at `at` (or removes -delta words there), fixing the enclosing lengths. */
  resize(at: number, delta: number, proc: number, thread: number): void {
    const b0 = this.buf;
    if (delta > 0) {
      this.ensure(this.len + delta);
      const b = this.buf;
      b.copyWithin(at + delta, at, this.len);
      b.fill(0, at, at + delta);
    } else if (delta < 0) {
      b0.copyWithin(at, at - delta, this.len);
    }
    this.len += delta;
    if (proc >= 0) this.buf[proc + P_LEN] += delta;
    if (thread >= 0) this.buf[thread + T_LEN] += delta;
  }

  firstProc(): number {
    return this.layout.headerSize;
  }

  /** Offset of the kernel section (after the last process). */
  kernelStart(): number {
    return this.len - this.buf[this.len - 1]!;
  }

  nproc(): number {
    return this.buf[H_NPROC]!;
  }

  nextProc(p: number): number {
    return p + this.buf[p + P_LEN]!;
  }

  /** Offset of the process with this pid, or -1. */
  findProc(pid: number): number {
    let p = this.firstProc();
    for (let i = this.buf[H_NPROC]!; i > 0; i--) {
      if (this.buf[p + P_PID] === pid) return p;
      p += this.buf[p + P_LEN]!;
    }
    return -1;
  }

  firstThread(p: number): number {
    return p + this.layout.procFixed;
  }

  findThread(p: number, tid: number): number {
    let t = p + this.layout.procFixed;
    for (let i = this.buf[p + P_NTHREADS]!; i > 0; i--) {
      if (this.buf[t + T_TID] === tid) return t;
      t += this.buf[t + T_LEN]!;
    }
    return -1;
  }

  /** Appends an empty thread block to process p (the caller sets P_NTHREADS). */
  addThread(p: number, tid: number): number {
    const at = p + this.buf[p + P_LEN]!;
    this.resize(at, T_FRAMES, p, -1);
    this.buf[at + T_LEN] = T_FRAMES;
    this.buf[at + T_TID] = tid;
    return at;
  }

  frameSize(fn: number): number {
    return F_REGS + this.fns[fn]!.regCount;
  }

  topFrame(t: number): number {
    let f = t + T_FRAMES;
    for (let i = this.buf[t + T_NFRAMES]! - 1; i > 0; i--) f += this.frameSize(this.buf[f + F_FN]!);
    return f;
  }

  /** The frame below f in thread t, or -1. */
  frameBelow(t: number, f: number): number {
    let g = t + T_FRAMES;
    if (g === f) return -1;
    for (;;) {
      const next = g + this.frameSize(this.buf[g + F_FN]!);
      if (next === f) return g;
      g = next;
    }
  }

  pushFrame(p: number, t: number, fn: number): number {
    const at = t + this.buf[t + T_LEN]!;
    this.resize(at, this.frameSize(fn), p, t);
    this.buf[at + F_FN] = fn;
    this.buf[t + T_NFRAMES]! += 1;
    return at;
  }

  popFrame(p: number, t: number): void {
    const f = this.topFrame(t);
    this.resize(f, -this.frameSize(this.buf[f + F_FN]!), p, t);
    this.buf[t + T_NFRAMES]! -= 1;
  }

  /** The base frame of the innermost handler running on thread t, or -1. */
  innermostHandler(t: number): number {
    let found = -1;
    let f = t + T_FRAMES;
    for (let i = this.buf[t + T_NFRAMES]!; i > 0; i--) {
      if (this.buf[f + F_SIG]! > 0) found = f;
      f += this.frameSize(this.buf[f + F_FN]!);
    }
    return found;
  }

  isBaseFrame(t: number, f: number): boolean {
    return f === t + T_FRAMES || this.buf[f + F_SIG]! > 0;
  }

  /** The action id of a signal in process p (untracked signals are always SIG_DFL). */
  actionOf(p: number, sig: number): number {
    const i = this.model.actionIndex[sig]!;
    return i < 0 ? 0 : this.buf[p + P_ACTIONS + i]!;
  }

  setAction(p: number, sig: number, action: number): void {
    const i = this.model.actionIndex[sig]!;
    if (i >= 0) this.buf[p + P_ACTIONS + i] = action;
  }

  instrAt(f: number): Instr {
    return this.fns[this.buf[f + F_FN]!]!.code[this.buf[f + F_PC]!]!;
  }

  /** Writes a call's or an instruction's result to its destination register, unless it decides nothing. */
  setDst(f: number, instr: Instr, value: number): void {
    if (instr.dst >= 0) this.buf[f + F_REGS + instr.dst] = instr.keep || this.concrete ? value : 0;
  }

  reg(f: number, r: number): number {
    return this.buf[f + F_REGS + r]!;
  }

  /** A call completes: its result, and the pc moves past it. */
  complete(f: number, instr: Instr, value: number): void {
    if (this.tracing && this.info.result === null) {
      this.info.result = value;
      this.info.call = instr.op === Op.Syscall ? instr.a : -1;
    }
    this.setDst(f, instr, value);
    this.buf[f + F_PC]! += 1;
  }

  /** A call fails: -1 (or null), errno set in the calling thread. */
  fail(t: number, f: number, instr: Instr, errno: number): void {
    this.buf[t + T_ERRNO] = errno;
    if (this.tracing && this.info.result === null) this.info.errno = errno;
    this.complete(f, instr, -1);
  }

  report(rule: RuleId, key: string, message: string, span: Span | null, related: readonly Span[] = []): void {
    this.sink?.report({ rule, key, message, span, related });
  }

  // ------------------------------------------------------------------ transitions

  /** Fills `out` with the enabled transitions of the loaded state; returns how many. */
  transitions(out: Int32Array): number {
    let n = 0;
    const b = this.buf;
    const L = this.layout;
    let p = this.firstProc();
    for (let i = b[H_NPROC]!; i > 0; i--, p += b[p + P_LEN]!) {
      if (b[p + P_STATE] !== PROC_ALIVE) continue;
      const pid = b[p + P_PID]!;
      if (b[p + P_STOPPED] === 0) {
        let t = this.firstThread(p);
        for (let j = b[p + P_NTHREADS]!; j > 0; j--, t += b[t + T_LEN]!) {
          const tid = b[t + T_TID]!;
          if (b[t + T_STATE] === TS_EXITED) continue;
          const choices = this.stepChoices(p, t);
          for (let c = 0; c < choices; c++) n = put(out, n, TransitionKind.Step, pid, tid, c);
          // at a pause() or sigsuspend(), a delivery came before the call: listed with the spurious wake-ups
          if (!atSignalWait(this, t)) n = this.deliveries(out, n, p, t);
        }
      }
      if (b[p + P_ALARM]! > 0) n = put(out, n, TransitionKind.Alarm, pid, 0, 0);
    }
    if (this.model.usesDescriptors) {
      const events = this.netScratch;
      events.length = 0;
      networkEvents(this, events);
      for (let i = 0; i < events.length; i += 2) n = put(out, n, TransitionKind.Net, 0, events[i]!, events[i + 1]!);
    }
    const env = L.envSignals;
    for (let e = 0; e < env.length; e++) {
      if (b[H_ENV + e]! >= this.model.options.envSignalLimit) continue;
      const sig = env[e]!;
      let q = this.firstProc();
      for (let i = b[H_NPROC]!; i > 0; i--, q += b[q + P_LEN]!) {
        if (b[q + P_STATE] !== PROC_ALIVE || (b[q + P_PENDING]! & sigbit(sig)) !== 0) continue;
        if (!this.model.options.envSignalsListed && this.actions.actions[this.actionOf(q, sig)]!.handler < 2) continue;
        n = put(out, n, TransitionKind.Env, b[q + P_PID]!, e, 0);
      }
    }
    this.liveCount = n;
    // spurious wake-ups, and deliveries before a pause() or sigsuspend() (signals.ts), last: they are
    // possible, never fair, and never keep a state from being stuck
    let q = this.firstProc();
    for (let i = b[H_NPROC]!; i > 0; i--, q += b[q + P_LEN]!) {
      if (b[q + P_STATE] !== PROC_ALIVE || b[q + P_STOPPED] !== 0) continue;
      let t = this.firstThread(q);
      for (let j = b[q + P_NTHREADS]!; j > 0; j--, t += b[t + T_LEN]!) {
        if (b[t + T_STATE] === TS_CONDWAIT) n = put(out, n, TransitionKind.Step, b[q + P_PID]!, b[t + T_TID]!, 0);
        else if (atSignalWait(this, t)) n = this.deliveries(out, n, q, t);
      }
    }
    // more than `out` holds (a typed array drops the writes past its end): a bound, never a silent cut
    const room = (out.length / TRANSITION_WORDS) | 0;
    if (n > room) {
      this.bound = `transitions (more than ${room} from one state)`;
      this.liveCount = Math.min(this.liveCount, room);
      n = room;
    }
    return n;
  }

  /** Puts the deliveries of the signals deliverable to thread t of p (each in its variants) into `out` from n on; returns the new count. */
  private deliveries(out: Int32Array, n: number, p: number, t: number): number {
    const b = this.buf;
    const deliverable = (b[t + T_PENDING]! | b[p + P_PENDING]!) & ~b[t + T_MASK]!;
    if (deliverable === 0) return n;
    const pid = b[p + P_PID]!;
    const tid = b[t + T_TID]!;
    for (let sig = 1; sig <= 31; sig++) {
      if ((deliverable & sigbit(sig)) === 0) continue;
      const variants = deliveryVariants(this, p, t, sig);
      for (let v = 0; v < variants; v++) n = put(out, n, TransitionKind.Deliver, pid, tid, (sig << 8) | v);
    }
    return n;
  }

  /** How many ways thread t can step now (0: it cannot; nondet gives several). */
  private stepChoices(p: number, t: number): number {
    const st = this.buf[t + T_STATE]!;
    if (st === TS_SLEEP) return 1;
    if (st === TS_CONDWAKE) return relockEnabled(this, p, t) ? 1 : 0;
    if (st === TS_WAIT_ENTRY) return waitEntryChoices(this, p, t);
    if (st !== TS_RUNNING) return 0;
    const f = this.topFrame(t);
    const instr = this.instrAt(f);
    if (instr.op === Op.Syscall && instr.visible) return syscallEnabled(this, p, t, f, instr);
    return 1;
  }

  /** Applies transition k of `trans` to the loaded state. */
  apply(trans: Int32Array, k: number): void {
    this.objectsChanged = false;
    const o = k * TRANSITION_WORDS;
    const kind = trans[o]! as TransitionKind;
    this.writer = kind === TransitionKind.Net ? 0 : trans[o + 1]!;
    this.writer2 = -1;
    // a step or a delivery runs one thread: the others of its process keep their blocks
    this.writerTid = kind === TransitionKind.Step || kind === TransitionKind.Deliver ? trans[o + 2]! : 0;
    this.wroteKernel = kind === TransitionKind.Net;
    this.applyTransition(trans, k);
    if (this.objectsChanged && !this.concrete && !this.dead) this.canonMap = canonicalizeObjects(this, this.canonMap);
    if (this.zombies !== null && this.symmetry === null && !this.concrete && !this.dead && compactZombies(this, this.zombies, this.zombieScratch)) this.widen();
    this.renamedLast = this.symmetry !== null && !this.concrete && !this.dead && canonicalizeSiblings(this, this.symmetry, this.symmetryScratch);
    if (this.symmetry !== null) this.widen(); // siblings sorted: every process may move
  }

  /** The transition being applied may write anywhere (see `writer`). */
  widen(): void {
    this.writer = WROTE_ANY;
    this.writerTid = 0;
    this.wroteKernel = true;
  }

  /** The transition being applied writes thread `tid` of process `pid` (see `writerTid`). */
  wroteThread(pid: number, tid: number): void {
    if (pid !== this.writer) this.wrote(pid);
    else if (tid !== this.writerTid) this.writerTid = 0;
  }

  /** The transition being applied writes process `pid`'s block too (see `writer`): a second one is noted, a third widens. */
  wrote(pid: number): void {
    if (this.writer === WROTE_ANY || pid === this.writer || pid === this.writer2) return;
    if (this.writer2 < 0) this.writer2 = pid;
    else this.widen();
  }

  /** The transition being applied may write the kernel section. */
  touchKernel(): void {
    this.wroteKernel = true;
  }

  private applyTransition(trans: Int32Array, k: number): void {
    const o = k * TRANSITION_WORDS;
    const kind = trans[o]! as TransitionKind;
    const pid = trans[o + 1]!;
    const x = trans[o + 2]!;
    const y = trans[o + 3]!;
    const info = this.info;
    info.kind = kind;
    info.pid = pid;
    info.tid = 0;
    info.sig = 0;
    info.delivered = 0;
    info.fn = -1;
    info.pc = -1;
    info.handlerSig = 0;
    info.output = null;
    info.note = null;
    info.result = null;
    info.errno = 0;
    info.call = -1;
    if (info.events.length > 0) info.events = [];
    switch (kind) {
      case TransitionKind.Step: {
        info.tid = x;
        const p = this.findProc(pid);
        const t = this.findThread(p, x);
        if (this.tracing) {
          const h = this.innermostHandler(t);
          info.handlerSig = h >= 0 ? this.buf[h + F_SIG]! : 0;
        }
        const st = this.buf[t + T_STATE]!;
        if (st === TS_SLEEP) {
          sleepEnds(this, p, t);
          info.note = "sleep ends";
          this.runThread(pid, x, false, 0);
        } else if (st === TS_CONDWAKE) {
          info.note = "takes the mutex back: pthread_cond_wait returns";
          relock(this, p, t);
          this.runThread(pid, x, false, 0);
        } else if (st === TS_CONDWAIT) {
          wakeSpuriously(this, t);
        } else {
          // entering a pause() or sigsuspend() with the lowest signal it takes (choice 0)
          if (st === TS_WAIT_ENTRY) this.buf[t + T_STATE] = TS_RUNNING;
          this.runThread(pid, x, true, y);
        }
        return;
      }
      case TransitionKind.Deliver: {
        info.tid = x;
        info.sig = y >> 8;
        const p = this.findProc(pid);
        const t = this.findThread(p, x);
        if (this.tracing) {
          const h = this.innermostHandler(t);
          info.handlerSig = h >= 0 ? this.buf[h + F_SIG]! : 0;
        }
        deliver(this, p, t, y >> 8, y & 0xff, null);
        return;
      }
      case TransitionKind.Alarm:
        info.note = "alarm expires";
        info.sig = 14;
        alarmExpires(this, this.findProc(pid));
        return;
      case TransitionKind.Net:
        networkEvent(this, x, y);
        return;
      case TransitionKind.Env: {
        const sig = this.layout.envSignals[x]!;
        info.sig = sig;
        this.buf[H_ENV + x]! += 1;
        sendEnvSignal(this, this.findProc(pid), sig);
        return;
      }
    }
  }

  // ------------------------------------------------------------------ running a thread

  /**
   * Runs thread (pid, tid): when `stepping`, its next step (a visible instruction, or one turn of a
   * loop with none), then its local work up to the next visible instruction; else only the local work.
   * Without merging (--no-local-merge) a step is one instruction, and there is no local work after it.
   */
  runThread(pid: number, tid: number, stepping: boolean, choice: number): void {
    let acted = !stepping;
    // without merging, the one instruction run so far ends the step
    const single = !this.mergeLocal;
    let ran = false;
    let backs = 0;
    // where the process, the thread and its top frame lie: found again only after a step that may
    // move them (a visible one, a call, a return); local work writes registers only
    let locate = true;
    let p = -1;
    let t = -1;
    let f = -1;
    for (let guard = 0; ; guard++) {
      if (guard > LOCAL_STEP_LIMIT) {
        this.bound = "local steps";
        this.dead = true;
        return;
      }
      if (locate) {
        p = this.findProc(pid);
        if (p < 0 || this.buf[p + P_STATE] !== PROC_ALIVE) return;
        t = this.findThread(p, tid);
        if (t < 0 || this.buf[t + T_STATE] !== TS_RUNNING) return;
        f = this.topFrame(t);
        locate = false;
      }
      const bb = this.buf;
      const fnId = bb[f + F_FN]!;
      const fn = this.fns[fnId]!;
      const pc = bb[f + F_PC]!;
      const instr = fn.code[pc]!;
      const r = f + F_REGS;
      if (single) {
        if (acted || ran) {
          this.clearDead(r, fn.deadAt[pc]!);
          if (instr.op === Op.Syscall) arriveAt(this, p, t, f, instr);
          return;
        }
        ran = true;
      }
      if (instr.visible || (instr.op === Op.Return && this.isBaseFrame(t, f))) {
        if (acted) {
          this.clearDead(r, fn.deadAt[pc]!);
          if (instr.op === Op.Syscall) arriveAt(this, p, t, f, instr);
          return;
        }
        if (this.tracing) {
          this.info.fn = fnId;
          this.info.pc = pc;
        }
        bb[t + T_LAST] = instr.global >= 0 && this.model.handlerGlobals[instr.global] ? instrId(fnId, pc) : 0;
        this.execVisible(p, t, f, instr, choice);
        acted = true;
        backs = 0;
        locate = true;
        if (this.dead) return;
        continue;
      }
      const compiled = this.concrete || !this.mergeLocal ? null : this.compiled?.[fnId];
      if (compiled && compiled.handles[pc] === 1) {
        bb[f + F_PC] = compiled.run(bb, r, p + this.layout.globalsAt, pc);
        continue;
      }
      switch (instr.op) {
        case Op.Const:
          this.setDst(f, instr, instr.a);
          break;
        case Op.Move:
          this.setDst(f, instr, bb[r + instr.a]!);
          break;
        case Op.Binary: {
          const y = bb[r + instr.b]!;
          if (y === 0 && (instr.c === 3 || instr.c === 4)) {
            // division by zero: a fault (SIGFPE) of this thread, a step of its own
            if (acted) {
              this.clearDead(r, fn.deadAt[pc]!);
              return;
            }
            if (this.tracing) {
              this.info.fn = fnId;
              this.info.pc = pc;
            }
            raiseFault(this, p, t, SIGFPE);
            return;
          }
          this.setDst(f, instr, evalBinaryOp(instr.c, bb[r + instr.a]!, y));
          break;
        }
        case Op.Unary: {
          const v = bb[r + instr.a]!;
          this.setDst(f, instr, instr.c === 0 ? -v | 0 : instr.c === 1 ? (v === 0 ? 1 : 0) : ~v);
          break;
        }
        case Op.Truthy:
          this.setDst(f, instr, truthy(instr.c, bb[r + instr.a]!));
          break;
        case Op.Concat:
          if (instr.keep || this.concrete) {
            this.setDst(f, instr, this.strings.intern(this.strings.text(bb[r + instr.a]!) + this.strings.text(bb[r + instr.b]!)));
          } else this.setDst(f, instr, 0);
          break;
        case Op.ToString:
          if (instr.keep || this.concrete) this.setDst(f, instr, this.strings.intern(this.toText(instr.c, bb[r + instr.a]!)));
          else this.setDst(f, instr, 0);
          break;
        case Op.ToNumber: {
          const n = Number(this.strings.text(bb[r + instr.a]!).trim());
          this.setDst(f, instr, Number.isFinite(n) ? Math.trunc(n) | 0 : 0);
          break;
        }
        case Op.StrLen:
          this.setDst(f, instr, bb[r + instr.a]! < 0 ? 0 : this.strings.text(bb[r + instr.a]!).length);
          break;
        case Op.Jump:
        case Op.Branch: {
          // a loop's back edge is a step's turn: the first when nothing visible ran yet, then one
          // more turn of local work after a visible step; the thread stops at the next
          const jump = instr.op === Op.Jump;
          const taken = jump || (bb[r + instr.a] !== 0) === (instr.c === 1);
          if (taken && (jump ? instr.b : instr.d) === 1) {
            if (!acted) {
              acted = true;
              bb[t + T_LAST] = 0;
            } else if (backs >= 1) {
              this.clearDead(r, fn.deadAt[pc]!);
              return;
            } else backs++;
          }
          bb[f + F_PC] = !taken ? pc + 1 : jump ? instr.a : instr.b;
          continue;
        }
        case Op.LoadGlobal:
          // a global only the initializers write: its read is local work
          this.setDst(f, instr, bb[p + this.layout.globalsAt + instr.a]!);
          break;
        case Op.LoadGlobalElem: {
          const index = bb[r + instr.b]!;
          if (index < 0 || index >= instr.c) {
            if (acted) {
              this.clearDead(r, fn.deadAt[pc]!);
              return;
            }
            this.indexOutOfBounds(instr, index);
            return;
          }
          this.setDst(f, instr, bb[p + this.layout.globalsAt + instr.a + index]!);
          break;
        }
        case Op.LoadLocalElem:
        case Op.StoreLocalElem: {
          const index = bb[r + instr.b]!;
          if (index < 0 || index >= instr.c) {
            if (acted) {
              this.clearDead(r, fn.deadAt[pc]!);
              return;
            }
            this.indexOutOfBounds(instr, index);
            return;
          }
          if (instr.op === Op.LoadLocalElem) this.setDst(f, instr, bb[r + instr.a + index]!);
          else bb[r + instr.a + index] = instr.keep || this.concrete ? bb[r + instr.d]! : 0;
          break;
        }
        case Op.TupleGet: {
          const id = bb[r + instr.a]!;
          this.setDst(f, instr, id < 0 ? 0 : (this.tuples.tuples[id]?.[instr.b] ?? 0));
          break;
        }
        case Op.MakeTuple: {
          const values = instr.args.map((a) => bb[r + a]!);
          this.setDst(f, instr, this.tuples.intern(values));
          break;
        }
        case Op.Call: {
          if (bb[t + T_NFRAMES]! >= MAX_FRAMES) {
            this.bound = `call depth (${MAX_FRAMES} nested calls)`;
            this.dead = true;
            return;
          }
          const callee = this.fns[instr.a]!;
          // the new frame goes after the caller's, which does not move: copy the arguments, then
          // clear what the caller no longer needs (the arguments among them)
          const g = this.pushFrame(p, t, instr.a);
          const nb = this.buf;
          for (let i = 0; i < instr.args.length; i++) {
            nb[g + F_REGS + i] = callee.regKeep[i] || this.concrete ? nb[r + instr.args[i]!]! : 0;
          }
          this.clearDead(r, fn.deadAcrossCall[pc]!);
          locate = true;
          continue;
        }
        case Op.Return: {
          const value = instr.a >= 0 ? bb[r + instr.a]! : 0;
          this.popFrame(p, t);
          const caller = this.topFrame(t);
          this.complete(caller, this.instrAt(caller), value);
          locate = true;
          continue;
        }
        case Op.Syscall:
          // a pure call (signal sets, getpid): local work
          this.setDst(f, instr, pureSyscall(this, p, f, instr));
          break;
        default:
          throw new Error(`unexpected local instruction ${instr.op}`);
      }
      this.buf[f + F_PC] = pc + 1;
    }
  }

  private clearDead(r: number, dead: readonly number[]): void {
    if (this.concrete) return;
    const b = this.buf;
    for (let i = 0; i < dead.length; i++) b[r + dead[i]!] = 0;
  }

  private execVisible(p: number, t: number, f: number, instr: Instr, choice: number): void {
    const b = this.buf;
    const r = f + F_REGS;
    const G = p + this.layout.globalsAt;
    switch (instr.op) {
      case Op.LoadGlobal:
        checkGlobalAccess(this, t, f, instr, false);
        this.complete(f, instr, b[G + instr.a]!);
        return;
      case Op.StoreGlobal:
        checkGlobalAccess(this, t, f, instr, true);
        if (this.tracing) this.info.result = b[r + instr.b]!;
        b[G + instr.a] = instr.keep || this.concrete ? b[r + instr.b]! : 0;
        b[f + F_PC]! += 1;
        return;
      case Op.LoadGlobalElem:
      case Op.StoreGlobalElem: {
        const index = b[r + instr.b]!;
        if (index < 0 || index >= instr.c) {
          this.indexOutOfBounds(instr, index);
          return;
        }
        const isWrite = instr.op === Op.StoreGlobalElem;
        checkGlobalAccess(this, t, f, instr, isWrite);
        if (isWrite) {
          if (this.tracing) this.info.result = b[r + instr.d]!;
          b[G + instr.a + index] = instr.keep || this.concrete ? b[r + instr.d]! : 0;
          b[f + F_PC]! += 1;
        } else this.complete(f, instr, b[G + instr.a + index]!);
        return;
      }
      case Op.Return:
        if (this.buf[f + F_SIG] === 0) threadEnds(this, p, t);
        else handlerReturn(this, p, t, f, instr);
        return;
      case Op.LoadShared:
      case Op.StoreShared: {
        this.touchKernel();
        const at = slot(this, b[r + instr.a]!, b[r + instr.b]!);
        if (at < 0) {
          this.report("assertion", `index:${instr.span.start}`, `index ${b[r + instr.b]} is outside the shared array`, instr.span);
          this.dead = true;
          return;
        }
        if (instr.op === Op.LoadShared) this.complete(f, instr, this.buf[at]!);
        else {
          if (this.tracing) this.info.result = b[r + instr.d]!;
          this.buf[at] = b[r + instr.d]!;
          this.buf[f + F_PC]! += 1;
        }
        return;
      }
      case Op.Syscall:
        if (writesOtherProcesses(instr.a)) this.widen();
        else this.touchKernel();
        execSyscall(this, p, t, f, instr, choice);
        return;
      default:
        throw new Error(`unexpected visible instruction ${instr.op}`);
    }
  }

  private indexOutOfBounds(instr: Instr, index: number): void {
    this.report("assertion", `index:${instr.span.start}`, `index ${index} is outside the array (length ${instr.c})`, instr.span);
    this.dead = true;
  }

  toText(kind: number, v: number): string {
    if (kind === ValueKind.Str) return this.strings.text(v);
    if (kind === ValueKind.Bool) return v ? "true" : "false";
    return String(v);
  }

  /** Whether thread t is blocked in a call that cannot complete now (a wait, a read, ...). */
  blockedInCall(p: number, t: number): boolean {
    if (this.buf[t + T_STATE] !== TS_RUNNING) return true;
    const f = this.topFrame(t);
    const instr = this.instrAt(f);
    return instr.op === Op.Syscall && instr.visible && blocksUntilComplete(instr) && syscallEnabled(this, p, t, f, instr) === 0;
  }

  /** Whether thread t is at a call that signals never interrupt. */
  neverInterruptedAt(t: number): boolean {
    const instr = this.instrAt(this.topFrame(t));
    return instr.op === Op.Syscall && neverInterrupted(instr);
  }

  /** Whether thread t waits, or may wait, in a receive with SO_RCVTIMEO. */
  timedReceiveAt(p: number, t: number): boolean {
    const f = this.topFrame(t);
    const instr = this.instrAt(f);
    return instr.op === Op.Syscall && instr.visible && timedReceive(this, p, f, instr);
  }

  /** A copy of the loaded state. */
  snapshotWords(): Int32Array {
    return this.buf.slice(0, this.len);
  }

  /** The pid of a process offset. */
  pidOf(p: number): number {
    return this.buf[p + P_PID]!;
  }

  ppidOf(p: number): number {
    return this.buf[p + P_PPID]!;
  }

  nextPid(): number {
    return this.buf[H_NEXT_PID]!;
  }

  apiName(instr: Instr): string {
    return API_CALLS[instr.a]!.name;
  }

  /** Saved mask of a handler frame (for checks). */
  savedMask(f: number): number {
    return this.buf[f + F_SAVEDMASK]!;
  }

  interrupted(f: number): number {
    return this.buf[f + F_INTR]!;
  }
}

function put(out: Int32Array, n: number, kind: number, pid: number, x: number, y: number): number {
  const o = n * TRANSITION_WORDS;
  out[o] = kind;
  out[o + 1] = pid;
  out[o + 2] = x;
  out[o + 3] = y;
  return n + 1;
}

/** Truthiness of a value of a kind (LANGUAGE.md §1: C's rule for integers; "" and null are false). */
export function truthy(kind: number, v: number): number {
  if (kind === ValueKind.Str) return v > 0 ? 1 : 0;
  if (kind === ValueKind.Tuple || kind === ValueKind.SharedArray) return v >= 0 ? 1 : 0;
  return v !== 0 ? 1 : 0;
}
