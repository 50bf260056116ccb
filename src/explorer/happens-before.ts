// Happens-before along the search (LANGUAGE.md §4 data-race). The state-based check (races.ts)
// finds every program that has a race, but a race that can only come after an earlier one on the
// same run (a bounded buffer's slots behind plain in/out) is never "enabled at once". So the search
// also carries, beside each state it discovers and outside the state itself, the vector clocks of
// the run that found it: program order; fork → the child; pthread_create → the thread; a thread's
// end → pthread_join; a child's end → the wait that reaps it; unlock → the next lock; sem_post →
// sem_wait; a write or send → the read or receive of that object; kill → the handler it triggers;
// Atomics operations on one slot in their order. An access that conflicts with an earlier one of
// another thread not ordered before it is a race of that pair of source locations. Each state keeps
// the clocks of the first run to reach it, so this finds races on those runs; every race it reports
// is real.
import { Op, type Instr, type Model } from "../model/model.js";
import { API_CALLS } from "../model/api.js";
import { F_REGS, P_NTHREADS, T_LEN, T_STATE, TS_CONDWAKE, TS_EXITED } from "./state-layout.js";
import { TRANSITION_WORDS, TransitionKind, type Machine } from "./machine.js";
import { fileOf, FILE_TARGET } from "./semantics/descriptors.js";
import { lineOf, spanText } from "../model/span.js";
import { emptyBucketMap, getIn, setIn, type BucketMap } from "./bucket-map.js";

type Clock = Map<number, number>;

interface Access {
  actor: number;
  clock: number;
  write: boolean;
  atomic: boolean;
  instr: Instr;
}

/** The happens-before facts of one run, kept beside a state. */
export interface HbInfo {
  clocks: Map<number, Clock>;
  /** synchronization objects' clocks: mutexes, semaphores, pipes and queues, signals, atomic slots */
  sync: BucketMap<Clock>;
  /** ended threads and processes, for join and wait */
  ended: Map<number, Clock>;
  /** per location: the last write and the reads since it */
  accesses: BucketMap<Access[]>;
}

export interface HbRace {
  key: string;
  message: string;
  span: Instr["span"];
  other: Instr["span"];
}

const actorKey = (pid: number, tid: number) => pid * 1024 + tid;

/** The pointwise maximum; `a` itself when `b` adds nothing (clocks are never changed in place). */
function join(a: Clock, b: Clock | undefined): Clock {
  if (!b) return a;
  let out: Clock | null = null;
  for (const [k, v] of b) {
    if ((a.get(k) ?? 0) >= v) continue;
    out ??= new Map(a);
    out.set(k, v);
  }
  return out ?? a;
}

export function initialInfo(): HbInfo {
  return { clocks: new Map([[actorKey(1, 1), new Map([[actorKey(1, 1), 1]])]]), sync: emptyBucketMap(), ended: new Map(), accesses: emptyBucketMap() };
}

/** What a step is about to do, read from the state before it. */
export interface Pending {
  pid: number;
  tid: number;
  instr: Instr | null;
  args: number[];
  /** shared-memory slot or global location of an access */
  location: string | null;
  kind: number;
  sig: number;
  /** the process has more than one live thread (its globals can race) */
  multi: boolean;
  /** a pthread_cond_wait taking its mutex back */
  relocking: boolean;
}

/** A Pending to fill (pendingOf): one per search, as nothing keeps it past the step. */
export function pendingScratch(): Pending {
  return { pid: 0, tid: 0, instr: null, args: [], location: null, kind: 0, sig: 0, multi: false, relocking: false };
}

