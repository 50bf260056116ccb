// The "ipcheck" module (api/): the declarations export all of LANGUAGE.md §3 with Linux's numbers,
// the run-time stub refuses to run, and the programs in examples/ type-check against them.
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, it, expect } from "vitest";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const declarations = readFileSync(join(root, "api", "ipcheck.d.ts"), "utf8");

// LANGUAGE.md §3, table by table.
const calls = [
  // processes and threads
  "fork", "getpid", "getppid", "exit", "_exit", "wait", "waitpid", "wstatus",
  "pthread_create", "pthread_join", "pthread_exit", "pthread_self", "nondet", "assert", "printf",
  "errno", "set_errno",
  // signals
  "signal", "sigaction", "kill", "raise", "alarm", "pause", "sigsuspend", "sleep", "sigprocmask",
  "pthread_sigmask", "sigemptyset", "sigfillset", "sigaddset", "sigdelset", "sigismember", "sigpending",
  // descriptors: pipes, FIFOs, sockets, message queues
  "pipe", "write", "read", "close", "mkfifo", "open", "unlink", "fcntl",
  "socket", "bind", "listen", "accept", "connect", "send", "recv", "sendto", "recvfrom",
  "setsockopt", "socketpair",
  "mq_open", "mq_send", "mq_receive", "mq_close", "mq_unlink",
  // shared memory and synchronization
  "shmget", "shmat", "shmdt", "shmctl", "shm_open", "ftruncate", "mmap", "shm_unlink",
  "pthread_mutex_init", "pthread_mutex_lock", "pthread_mutex_unlock", "pthread_mutex_trylock",
  "pthread_mutex_destroy",
  "pthread_cond_init", "pthread_cond_wait", "pthread_cond_signal", "pthread_cond_broadcast",
  "sem_init", "sem_open", "sem_wait", "sem_trywait", "sem_post", "sem_close", "sem_unlink",
];

// Linux's values (signal(7), errno(3), <fcntl.h>, <sys/socket.h>, <sys/ipc.h> on x86).
const constants: Record<string, number> = {
  SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGILL: 4, SIGTRAP: 5, SIGABRT: 6, SIGIOT: 6, SIGBUS: 7,
  SIGFPE: 8, SIGKILL: 9, SIGUSR1: 10, SIGSEGV: 11, SIGUSR2: 12, SIGPIPE: 13, SIGALRM: 14,
  SIGTERM: 15, SIGSTKFLT: 16, SIGCHLD: 17, SIGCONT: 18, SIGSTOP: 19, SIGTSTP: 20, SIGTTIN: 21,
  SIGTTOU: 22, SIGURG: 23, SIGXCPU: 24, SIGXFSZ: 25, SIGVTALRM: 26, SIGPROF: 27, SIGWINCH: 28,
  SIGIO: 29, SIGPOLL: 29, SIGPWR: 30, SIGSYS: 31,
  SIG_BLOCK: 0, SIG_UNBLOCK: 1, SIG_SETMASK: 2,
  SA_NOCLDSTOP: 1, SA_NOCLDWAIT: 2, SA_SIGINFO: 4, SA_RESTART: 0x10000000, SA_NODEFER: 0x40000000,
  SA_RESETHAND: -2147483648,
  O_RDONLY: 0, O_WRONLY: 1, O_RDWR: 2, O_CREAT: 64, O_EXCL: 128, O_TRUNC: 512, O_APPEND: 1024,
  O_NONBLOCK: 2048, F_GETFL: 3, F_SETFL: 4,
  AF_UNIX: 1, PF_UNIX: 1, AF_LOCAL: 1, AF_INET: 2, PF_INET: 2, SOCK_STREAM: 1, SOCK_DGRAM: 2,
  SOL_SOCKET: 1, SO_RCVTIMEO: 20,
  WNOHANG: 1, IPC_PRIVATE: 0, IPC_CREAT: 512, IPC_EXCL: 1024, IPC_RMID: 0,
  PIPE_BUF: 4096, STDIN_FILENO: 0, STDOUT_FILENO: 1, STDERR_FILENO: 2,
  EPERM: 1, ENOENT: 2, ESRCH: 3, EINTR: 4, EIO: 5, ENXIO: 6, E2BIG: 7, EBADF: 9, ECHILD: 10,
  EAGAIN: 11, EWOULDBLOCK: 11, ENOMEM: 12, EACCES: 13, EFAULT: 14, EBUSY: 16, EEXIST: 17,
  ENOTDIR: 20, EISDIR: 21, EINVAL: 22, ENFILE: 23, EMFILE: 24, ENOSPC: 28, ESPIPE: 29, EPIPE: 32,
  EDEADLK: 35, ENAMETOOLONG: 36, ENOSYS: 38, ENOTSOCK: 88, EDESTADDRREQ: 89, EMSGSIZE: 90,
  EPROTOTYPE: 91, EOPNOTSUPP: 95, EADDRINUSE: 98, EADDRNOTAVAIL: 99, ENETUNREACH: 101,
  ECONNRESET: 104, EISCONN: 106, ENOTCONN: 107, ETIMEDOUT: 110, ECONNREFUSED: 111,
};

