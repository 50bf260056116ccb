import { defineRule } from "./define-rule.js";

export const signalRace = defineRule({
  id: "signal-race",
  severity: "error",
  summary: "A handler and the code it interrupts both access a global",
  help: "Block the signal around the access with sigprocmask, or use a sig_atomic_t flag that the handler only sets.",
  example: "examples/rules/signal-race.ts",
  fixed: "examples/rules/signal-race-fixed.ts",
  check: "explorer/checks.ts checkGlobalAccess()",
});
