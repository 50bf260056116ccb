// Symmetry reduction (issue #6, item 3c; `--symmetry`): sibling processes that run the same code
// are interchangeable, so two states that differ only in which sibling is where are one state up to
// a renaming of pids. After each transition the explorer sorts each group of interchangeable
// siblings by their blocks and gives them their pids in ascending order, as symmetry reduction
// does with a canonical representative of each orbit (Ip and Dill's scalarsets; SymmSpin).
//
// Sound only where renaming the pids is an automorphism of the program's semantics. The model is
// taken as symmetric (`pidCarriers`) when pids, from fork() and getppid(), are only copied, compared
// for equality, tested for zero, passed to kill() or waitpid() or printed; no kept value comes from
// getpid(), wait() or waitpid(); no threads and no shared memory (the race checks follow processes
// by pid). A state's siblings are interchangeable when they are alive, have the same parent and no
// children of their own (getppid() would tell them apart), no register or global that may hold a
// pid holds theirs in any process (kill, waitpid or a comparison could name one), and the state
// holds no kernel object (their owners and openers are pids). Zombies are interchangeable too when
// no kept value comes from wstatus(): wait() reaps the lowest pid, and which one it reaps then
// changes nothing the program can see. Everything else about them, globals, registers, masks,
// pending signals, dispositions, may differ: it is what is sorted.
//
// Livelocks are not looked for under symmetry: fairness follows processes, which the renaming
// moves. Traces are rebuilt on the real, unrenamed runs (real-path.ts).
import { BinaryOp, Op, type Model } from "../model/model.js";
import { API_CALLS } from "../model/api.js";
import {
  F_FN, F_PC, F_REGS, H_NEXT_PID, H_NPROC, P_LEN, P_NTHREADS, P_PID, P_PPID, P_STATE, PROC_ALIVE, T_FRAMES, T_LEN, T_NFRAMES,
} from "./state-layout.js";
import type { Machine } from "./machine.js";

/** Where a model may hold a pid: per function, per instruction, the registers that may hold one on entry; and the global slots. */
export interface PidCarriers {
  /** per function: code.length × regCount flags, instruction-major */
  readonly registers: readonly Uint8Array[];
  readonly globalSlots: Uint8Array;
  /** no kept value comes from wstatus(): zombies are interchangeable too (wait reaps the lowest pid) */
  readonly zombiesAlike: boolean;
}

const PID_SOURCES = new Set(["fork", "getppid"]);
/** Calls that may take a pid without telling pids apart by their numbers (output only shows them). */
const PID_SINKS = new Set(["kill", "waitpid", "printf", "console.log"]);

/**
 * The registers and globals that may hold a pid, if renaming pids is an automorphism of the
 * model's semantics (see above), else null: pids may only be copied, compared for equality, tested
 * for zero, passed to kill or waitpid or printed; never computed with, ordered, turned into strings
 * or sent. A forward may-analysis over each function's instructions (registers are shared between
 * variables, so it follows the flow); globals, parameters and return values flow-insensitively.
 * `livingPids`: only the pids of processes that ended are renamed (zombies.ts), so values kept from
 * getpid(), wait() and waitpid() are pids like the others rather than a reason to refuse.
 */
