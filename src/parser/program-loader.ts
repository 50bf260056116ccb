// Loads one program with the TypeScript compiler API: parse, type-check against the `ipcheck`
// declarations, and hand back the checker and the source file. The program is never executed,
// imported or evaluated (LANGUAGE.md: ipcheck never runs what it checks).
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { readFileSync } from "node:fs";
import type * as TS from "typescript";
import { diagnostic, type Diagnostic } from "../diagnostics/diagnostic.js";
import { precheck } from "./precheck.js";

const require = createRequire(import.meta.url);
// V8's code cache for CommonJS modules (Node 20 has no built-in compile cache): the TypeScript
// compiler (9 MB of JavaScript) loads in ≈0.12 s instead of ≈0.2 s from the second run on, in the
// CLI and in every batch worker.
require("v8-compile-cache");
/** Loaded with require: about 0.4 s instead of 1.1 s for an ESM import (start-up counts). */
export const ts: typeof TS = require("typescript");

const API_DECLARATIONS = fileURLToPath(new URL("../../api/ipcheck.d.ts", import.meta.url));
const API_GLOBALS = fileURLToPath(new URL("../../api/globals.d.ts", import.meta.url));

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
  lib: ["lib.es5.d.ts", "lib.es2015.core.d.ts", "lib.es2015.iterable.d.ts", "lib.es2015.symbol.d.ts", "lib.es2015.promise.d.ts", "lib.es2015.generator.d.ts", "lib.es2017.sharedmemory.d.ts"],
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
  const host = ts.createCompilerHost(compilerOptions, true);
  const defaultGetSourceFile = host.getSourceFile.bind(host);
  const fileName = ts.sys.resolvePath(file);
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

export function readProgramText(file: string): string | null {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return null;
  }
}
