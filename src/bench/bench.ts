// `npm run bench`: states, transitions, time, states/s and bytes per stored state for the examples
// and for scalable models. Times vary with the machine; the state counts do not.
// Each family point is also run through SPIN (src/bench/promela.ts, src/bench/spin.ts) when `spin`
// is installed; the comparison goes to stdout and to bench/RESULTS.md.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { arch, availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { parseProgram } from "../parser/parse.js";
import { search } from "../explorer/search.js";
import { boundedBuffer, philosophers, pipeRing, producersConsumers, signalRing, signalStorm, signalStormChecked } from "./models.js";
import * as pml from "./promela.js";
import { runSpin, spinFastestMs, spinInstalled, type SpinResult } from "./spin.js";
import { emitPromela } from "../promela/emit.js";

interface Row {
  name: string;
  states: number;
  transitions: number;
  ms: number;
  bytesPerState: number;
  verdict: string;
}

function measure(name: string, source: string, por = true, symmetry = false, compiled = false): Row | null {
  const parsed = parseProgram(name, source);
  if (!parsed.ok) return null;
  const start = process.hrtime.bigint();
  const r = search(parsed.model, { maxStates: 20_000_000, maxDepth: 1_000_000, por, symmetry, compiled });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  return {
    name,
    states: r.states,
    transitions: r.transitions,
    ms,
    bytesPerState: r.visited.bytesPerState(),
    verdict: r.findings.length > 0 ? r.findings.map((f) => f.raw.rule).sort().join(",") : r.complete ? "clean" : "inconclusive",
  };
}

