// The translator's own laws: the same model gives the same bytes, and a call it cannot translate is a
// diagnostic naming the call and its place, never Promela.
import { describe, expect, it } from "vitest";
import { parseProgram } from "../parser/parse.js";
import { emitPromela } from "./emit.js";

function model(source: string) {
  const parsed = parseProgram("prog.ts", source, {});
  if (!parsed.ok) throw new Error(parsed.diagnostics[0]!.message);
  return parsed.model;
}

const handlerRace = `import { signal, fork, kill, getppid, pause, wait, _exit, SIGUSR1, type sig_atomic_t } from "ipcheck";
let ready: sig_atomic_t = 0;
function onReady(sig: number): void { ready = 1; }
export function main(): void {
  signal(SIGUSR1, onReady);
  if (fork() === 0) { kill(getppid(), SIGUSR1); _exit(0); }
  while (ready === 0) pause();
  wait();
}`;

describe("emitPromela", () => {
  it("gives the same bytes for the same model", () => {
    const a = emitPromela(model(handlerRace));
    const b = emitPromela(model(handlerRace));
    expect(a.ok && b.ok).toBe(true);
    if (a.ok && b.ok) expect(a.text).toBe(b.text);
  });

  it("writes processes, handlers and the wait as SPIN expects them", () => {
    const r = emitPromela(model(handlerRace));
    if (!r.ok) throw new Error(r.diagnostic.message);
    expect(r.text).toContain("proctype T(byte me; byte ts; byte entry;");
    expect(r.text).toContain("inline send_SIGUSR1(q)");
    expect(r.text).toMatch(/end_S_main_\d+:/);
    expect(r.text).toContain("goto E_onReady");
  });

  it("refuses what it does not translate, at the call", () => {
    const source = `import { sigaction, SIGUSR1 } from "ipcheck";\nfunction h(sig: number): void {}\nexport function main(): void {\n  const old = sigaction(SIGUSR1, { handler: h });\n  sigaction(SIGUSR1, old);\n}`;
    const r = emitPromela(model(source));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.diagnostic.code).toBe("promela-unsupported");
    expect(r.diagnostic.message).toBe("--emit promela does not support sigaction's saved action (a value restored later) yet");
    expect(source.slice(r.diagnostic.span!.start, r.diagnostic.span!.end)).toBe("sigaction(SIGUSR1, { handler: h })");
  });

  it("refuses recursion", () => {
    const source = `export function f(n: number): number { return n <= 0 ? 0 : f(n - 1); }\nexport function main(): void { f(3); }`;
    const r = emitPromela(model(source));
    expect(r.ok ? "" : r.diagnostic.message).toBe("--emit promela does not support recursion (f may call itself) yet");
  });

  it("keeps strings as lengths where that is exact, and as interned texts where their contents decide", () => {
    const counted = `import { pipe, fork, read, write, close, waitpid, _exit, assert } from "ipcheck";
export function main(): void {
  const [r, w] = pipe();
  const child = fork();
  if (child === 0) { close(r); write(w, "hi"); _exit(0); }
  close(w);
  assert(read(r, 8) !== "", "data");
  waitpid(child);
}`;
    const compared = counted.replace(`read(r, 8) !== ""`, `read(r, 8) === "hi"`);
    const a = emitPromela(model(counted));
    const b = emitPromela(model(compared));
    if (!a.ok || !b.ok) throw new Error("refused");
    expect(a.text).toContain("#define S ");
    expect(a.text).not.toContain("inline intern(res)");
    expect(b.text).toContain("inline intern(res)");
    expect(b.text).toContain("pipeout(q, rv)");
  });
});

