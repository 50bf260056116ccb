// Every rule, in id order: `ipcheck explain`, the docs and the reporters read it from here.
import type { Rule } from "./define-rule.js";
import type { RuleId } from "./rule-ids.js";
import { assertion } from "./assertion.js";
import { dataRace } from "./data-race.js";
import { deadlock } from "./deadlock.js";
import { killedBySignal } from "./killed-by-signal.js";
import { livelock } from "./livelock.js";
import { mutexMisuse } from "./mutex-misuse.js";
import { signalLost } from "./signal-lost.js";
import { signalRace } from "./signal-race.js";
import { unsafeHandlerCall } from "./unsafe-handler-call.js";

export const RULES: readonly Rule[] = [
  assertion,
  dataRace,
  deadlock,
  killedBySignal,
  livelock,
  mutexMisuse,
  signalLost,
  signalRace,
  unsafeHandlerCall,
];

export function ruleById(id: RuleId): Rule {
  const rule = RULES.find((r) => r.id === id);
  if (!rule) throw new Error(`unknown rule ${id}`);
  return rule;
}
