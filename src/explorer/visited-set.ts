// The visited set: every state found, stored once in a growing Int32Array arena and found again
// through an open-addressing hash table of state ids (STYLE.md: no JSON keys, no Map of states).
// Each state also keeps its parent and the index of the transition that reached it, so traces are
// rebuilt by replay (the stateright lesson), and its BFS depth.

import { OB_ID, P_NTHREADS, P_PID } from "./state-layout.js";
import { grown, resized } from "./grow.js";
import { WROTE_ANY } from "./machine.js";

const EMPTY = 0;
/** owners of the kernel section's components (pid 0): its named objects, its datagrams in flight */
const KERNEL_NAMED = 1;
const KERNEL_DATAGRAMS = 2;

/** What the search and the traces need of a visited set: the whole one below, or hash compaction's (fingerprint-set.ts). */
export interface StateStore {
  readonly count: number;
  readonly parents: Int32Array;
  readonly transitions: Int32Array;
  readonly depths: Int32Array;
  /**
   * The id of a new state, or -(id + 1) of the one found. `writer`, `wroteKernel`: what the step from
   * `parent` may have written (Machine.writer): the other processes' blocks are the parent's
   */
  add(buf: Int32Array, len: number, parent: number, transition: number, depth: number, writer?: number, wroteKernel?: boolean): number;
  load(id: number, buf: Int32Array): number;
  stateLength(id: number): number;
  bytesPerState(): number;
  totalBytes(): number;
}

export function hashWords(buf: Int32Array, len: number, from = 0, seed = 0x9747b28c): number {
  // one multiply per word (a multiplicative hash over words, two lanes for independence), then
  // murmur3's finaliser; the seeds are constants (determinism); another seed, another hash
  let h1 = seed ^ len;
  let h2 = Math.imul(seed, 0x85ebca6b) | 1;
  let i = from;
  const end = from + len;
  for (; i + 1 < end; i += 2) {
    h1 = Math.imul(h1 ^ buf[i]!, 0x9e3779b1);
    h2 = Math.imul(h2 ^ buf[i + 1]!, 0xc2b2ae35);
    h1 = (h1 << 13) | (h1 >>> 19);
    h2 = (h2 << 17) | (h2 >>> 15);
  }
  if (i < end) h1 = Math.imul(h1 ^ buf[i]!, 0x9e3779b1);
  let h = h1 ^ Math.imul(h2, 0x27d4eb2f);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h;
}

/** A set of word vectors: each stored once in an arena, found again through an open-addressing table. */
export class WordSet {
  private arena: Int32Array<ArrayBuffer> = new Int32Array(1 << 16);
  private arenaUsed = 0;
  private offsets = new Int32Array(1 << 12);
  parents = new Int32Array(1 << 12);
  transitions = new Int32Array(1 << 12);
  depths = new Int32Array(1 << 12);
  // slot pairs [id + 1, hash]: a probe reads the hash beside the id, not in another array
  private table = new Int32Array(2 << 13);
  private mask = (1 << 13) - 1;
  private tableMask = (2 << 13) - 1;
  count = 0;

  /** Adds the words buf[from .. from + len) unless present. Returns the id, or -(id + 1) if it was there already. */
  add(buf: Int32Array, len: number, parent: number, transition: number, depth: number, from = 0): number {
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
    this.parents[id] = parent;
    this.transitions[id] = transition;
    this.depths[id] = depth;
    table[slot] = off + 1;
    table[slot + 1] = h;
    if (this.count * 4 > table.length) this.grow();
    return id;
  }

  /** Copies state `id` into `buf` (large enough) and returns its length. */
  load(id: number, buf: Int32Array): number {
    const off = this.offsets[id]!;
    const len = this.arena[off]!;
    buf.set(this.arena.subarray(off + 2, off + 2 + len));
    return len;
  }

  stateLength(id: number): number {
    return this.arena[this.offsets[id]!]!;
  }

  /** The first word of vector `id`, without copying it. */
  firstWord(id: number): number {
    return this.arena[this.offsets[id]! + 2]!;
  }

  /** Bytes held for the states and their index, per state. */
  bytesPerState(): number {
    if (this.count === 0) return 0;
    const perStateArrays = 4 * 4; // offset, parent, transition, depth
    const tableBytes = this.table.length * 4;
    return (this.arenaUsed * 4 + this.count * perStateArrays + tableBytes) / this.count;
  }

  totalBytes(): number {
    return this.arena.byteLength + this.offsets.byteLength * 4 + this.table.byteLength;
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
    this.parents = grown(this.parents);
    this.transitions = grown(this.transitions);
    this.depths = grown(this.depths);
  }

  private ensureArena(extra: number): void {
    if (this.arenaUsed + extra <= this.arena.length) return;
    // by half again, not double: the arena is most of the memory, and its slack is counted
    let size = this.arena.length + (this.arena.length >> 1);
    while (size < this.arenaUsed + extra) size += size >> 1;
    this.arena = resized(this.arena, size);
  }

