// Processes (LANGUAGE.md §3 "Processes and threads"; fork(2), _exit(2), wait(2), waitpid(2)).
// fork copies the globals, dispositions, mask and the calling thread only; the child starts with no
// pending signal and no alarm. A process that ends is a zombie until its parent reaps it; its
// children are re-parented to init (here: parent pid 0, outside the program), which reaps them.
// Left out: process groups other than the program's one, and rusage.
import type { Instr } from "../../model/model.js";
import { SIGCHLD, signalName } from "../../model/signals.js";
import { ECHILD, WNOHANG } from "../../model/constants.js";
import {
  H_NEXT_PID, H_NPROC, P_ACTIONS, P_ALARM, P_LEN, P_NEXT_HANDLE, P_NEXT_TID, P_NTHREADS, P_PENDING, P_PID, P_PPID,
  P_STATE, P_STATUS, P_STOPPED, PROC_ALIVE, PROC_ZOMBIE, T_LEN, T_PENDING, T_STATE, T_TID, T_WSTATUS,
  TS_RUNNING,
} from "../state-layout.js";
import type { Machine } from "../machine.js";
import { sendSignal } from "./signals.js";
import { closeAll } from "./descriptors.js";
import { abandonOpen } from "./fifos.js";
import { copySyncObjects } from "./sync-objects.js";

export function fork(m: Machine, p: number, t: number, f: number, instr: Instr): void {
  let alive = 0;
  for (let q = m.firstProc(), i = m.nproc(); i > 0; i--, q = m.nextProc(q)) if (m.buf[q + P_STATE] === PROC_ALIVE) alive++;
  if (alive >= m.model.options.maxProcesses) {
    m.bound = `processes (${m.model.options.maxProcesses} alive at once)`;
    m.dead = true;
    return;
  }
  const L = m.layout;
  const parentPid = m.buf[p + P_PID]!;
  const childPid = m.buf[H_NEXT_PID]!;
  const threadLen = m.buf[t + T_LEN]!;
  const frameRel = f - t;
  const size = L.procFixed + threadLen;
  // the child goes after the last process, before the kernel objects (its descriptors share them)
  const c = m.kernelStart();
  m.resize(c, size, -1, -1);
  const b = m.buf;
  b.copyWithin(c, p, p + L.procFixed);
  b.copyWithin(c + L.procFixed, t, t + threadLen);
  b[H_NEXT_PID] = childPid + 1;
  b[H_NPROC]! += 1;
  b[c + P_LEN] = size;
  b[c + P_PID] = childPid;
  b[c + P_PPID] = parentPid;
  b[c + P_STATE] = PROC_ALIVE;
  b[c + P_STOPPED] = 0;
  b[c + P_STATUS] = 0;
  b[c + P_PENDING] = 0;
  b[c + P_ALARM] = 0;
  b[c + P_NTHREADS] = 1;
  b[c + P_NEXT_TID] = 2;
  const ct = c + L.procFixed;
  b[ct + T_TID] = 1;
  b[ct + T_PENDING] = 0;
  b[ct + T_STATE] = TS_RUNNING;
  b[ct + T_WSTATUS] = 0;
  m.complete(f, instr, childPid);
  m.complete(ct + frameRel, instr, 0);
  copySyncObjects(m, parentPid, childPid, m.buf[t + T_TID]!);
  m.runThread(childPid, 1, false, 0);
}

/** exit(code) and _exit(code): the process ends (LANGUAGE.md: descriptors closed, SIGCHLD to the parent). */
export function exit(m: Machine, p: number, _t: number, f: number, instr: Instr): void {
  const code = instr.args.length > 0 ? m.reg(f, instr.args[0]!) : 0;
  endProcess(m, p, code & 0xff);
}

