// The command line: `ipcheck [options] <files | folders | globs...>` and `ipcheck explain <rule>`.
// The only place the pipeline is wired together (parser → model → explorer → findings → reporters)
// and the only place errors are caught.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { availableParallelism } from "node:os";
import { Command, CommanderError, InvalidArgumentError, Option } from "commander";
import type { CheckSettings } from "./check-file.js";
import { jsonReport } from "../report/json.js";
import { stylishReport, formatDiagnostic } from "../report/stylish.js";
import { EXIT_CODES, type FileResult, type Finding } from "../report/result.js";
import { signalByName } from "../model/signals.js";
import { diagnostic } from "../diagnostics/diagnostic.js";
import type { CheckOptionsInput } from "../parser/options.js";
import { RULES } from "../rules/registry.js";
import { ConfigError, findConfig, type Config } from "./config.js";
import { parseShard, selectFiles } from "./files.js";
import { checkInPool } from "./pool.js";
import { explain } from "./explain.js";

const FORMATS = ["stylish", "json", "sarif", "junit", "github", "html"] as const;
type Format = (typeof FORMATS)[number];

interface CliOptions {
  format?: Format;
  outputFile?: string;
  emit?: "model" | "promela";
  maxStates?: number;
  maxDepth?: number;
  timeout?: number;
  maxMemory?: number;
  envSignals?: number[];
  envSignalLimit?: number;
  netFaults?: string[];
  jobs?: number;
  shard?: { index: number; count: number };
  maxWarnings?: number;
  por: boolean;
  compile?: boolean;
  symmetry?: boolean;
  faultReduction: boolean;
  localMerge: boolean;
  signalWaitMerge: boolean;
  zombieCompaction: boolean;
  hashCompact?: boolean;
  swarm?: { index: number; count: number };
  config: boolean;
  color: boolean;
  debug: boolean;
}

const VERSION: string = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")).version;

const DEFAULTS = { maxStates: 5_000_000, maxDepth: 100_000, timeout: 300, maxMemory: 4096 };

/**
 * The exit code of a run: the worst file wins, internal error 4 over input error 2 over violations 1
 * over inconclusive 3 over clean 0; warnings fail the gate only past --max-warnings.
 */
export function exitCodeFor(results: readonly FileResult[], maxWarnings = Infinity): number {
  if (results.some((r) => r.internal)) return EXIT_CODES.internal;
  if (results.some((r) => r.verdict === "error")) return EXIT_CODES.error;
  const errors = results.some((r) => r.findings.some((f) => f.severity === "error"));
  const warnings = results.reduce((n, r) => n + r.findings.filter((f) => f.severity === "warning").length, 0);
  if (errors || warnings > maxWarnings) return EXIT_CODES.violations;
  if (results.some((r) => r.verdict === "inconclusive")) return EXIT_CODES.inconclusive;
  return EXIT_CODES.clean;
}

function positiveInt(name: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError(`${name} takes a positive whole number`);
    return n;
  };
}

function signalList(value: string): number[] {
  if (value.trim() === "" || value === "none") return [];
  return value.split(",").map((name) => {
    const upper = name.trim().toUpperCase();
    const sig = signalByName(upper.startsWith("SIG") ? upper : `SIG${upper}`);
    if (sig === undefined) throw new InvalidArgumentError(`unknown signal ${name}`);
    if (sig === 9 || sig === 19) throw new InvalidArgumentError(`the environment never sends ${name}`);
    return sig;
  });
}

function faultList(value: string): string[] {
  if (value.trim() === "" || value === "none") return [];
  return value.split(",").map((fault) => {
    const f = fault.trim();
    if (!["loss", "duplicate", "reorder"].includes(f)) throw new InvalidArgumentError(`unknown network fault ${f}: loss, duplicate or reorder`);
    return f;
  });
}

function shardValue(value: string): { index: number; count: number } {
  const shard = parseShard(value);
  if (!shard) throw new InvalidArgumentError("--shard takes i/n with 1 ≤ i ≤ n, e.g. 2/4");
  return shard;
}

function swarmValue(value: string): { index: number; count: number } {
  const member = parseShard(value);
  if (!member) throw new InvalidArgumentError("--swarm takes i/n with 1 ≤ i ≤ n, e.g. 2/8");
  return member;
}

