// Datagram socket calls that the partial-order reduction (reduction.ts) may explore alone: steps of a
// thread on a datagram socket that no other process holds, which commute with every other agent's
// transition and are disabled by none of them (SPIN's exclusive-receive and exclusive-send channels,
// with the conditions checked on the state). The signal conditions of reduction.ts come on top.
// - recv/recvfrom with a datagram queued (sockets.ts recvfrom): it takes the first datagram. The
//   others only append to the queue (an arrival, an AF_UNIX sendto; the queue has no bound), which
//   leaves the first where it is, and no one else takes from it (no other process holds the socket,
//   nor can get it but by a fork of this one). With nothing queued the call may time out or wait,
//   which an arrival changes: not private then.
// - sendto on a bound AF_INET socket, with the faults decided at the send (network.ts
//   earlyFaults): each of its outcomes puts its datagrams in their sorted place among those in
//   flight (or none), as another's sendto does, and an arrival or a loss of another datagram takes
//   one out; in either order the same datagrams are in flight, in the same order. Its sender's
//   port is its own (no other process holds the socket), so no one else sends behind it on its
//   way. Where a copy is made in flight (duplication without reordering), the copy of a datagram of
//   its own still in flight would come after this one or before it: not private while one may still
//   be copied. An unbound socket would take an ephemeral port, which others' binds decide: not then.
// - close of an AF_INET datagram socket: while another descriptor still opens it, close only
//   clears the descriptor; the last close frees the socket, its queue and its port. A datagram
//   arriving there before is queued and freed with the socket, after it is dropped: the same state
//   either way. What the freed port changes is who may take it next: a bind() elsewhere
//   (EADDRINUSE before, success after) and an ephemeral port's choice, so the last close is private
//   only for a port below the ephemeral range (or none) while no other process may still call
//   bind(). Object ids are renumbered in creation order (canonical.ts), so freeing the socket's
//   objects commutes with another's creating some.
// AF_UNIX datagram sockets' sendto and close are left out: a datagram sent to a path is queued at
// once (unix(7)), so the receiver's next receive (a time-out or not) and the order of others' sends
// to the same socket tell whether it came yet; a closed AF_UNIX socket keeps its path, which a
// sendto or a bind elsewhere sees.
import type { Instr } from "../model/model.js";
import { AF_INET, SOCK_DGRAM } from "../model/constants.js";
import { K_DGRAM, OB_LEN, OB_KIND } from "./state-layout.js";
import type { Machine } from "./machine.js";
import { descriptorsOpenOn } from "./semantics/descriptors.js";
import { EPHEMERAL_FIRST, S_ADDR, S_COUNT, S_DOMAIN, S_TYPE, socketOf } from "./semantics/sockets.js";
import { D_DUPLICATED, D_FROM, duplicatedAtSend, earlyFaults } from "./semantics/network.js";

/** The datagram calls below, by API name: 1 recv/recvfrom, 2 sendto, 3 close. */
const RECEIVE = 1;
const SEND = 2;
const CLOSE = 3;
export const DATAGRAM_CALLS: ReadonlyMap<string, number> = new Map([["recv", RECEIVE], ["recvfrom", RECEIVE], ["sendto", SEND], ["close", CLOSE]]);

/** privateDatagramCall's answers: not private; private; private if no other process may still call bind() */
export const NOT_PRIVATE_CALL = 0;
export const PRIVATE_CALL = 1;
export const PRIVATE_UNLESS_BIND = 2;

/** Whether process p's call `kind` (DATAGRAM_CALLS) at instr, in frame f, is private as above. */
export function privateDatagramCall(m: Machine, p: number, f: number, instr: Instr, kind: number): number {
  const fd = m.reg(f, instr.args[0]!);
  const sock = socketOf(m, p, fd);
  if (sock === null) return NOT_PRIVATE_CALL;
  const b = m.buf;
  if (b[sock.s + S_TYPE] !== SOCK_DGRAM) return NOT_PRIVATE_CALL;
  if (kind === RECEIVE) return b[sock.s + S_COUNT]! > 0 && descriptorsOpenOn(m, sock.id, p) === 0 ? PRIVATE_CALL : NOT_PRIVATE_CALL;
  if (b[sock.s + S_DOMAIN] !== AF_INET) return NOT_PRIVATE_CALL;
  const port = b[sock.s + S_ADDR]!;
  if (kind === SEND) {
    return port !== -1 && earlyFaults(m) && descriptorsOpenOn(m, sock.id, p) === 0 && !copyMayCome(m, port) ? PRIVATE_CALL : NOT_PRIVATE_CALL;
  }
  // close: while another descriptor opens the socket it stays; else its port is freed
  if (descriptorsOpenOn(m, sock.id) > 1) return PRIVATE_CALL;
  return port < EPHEMERAL_FIRST ? PRIVATE_UNLESS_BIND : NOT_PRIVATE_CALL;
}

/** Whether the network may still copy a datagram in flight from `port` (a copy made in flight, network.ts). */
function copyMayCome(m: Machine, port: number): boolean {
  if (!m.model.options.netFaults.includes("duplicate") || duplicatedAtSend(m)) return false;
  const b = m.buf;
  const end = m.len - 1;
  for (let o = m.kernelStart(); o < end; o += b[o + OB_LEN]!) {
    if (b[o + OB_KIND] === K_DGRAM && b[o + D_FROM] === port && b[o + D_DUPLICATED] === 0) return true;
  }
  return false;
}
