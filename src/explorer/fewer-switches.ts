// Traces with as few context switches as the explorer can find (LANGUAGE.md §4: "Traces are the
// shortest the explorer can find, with as few context switches as it can"; issue #6, item 4).
// Breadth-first search gives a shortest path to a finding; this pass then moves a step back to just
// after its actor's previous step when that lowers the number of switches and the path still runs
// and reaches the very same state. The path keeps its length and its end, so the trace stays a shortest one and
// ends with the same steps; only the order of steps that commute changes.
import type { Model } from "../model/model.js";
import { Machine, TRANSITION_WORDS, TransitionKind } from "./machine.js";

/** At most this many replays of the path per finding: the pass stays cheap on long traces. */
const MAX_REPLAYS = 400;

/** The same path to the same state, reordered to switch between actors less often. */
export function fewerSwitches(model: Model, path: readonly number[]): number[] {
  if (path.length < 3) return [...path];
  const start = run(model, path);
  if (!start) return [...path];
  let moves = start.moves;
  const target = start.words;
  const actors = moves.map(actorOf);
  let replays = 0;
  // a step moves back to just after its actor's previous step, when that saves switches and the
  // steps it jumps commute with it (the path still runs to the same state)
  for (let improved = true; improved && replays < MAX_REPLAYS;) {
    improved = false;
    for (let i = 2; i < moves.length && replays < MAX_REPLAYS; i++) {
      let j = i - 1;
      while (j >= 0 && actors[j] !== actors[i]) j--;
      if (j < 0 || j === i - 1) continue;
      const moved = [...moves.slice(0, j + 1), moves[i]!, ...moves.slice(j + 1, i), ...moves.slice(i + 1)];
      const movedActors = moved.map(actorOf);
      if (switches(movedActors) >= switches(actors)) continue;
      replays++;
      const r = resolve(model, moved);
      if (!r || !sameWords(r.words, target)) continue;
      moves = moved;
      actors.splice(0, actors.length, ...movedActors);
      improved = true;
    }
  }
  return resolve(model, moves)?.indices ?? [...path];
}

/** A transition as what it does (kind, pid, thread or signal, choice), independent of its index. */
type Move = readonly [number, number, number, number];

/** Who acts: a thread (its steps and the deliveries to it), a process's alarm, the environment, the network. */
function actorOf(move: Move): string {
  switch (move[0] as TransitionKind) {
    case TransitionKind.Step:
    case TransitionKind.Deliver:
      return `${move[1]}/${move[2]}`;
    case TransitionKind.Alarm:
      return `alarm ${move[1]}`;
    case TransitionKind.Env:
      return "environment";
    case TransitionKind.Net:
      return "network";
  }
}

function switches(actors: readonly string[]): number {
  let n = 0;
  for (let i = 1; i < actors.length; i++) if (actors[i] !== actors[i - 1]) n++;
  return n;
}

/** Runs a path of indices as the explorer does (values that decide nothing dropped): its moves and the state reached. */
function run(model: Model, path: readonly number[]): { moves: Move[]; words: Int32Array } | null {
  const m = new Machine(model);
  m.initialState();
  const trans = new Int32Array(1 << 18);
  const moves: Move[] = [];
  for (const k of path) {
    const n = m.transitions(trans);
    if (k >= n) return null;
    const o = k * TRANSITION_WORDS;
    moves.push([trans[o]!, trans[o + 1]!, trans[o + 2]!, trans[o + 3]!]);
    m.apply(trans, k);
    if (m.dead) return null;
  }
  return { moves, words: m.snapshotWords() };
}

/** The indices of a sequence of moves, each found among the transitions of the state it starts from; null if one is not enabled there. */
function resolve(model: Model, moves: readonly Move[]): { indices: number[]; words: Int32Array } | null {
  const m = new Machine(model);
  m.initialState();
  const trans = new Int32Array(1 << 18);
  const indices: number[] = [];
  for (const mv of moves) {
    const n = m.transitions(trans);
    let k = 0;
    for (; k < n; k++) {
      const o = k * TRANSITION_WORDS;
      if (trans[o] === mv[0] && trans[o + 1] === mv[1] && trans[o + 2] === mv[2] && trans[o + 3] === mv[3]) break;
    }
    if (k === n) return null;
    indices.push(k);
    m.apply(trans, k);
    if (m.dead) return null;
  }
  return { indices, words: m.snapshotWords() };
}

function sameWords(a: Int32Array, b: Int32Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
