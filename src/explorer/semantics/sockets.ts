// Sockets (LANGUAGE.md §3; unix(7), ip(7), socket(2), bind(2), listen(2), accept(2), connect(2),
// send(2), recv(2), socketpair(2), socket(7) SO_RCVTIMEO).
// - AF_UNIX addresses are paths, AF_INET ones port numbers; a bound path stays taken until unlink.
// - Stream sockets: connect() to no socket at the path fails with ENOENT, to a socket that does not
//   listen (or no listener on the port) with ECONNREFUSED; it blocks while the listener has backlog + 1
//   connections not yet accepted, else connects at once (data may flow before accept). Each end has a
//   receive buffer of pipeCapacity bytes: send/recv behave as a pipe in each direction; recv gives ""
//   once the peer has closed and the data are read; a send to a closed peer gets SIGPIPE and EPIPE.
// - Datagram sockets keep message boundaries. AF_UNIX datagrams arrive at once, in order; AF_INET ones
//   travel (network.ts) and arrive at a later step, dropped if nothing is bound there then.
// - SO_RCVTIMEO: a receive may time out (null/EAGAIN) whenever nothing has arrived.
// Left out: shutdown(2), getsockname/getpeername, MSG_* flags, out-of-band data.
import type { Instr } from "../../model/model.js";
import {
  AF_INET, AF_UNIX, EADDRINUSE, EAGAIN, EBADF, ECONNREFUSED, EINVAL, EISCONN, ENOENT, ENOTCONN, ENOTSOCK, EOPNOTSUPP, EPIPE,
  SOCK_DGRAM, SOCK_STREAM, SO_RCVTIMEO,
} from "../../model/constants.js";
import { SIGPIPE } from "../../model/signals.js";
import { K_FILE, K_SOCK, OB_FIELDS, OB_ID, OB_KIND, T_PROGRESS } from "../state-layout.js";
import { addObject, findObject, objectsOf, resizeObject } from "../kernel.js";
import type { Machine } from "../machine.js";
import { FILE_FLAGS, FILE_TARGET, FL_NONBLOCK, FL_READ, FL_WRITE, fdEntry, installFile, openFile } from "./descriptors.js";
import { deliverNow, sendSignal } from "./signals.js";
import { duplicatedAtSend, lostAtSend, sendDatagram } from "./network.js";
import { fifoByPath } from "./fifos.js";

export const S_DOMAIN = OB_FIELDS;
export const S_TYPE = OB_FIELDS + 1;
export const S_STATE = OB_FIELDS + 2;
/** the bound address: a path's string id (AF_UNIX) or a port (AF_INET); -1 when unbound */
export const S_ADDR = OB_FIELDS + 3;
export const S_BACKLOG = OB_FIELDS + 4;
/** the other end of a stream connection, or 0 */
export const S_PEER = OB_FIELDS + 5;
export const S_TIMEOUT = OB_FIELDS + 6;
/** a stream end's received bytes (an interned string) */
export const S_DATA = OB_FIELDS + 7;
/** queued items: a listener's connections not yet accepted (socket ids); a datagram socket's datagrams (data, from) pairs */
export const S_COUNT = OB_FIELDS + 8;
export const S_ITEMS = OB_FIELDS + 9;

export const ST_NEW = 0;
export const ST_LISTENING = 1;
export const ST_CONNECTED = 2;
/** an AF_UNIX socket closed by all, its path still taken until unlink */
export const ST_CLOSED = 3;

export function socket(m: Machine, p: number, t: number, f: number, instr: Instr): void {
  const domain = m.reg(f, instr.args[0]!);
  const type = m.reg(f, instr.args[1]!);
  if ((domain !== AF_UNIX && domain !== AF_INET) || (type !== SOCK_STREAM && type !== SOCK_DGRAM)) {
    m.fail(t, f, instr, EINVAL);
    return;
  }
  const id = addObject(m, K_SOCK, [domain, type, ST_NEW, -1, 0, 0, 0, 0, 0]);
  const fd = openFile(m, p, id, FL_READ | FL_WRITE);
  if (fd >= 0) m.complete(f, instr, fd);
}

