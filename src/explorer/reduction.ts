// Partial-order reduction (issue #6, item 3b): at a state where some thread's next step is *private*
// (it touches only its own process's memory, and nothing any other agent can do before it moves
// interferes with it), that step alone is explored: an ample set of one transition, as SPIN's static
// reduction does for statements on local variables and exclusive channels, with the conditions
// checked on the state rather than on the program text.
//
// A step of thread T in process P is an ample candidate (conditions C0–C2 of Clarke, Grumberg and
// Peled, "Model Checking", ch. 10) when
// - it is a read or a write of one of P's globals, a loop turn with no visible step (without merging,
//   --no-local-merge, any local instruction), or a call that
//   touches only T's own state (assert, errno, wstatus, output to standard output), or the return of
//   a handler (restoring the mask; an interrupted pause, sigsuspend or sleep returns): the only
//   memory it touches is P's globals and T's registers, errno and mask, and the local work that
//   follows it (up to the next visible step) touches nothing more (LANGUAGE.md §2); or a call on a
//   datagram socket that no other process holds, under the conditions of datagram-steps.ts;
// - T is P's only thread that has not ended (fork copies globals, it never shares them), so no other
//   thread can read or write what the step touches;
// - no signal is deliverable to T now, and none can become deliverable while T waits to step: for
//   every signal T does not block and P does not discard, no other process that may still call
//   kill() exists, no environment send to P is possible, P's alarm is not armed, and P has no living
//   child (SIGCHLD); for a handler's return, likewise for the signals whose blocking it changes and
//   that P ignores, as kill() reads the mask to discard those. A delivery pushes a handler in front
//   of the step, so it never commutes with it;
//   every other agent's transition (another process's step, a delivery there, a datagram arriving,
//   the environment signalling someone else) commutes with the step and cannot disable it.
// - or it is the end of a thread (its function returns) while another thread of P lives, so that
//   it does not end P: it touches only T's own block (no global), so it commutes with the other
//   threads' steps as well; a join of T cannot come before it. P may end before T moves (exit() in
//   another thread, main returning, a fatal signal), which disables the end, but the state that
//   leaves is the same with T ended first or not (a zombie keeps no threads), so nothing is lost;
//   the other threads of P count among those that may signal it (and no raise() may stop it); no
//   signal that would stop P may arrive, though (stopped, T could wait at its end for ever on a
//   cycle). The joiner blocked on T is unblocked by it, which changes whether the joiner waits; but
//   no cycle passes a state where T can end without T ending on it (T keeps its step while P
//   lives, and a thread able to step at every state of a fair cycle steps in it), so no fair cycle
//   on which the joiner waits throughout is lost.
// - or it is a pthread_create by T while no other thread of P
//   may still join a thread, fork or end P (exit, _exit, main returning: CREATE_WATCHERS), the
//   only calls that tell whether the thread exists yet: the new block goes at the end of P's, with a
//   thread id of P's own counter, so it commutes with the other threads' steps (and those of other
//   processes, which do not see P's threads); the signal conditions above hold, with P's own kill()
//   among the senders (a signal to P may go to the new thread, which starts with T's mask).
// - it is invisible to the rules: it reports nothing, hits no bound, does not end the run, and does
//   not turn one wait of T into another (the livelock rule's proposition, checked after applying
//   it). A step that starts or ends a wait may be explored alone: no other agent disables it, so T
//   can step at every state until it takes it, and a fair cycle through the state takes it
//   (LANGUAGE.md §4, fairness (1)): T does not wait throughout such a cycle, and whether any other
//   thread waits the step does not change.
// The cycle proviso (C3) in its breadth-first form: the step's successors must not be expanded yet
// (their ids above the state's own, as states are expanded in id order). When they all are states
// found before (so trying changed nothing), the next candidate is tried, and when none is left the
// state is expanded fully; on every cycle of the reduced graph, the state expanded last is thus
// expanded fully. A step with several outcomes (a sendto that may lose or copy its datagram) is
// explored with all of them or not alone.
// The livelock analysis reads fairness off the edges; a reduced state keeps edges to nowhere for the
// transitions it did not explore, so what is enabled where is still exact.
import { Op, type Instr, type Model } from "../model/model.js";
import { API_CALLS, API_ID } from "../model/api.js";
import { successors } from "../model/control-flow.js";
import { DefaultAction, SIGALRM, SIGCHLD, SIGSTOP, UNBLOCKABLE, defaultAction, sigbit } from "../model/signals.js";
import {
  F_FN, F_INTR, F_PC, F_SAVEDMASK, F_SIG, H_ENV, INTR_NONE, INTR_PAUSE, INTR_SIGSUSPEND, INTR_SLEEP, H_NPROC, P_ALARM, P_LEN, P_NTHREADS, P_PENDING, P_PID, P_PPID, P_STATE, PROC_ALIVE,
  T_FRAMES, T_LEN, T_MASK, T_NFRAMES, T_PENDING, T_SAVEDMASK, T_STATE, TS_EXITED, TS_RUNNING,
} from "./state-layout.js";
import { TRANSITION_WORDS, TransitionKind, type Machine } from "./machine.js";
import { fdEntry, isStdout } from "./semantics/descriptors.js";
import { DATAGRAM_CALLS, PRIVATE_CALL, PRIVATE_UNLESS_BIND, privateDatagramCall } from "./datagram-steps.js";

