// The messages between the playground's page and its checking worker.

export interface CheckRequest {
  /** the name diagnostics and the report give the program */
  readonly file: string;
  readonly source: string;
  readonly maxStates: number;
  readonly timeoutMs: number;
}

export interface DiagnosticSummary {
  readonly line: number;
  readonly column: number;
  readonly code: string;
  readonly message: string;
  readonly help: string | null;
}

export type WorkerMessage =
  | { readonly type: "progress"; readonly states: number; readonly depth: number; readonly ms: number }
  | {
      readonly type: "done";
      readonly verdict: "clean" | "violations" | "inconclusive" | "error";
      readonly findings: readonly { readonly rule: string; readonly line: number; readonly message: string }[];
      readonly diagnostics: readonly DiagnosticSummary[];
      readonly states: number;
      readonly bound: string | null;
      /** parse and check, in the worker */
      readonly ms: number;
      /** the HTML report of the program, the same page `--format html` writes */
      readonly html: string;
    }
  | { readonly type: "internal"; readonly message: string };
