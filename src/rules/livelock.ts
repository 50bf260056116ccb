import { defineRule } from "./define-rule.js";

export const livelock = defineRule({
  id: "livelock",
  severity: "error",
  summary: "A reachable fair cycle along which some thread waits forever",
  help: "Make the condition the busy-wait reads become true on every path, or block instead of spinning.",
  example: "examples/rules/livelock.ts",
  fixed: "examples/rules/livelock-fixed.ts",
  check: "explorer/livelock.ts findLivelocks()",
});
