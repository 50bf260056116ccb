// Register allocation: the compiler gives every temporary its own register (the relevance analysis
// needs that), but a frame's registers are part of every state, so registers whose values are never
// live at the same time share one slot (graph colouring over liveness, as a C compiler does).
// Parameters keep their places (calls and deliveries write them), and local arrays stay contiguous.
import { Op } from "../model/model.js";
import type { MutableInstr } from "./compile.js";
import { def, liveSets, registerFields } from "./flow.js";

export interface Allocation {
  code: MutableInstr[];
  regNames: string[];
  regKeep: boolean[];
}

export function allocateRegisters(code: readonly MutableInstr[], regNames: readonly string[], regKeep: readonly boolean[], params: number): Allocation {
  const n = regNames.length;
  const fixed = new Set<number>();
  for (let r = 0; r < params; r++) fixed.add(r);
  for (const instr of code) {
    if (instr.op === Op.LoadLocalElem || instr.op === Op.StoreLocalElem) for (let i = 0; i < instr.c; i++) fixed.add(instr.a + i);
  }
  const interferes: Set<number>[] = Array.from({ length: n }, () => new Set());
  const edge = (a: number, b: number) => {
    if (a === b) return;
    interferes[a]!.add(b);
    interferes[b]!.add(a);
  };
  const { liveIn, liveOut } = liveSets(code);
  code.forEach((instr, pc) => {
    const d = def(instr);
    // a copy may share its source's register, unless it writes 0 there (a value that decides nothing)
    if (d >= 0) for (const r of liveOut[pc]!) if (!(instr.op === Op.Move && instr.keep && r === instr.a)) edge(d, r);
    if (instr.op === Op.StoreLocalElem) for (let i = 0; i < instr.c; i++) for (const r of liveOut[pc]!) edge(instr.a + i, r);
  });
  // registers live together on entry (parameters) interfere
  const entry = [...(liveIn[0] ?? [])];
  for (let r = 0; r < params; r++) entry.push(r);
  for (const a of entry) for (const b of entry) edge(a, b);

  const color = new Int32Array(n).fill(-1);
  let next = 0;
  // fixed registers first, in order, each its own colour (arrays stay contiguous); the others share
  for (let r = 0; r < n; r++) if (fixed.has(r)) color[r] = next++;
  const firstFree = next;
  for (let r = 0; r < n; r++) {
    if (color[r]! >= 0) continue;
    const taken = new Set<number>();
    for (const x of interferes[r]!) if (color[x]! >= 0) taken.add(color[x]!);
    let c = firstFree;
    while (taken.has(c)) c++;
    color[r] = c;
    if (c >= next) next = c + 1;
  }
  const names: string[][] = Array.from({ length: next }, () => []);
  const keep = new Array<boolean>(next).fill(false);
  for (let r = 0; r < n; r++) {
    names[color[r]!]!.push(regNames[r]!);
    if (regKeep[r]) keep[color[r]!] = true;
  }
  const map = (r: number) => (r >= 0 ? color[r]! : r);
  const renamed = code.map((instr) => {
    const out: MutableInstr = { ...instr, args: instr.args.map(map) };
    out.dst = map(instr.dst);
    for (const field of registerFields(instr.op)) out[field] = map(instr[field]);
    return out;
  });
  return { code: renamed, regNames: names.map((ns) => ns.filter((x) => !x.startsWith("%")).join("/") || ns[0]!), regKeep: keep };
}
