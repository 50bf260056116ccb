import { defineRule } from "./define-rule.js";

export const assertion = defineRule({
  id: "assertion",
  severity: "error",
  summary: "An assert() failed, or an index was outside its array",
  help: "Read the trace: it is a run of the program that reaches the failure. Fix the logic it shows, or the assertion if it claims too much.",
  example: "examples/rules/assertion.ts",
  fixed: "examples/rules/assertion-fixed.ts",
  check: "semantics/checks-api.ts assert(); machine.ts indexOutOfBounds()",
});
