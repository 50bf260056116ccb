// Socket semantics (LANGUAGE.md §3 "Descriptors"; unix(7), ip(7), udp(7), bind(2), listen(2), connect(2),
// accept(2), send(2), recv(2), socket(7) SO_RCVTIMEO), each law pinned by a small program: clean when
// the law holds on every run, a finding when a run breaks it.
import { describe, expect, it } from "vitest";
import { checkSource, modelOf, outcome } from "../../../test/check-source.js";
import { search } from "../search.js";
import { Machine } from "../machine.js";
import { objectsOf } from "../kernel.js";
import { K_DGRAM, OB_FIELDS } from "../state-layout.js";
import { NET_ARRIVE, NET_DUPLICATE, networkEvents } from "./network.js";
import type { FileResult } from "../../report/result.js";

const imports = `import {
  socket, bind, listen, accept, connect, send, recv, sendto, recvfrom, setsockopt, socketpair, close, unlink,
  fork, waitpid, _exit, write, read, pipe, signal, errno, assert,
  AF_UNIX, AF_INET, SOCK_STREAM, SOCK_DGRAM, SO_RCVTIMEO, SIGPIPE, SIG_IGN,
  EADDRINUSE, ECONNREFUSED, ENOENT, EAGAIN, EPIPE, type CheckOptions,
} from "ipcheck";
`;
const program = (body: string) => imports + body;

function steps(r: FileResult): string[] {
  return r.findings.flatMap((f) => f.trace.flatMap((s) => [s.text, ...s.effect]));
}

describe("sockets: addresses", () => {
  it("a bound path is taken (EADDRINUSE), also after close, until unlink", () => {
    expect(outcome(program(`
      export function main(): void {
        const a = socket(AF_UNIX, SOCK_STREAM);
        assert(bind(a, "/tmp/s") === 0);
        const b = socket(AF_UNIX, SOCK_STREAM);
        assert(bind(b, "/tmp/s") === -1 && errno() === EADDRINUSE, "taken while a is open");
        close(a);
        assert(bind(b, "/tmp/s") === -1 && errno() === EADDRINUSE, "still taken after close: the path stays");
        assert(unlink("/tmp/s") === 0, "unlink removes the socket's path");
        assert(bind(b, "/tmp/s") === 0, "free once unlinked");
        close(b);
        unlink("/tmp/s");
      }`))).toBe("clean");
  });

  it("a taken port gives EADDRINUSE; closing the socket frees it", () => {
    expect(outcome(program(`
      export function main(): void {
        const a = socket(AF_INET, SOCK_DGRAM);
        assert(bind(a, 6000) === 0);
        const b = socket(AF_INET, SOCK_DGRAM);
        assert(bind(b, 6000) === -1 && errno() === EADDRINUSE, "port 6000 is a's");
        close(a);
        assert(bind(b, 6000) === 0, "free once a is closed");
        close(b);
      }`))).toBe("clean");
  });

  it("connect: ENOENT with nothing at the path, ECONNREFUSED when bound but not listening or no listener on the port", () => {
    expect(outcome(program(`
      export function main(): void {
        const c = socket(AF_UNIX, SOCK_STREAM);
        assert(connect(c, "/tmp/nobody") === -1 && errno() === ENOENT, "no socket at the path");
        const s = socket(AF_UNIX, SOCK_STREAM);
        bind(s, "/tmp/srv");
        assert(connect(c, "/tmp/srv") === -1 && errno() === ECONNREFUSED, "bound, not listening");
        listen(s, 1);
        assert(connect(c, "/tmp/srv") === 0, "the same socket tries again and connects");
        const i = socket(AF_INET, SOCK_STREAM);
        assert(connect(i, 6100) === -1 && errno() === ECONNREFUSED, "no listener on the port");
      }`))).toBe("clean");
  });
});

