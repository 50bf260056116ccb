// Draws a trace chart (trace-chart.ts) as SVG: lanes as columns, steps as boxes in rows, handlers as
// dashed inset boxes, arrows with a label and a marker shape per kind. Meaning never rests on colour
// alone: every highlighted step carries ★ and a thick border, every arrow a label and its own line and
// marker, every kind of step a glyph. Coordinates are whole numbers, so the same chart gives the same bytes.
import type { TraceStep } from "../explorer/trace.js";
import type { Arrow, Chart } from "./trace-chart.js";
import { escapeHtml } from "./html-escape.js";

export const GUTTER = 70;
export const LANE_WIDTH = 236;
export const ROW_HEIGHT = 28;
export const HEAD_HEIGHT = 30;
const INDENT = 10;
/** how far a wait-for arc dips below the row of blocked threads */
const WAIT_DIP = 12;
const CHAR_WIDTH = 7.3;

/** The glyph that marks a step's kind (also in the legend). */
export const KIND_GLYPH: Record<TraceStep["kind"], string> = { step: "", deliver: "↯", alarm: "◷", environment: "✉", network: "☁" };

const MARKERS: Record<Arrow["kind"], string> = { signal: "signal", lost: "lost", fork: "spawn", thread: "spawn", data: "data", wait: "wait" };

function laneX(lane: number): number {
  return GUTTER + lane * LANE_WIDTH;
}

function rowY(row: number): number {
  return row * ROW_HEIGHT;
}

export function truncate(text: string, chars: number): string {
  const codepoints = [...text];
  return codepoints.length <= chars ? text : `${codepoints.slice(0, Math.max(1, chars - 1)).join("")}…`;
}

/** The lane headers, drawn apart so the page can keep them in view while the rows scroll. */
export function chartHeadSvg(chart: Chart): string {
  const width = GUTTER + chart.lanes.length * LANE_WIDTH;
  const parts = [`<svg class="msc-head" width="${width}" height="${HEAD_HEIGHT}" viewBox="0 0 ${width} ${HEAD_HEIGHT}" aria-hidden="true">`];
  parts.push(`<text x="4" y="19" class="gutter-head">step line</text>`);
  chart.lanes.forEach((l, i) => {
    const x = laneX(i);
    parts.push(`<g class="lane-head lane-${l.kind}"><rect x="${x + 4}" y="3" width="${LANE_WIDTH - 8}" height="${HEAD_HEIGHT - 6}" rx="4"/><text x="${x + LANE_WIDTH / 2}" y="20" text-anchor="middle">${escapeHtml(l.label)}</text></g>`);
  });
  parts.push("</svg>");
  return parts.join("");
}

export interface ChartSvgOptions {
  /** unique per page: prefixes marker ids */
  readonly id: string;
  readonly steps: readonly TraceStep[];
  /** "15:5" per step, or "" */
  readonly lines: readonly string[];
}

