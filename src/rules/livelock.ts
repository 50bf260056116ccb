import { defineRule } from "./define-rule.js";

export const livelock = defineRule({
  id: "livelock",
  severity: "error",
  summary: "A reachable fair cycle along which some thread waits forever",
  help: "Make the condition the busy-wait reads become true on every path, or block instead of spinning.",
  example: "",
  fixed: "",
  check: "fair-cycle detection (issue #5)",
  pendingIssue: 5,
});
