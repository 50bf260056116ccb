// Where the compiler reads the declaration files a program is checked against (TypeScript's lib and
// the ipcheck API): from disk, through TypeScript's own compiler host. The playground's browser build
// puts src/playground/declaration-host-browser.ts in this module's place, the same files embedded.
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type * as TS from "typescript";
import { ts } from "./typescript.js";

const require = createRequire(import.meta.url);
/** TypeScript's lib folder, beside the compiler as node finds it (also when ipcheck runs bundled, from its start-up snapshot) */
const LIB_DIR = dirname(require.resolve("typescript"));

export const API_DECLARATIONS = fileURLToPath(new URL("../../api/ipcheck.d.ts", import.meta.url));
export const API_GLOBALS = fileURLToPath(new URL("../../api/globals.d.ts", import.meta.url));

/** A compiler host that finds the lib and the API declarations; the caller adds the program's own file. */
export function declarationHost(options: TS.CompilerOptions): TS.CompilerHost {
  const host = ts.createCompilerHost(options, true);
  host.getDefaultLibLocation = () => LIB_DIR;
  host.getDefaultLibFileName = (o) => join(LIB_DIR, ts.getDefaultLibFileName(o));
  return host;
}

/** The absolute name the compiler gives a program file. */
export function resolveProgramPath(file: string): string {
  return ts.sys.resolvePath(file);
}
