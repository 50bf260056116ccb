import { defineRule } from "./define-rule.js";

export const dataRace = defineRule({
  id: "data-race",
  severity: "error",
  summary: "Two threads or processes access the same shared variable, one writing, unordered by happens-before",
  help: "Order the accesses: hold a mutex around both, use Atomics on shared memory, or pass the value in a message.",
  example: "examples/rules/data-race.ts",
  fixed: "examples/rules/data-race-fixed.ts",
  check: "explorer/races.ts findRaces()",
});