/** The body of the chart: rows, handler boxes, arrows and (for a deadlock) the row of blocked threads. */
export function chartBodySvg(chart: Chart, o: ChartSvgOptions): string {
  const rowCount = chart.rows.length + (chart.blocked.length > 0 ? 1 : 0);
  const width = GUTTER + chart.lanes.length * LANE_WIDTH;
  // a row of blocked threads keeps room below for the arcs of its wait-for edges
  const height = rowCount * ROW_HEIGHT + (chart.arrows.some((a) => a.kind === "wait") ? 3 * WAIT_DIP + 16 : 4);
  const p: string[] = [];
  p.push(`<svg class="msc" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="message-sequence chart of ${o.steps.length} steps in ${chart.lanes.length} lanes; the table below is its text alternative">`);
  p.push(markerDefs(o.id));
  chart.lanes.forEach((l, i) => {
    const cx = laneX(i) + LANE_WIDTH / 2;
    p.push(`<line class="lane-line lane-${l.kind}" x1="${cx}" y1="0" x2="${cx}" y2="${height}"/>`);
  });
  for (const b of chart.boxes) {
    const x = laneX(b.lane) + 3 + (b.depth - 1) * INDENT;
    const w = LANE_WIDTH - 6 - 2 * (b.depth - 1) * INDENT;
    const y = rowY(b.fromRow) + 1;
    const h = rowY(b.toRow + 1) - 1 - y;
    p.push(`<rect class="handler-box" x="${x}" y="${y}" width="${w}" height="${h}" rx="6"><title>${escapeHtml(b.label)}: steps ${b.fromRow + 1}–${b.toRow + 1}</title></rect>`);
  }
  // arrows under the step boxes: where one crosses a lane it passes behind that lane's steps
  for (const a of chart.arrows) p.push(arrowSvg(a, o.id, chart));
  for (const r of chart.rows) {
    const s = o.steps[r.step]!;
    const y = rowY(r.step);
    const x = laneX(r.lane) + 8 + r.depth * INDENT;
    const w = LANE_WIDTH - 16 - 2 * r.depth * INDENT;
    const handler = /in handler\((SIG[A-Z0-9]+)\)/.exec(s.actor)?.[1];
    const marks = `${r.highlighted ? "★ " : ""}${r.loop ? "↻ " : ""}${KIND_GLYPH[s.kind] ? `${KIND_GLYPH[s.kind]} ` : ""}`;
    // the box has room for about 28 characters: runs of spaces in the code's text count once
    const label = `${marks}${handler ? `‹${handler}› ` : ""}${s.text.replace(/\s{2,}/g, " ")}`;
    const cls = ["step", `k-${s.kind}`, r.highlighted ? "hl" : "", r.loop ? "loop" : "", handler ? "in-handler" : ""].filter(Boolean).join(" ");
    const full = `step ${r.step + 1}, ${s.actor}${o.lines[r.step] ? `, line ${o.lines[r.step]}` : ""}: ${s.text}${s.effect.length ? ` — ${s.effect.join(", ")}` : ""}${r.highlighted ? " (a step of the bug)" : ""}`;
    p.push(
      `<g class="${cls}" data-step="${r.step + 1}"><title>${escapeHtml(full)}</title>` +
        `<text class="pointer" x="2" y="${y + 18}">▶</text>` +
        `<text class="num" x="14" y="${y + 18}">${r.step + 1}</text><text class="line" x="40" y="${y + 18}">${escapeHtml(o.lines[r.step] ?? "")}</text>` +
        `<rect x="${x}" y="${y + 4}" width="${w}" height="${ROW_HEIGHT - 8}" rx="${s.kind === "step" ? 3 : 10}"/>` +
        `<text class="label" x="${x + 5}" y="${y + 18}">${escapeHtml(truncate(label, Math.floor((w - 10) / CHAR_WIDTH)))}</text></g>`,
    );
  }
  if (chart.blocked.length > 0) {
    const y = rowY(chart.rows.length);
    p.push(`<text class="num" x="14" y="${y + 18}">⊘</text>`);
    for (const b of chart.blocked) {
      const x = laneX(b.lane) + 8;
      const w = LANE_WIDTH - 16;
      p.push(
        `<g class="blocked hl"><title>${escapeHtml(`${chart.lanes[b.lane]!.label} ${b.text}`)}</title><rect x="${x}" y="${y + 4}" width="${w}" height="${ROW_HEIGHT - 8}" rx="0"/>` +
          `<text class="label" x="${x + 5}" y="${y + 18}">${escapeHtml(truncate(`⊘ blocked: ${b.text}`, Math.floor((w - 10) / CHAR_WIDTH)))}</text></g>`,
      );
    }
  }
  p.push("</svg>");
  return p.join("");
}

