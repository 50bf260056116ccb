// A bad input is a value, not an exception (STYLE.md).
import type { Span } from "../model/model.js";
import type { DiagnosticCode } from "./codes.js";

export interface Diagnostic {
  readonly code: DiagnosticCode;
  readonly severity: "error";
  readonly file: string;
  /** null when the diagnostic is about the file as a whole */
  readonly span: Span | null;
  readonly message: string;
  readonly help?: string;
}

/** Thrown by the parser to stop at the first unsupported construct; caught only by the parser's entry. */
export class DiagnosticError extends Error {
  constructor(readonly diagnostic: Diagnostic) {
    super(diagnostic.message);
  }
}

export function diagnostic(
  code: DiagnosticCode,
  file: string,
  span: Span | null,
  message: string,
  help?: string,
): Diagnostic {
  return help === undefined
    ? { code, severity: "error", file, span, message }
    : { code, severity: "error", file, span, message, help };
}

/** An invariant of ours is broken: the CLI reports it as an internal error (exit code 4). */
export class InternalError extends Error {}

export function internalAssert(cond: unknown, message: string): asserts cond {
  if (!cond) throw new InternalError(message);
}
