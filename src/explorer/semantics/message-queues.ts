// POSIX message queues (LANGUAGE.md §3; mq_overview(7), mq_send(3), mq_receive(3)). A queue holds at
// most maxmsg messages (10 by default); mq_send blocks while it is full, mq_receive while it is empty
// (there is no end of file: a receiver with no sender left waits for ever); the highest priority comes
// first, FIFO within one. mq_unlink removes the name; the queue lives on while descriptors name it.
// With O_NONBLOCK a full send or an empty receive fails with EAGAIN.
// Left out: mq_notify, mq_getattr/mq_setattr, message size limits.
import type { Instr } from "../../model/model.js";
import { EAGAIN, EBADF, EEXIST, ENOENT } from "../../model/constants.js";
import { K_FILE, K_MQ, OB_FIELDS } from "../state-layout.js";
import { addObject, findObject, objectsOf, removeObject, resizeObject } from "../kernel.js";
import type { Machine } from "../machine.js";
import { FILE_FLAGS, FILE_TARGET, FL_NONBLOCK, FL_READ, FL_WRITE, closeFd, fdEntry, openFile } from "./descriptors.js";

export const MQ_NAME = OB_FIELDS;
export const MQ_MAX = OB_FIELDS + 1;
export const MQ_UNLINKED = OB_FIELDS + 2;
export const MQ_COUNT = OB_FIELDS + 3;
/** then MQ_COUNT pairs (priority, message) */
export const MQ_MESSAGES = OB_FIELDS + 4;

const O_ACCMODE = 3;
const O_WRONLY = 1;
const O_RDWR = 2;
const O_CREAT = 64;
const O_EXCL = 128;
const DEFAULT_MAXMSG = 10;

/** The queue named `name` (not unlinked), or -1. */
function byName(m: Machine, name: number): number {
  for (const o of objectsOf(m, K_MQ)) if (m.buf[o + MQ_NAME] === name && m.buf[o + MQ_UNLINKED] === 0) return o;
  return -1;
}

export function mqOpen(m: Machine, p: number, t: number, f: number, instr: Instr): void {
  const name = m.reg(f, instr.args[0]!);
  const flags = m.reg(f, instr.args[1]!);
  const maxmsg = instr.args.length > 2 ? m.reg(f, instr.args[2]!) : DEFAULT_MAXMSG;
  const o = byName(m, name);
  if (o >= 0 && (flags & O_CREAT) !== 0 && (flags & O_EXCL) !== 0) {
    m.fail(t, f, instr, EEXIST);
    return;
  }
  let id: number;
  if (o < 0) {
    if ((flags & O_CREAT) === 0) {
      m.fail(t, f, instr, ENOENT);
      return;
    }
    id = addObject(m, K_MQ, [name, Math.max(1, maxmsg), 0, 0]);
  } else id = m.buf[o + 2]!;
  const mode = flags & O_ACCMODE;
  const access = mode === O_RDWR ? FL_READ | FL_WRITE : mode === O_WRONLY ? FL_WRITE : FL_READ;
  const fd = openFile(m, p, id, access | (flags & FL_NONBLOCK));
  if (fd >= 0) m.complete(f, instr, fd);
}

function queueOf(m: Machine, p: number, fd: number, want: number): { file: number; q: number; id: number } | null {
  const e = fdEntry(m, p, fd);
  if (e === null || e <= 0) return null;
  const file = findObject(m, e);
  if ((m.buf[file + FILE_FLAGS]! & want) === 0) return null;
  const id = m.buf[file + FILE_TARGET]!;
  const q = findObject(m, id);
  if (q < 0 || m.buf[q + 1] !== K_MQ) return null;
  return { file, q, id };
}

export function mqSendEnabled(m: Machine, p: number, f: number, instr: Instr): number {
  const e = queueOf(m, p, m.reg(f, instr.args[0]!), FL_WRITE);
  if (!e || (m.buf[e.file + FILE_FLAGS]! & FL_NONBLOCK) !== 0) return 1;
  return m.buf[e.q + MQ_COUNT]! < m.buf[e.q + MQ_MAX]! ? 1 : 0;
}

export function mqReceiveEnabled(m: Machine, p: number, f: number, instr: Instr): number {
  const e = queueOf(m, p, m.reg(f, instr.args[0]!), FL_READ);
  if (!e || (m.buf[e.file + FILE_FLAGS]! & FL_NONBLOCK) !== 0) return 1;
  return m.buf[e.q + MQ_COUNT]! > 0 ? 1 : 0;
}

export function mqSend(m: Machine, p: number, t: number, f: number, instr: Instr): void {
  const e = queueOf(m, p, m.reg(f, instr.args[0]!), FL_WRITE);
  if (!e) {
    m.fail(t, f, instr, EBADF);
    return;
  }
  const msg = m.reg(f, instr.args[1]!);
  const prio = instr.args.length > 2 ? m.reg(f, instr.args[2]!) : 0;
  const count = m.buf[e.q + MQ_COUNT]!;
  if (count >= m.buf[e.q + MQ_MAX]!) {
    m.fail(t, f, instr, EAGAIN); // only with O_NONBLOCK: else the call blocks
    return;
  }
  // after the last message of the same or a higher priority
  let at = 0;
  while (at < count && m.buf[e.q + MQ_MESSAGES + 2 * at]! >= prio) at++;
  const q = resizeObject(m, e.id, 2);
  const base = q + MQ_MESSAGES;
  m.buf.copyWithin(base + 2 * at + 2, base + 2 * at, base + 2 * count);
  m.buf[base + 2 * at] = prio;
  m.buf[base + 2 * at + 1] = msg;
  m.buf[q + MQ_COUNT] = count + 1;
  m.complete(f, instr, 0);
}

export function mqReceive(m: Machine, p: number, t: number, f: number, instr: Instr): void {
  const e = queueOf(m, p, m.reg(f, instr.args[0]!), FL_READ);
  if (!e) {
    m.fail(t, f, instr, EBADF);
    return;
  }
  const count = m.buf[e.q + MQ_COUNT]!;
  if (count === 0) {
    m.fail(t, f, instr, EAGAIN);
    return;
  }
  const msg = m.buf[e.q + MQ_MESSAGES + 1]!;
  const base = e.q + MQ_MESSAGES;
  m.buf.copyWithin(base, base + 2, base + 2 * count);
  m.buf[e.q + MQ_COUNT] = count - 1;
  resizeObject(m, e.id, -2);
  m.complete(f, instr, msg);
}

export function mqClose(m: Machine, p: number, t: number, f: number, instr: Instr): void {
  const fd = m.reg(f, instr.args[0]!);
  if (!queueOf(m, p, fd, FL_READ | FL_WRITE)) {
    m.fail(t, f, instr, EBADF);
    return;
  }
  closeFd(m, p, fd);
  m.complete(f, instr, 0);
}

export function mqUnlink(m: Machine, _p: number, t: number, f: number, instr: Instr): void {
  const o = byName(m, m.reg(f, instr.args[0]!));
  if (o < 0) {
    m.fail(t, f, instr, ENOENT);
    return;
  }
  const id = m.buf[o + 2]!;
  m.buf[o + MQ_UNLINKED] = 1;
  // no description opens it any more: the queue goes with its name
  if (!objectsOf(m, K_FILE).some((file) => m.buf[file + FILE_TARGET] === id)) removeObject(m, id);
  m.complete(f, instr, 0);
}
