// Swarm search (issue #6, item 8; Holzmann, Joshi and Groce's swarm verification): `--swarm i/n`
// makes this run member i of n diversified searches that a CI matrix runs on as many machines.
// Member 1 is the usual breadth-first search, exhaustive with shortest traces and the livelock
// analysis, so the union of the members never knows less than one plain run. Every other member
// searches depth-first, its successors in an order drawn from its own seed (and, with
// --hash-compact, fingerprints from its own hash seeds), so that under a bound (states, time, memory)
// each member covers another part of a state space too large for one search: a bug deep in it is
// found by some member long before a breadth-first search reaches its depth. A depth-first member
// keeps no edges, so it looks for no livelock; a member that explored everything says so, and its
// verdict is inconclusive unless it found something.
import { grown } from "./grow.js";

export interface SwarmMember {
  /** 1-based */
  readonly index: number;
  readonly count: number;
}

/** Whether this member searches depth-first in its own order (every member but the first). */
export function diversified(member: SwarmMember | undefined): member is SwarmMember {
  return member !== undefined && member.index > 1;
}

/** The member's seed: a fixed function of its index (determinism: the same member, the same run). */
export function memberSeed(member: SwarmMember): number {
  let h = Math.imul(member.index ^ 0x5bd1e995, 0x9e3779b1);
  h ^= h >>> 15;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return h | 1;
}

/** The successor order of a diversified member: a seeded xorshift generator shuffling each state's transitions. */
export class SwarmOrder {
  private state: number;
  order = new Int32Array(256);

  constructor(seed: number) {
    this.state = seed | 1;
  }

  private next(): number {
    let x = this.state;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.state = x;
    return x >>> 0;
  }

  /**
   * Fills `order` with 0 .. n-1, `first` .. `first + width - 1` (when first ≥ 0) in front and the
   * others shuffled (Fisher–Yates).
   */
  shuffle(n: number, first: number, width = 1): Int32Array {
    if (this.order.length < n) this.order = new Int32Array(n * 2);
    const o = this.order;
    for (let i = 0; i < n; i++) o[i] = i;
    let from = 0;
    if (first >= 0) {
      // swap first + i to place i (place first + i still holds its own index when its turn comes)
      for (let i = 0; i < width; i++) {
        o[first + i] = o[i]!;
        o[i] = first + i;
      }
      from = width;
    }
    for (let i = n - 1; i > from; i--) {
      const j = from + (this.next() % (i - from + 1));
      const t = o[i]!;
      o[i] = o[j]!;
      o[j] = t;
    }
    return o;
  }
}

/** The states a depth-first member has found and not expanded yet, newest on top (ids only grow, so they are in ascending order). */
export class IdStack {
  private ids = new Int32Array(1 << 12);
  size = 0;

  push(id: number): void {
    if (this.size === this.ids.length) this.ids = grown(this.ids);
    this.ids[this.size++] = id;
  }

  /** The newest state, taken off; -1 when there is none. */
  pop(): number {
    return this.size === 0 ? -1 : this.ids[--this.size]!;
  }

  bytes(): number {
    return this.ids.byteLength;
  }
}
