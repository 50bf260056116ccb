import { defineRule } from "./define-rule.js";

export const unsafeHandlerCall = defineRule({
  id: "unsafe-handler-call",
  severity: "error",
  summary: "A handler calls a function that is not async-signal-safe (signal-safety(7))",
  help: "In a handler use only async-signal-safe calls: write(1, ...) instead of printf, _exit instead of exit; or set a flag and do the work in main.",
  example: "examples/rules/unsafe-handler-call.ts",
  fixed: "examples/rules/unsafe-handler-call-fixed.ts",
  check: "explorer/checks.ts checkHandlerCall()",
});
