// Traces are rebuilt by replay (the stateright lesson): from the initial state, the transition
// indices stored along the path are applied again, this time keeping every value (also those that
// decide nothing), so each step shows concrete values and what it changed.
import type { Model, Span } from "../model/model.js";
import { API_CALLS } from "../model/api.js";
import { AF_INET, errnoName } from "../model/constants.js";
import { sigsetNames, signalName } from "../model/signals.js";
import { Op } from "../model/model.js";
import { Machine, TRANSITION_WORDS, TransitionKind, type RawFinding } from "./machine.js";
import {
  F_FN, F_PC, F_SIG, H_NPROC, P_ACTIONS, P_ALARM, P_NTHREADS, P_PENDING, P_PID, P_STATE, P_STATUS, P_STOPPED,
  PROC_ZOMBIE, T_ERRNO, T_FRAMES, T_LEN, TS_CONDWAIT, TS_CONDWAKE, TS_EXITED, T_MASK, T_NFRAMES, T_PENDING, T_STATE, T_TID, TS_PAUSE, TS_SIGSUSPEND, TS_SLEEP,
} from "./state-layout.js";
import type { StateStore } from "./visited-set.js";
import { stuckFinding } from "./stuck.js";
import { findObject, objectsOf } from "./kernel.js";
import { FILE_FLAGS, FILE_TARGET, FL_NONBLOCK, FL_READ, FL_WRITE } from "./semantics/descriptors.js";
import { PIPE_DATA } from "./semantics/pipes.js";
import { K_FIFO, K_MQ, K_MUTEX, K_PIPE, K_SEM, K_SHM, K_SOCK, OB_ID, OB_KIND } from "./state-layout.js";
import { SY_HANDLE, SY_PID, SY_VALUE } from "./semantics/sync-objects.js";
import { atSignalWait, enterSignalWait } from "./semantics/signals.js";
import { mutexName } from "./stuck.js";
import { SHM_LENGTH, SHM_SEG, SHM_SLOTS } from "./semantics/shared-memory.js";
import { FIFO_PATH } from "./semantics/fifos.js";
import { MQ_COUNT, MQ_MESSAGES, MQ_NAME } from "./semantics/message-queues.js";
import { S_ADDR, S_DOMAIN } from "./semantics/sockets.js";
import { ValueKind } from "../model/api.js";

export interface TraceStep {
  /** `pid 1`, `pid 1 in handler(SIGUSR1)`, `pid 2/thread 1`, `environment` */
  readonly actor: string;
  readonly kind: "step" | "deliver" | "alarm" | "environment" | "network";
  readonly pid: number;
  readonly span: Span | null;
  /** the code executed, or what happened */
  readonly text: string;
  /** what it changed, one item per change */
  readonly effect: string[];
  /** what it printed */
  readonly output: string | null;
  /** part of the repeating part of a lasso (a livelock's loop) */
  readonly loop?: boolean;
  /** the thread that stepped (steps and deliveries; absent for the environment, network and timers) */
  readonly tid?: number;
  /** the whole state after the step (the HTML report's state panel); not in the JSON report */
  readonly state?: StepState;
}

export interface Replay {
  readonly steps: TraceStep[];
  /** the findings the last transition reports when replayed with concrete values */
  readonly findings: RawFinding[];
  /** the state reached, as a words array (abstract-equal when values are projected) */
  readonly finalWords: Int32Array;
}

/** The transition indices from the initial state to `state`, then `last` when it is not -1. */
export function pathTo(visited: Pick<StateStore, "parentOf" | "transitionOf">, state: number, last: number): number[] {
  const ks: number[] = [];
  for (let id = state; id > 0; id = visited.parentOf(id)) ks.push(visited.transitionOf(id));
  ks.reverse();
  if (last >= 0) ks.push(last);
  return ks;
}

/**
 * Replays a path of transition indices; `concrete` keeps every value (traces), else it follows the
 * explorer exactly. `stuck`: the path ends in a stuck state, and each thread waiting at a pause() or
 * sigsuspend() there gets a last step that enters it (the explorer needs none: signals.ts).
 */
