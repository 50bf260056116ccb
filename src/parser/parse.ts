// The parser's entry: a file in, a model or diagnostics out. Nothing here runs the program.
import type { Model } from "../model/model.js";
import { DiagnosticError, type Diagnostic } from "../diagnostics/diagnostic.js";
import { loadProgram } from "./program-loader.js";
import { compileProgram } from "./compile.js";
import { buildModel } from "./build-model.js";
import { readOptionsBag, type CheckOptionsInput } from "./options.js";

export type ParseResult = { ok: true; model: Model } | { ok: false; diagnostics: Diagnostic[] };

/** Parses `source` (the text of `file`). `overrides` (config file, CLI flags) win over the program's options. */
export function parseProgram(file: string, source: string, overrides: CheckOptionsInput = {}): ParseResult {
  const loaded = loadProgram(file, source);
  if (!loaded.ok) return loaded;
  try {
    const compiled = compileProgram(file, loaded.program);
    const fromProgram = compiled.options ? readOptionsBag(file, loaded.program.sourceFile, compiled.options) : {};
    const options = { ...fromProgram, ...definedOnly(overrides) };
    return { ok: true, model: buildModel(file, source, compiled, options) };
  } catch (e) {
    if (e instanceof DiagnosticError) return { ok: false, diagnostics: [e.diagnostic] };
    throw e;
  }
}

function definedOnly(o: CheckOptionsInput): CheckOptionsInput {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as CheckOptionsInput;
}