function table(rows: Row[]): string {
  const head = ["model", "states", "transitions", "ms", "states/s", "bytes/state", "result"];
  const body = rows.map((r) => [
    r.name,
    String(r.states),
    String(r.transitions),
    r.ms.toFixed(1),
    r.ms > 0 ? String(Math.round(r.states / (r.ms / 1000))) : "-",
    r.bytesPerState.toFixed(0),
    r.verdict,
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((row) => row[i]!.length)));
  const line = (row: string[]) => row.map((c, i) => (i === 0 || i === 6 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
  return [line(head), ...body.map(line)].join("\n");
}

function examples(root: string): string[] {
  return (readdirSync(root, { recursive: true }) as string[])
    .filter((f) => f.endsWith(".ts"))
    .map((f) => join(root, f))
    .sort();
}

function grid(head: string[], body: string[][], left: number[] = [0]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((row) => row[i]!.length)));
  const line = (row: string[]) => row.map((c, i) => (left.includes(i) ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
  return [line(head), line(widths.map((w) => "-".repeat(w))), ...body.map(line)].join("\n");
}

const rows: Row[] = [];
const root = join(import.meta.dirname, "..", "..", "examples");
for (const file of examples(root)) {
  const row = measure(file.slice(root.length + 1), readFileSync(file, "utf8"));
  if (row) rows.push(row);
}
const examplesTable = table(rows);
process.stdout.write(`${examplesTable}\n\n`);

// The families, each point in ipcheck and in SPIN. Sizes: the largest point of each family reaches
// about a million states or more in ipcheck (under about 40 s each on a 2-core machine), except the
// pipe ring, which the descriptor bound stops at 6 processes.
interface Point {
  name: string;
  ipcheck: string;
  promela: string;
  /** also measured with --symmetry (the families of identical processes) */
  symmetry: boolean;
}
const points: Point[] = [];
const point = (name: string, ipcheck: string, promela: string, symmetry = false) => points.push({ name, ipcheck, promela, symmetry });
for (const n of [2, 3, 4, 5, 6]) point(`signal-storm-${n}`, signalStorm(n), pml.signalStorm(n), true);
for (const n of [3, 5, 7, 9, 11, 13]) point(`signal-ring-${n}`, signalRing(n), pml.signalRing(n), true);
for (const n of [3, 4, 5, 6, 7, 8]) point(`philosophers-${n}`, philosophers(n), pml.philosophers(n));
// 6 is the largest ring: with 7 pipes a process holds 17 descriptors, over ipcheck's bound of 16
for (const n of [3, 4, 5, 6]) point(`pipe-ring-${n}`, pipeRing(n), pml.pipeRing(n));
for (const [k, items] of [[2, 2], [4, 3], [8, 16], [32, 64], [64, 128]] as const)
  point(`bounded-buffer-${k}x${items}`, boundedBuffer(k, items), pml.boundedBuffer(k, items));
for (const [p, c] of [[1, 1], [2, 1], [2, 2], [2, 4], [3, 3], [3, 6]] as const)
  point(`producers-consumers-${p}x${c}`, producersConsumers(p, c), pml.producersConsumers(p, c));

const haveSpin = spinInstalled();
/** the points measured without partial-order reduction too: those with at most this many states with it */
const NO_POR_UP_TO = 800_000;
const cli = join(import.meta.dirname, "..", "..", "bin", "ipcheck");
const coldDir = mkdtempSync(join(tmpdir(), "ipcheck-bench-"));
/** ipcheck end to end on the point's program: a fresh process (start-up, parsing, search, report), wall time, once */
function coldRun(name: string, source: string): number {
  const file = join(coldDir, `${name}.ts`);
  writeFileSync(file, source);
  const start = process.hrtime.bigint();
  spawnSync(process.execPath, [cli, "--format", "json", "--max-states", "20000000", file], { encoding: "utf8", maxBuffer: 1 << 28 });
  return Number(process.hrtime.bigint() - start) / 1e6;
}
const rate = (states: number, ms: number) => (ms > 0 ? states / (ms / 1000) : null);
const fmtInt = (x: number | null | undefined) => (x === null || x === undefined || !Number.isFinite(x) ? "-" : String(Math.round(x)));
const fmtRatio = (a: number | null, b: number | null) => (a === null || b === null || b === 0 ? "-" : (a / b).toFixed(2));
const spinMemo: { name: string; plain: SpinResult | null; por: SpinResult | null }[] = [];
const cmpBody: string[][] = [];
for (const pt of points) {
  const ip = measure(`${pt.name}.ts`, pt.ipcheck)!;
  // without partial-order reduction only up to a point: past it the unreduced search takes minutes
  const ipFull = ip.states <= NO_POR_UP_TO ? measure(`${pt.name}.ts`, pt.ipcheck, false)! : null;
  const ipSym = pt.symmetry ? measure(`${pt.name}.ts`, pt.ipcheck, true, true)! : null;
  // SPIN also on ipcheck's own translation (--emit promela), where it translates the program
  const parsed = parseProgram(`${pt.name}.ts`, pt.ipcheck);
  // (the translation keeps every bookkeeping word of the model: large points would take gigabytes)
  const emitted = haveSpin && parsed.ok && ip.states <= 200_000 ? emitPromela(parsed.model) : null;
  const spinEmitted = emitted?.ok
    ? runSpin(`${pt.name}-emitted`, emitted.text, { reduce: true, expectedStates: ip.states, gccFlags: ["-DVECTORSZ=4096", "-DMEMLIM=2048"], panFlags: ["-c0"], timeoutMs: 60_000 })
    : null;
  const small = ip.states < 50_000;
  const ipCold = coldRun(pt.name, pt.ipcheck);
  const plain = haveSpin ? runSpin(pt.name, pt.promela, { reduce: false, expectedStates: ip.states }) : null;
  const por = haveSpin ? runSpin(pt.name, pt.promela, { reduce: true, expectedStates: ip.states, o0: small }) : null;
  spinMemo.push({ name: pt.name, plain, por });
  const ipRate = rate(ip.states, ip.ms);
  const spinRate = plain && !plain.problem ? plain.statesPerSecond : null;
  const spinBytes = plain && !plain.problem && plain.states > 0 ? (plain.memoryMB * 2 ** 20) / plain.states : null;
  const spinStore = plain && !plain.problem && plain.states > 0 ? (plain.storeMB * 2 ** 20) / plain.states : null;
  const ok = (r: SpinResult | null) => (r && !r.problem ? r : null);
  cmpBody.push([
    pt.name,
    String(ip.states),
    ipFull ? String(ipFull.states) : "-",
    fmtRatio(ipFull?.states ?? null, ip.states),
    ipSym ? String(ipSym.states) : "-",
    String(ip.transitions),
    ip.ms.toFixed(0),
    fmtInt(ipRate),
    ip.bytesPerState.toFixed(0),
    ip.verdict,
    haveSpin ? (ok(plain) ? String(plain!.states) : (plain?.problem ?? "-")) : "not installed",
    fmtInt(ok(plain)?.transitions),
    fmtInt(ok(por)?.states),
    ok(plain) ? plain!.panSeconds.toFixed(2) : "-",
    fmtInt(spinRate),
    fmtInt(spinBytes),
    fmtInt(spinStore),
    ipCold.toFixed(0),
    ok(por) ? por!.endToEndMs.toFixed(0) : "-",
    ok(por)?.endToEndO0Ms != null ? por!.endToEndO0Ms!.toFixed(0) : "-",
    ok(plain) ? String(plain!.errors + (ok(por)?.errors ?? 0)) : "-",
    fmtRatio(ipRate, spinRate),
    fmtRatio(ip.bytesPerState, spinBytes),
    fmtRatio(ip.states, ok(plain)?.states ?? null),
    fmtRatio(ip.states, ok(por)?.states ?? null),
    fmtRatio(ipSym?.states ?? null, ok(por)?.states ?? null),
    emitted ? (emitted.ok ? (ok(spinEmitted) ? String(spinEmitted!.states) : (spinEmitted?.problem.slice(0, 40) ?? "-")) : "not translated") : "-",
    fmtInt(ok(spinEmitted)?.statesPerSecond),
  ]);
  process.stdout.write(`${pt.name}: ipcheck ${ip.states} states ${ip.ms.toFixed(0)} ms; spin ${ok(plain)?.states ?? "-"} / ${ok(por)?.states ?? "-"} (POR)\n`);
}
const cmpHead = [
  "model", "ip states", "ip no-POR st", "POR ×", "ip sym st", "ip trans", "ip ms", "ip st/s", "ip B/st", "ip result",
  "spin states", "spin trans", "spin POR st", "pan s", "spin st/s", "spin B/st", "spin B/st store", "ip e2e ms", "spin e2e ms", "e2e -O0 ms", "spin errs",
  "st/s ip÷spin", "B/st ip÷spin", "states ip÷spin", "states ip÷POR", "sym÷POR", "spin emitted POR st", "spin emitted st/s",
];
const cmpTable = grid(cmpHead, cmpBody, [0, 9, 10, cmpHead.length - 2]);

// Compiled local work (compiled-code.ts) against the interpreter, on the larger point of each
// family: five pairs of runs, one each way back to back (this machine's speed drifts, so a pair
// sees one speed), and the median of the pairs' ratios.
const COMPILE_POINTS = ["signal-storm-5", "signal-ring-9", "philosophers-6", "pipe-ring-6", "bounded-buffer-32x64", "producers-consumers-2x4"];
const compileBody: string[][] = [];
for (const name of COMPILE_POINTS) {
  const pt = points.find((p) => p.name === name)!;
  let compiledMs = Infinity;
  let interpretedMs = Infinity;
  let states = 0;
  const ratios: number[] = [];
  for (let i = 0; i < 5; i++) {
    const n = measure(`${name}.ts`, pt.ipcheck, true, false, false)!;
    const c = measure(`${name}.ts`, pt.ipcheck, true, false, true)!;
    if (c.states !== n.states || c.transitions !== n.transitions || c.verdict !== n.verdict) throw new Error(`${name}: compiled and interpreted searches differ`);
    states = c.states;
    compiledMs = Math.min(compiledMs, c.ms);
    interpretedMs = Math.min(interpretedMs, n.ms);
    ratios.push(c.ms / n.ms);
  }
  ratios.sort((a, b) => a - b);
  compileBody.push([name, String(states), interpretedMs.toFixed(0), compiledMs.toFixed(0), ratios[2]!.toFixed(3)]);
}
const compileTable = grid(["model", "states", "interpreter ms (best)", "compiled ms (best)", "compiled ÷ interpreter (median of 5 pairs)"], compileBody);
process.stdout.write(`\n${compileTable}\n`);

// Swarm (--swarm i/n): what diversified depth-first members buy on a bug past a bounded
// breadth-first search's reach. Each member gets the same state budget, as on a CI matrix.
const SWARM_N = 6;
const SWARM_MEMBERS = 8;
const SWARM_BUDGET = 50_000;
const BFS_BUDGET = 1_000_000;
function swarmRun(budget: number, index: number): string[] {
  const parsed = parseProgram("storm-checked.ts", signalStormChecked(SWARM_N));
  if (!parsed.ok) throw new Error("the swarm model does not parse");
  const start = process.hrtime.bigint();
  const r = search(parsed.model, { maxStates: budget, maxDepth: 1_000_000, swarm: { index, count: SWARM_MEMBERS } });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  const found = r.findings.find((f) => f.raw.rule === "assertion");
  return [
    index === 1 ? "1 (breadth-first)" : String(index),
    String(budget),
    String(r.states),
    ms.toFixed(0),
    found ? "yes" : "no",
    // states are numbered as found: the finding's state id is how many were stored before it
    found ? String(found.state + 1) : "-",
    found ? String(r.visited.depthOf(found.state) + 1) : "-",
  ];
}
const swarmBody = [swarmRun(BFS_BUDGET, 1), ...Array.from({ length: SWARM_MEMBERS }, (_, i) => swarmRun(SWARM_BUDGET, i + 1))];
const swarmTable = grid(["member", "--max-states", "states", "ms", "assertion found", "states stored before it", "trace steps"], swarmBody);
const swarmFound = swarmBody.slice(1).filter((r) => r[4] === "yes").length;
const swarmLine = `signal storm N=${SWARM_N} with the final assertion: ${swarmFound} of ${SWARM_MEMBERS} swarm members find it with ${SWARM_BUDGET} states each; breadth-first with ${BFS_BUDGET} states ${swarmBody[0]![4] === "yes" ? "finds it too" : "does not"}`;
process.stdout.write(`\n${swarmTable}\n${swarmLine}\n`);

// ipcheck cold, end to end: a fresh node process on one small example, best of three
const example = join(root, "signals", "handler-race-counter.ts");
let cold = Infinity;
for (let i = 0; i < 3; i++) {
  const start = process.hrtime.bigint();
  spawnSync(process.execPath, [cli, example], { encoding: "utf8" });
  cold = Math.min(cold, Number(process.hrtime.bigint() - start) / 1e6);
}
const coldLine = `ipcheck cold end-to-end (node bin/ipcheck examples/signals/handler-race-counter.ts, best of 3): ${cold.toFixed(0)} ms`;

// every example end to end: a fresh bin/ipcheck process (best of 3) against SPIN's fastest
// translate-compile-run of its --emit promela translation (gcc -O0, default table; best of 2)
const bestOf = (n: number, f: () => number | null): number | null => {
  let best: number | null = null;
  for (let i = 0; i < n; i++) {
    const t = f();
    if (t === null) return null;
    best = best === null ? t : Math.min(best, t);
  }
  return best;
};
const e2eBody: string[][] = [];
let under = 0;
let faster = 0;
let compared = 0;
for (const file of examples(root)) {
  const ipMs = bestOf(3, () => {
    const start = process.hrtime.bigint();
    spawnSync(process.execPath, [cli, file], { encoding: "utf8" });
    return Number(process.hrtime.bigint() - start) / 1e6;
  })!;
  if (ipMs < 500) under++;
  const parsed = parseProgram(file, readFileSync(file, "utf8"));
  const emitted = haveSpin && parsed.ok ? emitPromela(parsed.model) : null;
  const spinMs = emitted?.ok ? bestOf(2, () => spinFastestMs(emitted.text, ["-DVECTORSZ=4096", "-DMEMLIM=2048"])) : null;
  if (spinMs !== null) {
    compared++;
    if (ipMs < spinMs) faster++;
  }
  e2eBody.push([file.slice(root.length + 1), ipMs.toFixed(0), spinMs === null ? (emitted && !emitted.ok ? "not translated" : "-") : spinMs.toFixed(0), spinMs === null ? "-" : (ipMs / spinMs).toFixed(2)]);
}
const e2eTable = grid(["example", "ip cold ms", "spin -O0 ms", "ip ÷ spin"], e2eBody);
const e2eLine = `${under} of ${e2eBody.length} examples checked end to end in under 500 ms; faster than SPIN's translate + gcc -O0 + pan on ${faster} of the ${compared} it translates`;
process.stdout.write(`\n${e2eTable}\n${e2eLine}\n`);
const spinLine = haveSpin ? "" : "spin: not installed";
process.stdout.write(`\n${cmpTable}\n\n${coldLine}\n${spinLine ? `${spinLine}\n` : ""}`);

const version = (cmd: string, args: string[]) => {
  const r = spawnSync(cmd, args, { encoding: "utf8" });
  return r.error ? "-" : `${r.stdout}${r.stderr}`.trim().split("\n")[0]!;
};
const md = `# Bench results: ipcheck and SPIN side by side

Generated by \`npm run bench\` (src/bench/bench.ts) on ${new Date().toISOString().slice(0, 10)}, \`${arch()}\` (uname -m: ${version("uname", ["-m"])}), nproc ${availableParallelism()}, Node ${process.version}, ${version("spin", ["-V"])}, ${version("gcc", ["--version"])}.

The families are generated by src/bench/models.ts (ipcheck) and src/bench/promela.ts (Promela, same
processes, same steps as far as Promela allows; see the comments there for what is approximated).
SPIN: \`spin -a\`, \`gcc -O2 -DSAFETY [-DNOREDUCE]\`, \`./pan -m… -w…\`, the hash table sized to the
state count and the depth bound raised until the search is not truncated.

Columns: ip = ipcheck (its whole search, with its partial-order reduction: stores states and edges
for traces, checks races, signal races, deadlocks, livelocks); ip no-POR st = ipcheck's states with
\`--no-por\` (points with at most ${NO_POR_UP_TO} states with it; "-" past that), POR × = that ÷ ip states; ip sym st = ipcheck's states with \`--symmetry\` (families of
identical processes; sym÷POR = that ÷ SPIN's states with its POR); spin emitted = SPIN with its POR on
ipcheck's own translation (\`--emit promela\`, every rule of the model kept, so more states than the
lean hand-written models), where the translator takes the program; spin states/trans/st/s/B/st = pan without partial-order reduction
(-DNOREDUCE), spin POR st = with it (the default); pan s = pan's own elapsed time (coarse
grain: small models show 0 and no rate); spin B/st = pan's "total actual memory usage" / states
(includes its DFS stack and fixed overhead, so it is large for small models); spin B/st store =
("actual memory usage for states" + hash table) / states, which is what ip B/st counts for
ipcheck (its states, their index and edges); ip e2e = a fresh \`bin/ipcheck --format json\` process on the
point's program (start-up, parsing, search, report), wall time; spin e2e = spin -a + gcc -O2 + pan, wall time, with POR; e2e -O0 = the
same with gcc -O0 (small points only); the ratios are ipcheck ÷ SPIN without POR (states/s, bytes
per state, states) and ipcheck states ÷ SPIN's with POR.

## Families

\`\`\`
${cmpTable}
\`\`\`

${coldLine}
${spinLine}

## The examples end to end

Each example of examples/ checked by a fresh \`bin/ipcheck\` process (start-up, parsing, search,
report; best of 3) against SPIN's fastest translate-compile-run of its \`--emit promela\`
translation: \`spin -a\`, \`gcc -O0 -DSAFETY\`, \`./pan\` with its default hash table (best of 2);
"not translated": a program the translation refuses.

\`\`\`
${e2eTable}
\`\`\`

${e2eLine}

## Compiled local work against the interpreter

Each function's local instructions compiled to one JavaScript function (src/explorer/compiled-code.ts,
\`--compile\`) against the interpreter over the model (the default): the search's time with
partial-order reduction, five pairs of runs back to back, the best of each way and the median of the
pairs' ratios; the states, transitions and result are checked equal.

\`\`\`
${compileTable}
\`\`\`

## Swarm

\`--swarm i/n\` (src/explorer/swarm.ts): member 1 is the usual breadth-first search, the others
search depth-first, each shuffling every state's transitions with its own seed. The model is the signal
storm (N=${SWARM_N}) whose parent asserts at the end that it counted every signal, false only at the
end of a run. The first row is one breadth-first search with ${BFS_BUDGET} states, the others the
members of a swarm of ${SWARM_MEMBERS} with ${SWARM_BUDGET} states each, as a CI matrix would run them.

\`\`\`
${swarmTable}
\`\`\`

${swarmLine}

## ipcheck on the examples

\`\`\`
${examplesTable}
\`\`\`
`;
const outDir = join(import.meta.dirname, "..", "..", "bench");
mkdirSync(outDir, { recursive: true });
writeFileSync(join(outDir, "RESULTS.md"), md);
process.stdout.write(`written: bench/RESULTS.md\n`);
