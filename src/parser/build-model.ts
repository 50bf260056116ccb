// Turns a compiled program into the model the explorer reads: relevance, liveness, the signals the
// environment sends, and the tracked dispositions.
import type { FunctionModel, GlobalVar, Instr, Model, ModelOptions } from "../model/model.js";
import { Op } from "../model/model.js";
import { API_ID } from "../model/api.js";
import { SIGNALS, SIGNAL_COUNT, SIGKILL, SIGSTOP } from "../model/signals.js";
import type { CompiledProgram } from "./compile.js";
import { computeRelevance } from "./relevance.js";
import { liveness } from "./flow.js";
import { allocateRegisters } from "./registers.js";
import { DEFAULT_OPTIONS, type CheckOptionsInput } from "./options.js";

const EXIT_CALLS = new Set([API_ID["exit"]!, API_ID["_exit"]!]);

export function buildModel(file: string, source: string, program: CompiledProgram, options: CheckOptionsInput): Model {
  const relevance = computeRelevance(program);
  const mayExit = computeMayExit(program);
  settleInitOnlyReads(program);
  const functions: FunctionModel[] = program.functions.map((f) => {
    const regs = allocateRegisters(f.code, f.regNames, relevance.registers[f.id]!, f.params);
    const live = liveness(regs.code, regs.regNames.length);
    return {
      id: f.id,
      name: f.name,
      params: f.params,
      regCount: regs.regNames.length,
      regNames: regs.regNames,
      regKeep: regs.regKeep,
      code: regs.code as Instr[],
      span: f.span,
      synthetic: f.synthetic,
      deadAt: live.deadAt,
      deadAcrossCall: live.deadAcrossCall,
      mayExit: mayExit[f.id]!,
    };
  });
  const globals: GlobalVar[] = program.globals.map((g) => ({
    id: g.id,
    name: g.name,
    slot: g.slot,
    length: g.length,
    isArray: g.isArray,
    kind: g.kind,
    sigAtomic: g.sigAtomic,
    relevant: relevance.globals[g.id]!,
    span: g.span,
  }));
  const globalInit = program.globals.flatMap((g) => g.init);

  const all = SIGNALS.map((s) => s.number);
  const catchable = all.filter((s) => s !== SIGKILL && s !== SIGSTOP);
  const disposed = program.signals.disposed === "any" ? catchable : [...program.signals.disposed].filter((s) => catchable.includes(s));
  const trackedSignals = [...new Set(disposed)].sort((a, b) => a - b);
  const actionIndex = Array.from({ length: SIGNAL_COUNT + 1 }, (_, sig) => trackedSignals.indexOf(sig));
  const sent = program.signals.sent === "any" ? all : [...program.signals.sent].sort((a, b) => a - b);
  const handled = program.signals.handled === "any" ? catchable : [...program.signals.handled];
  const derivedEnv = handled
    .filter((s) => !sent.includes(s) && !SIGNALS[s - 1]!.fault && s !== SIGKILL && s !== SIGSTOP)
    .sort((a, b) => a - b);

  const modelOptions: ModelOptions = {
    envSignals: options.envSignals ? [...new Set(options.envSignals)].sort((a, b) => a - b) : derivedEnv,
    envSignalsListed: options.envSignals !== undefined,
    envSignalLimit: options.envSignalLimit ?? DEFAULT_OPTIONS.envSignalLimit,
    netFaults: options.netFaults ?? [],
    pipeCapacity: options.pipeCapacity ?? DEFAULT_OPTIONS.pipeCapacity,
    pipeBuf: options.pipeBuf ?? DEFAULT_OPTIONS.pipeBuf,
    maxProcesses: options.maxProcesses ?? DEFAULT_OPTIONS.maxProcesses,
    maxThreads: options.maxThreads ?? DEFAULT_OPTIONS.maxThreads,
  };

  return {
    file,
    source,
    globals,
    globalSlots: program.globalSlots,
    globalInit,
    functions,
    start: program.start,
    main: program.main,
    strings: program.strings,
    actionIndex,
    trackedSignals,
    sentSignals: sent,
    handlers: [...program.handlers].filter((h) => h >= 0).sort((a, b) => a - b),
    handlerGlobals: globalsOfHandlers(program),
    usesDescriptors: program.usesDescriptors,
    options: modelOptions,
  };
}

/** Globals accessed by a handler or by a function it calls (every function, when a handler is not known statically). */
function globalsOfHandlers(program: CompiledProgram): boolean[] {
  const reached = new Set<number>();
  const stack = program.handlers.has(-2) ? program.functions.map((f) => f.id) : [...program.handlers];
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (reached.has(id)) continue;
    reached.add(id);
    for (const i of program.functions[id]!.code) if (i.op === Op.Call) stack.push(i.a);
  }
  const out = program.globals.map(() => false);
  for (const id of reached) for (const i of program.functions[id]!.code) if (i.global >= 0) out[i.global] = true;
  return out;
}

/**
 * A global written only by the initializers (in <start>, before main and so before any other
 * thread, process or handler exists) holds the same value at every later point: a read of it can
 * neither race nor see an interleaving, so it is local work, not a step of its own (mutex and
 * semaphore handles, shared-memory segments, constant tables).
 */
function settleInitOnlyReads(program: CompiledProgram): void {
  const written = new Set<number>();
  for (const f of program.functions) {
    if (f.synthetic) continue;
    for (const i of f.code) if (i.op === Op.StoreGlobal || i.op === Op.StoreGlobalElem) written.add(i.global);
  }
  for (const f of program.functions) {
    if (f.synthetic) continue;
    for (const i of f.code) {
      if ((i.op === Op.LoadGlobal || i.op === Op.LoadGlobalElem) && !written.has(i.global)) i.visible = false;
    }
  }
}

function computeMayExit(program: CompiledProgram): boolean[] {
  const may = program.functions.map((f) => f.code.some((i) => i.op === Op.Syscall && EXIT_CALLS.has(i.a)));
  let changed = true;
  while (changed) {
    changed = false;
    for (const f of program.functions) {
      if (may[f.id]) continue;
      if (f.code.some((i) => i.op === Op.Call && may[i.a])) {
        may[f.id] = true;
        changed = true;
      }
    }
  }
  return may;
}
