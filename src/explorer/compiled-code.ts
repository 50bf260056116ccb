// Specialised transition code (issue #6, item 2): each function's local work compiled to one
// JavaScript function, as SPIN compiles a model to C. Within a step, the instructions between two
// visible ones (constants, moves, arithmetic, tests, reads of globals only the initializers write,
// forward jumps) run as straight-line code with every operand folded in — register offsets,
// constants, operators, the kept-or-zeroed choice of LANGUAGE.md §4 — instead of through the
// interpreter's dispatch in Machine.runThread. The compiled function starts at a pc and returns the
// first pc it does not handle (a visible step, a call, a return, a loop's back edge, a division,
// strings and tuples), where the interpreter takes over; it never loops, so it needs no step guard.
//
// Only integers read off the model go into the generated text (checked), never the program's own
// text: nothing of the checked program is run. The bench measures it against the interpreter
// (`SearchOptions.compiled`, `--compile`): it does not pay. A step runs 0.7–4 local instructions and
// the interpreter's own time is 2–5 % of a search (storing and comparing states is most of the rest),
// so the two are within the machine's noise of each other (compiled ÷ interpreter 0.88–1.30 over
// three runs of the bench families); the interpreter, which needs no code made at run time, stays
// the default.
import { Op, type FunctionModel, type Instr } from "../model/model.js";
import { ValueKind } from "../model/api.js";

/** A function's local work from `pc`: runs on the state words `b` with the frame's registers at `r` and the process's globals at `g`; returns the pc reached. */
export type LocalRun = (b: Int32Array, r: number, g: number, pc: number) => number;

export interface CompiledFunction {
  /** per pc: the compiled code handles the instruction there */
  readonly handles: Uint8Array;
  readonly run: LocalRun;
}

const BINARY: Record<number, (x: string, y: string) => string> = {
  0: (x, y) => `(${x} + ${y}) | 0`,
  1: (x, y) => `(${x} - ${y}) | 0`,
  2: (x, y) => `Math.imul(${x}, ${y})`,
  5: (x, y) => `${x} << ${y}`,
  6: (x, y) => `${x} >> ${y}`,
  7: (x, y) => `(${x} >>> ${y}) | 0`,
  8: (x, y) => `${x} & ${y}`,
  9: (x, y) => `${x} | ${y}`,
  10: (x, y) => `${x} ^ ${y}`,
  11: (x, y) => `${x} === ${y} ? 1 : 0`,
  12: (x, y) => `${x} !== ${y} ? 1 : 0`,
  13: (x, y) => `${x} < ${y} ? 1 : 0`,
  14: (x, y) => `${x} <= ${y} ? 1 : 0`,
  15: (x, y) => `${x} > ${y} ? 1 : 0`,
  16: (x, y) => `${x} >= ${y} ? 1 : 0`,
};

/**
 * Compiles every function of the model (null where a function has nothing to compile); null where
 * code cannot be made at all (a page whose content security policy forbids it): the interpreter runs it.
 */
export function compileFunctions(functions: readonly FunctionModel[]): (CompiledFunction | null)[] | null {
  try {
    return functions.map(compileFunction);
  } catch {
    return null;
  }
}

function compileFunction(fn: FunctionModel): CompiledFunction | null {
  const handles = new Uint8Array(fn.code.length);
  const cases: string[] = [];
  for (let pc = 0; pc < fn.code.length; pc++) {
    const body = statement(fn.code[pc]!, pc);
    if (body !== null) handles[pc] = 1;
    cases.push(`case ${pc}: ${body ?? `return ${pc};`}`);
  }
  if (!handles.includes(1)) return null;
  const end = fn.code.length;
  const text = `for (;;) switch (pc) {\n${cases.join("\n")}\ncase ${end}: return ${end};\ndefault: return pc;\n}`;
  const run = new Function("b", "r", "g", "pc", text) as LocalRun;
  return { handles, run };
}

/** The JavaScript of one instruction's local work, falling through to the next pc; null where the interpreter must run it. */
function statement(i: Instr, pc: number): string | null {
  if (i.visible) return null;
  for (const v of [i.dst, i.a, i.b, i.c, i.d]) if (!Number.isInteger(v)) return null;
  const reg = (n: number) => `b[r + ${n}]`;
  const set = (value: string) => (i.dst < 0 ? "" : `${reg(i.dst)} = ${i.keep ? value : "0"};`);
  switch (i.op) {
    case Op.Const:
      return set(String(i.a | 0));
    case Op.Move:
      return i.dst === i.a && i.keep ? "" : set(reg(i.a));
    case Op.Binary: {
      const op = BINARY[i.c];
      return op ? set(op(reg(i.a), reg(i.b))) : null;
    }
    case Op.Unary:
      return set(i.c === 0 ? `-${reg(i.a)} | 0` : i.c === 1 ? `${reg(i.a)} === 0 ? 1 : 0` : `~${reg(i.a)}`);
    case Op.Truthy: {
      const test = i.c === ValueKind.Str ? "> 0" : i.c === ValueKind.Tuple || i.c === ValueKind.SharedArray ? ">= 0" : "!== 0";
      return set(`${reg(i.a)} ${test} ? 1 : 0`);
    }
    case Op.LoadGlobal:
      return set(`b[g + ${i.a}]`);
    case Op.Jump:
      // forward only and no loop's back edge: a compiled run never loops
      return i.b === 1 || i.a <= pc ? null : `pc = ${i.a}; continue;`;
    case Op.Branch: {
      if (i.d === 1 || i.b <= pc) return null;
      return `if ((${reg(i.a)} !== 0) === ${i.c === 1}) { pc = ${i.b}; continue; }`;
    }
    default:
      return null;
  }
}
