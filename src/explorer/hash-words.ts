// The hash of a vector of words, built without strings (STYLE.md): the visited set's, the parts', and
// hash compaction's fingerprints (each half its own seed).

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
