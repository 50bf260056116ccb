// The HTML report (issue #8): one self-contained page (inline style and script, no network, no
// fonts) for one or many files: a summary table, then per finding its message, the source with the
// involved lines marked, the counterexample as a message-sequence chart with a state panel that
// follows the current step, and the same trace as a table (the chart's text alternative).
// Deterministic: no dates, no timings, ids from positions; the same results give the same bytes.
import type { FileResult, Finding, Verdict } from "./result.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import type { Span } from "../model/model.js";
import { locate } from "./location.js";
import { escapeHtml, scriptJson } from "./html-escape.js";
import { traceChart, type Chart } from "./trace-chart.js";
import { arrowText, chartBodySvg, chartHeadSvg, KIND_GLYPH } from "./trace-svg.js";
import { REPORT_STYLE } from "./html-style.js";
import { REPORT_SCRIPT } from "./html-script.js";

export interface HtmlOptions {
  /** the page's title (default: "ipcheck report") */
  readonly title?: string;
}

const VERDICT_GLYPH: Record<Verdict, string> = { clean: "✔", violations: "✖", inconclusive: "?", error: "⚠" };

export function htmlReport(results: readonly FileResult[], options: HtmlOptions = {}): string {
  const title = options.title ?? "ipcheck report";
  const body = [
    `<header><h1>${escapeHtml(title)}</h1><p class="totals">${escapeHtml(totals(results))}</p></header>`,
    "<main>",
    summary(results),
    ...results.map((r, i) => fileSection(r, i + 1)),
    "</main>",
  ];
  return [
    "<!doctype html>",
    '<html lang="en">',
    "<head>",
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">`,
    `<title>${escapeHtml(title)}</title>`,
    `<style>${REPORT_STYLE}</style>`,
    "</head>",
    "<body>",
    ...body,
    `<script>${REPORT_SCRIPT}</script>`,
    "</body>",
    "</html>",
    "",
  ].join("\n");
}

function totals(results: readonly FileResult[]): string {
  const count = (v: Verdict) => results.filter((r) => r.verdict === v).length;
  const findings = results.reduce((n, r) => n + r.findings.length, 0);
  const files = results.length === 1 ? "1 file" : `${results.length} files`;
  return `${files}: ${count("clean")} clean, ${count("violations")} with violations, ${count("inconclusive")} inconclusive, ${count("error")} errors; ${findings} finding${findings === 1 ? "" : "s"}`;
}

function verdictCell(v: Verdict): string {
  return `<span class="verdict v-${v}"><span class="glyph" aria-hidden="true">${VERDICT_GLYPH[v]}</span> ${v}</span>`;
}

function summary(results: readonly FileResult[]): string {
  const rows = results.map((r, i) => {
    const rules = [...new Set(r.findings.map((f) => f.rule))];
    const findings = r.findings.length === 0 ? (r.diagnostics.length ? `${r.diagnostics.length} diagnostic${r.diagnostics.length === 1 ? "" : "s"}` : "0") : `${r.findings.length}: ${rules.join(", ")}`;
    return `<tr><td><a href="#file-${i + 1}">${escapeHtml(r.file)}</a></td><td>${verdictCell(r.verdict)}</td><td>${escapeHtml(findings)}</td><td class="num">${r.stats.states.toLocaleString("en")}</td></tr>`;
  });
  return [
    '<section class="summary" aria-labelledby="summary-title">',
    '<h2 id="summary-title">Summary</h2>',
    '<table class="summary-table"><thead><tr><th scope="col">file</th><th scope="col">verdict</th><th scope="col">findings</th><th scope="col">states</th></tr></thead>',
    `<tbody>${rows.join("")}</tbody></table>`,
    legend(),
    "</section>",
  ].join("\n");
}

function legend(): string {
  const items = [
    ["★", "a step of the bug (thick border)"],
    [KIND_GLYPH.deliver, "a signal delivered"],
    [KIND_GLYPH.environment, "the user sends a signal"],
    [KIND_GLYPH.alarm, "an alarm expires"],
    [KIND_GLYPH.network, "the network delivers or duplicates (a loss shows under the sendto)"],
    ["‹SIG›", "a step inside that signal's handler (dashed inset box)"],
    ["↻", "repeats for ever (a livelock's loop)"],
    ["⊘", "blocked for ever (a deadlock)"],
    ["━▶", "signal sent → delivered (solid, filled triangle)"],
    ["┅▷", "data written → read (dotted, open triangle)"],
    ["╌◆", "fork or thread creation (dashed, diamond)"],
    ["━●", "waits for (thick, circle)"],
    ["━✕", "a signal lost (cross)"],
  ];
  return `<details class="legend"><summary>Legend</summary><dl>${items.map(([g, t]) => `<dt>${escapeHtml(g!)}</dt><dd>${escapeHtml(t!)}</dd>`).join("")}</dl><p>Focus a chart and press ↓ or j for the next step, ↑ or k for the previous one, Home and End for the first and last; or click a step. The panel beside the chart shows the state after the current step.</p></details>`;
}

