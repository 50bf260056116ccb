// The shapes and encodings the Promela translation's files share: what a step is, what a call site
// hands its translator, and the bits a disposition's flags and a named semaphore's handle use.
import type { FunctionModel, Instr } from "../model/model.js";
import { SIGKILL, SIGSTOP, sigbit } from "../model/signals.js";

/** One step point's translation: `atomic { guard -> stmts; [local work] }`, and code placed after it. */
export interface Step {
  readonly guard: string | null;
  readonly stmts: string[];
  /** the local work after the instruction follows inside the same atomic */
  readonly cont: boolean;
  /** more labelled code (waits, resume points) after the step point */
  readonly extra: string[];
  /** when a handler may interrupt the call with EINTR (no SA_RESTART): while this holds */
  readonly intrCond: string | null;
  /** when a handler always ends the call (a write that moved data) */
  readonly intrForce?: string;
  /** what the call does when a handler ended it (default: -1, EINTR) */
  readonly intrStmts?: string[];
  /** when a handler may end the call with EINTR even under SA_RESTART (a receive with SO_RCVTIMEO, signal(7)) */
  readonly intrAlways?: string;
  /** a blocking call whose wait is idle while the thread waits for the user (Emitter.userWait) */
  readonly userIdle?: boolean;
}

/** A visible API call being translated, with the helpers every call uses. */
export interface Call {
  readonly fid: number;
  readonly pc: number;
  readonly i: Instr;
  readonly name: string;
  readonly f: FunctionModel;
  /** the Promela name of the function */
  readonly fnn: string;
  /** register r's Promela name (or 0 when its value is dropped) */
  R(r: number): string;
  /** argument k */
  A(k: number): string;
  /** the assignment of the call's result, when it is kept */
  dst(v: string): string[];
  /** the call fails: -1 and errno */
  fail(errno: number): string[];
  /** a step that completes and goes on with the local work */
  res(stmts: string[], guard?: string | null): Step;
  /** argument k when a straight line before the call sets it to a constant */
  constArg(k: number): number | null;
}

/** The mask bits a thread may block: all but SIGKILL and SIGSTOP. */
export const MASK_OK = 0x7fffffff & ~(sigbit(SIGKILL) | sigbit(SIGSTOP));
/** flag bits of a disposition in Promela: SA_RESTART, SA_NODEFER, SA_RESETHAND */
export const F_RESTART = 1;
export const F_RESETHAND = 4;
/** the bit of a named semaphore's handle (its name's string id with this bit) */
export const NAMED = 1 << 24;