export function socketpair(m: Machine, p: number, _t: number, f: number, instr: Instr): void {
  const a = addObject(m, K_SOCK, [AF_UNIX, SOCK_STREAM, ST_CONNECTED, -1, 0, 0, 0, 0, 0]);
  const b = addObject(m, K_SOCK, [AF_UNIX, SOCK_STREAM, ST_CONNECTED, -1, 0, a, 0, 0, 0]);
  m.buf[findObject(m, a) + S_PEER] = b;
  const fa = openFile(m, p, a, FL_READ | FL_WRITE);
  if (fa < 0) return;
  const fb = openFile(m, p, b, FL_READ | FL_WRITE);
  if (fb < 0) return;
  m.complete(f, instr, m.tuples.intern([fa, fb]));
}

/** The socket object an fd of p opens, with its description; null when fd is not an open socket. */
export function socketOf(m: Machine, p: number, fd: number): { file: number; s: number; id: number } | null {
  const e = fdEntry(m, p, fd);
  if (e === null || e <= 0) return null;
  const file = findObject(m, e);
  const id = m.buf[file + FILE_TARGET]!;
  const s = findObject(m, id);
  if (s < 0 || m.buf[s + OB_KIND] !== K_SOCK) return null;
  return { file, s, id };
}

/** The socket bound at `addr` in `domain` (of `type`, or any when 0), or -1. */
export function boundAt(m: Machine, domain: number, addr: number, type: number): number {
  for (const o of objectsOf(m, K_SOCK)) {
    if (m.buf[o + S_DOMAIN] === domain && m.buf[o + S_ADDR] === addr && (type === 0 || m.buf[o + S_TYPE] === type)) return o;
  }
  return -1;
}

function badSocket(m: Machine, p: number, t: number, f: number, instr: Instr): { file: number; s: number; id: number } | null {
  const fd = m.reg(f, instr.args[0]!);
  const sock = socketOf(m, p, fd);
  if (!sock) m.fail(t, f, instr, fdEntry(m, p, fd) ? ENOTSOCK : EBADF);
  return sock;
}

export function bind(m: Machine, p: number, t: number, f: number, instr: Instr): void {
  const sock = badSocket(m, p, t, f, instr);
  if (!sock) return;
  const addr = m.reg(f, instr.args[1]!);
  const domain = m.buf[sock.s + S_DOMAIN]!;
  if (m.buf[sock.s + S_ADDR] !== -1) {
    m.fail(t, f, instr, EINVAL);
    return;
  }
  // unix(7): a bound path stays taken (also by a FIFO) until unlink; ip(7): one socket per port and type
  const taken = domain === AF_UNIX
    ? boundAt(m, AF_UNIX, addr, 0) >= 0 || fifoByPath(m, addr) >= 0
    : boundAt(m, AF_INET, addr, m.buf[sock.s + S_TYPE]!) >= 0;
  if (taken) {
    m.fail(t, f, instr, EADDRINUSE);
    return;
  }
  m.buf[sock.s + S_ADDR] = addr;
  m.complete(f, instr, 0);
}

export function listen(m: Machine, p: number, t: number, f: number, instr: Instr): void {
  const sock = badSocket(m, p, t, f, instr);
  if (!sock) return;
  if (m.buf[sock.s + S_TYPE] !== SOCK_STREAM) {
    m.fail(t, f, instr, EOPNOTSUPP);
    return;
  }
  if (m.buf[sock.s + S_ADDR] === -1 && m.buf[sock.s + S_DOMAIN] === AF_UNIX) {
    m.fail(t, f, instr, EINVAL);
    return;
  }
  m.buf[sock.s + S_STATE] = ST_LISTENING;
  m.buf[sock.s + S_BACKLOG] = Math.max(0, m.reg(f, instr.args[1]!));
  m.complete(f, instr, 0);
}

