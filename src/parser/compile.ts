// Compiles a type-checked program (LANGUAGE.md §1–2) into the model's instructions. Every construct
// outside the language stops the compilation with a diagnostic that says what to write instead.
import type * as TS from "typescript";
import { ts, type LoadedProgram } from "./program-loader.js";
import { API_CALLS, API_ID, ValueKind, type ApiCall } from "../model/api.js";
import { constantValues } from "../model/constants.js";
import { BinaryOp, Op, UnaryOp, type Span } from "../model/model.js";
import { DiagnosticError, diagnostic } from "../diagnostics/diagnostic.js";
import type { DiagnosticCode } from "../diagnostics/codes.js";

export interface MutableInstr {
  op: Op;
  dst: number;
  a: number;
  b: number;
  c: number;
  d: number;
  args: number[];
  visible: boolean;
  span: Span;
  global: number;
  update: boolean;
  keep: boolean;
  /** write(fd, ...) with fd the constant 1 or 2: the data are output */
  outputData: boolean;
}

export interface CompiledFunction {
  id: number;
  name: string;
  params: number;
  regNames: string[];
  code: MutableInstr[];
  span: Span;
  synthetic: boolean;
  /** register holding the value of each `return e` (for the relevance analysis) */
}

export interface CompiledGlobal {
  id: number;
  name: string;
  slot: number;
  length: number;
  isArray: boolean;
  kind: ValueKind;
  sigAtomic: boolean;
  init: number[];
  span: Span;
}

/** What a call site tells about signals, for the environment's default set (LANGUAGE.md §3). */
export interface SignalUse {
  /** constant signals given a handler function by signal()/sigaction(); "any" when not constant */
  handled: Set<number> | "any";
  /** signals whose disposition may change */
  disposed: Set<number> | "any";
  /** signals the program's text may send */
  sent: Set<number> | "any";
}

export interface CompiledProgram {
  functions: CompiledFunction[];
  globals: CompiledGlobal[];
  globalSlots: number;
  strings: string[];
  start: number;
  main: number;
  signals: SignalUse;
  handlers: Set<number>;
  options: TS.ObjectLiteralExpression | null;
  usesDescriptors: boolean;
}

type Binding =
  | { kind: "local"; fn: FunctionBuilder; reg: number; valueKind: ValueKind }
  | { kind: "localArray"; fn: FunctionBuilder; base: number; length: number; valueKind: ValueKind }
  | { kind: "global"; id: number }
  | { kind: "const"; value: number; valueKind: ValueKind }
  | { kind: "function"; id: number }
  | { kind: "api"; call: ApiCall }
  | { kind: "options" };

interface Loop {
  breakLabel: number;
  continueLabel: number;
}

const NO_SPAN: Span = { start: 0, end: 0 };

class FunctionBuilder {
  readonly code: MutableInstr[] = [];
  readonly regNames: string[] = [];
  readonly labels: number[] = [];
  readonly loops: Loop[] = [];
  constructor(
    readonly id: number,
    readonly name: string,
    readonly span: Span,
  ) {}

  newReg(name: string): number {
    this.regNames.push(name);
    return this.regNames.length - 1;
  }

  /**
   * A fresh temporary. Temporaries are never reused: the relevance analysis is per register, and a
   * register shared by two values would make both relevant. Liveness clears them once dead.
   */
  temp(): number {
    return this.newReg(`%${this.regNames.length}`);
  }

  release(_reg: number): void {}

  newLabel(): number {
    this.labels.push(-1);
    return this.labels.length - 1;
  }

  place(label: number): void {
    this.labels[label] = this.code.length;
  }

  emit(partial: Partial<MutableInstr> & { op: Op; span: Span }): MutableInstr {
    const instr: MutableInstr = {
      dst: -1, a: 0, b: 0, c: 0, d: 0, args: [], visible: false, global: -1, update: false, keep: true,
      outputData: false, ...partial,
    };
    this.code.push(instr);
    return instr;
  }

  /** Jumps carry label ids while building; resolve them to instruction indices. */
  resolveLabels(): void {
    for (const instr of this.code) {
      if (instr.op === Op.Jump) instr.a = this.labels[instr.a]!;
      else if (instr.op === Op.Branch) instr.b = this.labels[instr.b]!;
    }
  }
}

const ASSIGN_OPS: ReadonlyMap<number, BinaryOp> = new Map([
  [ts.SyntaxKind.PlusEqualsToken, BinaryOp.Add],
  [ts.SyntaxKind.MinusEqualsToken, BinaryOp.Sub],
  [ts.SyntaxKind.AsteriskEqualsToken, BinaryOp.Mul],
  [ts.SyntaxKind.SlashEqualsToken, BinaryOp.Div],
  [ts.SyntaxKind.PercentEqualsToken, BinaryOp.Mod],
  [ts.SyntaxKind.LessThanLessThanEqualsToken, BinaryOp.Shl],
  [ts.SyntaxKind.GreaterThanGreaterThanEqualsToken, BinaryOp.Shr],
  [ts.SyntaxKind.GreaterThanGreaterThanGreaterThanEqualsToken, BinaryOp.UShr],
  [ts.SyntaxKind.AmpersandEqualsToken, BinaryOp.BitAnd],
  [ts.SyntaxKind.BarEqualsToken, BinaryOp.BitOr],
  [ts.SyntaxKind.CaretEqualsToken, BinaryOp.BitXor],
]);

const BINARY_OPS: ReadonlyMap<number, BinaryOp> = new Map([
  [ts.SyntaxKind.PlusToken, BinaryOp.Add],
  [ts.SyntaxKind.MinusToken, BinaryOp.Sub],
  [ts.SyntaxKind.AsteriskToken, BinaryOp.Mul],
  [ts.SyntaxKind.SlashToken, BinaryOp.Div],
  [ts.SyntaxKind.PercentToken, BinaryOp.Mod],
  [ts.SyntaxKind.LessThanLessThanToken, BinaryOp.Shl],
  [ts.SyntaxKind.GreaterThanGreaterThanToken, BinaryOp.Shr],
  [ts.SyntaxKind.GreaterThanGreaterThanGreaterThanToken, BinaryOp.UShr],
  [ts.SyntaxKind.AmpersandToken, BinaryOp.BitAnd],
  [ts.SyntaxKind.BarToken, BinaryOp.BitOr],
  [ts.SyntaxKind.CaretToken, BinaryOp.BitXor],
  [ts.SyntaxKind.EqualsEqualsEqualsToken, BinaryOp.Eq],
  [ts.SyntaxKind.EqualsEqualsToken, BinaryOp.Eq],
  [ts.SyntaxKind.ExclamationEqualsEqualsToken, BinaryOp.Ne],
  [ts.SyntaxKind.ExclamationEqualsToken, BinaryOp.Ne],
  [ts.SyntaxKind.LessThanToken, BinaryOp.Lt],
  [ts.SyntaxKind.LessThanEqualsToken, BinaryOp.Le],
  [ts.SyntaxKind.GreaterThanToken, BinaryOp.Gt],
  [ts.SyntaxKind.GreaterThanEqualsToken, BinaryOp.Ge],
]);

/** Compiles one loaded program; throws DiagnosticError at the first construct outside the language. */
export function compileProgram(file: string, loaded: LoadedProgram): CompiledProgram {
  return new Compiler(file, loaded).run();
}

class Compiler {
  private readonly checker: TS.TypeChecker;
  private readonly sf: TS.SourceFile;
  private readonly bindings = new Map<TS.Symbol, Binding>();
  private readonly functions: FunctionBuilder[] = [];
  private readonly fnDecls = new Map<number, TS.FunctionLikeDeclaration>();
  private readonly globals: CompiledGlobal[] = [];
  private globalSlots = 0;
  private readonly strings: string[] = [""];
  private readonly stringIds = new Map<string, number>([["", 0]]);
  private readonly handled = new Set<number>();
  private readonly disposed = new Set<number>();
  private readonly sent = new Set<number>();
  private anyHandled = false;
  private anyDisposed = false;
  private anySent = false;
  private readonly handlers = new Set<number>();
  private options: TS.ObjectLiteralExpression | null = null;
  /** global initializers that call the API: run by <start> before main */
  private readonly deferred: { globalId: number; index: number; expr: TS.Expression }[] = [];
  /** the program makes a descriptor call (its processes get descriptor tables) */
  private usesDescriptors = false;
  /** arrow functions and function expressions compiled as values: their function ids */
  private readonly functionValues = new Map<TS.Node, number>();
  private fn!: FunctionBuilder;

  constructor(
    private readonly file: string,
    loaded: LoadedProgram,
  ) {
    this.checker = loaded.checker;
    this.sf = loaded.sourceFile;
  }

