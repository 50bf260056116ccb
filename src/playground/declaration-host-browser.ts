// The declaration files for the playground's browser build: TypeScript's lib and the ipcheck API,
// embedded at build time, served to the compiler from memory (esbuild puts this module in place of
// src/parser/declaration-host.ts). Only the program's own file is added by the caller.
import type * as TS from "typescript";
import files from "virtual:ipcheck-declarations";
import { ts } from "./typescript-browser.js";

const LIB_DIR = "/typescript/lib";
export const API_DECLARATIONS = "/ipcheck/api/ipcheck.d.ts";
export const API_GLOBALS = "/ipcheck/api/globals.d.ts";

const FILES = new Map<string, string>(Object.entries(files));

export function declarationHost(_options: TS.CompilerOptions): TS.CompilerHost {
  return {
    getSourceFile: (name, languageVersion) => {
      const text = FILES.get(name);
      return text === undefined ? undefined : ts.createSourceFile(name, text, languageVersion, true);
    },
    getDefaultLibFileName: () => `${LIB_DIR}/lib.d.ts`,
    getDefaultLibLocation: () => LIB_DIR,
    writeFile: () => {},
    getCurrentDirectory: () => "/",
    getCanonicalFileName: (name) => name,
    useCaseSensitiveFileNames: () => true,
    getNewLine: () => "\n",
    fileExists: (name) => FILES.has(name),
    readFile: (name) => FILES.get(name),
    directoryExists: (dir) => {
      const prefix = dir.endsWith("/") ? dir : `${dir}/`;
      for (const name of FILES.keys()) if (name.startsWith(prefix)) return true;
      return false;
    },
    getDirectories: () => [],
    realpath: (name) => name,
  };
}

/** The program's name as the compiler sees it: absolute, under the in-memory root. */
export function resolveProgramPath(file: string): string {
  return file.startsWith("/") ? file : `/${file}`;
}
