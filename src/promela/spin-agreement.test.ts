// The agreement of SPIN and ipcheck (issue #6): every program in examples/ is translated with
// --emit promela; where the translator refuses, the refusal is pinned (the list below, so that it
// can only shrink visibly); otherwise SPIN runs on the translation and its verdicts must be
// ipcheck's: an assertion violation exactly when ipcheck reports `assertion`, an invalid end state
// exactly when ipcheck reports `deadlock`. ipcheck's other rules (data-race, signal-race,
// signal-lost, killed-by-signal, unsafe-handler-call, mutex-misuse, livelock) have no SPIN
// counterpart here: a killed process simply ends, a lost signal is a bit set twice.
// SPIN and gcc must be installed (.ci/run installs spin): the test fails, not skips, without them.
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { parseProgram } from "../parser/parse.js";
import { checkModel } from "../cli/check-file.js";
import type { FileResult } from "../report/result.js";
import { emitPromela } from "./emit.js";
import { spinInstalled, spinVerdicts, type SpinVerdicts } from "./spin.js";
import { EXAMPLE_SETTINGS } from "../../test/check-source.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const examplesDir = join(root, "examples");

function examples(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...examples(p));
    else if (e.name.endsWith(".ts")) out.push(p);
  }
  return out;
}

/** The examples --emit promela refuses, with the construct it names: none (sockets were the last, issue #6). */
const REFUSED: Readonly<Record<string, string>> = {};

const settings = EXAMPLE_SETTINGS;

interface Outcome {
  readonly file: string;
  readonly ipcheck: FileResult;
  readonly spin: SpinVerdicts | null;
  readonly refused: string | null;
}

const files = examples(examplesDir).map((f) => relative(examplesDir, f));
const outcomes = new Map<string, Outcome>();

/** Runs `work` on each item, at most `limit` at once. */
async function pool<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: limit }, worker));
}

describe("--emit promela agrees with ipcheck on every example", () => {
  it("has spin and gcc to run", () => {
    expect(spinInstalled(), "spin is not on PATH: .ci/run installs it (apt-get install -y spin)").toBe(true);
    const gcc = spawnSync("gcc", ["--version"], { encoding: "utf8" });
    expect(!gcc.error && gcc.status === 0, "gcc is not on PATH").toBe(true);
  });

  beforeAll(async () => {
    await pool(files, 2, async (file) => {
      const path = join(examplesDir, file);
      const source = readFileSync(path, "utf8");
      const parsed = parseProgram(path, source, {});
      if (!parsed.ok) throw new Error(`${file} does not parse`);
      const ipcheck = checkModel(parsed.model, settings);
      const emitted = emitPromela(parsed.model);
      if (!emitted.ok) {
        outcomes.set(file, { file, ipcheck, spin: null, refused: emitted.diagnostic.message });
        return;
      }
      outcomes.set(file, { file, ipcheck, spin: spinInstalled() ? await spinVerdicts(emitted.text) : null, refused: null });
    });
  }, 600_000);

  it("refuses exactly the pinned examples (none)", () => {
    const refused = Object.fromEntries(
      [...outcomes.values()].filter((o) => o.refused !== null).sort((a, b) => a.file.localeCompare(b.file)).map((o) => [o.file, o.refused!]),
    );
    expect(refused).toEqual(REFUSED);
    expect(Object.keys(refused)).toEqual([]);
  });

  it.each(files.filter((f) => REFUSED[f] === undefined))("%s: SPIN's verdicts are ipcheck's", (file) => {
    const o = outcomes.get(file)!;
    expect(o.refused).toBeNull();
    expect(o.ipcheck.stats.complete).toBe(true);
    const rules = new Set(o.ipcheck.findings.map((f) => f.rule));
    expect(o.spin, "spin did not run").not.toBeNull();
    expect(o.spin!.problem).toBe("");
    expect({ assertion: o.spin!.assertion, deadlock: o.spin!.invalidEnd }).toEqual({ assertion: rules.has("assertion"), deadlock: rules.has("deadlock") });
  });
});
