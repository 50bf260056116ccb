// livelock (LANGUAGE.md §4): a reachable fair cycle along which some thread waits at every state and
// does not wait for the user. After the search, the explored graph (its edges kept, each labelled with
// the agent that took it) is cut, for each waiting thread, to the states where it waits; in each
// strongly connected part the fairness of §4 is checked the Emerson–Lei way:
// - a thread's steps are strongly fair (a thread that can step only at some states is blocked at the
//   others, and a blocked call able to complete at some states must complete): if it can step
//   somewhere in the part but never does, the states where it can are cut away and the rest examined;
// - a signal deliverable, an alarm armed, a datagram in flight at every state must be delivered,
//   expire, arrive: if not, the part has no fair cycle;
// - the environment, spurious wake-ups and network faults are not fair: they never need to happen.
//   Fairness (5) (datagrams sent to one address are not all lost) needs no check: a cycle losing
//   every datagram it sends to an address could send one instead at each turn, nothing on it
//   waiting for one to arrive, so the datagrams in flight would grow without bound and the search
//   end at a bound, before this analysis (it runs only after a finished search).
// A part that passes holds a fair cycle: reported with a lasso trace (prefix, then the loop).
import { Op, type Instr, type Model } from "../model/model.js";
import { API_CALLS } from "../model/api.js";
import { P_NTHREADS, P_PID, P_STATE, PROC_ALIVE, T_LEN, T_TID, TS_CONDWAIT, TS_CONDWAKE, TS_EXITED, TS_PAUSE, TS_RUNNING, TS_SIGSUSPEND, TS_SLEEP } from "./state-layout.js";
import { Machine, TRANSITION_WORDS, TransitionKind } from "./machine.js";
import type { VisitedSet } from "./visited-set.js";
import { lineOf, spanText } from "../model/span.js";
import { sigbit } from "../model/signals.js";
import { SA_RESTART } from "../model/constants.js";
import { maskWhileWaiting, waitState } from "./semantics/signals.js";
import { grown } from "./grow.js";

/** Agents: who takes an edge. 0: nobody fair (environment, spurious wake-up, network fault). */
export const AGENT_NONE = 0;
const STEP = 1 << 28;
const DELIVER = 2 << 28;
const ALARM = 3 << 28;
const ARRIVE = 4 << 28;
const KIND_MASK = 7 << 28;

/** The fairness agent of transition k of a state's transitions (`live`: how many are not spurious). */
export function agentOf(trans: Int32Array, k: number, live: number): number {
  if (k >= live) return AGENT_NONE;
  const o = k * TRANSITION_WORDS;
  const pid = trans[o + 1]!;
  switch (trans[o] as TransitionKind) {
    case TransitionKind.Step: return STEP | (pid << 10) | trans[o + 2]!;
    case TransitionKind.Deliver: return DELIVER | (pid << 10) | (trans[o + 3]! >> 8);
    case TransitionKind.Alarm: return ALARM | pid;
    case TransitionKind.Net: return trans[o + 3] === 0 ? ARRIVE : AGENT_NONE;
    default: return AGENT_NONE;
  }
}

/**
 * The explored graph's edges, kept during the search. States are expanded in id order, so a state's
 * edges are added together and the list is its own adjacency table (CSR): each state's first edge is
 * kept, not each edge's source.
 */
export class EdgeList {
  to = new Int32Array(1 << 16);
  agent = new Int32Array(1 << 16);
  /** the transition's index among its state's transitions */
  k = new Int32Array(1 << 16);
  /** per state: its first edge (the next state's first edge ends its edges) */
  private starts = new Int32Array(1 << 12);
  private opened = 0;
  count = 0;

  /** The edges added from now on, until the next state opens, leave state `id` (ids open in order). */
  open(id: number): void {
    if (id + 2 > this.starts.length) {
      this.starts = grown(this.starts, id + 2);
    }
    for (let i = this.opened; i <= id; i++) this.starts[i] = this.count;
    this.opened = id + 1;
  }

