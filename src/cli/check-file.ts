// Checks one file: read, parse, then check the model (check-model.ts).
import { parseProgram } from "../parser/parse.js";
import { readProgramText } from "../parser/read-program.js";
import { diagnostic } from "../diagnostics/diagnostic.js";
import type { FileResult } from "../report/result.js";
import { checkModel, type CheckSettings } from "./check-model.js";

export { checkModel, type CheckSettings };

export function checkFile(file: string, settings: CheckSettings): FileResult {
  const started = settings.now();
  const source = readProgramText(file);
  const emptyStats = { states: 0, transitions: 0, ms: 0, depth: 0, bytesPerState: 0, complete: false, bound: null };
  if (source === null) {
    return { file, source: null, verdict: "error", stats: emptyStats, findings: [], diagnostics: [diagnostic("file-not-found", file, null, `cannot read ${file}`)] };
  }
  const parsed = parseProgram(file, source, settings.options);
  if (!parsed.ok) {
    return { file, source, verdict: "error", stats: { ...emptyStats, ms: settings.now() - started }, findings: [], diagnostics: parsed.diagnostics };
  }
  return checkModel(parsed.model, settings, started);
}

