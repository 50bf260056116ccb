// Shared memory (LANGUAGE.md §3; shmget(2), shmat(2), shmctl(2), shm_open(3), ftruncate(2), mmap(2)):
// segments of 32-bit slots, zero-filled, shared by every process that attaches them (fork keeps the
// attachments), named in programs by a segment number (the Int32Array value). Plain a[i] reads and
// writes are one step each; Atomics operations are one indivisible step.
// Left out: detaching (shmdt succeeds and changes nothing), permissions, segment sizes in bytes
// (lengths count slots, as LANGUAGE.md says).
import type { Instr } from "../../model/model.js";
import { EINVAL, ENOENT, errnoValues } from "../../model/constants.js";
import { H_NEXT_SEG, K_SHM, OB_FIELDS, OB_ID } from "../state-layout.js";
import { addObject, findObject, objectsOf, resizeObject } from "../kernel.js";
import type { Machine } from "../machine.js";
import { FILE_TARGET, FL_READ, FL_WRITE, fileOf, openFile } from "./descriptors.js";

export const SHM_SEG = OB_FIELDS;
/** the key (System V) or the name's string id (POSIX); -1 for IPC_PRIVATE */
export const SHM_KEY = OB_FIELDS + 1;
export const SHM_POSIX = OB_FIELDS + 2;
export const SHM_REMOVED = OB_FIELDS + 3;
export const SHM_LENGTH = OB_FIELDS + 4;
export const SHM_SLOTS = OB_FIELDS + 5;

const IPC_PRIVATE = 0;
const O_CREAT = 64;
const EBADF = errnoValues["EBADF"]!;

function byKey(m: Machine, key: number, posix: number): number {
  for (const o of objectsOf(m, K_SHM)) {
    if (m.buf[o + SHM_KEY] === key && m.buf[o + SHM_POSIX] === posix && m.buf[o + SHM_REMOVED] === 0) return o;
  }
  return -1;
}

/** The segment a program value names, or -1. */
export function segment(m: Machine, seg: number): number {
  for (const o of objectsOf(m, K_SHM)) if (m.buf[o + SHM_SEG] === seg) return o;
  return -1;
}

function newSegment(m: Machine, key: number, posix: number, length: number): number {
  const seg = m.buf[H_NEXT_SEG]! + 1;
  m.buf[H_NEXT_SEG] = seg;
  addObject(m, K_SHM, [seg, key, posix, 0, length, ...new Array<number>(Math.max(0, length)).fill(0)]);
  return seg;
}

export function shmget(m: Machine, _p: number, t: number, f: number, instr: Instr): void {
  const key = m.reg(f, instr.args[0]!);
  const length = m.reg(f, instr.args[1]!);
  if (length < 0 || length > 4096) {
    m.fail(t, f, instr, EINVAL);
    return;
  }
  if (key !== IPC_PRIVATE) {
    const o = byKey(m, key, 0);
    if (o >= 0) {
      m.complete(f, instr, m.buf[o + SHM_SEG]!);
      return;
    }
  }
  m.complete(f, instr, newSegment(m, key === IPC_PRIVATE ? -1 : key, 0, length));
}

export function shmat(m: Machine, _p: number, t: number, f: number, instr: Instr): void {
  const seg = m.reg(f, instr.args[0]!);
  if (segment(m, seg) < 0) {
    m.fail(t, f, instr, EINVAL);
    return;
  }
  m.complete(f, instr, seg);
}

export function shmctl(m: Machine, _p: number, t: number, f: number, instr: Instr): void {
  const o = segment(m, m.reg(f, instr.args[0]!));
  if (o < 0) {
    m.fail(t, f, instr, EINVAL);
    return;
  }
  m.buf[o + SHM_REMOVED] = 1; // IPC_RMID: the key is free; attached processes keep the memory
  m.complete(f, instr, 0);
}

