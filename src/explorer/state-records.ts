// What the search keeps of each state besides its words: its parent, the index of the transition
// that reached it, and its depth (traces are rebuilt by replay from these: the stateright lesson).
// Six bytes a state (ten depth-first): parents are words, transition indexes half-words (a state has fewer than
// 65,535 transitions), and depths, while states come in breadth-first order, are not kept per state at
// all — only the first id of each depth. A state added below the depth reached (a depth-first swarm
// member) switches to a depth per state.

import { halfAgain } from "./grow.js";

const NO_TRANSITION = 0xffff;

export class StateRecords {
  private parents = new Int32Array(1 << 10);
  private transitions = new Uint16Array(1 << 10);
  // breadth-first: layerStart[d] is the first id of depth d; else null and a depth per state
  private layerStart: number[] | null = [];
  private depths: Int32Array | null = null;
  private count = 0;
  // the layer asked last: the search asks in id order
  private lastLayer = 0;

  /** Records state `id` (the next one: ids are given out in order); transition -1 for the initial state. */
  push(id: number, parent: number, transition: number, depth: number): void {
    if (id >= this.parents.length) this.grow(id + 1);
    this.parents[id] = parent;
    this.transitions[id] = transition < 0 ? NO_TRANSITION : transition;
    this.count = id + 1;
    const layers = this.layerStart;
    if (layers !== null) {
      if (depth === layers.length - 1) return;
      if (depth >= layers.length) {
        while (layers.length <= depth) layers.push(id);
        return;
      }
      this.perState();
    }
    this.depths![id] = depth;
  }

  parentOf(id: number): number {
    return this.parents[id]!;
  }

  transitionOf(id: number): number {
    const t = this.transitions[id]!;
    return t === NO_TRANSITION ? -1 : t;
  }

  depthOf(id: number): number {
    const layers = this.layerStart;
    if (layers === null) return this.depths![id]!;
    let d = this.lastLayer;
    if (d >= layers.length || layers[d]! > id) d = 0;
    while (d + 1 < layers.length && layers[d + 1]! <= id) d++;
    this.lastLayer = d;
    return d;
  }

  bytes(): number {
    return this.parents.byteLength + this.transitions.byteLength + (this.depths ? this.depths.byteLength : (this.layerStart!.length * 8));
  }

  /** From here on a depth per state: states no longer come in breadth-first order. */
  private perState(): void {
    const layers = this.layerStart!;
    const depths = new Int32Array(this.parents.length);
    for (let d = 0; d < layers.length; d++) {
      const end = d + 1 < layers.length ? layers[d + 1]! : this.count;
      depths.fill(d, layers[d]!, end);
    }
    this.depths = depths;
    this.layerStart = null;
  }

  private grow(min: number): void {
    const size = halfAgain(this.parents.length, min);
    const parents = new Int32Array(size);
    parents.set(this.parents);
    this.parents = parents;
    const transitions = new Uint16Array(size);
    transitions.set(this.transitions);
    this.transitions = transitions;
    if (this.depths) {
      const depths = new Int32Array(size);
      depths.set(this.depths);
      this.depths = depths;
    }
  }
}