/** Ends process p with a wait status (exit code, or 128 + the signal that killed it). */
export function endProcess(m: Machine, p: number, status: number): void {
  m.widen(); // its parent, its children and the kernel's objects
  const L = m.layout;
  const pid = m.buf[p + P_PID]!;
  const ppid = m.buf[p + P_PPID]!;
  if (m.tracing) m.info.events.push(status > 128 ? `pid ${pid} killed by ${signalName(status - 128)}` : `pid ${pid} exits with status ${status}`);
  // its descriptors are closed first: readers may see end of file, writers EPIPE
  closeAll(m, p);
  if (m.layout.fds > 0) for (let t = m.firstThread(p), i = m.buf[p + P_NTHREADS]!; i > 0; i--, t += m.buf[t + T_LEN]!) abandonOpen(m, t);
  const threads = m.buf[p + P_LEN]! - L.procFixed;
  if (threads > 0) m.resize(p + L.procFixed, -threads, p, -1);
  const b = m.buf;
  b[p + P_NTHREADS] = 0;
  b[p + P_STATE] = PROC_ZOMBIE;
  b[p + P_STATUS] = status;
  b[p + P_PENDING] = 0;
  b[p + P_ALARM] = 0;
  b[p + P_STOPPED] = 0;
  // a zombie keeps its pid, parent and status: the rest would only tell zombies apart
  b[p + P_NEXT_TID] = 0;
  b[p + P_NEXT_HANDLE] = 0;
  b.fill(0, p + P_ACTIONS, p + L.procFixed);
  // children live on, re-parented to init, which reaps the zombies among them
  for (;;) {
    let orphan = -1;
    for (let q = m.firstProc(), i = m.nproc(); i > 0; i--, q = m.nextProc(q)) {
      if (m.buf[q + P_PPID] === pid) {
        orphan = q;
        break;
      }
    }
    if (orphan < 0) break;
    m.buf[orphan + P_PPID] = 0;
    if (m.buf[orphan + P_STATE] === PROC_ZOMBIE) removeProcess(m, orphan);
  }
  const parent = ppid === 0 ? -1 : m.findProc(ppid);
  if (parent >= 0 && m.buf[parent + P_STATE] === PROC_ALIVE) {
    sendSignal(m, parent, SIGCHLD, -1, null);
  } else {
    removeProcess(m, m.findProc(pid));
  }
}

export function removeProcess(m: Machine, p: number): void {
  m.resize(p, -m.buf[p + P_LEN]!, -1, -1);
  m.buf[H_NPROC]! -= 1;
}

/** The child a wait may reap now: a zombie child matching `which` (-1: any), or -1 if none; -2 if no child matches at all. */
function reapable(m: Machine, p: number, which: number): number {
  const pid = m.buf[p + P_PID]!;
  let any = false;
  for (let q = m.firstProc(), i = m.nproc(); i > 0; i--, q = m.nextProc(q)) {
    if (m.buf[q + P_PPID] !== pid) continue;
    if (which > 0 && m.buf[q + P_PID] !== which) continue;
    any = true;
    if (m.buf[q + P_STATE] === PROC_ZOMBIE) return q;
  }
  return any ? -1 : -2;
}

function waitTarget(m: Machine, f: number, instr: Instr, isWaitpid: boolean): { which: number; noHang: boolean } {
  if (!isWaitpid) return { which: -1, noHang: false };
  const which = m.reg(f, instr.args[0]!);
  const options = instr.args.length > 1 ? m.reg(f, instr.args[1]!) : 0;
  // pid 0 and pid < -1 name process groups: every process of the program is in one group
  return { which: which > 0 ? which : -1, noHang: (options & WNOHANG) !== 0 };
}

export function waitEnabled(m: Machine, p: number, f: number, instr: Instr, isWaitpid: boolean): number {
  const { which, noHang } = waitTarget(m, f, instr, isWaitpid);
  if (noHang) return 1;
  return reapable(m, p, which) === -1 ? 0 : 1;
}

export function wait(m: Machine, p: number, t: number, f: number, instr: Instr, isWaitpid: boolean): void {
  const { which, noHang } = waitTarget(m, f, instr, isWaitpid);
  const q = reapable(m, p, which);
  if (q === -2) {
    m.fail(t, f, instr, ECHILD);
    return;
  }
  if (q === -1) {
    if (noHang) m.complete(f, instr, 0);
    return;
  }
  const childPid = m.buf[q + P_PID]!;
  m.buf[t + T_WSTATUS] = m.buf[q + P_STATUS]!;
  m.complete(f, instr, childPid);
  removeProcess(m, q);
}

export function getppid(m: Machine, p: number, f: number, instr: Instr): void {
  m.complete(f, instr, m.buf[p + P_PPID]!);
}

export function wstatus(m: Machine, t: number, f: number, instr: Instr): void {
  m.complete(f, instr, m.buf[t + T_WSTATUS]!);
}
