// Running SPIN: spin -a, gcc, ./pan, and reading pan's verdicts. The bench (src/bench/spin.ts) and the
// agreement test of --emit promela share the commands and the check that spin is installed.
import { spawn, spawnSync } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface CommandResult {
  readonly ok: boolean;
  readonly out: string;
  readonly ms: number;
}

let spinPresent: boolean | null = null;

export function spinInstalled(): boolean {
  if (spinPresent === null) {
    const r = spawnSync("spin", ["-V"], { encoding: "utf8" });
    spinPresent = !r.error && r.status === 0;
  }
  return spinPresent;
}

export function runCommand(cmd: string, args: string[], cwd: string, timeoutMs: number): CommandResult {
  const start = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { cwd, encoding: "utf8", timeout: timeoutMs, maxBuffer: 64 << 20 });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  const out = `${r.stdout ?? ""}${r.stderr ?? ""}`;
  return { ok: !r.error && r.status === 0, out: r.error ? `${out}\n${r.error.message}` : out, ms };
}

/** The same, without blocking the event loop (to run a few pans side by side). */
export function runCommandAsync(cmd: string, args: string[], cwd: string, timeoutMs: number): Promise<CommandResult> {
  const start = process.hrtime.bigint();
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd, timeout: timeoutMs });
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (out += d.toString()));
    child.on("error", (e) => resolve({ ok: false, out: `${out}\n${e.message}`, ms: Number(process.hrtime.bigint() - start) / 1e6 }));
    child.on("close", (code) => resolve({ ok: code === 0, out, ms: Number(process.hrtime.bigint() - start) / 1e6 }));
  });
}

export interface SpinVerdicts {
  /** pan found an assertion violation (run with -E: invalid end states not checked) */
  readonly assertion: boolean;
  /** pan found an invalid end state (run with -A: assertions not checked) */
  readonly invalidEnd: boolean;
  /** states stored by the run with -E */
  readonly states: number;
  /** "" when both runs went to the end, else what went wrong */
  readonly problem: string;
}

/**
 * spin -a, gcc -O0 -DSAFETY, then two runs of pan: one for assertions only (-E), one for invalid end
 * states only (-A), so that each verdict is found whatever the other is.
 */
export async function spinVerdicts(promela: string, timeoutMs = 120_000): Promise<SpinVerdicts> {
  const dir = await mkdtemp(join(tmpdir(), "ipcheck-promela-"));
  try {
    await writeFile(join(dir, "model.pml"), promela);
    const none = { assertion: false, invalidEnd: false, states: 0 };
    const build = async (defines: string[], pan: string): Promise<string> => {
      const a = await runCommandAsync("spin", [...defines, "-a", "model.pml"], dir, timeoutMs);
      if (!a.ok) return `spin -a failed: ${a.out.trim().split("\n").slice(0, 4).join(" / ")}`;
      // strings as text make state vectors longer than pan's default 1024 bytes
      const c = await runCommandAsync("gcc", ["-O0", "-DSAFETY", "-DVECTORSZ=4096", "-o", pan, "pan.c"], dir, timeoutMs);
      return c.ok ? "" : `gcc failed: ${c.out.trim().split("\n").slice(0, 4).join(" / ")}`;
    };
    const built = await build([], "pan");
    if (built) return { ...none, problem: built };
    // spurious wake-ups never keep a state from being stuck: the run for invalid end states leaves them out
    const spurious = promela.includes("NOSPURIOUS");
    if (spurious) {
      const again = await build(["-DNOSPURIOUS"], "pan-nospurious");
      if (again) return { ...none, problem: again };
    }
    const depth = "-m1000000";
    // a small hash table (2^19 slots): these models have few states, and pan allocates the whole table first
    const hash = "-w19";
    const pa = await runCommandAsync("./pan", ["-E", depth, hash], dir, timeoutMs);
    const pd = await runCommandAsync(spurious ? "./pan-nospurious" : "./pan", ["-A", depth, hash], dir, timeoutMs);
    const states = /(\d+) states, stored/.exec(pa.out);
    const problems: string[] = [];
    for (const [flag, r] of [["-E", pa], ["-A", pd]] as const) {
      if (!/states, stored/.test(r.out)) problems.push(`pan ${flag} failed: ${r.out.trim().split("\n").slice(-3).join(" / ")}`);
      if (/max search depth too small/.test(r.out)) problems.push(`pan ${flag}: search depth too small`);
      const other = /^pan:\d+: (?!assertion violated|invalid end state)(.*)$/m.exec(r.out);
      if (other) problems.push(`pan ${flag}: ${other[1]}`);
    }
    return {
      assertion: /assertion violated/.test(pa.out),
      invalidEnd: /invalid end state \(/.test(pd.out),
      states: states ? Number(states[1]) : 0,
      problem: problems.join("; "),
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
