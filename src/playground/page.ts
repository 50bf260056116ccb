// The playground page: an editor (a textarea with line numbers), the examples, Check and Stop, a
// progress line, diagnostics under the code, and the HTML report of the program in a sandboxed frame.
// Checks run in a Web Worker (worker.ts), started when the page loads so the compiler is loaded
// before the first check, and kept for the next check; Stop terminates it and the next check starts
// a fresh one.
import examples from "virtual:ipcheck-examples";
import type { CheckRequest, WorkerMessage } from "./protocol.js";

const SEED = "examples/signals/handler-race-counter.ts";
const MAX_STATES = 2_000_000;
const TIMEOUT_MS = 120_000;

function byId<T extends HTMLElement>(id: string): T {
  return document.getElementById(id) as T;
}

const code = byId<HTMLTextAreaElement>("code");
const gutter = byId<HTMLPreElement>("gutter");
const picker = byId<HTMLSelectElement>("example");
const checkButton = byId<HTMLButtonElement>("check");
const stopButton = byId<HTMLButtonElement>("stop");
const status = byId<HTMLSpanElement>("status");
const diagnostics = byId<HTMLDivElement>("diagnostics");
const result = byId<HTMLElement>("result");
const summary = byId<HTMLHeadingElement>("summary");
const frame = byId<HTMLIFrameElement>("report");

let worker: Worker | null = null;
let busy = false;
let badLines = new Set<number>();

function fileName(): string {
  return picker.value && examples.some((e) => e.name === picker.value && e.source === code.value) ? picker.value : "program.ts";
}

function drawGutter(): void {
  const lines = code.value.split("\n").length;
  gutter.textContent = "";
  for (let i = 1; i <= lines; i++) {
    const span = document.createElement("span");
    span.textContent = `${i}\n`;
    if (badLines.has(i)) span.className = "bad";
    gutter.appendChild(span);
  }
  gutter.scrollTop = code.scrollTop;
}

function setBusy(busy: boolean): void {
  checkButton.disabled = busy;
  stopButton.disabled = !busy;
}

function clearDiagnostics(): void {
  diagnostics.textContent = "";
  badLines = new Set();
  drawGutter();
}

function showDiagnostics(file: string, list: Extract<WorkerMessage, { type: "done" }>["diagnostics"]): void {
  diagnostics.textContent = "";
  for (const d of list) {
    const p = document.createElement("p");
    const where = document.createElement("span");
    where.className = "where";
    where.textContent = `${file}:${d.line}:${d.column}`;
    p.append(where, `: error: ${d.message} [${d.code}]`);
    diagnostics.appendChild(p);
    if (d.help) {
      const help = document.createElement("p");
      help.className = "help";
      help.textContent = `help: ${d.help}`;
      diagnostics.appendChild(help);
    }
  }
  badLines = new Set(list.map((d) => d.line));
  drawGutter();
}

function stop(): void {
  if (!busy) return;
  worker?.terminate();
  worker = null;
  busy = false;
  setBusy(false);
  status.textContent = "Stopped.";
}

function ensureWorker(): Worker {
  worker ??= new Worker("worker.js");
  return worker;
}

function finish(): void {
  busy = false;
  setBusy(false);
}

function check(): void {
  if (busy) return;
  clearDiagnostics();
  const file = fileName();
  const request: CheckRequest = { file, source: code.value, maxStates: MAX_STATES, timeoutMs: TIMEOUT_MS };
  const started = performance.now();
  const w = ensureWorker();
  busy = true;
  setBusy(true);
  status.textContent = "Checking…";
  delete status.dataset["verdict"];
  w.onmessage = (e: MessageEvent<WorkerMessage>) => {
    if (w !== worker) return;
    const m = e.data;
    if (m.type === "progress") {
      status.textContent = `Checking… ${m.states.toLocaleString("en")} states, depth ${m.depth}, ${(m.ms / 1000).toFixed(1)} s`;
      return;
    }
    finish();
    if (m.type === "internal") {
      // an internal error may leave the worker in any state: the next check gets a fresh one
      w.terminate();
      worker = null;
      status.textContent = `Internal error of ipcheck: ${m.message}`;
      return;
    }
    const total = Math.round(performance.now() - started);
    const found = m.findings.length;
    status.textContent = `${m.verdict}: ${found} finding${found === 1 ? "" : "s"}, ${m.states.toLocaleString("en")} states; checked in ${m.ms} ms (${total} ms on the page)`;
    showDiagnostics(file, m.diagnostics);
    summary.textContent = m.verdict === "error" ? `${file}: not a valid program` : `${file}: ${m.verdict}${found ? ` — ${[...new Set(m.findings.map((f) => f.rule))].join(", ")}` : ""}${m.bound ? ` (stopped by a bound: ${m.bound})` : ""}`;
    // the verdict is set on the status once the report's frame has loaded (tests wait for it)
    frame.onload = () => {
      frame.onload = null;
      status.dataset["ms"] = String(m.ms);
      status.dataset["totalMs"] = String(total);
      status.dataset["verdict"] = m.verdict;
    };
    frame.srcdoc = m.html;
    result.hidden = false;
  };
  w.onerror = (e) => {
    if (w !== worker) return;
    e.preventDefault();
    w.terminate();
    worker = null;
    finish();
    status.textContent = `The checker could not run: ${e.message}`;
  };
  w.postMessage(request);
}

function load(name: string): void {
  const ex = examples.find((e) => e.name === name);
  if (!ex) return;
  code.value = ex.source;
  code.scrollTop = 0;
  clearDiagnostics();
}

for (const ex of examples) {
  const option = document.createElement("option");
  option.value = ex.name;
  option.textContent = ex.name.replace(/^examples\//, "");
  picker.appendChild(option);
}
picker.value = SEED;
load(SEED);
picker.addEventListener("change", () => load(picker.value));
code.addEventListener("input", () => {
  badLines = new Set();
  drawGutter();
});
code.addEventListener("scroll", () => {
  gutter.scrollTop = code.scrollTop;
});
code.addEventListener("keydown", (e) => {
  if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
    e.preventDefault();
    check();
  }
});
checkButton.addEventListener("click", check);
stopButton.addEventListener("click", stop);
ensureWorker();
status.textContent = `Ready: ${examples.length} examples. Press Check (or Ctrl+Enter).`;
