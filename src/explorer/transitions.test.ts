// A state with more transitions than the list holds is a bound the search reports, never a silent cut.
import { describe, expect, it } from "vitest";
import { modelOf } from "../../test/check-source.js";
import { signalStorm } from "../bench/models.js";
import { Machine, TRANSITION_WORDS } from "./machine.js";
import { search } from "./search.js";

describe("the transitions of a state", () => {
  it("are all listed when they fit, and a bound when they do not", () => {
    const model = modelOf(signalStorm(3));
    const m = new Machine(model);
    m.initialState();
    const room = new Int32Array(TRANSITION_WORDS * 64);
    // run the parent until its children are forked: then several processes can step
    let n = 0;
    for (let guard = 0; guard < 40 && n < 3; guard++) {
      n = m.transitions(room);
      m.apply(room, 0);
    }
    n = m.transitions(room);
    expect(n).toBeGreaterThanOrEqual(3);
    expect(m.bound).toBeNull();
    const small = new Int32Array(TRANSITION_WORDS * 2);
    expect(m.transitions(small)).toBe(2);
    expect(m.liveCount).toBeLessThanOrEqual(2);
    expect(m.bound).toBe("transitions (more than 2 from one state)");
  });

  it("the search's list holds every transition of the families' states: no bound", () => {
    const r = search(modelOf(signalStorm(3)), { maxStates: 100_000, maxDepth: 10_000 });
    expect(r.complete).toBe(true);
    expect(r.bound).toBeNull();
  });
});
