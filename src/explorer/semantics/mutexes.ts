// Mutexes (LANGUAGE.md §3; pthread_mutex_lock(3)): lock blocks while another thread holds the mutex;
// misuse is reported (mutex-misuse, §4): unlock by a thread that does not hold it or of an unlocked
// mutex, relock by its owner (a default mutex would deadlock: that run stops there), destroy while
// locked. A blocked lock is not interrupted by signals: it resumes waiting after a handler.
import type { Instr } from "../../model/model.js";
import { errnoValues } from "../../model/constants.js";
import { K_MUTEX, OB_ID, T_TID } from "../state-layout.js";
import { removeObject } from "../kernel.js";
import type { Machine } from "../machine.js";
import { SY_VALUE, findSync, newSync } from "./sync-objects.js";

const EBUSY = errnoValues["EBUSY"]!;
const EINVAL = errnoValues["EINVAL"]!;
const EPERM = errnoValues["EPERM"]!;

function argText(m: Machine, instr: Instr): string {
  const src = m.model.source.slice(instr.span.start, instr.span.end);
  const open = src.indexOf("(");
  return open >= 0 ? src.slice(open + 1, src.lastIndexOf(")")).split(",")[0]!.trim() : src;
}

export function mutexInit(m: Machine, p: number, f: number, instr: Instr): void {
  m.complete(f, instr, newSync(m, p, K_MUTEX, 0));
}

export function lockEnabled(m: Machine, p: number, t: number, f: number, instr: Instr): number {
  const o = findSync(m, p, K_MUTEX, m.reg(f, instr.args[0]!));
  if (o < 0) return 1;
  const owner = m.buf[o + SY_VALUE]!;
  return owner === 0 || owner === m.buf[t + T_TID] ? 1 : 0;
}

/** The mutex a call names, or -1 after failing the call with EINVAL. */
function mutexOf(m: Machine, p: number, f: number, instr: Instr): number {
  const o = findSync(m, p, K_MUTEX, m.reg(f, instr.args[0]!));
  if (o < 0) m.complete(f, instr, EINVAL);
  return o;
}

export function mutexLock(m: Machine, p: number, t: number, f: number, instr: Instr): void {
  const o = mutexOf(m, p, f, instr);
  if (o < 0) return;
  const tid = m.buf[t + T_TID]!;
  if (m.buf[o + SY_VALUE] === tid) {
    m.report("mutex-misuse", `relock:${instr.span.start}`, `thread ${tid} locks ${argText(m, instr)} again while it holds it: a default mutex deadlocks`, instr.span);
    m.dead = true;
    return;
  }
  m.buf[o + SY_VALUE] = tid;
  m.complete(f, instr, 0);
}

export function mutexTrylock(m: Machine, p: number, t: number, f: number, instr: Instr): void {
  const o = mutexOf(m, p, f, instr);
  if (o < 0) return;
  if (m.buf[o + SY_VALUE] !== 0) {
    m.complete(f, instr, EBUSY);
    return;
  }
  m.buf[o + SY_VALUE] = m.buf[t + T_TID]!;
  m.complete(f, instr, 0);
}

export function mutexUnlock(m: Machine, p: number, t: number, f: number, instr: Instr): void {
  const o = mutexOf(m, p, f, instr);
  if (o < 0) return;
  const tid = m.buf[t + T_TID]!;
  const owner = m.buf[o + SY_VALUE]!;
  if (owner !== tid) {
    const what = owner === 0 ? "which is not locked" : `which thread ${owner} holds`;
    m.report("mutex-misuse", `unlock:${instr.span.start}`, `thread ${tid} unlocks ${argText(m, instr)}, ${what}`, instr.span);
    m.complete(f, instr, EPERM);
    return;
  }
  m.buf[o + SY_VALUE] = 0;
  m.complete(f, instr, 0);
}

export function mutexDestroy(m: Machine, p: number, _t: number, f: number, instr: Instr): void {
  const o = mutexOf(m, p, f, instr);
  if (o < 0) return;
  if (m.buf[o + SY_VALUE] !== 0) {
    m.report("mutex-misuse", `destroy:${instr.span.start}`, `${argText(m, instr)} is destroyed while thread ${m.buf[o + SY_VALUE]} holds it`, instr.span);
    m.complete(f, instr, EBUSY);
    return;
  }
  removeObject(m, m.buf[o + OB_ID]!);
  m.complete(f, instr, 0);
}
