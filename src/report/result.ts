// What checking one file gives: the data every reporter formats.
import type { Span } from "../model/model.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import type { RuleId } from "../rules/rule-ids.js";
import type { Severity } from "../rules/define-rule.js";
import type { TraceStep } from "../explorer/trace.js";

export type Verdict = "clean" | "violations" | "inconclusive" | "error";

export interface Finding {
  readonly rule: RuleId;
  readonly severity: Severity;
  readonly message: string;
  readonly span: Span | null;
  readonly related: readonly Span[];
  readonly trace: readonly TraceStep[];
}

export interface Stats {
  readonly states: number;
  readonly transitions: number;
  readonly ms: number;
  readonly depth: number;
  readonly bytesPerState: number;
  /** the whole state space was explored */
  readonly complete: boolean;
  /** the bound that stopped the search, or null */
  readonly bound: string | null;
  /** hash compaction (--hash-compact): the chance that a state was missed; absent otherwise */
  readonly collisionBound?: number | null;
}

export interface FileResult {
  readonly file: string;
  /** the program's text, for locations and code frames (null if unreadable) */
  readonly source: string | null;
  readonly verdict: Verdict;
  readonly stats: Stats;
  readonly findings: readonly Finding[];
  readonly diagnostics: readonly Diagnostic[];
  /** an internal error of ipcheck while checking this file (exit code 4) */
  readonly internal?: string;
}

export const EXIT_CODES = { clean: 0, violations: 1, error: 2, inconclusive: 3, internal: 4 } as const;
