// Standard output (LANGUAGE.md §3): printf, console.log and write(1, ...) record what they print in
// the trace and change nothing else. write(1, ...) never blocks.
import type { Instr } from "../../model/model.js";
import type { Machine } from "../machine.js";

export function print(m: Machine, f: number, instr: Instr, textReg: number): void {
  const id = m.reg(f, textReg);
  const text = m.strings.text(id);
  if (m.tracing) m.info.output = text;
  m.complete(f, instr, text.length);
}