function where(r: FileResult, span: Span | null): string {
  if (!span || r.source === null) return "";
  const l = locate(r.source, span);
  return `${l.line}:${l.column}`;
}

function fileSection(r: FileResult, n: number): string {
  const s = r.stats;
  const explored = s.complete ? "the whole state space explored" : s.bound ? `stopped by a bound: ${s.bound}` : "";
  const stats = r.verdict === "error" ? "" : `<p class="stats">${s.states.toLocaleString("en")} states, ${s.transitions.toLocaleString("en")} transitions, depth ${s.depth}${explored ? `; ${escapeHtml(explored)}` : ""}</p>`;
  return [
    `<section class="file" id="file-${n}" aria-labelledby="file-${n}-title">`,
    `<h2 id="file-${n}-title">${escapeHtml(r.file)} ${verdictCell(r.verdict)}</h2>`,
    stats,
    ...(r.internal ? [`<p class="internal" role="alert">internal error of ipcheck while checking this file: please report it with the program</p>`] : []),
    ...r.diagnostics.map((d) => diagnosticBlock(r, d)),
    ...r.findings.map((f, k) => findingBlock(r, f, `f${n}-${k + 1}`)),
    "</section>",
  ].join("\n");
}

function diagnosticBlock(r: FileResult, d: Diagnostic): string {
  const at = where(r, d.span);
  const marked = d.span && r.source !== null ? new Map([[locate(r.source, d.span).line, "finding"]]) : new Map<number, string>();
  const src = r.source !== null && d.span ? sourceView(r.source, marked, d.span) : "";
  return [
    `<div class="diagnostic" role="alert"><p><span class="loc">${escapeHtml(r.file)}${at ? `:${at}` : ""}</span>: <strong>error</strong>: ${escapeHtml(d.message)} <code>[${escapeHtml(d.code)}]</code></p>`,
    src,
    d.help ? `<p class="help">help: ${escapeHtml(d.help)}</p>` : "",
    "</div>",
  ].join("");
}

/** The source with line numbers, the marked lines carrying a glyph and a word as well as a colour. */
function sourceView(source: string, marks: ReadonlyMap<number, string>, span: Span | null): string {
  const lines = source.replace(/\n$/, "").split("\n");
  const width = String(lines.length).length;
  const glyph: Record<string, string> = { finding: "▶", related: "▷", step: "★" };
  const focus = span ? locate(source, span).line : 0;
  const out = lines.map((text, i) => {
    const n = i + 1;
    const mark = marks.get(n);
    const cls = mark ? ` class="mark-${mark}"` : "";
    const label = mark ? `<span class="sr"> (${mark === "step" ? "a step of the bug" : mark === "related" ? "related line" : "the finding"})</span>` : "";
    return `<span data-line="${n}"${cls}><span class="ln">${String(n).padStart(width)}</span><span class="mk" aria-hidden="true">${mark ? glyph[mark] : " "}</span>${escapeHtml(text) || " "}${label}</span>`;
  });
  return `<pre class="source" tabindex="0" aria-label="source${focus ? `, finding at line ${focus}` : ""}">${out.join("")}</pre>`;
}