export function replay(model: Model, path: readonly number[], concrete = true, stuck = false): Replay {
  const m = new Machine(model);
  m.concrete = concrete;
  m.tracing = true;
  const findings: RawFinding[] = [];
  m.initialState();
  const trans = new Int32Array(1 << 18);
  const steps: TraceStep[] = [];
  path.forEach((k, i) => {
    const before = decode(m);
    const kernelBefore = decodeKernel(m);
    const n = m.transitions(trans);
    if (k >= n) throw new Error(`replay: transition ${k} of ${n} does not exist`);
    const words = m.snapshotWords();
    const frameBefore = actorFrame(m, trans, k);
    if (i === path.length - 1) m.sink = { report: (f) => void findings.push(f) };
    m.load(words, words.length);
    m.apply(trans, k);
    const after = decode(m);
    const step = describeStep(m, trans, k, before, after, frameBefore);
    const kernelAfter = decodeKernel(m);
    for (const [name, data] of kernelAfter) {
      const old = kernelBefore.get(name);
      if (old === data) continue;
      if (name.startsWith(SYNC)) {
        const [label, state] = data.split(SYNC) as [string, string];
        const was = old?.split(SYNC)[1];
        if (was !== state) step.effect.push(was === undefined ? `${label}: ${state}` : `${label}: ${was} → ${state}`);
        continue;
      }
      if (old === undefined) step.effect.push(name.startsWith("shared segment") ? (data === "0" ? "" : `${name}: ${data}`) : name.startsWith("pipe") || name.startsWith("FIFO") || name.startsWith("queue") ? `${name} created` : `${name}: ${data}`);
      else step.effect.push(`${name}: ${old} → ${data}`);
    }
    for (const name of kernelBefore.keys()) if (!kernelAfter.has(name) && !name.startsWith("shared segment") && !name.startsWith(SYNC)) step.effect.push(`${name} freed`);
    for (let i = step.effect.length - 1; i >= 0; i--) if (step.effect[i] === "") step.effect.splice(i, 1);
    steps.push(withState(m, step));
  });
  if (stuck) enterWaits(m, steps);
  return { steps, findings, finalWords: m.snapshotWords() };
}

/** The steps by which the threads of a stuck state that wait at a pause() or sigsuspend() enter it. */
function enterWaits(m: Machine, steps: TraceStep[]): void {
  for (let p = m.firstProc(), i = m.nproc(); i > 0; i--, p = m.nextProc(p)) {
    const pid = m.buf[p + P_PID]!;
    const multi = m.buf[p + P_NTHREADS]! > 1;
    for (let t = m.firstThread(p), j = m.buf[p + P_NTHREADS]!; j > 0; j--, t += m.buf[t + T_LEN]!) {
      if (!atSignalWait(m, t)) continue;
      const tid = m.buf[t + T_TID]!;
      const instr = m.instrAt(m.topFrame(t));
      const before = decode(m);
      enterSignalWait(m, t);
      const effect = diff(m, before, decode(m));
      const text = firstLine(m.model.source.slice(instr.span.start, instr.span.end));
      steps.push(withState(m, { actor: multi ? `pid ${pid}/thread ${tid}` : `pid ${pid}`, kind: "step", pid, tid, span: instr.span, text, effect, output: null }));
    }
  }
}

/** For a deadlock: the concrete message of the stuck state at the end of a path. */
export function replayStuck(model: Model, path: readonly number[]): RawFinding | null {
  const m = new Machine(model);
  m.concrete = true;
  m.initialState();
  const trans = new Int32Array(1 << 18);
  for (const k of path) {
    m.transitions(trans);
    m.apply(trans, k);
  }
  const s = stuckFinding(m);
  return s ? { rule: s.rule, key: s.key, message: s.message, span: s.span, related: s.related } : null;
}

interface FrameRef {
  fn: number;
  pc: number;
}

function actorFrame(m: Machine, trans: Int32Array, k: number): FrameRef | null {
  const o = k * TRANSITION_WORDS;
  const kind = trans[o]!;
  if (kind !== TransitionKind.Step && kind !== TransitionKind.Deliver) return null;
  const p = m.findProc(trans[o + 1]!);
  const t = m.findThread(p, trans[o + 2]!);
  if (t < 0) return null;
  const f = m.topFrame(t);
  return { fn: m.buf[f + F_FN]!, pc: m.buf[f + F_PC]! };
}

