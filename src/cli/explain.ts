// `ipcheck explain <rule>`: what a rule means, a minimal example and its fix, from the registry.
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { RULES } from "../rules/registry.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

function program(path: string): string | null {
  if (!path) return null;
  const file = `${ROOT}${path}`;
  if (!existsSync(file)) return null;
  // the header comments are for the test table; the code is the example
  const lines = readFileSync(file, "utf8").split("\n");
  let i = 0;
  while (i < lines.length && (lines[i]!.startsWith("//") || lines[i]!.trim() === "")) i++;
  return lines.slice(i).join("\n").trimEnd();
}

export function explain(id: string): string | null {
  const rule = RULES.find((r) => r.id === id);
  if (!rule) return null;
  const out = [`${rule.id} (${rule.severity})`, "", rule.summary, "", `How to fix it: ${rule.help}`];
  const example = program(rule.example);
  const fixed = program(rule.fixed);
  if (example) out.push("", `For example (${rule.example}):`, "", indent(example));
  if (fixed) out.push("", `Fixed (${rule.fixed}):`, "", indent(fixed));
  return `${out.join("\n")}\n`;
}

function indent(text: string): string {
  return text.split("\n").map((l) => (l ? `    ${l}` : l)).join("\n");
}
