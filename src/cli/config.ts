// The configuration (issue #7): `ipcheck.config.json`, or an `ipcheck` key in `package.json`, found
// from the current folder up to the repository root (the folder with .git) and no further. JSON only.
// CLI flags override it; it overrides a program's own `options`. An unknown key is an error naming it.
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { RULE_IDS, type RuleId } from "../rules/rule-ids.js";
import { signalByName } from "../model/signals.js";

export type RuleSetting = "error" | "warning" | "off";

export interface Config {
  /** where it was found, for messages */
  readonly source: string | null;
  readonly rules: Partial<Record<RuleId, RuleSetting>>;
  readonly maxStates?: number;
  readonly maxDepth?: number;
  readonly timeout?: number;
  readonly maxMemory?: number;
  readonly envSignals?: number[];
  readonly envSignalLimit?: number;
  readonly netFaults?: string[];
  readonly include?: string[];
  readonly exclude?: string[];
  readonly maxWarnings?: number;
  readonly jobs?: number;
}

export class ConfigError extends Error {}

const KEYS = ["rules", "maxStates", "maxDepth", "timeout", "maxMemory", "envSignals", "envSignalLimit", "netFaults", "include", "exclude", "maxWarnings", "jobs"];

export function findConfig(from: string): Config {
  let dir = resolve(from);
  for (;;) {
    const file = join(dir, "ipcheck.config.json");
    if (existsSync(file)) return parseConfig(readJson(file), file);
    const pkg = join(dir, "package.json");
    if (existsSync(pkg)) {
      const json = readJson(pkg) as Record<string, unknown>;
      if (json && typeof json === "object" && "ipcheck" in json) return parseConfig(json["ipcheck"], `${pkg} ("ipcheck")`);
    }
    if (existsSync(join(dir, ".git"))) break; // the repository root: no further
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return { source: null, rules: {} };
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, "utf8"));
  } catch (e) {
    throw new ConfigError(`${file}: not valid JSON (${e instanceof Error ? e.message : String(e)})`);
  }
}

export function parseConfig(json: unknown, source: string): Config {
  const fail = (what: string): never => {
    throw new ConfigError(`${source}: ${what}`);
  };
  if (!json || typeof json !== "object" || Array.isArray(json)) fail("the configuration must be a JSON object");
  const o = json as Record<string, unknown>;
  for (const key of Object.keys(o)) if (!KEYS.includes(key)) fail(`unknown key "${key}" (the keys are ${KEYS.join(", ")})`);
  const int = (key: string, min: number): number | undefined => {
    const v = o[key];
    if (v === undefined) return undefined;
    if (typeof v !== "number" || !Number.isInteger(v) || v < min) fail(`"${key}" must be a whole number of at least ${min}`);
    return v as number;
  };
  const strings = (key: string): string[] | undefined => {
    const v = o[key];
    if (v === undefined) return undefined;
    if (!Array.isArray(v) || !v.every((x) => typeof x === "string")) fail(`"${key}" must be an array of strings`);
    return v as string[];
  };
  const rules: Partial<Record<RuleId, RuleSetting>> = {};
  if (o["rules"] !== undefined) {
    const r = o["rules"];
    if (!r || typeof r !== "object" || Array.isArray(r)) fail(`"rules" must be an object of rule ids to "error", "warning" or "off"`);
    for (const [id, setting] of Object.entries(r as Record<string, unknown>)) {
      if (!(RULE_IDS as readonly string[]).includes(id)) fail(`unknown rule "${id}" in "rules" (the rules are ${RULE_IDS.join(", ")})`);
      if (setting !== "error" && setting !== "warning" && setting !== "off") fail(`rule "${id}" must be "error", "warning" or "off"`);
      rules[id as RuleId] = setting as RuleSetting;
    }
  }
  const envSignals = strings("envSignals")?.map((name) => {
    const sig = signalByName(name);
    if (sig === undefined || sig === 9 || sig === 19) fail(`"envSignals": ${name} is not a signal the environment can send`);
    return sig!;
  });
  const netFaults = strings("netFaults");
  for (const f of netFaults ?? []) if (!["loss", "duplicate", "reorder"].includes(f)) fail(`"netFaults": unknown fault "${f}"`);
  return {
    source,
    rules,
    maxStates: int("maxStates", 1),
    maxDepth: int("maxDepth", 1),
    timeout: int("timeout", 1),
    maxMemory: int("maxMemory", 64),
    envSignals,
    envSignalLimit: int("envSignalLimit", 0),
    netFaults,
    include: strings("include"),
    exclude: strings("exclude"),
    maxWarnings: int("maxWarnings", 0),
    jobs: int("jobs", 1),
  };
}
