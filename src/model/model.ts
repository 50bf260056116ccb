// The model: the one contract between the parser and the explorer (STYLE.md). Plain data, built once
// by src/parser, read by src/explorer and the reporters, never changed after it is built.
//
// A program is a set of functions, each a flat array of instructions over numbered registers (its
// parameters first, then its locals and temporaries). An instruction is *visible* when it is a step of
// its own at the atomicity of LANGUAGE.md §2 (a read or a write of a global, an API call); every other
// instruction is local work that joins the next visible step. A backward jump with no visible step
// since the last one is a step that changes nothing (`while (true) {}` runs forever).
//
// Values are 32-bit integers. Strings, tuples and sigactions are interned to integer ids by the
// explorer (the model's constant strings come first, id 0 is ""), null is -1, a function reference is
// its id + 2 (0 and 1 are SIG_DFL and SIG_IGN).
import type { ValueKind } from "./api.js";

/** A source range: offsets into Model.source. */
export interface Span {
  readonly start: number;
  readonly end: number;
}

export const enum Op {
  /** dst = a (an immediate) */
  Const = 0,
  /** dst = r[a] */
  Move = 1,
  /** dst = r[a] <c: BinaryOp> r[b] */
  Binary = 2,
  /** dst = <c: UnaryOp> r[a] */
  Unary = 3,
  /** dst = truthiness of r[a] read as value kind c (0 or 1) */
  Truthy = 4,
  /** dst = string(r[a]) + string(r[b]); both already strings */
  Concat = 5,
  /** dst = String(r[a]) for a value of kind c */
  ToString = 6,
  /** dst = Number(r[a]) (a string; 0 where C's atoi gives 0) */
  ToNumber = 7,
  /** dst = r[a].length (a string) */
  StrLen = 8,
  /** goto a; b = 1 when it closes a loop */
  Jump = 9,
  /** if (r[a] !== 0) === (c === 1) goto b; d = 1 when it closes a loop (do/while) */
  Branch = 10,
  /** dst = global slot a (visible) */
  LoadGlobal = 11,
  /** global slot a = r[b] (visible) */
  StoreGlobal = 12,
  /** dst = global slots a[r[b]], length c (visible; out of bounds is an assertion failure) */
  LoadGlobalElem = 13,
  /** global slots a[r[b]] = r[d], length c (visible) */
  StoreGlobalElem = 14,
  /** dst = registers a[r[b]], length c */
  LoadLocalElem = 15,
  /** registers a[r[b]] = r[d], length c */
  StoreLocalElem = 16,
  /** dst = element b of the tuple r[a] */
  TupleGet = 17,
  /** dst = function a (args) */
  Call = 18,
  /** return r[a] (a = -1: no value). At the bottom of a handler or a thread it is a visible step. */
  Return = 19,
  /** dst = API call a (args); visible unless the call is pure */
  Syscall = 20,
  /** dst = the interned tuple of args */
  MakeTuple = 21,
  /** dst = slot r[b] of the shared-memory segment r[a] (visible; out of bounds is an assertion failure) */
  LoadShared = 22,
  /** slot r[b] of the shared-memory segment r[a] = r[d] (visible) */
  StoreShared = 23,
}

export const enum BinaryOp {
  Add = 0, Sub, Mul, Div, Mod, Shl, Shr, UShr, BitAnd, BitOr, BitXor, Eq, Ne, Lt, Le, Gt, Ge,
}

export const enum UnaryOp {
  Neg = 0,
  Not = 1,
  BitNot = 2,
}

export interface Instr {
  readonly op: Op;
  /** destination register, or -1 */
  readonly dst: number;
  readonly a: number;
  readonly b: number;
  readonly c: number;
  readonly d: number;
  /** argument registers (Call, Syscall, MakeTuple) */
  readonly args: readonly number[];
  /** a step of its own */
  readonly visible: boolean;
  readonly span: Span;
  /** the global read or written, or -1 */
  readonly global: number;
  /** part of an update of a global (`x++`, `x += e`): its read and its write */
  readonly update: boolean;
  /** the value written to dst (or to the global) decides something: the explorer keeps it */
  readonly keep: boolean;
}

