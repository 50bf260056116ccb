import { defineRule } from "./define-rule.js";

export const deadlock = defineRule({
  id: "deadlock",
  severity: "error",
  summary: "A reachable state where some process lives but nothing can happen, and no process waits for the user",
  help: "Find what each blocked process waits for in the message. A lost wake-up (pause() after the signal came) is fixed with sigprocmask + sigsuspend; a wait() for a child that waits too, by making the child's wait end.",
  example: "examples/rules/deadlock.ts",
  fixed: "examples/rules/deadlock-fixed.ts",
  check: "explorer/stuck.ts stuckFinding()",
});
