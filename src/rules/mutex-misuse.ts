import { defineRule } from "./define-rule.js";

export const mutexMisuse = defineRule({
  id: "mutex-misuse",
  severity: "error",
  summary: "A mutex unlocked by a thread that does not hold it, locked again by its owner, or destroyed while locked",
  help: "Unlock only what the thread locked, once; use a recursive design or split the function.",
  example: "examples/rules/mutex-misuse.ts",
  fixed: "examples/rules/mutex-misuse-fixed.ts",
  check: "semantics/mutexes.ts mutexLock(), mutexUnlock(), mutexDestroy()",
});