/** The listener connect() would reach, or an errno. */
function listenerFor(m: Machine, domain: number, addr: number): number | { errno: number } {
  const o = boundAt(m, domain, addr, SOCK_STREAM);
  if (o < 0) {
    if (domain === AF_UNIX && boundAt(m, domain, addr, 0) < 0) return { errno: ENOENT };
    return { errno: ECONNREFUSED };
  }
  if (m.buf[o + S_STATE] !== ST_LISTENING) return { errno: ECONNREFUSED };
  return o;
}

export function connectEnabled(m: Machine, p: number, f: number, instr: Instr): number {
  const sock = socketOf(m, p, m.reg(f, instr.args[0]!));
  if (!sock || m.buf[sock.s + S_TYPE] !== SOCK_STREAM) return 1;
  const l = listenerFor(m, m.buf[sock.s + S_DOMAIN]!, m.reg(f, instr.args[1]!));
  if (typeof l !== "number") return 1;
  return m.buf[l + S_COUNT]! <= m.buf[l + S_BACKLOG]! ? 1 : 0;
}

export function connect(m: Machine, p: number, t: number, f: number, instr: Instr): void {
  const sock = badSocket(m, p, t, f, instr);
  if (!sock) return;
  const addr = m.reg(f, instr.args[1]!);
  const domain = m.buf[sock.s + S_DOMAIN]!;
  if (m.buf[sock.s + S_TYPE] === SOCK_DGRAM) {
    // a datagram socket's connect only sets a default destination: not modelled beyond success
    m.complete(f, instr, 0);
    return;
  }
  if (m.buf[sock.s + S_STATE] === ST_CONNECTED) {
    m.fail(t, f, instr, EISCONN);
    return;
  }
  const l = listenerFor(m, domain, addr);
  if (typeof l !== "number") {
    // Linux lets a Unix socket try again after a failed connect (LANGUAGE.md §3)
    m.fail(t, f, instr, l.errno);
    return;
  }
  const listenerId = m.buf[l + OB_ID]!;
  // the server's end of the connection, queued on the listener until accept
  const server = addObject(m, K_SOCK, [domain, SOCK_STREAM, ST_CONNECTED, -1, 0, sock.id, 0, 0, 0]);
  const c = findObject(m, sock.id);
  m.buf[c + S_STATE] = ST_CONNECTED;
  m.buf[c + S_PEER] = server;
  pushItem(m, listenerId, [server]);
  m.complete(f, instr, 0);
}

export function acceptEnabled(m: Machine, p: number, f: number, instr: Instr): number {
  const sock = socketOf(m, p, m.reg(f, instr.args[0]!));
  if (!sock || m.buf[sock.s + S_STATE] !== ST_LISTENING) return 1;
  if ((m.buf[sock.file + FILE_FLAGS]! & FL_NONBLOCK) !== 0) return 1;
  return m.buf[sock.s + S_COUNT]! > 0 ? 1 : 0;
}

export function accept(m: Machine, p: number, t: number, f: number, instr: Instr): void {
  const sock = badSocket(m, p, t, f, instr);
  if (!sock) return;
  if (m.buf[sock.s + S_STATE] !== ST_LISTENING) {
    m.fail(t, f, instr, EINVAL);
    return;
  }
  if (m.buf[sock.s + S_COUNT] === 0) {
    m.fail(t, f, instr, EAGAIN);
    return;
  }
  const [server] = shiftItem(m, sock.id, 1);
  const fd = installFile(m, p, addObject(m, K_FILE, [server!, FL_READ | FL_WRITE]));
  if (fd >= 0) m.complete(f, instr, fd);
}

