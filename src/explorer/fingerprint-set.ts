// Hash compaction (issue #6, item 1; `--hash-compact`; Wolper and Leroy's idea, SPIN's -DHC): the
// visited set keeps a 64-bit fingerprint of each state instead of the state, with its parent, the
// transition that reached it and its depth (traces are rebuilt by replay from the start, as
// always). States wait whole only while they are in the breadth-first queue; once expanded, their
// words are dropped. Two states with the same fingerprint are taken as one, so a state may be missed:
// the search is probabilistic, and says so with the chance of that (at most n²/2⁶⁵ for n states).
import { hashWords } from "./hash-words.js";
import { grown } from "./grow.js";
import { StateRecords } from "./state-records.js";

const EMPTY = 0;
/** words per table slot: id + 1, then the two halves of the fingerprint */
const SLOT = 3;

/** The seeds of the fingerprint's two halves: the same hash, seeded otherwise (determinism: fixed seeds). */
const FIRST = 0x9747b28c;
const SECOND = 0x3c6ef372;

export class FingerprintSet {
  private readonly records = new StateRecords();
  count = 0;
  private table = new Int32Array(SLOT << 10);
  private slots = 1 << 10;
  // the queue: states [base, count) whole, [len, words...] each, from arena[0]
  private arena: Int32Array<ArrayBuffer> = new Int32Array(1 << 16);
  private arenaUsed = 0;
  private offsets = new Int32Array(1 << 12);
  private base = 0;
  /** the lowest id that may still be loaded (states are expanded in id order) */
  private floor = 0;
  private readonly seed1: number;
  private readonly seed2: number;
  // depth-first (a swarm member, swarm.ts): the states wait on a stack, each expanded one taken off the top
  private readonly stackIds: number[] | null;

  /** `seed`: another hash function (0: the usual one); `lifo`: states are expanded newest first */
  constructor(seed = 0, lifo = false) {
    this.seed1 = FIRST ^ seed;
    this.seed2 = SECOND ^ Math.imul(seed, 0x27d4eb2f);
    this.stackIds = lifo ? [] : null;
  }

  /** Adds the state unless its fingerprint is there. Returns the id, or -(id + 1) if it was there already. */
  add(buf: Int32Array, len: number, parent: number, transition: number, depth: number): number {
    const h1 = hashWords(buf, len, 0, this.seed1);
    const h2 = hashWords(buf, len, 0, this.seed2);
    const table = this.table;
    const mask = this.slots - 1;
    let slot = h1 & mask;
    for (;;) {
      const at = slot * SLOT;
      const entry = table[at]!;
      if (entry === EMPTY) break;
      if (table[at + 1] === h1 && table[at + 2] === h2) return -entry;
      slot = (slot + 1) & mask;
    }
    const id = this.count++;
    this.records.push(id, parent, transition, depth);
    const at = slot * SLOT;
    table[at] = id + 1;
    table[at + 1] = h1;
    table[at + 2] = h2;
    this.enqueue(id, buf, len);
    // linear probing stays short up to 70 % of the slots taken
    if (this.count * 10 > this.slots * 7) this.grow();
    return id;
  }

  parentOf(id: number): number {
    return this.records.parentOf(id);
  }
  transitionOf(id: number): number {
    return this.records.transitionOf(id);
  }
  depthOf(id: number): number {
    return this.records.depthOf(id);
  }

  /** Copies queued state `id` into `buf`; the states before it are dropped from then on. */
  load(id: number, buf: Int32Array): number {
    if (this.stackIds) return this.pop(id, buf);
    this.floor = id;
    const off = this.offsets[id - this.base]!;
    const len = this.arena[off]!;
    buf.set(this.arena.subarray(off + 1, off + 1 + len));
    return len;
  }

  stateLength(id: number): number {
    if (this.stackIds) return this.arena[this.offsets[this.stackIds.length - 1]!]!;
    return this.arena[this.offsets[id - this.base]!]!;
  }

  /** The fingerprint table and the per-state arrays (the queue aside: it holds states only until they are expanded). */
  bytesPerState(): number {
    return this.count === 0 ? 0 : (this.table.byteLength + this.records.bytes()) / this.count;
  }

  totalBytes(): number {
    return this.table.byteLength + this.records.bytes() + this.arena.byteLength + this.offsets.byteLength;
  }

  /** The chance that some state was taken for another (a fingerprint collision): at most n²/2⁶⁵. */
  collisionBound(): number {
    return Math.min(1, (this.count * this.count) / 2 ** 65);
  }

  /** Takes the newest waiting state (`id`, the search's stack agrees) off the stack into `buf`. */
  private pop(id: number, buf: Int32Array): number {
    const ids = this.stackIds!;
    if (ids[ids.length - 1] !== id) throw new Error(`state ${id} is not the newest waiting one`);
    ids.pop();
    const off = this.offsets[ids.length]!;
    const len = this.arena[off]!;
    buf.set(this.arena.subarray(off + 1, off + 1 + len));
    this.arenaUsed = off;
    return len;
  }

  private enqueue(id: number, buf: Int32Array, len: number): void {
    if (this.stackIds) {
      this.ensureArena(len + 1);
      const at = this.stackIds.length;
      if (at >= this.offsets.length) this.offsets = grown(this.offsets, at + 1);
      this.stackIds.push(id);
      this.offsets[at] = this.arenaUsed;
      this.arena[this.arenaUsed] = len;
      this.arena.set(buf.subarray(0, len), this.arenaUsed + 1);
      this.arenaUsed += len + 1;
      return;
    }
    if (this.arenaUsed + len + 1 > this.arena.length) this.compact(len + 1);
    if (id - this.base >= this.offsets.length) {
      this.offsets = grown(this.offsets, id - this.base + 1);
    }
    const off = this.arenaUsed;
    this.arena[off] = len;
    this.arena.set(buf.subarray(0, len), off + 1);
    this.arenaUsed += len + 1;
    this.offsets[id - this.base] = off;
  }

  /** Drops the expanded states from the queue, then grows it if that is not room enough. */
  private compact(extra: number): void {
    const drop = this.floor - this.base;
    if (drop > 0 && this.floor < this.count - 1) {
      const from = this.offsets[drop]!;
      this.arena.copyWithin(0, from, this.arenaUsed);
      this.arenaUsed -= from;
      const kept = this.count - 1 - this.floor;
      for (let i = 0; i < kept; i++) this.offsets[i] = this.offsets[i + drop]! - from;
      this.base = this.floor;
    }
    this.ensureArena(extra);
  }

  private ensureArena(extra: number): void {
    if (this.arenaUsed + extra <= this.arena.length) return;
    let size = this.arena.length * 2;
    while (size < this.arenaUsed + extra) size *= 2;
    const a = new Int32Array(size);
    a.set(this.arena.subarray(0, this.arenaUsed));
    this.arena = a;
  }

  private grow(): void {
    const slots = this.slots * 2;
    const table = new Int32Array(slots * SLOT);
    const old = this.table;
    for (let at = 0; at < old.length; at += SLOT) {
      if (old[at] === EMPTY) continue;
      let slot = old[at + 1]! & (slots - 1);
      while (table[slot * SLOT] !== EMPTY) slot = (slot + 1) & (slots - 1);
      table.set(old.subarray(at, at + SLOT), slot * SLOT);
    }
    this.table = table;
    this.slots = slots;
  }
}
