// Signal semantics (LANGUAGE.md §3), each law pinned by a small program: clean when the law holds on
// every run, a finding when a run breaks it.
import { describe, expect, it } from "vitest";
import { checkSource, outcome } from "../../../test/check-source.js";

const imports = `import {
  signal, sigaction, kill, raise, alarm, pause, sigsuspend, sleep, sigprocmask, sigemptyset, sigfillset,
  sigaddset, sigdelset, sigismember, sigpending, fork, wait, waitpid, getpid, getppid, exit, _exit, errno,
  set_errno, wstatus, assert, nondet, write, SIGUSR1, SIGUSR2, SIGINT, SIGTERM, SIGKILL, SIGSTOP, SIGCONT,
  SIGCHLD, SIGALRM, SIG_IGN, SIG_DFL, SIG_BLOCK, SIG_UNBLOCK, SIG_SETMASK, SA_RESTART, SA_NODEFER,
  SA_RESETHAND, EINTR, ESRCH, EINVAL, ECHILD, WNOHANG, type sig_atomic_t,
} from "ipcheck";
`;
const program = (body: string) => imports + body;

describe("signals", () => {
  it("raise() runs the handler before it returns", () => {
    expect(outcome(program(`
      let got: sig_atomic_t = 0;
      function h(s: number): void { got = 1; }
      export function main(): void { signal(SIGUSR1, h); raise(SIGUSR1); assert(got === 1); }`))).toBe("clean");
  });

  it("sigprocmask delivers a signal it unblocks before it returns", () => {
    expect(outcome(program(`
      let got: sig_atomic_t = 0;
      function h(s: number): void { got = 1; }
      export function main(): void {
        signal(SIGUSR1, h);
        sigprocmask(SIG_BLOCK, sigaddset(sigemptyset(), SIGUSR1));
        raise(SIGUSR1);
        assert(got === 0, "blocked: still pending");
        assert(sigismember(sigpending(), SIGUSR1) === 1);
        sigprocmask(SIG_UNBLOCK, sigaddset(sigemptyset(), SIGUSR1));
        assert(got === 1, "delivered by sigprocmask");
      }`))).toBe("clean");
  });

  it("SA_RESETHAND: the second signal finds SIG_DFL and kills", () => {
    const r = checkSource(program(`
      function h(s: number): void { write(1, "once\\n"); }
      export function main(): void {
        sigaction(SIGUSR1, { handler: h, flags: SA_RESETHAND });
        raise(SIGUSR1);
        raise(SIGUSR1);
      }`));
    expect(r.findings.map((f) => f.rule)).toEqual(["killed-by-signal"]);
    expect(r.findings[0]!.trace.at(-1)!.effect).toContain("pid 1 killed by SIGUSR1");
  });

  it("sigaction returns the previous action, which restores it", () => {
    expect(outcome(program(`
      let n: sig_atomic_t = 0;
      function h(s: number): void { n++; }
      export function main(): void {
        const old = sigaction(SIGUSR1, { handler: h });
        raise(SIGUSR1);
        sigaction(SIGUSR1, old);
        assert(n === 1);
        raise(SIGUSR1);
      }`))).toBe("killed-by-signal");
  });

  it("SIG_IGN discards the signal, also a pending one", () => {
    expect(outcome(program(`
      export function main(): void {
        sigprocmask(SIG_BLOCK, sigaddset(sigemptyset(), SIGUSR1));
        signal(SIGUSR1, SIG_IGN);
        raise(SIGUSR1);
        assert(sigismember(sigpending(), SIGUSR1) === 1, "blocked and ignored: kept pending");
        signal(SIGUSR1, SIG_IGN);
        assert(sigismember(sigpending(), SIGUSR1) === 0, "setting SIG_IGN discards it");
        sigprocmask(SIG_UNBLOCK, sigaddset(sigemptyset(), SIGUSR1));
        kill(getpid(), SIGUSR1);
      }`))).toBe("clean");
  });

  it("signal() refuses SIGKILL and SIGSTOP with EINVAL; sigprocmask never blocks them", () => {
    expect(outcome(program(`
      function h(s: number): void {}
      export function main(): void {
        assert(signal(SIGKILL, h) === -1 && errno() === EINVAL);
        assert(signal(SIGSTOP, h) === -1 && errno() === EINVAL);
        const old = sigprocmask(SIG_BLOCK, sigfillset());
        const now = sigprocmask(SIG_SETMASK, old);
        assert(sigismember(now, SIGKILL) === 0 && sigismember(now, SIGSTOP) === 0 && sigismember(now, SIGUSR1) === 1);
      }`))).toBe("clean");
  });

  it("the handler runs with its own signal blocked, unless SA_NODEFER", () => {
    expect(outcome(program(`
      let depth: sig_atomic_t = 0;
      function h(s: number): void {
        assert(sigismember(sigprocmask(SIG_BLOCK, sigemptyset()), SIGUSR1) === 1);
      }
      export function main(): void { signal(SIGUSR1, h); raise(SIGUSR1); }`))).toBe("clean");
    expect(outcome(program(`
      function h(s: number): void {
        assert(sigismember(sigprocmask(SIG_BLOCK, sigemptyset()), SIGUSR1) === 0);
      }
      export function main(): void { sigaction(SIGUSR1, { handler: h, flags: SA_NODEFER }); raise(SIGUSR1); }`))).toBe("clean");
  });

  it("pause() returns -1 with EINTR after a handler; a blocked wait restarts under SA_RESTART", () => {
    expect(outcome(program(`
      let flag: sig_atomic_t = 0;
      function h(s: number): void { flag = 1; }
      export function main(): void {
        signal(SIGUSR1, h);
        const pid = fork();
        if (pid === 0) { kill(getppid(), SIGUSR1); _exit(0); }
        assert(wait() === pid, "wait restarts after the handler (SA_RESTART)");
      }`))).toBe("clean");
  });

  it("without SA_RESTART a blocked wait fails with EINTR", () => {
    const r = checkSource(program(`
      function h(s: number): void {}
      export function main(): void {
        sigaction(SIGUSR1, { handler: h });
        const pid = fork();
        if (pid === 0) { kill(getppid(), SIGUSR1); sleep(1); _exit(0); }
        const got = wait();
        assert(got === pid, "wait was interrupted");
      }`));
    expect(r.findings.map((f) => f.rule)).toEqual(["assertion"]);
    expect(r.findings[0]!.trace.some((s) => s.effect.includes("the interrupted wait() returns -1 (EINTR)"))).toBe(true);
  });

  it("sleep() cut short by a handler returns the seconds left", () => {
    expect(outcome(program(`
      function h(s: number): void {}
      export function main(): void {
        signal(SIGALRM, h);
        alarm(1);
        const left = sleep(5);
        assert(left === 0 || left === 5);
      }`))).toBe("clean");
  });

  it("signals are not queued: a second kill while pending is lost", () => {
    const r = checkSource(program(`
      function h(s: number): void {}
      export function main(): void {
        signal(SIGUSR1, h);
        sigprocmask(SIG_BLOCK, sigaddset(sigemptyset(), SIGUSR1));
        kill(getpid(), SIGUSR1);
        kill(getpid(), SIGUSR1);
      }`));
    expect(r.findings.map((f) => f.rule)).toEqual(["signal-lost"]);
    expect(r.findings[0]!.message).toContain("SIGUSR1 was sent to pid 1 while one was already pending");
  });

  it("SIGSTOP stops a process until SIGCONT", () => {
    expect(outcome(program(`
      export function main(): void {
        const pid = fork();
        if (pid === 0) { while (true) {} }
        kill(pid, SIGSTOP);
        kill(pid, SIGCONT);
        kill(pid, SIGKILL);
        wait();
        assert(wstatus() === 128 + 9);
      }`))).toBe("killed-by-signal");
  });

  it("the environment sends a handled signal the program never sends, at most once", () => {
    const r = checkSource(program(`
      let n: sig_atomic_t = 0;
      function h(s: number): void { n = n + 1; }
      export function main(): void {
        signal(SIGINT, h);
        while (n < 2) { pause(); }
      }`));
    // one SIGINT only: the second pause waits for the user, an idle end
    expect(r.verdict).toBe("clean");
    const two = checkSource(program(`
      let n: sig_atomic_t = 0;
      function h(s: number): void { n = n + 1; }
      export function main(): void {
        signal(SIGINT, h);
        while (n < 2) { pause(); }
        assert(false, "reached after two SIGINTs");
      }`), { options: { envSignalLimit: 2 } });
    expect(two.findings.map((f) => f.rule)).toEqual(["assertion"]);
  });

  it("a fault: division by zero raises SIGFPE and kills", () => {
    expect(outcome(program(`
      export function main(): void { const d = nondet(0, 1); const x = 10 / d; assert(x === 10); }`))).toBe("killed-by-signal");
  });

  it("unsafe-handler-call follows calls made by the handler", () => {
    const r = checkSource(program(`
      import { printf } from "ipcheck";
      function log(): void { printf("in handler\\n"); }
      function h(s: number): void { log(); }
      export function main(): void { signal(SIGUSR1, h); raise(SIGUSR1); }`.replace('import { printf } from "ipcheck";', "")).replace("SIGTERM,", "SIGTERM, printf,"));
    expect(r.findings.map((f) => f.rule)).toEqual(["unsafe-handler-call"]);
  });
});

