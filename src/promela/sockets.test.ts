// The socket translation (sockets.ts) against SPIN: the errnos of connect(2) before bind and before
// listen, end of file on a stream, datagrams lost only with network faults, and the refusal of
// sockets made in a loop. SPIN and gcc must be installed, as for the agreement test.
import { describe, expect, it } from "vitest";
import { parseProgram } from "../parser/parse.js";
import { emitPromela } from "./emit.js";
import { spinVerdicts } from "./spin.js";

function translate(source: string): string {
  const parsed = parseProgram("prog.ts", source, {});
  if (!parsed.ok) throw new Error(parsed.diagnostics[0]!.message);
  const r = emitPromela(parsed.model);
  if (!r.ok) throw new Error(r.diagnostic.message);
  return r.text;
}

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

  it("refuses sockets made in a loop, at the call", () => {
    const source = `import { socket, close, AF_UNIX, SOCK_STREAM } from "ipcheck";\nexport function main(): void {\n  for (let i = 0; i < 2; i++) {\n    const s = socket(AF_UNIX, SOCK_STREAM);\n    close(s);\n  }\n}`;
    const parsed = parseProgram("prog.ts", source, {});
    if (!parsed.ok) throw new Error(parsed.diagnostics[0]!.message);
    const r = emitPromela(parsed.model);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.diagnostic.message).toBe("--emit promela does not support sockets in a loop yet");
    expect(source.slice(r.diagnostic.span!.start, r.diagnostic.span!.end)).toBe("socket(AF_UNIX, SOCK_STREAM)");
  });
});
