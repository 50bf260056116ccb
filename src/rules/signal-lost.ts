import { defineRule } from "./define-rule.js";

export const signalLost = defineRule({
  id: "signal-lost",
  severity: "error",
  summary: "A signal was sent while the same signal was pending: standard signals are not queued",
  help: "Do not count signals: let the handler set a flag and keep the count elsewhere, or acknowledge each signal (the receiver answers before the sender sends again), or use a pipe or message queue.",
  example: "examples/rules/signal-lost.ts",
  fixed: "examples/rules/signal-lost-fixed.ts",
  check: "semantics/signals.ts sendSignal()",
});
