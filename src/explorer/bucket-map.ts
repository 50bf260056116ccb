// An immutable map of string keys for the happens-before facts kept beside each state
// (happens-before.ts): a successor shares its parent's facts and changes one or two entries, so a
// change copies the array of 16 buckets and the one bucket the key falls in, not every entry
// (a bounded buffer's 40 locations made the copy a quarter of its search).

const BUCKETS = 16;

export type BucketMap<V> = readonly (ReadonlyMap<string, V> | undefined)[];

export function emptyBucketMap<V>(): BucketMap<V> {
  return new Array<ReadonlyMap<string, V> | undefined>(BUCKETS).fill(undefined);
}

function bucketOf(key: string): number {
  let h = 0;
  for (let i = 0; i < key.length; i++) h = (Math.imul(h, 31) + key.charCodeAt(i)) | 0;
  return (h ^ (h >>> 7)) & (BUCKETS - 1);
}

export function getIn<V>(map: BucketMap<V>, key: string): V | undefined {
  return map[bucketOf(key)]?.get(key);
}

/** The map with key set to value; `map` itself is unchanged. */
export function setIn<V>(map: BucketMap<V>, key: string, value: V): BucketMap<V> {
  const b = bucketOf(key);
  const out = map.slice();
  const bucket = new Map(map[b]);
  bucket.set(key, value);
  out[b] = bucket;
  return out;
}
