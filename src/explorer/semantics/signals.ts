// Signals (LANGUAGE.md §3 "Signals" and "Signal semantics"; signal(7), sigaction(2), kill(2),
// sigprocmask(2), sigsuspend(2), pause(2)).
// - Not queued: one pending bit per signal per process (process-directed) and per thread
//   (thread-directed); a signal sent while the same one is pending is lost.
// - Delivery is a step of the receiving thread, possible before any of its steps, and interrupts a
//   blocked call; returning from the handler is another step, which restores the mask.
// - Default actions: terminate, ignore, stop, continue. SIGKILL and SIGSTOP act when sent.
// - pause() and sigsuspend() wait at their call until a signal they would take is pending, then
//   enter the call and take it in one step (pause(2), sigsuspend(2): they return only after a
//   handler ran). Entering without a signal to take changes nothing anyone else can see (the thread
//   then only waits), so the state before the call stands for the thread inside it too: a signal
//   the thread's mask lets through may be delivered before the call (it came before the entry:
//   possible, never owed, as a spurious wake-up), and the rules that read a waiting thread's mask
//   (who waits for the user, idle or deadlock) read the mask it waits with (`maskWhileWaiting`).
//   Which signal the entry takes: a thread that got to a sigsuspend() while a signal it would take
//   was pending enters with the lowest (TS_WAIT_ENTRY, marked where it gets there, `arriveAt`, and
//   undone when the signals are taken by another or discarded: sigsuspend delivers at once what it finds
//   deliverable, deliverNow); one that got there with none may have entered before any came, and
//   takes any of those pending (one choice each); so does pause(), which delivers nothing at once
//   (a signal deliverable before it may wait, as before any step).
//   Equivalent runs, one state fewer per wait: a thread about to wait no longer has an entry step
//   that cannot be reordered with the kill() that ends its wait (issue #6). --no-signal-wait-merge
//   (ModelOptions.mergeSignalWaits false) enters them in a step of their own, for comparison.
// Left out: real-time signals and siginfo (SA_SIGINFO is accepted and ignored), core dumps.
import { Op, type Instr } from "../../model/model.js";
import { API_ID } from "../../model/api.js";
import {
  DefaultAction, SIGCONT, SIGKILL, SIGSTOP, UNBLOCKABLE, defaultAction, isValidSignal, sigbit, signalName,
} from "../../model/signals.js";
import { EINTR, EINVAL, ESRCH, SA_NODEFER, SA_RESETHAND, SA_RESTART, SIG_BLOCK, SIG_SETMASK, SIG_UNBLOCK } from "../../model/constants.js";
import {
  F_INTR, F_PREV, F_REGS, F_SAVEDMASK, F_SIG, INTR_COND, TS_CONDWAIT, TS_CONDWAKE, INTR_CALL, INTR_NONE, INTR_PAUSE, INTR_SIGSUSPEND, INTR_SLEEP, P_NTHREADS,
  P_PENDING, P_PID, P_STATE, P_STOPPED, PROC_ALIVE, PROC_ZOMBIE, T_LAST, T_LEN, T_PROGRESS, T_MASK, T_PENDING, T_SAVEDMASK, T_STATE,
  T_TID, TS_PAUSE, TS_RUNNING, TS_SIGSUSPEND, TS_SLEEP, TS_WAIT_ENTRY,
} from "../state-layout.js";
import type { Machine } from "../machine.js";
import { endProcess } from "./processes.js";
import { abandonOpen } from "./fifos.js";

const SIG_DFL_ACTION = 0;
const SIG_IGN_ACTION = 1;

/** Whether a disposition discards the signal (SIG_IGN, or SIG_DFL whose default is to ignore or continue). */
function ignores(m: Machine, p: number, sig: number): boolean {
  const handler = m.actions.actions[m.actionOf(p, sig)]!.handler;
  if (handler === 1) return true;
  if (handler !== 0) return false;
  const d = defaultAction(sig);
  return d === DefaultAction.Ignore || d === DefaultAction.Continue;
}