  private grow(): void {
    const slots = (this.mask + 1) * 2;
    const table = new Int32Array(slots * 2);
    const tableMask = slots * 2 - 1;
    const old = this.table;
    for (let at = 0; at < old.length; at += 2) {
      if (old[at] === EMPTY) continue;
      const h = old[at + 1]!;
      let slot = (h & (slots - 1)) << 1;
      while (table[slot] !== EMPTY) slot = (slot + 2) & tableMask;
      table[slot] = old[at]!;
      table[slot + 1] = h;
    }
    this.table = table;
    this.mask = slots - 1;
    this.tableMask = tableMask;
  }
}

/**
 * The visited set: every state found, with its parent, the transition that reached it and its
 * depth. With `collapse` (SPIN's COLLAPSE idea), a state is stored as its header and the ids of its
 * components — each process block, and the kernel objects — interned in a second set, so the
 * processes that did not change between two states are stored once for both.
 */
export class VisitedSet implements StateStore {
  private readonly states = new WordSet();
  private readonly parts: WordSet | null;
  private compressed = new Int32Array(256);
  // the state loaded last, whole, and where each of its components lies: a successor's component
  // equal to its parent's at the same place (most of them) takes the parent's part id without a probe
  private loadedId = -1;
  private loadedFull = new Int32Array(256);
  private loadedIds = new Int32Array(64);
  private loadedAt = new Int32Array(64);
  private loadedSize = new Int32Array(64);
  private loadedOwner = new Int32Array(64);
  private loadedParts = 0;
  // where each component of the state being added lies, and whose it is: (pid << 16) | its index among
  // the process's components; the kernel's parts have pid 0 (KERNEL_NAMED, KERNEL_DATAGRAMS)
  private partAt = new Int32Array(64);
  private partSize = new Int32Array(64);
  private partOwner = new Int32Array(64);

  /**
   * `layout`: the words before the first process and the fixed part of a process block (before its
   * threads); null stores states whole. `checkWriters`: compare the components a step did not write
   * all the same, and throw if one differs (tests of Machine.writer)
   */
  constructor(
    private readonly layout: { readonly headerSize: number; readonly procFixed: number } | null = null,
    private readonly checkWriters = false,
  ) {
    this.parts = layout === null ? null : new WordSet();
  }

  get count(): number {
    return this.states.count;
  }
  get parents(): Int32Array {
    return this.states.parents;
  }
  get transitions(): Int32Array {
    return this.states.transitions;
  }
  get depths(): Int32Array {
    return this.states.depths;
  }

  add(buf: Int32Array, len: number, parent: number, transition: number, depth: number, writer = WROTE_ANY, wroteKernel = true): number {
    if (!this.parts) return this.states.add(buf, len, parent, transition, depth);
    if (parent !== this.loadedId && parent >= 0) this.load(parent, this.scratchFor(parent));
    const n = this.compress(buf, len, parent >= 0, writer, wroteKernel);
    return this.states.add(this.compressed, n, parent, transition, depth);
  }

  load(id: number, buf: Int32Array): number {
    if (!this.parts) return this.states.load(id, buf);
    const n = this.states.load(id, this.compressedFor(id));
    const len = this.expand(this.compressed, n, buf);
    this.remember(id, buf, len, n);
    return len;
  }

  stateLength(id: number): number {
    if (!this.parts) return this.states.stateLength(id);
    return this.states.firstWord(id);
  }

  bytesPerState(): number {
    return this.count === 0 ? 0 : this.totalBytes() / this.count;
  }

  totalBytes(): number {
    return this.states.totalBytes() + (this.parts ? this.parts.totalBytes() : 0);
  }

  private compressedFor(id: number): Int32Array {
    const n = this.states.stateLength(id);
    if (this.compressed.length < n) this.compressed = new Int32Array(n * 2);
    return this.compressed;
  }

  private scratch = new Int32Array(256);
  private scratchFor(id: number): Int32Array {
    const n = this.stateLength(id);
    if (this.scratch.length < n) this.scratch = new Int32Array(n * 2);
    return this.scratch;
  }

  /** Keeps state `id` (just expanded into buf, from this.compressed[0 .. n)) as the likely parent of the next states added. */
  private remember(id: number, buf: Int32Array, len: number, n: number): void {
    if (this.loadedFull.length < len) this.loadedFull = new Int32Array(len * 2);
    this.loadedFull.set(buf.subarray(0, len));
    const parts = n - 1 - this.layout!.headerSize;
    if (this.loadedIds.length < parts) {
      this.loadedIds = new Int32Array(parts * 2);
      this.loadedAt = new Int32Array(parts * 2);
      this.loadedSize = new Int32Array(parts * 2);
      this.loadedOwner = new Int32Array(parts * 2);
    }
    this.loadedIds.set(this.compressed.subarray(n - parts, n));
    this.loadedParts = parts;
    this.loadedId = id;
    this.componentsOf(buf, len, this.loadedAt, this.loadedSize, this.loadedOwner);
  }

