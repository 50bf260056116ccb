// Loads one program with the TypeScript compiler API: parse, type-check against the `ipcheck`
// declarations, and hand back the checker and the source file. The program is never executed,
// imported or evaluated (LANGUAGE.md: ipcheck never runs what it checks).
import type * as TS from "typescript";
import { diagnostic, type Diagnostic } from "../diagnostics/diagnostic.js";
import { precheck } from "./precheck.js";
import { ts } from "./typescript.js";
import { LIB_FILES } from "./lib-files.js";
import { API_DECLARATIONS, API_GLOBALS, declarationHost, resolveProgramPath } from "./declaration-host.js";

export { ts };
// the CLI reads programs from disk (read-program.ts; the playground has the text already)
export { readProgramText } from "./read-program.js";

export interface LoadedProgram {
  readonly sourceFile: TS.SourceFile;
  readonly checker: TS.TypeChecker;
}

export type LoadResult = { ok: true; program: LoadedProgram } | { ok: false; diagnostics: Diagnostic[] };

// The libs the language needs (typed arrays, Atomics, Array.fill) and those that let TypeScript
// understand what the parser then refuses with its own diagnostic (promises, generators); fewer lib
// files make every check start ≈0.1 s sooner than the whole ES2022 lib.
const compilerOptions: TS.CompilerOptions = {
  target: 9 /* ES2022 */,
  module: 99 /* ESNext */,
  moduleResolution: 100 /* Bundler */,
  strict: true,
  noEmit: true,
  skipLibCheck: true,
  lib: [...LIB_FILES],
  types: [],
  paths: { ipcheck: [API_DECLARATIONS] },
};

/**
 * The declaration files (TypeScript's lib, the ipcheck API) parsed once per process: source files are
 * immutable and programs may share them, so checking many files does not parse the lib again.
 */
const declarationCache = new Map<string, TS.SourceFile>();

/** Loads `file` whose text is `source` (already read by the caller). */
export function loadProgram(file: string, source: string): LoadResult {
  const host = declarationHost(compilerOptions);
  const defaultGetSourceFile = host.getSourceFile.bind(host);
  const fileName = resolveProgramPath(file);
  host.getSourceFile = (name, languageVersion, onError, shouldCreate) => {
    if (name === fileName) return ts.createSourceFile(name, source, languageVersion, true, ts.ScriptKind.TS);
    const cached = declarationCache.get(name);
    if (cached) return cached;
    const sf = defaultGetSourceFile(name, languageVersion, onError, shouldCreate);
    if (sf && name.endsWith(".d.ts")) declarationCache.set(name, sf);
    return sf;
  };
  const defaultFileExists = host.fileExists.bind(host);
  host.fileExists = (name) => name === fileName || defaultFileExists(name);
  const defaultReadFile = host.readFile.bind(host);
  host.readFile = (name) => (name === fileName ? source : defaultReadFile(name));

  const program = ts.createProgram({ rootNames: [fileName, API_GLOBALS], options: compilerOptions, host });
  const sourceFile = program.getSourceFile(fileName);
  if (!sourceFile) return { ok: false, diagnostics: [diagnostic("file-not-found", file, null, `cannot read ${file}`)] };

  const syntactic = program.getSyntacticDiagnostics(sourceFile);
  if (syntactic.length > 0) return { ok: false, diagnostics: syntactic.map((d) => convert(file, d, "syntax-error")) };
  const outside = precheck(file, sourceFile);
  if (outside) return { ok: false, diagnostics: [outside] };
  const semantic = program.getSemanticDiagnostics(sourceFile);
  if (semantic.length > 0) return { ok: false, diagnostics: semantic.map((d) => convert(file, d, "type-error")) };
  return { ok: true, program: { sourceFile, checker: program.getTypeChecker() } };
}

function convert(file: string, d: TS.Diagnostic, code: "syntax-error" | "type-error"): Diagnostic {
  const message = ts.flattenDiagnosticMessageText(d.messageText, " ");
  const span = d.start === undefined ? null : { start: d.start, end: d.start + (d.length ?? 0) };
  return diagnostic(code, file, span, message);
}