/** Whether every thread of p blocks sig (thread-directed: whether thread t does). */
function blockedIn(m: Machine, p: number, t: number, sig: number): boolean {
  const bit = sigbit(sig);
  if (t >= 0) return (m.buf[t + T_MASK]! & bit) !== 0;
  let th = m.firstThread(p);
  for (let i = m.buf[p + P_NTHREADS]!; i > 0; i--, th += m.buf[th + T_LEN]!) if ((m.buf[th + T_MASK]! & bit) === 0) return false;
  return true;
}

/**
 * A signal is generated for process p (t = -1) or for its thread t. Returns false when it was lost.
 * `from` is the call that sent it, for the signal-lost message.
 */
export function sendSignal(m: Machine, p: number, sig: number, t: number, from: Instr | null): boolean {
  const b = m.buf;
  if (b[p + P_STATE] !== PROC_ALIVE) return true; // a zombie accepts and ignores signals
  if (t >= 0) m.wroteThread(b[p + P_PID]!, b[t + T_TID]!);
  else m.wrote(b[p + P_PID]!);
  if (sig === SIGKILL) {
    killedBy(m, p, sig);
    return true;
  }
  if (sig === SIGSTOP) {
    b[p + P_STOPPED] = 1;
    return true;
  }
  if (sig === SIGCONT) b[p + P_STOPPED] = 0; // continues even when blocked or ignored
  const ignored = ignores(m, p, sig);
  // signal(7): an ignored signal is discarded when sent, unless it is blocked (its disposition may change)
  if (ignored && !blockedIn(m, p, t, sig)) return true;
  const word = t >= 0 ? t + T_PENDING : p + P_PENDING;
  const bit = sigbit(sig);
  if ((b[word]! & bit) !== 0) {
    if (!ignored) {
      const pid = b[p + P_PID]!;
      if (m.tracing) m.info.events.push(`${signalName(sig)} lost: already pending in pid ${pid}`);
      m.report(
        "signal-lost",
        `lost:${sig}:${from ? from.span.start : -1}`,
        `${signalName(sig)} was sent to pid ${pid} while one was already pending there: it is lost (signals are not queued)`,
        from ? from.span : null,
      );
    }
    return false;
  }
  b[word] = b[word]! | bit;
  return true;
}

function killedBy(m: Machine, p: number, sig: number, at: Instr | null = null): void {
  const pid = m.buf[p + P_PID]!;
  const where = at
    ? { text: ` in \`${m.model.source.slice(at.span.start, at.span.end)}\``, span: at.span }
    : describeWhere(m, p);
  m.report(
    "killed-by-signal",
    `killed:${sig}`,
    `pid ${pid} was killed by ${signalName(sig)}${sig === SIGKILL ? "" : " (its default action)"}${where.text}`,
    where.span,
  );
  endProcess(m, p, 128 + sig);
}

function describeWhere(m: Machine, p: number): { text: string; span: Instr["span"] | null } {
  if (m.buf[p + P_NTHREADS] === 0) return { text: "", span: null };
  const t = m.firstThread(p);
  const f = m.topFrame(t);
  const instr = m.instrAt(f);
  const fn = m.model.functions[m.buf[f]!]!;
  if (fn.synthetic) return { text: "", span: null };
  return { text: ` at \`${m.model.source.slice(instr.span.start, instr.span.end)}\``, span: instr.span };
}

/** How many ways delivering sig to thread t can go: a blocking call without SA_RESTART may be interrupted (EINTR) or not yet entered. */
export function deliveryVariants(m: Machine, p: number, t: number, sig: number): number {
  const act = m.actions.actions[m.actionOf(p, sig)]!;
  if (act.handler < 2 || m.buf[t + T_STATE] !== TS_RUNNING) return 1;
  // inside a call already (a write that moved data, a FIFO open that waits): one way only
  if (m.buf[t + T_PROGRESS] !== 0) return 1;
  if (m.timedReceiveAt(p, t)) return 2; // signal(7): EINTR even under SA_RESTART
  if (m.neverInterruptedAt(t)) return 1; // signal(7): a mutex lock or a join goes on waiting
  if ((act.flags & SA_RESTART) !== 0) return 1;
  return m.blockedInCall(p, t) ? 2 : 1;
}

