// Exhaustive breadth-first search over the model's states (LANGUAGE.md §4). Breadth-first, so the
// first time a finding shows up its trace is a shortest one. States are stored once in the visited
// set; a finding keeps only (state, transition index) and its trace is rebuilt by replay.
import type { Model } from "../model/model.js";
import { Machine, TRANSITION_WORDS, TransitionKind, type RawFinding } from "./machine.js";
import { findRaces, type Race } from "./races.js";
import { AGENT_NONE, EdgeList, agentOf, findLivelocks, waitContext, waitSignature } from "./livelock.js";
import { ampleCandidate, reductionTables, stepOutcomes } from "./reduction.js";
import { pidCarriers } from "./symmetry.js";
import { afterStep, initialInfo, pendingOf, pendingScratch, type HbInfo, type HbRace } from "./happens-before.js";
import { Op } from "../model/model.js";
import { API_CALLS } from "../model/api.js";
import { VisitedSet, type StateStore } from "./visited-set.js";
import { FingerprintSet } from "./fingerprint-set.js";
import { compileFunctions } from "./compiled-code.js";
import { stuckFinding } from "./stuck.js";
import { IdStack, SwarmOrder, diversified, memberSeed, type SwarmMember } from "./swarm.js";

export interface SearchOptions {
  readonly maxStates: number;
  readonly maxDepth: number;
  /** asked every few thousand states: a time limit reached (the explorer reads no clock itself) */
  readonly shouldStop?: () => string | null;
  readonly onProgress?: (states: number, depth: number) => void;
  /** keep every value, also those that decide nothing (for tests of that reduction) */
  readonly keepAllValues?: boolean;
  /** look for livelocks (fair cycles) after the search; on by default */
  readonly livelock?: boolean;
  /** the memory the stored states and edges may take, in bytes (a bound: inconclusive) */
  readonly maxBytes?: number;
  /** store states as their interned components (on by default) */
  readonly collapse?: boolean;
  /** partial-order reduction: explore a private step alone where that is sound (on by default) */
  readonly por?: boolean;
  /** symmetry reduction of interchangeable sibling processes (off by default; no livelock analysis then) */
  readonly symmetry?: boolean;
  /** hash compaction: keep 64-bit fingerprints, not states (probabilistic; no livelock analysis then) */
  readonly hashCompact?: boolean;
  /** member i of n of a swarm (swarm.ts): every member but the first searches depth-first in its own order */
  readonly swarm?: SwarmMember;
  /** run each function's local work as compiled JavaScript (compiled-code.ts; off by default: it does not pay), not through the interpreter */
  readonly compiled?: boolean;
  /** check that no step wrote outside what Machine.writer says (tests: the visited set compares everything and throws) */
  readonly checkWriters?: boolean;
}

export interface FoundFinding {
  readonly raw: RawFinding;
  /** the state the finding's transition starts from (or the stuck state itself) */
  readonly state: number;
  /** the transition's index among that state's transitions; -1 for a stuck state */
  readonly transition: number;
  /** a data race: the other access's transition, from the state `transition` reaches; else -1 */
  readonly next: number;
  /** a livelock: the loop's transitions from `state` back to it */
  readonly loop?: readonly number[];
}

export interface SearchResult {
  readonly model: Model;
  readonly visited: StateStore;
  readonly findings: FoundFinding[];
  /** the whole state space was explored */
  readonly complete: boolean;
  /** which bound stopped the search or cut runs, or null */
  readonly bound: string | null;
  readonly states: number;
  readonly transitions: number;
  readonly maxDepth: number;
  /** states where partial-order reduction explored one transition instead of all */
  readonly reducedStates: number;
  /** states are stored up to a renaming of interchangeable processes: stored paths need realPath() */
  readonly symmetric: boolean;
  /** hash compaction: the chance that a state was missed (a fingerprint collision), else null */
  readonly collisionBound: number | null;
}

/** transitions of one state at most (state-records.ts keeps their indexes in half-words, one value kept for none) */
const MAX_TRANSITIONS = 0xffff;
/** edges kept for the livelock analysis: 12 bytes each */
const MAX_EDGES = 60_000_000;

