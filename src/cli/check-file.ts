// Checks one file: parse, explore, and build each finding's trace by replay. The verdicts of
// LANGUAGE.md §4: clean only when the whole state space was explored and nothing was found.
import type { Model } from "../model/model.js";
import { parseProgram } from "../parser/parse.js";
import { readProgramText } from "../parser/program-loader.js";
import type { CheckOptionsInput } from "../parser/options.js";
import { search, type FoundFinding, type SearchResult } from "../explorer/search.js";
import type { SwarmMember } from "../explorer/swarm.js";
import { pathTo, replay, replayStuck } from "../explorer/trace.js";
import { fewerSwitches } from "../explorer/fewer-switches.js";
import { realPath } from "../explorer/real-path.js";
import { ruleById } from "../rules/registry.js";
import { diagnostic } from "../diagnostics/diagnostic.js";
import type { FileResult, Finding, Verdict } from "../report/result.js";

export interface CheckSettings {
  readonly maxStates: number;
  readonly maxDepth: number;
  readonly timeoutMs: number;
  /** the memory a file's search may take, in MB */
  readonly maxMemoryMb?: number;
  /** partial-order reduction (on unless false) */
  readonly por?: boolean;
  /** local work as compiled JavaScript (off unless true) */
  readonly compiled?: boolean;
  /** network faults decided as early as they can be (on unless false: ModelOptions.earlyNetFaults) */
  readonly faultReduction?: boolean;
  /** local work joined to the next step (on unless false: ModelOptions.mergeLocalWork) */
  readonly localMerge?: boolean;
  /** pause() and sigsuspend() entered with the signal they take (on unless false: ModelOptions.mergeSignalWaits) */
  readonly signalWaitMerge?: boolean;
  /** zombies take the lowest pids no one may still name (on unless false: ModelOptions.compactZombies) */
  readonly zombieCompaction?: boolean;
  /** symmetry reduction of interchangeable processes (off unless true) */
  readonly symmetry?: boolean;
  /** hash compaction: fingerprints instead of states (off unless true) */
  readonly hashCompact?: boolean;
  /** member i of n of a swarm of diversified searches (explorer/swarm.ts) */
  readonly swarm?: SwarmMember;
  readonly options: CheckOptionsInput;
  readonly onProgress?: (states: number, depth: number, ms: number) => void;
  readonly now: () => number;
}

export function checkFile(file: string, settings: CheckSettings): FileResult {
  const started = settings.now();
  const source = readProgramText(file);
  const emptyStats = { states: 0, transitions: 0, ms: 0, depth: 0, bytesPerState: 0, complete: false, bound: null };
  if (source === null) {
    return { file, source: null, verdict: "error", stats: emptyStats, findings: [], diagnostics: [diagnostic("file-not-found", file, null, `cannot read ${file}`)] };
  }
  const parsed = parseProgram(file, source, settings.options);
  if (!parsed.ok) {
    return { file, source, verdict: "error", stats: { ...emptyStats, ms: settings.now() - started }, findings: [], diagnostics: parsed.diagnostics };
  }
  return checkModel(parsed.model, settings, started);
}

export function checkModel(checked: Model, settings: CheckSettings, started = settings.now()): FileResult {
  const deadline = started + settings.timeoutMs;
  // the search and the traces' replays read the setting off the model: they take the same steps
  const off: Partial<Model["options"]> = {
    ...(settings.faultReduction === false ? { earlyNetFaults: false } : {}),
    ...(settings.localMerge === false ? { mergeLocalWork: false } : {}),
    ...(settings.signalWaitMerge === false ? { mergeSignalWaits: false } : {}),
    ...(settings.zombieCompaction === false ? { compactZombies: false } : {}),
  };
  const model = Object.keys(off).length > 0 ? { ...checked, options: { ...checked.options, ...off } } : checked;
  const result = search(model, {
    maxStates: settings.maxStates,
    maxDepth: settings.maxDepth,
    por: settings.por,
    compiled: settings.compiled,
    symmetry: settings.symmetry,
    hashCompact: settings.hashCompact,
    swarm: settings.swarm,
    maxBytes: settings.maxMemoryMb !== undefined ? settings.maxMemoryMb * 1048576 : undefined,
    shouldStop: () => (settings.now() > deadline ? `time (--timeout ${settings.timeoutMs / 1000} s)` : null),
    onProgress: settings.onProgress ? (s, d) => settings.onProgress!(s, d, settings.now() - started) : undefined,
  });
  const findings = sortFindings(result.findings.map((f) => buildFinding(model, result, f)));
  const verdict: Verdict = findings.length > 0 ? "violations" : result.complete ? "clean" : "inconclusive";
  return {
    file: model.file,
    source: model.source,
    verdict,
    stats: {
      states: result.states,
      transitions: result.transitions,
      ms: settings.now() - started,
      depth: result.maxDepth,
      bytesPerState: result.visited.bytesPerState(),
      complete: result.complete,
      bound: result.bound,
      ...(result.collisionBound !== null ? { collisionBound: result.collisionBound } : {}),
    },
    findings,
    diagnostics: [],
  };
}

function buildFinding(model: Model, result: SearchResult, found: FoundFinding): Finding {
  const rule = ruleById(found.raw.rule);
  // the shortest path to the finding's state, then the finding's own transitions; under symmetry,
  // the real run it stands for; its prefix reordered to switch actors less often
  let path = pathTo(result.visited, found.state, -1);
  const prefix = path.length;
  if (found.transition >= 0) path.push(found.transition);
  if (found.next >= 0) path.push(found.next);
  if (found.loop) path.push(...found.loop);
  if (result.symmetric) path = realPath(model, path);
  path = [...fewerSwitches(model, path.slice(0, prefix)), ...path.slice(prefix)];
  const replayed = replay(model, path, true, found.transition < 0 && !found.loop);
  let raw = found.raw;
  if (found.transition >= 0 && found.next < 0) {
    raw = replayed.findings.find((f) => f.rule === raw.rule && f.key === raw.key) ?? raw;
  } else if (found.transition < 0 && !found.loop) {
    raw = replayStuck(model, path) ?? raw;
  }
  // a lasso: the loop's steps are the last ones
  const loopFrom = found.loop ? replayed.steps.length - found.loop.length : replayed.steps.length;
  const trace = replayed.steps.map((s, i) => (i >= loopFrom ? { ...s, loop: true } : s));
  return { rule: rule.id, severity: rule.severity, message: raw.message, span: raw.span, related: raw.related, trace };
}

function sortFindings(findings: Finding[]): Finding[] {
  return findings.sort((a, b) => (a.span?.start ?? -1) - (b.span?.start ?? -1) || a.rule.localeCompare(b.rule) || a.message.localeCompare(b.message));
}
