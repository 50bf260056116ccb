#!/usr/bin/env node
// Builds the playground into dist/playground/: static files a course can host anywhere (index.html,
// playground.css, playground.js for the page, worker.js for the checker). esbuild bundles the parser,
// the explorer and the reporters for the browser; three modules of the parser are swapped for their
// browser twins (the compiler API bundled instead of required, the declaration files served from
// memory, no program read from disk), and the lib files, the ipcheck API and the examples are
// embedded at build time.
import { build } from "esbuild";
import { createHash } from "node:crypto";
import { copyFileSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { basename, dirname, join, relative, sep } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, "dist", "playground");
const require = createRequire(import.meta.url);
const { LIB_FILES } = await import(pathToFileURL(join(root, "dist", "parser", "lib-files.js")).href);

/** The lib files the parser names and every lib file they reference, by name. */
function libClosure(dir, names) {
  const seen = new Set();
  const todo = [...names];
  while (todo.length > 0) {
    const name = todo.pop();
    if (seen.has(name)) continue;
    seen.add(name);
    const text = readFileSync(join(dir, name), "utf8");
    for (const m of text.matchAll(/\/\/\/\s*<reference\s+lib="([^"]+)"/g)) todo.push(`lib.${m[1].toLowerCase()}.d.ts`);
  }
  return [...seen].sort();
}

function declarations() {
  const libDir = dirname(require.resolve("typescript/lib/lib.es5.d.ts"));
  const files = {};
  for (const name of libClosure(libDir, LIB_FILES)) files[`/typescript/lib/${name}`] = readFileSync(join(libDir, name), "utf8");
  for (const name of ["ipcheck.d.ts", "globals.d.ts"]) files[`/ipcheck/api/${name}`] = readFileSync(join(root, "api", name), "utf8");
  return files;
}

function examples(dir = join(root, "examples")) {
  const found = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) found.push(...examples(path));
    else if (name.endsWith(".ts") && !name.endsWith(".d.ts")) found.push({ name: relative(root, path).split(sep).join("/"), source: readFileSync(path, "utf8") });
  }
  return found.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

const browserTwins = {
  name: "ipcheck-browser",
  setup(b) {
    const virtual = { "virtual:ipcheck-declarations": declarations(), "virtual:ipcheck-examples": examples() };
    b.onResolve({ filter: /^virtual:ipcheck-/ }, (a) => ({ path: a.path, namespace: "ipcheck-virtual" }));
    b.onLoad({ filter: /.*/, namespace: "ipcheck-virtual" }, (a) => ({ contents: JSON.stringify(virtual[a.path]), loader: "json" }));
    b.onResolve({ filter: /^\.\/(typescript|declaration-host|read-program)\.js$/ }, (a) => {
      if (basename(a.importer) === `${basename(a.path, ".js")}-browser.ts`) return undefined;
      if (!a.importer.startsWith(join(root, "src", "parser") + sep)) return undefined;
      return { path: join(root, "src", "playground", `${basename(a.path, ".js")}-browser.ts`) };
    });
  },
};

const started = Date.now();
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const result = await build({
  absWorkingDir: root,
  entryPoints: { worker: "src/playground/worker.ts", playground: "src/playground/page.ts" },
  outdir: out,
  bundle: true,
  minify: true,
  format: "iife",
  platform: "browser",
  target: "es2022",
  legalComments: "none",
  charset: "utf8",
  metafile: true,
  logLevel: "warning",
  // TypeScript's own Node system (fs, path, os, ...) is never reached in a browser
  external: ["fs", "path", "os", "crypto", "buffer", "inspector", "perf_hooks", "source-map-support", "@microsoft/typescript-etw", "node:*"],
  plugins: [browserTwins],
});
// the report in the page's frame inherits the page's policy: its one inline script is allowed by its hash
const { REPORT_SCRIPT } = await import(pathToFileURL(join(root, "dist", "report", "html-script.js")).href);
const hash = createHash("sha256").update(REPORT_SCRIPT, "utf8").digest("base64");
writeFileSync(join(out, "index.html"), readFileSync(join(root, "src", "playground", "index.html"), "utf8").replace("%REPORT_SCRIPT_HASH%", hash));
copyFileSync(join(root, "src", "playground", "playground.css"), join(out, "playground.css"));
// a leftover Node import in the bundle would fail in the browser only when reached: fail the build
for (const [file, o] of Object.entries(result.metafile.outputs)) {
  const node = o.imports.filter((i) => i.external && !/^(fs|path|os|crypto|buffer|inspector|perf_hooks|source-map-support|@microsoft\/typescript-etw)$/.test(i.path));
  if (node.length > 0) throw new Error(`${file} imports ${node.map((i) => i.path).join(", ")}`);
}
const sizes = readdirSync(out).map((f) => `${f} ${(statSync(join(out, f)).size / 1024).toFixed(0)} kB`);
process.stdout.write(`playground: dist/playground (${sizes.join(", ")}) in ${Date.now() - started} ms\n`);
