// The partial-order reduction over datagram socket calls (datagram-steps.ts): a receive with a
// datagram queued, a send from a bound AF_INET socket and a close no one else can tell from another
// order are explored alone, in fewer states; each condition that keeps a call from being explored
// alone has a program here whose finding needs the other order, found with the reduction as without.
import { describe, expect, it } from "vitest";
import { modelOf } from "../../test/check-source.js";
import { search, type SearchResult } from "./search.js";

const imports = `import {
  socket, bind, sendto, recvfrom, setsockopt, close, fork, waitpid, _exit, write, read, pipe, assert,
  AF_INET, AF_UNIX, SOCK_DGRAM, SO_RCVTIMEO, type CheckOptions,
} from "ipcheck";
`;

function both(body: string): { full: SearchResult; reduced: SearchResult } {
  const model = modelOf(imports + body);
  return {
    full: search(model, { maxStates: 200_000, maxDepth: 10_000, por: false }),
    reduced: search(model, { maxStates: 200_000, maxDepth: 10_000 }),
  };
}

const findings = (r: SearchResult) => [...new Set(r.findings.map((f) => `${f.raw.rule}: ${f.raw.message}`))].sort();

/** The same findings with the reduction as without, `expected` among them, in fewer states. */
function expectSame(body: string, expected: string): SearchResult {
  const { full, reduced } = both(body);
  expect(full.complete && reduced.complete).toBe(true);
  expect(findings(full).some((f) => f.startsWith("assertion:") && f.includes(`"${expected}"`)), `no assertion "${expected}" in ${JSON.stringify(findings(full))}`).toBe(true);
  expect(findings(reduced)).toEqual(findings(full));
  expect(reduced.states).toBeLessThanOrEqual(full.states);
  return reduced;
}

/**
 * A parent and a child, each with an AF_INET datagram socket: the parent runs `setup`, hands the
 * child a byte over a pipe and then runs `step`; the child, once it has the byte, runs `check`. Right
 * after the hand-over the parent's step and the child's check are both next.
 */
function handedOver(setup: string, step: string, check: string): string {
  return `
      export const options: CheckOptions = { netFaults: [] };
      export function main(): void {
        const [r, w] = pipe();
        const pid = fork();
        if (pid === 0) {
          const fd = socket(AF_INET, SOCK_DGRAM);
          read(r, 1);
          ${check}
          _exit(0);
        }
        const fd = socket(AF_INET, SOCK_DGRAM);
        ${setup}
        write(w, "k");
        ${step}
        write(1, "done\\n");
        waitpid(pid);
      }`;
}