export function pidCarriers(model: Model, livingPids = false): PidCarriers | null {
  const fns = model.functions;
  const registers = fns.map((f) => new Uint8Array(Math.max(1, f.code.length) * f.regCount));
  const globalSlots = new Uint8Array(model.globalSlots);
  const returns = new Uint8Array(fns.length);
  const slotOf = new Map(model.globals.map((g) => [g.slot, g] as const));
  const zombiesAlike = !fns.some((f) => f.code.some((i) => i.op === Op.Syscall && API_CALLS[i.a]!.name === "wstatus" && i.keep));
  for (let changed = true; changed;) {
    changed = false;
    for (const f of fns) {
      const n = f.regCount;
      const inAt = registers[f.id]!;
      const out = new Uint8Array(n);
      const flowTo = (pc: number) => {
        if (pc >= f.code.length) return;
        for (let r = 0; r < n; r++) {
          if (out[r] === 1 && inAt[pc * n + r] === 0) {
            inAt[pc * n + r] = 1;
            changed = true;
          }
        }
      };
      const setFlag = (set: Uint8Array, i: number) => {
        if (set[i] === 0) {
          set[i] = 1;
          changed = true;
        }
      };
      for (let pc = 0; pc < f.code.length; pc++) {
        const i = f.code[pc]!;
        const t = (r: number) => r >= 0 && inAt[pc * n + r] === 1;
        out.set(inAt.subarray(pc * n, pc * n + n));
        let result = false;
        switch (i.op) {
          case Op.Syscall: {
            const name = API_CALLS[i.a]!.name;
            if (name === "pthread_create" || name === "shmat" || name === "mmap") return null;
            // a renaming of the living moves a process's own pid, and a reaped child's: none may be kept;
            // the zombies' compaction (zombies.ts) moves neither, so there they are carriers like the others
            const ownOrReaped = name === "getpid" || name === "wait" || name === "waitpid";
            if (ownOrReaped && i.keep && i.dst >= 0 && !livingPids) return null;
            if (i.args.some(t) && !PID_SINKS.has(name)) return null;
            result = PID_SOURCES.has(name) || (livingPids && ownOrReaped);
            break;
          }
          case Op.Move:
            result = t(i.a);
            break;
          case Op.Binary:
            if ((t(i.a) || t(i.b)) && i.c !== BinaryOp.Eq && i.c !== BinaryOp.Ne) return null;
            break;
          case Op.Unary:
          case Op.ToString:
          case Op.ToNumber:
          case Op.StrLen:
            if (t(i.a)) return null;
            break;
          case Op.Concat:
            if (t(i.a) || t(i.b)) return null;
            break;
          case Op.MakeTuple:
            if (i.args.some(t)) return null;
            break;
          case Op.LoadShared:
          case Op.StoreShared:
            return null;
          case Op.LoadGlobal:
          case Op.LoadGlobalElem: {
            if (i.op === Op.LoadGlobalElem && t(i.b)) return null;
            const g = slotOf.get(i.a)!;
            for (let k = 0; k < g.length; k++) if (globalSlots[g.slot + k] === 1) result = true;
            break;
          }
          case Op.StoreGlobal:
          case Op.StoreGlobalElem: {
            if (i.op === Op.StoreGlobalElem && t(i.b)) return null;
            const g = slotOf.get(i.a)!;
            if (t(i.op === Op.StoreGlobal ? i.b : i.d)) for (let k = 0; k < g.length; k++) setFlag(globalSlots, g.slot + k);
            break;
          }
          case Op.LoadLocalElem:
            if (t(i.b)) return null;
            for (let k = 0; k < i.c; k++) if (t(i.a + k)) result = true;
            break;
          case Op.StoreLocalElem:
            if (t(i.b)) return null;
            if (t(i.d)) for (let k = 0; k < i.c; k++) out[i.a + k] = 1;
            break;
          case Op.Call: {
            const callee = fns[i.a]!;
            i.args.forEach((r, k) => {
              if (t(r) && callee.code.length > 0) setFlag(registers[i.a]!, k);
            });
            result = returns[i.a] === 1;
            break;
          }
          case Op.Return:
            if (t(i.a)) setFlag(returns, f.id);
            break;
          default:
            break;
        }
        if (i.dst >= 0 && i.op !== Op.StoreLocalElem) out[i.dst] = result ? 1 : 0;
        switch (i.op) {
          case Op.Jump:
            flowTo(i.a);
            break;
          case Op.Branch:
            flowTo(i.b);
            flowTo(pc + 1);
            break;
          case Op.Return:
            break;
          default:
            flowTo(pc + 1);
        }
      }
    }
  }
  return { registers, globalSlots, zombiesAlike };
}

/** Reusable scratch for sorting siblings (nothing is allocated per transition once it has grown). */
export class SymmetryScratch {
  copy = new Int32Array(1024);
  offsets = new Int32Array(64);
  pids = new Int32Array(64);
  newPids = new Int32Array(64);
  order = new Int32Array(64);
  held = new Uint8Array(64);
  parent = new Uint8Array(64);
  /** after canonicalize: old pid → new pid for the last transition (identity where nothing moved) */
  renamed = new Int32Array(64);
}

/**
 * Sorts interchangeable siblings of the loaded state in place; returns whether any pid changed
 * (`scratch.renamed` then maps each old pid to its new one).
 */