export interface GlobalVar {
  readonly id: number;
  readonly name: string;
  /** first slot in a process's globals */
  readonly slot: number;
  /** slots: 1 for a scalar, n for an array */
  readonly length: number;
  readonly isArray: boolean;
  readonly kind: ValueKind;
  /** declared `sig_atomic_t` */
  readonly sigAtomic: boolean;
  /** its value reaches a condition, an assertion, an index or an API argument (LANGUAGE.md §4) */
  readonly relevant: boolean;
  readonly span: Span;
}

export interface FunctionModel {
  readonly id: number;
  readonly name: string;
  /** parameters are registers 0 .. params - 1 */
  readonly params: number;
  readonly regCount: number;
  /** a name per register, for --emit model and traces (temporaries are `%n`) */
  readonly regNames: readonly string[];
  /** per register: its value decides something (else the explorer keeps 0 there) */
  readonly regKeep: readonly boolean[];
  readonly code: readonly Instr[];
  readonly span: Span;
  /** the synthetic start of the first process: runs main, then exit(0) */
  readonly synthetic: boolean;
  /** per instruction: registers dead on entry (cleared when a step stops there) */
  readonly deadAt: readonly (readonly number[])[];
  /** per Call instruction: the caller's registers dead while the callee runs */
  readonly deadAcrossCall: readonly (readonly number[])[];
  /** it may end the process (exit, _exit, or a call to a function that may) */
  readonly mayExit: boolean;
}

export interface ModelOptions {
  /** the signals the environment sends (LANGUAGE.md §3, "The environment") */
  readonly envSignals: readonly number[];
  /** set by the program or the user, rather than derived */
  readonly envSignalsListed: boolean;
  readonly envSignalLimit: number;
  readonly netFaults: readonly string[];
  readonly pipeCapacity: number;
  readonly pipeBuf: number;
  readonly maxProcesses: number;
  readonly maxThreads: number;
  /**
   * decide network faults as early as they can be decided (network.ts: a loss at the sendto, with
   * reordering a copy too, the datagrams in flight sorted); on unless false. A setting of the check
   * (--no-fault-reduction), not of the program: the findings are the same either way
   */
  readonly earlyNetFaults?: boolean;
  /**
   * local work joins the next step (LANGUAGE.md §2); on unless false, when each local instruction
   * is a step of its own. A setting of the check (--no-local-merge, for comparison), not of the
   * program: local work touches only its thread's registers, so the findings are the same either way
   */
  readonly mergeLocalWork?: boolean;
  /**
   * pause() and sigsuspend() wait at their call and are entered with the signal they take, in one
   * step (the explorer's semantics/signals.ts); on unless false, when entering is a step of its own.
   * A setting of the check (--no-signal-wait-merge, for comparison): the findings are the same
   */
  readonly mergeSignalWaits?: boolean;
  /**
   * zombies take the lowest pids no one may still name (the explorer's zombies.ts); on unless false.
   * A setting of the check (--no-zombie-compaction, for comparison): the findings are the same
   */
  readonly compactZombies?: boolean;
}

export interface Model {
  readonly file: string;
  readonly source: string;
  readonly globals: readonly GlobalVar[];
  readonly globalSlots: number;
  /** the initial value of every global slot (the explorer keeps 0 for irrelevant ones) */
  readonly globalInit: readonly number[];
  readonly functions: readonly FunctionModel[];
  /** the synthetic start function of process 1 */
  readonly start: number;
  readonly main: number;
  /** constant strings; their ids are their indices (0 is "") */
  readonly strings: readonly string[];
  /** per signal number 1..31: its index among the tracked dispositions, or -1 (always SIG_DFL) */
  readonly actionIndex: readonly number[];
  /** the signals whose disposition a program can change, in the order of their state slots */
  readonly trackedSignals: readonly number[];
  /** signals the program's text may send (kill, raise, alarm, fork, pipe writes) */
  readonly sentSignals: readonly number[];
  /** function ids installed as handlers somewhere */
  readonly handlers: readonly number[];
  /** per global: some handler (or a function it calls) accesses it (signal-race tracks those accesses) */
  readonly handlerGlobals: readonly boolean[];
  /** the program calls descriptor calls (pipes, FIFOs, message queues, sockets): processes get descriptor tables */
  readonly usesDescriptors: boolean;
  readonly options: ModelOptions;
}
