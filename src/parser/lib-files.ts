// The TypeScript lib files a program is checked against: what the language needs (typed arrays,
// Atomics, Array.fill) and what lets TypeScript understand the constructs the parser then refuses with
// its own diagnostic (promises, generators). The playground embeds these and the files they reference.
export const LIB_FILES = ["lib.es5.d.ts", "lib.es2015.core.d.ts", "lib.es2015.iterable.d.ts", "lib.es2015.symbol.d.ts", "lib.es2015.promise.d.ts", "lib.es2015.generator.d.ts", "lib.es2017.sharedmemory.d.ts"] as const;