function markerDefs(id: string): string {
  return (
    "<defs>" +
    `<marker id="${id}-m-signal" viewBox="0 0 10 10" refX="9" refY="5" markerUnits="userSpaceOnUse" markerWidth="10" markerHeight="10" orient="auto-start-reverse"><path d="M0 0 L10 5 L0 10 z" class="mk-signal"/></marker>` +
    `<marker id="${id}-m-data" viewBox="0 0 10 10" refX="9" refY="5" markerUnits="userSpaceOnUse" markerWidth="10" markerHeight="10" orient="auto-start-reverse"><path d="M0 0 L10 5 L0 10" class="mk-data"/></marker>` +
    `<marker id="${id}-m-spawn" viewBox="0 0 10 10" refX="9" refY="5" markerUnits="userSpaceOnUse" markerWidth="10" markerHeight="10" orient="auto-start-reverse"><path d="M0 5 L5 0 L10 5 L5 10 z" class="mk-spawn"/></marker>` +
    `<marker id="${id}-m-wait" viewBox="0 0 10 10" refX="9" refY="5" markerUnits="userSpaceOnUse" markerWidth="10" markerHeight="10" orient="auto-start-reverse"><circle cx="5" cy="5" r="4" class="mk-wait"/></marker>` +
    `<marker id="${id}-m-lost" viewBox="0 0 10 10" refX="5" refY="5" markerUnits="userSpaceOnUse" markerWidth="12" markerHeight="12" orient="auto"><path d="M1 1 L9 9 M9 1 L1 9" class="mk-lost"/></marker>` +
    "</defs>"
  );
}

function arrowSvg(a: Arrow, id: string, chart: Chart): string {
  const title = `<title>${escapeHtml(arrowText(a, chart))}</title>`;
  const open = `<g class="arrow a-${a.kind}" data-from="${a.fromRow + 1}" data-to="${a.toRow + 1}">${title}`;
  const marker = `marker-end="url(#${id}-m-${MARKERS[a.kind]})"`;
  const right = a.toLane > a.fromLane;
  if (a.kind === "wait") {
    // an arc below the row of blocked threads, from box to box; the two edges of a pair dip apart
    const x1 = laneX(a.fromLane) + LANE_WIDTH / 2 + (right ? 20 : -20);
    const x2 = laneX(a.toLane) + LANE_WIDTH / 2 + (right ? -20 : 20);
    const y = rowY(a.fromRow) + ROW_HEIGHT - 4;
    const dip = right ? WAIT_DIP : 2 * WAIT_DIP;
    const mx = Math.round((x1 + x2) / 2);
    return `${open}<path d="M${x1} ${y} Q${mx} ${y + 2 * dip} ${x2} ${y}" ${marker}/><text x="${mx}" y="${right ? y + dip - 1 : y + dip + 13}" text-anchor="middle">${escapeHtml(a.label)}</text></g>`;
  }
  const x1 = laneX(a.fromLane) + (right ? LANE_WIDTH - 8 : 8);
  const x2 = laneX(a.toLane) + (right ? 8 : LANE_WIDTH - 8);
  const y1 = rowY(a.fromRow) + ROW_HEIGHT / 2;
  const y2 = rowY(a.toRow) + ROW_HEIGHT / 2;
  // the label sits on the arrow's own row, beside its source box: a row holds one step, so the other
  // lanes of that row are free
  const lx = x1 + (right ? 6 : -6);
  return `${open}<path d="M${x1} ${y1} L${x2} ${y2}" ${marker}/><text x="${lx}" y="${y1 - 4}" text-anchor="${right ? "start" : "end"}">${escapeHtml(a.label)}</text></g>`;
}

/** An arrow in words, for its tooltip and the text alternative. */
export function arrowText(a: Arrow, chart: Chart): string {
  const from = chart.lanes[a.fromLane]!.label;
  const to = chart.lanes[a.toLane]!.label;
  switch (a.kind) {
    case "signal": return `${a.label} sent at step ${a.fromRow + 1} (${from}), delivered at step ${a.toRow + 1} (${to})`;
    case "lost": return `${a.label} at step ${a.fromRow + 1} (${from}): ${to} had it pending already`;
    case "fork": return `step ${a.fromRow + 1} (${from}) forks; the child's first step is step ${a.toRow + 1} (${to})`;
    case "thread": return `step ${a.fromRow + 1} (${from}) creates a thread; its first step is step ${a.toRow + 1} (${to})`;
    case "data": return `${a.label}: written at step ${a.fromRow + 1} (${from}), read at step ${a.toRow + 1} (${to})`;
    case "wait": return `${from} waits for ${to} (blocked for ever)`;
  }
}