  run(): CompiledProgram {
    const start = this.newFunction("<start>", NO_SPAN, null);
    let mainId = -1;
    // Pass 1: declarations.
    for (const stmt of this.sf.statements) {
      if (ts.isImportDeclaration(stmt)) this.importDecl(stmt);
      else if (ts.isFunctionDeclaration(stmt)) {
        this.checkFunctionShape(stmt);
        if (!stmt.name) this.fail("unsupported-declaration", stmt, "unsupported function without a name: name it");
        const builder = this.newFunction(stmt.name.text, this.span(stmt), stmt);
        this.bind(stmt.name, { kind: "function", id: builder.id });
        if (stmt.name.text === "main") mainId = builder.id;
      } else if (ts.isVariableStatement(stmt)) this.globalDecl(stmt);
      else if (ts.isTypeAliasDeclaration(stmt) || ts.isInterfaceDeclaration(stmt)) continue;
      else if (ts.isEmptyStatement(stmt)) continue;
      else this.unsupportedStatement(stmt, true);
    }
    if (mainId < 0) {
      throw new DiagnosticError(
        diagnostic("missing-main", this.file, null, "the program has no main() function", "add `export function main(): void { ... }`: the first process runs it"),
      );
    }
    // The start of the first process: the initializers that call the API, main(), then exit(0)
    // (returning from main is exit(0)).
    this.runDeferred(start);
    this.fn = start;
    const ret = start.newReg("%ret");
    start.emit({ op: Op.Call, dst: ret, a: mainId, args: [], span: this.span(this.fnDecls.get(mainId)!) });
    const zero = start.newReg("%zero");
    start.emit({ op: Op.Const, dst: zero, a: 0, span: NO_SPAN });
    start.emit({ op: Op.Syscall, dst: -1, a: API_ID["exit"]!, args: [zero], visible: true, span: NO_SPAN });
    // Pass 2: bodies (arrow functions found on the way are appended and compiled too).
    for (let id = 1; id < this.functions.length; id++) this.functionBody(this.functions[id]!);
    for (const f of this.functions) f.resolveLabels();
    return {
      functions: this.functions.map((f) => ({
        id: f.id,
        name: f.name,
        params: this.fnDecls.get(f.id)?.parameters.length ?? 0,
        regNames: f.regNames,
        code: f.code,
        span: f.span,
        synthetic: f.id === start.id,
      })),
      globals: this.globals,
      globalSlots: this.globalSlots,
      strings: this.strings,
      start: start.id,
      main: mainId,
      signals: {
        handled: this.anyHandled ? "any" : this.handled,
        disposed: this.anyDisposed ? "any" : this.disposed,
        sent: this.anySent ? "any" : this.sent,
      },
      handlers: this.handlers,
      options: this.options,
      usesDescriptors: this.usesDescriptors,
    };
  }

  // ---------------------------------------------------------------- declarations

  private newFunction(name: string, span: Span, decl: TS.FunctionLikeDeclaration | null): FunctionBuilder {
    const builder = new FunctionBuilder(this.functions.length, name, span);
    this.functions.push(builder);
    if (decl) this.fnDecls.set(builder.id, decl);
    return builder;
  }

  private importDecl(stmt: TS.ImportDeclaration): void {
    const from = (stmt.moduleSpecifier as TS.StringLiteral).text;
    if (from !== "ipcheck") {
      this.fail("unsupported-import", stmt, `unsupported import from "${from}": a program imports only from "ipcheck"`);
    }
    const clause = stmt.importClause;
    if (!clause) return;
    if (clause.name) this.fail("unsupported-import", clause, "unsupported default import: use named imports, `import { fork } from \"ipcheck\"`");
    const named = clause.namedBindings;
    if (!named) return;
    if (!ts.isNamedImports(named)) this.fail("unsupported-import", named, "unsupported namespace import: use named imports, `import { fork } from \"ipcheck\"`");
    for (const el of named.elements) {
      if (el.isTypeOnly || clause.isTypeOnly) continue;
      const imported = (el.propertyName ?? el.name).text;
      const symbol = this.checker.getSymbolAtLocation(el.name);
      if (!symbol) continue;
      const callId = API_ID[imported];
      if (callId !== undefined) this.bindings.set(symbol, { kind: "api", call: API_CALLS[callId]! });
      else if (imported in constantValues) this.bindings.set(symbol, { kind: "const", value: constantValues[imported]!, valueKind: ValueKind.Int });
      // type-only names (SigSet, sig_atomic_t, CheckOptions, ...) need no binding
    }
  }

