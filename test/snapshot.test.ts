// The start-up snapshot (scripts/build-snapshot.mjs): built with dist/ by the test script, it fits
// this dist/ and this node, and a check started from it prints the same bytes and exits with the same
// code as one started without it.
import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { distStamp } from "../scripts/dist-stamp.mjs";

const ROOT = join(import.meta.dirname, "..");
const BIN = join(ROOT, "bin", "ipcheck");

function ipcheck(snapshot: boolean, ...args: string[]) {
  const env = { ...process.env, NO_COLOR: "1", ...(snapshot ? {} : { IPCHECK_NO_SNAPSHOT: "1" }) };
  if (snapshot) delete env["IPCHECK_NO_SNAPSHOT"];
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8", env, cwd: ROOT });
  return { code: r.status, stdout: r.stdout.replace(/\d+ ms/g, "0 ms").replace(/"ms": \d+/g, '"ms": 0'), stderr: r.stderr };
}

describe("start-up snapshot", () => {
  it("is built for this dist/ and this node", () => {
    const stamp = JSON.parse(readFileSync(join(ROOT, "dist", "snapshot", "stamp.json"), "utf8"));
    expect(stamp).toEqual({ node: process.version, dist: distStamp(join(ROOT, "dist")) });
  });

  it.each([
    ["examples/signals/handler-race-counter.ts"],
    ["-f", "json", "examples/threads/transfer-lock-order.ts"],
    ["-f", "sarif", "examples/rules/deadlock-fixed.ts", "examples/rules/deadlock.ts"],
    ["--emit", "model", "examples/pipes/producer-consumer.ts"],
    ["explain", "signal-race"],
    ["--max-states", "nope", "x.ts"],
  ])("gives the same output and exit code with and without it: %s", (...args) => {
    const a = ipcheck(true, ...args);
    const b = ipcheck(false, ...args);
    expect(a.code).toBe(b.code);
    expect(a.stdout).toBe(b.stdout);
    expect(a.stderr).toBe(b.stderr);
  });

  it("reports a program's diagnostic with a code frame from the snapshot too", () => {
    const r = ipcheck(true, "test/fixtures-missing.ts");
    expect(r.code).toBe(2);
  });
});
