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
