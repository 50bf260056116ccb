// Descriptors (LANGUAGE.md §3 "Descriptors"; open(2), close(2), fcntl(2), fork(2)): a per-process
// table of descriptors, each naming an open file description (a kernel object) that fork shares
// between parent and child. An end of a pipe, FIFO or queue is open while some descriptor, in any
// process, names a description of it; the last close of an end is what readers and writers see.
// Left out: dup/dup2, close-on-exec, file offsets (there are no regular files).
import type { Instr } from "../../model/model.js";
import { AF_UNIX, EBADF, EINVAL } from "../../model/constants.js";
import { FD_STDERR, FD_STDOUT, K_FILE, K_MQ, K_PIPE, K_SOCK, OB_FIELDS, OB_KIND, OB_LEN, P_STATE, PROC_ALIVE } from "../state-layout.js";
import { addObject, findObject, objectsOf, removeObject, resizeObject } from "../kernel.js";
import { ST_CLOSED, ST_LISTENING, S_ADDR, S_COUNT, S_DATA, S_DOMAIN, S_ITEMS, S_PEER, S_STATE } from "./sockets.js";
import type { Machine } from "../machine.js";

/** Open file description fields: the object it opens, and its flags. */
export const FILE_TARGET = OB_FIELDS;
export const FILE_FLAGS = OB_FIELDS + 1;
export const FL_READ = 1;
export const FL_WRITE = 2;
export const FL_NONBLOCK = 2048; // O_NONBLOCK's value: fcntl(F_SETFL) takes it as it is
/** a FIFO opener still waiting for the other side */
export const FL_PENDING = 1 << 20;
/** a FIFO opener's description not in its table yet (waiting, or woken and about to return) */
export const FL_OPENING = 1 << 21;

const F_GETFL = 3;
const F_SETFL = 4;

/** The entry of descriptor fd in process p: 0 closed, < 0 a standard stream, > 0 a description id; null when fd is out of range. */
export function fdEntry(m: Machine, p: number, fd: number): number | null {
  const L = m.layout;
  if (fd < 0 || fd >= L.fds) return null;
  return m.buf[p + L.fdsAt + fd]!;
}

/** The open file description object named by fd, or -1 (closed, standard stream, out of range). */
export function fileOf(m: Machine, p: number, fd: number): number {
  const e = fdEntry(m, p, fd);
  return e !== null && e > 0 ? findObject(m, e) : -1;
}

/** Opens a description of `target` with `flags` in process p; returns the new descriptor, or -1 when the table is full (a bound). */
export function openFile(m: Machine, p: number, target: number, flags: number): number {
  return installFile(m, p, addObject(m, K_FILE, [target, flags]));
}

/** Puts description `id` in p's lowest free descriptor; -1 when the table is full (a bound). */
export function installFile(m: Machine, p: number, id: number): number {
  const L = m.layout;
  let fd = 0;
  while (fd < L.fds && m.buf[p + L.fdsAt + fd] !== 0) fd++;
  if (fd === L.fds) {
    m.bound = `descriptors (${L.fds} open in one process)`;
    m.dead = true;
    return -1;
  }
  m.buf[p + L.fdsAt + fd] = id;
  return fd;
}

/** How many descriptors, over all live processes, name description `file`. */
function references(m: Machine, file: number): number {
  const L = m.layout;
  let n = 0;
  for (let q = m.firstProc(), i = m.nproc(); i > 0; i--, q = m.nextProc(q)) {
    for (let fd = 0; fd < L.fds; fd++) if (m.buf[q + L.fdsAt + fd] === file) n++;
  }
  return n;
}

/** How many descriptors of the processes other than `except` (-1: of all) name a description of `target`. */
export function descriptorsOpenOn(m: Machine, target: number, except = -1): number {
  const L = m.layout;
  let n = 0;
  for (let q = m.firstProc(), i = m.nproc(); i > 0; i--, q = m.nextProc(q)) {
    if (q === except) continue;
    for (let fd = 0; fd < L.fds; fd++) {
      const id = m.buf[q + L.fdsAt + fd]!;
      if (id > 0 && m.buf[findObject(m, id) + FILE_TARGET] === target) n++;
    }
  }
  return n;
}

/** Descriptors open on `target`, for reading and for writing, over all live processes. */
export function endsOf(m: Machine, target: number): { readers: number; writers: number } {
  const L = m.layout;
  let readers = 0;
  let writers = 0;
  for (let q = m.firstProc(), i = m.nproc(); i > 0; i--, q = m.nextProc(q)) {
    for (let fd = 0; fd < L.fds; fd++) {
      const id = m.buf[q + L.fdsAt + fd]!;
      if (id <= 0) continue;
      const o = findObject(m, id);
      if (m.buf[o + FILE_TARGET] !== target) continue;
      const flags = m.buf[o + FILE_FLAGS]!;
      if (flags & FL_READ) readers++;
      if (flags & FL_WRITE) writers++;
    }
  }
  // FIFO openers count from the moment they start waiting (fifo(7), as Linux counts them)
  for (const o of objectsOf(m, K_FILE)) {
    const flags = m.buf[o + FILE_FLAGS]!;
    if ((flags & FL_OPENING) === 0 || m.buf[o + FILE_TARGET] !== target) continue;
    if (flags & FL_READ) readers++;
    if (flags & FL_WRITE) writers++;
  }
  return { readers, writers };
}