function findingBlock(r: FileResult, f: Finding, id: string): string {
  const source = r.source ?? "";
  const chart = traceChart(f);
  const lines = f.trace.map((s) => (s.span && r.source !== null ? where(r, s.span) : ""));
  const marks = new Map<number, string>();
  for (const i of chart.highlighted) {
    const span = f.trace[i]!.span;
    if (span && r.source !== null) marks.set(locate(source, span).line, "step");
  }
  for (const span of f.related) if (r.source !== null) marks.set(locate(source, span).line, "related");
  if (f.span && r.source !== null) marks.set(locate(source, f.span).line, "finding");
  const at = where(r, f.span);
  const hl = chart.highlighted.map((i) => i + 1);
  const parts = [
    `<article class="finding" id="${id}" aria-labelledby="${id}-title">`,
    `<h3 id="${id}-title"><span class="rule">${escapeHtml(f.rule)}</span> <span class="sev">${escapeHtml(f.severity)}</span>${at ? ` <span class="loc">line ${at}</span>` : ""}</h3>`,
    `<p class="message">${escapeHtml(f.message)}</p>`,
    r.source !== null ? `<details class="source-box" open><summary>Source, the involved lines marked: ▶ the finding, ▷ related, ★ a step of the bug</summary>${sourceView(source, marks, f.span)}</details>` : "",
  ];
  if (f.trace.length > 0) {
    const looping = f.trace.filter((s) => s.loop).length;
    parts.push(
      `<h4>Counterexample: ${f.trace.length} step${f.trace.length === 1 ? "" : "s"} in ${chart.lanes.length} lane${chart.lanes.length === 1 ? "" : "s"}; ★ steps of the bug: <span class="hl-list">${hl.join(", ")}</span>${looping ? `; the last ${looping} (↻) repeat for ever` : ""}</h4>`,
      '<div class="trace-view">',
      `<div class="chart" tabindex="0" role="group" aria-roledescription="message-sequence chart" aria-label="trace of ${f.trace.length} steps: press down or j for the next step, up or k for the previous; the state panel follows" data-finding="${id}">`,
      `<div class="chart-head">${chartHeadSvg(chart)}</div>`,
      chartBodySvg(chart, { id, steps: f.trace, lines }),
      "</div>",
      // the short line is announced at each step; the whole state is there to read, not announced
      `<aside class="state" aria-label="the state after the current step"><p class="announce sr" aria-live="polite" aria-atomic="true"></p><div class="panel"><p>Select a step (focus the chart, then ↓ or j) to see the state after it.</p></div></aside>`,
      "</div>",
      textAlternative(f, chart, lines),
      `<script type="application/json" class="trace-data">${scriptJson(traceData(f, lines))}</script>`,
    );
  }
  parts.push("</article>");
  return parts.join("\n");
}

/** The chart as a table and lists: the same facts, in words. */
function textAlternative(f: Finding, chart: Chart, lines: readonly string[]): string {
  const rows = chart.rows.map((row) => {
    const s = f.trace[row.step]!;
    const marks = [row.highlighted ? "★ bug" : "", row.loop ? "↻ repeats" : "", row.depth > 0 ? `in handler (depth ${row.depth})` : ""].filter(Boolean).join(", ");
    return `<tr${row.highlighted ? ' class="hl"' : ""}><td class="num">${row.step + 1}</td><td>${escapeHtml(chart.lanes[row.lane]!.label)}</td><td>${escapeHtml(s.actor)}</td><td>${escapeHtml(lines[row.step] ?? "")}</td><td><code>${escapeHtml(s.text)}</code></td><td>${escapeHtml(s.effect.join(", "))}</td><td>${escapeHtml(marks)}</td></tr>`;
  });
  const arrows = chart.arrows.map((a) => `<li>${escapeHtml(arrowText(a, chart))}</li>`);
  const boxes = chart.boxes.map((b) => `<li>${escapeHtml(`${b.label} in ${chart.lanes[b.lane]!.label}: steps ${b.fromRow + 1}–${b.toRow + 1}`)}</li>`);
  const blocked = chart.blocked.map((b) => `<li>${escapeHtml(`${chart.lanes[b.lane]!.label} ${b.text}`)}</li>`);
  return [
    `<details class="text-alt"><summary>The trace as text (${f.trace.length} steps, ${chart.arrows.length} arrows)</summary>`,
    '<table class="trace-table"><thead><tr><th scope="col">step</th><th scope="col">lane</th><th scope="col">actor</th><th scope="col">line</th><th scope="col">code</th><th scope="col">effect</th><th scope="col">marks</th></tr></thead>',
    `<tbody>${rows.join("")}</tbody></table>`,
    arrows.length ? `<h5>Arrows</h5><ul class="arrows">${arrows.join("")}</ul>` : "",
    boxes.length ? `<h5>Handlers</h5><ul class="boxes">${boxes.join("")}</ul>` : "",
    blocked.length ? `<h5>Blocked for ever</h5><ul class="blocked-list">${blocked.join("")}</ul>` : "",
    "</details>",
  ].join("\n");
}

/** What the page's script needs to show the current step: its words and the state after it. */
function traceData(f: Finding, lines: readonly string[]) {
  return {
    steps: f.trace.map((s, i) => ({
      actor: s.actor,
      text: s.text,
      line: lines[i] ?? "",
      effect: s.effect,
      ...(s.state ? { state: s.state } : {}),
    })),
  };
}