  add(to: number, agent: number, k: number): void {
    if (this.count === this.to.length) {
      this.to = grown(this.to);
      this.agent = grown(this.agent);
      this.k = grown(this.k);
    }
    this.k[this.count] = k;
    this.to[this.count] = to;
    this.agent[this.count] = agent;
    this.count++;
  }

  /** The first edge of each of the n states, and the end of the last one's: start[s] .. start[s + 1] */
  adjacency(n: number): Int32Array {
    const start = new Int32Array(n + 1);
    start.set(this.starts.subarray(0, Math.min(this.opened, n)));
    for (let i = Math.min(this.opened, n); i <= n; i++) start[i] = this.count;
    return start;
  }
}

export interface Livelock {
  readonly key: string;
  readonly message: string;
  readonly instr: Instr;
  /** the path to the loop's first state, then the loop (transition indices) */
  readonly prefixState: number;
  readonly loop: number[];
}

interface Loop {
  /** instruction index range [head, end] of a loop the thread can leave that only waits */
  head: number;
  end: number;
  reads: Set<number>;
}

/** What deciding whether a thread waits needs from the model, computed once. */
export interface WaitContext {
  readonly loops: Loop[][];
  readonly handlerWrites: Set<number>[];
}

export function waitContext(model: Model): WaitContext {
  return { loops: waitingLoops(model), handlerWrites: writesOf(model) };
}

/** How thread (pid, tid) waits in the loaded state, as one number (-1: it does not wait, or does not exist). */
export function waitSignature(m: Machine, ctx: WaitContext, pid: number, tid: number): number {
  const w = waits(m, ctx.loops, pid, tid, ctx.handlerWrites);
  if (!w || !w.waits) return -1;
  return (w.instr ? w.instr.span.start * 4 : 0) + (w.blocked ? 1 : 0) + (w.forUser ? 2 : 0);
}

/** Loops that only wait (LANGUAGE.md §4 "Waiting"): a loop one can leave, whose body only reads, computes locally, sleeps or polls. */
function waitingLoops(model: Model): Loop[][] {
  const quiet = new Set(["sleep", "Atomics.load", "pthread_mutex_trylock", "sem_trywait", "read", "recv", "recvfrom", "mq_receive", "waitpid", "errno", "getppid", "kill"]);
  return model.functions.map((fn) => {
    const loops: Loop[] = [];
    fn.code.forEach((instr, end) => {
      const isBack = (instr.op === Op.Jump && instr.b === 1) || (instr.op === Op.Branch && instr.d === 1);
      if (!isBack) return;
      const head = instr.op === Op.Jump ? instr.a : instr.b;
      let leaves = false;
      let effect = false;
      const reads = new Set<number>();
      for (let pc = head; pc <= end; pc++) {
        const x = fn.code[pc]!;
        if (x.op === Op.Branch && (x.b < head || x.b > end)) leaves = true;
        if (x.op === Op.Jump && (x.a < head || x.a > end + 1) && pc !== end) leaves = true;
        if (x.op === Op.Jump && x.a === end + 1) leaves = true;
        if (x.op === Op.Return) leaves = true;
        if (x.op === Op.StoreGlobal || x.op === Op.StoreGlobalElem || x.op === Op.StoreShared || x.op === Op.Call) effect = true;
        if (x.op === Op.LoadGlobal || x.op === Op.LoadGlobalElem) reads.add(x.global);
        if (x.op === Op.Syscall && x.visible) {
          const name = API_CALLS[x.a]!.name;
          if (name === "exit" || name === "_exit") leaves = true;
          else if (!quiet.has(name)) effect = true;
        }
      }
      if (instr.op === Op.Branch) leaves = true; // a do/while's condition
      if (leaves && !effect) loops.push({ head, end, reads });
    });
    return loops;
  });
}

