// Control-flow facts of one compiled function: successors and register liveness (dead registers are
// cleared so that stale temporaries never split states).
import { Op } from "../model/model.js";
import { successors } from "../model/control-flow.js";
import type { MutableInstr } from "./compile.js";

type RegisterField = "a" | "b" | "d";
const NONE: readonly RegisterField[] = [];
const A: readonly RegisterField[] = ["a"];
const B: readonly RegisterField[] = ["b"];
const AB: readonly RegisterField[] = ["a", "b"];
const BD: readonly RegisterField[] = ["b", "d"];
const ABD: readonly RegisterField[] = ["a", "b", "d"];

/**
 * The operand fields of an op that name registers (its `args` and `dst` aside). For LoadLocalElem
 * and StoreLocalElem, `a` is a local array's first register (the array spans `c` registers).
 */
export function registerFields(op: Op): readonly RegisterField[] {
  switch (op) {
    case Op.Move: case Op.Unary: case Op.Truthy: case Op.ToString: case Op.ToNumber: case Op.StrLen: case Op.TupleGet:
    case Op.Branch: case Op.Return:
      return A;
    case Op.Binary: case Op.Concat: case Op.LoadShared: case Op.LoadLocalElem: return AB;
    case Op.StoreGlobal: case Op.LoadGlobalElem: return B;
    case Op.StoreGlobalElem: return BD;
    case Op.StoreLocalElem: case Op.StoreShared: return ABD;
    default: return NONE;
  }
}

/** Registers an instruction reads. */
export function uses(instr: MutableInstr): number[] {
  if (instr.op === Op.Call || instr.op === Op.Syscall || instr.op === Op.MakeTuple) return [...instr.args];
  const array = instr.op === Op.LoadLocalElem || instr.op === Op.StoreLocalElem;
  const regs: number[] = [];
  for (const field of registerFields(instr.op)) {
    if (array && field === "a") for (let i = 0; i < instr.c; i++) regs.push(instr.a + i);
    else if (instr[field] >= 0) regs.push(instr[field]);
  }
  return regs;
}

/** The register an instruction writes (whole), or -1. StoreLocalElem writes part of an array: none. */
export function def(instr: MutableInstr): number {
  return instr.op === Op.StoreLocalElem ? -1 : instr.dst;
}

export interface Liveness {
  /** registers dead on entry to each instruction */
  deadAt: number[][];
  /** registers of a caller that are dead while its Call at this index runs */
  deadAcrossCall: number[][];
}

/** Registers live on entry to and on exit from each instruction. */
export function liveSets(code: readonly MutableInstr[]): { liveIn: Set<number>[]; liveOut: Set<number>[] } {
  const n = code.length;
  const liveIn: Set<number>[] = Array.from({ length: n }, () => new Set());
  const liveOut: Set<number>[] = Array.from({ length: n }, () => new Set());
  let changed = true;
  while (changed) {
    changed = false;
    for (let pc = n - 1; pc >= 0; pc--) {
      const out = new Set<number>();
      for (const s of successors(code, pc)) if (s < n) for (const r of liveIn[s]!) out.add(r);
      const inn = new Set(out);
      const d = def(code[pc]!);
      if (d >= 0) inn.delete(d);
      for (const r of uses(code[pc]!)) inn.add(r);
      if (inn.size !== liveIn[pc]!.size || out.size !== liveOut[pc]!.size) changed = true;
      liveIn[pc] = inn;
      liveOut[pc] = out;
    }
  }
  return { liveIn, liveOut };
}

export function liveness(code: readonly MutableInstr[], regCount: number): Liveness {
  const { liveIn, liveOut } = liveSets(code);
  const all = Array.from({ length: regCount }, (_, i) => i);
  return {
    deadAt: liveIn.map((live) => all.filter((r) => !live.has(r))),
    deadAcrossCall: code.map((instr, pc) =>
      instr.op === Op.Call ? all.filter((r) => r === instr.dst || !liveOut[pc]!.has(r)) : [],
    ),
  };
}
