// errno (LANGUAGE.md §3): one per thread; a handler runs on its thread and may change it, which is
// why a careful handler saves and restores it (set_errno).
import type { Instr } from "../../model/model.js";
import { T_ERRNO } from "../state-layout.js";
import type { Machine } from "../machine.js";

export function errno(m: Machine, t: number, f: number, instr: Instr): void {
  m.complete(f, instr, m.buf[t + T_ERRNO]!);
}

export function setErrno(m: Machine, t: number, f: number, instr: Instr): void {
  m.buf[t + T_ERRNO] = m.reg(f, instr.args[0]!);
  m.complete(f, instr, 0);
}
