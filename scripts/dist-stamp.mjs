// What a start-up snapshot was built from: every module of dist/ (the snapshot's own folder aside),
// by path, size and modification time. A rebuilt dist/ no longer matches its old snapshot.
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";

export function distStamp(dist) {
  let h = 0x811c9dc5;
  const mix = (s) => {
    for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  };
  const files = readdirSync(dist, { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(".js") && !f.startsWith("snapshot"))
    .sort();
  for (const f of files) {
    const s = statSync(join(dist, f));
    mix(`${f}:${s.size}:${Math.floor(s.mtimeMs)};`);
  }
  return `${files.length}:${(h >>> 0).toString(16)}`;
}
