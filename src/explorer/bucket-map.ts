// An immutable map of number keys for the happens-before facts kept beside each state
// (happens-before.ts): a successor shares its parent's facts and changes one or two entries, so a
// change copies the array of 16 buckets and the one bucket the key falls in, not every entry
// (a bounded buffer's 40 locations made the copy a quarter of its search).

const BUCKETS = 16;

export type BucketMap<V> = readonly (ReadonlyMap<number, V> | undefined)[];

export function emptyBucketMap<V>(): BucketMap<V> {
  return new Array<ReadonlyMap<number, V> | undefined>(BUCKETS).fill(undefined);
}

/** Keys are integers below 2^53: their low and high 32 bits, mixed. */
function bucketOf(key: number): number {
  const h = Math.imul((key / 4294967296) | 0, 0x9e3779b1) ^ Math.imul(key >>> 0, 0x85ebca6b);
  return (h ^ (h >>> 15)) & (BUCKETS - 1);
}

export function getIn<V>(map: BucketMap<V>, key: number): V | undefined {
  return map[bucketOf(key)]?.get(key);
}

/** The map with key set to value; `map` itself is unchanged. */
export function setIn<V>(map: BucketMap<V>, key: number, value: V): BucketMap<V> {
  const b = bucketOf(key);
  const out = map.slice();
  const bucket = new Map(map[b]);
  bucket.set(key, value);
  out[b] = bucket;
  return out;
}
