// What a few changed words make of a part (visited-set.ts): a step changes a handful of words of
// its process's block (a pc, a register, a pending bit), and the same change to the same part recurs
// on many states. So the visited set keeps, for (part id, the changed words' offsets and values), the
// id of the part they make: found again, the new block needs no hashing and no compare against the
// parts' arena. A key is compared whole, so an answer is exact; the table is direct-mapped (a new
// entry takes its slot), a cache that grows with the parts.

/** changed words a key holds at most */
export const MAX_CHANGES = 4;
/** words per entry: part id + 1, the number of changes, offset and value per change, the answer */
const ENTRY = 3 + 2 * MAX_CHANGES;

export class PartCache {
  private table = new Int32Array(ENTRY << 8);
  private mask = (1 << 8) - 1;
  // the change being looked up: offsets and values
  readonly offsets = new Int32Array(MAX_CHANGES);
  readonly values = new Int32Array(MAX_CHANGES);

  /** The part that `part` becomes with the `n` changes in offsets/values, or -1 if not known. */
  get(part: number, n: number): number {
    const at = this.slotOf(part, n) * ENTRY;
    const t = this.table;
    if (t[at] !== part + 1 || t[at + 1] !== n) return -1;
    for (let i = 0; i < n; i++) if (t[at + 2 + 2 * i] !== this.offsets[i] || t[at + 3 + 2 * i] !== this.values[i]) return -1;
    return t[at + ENTRY - 1]!;
  }

  /** Notes that `part` with the `n` changes in offsets/values is `result`; `parts`: how many parts there are (the cache grows with them). */
  set(part: number, n: number, result: number, parts: number): void {
    if (parts * 8 > this.mask + 1 && this.mask < (1 << 16) - 1) this.grow();
    const at = this.slotOf(part, n) * ENTRY;
    const t = this.table;
    t[at] = part + 1;
    t[at + 1] = n;
    for (let i = 0; i < n; i++) {
      t[at + 2 + 2 * i] = this.offsets[i]!;
      t[at + 3 + 2 * i] = this.values[i]!;
    }
    t[at + ENTRY - 1] = result;
  }

  bytes(): number {
    return this.table.byteLength;
  }

  private slotOf(part: number, n: number): number {
    let h = Math.imul(part ^ (n << 24), 0x9e3779b1);
    for (let i = 0; i < n; i++) {
      h = Math.imul(h ^ this.offsets[i]!, 0x85ebca6b);
      h = Math.imul(h ^ this.values[i]!, 0xc2b2ae35);
      h ^= h >>> 15;
    }
    h ^= h >>> 16;
    return h & this.mask;
  }

  /** Twice the slots, emptied: it is a cache. */
  private grow(): void {
    const slots = (this.mask + 1) * 2;
    this.table = new Int32Array(slots * ENTRY);
    this.mask = slots - 1;
  }
}