function program(onCheck: (files: string[], opts: CliOptions) => Promise<void>): Command {
  const cmd = new Command()
    .name("ipcheck")
    .description("Model-check small IPC programs written in TypeScript: races, deadlocks, lost signals, with counterexample traces.")
    .version(VERSION, "-v, --version")
    .argument("<files...>", "programs, folders (every *.ts below) or globs to check")
    .addOption(new Option("-f, --format <format>", "output format (default: stylish)").choices([...FORMATS]))
    .option("-o, --output-file <file>", "write the report to a file instead of standard output")
    .addOption(new Option("--emit <what>", "print the model the explorer reads (model) or its Promela translation for SPIN (promela), instead of checking").choices(["model", "promela"]))
    .option("--max-states <n>", `stop after this many states, inconclusive (default ${DEFAULTS.maxStates})`, positiveInt("--max-states"))
    .option("--max-depth <n>", `explore runs up to this many steps, inconclusive beyond (default ${DEFAULTS.maxDepth})`, positiveInt("--max-depth"))
    .option("--timeout <seconds>", `stop a file's search after this time, inconclusive (default ${DEFAULTS.timeout})`, positiveInt("--timeout"))
    .option("--max-memory <mb>", `the memory a file's stored states may take, inconclusive beyond (default ${DEFAULTS.maxMemory})`, positiveInt("--max-memory"))
    .option("--env-signals <list>", "signals the environment sends, e.g. SIGINT,SIGTERM, or none (default: handled signals the program never sends)", signalList)
    .option("--env-signal-limit <n>", "how many times the environment may send each signal in a run", positiveInt("--env-signal-limit"))
    .option("--net-faults <list>", "faults of AF_INET datagrams: loss,duplicate,reorder, or none (default: the program's options)", faultList)
    .option("-j, --jobs <n>", "files checked at once, on worker threads (default: the cores)", positiveInt("--jobs"))
    .option("--shard <i/n>", "check only the i-th of n deterministic shares of the files (for a CI matrix)", shardValue)
    .option("--max-warnings <n>", "fail the gate when there are more warnings than this", (v) => {
      const n = Number(v);
      if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError("--max-warnings takes a whole number");
      return n;
    })
    .option("--no-por", "explore every interleaving: no partial-order reduction (for comparison; the findings are the same)")
    .option("--compile", "run the steps' local work as compiled JavaScript, not through the interpreter (for comparison; the states and findings are the same)")
    .option("--no-fault-reduction", "decide network losses and copies while datagrams are in flight, and keep them in sending order: no early decisions (for comparison; the findings are the same)")
    .option("--no-local-merge", "make each local instruction a step of its own, instead of joining local work to the next step (for comparison; the findings are the same)")
    .option("--no-signal-wait-merge", "enter pause() and sigsuspend() in a step of their own, instead of with the signal that ends the wait (for comparison; the findings are the same)")
    .option("--no-zombie-compaction", "keep each zombie's own pid, instead of the lowest pid no one may still name (for comparison; the findings are the same)")
    .option("--symmetry", "symmetry reduction: sibling processes running the same code are interchangeable (no livelock analysis then)")
    .option("--hash-compact", "keep 64-bit fingerprints of states, not the states: far less memory, a tiny chance of a missed state (no livelock analysis then)")
    .option("--swarm <i/n>", "be member i of n diversified searches (a CI matrix): member 1 searches as usual, the others depth-first, each in its own order (no livelock analysis then)", swarmValue)
    .option("--no-config", "ignore ipcheck.config.json and package.json's ipcheck key")
    .option("--no-color", "no colours (also with NO_COLOR or when not on a terminal)")
    .option("--debug", "print the stack of an internal error", false)
    .addHelpText("after", `
Rules: ${RULES.map((r) => r.id).join(", ")} (ipcheck explain <rule>)
Formats: ${FORMATS.join(", ")}
Configuration: ipcheck.config.json (or an "ipcheck" key in package.json), found from here up to the
repository root; command-line flags override it, and it overrides a program's own options.
Exit codes: 0 clean, 1 violations, 2 input or usage error, 3 inconclusive (a bound was reached),
4 internal error; with several files the worst wins: 4, then 2, then 1, then 3, then 0.`)
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s), writeOut: (s) => process.stdout.write(s) })
    .action(async (files: string[], opts: CliOptions) => onCheck(files, opts));
  cmd
    .command("explain")
    .description("what a rule means, a minimal example and the usual fixes")
    .argument("<rule>", "a rule id")
    .exitOverride()
    .action((rule: string) => {
      const text = explain(rule);
      if (text === null) {
        process.stderr.write(`ipcheck: unknown rule ${rule} (the rules are ${RULES.map((r) => r.id).join(", ")})\n`);
        process.exitCode = EXIT_CODES.error;
        return;
      }
      process.stdout.write(text);
      process.exitCode = 0;
    });
  cmd
    .command("playground")
    .description("serve the playground (check programs in the browser) on 127.0.0.1")
    .option("--port <n>", "the port (default 8080; 0 for any free port)", (v) => {
      const n = Number(v);
      if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError("--port takes a port number, 0 to 65535");
      return n;
    })
    .exitOverride()
    .action(async (opts: { port?: number }) => {
      process.exitCode = await playgroundCommand(opts.port ?? 8080);
    });
  return cmd;
}

