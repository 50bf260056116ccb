// Stuck states (LANGUAGE.md §4 "Stuck states"): some process lives but nothing can happen. A stuck
// state is idle — a valid end — when every living process has a thread that waits for the user, or
// is blocked only on processes that are idle; else it is a deadlock, reported for the processes that
// are not idle, each blocked thread with the call it waits in and why.
import { DefaultAction, defaultAction, sigbit, signalName } from "../model/signals.js";
import { SA_RESTART } from "../model/constants.js";
import { Op, type Span } from "../model/model.js";
import { API_CALLS } from "../model/api.js";
import {
  F_FN, F_PC, P_NTHREADS, P_PID, P_PPID, P_STATE, P_STOPPED, PROC_ALIVE, PROC_ZOMBIE, T_LEN, T_STATE,
  T_TID, TS_CONDWAIT, TS_CONDWAKE, TS_EXITED, TS_PAUSE, TS_SIGSUSPEND, TS_SLEEP, K_MUTEX,
} from "./state-layout.js";
import type { Machine } from "./machine.js";
import type { RuleId } from "../rules/rule-ids.js";
import { lineOf } from "../model/span.js";
import { FILE_TARGET, FL_READ, FL_WRITE, fileOf, holders } from "./semantics/descriptors.js";
import { MQ_NAME } from "./semantics/message-queues.js";
import { S_PEER } from "./semantics/sockets.js";
import { findObject, objectsOf } from "./kernel.js";
import { SY_HANDLE, SY_PID, SY_VALUE, findSync } from "./semantics/sync-objects.js";
import { maskWhileWaiting, waitState } from "./semantics/signals.js";

/** The mutexes thread t of p holds, by the names of the globals that hold their handles. */
function heldMutexes(m: Machine, p: number, t: number): string[] {
  const pid = m.buf[p + P_PID]!;
  const tid = m.buf[t + T_TID]!;
  const out: string[] = [];
  for (const o of objectsOf(m, K_MUTEX)) {
    if (m.buf[o + SY_PID] === pid && m.buf[o + SY_VALUE] === tid) out.push(mutexName(m, p, m.buf[o + SY_HANDLE]!));
  }
  return out;
}

/** A mutex's name: the global (or array element) that holds its handle, else "mutex #n". */
export function mutexName(m: Machine, p: number, handle: number): string {
  for (const g of m.model.globals) {
    for (let i = 0; i < g.length; i++) {
      if (g.relevant && m.buf[p + m.layout.globalsAt + g.slot + i] === handle) return g.isArray ? `${g.name}[${i}]` : g.name;
    }
  }
  return `mutex #${handle}`;
}

/** The object an fd of p opens, or -1. */
function targetOf(m: Machine, p: number, fd: number): number {
  const o = fileOf(m, p, fd);
  return o < 0 ? -1 : m.buf[o + FILE_TARGET]!;
}

export interface StuckFinding {
  rule: RuleId;
  key: string;
  message: string;
  span: Span | null;
  related: Span[];
}

/** Whether thread t of p waits for the user: an environment signal deliverable to it would end the wait. */
function waitsForUser(m: Machine, p: number, t: number): boolean {
  const state = waitState(m, t);
  const mask = maskWhileWaiting(m, t);
  const listed = m.model.options.envSignalsListed;
  for (const sig of m.model.options.envSignals) {
    if ((mask & sigbit(sig)) !== 0) continue;
    const act = m.actions.actions[m.actionOf(p, sig)]!;
    if (act.handler === 0) {
      if (listed && defaultAction(sig) === DefaultAction.Terminate) return true;
      continue;
    }
    if (act.handler === 1) continue;
    if (m.model.functions[act.handler - 2]!.mayExit) return true;
    if (state === TS_PAUSE || state === TS_SIGSUSPEND || state === TS_SLEEP) return true;
    if ((act.flags & SA_RESTART) === 0) return true;
  }
  return false;
}

