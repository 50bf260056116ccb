// Pipes (LANGUAGE.md §3; pipe(7), read(2), write(2)). A pipe holds a byte string of at most
// pipeCapacity bytes. read() blocks while the pipe is empty and a write end is open, and returns up
// to n of the available bytes, or "" at end of file. write() of up to PIPE_BUF bytes is one step once
// all fit; a larger one moves what fits, step by step, interleaved with other writers. With no read
// end open the writer gets SIGPIPE, then -1/EPIPE. With O_NONBLOCK, read fails with EAGAIN instead of
// blocking, and write is whole or EAGAIN (up to PIPE_BUF) or partial.
// FIFOs (fifos.ts) use the same pipe object, named by a path.
import type { Instr } from "../../model/model.js";
import { EAGAIN, EBADF, EPIPE } from "../../model/constants.js";
import { SIGPIPE } from "../../model/signals.js";
import { K_PIPE, OB_FIELDS, OB_KIND, T_PROGRESS } from "../state-layout.js";
import { addObject, findObject } from "../kernel.js";
import type { Machine } from "../machine.js";
import { FILE_FLAGS, FILE_TARGET, FL_NONBLOCK, FL_READ, FL_WRITE, endsOf, fdEntry, isStdout, openFile } from "./descriptors.js";
import { print } from "./output.js";
import { deliverNow, sendSignal } from "./signals.js";

export const PIPE_DATA = OB_FIELDS;
export const PIPE_FIFO = OB_FIELDS + 1;

export function pipe(m: Machine, p: number, _t: number, f: number, instr: Instr): void {
  const id = addObject(m, K_PIPE, [0, 0]);
  const r = openFile(m, p, id, FL_READ);
  if (r < 0) return;
  const w = openFile(m, p, id, FL_WRITE);
  if (w < 0) return;
  m.complete(f, instr, m.tuples.intern([r, w]));
}

/** The pipe an open description reads or writes, or -1. */
function pipeOf(m: Machine, file: number): number {
  const o = findObject(m, m.buf[file + FILE_TARGET]!);
  return o >= 0 && m.buf[o + OB_KIND] === K_PIPE ? o : -1;
}

interface Endpoint {
  file: number;
  pipe: number;
  id: number;
  flags: number;
}

function endpoint(m: Machine, p: number, fd: number, want: number): Endpoint | null {
  const e = fdEntry(m, p, fd);
  if (e === null || e <= 0) return null;
  const file = findObject(m, e);
  const flags = m.buf[file + FILE_FLAGS]!;
  if ((flags & want) === 0) return null;
  const pipe = pipeOf(m, file);
  if (pipe < 0) return null;
  return { file, pipe, id: m.buf[file + FILE_TARGET]!, flags };
}

// ---------------------------------------------------------------- read

export function readEnabled(m: Machine, p: number, f: number, instr: Instr): number {
  const ep = endpoint(m, p, m.reg(f, instr.args[0]!), FL_READ);
  if (!ep || m.reg(f, instr.args[1]!) <= 0) return 1; // EBADF, or read(fd, 0): at once
  if (m.buf[ep.pipe + PIPE_DATA]! > 0 || (ep.flags & FL_NONBLOCK) !== 0) return 1;
  return endsOf(m, ep.id).writers === 0 ? 1 : 0;
}

export function read(m: Machine, p: number, t: number, f: number, instr: Instr): void {
  const ep = endpoint(m, p, m.reg(f, instr.args[0]!), FL_READ);
  if (!ep) {
    m.fail(t, f, instr, EBADF);
    return;
  }
  const n = m.reg(f, instr.args[1]!);
  const data = m.strings.text(m.buf[ep.pipe + PIPE_DATA]!);
  if (n <= 0) {
    m.complete(f, instr, 0); // read(2): a count of 0 returns at once
    return;
  }
  if (data.length > 0) {
    const k = Math.max(0, Math.min(n, data.length));
    m.buf[ep.pipe + PIPE_DATA] = m.strings.intern(data.slice(k));
    m.complete(f, instr, m.strings.intern(data.slice(0, k)));
    return;
  }
  if (endsOf(m, ep.id).writers === 0) {
    m.complete(f, instr, 0); // "": end of file
    return;
  }
  // empty, a writer open, O_NONBLOCK: read(2) EAGAIN; the call returns null
  m.fail(t, f, instr, EAGAIN);
}

