// Threads (LANGUAGE.md §3; pthread_create(3), pthread_join(3), pthread_exit(3)). A thread runs
// fn(arg) in its process, sharing the globals; it starts with its creator's signal mask and no
// pending signal. A thread whose function returns, or that calls pthread_exit, has ended and stays
// until pthread_join reaps it; when the last thread of a process ends, the process exits with status 0.
// Left out: detached threads, thread cancellation, thread-specific data.
import type { Instr } from "../../model/model.js";
import { errnoValues } from "../../model/constants.js";
import { F_REGS, P_NEXT_TID, P_NTHREADS, P_PID, T_LEN, T_MASK, T_NFRAMES, T_STATE, T_TID, TS_EXITED } from "../state-layout.js";
import type { Machine } from "../machine.js";
import { endProcess } from "./processes.js";

const ESRCH = errnoValues["ESRCH"]!;
const EDEADLK = errnoValues["EDEADLK"]!;

export function pthreadCreate(m: Machine, p: number, t: number, f: number, instr: Instr): void {
  const fnValue = m.reg(f, instr.args[0]!);
  const arg = instr.args.length > 1 ? m.reg(f, instr.args[1]!) : 0;
  const fnId = fnValue - 2;
  if (fnId < 0 || fnId >= m.model.functions.length) {
    m.complete(f, instr, errnoValues["EINVAL"]!);
    return;
  }
  if (m.buf[p + P_NTHREADS]! >= m.model.options.maxThreads) {
    m.bound = `threads (${m.model.options.maxThreads} in one process)`;
    m.dead = true;
    return;
  }
  const pid = m.buf[p + P_PID]!;
  const mask = m.buf[t + T_MASK]!;
  const tid = m.buf[p + P_NEXT_TID]!;
  m.buf[p + P_NEXT_TID] = tid + 1;
  m.complete(f, instr, tid);
  // the new thread goes at the end of its process's block
  const nt = m.addThread(p, tid);
  m.buf[p + P_NTHREADS]! += 1;
  m.buf[nt + T_MASK] = mask;
  const g = m.pushFrame(p, nt, fnId);
  const fn = m.model.functions[fnId]!;
  if (fn.params > 0) m.buf[g + F_REGS] = fn.regKeep[0] || m.concrete ? arg : 0;
  m.runThread(pid, tid, false, 0);
}

/** Thread t ends (its function returned, or pthread_exit): joinable until reaped; the last thread ends the process. */
export function threadEnds(m: Machine, p: number, t: number): void {
  const frames = m.buf[t + T_NFRAMES]!;
  for (let i = 0; i < frames; i++) m.popFrame(p, t);
  m.buf[t + T_STATE] = TS_EXITED;
  let live = 0;
  for (let u = m.firstThread(p), i = m.buf[p + P_NTHREADS]!; i > 0; i--, u += m.buf[u + T_LEN]!) if (m.buf[u + T_STATE] !== TS_EXITED) live++;
  if (live === 0) endProcess(m, p, 0);
}

export function pthreadExit(m: Machine, p: number, t: number): void {
  threadEnds(m, p, t);
}

export function joinEnabled(m: Machine, p: number, f: number, instr: Instr): number {
  const u = m.findThread(p, m.reg(f, instr.args[0]!));
  return u < 0 || m.buf[u + T_STATE] === TS_EXITED ? 1 : 0;
}

export function pthreadJoin(m: Machine, p: number, t: number, f: number, instr: Instr): void {
  const tid = m.reg(f, instr.args[0]!);
  if (tid === m.buf[t + T_TID]) {
    m.complete(f, instr, EDEADLK);
    return;
  }
  const u = m.findThread(p, tid);
  if (u < 0) {
    m.complete(f, instr, ESRCH); // pthread functions return the error number
    return;
  }
  m.complete(f, instr, 0);
  // reap it: its block goes
  const v = m.findThread(p, tid);
  m.resize(v, -m.buf[v + T_LEN]!, p, -1);
  m.buf[p + P_NTHREADS]! -= 1;
}

export function pthreadSelf(m: Machine, t: number, f: number, instr: Instr): void {
  m.complete(f, instr, m.buf[t + T_TID]!);
}
