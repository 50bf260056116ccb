// Control-flow facts of one compiled function: successors and register liveness (dead registers are
// cleared so that stale temporaries never split states).
import { Op } from "../model/model.js";
import { API_ID } from "../model/api.js";
import type { MutableInstr } from "./compile.js";

const EXIT = API_ID["exit"]!;
const UNDERSCORE_EXIT = API_ID["_exit"]!;

export function successors(code: readonly MutableInstr[], pc: number): number[] {
  const instr = code[pc]!;
  switch (instr.op) {
    case Op.Jump: return [instr.a];
    case Op.Branch: return [pc + 1, instr.b];
    case Op.Return: return [];
    case Op.Syscall: return instr.a === EXIT || instr.a === UNDERSCORE_EXIT ? [] : [pc + 1];
    default: return [pc + 1];
  }
}

/** Registers an instruction reads. */
export function uses(instr: MutableInstr): number[] {
  switch (instr.op) {
    case Op.Const: case Op.Jump: case Op.LoadGlobal: return [];
    case Op.Move: case Op.Unary: case Op.Truthy: case Op.ToString: case Op.ToNumber: case Op.StrLen: case Op.TupleGet:
      return [instr.a];
    case Op.Binary: case Op.Concat: return [instr.a, instr.b];
    case Op.Branch: return [instr.a];
    case Op.StoreGlobal: return [instr.b];
    case Op.LoadGlobalElem: return [instr.b];
    case Op.StoreGlobalElem: return [instr.b, instr.d];
    case Op.LoadLocalElem: case Op.StoreLocalElem: {
      const regs = [instr.b];
      if (instr.op === Op.StoreLocalElem) regs.push(instr.d);
      for (let i = 0; i < instr.c; i++) regs.push(instr.a + i);
      return regs;
    }
    case Op.Call: case Op.Syscall: case Op.MakeTuple: return [...instr.args];
    case Op.LoadShared: return [instr.a, instr.b];
    case Op.StoreShared: return [instr.a, instr.b, instr.d];
    case Op.Return: return instr.a >= 0 ? [instr.a] : [];
  }
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
