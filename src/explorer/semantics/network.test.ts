// The network's early decisions (network.ts: a loss at the sendto, with reordering a copy too, the
// datagrams in flight sorted) are a reduction: with them and without them (--no-fault-reduction,
// losses and copies as network events, datagrams in sending order) every program gets the same
// findings, in no more states. Pinned on the RPC examples and on generated programs (fast-check).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { parseProgram } from "../../parser/parse.js";
import { checkModel, type CheckSettings } from "../../cli/check-file.js";
import type { FileResult } from "../../report/result.js";
import { TEST_SETTINGS } from "../../../test/check-source.js";

const SETTINGS: CheckSettings = { ...TEST_SETTINGS, maxStates: 30_000 };

function both(file: string, source: string): { early: FileResult; late: FileResult } {
  const parsed = parseProgram(file, source);
  if (!parsed.ok) throw new Error(`${file} does not parse: ${parsed.diagnostics.map((d) => d.message).join("; ")}`);
  return { early: checkModel(parsed.model, SETTINGS), late: checkModel(parsed.model, { ...SETTINGS, faultReduction: false }) };
}

const findings = (r: FileResult) => r.findings.map((f) => `${f.rule}: ${f.message}`).sort();

function agree(file: string, source: string): { early: FileResult; late: FileResult } {
  const r = both(file, source);
  // the unreduced search may need more than the bound; the reduced one never more than it
  if (!r.late.stats.complete) return r;
  expect(r.early.stats.complete, `${file}: the search with early decisions ends`).toBe(true);
  expect(r.early.verdict).toBe(r.late.verdict);
  expect(findings(r.early)).toEqual(findings(r.late));
  expect(r.early.stats.states).toBeLessThanOrEqual(r.late.stats.states);
  return r;
}

describe("network faults decided early", () => {
  it("give the RPC examples the same findings in fewer states", () => {
    const root = join(import.meta.dirname, "..", "..", "..", "examples", "rpc");
    for (const name of ["retry-counter-dedup.ts", "retry-counter-not-idempotent.ts"]) {
      const { early, late } = agree(name, readFileSync(join(root, name), "utf8"));
      expect(early.stats.states).toBeLessThan(late.stats.states);
      // the loss shows under the sendto with them, as a network event without them
      const lost = (r: FileResult) => r.findings.flatMap((f) => f.trace).filter((s) => s.text.includes("is lost") || s.effect.some((e) => e.includes("is lost")));
      for (const s of lost(early)) expect(s.kind).toBe("step");
      for (const s of lost(late)) expect(s.kind).toBe("network");
    }
  });

  it("give generated datagram programs the same findings, in no more states", () => {
    const faults = fc.subarray(["loss", "duplicate", "reorder"]);
    const op = (me: number, peer: number) =>
      fc.oneof(
        fc.constantFrom("a", "b").map((d) => `sendto(fd, "${d}", ${peer});`),
        fc.constant(`{ const r = recvfrom(fd, 4); assert(r === null || r[0] !== "b" || got === 0, "b after something at ${me}"); if (r !== null) got++; }`),
        fc.constant(`{ const r = recvfrom(fd, 4); if (r !== null) sendto(fd, r[0], r[1]); }`),
      );
    const program = fc.tuple(faults, fc.array(op(6001, 6002), { minLength: 1, maxLength: 3 }), fc.array(op(6002, 6001), { minLength: 1, maxLength: 3 }), fc.boolean())
      .map(([f, parent, child, timeout]) => `import { socket, bind, sendto, recvfrom, setsockopt, fork, waitpid, _exit, assert, AF_INET, SOCK_DGRAM, SO_RCVTIMEO, type CheckOptions } from "ipcheck";
export const options: CheckOptions = { netFaults: [${f.map((x) => `"${x}"`).join(", ")}] };
let got = 0;
export function main(): void {
  const child = fork();
  if (child === 0) {
    const fd = socket(AF_INET, SOCK_DGRAM);
    bind(fd, 6002);
    setsockopt(fd, SO_RCVTIMEO, 1);
    ${child.join("\n    ")}
    _exit(0);
  }
  const fd = socket(AF_INET, SOCK_DGRAM);
  bind(fd, 6001);
  ${timeout ? "setsockopt(fd, SO_RCVTIMEO, 1);" : ""}
  ${parent.join("\n  ")}
  waitpid(child);
}
`);
    fc.assert(fc.property(program, (source) => {
      agree("generated.ts", source);
    }), { numRuns: 50 });
  });
});
