// Zombies stored under the lowest pids no one may still name (issue #6, item 3: a reduction, on by
// default; --no-zombie-compaction keeps each zombie's own pid, for comparison).
//
// Once a process has ended, its pid tells apart nothing but itself: a zombie runs no code and holds
// no descriptor, its children were given to init when it ended (processes.ts), and a reaped pid is
// never given out again (pids only grow). Which ended children of a parent are zombies and which
// were reaped then depends on the order in which they ended and wait() reaped them (the lowest pid
// first, as Linux's do_wait walks the children oldest first), and a program that keeps none of
// those pids cannot tell the orders apart. So after each transition the zombies are given, in the
// order of their pids, the lowest of the pids that are free: the pids of zombies and of processes
// reaped that no register or global of a living process may hold (symmetry.ts `pidCarriers`: pids
// are only copied, compared for equality, passed to kill() or waitpid() or printed) and no
// synchronization object is tagged with. A zombie passes no process that keeps its pid: no zombie
// that is named, and no living process, which may end later and be reaped before or after it,
// unless that order can tell nothing — the program keeps no value of wait(), waitpid() or
// wstatus() (then a zombie's status, which only wstatus() reads, is dropped too) and nothing names
// the living one (kill(pid, 0) could tell whether it was reaped). So every parent reaps its zombies
// in an order it cannot tell from the one it would have; nothing that may name a pid names one that
// moved; the living keep their pids and their order, so every transition, fairness and the
// livelock analysis stay as they were. A signal ring of 13 processes: 568,329 → 65,560 states.
//
// Not done where the model may hold a pid anywhere else (the analysis refuses: pids turned into
// text, sent, computed with, or in shared memory), in programs with threads or shared memory (the
// happens-before facts kept beside each state name processes by pid), and under --symmetry (which
// renames zombies its own way). Traces replay the real run, every process keeping its pid.
import { Op, type Model } from "../model/model.js";
import { API_CALLS } from "../model/api.js";
import { H_NEXT_PID, H_NPROC, K_MUTEX, K_SEM, P_LEN, P_PID, P_PPID, P_STATE, P_STATUS, PROC_ALIVE } from "./state-layout.js";
import type { Machine } from "./machine.js";
import { markHeldPids, pidCarriers, placeByPid, type PidCarriers } from "./symmetry.js";
import { objectsOf } from "./kernel.js";
import { SY_PID } from "./semantics/sync-objects.js";

/** What compacting zombies needs from the model. */
export interface ZombieCarriers {
  readonly carriers: PidCarriers;
  /** no kept value comes from wait(), waitpid() or wstatus(): the order of reaping, and the statuses, tell nothing */
  readonly reapOrderHidden: boolean;
}

const analysed = new WeakMap<Model, ZombieCarriers | null>();

/** What the model allows, if zombies may be compacted in its states (see above), else null. */
export function zombieCarriers(model: Model): ZombieCarriers | null {
  if (model.options.compactZombies === false) return null;
  let z = analysed.get(model);
  if (z === undefined) {
    const carriers = pidCarriers(model, true);
    const kept = (names: readonly string[]) =>
      model.functions.some((f) => f.code.some((i) => i.op === Op.Syscall && names.includes(API_CALLS[i.a]!.name) && i.keep && i.dst >= 0));
    z = carriers ? { carriers, reapOrderHidden: !kept(["wait", "waitpid", "wstatus"]) } : null;
    analysed.set(model, z);
  }
  return z;
}

/** Marks of a pid in ZombieScratch.named: a value that may be held names it; a living process has it. */
const NAMED = 1;
const LIVING = 2;

/** Reusable scratch (nothing is allocated per transition once it has grown). */
export class ZombieScratch {
  named = new Uint8Array(64);
  newPids = new Int32Array(64);
  offsets = new Int32Array(64);
  copy = new Int32Array(1024);
}

/**
 * Gives the loaded state's zombies the lowest free pids (see above); returns whether the state
 * changed (then processes may have moved: the caller widens what the step wrote).
 */
export function compactZombies(m: Machine, z: ZombieCarriers, s: ZombieScratch): boolean {
  const b = m.buf;
  const first = m.firstProc();
  const nproc = b[H_NPROC]!;
  // a status no one reads tells zombies apart for nothing; only a zombie with a pid below it that no
  // process has can move
  let changed = false;
  let gap = false;
  let movable = false;
  for (let p = first, i = 0, expected = 1; i < nproc; i++, p += b[p + P_LEN]!) {
    const pid = b[p + P_PID]!;
    if (pid !== expected) gap = true;
    expected = pid + 1;
    if (b[p + P_STATE] === PROC_ALIVE) continue;
    if (z.reapOrderHidden && b[p + P_STATUS] !== 0) {
      b[p + P_STATUS] = 0;
      changed = true;
    }
    if (gap) movable = true;
  }
  if (!movable) return changed;
  const limit = b[H_NEXT_PID]!;
  if (s.named.length < limit) s.named = new Uint8Array(limit * 2);
  if (s.newPids.length < nproc) {
    s.newPids = new Int32Array(nproc * 2);
    s.offsets = new Int32Array(nproc * 2);
  }
  const named = s.named;
  named.fill(0, 0, limit);
  // named: what the living's registers and globals may hold, their parents, and the pids
  // synchronization objects are tagged with; LIVING: a living process's own pid (never free)
  for (let p = first, i = 0; i < nproc; i++, p += b[p + P_LEN]!) {
    const pp = b[p + P_PPID]!;
    if (pp > 0 && pp < limit) named[pp]! |= NAMED;
    if (b[p + P_STATE] === PROC_ALIVE) markHeldPids(m, z.carriers, p, named, limit);
  }
  for (let p = first, i = 0; i < nproc; i++, p += b[p + P_LEN]!) if (b[p + P_STATE] === PROC_ALIVE) named[b[p + P_PID]!]! |= LIVING;
  for (const kind of [K_MUTEX, K_SEM]) {
    for (const o of objectsOf(m, kind)) {
      const pid = b[o + SY_PID]!;
      if (pid > 0 && pid < limit) named[pid]! |= NAMED;
    }
  }
  // the free zombies, in pid order, take the free pids from the lowest up, passing no process that
  // keeps its pid (a living one only when the order of reaping tells nothing and nothing names it);
  // each zombie's own pid is free, so each takes one no higher than its own
  let next = 1;
  let moved = false;
  for (let p = first, i = 0; i < nproc; i++, p += b[p + P_LEN]!) {
    s.offsets[i] = p - first;
    const pid = b[p + P_PID]!;
    s.newPids[i] = pid;
    if (b[p + P_STATE] === PROC_ALIVE) {
      if (!z.reapOrderHidden || (named[pid]! & NAMED) !== 0) next = pid + 1;
      continue;
    }
    if (named[pid] !== 0) {
      next = pid + 1;
      continue;
    }
    while (named[next] !== 0) next++;
    if (next !== pid) {
      s.newPids[i] = next;
      moved = true;
    }
    next++;
  }
  if (!moved) return changed;
  // write the blocks back in the order of their new pids
  const kernel = m.kernelStart();
  if (s.copy.length < kernel - first) s.copy = new Int32Array((kernel - first) * 2);
  s.copy.set(b.subarray(first, kernel));
  placeByPid(b, first, s.copy, s.offsets, s.newPids, nproc);
  return true;
}
