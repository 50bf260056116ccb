// What the translation's tests share: a program translated (with its model, for ipcheck's own
// search), ipcheck's verdict on it in the terms SPIN's are compared with, and a bound's check.
import { expect } from "vitest";
import { parseProgram } from "../src/parser/parse.js";
import { spinVerdicts } from "../src/promela/spin.js";
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

/**
 * A program within one of the translation's bounds and one past it: within, SPIN finds no assertion
 * and no invalid end state and ipcheck nothing; past, the translation names the bound (`bound`:
 * "pipe slots (NPIPE) are full"), SPIN stops at its assertion and at nothing else (no index out of
 * bounds on the way), and ipcheck still finds nothing.
 */
export async function expectBound(within: string, past: string, bound: string): Promise<void> {
  const inside = translated(within);
  const spin = await spinVerdicts(inside.text);
  expect(spin.problem).toBe("");
  expect({ assertion: spin.assertion, deadlock: spin.invalidEnd }).toEqual({ assertion: false, deadlock: false });
  expect(rules(inside.model)).toEqual({ complete: true, rules: [] });
  const outside = translated(past);
  expect(outside.text).toContain(`the translation's ${bound}`);
  expect(await spinVerdicts(outside.text)).toMatchObject({ assertion: true, problem: "" });
  expect(rules(outside.model)).toEqual({ complete: true, rules: [] });
}

/**
 * SPIN's verdicts on the translation of `source` are ipcheck's: an assertion violated where ipcheck
 * finds one, an invalid end state where it finds a deadlock, both searches to the end. Returns the
 * rules ipcheck found, for the caller to pin.
 */
export async function expectSameVerdicts(source: string): Promise<string[]> {
  const { model, text } = translated(source);
  const spin = await spinVerdicts(text);
  const ip = rules(model);
  expect(spin.problem).toBe("");
  expect(ip.complete).toBe(true);
  expect({ assertion: spin.assertion, deadlock: spin.invalidEnd }).toEqual({ assertion: ip.rules.includes("assertion"), deadlock: ip.rules.includes("deadlock") });
  return ip.rules;
}
