// Which files a run checks: the files, folders (every *.ts below, not .d.ts, not node_modules, never
// following a symbolic link: a submission is untrusted) and globs given, filtered by the
// configuration's include/exclude globs, sorted, deduplicated, then this shard's share.
import { lstatSync, readdirSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { globSync } from "tinyglobby";
import picomatch from "picomatch";

export interface FileSelection {
  readonly include?: readonly string[];
  readonly exclude?: readonly string[];
  /** 1-based shard index and shard count */
  readonly shard?: { index: number; count: number };
}

const isGlob = (s: string) => /[*?[\]{}]/.test(s);

function walk(dir: string, out: string[]): void {
  let entries: string[];
  try {
    entries = readdirSync(dir).sort();
  } catch {
    return;
  }
  for (const name of entries) {
    if (name === "node_modules" || name.startsWith(".")) continue;
    const path = join(dir, name);
    const st = lstatSync(path);
    if (st.isSymbolicLink()) continue;
    if (st.isDirectory()) walk(path, out);
    else if (st.isFile() && name.endsWith(".ts") && !name.endsWith(".d.ts")) out.push(path);
  }
}

/** The files to check, in a stable order; an argument that names nothing is kept so that its check reports it. */
export function selectFiles(args: readonly string[], selection: FileSelection): string[] {
  const found: string[] = [];
  for (const arg of args) {
    if (isGlob(arg)) {
      const matches = globSync([arg], { onlyFiles: true, followSymbolicLinks: false, ignore: ["**/node_modules/**", "**/*.d.ts"] });
      found.push(...matches.map((m) => m.split("/").join(sep)).sort());
      continue;
    }
    let st;
    try {
      st = lstatSync(arg);
    } catch {
      found.push(arg); // reported as "cannot read"
      continue;
    }
    if (st.isDirectory()) walk(arg, found);
    else found.push(arg);
  }
  const include = selection.include?.length ? picomatch([...selection.include]) : null;
  const exclude = selection.exclude?.length ? picomatch([...selection.exclude]) : null;
  const rel = (f: string) => relative(process.cwd(), f).split(sep).join("/");
  let files = [...new Set(found)].filter((f) => (!include || include(rel(f))) && !(exclude && exclude(rel(f))));
  files = files.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const shard = selection.shard;
  if (shard) files = files.filter((_, i) => i % shard.count === shard.index - 1);
  return files;
}

/** `--shard i/n` */
export function parseShard(value: string): { index: number; count: number } | null {
  const match = /^(\d+)\/(\d+)$/.exec(value.trim());
  if (!match) return null;
  const index = Number(match[1]);
  const count = Number(match[2]);
  return index >= 1 && count >= 1 && index <= count ? { index, count } : null;
}
