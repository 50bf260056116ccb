// What the translation's tests share: a program translated (with its model, for ipcheck's own
// search), and ipcheck's verdict on it in the terms SPIN's are compared with.
import { parseProgram } from "../src/parser/parse.js";
import { search } from "../src/explorer/search.js";
import type { Model } from "../src/model/model.js";
import { emitPromela } from "../src/promela/emit.js";

/** The model of `source` and its Promela translation (throws on a diagnostic or a refusal). */
export function translated(source: string): { model: Model; text: string } {
  const parsed = parseProgram("prog.ts", source, {});
  if (!parsed.ok) throw new Error(parsed.diagnostics[0]!.message);
  const r = emitPromela(parsed.model);
  if (!r.ok) throw new Error(r.diagnostic.message);
  return { model: parsed.model, text: r.text };
}

/** Whether ipcheck's search of the model finished, and the rules of its findings, sorted. */
export function rules(model: Model): { complete: boolean; rules: string[] } {
  const r = search(model, { maxStates: 200_000, maxDepth: 100_000 });
  return { complete: r.complete, rules: [...new Set(r.findings.map((f) => f.raw.rule))].sort() };
}
