// The network between AF_INET datagram sockets (LANGUAGE.md §3, §4 "netFaults"): a datagram sent
// travels and arrives at a later step, in order per sender and destination, and is dropped if no
// datagram socket is bound at the destination port when it arrives. With network faults a datagram
// may also be lost, duplicated (once) or overtake others of its sender (reordered); the explorer tries
// each. Loss is not fair: a fair cycle does not lose every datagram sent to one address.
//
// No process sees a datagram in flight, which lets the explorer decide some faults early without
// losing a run: a loss is decided at the sendto (sockets.ts sendtoChoices), as losing a datagram
// later reaches nothing that losing it at once does not; with reordering, a copy is made at the
// sendto too (a copy made later could arrive no differently), and the datagrams in flight are kept
// sorted, since any of them may arrive next and their order tells nothing; without reordering they
// are kept sorted by way (sender and destination), in sending order on each, as only that order
// tells which arrives next. --no-fault-reduction (ModelOptions.earlyNetFaults false) decides them all
// in flight instead, in sending order; network.test.ts pins that the findings are the same.
import { K_DGRAM, OB_FIELDS, OB_ID, OB_KIND, OB_LEN } from "../state-layout.js";
import { addAnonymous, insertAnonymous, nthObjectOf, objectsOf, removeAt } from "../kernel.js";
import type { Machine } from "../machine.js";
import { boundAt, pushItem } from "./sockets.js";
import { AF_INET, SOCK_DGRAM } from "../../model/constants.js";

export const D_FROM = OB_FIELDS;
export const D_TO = OB_FIELDS + 1;
export const D_DATA = OB_FIELDS + 2;
export const D_DUPLICATED = OB_FIELDS + 3;

export const NET_ARRIVE = 0;
export const NET_DUPLICATE = 1;
/** a datagram in flight is lost: only without the early decisions (ModelOptions.earlyNetFaults false) */
export const NET_LOSE = 2;

/** Whether the network's faults are decided as early as they can be (the header above; on unless switched off for comparison). */
export function earlyFaults(m: Machine): boolean {
  return m.model.options.earlyNetFaults !== false;
}

/** A datagram goes into flight; `twice`: with its copy (both marked duplicated). */
export function sendDatagram(m: Machine, from: number, to: number, data: number, twice = false): void {
  const fields = [from, to, data, twice ? 1 : 0];
  const at = earlyFaults(m) ? sortedPlace(m, fields, sortKey(m)) : m.len - 1;
  insertAnonymous(m, at, K_DGRAM, fields);
  if (twice) insertAnonymous(m, at, K_DGRAM, fields);
}

/**
 * How many of a datagram's fields (sender, destination, data, mark) order the datagrams in flight:
 * with reordering, all four (any of them may arrive next, and their order tells nothing); without,
 * the sender and destination (only the order on each way tells which arrives next), a new one going
 * behind those on its way. Either way, states that differ only in an order that tells nothing are
 * one, and two sends commute (datagram-steps.ts).
 */
function sortKey(m: Machine): number {
  return m.model.options.netFaults.includes("reorder") ? 4 : 2;
}

/** Where a datagram goes among those in flight, sorted by their first `key` fields: before the first that comes after it. */
function sortedPlace(m: Machine, fields: readonly number[], key: number): number {
  const b = m.buf;
  const end = m.len - 1;
  for (let o = m.kernelStart(); o < end; o += b[o + OB_LEN]!) {
    if (b[o + OB_KIND] !== K_DGRAM) continue;
    for (let i = 0; i < key; i++) {
      const w = b[o + OB_FIELDS + i]!;
      if (w > fields[i]!) return o;
      if (w < fields[i]!) break;
    }
  }
  return end;
}

/** Whether a datagram's loss is decided when it is sent (sockets.ts sendtoChoices) rather than by a network event. */
export function lostAtSend(m: Machine): boolean {
  return m.model.options.netFaults.includes("loss") && earlyFaults(m);
}

/**
 * Whether a datagram's copy is made when it is sent (sockets.ts sendtoChoices) rather than by a
 * network event: where datagrams may overtake one another, a copy made later arrives no differently.
 */
export function duplicatedAtSend(m: Machine): boolean {
  const faults = m.model.options.netFaults;
  return faults.includes("duplicate") && faults.includes("reorder") && earlyFaults(m);
}

/**
 * The network events possible now: (datagram index, event) pairs, in the datagrams' order: arrivals,
 * and duplications and losses where they are not decided at the send. A datagram just behind one with the same
 * sender, destination, data and duplicated mark gets no arrival of its own: removing either of two
 * such neighbours leaves the same state (the same successor, reached by the same agent), so the
 * search would only find it twice.
 */
export function networkEvents(m: Machine, out: number[]): void {
  const faults = m.model.options.netFaults;
  const reorder = faults.includes("reorder");
  const duplicate = faults.includes("duplicate") && !duplicatedAtSend(m);
  const loss = faults.includes("loss") && !lostAtSend(m);
  const inFlight = objectsOf(m, K_DGRAM);
  for (let i = 0; i < inFlight.length; i++) {
    const d = inFlight[i]!;
    const id = i; // its place among the datagrams in flight (they have no id)
    let first = true;
    for (let j = 0; j < i && first; j++) {
      const e = inFlight[j]!;
      if (m.buf[e + D_FROM] === m.buf[d + D_FROM] && m.buf[e + D_TO] === m.buf[d + D_TO]) first = false;
    }
    const twin = i > 0 && sameDatagram(m, inFlight[i - 1]!, d);
    if ((first || reorder) && !twin) out.push(id, NET_ARRIVE);
    if (loss && !twin) out.push(id, NET_LOSE);
    if (duplicate && m.buf[d + D_DUPLICATED] === 0) out.push(id, NET_DUPLICATE);
  }
}

function sameDatagram(m: Machine, a: number, b: number): boolean {
  const buf = m.buf;
  return buf[a + D_FROM] === buf[b + D_FROM] && buf[a + D_TO] === buf[b + D_TO] && buf[a + D_DATA] === buf[b + D_DATA] && buf[a + D_DUPLICATED] === buf[b + D_DUPLICATED];
}

/** Event `event` for the `index`-th datagram in flight. */
export function networkEvent(m: Machine, index: number, event: number): void {
  const d = nthObjectOf(m, K_DGRAM, index);
  const from = m.buf[d + D_FROM]!;
  const to = m.buf[d + D_TO]!;
  const data = m.buf[d + D_DATA]!;
  if (m.tracing) {
    const what = `the datagram ${JSON.stringify(m.strings.text(data))} from port ${from} to port ${to}`;
    const dest = boundAt(m, AF_INET, to, SOCK_DGRAM);
    m.info.note = event === NET_DUPLICATE ? `${what} is duplicated`
      : event === NET_LOSE ? `${what} is lost`
      : dest >= 0 ? `${what} arrives` : `${what} arrives where nothing is bound: dropped`;
  }
  if (event === NET_DUPLICATE) {
    m.buf[d + D_DUPLICATED] = 1;
    // the copy goes behind what was sent on its way since
    const copy = [from, to, data, 1];
    if (earlyFaults(m)) insertAnonymous(m, sortedPlace(m, copy, sortKey(m)), K_DGRAM, copy);
    else addAnonymous(m, K_DGRAM, copy);
    return;
  }
  removeAt(m, d);
  if (event === NET_LOSE) return;
  const dest = boundAt(m, AF_INET, to, SOCK_DGRAM);
  if (dest >= 0) pushItem(m, m.buf[dest + OB_ID]!, [data, from]);
}
