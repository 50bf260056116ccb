// The CI gate end to end (issue #7): a folder of generated submissions — clean, racy, one with a
// syntax error, one that hits a bound — checked on worker threads, in every format, with the worst
// exit code, a summary, and the same bytes whatever --jobs.
import { beforeAll, describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const BIN = join(import.meta.dirname, "..", "bin", "ipcheck");
let dir: string;

function ipcheck(args: string[], cwd = dir) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const clean = (n: number) => `import { fork, wait, exit, assert } from "ipcheck";
export function main(): void {
  const pid = fork();
  if (pid === 0) { exit(${n}); }
  assert(wait() === pid);
}
`;
const racy = (n: number) => `import { signal, SIGUSR1 } from "ipcheck";
let count = ${n};
function onUsr1(signum: number): void { count++; }
export function main(): void {
  signal(SIGUSR1, onUsr1);
  while (true) { count--; }
}
`;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "ipcheck-batch-"));
  mkdirSync(join(dir, ".git"));
  mkdirSync(join(dir, "labs", "node_modules", "x"), { recursive: true });
  for (let i = 0; i < 4; i++) {
    mkdirSync(join(dir, "labs", `student${i}`), { recursive: true });
    writeFileSync(join(dir, "labs", `student${i}`, "clean.ts"), clean(i));
    writeFileSync(join(dir, "labs", `student${i}`, "racy.ts"), racy(i));
  }
  writeFileSync(join(dir, "labs", "broken.ts"), "export function main(: void {\n");
  writeFileSync(join(dir, "labs", "bound.ts"), `import { nondet } from "ipcheck";\nexport function main(): void { const v = nondet(0, 5000); }\n`);
  writeFileSync(join(dir, "labs", "node_modules", "x", "ignored.ts"), "class X {}\n");
  writeFileSync(join(dir, "labs", "types.d.ts"), "declare const t: number;\n");
});

const strip = (s: string) => s.replace(/"ms": \d+/g, '"ms": 0');

