// The control flow of a function's code, the model's instructions or the parser's while it builds
// them: where each instruction may go next.
import { Op } from "./model.js";
import { API_ID } from "./api.js";

const EXIT = API_ID["exit"]!;
const UNDERSCORE_EXIT = API_ID["_exit"]!;

/** The instructions that may run right after code[pc]: none after a return, exit() or _exit(). */
export function successors(code: readonly { readonly op: Op; readonly a: number; readonly b: number }[], pc: number): number[] {
  const instr = code[pc]!;
  switch (instr.op) {
    case Op.Jump: return [instr.a];
    case Op.Branch: return [pc + 1, instr.b];
    case Op.Return: return [];
    case Op.Syscall: return instr.a === EXIT || instr.a === UNDERSCORE_EXIT ? [] : [pc + 1];
    default: return [pc + 1];
  }
}
