// Parents, transition indexes and depths come back as recorded, in breadth-first order (depths kept per layer) or not (fast-check).
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { StateRecords } from "./state-records.js";

describe("state records", () => {
  it("gives back each state's parent, transition and depth, whether depths come in order or not", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(3), fc.integer({ min: -1, max: 65534 }), fc.nat(1000)), { minLength: 1, maxLength: 3000 }), fc.boolean(), (rows, ordered) => {
        const records = new StateRecords();
        let depth = 0;
        const depths: number[] = [];
        rows.forEach(([step, transition], id) => {
          depth = ordered ? depth + (step === 3 ? 1 : 0) : step;
          depths.push(depth);
          records.push(id, id - 1, transition, depth);
        });
        rows.forEach(([, transition], id) => {
          expect(records.parentOf(id)).toBe(id - 1);
          expect(records.transitionOf(id)).toBe(transition);
        });
        // asked out of order too: the cached layer must not mislead
        for (let id = rows.length - 1; id >= 0; id -= 7) expect(records.depthOf(id)).toBe(depths[id]);
        depths.forEach((d, id) => expect(records.depthOf(id)).toBe(d));
      }),
    );
  });

  it("keeps no depth per state while states come in breadth-first order", () => {
    const records = new StateRecords();
    for (let id = 0; id < 100_000; id++) records.push(id, id - 1, 0, Math.floor(id / 1000));
    expect(records.bytes()).toBeLessThan(100_000 * 8);
    expect(records.depthOf(99_999)).toBe(99);
  });
});
