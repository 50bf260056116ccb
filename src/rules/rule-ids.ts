// The rule ids of LANGUAGE.md §4, in id order.
export const RULE_IDS = [
  "assertion",
  "data-race",
  "deadlock",
  "killed-by-signal",
  "livelock",
  "mutex-misuse",
  "signal-lost",
  "signal-race",
  "unsafe-handler-call",
] as const;

export type RuleId = (typeof RULE_IDS)[number];
