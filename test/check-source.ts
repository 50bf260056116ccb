// Checks a program given as text, in-process: for tests of semantics and properties.
import { parseProgram } from "../src/parser/parse.js";
import { checkModel, type CheckSettings } from "../src/cli/check-file.js";
import type { FileResult } from "../src/report/result.js";
import type { CheckOptionsInput } from "../src/parser/options.js";
import type { Model } from "../src/model/model.js";

export const TEST_SETTINGS: CheckSettings = {
  maxStates: 500_000,
  maxDepth: 10_000,
  timeoutMs: 60_000,
  options: {},
  now: () => 0,
};

/** The bounds the example programs are checked with in the tests (the CLI's, with a wall clock). */
export const EXAMPLE_SETTINGS: CheckSettings = {
  maxStates: 2_000_000,
  maxDepth: 100_000,
  timeoutMs: 120_000,
  options: {},
  now: () => Date.now(),
};

export function modelOf(source: string, options: CheckOptionsInput = {}): Model {
  const parsed = parseProgram("program.ts", source, options);
  if (!parsed.ok) throw new Error(`not a valid program: ${parsed.diagnostics.map((d) => `${d.code}: ${d.message}`).join("; ")}`);
  return parsed.model;
}

export function checkSource(source: string, settings: Partial<CheckSettings> = {}): FileResult {
  const s = { ...TEST_SETTINGS, ...settings };
  return checkModel(modelOf(source, s.options), s);
}

/** The sorted rule ids a program reports, or its verdict when clean or inconclusive. */
export function outcome(source: string, settings: Partial<CheckSettings> = {}): string {
  const r = checkSource(source, settings);
  if (r.verdict !== "violations") return r.verdict;
  return [...new Set(r.findings.map((f) => f.rule))].sort().join(",");
}
