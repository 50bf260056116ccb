// Programs are the fixtures (STYLE.md): every program under examples/ has one row here that pins its
// verdict, the exact set of rule ids it reports, its exit code, its state count (the search is
// deterministic) and, for violations, the key steps of the counterexample traces. Each program's
// header (`// expect:` and `// expect-not:`, the acceptance format) must agree with what it gives.
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { checkFile } from "../src/cli/check-file.js";
import type { TraceStep } from "../src/explorer/trace.js";
import { EXIT_CODES, type Finding } from "../src/report/result.js";
import { RULE_IDS, type RuleId } from "../src/rules/rule-ids.js";
import { EXAMPLE_SETTINGS } from "./check-source.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const examplesDir = join(root, "examples");

const settings = EXAMPLE_SETTINGS;

type Text = string | RegExp;

/** One step of a trace: each given field must match (a string is a substring; `effect` matches one of its items). */
interface StepPattern {
  readonly actor?: Text;
  readonly kind?: TraceStep["kind"];
  readonly text?: Text;
  readonly effect?: Text;
}

/** Some finding of `rule` has a message matching `message`, these `steps` in this order (others may
 *  come between), and ends with `last`. */
interface FindingPattern {
  readonly rule: RuleId;
  readonly message?: Text;
  readonly steps?: readonly StepPattern[];
  readonly last?: StepPattern;
}

interface Row {
  /** the path under examples/ */
  readonly file: string;
  readonly verdict: "clean" | "violations";
  /** the exact rule ids reported, sorted */
  readonly rules: readonly RuleId[];
  readonly exit: 0 | 1;
  /** the number of states explored, pinned as the checker gives it */
  readonly states: number;
  /** the number explored without partial-order reduction (--no-por), where it differs */
  readonly unreduced?: number;
  readonly findings?: readonly FindingPattern[];
}

const main = /^pid 1$/;

