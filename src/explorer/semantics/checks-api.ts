// assert and nondet (LANGUAGE.md §3): a failed assertion is reported with its trace and that run
// stops there; nondet(lo, hi) is any integer in [lo, hi], each tried.
import type { Instr } from "../../model/model.js";
import type { Machine } from "../machine.js";

/** The most values one nondet() call may take: more is a bound, not a silent cut. */
export const NONDET_MAX = 1024;

export function nondetChoices(m: Machine, f: number, instr: Instr): number {
  const lo = m.reg(f, instr.args[0]!);
  const hi = m.reg(f, instr.args[1]!);
  if (hi < lo) return 1; // reported when it runs
  return Math.min(hi - lo + 1, NONDET_MAX + 1);
}

export function nondet(m: Machine, f: number, instr: Instr, choice: number): void {
  const lo = m.reg(f, instr.args[0]!);
  const hi = m.reg(f, instr.args[1]!);
  if (hi < lo) {
    m.report("assertion", `nondet:${instr.span.start}`, `nondet(${lo}, ${hi}): the range is empty`, instr.span);
    m.dead = true;
    return;
  }
  if (choice >= NONDET_MAX) {
    m.bound = `nondet range (more than ${NONDET_MAX} values)`;
    m.dead = true;
    return;
  }
  m.complete(f, instr, lo + choice);
}

export function assert(m: Machine, f: number, instr: Instr): void {
  const cond = m.reg(f, instr.args[0]!);
  if (cond !== 0) {
    m.complete(f, instr, 0);
    return;
  }
  const text = instr.args.length > 1 && m.concrete ? m.strings.text(m.reg(f, instr.args[1]!)) : null;
  const source = m.model.source.slice(instr.span.start, instr.span.end);
  m.report("assertion", `assert:${instr.span.start}`, text ? `assertion failed: ${text}` : `assertion failed: \`${source}\``, instr.span);
  m.dead = true;
}