  /** The offset, size and owner of each component of the full vector buf, in compressed order (the arrays large enough); returns how many. */
  private componentsOf(buf: Int32Array, len: number, at: Int32Array, size: Int32Array, owner: Int32Array): number {
    const { headerSize: H, procFixed } = this.layout!;
    const nproc = buf[1]!;
    let k = 0;
    let p = H;
    for (let i = 0; i < nproc; i++) {
      const end = p + buf[p]!;
      const split = buf[p + P_NTHREADS]! > 1;
      const key = buf[p + P_PID]! << 16;
      at[k] = p;
      owner[k] = key;
      size[k++] = split ? procFixed : end - p;
      if (split) for (let t = p + procFixed, n = 1; t < end; t += buf[t]!, n++) {
        at[k] = t;
        owner[k] = key | n;
        size[k++] = buf[t]!;
      }
      p = end;
    }
    const split = kernelSplit(buf, p, len);
    if (split > 0) {
      at[k] = p;
      owner[k] = KERNEL_NAMED;
      size[k++] = split - p;
      p = split;
    }
    at[k] = p;
    owner[k] = KERNEL_DATAGRAMS;
    size[k] = len - p;
    return k + 1;
  }

  /**
   * [full length, header..., per process its part id — or, with several threads, the part id of
   * its fixed part then one per thread —, the kernel's part id (two: its named objects, then the
   * datagrams in flight, when there are both)]: a process (a thread) that did not
   * move is stored once for all the states it is in
   */
  private compress(buf: Int32Array, len: number, fromLoaded: boolean, writer: number, wroteKernel: boolean): number {
    const H = this.layout!.headerSize;
    const nproc = buf[1]!;
    let most = 2;
    for (let p = H, i = 0; i < nproc; i++, p += buf[p]!) most += 1 + (buf[p + P_NTHREADS]! > 1 ? buf[p + P_NTHREADS]! : 0);
    if (this.partAt.length < most) {
      this.partAt = new Int32Array(most * 2);
      this.partSize = new Int32Array(most * 2);
      this.partOwner = new Int32Array(most * 2);
    }
    if (this.compressed.length < 1 + H + most) this.compressed = new Int32Array((1 + H + most) * 2);
    const owner = this.partOwner;
    const count = this.componentsOf(buf, len, this.partAt, this.partSize, owner);
    const c = this.compressed;
    c[0] = len;
    for (let i = 0; i < H; i++) c[1 + i] = buf[i]!;
    const known = fromLoaded ? this.loadedParts : 0;
    // a step that wrote only its own process (and perhaps the kernel) left the others' blocks as they
    // were: their components are the parent's, part ids and all
    const narrow = writer !== WROTE_ANY;
    for (let j = 0; j < count; j++) {
      // the same process's same block in both (a step may add or drop components of its own process)
      const same = j < known && owner[j] === this.loadedOwner[j] && this.loadedSize[j] === this.partSize[j];
      const pid = owner[j]! >> 16;
      const untouched = narrow && same && (pid === 0 ? !wroteKernel : pid !== writer);
      c[1 + H + j] = untouched && !this.checkWriters ? this.loadedIds[j]! : this.intern(buf, this.partAt[j]!, this.partSize[j]!, j < known ? j : -1);
      if (untouched && this.checkWriters && c[1 + H + j] !== this.loadedIds[j]) {
        throw new Error(`a step written by pid ${writer}${wroteKernel ? " and the kernel" : ""} changed component ${j} (pid ${pid}, part ${owner[j]! & 0xffff})`);
      }
    }
    return 1 + H + count;
  }

  /** The part id of buf[from .. from + size): the loaded state's j-th part when it is the same words. */
  private intern(buf: Int32Array, from: number, size: number, j: number): number {
    if (j >= 0 && this.loadedSize[j] === size) {
      const full = this.loadedFull;
      const base = this.loadedAt[j]! - from;
      let i = from;
      const end = from + size;
      while (i < end && full[base + i] === buf[i]) i++;
      if (i === end) return this.loadedIds[j]!;
    }
    const r = this.parts!.add(buf, size, -1, -1, 0, from);
    return r >= 0 ? r : -(r + 1);
  }

  private expand(c: Int32Array, n: number, out: Int32Array): number {
    const H = this.layout!.headerSize;
    for (let i = 0; i < H; i++) out[i] = c[1 + i]!;
    const nproc = out[1]!;
    let at = H;
    let k = 1 + H;
    for (let i = 0; i < nproc; i++) {
      const p = at;
      at += this.parts!.copyTo(c[k++]!, out, at);
      const threads = out[p + P_NTHREADS]!;
      if (threads > 1) for (let j = threads; j > 0; j--) at += this.parts!.copyTo(c[k++]!, out, at);
    }
    while (k < n) at += this.parts!.copyTo(c[k++]!, out, at);
    return at;
  }
}

/**
 * Where the kernel section [from, len) is cut in two components: at its first anonymous object (the
 * datagrams in flight, which change at most steps, while the named objects seldom do), or -1.
 */
function kernelSplit(buf: Int32Array, from: number, len: number): number {
  for (let o = from; o < len - 1; o += buf[o]!) if (buf[o + OB_ID] === 0) return o > from ? o : -1;
  return -1;
}
