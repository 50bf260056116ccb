// The command line: `ipcheck [options] <files...>`. The only place the pipeline is wired together
// (parser → model → explorer → findings → reporters) and the only place errors are caught.
import { readFileSync } from "node:fs";
import { Command, CommanderError, InvalidArgumentError, Option } from "commander";
import { checkFile, type CheckSettings } from "./check-file.js";
import { jsonReport } from "../report/json.js";
import { stylishReport, formatDiagnostic } from "../report/stylish.js";
import { modelText } from "../report/model-text.js";
import { EXIT_CODES, type FileResult, type Verdict } from "../report/result.js";
import { parseProgram } from "../parser/parse.js";
import { readProgramText } from "../parser/program-loader.js";
import { signalByName } from "../model/signals.js";
import { diagnostic } from "../diagnostics/diagnostic.js";
import type { CheckOptionsInput } from "../parser/options.js";
import { RULES } from "../rules/registry.js";

interface CliOptions {
  format: "stylish" | "json";
  emit?: "model";
  maxStates: number;
  maxDepth: number;
  timeout: number;
  envSignals?: number[];
  envSignalLimit?: number;
  netFaults?: string[];
  color: boolean;
  debug: boolean;
}

const VERSION: string = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")).version;

/** The worst verdict decides the exit code: internal 4 over error 2 over violations 1 over inconclusive 3 over clean 0. */
export function exitCodeFor(verdicts: readonly Verdict[]): number {
  if (verdicts.includes("error")) return EXIT_CODES.error;
  if (verdicts.includes("violations")) return EXIT_CODES.violations;
  if (verdicts.includes("inconclusive")) return EXIT_CODES.inconclusive;
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
    const sig = signalByName(name.trim().toUpperCase().startsWith("SIG") ? name.trim().toUpperCase() : `SIG${name.trim().toUpperCase()}`);
    if (sig === undefined) throw new InvalidArgumentError(`unknown signal ${name}`);
    if (sig === 9 || sig === 19) throw new InvalidArgumentError(`the environment never sends ${name}`);
    return sig;
  });
}

function program(): Command {
  return new Command()
    .name("ipcheck")
    .description("Model-check small IPC programs written in TypeScript: races, deadlocks, lost signals, with counterexample traces.")
    .version(VERSION, "-v, --version")
    .argument("<files...>", "programs to check")
    .addOption(new Option("-f, --format <format>", "output format").choices(["stylish", "json"]).default("stylish"))
    .addOption(new Option("--emit <what>", "print the model the explorer reads, instead of checking").choices(["model"]))
    .option("--max-states <n>", "stop after this many states (inconclusive)", positiveInt("--max-states"), 5_000_000)
    .option("--max-depth <n>", "explore runs up to this many steps (inconclusive beyond)", positiveInt("--max-depth"), 100_000)
    .option("--timeout <seconds>", "stop a file's search after this time (inconclusive)", positiveInt("--timeout"), 300)
    .option("--env-signals <list>", "signals the environment sends, e.g. SIGINT,SIGTERM (default: handled signals the program never sends)", signalList)
    .option("--env-signal-limit <n>", "how many times the environment may send each signal in a run", positiveInt("--env-signal-limit"))
    .option("--net-faults <list>", "faults of AF_INET datagrams: loss,duplicate,reorder, or none (default: the program's options)", faultList)
    .option("--no-color", "no colours (also with NO_COLOR or when not on a terminal)")
    .option("--debug", "print the stack of an internal error", false)
    .addHelpText("after", `
Rules: ${RULES.map((r) => r.id).join(", ")}
Exit codes: 0 clean, 1 violations, 2 input or usage error, 3 inconclusive (a bound was reached), 4 internal error.`)
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s), writeOut: (s) => process.stdout.write(s) });
}

export function run(argv: readonly string[]): void {
  let opts: CliOptions;
  let files: string[];
  const cmd = program();
  try {
    cmd.parse([...argv], { from: "user" });
    opts = cmd.opts<CliOptions>();
    files = cmd.args;
  } catch (e) {
    if (e instanceof CommanderError) {
      process.exitCode = e.exitCode === 0 ? 0 : EXIT_CODES.error;
      return;
    }
    throw e;
  }
  const color = opts.color && !process.env["NO_COLOR"] && process.stdout.isTTY === true && opts.format === "stylish";
  try {
    process.exitCode = opts.emit === "model" ? emitModels(files, opts, color) : checkAll(files, opts, color);
  } catch (e) {
    process.stderr.write("ipcheck: internal error: please report this with the program you checked\n");
    if (opts.debug) process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
    else process.stderr.write(`  ${e instanceof Error ? e.message : String(e)} (run with --debug for the stack)\n`);
    process.exitCode = EXIT_CODES.internal;
  }
}

function overrides(opts: CliOptions): CheckOptionsInput {
  return { envSignals: opts.envSignals, envSignalLimit: opts.envSignalLimit, netFaults: opts.netFaults };
}

function faultList(value: string): string[] {
  if (value.trim() === "" || value === "none") return [];
  return value.split(",").map((fault) => {
    const f = fault.trim();
    if (!["loss", "duplicate", "reorder"].includes(f)) throw new InvalidArgumentError(`unknown network fault ${f}: loss, duplicate or reorder`);
    return f;
  });
}

function checkAll(files: string[], opts: CliOptions, color: boolean): number {
  const progress = process.stderr.isTTY === true;
  const results: FileResult[] = [];
  for (const file of files) {
    const settings: CheckSettings = {
      maxStates: opts.maxStates,
      maxDepth: opts.maxDepth,
      timeoutMs: opts.timeout * 1000,
      options: overrides(opts),
      now: () => Date.now(),
      onProgress: progress ? progressLine(file) : undefined,
    };
    const result = checkFile(file, settings);
    if (progress) process.stderr.write("\r\x1b[K");
    results.push(result);
  }
  if (opts.format === "json") process.stdout.write(jsonReport(results));
  else process.stdout.write(stylishReport(results, { color, timings: true }));
  return exitCodeFor(results.map((r) => r.verdict));
}

function progressLine(file: string) {
  return (states: number, depth: number, ms: number): void => {
    if (ms < 1000) return;
    const rate = Math.round(states / (ms / 1000));
    process.stderr.write(`\r\x1b[K${file}: ${states.toLocaleString("en")} states, ${rate.toLocaleString("en")} states/s, depth ${depth}`);
  };
}

function emitModels(files: string[], opts: CliOptions, color: boolean): number {
  let worst = 0;
  for (const file of files) {
    const source = readProgramText(file);
    if (source === null) {
      process.stderr.write(formatDiagnostic(diagnostic("file-not-found", file, null, `cannot read ${file}`), null, color));
      worst = EXIT_CODES.error;
      continue;
    }
    const parsed = parseProgram(file, source, overrides(opts));
    if (!parsed.ok) {
      for (const d of parsed.diagnostics) process.stderr.write(formatDiagnostic(d, source, color));
      worst = EXIT_CODES.error;
      continue;
    }
    process.stdout.write(modelText(parsed.model));
  }
  return worst;
}
