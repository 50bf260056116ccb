// The entry point of ipcheck's start-up snapshot (scripts/build-snapshot.mjs, issue #6 item 7): a
// V8 heap with the CLI, the TypeScript compiler loaded and the declaration files (TypeScript's lib,
// the ipcheck API) parsed and bound, so a cold check starts from there instead of loading 9 MB of
// JavaScript and parsing the lib again. bin/ipcheck starts node on the snapshot when it was built
// for this folder and this node, else runs the CLI as usual.
import v8 from "node:v8";
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { run } from "./main.js";
import { parseProgram } from "../parser/parse.js";

// parse and type-check a small program once: the declaration cache then holds every lib file
parseProgram(
  "/ipcheck-snapshot-warm-up.ts",
  `import { signal, fork, SIGUSR1 } from "ipcheck";
let n = 0;
function onUsr1(sig: number): void { n++; }
export function main(): void { signal(SIGUSR1, onUsr1); if (fork() === 0) { n--; } }
`,
);

const BIN = fileURLToPath(new URL("../../bin/ipcheck", import.meta.url));

v8.startupSnapshot.setDeserializeMainFunction(() => {
  // node --snapshot-blob <blob> -- <args...>: argv is [node, ...args]
  const args = process.argv.slice(1);
  void run(args, {
    // worker threads do not start in a process deserialized from a snapshot (node 20): several files
    // are checked by the CLI started the usual way, with its workers
    batchElsewhere: () =>
      new Promise((done) => {
        const child = spawn(process.execPath, [BIN, ...args], { stdio: "inherit", env: { ...process.env, IPCHECK_NO_SNAPSHOT: "1" } });
        for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(sig, () => child.kill(sig));
        child.on("exit", (code) => done(code ?? 4));
      }),
  });
});