describe("sockets: connections", () => {
  it("a listener takes backlog + 1 connections not yet accepted; the next connect blocks", () => {
    const src = (connects: number) =>
      program(`
      export function main(): void {
        const s = socket(AF_UNIX, SOCK_STREAM);
        bind(s, "/tmp/q");
        listen(s, 1);
        for (let i = 0; i < ${connects}; i++) {
          const c = socket(AF_UNIX, SOCK_STREAM);
          assert(connect(c, "/tmp/q") === 0, "connect " + String(i));
        }
      }`);
    expect(outcome(src(2))).toBe("clean");
    const r = checkSource(src(3));
    expect(r.findings.map((f) => f.rule)).toEqual(["deadlock"]);
    expect(r.findings[0]!.message).toContain("pid 1 blocks in connect(");
  });

  it("a blocked connect goes on once the server accepts", () => {
    expect(outcome(program(`
      export function main(): void {
        const s = socket(AF_UNIX, SOCK_STREAM);
        bind(s, "/tmp/q");
        listen(s, 0);
        const child = fork();
        if (child === 0) {
          const a = socket(AF_UNIX, SOCK_STREAM);
          const b = socket(AF_UNIX, SOCK_STREAM);
          assert(connect(a, "/tmp/q") === 0);
          assert(connect(b, "/tmp/q") === 0, "blocked while 1 waited; on once accepted");
          _exit(0);
        }
        accept(s);
        accept(s);
        waitpid(child);
      }`))).toBe("clean");
  });

  it("data sent before accept are received after it", () => {
    expect(outcome(program(`
      export function main(): void {
        const s = socket(AF_UNIX, SOCK_STREAM);
        bind(s, "/tmp/early");
        listen(s, 1);
        const c = socket(AF_UNIX, SOCK_STREAM);
        assert(connect(c, "/tmp/early") === 0);
        assert(send(c, "first") === 5, "sent before anyone accepted");
        const conn = accept(s);
        assert(recv(conn, 16) === "first");
      }`))).toBe("clean");
  });

  it("recv gives the data, then the empty string once the peer has closed", () => {
    expect(outcome(program(`
      export function main(): void {
        const [a, b] = socketpair();
        send(a, "xyz");
        close(a);
        assert(recv(b, 2) === "xy", "the data first, even with the peer gone");
        assert(recv(b, 2) === "z");
        assert(recv(b, 2) === "", "then end of file");
      }`))).toBe("clean");
  });

  it("a recv on an empty stream blocks while the peer is open: a deadlock when no one sends", () => {
    const r = checkSource(program(`
      export function main(): void {
        const [a, b] = socketpair();
        recv(b, 1);
        close(a);
      }`));
    expect(r.findings.map((f) => f.rule)).toEqual(["deadlock"]);
    expect(r.findings[0]!.message).toContain("pid 1 blocks in recv(");
  });

  it("a send to a closed peer raises SIGPIPE, which kills by default", () => {
    const r = checkSource(program(`
      export function main(): void {
        const [a, b] = socketpair();
        close(b);
        send(a, "lost");
      }`));
    expect(r.findings.map((f) => f.rule)).toEqual(["killed-by-signal"]);
    expect(r.findings[0]!.message).toMatch(/^pid 1 was killed by SIGPIPE/);
  });

  it("with SIGPIPE ignored, a send to a closed peer fails with EPIPE", () => {
    expect(outcome(program(`
      export function main(): void {
        signal(SIGPIPE, SIG_IGN);
        const [a, b] = socketpair();
        close(b);
        assert(send(a, "lost") === -1 && errno() === EPIPE);
      }`))).toBe("clean");
  });

  it("a socketpair carries data both ways between parent and child", () => {
    expect(outcome(program(`
      export function main(): void {
        const [p, c] = socketpair();
        const child = fork();
        if (child === 0) {
          close(p);
          assert(recv(c, 8) === "ping");
          send(c, "pong");
          _exit(0);
        }
        close(c);
        send(p, "ping");
        assert(recv(p, 8) === "pong");
        waitpid(child);
      }`))).toBe("clean");
  });
});

describe("sockets: SO_RCVTIMEO", () => {
  it("a receive with a time-out and nothing to receive returns null with EAGAIN", () => {
    expect(outcome(program(`
      export function main(): void {
        const [a, b] = socketpair();
        setsockopt(b, SO_RCVTIMEO, 1);
        assert(recv(b, 4) === null && errno() === EAGAIN, "stream: timed out");
        const d = socket(AF_INET, SOCK_DGRAM);
        bind(d, 6200);
        setsockopt(d, SO_RCVTIMEO, 1);
        assert(recvfrom(d, 4) === null && errno() === EAGAIN, "datagram: timed out");
        close(a);
      }`))).toBe("clean");
  });

  it("a time-out may come although a sender is about to send", () => {
    const r = checkSource(program(`
      export function main(): void {
        const [a, b] = socketpair();
        const child = fork();
        if (child === 0) {
          send(a, "late");
          _exit(0);
        }
        setsockopt(b, SO_RCVTIMEO, 1);
        const got = recv(b, 4);
        assert(got === "late", "timed out");
        waitpid(child);
      }`));
    expect(r.findings.map((f) => f.rule)).toEqual(["assertion"]);
    expect(r.findings[0]!.message).toBe("assertion failed: timed out");
  });
});

