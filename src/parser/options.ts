// The option bag a program may carry (`export const options: CheckOptions = { ... }`, LANGUAGE.md §3)
// and the checker's defaults. A configuration file and the CLI's flags override it.
import type * as TS from "typescript";
import { ts } from "./program-loader.js";
import { signalByName } from "../model/signals.js";
import { DiagnosticError, diagnostic } from "../diagnostics/diagnostic.js";

export interface CheckOptionsInput {
  envSignals?: number[];
  envSignalLimit?: number;
  netFaults?: string[];
  pipeCapacity?: number;
  pipeBuf?: number;
  maxProcesses?: number;
  maxThreads?: number;
}

export const DEFAULT_OPTIONS = {
  envSignalLimit: 1,
  pipeCapacity: 65536,
  pipeBuf: 4096,
  maxProcesses: 16,
  maxThreads: 16,
} as const;

const NET_FAULTS = ["loss", "duplicate", "reorder"];

export function readOptionsBag(file: string, sf: TS.SourceFile, bag: TS.ObjectLiteralExpression): CheckOptionsInput {
  const out: CheckOptionsInput = {};
  const fail = (node: TS.Node, message: string): never => {
    throw new DiagnosticError(diagnostic("bad-options", file, { start: node.getStart(sf), end: node.getEnd() }, message));
  };
  const int = (node: TS.Expression, min: number, max: number): number => {
    const n = ts.isPrefixUnaryExpression(node) && node.operator === ts.SyntaxKind.MinusToken && ts.isNumericLiteral(node.operand)
      ? -Number(node.operand.text)
      : ts.isNumericLiteral(node) ? Number(node.text) : NaN;
    if (!Number.isInteger(n) || n < min || n > max) fail(node, `expected an integer literal from ${min} to ${max}`);
    return n;
  };
  const strings = (node: TS.Expression): { text: string; node: TS.Node }[] => {
    if (!ts.isArrayLiteralExpression(node)) fail(node, "expected an array of string literals");
    return (node as TS.ArrayLiteralExpression).elements.map((el) => {
      if (!ts.isStringLiteral(el)) fail(el, "expected a string literal");
      return { text: (el as TS.StringLiteral).text, node: el };
    });
  };
  for (const prop of bag.properties) {
    if (ts.isGetAccessorDeclaration(prop) || ts.isSetAccessorDeclaration(prop)) {
      throw new DiagnosticError(diagnostic("unsupported-accessor", file, { start: prop.getStart(sf), end: prop.getEnd() }, "unsupported getter/setter: options are `name: value` pairs of constants"));
    }
    if (!ts.isPropertyAssignment(prop)) fail(prop, "options are `name: value` pairs of constants");
    const p = prop as TS.PropertyAssignment;
    const name = p.name.getText(sf);
    const value = p.initializer;
    switch (name) {
      case "envSignals":
        out.envSignals = strings(value).map(({ text, node }) => {
          const sig = signalByName(text);
          if (sig === undefined) fail(node, `unknown signal ${text}: write a name such as "SIGINT"`);
          if (sig === 9 || sig === 19) fail(node, `the environment never sends ${text} (LANGUAGE.md §3)`);
          return sig!;
        });
        break;
      case "envSignalLimit":
        out.envSignalLimit = int(value, 0, 16);
        break;
      case "netFaults":
        out.netFaults = strings(value).map(({ text, node }) => {
          if (!NET_FAULTS.includes(text)) fail(node, `unknown network fault ${text}: write "loss", "duplicate" or "reorder"`);
          return text;
        });
        break;
      case "pipeCapacity":
        out.pipeCapacity = int(value, 1, 1 << 20);
        break;
      case "pipeBuf":
        out.pipeBuf = int(value, 1, 1 << 20);
        break;
      case "maxProcesses":
        out.maxProcesses = int(value, 1, 64);
        break;
      case "maxThreads":
        out.maxThreads = int(value, 1, 64);
        break;
      default:
        fail(p.name, `unknown option ${name}: the options are envSignals, envSignalLimit, netFaults, pipeCapacity, pipeBuf, maxProcesses, maxThreads`);
    }
  }
  return out;
}