/**
 * Delivers sig to thread t (LANGUAGE.md §3 "Delivery"). variant 1: the thread was blocked in a call
 * that fails with EINTR when the handler returns.
 */
export function deliver(m: Machine, p: number, t: number, sig: number, variant: number, forcedBy: Instr | null): void {
  const b = m.buf;
  if (m.tracing) m.info.delivered = sig; // happens-before: the kill that sent it comes first
  const bit = sigbit(sig);
  if ((b[t + T_PENDING]! & bit) !== 0) b[t + T_PENDING] = b[t + T_PENDING]! & ~bit;
  else b[p + P_PENDING] = b[p + P_PENDING]! & ~bit;
  recheckWaitEntries(m, p);
  const actionId = m.actionOf(p, sig);
  const act = m.actions.actions[actionId]!;
  const last = b[t + T_LAST]!;
  b[t + T_LAST] = 0;
  if (act.handler >= 2) {
    runHandler(m, p, t, sig, act.handler - 2, act.mask, act.flags, variant, last);
    return;
  }
  if (act.handler === SIG_IGN_ACTION) return;
  switch (defaultAction(sig)) {
    case DefaultAction.Ignore:
    case DefaultAction.Continue:
      return;
    case DefaultAction.Stop:
      b[p + P_STOPPED] = 1;
      return;
    case DefaultAction.Terminate:
      killedBy(m, p, sig, forcedBy);
      return;
  }
}

function runHandler(m: Machine, p: number, t: number, sig: number, fnId: number, mask: number, flags: number, variant: number, last: number): void {
  const b = m.buf;
  const state = b[t + T_STATE]!;
  const progress = b[t + T_PROGRESS]!;
  const intr =
    state === TS_CONDWAIT || state === TS_CONDWAKE ? INTR_COND
    : state === TS_PAUSE ? INTR_PAUSE
    : state === TS_SIGSUSPEND ? INTR_SIGSUSPEND
    : state === TS_SLEEP ? INTR_SLEEP
    : variant === 1 ? INTR_CALL
    // write(2): a call that moved data returns the count, SA_RESTART or not
    : progress > 0 ? INTR_CALL
    // a FIFO open waiting for its peer: EINTR without SA_RESTART, else it waits on
    : progress < 0 && (flags & SA_RESTART) === 0 ? INTR_CALL
    : INTR_NONE;
  const oldMask = b[t + T_MASK]!;
  const h = m.pushFrame(p, t, fnId);
  const nb = m.buf;
  nb[h + F_SIG] = sig;
  nb[h + F_SAVEDMASK] = oldMask;
  nb[h + F_INTR] = intr;
  nb[h + F_PREV] = last;
  const fn = m.model.functions[fnId]!;
  if (fn.params > 0) nb[h + F_REGS] = fn.regKeep[0] || m.concrete ? sig : 0;
  // sigaction(2): the handler runs with its mask added, and its own signal unless SA_NODEFER
  nb[t + T_MASK] = (oldMask | mask | ((flags & SA_NODEFER) !== 0 ? 0 : sigbit(sig))) & ~UNBLOCKABLE;
  nb[t + T_STATE] = TS_RUNNING;
  if ((flags & SA_RESETHAND) !== 0) m.setAction(p, sig, SIG_DFL_ACTION);
  m.runThread(nb[p + P_PID]!, nb[t + T_TID]!, false, 0);
}

