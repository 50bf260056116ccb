// Constructs that TypeScript would report only as type errors (a missing module, an undeclared
// `require`) but that are outside the language: said as such, before type-checking (LANGUAGE.md §1).
import type * as TS from "typescript";
import { ts } from "./program-loader.js";
import { diagnostic, type Diagnostic } from "../diagnostics/diagnostic.js";

export function precheck(file: string, sf: TS.SourceFile): Diagnostic | null {
  let found: Diagnostic | null = null;
  const at = (node: TS.Node) => ({ start: node.getStart(sf), end: node.getEnd() });
  const visit = (node: TS.Node): void => {
    if (found) return;
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier) && node.moduleSpecifier.text !== "ipcheck") {
      found = diagnostic("unsupported-import", file, at(node), `unsupported import from "${node.moduleSpecifier.text}": a program imports only from "ipcheck"`);
      return;
    }
    if (ts.isImportEqualsDeclaration(node)) {
      found = diagnostic("unsupported-import", file, at(node), "unsupported import = require(): use named imports from \"ipcheck\"");
      return;
    }
    if (ts.isCallExpression(node)) {
      if (node.expression.kind === ts.SyntaxKind.ImportKeyword) {
        found = diagnostic("unsupported-dynamic-import", file, at(node), "unsupported dynamic import(): a program imports only from \"ipcheck\", statically");
        return;
      }
      if (ts.isIdentifier(node.expression) && node.expression.text === "require") {
        found = diagnostic("unsupported-require", file, at(node), "unsupported require(): a program imports only from \"ipcheck\"");
        return;
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}