describe("partial-order reduction over datagram calls", () => {
  it("explores receives of queued datagrams, sends and closes alone: a request and its reply over a lossy network", () => {
    const { full, reduced } = both(`
      export const options: CheckOptions = { netFaults: ["loss", "duplicate", "reorder"] };
      export function main(): void {
        const pid = fork();
        if (pid === 0) {
          const fd = socket(AF_INET, SOCK_DGRAM);
          bind(fd, 5000);
          setsockopt(fd, SO_RCVTIMEO, 1);
          let call = recvfrom(fd, 8);
          while (call !== null) {
            sendto(fd, "ok", call[1]);
            call = recvfrom(fd, 8);
          }
          close(fd);
          _exit(0);
        }
        const fd = socket(AF_INET, SOCK_DGRAM);
        bind(fd, 5001);
        setsockopt(fd, SO_RCVTIMEO, 1);
        sendto(fd, "r1", 5000);
        const reply = recvfrom(fd, 8);
        if (reply !== null) write(1, "got " + reply[0] + "\\n");
        close(fd);
        waitpid(pid);
      }`);
    expect(full.complete && reduced.complete).toBe(true);
    expect(findings(reduced)).toEqual(findings(full));
    expect(reduced.reducedStates).toBeGreaterThan(0);
    expect(reduced.states).toBeLessThan(full.states * 0.8);
  });

  it("keeps a receive on an empty socket with a time-out ordered both ways with the arrival", () => {
    // the child's receive may time out before the datagram comes, or get it
    expectSame(`
      export const options: CheckOptions = { netFaults: [] };
      export function main(): void {
        const fd = socket(AF_INET, SOCK_DGRAM);
        bind(fd, 5000);
        setsockopt(fd, SO_RCVTIMEO, 1);
        const pid = fork();
        if (pid === 0) {
          assert(recvfrom(fd, 4) === null, "the child got the datagram");
          _exit(0);
        }
        close(fd);
        const out = socket(AF_INET, SOCK_DGRAM);
        bind(out, 5001);
        sendto(out, "x", 5000);
        waitpid(pid);
      }`, "the child got the datagram");
  });

  it("keeps a receive from a socket another process holds ordered with that process's receive", () => {
    // parent and child both receive from the socket made before the fork: either may get the one datagram
    expectSame(`
      export const options: CheckOptions = { netFaults: [] };
      let got = 0;
      export function main(): void {
        const fd = socket(AF_UNIX, SOCK_DGRAM);
        bind(fd, "/s");
        setsockopt(fd, SO_RCVTIMEO, 1);
        const other = socket(AF_UNIX, SOCK_DGRAM);
        sendto(other, "x", "/s");
        const pid = fork();
        if (pid === 0) {
          if (recvfrom(fd, 4) !== null) got++;
          assert(got === 0, "the child got it");
          _exit(0);
        }
        if (recvfrom(fd, 4) !== null) got++;
        waitpid(pid);
      }`, "the child got it");
  });

  it("keeps two AF_UNIX sends to one socket ordered both ways: they arrive at once, in the order sent", () => {
    expectSame(`
      export const options: CheckOptions = { netFaults: [] };
      export function main(): void {
        const into = socket(AF_UNIX, SOCK_DGRAM);
        bind(into, "/c");
        setsockopt(into, SO_RCVTIMEO, 1);
        const a = socket(AF_UNIX, SOCK_DGRAM);
        bind(a, "/a");
        const b = socket(AF_UNIX, SOCK_DGRAM);
        bind(b, "/b");
        const pid = fork();
        if (pid === 0) {
          close(a);
          sendto(b, "b", "/c");
          _exit(0);
        }
        close(b);
        sendto(a, "a", "/c");
        write(1, "sent\\n");
        waitpid(pid);
        const first = recvfrom(into, 4);
        assert(first === null || first[0] === "a", "b came first");
      }`, "b came first");
  });

  it("keeps a send from an unbound socket ordered with a bind elsewhere: it takes an ephemeral port", () => {
    // the parent's send takes port 32768 unless the child bound it first
    expectSame(handedOver("", `sendto(fd, "x", 5000);`, `assert(bind(fd, 32768) !== 0, "the child bound port 32768");`), "the child bound port 32768");
  });

  it("keeps two sends from one socket held by two processes ordered both ways: they travel one way, in order", () => {
    expectSame(`
      export const options: CheckOptions = { netFaults: [] };
      export function main(): void {
        const into = socket(AF_INET, SOCK_DGRAM);
        bind(into, 5000);
        setsockopt(into, SO_RCVTIMEO, 1);
        const fd = socket(AF_INET, SOCK_DGRAM);
        bind(fd, 5001);
        const pid = fork();
        if (pid === 0) {
          sendto(fd, "b", 5000);
          _exit(0);
        }
        sendto(fd, "a", 5000);
        write(1, "sent\\n");
        waitpid(pid);
        const first = recvfrom(into, 4);
        assert(first === null || first[0] === "a", "b came first");
      }`, "b came first");
  });

  it("keeps a send ordered with the network's copy of an earlier datagram on its way (duplication without reordering)", () => {
    expectSame(`
      export const options: CheckOptions = { netFaults: ["duplicate"] };
      export function main(): void {
        const into = socket(AF_INET, SOCK_DGRAM);
        bind(into, 5000);
        setsockopt(into, SO_RCVTIMEO, 1);
        const pid = fork();
        if (pid === 0) {
          const fd = socket(AF_INET, SOCK_DGRAM);
          bind(fd, 5001);
          sendto(fd, "1", 5000);
          sendto(fd, "2", 5000);
          _exit(0);
        }
        waitpid(pid);
        const a = recvfrom(into, 4);
        const b = recvfrom(into, 4);
        assert(a === null || b === null || a[0] !== b[0], "the copy came before the second");
      }`, "the copy came before the second");
  });

  it("keeps the last close of a bound socket ordered with a bind of its port elsewhere", () => {
    expectSame(handedOver("bind(fd, 5000);", "close(fd);", `assert(bind(fd, 5000) === 0, "the port was still taken");`), "the port was still taken");
  });
});
