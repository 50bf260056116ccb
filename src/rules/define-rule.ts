// A rule's metadata (STYLE.md "Rules are a registry"). Detection happens in the explorer, at the
// step or state the rule is about (src/explorer/checks.ts, semantics/signals.ts, stuck.ts); the rule
// file names the check that finds it.
import type { RuleId } from "./rule-ids.js";

export type Severity = "error" | "warning";

export interface Rule {
  readonly id: RuleId;
  readonly severity: Severity;
  readonly summary: string;
  readonly help: string;
  /** a program that shows the rule (relative to the package root), `examples/rules/<id>.ts`;
   *  the empty string "" while `pendingIssue` is set: the check does not exist yet, so no program
   *  could show it, and the example lands with the issue */
  readonly example: string;
  /** the same program fixed: clean, `examples/rules/<id>-fixed.ts`; "" while `pendingIssue` is set */
  readonly fixed: string;
  /** where the explorer finds it */
  readonly check: string;
  /** for a rule added before its check: the issue that brings the check (every rule has one today) */
  readonly pendingIssue?: number;
}

export function defineRule(rule: Rule): Rule {
  return rule;
}