/** Where some API calls can still be made (mayCallFrom). */
export interface CallReach {
  /** per function, per instruction: one of the calls can still be made from there (in it or a callee) */
  readonly from: readonly Uint8Array[];
  /** some handler may make one: any living process (any thread) may */
  readonly handlers: boolean;
}

export interface ReductionTables {
  /** kill(): who may still signal whom */
  readonly kill: CallReach;
  /** bind() (datagram-steps.ts: a last close frees a port) */
  readonly bind: CallReach;
  /** the calls that tell whether a thread was created yet (CREATE_WATCHERS) */
  readonly createWatchers: CallReach;
  /** the signals the program's text may send, as a set */
  readonly sentSet: number;
  /** the program may call raise(): another thread of a process may signal it (or stop it) */
  readonly mayRaise: boolean;
}

/** What a reduced search needs from the model, computed once. */
export function reductionTables(model: Model): ReductionTables {
  const fns = model.functions;
  let sentSet = 0;
  for (const sig of model.sentSignals) sentSet |= sigbit(sig);
  return {
    kill: mayCallFrom(model, ["kill"]),
    bind: mayCallFrom(model, ["bind"]),
    createWatchers: mayCallFrom(model, CREATE_WATCHERS),
    sentSet,
    mayRaise: fns.some((f) => f.code.some((i) => i.op === Op.Syscall && API_CALLS[i.a]!.name === "raise")),
  };
}

/**
 * What another thread of the creator's process may do that tells whether pthread_create ran yet:
 * join a thread (ESRCH before it, a wait after), fork (the child's next thread id), end the process
 * (the thread would never be made; returning from main calls exit).
 */
const CREATE_WATCHERS = ["pthread_join", "fork", "exit", "_exit"];
const PTHREAD_CREATE = API_ID["pthread_create"]!;

/** Per function, per instruction: whether one of the API calls `names` can still be made from there (in it or a callee); and from a handler. */
function mayCallFrom(model: Model, names: readonly string[]): CallReach {
  const fns = model.functions;
  const tables = fns.map((f) => new Uint8Array(f.code.length + 1));
  for (let changed = true; changed;) {
    changed = false;
    fns.forEach((f, id) => {
      const table = tables[id]!;
      for (let pc = f.code.length - 1; pc >= 0; pc--) {
        const v = instrMayCall(f.code[pc]!, pc, names, table, tables, f.code) ? 1 : 0;
        if (v > table[pc]!) {
          table[pc] = v;
          changed = true;
        }
      }
    });
  }
  return { from: tables, handlers: model.handlers.some((h) => tables[h]![0] === 1) };
}

function instrMayCall(instr: Instr, pc: number, names: readonly string[], table: Uint8Array, all: readonly Uint8Array[], code: readonly Instr[]): boolean {
  if (instr.op === Op.Syscall && names.includes(API_CALLS[instr.a]!.name)) return true;
  if (instr.op === Op.Call && all[instr.a]![0] === 1) return true;
  return successors(code, pc).some((next) => table[next] === 1);
}

