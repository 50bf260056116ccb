// Exhaustive breadth-first search over the model's states (LANGUAGE.md §4). Breadth-first, so the
// first time a finding shows up its trace is a shortest one. States are stored once in the visited
// set; a finding keeps only (state, transition index) and its trace is rebuilt by replay.
import type { Model } from "../model/model.js";
import { Machine, TRANSITION_WORDS, type RawFinding } from "./machine.js";
import { VisitedSet } from "./visited-set.js";
import { stuckFinding } from "./stuck.js";

export interface SearchOptions {
  readonly maxStates: number;
  readonly maxDepth: number;
  /** asked every few thousand states: a time limit reached (the explorer reads no clock itself) */
  readonly shouldStop?: () => string | null;
  readonly onProgress?: (states: number, depth: number) => void;
  /** keep every value, also those that decide nothing (for tests of that reduction) */
  readonly keepAllValues?: boolean;
}

export interface FoundFinding {
  readonly raw: RawFinding;
  /** the state the finding's transition starts from (or the stuck state itself) */
  readonly state: number;
  /** the transition's index among that state's transitions; -1 for a stuck state */
  readonly transition: number;
}

export interface SearchResult {
  readonly model: Model;
  readonly visited: VisitedSet;
  readonly findings: FoundFinding[];
  /** the whole state space was explored */
  readonly complete: boolean;
  /** which bound stopped the search or cut runs, or null */
  readonly bound: string | null;
  readonly states: number;
  readonly transitions: number;
  readonly maxDepth: number;
}

const MAX_TRANSITIONS = 1 << 16;

export function search(model: Model, options: SearchOptions): SearchResult {
  const m = new Machine(model);
  m.concrete = options.keepAllValues ?? false;
  const visited = new VisitedSet();
  const findings: FoundFinding[] = [];
  const seen = new Set<string>();
  let current = 0;
  let currentK = -1;
  m.sink = {
    report(raw) {
      const key = `${raw.rule}\u0000${raw.key}`;
      if (seen.has(key)) return;
      seen.add(key);
      findings.push({ raw, state: current, transition: currentK });
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

  for (let id = 0; id < visited.count; id++) {
    if ((id & 0xfff) === 0 && id > 0) {
      options.onProgress?.(visited.count, visited.depths[id]!);
      const stop = options.shouldStop?.() ?? null;
      if (stop) {
        bound = stop;
        stopped = true;
        break;
      }
    }
    if (visited.count >= options.maxStates) {
      bound = `states (--max-states ${options.maxStates})`;
      stopped = true;
      break;
    }
    const depth = visited.depths[id]!;
    if (depth > maxDepth) maxDepth = depth;
    const len = visited.stateLength(id);
    if (parent.length < len) parent = new Int32Array(len * 2);
    visited.load(id, parent);
    m.load(parent, len);
    current = id;
    currentK = -1;
    const n = m.transitions(trans);
    if (n === 0) {
      const stuck = stuckFinding(m);
      if (stuck) m.report(stuck.rule, stuck.key, stuck.message, stuck.span, stuck.related);
      continue;
    }
    if (depth >= options.maxDepth) {
      bound ??= `depth (--max-depth ${options.maxDepth})`;
      continue;
    }
    for (let k = 0; k < n; k++) {
      m.load(parent, len);
      currentK = k;
      m.apply(trans, k);
      transitions++;
      if (m.bound) bound ??= m.bound;
      if (m.dead) continue;
      visited.add(m.buf, m.len, id, k, depth + 1);
    }
  }
  return {
    model,
    visited,
    findings,
    complete: !stopped && bound === null,
    bound,
    states: visited.count,
    transitions,
    maxDepth,
  };
}
