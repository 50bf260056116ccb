// Semaphores (LANGUAGE.md §3; sem_overview(7)): sem_init is process-local (copied by fork), sem_open
// names one semaphore shared by every process that opens it. sem_wait blocks while the value is 0,
// sem_trywait fails with EAGAIN then, sem_post adds one (and is async-signal-safe).
// A blocked sem_wait is interrupted by a handler: EINTR without SA_RESTART, else it waits again.
import type { Instr } from "../../model/model.js";
import { EAGAIN, EINVAL, ENOENT } from "../../model/constants.js";
import { K_SEM } from "../state-layout.js";
import { addObject, objectsOf } from "../kernel.js";
import type { Machine } from "../machine.js";
import { NAMED, SY_HANDLE, SY_PID, SY_VALUE, findSync, newSync } from "./sync-objects.js";

const O_CREAT = 64;

export function semInit(m: Machine, p: number, f: number, instr: Instr): void {
  m.complete(f, instr, newSync(m, p, K_SEM, Math.max(0, m.reg(f, instr.args[0]!))));
}

export function semOpen(m: Machine, _p: number, t: number, f: number, instr: Instr): void {
  const name = m.reg(f, instr.args[0]!);
  const flags = m.reg(f, instr.args[1]!);
  const value = instr.args.length > 2 ? m.reg(f, instr.args[2]!) : 0;
  const handle = name | NAMED;
  const exists = objectsOf(m, K_SEM).some((o) => m.buf[o + SY_PID] === 0 && m.buf[o + SY_HANDLE] === handle);
  if (!exists) {
    if ((flags & O_CREAT) === 0) {
      m.fail(t, f, instr, ENOENT);
      return;
    }
    addObject(m, K_SEM, [0, handle, Math.max(0, value)]);
  }
  m.complete(f, instr, handle);
}

export function semWaitEnabled(m: Machine, p: number, f: number, instr: Instr): number {
  const o = findSync(m, p, K_SEM, m.reg(f, instr.args[0]!));
  return o < 0 || m.buf[o + SY_VALUE]! > 0 ? 1 : 0;
}

export function semWait(m: Machine, p: number, t: number, f: number, instr: Instr): void {
  const o = findSync(m, p, K_SEM, m.reg(f, instr.args[0]!));
  if (o < 0) {
    m.fail(t, f, instr, EINVAL);
    return;
  }
  if (m.buf[o + SY_VALUE] === 0) {
    m.fail(t, f, instr, EAGAIN); // sem_trywait; sem_wait waits instead
    return;
  }
  m.buf[o + SY_VALUE]! -= 1;
  m.complete(f, instr, 0);
}

export function semPost(m: Machine, p: number, t: number, f: number, instr: Instr): void {
  const o = findSync(m, p, K_SEM, m.reg(f, instr.args[0]!));
  if (o < 0) {
    m.fail(t, f, instr, EINVAL);
    return;
  }
  m.buf[o + SY_VALUE]! += 1;
  m.complete(f, instr, 0);
}

export function semClose(m: Machine, _p: number, f: number, instr: Instr): void {
  m.complete(f, instr, 0);
}

export function semUnlink(m: Machine, _p: number, t: number, f: number, instr: Instr): void {
  const handle = m.reg(f, instr.args[0]!) | NAMED;
  // the name goes only in name: processes that opened it keep using it, so the object stays
  if (objectsOf(m, K_SEM).some((o) => m.buf[o + SY_PID] === 0 && m.buf[o + SY_HANDLE] === handle)) m.complete(f, instr, 0);
  else m.fail(t, f, instr, ENOENT);
}
