// The JUnit XML report, for CI test tabs: one test suite, one test case per file. A finding is a
// <failure> whose text is its trace, a diagnostic (or an internal error of ipcheck) an <error>, an
// inconclusive file <skipped>. Counts are of test cases (a case with three findings is one failure), so
// tests = passed + failures + errors + skipped. No times: the same input gives the same bytes.
import type { FileResult, Finding } from "./result.js";
import { locate } from "./location.js";
import type { Span } from "../model/model.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";

export function junitReport(results: readonly FileResult[]): string {
  const failures = results.filter((r) => r.diagnostics.length === 0 && r.findings.length > 0).length;
  const errors = results.filter((r) => r.diagnostics.length > 0 || (r.verdict === "error" && r.findings.length === 0)).length;
  const skipped = results.filter((r) => outcome(r) === "skipped").length;
  const lines = [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<testsuite name="ipcheck" tests="${results.length}" failures="${failures}" errors="${errors}" skipped="${skipped}">`,
    ...results.flatMap(testCase),
    `</testsuite>`,
  ];
  return `${lines.join("\n")}\n`;
}

function outcome(r: FileResult): "error" | "failure" | "skipped" | "passed" {
  if (r.diagnostics.length > 0 || (r.verdict === "error" && r.findings.length === 0)) return "error";
  if (r.findings.length > 0) return "failure";
  if (r.verdict === "inconclusive") return "skipped";
  return "passed";
}

function testCase(r: FileResult): string[] {
  const open = `  <testcase classname="ipcheck" name="${escapeXml(r.file)}" file="${escapeXml(r.file)}"`;
  const body: string[] = [];
  const kind = outcome(r);
  switch (kind) {
    case "error":
      if (r.diagnostics.length === 0) {
        const message = `internal error of ipcheck (please report it with the program): ${internalError(r) ?? "unknown"}`;
        body.push(`    <error message="${escapeXml(message)}" type="ipcheck/internal-error"/>`);
      }
      for (const d of r.diagnostics) body.push(errorElement(r, d));
      break;
    case "failure":
      for (const f of r.findings) body.push(failureElement(r, f));
      break;
    case "skipped":
      body.push(`    <skipped message="${escapeXml(`inconclusive: ${r.stats.bound ?? "unknown bound"}`)}"/>`);
      break;
    case "passed":
      break;
    default: {
      const never: never = kind;
      return never;
    }
  }
  return body.length === 0 ? [`${open}/>`] : [`${open}>`, ...body, `  </testcase>`];
}

/**
 * The first line of an internal error of ipcheck while checking this file (the CLI's pool sets
 * `internal` to the error's stack; the rest of the stack names this machine's paths).
 */
function internalError(r: FileResult): string | null {
  const internal = (r as { readonly internal?: string }).internal;
  return internal ? internal.split("\n")[0]! : null;
}

function where(r: FileResult, span: Span | null): string {
  if (span === null || r.source === null) return r.file;
  const l = locate(r.source, span);
  return `${r.file}:${l.line}:${l.column}`;
}

function failureElement(r: FileResult, f: Finding): string {
  const text = [`${where(r, f.span)}: ${f.message}`];
  if (f.trace.length > 0) {
    const looping = f.trace.filter((s) => s.loop).length;
    text.push(`trace (${f.trace.length} step${f.trace.length === 1 ? "" : "s"}${looping > 0 ? `; the last ${looping}, marked ↻, repeat forever` : ""}):`);
    f.trace.forEach((s, i) => {
      const at = s.span !== null && r.source !== null ? (() => {
        const l = locate(r.source, s.span);
        return `${l.line}:${l.column}`;
      })() : "-";
      text.push(`${s.loop ? "↻ " : ""}${i + 1}. ${s.actor}  ${at}  ${s.text}  ${s.effect.join(", ")}`.trimEnd());
    });
  }
  return `    <failure message="${escapeXml(`${f.rule}: ${f.message}`)}" type="${escapeXml(f.rule)}">${escapeXmlText(text.join("\n"))}</failure>`;
}

function errorElement(r: FileResult, d: Diagnostic): string {
  const text = [`${where(r, d.span)}: error: ${d.message}`];
  if (d.help) text.push(`help: ${d.help}`);
  return `    <error message="${escapeXml(`${d.code}: ${d.message}`)}" type="${escapeXml(`ipcheck/${d.code}`)}">${escapeXmlText(text.join("\n"))}</error>`;
}

// XML 1.0 §2.2: a document cannot hold most C0 controls, U+FFFE, U+FFFF or lone surrogates, not even as
// character references; they become the visible text `\uXXXX`.
const UNREPRESENTABLE = "[\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\uFFFE\\uFFFF]|[\\uD800-\\uDBFF](?![\\uDC00-\\uDFFF])|(?<![\\uD800-\\uDBFF])[\\uDC00-\\uDFFF]";
const IN_ATTRIBUTE = new RegExp(`[&<>"'\\t\\n\\r]|${UNREPRESENTABLE}`, "g");
const IN_TEXT = new RegExp(`[&<>"'\\r]|${UNREPRESENTABLE}`, "g");

/** Escapes an attribute value; tab, newline and carriage return become references, which attribute-value normalization (§3.3.3) keeps. */
export function escapeXml(text: string): string {
  return text.replace(IN_ATTRIBUTE, reference);
}

/** Escapes element content: newlines and tabs stay as they are; a carriage return becomes a reference, which end-of-line handling (§2.11) keeps. */
export function escapeXmlText(text: string): string {
  return text.replace(IN_TEXT, reference);
}

function reference(c: string): string {
  switch (c) {
    case "&": return "&amp;";
    case "<": return "&lt;";
    case ">": return "&gt;";
    case '"': return "&quot;";
    case "'": return "&apos;";
    case "\t": return "&#9;";
    case "\n": return "&#10;";
    case "\r": return "&#13;";
    default: return `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}`;
  }
}
