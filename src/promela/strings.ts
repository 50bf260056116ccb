// Strings read from pipes and sockets, in the Promela translation. The translation keeps a pipe's (and a
// stream socket's) bytes as a count, not as text, so a string read() or recv() returns is known by its length only: it is the value S + length
// (S: the number of constant strings, whose ids stay below S; "" is 0 and null -1 as in the model).
// That is exact for what the program may then do with it, which this file checks: test it for null
// or "" or truthiness, take its length, write it (to a pipe or to standard output), print it, or
// drop it. Anything else (compare it with another string, store it, pass it to a function, build a
// string kept for later) is refused.
import { Op, type FunctionModel, type Instr, type Model } from "../model/model.js";
import { API_CALLS } from "../model/api.js";
import { constantBefore, jumpTargets, Refusal } from "./analysis.js";
import { successors } from "../model/control-flow.js";

/** Per function and pc: the registers that may hold a string read from a pipe before the instruction runs. */
export type ReadStrings = readonly (readonly ReadonlySet<number>[])[];

// recvfrom's result is a tuple: taking its data out is a use the lengths do not answer (text then)
const READS = new Set(["read", "recv", "recvfrom"]);

function operands(i: Instr): number[] {
  switch (i.op) {
    case Op.Move: case Op.Unary: case Op.Truthy: case Op.ToString: case Op.ToNumber: case Op.StrLen: case Op.TupleGet: case Op.Branch:
      return [i.a];
    case Op.Binary: case Op.Concat:
      return [i.a, i.b];
    case Op.StoreGlobal: case Op.LoadGlobalElem:
      return [i.b];
    case Op.StoreGlobalElem:
      return [i.b, i.d];
    case Op.LoadLocalElem:
      return [i.b, ...Array.from({ length: i.c }, (_, k) => i.a + k)];
    case Op.StoreLocalElem:
      return [i.b, i.d];
    case Op.Return:
      return i.a >= 0 ? [i.a] : [];
    case Op.Call: case Op.Syscall: case Op.MakeTuple:
      return [...i.args];
    case Op.LoadShared:
      return [i.a, i.b];
    case Op.StoreShared:
      return [i.a, i.b, i.d];
    default:
      return [];
  }
}


function flow(f: FunctionModel): Set<number>[] {
  const at = f.code.map(() => new Set<number>());
  const todo = [0];
  const seen = new Set<number>();
  while (todo.length > 0) {
    const pc = todo.pop()!;
    const i = f.code[pc]!;
    const out = new Set(at[pc]);
    if (i.dst >= 0) {
      const read = i.op === Op.Syscall && READS.has(API_CALLS[i.a]!.name);
      const moved = i.op === Op.Move && at[pc]!.has(i.a);
      if (read || moved) out.add(i.dst);
      else out.delete(i.dst);
    }
    for (const s of successors(f.code, pc)) {
      if (s >= f.code.length) continue;
      const before = at[s]!.size;
      for (const r of out) at[s]!.add(r);
      if (!seen.has(s) || at[s]!.size !== before) {
        seen.add(s);
        todo.push(s);
      }
    }
  }
  return at;
}

/** Where read strings are, checked: every use is one the length-only representation answers exactly. */
export function readStrings(model: Model): ReadStrings {
  return model.functions.map((f) => {
    const at = flow(f);
    const targets = jumpTargets(f);
    f.code.forEach((i, pc) => {
      const tainted = operands(i).filter((r) => at[pc]!.has(r));
      if (tainted.length === 0) return;
      const refuse = () => {
        throw new Refusal("a string read from a pipe or a socket used other than by its length, null or emptiness", i);
      };
      switch (i.op) {
        case Op.Move: case Op.Truthy: case Op.StrLen: case Op.Branch:
          return;
        case Op.Concat: case Op.ToString:
          if (i.keep) refuse();
          return;
        case Op.Binary: {
          // === / !== against null or "" only
          if (i.c !== 11 && i.c !== 12) refuse();
          const other = i.a === tainted[0] && tainted.length === 1 ? i.b : i.a;
          if (tainted.length > 1 || at[pc]!.has(other)) refuse();
          const v = constantBefore(f, pc, other, targets);
          if (v !== 0 && v !== -1) refuse();
          return;
        }
        case Op.Syscall: {
          const name = API_CALLS[i.a]!.name;
          const ok = name === "printf" || name === "console.log" || (name === "write" && !at[pc]!.has(i.args[0]!)) || (name === "assert" && !at[pc]!.has(i.args[0]!));
          if (!ok) refuse();
          return;
        }
        default:
          refuse();
      }
    });
    return at;
  });
}