export function canonicalizeSiblings(m: Machine, carriers: PidCarriers, s: SymmetryScratch): boolean {
  const b = m.buf;
  const first = m.firstProc();
  const kernel = m.kernelStart();
  if (m.len - kernel !== 1) return false; // kernel objects hold pids
  const nproc = b[H_NPROC]!;
  if (nproc < 2) return false;
  const limit = b[H_NEXT_PID]!;
  if (s.held.length < limit) {
    s.held = new Uint8Array(limit * 2);
    s.parent = new Uint8Array(limit * 2);
    s.renamed = new Int32Array(limit * 2);
  }
  if (s.offsets.length < nproc) {
    s.offsets = new Int32Array(nproc * 2);
    s.pids = new Int32Array(nproc * 2);
    s.newPids = new Int32Array(nproc * 2);
    s.order = new Int32Array(nproc * 2);
  }
  const held = s.held;
  const parent = s.parent;
  held.fill(0, 0, limit);
  parent.fill(0, 0, limit);
  for (let p = first, i = 0; i < nproc; i++, p += b[p + P_LEN]!) {
    s.offsets[i] = p - first;
    s.pids[i] = b[p + P_PID]!;
    const pp = b[p + P_PPID]!;
    if (pp > 0 && pp < limit) parent[pp] = 1;
    markHeldPids(m, carriers, p, held, limit);
  }
  // each process's new pid: its own, unless it is an interchangeable sibling sorted into another's
  let moved = false;
  for (let i = 0; i < nproc; i++) s.newPids[i] = s.pids[i]!;
  if (s.copy.length < kernel - first) s.copy = new Int32Array((kernel - first) * 2);
  s.copy.set(b.subarray(first, kernel));
  const free = (i: number) => {
    const p = first + s.offsets[i]!;
    const pid = s.pids[i]!;
    return (b[p + P_STATE] === PROC_ALIVE || carriers.zombiesAlike) && held[pid] === 0 && parent[pid] === 0;
  };
  for (let i = 0; i < nproc; i++) {
    if (!free(i)) continue;
    const ppid = b[first + s.offsets[i]! + P_PPID]!;
    // the group: the free siblings of i not yet placed (i is the lowest of them)
    let n = 0;
    let isFirst = true;
    for (let j = 0; j < i; j++) if (free(j) && b[first + s.offsets[j]! + P_PPID] === ppid) isFirst = false;
    if (!isFirst) continue;
    for (let j = i; j < nproc; j++) if (free(j) && b[first + s.offsets[j]! + P_PPID] === ppid) s.order[n++] = j;
    if (n < 2) continue;
    sortGroup(s, n);
    // the group's pids, ascending, go to its blocks in sorted order (pids ascend with the index)
    const pidsOf: number[] = [];
    for (let j = i; j < nproc; j++) if (free(j) && b[first + s.offsets[j]! + P_PPID] === ppid) pidsOf.push(s.pids[j]!);
    for (let k = 0; k < n; k++) {
      const j = s.order[k]!;
      if (s.newPids[j] !== pidsOf[k]) moved = true;
      s.newPids[j] = pidsOf[k]!;
    }
  }
  if (!moved) return false;
  for (let pid = 0; pid < limit; pid++) s.renamed[pid] = pid;
  for (let i = 0; i < nproc; i++) s.renamed[s.pids[i]!] = s.newPids[i]!;
  placeByPid(b, first, s.copy, s.offsets, s.newPids, nproc);
  return true;
}

/**
 * Writes the `nproc` process blocks of `copy` (the process section copied from `first`, each at its
 * offset) back from `first` in the order of their new pids, each with its new pid.
 */
export function placeByPid(b: Int32Array, first: number, copy: Int32Array, offsets: Int32Array, newPids: Int32Array, nproc: number): void {
  const byPid: number[] = [];
  for (let i = 0; i < nproc; i++) byPid.push(i);
  byPid.sort((x, y) => newPids[x]! - newPids[y]!);
  let at = first;
  for (const i of byPid) {
    const off = offsets[i]!;
    const len = copy[off + P_LEN]!;
    b.set(copy.subarray(off, off + len), at);
    b[at + P_PID] = newPids[i]!;
    at += len;
  }
}

/** Marks in `held` every pid below `limit` that a register or global of process p may hold (by `carriers`). */
export function markHeldPids(m: Machine, carriers: PidCarriers, p: number, held: Uint8Array, limit: number): void {
  const b = m.buf;
  const L = m.layout;
  for (let g = 0; g < L.globalSlots; g++) if (carriers.globalSlots[g] === 1) mark(held, b[p + L.globalsAt + g]!, limit);
  for (let t = m.firstThread(p), j = b[p + P_NTHREADS]!; j > 0; j--, t += b[t + T_LEN]!) {
    let f = t + T_FRAMES;
    for (let k = b[t + T_NFRAMES]!; k > 0; k--) {
      const fn = b[f + F_FN]!;
      const size = m.frameSize(fn);
      const n = size - F_REGS;
      const at = b[f + F_PC]! * n;
      const regs = carriers.registers[fn]!;
      for (let r = 0; r < n; r++) if (regs[at + r] === 1) mark(held, b[f + F_REGS + r]!, limit);
      f += size;
    }
  }
}

function mark(held: Uint8Array, v: number, limit: number): void {
  if (v > 0 && v < limit) held[v] = 1;
}

/** Sorts s.order[0 .. n) by the blocks' words (the pid word aside): a deterministic total order. */
function sortGroup(s: SymmetryScratch, n: number): void {
  for (let a = 1; a < n; a++) {
    const x = s.order[a]!;
    let c = a - 1;
    while (c >= 0 && compareBlocks(s, s.order[c]!, x) > 0) {
      s.order[c + 1] = s.order[c]!;
      c--;
    }
    s.order[c + 1] = x;
  }
}

function compareBlocks(s: SymmetryScratch, i: number, j: number): number {
  const c = s.copy;
  const oi = s.offsets[i]!;
  const oj = s.offsets[j]!;
  const li = c[oi + P_LEN]!;
  const lj = c[oj + P_LEN]!;
  if (li !== lj) return li - lj;
  for (let k = 0; k < li; k++) {
    if (k === P_PID) continue;
    const d = c[oi + k]! - c[oj + k]!;
    if (d !== 0) return d;
  }
  return s.pids[i]! - s.pids[j]!;
}
