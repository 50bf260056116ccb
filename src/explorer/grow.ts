// Growing the explorer's typed arrays, contents kept.

/** A copy at least twice as long (or `min` words). */
export function grown(a: Int32Array, min = 0): Int32Array<ArrayBuffer> {
  const b = new Int32Array(Math.max(a.length * 2, min));
  b.set(a);
  return b;
}

/** A copy exactly `length` words long (at least a's), contents kept. */
export function resized(a: Int32Array, length: number): Int32Array<ArrayBuffer> {
  const b = new Int32Array(length);
  b.set(a);
  return b;
}

/** A length half again as long as `length`, grown so until it is at least `min`: for the arrays most of the memory is in, whose slack is counted. */
export function halfAgain(length: number, min: number): number {
  let size = length + (length >> 1);
  while (size < min) size += size >> 1;
  return size;
}

/**
 * An open-addressing table of [entry, hash] slot pairs (0: an empty slot) rehashed into `slots`
 * slots (a power of two, linear probing): the word sets' tables when they grow.
 */
export function rehashedPairs(old: Int32Array, slots: number): Int32Array<ArrayBuffer> {
  const mask = slots - 1;
  const table = new Int32Array(slots * 2);
  for (let at = 0; at < old.length; at += 2) {
    if (old[at] === 0) continue;
    const h = old[at + 1]!;
    let slot = h & mask;
    while (table[slot << 1] !== 0) slot = (slot + 1) & mask;
    table[slot << 1] = old[at]!;
    table[(slot << 1) + 1] = h;
  }
  return table;
}