/** Whether thread (pid, tid) waits in the loaded state (blocked in a call, or in a loop that only waits); null if it does not exist. */
function waits(m: Machine, loops: Loop[][], pid: number, tid: number, handlerWrites: Set<number>[]): { waits: boolean; blocked: boolean; forUser: boolean; instr: Instr | null } | null {
  const p = m.findProc(pid);
  if (p < 0 || m.buf[p + P_STATE] !== PROC_ALIVE) return null;
  const t = m.findThread(p, tid);
  if (t < 0) return null;
  // at a pause() or sigsuspend() call the thread waits as one inside it (signals.ts)
  const state = waitState(m, t);
  if (state === TS_EXITED) return null;
  const f = m.topFrame(t);
  const instr = m.instrAt(f);
  const blocked = state === TS_PAUSE || state === TS_SIGSUSPEND || state === TS_CONDWAIT || (state === TS_CONDWAKE) || (state === TS_RUNNING && m.blockedInCall(p, t));
  if (blocked) return { waits: true, blocked: true, forUser: userEndsWait(m, p, t, state, null, handlerWrites), instr };
  if (state === TS_SLEEP) return { waits: false, blocked: false, forUser: false, instr };
  const fnId = m.buf[f]!;
  const pc = m.buf[f + 1]!;
  let inner: Loop | null = null;
  for (const l of loops[fnId]!) if (pc >= l.head && pc <= l.end && (!inner || l.end - l.head < inner.end - inner.head)) inner = l;
  if (!inner) return { waits: false, blocked: false, forUser: false, instr };
  // the loop is named by its back edge, whose span is the loop's condition
  return { waits: true, blocked: false, forUser: userEndsWait(m, p, t, state, inner, handlerWrites), instr: m.model.functions[fnId]!.code[inner.end]! };
}

/** An environment signal deliverable to the thread would end its wait (LANGUAGE.md §4 "waits for the user"). */
function userEndsWait(m: Machine, p: number, t: number, state: number, loop: Loop | null, handlerWrites: Set<number>[]): boolean {
  const mask = maskWhileWaiting(m, t);
  for (const sig of m.model.options.envSignals) {
    if ((mask & sigbit(sig)) !== 0) continue;
    const act = m.actions.actions[m.actionOf(p, sig)]!;
    if (act.handler === 0) {
      if (m.model.options.envSignalsListed) return true;
      continue;
    }
    if (act.handler === 1) continue;
    const fn = act.handler - 2;
    if (m.model.functions[fn]!.mayExit) return true;
    if (loop) {
      for (const g of loop.reads) if (handlerWrites[fn]!.has(g)) return true;
      continue;
    }
    if (state === TS_PAUSE || state === TS_SIGSUSPEND || state === TS_SLEEP) return true;
    if ((act.flags & SA_RESTART) === 0) return true;
  }
  return false;
}

/** Globals each function writes, with what the functions it calls write. */
function writesOf(model: Model): Set<number>[] {
  const direct = model.functions.map((f) => new Set(f.code.filter((i) => i.op === Op.StoreGlobal || i.op === Op.StoreGlobalElem).map((i) => i.global)));
  let changed = true;
  while (changed) {
    changed = false;
    model.functions.forEach((f, id) => {
      for (const i of f.code) {
        if (i.op !== Op.Call) continue;
        for (const g of direct[i.a]!) if (!direct[id]!.has(g)) {
          direct[id]!.add(g);
          changed = true;
        }
      }
    });
  }
  return direct;
}

