// A counterexample as a message-sequence chart, in data: one lane per process and thread (the
// environment, timers and the network in lanes of their own), one row per step, handler boxes inside
// their thread's lane, arrows for signals, forks, thread creation and data, and the steps that make
// the bug. Pure: the HTML reporter draws it, its tests read it.
import type { Finding } from "./result.js";
import type { TraceStep } from "../explorer/trace.js";

export type LaneKind = "thread" | "environment" | "timer" | "network";

export interface Lane {
  readonly key: string;
  readonly label: string;
  readonly kind: LaneKind;
  readonly pid: number | null;
  readonly tid: number | null;
}

export interface ChartRow {
  /** 0-based step index (step number − 1) */
  readonly step: number;
  readonly lane: number;
  /** how many handlers the thread is inside during the step */
  readonly depth: number;
  readonly highlighted: boolean;
  readonly loop: boolean;
}

export type ArrowKind = "signal" | "lost" | "fork" | "thread" | "data" | "wait";

/** An arrow between two cells (row, lane); row `steps.length` is the row of blocked marks. */
export interface Arrow {
  readonly kind: ArrowKind;
  readonly fromRow: number;
  readonly fromLane: number;
  readonly toRow: number;
  readonly toLane: number;
  readonly label: string;
}

export interface HandlerBox {
  readonly lane: number;
  readonly fromRow: number;
  readonly toRow: number;
  /** 1 for a handler, 2 for a handler interrupting a handler, ... */
  readonly depth: number;
  readonly label: string;
}

/** A thread blocked for ever at the end of a deadlock's trace, and what it waits for. */
export interface BlockedMark {
  readonly lane: number;
  readonly text: string;
}

export interface Chart {
  readonly lanes: readonly Lane[];
  readonly rows: readonly ChartRow[];
  readonly arrows: readonly Arrow[];
  readonly boxes: readonly HandlerBox[];
  readonly blocked: readonly BlockedMark[];
  /** 0-based indices of the highlighted steps, ascending */
  readonly highlighted: readonly number[];
}

interface LaneId {
  readonly kind: LaneKind;
  readonly pid: number | null;
  readonly tid: number | null;
}

/** The lane a step belongs to: its process and thread, or the environment, a timer, the network. */
export function laneOf(step: TraceStep): LaneId {
  if (step.kind === "environment") return { kind: "environment", pid: null, tid: null };
  if (step.kind === "network") return { kind: "network", pid: null, tid: null };
  if (step.kind === "alarm") return { kind: "timer", pid: null, tid: null };
  const m = /^pid (\d+)(?:\/thread (\d+))?/.exec(step.actor);
  const tid = step.tid ?? (m?.[2] !== undefined ? Number(m[2]) : 1);
  return { kind: "thread", pid: step.pid, tid };
}

const KIND_ORDER: Record<LaneKind, number> = { environment: 0, thread: 1, timer: 2, network: 3 };

function keyOf(l: LaneId): string {
  return l.kind === "thread" ? `${l.pid}/${l.tid}` : l.kind;
}

