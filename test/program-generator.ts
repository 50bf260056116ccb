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

// Random programs of two processes exchanging datagrams (AF_INET over a faulty network, or AF_UNIX),
// for the laws of the partial-order reduction over socket calls (datagram-steps.ts): each peer
// sends, receives (with a time-out or not), replies, counts and asserts; sometimes the child uses a
// socket made before the fork, which the parent holds too and may receive from; sometimes a signal
// handler counts too.
const datagramStmt = (other: string, shared: boolean) => fc.constantFrom(
  `sendto(fd, "m", ${other});`,
  "{ const r = recvfrom(fd, 4); if (r !== null) { got++; } }",
  "{ const r = recv(fd, 4); if (r !== null) { got++; } }",
  `for (let i = 0; i < 2; i++) { sendto(fd, "q", ${other}); const r = recvfrom(fd, 4); if (r !== null) { break; } }`,
  "{ const r = recvfrom(fd, 4); if (r !== null) { sendto(fd, \"a\", r[1]); } }",
  "assert(got < 2, \"got \" + String(got));",
  "got++;",
  "write(1, \"x\\n\");",
  ...(shared ? ["{ const r = recvfrom(sfd, 4); if (r !== null) { got++; } }", "sendto(fd, \"c\", C);", "close(sfd);"] : []),
);

/** A peer's body: its socket (its own, bound to `me` or not, or `sfd`), then what it does with it. */
const peerArbitrary = (me: string, other: string, useShared: boolean, holdsShared: boolean) =>
  fc.record({ bound: fc.boolean(), timed: fc.constantFrom(true, true, false), body: fc.array(datagramStmt(other, holdsShared), { minLength: 1, maxLength: 3 }), closes: fc.boolean() })
    .map(({ bound, timed, body, closes }) => [
      useShared ? "const fd = sfd;" : "const fd = socket(DOMAIN, SOCK_DGRAM);",
      !useShared && (bound || me === "A") ? `bind(fd, ${me});` : "",
      timed ? "setsockopt(fd, SO_RCVTIMEO, 1);" : "",
      ...body,
      closes ? "close(fd);" : "",
    ].filter((line) => line !== "").join("\n  "));

export const datagramProgramArbitrary = fc
  .record({
    inet: fc.boolean(),
    faults: fc.subarray(["loss", "duplicate", "reorder"]),
    shared: fc.boolean(),
    handler: fc.boolean(),
  })
  .chain(({ inet, faults, shared, handler }) =>
    fc.tuple(peerArbitrary("A", "B", false, shared), peerArbitrary("B", "A", shared, false), fc.boolean(), fc.nat(3), fc.nat(3)).map(([parent, child, kills, x, y]) => `import {
  socket, bind, sendto, recvfrom, recv, setsockopt, close, fork, waitpid, _exit, write, assert, kill, getppid, signal,
  AF_INET, AF_UNIX, SOCK_DGRAM, SO_RCVTIMEO, SIGUSR1, type CheckOptions,
} from "ipcheck";

export const options: CheckOptions = { netFaults: ${JSON.stringify(faults)} };

const DOMAIN = ${inet ? "AF_INET" : "AF_UNIX"};
const A = ${inet ? "5000" : '"/a"'};
const B = ${inet ? "5001" : '"/b"'};
const C = ${inet ? "5002" : '"/c"'};
let got = 0;

function onSignal(signum: number): void {
  got++;
}

function parent(sfd: number): void {
  ${parent}
  assert(got !== ${x}, "the parent got ${x}");
}

function child(sfd: number): void {
  ${child}
  assert(got !== ${y}, "the child got ${y}");
}

export function main(): void {
  ${handler ? "signal(SIGUSR1, onSignal);" : ""}
  const sfd = ${shared ? "socket(DOMAIN, SOCK_DGRAM)" : "-1"};
  ${shared ? "bind(sfd, C);" : ""}
  const pid = fork();
  if (pid === 0) {
    child(sfd);
    ${handler && kills ? "kill(getppid(), SIGUSR1);" : ""}
    _exit(0);
  }
  parent(sfd);
  waitpid(pid);
}
`));