const rows: readonly Row[] = [
  // LANGUAGE.md §5, the signal and process rows
  {
    file: "signals/handler-race-counter.ts",
    verdict: "violations",
    rules: ["signal-race"],
    exit: 1,
    states: 20,
    findings: [
      {
        rule: "signal-race",
        message: /handler's `tickets\+\+` .* between the read and the write of `tickets -= 1`/,
        steps: [
          { actor: main, text: "(read tickets)" },
          { kind: "environment", text: "the user sends SIGUSR1 to pid 1" },
          { actor: main, kind: "deliver", text: "SIGUSR1 delivered" },
          { actor: "in handler(SIGUSR1)", text: "(read tickets)" },
        ],
      },
    ],
  },
  { file: "signals/handler-race-counter-blocked.ts", verdict: "clean", rules: [], exit: 0, states: 19 },
  {
    file: "signals/alarm-ticks-stdio-in-handler.ts",
    verdict: "violations",
    rules: ["unsafe-handler-call"],
    exit: 1,
    states: 32, unreduced: 35,
    findings: [
      {
        rule: "unsafe-handler-call",
        message: /^console\.log\(\) is not async-signal-safe, but the SIGALRM handler calls it/,
        steps: [{ actor: "pid 1 (timer)", kind: "alarm", text: "the alarm expires: SIGALRM" }, { kind: "deliver", text: "SIGALRM delivered" }],
        last: { actor: "pid 1 in handler(SIGALRM)", text: /^console\.log\(/, effect: 'prints "timer: 4 ticks\\n"' },
      },
      {
        rule: "unsafe-handler-call",
        message: /^exit\(\) is not async-signal-safe, but the SIGALRM handler calls it/,
        last: { actor: "pid 1 in handler(SIGALRM)", text: "exit(0)" },
      },
    ],
  },
  { file: "signals/alarm-ticks-safe-calls.ts", verdict: "clean", rules: [], exit: 0, states: 31, unreduced: 34 },
  {
    file: "signals/kill-child-before-handler.ts",
    verdict: "violations",
    rules: ["killed-by-signal"],
    exit: 1,
    states: 19,
    findings: [
      {
        rule: "killed-by-signal",
        message: /^pid 2 was killed by SIGUSR1 \(its default action\)/,
        steps: [{ actor: main, text: "kill(child, SIGUSR1)", effect: "pending of pid 2: +SIGUSR1" }],
        last: { actor: /^pid 2$/, kind: "deliver", text: "SIGUSR1 delivered", effect: "pid 2 killed by SIGUSR1" },
      },
    ],
  },
  {
    file: "signals/counted-signals-lost.ts",
    verdict: "violations",
    rules: ["assertion", "signal-lost"],
    exit: 1,
    states: 175, unreduced: 211,
    findings: [
      {
        rule: "signal-lost",
        message: /^SIGUSR2 was sent to pid 1 while one was already pending there/,
        steps: [{ actor: /^pid 2$/, text: "kill(getppid(), SIGUSR2)", effect: "pending of pid 1: +SIGUSR2" }],
        last: { actor: /^pid 2$/, text: "kill(getppid(), SIGUSR2)", effect: "SIGUSR2 lost: already pending in pid 1" },
      },
      {
        rule: "assertion",
        message: /^assertion failed: the parent saw [0-3] of 4 jobs done$/,
        steps: [{ effect: "SIGUSR2 lost: already pending in pid 1" }, { actor: main, text: "waitpid(child)", effect: "pid 2 reaped" }],
        last: { actor: main, text: /^assert\(done === JOBS/ },
      },
    ],
  },
  {
    file: "signals/pause-lost-wakeup.ts",
    verdict: "violations",
    rules: ["deadlock"],
    exit: 1,
    states: 35,
    findings: [
      {
        rule: "deadlock",
        message: /pid 1 waits in pause\(\) \(line 19\) for a signal that can no longer come/,
        steps: [
          { actor: main, text: "(read ready)", effect: "reads ready = 0" },
          { actor: /^pid 2$/, text: "kill(getppid(), SIGUSR1)" },
          { actor: "pid 1 in handler(SIGUSR1)", effect: "ready (pid 1): 0 → 1" },
          { actor: main, text: "pause()", effect: "pid 1 waits in pause()" },
        ],
      },
    ],
  },
  { file: "signals/pause-wakeup-from-user.ts", verdict: "clean", rules: [], exit: 0, states: 19 },
  { file: "signals/sigsuspend-wakeup.ts", verdict: "clean", rules: [], exit: 0, states: 20, unreduced: 25 },
  {
    file: "signals/two-handlers-one-global.ts",
    verdict: "violations",
    rules: ["signal-race"],
    exit: 1,
    states: 113,
    findings: [
      {
        // the SIGINT handler inside the SIGTERM handler's read and write of events: +10 overwrites +1
        rule: "signal-race",
        message: /^the SIGINT handler's .* in onTerminate\(\)/,
        steps: [
          { actor: "pid 1 in handler(SIGTERM)", text: "(read events)" },
          { actor: "pid 1 in handler(SIGTERM)", kind: "deliver", text: "SIGINT delivered" },
          { actor: "pid 1 in handler(SIGINT)", text: "(read events)" },
        ],
      },
      {
        rule: "signal-race",
        message: /^the SIGTERM handler's .* in onInterrupt\(\)/,
        steps: [
          { actor: "pid 1 in handler(SIGINT)", text: "(read events)" },
          { actor: "pid 1 in handler(SIGINT)", kind: "deliver", text: "SIGTERM delivered" },
          { actor: "pid 1 in handler(SIGTERM)", text: "(read events)" },
        ],
      },
    ],
  },
  { file: "signals/two-handlers-masked.ts", verdict: "clean", rules: [], exit: 0, states: 69 },
  {
    file: "processes/fork-copies-globals.ts",
    verdict: "violations",
    rules: ["assertion"],
    exit: 1,
    states: 7,
    findings: [
      {
        rule: "assertion",
        message: "assertion failed: the parent still sees answer = -1",
        steps: [
          { actor: /^pid 2$/, effect: "answer (pid 2): -1 → 49" },
          { actor: main, text: "waitpid(child)", effect: "pid 2 reaped" },
          { actor: main, effect: "reads answer = -1" },
        ],
        last: { actor: main, text: /^assert\(answer === 49/ },
      },
    ],
  },

  // more signal and process semantics
  {
    file: "signals/resethand-second-signal-kills.ts",
    verdict: "violations",
    rules: ["killed-by-signal"],
    exit: 1,
    states: 7,
    findings: [
      {
        rule: "killed-by-signal",
        message: /^pid 1 was killed by SIGUSR1 \(its default action\)/,
        steps: [
          { actor: main, text: "raise(SIGUSR1)", effect: "SIGUSR1 of pid 1: SIG_DFL" },
          { actor: "pid 1 in handler(SIGUSR1)", text: 'write(1, "handled once\\n")' },
          { actor: main, text: 'write(1, "first\\n")' },
        ],
        last: { actor: main, text: "raise(SIGUSR1)", effect: "pid 1 killed by SIGUSR1" },
      },
    ],
  },
  {
    file: "signals/sig-atomic-assign-update.ts",
    verdict: "violations",
    rules: ["signal-race"],
    exit: 1,
    states: 17,
    findings: [
      {
        rule: "signal-race",
        message: /handler's `heartbeats = 0` .* writes `heartbeats` between the read and the write of `heartbeats = heartbeats \+ 1`/,
        steps: [
          { actor: main, text: "(read heartbeats)" },
          { actor: main, kind: "deliver", text: "SIGHUP delivered" },
        ],
        last: { actor: "pid 1 in handler(SIGHUP)", text: "(write heartbeats)" },
      },
    ],
  },
  { file: "signals/raise-then-update.ts", verdict: "clean", rules: [], exit: 0, states: 9 },
  { file: "signals/resethand-reinstalled.ts", verdict: "clean", rules: [], exit: 0, states: 12 },
  { file: "signals/sig-ign-inherited-by-child.ts", verdict: "clean", rules: [], exit: 0, states: 12, unreduced: 13 },
  { file: "signals/sig-ign-discards-pending.ts", verdict: "clean", rules: [], exit: 0, states: 13 },
  { file: "signals/raise-delivers-before-return.ts", verdict: "clean", rules: [], exit: 0, states: 19 },
  {
    file: "signals/sleep-cut-short.ts",
    verdict: "violations",
    rules: ["assertion"],
    exit: 1,
    states: 49,
    findings: [
      {
        rule: "assertion",
        message: "assertion failed: sleep() was cut short with 10 s left",
        steps: [
          { actor: main, text: "sleep(10)", effect: "pid 1 sleeps" },
          { actor: /^pid 2$/, text: "kill(getppid(), SIGUSR1)" },
          { actor: main, kind: "deliver", text: "SIGUSR1 delivered" },
          { actor: "pid 1 in handler(SIGUSR1)", effect: "the interrupted sleep() returns 10" },
        ],
        last: { actor: main, text: /^assert\(left === 0/ },
      },
    ],
  },
  { file: "signals/sleep-resumed-after-handler.ts", verdict: "clean", rules: [], exit: 0, states: 47 },
  {
    file: "signals/errno-clobbered-by-handler.ts",
    verdict: "violations",
    rules: ["assertion"],
    exit: 1,
    states: 31,
    findings: [
      {
        rule: "assertion",
        message: "assertion failed: wait() failed with errno 3, expected ECHILD",
        steps: [
          { actor: main, text: "wait()", effect: "errno of pid 1: ECHILD" },
          { kind: "environment", text: "the user sends SIGUSR1 to pid 1" },
          { actor: "pid 1 in handler(SIGUSR1)", text: "kill(worker, 0)", effect: "errno of pid 1: ESRCH" },
          { actor: main, text: "errno()", effect: "errno() returns 3" },
        ],
      },
    ],
  },
  { file: "signals/errno-saved-by-handler.ts", verdict: "clean", rules: [], exit: 0, states: 35 },
  { file: "signals/nondet-signal-choice.ts", verdict: "clean", rules: [], exit: 0, states: 61, unreduced: 63 },
  { file: "processes/waitpid-wnohang-poll.ts", verdict: "clean", rules: [], exit: 0, states: 15 },
  {
    file: "processes/waitpid-wnohang-once.ts",
    verdict: "violations",
    rules: ["assertion"],
    exit: 1,
    states: 8,
    findings: [
      {
        rule: "assertion",
        message: "assertion failed: waitpid(WNOHANG) returned 0: the child was still running",
        steps: [{ actor: main, text: "waitpid(child, WNOHANG)", effect: "waitpid() returns 0" }],
      },
    ],
  },
  { file: "processes/kill-after-reap.ts", verdict: "clean", rules: [], exit: 0, states: 12 },

  // pipes (LANGUAGE.md §3 "Descriptors"; the §5 pipe rows)
  {
    file: "pipes/reader-keeps-write-end.ts",
    verdict: "violations",
    rules: ["deadlock"],
    exit: 1,
    states: 8,
    findings: [
      {
        rule: "deadlock",
        message:
          /^deadlock: pid 1 waits in waitpid\(\) \(line 23\) for a child to end: pid 2, which is itself blocked in read\(\); pid 2 blocks in read\(fd 3\) \(line 15\): pipe #1 is empty and its write end is still open in pid 2 itself \(fd 4\)$/,
        steps: [
          { actor: main, text: "fork()", effect: "pid 2 created" },
          { actor: main, text: 'write(toChild, "hi")', effect: 'pipe #1: "" → "hi"' },
          { actor: main, text: "close(toChild)", effect: "fd 4 of pid 1: closed" },
        ],
        last: { actor: /^pid 2$/, text: "read(fromParent, 8)", effect: 'read() returns "hi"' },
      },
    ],
  },
  { file: "pipes/reader-closes-write-end.ts", verdict: "clean", rules: [], exit: 0, states: 17 },
  { file: "pipes/producer-consumer.ts", verdict: "clean", rules: [], exit: 0, states: 50 },
  {
    file: "pipes/writer-killed-by-sigpipe.ts",
    verdict: "violations",
    rules: ["killed-by-signal"],
    exit: 1,
    states: 30,
    findings: [
      {
        rule: "killed-by-signal",
        message: /^pid 2 was killed by SIGPIPE \(its default action\) in `write\(tx, "y\\n"\)`/,
        steps: [
          { actor: /^pid 2$/, text: 'write(tx, "y\\n")', effect: 'pipe #1: "" → "y\\n"' },
          { actor: main, text: "read(rx, 2)", effect: 'read() returns "y\\n"' },
          { actor: main, text: "close(rx)", effect: "fd 3 of pid 1: closed" },
        ],
        last: { actor: /^pid 2$/, text: 'write(tx, "y\\n")', effect: "pid 2 killed by SIGPIPE" },
      },
    ],
  },
  { file: "pipes/sigpipe-ignored-epipe.ts", verdict: "clean", rules: [], exit: 0, states: 44 },
  { file: "pipes/nonblocking-read-empty.ts", verdict: "clean", rules: [], exit: 0, states: 30, unreduced: 34 },
  { file: "pipes/two-writers-whole-messages.ts", verdict: "clean", rules: [], exit: 0, states: 99 },
  {
    file: "pipes/two-writers-torn-messages.ts",
    verdict: "violations",
    rules: ["assertion"],
    exit: 1,
    states: 113, unreduced: 117,
    findings: [
      {
        // pipeBuf 4, pipeCapacity 8: the first writer's 10 bytes go in 8 then 2, and the second writer's 8 come between
        rule: "assertion",
        message: "assertion failed: message torn: AAAAAAAABB",
        steps: [
          { actor: /^pid 2$/, text: 'write(tx, "AAAAAAAAAA")', effect: 'pipe #1: "" → "AAAAAAAA"' },
          { actor: main, effect: 'read() returns "AAAAAAAA"' },
          { actor: /^pid 3$/, text: 'write(tx, "BBBBBBBBBB")', effect: 'pipe #1: "" → "BBBBBBBB"' },
          { actor: main, effect: 'read() returns "BB"' },
        ],
        last: { actor: main, text: /^assert\(msg === "AAAAAAAAAA"/ },
      },
    ],
  },
  {
    file: "pipes/read-interrupted-eintr.ts",
    verdict: "violations",
    rules: ["assertion"],
    exit: 1,
    states: 89, unreduced: 92,
    findings: [
      {
        rule: "assertion",
        message: "assertion failed: read failed with errno 4 (EINTR)",
        steps: [
          { actor: main, text: "close(tx)" },
          { actor: /^pid 2$/, text: "kill(getppid(), SIGUSR1)", effect: "pending of pid 1: +SIGUSR1" },
          { actor: main, kind: "deliver", text: "SIGUSR1 delivered" },
          { actor: "pid 1 in handler(SIGUSR1)", effect: "the interrupted read() returns null (EINTR)" },
        ],
        last: { actor: main, text: /^assert\(got !== null/ },
      },
    ],
  },
  { file: "pipes/read-restarted-sa-restart.ts", verdict: "clean", rules: [], exit: 0, states: 54 },

  // FIFOs, sockets, message queues and RPC (LANGUAGE.md §3 "Descriptors"; the §5 message-passing and RPC rows)
  { file: "fifos/open-order-matched.ts", verdict: "clean", rules: [], exit: 0, states: 72 },
  {
    file: "fifos/open-order-crossed.ts",
    verdict: "violations",
    rules: ["deadlock"],
    exit: 1,
    states: 8,
    findings: [
      {
        rule: "deadlock",
        message:
          /^deadlock: pid 1 blocks in open\("\/tmp\/calc_replies", O_RDONLY\) \(line 22\): no process has the FIFO open for writing, nor is opening it so; pid 2 blocks in open\("\/tmp\/calc_requests", O_RDONLY\) \(line 14\): no process has the FIFO open for writing/,
        steps: [
          { actor: main, text: "fork()", effect: "pid 2 created" },
          { actor: main, text: "open(REPLIES, O_RDONLY)" },
        ],
        last: { actor: /^pid 2$/, text: "open(REQUESTS, O_RDONLY)" },
      },
    ],
  },
  {
    file: "sockets/connect-before-listen.ts",
    verdict: "violations",
    rules: ["assertion"],
    exit: 1,
    states: 39, unreduced: 42,
    findings: [
      {
        rule: "assertion",
        message: "assertion failed: connect to the log daemon failed with errno 111",
        steps: [
          { actor: main, text: "bind(listener, LOG_PATH)", effect: "bind() returns 0" },
          { actor: main, text: "fork()", effect: "pid 2 created" },
          { actor: /^pid 2$/, text: "connect(fd, LOG_PATH)", effect: "connect() returns -1 (ECONNREFUSED)" },
        ],
        last: { actor: /^pid 2$/, text: /^assert\(rc === 0/ },
      },
    ],
  },
  { file: "sockets/connect-retry-after-sleep.ts", verdict: "clean", rules: [], exit: 0, states: 129 },
  {
    file: "sockets/accept-after-clients-gone.ts",
    verdict: "violations",
    rules: ["deadlock"],
    exit: 1,
    states: 23,
    findings: [
      {
        rule: "deadlock",
        message: /^deadlock: pid 1 blocks in accept\(fd 3\) \(line 31\): no connection is waiting and no process will connect any more$/,
        steps: [
          { actor: /^pid 2$/, text: "connect(fd, ECHO_PATH)", effect: "connect() returns 0" },
          { actor: main, text: "accept(listener)", effect: "accept() returns 4" },
          { actor: main, text: "recv(conn, 8)", effect: 'recv() returns "hey"' },
          { actor: main, text: "close(conn)" },
          { actor: /^pid 2$/, text: "recv(fd, 8)", effect: 'recv() returns "hey"' },
        ],
        last: { actor: /^pid 2$/, text: "_exit(0)", effect: "pid 2 exits with status 0" },
      },
    ],
  },
  { file: "sockets/accept-until-sigterm.ts", verdict: "clean", rules: [], exit: 0, states: 346, unreduced: 365 },
  { file: "sockets/socketpair-ping-pong.ts", verdict: "clean", rules: [], exit: 0, states: 28 },
  { file: "sockets/unix-datagram-exchange.ts", verdict: "clean", rules: [], exit: 0, states: 104, unreduced: 140 },
  { file: "queues/priority-jobs.ts", verdict: "clean", rules: [], exit: 0, states: 70 },
  {
    file: "rpc/retry-counter-not-idempotent.ts",
    verdict: "violations",
    rules: ["assertion"],
    exit: 1,
    states: 2263, unreduced: 4284,
    findings: [
      {
        // the shortest run: the network duplicates the request (with reordering, at the send) and the
        // server runs takeTicket for each copy
        rule: "assertion",
        message: "assertion failed: takeTicket ran 2 times for request r1",
        steps: [
          { actor: main, text: 'sendto(fd, "r1", TICKETS_PORT)', effect: 'the datagram "r1" from port 5301 to port 5300 is duplicated' },
          { actor: /^pid 2$/, text: "bind(fd, TICKETS_PORT)" },
          { kind: "network", text: 'the datagram "r1" from port 5301 to port 5300 arrives' },
          { actor: /^pid 2$/, text: "recvfrom(fd, 8)" },
          { actor: /^pid 2$/, effect: "served (pid 2): 0 → 1" },
          { kind: "network", text: 'the datagram "r1" from port 5301 to port 5300 arrives' },
          { actor: /^pid 2$/, text: "recvfrom(fd, 8)" },
          { actor: /^pid 2$/, effect: "served (pid 2): 1 → 2" },
        ],
        last: { actor: /^pid 2$/, text: /^assert\(served <= 1/ },
      },
    ],
  },
  { file: "rpc/retry-counter-dedup.ts", verdict: "clean", rules: [], exit: 0, states: 4752, unreduced: 9010 },

  // the registry's examples (src/rules/*.ts `example` and `fixed`)
  {
    file: "rules/assertion.ts",
    verdict: "violations",
    rules: ["assertion"],
    exit: 1,
    states: 14, unreduced: 15,
    findings: [
      {
        rule: "assertion",
        message: "index 2 is outside the array (length 2)",
        steps: [{ actor: main, text: "wait()", effect: "wait() returns 2" }],
        last: { actor: main, text: "statuses[pid]" },
      },
    ],
  },
  {
    file: "rules/signal-race.ts",
    verdict: "violations",
    rules: ["signal-race"],
    exit: 1,
    states: 17,
    findings: [
      {
        rule: "signal-race",
        message: /between the read and the write of `total \+= 2`/,
        steps: [
          { actor: main, text: "(read total)" },
          { actor: main, kind: "deliver", text: "SIGINT delivered" },
        ],
        last: { actor: "pid 1 in handler(SIGINT)", text: "(write total)" },
      },
    ],
  },
  {
    file: "rules/livelock.ts",
    verdict: "violations",
    rules: ["livelock"],
    exit: 1,
    states: 3,
    findings: [
      {
        rule: "livelock",
        message: /^livelock: pid 2 busy-waits for ever in the loop at line 11 \(`go === 0`\)/,
        steps: [{ actor: main, text: "go = 1  (write go)", effect: "go (pid 1): 0 → 1" }],
        last: { actor: /^pid 2$/, text: "go  (read go)", effect: "reads go = 0" },
      },
    ],
  },
  { file: "rules/livelock-fixed.ts", verdict: "clean", rules: [], exit: 0, states: 16 },
  {
    file: "rules/data-race.ts",
    verdict: "violations",
    rules: ["assertion", "data-race"],
    exit: 1,
    states: 42, unreduced: 53,
    findings: [
      {
        rule: "data-race",
        message: /^data race on `sold`: `sold \+= arg` \(line 9, a (read|write)\) in pid 1\/thread \d and `sold \+= arg` \(line 9, a (read|write)\) in pid 1\/thread \d/,
      },
      { rule: "assertion", message: /^assertion failed: sold [23] tickets, 5 expected$/ },
    ],
  },
  { file: "rules/data-race-fixed.ts", verdict: "clean", rules: [], exit: 0, states: 35, unreduced: 47 },
  {
    file: "rules/mutex-misuse.ts",
    verdict: "violations",
    rules: ["mutex-misuse"],
    exit: 1,
    states: 9,
    findings: [{ rule: "mutex-misuse", message: "thread 1 unlocks vault, which is not locked" }],
  },
  { file: "rules/mutex-misuse-fixed.ts", verdict: "clean", rules: [], exit: 0, states: 8 },
  { file: "rules/assertion-fixed.ts", verdict: "clean", rules: [], exit: 0, states: 42, unreduced: 48 },
  {
    file: "rules/deadlock.ts",
    verdict: "violations",
    rules: ["deadlock"],
    exit: 1,
    states: 5,
    findings: [
      {
        rule: "deadlock",
        message: /pid 1 waits in waitpid\(\) \(line 25\) for a child to end: pid 2, which is itself blocked in sigsuspend\(\); pid 2 waits in sigsuspend\(\)/,
        last: { actor: /^pid 2$/, text: "sigsuspend(open)", effect: "pid 2 waits in sigsuspend()" },
      },
    ],
  },
  { file: "rules/deadlock-fixed.ts", verdict: "clean", rules: [], exit: 0, states: 13, unreduced: 15 },
  {
    file: "rules/killed-by-signal.ts",
    verdict: "violations",
    rules: ["killed-by-signal"],
    exit: 1,
    states: 23,
    findings: [
      {
        rule: "killed-by-signal",
        message: /^pid 1 was killed by SIGALRM \(its default action\) at `waitpid\(child\)`/,
        steps: [{ actor: main, text: "alarm(2)" }, { actor: "pid 1 (timer)", kind: "alarm", text: "the alarm expires: SIGALRM" }],
        last: { actor: main, kind: "deliver", text: "SIGALRM delivered", effect: "pid 1 killed by SIGALRM" },
      },
    ],
  },
  { file: "rules/killed-by-signal-fixed.ts", verdict: "clean", rules: [], exit: 0, states: 40 },
  {
    file: "rules/signal-lost.ts",
    verdict: "violations",
    rules: ["signal-lost"],
    exit: 1,
    states: 41, unreduced: 47,
    findings: [
      {
        rule: "signal-lost",
        message: /^SIGUSR1 was sent to pid 1 while one was already pending there/,
        steps: [{ actor: /^pid 2$/, text: "kill(getppid(), SIGUSR1)", effect: "pending of pid 1: +SIGUSR1" }],
        last: { actor: /^pid 2$/, text: "kill(getppid(), SIGUSR1)", effect: "SIGUSR1 lost: already pending in pid 1" },
      },
    ],
  },
  { file: "rules/signal-lost-fixed.ts", verdict: "clean", rules: [], exit: 0, states: 38, unreduced: 69 },
  { file: "rules/signal-race-fixed.ts", verdict: "clean", rules: [], exit: 0, states: 22 },
  {
    file: "rules/unsafe-handler-call.ts",
    verdict: "violations",
    rules: ["unsafe-handler-call"],
    exit: 1,
    states: 14,
    findings: [
      {
        rule: "unsafe-handler-call",
        message: /^printf\(\) is not async-signal-safe, but the SIGTERM handler calls it/,
        steps: [{ kind: "environment", text: "the user sends SIGTERM to pid 1" }, { kind: "deliver", text: "SIGTERM delivered" }],
        last: { actor: "pid 1 in handler(SIGTERM)", text: 'printf("%s\\n", text)' },
      },
    ],
  },
  { file: "rules/unsafe-handler-call-fixed.ts", verdict: "clean", rules: [], exit: 0, states: 24 },
  // LANGUAGE.md §5, the shared-memory and thread rows
  {
    file: "shared-memory/ring-buffer-plain.ts",
    verdict: "violations",
    rules: ["data-race"],
    exit: 1,
    states: 92, unreduced: 104,
    findings: [
      {
        rule: "data-race",
        message: /^data race on slot 0 of a shared-memory segment: `ring\[HEAD\]` \(line 31, a read\) in pid 1 and `ring\[HEAD\] = \(ring\[HEAD\] \+ 1\) % RING` \(line 25, a write\) in pid 2/,
        steps: [{ actor: main, text: "fork()" }, { actor: /^pid 2$/, text: "ring[DATA + ring[HEAD]] = 7 * k" }],
        last: { text: /^ring\[HEAD\]/ },
      },
      {
        // LANGUAGE.md §5: the buffer slots race too, behind the race on the indices
        rule: "data-race",
        message: /^data race on slot 1 of a shared-memory segment: `ring\[TAIL\]` \(line 21, a read\) and `ring\[TAIL\] = \(ring\[TAIL\] \+ 1\) % RING` \(line 35, a write\) are not ordered/,
      },
      {
        rule: "data-race",
        message: /^data race on slot 2 of a shared-memory segment: `ring\[DATA \+ ring\[HEAD\]\] = 7 \* k` \(line 24, a write\) and `ring\[DATA \+ ring\[TAIL\]\]` \(line 34, a read\) are not ordered/,
        last: { actor: main, text: /^ring\[DATA \+ ring\[TAIL\]\]/ },
      },
    ],
  },
  { file: "shared-memory/ring-buffer-atomics.ts", verdict: "clean", rules: [], exit: 0, states: 80, unreduced: 90 },
  {
    file: "shared-memory/sysv-counter-racy.ts",
    verdict: "violations",
    rules: ["assertion", "data-race"],
    exit: 1,
    states: 87,
    findings: [
      {
        rule: "data-race",
        message: /^data race on slot 0 of a shared-memory segment: `hits\[0\]\+\+` \(line 12, a write\) in pid 1 and `hits\[0\]\+\+` \(line 12, a read\) in pid 2/,
        steps: [{ actor: main, text: "fork()" }, { actor: main, text: "hits[0]++" }],
        last: { actor: /^pid 2$/, text: "hits[0]++" },
      },
      {
        rule: "assertion",
        message: "assertion failed: hits is 3 after both processes counted 2 each",
        steps: [
          { actor: main, text: "fork()" },
          { actor: /^pid 2$/, text: "hits[0]++" },
          { actor: /^pid 2$/, text: "_exit(0)" },
          { actor: main, text: "waitpid(child)", effect: "pid 2 reaped" },
        ],
        last: { actor: main, text: /^assert\(hits\[0\] === 2 \* ROUNDS/ },
      },
    ],
  },
  { file: "shared-memory/sysv-counter-named-sem.ts", verdict: "clean", rules: [], exit: 0, states: 63 },
  {
    file: "threads/tally-unlocked.ts",
    verdict: "violations",
    rules: ["assertion", "data-race"],
    exit: 1,
    states: 113, unreduced: 129,
    findings: [
      {
        rule: "data-race",
        message: /^data race on `tally`: `tally\+\+` \(line 10, a write\) in pid 1\/thread 2 and `tally\+\+` \(line 10, a read\) in pid 1\/thread 3/,
        steps: [
          { actor: main, text: "pthread_create(bump, 2)", effect: "pid 1/thread 2 created" },
          { actor: "pid 1/thread 1", text: "pthread_create(bump, 2)", effect: "pid 1/thread 3 created" },
          { actor: "pid 1/thread 2", text: "tally++  (write tally)", effect: "tally: 0 → 1" },
        ],
        last: { actor: "pid 1/thread 3", text: "tally++  (read tally)", effect: "reads tally = 1" },
      },
      {
        rule: "assertion",
        message: "assertion failed: tally is 3 after two threads added 2 each",
        steps: [
          { actor: "pid 1/thread 2", text: "tally++  (read tally)", effect: "reads tally = 1" },
          { actor: "pid 1/thread 3", text: "tally++  (read tally)", effect: "reads tally = 1" },
          { actor: "pid 1/thread 2", text: "tally++  (write tally)", effect: "tally: 1 → 2" },
          { actor: "pid 1/thread 3", text: "tally++  (write tally)" },
          { actor: "pid 1/thread 3", text: "tally++  (write tally)", effect: "tally: 2 → 3" },
          { actor: "pid 1/thread 1", text: "pthread_join(b)" },
        ],
        last: { actor: main, text: /^assert\(tally === 4/ },
      },
    ],
  },
  {
    file: "threads/tally-unlocked-printed.ts",
    verdict: "violations",
    rules: ["data-race"],
    exit: 1,
    states: 77, unreduced: 85,
    findings: [
      {
        rule: "data-race",
        message: /^data race on `tally`: `tally\+\+` \(line 10, a write\) in pid 1\/thread 2 and `tally\+\+` \(line 10, a read\) in pid 1\/thread 3/,
        last: { actor: "pid 1/thread 3", text: "tally++  (read tally)" },
      },
    ],
  },
  { file: "threads/tally-locked.ts", verdict: "clean", rules: [], exit: 0, states: 70, unreduced: 92 },
  {
    file: "threads/transfer-lock-order.ts",
    verdict: "violations",
    rules: ["deadlock"],
    exit: 1,
    states: 62, unreduced: 84,
    findings: [
      {
        rule: "deadlock",
        message:
          "deadlock: pid 1/thread 1 waits in pthread_join() (line 32) for thread 2, which has not ended; " +
          "pid 1/thread 2 holds checkingLock and waits in pthread_mutex_lock() for savingsLock (line 13), held by thread 3; " +
          "pid 1/thread 3 holds savingsLock and waits in pthread_mutex_lock() for checkingLock (line 22), held by thread 2",
        steps: [
          { actor: "pid 1/thread 2", text: "pthread_mutex_lock(checkingLock)", effect: "pthread_mutex_lock() returns 0" },
          { actor: "pid 1/thread 3", text: "pthread_mutex_lock(savingsLock)", effect: "pthread_mutex_lock() returns 0" },
        ],
      },
    ],
  },
  { file: "threads/transfer-lock-order-fixed.ts", verdict: "clean", rules: [], exit: 0, states: 57, unreduced: 81 },
  {
    file: "threads/condvar-if-spurious.ts",
    verdict: "violations",
    rules: ["assertion"],
    exit: 1,
    states: 35,
    findings: [
      {
        rule: "assertion",
        message: "assertion failed: woke with message 0: nothing was posted yet",
        steps: [
          { actor: "pid 1/thread 2", text: "ready  (read ready)", effect: "reads ready = 0" },
          { actor: "pid 1/thread 2", text: "pthread_cond_wait(posted, box)", effect: "pid 1/thread 2 waits in pthread_cond_wait()" },
          { actor: "pid 1/thread 2", text: "wakes up spuriously" },
          { actor: "pid 1/thread 2", text: "takes the mutex back: pthread_cond_wait returns" },
          { actor: "pid 1/thread 2", text: "message  (read message)", effect: "reads message = 0" },
        ],
        last: { actor: "pid 1/thread 2", text: /^assert\(message === 99/ },
      },
    ],
  },
  { file: "threads/condvar-while.ts", verdict: "clean", rules: [], exit: 0, states: 32 },
  {
    file: "threads/unlock-not-owner.ts",
    verdict: "violations",
    rules: ["mutex-misuse"],
    exit: 1,
    states: 10,
    findings: [
      {
        rule: "mutex-misuse",
        message: "thread 2 unlocks logLock, which thread 1 holds",
        steps: [
          { actor: main, text: "pthread_mutex_lock(logLock)", effect: "pthread_mutex_lock() returns 0" },
          { actor: main, text: "pthread_create(releaser)", effect: "pid 1/thread 2 created" },
        ],
        last: { actor: "pid 1/thread 2", text: "pthread_mutex_unlock(logLock)" },
      },
    ],
  },
  { file: "threads/semaphore-handoff.ts", verdict: "clean", rules: [], exit: 0, states: 112, unreduced: 125 },
  { file: "threads/sigmask-signal-thread.ts", verdict: "clean", rules: [], exit: 0, states: 82, unreduced: 84 },
  {
    file: "threads/sigmask-worker-unblocked.ts",
    verdict: "violations",
    rules: ["data-race", "deadlock"],
    exit: 1,
    states: 170, unreduced: 172,
    findings: [
      {
        rule: "data-race",
        message: /^data race on `caught`: `caught = 1` \(line 13, a write\) in pid 1\/thread 2 and `caught` \(line 18, a read\) in pid 1\/thread 3/,
        steps: [
          { actor: "pid 1/thread 1", text: "kill(getpid(), SIGUSR1)", effect: "pending of pid 1: +SIGUSR1" },
          { actor: "pid 1/thread 2", kind: "deliver", text: "SIGUSR1 delivered" },
          { actor: "pid 1/thread 2 in handler(SIGUSR1)", text: "caught = 1  (write caught)" },
        ],
        last: { actor: "pid 1/thread 3", text: "caught  (read caught)" },
      },
      {
        rule: "deadlock",
        message:
          "deadlock: pid 1/thread 1 waits in pthread_join() (line 36) for thread 3, which has not ended; " +
          "pid 1/thread 3 waits in sigsuspend() (line 19) for a signal that can no longer come",
        steps: [
          { actor: "pid 1/thread 1", text: "kill(getpid(), SIGUSR1)", effect: "pending of pid 1: +SIGUSR1" },
          { actor: "pid 1/thread 2", kind: "deliver", text: "SIGUSR1 delivered" },
          { actor: "pid 1/thread 3", text: "caught  (read caught)", effect: "reads caught = 0" },
          { actor: "pid 1/thread 2 in handler(SIGUSR1)", text: "caught = 1  (write caught)" },
          { actor: "pid 1/thread 1", text: "pthread_join(w)", effect: "pid 1/thread 2 reaped" },
        ],
        // the stuck thread enters the sigsuspend() it waits at (the explorer has no step for it)
        last: { actor: "pid 1/thread 3", text: "sigsuspend(sigemptyset())", effect: "pid 1/thread 3 waits in sigsuspend()" },
      },
    ],
  },
];

function programs(): string[] {
  return readdirSync(examplesDir, { recursive: true, encoding: "utf8" })
    .map((p) => p.split(sep).join("/"))
    .filter((p) => p.endsWith(".ts") && !p.endsWith(".d.ts"))
    .sort();
}

/** The acceptance header: comment lines up to the first line that is neither blank nor `//`. */
function readHeader(source: string): { expect: string[][]; expectNot: string[] } {
  const expectLines: string[][] = [];
  const expectNot: string[] = [];
  for (const line of source.split("\n")) {
    const t = line.trim();
    if (t !== "" && !t.startsWith("//")) break;
    const m = /^\/\/\s*(expect|expect-not):(.*)$/.exec(t);
    if (!m) continue;
    const ids = m[2]!.split(/[\s,]+/).filter((s) => s !== "");
    if (m[1] === "expect") expectLines.push(ids);
    else expectNot.push(...ids);
  }
  return { expect: expectLines, expectNot };
}

function matches(pattern: Text | undefined, value: string): boolean {
  if (pattern === undefined) return true;
  return typeof pattern === "string" ? value.includes(pattern) : pattern.test(value);
}

function stepMatches(p: StepPattern, s: TraceStep): boolean {
  return (
    matches(p.actor, s.actor) &&
    (p.kind === undefined || p.kind === s.kind) &&
    matches(p.text, s.text) &&
    (p.effect === undefined || s.effect.some((e) => matches(p.effect, e)))
  );
}

/** Why `f` does not match `p`, or null when it does. */
function mismatch(p: FindingPattern, f: Finding): string | null {
  if (f.rule !== p.rule) return "another rule";
  if (!matches(p.message, f.message)) return `message ${JSON.stringify(f.message)}`;
  let i = 0;
  for (const [n, step] of (p.steps ?? []).entries()) {
    while (i < f.trace.length && !stepMatches(step, f.trace[i]!)) i++;
    if (i === f.trace.length) return `no step ${n + 1} ${JSON.stringify(step, (_k, v: unknown) => (v instanceof RegExp ? String(v) : v))} in order`;
    i++;
  }
  const last = f.trace[f.trace.length - 1];
  if (p.last && !(last && stepMatches(p.last, last))) return `the trace ends with ${JSON.stringify(last)}`;
  return null;
}

function showTrace(f: Finding): string {
  return [`${f.rule}: ${f.message}`, ...f.trace.map((s) => `  ${s.actor} | ${s.kind} | ${s.text} | ${s.effect.join("; ")}`)].join("\n");
}

describe("examples/", () => {
  it("pins every program in examples/, and every row names a program", () => {
    const pinned = new Set(rows.map((r) => r.file));
    const all = programs();
    expect(all.filter((p) => !pinned.has(p)), "programs with no row in test/examples.test.ts").toEqual([]);
    expect([...pinned].filter((p) => !all.includes(p)), "rows naming no program").toEqual([]);
    expect(rows.length, "one row per program").toBe(pinned.size);
  });

  it.each(rows.map((row) => [row.file, row] as const))("%s", (file, row) => {
    const result = checkFile(join(examplesDir, file), settings);
    const found = [...new Set(result.findings.map((f) => f.rule))].sort();

    expect(result.diagnostics).toEqual([]);
    expect(result.verdict).toBe(row.verdict);
    expect(found).toEqual([...row.rules].sort());
    expect(EXIT_CODES[result.verdict]).toBe(row.exit);
    expect(result.stats.complete, "the whole state space was explored").toBe(true);
    expect(result.stats.states).toBe(row.states);
    const full = checkFile(join(examplesDir, file), { ...settings, por: false });
    expect(full.stats.states, "states without partial-order reduction").toBe(row.unreduced ?? row.states);
    expect([...new Set(full.findings.map((f) => f.rule))].sort(), "the same rules without partial-order reduction").toEqual(found);

    for (const p of row.findings ?? []) {
      const candidates = result.findings.filter((f) => f.rule === p.rule);
      const why = candidates.map((f) => `${mismatch(p, f) ?? "ok"}\n${showTrace(f)}`);
      expect(candidates.some((f) => mismatch(p, f) === null), `no ${p.rule} finding matches:\n${why.join("\n\n")}`).toBe(true);
    }

    // the header agrees with the result
    const header = readHeader(readFileSync(join(examplesDir, file), "utf8"));
    expect(header.expect.length, "exactly one `// expect:` line").toBe(1);
    const expected = header.expect[0]!;
    if (expected.length === 1 && expected[0] === "clean") {
      expect(header.expectNot, "`// expect: clean` stands alone").toEqual([]);
      expect(result.verdict).toBe("clean");
      expect(result.findings).toEqual([]);
    } else {
      for (const id of [...expected, ...header.expectNot]) expect(RULE_IDS, `header rule id ${id}`).toContain(id);
      expect(expected.filter((id) => header.expectNot.includes(id)), "expected and not expected").toEqual([]);
      expect([...expected, ...header.expectNot].sort(), "expect + expect-not name all the rules of LANGUAGE.md §4").toEqual([...RULE_IDS].sort());
      expect(result.verdict).toBe("violations");
      expect(found).toEqual([...expected].sort());
    }
  });
});
