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

// parse and type-check a small program once: the declaration cache then holds every lib file, and
// the compiler's code for what programs commonly use (sockets' tuples, strings, arrays, loops,
// threads) is compiled already
parseProgram(
  "/ipcheck-snapshot-warm-up.ts",
  `import { signal, fork, waitpid, _exit, socket, bind, sendto, recvfrom, setsockopt, close, write, pipe, read, pthread_create, pthread_join, pthread_mutex_init, pthread_mutex_lock, pthread_mutex_unlock, assert, SIGUSR1, AF_INET, SOCK_DGRAM, SO_RCVTIMEO, type CheckOptions } from "ipcheck";
export const options: CheckOptions = { netFaults: ["loss"] };
let n = 0;
let last = "";
const lock = pthread_mutex_init();
function onUsr1(sig: number): void { n++; }
function work(i: number): void { pthread_mutex_lock(lock); n = n + i; pthread_mutex_unlock(lock); }
export function main(): void {
  signal(SIGUSR1, onUsr1);
  const [r, w] = pipe();
  const pid = fork();
  if (pid === 0) {
    const fd = socket(AF_INET, SOCK_DGRAM);
    bind(fd, 5000);
    setsockopt(fd, SO_RCVTIMEO, 1);
    let call = recvfrom(fd, 8);
    while (call !== null) {
      if (call[0] !== last) last = call[0];
      sendto(fd, String(n) + "!", call[1]);
      call = recvfrom(fd, 8);
    }
    close(fd);
    _exit(0);
  }
  const ids = [0, 0];
  for (let i = 0; i < 2; i++) ids[i] = pthread_create(work, i);
  for (let i = 0; i < 2; i++) pthread_join(ids[i]);
  write(w, "x");
  const got = read(r, 1);
  assert(got === "x" || got === null, "read " + got);
  waitpid(pid);
}
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
