// FIFOs (LANGUAGE.md §3; fifo(7), mkfifo(3), open(2)): a named pipe. Opening for reading blocks until
// some process opens it for writing, and the reverse; Linux counts an opener as a reader (or writer)
// from the moment it starts waiting, so two openers meet whichever comes first. O_RDWR does not block.
// With O_NONBLOCK a read-open succeeds at once and a write-open with no reader fails with ENXIO.
// unlink removes the name; open descriptors keep the pipe. The bytes go through pipes.ts.
// Left out: regular files (open of a path that is not a FIFO fails with ENOENT), permissions.
import type { Instr } from "../../model/model.js";
import { AF_UNIX, EEXIST, ENOENT, ENXIO } from "../../model/constants.js";
import { K_FIFO, K_FILE, K_PIPE, OB_FIELDS, OB_ID, T_PROGRESS } from "../state-layout.js";
import { addObject, findObject, objectsOf, removeObject } from "../kernel.js";
import type { Machine } from "../machine.js";
import { FILE_FLAGS, FILE_TARGET, FL_NONBLOCK, FL_OPENING, FL_PENDING, FL_READ, FL_WRITE, endsOf, installFile, openFile } from "./descriptors.js";
import { PIPE_FIFO } from "./pipes.js";
import { ST_CLOSED, S_ADDR, S_STATE, boundAt } from "./sockets.js";

export const FIFO_PATH = OB_FIELDS;
export const FIFO_PIPE = OB_FIELDS + 1;

const O_ACCMODE = 3;
const O_WRONLY = 1;
const O_RDWR = 2;

/** The FIFO node at `path` (an interned string), or -1. */
export function fifoByPath(m: Machine, path: number): number {
  for (const o of objectsOf(m, K_FIFO)) if (m.buf[o + FIFO_PATH] === path) return o;
  return -1;
}

export function mkfifo(m: Machine, _p: number, t: number, f: number, instr: Instr): void {
  const path = m.reg(f, instr.args[0]!);
  if (fifoByPath(m, path) >= 0 || boundAt(m, AF_UNIX, path, 0) >= 0) {
    m.fail(t, f, instr, EEXIST);
    return;
  }
  addObject(m, K_FIFO, [path, 0]);
  m.complete(f, instr, 0);
}

export function unlink(m: Machine, _p: number, t: number, f: number, instr: Instr): void {
  const path = m.reg(f, instr.args[0]!);
  const node = fifoByPath(m, path);
  if (node < 0) {
    // a path a Unix socket is bound to: the name goes; a closed socket with it
    const s = boundAt(m, AF_UNIX, path, 0);
    if (s < 0) {
      m.fail(t, f, instr, ENOENT);
      return;
    }
    if (m.buf[s + S_STATE] === ST_CLOSED) removeObject(m, m.buf[s + OB_ID]!);
    else m.buf[s + S_ADDR] = -1;
    m.complete(f, instr, 0);
    return;
  }
  const pipeId = m.buf[node + FIFO_PIPE]!;
  removeObject(m, m.buf[node + OB_ID]!);
  if (pipeId > 0) {
    const pipe = findObject(m, pipeId);
    if (pipe >= 0) m.buf[pipe + PIPE_FIFO] = 0;
  }
  m.complete(f, instr, 0);
}

/** Descriptions of `pipe` whose opener still waits, with `flag`. */
function pending(m: Machine, pipe: number, flag: number): number[] {
  return objectsOf(m, K_FILE).filter((o) => m.buf[o + FILE_TARGET] === pipe && (m.buf[o + FILE_FLAGS]! & (FL_PENDING | flag)) === (FL_PENDING | flag));
}

/** The openers waiting on the other side may go on. */
function wake(m: Machine, pipe: number, flag: number): void {
  for (const o of pending(m, pipe, flag)) m.buf[o + FILE_FLAGS] = m.buf[o + FILE_FLAGS]! & ~FL_PENDING;
}

export function openEnabled(m: Machine, t: number): number {
  const waiting = m.buf[t + T_PROGRESS]!;
  if (waiting >= 0) return 1;
  const o = findObject(m, -waiting);
  return o >= 0 && (m.buf[o + FILE_FLAGS]! & FL_PENDING) === 0 ? 1 : 0;
}

export function open(m: Machine, p: number, t: number, f: number, instr: Instr): void {
  const waiting = m.buf[t + T_PROGRESS]!;
  if (waiting < 0) {
    // the other side came: the open completes
    m.buf[t + T_PROGRESS] = 0;
    const o = findObject(m, -waiting);
    m.buf[o + FILE_FLAGS] = m.buf[o + FILE_FLAGS]! & ~FL_OPENING;
    const fd = installFile(m, p, -waiting);
    if (fd >= 0) m.complete(f, instr, fd);
    return;
  }
  const path = m.reg(f, instr.args[0]!);
  const flags = m.reg(f, instr.args[1]!);
  const node = fifoByPath(m, path);
  if (node < 0) {
    m.fail(t, f, instr, ENOENT);
    return;
  }
  let pipe = m.buf[node + FIFO_PIPE]!;
  if (pipe === 0) {
    const nodeId = m.buf[node + OB_ID]!;
    pipe = addObject(m, K_PIPE, [0, nodeId]);
    m.buf[findObject(m, nodeId) + FIFO_PIPE] = pipe;
  }
  const mode = flags & O_ACCMODE;
  const nonblock = flags & FL_NONBLOCK;
  if (mode === O_RDWR) {
    const fd = openFile(m, p, pipe, FL_READ | FL_WRITE | nonblock);
    wake(m, pipe, FL_READ);
    wake(m, pipe, FL_WRITE);
    if (fd >= 0) m.complete(f, instr, fd);
    return;
  }
  const side = mode === O_WRONLY ? FL_WRITE : FL_READ;
  const other = side === FL_WRITE ? FL_READ : FL_WRITE;
  const ends = endsOf(m, pipe);
  const peers = other === FL_WRITE ? ends.writers : ends.readers;
  if (peers > 0 || (side === FL_READ && nonblock !== 0)) {
    const fd = openFile(m, p, pipe, side | nonblock);
    wake(m, pipe, other);
    if (fd >= 0) m.complete(f, instr, fd);
    return;
  }
  if (nonblock !== 0) {
    m.fail(t, f, instr, ENXIO); // fifo(7): a non-blocking write-open with no reader
    return;
  }
  // wait for the other side, counted as an opener from now on
  const id = addObject(m, K_FILE, [pipe, side | FL_PENDING | FL_OPENING]);
  m.buf[t + T_PROGRESS] = -id;
}

/** An open that waited no longer: its waiting description goes (interrupted, or its process ended). */
export function abandonOpen(m: Machine, t: number): void {
  const waiting = m.buf[t + T_PROGRESS]!;
  if (waiting >= 0) return;
  m.widen();
  m.buf[t + T_PROGRESS] = 0;
  removeObject(m, -waiting);
}