/** A handler returns (its base frame's `return`): the mask is restored and the interrupted call ends. */
export function handlerReturn(m: Machine, p: number, t: number, f: number, _instr: Instr): void {
  const b = m.buf;
  if (b[f + F_SIG] === 0) {
    // the bottom frame of a thread returned: only threads' bodies do (issue #5)
    m.bound = "thread end";
    m.dead = true;
    return;
  }
  const saved = b[f + F_SAVEDMASK]!;
  const intr = b[f + F_INTR]!;
  m.popFrame(p, t);
  m.buf[t + T_MASK] = saved;
  const g = m.topFrame(t);
  const call = m.instrAt(g);
  switch (intr) {
    case INTR_PAUSE:
      m.fail(t, g, call, EINTR);
      return;
    case INTR_CALL: {
      // signal(7): a call interrupted after moving data returns what it moved
      const moved = m.buf[t + T_PROGRESS]!;
      if (moved < 0) abandonOpen(m, t);
      m.buf[t + T_PROGRESS] = 0;
      if (moved > 0) m.complete(g, call, moved);
      else m.fail(t, g, call, EINTR);
      return;
    }
    case INTR_SIGSUSPEND:
      m.buf[t + T_MASK] = m.buf[t + T_SAVEDMASK]!;
      m.buf[t + T_SAVEDMASK] = 0;
      m.fail(t, g, call, EINTR);
      return;
    case INTR_SLEEP:
      m.complete(g, call, m.reg(g, call.args[0]!));
      return;
    case INTR_COND:
      m.buf[t + T_STATE] = TS_CONDWAKE; // a wake-up: take the mutex back, then return 0
      return;
  }
}

/** A fault (SIGFPE) of thread t: signal(7) forces it — blocked or ignored, the default action kills. */
export function raiseFault(m: Machine, p: number, t: number, sig: number): void {
  const act = m.actions.actions[m.actionOf(p, sig)]!;
  if (act.handler >= 2 && (m.buf[t + T_MASK]! & sigbit(sig)) === 0) {
    const last = m.buf[t + T_LAST]!;
    m.buf[t + T_LAST] = 0;
    runHandler(m, p, t, sig, act.handler - 2, act.mask, act.flags, 0, last);
    return;
  }
  killedBy(m, p, sig);
}

/** raise, sigprocmask, sigsuspend and a kill of one's own single-threaded process deliver a signal they make deliverable before they return. */
export function deliverNow(m: Machine, p: number, t: number, call: Instr): void {
  if (m.buf[p + P_STATE] !== PROC_ALIVE) return;
  const deliverable = (m.buf[t + T_PENDING]! | m.buf[p + P_PENDING]!) & ~m.buf[t + T_MASK]!;
  if (deliverable === 0) return;
  for (let sig = 1; sig <= 31; sig++) {
    if ((deliverable & sigbit(sig)) !== 0) {
      deliver(m, p, t, sig, 0, call);
      return;
    }
  }
}

function handlerValue(m: Machine, v: number): number {
  return v >= 0 && v < m.model.functions.length + 2 ? v : -1;
}

/** Setting SIG_IGN (or SIG_DFL of a signal ignored by default) discards a pending instance. */
function discardIfIgnored(m: Machine, p: number, sig: number): void {
  if (!ignores(m, p, sig)) return;
  const bit = sigbit(sig);
  m.buf[p + P_PENDING] = m.buf[p + P_PENDING]! & ~bit;
  m.wroteThread(m.buf[p + P_PID]!, 0); // every thread's pending set
  let th = m.firstThread(p);
  for (let i = m.buf[p + P_NTHREADS]!; i > 0; i--, th += m.buf[th + T_LEN]!) m.buf[th + T_PENDING] = m.buf[th + T_PENDING]! & ~bit;
  recheckWaitEntries(m, p);
}

/** signal(sig, handler): glibc's BSD semantics — SA_RESTART, the signal blocked while its handler runs. */
export function signal(m: Machine, p: number, t: number, f: number, instr: Instr): void {
  const sig = m.reg(f, instr.args[0]!);
  const handler = handlerValue(m, m.reg(f, instr.args[1]!));
  if (!isValidSignal(sig) || sig === SIGKILL || sig === SIGSTOP || handler < 0) {
    m.fail(t, f, instr, EINVAL);
    return;
  }
  m.setAction(p, sig, handler < 2 ? handler : m.actions.intern(handler, 0, SA_RESTART));
  discardIfIgnored(m, p, sig);
  m.complete(f, instr, 0);
}