/** Calls that read and write only the calling thread's own state (and standard output). */
const PRIVATE_CALLS = new Set(["assert", "printf", "console.log", "errno", "set_errno", "wstatus"]);

const NOT_PRIVATE = -1;

/**
 * Whether the next step of thread t of p is a private one (a global access, a loop turn, a private
 * call, the return of a handler that interrupted nothing or a wait for a signal): the thread's mask
 * after it, or NOT_PRIVATE.
 */
function maskAfterPrivateStep(m: Machine, tables: ReductionTables, p: number, t: number): number {
  const f = m.topFrame(t);
  const instr = m.instrAt(f);
  const b = m.buf;
  // without merging (--no-local-merge), a local instruction is a step of its own: it touches only
  // the thread's registers (and frames), as private as a read of a global
  if (!m.mergeLocal && !instr.visible && !(instr.op === Op.Return && m.isBaseFrame(t, f))) return b[t + T_MASK]!;
  switch (instr.op) {
    case Op.LoadGlobal:
    case Op.StoreGlobal:
    case Op.LoadGlobalElem:
    case Op.StoreGlobalElem:
      return b[t + T_MASK]!;
    case Op.Jump:
      return instr.b === 1 ? b[t + T_MASK]! : NOT_PRIVATE;
    case Op.Branch:
      return instr.d === 1 ? b[t + T_MASK]! : NOT_PRIVATE;
    case Op.Return: {
      // sigaction(2): the handler's return restores the mask; an interrupted pause, sigsuspend or
      // sleep returns with it (sigsuspend restoring its caller's mask), touching only the thread
      if (b[f + F_SIG] === 0 || !m.isBaseFrame(t, f)) return NOT_PRIVATE;
      const intr = b[f + F_INTR]!;
      if (intr === INTR_NONE || intr === INTR_PAUSE || intr === INTR_SLEEP) return b[f + F_SAVEDMASK]!;
      if (intr === INTR_SIGSUSPEND) return b[t + T_SAVEDMASK]!;
      return NOT_PRIVATE;
    }
    case Op.Syscall: {
      const name = API_CALLS[instr.a]!.name;
      if (PRIVATE_CALLS.has(name)) return b[t + T_MASK]!;
      // write(1, s) and write(2, s): standard output, which never blocks and no one else reads
      const stdout = name === "write" && (m.layout.fds === 0 || isStdout(fdEntry(m, p, m.reg(f, instr.args[0]!))));
      if (stdout) return b[t + T_MASK]!;
      // a call on a datagram socket no one else holds (datagram-steps.ts)
      const call = DATAGRAM_CALLS.get(name);
      if (call === undefined) return NOT_PRIVATE;
      const kind = privateDatagramCall(m, p, f, instr, call);
      if (kind === PRIVATE_CALL || (kind === PRIVATE_UNLESS_BIND && !othersMayCall(m, tables.bind, p))) return b[t + T_MASK]!;
      return NOT_PRIVATE;
    }
    default:
      return NOT_PRIVATE;
  }
}

/**
 * The index of the first transition from `from` on of the loaded state that may be explored alone
 * with the step's other outcomes (a private step, see above), or -1. `live` is the number of
 * transitions other than spurious wake-ups.
 */
export function ampleCandidate(m: Machine, tables: ReductionTables, trans: Int32Array, live: number, from: number): number {
  const killers: Killers = { known: false, count: 0, only: -1 };
  for (let k = from; k < live; k++) {
    const o = k * TRANSITION_WORDS;
    if (trans[o] !== TransitionKind.Step) continue;
    const pid = trans[o + 1]!;
    const p = m.findProc(pid);
    const t = m.findThread(p, trans[o + 2]!);
    const b = m.buf;
    if (b[t + T_STATE] !== TS_RUNNING) continue;
    const mask = b[t + T_MASK]!;
    const ends = threadEnds(m, t);
    const creates = !ends && createsThread(m, t);
    const after = ends || creates ? mask : maskAfterPrivateStep(m, tables, p, t);
    if (after === NOT_PRIVATE) continue;
    // the other threads of P live on beside a thread's end: they may signal P too
    if (ends) {
      if (onlyThread(m, p, t) || tables.mayRaise || mayArrive(m, tables, p, pid, stoppingSignals(m, p), killers, true)) continue;
    } else if (creates) {
      if (otherThreadsMayCall(m, tables.createWatchers, p, t)) continue;
    } else if (!onlyThread(m, p, t)) continue;
    if (((b[t + T_PENDING]! | b[p + P_PENDING]!) & ~mask) !== 0) continue;
    if (mayArrive(m, tables, p, pid, dangerous(m, p, mask), killers, ends || creates)) continue;
    // a handler's return changes the mask; kill(2) of a signal P ignores reads it (signal(7): an
    // ignored signal is discarded when sent unless every thread blocks it), so none may be sent
    if (after !== mask && mayArrive(m, tables, p, pid, ignored(m, p, mask ^ after), killers)) continue;
    return k;
  }
  return -1;
}

