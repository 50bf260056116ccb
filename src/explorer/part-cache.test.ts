// The part cache answers only for the very change it was told, and forgets (never misleads) when it grows.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { MAX_CHANGES, PartCache } from "./part-cache.js";

function put(cache: PartCache, changes: readonly [number, number][]): number {
  changes.forEach(([o, v], i) => {
    cache.offsets[i] = o;
    cache.values[i] = v;
  });
  return changes.length;
}

describe("part cache", () => {
  it("gives back the part noted for (part, changes), and for no other key", () => {
    const change = fc.array(fc.tuple(fc.nat(40), fc.integer({ min: -5, max: 5 })), { minLength: 1, maxLength: MAX_CHANGES });
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(50), change), { maxLength: 200 }), (entries) => {
        const cache = new PartCache();
        const noted = new Map<string, number>();
        entries.forEach(([part, changes], i) => {
          cache.set(part, put(cache, changes), i, 60);
          noted.set(`${part}|${changes.join(";")}`, i);
        });
        for (const [part, changes] of entries) {
          const got = cache.get(part, put(cache, changes));
          // direct-mapped: a key may have lost its slot, but an answer is always the one noted
          if (got >= 0) expect(got).toBe(noted.get(`${part}|${changes.join(";")}`));
        }
        const [part, changes] = entries[entries.length - 1] ?? [0, [[0, 0]] as [number, number][]];
        if (entries.length > 0) expect(cache.get(part, put(cache, changes))).toBe(entries.length - 1);
      }),
    );
  });

  it("answers nothing for a part it was not told of, and forgets everything when it grows", () => {
    const cache = new PartCache();
    cache.set(3, put(cache, [[1, 7]]), 9, 1);
    expect(cache.get(3, put(cache, [[1, 7]]))).toBe(9);
    expect(cache.get(4, put(cache, [[1, 7]]))).toBe(-1);
    expect(cache.get(3, put(cache, [[1, 8]]))).toBe(-1);
    expect(cache.get(3, put(cache, [[1, 7], [2, 0]]))).toBe(-1);
    const before = cache.bytes();
    cache.set(5, put(cache, [[0, 1]]), 1, 10_000);
    expect(cache.bytes()).toBeGreaterThan(before);
    expect(cache.get(3, put(cache, [[1, 7]]))).toBe(-1);
  });
});
