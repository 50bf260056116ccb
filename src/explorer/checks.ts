// Checks made while a step executes: signal-race at a handler's access to a global, and
// unsafe-handler-call at a call made inside a handler (LANGUAGE.md §4).
import type { Instr } from "../model/model.js";
import { Op } from "../model/model.js";
import { API_CALLS } from "../model/api.js";
import { signalName } from "../model/signals.js";
import { lineOf, spanText } from "../model/span.js";
import { F_FN, F_PC, F_PREV, F_SIG } from "./state-layout.js";
import type { Machine } from "./machine.js";

function isWriteInstr(instr: Instr): boolean {
  return instr.op === Op.StoreGlobal || instr.op === Op.StoreGlobalElem;
}

/**
 * A handler for S accesses global g. The code it interrupted (the frame below the handler's base) is
 * stopped right before its next step and right after its previous one: if either is a conflicting
 * access of g, some run delivers S immediately before or after that access (LANGUAGE.md §4).
 */
export function checkGlobalAccess(m: Machine, t: number, f: number, instr: Instr, isWrite: boolean): void {
  const h = m.innermostHandler(t);
  if (h < 0) return;
  const below = m.frameBelow(t, h);
  if (below < 0) return;
  const b = m.buf;
  const fn = m.model.functions[b[below + F_FN]!]!;
  const pc = b[below + F_PC]!;
  const g = m.model.globals[instr.global]!;
  const sig = b[h + F_SIG]!;
  const next = fn.code[pc];
  const where = fn.synthetic ? "" : ` in ${fn.name}()`;
  if (next && next.global === instr.global) raceWith(m, g.id, instr, isWrite, next, sig, "before", where);
  const prevId = b[h + F_PREV]!;
  if (prevId !== 0) {
    const prev = m.model.functions[(prevId - 1) >> 16]!.code[(prevId - 1) & 0xffff]!;
    if (prev.global === instr.global) raceWith(m, g.id, instr, isWrite, prev, sig, "after", where);
  }
}

function raceWith(m: Machine, global: number, access: Instr, isWrite: boolean, other: Instr, sig: number, when: "before" | "after", where: string): void {
  const otherWrites = isWriteInstr(other);
  if (!isWrite && !otherWrites) return;
  // an update (x++, x += e, x = x + e) is cut only between its read and its write: a handler just
  // before its read or just after its write sees or leaves a whole update
  if (other.update && (when === "before" ? !otherWrites : otherWrites)) return;
  const g = m.model.globals[global]!;
  // sig_atomic_t: single loads and stores are atomic with respect to handlers; only an update
  // (x++, x += e) cut by a handler that writes is a race.
  if (g.sigAtomic && !(other.update && isWrite)) return;
  const key = `${global}:${access.span.start}:${other.span.start}`;
  const src = m.model.source;
  const code = (span: { start: number; end: number }) => `\`${spanText(src, span)}\` (line ${lineOf(src, span.start)})`;
  const accessWord = isWrite ? "writes" : "reads";
  const place = other.update
    ? `between the read and the write of ${code(other.span)}${where}`
    : `${when === "before" ? "just before" : "just after"} ${code(other.span)}${where} ${otherWrites ? "writes" : "reads"} it`;
  const consequence = other.update && isWrite ? ": one of the two updates is lost" : "";
  m.report(
    "signal-race",
    key,
    `the ${signalName(sig)} handler's ${code(access.span)} ${accessWord} \`${g.name}\` ${place}, the code it interrupted${consequence}`,
    access.span,
    [other.span],
  );
}

export function checkHandlerCall(m: Machine, t: number, instr: Instr): void {
  const call = API_CALLS[instr.a]!;
  if (call.asyncSignalSafe) return;
  const h = m.innermostHandler(t);
  if (h < 0) return;
  const sig = m.buf[h + F_SIG]!;
  m.report(
    "unsafe-handler-call",
    `unsafe:${instr.span.start}`,
    `${call.name}() is not async-signal-safe, but the ${signalName(sig)} handler calls it (signal-safety(7))`,
    instr.span,
  );
}
