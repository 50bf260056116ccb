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

/**
 * A vector clock: per actor (a thread, by its index in the run's ActorTable) the last step of it
 * known to happen before; actors past the end are 0. Never changed once made: a successor shares
 * what did not change.
 */
type Clock = Int32Array;

/** The actors (threads, as pid * 1024 + tid) of one search, numbered as they appear: shared by all its facts. */
class ActorTable {
  private readonly index = new Map<number, number>();
  indexOf(key: number): number {
    let i = this.index.get(key);
    if (i === undefined) {
      i = this.index.size;
      this.index.set(key, i);
    }
    return i;
  }
}

interface Access {
  /** the actor's index */
  actor: number;
  clock: number;
  write: boolean;
  atomic: boolean;
  instr: Instr;
}

/** The happens-before facts of one run, kept beside a state. */
export interface HbInfo {
  readonly actors: ActorTable;
  /** per actor index: its clock (undefined: not started in this run's knowledge) */
  clocks: readonly (Clock | undefined)[];
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

/**
 * A location or a synchronization object, as one number: a kind, a small number (a pid, a
 * segment, an object id; kept within ±2^15, so a kill of a pid no process can have shares its key
 * with others like it, never with another kind's) and any 32-bit one (a slot, a handle, a signal) —
 * exact below 2^53.
 */
const enum Key {
  Global = 1,
  Shared,
  Object,
  Mutex,
  Semaphore,
  Signal,
  Atomic,
}
const keyOf = (kind: Key, a: number, b: number): number => (kind * 65536 + (Math.min(Math.max(a, -32768), 32767) + 32768)) * 4294967296 + (b >>> 0);
const kindOfKey = (key: number): Key => Math.floor(key / 4294967296 / 65536) as Key;
const lowOfKey = (key: number): number => key >>> 0;

/** The pointwise maximum; `a` itself when `b` adds nothing. */
function join(a: Clock, b: Clock | undefined): Clock {
  if (!b) return a;
  let i = 0;
  for (; i < b.length; i++) if (b[i]! > (a[i] ?? 0)) break;
  if (i === b.length) return a;
  const out = new Int32Array(Math.max(a.length, b.length));
  out.set(a);
  for (; i < b.length; i++) if (b[i]! > out[i]!) out[i] = b[i]!;
  return out;
}

/** clock with actor i's entry set to v (a copy). */
function withEntry(clock: Clock, i: number, v: number): Clock {
  const out = new Int32Array(Math.max(clock.length, i + 1));
  out.set(clock);
  out[i] = v;
  return out;
}

export function initialInfo(): HbInfo {
  const actors = new ActorTable();
  const main = actors.indexOf(actorKey(1, 1));
  return { actors, clocks: [withEntry(new Int32Array(0), main, 1)], sync: emptyBucketMap(), ended: new Map(), accesses: emptyBucketMap() };
}

/** What a step is about to do, read from the state before it. */
export interface Pending {
  pid: number;
  tid: number;
  instr: Instr | null;
  args: number[];
  /** shared-memory slot or global location of an access, or the object of a read or write (keyOf), or -1 */
  location: number;
  kind: number;
  sig: number;
  /** the process has more than one live thread (its globals can race) */
  multi: boolean;
  /** a pthread_cond_wait taking its mutex back */
  relocking: boolean;
}

/** A Pending to fill (pendingOf): one per search, as nothing keeps it past the step. */
export function pendingScratch(): Pending {
  return { pid: 0, tid: 0, instr: null, args: [], location: -1, kind: 0, sig: 0, multi: false, relocking: false };
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
  out.location = -1;
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
      out.location = keyOf(Key.Global, pid, instr.a);
      break;
    case Op.LoadGlobalElem: case Op.StoreGlobalElem:
      out.location = keyOf(Key.Global, pid, instr.a + m.buf[r + instr.b]!);
      break;
    case Op.LoadShared: case Op.StoreShared:
      out.location = keyOf(Key.Shared, m.buf[r + instr.a]!, m.buf[r + instr.b]!);
      break;
    case Op.Syscall: {
      const name = API_CALLS[instr.a]!.name;
      if (name.startsWith("Atomics.")) out.location = keyOf(Key.Shared, out.args[0]!, out.args[1]!);
      else if (["write", "read", "send", "recv", "sendto", "recvfrom", "mq_send", "mq_receive"].includes(name)) {
        const file = fileOf(m, p, out.args[0]!);
        out.location = file >= 0 ? keyOf(Key.Object, m.buf[file + FILE_TARGET]!, 0) : -1;
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
  const me = info.actors.indexOf(actorKey(ev.pid, ev.tid));
  if (ev.kind === TransitionKind.Deliver) {
    if (!wanted) return null;
    const clocks = info.clocks.slice();
    clocks[me] = join(clockOf(info, me), getIn(info.sync, keyOf(Key.Signal, ev.pid, ev.sig)));
    return { ...info, clocks };
  }
  if (ev.kind !== TransitionKind.Step || !ev.instr) return wanted ? info : null;
  const instr = ev.instr;
  const name = instr.op === Op.Syscall ? API_CALLS[instr.a]!.name : "";
  // the access itself
  const access = accessOf(instr, name);
  const location = ev.location;
  const racy = access !== null && location >= 0 && (kindOfKey(location) === Key.Shared || ev.multi);
  // a step to a known state that accesses nothing racy shows no race and needs no facts after it
  if (!wanted && !racy) return null;
  let clock = clockOf(info, me);
  // kill → the handler it triggers, for a signal the step delivered (raise, sigprocmask, kill of
  // oneself, the entry of a pause() or sigsuspend(): signals.ts)
  if (m.info.delivered !== 0) clock = join(clock, getIn(info.sync, keyOf(Key.Signal, ev.pid, m.info.delivered)));
  const semKey = () => keyOf(Key.Semaphore, ev.args[0]! & (1 << 24) ? 0 : ev.pid, ev.args[0]!);
  // acquire
  if (name === "pthread_mutex_lock" || name === "pthread_mutex_trylock") clock = join(clock, getIn(info.sync, keyOf(Key.Mutex, ev.pid, ev.args[0]!)));
  if (name === "pthread_cond_wait" && ev.relocking) clock = join(clock, getIn(info.sync, keyOf(Key.Mutex, ev.pid, ev.args[1]!)));
  if (name === "sem_wait" || name === "sem_trywait") clock = join(clock, getIn(info.sync, semKey()));
  if (name === "pthread_join") clock = join(clock, info.ended.get(actorKey(ev.pid, ev.args[0]!)));
  if ((name === "wait" || name === "waitpid") && m.info.result !== null && m.info.result > 0) clock = join(clock, info.ended.get(actorKey(m.info.result, 0)));
  if (RECEIVES.has(name) && location >= 0) clock = join(clock, getIn(info.sync, location));
  if (name.startsWith("Atomics.") && location >= 0) clock = join(clock, getIn(info.sync, atomicKey(location)));
  const list = racy ? (getIn(info.accesses, location) ?? []) : [];
  if (racy) {
    for (const a of list) {
      if (a.actor === me || (!a.write && !access!.write) || (a.atomic && access!.atomic)) continue;
      if (a.clock > (clock[a.actor] ?? 0)) races.push(describe(model, a, instr, access!.write, access!.atomic, location));
    }
  }
  if (!wanted) return null;
  const clocks = info.clocks.slice();
  let sync = info.sync;
  let ended = info.ended;
  let accesses = info.accesses;
  const release = (key: number, value: Clock) => {
    sync = setIn(sync, key, value);
  };
  const end = (key: number) => {
    if (ended === info.ended) ended = new Map(ended);
    ended.set(key, clock);
  };
  if (racy) {
    const entry: Access = { actor: me, clock: clock[me] || 1, write: access!.write, atomic: access!.atomic, instr };
    accesses = setIn(accesses, location, access!.write ? [entry] : [...list.filter((a) => a.actor !== me || a.write), entry]);
  }
  // release
  if (name === "pthread_mutex_unlock") release(keyOf(Key.Mutex, ev.pid, ev.args[0]!), clock);
  if (name === "pthread_cond_wait" && !ev.relocking) release(keyOf(Key.Mutex, ev.pid, ev.args[1]!), clock);
  if (name === "sem_post") release(semKey(), join(clock, getIn(info.sync, semKey())));
  if (SENDS.has(name) && location >= 0) release(location, join(clock, getIn(info.sync, location)));
  if (name.startsWith("Atomics.") && location >= 0) release(atomicKey(location), clock);
  if (name === "kill" || name === "raise") {
    const target = name === "kill" ? ev.args[0]! : ev.pid;
    const sig = name === "kill" ? ev.args[1]! : ev.args[0]!;
    release(keyOf(Key.Signal, target, sig), join(clock, getIn(info.sync, keyOf(Key.Signal, target, sig))));
  }
  if (name === "pthread_create" && m.info.result !== null) {
    const child = info.actors.indexOf(actorKey(ev.pid, m.info.result));
    clocks[child] = withEntry(clock, child, 1);
  }
  if (name === "fork" && m.info.result !== null && m.info.result > 0) {
    const child = info.actors.indexOf(actorKey(m.info.result, 1));
    clocks[child] = withEntry(clock, child, 1);
  }
  const ends = instr.op === Op.Return && m.info.handlerSig === 0 && !model.functions[m.info.fn]!.synthetic;
  if (ends || name === "pthread_exit") end(actorKey(ev.pid, ev.tid));
  if (name === "exit" || name === "_exit") end(actorKey(ev.pid, 0));
  // program order: the next step of this thread comes after this one
  clocks[me] = withEntry(clock, me, (clock[me] || 1) + 1);
  return { actors: info.actors, clocks, sync, ended, accesses };
}

const RECEIVES = new Set(["read", "recv", "recvfrom", "mq_receive"]);
const SENDS = new Set(["write", "send", "sendto", "mq_send"]);

function clockOf(info: HbInfo, me: number): Clock {
  return info.clocks[me] ?? withEntry(new Int32Array(0), me, 1);
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

/** The sync key of the Atomics order on a shared slot (its access location). */
function atomicKey(location: number): number {
  return keyOf(Key.Atomic, 0, 0) + (location - keyOf(Key.Shared, 0, 0));
}

function describe(model: Model, earlier: Access, later: Instr, write: boolean, atomic: boolean, location: number): HbRace {
  const src = model.source;
  const what = kindOfKey(location) === Key.Global ? `\`${model.globals[later.global]?.name ?? "?"}\`` : `slot ${lowOfKey(location) | 0} of a shared-memory segment`;
  const code = (i: Instr, w: boolean, at: boolean) => `\`${spanText(src, i.span)}\` (line ${lineOf(src, i.span.start)}, ${w ? "a write" : "a read"}${at ? ", atomic" : ""})`;
  const [a, b] = earlier.instr.span.start <= later.span.start ? [earlier.instr, later] : [later, earlier.instr];
  return {
    key: `${a.span.start}:${b.span.start}`,
    message: `data race on ${what}: ${code(earlier.instr, earlier.write, earlier.atomic)} and ${code(later, write, atomic)} are not ordered: nothing between them (no mutex, semaphore, message or Atomics) makes one happen before the other`,
    span: later.span,
    other: earlier.instr.span,
  };
}