interface ProcView {
  p: number;
  pid: number;
  idle: boolean;
  /** pids of the children a blocked wait waits for, or null when some thread waits on something else */
  waitsOn: number[] | null;
}

export function stuckFinding(m: Machine): StuckFinding | null {
  const procs: ProcView[] = [];
  for (let p = m.firstProc(), i = m.nproc(); i > 0; i--, p = m.nextProc(p)) {
    if (m.buf[p + P_STATE] !== PROC_ALIVE) continue;
    procs.push({ p, pid: m.buf[p + P_PID]!, idle: false, waitsOn: null });
  }
  if (procs.length === 0) return null;
  for (const v of procs) {
    if (m.buf[v.p + P_STOPPED] !== 0) {
      v.idle = true; // stopped: a user's SIGCONT (`fg`) resumes it
      continue;
    }
    let anyUser = false;
    let waits: number[] | null = [];
    let t = m.firstThread(v.p);
    for (let j = m.buf[v.p + P_NTHREADS]!; j > 0; j--, t += m.buf[t + T_LEN]!) {
      if (m.buf[t + T_STATE] === TS_EXITED) continue; // ended, not joined yet: waits for nothing
      if (waitsForUser(m, v.p, t)) anyUser = true;
      const children = waitedChildren(m, v.p, t);
      if (children === null) waits = null;
      else if (waits) waits.push(...children);
    }
    v.idle = anyUser;
    v.waitsOn = waits;
  }
  // blocked only on idle processes: idle too
  let changed = true;
  while (changed) {
    changed = false;
    for (const v of procs) {
      if (v.idle || !v.waitsOn || v.waitsOn.length === 0) continue;
      if (v.waitsOn.every((pid) => procs.find((q) => q.pid === pid)?.idle ?? false)) {
        v.idle = true;
        changed = true;
      }
    }
  }
  const stuck = procs.filter((v) => !v.idle);
  if (stuck.length === 0) return null;
  const lines: string[] = [];
  const spans: Span[] = [];
  const keys: string[] = [];
  for (const v of stuck) {
    let t = m.firstThread(v.p);
    const multi = m.buf[v.p + P_NTHREADS]! > 1;
    for (let j = m.buf[v.p + P_NTHREADS]!; j > 0; j--, t += m.buf[t + T_LEN]!) {
      if (m.buf[t + T_STATE] === TS_EXITED) continue;
      const f = m.topFrame(t);
      const instr = m.instrAt(f);
      spans.push(instr.span);
      keys.push(`${m.buf[f + F_FN]}:${m.buf[f + F_PC]}`);
      const actor = multi ? `pid ${v.pid}/thread ${m.buf[t + T_TID]}` : `pid ${v.pid}`;
      lines.push(`${actor} ${blockedReason(m, v.p, t, instr)}`);
    }
  }
  return {
    rule: "deadlock",
    key: keys.sort().join(","),
    message: `deadlock: ${lines.join("; ")}`,
    span: spans[0] ?? null,
    related: spans.slice(1),
  };
}