/**
 * How many transitions from index k are outcomes of the same step (a sendto that may lose or copy
 * its datagram has one for each): an ample set holds them all, as they are one step of one thread.
 */
export function stepOutcomes(trans: Int32Array, live: number, k: number): number {
  const o = k * TRANSITION_WORDS;
  let n = 1;
  for (let j = o + TRANSITION_WORDS; n < live - k && trans[j] === TransitionKind.Step && trans[j + 1] === trans[o + 1] && trans[j + 2] === trans[o + 2]; j += TRANSITION_WORDS) n++;
  return n;
}

/** Who may still call kill(): computed once per state, when first needed. */
interface Killers {
  known: boolean;
  count: number;
  /** the pid of the one process that may, when count is 1 */
  only: number;
}

/**
 * Whether another agent may make one of the signals of `set` pending in p (pid) before p's thread
 * moves; `selfToo`: p's own kill() counts as well (its other threads run on meanwhile).
 */
function mayArrive(m: Machine, tables: ReductionTables, p: number, pid: number, set: number, killers: Killers, selfToo = false): boolean {
  if (set === 0) return false;
  const b = m.buf;
  if ((set & sigbit(SIGALRM)) !== 0 && b[p + P_ALARM]! > 0) return true;
  if ((set & sigbit(SIGCHLD)) !== 0 && hasLivingChild(m, pid)) return true;
  if (envMaySignal(m, p, set)) return true;
  if ((set & tables.sentSet) === 0) return false;
  if (!killers.known) {
    killers.known = true;
    for (let q = m.firstProc(), i = b[H_NPROC]!; i > 0; i--, q += b[q + P_LEN]!) {
      if (mayCall(m, tables.kill, q)) {
        killers.count++;
        killers.only = b[q + P_PID]!;
      }
    }
  }
  return selfToo ? killers.count > 0 : killers.count > 1 || (killers.count === 1 && killers.only !== pid);
}

/** Whether thread t's next step is a pthread_create. */
function createsThread(m: Machine, t: number): boolean {
  const instr = m.instrAt(m.topFrame(t));
  return instr.op === Op.Syscall && instr.a === PTHREAD_CREATE;
}

/** Whether thread t's next step is its end: the return of its function (not of a handler). */
function threadEnds(m: Machine, t: number): boolean {
  const f = m.topFrame(t);
  return f === t + T_FRAMES && m.buf[f + F_SIG] === 0 && m.instrAt(f).op === Op.Return;
}

/** The signals that would stop process p if they came: SIGSTOP, and those left to a default action of stop. */
function stoppingSignals(m: Machine, p: number): number {
  let set = sigbit(SIGSTOP);
  for (let sig = 1; sig <= 31; sig++) {
    if (m.actions.actions[m.actionOf(p, sig)]!.handler === 0 && defaultAction(sig) === DefaultAction.Stop) set |= sigbit(sig);
  }
  return set;
}

/** Whether thread t is the only one of process p that has not ended. */
function onlyThread(m: Machine, p: number, t: number): boolean {
  const b = m.buf;
  let u = m.firstThread(p);
  for (let j = b[p + P_NTHREADS]!; j > 0; j--, u += b[u + T_LEN]!) {
    if (u !== t && b[u + T_STATE] !== TS_EXITED) return false;
  }
  return true;
}

/** The signals of `set` that p discards when they are sent (SIG_IGN, or a default action of ignore). */
function ignored(m: Machine, p: number, set: number): number {
  let out = 0;
  for (let sig = 1; sig <= 31; sig++) {
    const bit = sigbit(sig);
    if ((set & bit) !== 0 && discards(m, p, sig)) out |= bit;
  }
  return out;
}

