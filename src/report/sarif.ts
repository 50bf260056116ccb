// The SARIF report (SARIF 2.1.0, OASIS): one run, the registry's rules, one result per finding with its
// counterexample as a code flow of one thread flow per actor, and each diagnostic both as a result
// (so code scanning shows it on the line) and as a tool execution notification; an inconclusive file or
// an internal error is a notification too. Same input, same bytes: no times, no absolute paths that the
// input did not give.
import { createHash } from "node:crypto";
import { pathToFileURL } from "node:url";
import type { FileResult, Finding } from "./result.js";
import { locate } from "./location.js";
import type { Span } from "../model/model.js";
import type { TraceStep } from "../explorer/trace.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { DIAGNOSTIC_CODES } from "../diagnostics/codes.js";
import { RULES } from "../rules/registry.js";
import type { Severity } from "../rules/define-rule.js";

export interface SarifOptions {
  /** ipcheck's version, for tool.driver.version */
  readonly version: string;
}

/** The key partialFingerprints uses; bump the suffix if what it hashes changes. */
export const FINGERPRINT_KEY = "ipcheck/v1";

/** The notification descriptor for a search stopped by a bound. */
const INCONCLUSIVE_ID = "ipcheck/inconclusive";
/** The notification descriptor for an internal error of ipcheck while checking a file. */
const INTERNAL_ID = "ipcheck/internal-error";

export function sarifReport(results: readonly FileResult[], options: SarifOptions): string {
  const notificationIds = [...Object.keys(DIAGNOSTIC_CODES).map((code) => `ipcheck/${code}`), INCONCLUSIVE_ID, INTERNAL_ID];
  const notifications = results.flatMap((r) => [
    ...r.diagnostics.map((d) => diagnosticNotification(r, d, notificationIds)),
    ...(r.verdict === "inconclusive" ? [inconclusiveNotification(r, notificationIds)] : []),
    ...(internalError(r) !== null ? [internalNotification(r, notificationIds)] : []),
  ]);
  const log = {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "ipcheck",
            version: options.version,
            informationUri: "https://www.npmjs.com/package/ipcheck",
            rules: RULES.map((rule) => ({
              id: rule.id,
              shortDescription: { text: rule.summary },
              fullDescription: { text: fullDescription(rule.summary, rule.pendingIssue) },
              help: { text: rule.help },
              defaultConfiguration: { level: level(rule.severity) },
            })),
            notifications: notificationIds.map((id) => ({
              id,
              shortDescription: { text: notificationSummary(id) },
              defaultConfiguration: { level: id === INCONCLUSIVE_ID ? "warning" : "error" },
            })),
          },
        },
        invocations: [
          {
            executionSuccessful: !results.some((r) => r.diagnostics.length > 0 || internalError(r) !== null),
            ...(notifications.length > 0 ? { toolExecutionNotifications: notifications } : {}),
          },
        ],
        // location.ts counts columns in JavaScript string units
        columnKind: "utf16CodeUnits",
        results: results.flatMap((r) => [
          ...r.diagnostics.map((d) => diagnosticResult(r, d)),
          ...r.findings.map((f) => findingResult(r, f)),
        ]),
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

function notificationSummary(id: string): string {
  if (id === INCONCLUSIVE_ID) return "the search stopped at a bound before it covered every state";
  if (id === INTERNAL_ID) return "an internal error of ipcheck: please report it with the program";
  return DIAGNOSTIC_CODES[id.slice("ipcheck/".length) as keyof typeof DIAGNOSTIC_CODES];
}

function fullDescription(summary: string, pendingIssue: number | undefined): string {
  const sentence = /[.!?]$/.test(summary) ? summary : `${summary}.`;
  return pendingIssue === undefined ? sentence : `${sentence} Not checked yet (issue #${pendingIssue}).`;
}

function level(severity: Severity): "error" | "warning" {
  return severity === "error" ? "error" : "warning";
}

/**
 * The file as a URI reference: relative paths stay relative (against %SRCROOT%), absolute ones become
 * file: URIs; backslashes become slashes, and what a URI cannot hold is percent-encoded.
 */
export function artifactLocation(file: string): { uri: string; uriBaseId?: string } {
  const slashed = file.replace(/\\/g, "/");
  const drive = /^([A-Za-z]):\//.exec(slashed);
  if (drive) return { uri: `file:///${drive[1]}:/${encodePath(slashed.slice(3))}` };
  if (slashed.startsWith("/")) return { uri: pathToFileURL(slashed).href };
  return { uri: encodePath(slashed), uriBaseId: "%SRCROOT%" };
}

function encodePath(path: string): string {
  return path.split("/").map((segment) => encodeURIComponent(segment)).join("/");
}

function physicalLocation(r: FileResult, span: Span | null) {
  const artifact = artifactLocation(r.file);
  if (span === null || r.source === null) return { artifactLocation: artifact };
  const l = locate(r.source, span);
  return {
    artifactLocation: artifact,
    region: { startLine: l.line, startColumn: l.column, endLine: l.endLine, endColumn: l.endColumn },
  };
}

/** A stable hash of what identifies a finding across edits that move it: rule, file and message. */
export function fingerprint(rule: string, file: string, message: string): string {
  return createHash("sha256").update(`${rule}\0${artifactLocation(file).uri}\0${message}`).digest("hex").slice(0, 32);
}