/** What transition k of the loaded state is about to do, into `out` (pendingScratch), which it returns. */
export function pendingOf(m: Machine, trans: Int32Array, k: number, out: Pending = pendingScratch()): Pending {
  const o = k * TRANSITION_WORDS;
  const kind = trans[o]!;
  const pid = trans[o + 1]!;
  out.pid = pid;
  out.tid = trans[o + 2]!;
  out.instr = null;
  out.args.length = 0;
  out.location = null;
  out.kind = kind;
  out.sig = 0;
  out.multi = false;
  out.relocking = false;
  if (kind === TransitionKind.Deliver) {
    out.sig = trans[o + 3]! >> 8;
    return out;
  }
  if (kind !== TransitionKind.Step) return out;
  const p = m.findProc(pid);
  const t = m.findThread(p, out.tid);
  let live = 0;
  for (let u = m.firstThread(p), i = m.buf[p + P_NTHREADS]!; i > 0; i--, u += m.buf[u + T_LEN]!) if (m.buf[u + T_STATE] !== TS_EXITED) live++;
  out.multi = live > 1;
  const f = m.topFrame(t);
  const instr = m.instrAt(f);
  if (!instr.visible && !(instr.op === Op.Return && m.isBaseFrame(t, f))) return out;
  out.relocking = m.buf[t + T_STATE] === TS_CONDWAKE;
  out.instr = instr;
  const r = f + F_REGS;
  for (let i = 0; i < instr.args.length; i++) out.args.push(m.buf[r + instr.args[i]!]!);
  switch (instr.op) {
    case Op.LoadGlobal: case Op.StoreGlobal:
      out.location = `g${pid}:${instr.a}`;
      break;
    case Op.LoadGlobalElem: case Op.StoreGlobalElem:
      out.location = `g${pid}:${instr.a + m.buf[r + instr.b]!}`;
      break;
    case Op.LoadShared: case Op.StoreShared:
      out.location = `s${m.buf[r + instr.a]!}:${m.buf[r + instr.b]!}`;
      break;
    case Op.Syscall: {
      const name = API_CALLS[instr.a]!.name;
      if (name.startsWith("Atomics.")) out.location = `s${out.args[0]}:${out.args[1]}`;
      else if (["write", "read", "send", "recv", "sendto", "recvfrom", "mq_send", "mq_receive"].includes(name)) {
        const file = fileOf(m, p, out.args[0]!);
        out.location = file >= 0 ? `o${m.buf[file + FILE_TARGET]}` : null;
      }
      break;
    }
  }
  return out;
}

/** The run's facts after a transition, and the races it shows. */
/**
 * The races transition `ev` shows, and — only when `wanted` (the successor is a new state) — the
 * run's facts after it. Maps are never changed in place: the successor shares what did not change.
 */
export function afterStep(model: Model, info: HbInfo, ev: Pending, m: Machine, races: HbRace[], wanted: boolean): HbInfo | null {
  const me = actorKey(ev.pid, ev.tid);
  if (ev.kind === TransitionKind.Deliver) {
    if (!wanted) return null;
    const clocks = new Map(info.clocks);
    clocks.set(me, join(clockOf(info, me), getIn(info.sync, `sig${ev.pid}:${ev.sig}`)));
    return { ...info, clocks };
  }
  if (ev.kind !== TransitionKind.Step || !ev.instr) return wanted ? info : null;
  const instr = ev.instr;
  const name = instr.op === Op.Syscall ? API_CALLS[instr.a]!.name : "";
  // the access itself
  const access = accessOf(instr, name);
  const racy = access !== null && ev.location !== null && (ev.location[0] === "s" || ev.multi);
  // a step to a known state that accesses nothing racy shows no race and needs no facts after it
  if (!wanted && !racy) return null;
  let clock = clockOf(info, me);
  const semKey = () => `sem${ev.args[0]! & (1 << 24) ? 0 : ev.pid}:${ev.args[0]}`;
  // acquire
  if (name === "pthread_mutex_lock" || name === "pthread_mutex_trylock") clock = join(clock, getIn(info.sync, `mutex${ev.pid}:${ev.args[0]}`));
  if (name === "pthread_cond_wait" && ev.relocking) clock = join(clock, getIn(info.sync, `mutex${ev.pid}:${ev.args[1]}`));
  if (name === "sem_wait" || name === "sem_trywait") clock = join(clock, getIn(info.sync, semKey()));
  if (name === "pthread_join") clock = join(clock, info.ended.get(actorKey(ev.pid, ev.args[0]!)));
  if ((name === "wait" || name === "waitpid") && m.info.result !== null && m.info.result > 0) clock = join(clock, info.ended.get(actorKey(m.info.result, 0)));
  if (RECEIVES.has(name) && ev.location) clock = join(clock, getIn(info.sync, ev.location));
  if (name.startsWith("Atomics.") && ev.location) clock = join(clock, getIn(info.sync, `atomic${ev.location}`));
  const list = racy ? (getIn(info.accesses, ev.location!) ?? []) : [];
  if (racy) {
    for (const a of list) {
      if (a.actor === me || (!a.write && !access!.write) || (a.atomic && access!.atomic)) continue;
      if (a.clock > (clock.get(a.actor) ?? 0)) races.push(describe(model, a, instr, access!.write, access!.atomic, ev.location!));
    }
  }
  if (!wanted) return null;
  const clocks = new Map(info.clocks);
  let sync = info.sync;
  let ended = info.ended;
  let accesses = info.accesses;
  const release = (key: string, value: Clock) => {
    sync = setIn(sync, key, value);
  };
  const end = (key: number) => {
    if (ended === info.ended) ended = new Map(ended);
    ended.set(key, clock);
  };
  if (racy) {
    const entry: Access = { actor: me, clock: clock.get(me) ?? 1, write: access!.write, atomic: access!.atomic, instr };
    accesses = setIn(accesses, ev.location!, access!.write ? [entry] : [...list.filter((a) => a.actor !== me || a.write), entry]);
  }
  // release
  if (name === "pthread_mutex_unlock") release(`mutex${ev.pid}:${ev.args[0]}`, clock);
  if (name === "pthread_cond_wait" && !ev.relocking) release(`mutex${ev.pid}:${ev.args[1]}`, clock);
  if (name === "sem_post") release(semKey(), join(clock, getIn(info.sync, semKey())));
  if (SENDS.has(name) && ev.location) release(ev.location, join(clock, getIn(info.sync, ev.location)));
  if (name.startsWith("Atomics.") && ev.location) release(`atomic${ev.location}`, clock);
  if (name === "kill" || name === "raise") {
    const target = name === "kill" ? ev.args[0]! : ev.pid;
    const sig = name === "kill" ? ev.args[1]! : ev.args[0]!;
    release(`sig${target}:${sig}`, join(clock, getIn(info.sync, `sig${target}:${sig}`)));
  }
  if (name === "pthread_create" && m.info.result !== null) {
    const child = actorKey(ev.pid, m.info.result);
    clocks.set(child, new Map([...clock, [child, 1]]));
  }
  if (name === "fork" && m.info.result !== null && m.info.result > 0) {
    const child = actorKey(m.info.result, 1);
    clocks.set(child, new Map([...clock, [child, 1]]));
  }
  const ends = instr.op === Op.Return && m.info.handlerSig === 0 && !model.functions[m.info.fn]!.synthetic;
  if (ends || name === "pthread_exit") end(me);
  if (name === "exit" || name === "_exit") end(actorKey(ev.pid, 0));
  // program order: the next step of this thread comes after this one
  const after = new Map(clock);
  after.set(me, (clock.get(me) ?? 1) + 1);
  clocks.set(me, after);
  return { clocks, sync, ended, accesses };
}