export function setsockopt(m: Machine, p: number, t: number, f: number, instr: Instr): void {
  const sock = badSocket(m, p, t, f, instr);
  if (!sock) return;
  // setsockopt(fd, SO_RCVTIMEO, t) or the C shape setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, t)
  const four = instr.args.length === 4;
  const option = m.reg(f, instr.args[four ? 2 : 1]!);
  const value = m.reg(f, instr.args[four ? 3 : 2]!);
  if (option !== SO_RCVTIMEO) {
    m.fail(t, f, instr, EINVAL);
    return;
  }
  m.buf[sock.s + S_TIMEOUT] = value > 0 ? 1 : 0;
  m.complete(f, instr, 0);
}

/** Whether an end's peer is gone: no description opens it any more (closed everywhere). */
function peerGone(m: Machine, s: number): boolean {
  const peer = m.buf[s + S_PEER]!;
  if (peer === 0 || findObject(m, peer) < 0) return true;
  const files = objectsOf(m, K_FILE).some((o) => m.buf[o + FILE_TARGET] === peer);
  if (files) return false;
  // not accepted yet: the peer lives in a listener's queue
  for (const o of objectsOf(m, K_SOCK)) {
    if (m.buf[o + S_STATE] !== ST_LISTENING) continue;
    for (let i = 0; i < m.buf[o + S_COUNT]!; i++) if (m.buf[o + S_ITEMS + i] === peer) return false;
  }
  return true;
}

// ---------------------------------------------------------------- stream data

export function sendEnabled(m: Machine, p: number, t: number, f: number, instr: Instr): number {
  const sock = socketOf(m, p, m.reg(f, instr.args[0]!));
  if (!sock || m.buf[sock.s + S_TYPE] !== SOCK_STREAM || m.buf[sock.s + S_STATE] !== ST_CONNECTED) return 1;
  if ((m.buf[sock.file + FILE_FLAGS]! & FL_NONBLOCK) !== 0 || peerGone(m, sock.s)) return 1;
  const peer = findObject(m, m.buf[sock.s + S_PEER]!);
  const free = m.model.options.pipeCapacity - m.strings.text(m.buf[peer + S_DATA]!).length;
  const left = m.strings.text(m.reg(f, instr.args[1]!)).length - m.buf[t + T_PROGRESS]!;
  return left <= m.model.options.pipeBuf ? (free >= left ? 1 : 0) : free > 0 ? 1 : 0;
}

export function send(m: Machine, p: number, t: number, f: number, instr: Instr): void {
  const sock = badSocket(m, p, t, f, instr);
  if (!sock) return;
  if (m.buf[sock.s + S_STATE] !== ST_CONNECTED) {
    m.fail(t, f, instr, ENOTCONN);
    return;
  }
  if (peerGone(m, sock.s)) {
    m.buf[t + T_PROGRESS] = 0;
    m.fail(t, f, instr, EPIPE);
    sendSignal(m, p, SIGPIPE, t, instr);
    deliverNow(m, p, t, instr);
    return;
  }
  const text = m.strings.text(m.reg(f, instr.args[1]!));
  const done = m.buf[t + T_PROGRESS]!;
  const peer = findObject(m, m.buf[sock.s + S_PEER]!);
  const data = m.strings.text(m.buf[peer + S_DATA]!);
  const free = m.model.options.pipeCapacity - data.length;
  const left = text.length - done;
  if (free <= 0 || (left <= m.model.options.pipeBuf && free < left)) {
    m.buf[t + T_PROGRESS] = 0;
    if (done > 0) m.complete(f, instr, done);
    else m.fail(t, f, instr, EAGAIN); // O_NONBLOCK: else the call waits
    return;
  }
  const k = Math.min(free, left);
  m.buf[peer + S_DATA] = m.strings.intern(data + text.slice(done, done + k));
  if (done + k === text.length || (m.buf[sock.file + FILE_FLAGS]! & FL_NONBLOCK) !== 0) {
    m.buf[t + T_PROGRESS] = 0;
    m.complete(f, instr, done + k);
  } else m.buf[t + T_PROGRESS] = done + k;
}

