// Hash compaction: the fingerprint set agrees with a plain Set on small vectors (no collision there),
// hands back each queued state unchanged in breadth-first order while dropping expanded ones, and a
// compacted search finds what the whole one finds (fast-check).
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { FingerprintSet } from "./fingerprint-set.js";
import { programArbitrary } from "../../test/program-generator.js";
import { modelOf } from "../../test/check-source.js";
import { search } from "./search.js";

describe("fingerprint set", () => {
  it("agrees with a Set of the states' texts", () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.integer({ min: -3, max: 3 }), { minLength: 0, maxLength: 6 }), { maxLength: 400 }), (states) => {
        const set = new FingerprintSet();
        const plain = new Map<string, number>();
        for (const s of states) {
          const buf = Int32Array.from(s);
          const r = set.add(buf, buf.length, 0, 0, 0);
          const key = s.join(",");
          if (plain.has(key)) expect(r).toBe(-(plain.get(key)! + 1));
          else {
            expect(r).toBe(plain.size);
            plain.set(key, r);
          }
        }
        expect(set.count).toBe(plain.size);
      }),
    );
  });

  it("gives each queued state back unchanged while states are added and expanded in id order", () => {
    const set = new FingerprintSet();
    const vec = (id: number) => Int32Array.from({ length: 1 + (id % 300) }, (_, i) => id * 7 + i);
    set.add(vec(0), vec(0).length, -1, -1, 0);
    const out = new Int32Array(400);
    let next = 1;
    for (let id = 0; id < 6_000; id++) {
      const len = set.load(id, out);
      expect(Array.from(out.subarray(0, len))).toEqual(Array.from(vec(id)));
      for (let k = 0; k < 2 && next < 6_001; k++, next++) expect(set.add(vec(next), vec(next).length, id, k, 0)).toBe(next);
    }
    expect(set.parentOf(5_999)).toBe(2_999);
    expect(set.bytesPerState()).toBeLessThan(64);
  });

  it("finds the same states and rules as the whole search (livelock aside), with its chance of a miss", () => {
    fc.assert(
      fc.property(programArbitrary, (source) => {
        const model = modelOf(source);
        const whole = search(model, { maxStates: 20_000, maxDepth: 10_000 });
        const compact = search(model, { maxStates: 20_000, maxDepth: 10_000, hashCompact: true });
        const rules = (r: typeof whole) => [...new Set(r.findings.map((f) => f.raw.rule))].filter((id) => id !== "livelock").sort();
        expect(compact.states).toBe(whole.states);
        expect(rules(compact)).toEqual(rules(whole));
        expect(compact.complete).toBe(false);
        expect(compact.collisionBound).toBeLessThan(1e-9);
      }),
      { numRuns: 60 },
    );
  });
});
