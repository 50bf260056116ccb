// Process-local synchronization objects (mutexes, semaphores from sem_init) live in the process's
// memory: fork copies them (LANGUAGE.md §3 fork). They are kernel objects tagged with their process
// and named by a handle unique in it; named semaphores (sem_open) are shared, tagged with process 0.
import { K_MUTEX, K_SEM, OB_FIELDS, P_NEXT_HANDLE, P_PID } from "../state-layout.js";
import { addObject, objectsOf } from "../kernel.js";
import type { Machine } from "../machine.js";

export const SY_PID = OB_FIELDS;
export const SY_HANDLE = OB_FIELDS + 1;
/** a mutex's owner (a thread id; 0 unlocked, -1 a thread that is gone), a semaphore's value */
export const SY_VALUE = OB_FIELDS + 2;

/** Named semaphores' handles: the name's string id with this bit. */
export const NAMED = 1 << 24;

/** A new handle of process p (a condition variable needs nothing more: its waiters are threads). */
export function newHandle(m: Machine, p: number): number {
  const handle = m.buf[p + P_NEXT_HANDLE]! + 1;
  m.buf[p + P_NEXT_HANDLE] = handle;
  return handle;
}

export function newSync(m: Machine, p: number, kind: number, value: number): number {
  const handle = newHandle(m, p);
  addObject(m, kind, [m.buf[p + P_PID]!, handle, value]);
  return handle;
}

/** The object of `kind` a handle names in process p, or -1. */
export function findSync(m: Machine, p: number, kind: number, handle: number): number {
  const pid = (handle & NAMED) !== 0 ? 0 : m.buf[p + P_PID]!;
  for (const o of objectsOf(m, kind)) if (m.buf[o + SY_PID] === pid && m.buf[o + SY_HANDLE] === handle) return o;
  return -1;
}

/** fork: the child gets copies of the parent's mutexes and semaphores; a mutex the forking thread held is held by the child's thread, one another thread held stays locked for ever. */
export function copySyncObjects(m: Machine, parentPid: number, childPid: number, forkingTid: number): void {
  for (const kind of [K_MUTEX, K_SEM]) {
    for (const o of objectsOf(m, kind)) {
      if (m.buf[o + SY_PID] !== parentPid) continue;
      let value = m.buf[o + SY_VALUE]!;
      if (kind === K_MUTEX && value !== 0) value = value === forkingTid ? 1 : -1;
      addObject(m, kind, [childPid, m.buf[o + SY_HANDLE]!, value]);
    }
  }
}
