// The constants the `ipcheck` module exports, with their Linux values (LANGUAGE.md §3). The parser folds
// them; api/ipcheck.d.ts declares the same names and values for editors.
import { SIGNALS } from "./signals.js";

export const errnoValues: Readonly<Record<string, number>> = {
  EPERM: 1, ENOENT: 2, ESRCH: 3, EINTR: 4, EIO: 5, ENXIO: 6, E2BIG: 7, EBADF: 9, ECHILD: 10,
  EAGAIN: 11, EWOULDBLOCK: 11, ENOMEM: 12, EACCES: 13, EFAULT: 14, EBUSY: 16, EEXIST: 17,
  ENOTDIR: 20, EISDIR: 21, EINVAL: 22, ENFILE: 23, EMFILE: 24, ENOSPC: 28, ESPIPE: 29, EPIPE: 32,
  EDEADLK: 35, ENAMETOOLONG: 36, ENOSYS: 38, ENOTSOCK: 88, EDESTADDRREQ: 89, EMSGSIZE: 90,
  EPROTOTYPE: 91, EOPNOTSUPP: 95, EADDRINUSE: 98, EADDRNOTAVAIL: 99, ENETUNREACH: 101,
  ECONNRESET: 104, EISCONN: 106, ENOTCONN: 107, ETIMEDOUT: 110, ECONNREFUSED: 111,
};

export const EINTR = 4;
export const ESRCH = 3;
export const ECHILD = 10;
export const EINVAL = 22;
export const EBADF = 9;
export const EAGAIN = 11;
export const EPIPE = 32;
export const ENXIO = 6;
export const ENOENT = 2;
export const EEXIST = 17;
export const ENOTSOCK = 88;
export const EOPNOTSUPP = 95;
export const EADDRINUSE = 98;
export const EISCONN = 106;
export const ENOTCONN = 107;
export const ECONNREFUSED = 111;
export const AF_UNIX = 1;
export const AF_INET = 2;
export const SOCK_STREAM = 1;
export const SOCK_DGRAM = 2;
export const SO_RCVTIMEO = 20;

export const SIG_DFL = 0;
export const SIG_IGN = 1;
export const SIG_BLOCK = 0;
export const SIG_UNBLOCK = 1;
export const SIG_SETMASK = 2;
export const SA_NOCLDSTOP = 1;
export const SA_NOCLDWAIT = 2;
export const SA_SIGINFO = 4;
export const SA_RESTART = 0x10000000;
export const SA_NODEFER = 0x40000000;
export const SA_RESETHAND = 0x80000000 | 0;
export const WNOHANG = 1;

export const constantValues: Readonly<Record<string, number>> = {
  ...Object.fromEntries(SIGNALS.map((s) => [s.name, s.number])),
  SIGIOT: 6, SIGPOLL: 29,
  ...errnoValues,
  SIG_DFL, SIG_IGN, SIG_BLOCK, SIG_UNBLOCK, SIG_SETMASK,
  SA_NOCLDSTOP, SA_NOCLDWAIT, SA_SIGINFO, SA_RESTART, SA_NODEFER, SA_RESETHAND,
  O_RDONLY: 0, O_WRONLY: 1, O_RDWR: 2, O_CREAT: 64, O_EXCL: 128, O_TRUNC: 512, O_APPEND: 1024,
  O_NONBLOCK: 2048, F_GETFL: 3, F_SETFL: 4,
  AF_UNIX, PF_UNIX: AF_UNIX, AF_LOCAL: AF_UNIX, AF_INET, PF_INET: AF_INET, SOCK_STREAM, SOCK_DGRAM,
  SOL_SOCKET: 1, SO_RCVTIMEO, WNOHANG,
  IPC_PRIVATE: 0, IPC_CREAT: 512, IPC_EXCL: 1024, IPC_RMID: 0, PIPE_BUF: 4096,
  STDIN_FILENO: 0, STDOUT_FILENO: 1, STDERR_FILENO: 2,
};

export function errnoName(value: number): string {
  for (const [name, v] of Object.entries(errnoValues)) if (v === value && name !== "EWOULDBLOCK") return name;
  return String(value);
}
