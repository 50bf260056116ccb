// Traces of a symmetry-reduced search (symmetry.ts): the search stores renamed states, and a stored
// path names transitions by their index in them. Replaying it on a second machine that renames
// nothing, each transition is found again by what it does, its pid mapped back, so the trace shows
// the run the program really makes, every process keeping its pid.
import type { Model } from "../model/model.js";
import { H_NEXT_PID } from "./state-layout.js";
import { Machine, TRANSITION_WORDS } from "./machine.js";
import { pidCarriers } from "./symmetry.js";

/**
 * The path a symmetry-reduced search stored (indices into the transitions of renamed states) as
 * the real run it stands for: indices into the transitions of the states the program really goes
 * through, with every process keeping its pid.
 */
export function realPath(model: Model, path: readonly number[]): number[] {
  const canon = new Machine(model);
  canon.symmetry = pidCarriers(model);
  const real = new Machine(model);
  canon.initialState();
  real.initialState();
  const ct = new Int32Array(1 << 18);
  const rt = new Int32Array(1 << 18);
  // canonical pid → real pid
  let toReal = new Int32Array(64);
  for (let i = 0; i < toReal.length; i++) toReal[i] = i;
  const out: number[] = [];
  for (const k of path) {
    canon.transitions(ct);
    const n = real.transitions(rt);
    const o = k * TRANSITION_WORDS;
    const pid = ct[o + 1]!;
    const want = pid > 0 && pid < toReal.length ? toReal[pid]! : pid;
    let r = 0;
    for (; r < n; r++) {
      const q = r * TRANSITION_WORDS;
      if (rt[q] === ct[o] && rt[q + 1] === want && rt[q + 2] === ct[o + 2] && rt[q + 3] === ct[o + 3]) break;
    }
    if (r === n) throw new Error("symmetry: a stored transition has no real counterpart");
    out.push(r);
    real.apply(rt, r);
    canon.apply(ct, k);
    if (canon.renamedLast) {
      const renamed = canon.symmetryScratch.renamed;
      const limit = canon.buf[H_NEXT_PID]!;
      const next = new Int32Array(Math.max(toReal.length, limit));
      for (let i = 0; i < next.length; i++) next[i] = i < toReal.length ? toReal[i]! : i;
      for (let old = 0; old < limit; old++) next[renamed[old]!] = old < toReal.length ? toReal[old]! : old;
      toReal = next;
    }
  }
  return out;
}