/** Races at the loaded state: each new one is a finding whose trace ends with both accesses. */
function reportRaces(m: Machine, trans: Int32Array, after: Int32Array, n: number, parent: Int32Array, len: number, id: number, seen: Set<string>, findings: FoundFinding[]): void {
  const races: Race[] = [];
  findRaces(m, races);
  if (races.length === 0) return;
  const sink = m.sink;
  for (const race of races) {
    const key = `data-race\u0000${race.key}`;
    if (seen.has(key)) continue;
    const k1 = stepIndex(trans, n, race.first.pid, race.first.tid);
    if (k1 < 0) continue;
    m.sink = null;
    m.load(parent, len);
    m.apply(trans, k1);
    const n2 = m.transitions(after);
    const k2 = stepIndex(after, n2, race.second.pid, race.second.tid);
    m.load(parent, len);
    m.sink = sink;
    if (k2 < 0) continue;
    seen.add(key);
    findings.push({
      raw: { rule: "data-race", key: race.key, message: race.message, span: race.first.instr.span, related: [race.second.instr.span] },
      state: id,
      transition: k1,
      next: k2,
    });
  }
  m.transitions(trans);
}

function stepIndex(trans: Int32Array, n: number, pid: number, tid: number): number {
  for (let k = 0; k < n; k++) {
    const o = k * TRANSITION_WORDS;
    if (trans[o] === TransitionKind.Step && trans[o + 1] === pid && trans[o + 2] === tid) return k;
  }
  return -1;
}

/**
 * The order in which a state's n transitions are explored: the ample set's first (when ample ≥ 0),
 * the others after, shuffled for a swarm member; `identity` holds 0, 1, 2, ... (no ample set), `out`
 * is written for an ample set.
 */
function expansionOrder(n: number, ample: number, width: number, order: SwarmOrder | null, identity: Int32Array, out: Int32Array): Int32Array {
  if (order) return order.shuffle(n, ample, width);
  if (ample < 0) return identity;
  for (let i = 0; i < n; i++) out[i] = i < width ? ample + i : i < ample + width ? i - width : i;
  return out;
}

/**
 * Whether a private step of a thread keeps the livelock rule's proposition: it may start a wait or
 * end one, not turn one wait into another (reduction.ts).
 */
function sameWait(before: number, after: number): boolean {
  return before === -1 || after === -1 || before === after;
}

/** a transition that ended its run (Machine.dead): no successor */
const DEAD = -2;

