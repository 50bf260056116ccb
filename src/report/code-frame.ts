// Code frames under findings and diagnostics, from @babel/code-frame (the frame ESLint and Babel print).
import { codeFrameColumns } from "@babel/code-frame";
import type { Span } from "../model/model.js";
import { locate } from "./location.js";

export function codeFrame(source: string, span: Span, color: boolean, message?: string): string {
  const l = locate(source, span);
  const sameLine = l.endLine === l.line;
  return codeFrameColumns(
    source,
    { start: { line: l.line, column: l.column }, end: sameLine ? { line: l.endLine, column: Math.max(l.endColumn, l.column + 1) } : undefined },
    { highlightCode: color, forceColor: color, linesAbove: 1, linesBelow: 1, ...(message ? { message } : {}) },
  );
}