describe("sockets: datagrams", () => {
  it("keep their boundaries, and one longer than n is cut to n bytes", () => {
    expect(outcome(program(`
      export function main(): void {
        const r = socket(AF_UNIX, SOCK_DGRAM);
        bind(r, "/tmp/r");
        const s = socket(AF_UNIX, SOCK_DGRAM);
        bind(s, "/tmp/s");
        sendto(s, "ab", "/tmp/r");
        sendto(s, "cdefgh", "/tmp/r");
        sendto(s, "i", "/tmp/r");
        const one = recvfrom(r, 8);
        assert(one !== null && one[0] === "ab" && one[1] === "/tmp/s", "one datagram, not merged with the next");
        const two = recvfrom(r, 3);
        assert(two !== null && two[0] === "cde", "cut to 3 bytes");
        const three = recvfrom(r, 8);
        assert(three !== null && three[0] === "i", "the cut rest is discarded");
      }`))).toBe("clean");
  });

  it("an AF_UNIX sendto to a path with no socket fails with ENOENT", () => {
    expect(outcome(program(`
      export function main(): void {
        const s = socket(AF_UNIX, SOCK_DGRAM);
        assert(sendto(s, "x", "/tmp/none") === -1 && errno() === ENOENT);
      }`))).toBe("clean");
  });

  it("an AF_INET datagram that arrives where nothing is bound is dropped", () => {
    // the receiver binds only after the datagram was sent: it gets it if it was still in flight, else
    // nothing ever comes and its recvfrom (no time-out) blocks for ever
    const r = checkSource(program(`
      export function main(): void {
        const [gate, opener] = pipe();
        const child = fork();
        if (child === 0) {
          const s = socket(AF_INET, SOCK_DGRAM);
          sendto(s, "early", 6300); // nothing bound at 6300 yet
          write(opener, "!");
          _exit(0);
        }
        read(gate, 1);
        const d = socket(AF_INET, SOCK_DGRAM);
        bind(d, 6300);
        recvfrom(d, 8);
        waitpid(child);
      }`));
    expect(r.findings.map((f) => f.rule)).toEqual(["deadlock"]);
    expect(r.findings[0]!.message).toContain("pid 1 blocks in recvfrom(");
    expect(steps(r)).toContain('the datagram "early" from port 32768 to port 6300 arrives where nothing is bound: dropped');
  });

  it("with no network faults, datagrams arrive in order per sender; reordering breaks it", () => {
    const src = (faults: string) =>
      program(`
      export const options: CheckOptions = { netFaults: [${faults}] };
      export function main(): void {
        const r = socket(AF_INET, SOCK_DGRAM);
        bind(r, 6400);
        const child = fork();
        if (child === 0) {
          const s = socket(AF_INET, SOCK_DGRAM);
          bind(s, 6401);
          sendto(s, "1", 6400);
          sendto(s, "2", 6400);
          sendto(s, "3", 6400);
          _exit(0);
        }
        for (let i = 1; i <= 3; i++) {
          const d = recvfrom(r, 4);
          assert(d !== null && d[0] === String(i), "datagram " + String(i) + " came out of order");
        }
        waitpid(child);
      }`);
    expect(outcome(src(""))).toBe("clean");
    const r = checkSource(src(`"reorder"`));
    expect(r.findings.map((f) => f.rule)).toEqual(["assertion"]);
    expect(r.findings[0]!.message).toMatch(/^assertion failed: datagram [12] came out of order$/);
  });

  it("a lost datagram leaves a receiver with no time-out blocked: a deadlock", () => {
    const r = checkSource(program(`
      export const options: CheckOptions = { netFaults: ["loss"] };
      export function main(): void {
        const r = socket(AF_INET, SOCK_DGRAM);
        bind(r, 6500);
        const s = socket(AF_INET, SOCK_DGRAM);
        sendto(s, "x", 6500);
        recvfrom(r, 4);
      }`));
    expect(r.findings.map((f) => f.rule)).toEqual(["deadlock"]);
    expect(steps(r).some((t) => t.includes("is lost"))).toBe(true);
  });

  it("two identical datagrams side by side: one arrival for both (the same successor), a duplication each", () => {
    const model = modelOf(program(`
      export const options: CheckOptions = { netFaults: ["loss", "duplicate"] };
      export function main(): void {
        const r = socket(AF_INET, SOCK_DGRAM);
        bind(r, 6600);
        const s = socket(AF_INET, SOCK_DGRAM);
        sendto(s, "x", 6600);
        sendto(s, "x", 6600);
        sendto(s, "y", 6600);
      }`));
    let seen = 0;
    eachState(model, (m) => {
      if (objectsOf(m, K_DGRAM).length !== 3) return;
      const pairs = eventsOf(m);
      if (pairs.filter((p) => p.endsWith(`:${NET_DUPLICATE}`)).length !== 3) return;
      // x, x, y with nothing duplicated yet: the second x has no arrival of its own, y (behind them) none yet
      expect(pairs).toEqual([`0:${NET_ARRIVE}`, `0:${NET_DUPLICATE}`, `1:${NET_DUPLICATE}`, `2:${NET_DUPLICATE}`]);
      seen++;
    });
    expect(seen).toBeGreaterThan(0);
  });

  it("a loss is decided at the send: sendto has a way to end with the datagram lost, and no datagram in flight is lost later", () => {
    const src = (faults: string) => program(`
      export const options: CheckOptions = { netFaults: [${faults}] };
      export function main(): void {
        const r = socket(AF_INET, SOCK_DGRAM);
        bind(r, 6700);
        const s = socket(AF_INET, SOCK_DGRAM);
        sendto(s, "x", 6700);
        const d = recvfrom(r, 4);
      }`);
    const trace = (faults: string) => {
      const r = checkSource(src(faults));
      return { rules: r.findings.map((f) => f.rule), steps: steps(r) };
    };
    const lossy = trace(`"loss"`);
    expect(lossy.rules).toEqual(["deadlock"]);
    expect(lossy.steps).toContain('the datagram "x" from port 32768 to port 6700 is lost');
    expect(lossy.steps.some((t) => t.includes("arrives"))).toBe(false);
    expect(trace("").rules).toEqual([]);
    let inFlight = 0;
    eachState(modelOf(src(`"loss", "duplicate"`)), (m) => {
      if (objectsOf(m, K_DGRAM).length > 0) inFlight++;
      for (const p of eventsOf(m)) expect(p.endsWith(`:${NET_ARRIVE}`) || p.endsWith(`:${NET_DUPLICATE}`)).toBe(true);
    });
    expect(inFlight).toBeGreaterThan(0);
  });

  it("with reordering, a copy is made at the send and the datagrams in flight are kept sorted, not in the order they were sent", () => {
    const src = (first: string, second: string) => program(`
      export const options: CheckOptions = { netFaults: ["loss", "duplicate", "reorder"] };
      export function main(): void {
        const r = socket(AF_INET, SOCK_DGRAM);
        bind(r, 6800);
        const s = socket(AF_INET, SOCK_DGRAM);
        sendto(s, "${first}", 6800);
        sendto(s, "${second}", 6800);
        sendto(s, "${first}", 6800);
        const a = recvfrom(r, 4);
        const b = recvfrom(r, 4);
        assert(a === null || b === null || a[0] !== "q" || b[0] !== "q", "the same datagram twice");
      }`);
    const r = checkSource(src("p", "q"));
    expect(r.findings.map((f) => f.rule)).toContain("assertion");
    expect(steps(r)).toContain('the datagram "q" from port 32768 to port 6800 is duplicated');
    for (const [first, second] of [["p", "q"], ["q", "p"]]) {
      const model = modelOf(src(first!, second!));
      let pairs = 0;
      eachState(model, (m) => {
        const fields = objectsOf(m, K_DGRAM).map((o) => Array.from(m.buf.subarray(o + OB_FIELDS, o + OB_FIELDS + 4)).join(","));
        expect(eventsOf(m).every((p) => p.endsWith(`:${NET_ARRIVE}`))).toBe(true);
        const sorted = [...fields].sort((a, b) => compareWords(a, b));
        expect(fields).toEqual(sorted);
        if (new Set(fields).size > 1) pairs++;
      });
      expect(pairs).toBeGreaterThan(0);
    }
  });
});

/** Calls `visit` with the machine loaded at each state of the model's whole search. */
function eachState(model: ReturnType<typeof modelOf>, visit: (m: Machine) => void): void {
  const result = search(model, { maxStates: 10_000, maxDepth: 1_000 });
  expect(result.complete).toBe(true);
  const m = new Machine(model);
  const buf = new Int32Array(4096);
  for (let id = 0; id < result.states; id++) {
    m.load(buf, result.visited.load(id, buf));
    visit(m);
  }
}

/** The loaded state's network events as "index:event". */
function eventsOf(m: Machine): string[] {
  const events: number[] = [];
  networkEvents(m, events);
  return Array.from({ length: events.length / 2 }, (_, i) => `${events[2 * i]}:${events[2 * i + 1]}`);
}

function compareWords(a: string, b: string): number {
  const x = a.split(",").map(Number);
  const y = b.split(",").map(Number);
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
  return 0;
}