describe("pause() and sigsuspend(), entered with the signal they take", () => {
  /** The result as checked, and with the calls entered in a step of their own (--no-signal-wait-merge). */
  const both = (source: string) => {
    const merged = checkSource(source);
    const own = checkSource(source, { signalWaitMerge: false });
    const rules = (r: typeof merged) => r.findings.map((f) => `${f.rule}: ${f.message}`);
    expect(rules(merged)).toEqual(rules(own));
    return { merged, own };
  };

  it("wait at the call: one step enters sigsuspend() and takes the signal, and no state is spent on the entry", () => {
    const { merged, own } = both(program(`
      let got: sig_atomic_t = 0;
      function h(s: number): void { got = 1; }
      export function main(): void {
        signal(SIGUSR1, h);
        const old = sigprocmask(SIG_BLOCK, sigaddset(sigemptyset(), SIGUSR1));
        if (fork() === 0) { kill(getppid(), SIGUSR1); _exit(0); }
        sigsuspend(old);
        assert(got === 0, "woken");
      }`));
    expect(merged.findings.map((f) => f.rule)).toEqual(["assertion"]);
    const trace = merged.findings[0]!.trace;
    const entry = trace.find((st) => st.text === "sigsuspend(old)")!;
    expect(entry.effect).toContain("SIGUSR1 delivered: it ends the wait in sigsuspend()");
    expect(entry.effect).toContain("pid 1 enters handler(SIGUSR1)");
    expect(trace.some((st) => st.kind === "deliver")).toBe(false);
    expect(merged.stats.states).toBeLessThan(own.stats.states);
  });

  /** SIGUSR1 and SIGUSR2 made pending by `send`, a sigsuspend() that takes them, and an assertion that SIGUSR1 was taken first. */
  const firstTaken = (send: string) =>
    program(`
      let first: sig_atomic_t = 0;
      // each handler blocks the other signal: the first handler to run is the one taken first
      function h(s: number): void { if (first === 0) { first = s; } }
      export function main(): void {
        sigaction(SIGUSR1, { handler: h, mask: sigaddset(sigemptyset(), SIGUSR2) });
        sigaction(SIGUSR2, { handler: h, mask: sigaddset(sigemptyset(), SIGUSR1) });
        const old = sigprocmask(SIG_BLOCK, sigaddset(sigaddset(sigemptyset(), SIGUSR1), SIGUSR2));
        ${send}
        sigsuspend(old);
        assert(first === SIGUSR1, "SIGUSR2 first");
      }`);

  it("a thread that got to sigsuspend() with signals to take pending takes the lowest first", () => {
    expect(both(firstTaken("raise(SIGUSR2); raise(SIGUSR1);")).merged.verdict).toBe("clean");
  });

  it("a thread waiting in sigsuspend() takes the signals that come in any order", () => {
    // the child sends SIGUSR1 first, but both may be pending by the time the handler starts
    const { merged } = both(firstTaken("if (fork() === 0) { kill(getppid(), SIGUSR1); kill(getppid(), SIGUSR2); _exit(0); }"));
    expect(merged.findings.map((f) => f.rule)).toEqual(["assertion"]);
  });

  it("a signal the sigsuspend() mask blocks leaves the thread stuck at the call, and the trace enters it", () => {
    const { merged } = both(program(`
      function h(s: number): void {}
      export function main(): void {
        signal(SIGUSR2, h);
        if (fork() === 0) { kill(getppid(), SIGUSR2); _exit(0); }
        sigsuspend(sigaddset(sigemptyset(), SIGUSR2));
        wait();
      }`));
    expect(merged.findings.map((f) => f.rule)).toEqual(["deadlock"]);
    expect(merged.findings[0]!.message).toMatch(/pid 1 waits in sigsuspend\(\) \(line \d+\)/);
    const last = merged.findings[0]!.trace.at(-1)!;
    expect(last.text).toBe("sigsuspend(sigaddset(sigemptyset(), SIGUSR2))");
    expect(last.effect).toContain("mask of pid 1: +SIGUSR2");
    expect(last.effect).toContain("pid 1 waits in sigsuspend()");
  });

  it("a pause() that got there with a signal pending may take another one first", () => {
    // pause() delivers nothing at once: a signal pending when the thread gets there may wait, as
    // before any step, so each pause() may end with a SIGCHLD while SIGUSR1 (fatal) stays pending
    const { merged } = both(program(`
      let n: sig_atomic_t = 0;
      function h(s: number): void { n++; }
      export function main(): void {
        signal(SIGCHLD, h);
        if (fork() === 0) { kill(getppid(), SIGUSR1); _exit(0); }
        if (fork() === 0) { kill(getppid(), SIGUSR1); _exit(0); }
        pause();
        pause();
        assert(n < 2, "two SIGCHLD handlers ran");
      }`));
    const rules = merged.findings.map((f) => f.rule);
    expect(rules).toContain("assertion");
    expect(rules).toContain("killed-by-signal");
  });
});

