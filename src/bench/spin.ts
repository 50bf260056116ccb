// Runs SPIN on a Promela model for the bench: spin -a, gcc, ./pan; parses pan's statistics.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCommand as run, spinInstalled } from "../promela/spin.js";

export { spinInstalled };

export interface SpinResult {
  name: string;
  reduce: boolean;
  states: number;
  transitions: number;
  depth: number;
  errors: number;
  /** pan's "total actual memory usage", MB (hash table, DFS stack, states, the rest) */
  memoryMB: number;
  /** pan's "actual memory usage for states" + "memory used for hash table", MB */
  storeMB: number;
  /** pan's own elapsed time (its clock has a 1 ms to 10 ms grain) */
  panSeconds: number;
  /** pan's "rate", or states / elapsed when pan prints none */
  statesPerSecond: number | null;
  /** wall time of ./pan as measured here, ms */
  panMs: number;
  /** spin -a + gcc -O2 + ./pan, wall time, ms (the last, sized, attempt) */
  endToEndMs: number;
  /** the same with gcc -O0, ms (only when asked: opts.o0) */
  endToEndO0Ms: number | null;
  hashBits: number;
  maxDepth: number;
  /** "" when pan ran to the end, else why not */
  problem: string;
}

export interface SpinOptions {
  reduce: boolean;
  /** an estimate of the number of states, to size the hash table (-w); default 2^22 */
  expectedStates?: number;
  /** also time translate-compile-run with gcc -O0 */
  o0?: boolean;
  /** per-command time limit, ms (default 120 s) */
  timeoutMs?: number;
  /** more gcc flags (the emitted Promela's wide state vectors: -DVECTORSZ=…) */
  gccFlags?: string[];
  /** more pan flags (-c0: go on past errors, to count the whole space) */
  panFlags?: string[];
}

const num = (out: string, re: RegExp): number | null => {
  const m = re.exec(out);
  return m ? Number(m[1]) : null;
};

function bitsFor(states: number): number {
  return Math.min(30, Math.max(10, Math.ceil(Math.log2(Math.max(1, states))) + 1));
}