function discards(m: Machine, p: number, sig: number): boolean {
  const handler = m.actions.actions[m.actionOf(p, sig)]!.handler;
  // signal(7): a default action of ignore (or continue, the process not being stopped) discards it
  return handler === 1 || (handler === 0 && (defaultAction(sig) === DefaultAction.Ignore || defaultAction(sig) === DefaultAction.Continue));
}

/** The signals whose arrival would matter to a thread of p with this mask: not blocked, not discarded on arrival. */
function dangerous(m: Machine, p: number, mask: number): number {
  let set = UNBLOCKABLE;
  for (let sig = 1; sig <= 31; sig++) {
    const bit = sigbit(sig);
    if ((mask & bit) !== 0 || (set & bit) !== 0 || discards(m, p, sig)) continue;
    set |= bit;
  }
  return set;
}

function hasLivingChild(m: Machine, pid: number): boolean {
  const b = m.buf;
  for (let q = m.firstProc(), i = b[H_NPROC]!; i > 0; i--, q += b[q + P_LEN]!) {
    if (b[q + P_PPID] === pid && b[q + P_STATE] === PROC_ALIVE) return true;
  }
  return false;
}

/** Whether the environment may still send p one of the signals in `open` (LANGUAGE.md §3, "The environment"). */
function envMaySignal(m: Machine, p: number, open: number): boolean {
  const env = m.layout.envSignals;
  const b = m.buf;
  for (let e = 0; e < env.length; e++) {
    if (b[H_ENV + e]! >= m.model.options.envSignalLimit) continue;
    const sig = env[e]!;
    if ((open & sigbit(sig)) === 0) continue;
    if (m.model.options.envSignalsListed || m.actions.actions[m.actionOf(p, sig)]!.handler >= 2) return true;
  }
  return false;
}

/** Whether process q, alive, may still make the calls of `reach`: from any frame of a thread of its, or from a handler. */
function mayCall(m: Machine, reach: CallReach, q: number): boolean {
  const b = m.buf;
  if (b[q + P_STATE] !== PROC_ALIVE) return false;
  if (reach.handlers) return true;
  for (let t = m.firstThread(q), j = b[q + P_NTHREADS]!; j > 0; j--, t += b[t + T_LEN]!) {
    if (threadMayCall(m, reach.from, t)) return true;
  }
  return false;
}

/** Whether a living thread of process p other than t may still make the calls of `reach`. */
function otherThreadsMayCall(m: Machine, reach: CallReach, p: number, t: number): boolean {
  const b = m.buf;
  for (let u = m.firstThread(p), j = b[p + P_NTHREADS]!; j > 0; j--, u += b[u + T_LEN]!) {
    if (u !== t && b[u + T_STATE] !== TS_EXITED && (reach.handlers || threadMayCall(m, reach.from, u))) return true;
  }
  return false;
}

/** Whether thread t, not ended, may still make the calls of `from` from one of its frames. */
function threadMayCall(m: Machine, from: readonly Uint8Array[], t: number): boolean {
  const b = m.buf;
  if (b[t + T_STATE] === TS_EXITED) return false;
  let f = t + T_FRAMES;
  for (let i = b[t + T_NFRAMES]!; i > 0; i--) {
    const fn = b[f + F_FN]!;
    const next = f + m.frameSize(fn);
    // a caller's frame goes on after its call returns; a frame a handler interrupted, at its pc
    const pc = b[f + F_PC]! + (i > 1 && b[next + F_SIG] === 0 && m.model.functions[fn]!.code[b[f + F_PC]!]!.op === Op.Call ? 1 : 0);
    if (from[fn]![pc] === 1) return true;
    f = next;
  }
  return false;
}

/** Whether a living process other than p may still make the calls of `reach`. */
function othersMayCall(m: Machine, reach: CallReach, p: number): boolean {
  const b = m.buf;
  for (let q = m.firstProc(), i = b[H_NPROC]!; i > 0; i--, q += b[q + P_LEN]!) {
    if (q !== p && mayCall(m, reach, q)) return true;
  }
  return false;
}
