// The GitHub Actions report: one workflow command per finding or diagnostic, which the runner turns
// into an annotation on the line (`::error file=…,line=…::message`). The message carries the trace's
// first and last steps; a file left inconclusive gets a warning naming the bound, an internal error of
// ipcheck an error.
import type { FileResult, Finding } from "./result.js";
import { locate } from "./location.js";
import type { Span } from "../model/model.js";
import type { TraceStep } from "../explorer/trace.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";

export function githubReport(results: readonly FileResult[]): string {
  const lines = results.flatMap((r) => [
    ...r.diagnostics.map((d) => diagnosticCommand(r, d)),
    ...r.findings.map((f) => findingCommand(r, f)),
    ...(r.verdict === "inconclusive" ? [inconclusiveCommand(r)] : []),
    ...(internalError(r) !== null ? [command("error", r, null, "ipcheck/internal-error", `internal error of ipcheck (please report it with the program): ${internalError(r)}`)] : []),
  ]);
  return lines.map((line) => `${line}\n`).join("");
}

/** Workflow commands: the message (data) escapes `%`, CR and LF. */
export function escapeData(text: string): string {
  return text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

/** Workflow commands: a property value escapes also `:` and `,`, which end it. */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, "%3A").replace(/,/g, "%2C");
}

function command(kind: "error" | "warning", r: FileResult, span: Span | null, title: string, message: string): string {
  const props: [string, string | number][] = [["file", r.file.replace(/\\/g, "/")]];
  if (span !== null && r.source !== null) {
    const l = locate(r.source, span);
    props.push(["line", l.line], ["endLine", l.endLine], ["col", l.column], ["endColumn", l.endColumn]);
  }
  props.push(["title", title]);
  return `::${kind} ${props.map(([k, v]) => `${k}=${escapeProperty(String(v))}`).join(",")}::${escapeData(message)}`;
}

function findingCommand(r: FileResult, f: Finding): string {
  return command(f.severity === "error" ? "error" : "warning", r, f.span, f.rule, `${f.message}${traceSummary(r, f.trace)}`);
}

/** The trace's first and last steps, one line each, after the step count. */
function traceSummary(r: FileResult, trace: readonly TraceStep[]): string {
  if (trace.length === 0) return "";
  const looping = trace.filter((s) => s.loop).length;
  const lines = [`trace (${trace.length} step${trace.length === 1 ? "" : "s"}${looping > 0 ? `; the last ${looping} repeat forever` : ""}):`];
  lines.push(stepLine(r, trace[0]!, 1));
  if (trace.length > 2) lines.push("…");
  if (trace.length > 1) lines.push(stepLine(r, trace[trace.length - 1]!, trace.length));
  return `\n${lines.join("\n")}`;
}

function stepLine(r: FileResult, s: TraceStep, n: number): string {
  const at = s.span !== null && r.source !== null ? ` (line ${locate(r.source, s.span).line})` : "";
  return `${n}. ${s.actor}${at}: ${s.text}${s.effect.length > 0 ? `: ${s.effect.join(", ")}` : ""}`;
}

function diagnosticCommand(r: FileResult, d: Diagnostic): string {
  return command("error", r, d.span, `ipcheck/${d.code}`, d.help ? `${d.message}\nhelp: ${d.help}` : d.message);
}

function inconclusiveCommand(r: FileResult): string {
  return command("warning", r, null, "ipcheck/inconclusive", `inconclusive, nothing found but the search stopped at a bound: ${r.stats.bound ?? "unknown"} (${r.stats.states} states explored)`);
}

/**
 * The first line of an internal error of ipcheck while checking this file (the CLI's pool sets
 * `internal` to the error's stack; the rest of the stack names this machine's paths).
 */
function internalError(r: FileResult): string | null {
  const internal = (r as { readonly internal?: string }).internal;
  return internal ? internal.split("\n")[0]! : null;
}