async function playgroundCommand(port: number): Promise<number> {
  const { PLAYGROUND_DIR, servePlayground } = await import("./playground-server.js");
  if (!existsSync(join(PLAYGROUND_DIR, "index.html"))) {
    process.stderr.write(`ipcheck: the playground is not built (${PLAYGROUND_DIR}): run npm run build:playground\n`);
    return EXIT_CODES.error;
  }
  try {
    const { url } = await servePlayground(PLAYGROUND_DIR, port);
    process.stdout.write(`ipcheck playground: ${url} (Ctrl+C stops it)\n`);
    return 0;
  } catch (e) {
    process.stderr.write(`ipcheck: cannot listen on 127.0.0.1:${port}: ${e instanceof Error ? e.message : String(e)}\n`);
    return EXIT_CODES.error;
  }
}

/** What the process running the CLI can do: a start-up snapshot's cannot start worker threads. */
export interface RunHost {
  /** checks several files in another process (with workers) and gives its exit code */
  readonly batchElsewhere?: () => Promise<number>;
}

export async function run(argv: readonly string[], host: RunHost = {}): Promise<void> {
  // a reader that goes away (`ipcheck … | head`) ends the run quietly, never with a stack
  for (const stream of [process.stdout, process.stderr]) {
    stream.on("error", (e: NodeJS.ErrnoException) => {
      if (e.code === "EPIPE") process.exit(process.exitCode ?? 0);
      throw e;
    });
  }
  let debug = argv.includes("--debug");
  const cmd = program(async (files, opts) => {
    debug = opts.debug;
    process.exitCode = await checkCommand(files, opts, host);
  });
  try {
    await cmd.parseAsync([...argv], { from: "user" });
  } catch (e) {
    if (e instanceof CommanderError) {
      process.exitCode = e.exitCode === 0 ? 0 : EXIT_CODES.error;
      return;
    }
    if (e instanceof ConfigError) {
      process.stderr.write(`ipcheck: ${e.message}\n`);
      process.exitCode = EXIT_CODES.error;
      return;
    }
    process.stderr.write("ipcheck: internal error: please report this with the program you checked\n");
    if (debug) process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
    else process.stderr.write(`  ${e instanceof Error ? e.message : String(e)} (run with --debug for the stack)\n`);
    process.exitCode = EXIT_CODES.internal;
  }
}

async function checkCommand(args: string[], opts: CliOptions, host: RunHost): Promise<number> {
  const config: Config = opts.config ? findConfig(process.cwd()) : { source: null, rules: {} };
  const format: Format = opts.format ?? "stylish";
  const toFile = opts.outputFile !== undefined;
  const color = opts.color && !process.env["NO_COLOR"] && process.stdout.isTTY === true && format === "stylish" && !toFile;
  const options: CheckOptionsInput = {
    envSignals: opts.envSignals ?? config.envSignals,
    envSignalLimit: opts.envSignalLimit ?? config.envSignalLimit,
    netFaults: opts.netFaults ?? config.netFaults,
  };
  const files = selectFiles(args, { include: config.include, exclude: config.exclude, shard: opts.shard });
  if (files.length === 0) {
    process.stderr.write(`ipcheck: no files to check${opts.shard ? ` in shard ${opts.shard.index}/${opts.shard.count}` : ""}\n`);
    return opts.shard ? EXIT_CODES.clean : EXIT_CODES.error;
  }
  if (opts.emit !== undefined) return emitModels(files, options, color, opts.emit);
  if (files.length > 1 && host.batchElsewhere) return host.batchElsewhere();
  const maxMemoryMb = opts.maxMemory ?? config.maxMemory ?? DEFAULTS.maxMemory;
  const settings = {
    maxMemoryMb,
    maxStates: opts.maxStates ?? config.maxStates ?? DEFAULTS.maxStates,
    maxDepth: opts.maxDepth ?? config.maxDepth ?? DEFAULTS.maxDepth,
    timeoutMs: (opts.timeout ?? config.timeout ?? DEFAULTS.timeout) * 1000,
    por: opts.por,
    compiled: opts.compile,
    symmetry: opts.symmetry,
    faultReduction: opts.faultReduction,
    localMerge: opts.localMerge,
    signalWaitMerge: opts.signalWaitMerge,
    zombieCompaction: opts.zombieCompaction,
    hashCompact: opts.hashCompact,
    swarm: opts.swarm,
    options,
  };
  const started = Date.now();
  const tty = process.stderr.isTTY === true;
  let results: FileResult[];
  if (files.length === 1) {
    // one file: in this process, no worker to start
    const { checkFile } = await import("./check-file.js");
    const s: CheckSettings = { ...settings, now: () => Date.now(), onProgress: tty ? progressLine(files[0]!) : undefined };
    results = [checkFile(files[0]!, s)];
    if (tty) process.stderr.write("\r\x1b[K");
  } else {
    const jobs = opts.jobs ?? config.jobs ?? availableParallelism();
    results = await checkInPool(
      files.map((file) => ({ file, ...settings })),
      {
        jobs,
        // the worker's heap gets room beside the states the search counts against --max-memory
        maxMemoryMb: maxMemoryMb + 1024,
        graceMs: 15_000,
        onDone: tty ? (done, total) => process.stderr.write(`\r\x1b[Kchecked ${done} of ${total} files`) : undefined,
      },
    );
    if (tty) process.stderr.write("\r\x1b[K");
  }
  results = results.map((r) => applySeverities(r, config));
  const elapsedMs = Date.now() - started;
  const report = await format_(format, results, color, elapsedMs);
  if (toFile) writeFileSync(opts.outputFile!, report);
  else process.stdout.write(report);
  for (const r of results) if (r.internal) process.stderr.write(`ipcheck: internal error while checking ${r.file}: please report this with the program\n${opts.debug ? `${r.internal}\n` : ""}`);
  return exitCodeFor(results, opts.maxWarnings ?? config.maxWarnings ?? Infinity);
}