// Random programs that may wait for ever (LANGUAGE.md §4 "livelock"): a worker, a thread or a forked
// child, does some work of its own, then busy-waits or polls on a flag that its creator may set (a
// child never sees it: fork copies the globals), while the creator sets it or not, then joins,
// polls the child's exit or spins on a flag of its own; for the law that the partial-order reduction
// finds the same livelocks (a private step that starts a wait is explored alone).
const workerPre = fc.constantFrom("other = 1;", "write(1, \"w\\n\");", "spare++;", "");
const workerWait = fc.constantFrom(
  "while (flag === 0) {}",
  "while (flag === 0) { sleep(1); }",
  "for (let k = 0; k < 2 && flag === 0; k++) {}",
  "while (flag === 0) { spare++; if (spare > 3) { break; } }",
);
const creatorSet = fc.constantFrom("flag = 1;", "", "if (nondet(0, 1) === 1) { flag = 1; }", "write(1, \"m\\n\"); flag = 1;");
const threadEnd = fc.constantFrom("pthread_join(t);", "while (other === 0) {}", "", "flag = 1; pthread_join(t);");
const childEnd = fc.constantFrom("while (waitpid(pid, WNOHANG) === 0) {}", "waitpid(pid);", "", "while (other === 0) {}");

export const livelockProgramArbitrary = fc
  .record({
    threads: fc.boolean(),
    pre: fc.array(workerPre, { maxLength: 2 }),
    wait: workerWait,
    post: fc.constantFrom("other = 2;", "", "write(1, \"done\\n\");"),
    set: creatorSet,
    before: fc.array(fc.constantFrom("spare = 2;", "write(1, \"c\\n\");"), { maxLength: 2 }),
    threadEnd,
    childEnd,
  })
  .map(({ threads, pre, wait, post, set, before, threadEnd: tEnd, childEnd: cEnd }) => `import { fork, waitpid, _exit, pthread_create, pthread_join, write, sleep, nondet, WNOHANG } from "ipcheck";

let flag = 0;
let other = 0;
let spare = 0;

function worker(i: number): void {
  ${pre.join(" ")}
  ${wait}
  ${post}
}

export function main(): void {
  ${threads ? "const t = pthread_create(worker, 0);" : "const pid = fork();\n  if (pid === 0) {\n    worker(0);\n    _exit(0);\n  }"}
  ${before.join(" ")}
  ${set}
  ${threads ? tEnd : cEnd}
}
`);

// Random programs that wait for signals (pause() and sigsuspend(): semantics/signals.ts enters them
// with the signal they take): handlers installed with signal() or sigaction() (masks, SA_RESETHAND)
// or signals ignored, a mask set before forking, children (or a thread) sending signals, and the
// parent waiting with pause(), sigsuspend() of a random mask, once or in a loop on a flag; for the
// law that entering the wait with its signal finds what entering it in a step of its own finds.
const waitSig = fc.constantFrom("SIGUSR1", "SIGUSR2", "SIGTERM", "SIGCHLD");
const waitSet = fc.subarray(["SIGUSR1", "SIGUSR2", "SIGTERM"]).map((sigs) => sigs.reduce((set, s) => `sigaddset(${set}, ${s})`, "sigemptyset()"));
const disposition = fc.oneof(
  fc.tuple(fc.constantFrom("SIGUSR1", "SIGUSR2"), fc.constantFrom("onSig", "onOther")).map(([s, h]) => `signal(${s}, ${h});`),
  fc.tuple(fc.constantFrom("SIGUSR1", "SIGUSR2", "SIGTERM"), waitSet, fc.constantFrom("0", "SA_RESETHAND", "SA_RESTART")).map(
    ([s, mask, flags]) => `sigaction(${s}, { handler: onSig, mask: ${mask}, flags: ${flags} });`,
  ),
  fc.constantFrom("signal(SIGUSR2, SIG_IGN);", "signal(SIGCHLD, onOther);"),
);
const sender = fc.array(waitSig.map((s) => `kill(getppid(), ${s});`), { minLength: 1, maxLength: 2 });
const waiter = fc.tuple(fc.constantFrom("pause();", "sigsuspend(old);", "sigsuspend(SET);"), fc.constantFrom("once", "loop", "twice")).map(([call, how]) =>
  how === "once" ? call : how === "twice" ? `${call} ${call}` : `while (flag === 0) { ${call} }`,
);

