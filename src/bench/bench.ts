// `npm run bench`: states, transitions, time, states/s and bytes per stored state for the examples
// and for scalable models. Times vary with the machine; the state counts do not.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseProgram } from "../parser/parse.js";
import { search } from "../explorer/search.js";
import { boundedBuffer, philosophers, pipeRing, producersConsumers, signalRing, signalStorm } from "./models.js";

interface Row {
  name: string;
  states: number;
  transitions: number;
  ms: number;
  bytesPerState: number;
  verdict: string;
}

function measure(name: string, source: string): Row | null {
  const parsed = parseProgram(name, source);
  if (!parsed.ok) return null;
  const start = process.hrtime.bigint();
  const r = search(parsed.model, { maxStates: 20_000_000, maxDepth: 1_000_000 });
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

const rows: Row[] = [];
const root = join(import.meta.dirname, "..", "..", "examples");
for (const file of examples(root)) {
  const row = measure(file.slice(root.length + 1), readFileSync(file, "utf8"));
  if (row) rows.push(row);
}
for (const n of [2, 3, 4, 5]) rows.push(measure(`signal-storm-${n}.ts`, signalStorm(n))!);
for (const n of [3, 4, 5, 6]) rows.push(measure(`signal-ring-${n}.ts`, signalRing(n))!);
for (const n of [3, 4, 5]) rows.push(measure(`philosophers-${n}.ts`, philosophers(n))!);
for (const n of [3, 4, 5]) rows.push(measure(`pipe-ring-${n}.ts`, pipeRing(n))!);
for (const [k, items] of [[2, 2], [4, 3], [8, 4]] as const) rows.push(measure(`bounded-buffer-${k}x${items}.ts`, boundedBuffer(k, items))!);
for (const [p, c] of [[1, 1], [2, 1], [2, 2]] as const) rows.push(measure(`producers-consumers-${p}x${c}.ts`, producersConsumers(p, c))!);
process.stdout.write(`${table(rows)}\n`);
