// The socket translation (sockets.ts) against SPIN: the errnos of connect(2) before bind and before
// listen, end of file on a stream, datagrams lost only with network faults, and sockets made in a
// loop (a socket slot each, the run stopped past them). SPIN and gcc must be installed, as for the agreement test.
import { describe, expect, it } from "vitest";
import { spinVerdicts } from "./spin.js";
import { expectSameVerdicts, rules, translated } from "../../test/promela-translation.js";

/** A client making a socket for each of its 3 tries to connect, and a server accepting one connection; `listenFirst`: the server listens before the client starts. */
function retryingClient(listenFirst: boolean): string {
  const listening = `const l = socket(AF_UNIX, SOCK_STREAM);
  bind(l, "/tmp/srv");
  listen(l, 1);`;
  return `import { socket, bind, listen, accept, connect, send, recv, close, fork, wait, _exit, AF_UNIX, SOCK_STREAM } from "ipcheck";
export function main(): void {
  ${listenFirst ? listening : ""}
  if (fork() === 0) {
    for (let i = 0; i < 3; i++) {
      const fd = socket(AF_UNIX, SOCK_STREAM);
      if (connect(fd, "/tmp/srv") === 0) {
        send(fd, "hi");
        close(fd);
        break;
      }
      close(fd);
    }
    _exit(0);
  }
  ${listenFirst ? "" : listening}
  const c = accept(l);
  recv(c, 2);
  close(c);
  close(l);
  wait();
}
`;
}

const translate = (source: string): string => translated(source).text;

const connectOnce = (check: string) => `import { socket, bind, listen, connect, errno, assert, AF_UNIX, SOCK_STREAM, ENOENT, ECONNREFUSED } from "ipcheck";
export function main(): void {
  const server = socket(AF_UNIX, SOCK_STREAM);
  const client = socket(AF_UNIX, SOCK_STREAM);
  const before = connect(client, "/tmp/s");
  const e1 = errno();
  bind(server, "/tmp/s");
  const unlistened = connect(client, "/tmp/s");
  const e2 = errno();
  listen(server, 0);
  const rc = connect(client, "/tmp/s");
  ${check}
}`;

const datagram = (faults: string) => `import { socket, bind, sendto, recvfrom, setsockopt, fork, waitpid, _exit, assert, AF_INET, SOCK_DGRAM, SO_RCVTIMEO, type CheckOptions } from "ipcheck";
export const options: CheckOptions = { netFaults: [${faults}] };
export function main(): void {
  const r = socket(AF_INET, SOCK_DGRAM);
  bind(r, 7000);
  setsockopt(r, SO_RCVTIMEO, 1);
  const child = fork();
  if (child === 0) {
    const s = socket(AF_INET, SOCK_DGRAM);
    sendto(s, "ping", 7000);
    _exit(0);
  }
  waitpid(child);
  let d = recvfrom(r, 8);
  while (d === null) d = recvfrom(r, 8);
  assert(d[0] === "ping" && d[1] === 32768, "got a datagram from the child's ephemeral port");
  const again = recvfrom(r, 8);
  assert(again === null, "one datagram only");
}`;

describe("sockets in --emit promela", () => {
  it("connect(2): ENOENT before bind, ECONNREFUSED before listen, then connected", async () => {
    const ok = await spinVerdicts(translate(connectOnce(`assert(before === -1 && e1 === ENOENT && unlistened === -1 && e2 === ECONNREFUSED && rc === 0, "errnos");`)));
    expect(ok).toMatchObject({ problem: "", assertion: false, invalidEnd: false });
    const refused = await spinVerdicts(translate(connectOnce(`assert(unlistened === 0, "connected before listen");`)));
    expect(refused).toMatchObject({ problem: "", assertion: true });
  }, 120_000);

  it("a stream gives the bytes sent, then end of file once the peer is closed", async () => {
    const source = `import { socketpair, send, recv, close, assert } from "ipcheck";
export function main(): void {
  const [a, b] = socketpair();
  send(a, "hello");
  close(a);
  const first = recv(b, 3);
  const rest = recv(b, 8);
  const end = recv(b, 8);
  assert(first === "hel" && rest === "lo" && end === "", "stream");
}`;
    expect(await spinVerdicts(translate(source))).toMatchObject({ problem: "", assertion: false, invalidEnd: false });
  }, 120_000);

  it("an AF_INET datagram arrives once from an ephemeral port, unless the network loses or duplicates it", async () => {
    // without faults it arrives (the receiver's time-outs end when it does); with loss the loop never ends: a livelock SPIN does not see, no assertion
    expect(await spinVerdicts(translate(datagram("")))).toMatchObject({ problem: "", assertion: false, invalidEnd: false });
    expect(await spinVerdicts(translate(datagram(`"duplicate"`)))).toMatchObject({ problem: "", assertion: true });
    expect(await spinVerdicts(translate(datagram(`"duplicate", "reorder"`)))).toMatchObject({ problem: "", assertion: true });
  }, 120_000);

  it("sockets made in a loop: a client giving up after its tries leaves the server in accept, for SPIN as for ipcheck", async () => {
    // the client may give up before the server listens (a deadlock: the server waits in accept), unless the server listens first
    for (const listenFirst of [false, true]) expect(await expectSameVerdicts(retryingClient(listenFirst))).toEqual(listenFirst ? [] : ["deadlock"]);
  }, 120_000);

  it("stops a run with an assertion past the socket slots", async () => {
    const source = `import { socket, close, AF_UNIX, SOCK_STREAM } from "ipcheck";\nexport function main(): void {\n  for (let i = 0; i < 12; i++) close(socket(AF_UNIX, SOCK_STREAM));\n}`;
    const { model, text } = translated(source);
    expect(text).toContain("the translation's socket slots (NSOCK) are full");
    expect((await spinVerdicts(text)).assertion).toBe(true);
    expect(rules(model)).toEqual({ complete: true, rules: [] });
  }, 120_000);
});
