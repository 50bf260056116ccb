// What the Promela translator needs to know about a model before it writes a line: the role of each
// function (start, called, handler), where each function's steps start, and which register values are
// constants at a call. The translator gives each function one set of registers per thread, so it
// refuses recursion; a handler frame saves the registers of the functions the handler may run.
import { Op, type FunctionModel, type Instr, type Model } from "../model/model.js";
import { API_ID } from "../model/api.js";
import { SA_NODEFER } from "../model/constants.js";

export class Refusal extends Error {
  constructor(readonly what: string, readonly instr: Instr | null) {
    super(what);
  }
}

export interface CallSite {
  readonly fn: number;
  readonly pc: number;
}

export interface Analysis {
  /** per function: the sites that call it */
  readonly callers: readonly (readonly CallSite[])[];
  readonly isHandler: readonly boolean[];
  /** per function: it is the body of a thread (pthread_create's function) */
  readonly isThread: readonly boolean[];
  /** per handler: the functions whose registers its frame saves (those it may run) */
  readonly saves: readonly (readonly number[])[];
  /** per function: the pcs where a thread may stop (visible steps and loop heads) */
  readonly points: readonly ReadonlySet<number>[];
}

/** The pcs some jump or branch of f goes to. */
export function jumpTargets(f: FunctionModel): Set<number> {
  const out = new Set<number>();
  for (const i of f.code) {
    if (i.op === Op.Jump) out.add(i.a);
    else if (i.op === Op.Branch) out.add(i.b);
  }
  return out;
}

/** The constant in register `reg` just before pc, when a straight line of f sets it. */
export function constantBefore(f: FunctionModel, pc: number, reg: number, targets: ReadonlySet<number>): number | null {
  for (let i = pc - 1; i >= 0; i--) {
    if (targets.has(i + 1)) return null;
    const instr = f.code[i]!;
    if (instr.op === Op.Jump || instr.op === Op.Branch || instr.op === Op.Call) return null;
    if (instr.dst === reg) return instr.op === Op.Const ? instr.a : null;
  }
  return null;
}

function closure(model: Model, roots: readonly number[]): Set<number> {
  const seen = new Set<number>();
  const todo = [...roots];
  while (todo.length > 0) {
    const f = todo.pop()!;
    if (seen.has(f)) continue;
    seen.add(f);
    for (const i of model.functions[f]!.code) if (i.op === Op.Call) todo.push(i.a);
  }
  return seen;
}

function recursive(model: Model): number | null {
  // a cycle in the call graph
  const state = new Array<number>(model.functions.length).fill(0);
  const visit = (f: number): number | null => {
    if (state[f] === 1) return f;
    if (state[f] === 2) return null;
    state[f] = 1;
    for (const i of model.functions[f]!.code) {
      if (i.op !== Op.Call) continue;
      const r = visit(i.a);
      if (r !== null) return r;
    }
    state[f] = 2;
    return null;
  };
  for (let f = 0; f < model.functions.length; f++) {
    const r = visit(f);
    if (r !== null) return r;
  }
  return null;
}

export function analyse(model: Model): Analysis {
  const fns = model.functions;
  const callers: CallSite[][] = fns.map(() => []);
  fns.forEach((f, fid) => f.code.forEach((i, pc) => {
    if (i.op === Op.Call) callers[i.a]!.push({ fn: fid, pc });
  }));
  const isHandler = fns.map((_, i) => model.handlers.includes(i));
  const CREATE = API_ID["pthread_create"]!;
  const isThread = fns.map(() => false);
  fns.forEach((f) => {
    const targets = jumpTargets(f);
    f.code.forEach((i, pc) => {
      if (i.op !== Op.Syscall || i.a !== CREATE) return;
      const v = constantBefore(f, pc, i.args[0]!, targets);
      if (v === null || v < 2) throw new Refusal("pthread_create of a function that is not a constant", i);
      isThread[v - 2] = true;
    });
  });
  fns.forEach((f, fid) => {
    if (isThread[fid] && (callers[fid]!.length > 0 || isHandler[fid])) throw new Refusal(`a thread's function that is also called or a handler (${f.name})`, null);
  });
  const rec = recursive(model);
  if (rec !== null) throw new Refusal(`recursion (${fns[rec]!.name} may call itself)`, null);
  for (const h of model.handlers) {
    if (callers[h]!.length > 0) throw new Refusal(`a handler that is also called directly (${fns[h]!.name})`, null);
  }
  // one set of registers per function and thread: a handler frame saves the registers of the functions
  // the handler may run (they may be active below it) and restores them when it returns
  const saves = fns.map((_, fid) => (isHandler[fid] ? [...closure(model, [fid])].sort((x, y) => x - y) : []));
  // SA_NODEFER lets a handler nest in itself without bound
  const SIGACTION = API_ID["sigaction"]!;
  fns.forEach((f) => {
    const targets = jumpTargets(f);
    f.code.forEach((i, pc) => {
      if (i.op !== Op.Syscall || i.a !== SIGACTION || i.c === 1) return;
      const flags = constantBefore(f, pc, i.args[3]!, targets);
      if (flags === null || (flags & SA_NODEFER) !== 0) throw new Refusal("sigaction with SA_NODEFER or flags that are not constant", i);
    });
  });
  const points = fns.map((f, fid) => {
    const set = new Set<number>();
    f.code.forEach((i, pc) => {
      if (i.visible || (i.op === Op.Return && (isHandler[fid] || isThread[fid]))) set.add(pc);
      if (i.op === Op.Jump && i.b === 1) set.add(i.a);
      if (i.op === Op.Branch && i.d === 1) set.add(i.b);
    });
    return set;
  });
  return { callers, isHandler, isThread, points, saves };
}
