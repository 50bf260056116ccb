// The kernel objects of a state: open file descriptions, pipes, FIFOs and message queues, each a
// block [length, kind, id, fields...] in the kernel section after the processes, in id order, then
// the anonymous ones (datagrams in flight). Objects are found by id; creating one puts it after the
// last of its sort, so no process, thread or frame moves, and a state has one layout whatever order
// named and anonymous objects came in.
import { H_NEXT_OBJ, OB_ID, OB_KIND, OB_LEN } from "./state-layout.js";
import type { Machine } from "./machine.js";

/** Offset of the object with this id, or -1. */
export function findObject(m: Machine, id: number): number {
  const end = m.len - 1;
  for (let o = m.kernelStart(); o < end; o += m.buf[o + OB_LEN]!) if (m.buf[o + OB_ID] === id) return o;
  return -1;
}

/** Creates an object of `kind` with `fields` (all zero when omitted); returns its id. */
export function addObject(m: Machine, kind: number, fields: readonly number[]): number {
  const id = m.buf[H_NEXT_OBJ]!;
  m.buf[H_NEXT_OBJ] = id + 1;
  m.objectsChanged = true;
  insertObject(m, firstAnonymous(m), kind, id, fields);
  return id;
}

/** The offset of the first anonymous object, or the kernel section's end. */
function firstAnonymous(m: Machine): number {
  const end = m.len - 1;
  let o = m.kernelStart();
  while (o < end && m.buf[o + OB_ID] !== 0) o += m.buf[o + OB_LEN]!;
  return o;
}

/**
 * An object nothing refers to (a datagram in flight): it takes no id (0), so creating and freeing
 * it renumbers nothing; it is found by its place among the objects of its kind.
 */
export function addAnonymous(m: Machine, kind: number, fields: readonly number[]): void {
  insertObject(m, m.len - 1, kind, 0, fields);
}

/** An anonymous object (above) put at offset `at` of the kernel section, before the object there. */
export function insertAnonymous(m: Machine, at: number, kind: number, fields: readonly number[]): void {
  insertObject(m, at, kind, 0, fields);
}

/** Frees the object at offset o. */
export function removeAt(m: Machine, o: number): void {
  const size = m.buf[o + OB_LEN]!;
  m.resize(o, -size, -1, -1);
  m.buf[m.len - 1]! -= size;
}

function insertObject(m: Machine, at: number, kind: number, id: number, fields: readonly number[]): void {
  const size = 3 + fields.length;
  m.resize(at, size, -1, -1);
  const b = m.buf;
  b[at + OB_LEN] = size;
  b[at + OB_KIND] = kind;
  b[at + OB_ID] = id;
  for (let i = 0; i < fields.length; i++) b[at + 3 + i] = fields[i]!;
  b[m.len - 1]! += size;
}

export function removeObject(m: Machine, id: number): void {
  const o = findObject(m, id);
  if (o < 0) return;
  removeAt(m, o);
  m.objectsChanged = true;
}

/** Grows (or shrinks) object `id` by `delta` words at its end. Returns its offset. */
export function resizeObject(m: Machine, id: number, delta: number): number {
  const o = findObject(m, id);
  const end = o + m.buf[o + OB_LEN]!;
  if (delta > 0) m.resize(end, delta, -1, -1);
  else if (delta < 0) m.resize(end + delta, delta, -1, -1);
  m.buf[o + OB_LEN]! += delta;
  m.buf[m.len - 1]! += delta;
  return o;
}

/** The offset of the `index`-th object of `kind` (0-based, in id order), or -1; allocates nothing. */
export function nthObjectOf(m: Machine, kind: number, index: number): number {
  const end = m.len - 1;
  for (let o = m.kernelStart(); o < end; o += m.buf[o + OB_LEN]!) if (m.buf[o + OB_KIND] === kind && index-- === 0) return o;
  return -1;
}

/** The offsets of the objects of `kind`, in id order. */
export function objectsOf(m: Machine, kind: number): number[] {
  const out: number[] = [];
  const end = m.len - 1;
  for (let o = m.kernelStart(); o < end; o += m.buf[o + OB_LEN]!) if (m.buf[o + OB_KIND] === kind) out.push(o);
  return out;
}