/** The processes a blocked thread waits on (children for wait(), the other ends' holders for a pipe); null if it waits on no process. */
function waitedChildren(m: Machine, p: number, t: number): number[] | null {
  if (m.buf[t + T_STATE] !== 0) return null;
  const f = m.topFrame(t);
  const instr = m.instrAt(f);
  if (instr.op !== Op.Syscall) return null;
  const name = API_CALLS[instr.a]!.name;
  if (name === "read" || name === "write" || name === "mq_receive" || name === "mq_send") {
    const target = targetOf(m, p, m.reg(f, instr.args[0]!));
    if (target < 0) return null;
    const other = name === "read" || name === "mq_receive" ? FL_WRITE : FL_READ;
    return [...new Set(holders(m, target, other).map((h) => h.pid))];
  }
  if (name === "recv" || name === "send") {
    // a stream socket waits on the processes holding its peer
    const target = targetOf(m, p, m.reg(f, instr.args[0]!));
    const s = target < 0 ? -1 : findObject(m, target);
    const peer = s < 0 ? 0 : m.buf[s + S_PEER]!;
    return peer > 0 ? [...new Set(holders(m, peer, FL_READ).map((h) => h.pid))] : null;
  }
  if (name !== "wait" && name !== "waitpid") return null;
  const which = name === "waitpid" ? m.reg(f, instr.args[0]!) : -1;
  const pid = m.buf[p + P_PID]!;
  const out: number[] = [];
  for (let q = m.firstProc(), i = m.nproc(); i > 0; i--, q = m.nextProc(q)) {
    if (m.buf[q + P_PPID] === pid && (which <= 0 || m.buf[q + P_PID] === which)) out.push(m.buf[q + P_PID]!);
  }
  return out;
}