describe("processes", () => {
  it("fork copies globals and dispositions; the child has no pending signal", () => {
    expect(outcome(program(`
      let x = 1;
      let got: sig_atomic_t = 0;
      function h(s: number): void { got = 1; }
      export function main(): void {
        signal(SIGUSR1, h);
        sigprocmask(SIG_BLOCK, sigaddset(sigemptyset(), SIGUSR1));
        raise(SIGUSR1);
        const pid = fork();
        if (pid === 0) {
          assert(x === 1 && sigismember(sigpending(), SIGUSR1) === 0, "copied globals, empty pending set");
          x = 2;
          raise(SIGUSR1);
          sigprocmask(SIG_UNBLOCK, sigaddset(sigemptyset(), SIGUSR1));
          assert(got === 1, "the handler was inherited");
          exit(7);
        }
        assert(waitpid(pid) === pid && wstatus() === 7 && x === 1);
      }`))).toBe("clean");
  });

  it("waitpid with WNOHANG returns 0 while the child runs; wait without children fails with ECHILD", () => {
    expect(outcome(program(`
      export function main(): void {
        assert(wait() === -1 && errno() === ECHILD);
        const pid = fork();
        if (pid === 0) { _exit(3); }
        let r = waitpid(pid, WNOHANG);
        while (r === 0) { r = waitpid(pid, WNOHANG); }
        assert(r === pid && wstatus() === 3);
      }`))).toBe("clean");
  });

  it("kill of a reaped child fails with ESRCH; kill(pid, 0) only checks", () => {
    expect(outcome(program(`
      export function main(): void {
        const pid = fork();
        if (pid === 0) { _exit(0); }
        assert(kill(pid, 0) === 0);
        wait();
        assert(kill(pid, SIGTERM) === -1 && errno() === ESRCH);
      }`))).toBe("clean");
  });

  it("an orphan is re-parented outside the program", () => {
    expect(outcome(program(`
      export function main(): void {
        const pid = fork();
        if (pid === 0) {
          while (getppid() !== 0) {}
          _exit(0);
        }
        exit(0);
      }`))).toBe("clean");
  });

  it("nondet tries every value", () => {
    expect(outcome(program(`
      export function main(): void { const v = nondet(1, 3); assert(v !== 3); }`))).toBe("assertion");
  });

  it("an index outside an array is an assertion failure", () => {
    expect(outcome(program(`
      let a = [0, 0];
      export function main(): void { const i = nondet(0, 2); a[i] = 1; }`))).toBe("assertion");
  });
});