/** `m` is the search's machine: the states' interned values (strings, sigactions) are its own. */
export function findLivelocks(m: Machine, visited: VisitedSet, edges: EdgeList): Livelock[] {
  const model = m.model;
  const n = visited.count;
  // outgoing edges by state: the list is grouped by source already
  const start = edges.adjacency(n);

  m.sink = null;
  const { loops, handlerWrites } = waitContext(model);
  const buf = new Int32Array(4096);
  let stateBuf = buf;
  const load = (id: number) => {
    const len = visited.stateLength(id);
    if (stateBuf.length < len) stateBuf = new Int32Array(len * 2);
    visited.load(id, stateBuf);
    m.load(stateBuf, len);
  };

  // one pass over the states: for every thread that exists there, whether it waits (and how)
  const waiting = new Map<number, { inSet: Uint8Array; blocked: Uint8Array; instr: (Instr | null)[] }>();
  for (let id = 0; id < n; id++) {
    load(id);
    for (let p = m.firstProc(), i = m.nproc(); i > 0; i--, p = m.nextProc(p)) {
      if (m.buf[p + P_STATE] !== PROC_ALIVE) continue;
      const pid = m.buf[p + P_PID]!;
      for (let t = m.firstThread(p), j = m.buf[p + P_NTHREADS]!; j > 0; j--, t += m.buf[t + T_LEN]!) {
        const tid = m.buf[t + T_TID]!;
        const w = waits(m, loops, pid, tid, handlerWrites);
        if (!w || !w.waits || w.forUser) continue;
        const actor = (pid << 10) | tid;
        let entry = waiting.get(actor);
        if (!entry) {
          entry = { inSet: new Uint8Array(n), blocked: new Uint8Array(n), instr: new Array<Instr | null>(n).fill(null) };
          waiting.set(actor, entry);
        }
        entry.inSet[id] = 1;
        entry.blocked[id] = w.blocked ? 1 : 0;
        entry.instr[id] = w.instr;
      }
    }
  }
  const found: Livelock[] = [];
  const seen = new Set<string>();
  for (const actor of [...waiting.keys()].sort((a, b) => a - b)) {
    const pid = actor >> 10;
    const tid = actor & 1023;
    const { inSet, blocked: blockedAt, instr: waitInstr } = waiting.get(actor)!;
    for (const part of components(n, inSet, start, edges)) {
      const fair = fairPart(part, start, edges);
      if (!fair) continue;
      const s = fair[0]!;
      const instr = waitInstr[s]!;
      const key = `${pid}:${tid}:${instr.span.start}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const loop = cycleFrom(s, new Set(fair), start, edges);
      const src = model.source;
      const who = `pid ${pid}${tid !== 1 ? `/thread ${tid}` : ""}`;
      const how = instr.op === Op.Syscall || blockedAt[s]
        ? `blocks for ever in \`${spanText(src, instr.span).split("\n")[0]!.trim()}\` (line ${lineOf(src, instr.span.start)})`
        : `busy-waits for ever in the loop at line ${lineOf(src, instr.span.start)} (\`${spanText(src, instr.span).split("\n")[0]!.trim()}\`)`;
      found.push({
        key,
        message: `livelock: ${who} ${how} while the other threads and processes go on in a fair cycle; nothing will let it go on, and no signal from the user would end the wait`,
        instr,
        prefixState: s,
        loop,
      });
    }
  }
  return found;
}

/** Strongly connected parts of the states marked in `inSet` (Tarjan, iterative), only those with an inner edge. */
function components(n: number, inSet: Uint8Array, start: Int32Array, edges: EdgeList): number[][] {
  const index = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const onStack = new Uint8Array(n);
  const stack: number[] = [];
  const out: number[][] = [];
  let counter = 0;
  const work: [number, number][] = [];
  for (let root = 0; root < n; root++) {
    if (!inSet[root] || index[root] !== -1) continue;
    work.push([root, start[root]!]);
    index[root] = low[root] = counter++;
    stack.push(root);
    onStack[root] = 1;
    while (work.length > 0) {
      const top = work[work.length - 1]!;
      const v = top[0];
      if (top[1] < start[v + 1]!) {
        const e = top[1]++;
        const w = edges.to[e]!;
        if (!inSet[w]) continue;
        if (index[w] === -1) {
          index[w] = low[w] = counter++;
          stack.push(w);
          onStack[w] = 1;
          work.push([w, start[w]!]);
        } else if (onStack[w]) low[v] = Math.min(low[v]!, index[w]!);
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const u = work[work.length - 1]![0];
        low[u] = Math.min(low[u]!, low[v]!);
      }
      if (low[v] === index[v]) {
        const part: number[] = [];
        let w: number;
        do {
          w = stack.pop()!;
          onStack[w] = 0;
          part.push(w);
        } while (w !== v);
        const members = new Set(part);
        const inner = part.some((x) => {
          for (let i = start[x]!; i < start[x + 1]!; i++) if (members.has(edges.to[i]!)) return true;
          return false;
        });
        if (inner) out.push(part.sort((a, b) => a - b));
      }
    }
  }
  return out;
}