/** Translate, compile and run; null when `spin` is not on PATH. */
export function runSpin(name: string, promela: string, opts: SpinOptions): SpinResult | null {
  if (!spinInstalled()) return null;
  const timeoutMs = opts.timeoutMs ?? 120_000;
  const dir = mkdtempSync(join(tmpdir(), "ipcheck-spin-"));
  try {
    writeFileSync(join(dir, "model.pml"), promela);
    const compile = (opt: string) => {
      const t = run("spin", ["-a", "model.pml"], dir, timeoutMs);
      if (!t.ok) return { ok: false, out: t.out, ms: t.ms };
      const flags = [opt, "-DSAFETY", ...(opts.reduce ? [] : ["-DNOREDUCE"]), ...(opts.gccFlags ?? []), "-o", "pan", "pan.c"];
      const c = run("gcc", flags, dir, timeoutMs);
      return { ok: c.ok, out: c.out, ms: t.ms + c.ms };
    };
    let hashBits = opts.expectedStates ? bitsFor(opts.expectedStates * (opts.reduce ? 1 : 4)) : 22;
    let maxDepth = 10_000;
    const base = {
      name, reduce: opts.reduce, states: 0, transitions: 0, depth: 0, errors: 0, memoryMB: 0, storeMB: 0,
      panSeconds: 0, statesPerSecond: null, panMs: 0, endToEndMs: 0, endToEndO0Ms: null, hashBits, maxDepth,
    };
    const c = compile("-O2");
    if (!c.ok) return { ...base, problem: `compile failed: ${c.out.trim().split("\n").slice(-3).join(" / ")}` };
    for (let attempt = 0; attempt < 6; attempt++) {
      const p = run("./pan", [`-m${maxDepth}`, `-w${hashBits}`, ...(opts.panFlags ?? [])], dir, timeoutMs);
      const out = p.out;
      const states = num(out, /(\d+) states, stored/);
      if (states === null) {
        // spawnSync kills pan at the time limit (its progress lines are then all it printed)
        const problem = /\bETIMEDOUT\b/.test(out) ? `pan timed out (${Math.round(timeoutMs / 1000)} s)` : `pan failed: ${out.trim().split("\n").slice(-3).join(" / ")}`;
        return { ...base, hashBits, maxDepth, panMs: p.ms, problem };
      }
      if (/max search depth too small/.test(out) && maxDepth < 100_000_000) {
        maxDepth *= 10;
        continue;
      }
      // a table smaller than the states: chained, slower; grow it and measure again
      if (states > 2 ** hashBits && hashBits < 30) {
        hashBits = bitsFor(states);
        continue;
      }
      const panSeconds = num(out, /pan: elapsed time ([\d.e+-]+) seconds/) ?? 0;
      const rate = num(out, /pan: rate\s+([\d.e+-]+) states\/second/);
      const memStates = num(out, /([\d.]+)\s+actual memory usage for states/) ?? 0;
      const memHash = num(out, /([\d.]+)\s+memory used for hash table/) ?? 0;
      const result: SpinResult = {
        ...base,
        states,
        transitions: num(out, /(\d+) transitions \(= stored\+matched\)/) ?? 0,
        depth: num(out, /depth reached (\d+)/) ?? 0,
        errors: num(out, /errors: (\d+)/) ?? 0,
        memoryMB: num(out, /([\d.]+)\s+total actual memory usage/) ?? 0,
        storeMB: memStates + memHash,
        panSeconds,
        statesPerSecond: rate ?? (panSeconds > 0 ? states / panSeconds : null),
        panMs: p.ms,
        endToEndMs: c.ms + p.ms,
        hashBits,
        maxDepth,
        problem: "",
      };
      if (opts.o0) {
        // the fastest set-up for a small model: no optimisation, the sized run's options
        const start = process.hrtime.bigint();
        const c0 = compile("-O0");
        const p0 = c0.ok ? run("./pan", [`-m${maxDepth}`, `-w${hashBits}`, ...(opts.panFlags ?? [])], dir, timeoutMs) : null;
        result.endToEndO0Ms = c0.ok && p0?.ok ? Number(process.hrtime.bigint() - start) / 1e6 : null;
      }
      if (attempt === 0) return result;
      // sized on a later attempt: the whole translate-compile-run once more, as a user would see it
      const start = process.hrtime.bigint();
      const c2 = compile("-O2");
      const p2 = c2.ok ? run("./pan", [`-m${maxDepth}`, `-w${hashBits}`, ...(opts.panFlags ?? [])], dir, timeoutMs) : null;
      if (c2.ok && p2?.ok) result.endToEndMs = Number(process.hrtime.bigint() - start) / 1e6;
      return result;
    }
    return { ...base, problem: "search depth or hash table could not be sized" };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * SPIN's fastest translate-compile-run for a small model, as a user checking it once would run it:
 * spin -a, gcc -O0 (no optimisation: the compile dominates), ./pan with its default hash table;
 * wall time in ms, or null when a stage fails.
 */
export function spinFastestMs(promela: string, gccFlags: readonly string[] = [], timeoutMs = 60_000): number | null {
  if (!spinInstalled()) return null;
  const dir = mkdtempSync(join(tmpdir(), "ipcheck-spin-"));
  try {
    writeFileSync(join(dir, "model.pml"), promela);
    const start = process.hrtime.bigint();
    if (!run("spin", ["-a", "model.pml"], dir, timeoutMs).ok) return null;
    if (!run("gcc", ["-O0", "-DSAFETY", ...gccFlags, "-o", "pan", "pan.c"], dir, timeoutMs).ok) return null;
    if (!run("./pan", ["-m100000"], dir, timeoutMs).ok) return null;
    return Number(process.hrtime.bigint() - start) / 1e6;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