const types = [
  "SigSet", "SigAction", "SigActionInit", "SigHandler", "SigDisposition", "sig_atomic_t",
  "CheckOptions", "SignalName", "Mutex", "Cond", "Sem", "Mqd",
];

/** The value of `export declare const name: <value>;`, or undefined when it is not declared so. */
function declaredValue(name: string): number | undefined {
  const match = new RegExp(`^export declare const ${name}: (-?(?:0x[0-9a-fA-F]+|\\d+));$`, "m").exec(declarations);
  return match === null ? undefined : Number(match[1]);
}

function runTsc(args: string[]): { status: number | null; output: string } {
  const result = spawnSync(process.execPath, [join(root, "node_modules", "typescript", "bin", "tsc"), ...args], {
    cwd: root,
    encoding: "utf8",
  });
  return { status: result.status, output: result.stdout + result.stderr };
}

describe("api/ipcheck.js", () => {
  it("refuses to be imported: programs are checked, never run", async () => {
    await expect(import("../api/ipcheck.js")).rejects.toThrow(
      "ipcheck: this module only describes programs for the ipcheck model checker; they are never run by Node. Check the program instead: npx ipcheck <file.ts>",
    );
  });
});

describe("api/ipcheck.d.ts", () => {
  it.each(calls)("declares the call %s", (name) => {
    expect(declarations).toMatch(new RegExp(`^export declare function ${name}\\(`, "m"));
  });

  it.each(Object.entries(constants))("declares %s as the literal %d", (name, value) => {
    expect(declaredValue(name)).toBe(value);
  });

  it("declares SIG_DFL and SIG_IGN as dispositions, not numbers", () => {
    expect(declarations).toMatch(/^export declare const SIG_DFL: SigDisposition;$/m);
    expect(declarations).toMatch(/^export declare const SIG_IGN: SigDisposition;$/m);
  });

  it.each(types)("declares the type %s", (name) => {
    expect(declarations).toMatch(new RegExp(`^export (?:type|interface) ${name}\\b`, "m"));
  });

  it("names every signal constant in SignalName", () => {
    const union = /export type SignalName =([^;]*);/.exec(declarations)?.[1] ?? "";
    const names = [...union.matchAll(/"(SIG[A-Z0-9]+)"/g)].map((m) => m[1]);
    const canonical = Object.keys(constants).filter(
      (name) => /^SIG[A-Z0-9]+$/.test(name) && name !== "SIGIOT" && name !== "SIGPOLL",
    );
    expect(names).toEqual(canonical);
  });

  it("type-checks on its own, strictly", () => {
    const { status, output } = runTsc([
      "--ignoreConfig", "--noEmit", "--strict", "--target", "ES2022", "--lib", "ES2022", "--module", "NodeNext",
      "--moduleResolution", "NodeNext", "api/ipcheck.d.ts", "api/globals.d.ts",
    ]);
    expect(status, output).toBe(0);
  });
});

describe("examples/tsconfig.json", () => {
  const programs = readdirSync(join(root, "examples"), { recursive: true, encoding: "utf8" }).filter((file) =>
    file.endsWith(".ts"),
  );

  it.skipIf(programs.length === 0)("type-checks every program in examples/ against the declarations", () => {
    const { status, output } = runTsc(["-p", "examples/tsconfig.json"]);
    expect(status, output).toBe(0);
  });
});
