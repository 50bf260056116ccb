// `--format html` and `ipcheck playground` from the command line.
import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const BIN = join(import.meta.dirname, "..", "bin", "ipcheck");

function ipcheck(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("ipcheck --format html", () => {
  it("writes one page for several files, with the exit code of the worst", () => {
    const out = join(mkdtempSync(join(tmpdir(), "ipcheck-html-cli-")), "r.html");
    const r = ipcheck("-f", "html", "-o", out, "examples/rules/deadlock-fixed.ts", "examples/rules/data-race.ts");
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    const html = readFileSync(out, "utf8");
    expect(html.startsWith("<!doctype html>\n")).toBe(true);
    expect(html.match(/<section class="file"/g)).toHaveLength(2);
    expect(html.match(/<article class="finding"/g)).toHaveLength(2);
  });

  it("writes to standard output without --output-file", () => {
    const r = ipcheck("-f", "html", "examples/rules/deadlock-fixed.ts");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^<!doctype html>[\s\S]*<\/html>\n$/);
  });
});

describe("ipcheck playground", () => {
  it("refuses a port that is not one", () => {
    const r = ipcheck("playground", "--port", "70000");
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--port takes a port number, 0 to 65535");
  });

  it("lists the html format and the playground in its help", () => {
    const r = ipcheck("--help");
    expect(r.stdout).toMatch(/Formats: .*\bhtml\b/);
    expect(r.stdout).toMatch(/playground \[options\]/);
  });
});