/** Who holds an end of `target` open: "pid 2 (fd 4)" for each descriptor, for explanations. */
export function holders(m: Machine, target: number, flag: number): { pid: number; fd: number }[] {
  const L = m.layout;
  const out: { pid: number; fd: number }[] = [];
  for (let q = m.firstProc(), i = m.nproc(); i > 0; i--, q = m.nextProc(q)) {
    if (m.buf[q + P_STATE] !== PROC_ALIVE) continue;
    for (let fd = 0; fd < L.fds; fd++) {
      const id = m.buf[q + L.fdsAt + fd]!;
      if (id <= 0) continue;
      const o = findObject(m, id);
      if (m.buf[o + FILE_TARGET] === target && (m.buf[o + FILE_FLAGS]! & flag) !== 0) out.push({ pid: m.pidOf(q), fd });
    }
  }
  return out;
}

/** Closes descriptor fd of process p; the description goes with its last descriptor, and what it opened with its last description. */
export function closeFd(m: Machine, p: number, fd: number): void {
  const L = m.layout;
  const id = m.buf[p + L.fdsAt + fd]!;
  m.buf[p + L.fdsAt + fd] = 0;
  if (id <= 0 || references(m, id) > 0) return;
  const o = findObject(m, id);
  const target = m.buf[o + FILE_TARGET]!;
  removeObject(m, id);
  releaseTarget(m, target);
}

/** An object that no description opens any more: a pipe goes (its data with it); a FIFO's buffer too. */
function releaseTarget(m: Machine, target: number): void {
  for (const o of objectsOf(m, K_FILE)) if (m.buf[o + FILE_TARGET] === target) return;
  const t = findObject(m, target);
  if (t < 0) return;
  const kind = m.buf[t + OB_KIND]!;
  if (kind === K_PIPE) {
    const node = m.buf[t + OB_FIELDS + 1]!; // the FIFO it buffers, if any
    removeObject(m, target);
    if (node > 0) {
      const n = findObject(m, node);
      if (n >= 0) m.buf[n + OB_FIELDS + 1] = 0;
    }
  } else if (kind === K_MQ && m.buf[t + OB_FIELDS + 2] === 1) {
    removeObject(m, target); // unlinked and closed by all: gone
  } else if (kind === K_SOCK) {
    releaseSocket(m, target);
  }
}

/**
 * A socket no descriptor names any more. A listener's connections not yet accepted go with it (their
 * clients see end of file). An AF_UNIX socket bound to a path leaves the path taken until unlink
 * (unix(7)): it stays as a closed socket that refuses connections; any other socket goes.
 */
function releaseSocket(m: Machine, id: number): void {
  const s = findObject(m, id);
  if (m.buf[s + S_STATE] === ST_LISTENING) {
    const queued = Array.from(m.buf.subarray(s + S_ITEMS, s + S_ITEMS + m.buf[s + S_COUNT]!));
    for (const q of queued) removeObject(m, q);
  }
  const o = findObject(m, id);
  if (m.buf[o + S_DOMAIN] === AF_UNIX && m.buf[o + S_ADDR] !== -1) {
    m.buf[o + S_STATE] = ST_CLOSED;
    m.buf[o + S_PEER] = 0;
    m.buf[o + S_DATA] = 0;
    const extra = m.buf[o + OB_LEN]! - (S_ITEMS);
    m.buf[o + S_COUNT] = 0;
    if (extra > 0) resizeObject(m, id, -extra);
    return;
  }
  removeObject(m, id);
}

/** A process ends: its descriptors are closed (LANGUAGE.md §3 exit). */
export function closeAll(m: Machine, p: number): void {
  for (let fd = 0; fd < m.layout.fds; fd++) if (m.buf[p + m.layout.fdsAt + fd] !== 0) closeFd(m, p, fd);
}

export function close(m: Machine, p: number, t: number, f: number, instr: Instr): void {
  const fd = m.reg(f, instr.args[0]!);
  const e = fdEntry(m, p, fd);
  if (e === null || e === 0) {
    m.fail(t, f, instr, EBADF);
    return;
  }
  closeFd(m, p, fd);
  m.complete(f, instr, 0);
}

/** fcntl(fd, F_SETFL, O_NONBLOCK) and F_GETFL: the flag belongs to the description (shared across fork). */
export function fcntl(m: Machine, p: number, t: number, f: number, instr: Instr): void {
  const fd = m.reg(f, instr.args[0]!);
  const cmd = m.reg(f, instr.args[1]!);
  const o = fileOf(m, p, fd);
  const e = fdEntry(m, p, fd);
  if (e === null || e === 0) {
    m.fail(t, f, instr, EBADF);
    return;
  }
  if (cmd === F_GETFL) {
    m.complete(f, instr, o < 0 ? 0 : m.buf[o + FILE_FLAGS]! & FL_NONBLOCK);
    return;
  }
  if (cmd !== F_SETFL) {
    m.fail(t, f, instr, EINVAL);
    return;
  }
  const arg = instr.args.length > 2 ? m.reg(f, instr.args[2]!) : 0;
  if (o >= 0) m.buf[o + FILE_FLAGS] = (m.buf[o + FILE_FLAGS]! & ~FL_NONBLOCK) | (arg & FL_NONBLOCK);
  m.complete(f, instr, 0);
}

export function isStdout(entry: number | null): boolean {
  return entry === FD_STDOUT || entry === FD_STDERR;
}

