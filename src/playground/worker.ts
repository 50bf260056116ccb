// The playground's checker, in a Web Worker so the page stays responsive: parse (the TypeScript
// compiler, bundled), explore, replay the traces and write the HTML report, all in the browser. The
// program is only parsed, never run. The page ends a check by terminating the worker.
import { parseProgram } from "../parser/parse.js";
import { checkModel } from "../cli/check-file.js";
import { htmlReport } from "../report/html.js";
import { locate } from "../report/location.js";
import type { FileResult } from "../report/result.js";
import type { CheckRequest, WorkerMessage } from "./protocol.js";

interface WorkerScope {
  onmessage: ((e: { data: CheckRequest }) => void) | null;
  postMessage(message: WorkerMessage): void;
}

const scope = globalThis as unknown as WorkerScope;
const PROGRESS_EVERY_MS = 100;

function check(req: CheckRequest): WorkerMessage {
  const now = () => performance.now();
  const started = now();
  let lastProgress = started;
  const parsed = parseProgram(req.file, req.source);
  const stats = { states: 0, transitions: 0, ms: 0, depth: 0, bytesPerState: 0, complete: false, bound: null };
  const result: FileResult = parsed.ok
    ? checkModel(parsed.model, {
        maxStates: req.maxStates,
        maxDepth: 100_000,
        timeoutMs: req.timeoutMs,
        options: {},
        now,
        onProgress: (states, depth, ms) => {
          if (now() - lastProgress < PROGRESS_EVERY_MS) return;
          lastProgress = now();
          scope.postMessage({ type: "progress", states, depth, ms: Math.round(ms) });
        },
      }, started)
    : { file: req.file, source: req.source, verdict: "error", stats, findings: [], diagnostics: parsed.diagnostics };
  const ms = Math.round(now() - started);
  const line = (span: { start: number; end: number } | null) => (span ? locate(req.source, span) : { line: 0, column: 0 });
  return {
    type: "done",
    verdict: result.verdict,
    findings: result.findings.map((f) => ({ rule: f.rule, line: line(f.span).line, message: f.message })),
    diagnostics: result.diagnostics.map((d) => ({ ...pick(line(d.span)), code: d.code, message: d.message, help: d.help ?? null })),
    states: result.stats.states,
    bound: result.stats.bound,
    ms,
    html: htmlReport([result], { title: `ipcheck: ${req.file}` }),
  };
}

function pick(l: { line: number; column: number }) {
  return { line: l.line, column: l.column };
}

// parse a tiny program at start-up, while the user reads: the lib and the API declarations are then
// parsed and cached (program-loader.ts) before the first check
parseProgram("warm-up.ts", "export function main(): void {}\n");

scope.onmessage = (e) => {
  try {
    scope.postMessage(check(e.data));
  } catch (err) {
    scope.postMessage({ type: "internal", message: err instanceof Error ? err.message : String(err) });
  }
};