export function recvEnabled(m: Machine, p: number, f: number, instr: Instr): number {
  const sock = socketOf(m, p, m.reg(f, instr.args[0]!));
  if (!sock) return 1;
  if (m.buf[sock.s + S_TIMEOUT] !== 0 || (m.buf[sock.file + FILE_FLAGS]! & FL_NONBLOCK) !== 0) return 1;
  if (m.buf[sock.s + S_TYPE] === SOCK_DGRAM) return m.buf[sock.s + S_COUNT]! > 0 ? 1 : 0;
  if (m.buf[sock.s + S_STATE] !== ST_CONNECTED) return 1;
  return m.buf[sock.s + S_DATA]! > 0 || peerGone(m, sock.s) ? 1 : 0;
}

/** A receive with SO_RCVTIMEO and nothing arrived: it may be waiting, and a signal makes it fail with EINTR even under SA_RESTART (signal(7)). */
export function timedReceiveWaiting(m: Machine, p: number, f: number, instr: Instr): boolean {
  const sock = socketOf(m, p, m.reg(f, instr.args[0]!));
  if (!sock || m.buf[sock.s + S_TIMEOUT] === 0) return false;
  return m.buf[sock.s + S_TYPE] === SOCK_DGRAM ? m.buf[sock.s + S_COUNT] === 0 : m.buf[sock.s + S_DATA] === 0 && !peerGone(m, sock.s);
}

export function recv(m: Machine, p: number, t: number, f: number, instr: Instr): void {
  const sock = badSocket(m, p, t, f, instr);
  if (!sock) return;
  if (m.buf[sock.s + S_TYPE] === SOCK_DGRAM) {
    recvfrom(m, p, t, f, instr, false);
    return;
  }
  if (m.buf[sock.s + S_STATE] !== ST_CONNECTED) {
    m.fail(t, f, instr, ENOTCONN);
    return;
  }
  const n = m.reg(f, instr.args[1]!);
  const data = m.strings.text(m.buf[sock.s + S_DATA]!);
  if (data.length > 0) {
    const k = Math.max(0, Math.min(n, data.length));
    m.buf[sock.s + S_DATA] = m.strings.intern(data.slice(k));
    m.complete(f, instr, m.strings.intern(data.slice(0, k)));
    return;
  }
  if (peerGone(m, sock.s)) {
    m.complete(f, instr, 0); // "": the peer closed and the data are read
    return;
  }
  m.fail(t, f, instr, EAGAIN); // time-out (SO_RCVTIMEO) or O_NONBLOCK
}

// ---------------------------------------------------------------- datagrams

/**
 * How a sendto can end (LANGUAGE.md §3 "netFaults"): an AF_INET datagram is sent; with loss, or it
 * is lost; with duplication and reordering, or it is sent twice. Both are decided at the send: a
 * datagram in flight is seen by no process, so losing it later reaches nothing that losing it at
 * once does not; and where datagrams may overtake one another, a copy made later may as well be made
 * at once (network.ts). Without reordering a copy made later comes behind what was sent since, so
 * duplication stays a network event then.
 */
export function sendtoChoices(m: Machine, p: number, f: number, instr: Instr): number {
  const faults = m.model.options.netFaults;
  if (faults.length === 0) return 1;
  const sock = socketOf(m, p, m.reg(f, instr.args[0]!));
  if (!sock || m.buf[sock.s + S_TYPE] !== SOCK_DGRAM || m.buf[sock.s + S_DOMAIN] !== AF_INET) return 1;
  return 1 + (lostAtSend(m) ? 1 : 0) + (duplicatedAtSend(m) ? 1 : 0);
}

