// Strings as text in the Promela translation, for programs whose strings decide something beyond
// their length (a message compared with "ready", a record built with "r" + String(i)): a string is
// an id into a table of texts that the run fills (the model's constants first, in their order, so ""
// is 0 and a constant keeps its id); a new text is interned, so two ids are equal exactly when their
// texts are, as in ipcheck. Pipes then hold bytes. The table and a pipe's bytes are bounded
// (MAXS texts of at most MAXL bytes, CAPM bytes a pipe): past a bound the run stops with an
// assertion that names it, so that a bound is never a silent difference.
import type { Model } from "../model/model.js";
import { boundStop } from "./emit.js";

export interface TextBounds {
  /** texts in the table */
  readonly maxs: number;
  /** bytes of one text */
  readonly maxl: number;
  /** bytes a pipe holds in the translation */
  readonly capm: number;
}

export function textBounds(model: Model): TextBounds {
  // a constant longer than MAXL keeps its length but not its text: appending or writing it is a bound
  return { maxs: model.strings.length + 16, maxl: 16, capm: Math.min(model.options.pipeCapacity, 64) };
}

/** Declarations: the table, preloaded with the model's constants by `textInit`. */
export function textDeclarations(model: Model, b: TextBounds, pipes: boolean): string[] {
  const o = [
    `#define MAXS ${b.maxs}`, `#define MAXL ${b.maxl}`,
    "byte stxt[MAXS * MAXL];  /* the texts of the strings, by id */",
    "byte slen[MAXS];",
    `byte nstr = ${model.strings.length};`,
    boundStop("BOUND", "string table or pipe buffer is full"),
    "#define NUMWS(c) ((c) == 32 || (c) >= 9 && (c) <= 13 || (c) == 160)",
    "#define NUMDIGIT(c) ((c) >= 48 && (c) <= 57)",
    "#define NUMBASE(c) ((c) == 120 || (c) == 88 || (c) == 111 || (c) == 79 || (c) == 98 || (c) == 66)",
  ];
  if (pipes) o.push(`#define CAPM ${b.capm}`, "byte pch[NPIPE * CAPM];  /* the bytes in each pipe */");
  return o;
}

/** init's statements: the constant strings' texts. */
export function textInit(model: Model, b: TextBounds): string[] {
  const o: string[] = [];
  model.strings.forEach((s, id) => {
    const bytes = Buffer.from(s, "latin1");
    if (bytes.length === 0) return;
    o.push(`    slen[${id}] = ${bytes.length};`);
    bytes.forEach((c, k) => {
      if (k < b.maxl) o.push(`    stxt[${id * b.maxl + k}] = ${c};`);
    });
  });
  return o;
}

/** The thread's scratch: a text being built (sb, sbl) and loop indices. */
export const TEXT_LOCALS = "byte sb[MAXL]; byte sbl; byte si; byte sj; bit sfound; int sv; int st;";