/** Per-rule severities of the configuration: "off" drops a rule's findings, "warning" lowers them. */
function applySeverities(r: FileResult, config: Config): FileResult {
  const rules = config.rules;
  if (Object.keys(rules).length === 0) return r;
  const findings: Finding[] = [];
  for (const f of r.findings) {
    const setting = rules[f.rule];
    if (setting === "off") continue;
    findings.push(setting ? { ...f, severity: setting } : f);
  }
  const verdict = r.verdict === "violations" && findings.length === 0 ? (r.stats.complete ? "clean" : "inconclusive") : r.verdict;
  return { ...r, findings, verdict };
}

async function format_(format: Format, results: FileResult[], color: boolean, elapsedMs: number): Promise<string> {
  switch (format) {
    case "json":
      return jsonReport(results);
    case "sarif": {
      const { sarifReport } = await import("../report/sarif.js");
      return sarifReport(results, { version: VERSION });
    }
    case "junit": {
      const { junitReport } = await import("../report/junit.js");
      return junitReport(results);
    }
    case "github": {
      const { githubReport } = await import("../report/github.js");
      return githubReport(results);
    }
    case "html": {
      const { htmlReport } = await import("../report/html.js");
      return htmlReport(results);
    }
    case "stylish":
      return stylishReport(results, { color, timings: true, elapsedMs });
  }
}

function progressLine(file: string) {
  return (states: number, depth: number, ms: number): void => {
    if (ms < 1000) return;
    const rate = Math.round(states / (ms / 1000));
    process.stderr.write(`\r\x1b[K${file}: ${states.toLocaleString("en")} states, ${rate.toLocaleString("en")} states/s, depth ${depth}`);
  };
}

async function emitModels(files: string[], options: CheckOptionsInput, color: boolean, what: "model" | "promela"): Promise<number> {
  const { parseProgram } = await import("../parser/parse.js");
  const { readProgramText } = await import("../parser/program-loader.js");
  const { modelText } = await import("../report/model-text.js");
  const { emitPromela } = await import("../promela/emit.js");
  let worst = 0;
  for (const file of files) {
    const source = readProgramText(file);
    if (source === null) {
      process.stderr.write(formatDiagnostic(diagnostic("file-not-found", file, null, `cannot read ${file}`), null, color));
      worst = EXIT_CODES.error;
      continue;
    }
    const parsed = parseProgram(file, source, options);
    if (!parsed.ok) {
      for (const d of parsed.diagnostics) process.stderr.write(formatDiagnostic(d, source, color));
      worst = EXIT_CODES.error;
      continue;
    }
    if (what === "model") {
      process.stdout.write(modelText(parsed.model));
      continue;
    }
    const promela = emitPromela(parsed.model);
    if (!promela.ok) {
      process.stderr.write(formatDiagnostic(promela.diagnostic, source, color));
      worst = EXIT_CODES.error;
      continue;
    }
    process.stdout.write(promela.text);
  }
  return worst;
}

