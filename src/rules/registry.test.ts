// One test walks the registry (STYLE.md "Rules are a registry"): the nine rules of LANGUAGE.md §4 in
// id order, each in the file named by its id, with its summary and help, and, once its check exists,
// an example program that reports it and the same program fixed, which is clean.
import { existsSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { checkFile } from "../cli/check-file.js";
import { RULES, ruleById } from "./registry.js";
import { RULE_IDS } from "./rule-ids.js";
import { EXAMPLE_SETTINGS } from "../../test/check-source.js";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..");

const settings = EXAMPLE_SETTINGS;

// LANGUAGE.md §4, "What the checker reports"
const LANGUAGE_RULES = [
  "data-race",
  "signal-race",
  "deadlock",
  "assertion",
  "signal-lost",
  "killed-by-signal",
  "unsafe-handler-call",
  "mutex-misuse",
  "livelock",
];

const ids = RULES.map((r) => r.id);

describe("the rule registry", () => {
  it("lists the nine rules of LANGUAGE.md §4, unique, in id order", () => {
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual([...ids].sort());
    expect(ids).toEqual([...RULE_IDS]);
    expect([...ids].sort()).toEqual([...LANGUAGE_RULES].sort());
  });

  it("has one file per rule, and no rule file outside the registry", () => {
    const support = new Set(["define-rule.ts", "registry.ts", "rule-ids.ts"]);
    const files = readdirSync(here)
      .filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts") && !support.has(f))
      .map((f) => f.slice(0, -".ts".length))
      .sort();
    expect(files).toEqual([...ids].sort());
  });

  describe.each(RULES.map((rule) => [rule.id, rule] as const))("%s", (id, rule) => {
    it("is defined in src/rules/<id>.ts, which exports it", async () => {
      expect(existsSync(join(here, `${id}.ts`))).toBe(true);
      const mod = (await import(`./${id}.js`)) as Record<string, unknown>;
      expect(Object.values(mod)).toContain(rule);
      expect(ruleById(id)).toBe(rule);
    });

    it("has a summary, help, a severity and the check that finds it", () => {
      expect(rule.summary.trim()).not.toBe("");
      expect(rule.help.trim()).not.toBe("");
      expect(rule.check.trim()).not.toBe("");
      expect(["error", "warning"]).toContain(rule.severity);
    });

    if (rule.pendingIssue !== undefined) {
      it(`has no example programs until issue #${rule.pendingIssue} lands`, () => {
        expect(Number.isInteger(rule.pendingIssue) && rule.pendingIssue! > 0).toBe(true);
        expect(rule.example).toBe("");
        expect(rule.fixed).toBe("");
      });
    } else {
      it("names examples/rules/<id>.ts and examples/rules/<id>-fixed.ts, which exist", () => {
        expect(rule.example).toBe(`examples/rules/${id}.ts`);
        expect(rule.fixed).toBe(`examples/rules/${id}-fixed.ts`);
        expect(existsSync(join(root, rule.example))).toBe(true);
        expect(existsSync(join(root, rule.fixed))).toBe(true);
      });

      it("reports this rule on its example", () => {
        const result = checkFile(join(root, rule.example), settings);
        expect(result.verdict).toBe("violations");
        expect(result.findings.map((f) => f.rule)).toContain(id);
      });

      it("finds its fixed program clean", () => {
        const result = checkFile(join(root, rule.fixed), settings);
        expect(result.findings.map((f) => `${f.rule}: ${f.message}`)).toEqual([]);
        expect(result.verdict).toBe("clean");
      });
    }
  });
});