describe("batch checking", () => {
  it("checks every submission of a folder, in a stable order, and the worst exit code wins", () => {
    const r = ipcheck(["--format", "json", "--jobs", "2", "labs"]);
    const report = JSON.parse(r.stdout);
    const verdicts = Object.fromEntries(report.results.map((x: { file: string; verdict: string }) => [x.file, x.verdict]));
    expect(Object.keys(verdicts)).toEqual([
      "labs/bound.ts",
      "labs/broken.ts",
      ...[0, 1, 2, 3].flatMap((i) => [`labs/student${i}/clean.ts`, `labs/student${i}/racy.ts`]),
    ]);
    expect(verdicts["labs/bound.ts"]).toBe("inconclusive");
    expect(verdicts["labs/broken.ts"]).toBe("error");
    expect(verdicts["labs/student0/clean.ts"]).toBe("clean");
    expect(verdicts["labs/student3/racy.ts"]).toBe("violations");
    expect(r.code).toBe(2); // an input error wins over violations and inconclusive
  });

  it("gives the same bytes with one job and with two", () => {
    const one = ipcheck(["--format", "json", "--jobs", "1", "labs"]);
    const two = ipcheck(["--format", "json", "--jobs", "2", "labs"]);
    expect(strip(two.stdout)).toBe(strip(one.stdout));
    const sarif1 = ipcheck(["--format", "sarif", "--jobs", "1", "labs"]);
    const sarif2 = ipcheck(["--format", "sarif", "--jobs", "2", "labs"]);
    expect(sarif2.stdout).toBe(sarif1.stdout);
  });

  it("prints a summary and writes every format", () => {
    const r = ipcheck(["--jobs", "2", "labs"]);
    expect(r.stdout).toMatch(/10 files checked in [\d.]+ s: 4 clean, 4 with violations, 1 inconclusive, 1 errors/);
    const sarif = JSON.parse(ipcheck(["--format", "sarif", "labs"]).stdout);
    expect(sarif.version).toBe("2.1.0");
    expect(sarif.runs[0].results.filter((x: { ruleId: string }) => x.ruleId === "signal-race")).toHaveLength(4);
    expect(ipcheck(["--format", "junit", "labs"]).stdout).toContain("<testsuite");
    const github = ipcheck(["--format", "github", "labs"]).stdout;
    expect(github.split("\n").filter((l) => l.startsWith("::error file=labs/student"))).toHaveLength(4);
    ipcheck(["--format", "sarif", "--output-file", "report.sarif", "labs"]);
    expect(JSON.parse(readFileSync(join(dir, "report.sarif"), "utf8")).version).toBe("2.1.0");
  });

  it("splits the submissions across shards without overlap", () => {
    const files = (i: number) => JSON.parse(ipcheck(["--format", "json", "--shard", `${i}/3`, "labs"]).stdout).results.map((x: { file: string }) => x.file);
    const all = [1, 2, 3].flatMap(files);
    expect(all.sort()).toEqual(JSON.parse(ipcheck(["--format", "json", "labs"]).stdout).results.map((x: { file: string }) => x.file).sort());
  });

  it("takes severities from the configuration: off drops a rule, warnings pass the gate up to --max-warnings", () => {
    writeFileSync(join(dir, "ipcheck.config.json"), JSON.stringify({ rules: { "signal-race": "warning" }, exclude: ["**/broken.ts", "**/bound.ts"] }));
    try {
      const warned = ipcheck(["--format", "json", "labs"]);
      expect(warned.code).toBe(0);
      expect(JSON.parse(warned.stdout).results[1].findings[0].severity).toBe("warning");
      expect(ipcheck(["--format", "json", "--max-warnings", "3", "labs"]).code).toBe(1);
      writeFileSync(join(dir, "ipcheck.config.json"), JSON.stringify({ rules: { "signal-race": "off" }, exclude: ["**/broken.ts", "**/bound.ts"] }));
      const off = JSON.parse(ipcheck(["--format", "json", "labs"]).stdout);
      expect(off.results.every((x: { verdict: string }) => x.verdict === "clean")).toBe(true);
      writeFileSync(join(dir, "ipcheck.config.json"), JSON.stringify({ colour: "always" }));
      const bad = ipcheck(["labs"]);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toContain('unknown key "colour"');
    } finally {
      writeFileSync(join(dir, "ipcheck.config.json"), "{}");
    }
  });

  it("bounds a file's memory without touching the other files' results", () => {
    const storm = join(dir, "storm");
    mkdirSync(storm, { recursive: true });
    const lines = ["import { signal, fork, kill, getppid, wait, _exit, SIGUSR1 } from \"ipcheck\";", "function h(s: number): void {}", "export function main(): void {", "  signal(SIGUSR1, h);"];
    lines.push("  for (let i = 0; i < 6; i++) { const pid = fork(); if (pid === 0) { kill(getppid(), SIGUSR1); kill(getppid(), SIGUSR1); _exit(0); } }", "  for (let i = 0; i < 6; i++) { wait(); }", "}");
    writeFileSync(join(storm, "big.ts"), `${lines.join("\n")}\n`);
    writeFileSync(join(storm, "small.ts"), clean(1));
    const r = JSON.parse(ipcheck(["--format", "json", "--max-memory", "20", "--jobs", "2", "storm"]).stdout);
    const [big, small] = r.results;
    expect(big.stats.bound).toBe("memory (--max-memory 20 MB)");
    expect(big.stats.complete).toBe(false);
    expect(small.verdict).toBe("clean");
    expect(small.stats.states).toBe(JSON.parse(ipcheck(["--format", "json", "storm/small.ts"]).stdout).results[0].stats.states);
  });

  it("explains a rule with its example and fix", () => {
    const r = ipcheck(["explain", "signal-race"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Block the signal around the access with sigprocmask");
    expect(r.stdout).toContain("For example (examples/rules/signal-race.ts)");
    expect(ipcheck(["explain", "no-such-rule"]).code).toBe(2);
  });
});
