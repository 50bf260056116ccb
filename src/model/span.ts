// Spans in messages: the 1-based line of an offset, and a span's source text.
import type { Span } from "./model.js";

export function lineOf(source: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < source.length; i++) if (source.charCodeAt(i) === 10) line++;
  return line;
}

export function spanText(source: string, span: Span): string {
  return source.slice(span.start, span.end);
}
