// data-race (LANGUAGE.md §4). Under sequential consistency a program has a data race exactly when
// some reachable state has two conflicting accesses enabled at once in different threads (the
// DRF-SC argument): then no happens-before edge can order them, since either may go first. So the
// explorer needs no vector clocks: at each state it looks at every thread's next step. Accesses are to
// a global of a process with more than one thread, or to a shared-memory slot; at least one writes;
// not both are Atomics operations. A handler's accesses count as its thread's.
import { Op, type Instr } from "../model/model.js";
import { API_CALLS } from "../model/api.js";
import { F_REGS, P_NTHREADS, P_PID, P_STATE, P_STOPPED, PROC_ALIVE, T_LEN, T_STATE, T_TID, TS_EXITED, TS_RUNNING } from "./state-layout.js";
import { isAtomic } from "./semantics/dispatch.js";
import type { Machine } from "./machine.js";
import { lineOf, spanText } from "../model/span.js";

export interface Race {
  readonly key: string;
  readonly message: string;
  readonly first: { pid: number; tid: number; instr: Instr };
  readonly second: { pid: number; tid: number; instr: Instr };
}

interface Access {
  pid: number;
  tid: number;
  instr: Instr;
  /** 0: a global of process `space`; 1: a shared segment `space` */
  kind: number;
  space: number;
  at: number;
  write: boolean;
  atomic: boolean;
}

const scratch: Access[] = [];

export function findRaces(m: Machine, out: Race[]): void {
  scratch.length = 0;
  const b = m.buf;
  for (let p = m.firstProc(), i = m.nproc(); i > 0; i--, p = m.nextProc(p)) {
    if (b[p + P_STATE] !== PROC_ALIVE || b[p + P_STOPPED] !== 0) continue;
    let live = 0;
    for (let t = m.firstThread(p), j = b[p + P_NTHREADS]!; j > 0; j--, t += b[t + T_LEN]!) if (b[t + T_STATE] !== TS_EXITED) live++;
    for (let t = m.firstThread(p), j = b[p + P_NTHREADS]!; j > 0; j--, t += b[t + T_LEN]!) {
      if (b[t + T_STATE] !== TS_RUNNING) continue;
      const f = m.topFrame(t);
      const instr = m.instrAt(f);
      if (!instr.visible) continue;
      const r = f + F_REGS;
      const pid = b[p + P_PID]!;
      const tid = b[t + T_TID]!;
      switch (instr.op) {
        case Op.LoadGlobal: case Op.StoreGlobal:
          if (live > 1) scratch.push({ pid, tid, instr, kind: 0, space: pid, at: instr.a, write: instr.op === Op.StoreGlobal, atomic: false });
          break;
        case Op.LoadGlobalElem: case Op.StoreGlobalElem:
          if (live > 1) scratch.push({ pid, tid, instr, kind: 0, space: pid, at: instr.a + b[r + instr.b]!, write: instr.op === Op.StoreGlobalElem, atomic: false });
          break;
        case Op.LoadShared: case Op.StoreShared:
          scratch.push({ pid, tid, instr, kind: 1, space: b[r + instr.a]!, at: b[r + instr.b]!, write: instr.op === Op.StoreShared, atomic: false });
          break;
        case Op.Syscall:
          if (isAtomic(instr)) {
            const write = API_CALLS[instr.a]!.name !== "Atomics.load";
            scratch.push({ pid, tid, instr, kind: 1, space: b[r + instr.args[0]!]!, at: b[r + instr.args[1]!]!, write, atomic: true });
          }
          break;
      }
    }
  }
  for (let i = 0; i < scratch.length; i++) {
    for (let j = i + 1; j < scratch.length; j++) {
      const x = scratch[i]!;
      const y = scratch[j]!;
      if (x.kind !== y.kind || x.space !== y.space || x.at !== y.at) continue;
      if (x.pid === y.pid && x.tid === y.tid) continue;
      if (!x.write && !y.write) continue;
      if (x.atomic && y.atomic) continue;
      out.push(describe(m, x, y));
    }
  }
}

function describe(m: Machine, x: Access, y: Access): Race {
  const src = m.model.source;
  const [a, c] = x.instr.span.start <= y.instr.span.start ? [x, y] : [y, x];
  const what = x.kind === 0 ? `\`${m.model.globals[x.instr.global]!.name}\`` : `slot ${x.at} of a shared-memory segment`;
  const who = (v: Access) => `pid ${v.pid}${multi(m, v.pid) ? `/thread ${v.tid}` : ""}`;
  const code = (v: Access) => `\`${spanText(src, v.instr.span)}\` (line ${lineOf(src, v.instr.span.start)}, ${v.write ? "a write" : "a read"}${v.atomic ? ", atomic" : ""})`;
  return {
    key: `${a.instr.span.start}:${c.instr.span.start}`,
    message: `data race on ${what}: ${code(x)} in ${who(x)} and ${code(y)} in ${who(y)} can run in either order, nothing orders them (no mutex, semaphore, message or Atomics between them)`,
    first: { pid: x.pid, tid: x.tid, instr: x.instr },
    second: { pid: y.pid, tid: y.tid, instr: y.instr },
  };
}

function multi(m: Machine, pid: number): boolean {
  const p = m.findProc(pid);
  return p >= 0 && m.buf[p + P_NTHREADS]! > 1;
}
