// `ipcheck --emit model`: the model as readable text, all the explorer sees.
import type { Instr, Model } from "../model/model.js";
import { Op } from "../model/model.js";
import { API_CALLS } from "../model/api.js";
import { signalName } from "../model/signals.js";
import { lineOf, spanText } from "../model/span.js";

const BIN = ["+", "-", "*", "/", "%", "<<", ">>", ">>>", "&", "|", "^", "===", "!==", "<", "<=", ">", ">="];

export function modelText(model: Model): string {
  const out: string[] = [`model of ${model.file}`];
  out.push("", "globals (per process; copied by fork):");
  if (model.globals.length === 0) out.push("  (none)");
  for (const g of model.globals) {
    const tags = [g.relevant ? "relevant" : "irrelevant: its value decides nothing, only its accesses are kept"];
    if (g.sigAtomic) tags.push("sig_atomic_t");
    if (model.handlerGlobals[g.id]) tags.push("accessed by a handler");
    const init = model.globalInit.slice(g.slot, g.slot + g.length).join(", ");
    out.push(`  ${g.name}${g.isArray ? `[${g.length}]` : ""} = ${g.isArray ? `[${init}]` : init}  (${tags.join("; ")})`);
  }
  const sigs = (list: readonly number[]) => (list.length ? list.map(signalName).join(", ") : "none");
  out.push("", "signals:");
  out.push(`  dispositions tracked: ${sigs(model.trackedSignals)}`);
  out.push(`  sent by the program: ${sigs(model.sentSignals)}`);
  out.push(`  sent by the environment: ${sigs(model.options.envSignals)} (at most ${model.options.envSignalLimit} each a run${model.options.envSignalsListed ? ", as listed" : ""})`);
  out.push(`  handlers: ${model.handlers.map((h) => `${model.functions[h]!.name}()`).join(", ") || "none"}`);
  for (const f of model.functions) {
    out.push("", `function ${f.name}(${f.regNames.slice(0, f.params).join(", ")})${f.mayExit ? "  [may end the process]" : ""}`);
    const irrelevant = f.regNames.filter((n, i) => !f.regKeep[i] && !n.startsWith("%"));
    if (irrelevant.length) out.push(`  irrelevant locals: ${irrelevant.join(", ")}`);
    f.code.forEach((instr, pc) => {
      const line = instr.span.end > instr.span.start ? `line ${lineOf(model.source, instr.span.start)}` : "";
      const src = spanText(model.source, instr.span).split("\n")[0]!.trim().slice(0, 40);
      out.push(`  ${String(pc).padStart(3)} ${instr.visible ? "*" : " "} ${describe(model, f.regNames, instr).padEnd(44)} ${line.padEnd(8)} ${src}`);
    });
  }
  out.push("", "* marks a visible step (LANGUAGE.md §2); other instructions are local work joined to the next step.");
  return `${out.join("\n")}\n`;
}

function describe(model: Model, regs: readonly string[], i: Instr): string {
  const r = (n: number) => regs[n] ?? `%${n}`;
  const dst = i.dst >= 0 ? `${r(i.dst)}${i.keep ? "" : "~"} = ` : "";
  switch (i.op) {
    case Op.Const: return `${dst}${i.a}`;
    case Op.Move: return `${dst}${r(i.a)}`;
    case Op.Binary: return `${dst}${r(i.a)} ${BIN[i.c]} ${r(i.b)}`;
    case Op.Unary: return `${dst}${["-", "!", "~"][i.c]}${r(i.a)}`;
    case Op.Truthy: return `${dst}truthy(${r(i.a)})`;
    case Op.Concat: return `${dst}${r(i.a)} ++ ${r(i.b)}`;
    case Op.ToString: return `${dst}String(${r(i.a)})`;
    case Op.ToNumber: return `${dst}Number(${r(i.a)})`;
    case Op.StrLen: return `${dst}${r(i.a)}.length`;
    case Op.Jump: return `goto ${i.a}${i.b ? " (loop)" : ""}`;
    case Op.Branch: return `if ${i.c ? "" : "!"}${r(i.a)} goto ${i.b}`;
    case Op.LoadGlobal: return `${dst}load ${model.globals[i.global]!.name}${i.update ? " (update)" : ""}`;
    case Op.StoreGlobal: return `store ${model.globals[i.global]!.name}${i.keep ? "" : "~"} = ${r(i.b)}${i.update ? " (update)" : ""}`;
    case Op.LoadGlobalElem: return `${dst}load ${model.globals[i.global]!.name}[${r(i.b)}]`;
    case Op.StoreGlobalElem: return `store ${model.globals[i.global]!.name}[${r(i.b)}] = ${r(i.d)}`;
    case Op.LoadLocalElem: return `${dst}${r(i.a)}..[${r(i.b)}]`;
    case Op.StoreLocalElem: return `${r(i.a)}..[${r(i.b)}] = ${r(i.d)}`;
    case Op.TupleGet: return `${dst}${r(i.a)}[${i.b}]`;
    case Op.Call: return `${dst}call ${model.functions[i.a]!.name}(${i.args.map(r).join(", ")})`;
    case Op.Return: return i.a >= 0 ? `return ${r(i.a)}` : "return";
    case Op.Syscall: return `${dst}${API_CALLS[i.a]!.name}(${i.args.map(r).join(", ")})`;
    case Op.MakeTuple: return `${dst}[${i.args.map(r).join(", ")}]`;
    case Op.LoadShared: return `${dst}load shared ${r(i.a)}[${r(i.b)}]${i.update ? " (update)" : ""}`;
    case Op.StoreShared: return `store shared ${r(i.a)}[${r(i.b)}] = ${r(i.d)}${i.update ? " (update)" : ""}`;
  }
}