/** `choice` 1 and up: the datagram is lost on the way, or sent twice (sendtoChoices). */
export function sendto(m: Machine, p: number, t: number, f: number, instr: Instr, choice = 0): void {
  const sock = badSocket(m, p, t, f, instr);
  if (!sock) return;
  const data = m.reg(f, instr.args[1]!);
  const to = m.reg(f, instr.args[2]!);
  const domain = m.buf[sock.s + S_DOMAIN]!;
  if (m.buf[sock.s + S_TYPE] !== SOCK_DGRAM) {
    m.fail(t, f, instr, EISCONN);
    return;
  }
  const length = m.strings.text(data).length;
  if (domain === AF_UNIX) {
    // unix(7): at once, in order, to the socket bound at the path
    const dest = boundAt(m, AF_UNIX, to, SOCK_DGRAM);
    if (dest < 0) {
      m.fail(t, f, instr, boundAt(m, AF_UNIX, to, 0) >= 0 ? ECONNREFUSED : ENOENT);
      return;
    }
    pushItem(m, m.buf[dest + OB_ID]!, [data, m.buf[sock.s + S_ADDR]!]);
    m.complete(f, instr, length);
    return;
  }
  // ip(7): an unbound sender gets an ephemeral port
  if (m.buf[sock.s + S_ADDR] === -1) m.buf[sock.s + S_ADDR] = ephemeralPort(m);
  const from = m.buf[sock.s + S_ADDR]!;
  const lost = choice === 1 && lostAtSend(m);
  if (lost) {
    if (m.tracing) m.info.events.push(`the datagram ${JSON.stringify(m.strings.text(data))} from port ${from} to port ${to} is lost`);
  } else {
    sendDatagram(m, from, to, data, choice > 0);
    if (choice > 0 && m.tracing) m.info.events.push(`the datagram ${JSON.stringify(m.strings.text(data))} from port ${from} to port ${to} is duplicated`);
  }
  m.complete(f, instr, length);
}

/** ip(7): the first port of the ephemeral range (net.ipv4.ip_local_port_range), where an unbound sender's port is found */
export const EPHEMERAL_FIRST = 32768;

function ephemeralPort(m: Machine): number {
  let port = EPHEMERAL_FIRST;
  while (boundAt(m, AF_INET, port, 0) >= 0) port++;
  return port;
}

export function recvfrom(m: Machine, p: number, t: number, f: number, instr: Instr, tuple = true): void {
  const sock = badSocket(m, p, t, f, instr);
  if (!sock) return;
  if (m.buf[sock.s + S_TYPE] !== SOCK_DGRAM) {
    m.fail(t, f, instr, EOPNOTSUPP);
    return;
  }
  if (m.buf[sock.s + S_COUNT] === 0) {
    m.fail(t, f, instr, EAGAIN); // time-out (SO_RCVTIMEO) or O_NONBLOCK
    return;
  }
  const n = m.reg(f, instr.args[1]!);
  const [data, from] = shiftItem(m, sock.id, 2);
  // a datagram longer than n is cut to n bytes, the rest discarded (unix(7), udp(7))
  const text = m.strings.text(data!).slice(0, Math.max(0, n));
  const dataId = m.strings.intern(text);
  m.complete(f, instr, tuple ? m.tuples.intern([dataId, from!]) : dataId);
}

/** Appends items to a socket's queue. */
export function pushItem(m: Machine, id: number, items: readonly number[]): void {
  const o = findObject(m, id);
  const count = m.buf[o + S_COUNT]!;
  const width = m.buf[o + S_TYPE] === SOCK_DGRAM ? 2 : 1;
  const s = resizeObject(m, id, items.length);
  for (let i = 0; i < items.length; i++) m.buf[s + S_ITEMS + count * width + i] = items[i]!;
  m.buf[s + S_COUNT] = count + 1;
}

function shiftItem(m: Machine, id: number, width: number): number[] {
  const o = findObject(m, id);
  const count = m.buf[o + S_COUNT]!;
  const items = Array.from(m.buf.subarray(o + S_ITEMS, o + S_ITEMS + width));
  m.buf.copyWithin(o + S_ITEMS, o + S_ITEMS + width, o + S_ITEMS + count * width);
  m.buf[o + S_COUNT] = count - 1;
  resizeObject(m, id, -width);
  return items;
}