  private globalDecl(stmt: TS.VariableStatement): void {
    const exported = stmt.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword) ?? false;
    const isConst = (stmt.declarationList.flags & ts.NodeFlags.Const) !== 0;
    if ((stmt.declarationList.flags & (ts.NodeFlags.Let | ts.NodeFlags.Const)) === 0) {
      this.fail("unsupported-declaration", stmt, "unsupported var: declare globals with let or const");
    }
    for (const decl of stmt.declarationList.declarations) {
      if (!ts.isIdentifier(decl.name)) this.fail("unsupported-declaration", decl.name, "unsupported destructuring at module level: declare one global per name");
      const name = decl.name.text;
      if (name === "options" && exported) {
        // `as CheckOptions` and `satisfies CheckOptions` are type annotations (LANGUAGE.md §1: ignored)
        const bag = decl.initializer ? skipParens(decl.initializer) : undefined;
        if (!bag || !ts.isObjectLiteralExpression(bag)) {
          this.fail("bad-options", decl, "options must be an object literal: `export const options: CheckOptions = { envSignals: [\"SIGINT\"] }`");
        }
        this.options = bag;
        this.bind(decl.name, { kind: "options" });
        continue;
      }
      const init = decl.initializer;
      const fnValue = init ? skipParens(init) : undefined;
      if (isConst && fnValue && (ts.isArrowFunction(fnValue) || ts.isFunctionExpression(fnValue))) {
        // `const handler = (signum: number): void => { ... }`: a module-level function (LANGUAGE.md §1)
        this.checkFunctionShape(fnValue);
        const builder = this.newFunction(name, this.span(decl), fnValue);
        this.bind(decl.name, { kind: "function", id: builder.id });
        if (ts.isFunctionExpression(fnValue) && fnValue.name) this.bind(fnValue.name, { kind: "function", id: builder.id });
        continue;
      }
      if (isConst && init) {
        const folded = this.fold(init);
        if (folded) {
          this.bind(decl.name, { kind: "const", value: folded.value, valueKind: folded.kind });
          continue;
        }
      }
      const sigAtomic = decl.type !== undefined && decl.type.getText(this.sf).replace(/\s/g, "") === "sig_atomic_t";
      const id = this.globals.length;
      const values = init ? this.globalInit(init, id) : { values: [0], isArray: false, kind: ValueKind.Int };
      this.globals.push({
        id,
        name,
        slot: this.globalSlots,
        length: values.values.length,
        isArray: values.isArray,
        kind: values.kind,
        sigAtomic,
        init: values.values,
        span: this.span(decl.name),
      });
      this.globalSlots += values.values.length;
      this.bind(decl.name, { kind: "global", id });
    }
  }

  /**
   * A global's initializer: a constant, an array of constants, or `new Array(n).fill(c)`; an element
   * that calls the API's constructors (pthread_mutex_init(), sem_open(...), shmat(shmget(...)))
   * runs in the first process before main (LANGUAGE.md §1), as steps of <start>.
   */
  private globalInit(init: TS.Expression, globalId: number): { values: number[]; isArray: boolean; kind: ValueKind } {
    const array = this.arrayShape(init);
    if (array) {
      const values = array.elements.map((e, i) => this.constantOrDeferred(e, globalId, i).value);
      const kind = array.elements.length > 0 ? this.kindOf(array.elements[0]!) : ValueKind.Int;
      return { values, isArray: true, kind };
    }
    const folded = this.constantOrDeferred(init, globalId, -1);
    return { values: [folded.value], isArray: false, kind: folded.kind };
  }

  private constantOrDeferred(e: TS.Expression, globalId: number, index: number): { value: number; kind: ValueKind } {
    const folded = this.fold(e);
    if (folded) return folded;
    if (ts.isCallExpression(skipParens(e))) {
      this.deferred.push({ globalId, index, expr: e });
      return { value: 0, kind: this.kindOf(e) };
    }
    return this.fail("unsupported-expression", e, "unsupported global initializer: initialize a global with a constant, an array of constants, new Array(n).fill(c) or a call of ipcheck's constructors; compute other values in main()");
  }

  /** The deferred initializers, as steps of <start> before main. */
  private runDeferred(start: FunctionBuilder): void {
    this.fn = start;
    for (const d of this.deferred) {
      const g = this.globals[d.globalId]!;
      const v = this.expr(d.expr);
      const span = this.span(d.expr);
      if (d.index < 0) start.emit({ op: Op.StoreGlobal, a: g.slot, b: v, global: g.id, visible: true, span });
      else {
        const i = this.constReg(d.index, span);
        start.emit({ op: Op.StoreGlobalElem, a: g.slot, b: i, c: g.length, d: v, global: g.id, visible: true, span });
      }
    }
  }

  /** Array literals and `new Array(n).fill(v)`: the elements, or null if `e` is neither. */
  private arrayShape(e: TS.Expression): { elements: TS.Expression[] } | null {
    e = skipParens(e);
    if (ts.isArrayLiteralExpression(e)) {
      for (const el of e.elements) if (ts.isSpreadElement(el) || ts.isOmittedExpression(el)) this.fail("unsupported-array", el, "unsupported spread or hole in an array: write each element");
      return { elements: [...e.elements] };
    }
    if (
      ts.isCallExpression(e) && ts.isPropertyAccessExpression(e.expression) && e.expression.name.text === "fill" &&
      ts.isNewExpression(e.expression.expression) && ts.isIdentifier(e.expression.expression.expression) &&
      e.expression.expression.expression.text === "Array"
    ) {
      const ctorArgs = e.expression.expression.arguments ?? ts.factory.createNodeArray();
      if (ctorArgs.length !== 1 || e.arguments.length !== 1) this.fail("unsupported-array", e, "unsupported Array construction: write new Array(n).fill(value)");
      const n = this.fold(ctorArgs[0]!);
      if (!n || n.value < 0 || n.value > 4096) this.fail("unsupported-array", ctorArgs[0]!, "unsupported array length: the length must be a constant from 0 to 4096");
      return { elements: Array.from({ length: n.value }, () => e.arguments[0]!) };
    }
    return null;
  }

  /** Folds a constant expression (literals, constants, arithmetic on them), or null. */
  private fold(e: TS.Expression): { value: number; kind: ValueKind } | null {
    e = skipParens(e);
    if (ts.isNumericLiteral(e)) return { value: this.intLiteral(e), kind: ValueKind.Int };
    if (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)) return { value: this.intern(e.text), kind: ValueKind.Str };
    if (e.kind === ts.SyntaxKind.TrueKeyword) return { value: 1, kind: ValueKind.Bool };
    if (e.kind === ts.SyntaxKind.FalseKeyword) return { value: 0, kind: ValueKind.Bool };
    if (e.kind === ts.SyntaxKind.NullKeyword) return { value: -1, kind: ValueKind.Str };
    if (ts.isIdentifier(e)) {
      const b = this.lookup(e);
      return b && b.kind === "const" ? { value: b.value, kind: b.valueKind } : null;
    }
    if (ts.isPrefixUnaryExpression(e)) {
      const v = this.fold(e.operand);
      if (!v || v.kind === ValueKind.Str) return null;
      switch (e.operator) {
        case ts.SyntaxKind.MinusToken: return { value: -v.value | 0, kind: ValueKind.Int };
        case ts.SyntaxKind.PlusToken: return { value: v.value, kind: ValueKind.Int };
        case ts.SyntaxKind.TildeToken: return { value: ~v.value, kind: ValueKind.Int };
        case ts.SyntaxKind.ExclamationToken: return { value: v.value === 0 ? 1 : 0, kind: ValueKind.Bool };
        default: return null;
      }
    }
    if (ts.isBinaryExpression(e)) {
      const op = BINARY_OPS.get(e.operatorToken.kind);
      if (op === undefined) return null;
      const l = this.fold(e.left);
      const r = this.fold(e.right);
      if (!l || !r) return null;
      if (l.kind === ValueKind.Str || r.kind === ValueKind.Str) {
        if (op !== BinaryOp.Add) return null;
        return { value: this.intern(this.constText(l) + this.constText(r)), kind: ValueKind.Str };
      }
      if ((op === BinaryOp.Div || op === BinaryOp.Mod) && r.value === 0) return null;
      const value = evalBinary(op, l.value, r.value);
      const isCompare = op >= BinaryOp.Eq;
      return { value, kind: isCompare ? ValueKind.Bool : ValueKind.Int };
    }
    return null;
  }

  private constText(v: { value: number; kind: ValueKind }): string {
    if (v.kind === ValueKind.Str) return v.value < 0 ? "null" : this.strings[v.value]!;
    if (v.kind === ValueKind.Bool) return v.value ? "true" : "false";
    return String(v.value);
  }

  private intLiteral(e: TS.NumericLiteral): number {
    const value = Number(e.text.replace(/_/g, ""));
    if (!Number.isInteger(value) || Math.abs(value) > 0xffffffff) {
      this.fail("non-integer-literal", e, `unsupported number ${e.text}: values are 32-bit integers`);
    }
    return value | 0;
  }

  intern(text: string): number {
    let id = this.stringIds.get(text);
    if (id === undefined) {
      id = this.strings.length;
      this.strings.push(text);
      this.stringIds.set(text, id);
    }
    return id;
  }

  // ---------------------------------------------------------------- functions

  private checkFunctionShape(decl: TS.FunctionLikeDeclaration): void {
    if (decl.asteriskToken) this.fail("unsupported-generator", decl, "unsupported generator: write a plain function");
    if (decl.modifiers?.some((m) => m.kind === ts.SyntaxKind.AsyncKeyword)) {
      this.fail("unsupported-async", decl, "unsupported async function: calls block until they complete, write a plain function");
    }
    for (const p of decl.parameters) {
      if (!ts.isIdentifier(p.name)) this.fail("unsupported-declaration", p, "unsupported destructured parameter: take plain parameters");
      if (p.initializer) this.fail("unsupported-declaration", p, "unsupported default parameter value: pass every argument");
      if (p.dotDotDotToken) this.fail("unsupported-declaration", p, "unsupported rest parameter: take a fixed number of parameters");
    }
  }

  private functionBody(builder: FunctionBuilder): void {
    const decl = this.fnDecls.get(builder.id)!;
    this.fn = builder;
    for (const p of decl.parameters) {
      const reg = builder.newReg((p.name as TS.Identifier).text);
      this.bind(p.name as TS.Identifier, { kind: "local", fn: builder, reg, valueKind: this.kindOf(p.name) });
    }
    const body = decl.body;
    if (!body) this.fail("unsupported-declaration", decl, "unsupported function without a body");
    if (ts.isBlock(body)) {
      for (const stmt of body.statements) this.statement(stmt);
      builder.emit({ op: Op.Return, a: -1, span: { start: body.end - 1, end: body.end } });
    } else {
      const r = this.expr(body);
      builder.emit({ op: Op.Return, a: r, span: this.span(body) });
    }
  }

  /** An arrow function or function expression given as a handler or a thread body. */
  private functionValue(node: TS.ArrowFunction | TS.FunctionExpression): number {
    this.checkFunctionShape(node);
    const saved = this.fn;
    const builder = this.newFunction(ts.isFunctionExpression(node) && node.name ? node.name.text : `<arrow:${this.line(node)}>`, this.span(node), node);
    // a named function expression may call itself by its name (recursion, LANGUAGE.md §1)
    if (ts.isFunctionExpression(node) && node.name) this.bind(node.name, { kind: "function", id: builder.id });
    this.checkNoCapture(node);
    this.fn = saved;
    this.functionValues.set(node, builder.id);
    return builder.id;
  }

  private checkNoCapture(node: TS.Node): void {
    const visit = (n: TS.Node): void => {
      if (ts.isIdentifier(n)) {
        const b = this.lookup(n);
        if (b && (b.kind === "local" || b.kind === "localArray")) {
          this.fail("unsupported-closure", n, `unsupported closure: the function captures the local variable ${n.text}; make it a global or pass it as an argument`);
        }
      }
      ts.forEachChild(n, visit);
    };
    ts.forEachChild(node, visit);
  }

  // ---------------------------------------------------------------- statements

  private statement(stmt: TS.Statement): void {
    const fn = this.fn;
    if (ts.isBlock(stmt)) {
      for (const s of stmt.statements) this.statement(s);
    } else if (ts.isVariableStatement(stmt)) {
      if ((stmt.declarationList.flags & (ts.NodeFlags.Let | ts.NodeFlags.Const)) === 0) {
        this.fail("unsupported-declaration", stmt, "unsupported var: declare locals with let or const");
      }
      for (const decl of stmt.declarationList.declarations) this.localDecl(decl);
    } else if (ts.isExpressionStatement(stmt)) {
      const r = this.expr(stmt.expression, true);
      if (r >= 0) fn.release(r);
    } else if (ts.isIfStatement(stmt)) {
      const elseLabel = fn.newLabel();
      const end = fn.newLabel();
      this.branchFalse(stmt.expression, elseLabel);
      this.statement(stmt.thenStatement);
      if (stmt.elseStatement) fn.emit({ op: Op.Jump, a: end, span: this.span(stmt.thenStatement) });
      fn.place(elseLabel);
      if (stmt.elseStatement) this.statement(stmt.elseStatement);
      fn.place(end);
    } else if (ts.isWhileStatement(stmt)) {
      const head = fn.newLabel();
      const end = fn.newLabel();
      fn.place(head);
      this.branchFalse(stmt.expression, end);
      fn.loops.push({ breakLabel: end, continueLabel: head });
      this.statement(stmt.statement);
      fn.loops.pop();
      fn.emit({ op: Op.Jump, a: head, b: 1, span: this.span(stmt.expression) });
      fn.place(end);
    } else if (ts.isDoStatement(stmt)) {
      const head = fn.newLabel();
      const cont = fn.newLabel();
      const end = fn.newLabel();
      fn.place(head);
      fn.loops.push({ breakLabel: end, continueLabel: cont });
      this.statement(stmt.statement);
      fn.loops.pop();
      fn.place(cont);
      const c = this.condition(stmt.expression);
      fn.emit({ op: Op.Branch, a: c, b: head, c: 1, d: 1, span: this.span(stmt.expression) });
      fn.release(c);
      fn.place(end);
    } else if (ts.isForStatement(stmt)) {
      if (stmt.initializer) {
        if (ts.isVariableDeclarationList(stmt.initializer)) for (const d of stmt.initializer.declarations) this.localDecl(d);
        else fn.release(this.expr(stmt.initializer, true));
      }
      const head = fn.newLabel();
      const cont = fn.newLabel();
      const end = fn.newLabel();
      fn.place(head);
      if (stmt.condition) this.branchFalse(stmt.condition, end);
      fn.loops.push({ breakLabel: end, continueLabel: cont });
      this.statement(stmt.statement);
      fn.loops.pop();
      fn.place(cont);
      if (stmt.incrementor) fn.release(this.expr(stmt.incrementor, true));
      fn.emit({ op: Op.Jump, a: head, b: 1, span: this.span(stmt.incrementor ?? stmt.condition ?? stmt) });
      fn.place(end);
    } else if (ts.isBreakStatement(stmt) || ts.isContinueStatement(stmt)) {
      if (stmt.label) this.fail("unsupported-statement", stmt, "unsupported labelled break/continue: use a flag or a function");
      const loop = fn.loops[fn.loops.length - 1];
      if (!loop) this.fail("unsupported-statement", stmt, "break/continue outside a loop");
      fn.emit({ op: Op.Jump, a: ts.isBreakStatement(stmt) ? loop.breakLabel : loop.continueLabel, span: this.span(stmt) });
    } else if (ts.isReturnStatement(stmt)) {
      const r = stmt.expression ? this.expr(stmt.expression) : -1;
      fn.emit({ op: Op.Return, a: r, span: this.span(stmt) });
      if (r >= 0) fn.release(r);
    } else if (ts.isSwitchStatement(stmt)) {
      this.switchStatement(stmt);
    } else if (ts.isEmptyStatement(stmt)) {
      // nothing
    } else if (ts.isTypeAliasDeclaration(stmt) || ts.isInterfaceDeclaration(stmt)) {
      // types only
    } else {
      this.unsupportedStatement(stmt, false);
    }
  }

  private switchStatement(stmt: TS.SwitchStatement): void {
    const fn = this.fn;
    const subject = fn.newReg(`%switch${stmt.pos}`);
    const value = this.expr(stmt.expression);
    fn.emit({ op: Op.Move, dst: subject, a: value, span: this.span(stmt.expression) });
    fn.release(value);
    const end = fn.newLabel();
    const clauses = stmt.caseBlock.clauses;
    const bodyLabels = clauses.map(() => fn.newLabel());
    let defaultIndex = -1;
    clauses.forEach((clause, i) => {
      if (ts.isDefaultClause(clause)) {
        defaultIndex = i;
        return;
      }
      const v = this.expr(clause.expression);
      const eq = fn.temp();
      fn.emit({ op: Op.Binary, dst: eq, a: subject, b: v, c: BinaryOp.Eq, span: this.span(clause.expression) });
      fn.emit({ op: Op.Branch, a: eq, b: bodyLabels[i]!, c: 1, span: this.span(clause.expression) });
      fn.release(v);
      fn.release(eq);
    });
    fn.emit({ op: Op.Jump, a: defaultIndex >= 0 ? bodyLabels[defaultIndex]! : end, span: this.span(stmt.expression) });
    fn.loops.push({ breakLabel: end, continueLabel: fn.loops[fn.loops.length - 1]?.continueLabel ?? end });
    clauses.forEach((clause, i) => {
      fn.place(bodyLabels[i]!);
      for (const s of clause.statements) this.statement(s);
    });
    fn.loops.pop();
    fn.place(end);
  }

  private localDecl(decl: TS.VariableDeclaration): void {
    const fn = this.fn;
    if (ts.isArrayBindingPattern(decl.name)) {
      if (!decl.initializer) this.fail("unsupported-declaration", decl, "a destructuring declaration needs a value");
      const tuple = this.expr(decl.initializer);
      decl.name.elements.forEach((el, i) => {
        if (ts.isOmittedExpression(el)) return;
        if (!ts.isIdentifier(el.name) || el.dotDotDotToken || el.initializer) {
          this.fail("unsupported-declaration", el, "unsupported destructuring: write `const [a, b] = call()`");
        }
        const reg = fn.newReg(el.name.text);
        this.bind(el.name, { kind: "local", fn, reg, valueKind: this.kindOf(el.name) });
        fn.emit({ op: Op.TupleGet, dst: reg, a: tuple, b: i, span: this.span(el) });
      });
      fn.release(tuple);
      return;
    }
    if (!ts.isIdentifier(decl.name)) this.fail("unsupported-declaration", decl.name, "unsupported destructuring: write `const [a, b] = call()`");
    const name = decl.name.text;
    const init = decl.initializer;
    const array = init ? this.arrayShape(init) : null;
    if (array) {
      const base = fn.regNames.length;
      for (let i = 0; i < array.elements.length; i++) fn.newReg(`${name}[${i}]`);
      array.elements.forEach((el, i) => {
        const v = this.expr(el);
        fn.emit({ op: Op.Move, dst: base + i, a: v, span: this.span(el) });
        fn.release(v);
      });
      const kind = array.elements.length > 0 ? this.kindOf(array.elements[0]!) : ValueKind.Int;
      this.bind(decl.name, { kind: "localArray", fn, base, length: array.elements.length, valueKind: kind });
      return;
    }
    const reg = fn.newReg(name);
    this.bind(decl.name, { kind: "local", fn, reg, valueKind: this.kindOf(decl.name) });
    if (init) {
      const v = this.expr(init);
      fn.emit({ op: Op.Move, dst: reg, a: v, span: this.span(init) });
      fn.release(v);
    } else {
      fn.emit({ op: Op.Const, dst: reg, a: 0, span: this.span(decl) });
    }
  }

  private unsupportedStatement(stmt: TS.Node, topLevel: boolean): never {
    if (ts.isClassDeclaration(stmt)) this.fail("unsupported-class", stmt, "unsupported class: use module-level functions and globals");
    if (ts.isTryStatement(stmt)) this.fail("unsupported-try", stmt, "unsupported try/catch: calls report failure by returning -1 and setting errno(); test the result");
    if (ts.isThrowStatement(stmt)) this.fail("unsupported-throw", stmt, "unsupported throw: report a failure with assert(), or end the process with exit()");
    if (ts.isFunctionDeclaration(stmt)) this.fail("unsupported-declaration", stmt, "unsupported nested function: declare functions at module level");
    if (ts.isLabeledStatement(stmt)) this.fail("unsupported-statement", stmt, "unsupported label: use a flag or a function");
    if (ts.isForInStatement(stmt) || ts.isForOfStatement(stmt)) this.fail("unsupported-statement", stmt, "unsupported for-in/for-of: write `for (let i = 0; i < n; i++)`");
    if (ts.isEnumDeclaration(stmt)) this.fail("unsupported-declaration", stmt, "unsupported enum: declare module-level constants");
    if (ts.isExportAssignment(stmt) || ts.isExportDeclaration(stmt)) this.fail("unsupported-declaration", stmt, "unsupported export: export only main() and options");
    if (ts.isModuleDeclaration(stmt)) this.fail("unsupported-declaration", stmt, "unsupported namespace: use module-level functions and globals");
    if (topLevel && ts.isExpressionStatement(stmt)) this.fail("unsupported-statement", stmt, "unsupported module-level statement: put it in main()");
    return this.fail("unsupported-statement", stmt, `unsupported ${ts.SyntaxKind[stmt.kind]}: rewrite it with if, while, for, switch and function calls`);
  }

  // ---------------------------------------------------------------- conditions

  /** Jumps to `label` when `e` is false, short-circuiting && and ||. */
  private branchFalse(e: TS.Expression, label: number): void {
    const fn = this.fn;
    e = skipParens(e);
    const folded = this.fold(e);
    if (folded && folded.kind !== ValueKind.Str) {
      if (folded.value === 0) fn.emit({ op: Op.Jump, a: label, span: this.span(e) });
      return;
    }
    if (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken) {
      this.branchFalse(e.left, label);
      this.branchFalse(e.right, label);
      return;
    }
    if (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.BarBarToken) {
      const ok = fn.newLabel();
      this.branchTrue(e.left, ok);
      this.branchFalse(e.right, label);
      fn.place(ok);
      return;
    }
    if (ts.isPrefixUnaryExpression(e) && e.operator === ts.SyntaxKind.ExclamationToken) {
      this.branchTrue(e.operand, label);
      return;
    }
    const c = this.condition(e);
    fn.emit({ op: Op.Branch, a: c, b: label, c: 0, span: this.span(e) });
    fn.release(c);
  }

  private branchTrue(e: TS.Expression, label: number): void {
    const fn = this.fn;
    e = skipParens(e);
    if (ts.isPrefixUnaryExpression(e) && e.operator === ts.SyntaxKind.ExclamationToken) {
      this.branchFalse(e.operand, label);
      return;
    }
    if (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.BarBarToken) {
      this.branchTrue(e.left, label);
      this.branchTrue(e.right, label);
      return;
    }
    if (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken) {
      const no = fn.newLabel();
      this.branchFalse(e.left, no);
      this.branchTrue(e.right, label);
      fn.place(no);
      return;
    }
    const c = this.condition(e);
    fn.emit({ op: Op.Branch, a: c, b: label, c: 1, span: this.span(e) });
    fn.release(c);
  }

  /** A register holding 0 or 1: the truthiness of `e` (C's rule for integers: non-zero is true). */
  private condition(e: TS.Expression): number {
    const kind = this.kindOf(e);
    const v = this.expr(e);
    if (kind === ValueKind.Bool) return v;
    const t = this.fn.temp();
    this.fn.emit({ op: Op.Truthy, dst: t, a: v, c: kind, span: this.span(e) });
    this.fn.release(v);
    return t;
  }

  // ---------------------------------------------------------------- expressions

  /** Compiles `e` into a register and returns it (-1 for a call with no value, when `discard`). */
  private expr(e: TS.Expression, discard = false): number {
    const fn = this.fn;
    const span = this.span(e);
    const folded = this.fold(e);
    if (folded) {
      const t = fn.temp();
      fn.emit({ op: Op.Const, dst: t, a: folded.value, span });
      return t;
    }
    if (ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isNonNullExpression(e) || ts.isTypeAssertionExpression(e) || ts.isSatisfiesExpression(e)) {
      return this.expr(e.expression, discard);
    }
    if (ts.isIdentifier(e)) return this.identifier(e);
    if (ts.isTemplateExpression(e)) {
      let acc = this.stringConst(e.head.text, span);
      for (const part of e.templateSpans) {
        acc = this.concat(acc, this.toStringReg(part.expression), span);
        if (part.literal.text) acc = this.concat(acc, this.stringConst(part.literal.text, span), span);
      }
      return acc;
    }
    if (ts.isPrefixUnaryExpression(e)) return this.prefixUnary(e);
    if (ts.isPostfixUnaryExpression(e)) return this.increment(e.operand, e.operator === ts.SyntaxKind.PlusPlusToken ? BinaryOp.Add : BinaryOp.Sub, true, e);
    if (ts.isBinaryExpression(e)) return this.binary(e, discard);
    if (ts.isConditionalExpression(e)) {
      this.oneRepresentation(e.whenTrue, e.whenFalse, e);
      const result = fn.temp();
      const elseLabel = fn.newLabel();
      const end = fn.newLabel();
      this.branchFalse(e.condition, elseLabel);
      const a = this.expr(e.whenTrue);
      fn.emit({ op: Op.Move, dst: result, a, span: this.span(e.whenTrue) });
      fn.release(a);
      fn.emit({ op: Op.Jump, a: end, span });
      fn.place(elseLabel);
      const b = this.expr(e.whenFalse);
      fn.emit({ op: Op.Move, dst: result, a: b, span: this.span(e.whenFalse) });
      fn.release(b);
      fn.place(end);
      return result;
    }
    if (ts.isCallExpression(e)) return this.call(e, discard);
    if (ts.isElementAccessExpression(e)) return this.elementRead(e);
    if (ts.isPropertyAccessExpression(e)) {
      if (e.name.text === "length") {
        const target = skipParens(e.expression);
        if (ts.isIdentifier(target)) {
          const b = this.lookup(target);
          if (b?.kind === "localArray") return this.constReg(b.length, span);
          if (b?.kind === "global" && this.globals[b.id]!.isArray) return this.constReg(this.globals[b.id]!.length, span);
        }
        if (this.kindOf(e.expression) === ValueKind.Str) {
          const s = this.expr(e.expression);
          const t = fn.temp();
          fn.emit({ op: Op.StrLen, dst: t, a: s, span });
          fn.release(s);
          return t;
        }
      }
      return this.fail("unsupported-expression", e, `unsupported property access .${e.name.text}: only s.length, arr.length, Atomics.* and console.log are in the language`);
    }
    if (ts.isArrowFunction(e) || ts.isFunctionExpression(e)) {
      const id = this.functionValue(e);
      return this.constReg(id + 2, span);
    }
    if (ts.isObjectLiteralExpression(e)) {
      this.noAccessors(e);
      return this.fail("unsupported-object-literal", e, "unsupported object literal: only sigaction's { handler, mask, flags } and `export const options` take one; use globals or arrays");
    }
    if (ts.isArrayLiteralExpression(e)) {
      return this.fail("unsupported-array", e, "unsupported array here: declare arrays with `let a = [0, 0]` and index them with []");
    }
    if (e.kind === ts.SyntaxKind.ThisKeyword) this.fail("unsupported-this", e, "unsupported this: use module-level functions and globals");
    if (ts.isAwaitExpression(e)) this.fail("unsupported-async", e, "unsupported await: calls block until they complete, call them directly");
    if (ts.isClassExpression(e)) this.fail("unsupported-class", e, "unsupported class: use module-level functions and globals");
    if (ts.isYieldExpression(e)) this.fail("unsupported-generator", e, "unsupported yield: write a plain function");
    if (ts.isNewExpression(e)) this.fail("unsupported-expression", e, "unsupported new: only `new Array(n).fill(v)` initializes an array");
    if (ts.isRegularExpressionLiteral(e)) this.fail("unsupported-expression", e, "unsupported regular expression: compare strings with ===");
    if (ts.isNumericLiteral(e)) this.intLiteral(e);
    return this.fail("unsupported-expression", e, `unsupported ${ts.SyntaxKind[e.kind]}: rewrite it with integers, strings and the calls of ipcheck`);
  }

  /**
   * The value of `a ? x : y`, `x && y` or `x || y` is one register read as one kind: a string (an
   * interned id) and a number cannot share it (`n || "none"` would print and compare a wrong string).
   */
  private oneRepresentation(x: TS.Expression, y: TS.Expression, node: TS.Node): void {
    const isNull = (n: TS.Expression): boolean => skipParens(n).kind === ts.SyntaxKind.NullKeyword;
    if (isNull(x) || isNull(y)) return;
    if ((this.kindOf(x) === ValueKind.Str) !== (this.kindOf(y) === ValueKind.Str)) {
      this.fail("unsupported-expression", node, "unsupported value that is a string or a number: give both sides one type (String(n) makes a string)");
    }
  }

  private constReg(value: number, span: Span): number {
    const t = this.fn.temp();
    this.fn.emit({ op: Op.Const, dst: t, a: value, span });
    return t;
  }

  private stringConst(text: string, span: Span): number {
    return this.constReg(this.intern(text), span);
  }

  private concat(a: number, b: number, span: Span): number {
    const t = this.fn.temp();
    this.fn.emit({ op: Op.Concat, dst: t, a, b, span });
    this.fn.release(a);
    this.fn.release(b);
    return t;
  }

  /** `String(e)`, or e itself when it is a string already. */
  private toStringReg(e: TS.Expression): number {
    const kind = this.kindOf(e);
    const v = this.expr(e);
    if (kind === ValueKind.Str) {
      // a nullable string prints as "null"
      const t = this.fn.temp();
      this.fn.emit({ op: Op.ToString, dst: t, a: v, c: ValueKind.Str, span: this.span(e) });
      this.fn.release(v);
      return t;
    }
    const t = this.fn.temp();
    this.fn.emit({ op: Op.ToString, dst: t, a: v, c: kind, span: this.span(e) });
    this.fn.release(v);
    return t;
  }

  private identifier(e: TS.Identifier): number {
    const fn = this.fn;
    const span = this.span(e);
    if (e.text === "undefined") this.fail("unsupported-expression", e, "unsupported undefined: use null, 0 or -1");
    const b = this.lookup(e);
    if (!b) return this.fail("unsupported-expression", e, `unsupported identifier ${e.text}: only globals, locals, functions and the imports of "ipcheck" are in scope`);
    switch (b.kind) {
      case "local": {
        if (b.fn !== fn) this.fail("unsupported-closure", e, `unsupported closure: the function uses the local variable ${e.text} of another function; make it a global or pass it as an argument`);
        return b.reg;
      }
      case "localArray":
        return this.fail("unsupported-array", e, `unsupported use of the array ${e.text} as a value: index it with [] (arrays are not passed around)`);
      case "global": {
        const g = this.globals[b.id]!;
        if (g.isArray) this.fail("unsupported-array", e, `unsupported use of the array ${e.text} as a value: index it with []`);
        const t = fn.temp();
        fn.emit({ op: Op.LoadGlobal, dst: t, a: g.slot, global: g.id, visible: true, span });
        return t;
      }
      case "const":
        return this.constReg(b.value, span);
      case "function":
        return this.constReg(b.id + 2, span);
      case "api":
        return this.fail("unsupported-expression", e, `unsupported use of ${e.text} as a value: call it`);
      case "options":
        return this.fail("unsupported-expression", e, "unsupported use of options as a value: it only configures the checker");
    }
  }

  private prefixUnary(e: TS.PrefixUnaryExpression): number {
    const fn = this.fn;
    const span = this.span(e);
    switch (e.operator) {
      case ts.SyntaxKind.PlusPlusToken:
        return this.increment(e.operand, BinaryOp.Add, false, e);
      case ts.SyntaxKind.MinusMinusToken:
        return this.increment(e.operand, BinaryOp.Sub, false, e);
      case ts.SyntaxKind.ExclamationToken: {
        const c = this.condition(e.operand);
        const t = fn.temp();
        fn.emit({ op: Op.Unary, dst: t, a: c, c: UnaryOp.Not, span });
        fn.release(c);
        return t;
      }
      case ts.SyntaxKind.MinusToken:
      case ts.SyntaxKind.TildeToken: {
        const v = this.expr(e.operand);
        const t = fn.temp();
        fn.emit({ op: Op.Unary, dst: t, a: v, c: e.operator === ts.SyntaxKind.MinusToken ? UnaryOp.Neg : UnaryOp.BitNot, span });
        fn.release(v);
        return t;
      }
      case ts.SyntaxKind.PlusToken:
        if (this.kindOf(e.operand) === ValueKind.Str) return this.numberOf(e.operand, span);
        return this.expr(e.operand);
      default:
        return this.fail("unsupported-expression", e, "unsupported unary operator");
    }
  }

  private numberOf(e: TS.Expression, span: Span): number {
    const v = this.expr(e);
    const t = this.fn.temp();
    this.fn.emit({ op: Op.ToNumber, dst: t, a: v, span });
    this.fn.release(v);
    return t;
  }

  private binary(e: TS.BinaryExpression, discard: boolean): number {
    const fn = this.fn;
    const span = this.span(e);
    const kind = e.operatorToken.kind;
    if (kind === ts.SyntaxKind.EqualsToken) return this.assign(e.left, e.right, e, discard);
    const compound = ASSIGN_OPS.get(kind);
    if (compound !== undefined) return this.compoundAssign(e, compound);
    if (kind === ts.SyntaxKind.PlusEqualsToken) return this.compoundAssign(e, BinaryOp.Add);
    if (kind === ts.SyntaxKind.AmpersandAmpersandToken || kind === ts.SyntaxKind.BarBarToken || kind === ts.SyntaxKind.QuestionQuestionToken) {
      if (kind !== ts.SyntaxKind.QuestionQuestionToken) this.oneRepresentation(e.left, e.right, e);
      const result = fn.temp();
      const end = fn.newLabel();
      const l = this.expr(e.left);
      fn.emit({ op: Op.Move, dst: result, a: l, span: this.span(e.left) });
      fn.release(l);
      const test = fn.temp();
      if (kind === ts.SyntaxKind.QuestionQuestionToken) {
        const nul = this.constReg(-1, span);
        fn.emit({ op: Op.Binary, dst: test, a: result, b: nul, c: BinaryOp.Ne, span });
        fn.release(nul);
        fn.emit({ op: Op.Branch, a: test, b: end, c: 1, span });
      } else {
        fn.emit({ op: Op.Truthy, dst: test, a: result, c: this.kindOf(e.left), span });
        fn.emit({ op: Op.Branch, a: test, b: end, c: kind === ts.SyntaxKind.BarBarToken ? 1 : 0, span });
      }
      fn.release(test);
      const r = this.expr(e.right);
      fn.emit({ op: Op.Move, dst: result, a: r, span: this.span(e.right) });
      fn.release(r);
      fn.place(end);
      return result;
    }
    if (kind === ts.SyntaxKind.CommaToken) this.fail("unsupported-expression", e, "unsupported comma operator: write two statements");
    if (kind === ts.SyntaxKind.InstanceOfKeyword || kind === ts.SyntaxKind.InKeyword) this.fail("unsupported-expression", e, "unsupported operator: compare integers and strings");
    if (kind === ts.SyntaxKind.AsteriskAsteriskToken) this.fail("unsupported-expression", e, "unsupported **: multiply");
    const op = BINARY_OPS.get(kind);
    if (op === undefined) return this.fail("unsupported-expression", e.operatorToken, "unsupported operator");
    if (op === BinaryOp.Add && (this.kindOf(e.left) === ValueKind.Str || this.kindOf(e.right) === ValueKind.Str)) {
      const l = this.toStringReg(e.left);
      const r = this.toStringReg(e.right);
      return this.concat(l, r, span);
    }
    if (op >= BinaryOp.Lt && (this.kindOf(e.left) === ValueKind.Str || this.kindOf(e.right) === ValueKind.Str)) {
      this.fail("unsupported-expression", e, "unsupported ordering of strings: compare strings with === and !==");
    }
    const l = this.expr(e.left);
    const r = this.expr(e.right);
    const t = fn.temp();
    fn.emit({ op: Op.Binary, dst: t, a: l, b: r, c: op, span });
    fn.release(l);
    fn.release(r);
    return t;
  }

  /** A place that can be assigned: a local, a global, or an element of an array. */
  private place(target: TS.Expression, whole?: TS.Node): { read: () => number; write: (v: number, update: boolean) => void; releaseIndex: () => void } {
    const fn = this.fn;
    target = skipParens(target);
    const span = this.span(whole ?? target);
    if (ts.isIdentifier(target)) {
      const b = this.lookup(target);
      if (b?.kind === "local") {
        if (b.fn !== fn) this.fail("unsupported-closure", target, `unsupported closure: the function assigns the local variable ${target.text} of another function`);
        return {
          read: () => b.reg,
          write: (v) => void fn.emit({ op: Op.Move, dst: b.reg, a: v, span }),
          releaseIndex: () => undefined,
        };
      }
      if (b?.kind === "global" && !this.globals[b.id]!.isArray) {
        const g = this.globals[b.id]!;
        let readInstr: MutableInstr | null = null;
        return {
          read: () => {
            const t = fn.temp();
            readInstr = fn.emit({ op: Op.LoadGlobal, dst: t, a: g.slot, global: g.id, visible: true, span });
            return t;
          },
          write: (v, update) => {
            if (update && readInstr) readInstr.update = true;
            fn.emit({ op: Op.StoreGlobal, a: g.slot, b: v, global: g.id, visible: true, update, span });
          },
          releaseIndex: () => undefined,
        };
      }
      if (b?.kind === "const") this.fail("unsupported-expression", target, `${target.text} is a constant`);
    }
    if (ts.isElementAccessExpression(target)) {
      const arrayNode = skipParens(target.expression);
      const b = ts.isIdentifier(arrayNode) ? this.lookup(arrayNode) : undefined;
      const sharedInGlobal = b?.kind === "global" && !this.globals[b.id]!.isArray && this.isSharedArray(target.expression);
      if ((b?.kind === "global" || b?.kind === "localArray") && !sharedInGlobal) {
        const index = this.expr(target.argumentExpression);
        if (b.kind === "global") {
          const g = this.globals[b.id]!;
          if (!g.isArray) this.fail("unsupported-expression", target, `${g.name} is not an array`);
          let readInstr: MutableInstr | null = null;
          return {
            read: () => {
              const t = fn.temp();
              readInstr = fn.emit({ op: Op.LoadGlobalElem, dst: t, a: g.slot, b: index, c: g.length, global: g.id, visible: true, span });
              return t;
            },
            write: (v, update) => {
              if (update && readInstr) readInstr.update = true;
              fn.emit({ op: Op.StoreGlobalElem, a: g.slot, b: index, c: g.length, d: v, global: g.id, visible: true, update, span });
            },
            releaseIndex: () => fn.release(index),
          };
        }
        if (b.fn !== fn) this.fail("unsupported-closure", target, "unsupported closure: the function uses a local array of another function");
        return {
          read: () => {
            const t = fn.temp();
            fn.emit({ op: Op.LoadLocalElem, dst: t, a: b.base, b: index, c: b.length, span });
            return t;
          },
          write: (v) => void fn.emit({ op: Op.StoreLocalElem, a: b.base, b: index, c: b.length, d: v, span }),
          releaseIndex: () => fn.release(index),
        };
      }
      if (this.isSharedArray(target.expression)) {
        const handle = this.expr(target.expression);
        const index = this.expr(target.argumentExpression);
        let readInstr: MutableInstr | null = null;
        return {
          read: () => {
            const t = fn.temp();
            readInstr = fn.emit({ op: Op.LoadShared, dst: t, a: handle, b: index, visible: true, span });
            return t;
          },
          write: (v, update) => {
            if (update && readInstr) readInstr.update = true;
            fn.emit({ op: Op.StoreShared, a: handle, b: index, d: v, visible: true, update, span });
          },
          releaseIndex: () => undefined,
        };
      }
    }
    return this.fail("unsupported-expression", target, "unsupported assignment target: assign to a variable or an array element");
  }

  private assign(left: TS.Expression, right: TS.Expression, e: TS.Node, discard: boolean): number {
    if (ts.isArrayLiteralExpression(left) || ts.isObjectLiteralExpression(left)) {
      this.fail("unsupported-expression", left, "unsupported destructuring assignment: assign each variable");
    }
    const p = this.place(left, e);
    const from = this.fn.code.length;
    const v = this.expr(right);
    // `x = x + 1` reads x then writes it: an update, like `x++` (LANGUAGE.md §2)
    const update = this.markUpdateReads(left, from, this.span(e));
    p.write(v, update);
    p.releaseIndex();
    if (discard) {
      this.fn.release(v);
      return -1;
    }
    return v;
  }

  /** Marks the reads of the assigned global made by the right-hand side (from instruction `from` on) as an update's. */
  private markUpdateReads(left: TS.Expression, from: number, span: Span): boolean {
    const target = skipParens(left);
    const name = ts.isIdentifier(target) ? target : ts.isElementAccessExpression(target) ? skipParens(target.expression) : null;
    const b = name && ts.isIdentifier(name) ? this.lookup(name) : undefined;
    if (b?.kind !== "global") return false;
    let found = false;
    const code = this.fn.code;
    for (let i = from; i < code.length; i++) {
      const instr = code[i]!;
      if ((instr.op === Op.LoadGlobal || instr.op === Op.LoadGlobalElem) && instr.global === b.id) {
        instr.update = true;
        instr.span = span;
        found = true;
      }
    }
    return found;
  }

  private compoundAssign(e: TS.BinaryExpression, op: BinaryOp): number {
    const fn = this.fn;
    const span = this.span(e);
    const p = this.place(e.left, e);
    const old = p.read();
    let result: number;
    if (op === BinaryOp.Add && (this.kindOf(e.left) === ValueKind.Str || this.kindOf(e.right) === ValueKind.Str)) {
      const r = this.toStringReg(e.right);
      result = fn.temp();
      fn.emit({ op: Op.Concat, dst: result, a: old, b: r, span });
      fn.release(r);
    } else {
      const r = this.expr(e.right);
      result = fn.temp();
      fn.emit({ op: Op.Binary, dst: result, a: old, b: r, c: op, span });
      fn.release(r);
    }
    if (old !== result) fn.release(old);
    p.write(result, true);
    p.releaseIndex();
    return result;
  }

  /** `x++`, `--x`, ...: a read step, then a write step (LANGUAGE.md §2). */
  private increment(operand: TS.Expression, op: BinaryOp, postfix: boolean, e: TS.Node): number {
    const fn = this.fn;
    const span = this.span(e);
    const p = this.place(operand, e);
    const old = p.read();
    const oldCopy = postfix ? fn.temp() : -1;
    if (postfix) fn.emit({ op: Op.Move, dst: oldCopy, a: old, span });
    const one = this.constReg(1, span);
    const result = fn.temp();
    fn.emit({ op: Op.Binary, dst: result, a: old, b: one, c: op, span });
    fn.release(one);
    p.write(result, true);
    p.releaseIndex();
    const isLocal = old === result;
    if (!isLocal && old !== oldCopy) fn.release(old);
    if (postfix) {
      fn.release(result);
      return oldCopy;
    }
    return result;
  }

  private elementRead(e: TS.ElementAccessExpression): number {
    const fn = this.fn;
    const arrayNode = skipParens(e.expression);
    const b = ts.isIdentifier(arrayNode) ? this.lookup(arrayNode) : undefined;
    if (this.isSharedArray(e.expression)) {
      const p = this.place(e);
      return p.read();
    }
    if (b?.kind === "global" || b?.kind === "localArray") {
      const p = this.place(e);
      const v = p.read();
      p.releaseIndex();
      return v;
    }
    const kind = this.kindOf(e.expression);
    if (kind === ValueKind.Tuple) {
      const index = this.fold(e.argumentExpression);
      if (!index) this.fail("unsupported-expression", e.argumentExpression, "unsupported tuple index: index a tuple with a constant");
      const tuple = this.expr(e.expression);
      const t = fn.temp();
      fn.emit({ op: Op.TupleGet, dst: t, a: tuple, b: index.value, span: this.span(e) });
      fn.release(tuple);
      return t;
    }
    return this.fail("unsupported-expression", e, "unsupported indexing: index arrays declared with `let a = [...]` or tuples returned by the API");
  }

  private isSharedArray(e: TS.Expression): boolean {
    const type = this.checker.getTypeAtLocation(e);
    return this.checker.typeToString(type).includes("Int32Array");
  }

  private notYet(node: TS.Node, what: string, issue: number): never {
    return this.fail("not-yet-supported", node, `not yet supported: ${what} (issue #${issue}); this version of ipcheck models signals and processes`);
  }

  // ---------------------------------------------------------------- calls

  private call(e: TS.CallExpression, discard: boolean): number {
    const fn = this.fn;
    const span = this.span(e);
    const callee = skipParens(e.expression);
    if (e.expression.kind === ts.SyntaxKind.ImportKeyword) this.fail("unsupported-dynamic-import", e, "unsupported dynamic import(): a program imports only from \"ipcheck\", statically");
    if (ts.isIdentifier(callee)) {
      const name = callee.text;
      const b = this.lookup(callee);
      if (b?.kind === "api") return this.apiCall(b.call, e, discard);
      if (b?.kind === "function") {
        const decl = this.fnDecls.get(b.id)!;
        if (e.arguments.length !== decl.parameters.length) {
          this.fail("unsupported-call", e, `${name}() takes ${decl.parameters.length} argument(s): pass every argument`);
        }
        const args = e.arguments.map((a) => this.expr(a));
        const t = fn.temp();
        fn.emit({ op: Op.Call, dst: t, a: b.id, args, span });
        for (const a of args) fn.release(a);
        return t;
      }
      if (!b) {
        if (name === "require") this.fail("unsupported-require", e, "unsupported require(): a program imports only from \"ipcheck\"");
        if (name === "eval") this.fail("unsupported-eval", e, "unsupported eval(): write the code itself");
        if (name === "String") {
          if (e.arguments.length !== 1) this.fail("unsupported-call", e, "String() takes one argument");
          return this.toStringReg(e.arguments[0]!);
        }
        if (name === "Number" || name === "parseInt") {
          if (e.arguments.length < 1) this.fail("unsupported-call", e, `${name}() takes one argument`);
          const k = this.kindOf(e.arguments[0]!);
          if (k === ValueKind.Str) return this.numberOf(e.arguments[0]!, span);
          return this.expr(e.arguments[0]!);
        }
        if (name === "setTimeout" || name === "setInterval") {
          this.fail("unsupported-call", e, `unsupported ${name}(): use alarm() and a SIGALRM handler, or sleep()`);
        }
      }
      return this.fail("unsupported-call", e, `unsupported call of ${name}: call functions of the program or of "ipcheck"`);
    }
    if (ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression)) {
      const full = `${callee.expression.text}.${callee.name.text}`;
      const id = API_ID[full];
      if (id !== undefined && !this.lookup(callee.expression)) return this.apiCall(API_CALLS[id]!, e, discard);
      if (callee.expression.text === "Atomics") this.fail("unsupported-call", e, `unsupported Atomics.${callee.name.text}: use load, store, add, sub, exchange or compareExchange`);
      if (callee.expression.text === "Promise") this.fail("unsupported-async", e, "unsupported promise: calls block until they complete");
      if (callee.expression.text === "process") this.fail("unsupported-call", e, "unsupported process.*: use the calls of \"ipcheck\" (exit, getpid, ...)");
    }
    return this.fail("unsupported-call", e, "unsupported call: call functions of the program or of \"ipcheck\" by name");
  }

  private apiCall(call: ApiCall, e: TS.CallExpression, discard: boolean): number {
    const fn = this.fn;
    const span = this.span(e);
    const n = e.arguments.length;
    if (n < call.minArgs || n > call.maxArgs) {
      this.fail("unsupported-call", e, `${call.name}() takes ${call.minArgs === call.maxArgs ? call.minArgs : `${call.minArgs} to ${call.maxArgs}`} argument(s)`);
    }
    if (!call.implemented) this.notYet(e, `${call.name}()`, call.issue);
    let args: number[];
    let variant = 0;
    let outputData = false;
    if (call.name === "printf") {
      args = [this.printfString(e)];
    } else if (call.name === "console.log") {
      let acc = -1;
      for (const a of e.arguments) {
        const s = this.toStringReg(a);
        if (acc < 0) acc = s;
        else acc = this.concat(this.concat(acc, this.stringConst(" ", span), span), s, span);
      }
      if (acc < 0) acc = this.stringConst("", span);
      args = [this.concat(acc, this.stringConst("\n", span), span)];
    } else if (call.name === "sigaction") {
      const sig = this.expr(e.arguments[0]!);
      const act = skipParens(e.arguments[1]!);
      if (ts.isObjectLiteralExpression(act)) {
        args = [sig, ...this.sigactionBag(act)];
      } else {
        variant = 1; // restore an action sigaction returned
        args = [sig, this.expr(act)];
      }
    } else if (call.name === "write") {
      const fd = this.fold(e.arguments[0]!);
      outputData = fd !== null && (fd.value === 1 || fd.value === 2);
      if (!outputData) this.usesDescriptors = true;
      args = e.arguments.map((a) => this.expr(a));
    } else {
      args = e.arguments.map((a) => this.expr(a));
    }
    // after the arguments: a handler written inline has its function id now
    this.noteSignals(call, e);
    if (call.descriptor) this.usesDescriptors = true;
    const dst = call.returns === ValueKind.Void && discard ? -1 : fn.temp();
    fn.emit({ op: Op.Syscall, dst, a: API_ID[call.name]!, c: variant, args, visible: !call.pure, span, outputData });
    for (const a of args) fn.release(a);
    if (call.returns === ValueKind.Void && !discard) this.fail("unsupported-expression", e, `${call.name}() has no value`);
    return dst;
  }

  /** printf(format, ...args) with a constant format: the output string, built with %d, %i, %u, %s, %c, %%. */
  private printfString(e: TS.CallExpression): number {
    const span = this.span(e);
    const format = this.fold(e.arguments[0]!);
    if (!format || format.kind !== ValueKind.Str) {
      // a non-constant format is printed as it is
      return this.toStringReg(e.arguments[0]!);
    }
    const text = this.strings[format.value]!;
    const rest = e.arguments.slice(1);
    let acc = this.stringConst("", span);
    let literal = "";
    let argIndex = 0;
    for (let i = 0; i < text.length; i++) {
      const ch = text[i]!;
      if (ch !== "%") {
        literal += ch;
        continue;
      }
      let j = i + 1;
      while (j < text.length && /[-+ #0-9.lhz]/.test(text[j]!)) j++;
      const conv = text[j];
      if (conv === "%") {
        literal += "%";
        i = j;
        continue;
      }
      // %c, %x and %u would print other text than the decimal ToString gives: rejected, not mis-printed
      if (conv === undefined || !"dis".includes(conv)) this.fail("unsupported-call", e.arguments[0]!, `unsupported printf conversion %${conv ?? ""}: use %d, %s or %%`);
      const arg = rest[argIndex++];
      if (!arg) this.fail("unsupported-call", e, "printf has fewer arguments than conversions");
      if (literal) acc = this.concat(acc, this.stringConst(literal, span), span);
      literal = "";
      acc = this.concat(acc, this.toStringReg(arg), span);
      i = j;
    }
    if (literal) acc = this.concat(acc, this.stringConst(literal, span), span);
    return acc;
  }

  /** sigaction's bag: [handler, mask, flags] registers. */
  private sigactionBag(bag: TS.ObjectLiteralExpression): number[] {
    let handler: TS.Expression | null = null;
    let mask: TS.Expression | null = null;
    let flags: TS.Expression | null = null;
    this.noAccessors(bag);
    for (const prop of bag.properties) {
      if (!ts.isPropertyAssignment(prop) && !ts.isShorthandPropertyAssignment(prop)) {
        this.fail("unsupported-object-literal", prop, "sigaction takes { handler, mask, flags }");
      }
      const name = prop.name.getText(this.sf);
      const value = ts.isPropertyAssignment(prop) ? prop.initializer : prop.name;
      if (name === "handler" || name === "sa_handler") handler = value;
      else if (name === "mask" || name === "sa_mask") mask = value;
      else if (name === "flags" || name === "sa_flags") flags = value;
      else this.fail("unsupported-object-literal", prop, `unknown sigaction field ${name}: sigaction takes { handler, mask, flags }`);
    }
    if (!handler) this.fail("unsupported-object-literal", bag, "sigaction needs a handler: { handler: fn } (or SIG_DFL, SIG_IGN)");
    const span = this.span(bag);
    return [
      this.expr(handler),
      mask ? this.expr(mask) : this.constReg(0, span),
      flags ? this.expr(flags) : this.constReg(0, span),
    ];
  }

  private noAccessors(bag: TS.ObjectLiteralExpression): void {
    const accessor = bag.properties.find((p) => ts.isGetAccessorDeclaration(p) || ts.isSetAccessorDeclaration(p));
    if (accessor) this.fail("unsupported-accessor", accessor, "unsupported getter/setter: read and write a global, or call a function");
  }

  /** Records which signals the text handles, may change, and sends (the environment's default set). */
  private noteSignals(call: ApiCall, e: TS.CallExpression): void {
    const constSig = (i: number): number | null => {
      const arg = e.arguments[i];
      if (!arg) return null;
      const f = this.fold(arg);
      return f ? f.value : null;
    };
    switch (call.name) {
      case "signal":
      case "sigaction": {
        const sig = constSig(0);
        let handlerNode: TS.Expression | undefined = e.arguments[1];
        if (call.name === "sigaction" && handlerNode && ts.isObjectLiteralExpression(skipParens(handlerNode))) {
          const prop = (skipParens(handlerNode) as TS.ObjectLiteralExpression).properties.find((p) => p.name?.getText(this.sf) === "handler" || p.name?.getText(this.sf) === "sa_handler");
          handlerNode = prop && ts.isPropertyAssignment(prop) ? prop.initializer : prop && ts.isShorthandPropertyAssignment(prop) ? prop.name : undefined;
        } else if (call.name === "sigaction") {
          handlerNode = undefined; // restoring a saved action: it was installed by another call
        }
        const handler = handlerNode ? this.handlerTarget(handlerNode) : null;
        if (sig === null) {
          this.anyDisposed = true;
          if (handler !== null) this.anyHandled = true;
        } else {
          this.disposed.add(sig);
          if (handler !== null) this.handled.add(sig);
        }
        if (handler !== null && handler >= 0) this.handlers.add(handler);
        break;
      }
      case "kill":
      case "raise": {
        const sig = constSig(call.name === "kill" ? 1 : 0);
        if (sig === null) this.anySent = true;
        else if (sig !== 0) this.sent.add(sig);
        break;
      }
      case "alarm":
        this.sent.add(14);
        break;
      case "fork":
        this.sent.add(17);
        break;
      case "write": {
        const fd = constSig(0);
        if (fd !== 1 && fd !== 2) this.sent.add(13);
        break;
      }
      case "send":
      case "sendto":
        this.sent.add(13);
        break;
    }
  }

  /** For a handler argument: the function id (-2 if a function not known statically), or null for SIG_DFL/SIG_IGN. */
  private handlerTarget(node: TS.Expression): number | null {
    const e = skipParens(node);
    if (ts.isIdentifier(e)) {
      const b = this.lookup(e);
      if (b?.kind === "function") return b.id;
      if (b?.kind === "const") return null;
    }
    if (ts.isArrowFunction(e) || ts.isFunctionExpression(e)) return this.functionValues.get(e) ?? -2;
    const f = this.fold(e);
    if (f) return null;
    return -2;
  }

  // ---------------------------------------------------------------- helpers

  private bind(name: TS.Identifier, binding: Binding): void {
    const symbol = this.checker.getSymbolAtLocation(name);
    if (symbol) this.bindings.set(symbol, binding);
  }

  private lookup(name: TS.Identifier): Binding | undefined {
    let symbol = this.checker.getSymbolAtLocation(name);
    if (!symbol) return undefined;
    const direct = this.bindings.get(symbol);
    if (direct) return direct;
    if (symbol.flags & ts.SymbolFlags.Alias) {
      // a shorthand property or an import alias
      const decl = symbol.declarations?.[0];
      if (decl && ts.isImportSpecifier(decl)) return this.bindings.get(this.checker.getSymbolAtLocation(decl.name)!);
      symbol = this.checker.getAliasedSymbol(symbol);
      return this.bindings.get(symbol);
    }
    const shorthand = ts.isShorthandPropertyAssignment(name.parent) ? this.checker.getShorthandAssignmentValueSymbol(name.parent) : undefined;
    return shorthand ? this.bindings.get(shorthand) : undefined;
  }

  /** The value kind of an expression, from its static type. */
  private kindOf(node: TS.Node): ValueKind {
    return kindOfType(this.checker, this.checker.getTypeAtLocation(node));
  }

  private span(node: TS.Node): Span {
    return { start: node.getStart(this.sf), end: node.getEnd() };
  }

  private line(node: TS.Node): number {
    return this.sf.getLineAndCharacterOfPosition(node.getStart(this.sf)).line + 1;
  }

  private fail(code: DiagnosticCode, node: TS.Node, message: string): never {
    throw new DiagnosticError(diagnostic(code, this.file, this.span(node), message));
  }
}

function skipParens(e: TS.Expression): TS.Expression {
  while (ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isNonNullExpression(e) || ts.isTypeAssertionExpression(e) || ts.isSatisfiesExpression(e)) {
    e = e.expression;
  }
  return e;
}

function kindOfType(checker: TS.TypeChecker, type: TS.Type): ValueKind {
  const F = ts.TypeFlags;
  const parts = type.isUnion() ? type.types : [type];
  let sawNull = false;
  for (const part of parts) {
    if (part.flags & (F.Null | F.Undefined)) {
      sawNull = true;
      continue;
    }
    if (part.flags & F.StringLike) return ValueKind.Str;
    if (part.flags & F.BooleanLike) return ValueKind.Bool;
    if (checker.isTupleType(part)) return ValueKind.Tuple;
    if (part.flags & F.Object) {
      const text = checker.typeToString(part);
      if (text.includes("Int32Array")) return ValueKind.SharedArray;
      if (text === "SigAction") return ValueKind.Action;
      if (part.getCallSignatures().length > 0) return ValueKind.Handler;
    }
  }
  return sawNull ? ValueKind.Str : ValueKind.Int;
}

/** 32-bit integer arithmetic (LANGUAGE.md §1: wrap-around, `/` truncates toward zero). */
export function evalBinary(op: BinaryOp, a: number, b: number): number {
  switch (op) {
    case BinaryOp.Add: return (a + b) | 0;
    case BinaryOp.Sub: return (a - b) | 0;
    case BinaryOp.Mul: return Math.imul(a, b);
    case BinaryOp.Div: return (a / b) | 0;
    case BinaryOp.Mod: return (a % b) | 0;
    case BinaryOp.Shl: return a << b;
    case BinaryOp.Shr: return a >> b;
    case BinaryOp.UShr: return (a >>> b) | 0;
    case BinaryOp.BitAnd: return a & b;
    case BinaryOp.BitOr: return a | b;
    case BinaryOp.BitXor: return a ^ b;
    case BinaryOp.Eq: return a === b ? 1 : 0;
    case BinaryOp.Ne: return a !== b ? 1 : 0;
    case BinaryOp.Lt: return a < b ? 1 : 0;
    case BinaryOp.Le: return a <= b ? 1 : 0;
    case BinaryOp.Gt: return a > b ? 1 : 0;
    case BinaryOp.Ge: return a >= b ? 1 : 0;
  }
}