function findingResult(r: FileResult, f: Finding) {
  return {
    ruleId: f.rule,
    ruleIndex: RULES.findIndex((rule) => rule.id === f.rule),
    level: level(f.severity),
    message: { text: f.message },
    locations: [{ physicalLocation: physicalLocation(r, f.span) }],
    ...(f.related.length > 0
      ? { relatedLocations: f.related.map((span, i) => ({ id: i + 1, physicalLocation: physicalLocation(r, span) })) }
      : {}),
    partialFingerprints: { [FINGERPRINT_KEY]: fingerprint(f.rule, r.file, f.message) },
    ...(f.trace.length > 0 ? { codeFlows: [codeFlow(r, f.trace)] } : {}),
  };
}

/**
 * The flow an actor's step belongs to: a handler runs on its thread and the alarm is its process's, so
 * `pid 1/thread 2 in handler(SIGUSR1)` → `pid 1/thread 2`, `pid 1 (timer)` → `pid 1`.
 */
export function flowOf(actor: string): string {
  return actor.replace(/ in handler\([^)]*\)$/, "").replace(/ \(timer\)$/, "");
}

/**
 * Each step's thread flow. A trace names a thread only while its process has more than one, so in a
 * process that ever has several, a plain `pid N` step is given to the one thread it has then: thread 1
 * (a process starts with it, and fork() gives the child one thread 1) until the trace creates others,
 * and after they end, the one left.
 */
export function threadFlowIds(trace: readonly TraceStep[]): string[] {
  const flows = trace.map((s) => flowOf(s.actor));
  const threaded = new Set(flows.flatMap((f) => /^pid (\d+)\/thread \d+$/.exec(f)?.[1] ?? []));
  const live = new Map<string, Set<string>>();
  const liveOf = (pid: string) => live.get(pid) ?? live.set(pid, new Set(["1"])).get(pid)!;
  return flows.map((flow, i) => {
    let id = flow;
    const plain = /^pid (\d+)$/.exec(flow);
    if (plain && threaded.has(plain[1]!)) {
      const threads = liveOf(plain[1]!);
      id = `pid ${plain[1]}/thread ${threads.size === 1 ? [...threads][0] : "1"}`;
    }
    for (const effect of trace[i]!.effect) {
      const change = /^pid (\d+)\/thread (\d+) (created|ends|reaped)$/.exec(effect);
      if (!change) continue;
      if (change[3] === "created") liveOf(change[1]!).add(change[2]!);
      else liveOf(change[1]!).delete(change[2]!);
    }
    return id;
  });
}

function codeFlow(r: FileResult, trace: readonly TraceStep[]) {
  const flows = new Map<string, object[]>();
  const ids = threadFlowIds(trace);
  trace.forEach((step, i) => {
    const key = ids[i]!;
    let locations = flows.get(key);
    if (!locations) flows.set(key, (locations = []));
    const text = step.effect.length > 0 ? `${step.text}: ${step.effect.join(", ")}` : step.text;
    locations.push({
      location: {
        ...(step.span !== null ? { physicalLocation: physicalLocation(r, step.span) } : {}),
        message: { text },
      },
      ...(step.loop ? { kinds: ["loop"] } : {}),
      // a handler's steps are nested in the code it interrupted
      ...(step.actor.includes(" in handler(") ? { nestingLevel: 1 } : {}),
      executionOrder: i + 1,
      properties: { actor: step.actor, kind: step.kind, ...(step.loop ? { loop: true } : {}) },
    });
  });
  const looping = trace.filter((s) => s.loop).length;
  return {
    message: {
      text: `counterexample, ${trace.length} step${trace.length === 1 ? "" : "s"}${looping > 0 ? `; the last ${looping} repeat forever` : ""}`,
    },
    threadFlows: [...flows].map(([id, locations]) => ({ id, message: { text: id }, locations })),
  };
}

function diagnosticResult(r: FileResult, d: Diagnostic) {
  return {
    ruleId: `ipcheck/${d.code}`,
    level: "error",
    message: { text: d.help ? `${d.message} (${d.help})` : d.message },
    locations: [{ physicalLocation: physicalLocation(r, d.span) }],
    partialFingerprints: { [FINGERPRINT_KEY]: fingerprint(`ipcheck/${d.code}`, r.file, d.message) },
  };
}

function diagnosticNotification(r: FileResult, d: Diagnostic, ids: readonly string[]) {
  const id = `ipcheck/${d.code}`;
  return {
    descriptor: { id, index: ids.indexOf(id) },
    level: "error",
    message: { text: `${r.file}: ${d.message}` },
    locations: [{ physicalLocation: physicalLocation(r, d.span) }],
  };
}

function inconclusiveNotification(r: FileResult, ids: readonly string[]) {
  return {
    descriptor: { id: INCONCLUSIVE_ID, index: ids.indexOf(INCONCLUSIVE_ID) },
    level: "warning",
    message: { text: `${r.file}: ${inconclusiveText(r)}` },
    locations: [{ physicalLocation: physicalLocation(r, null) }],
  };
}

/** What an inconclusive file's notification says: the bound that stopped the search and how far it got. */
export function inconclusiveText(r: FileResult): string {
  return `inconclusive, nothing found but the search stopped at a bound: ${r.stats.bound ?? "unknown"} (${r.stats.states} states explored)`;
}

function internalNotification(r: FileResult, ids: readonly string[]) {
  return {
    descriptor: { id: INTERNAL_ID, index: ids.indexOf(INTERNAL_ID) },
    level: "error",
    message: { text: `${r.file}: internal error of ipcheck (please report it with the program): ${internalError(r)}` },
    locations: [{ physicalLocation: physicalLocation(r, null) }],
  };
}

/**
 * The first line of an internal error of ipcheck while checking this file (the CLI's pool sets
 * `internal` to the error's stack; the rest of the stack names this machine's paths).
 */
function internalError(r: FileResult): string | null {
  const internal = (r as { readonly internal?: string }).internal;
  return internal ? internal.split("\n")[0]! : null;
}
