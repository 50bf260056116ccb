// The HTML report's style sheet, inlined into the page. System fonts only; colours only add to what
// borders, glyphs and words already say.

export const REPORT_STYLE = `
:root { --fg: #1b1f24; --muted: #57606a; --bg: #ffffff; --panel: #f6f8fa; --line: #d0d7de; --hl: #b3261e; --hl-bg: #fde8e6; --cur: #0a58ca; --data: #6f42c1; --spawn: #1a7f37; --sig: #b35900; }
* { box-sizing: border-box; }
body { margin: 0; padding: 0 1.2rem 2rem; color: var(--fg); background: var(--bg); font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; }
h1 { font-size: 1.5rem; margin: 1rem 0 0.2rem; }
h2 { font-size: 1.2rem; margin: 2rem 0 0.4rem; border-bottom: 1px solid var(--line); padding-bottom: 0.2rem; }
h3 { font-size: 1.05rem; margin: 1.4rem 0 0.3rem; }
h4 { font-size: 0.95rem; margin: 0.8rem 0 0.3rem; font-weight: 600; }
code, pre, .msc, .msc-head { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; }
a { color: var(--cur); }
.totals, .stats { color: var(--muted); margin: 0.2rem 0; }
table { border-collapse: collapse; }
th, td { border: 1px solid var(--line); padding: 0.25rem 0.5rem; text-align: left; vertical-align: top; }
th { background: var(--panel); }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.verdict { white-space: nowrap; font-weight: 600; }
.v-violations, .v-error { color: var(--hl); }
.v-clean { color: var(--spawn); }
.v-inconclusive { color: var(--sig); }
.legend { margin: 0.8rem 0; }
.legend dl { display: grid; grid-template-columns: 4rem 1fr; gap: 0.1rem 0.6rem; margin: 0.4rem 0; }
.legend dt { font-family: ui-monospace, monospace; text-align: center; }
.legend dd { margin: 0; }
.rule { font-family: ui-monospace, monospace; background: var(--hl-bg); border: 1px solid var(--hl); border-radius: 3px; padding: 0 0.3rem; }
.sev, .loc { color: var(--muted); font-weight: normal; font-size: 0.9em; }
.message { margin: 0.2rem 0 0.5rem; max-width: 70rem; }
.diagnostic { border-left: 4px solid var(--hl); padding: 0.2rem 0.8rem; background: var(--hl-bg); margin: 0.6rem 0; }
.help { color: var(--muted); }
.source-box summary, .text-alt summary, .legend summary { cursor: pointer; color: var(--muted); }
pre.source { margin: 0.3rem 0; padding: 0.4rem 0; background: var(--panel); border: 1px solid var(--line); max-height: 40vh; overflow: auto; font-size: 12.5px; line-height: 1.45; }
pre.source > span { display: block; padding-right: 1rem; white-space: pre; }
pre.source .ln { display: inline-block; color: var(--muted); padding: 0 0.5rem 0 0.6rem; user-select: none; }
pre.source .mk { display: inline-block; width: 1.4em; }
pre.source .mark-finding { background: var(--hl-bg); font-weight: 600; box-shadow: inset 4px 0 var(--hl); }
pre.source .mark-related { background: #fff4e5; box-shadow: inset 4px 0 var(--sig); }
pre.source .mark-step { background: #fff8d6; }
pre.source .cur { outline: 2px solid var(--cur); outline-offset: -2px; }
pre.source .cur::after { content: "  ◀ current step"; color: var(--cur); font-weight: 600; }
.sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
.trace-view { display: flex; gap: 1rem; align-items: flex-start; flex-wrap: wrap; }
.chart { position: relative; max-height: 70vh; max-width: 100%; overflow: auto; border: 1px solid var(--line); background: var(--bg); outline: none; flex: 0 1 auto; }
.chart:focus-visible { box-shadow: 0 0 0 3px var(--cur); }
.chart-head { position: sticky; top: 0; z-index: 1; background: var(--bg); border-bottom: 1px solid var(--line); width: max-content; }
.msc-head, .msc { display: block; }
.msc-head text { font-size: 12.5px; font-weight: 700; fill: var(--fg); }
.msc-head .gutter-head { font-size: 10px; font-weight: 400; fill: var(--muted); }
.lane-head rect { fill: var(--panel); stroke: var(--fg); stroke-width: 1.2; }
.lane-head.lane-environment rect, .lane-head.lane-network rect, .lane-head.lane-timer rect { stroke-dasharray: 4 2; }
.lane-line { stroke: var(--line); stroke-width: 2; }
.lane-line.lane-environment, .lane-line.lane-network, .lane-line.lane-timer { stroke-dasharray: 3 3; }
.msc text { font-size: 12px; fill: var(--fg); pointer-events: none; }
.msc .num { fill: var(--muted); }
.msc .line { fill: var(--muted); font-size: 10.5px; }
.msc .pointer { visibility: hidden; fill: var(--cur); font-weight: 700; }
.step { cursor: pointer; }
.step rect { fill: #ffffff; stroke: var(--fg); stroke-width: 1; }
.step.k-deliver rect, .step.k-environment rect, .step.k-alarm rect, .step.k-network rect { stroke-dasharray: 5 2; fill: var(--panel); }
.step.hl rect, .blocked rect { stroke: var(--hl); stroke-width: 3; fill: var(--hl-bg); }
.step.hl .label, .blocked .label { font-weight: 700; }
.step.loop rect { stroke-dasharray: 2 2; }
.step.current rect { stroke: var(--cur); stroke-width: 3.5; }
.step.current .pointer { visibility: visible; }
.step.current .num { fill: var(--cur); font-weight: 700; }
.handler-box { fill: #f3f0ff; stroke: var(--data); stroke-width: 1.5; stroke-dasharray: 6 3; }
.arrow path { fill: none; stroke-width: 1.6; }
.arrow text { font-size: 10.5px; paint-order: stroke; stroke: #ffffff; stroke-width: 3px; }
.a-signal path { stroke: var(--sig); }
.a-signal text { fill: var(--sig); }
.a-lost path { stroke: var(--hl); stroke-width: 2; }
.a-lost text { fill: var(--hl); }
.a-data path { stroke: var(--data); stroke-dasharray: 2 3; }
.a-data text { fill: var(--data); }
.a-fork path, .a-thread path { stroke: var(--spawn); stroke-dasharray: 7 4; }
.a-fork text, .a-thread text { fill: var(--spawn); }
.a-wait path { stroke: var(--hl); stroke-width: 2.6; }
.a-wait text { fill: var(--hl); font-weight: 700; }
.mk-signal { fill: var(--sig); }
.mk-data { fill: #ffffff; stroke: var(--data); stroke-width: 1.5; }
.mk-spawn { fill: var(--spawn); }
.mk-wait { fill: var(--hl); }
.mk-lost { stroke: var(--hl); stroke-width: 2.2; fill: none; }
.state { position: relative; flex: 1 1 22rem; min-width: 20rem; max-width: 36rem; max-height: 70vh; overflow: auto; border: 1px solid var(--line); background: var(--panel); padding: 0.5rem 0.8rem; font-size: 13px; }
.state h5 { margin: 0.2rem 0; font-size: 0.95rem; }
.state .what code { white-space: pre-wrap; }
.state table { width: 100%; margin: 0.3rem 0 0.6rem; background: var(--bg); }
.state th[scope="rowgroup"] { background: var(--panel); text-align: left; }
.state td:first-child { white-space: nowrap; color: var(--muted); width: 1%; }
.state tr.chg td { font-weight: 700; background: #fff8d6; }
.state tr.chg td:last-child::after { content: "  ✎ changed"; color: var(--cur); font-weight: 400; }
.state ul { margin: 0.2rem 0; padding-left: 1.2rem; }
.text-alt { margin: 0.6rem 0 1rem; }
.trace-table { font-size: 12.5px; margin-top: 0.4rem; }
.trace-table tr.hl td { background: var(--hl-bg); font-weight: 600; }
.trace-table code { white-space: pre-wrap; }
@media (prefers-color-scheme: dark) {
  :root { --fg: #e6edf3; --muted: #9aa4ae; --bg: #0d1117; --panel: #161b22; --line: #30363d; --hl: #ff7b72; --hl-bg: #3d1d1b; --cur: #79c0ff; --data: #d2a8ff; --spawn: #56d364; --sig: #f0a84a; }
  .step rect { fill: #0d1117; }
  .handler-box { fill: #1d1630; }
  .arrow text { stroke: #0d1117; }
  .mk-data { fill: #0d1117; }
  pre.source .mark-related { background: #2e2414; }
  pre.source .mark-step, .state tr.chg td { background: #2b2a12; }
}
@media print { .chart, .state { max-height: none; overflow: visible; } .chart-head { position: static; } }
`.trim();
