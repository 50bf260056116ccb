// Which files a run checks: folders walked (no node_modules, no .d.ts, no symbolic links), globs,
// include/exclude, and deterministic shards that split the files without overlap.
import { describe, expect, it } from "vitest";
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseShard, selectFiles } from "./files.js";

function tree(files: string[]): string {
  const root = mkdtempSync(join(tmpdir(), "ipcheck-files-"));
  for (const path of files) {
    mkdirSync(join(root, path, ".."), { recursive: true });
    writeFileSync(join(root, path), "export function main(): void {}\n");
  }
  return root;
}

describe("file selection", () => {
  it("walks folders for .ts files, skipping node_modules, declarations and symbolic links", () => {
    const root = tree(["a/lab.ts", "a/b/deep.ts", "a/types.d.ts", "a/node_modules/dep/x.ts", "a/notes.md", "outside/secret.ts"]);
    symlinkSync(join(root, "outside"), join(root, "a", "link"));
    expect(selectFiles([join(root, "a")], {})).toEqual([join(root, "a/b/deep.ts"), join(root, "a/lab.ts")]);
  });

  it("expands globs and filters with include and exclude", () => {
    const root = tree(["s/alice/lab.ts", "s/bob/lab.ts", "s/bob/solution.ts"]);
    const all = selectFiles([`${root}/s/**/*.ts`], {});
    expect(all).toHaveLength(3);
    const cwd = process.cwd();
    process.chdir(root);
    try {
      expect(selectFiles(["s"], { exclude: ["**/solution.ts"] })).toEqual(["s/alice/lab.ts", "s/bob/lab.ts"]);
      expect(selectFiles(["s"], { include: ["s/bob/**"] })).toEqual(["s/bob/lab.ts", "s/bob/solution.ts"]);
    } finally {
      process.chdir(cwd);
    }
  });

  it("splits the files into shards deterministically, without overlap or loss", () => {
    const root = tree(Array.from({ length: 10 }, (_, i) => `s/lab${i}.ts`));
    const all = selectFiles([join(root, "s")], {});
    const shards = [1, 2, 3].map((index) => selectFiles([join(root, "s")], { shard: { index, count: 3 } }));
    expect(shards.flat().sort()).toEqual(all);
    expect(new Set(shards.flat()).size).toBe(all.length);
    expect(selectFiles([join(root, "s")], { shard: { index: 2, count: 3 } })).toEqual(shards[1]);
  });

  it("reads --shard i/n", () => {
    expect(parseShard("2/4")).toEqual({ index: 2, count: 4 });
    expect(parseShard("0/4")).toBeNull();
    expect(parseShard("5/4")).toBeNull();
    expect(parseShard("x")).toBeNull();
  });
});