export function shmOpen(m: Machine, p: number, t: number, f: number, instr: Instr): void {
  const name = m.reg(f, instr.args[0]!);
  const flags = m.reg(f, instr.args[1]!);
  let o = byKey(m, name, 1);
  if (o < 0) {
    if ((flags & O_CREAT) === 0) {
      m.fail(t, f, instr, ENOENT);
      return;
    }
    const seg = newSegment(m, name, 1, 0);
    o = segment(m, seg);
  }
  const fd = openFile(m, p, m.buf[o + OB_ID]!, FL_READ | FL_WRITE);
  if (fd >= 0) m.complete(f, instr, fd);
}

export function ftruncate(m: Machine, p: number, t: number, f: number, instr: Instr): void {
  const file = fileOf(m, p, m.reg(f, instr.args[0]!));
  const length = m.reg(f, instr.args[1]!);
  const o = file < 0 ? -1 : findObject(m, m.buf[file + FILE_TARGET]!);
  if (o < 0 || m.buf[o + 1] !== K_SHM || length < 0 || length > 4096) {
    m.fail(t, f, instr, file < 0 ? EBADF : EINVAL);
    return;
  }
  const old = m.buf[o + SHM_LENGTH]!;
  const id = m.buf[o + OB_ID]!;
  const s = resizeObject(m, id, length - old); // new slots are zero
  m.buf[s + SHM_LENGTH] = length;
  m.complete(f, instr, 0);
}

export function mmap(m: Machine, p: number, t: number, f: number, instr: Instr): void {
  const file = fileOf(m, p, m.reg(f, instr.args[0]!));
  const o = file < 0 ? -1 : findObject(m, m.buf[file + FILE_TARGET]!);
  if (o < 0 || m.buf[o + 1] !== K_SHM) {
    m.fail(t, f, instr, EBADF);
    return;
  }
  m.complete(f, instr, m.buf[o + SHM_SEG]!);
}

export function shmUnlink(m: Machine, _p: number, t: number, f: number, instr: Instr): void {
  const o = byKey(m, m.reg(f, instr.args[0]!), 1);
  if (o < 0) {
    m.fail(t, f, instr, ENOENT);
    return;
  }
  m.buf[o + SHM_REMOVED] = 1;
  m.complete(f, instr, 0);
}

/** The offset of slot `index` of segment `seg`, or -1 when out of bounds or no such segment. */
export function slot(m: Machine, seg: number, index: number): number {
  const o = segment(m, seg);
  if (o < 0 || index < 0 || index >= m.buf[o + SHM_LENGTH]!) return -1;
  return o + SHM_SLOTS + index;
}

const ATOMIC_LOAD = "Atomics.load";

/** Atomics.load/store/add/sub/exchange/compareExchange: one indivisible step. */
export function atomic(m: Machine, name: string, t: number, f: number, instr: Instr): void {
  const seg = m.reg(f, instr.args[0]!);
  const index = m.reg(f, instr.args[1]!);
  const at = slot(m, seg, index);
  if (at < 0) {
    m.report("assertion", `index:${instr.span.start}`, `index ${index} is outside the shared array`, instr.span);
    m.dead = true;
    return;
  }
  const old = m.buf[at]!;
  const v = instr.args.length > 2 ? m.reg(f, instr.args[2]!) : 0;
  switch (name) {
    case ATOMIC_LOAD:
      m.complete(f, instr, old);
      return;
    case "Atomics.store":
      m.buf[at] = v;
      m.complete(f, instr, v);
      return;
    case "Atomics.add":
      m.buf[at] = (old + v) | 0;
      break;
    case "Atomics.sub":
      m.buf[at] = (old - v) | 0;
      break;
    case "Atomics.exchange":
      m.buf[at] = v;
      break;
    case "Atomics.compareExchange":
      if (old === v) m.buf[at] = m.reg(f, instr.args[3]!);
      break;
  }
  m.complete(f, instr, old);
  void t;
}
