// The terminal report: each finding as `file:line:col  rule  message`, a code frame, then its trace as
// an aligned table (step, actor, location, code, effect); diagnostics as `file:line:col: error: ...`.
import { createColors } from "picocolors";
import type { FileResult, Finding } from "./result.js";
import { locate } from "./location.js";
import { codeFrame } from "./code-frame.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";

export interface StylishOptions {
  readonly color: boolean;
  /** print timings (off in tests that compare output) */
  readonly timings: boolean;
  /** the whole run's time, for the summary of several files */
  readonly elapsedMs?: number;
}

export function stylishReport(results: readonly FileResult[], options: StylishOptions): string {
  const c = createColors(options.color);
  const out: string[] = [];
  for (const r of results) {
    for (const d of r.diagnostics) out.push(formatDiagnostic(d, r.source, options.color));
    for (const f of r.findings) out.push(formatFinding(r, f, options.color));
    out.push(summaryLine(r, options));
  }
  if (results.length > 1) {
    const count = (v: string) => results.filter((r) => r.verdict === v).length;
    const time = options.timings && options.elapsedMs !== undefined ? ` in ${(options.elapsedMs / 1000).toFixed(1)} s` : "";
    out.push(c.bold(`${results.length} files checked${time}: ${count("clean")} clean, ${count("violations")} with violations, ${count("inconclusive")} inconclusive, ${count("error")} errors`));
  }
  return `${out.join("\n")}\n`;
}

export function formatDiagnostic(d: Diagnostic, source: string | null, color: boolean): string {
  const c = createColors(color);
  const where = d.span && source !== null ? (() => {
    const l = locate(source, d.span);
    return `${d.file}:${l.line}:${l.column}`;
  })() : d.file;
  const lines = [`${c.bold(where)}: ${c.red("error")}: ${d.message} ${c.dim(`[${d.code}]`)}`];
  if (d.span && source !== null) lines.push(codeFrame(source, d.span, color));
  if (d.help) lines.push(`  ${c.cyan("help")}: ${d.help}`);
  return `${lines.join("\n")}\n`;
}

function formatFinding(r: FileResult, f: Finding, color: boolean): string {
  const c = createColors(color);
  const src = r.source ?? "";
  const where = f.span ? (() => {
    const l = locate(src, f.span);
    return `${r.file}:${l.line}:${l.column}`;
  })() : r.file;
  const lines = [`${c.bold(where)}  ${c.red(f.rule)}  ${f.message}`];
  if (f.span) lines.push(codeFrame(src, f.span, color));
  if (f.trace.length > 0) {
    const looping = f.trace.filter((s) => s.loop).length;
    lines.push(`  ${c.bold("trace")} (${f.trace.length} steps${looping ? `; the last ${looping}, marked ↻, repeat for ever` : ""}):`);
    lines.push(...traceTable(r, f, color));
  }
  return `${lines.join("\n")}\n`;
}

function traceTable(r: FileResult, f: Finding, color: boolean): string[] {
  const c = createColors(color);
  const src = r.source ?? "";
  const rows = f.trace.map((s, i) => [
    `${s.loop ? "↻ " : ""}${i + 1}`,
    s.actor,
    s.span ? `${locate(src, s.span).line}:${locate(src, s.span).column}` : "",
    s.text,
    s.effect.join(", "),
  ]);
  const header = ["step", "actor", "line:col", "code", "effect"];
  const widths = header.map((h, col) => Math.max(h.length, ...rows.map((row) => row[col]!.length)));
  const fmt = (row: string[]) => `    ${row.slice(0, 4).map((cell, col) => cell.padEnd(widths[col]!)).join("  ")}  ${row[4]}`.trimEnd();
  return [c.dim(fmt(header)), ...rows.map((row, i) => (f.trace[i]!.kind === "deliver" || f.trace[i]!.actor.includes("handler") ? c.yellow(fmt(row)) : fmt(row)))];
}

function summaryLine(r: FileResult, options: StylishOptions): string {
  const c = createColors(options.color);
  const s = r.stats;
  const time = options.timings ? `, ${s.ms} ms` : "";
  const hc = s.collisionBound !== undefined && s.collisionBound !== null ? `; hash compaction: a state missed with probability ≤ ${s.collisionBound.toExponential(1)}` : "";
  const stats = r.verdict === "error" ? "" : ` (${s.states} states, ${s.transitions} transitions${time}${hc})`;
  switch (r.verdict) {
    case "clean":
      return `${c.green("✔")} ${r.file}: clean, the whole state space explored${stats}`;
    case "violations": {
      const n = r.findings.length;
      const partial = s.complete ? "" : `; search stopped by a bound: ${s.bound}`;
      return `${c.red("✖")} ${r.file}: ${n} finding${n === 1 ? "" : "s"}${stats}${partial}`;
    }
    case "inconclusive":
      return `${c.yellow("?")} ${r.file}: inconclusive, nothing found but the search stopped at a bound: ${s.bound}${stats}`;
    case "error":
      if (r.internal) return `${c.red("✖")} ${r.file}: internal error of ipcheck (please report it with the program)`;
      return `${c.red("✖")} ${r.file}: not a valid program (${r.diagnostics.length} diagnostic${r.diagnostics.length === 1 ? "" : "s"})`;
  }
}