// ---------------------------------------------------------------- readable snapshots

interface ThreadView {
  tid: number;
  state: number;
  mask: number;
  pending: number;
  errno: number;
  handlers: number[];
}

interface ProcView {
  pid: number;
  /** descriptor → what it names ("pipe #2 (read end)") */
  fds: Map<number, string>;
  zombie: boolean;
  status: number;
  stopped: boolean;
  pending: number;
  alarm: number;
  actions: number[];
  globals: number[];
  threads: Map<number, ThreadView>;
}

/** Whether a datagram's source address is a port: the program binds AF_INET sockets to numbers, AF_UNIX ones to paths. */
function isPort(m: Machine, value: number): boolean {
  for (const o of objectsOf(m, K_SOCK)) if (m.buf[o + S_ADDR] === value && m.buf[o + S_DOMAIN] === AF_INET) return true;
  return value >= 32768;
}

/** What a descriptor entry names, in words. */
function describeFd(m: Machine, entry: number): string {
  if (entry === -1) return "standard input";
  if (entry === -2) return "standard output";
  if (entry === -3) return "standard error";
  const o = findObject(m, entry);
  if (o < 0) return "?";
  const target = m.buf[o + FILE_TARGET]!;
  const flags = m.buf[o + FILE_FLAGS]!;
  const t = findObject(m, target);
  const kind = t >= 0 ? m.buf[t + OB_KIND]! : 0;
  const end = flags & FL_READ ? (flags & FL_WRITE ? "read and write" : "read end") : "write end";
  const name = kind === K_PIPE ? `pipe #${target}` : kind === K_MQ ? `queue ${JSON.stringify(m.strings.text(m.buf[t + MQ_NAME]!))}` : kind === K_SOCK ? `socket #${target}` : `object #${target}`;
  return `${name} (${end}${flags & FL_NONBLOCK ? ", O_NONBLOCK" : ""})`;
}

/** Marks synchronization objects in decodeKernel's map: key and value carry a label and a state. */
const SYNC = "\u0000";

