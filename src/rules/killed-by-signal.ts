import { defineRule } from "./define-rule.js";

export const killedBySignal = defineRule({
  id: "killed-by-signal",
  severity: "error",
  summary: "A process was ended by a signal's default action",
  help: "Install the handler before the signal can be sent (before fork(), or block the signal until the handler is in place), or ignore the signal.",
  example: "examples/rules/killed-by-signal.ts",
  fixed: "examples/rules/killed-by-signal-fixed.ts",
  check: "semantics/signals.ts deliver(), sendSignal()",
});
