// The TypeScript compiler API for the playground's browser build, bundled with it (esbuild puts this
// module in place of src/parser/typescript.ts).
import * as TS from "typescript";

export const ts: typeof TS = TS;