export const signalWaitProgramArbitrary = fc
  .record({
    dispositions: fc.array(disposition, { minLength: 1, maxLength: 3 }),
    blocked: waitSet,
    set: waitSet,
    children: fc.array(sender, { minLength: 1, maxLength: 2 }),
    wait: waiter,
    thread: fc.boolean(),
    checks: fc.constantFrom("", "assert(count < 2, \"count \" + String(count));", "assert(flag === 1, \"woken by onSig\");"),
  })
  .map(({ dispositions, blocked, set, children, wait, thread, checks }) => `import {
  signal, sigaction, sigprocmask, sigsuspend, sigemptyset, sigaddset, pause, kill, getpid, getppid, fork, wait, _exit,
  pthread_create, pthread_join, assert, SIGUSR1, SIGUSR2, SIGTERM, SIGCHLD, SIG_BLOCK, SIG_IGN, SA_RESETHAND, SA_RESTART,
} from "ipcheck";

let flag = 0;
let count = 0;
const SET = ${set};

function onSig(signum: number): void {
  flag = 1;
  count++;
}

function onOther(signum: number): void {
  count++;
}

let old = sigemptyset();

function waiter(arg: number): void {
  ${wait}
}

export function main(): void {
  ${dispositions.join("\n  ")}
  old = sigprocmask(SIG_BLOCK, ${blocked});
${children.map((body) => `  if (fork() === 0) {\n    ${body.join(" ")}\n    _exit(0);\n  }`).join("\n")}
  ${thread ? "const t = pthread_create(waiter, 0);\n  kill(getpid(), SIGUSR1);\n  pthread_join(t);" : "waiter(0);"}
  ${checks}
${children.map(() => "  wait();").join("\n")}
}
`);

// Random programs whose children end in some order and are reaped in another (zombies.ts compacts
// the zombies' pids where no one may name them): children that exit with a status, signal their
// parent first or not; a parent that keeps their pids or not, reaps with wait(), waitpid() of one
// child or WNOHANG polls, reads wstatus(), kills a child that may be gone (ESRCH), or keeps its own
// pid for the children to compare with getppid().
const childEndStmt = fc.constantFrom("_exit(0);", "_exit(1);", "kill(getppid(), SIGUSR1); _exit(0);", "_exit(2);");
const reapAny = [
  "wait();",
  "wait(); assert(wstatus() !== 2, \"a child exited with 2\");",
  "while (waitpid(-1, WNOHANG) === 0) {}",
  "if (got > 0) { wait(); }",
];
const reapNamed = [
  "last = wait();",
  "waitpid(pids[0]);",
  "waitpid(pids[1]);",
  "if (kill(pids[0], 0) === -1) { gone++; }",
  "if (kill(pids[1], 0) === -1) { gone++; }",
  "assert(last !== pids[1], \"reaped the second child\");",
];

export const zombieProgramArbitrary = fc
  .record({
    children: fc.array(childEndStmt, { minLength: 2, maxLength: 3 }),
    keepsPids: fc.boolean(),
    keepsOwn: fc.boolean(),
    handler: fc.boolean(),
  })
  .chain((r) => fc.array(fc.constantFrom(...reapAny, ...(r.keepsPids ? reapNamed : [])), { minLength: 1, maxLength: 4 }).map((reaps) => ({ ...r, reaps })))
  .map(({ children, keepsPids, reaps, keepsOwn, handler }) => `import {
  fork, wait, waitpid, wstatus, kill, getpid, getppid, signal, _exit, assert, SIGUSR1, WNOHANG,
} from "ipcheck";

let got = 0;
let gone = 0;
let last = 0;
let me = 0;
const pids = [0, 0, 0];

function onUsr1(signum: number): void {
  got++;
}

export function main(): void {
  ${handler ? "signal(SIGUSR1, onUsr1);" : ""}
  ${keepsOwn ? "me = getpid();" : ""}
${children.map((end, i) => `  ${keepsPids ? `pids[${i}] = fork();\n  if (pids[${i}] === 0) {` : "if (fork() === 0) {"}\n    ${keepsOwn ? "assert(getppid() === me, \"my parent\");" : ""}\n    ${end}\n  }`).join("\n")}
  ${reaps.join("\n  ")}
  assert(gone < 2, "two children gone");
  ${children.map(() => "waitpid(-1, WNOHANG);").join(" ")}
}
`);