function blockedReason(m: Machine, p: number, t: number, instr: { op: Op; a: number; span: Span }): string {
  const state = waitState(m, t);
  const line = lineOf(m.model.source, instr.span.start);
  const env = m.model.options.envSignals;
  const sent = m.model.sentSignals.filter((s) => m.actions.actions[m.actionOf(p, s)]!.handler >= 2);
  const envWords = env.length === 0
    ? `the environment sends no signal${sent.length > 0 ? ` (the program sends ${sent.map(signalName).join(", ")} itself)` : ""}`
    : `the environment sends only ${env.map(signalName).join(", ")}, which would not end this wait`;
  if (state === TS_PAUSE || state === TS_SIGSUSPEND) {
    const call = state === TS_PAUSE ? "pause()" : "sigsuspend()";
    return `waits in ${call} (line ${line}) for a signal that can no longer come: no process will send one and ${envWords}`;
  }
  const held = heldMutexes(m, p, t);
  const holds = held.length > 0 ? `holds ${held.join(", ")} and ` : "";
  const args = (instr as unknown as { args: readonly number[] }).args;
  if (state === TS_CONDWAIT) {
    return `${holds}waits in pthread_cond_wait() (line ${line}) for a pthread_cond_signal that no thread will send`;
  }
  if (state === TS_CONDWAKE || (instr.op === Op.Syscall && API_CALLS[instr.a]!.name === "pthread_mutex_lock")) {
    const f = m.topFrame(t);
    const handle = m.reg(f, args[state === TS_CONDWAKE ? 1 : 0]!);
    const o = findSync(m, p, K_MUTEX, handle);
    const owner = o < 0 ? 0 : m.buf[o + SY_VALUE]!;
    const call = state === TS_CONDWAKE ? "pthread_cond_wait() to take back" : "pthread_mutex_lock() for";
    const by = owner > 0 ? `held by thread ${owner}` : "held by a thread that is gone";
    return `${holds}waits in ${call} ${mutexName(m, p, handle)} (line ${line}), ${by}`;
  }
  if (instr.op === Op.Syscall && API_CALLS[instr.a]!.name === "pthread_join") {
    const f = m.topFrame(t);
    return `${holds}waits in pthread_join() (line ${line}) for thread ${m.reg(f, args[0]!)}, which has not ended`;
  }
  if (instr.op === Op.Syscall && API_CALLS[instr.a]!.name === "sem_wait") {
    return `${holds}waits in sem_wait() (line ${line}): the semaphore is 0 and no thread or process will post it`;
  }
  if (instr.op === Op.Syscall) {
    const name = API_CALLS[instr.a]!.name;
    if (name === "wait" || name === "waitpid") {
      const children = waitedChildren(m, p, t) ?? [];
      const what = children.map((pid) => {
        const q = m.findProc(pid);
        if (q < 0) return `pid ${pid}`;
        if (m.buf[q + P_STATE] === PROC_ZOMBIE) return `pid ${pid} (ended)`;
        const qt = m.firstThread(q);
        const qs = waitState(m, qt);
        const qi = m.instrAt(m.topFrame(qt));
        const call = qi.op === Op.Syscall ? `${API_CALLS[qi.a]!.name}()` : "";
        const doing = qs === TS_PAUSE ? "is itself blocked in pause()" : qs === TS_SIGSUSPEND ? "is itself blocked in sigsuspend()" : `is itself blocked${call ? ` in ${call}` : ""}`;
        return `pid ${pid}, which ${doing}`;
      });
      return `waits in ${name}() (line ${line}) for a child to end: ${what.join(", ")}`;
    }
    const args = (instr as unknown as { args: readonly number[] }).args;
    const f = m.topFrame(t);
    const self = m.buf[p + P_PID]!;
    const held = (target: number, flag: number) =>
      holders(m, target, flag)
        .map((h) => (h.pid === self ? `pid ${h.pid} itself (fd ${h.fd})` : `pid ${h.pid} (fd ${h.fd})`))
        .join(" and in ");
    if (name === "read" || name === "write") {
      const fd = m.reg(f, args[0]!);
      const target = targetOf(m, p, fd);
      const state = name === "read" ? "is empty and its write end is still open in" : "is full and its read end is still open in";
      return `blocks in ${name}(fd ${fd}) (line ${line}): pipe #${target} ${state} ${held(target, name === "read" ? FL_WRITE : FL_READ)}`;
    }
    if (name === "mq_receive" || name === "mq_send") {
      const fd = m.reg(f, args[0]!);
      const target = targetOf(m, p, fd);
      const q = findObject(m, target);
      const qname = q >= 0 ? JSON.stringify(m.strings.text(m.buf[q + MQ_NAME]!)) : "?";
      const other = held(target, name === "mq_receive" ? FL_WRITE : FL_READ);
      const state = name === "mq_receive"
        ? `is empty${other ? `; it is open for sending in ${other}, which sends nothing more` : " and no process has it open for sending"}`
        : `is full${other ? `; it is open for receiving in ${other}, which receives nothing more` : " and no process has it open for receiving"}`;
      return `blocks in ${name}(fd ${fd}) (line ${line}): queue ${qname} ${state}`;
    }
    if (name === "accept") {
      const fd = m.reg(f, args[0]!);
      return `blocks in accept(fd ${fd}) (line ${line}): no connection is waiting and no process will connect any more`;
    }
    if (name === "connect") {
      const fd = m.reg(f, args[0]!);
      return `blocks in connect(fd ${fd}) (line ${line}): the listener's backlog is full and no process accepts`;
    }
    if (name === "recv" || name === "recvfrom" || name === "send") {
      const fd = m.reg(f, args[0]!);
      const target = targetOf(m, p, fd);
      const s = target < 0 ? -1 : findObject(m, target);
      const peer = s < 0 ? 0 : m.buf[s + S_PEER]!;
      if (name === "recvfrom" || peer === 0) return `blocks in ${name}(fd ${fd}) (line ${line}): nothing has arrived and nothing more will (no SO_RCVTIMEO time-out is set)`;
      const other = held(peer, FL_READ);
      return name === "send"
        ? `blocks in send(fd ${fd}) (line ${line}): the peer's buffer is full and the peer, open in ${other}, receives nothing more`
        : `blocks in recv(fd ${fd}) (line ${line}): nothing has arrived and the peer, still open in ${other}, sends nothing more`;
    }
    if (name === "open") {
      const path = JSON.stringify(m.strings.text(m.reg(f, args[0]!)));
      const writing = (m.reg(f, args[1]!) & 3) === 1;
      return `blocks in open(${path}, ${writing ? "O_WRONLY" : "O_RDONLY"}) (line ${line}): no process has the FIFO open for ${writing ? "reading" : "writing"}, nor is opening it so`;
    }
    return `blocks in ${name}() (line ${line})`;
  }
  return `cannot go on (line ${line})`;
}