/** sigaction(sig, { handler, mask, flags }) or sigaction(sig, saved): returns the previous action. */
export function sigaction(m: Machine, p: number, t: number, f: number, instr: Instr): void {
  const sig = m.reg(f, instr.args[0]!);
  if (!isValidSignal(sig) || sig === SIGKILL || sig === SIGSTOP) {
    m.fail(t, f, instr, EINVAL);
    return;
  }
  let action: number;
  if (instr.c === 1) {
    action = m.reg(f, instr.args[1]!);
    if (action < 0 || action >= m.actions.actions.length) {
      m.fail(t, f, instr, EINVAL);
      return;
    }
  } else {
    const handler = handlerValue(m, m.reg(f, instr.args[1]!));
    if (handler < 0) {
      m.fail(t, f, instr, EINVAL);
      return;
    }
    const mask = m.reg(f, instr.args[2]!) & ~UNBLOCKABLE;
    const flags = m.reg(f, instr.args[3]!);
    action = m.actions.intern(handler, mask, flags);
  }
  const previous = m.actionOf(p, sig);
  m.setAction(p, sig, action);
  discardIfIgnored(m, p, sig);
  m.complete(f, instr, previous);
}

/** kill(pid, sig): pid > 0 one process; 0 and -1 every process of the program (one group); sig 0 checks only. */
export function kill(m: Machine, p: number, t: number, f: number, instr: Instr): void {
  const target = m.reg(f, instr.args[0]!);
  const sig = m.reg(f, instr.args[1]!);
  if (sig !== 0 && !isValidSignal(sig)) {
    m.fail(t, f, instr, EINVAL);
    return;
  }
  const self = m.buf[p + P_PID]!;
  const tid = m.buf[t + T_TID]!;
  const pids: number[] = [];
  if (target > 0) {
    if (m.findProc(target) < 0) {
      m.fail(t, f, instr, ESRCH);
      return;
    }
    pids.push(target);
  } else if (target === 0 || target === -1 || target === -1 * 1) {
    for (let q = m.firstProc(), i = m.nproc(); i > 0; i--, q = m.nextProc(q)) {
      const pid = m.buf[q + P_PID]!;
      if (target === -1 && pid === self) continue;
      if (m.buf[q + P_STATE] !== PROC_ZOMBIE) pids.push(pid);
    }
  } else {
    m.fail(t, f, instr, ESRCH);
    return;
  }
  m.complete(f, instr, 0);
  if (sig === 0) return;
  for (const pid of pids) {
    const q = m.findProc(pid);
    if (q >= 0) sendSignal(m, q, sig, -1, instr);
  }
  const me = m.findProc(self);
  if (me >= 0 && pids.includes(self) && m.buf[me + P_NTHREADS] === 1) {
    const th = m.findThread(me, tid);
    if (th >= 0) deliverNow(m, me, th, instr);
  }
}

/** raise(sig): thread-directed, delivered before raise returns. */
export function raise(m: Machine, p: number, t: number, f: number, instr: Instr): void {
  const sig = m.reg(f, instr.args[0]!);
  if (!isValidSignal(sig)) {
    m.fail(t, f, instr, EINVAL);
    return;
  }
  m.complete(f, instr, 0);
  const pid = m.buf[p + P_PID]!;
  const tid = m.buf[t + T_TID]!;
  sendSignal(m, p, sig, t, instr);
  const me = m.findProc(pid);
  if (me < 0) return;
  const th = m.findThread(me, tid);
  if (th >= 0) deliverNow(m, me, th, instr);
}

export function sigprocmask(m: Machine, p: number, t: number, f: number, instr: Instr): void {
  const how = m.reg(f, instr.args[0]!);
  const set = m.reg(f, instr.args[1]!);
  const old = m.buf[t + T_MASK]!;
  let mask: number;
  if (how === SIG_BLOCK) mask = old | set;
  else if (how === SIG_UNBLOCK) mask = old & ~set;
  else if (how === SIG_SETMASK) mask = set;
  else {
    m.fail(t, f, instr, EINVAL);
    return;
  }
  m.buf[t + T_MASK] = mask & ~UNBLOCKABLE & 0x7fffffff;
  m.complete(f, instr, old);
  deliverNow(m, p, t, instr);
}

