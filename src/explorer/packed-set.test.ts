// The packed states' set agrees with a plain Map, and unpacks each vector unchanged, the widest words included (fast-check).
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { PackedSet } from "./packed-set.js";

const word = fc.oneof(fc.integer({ min: -3, max: 300 }), fc.integer({ min: -2147483648, max: 2147483647 }));

describe("packed set", () => {
  it("agrees with a Map of the vectors' texts, and unpacks each vector unchanged", () => {
    fc.assert(
      fc.property(fc.array(fc.array(word, { maxLength: 8 }), { maxLength: 300 }), (vectors) => {
        const set = new PackedSet();
        const plain = new Map<string, number>();
        for (const v of vectors) {
          const buf = Int32Array.from(v);
          const r = set.add(buf, buf.length, plain.size - 1, 0, 0);
          const key = v.join(",");
          if (plain.has(key)) expect(r).toBe(-(plain.get(key)! + 1));
          else {
            expect(r).toBe(plain.size);
            plain.set(key, r);
          }
        }
        expect(set.count).toBe(plain.size);
        const out = new Int32Array(8);
        for (const [key, id] of plain) {
          const len = set.load(id, out);
          expect(set.length(id)).toBe(len);
          expect(Array.from(out.subarray(0, len)).join(",")).toBe(key);
          if (len > 0) expect(set.firstWord(id)).toBe(out[0]);
        }
      }),
    );
  });

  it("takes a byte for a small word, where a wide word takes five", () => {
    const small = new PackedSet();
    const wide = new PackedSet();
    const buf = new Int32Array(12);
    for (let i = 0; i < 100_000; i++) {
      for (let j = 0; j < 11; j++) buf[j] = (i >> j) & 63;
      buf[11] = i;
      small.add(buf, 12, i - 1, 0, 0);
      for (let j = 0; j < 11; j++) buf[j] += 1 << 28;
      wide.add(buf, 12, i - 1, 0, 0);
    }
    expect(small.count).toBe(100_000);
    expect(wide.count).toBe(100_000);
    // 11 words a vector four bytes narrower, less the arena's slack
    expect(wide.totalBytes() - small.totalBytes()).toBeGreaterThan(100_000 * 11 * 4 * 0.6);
  });
});
