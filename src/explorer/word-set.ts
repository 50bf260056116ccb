// The parts' set (visited-set.ts): word vectors — a process block, a thread, the kernel's objects —
// each stored once in a growing Int32Array arena and found again through an open-addressing table.
// Words, not packed bytes: parts are few, and copied out and compared at every step.

import { hashWords } from "./hash-words.js";
import { grown, halfAgain, rehashedPairs, resized } from "./grow.js";

const EMPTY = 0;

/** A set of word vectors: each stored once in an arena, found again through an open-addressing table. */
export class WordSet {
  private arena: Int32Array<ArrayBuffer> = new Int32Array(1 << 12);
  private arenaUsed = 0;
  private offsets = new Int32Array(1 << 8);
  // slot pairs [id + 1, hash]: a probe reads the hash beside the id, not in another array
  private table = new Int32Array(2 << 9);
  private mask = (1 << 9) - 1;
  private tableMask = (2 << 9) - 1;
  count = 0;

  /** Adds the words buf[from .. from + len) unless present. Returns the id, or -(id + 1) if it was there already. */
  add(buf: Int32Array, len: number, from = 0): number {
    const h = hashWords(buf, len, from);
    const table = this.table;
    let slot = (h & this.mask) << 1;
    for (;;) {
      const entry = table[slot]!;
      if (entry === EMPTY) break;
      if (table[slot + 1] === h && this.equalsAt(entry - 1, buf, len, from)) return -(this.arena[entry]! + 1);
      slot = (slot + 2) & this.tableMask;
    }
    const id = this.count++;
    this.ensureStates(this.count);
    this.ensureArena(len + 2);
    const off = this.arenaUsed;
    const arena = this.arena;
    arena[off] = len;
    arena[off + 1] = id;
    for (let i = 0; i < len; i++) arena[off + 2 + i] = buf[from + i]!;
    this.arenaUsed += len + 2;
    this.offsets[id] = off;
    table[slot] = off + 1;
    table[slot + 1] = h;
    if (this.count * 4 > table.length) this.grow();
    return id;
  }

  totalBytes(): number {
    return this.arena.byteLength + this.offsets.byteLength + this.table.byteLength;
  }

  /** Copies vector `id` into out[at ..) (large enough) and returns its length. */
  copyTo(id: number, out: Int32Array, at: number): number {
    const arena = this.arena;
    const off = this.offsets[id]! + 2;
    const len = arena[off - 2]!;
    for (let i = 0; i < len; i++) out[at + i] = arena[off + i]!;
    return len;
  }

  /** Whether the vector stored at arena offset `off` holds exactly buf[from .. from + len). */
  private equalsAt(off: number, buf: Int32Array, len: number, from: number): boolean {
    const arena = this.arena;
    if (arena[off] !== len) return false;
    const base = off + 2 - from;
    for (let i = from; i < from + len; i++) if (arena[base + i] !== buf[i]) return false;
    return true;
  }

  private ensureStates(n: number): void {
    if (n <= this.offsets.length) return;
    this.offsets = grown(this.offsets);
  }

  private ensureArena(extra: number): void {
    if (this.arenaUsed + extra <= this.arena.length) return;
    this.arena = resized(this.arena, halfAgain(this.arena.length, this.arenaUsed + extra));
  }

  private grow(): void {
    const slots = (this.mask + 1) * 2;
    this.table = rehashedPairs(this.table, slots);
    this.mask = slots - 1;
    this.tableMask = slots * 2 - 1;
  }
}
