// The visited set: every state found, stored once (packed-set.ts) and found again through an
// open-addressing hash table of state ids (STYLE.md: no JSON keys, no Map of states). Each state also
// keeps its parent and the index of the transition that reached it, so traces are rebuilt by replay
// (the stateright lesson), and its BFS depth (state-records.ts).

import { OB_ID, P_NTHREADS, P_PID, T_TID } from "./state-layout.js";
import { WROTE_ANY, type StepWrites } from "./machine.js";
import { PackedSet } from "./packed-set.js";
import { WordSet } from "./word-set.js";
import { MAX_CHANGES, PartCache } from "./part-cache.js";
/** owners of the kernel section's components (pid 0): its named objects, its datagrams in flight */
const KERNEL_NAMED = 1;
const KERNEL_DATAGRAMS = 2;
/** what a step with no claims may have written */
const ANYTHING: StepWrites = { writer: WROTE_ANY, writer2: -1, writerTid: 0, wroteKernel: true };

/** What the search and the traces need of a visited set: the whole one below, or hash compaction's (fingerprint-set.ts). */
export interface StateStore {
  readonly count: number;
  parentOf(id: number): number;
  /** the index of the transition from the parent that reached state `id` (-1: the initial state) */
  transitionOf(id: number): number;
  depthOf(id: number): number;
  /**
   * The id of a new state, or -(id + 1) of the one found. `writes`: what the step from `parent` may
   * have written (Machine.writer; null: anything): the blocks it did not write are the parent's
   */
  add(buf: Int32Array, len: number, parent: number, transition: number, depth: number, writes?: StepWrites | null): number;
  load(id: number, buf: Int32Array): number;
  stateLength(id: number): number;
  bytesPerState(): number;
  totalBytes(): number;
}

/**
 * The visited set: every state found, with its parent, the transition that reached it and its
 * depth. With `collapse` (SPIN's COLLAPSE idea), a state is stored as its header and the ids of its
 * components — each process block, and the kernel objects — interned in a second set, so the
 * processes that did not change between two states are stored once for both.
 */
export class VisitedSet implements StateStore {
  private readonly states = new PackedSet();
  private readonly parts: WordSet | null;
  private readonly cache = new PartCache();
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
  parentOf(id: number): number {
    return this.states.records.parentOf(id);
  }
  transitionOf(id: number): number {
    return this.states.records.transitionOf(id);
  }
  depthOf(id: number): number {
    return this.states.records.depthOf(id);
  }

  add(buf: Int32Array, len: number, parent: number, transition: number, depth: number, writes: StepWrites | null = null): number {
    if (!this.parts) return this.states.add(buf, len, parent, transition, depth);
    if (parent !== this.loadedId && parent >= 0) this.load(parent, this.scratchFor(parent));
    const n = this.compress(buf, len, parent >= 0, writes ?? ANYTHING);
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
    if (!this.parts) return this.states.length(id);
    return this.states.firstWord(id);
  }

  bytesPerState(): number {
    return this.count === 0 ? 0 : this.totalBytes() / this.count;
  }

  totalBytes(): number {
    return this.states.totalBytes() + (this.parts ? this.parts.totalBytes() + this.cache.bytes() : 0);
  }

  private compressedFor(id: number): Int32Array {
    const n = this.states.length(id);
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
  private compress(buf: Int32Array, len: number, fromLoaded: boolean, writes: StepWrites): number {
    const { writer, writer2, writerTid, wroteKernel } = writes;
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
    // were: their components are the parent's, part ids and all; and within its process, a step of
    // one thread left the other threads' blocks as they were
    const narrow = writer !== WROTE_ANY;
    for (let j = 0; j < count; j++) {
      // the same process's same block in both (a step may add or drop components of its own process)
      const same = j < known && owner[j] === this.loadedOwner[j] && this.loadedSize[j] === this.partSize[j];
      const pid = owner[j]! >> 16;
      const untouched = narrow && same && (pid === 0 ? !wroteKernel
        : (pid !== writer && pid !== writer2) || (pid === writer && pid !== writer2 && writerTid > 0 && this.otherThread(buf, j, writerTid)));
      c[1 + H + j] = untouched && !this.checkWriters ? this.loadedIds[j]! : this.intern(buf, this.partAt[j]!, this.partSize[j]!, j < known ? j : -1);
      if (untouched && this.checkWriters && c[1 + H + j] !== this.loadedIds[j]) {
        throw new Error(`a step written by pid ${writer}${writerTid > 0 ? `/thread ${writerTid}` : ""}${writer2 >= 0 ? ` and pid ${writer2}` : ""}${wroteKernel ? " and the kernel" : ""} changed component ${j} (pid ${pid}, part ${owner[j]! & 0xffff})`);
      }
    }
    return 1 + H + count;
  }

  /**
   * Whether component j of buf (at the same place as the loaded state's j-th, same owner and size)
   * is a thread block of the same thread in both, not thread `tid`'s.
   */
  private otherThread(buf: Int32Array, j: number, tid: number): boolean {
    if ((this.partOwner[j]! & 0xffff) === 0) return false; // the process's own fields (or its only thread)
    const here = buf[this.partAt[j]! + T_TID]!;
    return here !== tid && this.loadedFull[this.loadedAt[j]! + T_TID] === here;
  }

  /**
   * The part id of buf[from .. from + size): the loaded state's j-th part when it is the same words;
   * when it differs from it in a few words, the part those changes made of it last time (part-cache.ts)
   */
  private intern(buf: Int32Array, from: number, size: number, j: number): number {
    if (j >= 0 && this.loadedSize[j] === size) {
      const full = this.loadedFull;
      const base = this.loadedAt[j]! - from;
      const cache = this.cache;
      const offsets = cache.offsets;
      const values = cache.values;
      let n = 0;
      for (let i = from, end = from + size; i < end; i++) {
        const w = buf[i]!;
        if (full[base + i] === w) continue;
        if (n === MAX_CHANGES) {
          n++;
          break;
        }
        offsets[n] = i - from;
        values[n++] = w;
      }
      if (n === 0) return this.loadedIds[j]!;
      if (n <= MAX_CHANGES) {
        const before = this.loadedIds[j]!;
        const known = cache.get(before, n);
        if (known >= 0) return known;
        const r = this.parts!.add(buf, size, from);
        const id = r >= 0 ? r : -(r + 1);
        cache.set(before, n, id, this.parts!.count);
        return id;
      }
    }
    const r = this.parts!.add(buf, size, from);
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
