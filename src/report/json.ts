// The JSON report: a contract (issue #3): { version: 1, results: [ { file, verdict, stats, findings,
// diagnostics } ] }. Field order is fixed; timings are the only thing that varies between runs.
import type { FileResult } from "./result.js";
import { locate } from "./location.js";
import type { Span } from "../model/model.js";

export function jsonReport(results: readonly FileResult[]): string {
  return `${JSON.stringify({ version: 1, results: results.map(jsonResult) }, null, 2)}\n`;
}

function loc(file: string, source: string | null, span: Span | null) {
  if (!span || source === null) return { file, line: 0, column: 0 };
  const l = locate(source, span);
  return { file, line: l.line, column: l.column, endLine: l.endLine, endColumn: l.endColumn };
}

function jsonResult(r: FileResult) {
  return {
    file: r.file,
    verdict: r.verdict,
    stats: {
      states: r.stats.states,
      transitions: r.stats.transitions,
      ms: r.stats.ms,
      depth: r.stats.depth,
      bytesPerState: Math.round(r.stats.bytesPerState),
      complete: r.stats.complete,
      bound: r.stats.bound,
      ...(r.stats.collisionBound != null ? { hashCompaction: { missProbability: r.stats.collisionBound } } : {}),
    },
    findings: r.findings.map((f) => ({
      rule: f.rule,
      severity: f.severity,
      message: f.message,
      location: loc(r.file, r.source, f.span),
      related: f.related.map((s) => loc(r.file, r.source, s)),
      trace: f.trace.map((s) => ({
        actor: s.actor,
        kind: s.kind,
        location: s.span ? loc(r.file, r.source, s.span) : null,
        text: s.text,
        effect: s.effect.join(", "),
        changes: s.effect,
        ...(s.output !== null ? { output: s.output } : {}),
        ...(s.loop ? { loop: true } : {}),
      })),
    })),
    diagnostics: r.diagnostics.map((d) => ({
      code: d.code,
      severity: d.severity,
      message: d.message,
      location: loc(r.file, r.source, d.span),
      ...(d.help ? { help: d.help } : {}),
    })),
  };
}