function buildLanes(ids: readonly LaneId[]): Lane[] {
  const unique = new Map<string, LaneId>();
  for (const id of ids) if (!unique.has(keyOf(id))) unique.set(keyOf(id), id);
  const sorted = [...unique.values()].sort(
    (a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || (a.pid ?? 0) - (b.pid ?? 0) || (a.tid ?? 0) - (b.tid ?? 0),
  );
  const threadsOf = (pid: number | null) => sorted.filter((l) => l.kind === "thread" && l.pid === pid).length;
  return sorted.map((l) => ({
    ...l,
    key: keyOf(l),
    label: l.kind !== "thread" ? l.kind : threadsOf(l.pid) > 1 ? `pid ${l.pid} · thread ${l.tid}` : `pid ${l.pid}`,
  }));
}

/** How many handlers the step's thread is inside while it steps: from the state before the step. */
function depthOf(steps: readonly TraceStep[], i: number, lane: LaneId): number {
  const step = steps[i]!;
  if (lane.kind !== "thread") return 0;
  const before = i > 0 ? steps[i - 1]!.state : undefined;
  if (step.state === undefined) return step.actor.includes(" in handler(") ? 1 : 0;
  if (before === undefined) return 0;
  const thread = before.processes.find((p) => p.pid === lane.pid)?.threads.find((t) => t.tid === lane.tid);
  return thread?.handlers.length ?? 0;
}

/** The chart of a finding's trace. */
export function traceChart(finding: Finding): Chart {
  const steps = finding.trace;
  const blockedText = finding.rule === "deadlock" ? deadlockClauses(finding.message) : [];
  const ids = steps.map(laneOf);
  const blockedIds = blockedText.map((b) => b.lane);
  const lanes = buildLanes([...ids, ...blockedIds.map((b) => resolveLane(b, ids))]);
  const laneIndex = (id: LaneId) => lanes.findIndex((l) => l.key === keyOf(id));
  const rowLanes = ids.map(laneIndex);
  const depths = steps.map((_, i) => depthOf(steps, i, ids[i]!));
  const blocked = blockedText.map((b) => ({ lane: laneIndex(resolveLane(b.lane, ids)), text: b.text }));
  const highlighted = highlight(finding, rowLanes, depths, blocked);
  const hl = new Set(highlighted);
  const rows = steps.map((s, i) => ({ step: i, lane: rowLanes[i]!, depth: depths[i]!, highlighted: hl.has(i), loop: s.loop === true }));
  return {
    lanes,
    rows,
    arrows: [
      ...signalArrows(steps, rowLanes, lanes),
      ...spawnArrows(steps, rowLanes, lanes),
      ...dataArrows(steps, rowLanes),
      ...waitArrows(blocked, lanes, steps.length),
    ].sort((a, b) => a.fromRow - b.fromRow || a.toRow - b.toRow || a.fromLane - b.fromLane || a.toLane - b.toLane),
    boxes: handlerBoxes(steps, rowLanes, depths, lanes.length),
    blocked,
    highlighted,
  };
}

/** A blocked lane named `pid 2` (no thread): the lane of that process the trace has, else thread 1. */
function resolveLane(id: LaneId, ids: readonly LaneId[]): LaneId {
  if (id.tid !== null) return id;
  const seen = ids.find((l) => l.kind === "thread" && l.pid === id.pid);
  return seen ?? { ...id, tid: 1 };
}

/** "deadlock: pid 1/thread 2 holds x and waits in ...; pid 2 blocks in read(fd 3): ..." → one clause per blocked thread. */
export function deadlockClauses(message: string): { lane: LaneId; text: string }[] {
  const body = message.replace(/^deadlock:\s*/, "");
  const out: { lane: LaneId; text: string }[] = [];
  for (const clause of body.split(/;\s+(?=pid \d)/)) {
    const m = /^pid (\d+)(?:\/thread (\d+))?\s+(.*)$/s.exec(clause.trim());
    if (!m) continue;
    out.push({ lane: { kind: "thread", pid: Number(m[1]), tid: m[2] !== undefined ? Number(m[2]) : null }, text: m[3]! });
  }
  return out;
}

function highlight(finding: Finding, rowLanes: readonly number[], depths: readonly number[], blocked: readonly BlockedMark[]): number[] {
  const steps = finding.trace;
  const n = steps.length;
  if (n === 0) return [];
  const last = n - 1;
  switch (finding.rule) {
    case "signal-race": {
      // the interrupted access, the delivery, and the handler's steps up to its racing access
      const lane = rowLanes[last]!;
      let d = last;
      while (d >= 0 && !(steps[d]!.kind === "deliver" && rowLanes[d] === lane)) d--;
      if (d < 0) return [last];
      const out = [d];
      for (let i = d + 1; i <= last; i++) if (rowLanes[i] === lane && depths[i]! > depths[d]!) out.push(i);
      for (let i = d - 1; i >= 0; i--) {
        if (rowLanes[i] === lane && depths[i] === depths[d] && steps[i]!.kind === "step") {
          out.unshift(i);
          break;
        }
      }
      return out;
    }
    case "data-race":
      return n >= 2 ? [n - 2, last] : [last];
    case "deadlock": {
      const out: number[] = [];
      for (const b of blocked) {
        for (let i = last; i >= 0; i--) {
          if (rowLanes[i] === b.lane) {
            out.push(i);
            break;
          }
        }
      }
      return [...new Set(out)].sort((a, b) => a - b);
    }
    case "livelock": {
      const loop = steps.flatMap((s, i) => (s.loop ? [i] : []));
      return loop.length > 0 ? loop : [last];
    }
    default:
      return [last];
  }
}

const PENDING = /^pending of pid (\d+)(?:\/thread (\d+))?(?: \(thread\))?: (.*)$/;

/** kill/raise/alarm/environment → the delivery; a signal lost → a cross in the target's lane. */
function signalArrows(steps: readonly TraceStep[], rowLanes: readonly number[], lanes: readonly Lane[]): Arrow[] {
  const out: Arrow[] = [];
  steps.forEach((s, i) => {
    for (const change of s.effect) {
      const pm = PENDING.exec(change);
      if (pm) {
        const pid = Number(pm[1]);
        for (const sig of pm[3]!.split(" ").filter((x) => x.startsWith("+")).map((x) => x.slice(1))) {
          const j = steps.findIndex((t, k) => k > i && t.kind === "deliver" && t.pid === pid && t.text === `${sig} delivered`);
          if (j >= 0 && rowLanes[j] !== rowLanes[i]) out.push({ kind: "signal", fromRow: i, fromLane: rowLanes[i]!, toRow: j, toLane: rowLanes[j]!, label: sig });
        }
      }
      const lost = /^(SIG[A-Z0-9]+) lost: already pending in pid (\d+)/.exec(change);
      if (lost) {
        const to = lanes.findIndex((l) => l.kind === "thread" && l.pid === Number(lost[2]));
        if (to >= 0 && to !== rowLanes[i]) out.push({ kind: "lost", fromRow: i, fromLane: rowLanes[i]!, toRow: i, toLane: to, label: `${lost[1]} lost` });
      }
    }
  });
  return out;
}

/** fork → the child's first step; pthread_create → the new thread's first step. */
function spawnArrows(steps: readonly TraceStep[], rowLanes: readonly number[], lanes: readonly Lane[]): Arrow[] {
  const out: Arrow[] = [];
  steps.forEach((s, i) => {
    for (const change of s.effect) {
      const fork = /^pid (\d+) created$/.exec(change);
      const thread = /^pid (\d+)\/thread (\d+) created$/.exec(change);
      if (!fork && !thread) continue;
      const pid = Number((fork ?? thread)![1]);
      const tid = thread ? Number(thread[2]) : null;
      const j = steps.findIndex((t, k) => {
        if (k <= i) return false;
        const lane = lanes[rowLanes[k]!]!;
        return lane.kind === "thread" && lane.pid === pid && (tid === null || lane.tid === tid);
      });
      if (j >= 0 && rowLanes[j] !== rowLanes[i]) {
        out.push({ kind: fork ? "fork" : "thread", fromRow: i, fromLane: rowLanes[i]!, toRow: j, toLane: rowLanes[j]!, label: fork ? `fork → pid ${pid}` : `create thread ${tid}` });
      }
    }
  });
  return out;
}

interface Write {
  readonly row: number;
  readonly channel: string;
  readonly value: string | null;
}

/** What a step puts into a channel (a pipe, a queue, a global, shared memory, a socket) and what it takes out. */
function dataOf(s: TraceStep): { writes: Write[]; reads: { channel: string; value: string | null }[] } {
  const writes: Write[] = [];
  const reads: { channel: string; value: string | null }[] = [];
  const scope = `pid ${s.pid}`;
  for (const change of s.effect) {
    const obj = /^((?:pipe #\d+)|(?:queue "[^"]*")): (.*) → (.*)$/.exec(change);
    if (obj) {
      const grew = obj[3]!.length > obj[2]!.length;
      if (grew) writes.push({ row: -1, channel: obj[1]!, value: null });
      else reads.push({ channel: obj[1]!, value: null });
      continue;
    }
    const w = /^writes (\w+) = (.*)$/.exec(change);
    if (w) writes.push({ row: -1, channel: `${scope} ${w[1]}`, value: w[2]! });
    const r = /^reads (\w+) = (.*)$/.exec(change);
    if (r) reads.push({ channel: `${scope} ${r[1]}`, value: r[2]! });
    const sw = /^writes (-?\d+)$/.exec(change);
    if (sw) writes.push({ row: -1, channel: "shared memory", value: sw[1]! });
    const sr = /^reads (-?\d+)$/.exec(change);
    if (sr) reads.push({ channel: "shared memory", value: sr[1]! });
  }
  if (/^(send|sendto|sendmsg)\(/.test(s.text) && !s.effect.some((c) => /returns -1/.test(c))) writes.push({ row: -1, channel: "socket", value: null });
  if (/^(recv|recvfrom|accept)\(/.test(s.text) && !s.effect.some((c) => /returns (-1|null)/.test(c))) reads.push({ channel: "socket", value: null });
  return { writes, reads };
}

/** A write and the read (in another lane) that takes what it wrote. */
function dataArrows(steps: readonly TraceStep[], rowLanes: readonly number[]): Arrow[] {
  const out: Arrow[] = [];
  const pending: Write[] = [];
  steps.forEach((s, i) => {
    const { writes, reads } = dataOf(s);
    for (const r of reads) {
      for (let k = pending.length - 1; k >= 0; k--) {
        const w = pending[k]!;
        if (w.channel !== r.channel || (w.value !== null && r.value !== null && w.value !== r.value)) continue;
        if (rowLanes[w.row] === rowLanes[i]) break;
        const name = w.channel.replace(/^pid \d+ /, "");
        out.push({ kind: "data", fromRow: w.row, fromLane: rowLanes[w.row]!, toRow: i, toLane: rowLanes[i]!, label: name });
        if (w.value === null && w.channel === "socket") pending.splice(k, 1);
        break;
      }
    }
    for (const w of writes) pending.push({ ...w, row: i });
  });
  return out;
}

/** A deadlock's wait-for edges between the blocked marks: "for thread 2", "held by thread 3", "in pid 2". */
function waitArrows(blocked: readonly BlockedMark[], lanes: readonly Lane[], row: number): Arrow[] {
  const out: Arrow[] = [];
  for (const b of blocked) {
    const from = lanes[b.lane]!;
    const targets = new Set<number>();
    for (const m of b.text.matchAll(/(?:for|by) thread (\d+)/g)) targets.add(lanes.findIndex((l) => l.pid === from.pid && l.tid === Number(m[1])));
    for (const m of b.text.matchAll(/(?:in|end:) pid (\d+)/g)) targets.add(lanes.findIndex((l) => l.kind === "thread" && l.pid === Number(m[1])));
    for (const to of targets) if (to >= 0 && to !== b.lane) out.push({ kind: "wait", fromRow: row, fromLane: b.lane, toRow: row, toLane: to, label: "waits for" });
  }
  return out;
}

/** Each run of a lane's steps inside a handler, one box per nesting level. */
function handlerBoxes(steps: readonly TraceStep[], rowLanes: readonly number[], depths: readonly number[], laneCount: number): HandlerBox[] {
  const out: HandlerBox[] = [];
  for (let lane = 0; lane < laneCount; lane++) {
    const open: { fromRow: number; label: string }[] = [];
    let lastRow = -1;
    rowLanes.forEach((l, i) => {
      if (l !== lane) return;
      const d = depths[i]!;
      while (open.length > d) {
        const b = open.pop()!;
        out.push({ lane, fromRow: b.fromRow, toRow: lastRow, depth: open.length + 1, label: b.label });
      }
      while (open.length < d) {
        const sig = /in handler\((SIG[A-Z0-9]+)\)/.exec(steps[i]!.actor)?.[1];
        open.push({ fromRow: i, label: open.length + 1 === d && sig ? `handler(${sig})` : "handler" });
      }
      lastRow = i;
    });
    while (open.length > 0) {
      const b = open.pop()!;
      out.push({ lane, fromRow: b.fromRow, toRow: lastRow, depth: open.length + 1, label: b.label });
    }
  }
  return out.sort((a, b) => a.fromRow - b.fromRow || a.lane - b.lane || a.depth - b.depth);
}