/** A fair sub-part of `part` (Emerson–Lei), or null. */
function fairPart(part: number[], start: Int32Array, edges: EdgeList): number[] | null {
  const members = new Set(part);
  const enabledAt = new Map<number, number>(); // agent -> states where enabled
  const taken = new Set<number>();
  for (const s of part) {
    const here = new Set<number>();
    for (let e = start[s]!; e < start[s + 1]!; e++) {
      const a = edges.agent[e]!;
      if (a === AGENT_NONE) continue;
      here.add(a);
      if (members.has(edges.to[e]!)) taken.add(a);
    }
    for (const a of here) enabledAt.set(a, (enabledAt.get(a) ?? 0) + 1);
  }
  const cut = new Set<number>();
  for (const [a, count] of enabledAt) {
    if (taken.has(a)) continue;
    if ((a & KIND_MASK) === STEP) cut.add(a);
    else if (count === part.length) return null; // weakly fair, always enabled, never taken
  }
  if (cut.size === 0) return part;
  const rest = part.filter((s) => {
    for (let i = start[s]!; i < start[s + 1]!; i++) if (cut.has(edges.agent[i]!)) return false;
    return true;
  });
  if (rest.length === 0) return null;
  const mark = new Uint8Array(Math.max(...rest) + 1);
  for (const s of rest) mark[s] = 1;
  for (const sub of components(mark.length, mark, start, edges)) {
    const fair = fairPart(sub, start, edges);
    if (fair) return fair;
  }
  return null;
}

/**
 * Transition indices of a fair cycle from s back to s inside `members`: it takes an edge of every
 * agent that acts inside the part (so the loop shown is itself fair), then returns to s.
 */
function cycleFrom(s: number, members: Set<number>, start: Int32Array, edges: EdgeList): number[] {
  const agents = new Set<number>();
  for (const v of members) {
    for (let e = start[v]!; e < start[v + 1]!; e++) {
      if (edges.agent[e] !== AGENT_NONE && members.has(edges.to[e]!)) agents.add(edges.agent[e]!);
    }
  }
  const path: number[] = [];
  let cur = s;
  for (const a of [...agents].sort((x, y) => x - y)) {
    const leg = shortest(cur, members, start, edges, (e) => edges.agent[e] === a);
    path.push(...leg);
    cur = edges.to[leg[leg.length - 1]!]!;
  }
  if (cur !== s || path.length === 0) path.push(...shortest(cur, members, start, edges, (e) => edges.to[e] === s));
  return path.map((edge) => edges.k[edge]!);
}

/** The shortest edge path inside `members` from `from` that ends with an edge satisfying `goal`. */
function shortest(from: number, members: Set<number>, start: Int32Array, edges: EdgeList, goal: (e: number) => boolean): number[] {
  const prev = new Map<number, number>(); // state -> the edge that reached it
  const prevFrom = new Map<number, number>(); // state -> the state that edge leaves
  const queue = [from];
  const seen = new Set([from]);
  while (queue.length > 0) {
    const v = queue.shift()!;
    for (let e = start[v]!; e < start[v + 1]!; e++) {
      const w = edges.to[e]!;
      if (!members.has(w)) continue;
      if (goal(e)) {
        const path = [e];
        for (let x = v; x !== from; x = prevFrom.get(x)!) path.push(prev.get(x)!);
        return path.reverse();
      }
      if (seen.has(w)) continue;
      seen.add(w);
      prev.set(w, e);
      prevFrom.set(w, v);
      queue.push(w);
    }
  }
  return [];
}
