// Values that decide nothing are not kept (LANGUAGE.md §4). A variable — a global, a register of a
// function, a function's return value — is relevant when its value reaches, directly or through other
// variables, a branch, an assertion's condition, an index, or an argument of an API call other than
// output. Everything else keeps its accesses but not its value: the explorer writes 0 instead.
import { API_CALLS, API_ID } from "../model/api.js";
import { BinaryOp, Op } from "../model/model.js";
import type { CompiledProgram } from "./compile.js";

const ASSERT = API_ID["assert"]!;

export interface Relevance {
  globals: boolean[];
  /** per function, per register */
  registers: boolean[][];
}

export function computeRelevance(program: CompiledProgram): Relevance {
  const G = program.globals.length;
  const regBase: number[] = [];
  let next = G;
  for (const f of program.functions) {
    regBase.push(next);
    next += f.regNames.length;
  }
  const retBase = next;
  const total = retBase + program.functions.length;
  const sources: number[][] = Array.from({ length: total }, () => []);
  const sinks: number[] = [];

  for (const f of program.functions) {
    const reg = (r: number): number => regBase[f.id]! + r;
    for (const instr of f.code) {
      const from = (dst: number, ...src: number[]): void => void sources[dst]!.push(...src);
      switch (instr.op) {
        case Op.Move: case Op.Unary: case Op.Truthy: case Op.ToString: case Op.ToNumber: case Op.StrLen: case Op.TupleGet:
          from(reg(instr.dst), reg(instr.a));
          break;
        case Op.Binary: case Op.Concat:
          from(reg(instr.dst), reg(instr.a), reg(instr.b));
          // a divisor decides whether the division faults (SIGFPE)
          if (instr.op === Op.Binary && (instr.c === BinaryOp.Div || instr.c === BinaryOp.Mod)) sinks.push(reg(instr.b));
          break;
        case Op.Branch:
          sinks.push(reg(instr.a));
          break;
        case Op.LoadGlobal:
          from(reg(instr.dst), instr.global);
          break;
        case Op.StoreGlobal:
          from(instr.global, reg(instr.b));
          break;
        case Op.LoadGlobalElem:
          sinks.push(reg(instr.b));
          from(reg(instr.dst), instr.global);
          break;
        case Op.StoreGlobalElem:
          sinks.push(reg(instr.b));
          from(instr.global, reg(instr.d));
          break;
        case Op.LoadLocalElem:
          sinks.push(reg(instr.b));
          for (let i = 0; i < instr.c; i++) from(reg(instr.dst), reg(instr.a + i));
          break;
        case Op.StoreLocalElem:
          sinks.push(reg(instr.b));
          for (let i = 0; i < instr.c; i++) from(reg(instr.a + i), reg(instr.d));
          break;
        case Op.LoadShared:
        case Op.StoreShared:
          // shared-memory slots keep their values: what is stored there decides, as do the segment and the index
          sinks.push(reg(instr.a), reg(instr.b));
          if (instr.op === Op.StoreShared) sinks.push(reg(instr.d));
          break;
        case Op.MakeTuple:
          from(reg(instr.dst), ...instr.args.map(reg));
          break;
        case Op.Call: {
          if (instr.dst >= 0) from(reg(instr.dst), retBase + instr.a);
          instr.args.forEach((a, i) => from(regBase[instr.a]! + i, reg(a)));
          break;
        }
        case Op.Return:
          if (instr.a >= 0) from(retBase + f.id, reg(instr.a));
          break;
        case Op.Syscall: {
          const call = API_CALLS[instr.a]!;
          if (call.pure) {
            if (instr.dst >= 0) from(reg(instr.dst), ...instr.args.map(reg));
          } else if (call.output) {
            // printf returns the count of bytes written: it depends on the text
            if (instr.dst >= 0) from(reg(instr.dst), ...instr.args.map(reg));
          } else {
            // write(1, data) returns data's length
            if (instr.outputData && instr.dst >= 0) from(reg(instr.dst), reg(instr.args[1]!));
            instr.args.forEach((a, i) => {
              const isOutput = (instr.a === ASSERT && i === 1) || (instr.outputData && i === 1);
              if (!isOutput) sinks.push(reg(a));
            });
          }
          break;
        }
        case Op.Const: case Op.Jump:
          break;
      }
    }
  }

  const relevant = new Uint8Array(total);
  const stack = [...sinks];
  while (stack.length > 0) {
    const v = stack.pop()!;
    if (relevant[v]) continue;
    relevant[v] = 1;
    for (const s of sources[v]!) if (!relevant[s]) stack.push(s);
  }

  const globals = program.globals.map((g) => relevant[g.id] === 1);
  const registers = program.functions.map((f) => f.regNames.map((_, r) => relevant[regBase[f.id]! + r] === 1));
  for (const f of program.functions) {
    for (const instr of f.code) {
      if (instr.op === Op.StoreGlobal || instr.op === Op.StoreGlobalElem) instr.keep = globals[instr.global]!;
      else if (instr.op === Op.StoreLocalElem) instr.keep = registers[f.id]![instr.a]!;
      else if (instr.dst >= 0) instr.keep = registers[f.id]![instr.dst]!;
    }
  }
  return { globals, registers };
}
