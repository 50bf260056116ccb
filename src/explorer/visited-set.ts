// The visited set: every state found, stored once in a growing Int32Array arena and found again
// through an open-addressing hash table of state ids (STYLE.md: no JSON keys, no Map of states).
// Each state also keeps its parent and the index of the transition that reached it, so traces are
// rebuilt by replay (the stateright lesson), and its BFS depth.

const EMPTY = 0;

export function hashWords(buf: Int32Array, len: number): number {
  // one multiply per word (a multiplicative hash over words, two lanes for independence), then
  // murmur3's finaliser; the seeds are constants (determinism)
  let h1 = 0x9747b28c ^ len;
  let h2 = 0x85ebca6b;
  let i = 0;
  for (; i + 1 < len; i += 2) {
    h1 = Math.imul(h1 ^ buf[i]!, 0x9e3779b1);
    h2 = Math.imul(h2 ^ buf[i + 1]!, 0xc2b2ae35);
    h1 = (h1 << 13) | (h1 >>> 19);
    h2 = (h2 << 17) | (h2 >>> 15);
  }
  if (i < len) h1 = Math.imul(h1 ^ buf[i]!, 0x9e3779b1);
  let h = h1 ^ Math.imul(h2, 0x27d4eb2f);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h;
}

export class VisitedSet {
  private arena: Int32Array<ArrayBuffer> = new Int32Array(1 << 16);
  private arenaUsed = 0;
  private offsets = new Int32Array(1 << 12);
  private hashes = new Int32Array(1 << 12);
  parents = new Int32Array(1 << 12);
  transitions = new Int32Array(1 << 12);
  depths = new Int32Array(1 << 12);
  private table = new Int32Array(1 << 13);
  private mask = (1 << 13) - 1;
  count = 0;

  /** Adds the state unless present. Returns its id, or -(id + 1) if it was there already. */
  add(buf: Int32Array, len: number, parent: number, transition: number, depth: number): number {
    const h = hashWords(buf, len);
    let slot = h & this.mask;
    for (;;) {
      const entry = this.table[slot]!;
      if (entry === EMPTY) break;
      const id = entry - 1;
      if (this.hashes[id] === h && this.equals(id, buf, len)) return -(id + 1);
      slot = (slot + 1) & this.mask;
    }
    const id = this.count++;
    this.ensureStates(this.count);
    this.ensureArena(len + 1);
    const off = this.arenaUsed;
    this.arena[off] = len;
    this.arena.set(buf.subarray(0, len), off + 1);
    this.arenaUsed += len + 1;
    this.offsets[id] = off;
    this.hashes[id] = h;
    this.parents[id] = parent;
    this.transitions[id] = transition;
    this.depths[id] = depth;
    this.table[slot] = id + 1;
    if (this.count * 2 > this.table.length) this.grow();
    return id;
  }

  /** Copies state `id` into `buf` (large enough) and returns its length. */
  load(id: number, buf: Int32Array): number {
    const off = this.offsets[id]!;
    const len = this.arena[off]!;
    buf.set(this.arena.subarray(off + 1, off + 1 + len));
    return len;
  }

  stateLength(id: number): number {
    return this.arena[this.offsets[id]!]!;
  }

  /** Bytes held for the states and their index, per state. */
  bytesPerState(): number {
    if (this.count === 0) return 0;
    const perStateArrays = 5 * 4; // offset, hash, parent, transition, depth
    const tableBytes = this.table.length * 4;
    return (this.arenaUsed * 4 + this.count * perStateArrays + tableBytes) / this.count;
  }

  totalBytes(): number {
    return this.arena.byteLength + this.offsets.byteLength * 5 + this.table.byteLength;
  }

  private equals(id: number, buf: Int32Array, len: number): boolean {
    const off = this.offsets[id]!;
    if (this.arena[off] !== len) return false;
    const base = off + 1;
    for (let i = 0; i < len; i++) if (this.arena[base + i] !== buf[i]) return false;
    return true;
  }

  private ensureStates(n: number): void {
    if (n <= this.offsets.length) return;
    const size = this.offsets.length * 2;
    this.offsets = grow(this.offsets, size);
    this.hashes = grow(this.hashes, size);
    this.parents = grow(this.parents, size);
    this.transitions = grow(this.transitions, size);
    this.depths = grow(this.depths, size);
  }

  private ensureArena(extra: number): void {
    if (this.arenaUsed + extra <= this.arena.length) return;
    let size = this.arena.length * 2;
    while (size < this.arenaUsed + extra) size *= 2;
    this.arena = grow(this.arena, size);
  }

  private grow(): void {
    const size = this.table.length * 2;
    const table = new Int32Array(size);
    const mask = size - 1;
    for (let id = 0; id < this.count; id++) {
      let slot = this.hashes[id]! & mask;
      while (table[slot] !== EMPTY) slot = (slot + 1) & mask;
      table[slot] = id + 1;
    }
    this.table = table;
    this.mask = mask;
  }
}

function grow(a: Int32Array, size: number): Int32Array<ArrayBuffer> {
  const b = new Int32Array(size);
  b.set(a);
  return b;
}
