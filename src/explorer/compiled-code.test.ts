// Compiled local work (compiled-code.ts) is the interpreter's, word for word: the same states,
// transitions and findings on every example, the bench families and generated programs; and the
// code it makes holds numbers only, nothing of the program's text.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { modelOf } from "../../test/check-source.js";
import { programArbitrary } from "../../test/program-generator.js";
import { boundedBuffer, philosophers, producersConsumers, signalRing, signalStorm } from "../bench/models.js";
import { parseProgram } from "../parser/parse.js";
import { search } from "./search.js";
import { compileFunctions } from "./compiled-code.js";

const BOUNDS = { maxStates: 100_000, maxDepth: 10_000 };
const root = join(import.meta.dirname, "..", "..", "examples");
const examples = (readdirSync(root, { recursive: true }) as string[]).filter((f) => f.endsWith(".ts")).sort();

function agrees(source: string, name = "program.ts"): void {
  const parsed = parseProgram(name, source);
  if (!parsed.ok) return;
  const compiled = search(parsed.model, { ...BOUNDS, compiled: true });
  const interpreted = search(parsed.model, { ...BOUNDS, compiled: false });
  expect(compiled.states).toBe(interpreted.states);
  expect(compiled.transitions).toBe(interpreted.transitions);
  const keys = (r: typeof compiled) => r.findings.map((f) => `${f.raw.rule} ${f.raw.key} ${f.state}/${f.transition}`);
  expect(keys(compiled)).toEqual(keys(interpreted));
  const buf = new Int32Array(1 << 16);
  const other = new Int32Array(1 << 16);
  for (let id = 0; id < compiled.states; id += 97) {
    const n = compiled.visited.load(id, buf);
    expect(interpreted.visited.load(id, other)).toBe(n);
    expect(buf.subarray(0, n)).toEqual(other.subarray(0, n));
  }
}

describe("compiled local work", () => {
  it("explores what the interpreter explores on every example", () => {
    expect(examples.length).toBeGreaterThan(50);
    for (const file of examples) agrees(readFileSync(join(root, file), "utf8"), file);
  });

  it("explores what the interpreter explores on the bench families", () => {
    for (const source of [signalStorm(3), signalRing(5), philosophers(4), boundedBuffer(4, 3), producersConsumers(2, 2)]) agrees(source);
  });

  it("explores what the interpreter explores on generated programs", () => {
    fc.assert(fc.property(programArbitrary, (source) => agrees(source)), { numRuns: 60 });
  });

  it("compiles arithmetic, tests and forward jumps, and puts numbers only into the code", () => {
    const model = modelOf(`import { printf } from "ipcheck";
let g = 0;
export function main(): void {
  const secret = "do not run me";
  let x = 3;
  for (let i = 0; i < 3; i++) x = (x * 7 + i) ^ 5;
  if (x > 10 && x !== 12) g = x; else g = -x;
  printf(secret);
}`);
    const compiled = compileFunctions(model.functions)!;
    const main = model.functions.findIndex((f) => f.name === "main");
    const code = compiled[main]!;
    expect(code.handles.includes(1)).toBe(true);
    const text = code.run.toString();
    expect(text).not.toContain("secret");
    expect(text).not.toContain("do not run me");
    expect(text.replace(/\b(function|anonymous|return|for|switch|case|default|continue|if|true|false|pc|Math\.imul|b|r|g)\b/g, "")).toMatch(/^[\s\d(){}[\]+\-*/%<>=!&|^~?:;,.]*$/);
  });
});
