// The configuration file: found up to the repository root and no further, JSON only, unknown keys named.
import { describe, expect, it } from "vitest";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ConfigError, findConfig, parseConfig } from "./config.js";

function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), "ipcheck-config-"));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, ".."), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

describe("configuration", () => {
  it("is found in a parent folder, up to the repository root", () => {
    const root = tree({ "repo/.git/HEAD": "", "repo/ipcheck.config.json": '{ "maxStates": 10, "rules": { "signal-lost": "warning" } }', "repo/labs/a/x.ts": "" });
    const config = findConfig(join(root, "repo/labs/a"));
    expect(config.maxStates).toBe(10);
    expect(config.rules).toEqual({ "signal-lost": "warning" });
  });

  it("is not looked for above the repository root", () => {
    const root = tree({ "ipcheck.config.json": '{ "maxStates": 10 }', "repo/.git/HEAD": "", "repo/labs/x.ts": "" });
    expect(findConfig(join(root, "repo/labs")).source).toBeNull();
  });

  it("may be an ipcheck key in package.json", () => {
    const root = tree({ ".git/HEAD": "", "package.json": '{ "name": "lab", "ipcheck": { "exclude": ["**/solutions/**"] } }' });
    expect(findConfig(root).exclude).toEqual(["**/solutions/**"]);
  });

  it("names an unknown key, an unknown rule and a bad severity", () => {
    expect(() => parseConfig({ maxStates: 1, colour: true }, "c.json")).toThrow(new ConfigError('c.json: unknown key "colour" (the keys are rules, maxStates, maxDepth, timeout, maxMemory, envSignals, envSignalLimit, netFaults, include, exclude, maxWarnings, jobs)'));
    expect(() => parseConfig({ rules: { "signal-raec": "off" } }, "c.json")).toThrow(/unknown rule "signal-raec"/);
    expect(() => parseConfig({ rules: { "signal-race": "fatal" } }, "c.json")).toThrow(/rule "signal-race" must be "error", "warning" or "off"/);
    expect(() => parseConfig({ envSignals: ["SIGKILL"] }, "c.json")).toThrow(/SIGKILL is not a signal the environment can send/);
    expect(() => parseConfig([1], "c.json")).toThrow(/must be a JSON object/);
  });

  it("reads signals by name and faults", () => {
    const c = parseConfig({ envSignals: ["SIGINT", "SIGTERM"], netFaults: ["loss"] }, "c.json");
    expect(c.envSignals).toEqual([2, 15]);
    expect(c.netFaults).toEqual(["loss"]);
  });
});