export function search(model: Model, options: SearchOptions): SearchResult {
  const m = new Machine(model);
  m.concrete = options.keepAllValues ?? false;
  if (options.compiled === true && !m.concrete) m.compiled = compileFunctions(model.functions);
  const swarm = diversified(options.swarm) ? options.swarm : null;
  const compact = options.hashCompact === true ? new FingerprintSet(swarm ? memberSeed(swarm) : 0, swarm !== null) : null;
  const visited: StateStore = compact ?? new VisitedSet(options.collapse === false ? null : m.layout, options.checkWriters === true);
  const findings: FoundFinding[] = [];
  const seen = new Set<string>();
  let current = 0;
  let currentK = -1;
  let reports = 0;
  m.sink = {
    report(raw) {
      reports++;
      const key = `${raw.rule}\u0000${raw.key}`;
      if (seen.has(key)) return;
      seen.add(key);
      findings.push({ raw, state: current, transition: currentK, next: -1 });
    },
  };
  m.initialState();
  visited.add(m.buf, m.len, -1, -1, 0);
  const trans = new Int32Array(MAX_TRANSITIONS * TRANSITION_WORDS);
  let parent = new Int32Array(1024);
  let transitions = 0;
  let bound: string | null = null;
  let stopped = false;
  let maxDepth = 0;
  // the explored graph's edges, for livelock (fair cycles): kept while they fit
  let edges: EdgeList | null = options.livelock === false ? null : new EdgeList();
  const checkRaces = model.functions.some((f) => f.code.some((i) => i.op === Op.LoadShared || i.op === Op.StoreShared)) ||
    model.functions.some((f) => f.code.some((i) => i.op === Op.Syscall && API_CALLS[i.a]!.name === "pthread_create"));
  // the transitions after a racy access, to find the other one (reportRaces)
  const raceScratch = checkRaces ? new Int32Array(trans.length) : null;
  // happens-before along the search, beside the states (not in them): for races after races
  const hb: (HbInfo | undefined)[] | null = checkRaces ? [] : null;
  const pending = pendingScratch();
  if (hb) {
    hb[0] = initialInfo();
    m.tracing = true;
  }
  // symmetry: sound only for models whose semantics a renaming of pids preserves (symmetry.ts)
  m.symmetry = options.symmetry === true && !checkRaces ? pidCarriers(model) : null;
  if (m.symmetry || compact || swarm) edges = null;
  // a diversified swarm member: the states to expand on a stack, each state's transitions in its own order
  const stack = swarm ? new IdStack() : null;
  const order = swarm ? new SwarmOrder(memberSeed(swarm)) : null;
  stack?.push(0);
  let cursor = 0;
  let expanded = 0;
  const por = options.por !== false ? reductionTables(model) : null;
  const waitCtx = por ? waitContext(model) : null;
  const waitOf = (k: number): number => waitSignature(m, waitCtx!, trans[k * TRANSITION_WORDS + 1]!, trans[k * TRANSITION_WORDS + 2]!);
  const identity = Int32Array.from({ length: MAX_TRANSITIONS }, (_, i) => i);
  const reordered = new Int32Array(MAX_TRANSITIONS);
  // the successors of the ample set's transitions, kept until the set is decided
  const outcomes = new Int32Array(MAX_TRANSITIONS);
  let reducedStates = 0;

  for (;;) {
    const id = stack ? stack.pop() : cursor < visited.count ? cursor++ : -1;
    if (id < 0) break;
    if ((expanded++ & 0xfff) === 0 && expanded > 1) {
      options.onProgress?.(visited.count, visited.depthOf(id));
      const stop = options.shouldStop?.() ?? null;
      if (stop) {
        bound = stop;
        stopped = true;
        break;
      }
    }
    if (options.maxBytes !== undefined && (expanded & 0x3ff) === 0 && visited.totalBytes() + (edges ? edges.count * 12 : 0) > options.maxBytes) {
      bound = `memory (--max-memory ${Math.round(options.maxBytes / 1048576)} MB)`;
      stopped = true;
      break;
    }
    if (visited.count >= options.maxStates) {
      bound = `states (--max-states ${options.maxStates})`;
      stopped = true;
      break;
    }
    const depth = visited.depthOf(id);
    edges?.open(id);
    if (depth > maxDepth) maxDepth = depth;
    const len = visited.stateLength(id);
    if (parent.length < len) parent = new Int32Array(len * 2);
    visited.load(id, parent);
    m.load(parent, len);
    current = id;
    currentK = -1;
    const n = m.transitions(trans);
    if (m.bound) bound ??= m.bound;
    const live = m.liveCount;
    if (checkRaces) reportRaces(m, trans, raceScratch!, n, parent, len, id, seen, findings);
    if (m.liveCount === 0) {
      const stuck = stuckFinding(m);
      if (stuck) m.report(stuck.rule, stuck.key, stuck.message, stuck.span, stuck.related);
      if (n === 0) continue;
    }
    if (depth >= options.maxDepth) {
      bound ??= `depth (--max-depth ${options.maxDepth})`;
      continue;
    }
    const hbHere = hb ? hb[id] : undefined;
    if (hb) hb[id] = undefined;
    // partial-order reduction: a private step first, alone if it stays invisible and its successors are
    // not expanded yet (the cycle proviso: on a cycle, the state expanded last is expanded fully). The
    // ample set is one step's transitions, ample .. ample + width - 1 (its outcomes), explored first;
    // when they all lead to states expanded already and nothing else tells against them, the next
    // private step is tried instead (nothing was added then), and so on; else the state is expanded fully
    let ample = por ? ampleCandidate(m, por, trans, live, 0) : -1;
    let width = ample >= 0 ? stepOutcomes(trans, live, ample) : 0;
    let waitBefore = ample >= 0 ? waitOf(ample) : 0;
    // whether the ample set's transitions so far keep it (invisible, successors not expanded), and
    // whether they all found states known already, so that trying another private step changes nothing
    let reducible = ample >= 0;
    let known = true;
    let mapping = expansionOrder(n, ample, width, order, identity, reordered);
    for (let i = 0; i < n; i++) {
      const k = mapping[i]!;
      m.load(parent, len);
      currentK = k;
      const ev = hbHere ? pendingOf(m, trans, k, pending) : null;
      const reportsBefore = reports;
      m.apply(trans, k);
      transitions++;
      if (m.bound) bound ??= m.bound;
      let to = DEAD;
      if (!m.dead) {
        const r = visited.add(m.buf, m.len, id, k, depth + 1, m);
        to = r >= 0 ? r : -(r + 1);
        if (stack && r >= 0) stack.push(r);
        if (hbHere && ev) {
          const races: HbRace[] = [];
          const after = afterStep(model, hbHere, ev, m, races, r >= 0);
          if (r >= 0) hb![r] = after!;
          for (const race of races) {
            const key = `data-race\u0000${race.key}`;
            if (seen.has(key)) continue;
            seen.add(key);
            findings.push({ raw: { rule: "data-race", key: race.key, message: race.message, span: race.span, related: [race.other] }, state: id, transition: k, next: -1 });
          }
        }
        if (i < width) {
          // an outcome of the ample set; the proviso: breadth-first, a successor not expanded yet (a
          // higher id); depth-first, a new state (then every cycle has a fully expanded state: reduced
          // steps go down the tree of first discoveries)
          const invisible = !m.bound && reports === reportsBefore;
          known &&= r < 0 && invisible;
          reducible &&= (stack ? r >= 0 : to > id) && invisible && sameWait(waitBefore, waitOf(ample));
        }
      }
      if (i >= width) {
        if (edges && to !== DEAD) edges.add(to, agentOf(trans, k, live), k);
        continue;
      }
      if (to === DEAD) reducible = known = false;
      outcomes[i] = to;
      if (i < width - 1) continue;
      if (known && !reducible) {
        // nothing new was found: try the next private step, or expand the state fully (these again)
        transitions -= width;
        m.load(parent, len);
        ample = ampleCandidate(m, por!, trans, live, ample + width);
        width = ample >= 0 ? stepOutcomes(trans, live, ample) : 0;
        if (ample >= 0) waitBefore = waitOf(ample);
        reducible = ample >= 0;
        mapping = expansionOrder(n, ample, width, order, identity, reordered);
        i = -1;
        continue;
      }
      if (edges) for (let j = 0; j < width; j++) if (outcomes[j] !== DEAD) edges.add(outcomes[j]!, agentOf(trans, ample + j, live), ample + j);
      if (reducible) {
        reducedStates++;
        // the transitions not explored stay enabled here: edges to nowhere keep fairness exact
        if (edges) {
          for (let j = 0; j < live; j++) {
            const a = agentOf(trans, j, live);
            if ((j < ample || j >= ample + width) && a !== AGENT_NONE) edges.add(-1, a, j);
          }
        }
        break;
      }
      // else the state is expanded fully: the ample set's transitions were its first
    }
    if (edges && edges.count > MAX_EDGES) {
      edges = null;
      bound ??= `livelock analysis (more than ${MAX_EDGES / 1e6} M transitions to keep)`;
    }
  }
  if (m.symmetry) bound ??= "livelock analysis (not done under --symmetry)";
  if (compact) bound ??= "livelock analysis (not done under --hash-compact)";
  if (swarm) bound ??= `livelock analysis (not done by swarm member ${swarm.index}/${swarm.count}, which searches depth-first)`;
  const complete = !stopped && bound === null;
  if (complete && edges && visited instanceof VisitedSet) {
    for (const l of findLivelocks(m, visited, edges)) {
      findings.push({
        raw: { rule: "livelock", key: l.key, message: l.message, span: l.instr.span, related: [] },
        state: l.prefixState,
        transition: -1,
        next: -1,
        loop: l.loop,
      });
    }
  }
  return {
    model,
    visited,
    findings,
    complete,
    bound,
    states: visited.count,
    transitions,
    maxDepth,
    reducedStates,
    symmetric: m.symmetry !== null,
    collisionBound: compact ? compact.collisionBound() : null,
  };
}
