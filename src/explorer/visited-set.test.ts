// The visited set agrees with a plain Set, and gives back what was stored (fast-check).
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { VisitedSet } from "./visited-set.js";
import { hashWords } from "./hash-words.js";
import { modelOf } from "../../test/check-source.js";
import { search } from "./search.js";
import { philosophers } from "../bench/models.js";

describe("visited set", () => {
  it("agrees with a Set of the states' texts, and loads each state back unchanged", () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.integer({ min: -3, max: 3 }), { minLength: 0, maxLength: 6 }), { maxLength: 400 }), (states) => {
        const visited = new VisitedSet();
        const plain = new Map<string, number>();
        for (const s of states) {
          const buf = Int32Array.from(s);
          const r = visited.add(buf, buf.length, 0, 0, 0);
          const key = s.join(",");
          if (plain.has(key)) expect(r).toBe(-(plain.get(key)! + 1));
          else {
            expect(r).toBe(plain.size);
            plain.set(key, r);
          }
        }
        expect(visited.count).toBe(plain.size);
        const out = new Int32Array(16);
        for (const [key, id] of plain) {
          const len = visited.load(id, out);
          expect(Array.from(out.subarray(0, len)).join(",")).toBe(key);
        }
      }),
    );
  });

  it("hashes without strings, the same words to the same hash", () => {
    const a = Int32Array.from([1, 2, 3]);
    expect(hashWords(a, 3)).toBe(hashWords(Int32Array.from([1, 2, 3]), 3));
    expect(hashWords(a, 3)).not.toBe(hashWords(Int32Array.from([1, 2, 4]), 3));
  });

  it("stores a process of several threads as its fixed part and one part per thread: the same states, loaded back unchanged, in less room", () => {
    const model = modelOf(philosophers(4));
    const collapsed = search(model, { maxStates: 100_000, maxDepth: 10_000 });
    const whole = search(model, { maxStates: 100_000, maxDepth: 10_000, collapse: false });
    expect(collapsed.states).toBe(whole.states);
    const a = new Int32Array(8192);
    const b = new Int32Array(8192);
    for (let id = 0; id < collapsed.visited.count; id += 11) {
      const n = collapsed.visited.load(id, a);
      expect(whole.visited.load(id, b)).toBe(n);
      expect(Array.from(a.subarray(0, n))).toEqual(Array.from(b.subarray(0, n)));
    }
    expect(collapsed.visited.bytesPerState()).toBeLessThan(whole.visited.bytesPerState());
  });

  it("stores the datagrams in flight apart from the named kernel objects: the same states, loaded back unchanged", () => {
    const model = modelOf(`import { socket, bind, sendto, recvfrom, fork, waitpid, _exit, AF_INET, SOCK_DGRAM, type CheckOptions } from "ipcheck";
export const options: CheckOptions = { netFaults: ["loss", "duplicate", "reorder"] };
export function main(): void {
  const r = socket(AF_INET, SOCK_DGRAM);
  bind(r, 7100);
  const child = fork();
  if (child === 0) {
    const s = socket(AF_INET, SOCK_DGRAM);
    sendto(s, "a", 7100);
    sendto(s, "b", 7100);
    _exit(0);
  }
  recvfrom(r, 4);
  waitpid(child);
}`);
    const collapsed = search(model, { maxStates: 100_000, maxDepth: 10_000 });
    const whole = search(model, { maxStates: 100_000, maxDepth: 10_000, collapse: false });
    expect(collapsed.states).toBe(whole.states);
    const a = new Int32Array(8192);
    const b = new Int32Array(8192);
    let inFlight = 0;
    for (let id = 0; id < collapsed.visited.count; id++) {
      const n = collapsed.visited.load(id, a);
      expect(whole.visited.load(id, b)).toBe(n);
      expect(Array.from(a.subarray(0, n))).toEqual(Array.from(b.subarray(0, n)));
      if (collapsed.visited.stateLength(id) === n && a[n - 1]! > 8) inFlight++;
    }
    expect(inFlight).toBeGreaterThan(0);
  });
});
