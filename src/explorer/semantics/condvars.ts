// Condition variables (LANGUAGE.md §3; pthread_cond_wait(3)): pthread_cond_wait is two steps — release
// the mutex and wait; then, woken, take the mutex back (blocking while another thread holds it).
// pthread_cond_signal wakes one waiter (each is tried), broadcast all; nothing is remembered when none
// waits. A waiter may also wake spuriously: a step that is not fair (a cycle through it is no
// livelock) and that never keeps a state from being stuck. A handler interrupting a wait returns to a
// wake-up (signal(7): pthread_cond_wait resumes or returns 0).
import type { Instr } from "../../model/model.js";
import { errnoValues } from "../../model/constants.js";
import { K_MUTEX, P_NTHREADS, P_PID, T_LEN, T_STATE, T_TID, TS_CONDWAIT, TS_CONDWAKE, TS_RUNNING } from "../state-layout.js";
import type { Machine } from "../machine.js";
import { SY_VALUE, findSync, newHandle } from "./sync-objects.js";

const EINVAL = errnoValues["EINVAL"]!;
const EPERM = errnoValues["EPERM"]!;

export function condInit(m: Machine, p: number, f: number, instr: Instr): void {
  m.complete(f, instr, newHandle(m, p));
}

/** Threads of p waiting on condition variable c, in thread order. */
function waiters(m: Machine, p: number, c: number): number[] {
  const out: number[] = [];
  for (let u = m.firstThread(p), i = m.buf[p + P_NTHREADS]!; i > 0; i--, u += m.buf[u + T_LEN]!) {
    if (m.buf[u + T_STATE] !== TS_CONDWAIT) continue;
    const g = m.topFrame(u);
    if (m.reg(g, m.instrAt(g).args[0]!) === c) out.push(u);
  }
  return out;
}

/** A thread in pthread_cond_wait, woken, relocking: it can go on when the mutex is free. */
export function relockEnabled(m: Machine, p: number, t: number): boolean {
  const g = m.topFrame(t);
  const o = findSync(m, p, K_MUTEX, m.reg(g, m.instrAt(g).args[1]!));
  return o < 0 || m.buf[o + SY_VALUE] === 0;
}

export function relock(m: Machine, p: number, t: number): void {
  const g = m.topFrame(t);
  const instr = m.instrAt(g);
  const o = findSync(m, p, K_MUTEX, m.reg(g, instr.args[1]!));
  m.touchKernel();
  if (o >= 0) m.buf[o + SY_VALUE] = m.buf[t + T_TID]!;
  m.buf[t + T_STATE] = TS_RUNNING;
  m.complete(g, instr, 0);
}

/** A spurious wake-up (not fair). */
export function wakeSpuriously(m: Machine, t: number): void {
  m.buf[t + T_STATE] = TS_CONDWAKE;
  m.info.note = "wakes up spuriously";
}

export function condWait(m: Machine, p: number, t: number, f: number, instr: Instr): void {
  const o = findSync(m, p, K_MUTEX, m.reg(f, instr.args[1]!));
  const tid = m.buf[t + T_TID]!;
  if (o < 0) {
    m.complete(f, instr, EINVAL);
    return;
  }
  if (m.buf[o + SY_VALUE] !== tid) {
    m.report("mutex-misuse", `condwait:${instr.span.start}`, `thread ${tid} waits on a condition variable without holding its mutex`, instr.span);
    m.complete(f, instr, EPERM);
    return;
  }
  m.buf[o + SY_VALUE] = 0;
  m.buf[t + T_STATE] = TS_CONDWAIT;
}

export function signalChoices(m: Machine, p: number, f: number, instr: Instr): number {
  return Math.max(1, waiters(m, p, m.reg(f, instr.args[0]!)).length);
}

export function condSignal(m: Machine, p: number, f: number, instr: Instr, choice: number, all: boolean): void {
  const ws = waiters(m, p, m.reg(f, instr.args[0]!));
  if (ws.length > 0) m.wroteThread(m.buf[p + P_PID]!, 0); // the waiters' blocks
  if (all) for (const u of ws) m.buf[u + T_STATE] = TS_CONDWAKE;
  else if (ws.length > 0) m.buf[ws[choice]! + T_STATE] = TS_CONDWAKE;
  m.complete(f, instr, 0);
}