/** The mask sigsuspend(set) waits with. */
function suspendMask(set: number): number {
  return set & ~UNBLOCKABLE & 0x7fffffff;
}

/** The signals a pause() or sigsuspend() of thread t would take now (pending for it, not blocked by the mask it waits with). */
function takeable(m: Machine, p: number, t: number, f: number, instr: Instr, sigsuspendCall: boolean): number {
  const mask = sigsuspendCall ? suspendMask(m.reg(f, instr.args[0]!)) : m.buf[t + T_MASK]!;
  return (m.buf[t + T_PENDING]! | m.buf[p + P_PENDING]!) & ~mask;
}

/**
 * How many ways a pause() (or sigsuspend(), `sigsuspendCall`) can be entered now: one for each
 * signal it would take, 0 while it waits. Each of them: the thread may have entered the call
 * before any of them came, and a thread inside it takes any that is deliverable (while one entered
 * when they were pending already takes the lowest, deliverNow): the state at the call stands for both.
 */
export function signalWaitChoices(m: Machine, p: number, t: number, f: number, instr: Instr, sigsuspendCall: boolean): number {
  if (!m.mergeSignalWaits) return 1;
  let set = takeable(m, p, t, f, instr, sigsuspendCall);
  let n = 0;
  for (; set !== 0; set &= set - 1) n++;
  return n;
}

/** The `choice`-th signal (in signal order) a pause() or sigsuspend() would take now. */
function takenSignal(m: Machine, p: number, t: number, f: number, instr: Instr, sigsuspendCall: boolean, choice: number): number {
  const set = takeable(m, p, t, f, instr, sigsuspendCall);
  for (let sig = 1, k = 0; sig <= 31; sig++) {
    if ((set & sigbit(sig)) === 0) continue;
    if (k++ === choice) return sig;
  }
  return 0;
}

/** pause(): waits until a handler has run, then fails with EINTR; entered with the `choice`-th signal it takes (see the header). */
export function pause(m: Machine, p: number, t: number, f: number, instr: Instr, choice: number): void {
  enterWith(m, p, t, f, instr, choice);
}

/** sigsuspend(mask): sets the mask and pauses, atomically; the old mask is back on return. Entered with the `choice`-th signal it takes. */
export function sigsuspend(m: Machine, p: number, t: number, f: number, instr: Instr, choice: number): void {
  enterWith(m, p, t, f, instr, choice);
}

/**
 * Thread t enters the pause() or sigsuspend() at `instr` with the `choice`-th signal it takes; with
 * --no-signal-wait-merge it enters with none, a sigsuspend() delivering at once what it unblocks.
 */
function enterWith(m: Machine, p: number, t: number, f: number, instr: Instr, choice: number): void {
  const call = signalWaitCall(instr);
  const sig = m.mergeSignalWaits ? takenSignal(m, p, t, f, instr, call === TS_SIGSUSPEND, choice) : 0;
  enterSignalWait(m, t);
  if (sig === 0) {
    if (call === TS_SIGSUSPEND) deliverNow(m, p, t, instr);
    return;
  }
  if (m.tracing) m.info.events.push(`${signalName(sig)} delivered: it ends the wait in ${call === TS_PAUSE ? "pause()" : "sigsuspend()"}`);
  // an ignored signal (pending because it was blocked when sent) is discarded: the thread waits on inside the call
  deliver(m, p, t, sig, 0, instr);
}

/** Thread t enters the pause() or sigsuspend() at its call, taking no signal (traces show that step for a stuck thread; the explorer needs none: see the header). */
export function enterSignalWait(m: Machine, t: number): void {
  const f = m.topFrame(t);
  const instr = m.instrAt(f);
  if (signalWaitCall(instr) === TS_SIGSUSPEND) {
    m.buf[t + T_SAVEDMASK] = m.buf[t + T_MASK]!;
    m.buf[t + T_MASK] = suspendMask(m.reg(f, instr.args[0]!));
    m.buf[t + T_STATE] = TS_SIGSUSPEND;
  } else m.buf[t + T_STATE] = TS_PAUSE;
}

