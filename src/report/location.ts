// Offsets to lines and columns (1-based), computed by reporters only (STYLE.md: the model keeps spans).
import type { Span } from "../model/model.js";

export interface Location {
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
}

export function locate(source: string, span: Span): Location {
  const start = position(source, span.start);
  const end = position(source, span.end);
  return { line: start.line, column: start.column, endLine: end.line, endColumn: end.column };
}

function position(source: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < source.length; i++) {
    if (source.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}