/** The inlines: append a string to the scratch text, intern it, write an integer's digits. */
export function textInlines(pipes: boolean): string[] {
  const o = [
    "",
    "inline sbappend(id) {",
    "  if :: sbl + slen[id] > MAXL -> BOUND :: else fi;",
    "  sj = 0; do :: sj < slen[id] -> sb[sbl] = stxt[id * MAXL + sj]; sbl++; sj++ :: else -> break od; sj = 0",
    "}",
    "",
    "/* res = the id of the scratch text: an equal text already in the table, or a new one */",
    "inline intern(res) {",
    "  si = 0; sfound = 0;",
    "  do",
    "  :: si < nstr && !sfound ->",
    "     if",
    "     :: slen[si] == sbl -> sj = 0; do :: sj < sbl && stxt[si * MAXL + sj] == sb[sj] -> sj++ :: else -> break od;",
    "        if :: sj == sbl -> sfound = 1 :: else -> si++ fi",
    "     :: else -> si++",
    "     fi",
    "  :: else -> break",
    "  od;",
    "  if",
    "  :: !sfound && nstr >= MAXS -> BOUND",
    "  :: !sfound && nstr < MAXS -> sj = 0; do :: sj < sbl -> stxt[nstr * MAXL + sj] = sb[sj]; sj++ :: else -> break od; slen[nstr] = sbl; si = nstr; nstr++",
    "  :: else",
    "  fi;",
    "  res = si;",
    "  sj = 0; do :: sj < MAXL -> sb[sj] = 0; sj++ :: else -> break od;",
    "  si = 0; sj = 0; sbl = 0; sfound = 0",
    "}",
    "",
    "/* res = Number(text id) as ipcheck computes it (the int32 of Math.trunc, 0 when not finite): blanks around",
    "   a decimal numeral, a sign, a fraction; 0 for a text that is no number. A hexadecimal, octal or binary",
    "   prefix, an exponent or ten digits and more are past what this reads: a bound */",
    "inline sbnumber(id, res) {",
    "  if :: slen[id] > MAXL -> BOUND :: else fi;",
    "  si = 0; sj = slen[id];",
    "  do :: si < sj && (NUMWS(stxt[(id) * MAXL + si])) -> si++ :: else -> break od;",
    "  do :: sj > si && (NUMWS(stxt[(id) * MAXL + sj - 1])) -> sj-- :: else -> break od;",
    "  sv = 0; st = 0; sfound = 0; sbl = 0;",
    "  if :: si + 1 < sj && stxt[(id) * MAXL + si] == 48 && NUMBASE(stxt[(id) * MAXL + si + 1]) -> BOUND :: else fi;",
    "  if :: si < sj && (stxt[(id) * MAXL + si] == 43 || stxt[(id) * MAXL + si] == 45) -> st = (stxt[(id) * MAXL + si] == 45 -> 1 : 0); si++ :: else fi;",
    "  do :: si < sj && NUMDIGIT(stxt[(id) * MAXL + si]) -> sv = sv * 10 + stxt[(id) * MAXL + si] - 48; sfound = 1; sbl++; si++;",
    "        if :: sbl > 9 -> BOUND :: else fi",
    "  :: else -> break od;",
    "  if :: si < sj && stxt[(id) * MAXL + si] == 46 -> si++; do :: si < sj && NUMDIGIT(stxt[(id) * MAXL + si]) -> sfound = 1; si++ :: else -> break od :: else fi;",
    "  if :: si < sj && sfound && (stxt[(id) * MAXL + si] == 101 || stxt[(id) * MAXL + si] == 69) -> BOUND :: else fi;",
    "  if :: si == sj && sfound -> res = (st == 1 -> -sv : sv) :: else -> res = 0 fi;",
    "  si = 0; sj = 0; sv = 0; st = 0; sfound = 0; sbl = 0",
    "}",
    "",
    "/* the decimal digits of v, as String(v) writes them, appended to the scratch text */",
    "inline sbdigits(v) {",
    "  sv = v;",
    "  if :: sv < 0 -> if :: sbl + 1 > MAXL -> BOUND :: else fi; sb[sbl] = 45; sbl++; sv = -sv :: else fi;",
    "  st = sv; sj = 1; do :: st >= 10 -> st = st / 10; sj++ :: else -> break od;",
    "  if :: sbl + sj > MAXL -> BOUND :: else fi;",
    "  si = sbl + sj; sbl = si;",
    "  do :: sj > 0 -> si--; sb[si] = 48 + sv % 10; sv = sv / 10; sj-- :: else -> break od;",
    "  sv = 0; st = 0; si = 0; sj = 0",
    "}",
  ];
  if (pipes) {
    o.push(
      "",
      "/* pipe p gets the bytes of string id */",
      "inline pipein(p, id) {",
      "  if :: pbytes[p] + slen[id] > CAPM || slen[id] > MAXL -> BOUND :: else fi;",
      "  sj = 0; do :: sj < slen[id] -> pch[p * CAPM + pbytes[p]] = stxt[id * MAXL + sj]; pbytes[p]++; sj++ :: else -> break od; sj = 0",
      "}",
      "",
      "/* pipe p gets k bytes of string id, from byte `from` on (a write in steps) */",
      "inline pipeinpart(p, id, from, k) {",
      "  if :: pbytes[p] + k > CAPM || from + k > MAXL -> BOUND :: else fi;",
      "  sj = 0; do :: sj < k -> pch[p * CAPM + pbytes[p]] = stxt[id * MAXL + from + sj]; pbytes[p]++; sj++ :: else -> break od; sj = 0",
      "}",
      "",
      "/* the first k bytes of pipe p leave it, into the scratch text */",
      "inline pipeout(p, k) {",
      "  sj = 0; do :: sj < k -> sb[sj] = pch[p * CAPM + sj]; sj++ :: else -> break od; sbl = k;",
      "  sj = 0; do :: sj + k < pbytes[p] -> pch[p * CAPM + sj] = pch[p * CAPM + sj + k]; sj++ :: else -> break od;",
      "  do :: sj < pbytes[p] -> pch[p * CAPM + sj] = 0; sj++ :: else -> break od;",
      "  pbytes[p] = pbytes[p] - k; sj = 0",
      "}",
    );
  }
  return o;
}