/** How many ways a thread in TS_WAIT_ENTRY can enter its sigsuspend(): 1 (with the lowest signal it takes), 0 while none is pending. */
export function waitEntryChoices(m: Machine, p: number, t: number): number {
  const f = m.topFrame(t);
  return takeable(m, p, t, f, m.instrAt(f), true) !== 0 ? 1 : 0;
}

/**
 * Thread t of p has got to `instr` (runThread stops there): at a sigsuspend() with a signal it would
 * take pending, it enters with the lowest (TS_WAIT_ENTRY; see the header).
 */
export function arriveAt(m: Machine, p: number, t: number, f: number, instr: Instr): void {
  if (!m.mergeSignalWaits || signalWaitCall(instr) !== TS_SIGSUSPEND || takeable(m, p, t, f, instr, true) === 0) return;
  m.buf[t + T_STATE] = TS_WAIT_ENTRY;
  m.wroteThread(m.buf[p + P_PID]!, m.buf[t + T_TID]!);
}

/**
 * Pending signals of p were taken or discarded: a thread in TS_WAIT_ENTRY left with none to take may
 * enter with none now, as one that got there with none (TS_RUNNING; see the header).
 */
function recheckWaitEntries(m: Machine, p: number): void {
  for (let t = m.firstThread(p), j = m.buf[p + P_NTHREADS]!; j > 0; j--, t += m.buf[t + T_LEN]!) {
    if (m.buf[t + T_STATE] !== TS_WAIT_ENTRY) continue;
    const f = m.topFrame(t);
    if (takeable(m, p, t, f, m.instrAt(f), true) !== 0) continue;
    m.buf[t + T_STATE] = TS_RUNNING;
    m.wroteThread(m.buf[p + P_PID]!, m.buf[t + T_TID]!);
  }
}

const PAUSE_CALL = API_ID["pause"]!;
const SIGSUSPEND_CALL = API_ID["sigsuspend"]!;

/** TS_PAUSE or TS_SIGSUSPEND when `instr` is a pause() or a sigsuspend() call, else 0. */
function signalWaitCall(instr: Instr): number {
  if (instr.op !== Op.Syscall || !instr.visible) return 0;
  return instr.a === PAUSE_CALL ? TS_PAUSE : instr.a === SIGSUSPEND_CALL ? TS_SIGSUSPEND : 0;
}

/** TS_PAUSE or TS_SIGSUSPEND when thread t is at a pause() or sigsuspend() call (waiting there: see the header), else 0. */
function signalWaitAt(m: Machine, t: number): number {
  const state = m.buf[t + T_STATE]!;
  if (!m.mergeSignalWaits || (state !== TS_RUNNING && state !== TS_WAIT_ENTRY)) return 0;
  return signalWaitCall(m.instrAt(m.topFrame(t)));
}

/**
 * How thread t waits for a signal: TS_PAUSE or TS_SIGSUSPEND inside the call or at it (the state
 * before the call stands for the thread inside, see the header), TS_SLEEP in sleep(), else its state.
 */
export function waitState(m: Machine, t: number): number {
  return signalWaitAt(m, t) || m.buf[t + T_STATE]!;
}

/** The mask thread t waits with: a sigsuspend()'s at its call, else its own. */
export function maskWhileWaiting(m: Machine, t: number): number {
  if (signalWaitAt(m, t) !== TS_SIGSUSPEND) return m.buf[t + T_MASK]!;
  const f = m.topFrame(t);
  return suspendMask(m.reg(f, m.instrAt(f).args[0]!));
}

/** Whether thread t is at a pause() or sigsuspend() call: a delivery there came before the call (possible, never owed). */
export function atSignalWait(m: Machine, t: number): boolean {
  return signalWaitAt(m, t) !== 0;
}

export function sigpending(m: Machine, p: number, t: number, f: number, instr: Instr): void {
  m.complete(f, instr, m.buf[t + T_PENDING]! | m.buf[p + P_PENDING]!);
}

export { SIG_IGN_ACTION };