const RECEIVES = new Set(["read", "recv", "recvfrom", "mq_receive"]);
const SENDS = new Set(["write", "send", "sendto", "mq_send"]);

function clockOf(info: HbInfo, me: number): Clock {
  return info.clocks.get(me) ?? new Map([[me, 1]]);
}

interface AccessKind {
  readonly write: boolean;
  readonly atomic: boolean;
}
const READ: AccessKind = { write: false, atomic: false };
const WRITE: AccessKind = { write: true, atomic: false };
const ATOMIC_READ: AccessKind = { write: false, atomic: true };
const ATOMIC_WRITE: AccessKind = { write: true, atomic: true };

function accessOf(instr: Instr, name: string): AccessKind | null {
  switch (instr.op) {
    case Op.LoadGlobal: case Op.LoadGlobalElem: case Op.LoadShared: return READ;
    case Op.StoreGlobal: case Op.StoreGlobalElem: case Op.StoreShared: return WRITE;
    case Op.Syscall:
      if (name.startsWith("Atomics.")) return name === "Atomics.load" ? ATOMIC_READ : ATOMIC_WRITE;
      return null;
    default:
      return null;
  }
}

function describe(model: Model, earlier: Access, later: Instr, write: boolean, atomic: boolean, location: string): HbRace {
  const src = model.source;
  const what = location[0] === "g" ? `\`${model.globals[later.global]?.name ?? "?"}\`` : `slot ${location.split(":")[1]} of a shared-memory segment`;
  const code = (i: Instr, w: boolean, at: boolean) => `\`${spanText(src, i.span)}\` (line ${lineOf(src, i.span.start)}, ${w ? "a write" : "a read"}${at ? ", atomic" : ""})`;
  const [a, b] = earlier.instr.span.start <= later.span.start ? [earlier.instr, later] : [later, earlier.instr];
  return {
    key: `${a.span.start}:${b.span.start}`,
    message: `data race on ${what}: ${code(earlier.instr, earlier.write, earlier.atomic)} and ${code(later, write, atomic)} are not ordered: nothing between them (no mutex, semaphore, message or Atomics) makes one happen before the other`,
    span: later.span,
    other: earlier.instr.span,
  };
}
