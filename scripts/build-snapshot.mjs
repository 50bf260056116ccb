#!/usr/bin/env node
// Builds ipcheck's V8 start-up snapshot (src/cli/snapshot-entry.ts): bundles the built CLI with
// esbuild into one CommonJS script (node's snapshot builder takes one file), the TypeScript compiler
// included, then runs `node --build-snapshot` on it. Each module's import.meta.url becomes its
// file's URL in dist/, so the paths it computes stay those of this folder. The blob fits this node
// and this build of dist/ only: dist/snapshot/stamp.json says which, and bin/ipcheck checks it. Any failure
// leaves no blob, and bin/ipcheck runs the CLI as usual.
import { build } from "esbuild";
import { createRequire } from "node:module";
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { distStamp } from "./dist-stamp.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, "dist", "snapshot");
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

const inDist = {
  name: "dist-modules",
  setup(b) {
    b.onLoad({ filter: /\.m?js$/ }, (args) => {
      let text = readFileSync(args.path, "utf8");
      if (!text.includes("import.meta")) return undefined;
      // the bundle is CommonJS: require() is there, and esbuild bundles what it requires
      text = text.replace(/const require = createRequire\(import\.meta\.url\);/g, "");
      // node's snapshot builder must not touch its module loader (createRequire): the bundle's own
      // require stands in (it loads built-in modules; optional ones, fdir's picomatch, stay absent)
      text = text.replace(/createRequire\(import\.meta\.url\)/g, "require");
      // where node finds TypeScript (its lib files are beside it), as this build finds it
      text = text.replaceAll('require.resolve("typescript")', JSON.stringify(createRequire(pathToFileURL(args.path)).resolve("typescript")));
      text = text.replace(/require\("v8-compile-cache"\);/g, "");
      text = text.replaceAll("import.meta.url", JSON.stringify(pathToFileURL(args.path).href));
      return { contents: text, loader: "js" };
    });
  },
};

try {
  const entry = join(out, "entry.cjs");
  await build({
    entryPoints: [join(root, "dist", "cli", "snapshot-entry.js")],
    bundle: true,
    platform: "node",
    format: "cjs",
    target: "node20",
    outfile: entry,
    plugins: [inDist],
    logLevel: "error",
    // a smaller heap to deserialize at every start (34.7 → 23.3 MB: about 20 ms of a 0.2 s cold
    // check); names kept, so what a stack or a constructor's name says is unchanged
    minify: true,
    keepNames: true,
  });
  const blob = join(out, "ipcheck.blob");
  const r = spawnSync(process.execPath, ["--snapshot-blob", blob, "--build-snapshot", entry], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`node --build-snapshot failed: ${r.stderr.trim().split("\n").slice(-3).join(" ")}`);
  writeFileSync(join(out, "stamp.json"), `${JSON.stringify({ node: process.version, dist: distStamp(join(root, "dist")) })}\n`);
  rmSync(entry);
} catch (e) {
  rmSync(out, { recursive: true, force: true });
  process.stderr.write(`ipcheck: no start-up snapshot (${e instanceof Error ? e.message : String(e)}); checks start without it\n`);
}