// ---------------------------------------------------------------- write

export function writeEnabled(m: Machine, p: number, t: number, f: number, instr: Instr): number {
  const fd = m.reg(f, instr.args[0]!);
  if (isStdout(fdEntry(m, p, fd)) || m.layout.fds === 0) return 1;
  const ep = endpoint(m, p, fd, FL_WRITE);
  if (!ep || (ep.flags & FL_NONBLOCK) !== 0 || m.reg(f, instr.args[1]!) === 0) return 1;
  if (endsOf(m, ep.id).readers === 0) return 1; // EPIPE at once
  const free = m.model.options.pipeCapacity - m.strings.text(m.buf[ep.pipe + PIPE_DATA]!).length;
  const left = m.strings.text(m.reg(f, instr.args[1]!)).length - m.buf[t + T_PROGRESS]!;
  return left <= m.model.options.pipeBuf ? (free >= left ? 1 : 0) : free > 0 ? 1 : 0;
}

export function write(m: Machine, p: number, t: number, f: number, instr: Instr): void {
  const fd = m.reg(f, instr.args[0]!);
  const entry = m.layout.fds === 0 ? (fd === 1 || fd === 2 ? -2 : null) : fdEntry(m, p, fd);
  if (isStdout(entry)) {
    print(m, f, instr, instr.args[1]!);
    return;
  }
  const ep = endpoint(m, p, fd, FL_WRITE);
  if (!ep) {
    m.fail(t, f, instr, EBADF);
    return;
  }
  const text = m.strings.text(m.reg(f, instr.args[1]!));
  const done = m.buf[t + T_PROGRESS]!;
  if (text.length === 0) {
    m.complete(f, instr, 0); // pipe(7): writing nothing returns 0, reader or not
    return;
  }
  if (endsOf(m, ep.id).readers === 0) {
    // pipe(7): no reader left: SIGPIPE to the writing thread, then EPIPE (or the bytes already moved)
    m.buf[t + T_PROGRESS] = 0;
    if (done > 0) m.complete(f, instr, done);
    else m.fail(t, f, instr, EPIPE);
    sendSignal(m, p, SIGPIPE, t, instr);
    deliverNow(m, m.findProc(m.pidOf(p)), t, instr);
    return;
  }
  const capacity = m.model.options.pipeCapacity;
  const data = m.strings.text(m.buf[ep.pipe + PIPE_DATA]!);
  const free = capacity - data.length;
  const left = text.length - done;
  const nonblock = (ep.flags & FL_NONBLOCK) !== 0;
  if (left <= m.model.options.pipeBuf) {
    if (free < left) {
      // only reached with O_NONBLOCK: a small write is whole or nothing
      m.fail(t, f, instr, EAGAIN);
      return;
    }
    m.buf[ep.pipe + PIPE_DATA] = m.strings.intern(data + text.slice(done));
    m.buf[t + T_PROGRESS] = 0;
    m.complete(f, instr, text.length);
    return;
  }
  if (free === 0) {
    m.buf[t + T_PROGRESS] = 0;
    if (done > 0) m.complete(f, instr, done);
    else m.fail(t, f, instr, EAGAIN);
    return;
  }
  const k = Math.min(free, left);
  m.buf[ep.pipe + PIPE_DATA] = m.strings.intern(data + text.slice(done, done + k));
  if (done + k === text.length || nonblock) {
    m.buf[t + T_PROGRESS] = 0;
    m.complete(f, instr, done + k);
  } else {
    m.buf[t + T_PROGRESS] = done + k; // more to write in later steps
  }
}
