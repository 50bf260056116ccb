// The states' own set: each state's words stored once, packed, in a growing byte arena, and found
// again through an open-addressing table of [id + 1, hash] slots. A word is packed as a zigzag varint
// (as in protocol buffers): the collapsed vectors the visited set stores — a length, a few header
// words, small part ids — take a byte a word instead of four. The hash is taken over the words, so a
// probe that finds another hash reads no arena at all; a probe that finds the same hash compares the
// packed bytes, which determine the words (a count leads them).

import { hashWords } from "./hash-words.js";
import { StateRecords } from "./state-records.js";
import { halfAgain, rehashedPairs, resized } from "./grow.js";

const EMPTY = 0;
/** the table grows past this share of its slots taken (linear probing stays short below it) */
const MAX_LOAD = 0.7;

export class PackedSet {
  private arena = new Uint8Array(1 << 14);
  private arenaUsed = 0;
  private offsets = new Int32Array(1 << 10);
  private table = new Int32Array(2 << 10);
  private slots = 1 << 10;
  private limit = Math.floor((1 << 10) * MAX_LOAD);
  // the vector being added, packed
  private scratch = new Uint8Array(1024);
  readonly records = new StateRecords();
  count = 0;

  /** Adds the words buf[0 .. len) unless present. Returns the id, or -(id + 1) if it was there already. */
  add(buf: Int32Array, len: number, parent: number, transition: number, depth: number): number {
    const h = hashWords(buf, len);
    const n = this.pack(buf, len);
    const table = this.table;
    const mask = this.slots - 1;
    let slot = h & mask;
    for (;;) {
      const entry = table[slot << 1]!;
      if (entry === EMPTY) break;
      if (table[(slot << 1) + 1] === h && this.equalsAt(this.offsets[entry - 1]!, n)) return -entry;
      slot = (slot + 1) & mask;
    }
    const id = this.count++;
    if (id >= this.offsets.length) this.offsets = resized(this.offsets, halfAgain(this.offsets.length, id + 1));
    if (this.arenaUsed + n > this.arena.length) this.growArena(n);
    this.arena.set(this.scratch.subarray(0, n), this.arenaUsed);
    this.offsets[id] = this.arenaUsed;
    this.arenaUsed += n;
    this.records.push(id, parent, transition, depth);
    table[slot << 1] = id + 1;
    table[(slot << 1) + 1] = h;
    if (this.count > this.limit) this.growTable();
    return id;
  }

  /** Unpacks state `id` into `buf` (large enough) and returns its length. */
  load(id: number, buf: Int32Array): number {
    const a = this.arena;
    let p = this.offsets[id]!;
    let len = 0;
    for (let shift = 0; ; shift += 7) {
      const b = a[p++]!;
      len |= (b & 0x7f) << shift;
      if (b < 0x80) break;
    }
    for (let i = 0; i < len; i++) {
      let v = 0;
      for (let shift = 0; ; shift += 7) {
        const b = a[p++]!;
        v |= (b & 0x7f) << shift;
        if (b < 0x80) break;
      }
      buf[i] = (v >>> 1) ^ -(v & 1);
    }
    return len;
  }

  /** How many words state `id` has. */
  length(id: number): number {
    return this.wordAt(id, 0);
  }

  /** The first word of state `id`, without unpacking the rest. */
  firstWord(id: number): number {
    const v = this.wordAt(id, 1);
    return (v >>> 1) ^ -(v & 1);
  }

  totalBytes(): number {
    return this.arena.byteLength + this.offsets.byteLength + this.table.byteLength + this.records.bytes();
  }

  /** The k-th varint of state `id` (0: the count), still zigzagged. */
  private wordAt(id: number, k: number): number {
    const a = this.arena;
    let p = this.offsets[id]!;
    for (;;) {
      let v = 0;
      for (let shift = 0; ; shift += 7) {
        const b = a[p++]!;
        v |= (b & 0x7f) << shift;
        if (b < 0x80) break;
      }
      if (k-- === 0) return v;
    }
  }

  /** Packs buf[0 .. len) into the scratch bytes: the count, then each word zigzagged, 7 bits a byte. Returns the bytes used. */
  private pack(buf: Int32Array, len: number): number {
    if (this.scratch.length < 5 * len + 5) this.scratch = new Uint8Array(10 * len + 10);
    const s = this.scratch;
    let n = 0;
    let v = len;
    while (v > 0x7f) {
      s[n++] = (v & 0x7f) | 0x80;
      v >>>= 7;
    }
    s[n++] = v;
    for (let i = 0; i < len; i++) {
      const w = buf[i]!;
      v = ((w << 1) ^ (w >> 31)) >>> 0;
      while (v > 0x7f) {
        s[n++] = (v & 0x7f) | 0x80;
        v >>>= 7;
      }
      s[n++] = v;
    }
    return n;
  }

  /** Whether the bytes at arena offset `off` begin with the n scratch bytes (then they are the same vector). */
  private equalsAt(off: number, n: number): boolean {
    const a = this.arena;
    const s = this.scratch;
    if (off + n > this.arenaUsed) return false;
    for (let i = 0; i < n; i++) if (a[off + i] !== s[i]) return false;
    return true;
  }

  private growArena(extra: number): void {
    // by half again, not double: the arena is most of the memory, and its slack is counted
    const arena = new Uint8Array(halfAgain(this.arena.length, this.arenaUsed + extra));
    arena.set(this.arena.subarray(0, this.arenaUsed));
    this.arena = arena;
  }

  private growTable(): void {
    this.slots *= 2;
    this.table = rehashedPairs(this.table, this.slots);
    this.limit = Math.floor(this.slots * MAX_LOAD);
  }
}
