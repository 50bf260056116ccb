// The command line end to end: exit codes, the JSON contract, diagnostics, determinism.
import { describe, expect, it, beforeAll } from "vitest";
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const BIN = join(import.meta.dirname, "..", "bin", "ipcheck");
let dir: string;

function write(name: string, text: string): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

function ipcheck(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const RACE = `import { signal, SIGUSR1 } from "ipcheck";
let n = 0;
function onUsr1(signum: number): void {
  n++;
}
export function main(): void {
  signal(SIGUSR1, onUsr1);
  while (true) {
    n--;
  }
}
`;

const CLEAN = `import { fork, wait, exit, assert } from "ipcheck";
export function main(): void {
  const pid = fork();
  if (pid === 0) {
    exit(3);
  }
  assert(wait() === pid);
}
`;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "ipcheck-cli-"));
});

describe("ipcheck CLI", () => {
  it("reports a finding in the terminal format with a trace table, exit code 1", () => {
    const file = write("race.ts", RACE);
    const r = ipcheck(file);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`${file}:4:3  signal-race  the SIGUSR1 handler's \`n++\` (line 4) reads \`n\` between the read and the write of \`n--\` (line 9) in main()`);
    expect(r.stdout).toMatch(/step\s+actor\s+line:col\s+code\s+effect/);
    expect(r.stdout).toContain("pid 1 in handler(SIGUSR1)");
    expect(r.stdout).not.toContain("\x1b[");
  });

  it("writes the JSON contract", () => {
    const file = write("race-json.ts", RACE);
    const r = ipcheck("--format", "json", file);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.version).toBe(1);
    const [result] = report.results;
    expect(result.file).toBe(file);
    expect(result.verdict).toBe("violations");
    expect(Object.keys(result.stats)).toEqual(expect.arrayContaining(["states", "transitions", "ms"]));
    const [finding] = result.findings;
    expect(finding.rule).toBe("signal-race");
    expect(finding.severity).toBe("error");
    expect(finding.location).toMatchObject({ file, line: 4, column: 3 });
    for (const step of finding.trace) {
      expect(Object.keys(step)).toEqual(expect.arrayContaining(["actor", "location", "text", "effect"]));
    }
    expect(finding.trace.at(-1).actor).toBe("pid 1 in handler(SIGUSR1)");
    expect(result.diagnostics).toEqual([]);
  });

  it("exits 0 on a clean program and says the whole state space was explored", () => {
    const r = ipcheck(write("clean.ts", CLEAN));
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("clean, the whole state space explored");
  });

  it("exits 3 (inconclusive) when a bound stops the search, never clean", () => {
    const file = write("bounded.ts", CLEAN);
    const r = ipcheck("--format", "json", "--max-states", "2", file);
    expect(r.code).toBe(3);
    const result = JSON.parse(r.stdout).results[0];
    expect(result.verdict).toBe("inconclusive");
    expect(result.stats.bound).toContain("--max-states 2");
  });

  it("gives a diagnostic with file:line:col, a code frame and exit code 2 for a construct outside the language", () => {
    const file = write("class.ts", `import { fork } from "ipcheck";\nclass Counter {}\nexport function main(): void { fork(); }\n`);
    const r = ipcheck(file);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain(`${file}:2:1: error: unsupported class: use module-level functions and globals [unsupported-class]`);
    expect(r.stdout).toContain("> 2 | class Counter {}");
    expect(r.stderr).not.toMatch(/at .*\.js:\d+/);
  });

  it("reports type errors the same way", () => {
    const file = write("types.ts", `import { kill, SIGUSR1 } from "ipcheck";\nexport function main(): void { kill("1", SIGUSR1); }\n`);
    const r = ipcheck("--format", "json", file);
    expect(r.code).toBe(2);
    const result = JSON.parse(r.stdout).results[0];
    expect(result.verdict).toBe("error");
    expect(result.diagnostics[0]).toMatchObject({ code: "type-error", location: { line: 2, column: 37 } });
  });

  it("finds a data race between two threads, both accesses named", () => {
    const file = write("threads.ts", `import { pthread_create, pthread_join } from "ipcheck";\nlet hits = 0;\nfunction worker(arg: number): void {\n  hits++;\n}\nexport function main(): void {\n  const a = pthread_create(worker);\n  const b = pthread_create(worker);\n  pthread_join(a);\n  pthread_join(b);\n}\n`);
    const r = ipcheck("--format", "json", file);
    expect(r.code).toBe(1);
    const [finding] = JSON.parse(r.stdout).results[0].findings;
    expect(finding.rule).toBe("data-race");
    expect(finding.message).toContain("data race on `hits`: `hits++` (line 4");
  });

  it("exits 2 on a missing file and on a bad option", () => {
    expect(ipcheck(join(dir, "missing.ts")).code).toBe(2);
    const bad = ipcheck("--max-states", "lots", write("x.ts", CLEAN));
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--max-states takes a positive whole number");
    expect(ipcheck().code).toBe(2);
  });

  it("prints the model with --emit model, irrelevant variables named", () => {
    const r = ipcheck("--emit", "model", write("model.ts", RACE));
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("n = 0  (irrelevant: its value decides nothing, only its accesses are kept; accessed by a handler)");
    expect(r.stdout).toContain("sent by the environment: SIGUSR1");
    expect(r.stdout).toMatch(/\* +n~? = load n \(update\)|\* +%\d+~ = load n \(update\)/);
  });

  it("gives the same bytes for the same input, timings aside", () => {
    const file = write("determinism.ts", RACE);
    const strip = (s: string) => s.replace(/"ms": \d+/g, '"ms": 0');
    const a = ipcheck("--format", "json", file);
    const b = ipcheck("--format", "json", file);
    expect(strip(a.stdout)).toBe(strip(b.stdout));
  });

  it("takes the environment's signals from the command line", () => {
    const file = write("env.ts", RACE);
    const r = ipcheck("--format", "json", "--env-signals", "none", file);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).results[0].verdict).toBe("clean");
  });

  /** N children signal their parent twice each; `end`: what the parent does after reaping them */
  const stormSource = (n: number, end = "") => `import { assert, signal, fork, kill, getppid, wait, _exit, SIGUSR1, type sig_atomic_t } from "ipcheck";
let count: sig_atomic_t = 0;
function onUsr1(signum: number): void { count++; }
export function main(): void {
  signal(SIGUSR1, onUsr1);
  for (let i = 0; i < ${n}; i++) {
    if (fork() === 0) { kill(getppid(), SIGUSR1); kill(getppid(), SIGUSR1); _exit(0); }
  }
  for (let i = 0; i < ${n}; i++) wait();
${end}}`;

  it("switches the reductions: --no-por explores more states for the same findings, --symmetry and --hash-compact say what they leave out", () => {
    const storm = write("storm.ts", stormSource(3));
    const run = (...flags: string[]) => JSON.parse(ipcheck("--format", "json", ...flags, storm).stdout).results[0];
    const [plain, full, sym, hc] = [run(), run("--no-por"), run("--symmetry"), run("--hash-compact")];
    const rules = (r: { findings: { rule: string }[] }) => [...new Set(r.findings.map((f) => f.rule))];
    for (const r of [full, sym, hc]) expect(rules(r)).toEqual(rules(plain));
    expect(full.stats.states).toBeGreaterThan(plain.stats.states);
    expect(sym.stats.states).toBeLessThan(plain.stats.states);
    expect(sym.stats.bound).toBe("livelock analysis (not done under --symmetry)");
    expect(hc.stats.states).toBe(plain.stats.states);
    expect(hc.stats.bytesPerState).toBeLessThan(plain.stats.bytesPerState);
    expect(hc.stats.hashCompaction.missProbability).toBeLessThan(1e-9);
    expect(ipcheck("--hash-compact", write("clean2.ts", CLEAN)).code).toBe(3);
  });

  it("--compile runs compiled local work: the very same result", () => {
    const storm = write("storm-interpreted.ts", stormSource(2));
    const run = (...flags: string[]) => JSON.parse(ipcheck("--format", "json", ...flags, storm).stdout).results[0];
    const plain = run();
    expect(plain.findings.length).toBeGreaterThan(0);
    expect(run("--compile")).toEqual({ ...plain, stats: { ...plain.stats, ms: expect.any(Number) } });
  });

  /** The same findings with `flag` as without, and more states (`factor` times at least); both runs' JSON results. */
  const sameFindingsMoreStates = (file: string, flag: string, factor = 1) => {
    const run = (...flags: string[]) => {
      const r = ipcheck("--format", "json", ...flags, file);
      return { code: r.code, result: JSON.parse(r.stdout).results[0] };
    };
    const usual = run();
    const other = run(flag);
    expect(other.code).toBe(usual.code);
    expect(usual.code).toBe(1);
    const messages = (r: { findings: { rule: string; message: string }[] }) => r.findings.map((f) => `${f.rule}: ${f.message}`);
    expect(messages(other.result)).toEqual(messages(usual.result));
    expect(other.result.stats.states).toBeGreaterThan(factor * usual.result.stats.states);
    return { usual: usual.result, other: other.result };
  };

  it("--no-fault-reduction decides network losses and copies in flight: the same findings, more states", () => {
    sameFindingsMoreStates(join(import.meta.dirname, "..", "examples", "rpc", "retry-counter-not-idempotent.ts"), "--no-fault-reduction");
  });

  it("--no-local-merge makes each local instruction a step: the same findings, more states, local steps in the trace", () => {
    const { usual, other } = sameFindingsMoreStates(write("storm-unmerged.ts", stormSource(2)), "--no-local-merge", 2);
    const texts = (r: { findings: { trace: { text: string }[] }[] }) => r.findings.flatMap((f) => f.trace.map((st) => st.text));
    expect(texts(other)).toContain("local work (its thread's own values only)");
    expect(texts(usual)).not.toContain("local work (its thread's own values only)");
  });

  it("--no-signal-wait-merge enters pause() in a step of its own: the same findings, more states", () => {
    const { usual, other } = sameFindingsMoreStates(join(import.meta.dirname, "..", "examples", "signals", "pause-lost-wakeup.ts"), "--no-signal-wait-merge");
    const texts = (r: { findings: { trace: { text: string; effect: unknown }[] }[] }) => r.findings.flatMap((f) => f.trace.map((st) => `${st.text}: ${String(st.effect)}`));
    // both traces end with the parent in pause(): entered by a step of the run, or by the trace's last step
    expect(texts(other).at(-1)).toMatch(/^pause\(\): .*pid 1 waits in pause\(\)/);
    expect(texts(usual).at(-1)).toMatch(/^pause\(\): .*pid 1 waits in pause\(\)/);
  });

  it("--no-zombie-compaction keeps each zombie's own pid: the same findings, more states", () => {
    sameFindingsMoreStates(write("storm-zombies.ts", stormSource(3)), "--no-zombie-compaction");
  });

  it("--swarm i/n: member 1 checks as usual, the others depth-first and say so; a bad member is a usage error", () => {
    const storm = write("storm-swarm.ts", stormSource(2, `  assert(count === 4, "every signal counted");\n`));
    const run = (...flags: string[]) => ipcheck("--format", "json", ...flags, storm);
    const plain = JSON.parse(run().stdout).results[0];
    expect(JSON.parse(run("--swarm", "1/3").stdout).results[0]).toEqual({ ...plain, stats: { ...plain.stats, ms: expect.any(Number) } });
    const second = run("--swarm", "2/3");
    expect(second.code).toBe(1);
    const r = JSON.parse(second.stdout).results[0];
    expect(r.stats.bound).toBe("livelock analysis (not done by swarm member 2/3, which searches depth-first)");
    expect([...new Set(r.findings.map((f: { rule: string }) => f.rule))].sort()).toEqual([...new Set(plain.findings.map((f: { rule: string }) => f.rule))].sort());
    const timeless = (out: string) => out.replace(/"ms": \d+/g, '"ms": 0');
    expect(timeless(run("--swarm", "2/3").stdout)).toBe(timeless(second.stdout));
    const bad = ipcheck("--swarm", "4/3", storm);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--swarm takes i\/n/);
  });

  it("prints --version and --help", () => {
    expect(ipcheck("--version").stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    const help = ipcheck("--help");
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("Exit codes: 0 clean, 1 violations, 2 input or usage error, 3 inconclusive");
  });

  it("checks several files and the worst verdict decides the exit code", () => {
    const r = ipcheck("--format", "json", write("a.ts", CLEAN), write("b.ts", RACE));
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).results.map((x: { verdict: string }) => x.verdict)).toEqual(["clean", "violations"]);
  });
});