/** The kernel objects' visible contents: "pipe #2" → its bytes. */
function decodeKernel(m: Machine): Map<string, string> {
  const out = new Map<string, string>();
  for (const o of objectsOf(m, K_PIPE)) out.set(`pipe #${m.buf[o + OB_ID]}`, JSON.stringify(m.strings.text(m.buf[o + PIPE_DATA]!)));
  for (const o of objectsOf(m, K_FIFO)) out.set(`FIFO ${JSON.stringify(m.strings.text(m.buf[o + FIFO_PATH]!))}`, "exists");
  for (const o of objectsOf(m, K_SHM)) {
    for (let i = 0; i < m.buf[o + SHM_LENGTH]!; i++) out.set(`shared segment ${m.buf[o + SHM_SEG]}[${i}]`, String(m.buf[o + SHM_SLOTS + i]));
  }
  for (const kind of [K_MUTEX, K_SEM]) {
    for (const o of objectsOf(m, kind)) {
      const pid = m.buf[o + SY_PID]!;
      const p = pid === 0 ? m.firstProc() : m.findProc(pid);
      if (p < 0) continue;
      const handle = m.buf[o + SY_HANDLE]!;
      const value = m.buf[o + SY_VALUE]!;
      const name = mutexName(m, p, handle).replace(/^mutex #/, kind === K_MUTEX ? "mutex #" : "semaphore #");
      const where = pid !== 0 && m.nproc() > 1 ? ` (pid ${pid})` : "";
      // keyed by the object, labelled by the global that names it now
      const key = `${SYNC}${kind}:${pid}:${handle}`;
      const state = kind === K_MUTEX ? (value === 0 ? "free" : value > 0 ? `held by thread ${value}` : "held by a thread that is gone") : `value ${value}`;
      out.set(key, `${name}${where}${SYNC}${state}`);
    }
  }
  for (const o of objectsOf(m, K_MQ)) {
    const msgs: string[] = [];
    for (let i = 0; i < m.buf[o + MQ_COUNT]!; i++) msgs.push(JSON.stringify(m.strings.text(m.buf[o + MQ_MESSAGES + 2 * i + 1]!)));
    out.set(`queue ${JSON.stringify(m.strings.text(m.buf[o + MQ_NAME]!))}`, `[${msgs.join(", ")}]`);
  }
  return out;
}

function decode(m: Machine): Map<number, ProcView> {
  const out = new Map<number, ProcView>();
  const L = m.layout;
  for (let p = m.firstProc(), i = m.buf[H_NPROC]!; i > 0; i--, p = m.nextProc(p)) {
    const threads = new Map<number, ThreadView>();
    let t = m.firstThread(p);
    for (let j = m.buf[p + P_NTHREADS]!; j > 0; j--, t += m.buf[t + T_LEN]!) {
      const handlers: number[] = [];
      let f = t + T_FRAMES;
      for (let n = m.buf[t + T_NFRAMES]!; n > 0; n--) {
        if (m.buf[f + F_SIG]! > 0) handlers.push(m.buf[f + F_SIG]!);
        f += m.frameSize(m.buf[f + F_FN]!);
      }
      threads.set(m.buf[t + T_TID]!, {
        tid: m.buf[t + T_TID]!,
        state: m.buf[t + T_STATE]!,
        mask: m.buf[t + T_MASK]!,
        pending: m.buf[t + T_PENDING]!,
        errno: m.buf[t + T_ERRNO]!,
        handlers,
      });
    }
    const pid = m.buf[p + P_PID]!;
    const fds = new Map<number, string>();
    for (let fd = 0; fd < L.fds; fd++) {
      const e = m.buf[p + L.fdsAt + fd]!;
      if (e !== 0) fds.set(fd, describeFd(m, e));
    }
    out.set(pid, {
      pid,
      fds,
      zombie: m.buf[p + P_STATE] === PROC_ZOMBIE,
      status: m.buf[p + P_STATUS]!,
      stopped: m.buf[p + P_STOPPED] !== 0,
      pending: m.buf[p + P_PENDING]!,
      alarm: m.buf[p + P_ALARM]!,
      actions: Array.from({ length: L.actions }, (_, a) => m.buf[p + P_ACTIONS + a]!),
      globals: Array.from(m.buf.subarray(p + L.globalsAt, p + L.globalsAt + L.globalSlots)),
      threads,
    });
  }
  return out;
}

function describeStep(
  m: Machine,
  trans: Int32Array,
  k: number,
  before: Map<number, ProcView>,
  after: Map<number, ProcView>,
  frame: FrameRef | null,
): TraceStep {
  const info = m.info;
  const model = m.model;
  const o = k * TRANSITION_WORDS;
  void o;
  const kind = trans[o]! as TransitionKind;
  const pid = info.pid;
  const multi = (before.get(pid)?.threads.size ?? 1) > 1;
  const who = multi ? `pid ${pid}/thread ${info.tid}` : `pid ${pid}`;
  const src = (span: Span): string => firstLine(model.source.slice(span.start, span.end));
  let actor = who;
  let text: string;
  let span: Span | null = null;
  let stepKind: TraceStep["kind"] = "step";
  switch (kind) {
    case TransitionKind.Step: {
      if (info.handlerSig > 0) actor = `${who} in handler(${signalName(info.handlerSig)})`;
      if (info.fn >= 0) {
        const instr = model.functions[info.fn]!.code[info.pc]!;
        span = instr.span;
        text = describeInstr(model, instr, src);
        if (instr.op === Op.Return) text = info.handlerSig > 0 ? `return from handler(${signalName(info.handlerSig)})` : "the thread's function returns: the thread ends";
      } else if (info.note) {
        text = info.note;
        if (frame) span = model.functions[frame.fn]!.code[frame.pc]!.span;
      } else {
        // without merging (--no-local-merge) a step may be one local instruction
        text = m.mergeLocal ? "a turn of a loop that changes nothing" : "local work (its thread's own values only)";
        if (frame) span = model.functions[frame.fn]!.code[frame.pc]!.span;
      }
      break;
    }
    case TransitionKind.Deliver: {
      stepKind = "deliver";
      if (info.handlerSig > 0) actor = `${who} in handler(${signalName(info.handlerSig)})`;
      text = `${signalName(info.sig)} delivered`;
      if (frame) span = model.functions[frame.fn]!.code[frame.pc]!.span;
      break;
    }
    case TransitionKind.Alarm:
      stepKind = "alarm";
      actor = `${who} (timer)`;
      text = "the alarm expires: SIGALRM";
      break;
    case TransitionKind.Env:
      stepKind = "environment";
      actor = "environment";
      text = `the user sends ${signalName(info.sig)} to pid ${pid}`;
      break;
    case TransitionKind.Net:
      stepKind = "network";
      actor = "network";
      text = info.note ?? "";
      break;
  }
  const effect = diff(m, before, after);
  const actorEnded = before.get(pid)?.zombie === false && (after.get(pid)?.zombie ?? true);
  if (kind === TransitionKind.Step && info.fn >= 0 && !actorEnded) {
    const instr = model.functions[info.fn]!.code[info.pc]!;
    const value = resultOf(m, instr);
    if (value !== null) effect.unshift(value);
  }
  effect.push(...info.events);
  if (info.output !== null) effect.push(`prints ${JSON.stringify(info.output)}`);
  return { actor, kind: stepKind, pid, span, text, effect, output: info.output };
}

function describeInstr(model: Model, instr: { op: Op; span: Span; global: number }, src: (s: Span) => string): string {
  if (instr.op === Op.LoadShared) return `${src(instr.span)}  (read shared memory)`;
  if (instr.op === Op.StoreShared) return `${src(instr.span)}  (write shared memory)`;
  if (instr.op === Op.LoadGlobal || instr.op === Op.LoadGlobalElem) return `${src(instr.span)}  (read ${model.globals[instr.global]!.name})`;
  if (instr.op === Op.StoreGlobal || instr.op === Op.StoreGlobalElem) return `${src(instr.span)}  (write ${model.globals[instr.global]!.name})`;
  return src(instr.span);
}

/** "reads x = 3", "fork() returns 2", "pause() returns -1 (EINTR)": what the step's instruction gave. */
function resultOf(m: Machine, instr: { op: Op; a: number; dst: number; global: number }): string | null {
  const info = m.info;
  if (info.result === null) return null;
  if (instr.op === Op.LoadGlobal || instr.op === Op.LoadGlobalElem) {
    const g = m.model.globals[instr.global]!;
    return `reads ${g.name} = ${show(m, g.kind, info.result)}`;
  }
  if (instr.op === Op.StoreGlobal || instr.op === Op.StoreGlobalElem) {
    const g = m.model.globals[instr.global]!;
    return `writes ${g.name} = ${show(m, g.kind, info.result)}`;
  }
  if (instr.op === Op.LoadShared) return `reads ${info.result}`;
  if (instr.op === Op.StoreShared) return `writes ${info.result}`;
  if (info.call < 0) return null;
  const call = API_CALLS[info.call]!;
  const toStdout = instr.op === Op.Syscall && (instr as unknown as { outputData: boolean }).outputData;
  if (call.output || call.name === "assert" || toStdout || call.returns === ValueKind.Void) return null;
  const v = info.result;
  const name = instr.op === Op.Return ? `the interrupted ${call.name}()` : `${call.name}()`;
  if (call.returns === ValueKind.SigSet) return `${name} returns {${sigsetNames(v).join(", ")}}`;
  if (call.returns === ValueKind.Action) return null;
  if (call.returns === ValueKind.Str) {
    const text = v < 0 ? "null" : JSON.stringify(m.strings.text(v));
    return v < 0 && info.errno !== 0 ? `${name} returns null (${errnoName(info.errno)})` : `${name} returns ${text}`;
  }
  if (call.returns === ValueKind.Tuple) {
    const items = m.tuples.tuples[v] ?? [];
    if (call.name === "recvfrom") {
      // [data, address]: the address is a path (AF_UNIX) or a port (AF_INET)
      const from = items[1]! >= 0 && items[1]! < 32768 && m.strings.texts[items[1]!] !== undefined && !isPort(m, items[1]!) ? JSON.stringify(m.strings.text(items[1]!)) : String(items[1]);
      return v < 0 ? `${name} returns null${info.errno ? ` (${errnoName(info.errno)})` : ""}` : `${name} returns [${JSON.stringify(m.strings.text(items[0]!))}, ${from}]`;
    }
    return `${name} returns [${items.join(", ")}]`;
  }
  if (call.name === "errno") return `${name} returns ${v} (${errnoName(v)})`;
  return v === -1 && info.errno !== 0 ? `${name} returns -1 (${errnoName(info.errno)})` : `${name} returns ${v}`;
}

function diff(m: Machine, before: Map<number, ProcView>, after: Map<number, ProcView>): string[] {
  const out: string[] = [];
  const model = m.model;
  const many = before.size > 1 || after.size > 1;
  for (const [pid, b] of before) {
    const a = after.get(pid);
    if (!a) {
      if (b.zombie) out.push(`pid ${pid} reaped`);
      continue; // else it ended in this step and init reaped it: the step's events say how
    }
    if (!b.zombie && a.zombie) continue; // the step's events say how it ended
    const who = `pid ${pid}`;
    for (const [fd, what] of a.fds) if (b.fds.get(fd) !== what) out.push(`fd ${fd} of ${who}: ${what}`);
    for (const fd of b.fds.keys()) if (!a.fds.has(fd)) out.push(`fd ${fd} of ${who}: closed`);
    for (const g of model.globals) {
      for (let i = 0; i < g.length; i++) {
        const x = b.globals[g.slot + i]!;
        const y = a.globals[g.slot + i]!;
        if (x === y) continue;
        const name = g.isArray ? `${g.name}[${i}]` : g.name;
        out.push(`${name}${many ? ` (${who})` : ""}: ${show(m, g.kind, x)} → ${show(m, g.kind, y)}`);
      }
    }
    setDiff(out, `pending of ${who}`, b.pending, a.pending);
    if (b.stopped !== a.stopped) out.push(a.stopped ? `${who} stopped` : `${who} continues`);
    if (b.alarm !== a.alarm) out.push(a.alarm > 0 ? `alarm of ${who}: ${a.alarm} s` : `alarm of ${who}: none`);
    b.actions.forEach((x, i) => {
      const y = a.actions[i]!;
      if (x !== y) out.push(`${signalName(model.trackedSignals[i]!)} of ${who}: ${describeAction(m, y)}`);
    });
    const multi = a.threads.size > 1;
    for (const [tid, bt] of b.threads) {
      const at = a.threads.get(tid);
      const tw = multi ? `${who}/thread ${tid}` : who;
      if (!at) {
        out.push(`${who}/thread ${tid} reaped`);
        continue;
      }
      setDiff(out, `mask of ${tw}`, bt.mask, at.mask);
      setDiff(out, `pending of ${tw} (thread)`, bt.pending, at.pending);
      if (at.handlers.length > bt.handlers.length) out.push(`${tw} enters handler(${signalName(at.handlers[at.handlers.length - 1]!)})`);
      if (at.handlers.length < bt.handlers.length) out.push(`${tw} returns from handler(${signalName(bt.handlers[bt.handlers.length - 1]!)})`);
      if (bt.state !== at.state) out.push(`${tw} ${stateWord(at.state)}`);
      if (bt.errno !== at.errno) out.push(`errno of ${tw}: ${errnoName(at.errno)}`);
    }
    for (const tid of a.threads.keys()) if (!b.threads.has(tid)) out.push(`${who}/thread ${tid} created`);
  }
  for (const [pid, a] of after) if (!before.has(pid)) out.push(`pid ${pid} created${a.threads.size ? "" : ""}`);
  return out;
}

function setDiff(out: string[], label: string, x: number, y: number): void {
  if (x === y) return;
  const added = sigsetNames(y & ~x).map((s) => `+${s}`);
  const removed = sigsetNames(x & ~y).map((s) => `-${s}`);
  out.push(`${label}: ${[...added, ...removed].join(" ")}`);
}

function stateWord(state: number): string {
  switch (state) {
    case TS_PAUSE: return "waits in pause()";
    case TS_SIGSUSPEND: return "waits in sigsuspend()";
    case TS_SLEEP: return "sleeps";
    case TS_EXITED: return "ends";
    case TS_CONDWAIT: return "waits in pthread_cond_wait()";
    case TS_CONDWAKE: return "is woken, takes the mutex back";
    default: return "runs";
  }
}

function describeAction(m: Machine, id: number): string {
  const act = m.actions.actions[id];
  if (!act) return String(id);
  if (act.handler === 0) return "SIG_DFL";
  if (act.handler === 1) return "SIG_IGN";
  const name = m.model.functions[act.handler - 2]!.name;
  const extra: string[] = [];
  if (act.mask) extra.push(`mask {${sigsetNames(act.mask).join(", ")}}`);
  const flags = [[0x10000000, "SA_RESTART"], [0x40000000, "SA_NODEFER"], [0x80000000 | 0, "SA_RESETHAND"]]
    .filter(([bit]) => (act.flags & (bit as number)) !== 0)
    .map(([, n]) => n);
  if (flags.length) extra.push(flags.join("|"));
  return `${name}()${extra.length ? ` (${extra.join(", ")})` : ""}`;
}

function show(m: Machine, kind: ValueKind, v: number): string {
  if (kind === ValueKind.Str) return v < 0 ? "null" : JSON.stringify(m.strings.text(v));
  if (kind === ValueKind.Bool) return v ? "true" : "false";
  return String(v);
}

function firstLine(text: string): string {
  const line = text.split("\n")[0]!.trim();
  return line.length > 60 ? `${line.slice(0, 57)}...` : line;
}

// ---------------------------------------------------------------- the state after each step

/** What the state panel of a trace step shows: every process after the step, and the kernel objects' contents. */
export interface StepState {
  readonly processes: readonly ProcessState[];
  /** [name, contents]: `pipe #1` → `"ab"`, `mutex #1` → `held by thread 2`, `shared segment 1[0]` → `3` */
  readonly objects: readonly (readonly [string, string])[];
}

export interface ProcessState {
  readonly pid: number;
  /** `runs`, `stopped`, `ended (zombie, status 0)` */
  readonly status: string;
  /** [name, value], in declaration order; arrays as `[1, 2]` */
  readonly globals: readonly (readonly [string, string])[];
  /** signals pending for the process */
  readonly pending: readonly string[];
  /** [descriptor, what it names] */
  readonly fds: readonly (readonly [number, string])[];
  /** seconds left on the alarm, 0 for none */
  readonly alarm: number;
  readonly threads: readonly ThreadState[];
}

export interface ThreadState {
  readonly tid: number;
  /** `runs`, `waits in pause()`, `ends`, ... */
  readonly state: string;
  /** the blocked signals */
  readonly mask: readonly string[];
  /** signals pending for this thread only */
  readonly pending: readonly string[];
  /** the handlers it is running, outermost first: `SIGUSR1` */
  readonly handlers: readonly string[];
}

/** The step with its thread and the state the machine is in after it. */
function withState(m: Machine, step: TraceStep): TraceStep {
  const tid = step.kind === "step" || step.kind === "deliver" ? { tid: m.info.tid } : {};
  return { ...step, ...tid, state: stateAfter(m) };
}

/** The machine's current state in words, for a trace step's state panel. */
export function stateAfter(m: Machine): StepState {
  const processes: ProcessState[] = [];
  for (const p of decode(m).values()) {
    const globals = m.model.globals.map((g): readonly [string, string] => {
      const values = p.globals.slice(g.slot, g.slot + g.length).map((v) => show(m, g.kind, v));
      return [g.name, g.isArray ? `[${values.join(", ")}]` : values[0]!];
    });
    processes.push({
      pid: p.pid,
      status: p.zombie ? `ended (zombie, status ${p.status})` : p.stopped ? "stopped" : "runs",
      globals,
      pending: sigsetNames(p.pending),
      fds: [...p.fds].sort((a, b) => a[0] - b[0]),
      alarm: p.alarm,
      threads: [...p.threads.values()].map((t) => ({
        tid: t.tid,
        state: stateWord(t.state),
        mask: sigsetNames(t.mask),
        pending: sigsetNames(t.pending),
        handlers: t.handlers.map((sig) => signalName(sig)),
      })),
    });
  }
  const objects: (readonly [string, string])[] = [];
  for (const [name, data] of decodeKernel(m)) {
    if (name.startsWith(SYNC)) {
      const [label, state] = data.split(SYNC) as [string, string];
      objects.push([label, state]);
    } else objects.push([name, data]);
  }
  return { processes, objects };
}
