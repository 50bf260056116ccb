// Random programs of the language's signal and process part, for property tests. Loops are bounded
// or wait on signals, so state spaces stay small.
import fc from "fast-check";

const SIGS = ["SIGUSR1", "SIGUSR2"];

const sig = fc.constantFrom(...SIGS);
const global = fc.constantFrom("g0", "g1");

const handlerStmt = fc.oneof(
  global.map((g) => `${g}++;`),
  fc.tuple(global, global).map(([a, b]) => `${a} = ${b} + 1;`),
  fc.constant("flag = 1;"),
  fc.constant(`write(1, "h\\n");`),
  global.map((g) => `if (${g} > 1) { ${g}--; }`),
  fc.constant("printf(\"%d\\n\", g0);"),
  fc.constant("set_errno(0);"),
);

const simpleStmt = fc.oneof(
  fc.tuple(sig, fc.constantFrom("h1", "h2", "SIG_IGN", "SIG_DFL")).map(([s, h]) => `signal(${s}, ${h});`),
  fc.tuple(sig, fc.constantFrom("h1", "h2"), sig, fc.constantFrom("0", "SA_RESTART", "SA_NODEFER", "SA_RESETHAND")).map(
    ([s, h, m, f]) => `sigaction(${s}, { handler: ${h}, mask: sigaddset(sigemptyset(), ${m}), flags: ${f} });`,
  ),
  fc.tuple(fc.constantFrom("SIG_BLOCK", "SIG_UNBLOCK"), sig).map(([how, s]) => `sigprocmask(${how}, sigaddset(sigemptyset(), ${s}));`),
  sig.map((s) => `kill(getpid(), ${s});`),
  sig.map((s) => `raise(${s});`),
  global.map((g) => `${g}++;`),
  global.map((g) => `if (flag) { ${g} = 2; }`),
  global.map((g) => `for (let i = 0; i < 2; i++) { ${g}--; }`),
  fc.constant("alarm(1);"),
  fc.constant("sleep(1);"),
  fc.constant("assert(g0 < 3, \"g0 is \" + String(g0));"),
  fc.constant("while (!flag) { pause(); }"),
  fc.constant("{ const v = nondet(0, 2); if (v === 2) { g1 = v; } }"),
  global.map((g) => `${g} = add(${g}, 1);`),
  fc.constant("assert(add(nondet(0, 1), 2) >= 2, \"add\");"),
  fc.constant("{ const [r, w] = pipe(); write(w, \"x\"); close(w); assert(read(r, 4) === \"x\"); close(r); }"),
  fc.constant("{ const q = mq_open(\"/q\", O_CREAT | O_RDWR, 2); mq_send(q, \"m\", nondet(0, 1)); assert(mq_receive(q) === \"m\"); mq_close(q); mq_unlink(\"/q\"); }"),
  fc.constant("{ const [a, b] = socketpair(); send(a, \"p\"); assert(recv(b, 4) === \"p\"); close(a); assert(recv(b, 4) === \"\"); close(b); }"),
);

const pipeChild = fc.constantFrom(
  "{ const [r, w] = pipe(); const pid = fork(); if (pid === 0) { close(r); write(w, \"c\"); _exit(0); } close(w); assert(read(r, 4) === \"c\"); close(r); wait(); }",
  "{ const [r, w] = pipe(); const pid = fork(); if (pid === 0) { close(w); read(r, 1); _exit(0); } close(r); write(w, \"c\"); close(w); wait(); }",
);

const childBody = fc.array(
  fc.oneof(sig.map((s) => `kill(getppid(), ${s});`), global.map((g) => `${g} = 5;`), fc.constant("sleep(1);")),
  { minLength: 0, maxLength: 3 },
);

const forkStmt = fc.tuple(childBody, fc.boolean()).map(
  ([body, waits]) => `{ const pid = fork(); if (pid === 0) { ${body.join(" ")} _exit(0); } ${waits ? "wait();" : ""} }`,
);

const mainStmt = fc.oneof({ weight: 6, arbitrary: simpleStmt }, { weight: 1, arbitrary: forkStmt }, { weight: 1, arbitrary: pipeChild });

export const programArbitrary = fc
  .tuple(
    fc.array(handlerStmt, { maxLength: 3 }),
    fc.array(handlerStmt, { maxLength: 3 }),
    fc.array(mainStmt, { minLength: 1, maxLength: 6 }),
    fc.boolean(),
  )
  .map(([h1, h2, body, sigAtomic]) => `import {
  signal, sigaction, sigprocmask, sigemptyset, sigaddset, kill, raise, alarm, sleep, pause, fork, wait,
  getpid, getppid, _exit, write, printf, assert, nondet, set_errno, pipe, read, close,
  mq_open, mq_send, mq_receive, mq_close, mq_unlink, socketpair, send, recv, O_CREAT, O_RDWR,
  SIGUSR1, SIGUSR2, SIG_IGN, SIG_DFL, SIG_BLOCK, SIG_UNBLOCK, SA_RESTART, SA_NODEFER, SA_RESETHAND,
} from "ipcheck";

let g0 = 0;
let g1 = 0;
let flag${sigAtomic ? ": number" : ""} = 0;

function add(a: number, b: number): number {
  return a + b;
}

function h1(signum: number): void {
  ${h1.join("\n  ")}
}

function h2(signum: number): void {
  ${h2.join("\n  ")}
}

export function main(): void {
  ${body.join("\n  ")}
}
`);
