// Pipes in the Promela translation (LANGUAGE.md §3 "Descriptors"; pipe(7), read(2), write(2),
// close(2), fcntl(2)): a pipe is a count of bytes with a read end and a write end, each a description
// counted by the descriptors naming it (fork adds to the counts); read blocks while the pipe is empty
// and a writer is open, "" at end of file; a write of up to PIPE_BUF bytes goes in whole once it
// fits; with no reader, SIGPIPE to the writing thread then EPIPE. Strings read are lengths (strings.ts).
import type { Instr } from "../model/model.js";
import { EBADF, EINTR, EINVAL } from "../model/constants.js";
import { SIGPIPE, sigbit } from "../model/signals.js";
import type { Emitter } from "./emit.js";
import { type Call, type Step } from "./encoding.js";

export function pipeCall(em: Emitter, c: Call): Step | null {
  const { A, dst, fail, res, fid, pc, i, name } = c;
  switch (name) {
      case "write":
        return write(em, fid, pc, i);
      case "pipe":
        return res([
          em.lowestFd(), "fdt[me * NFD + q] = 2 * nextpipe - 1", "rv = q << 8",
          em.lowestFd(), "fdt[me * NFD + q] = 2 * nextpipe", "rv = rv | q",
          "dref[2 * nextpipe - 1] = 1", "dref[2 * nextpipe] = 1", "pbytes[nextpipe] = 0", "nextpipe++",
          ...dst("rv"), "rv = 0", "q = 0",
        ], "nextpipe < NPIPE");
      case "read": {
        const fd = A(0);
        const n = A(1);
        const e = `fdt[me * NFD + ${fd}]`;
        const isRead = `(${fd} >= 0 && ${fd} < NFD && ${e} >= 1 && ${e} < 100 && ${e} % 2 == 1)`;
        const P = `pbytes[(${e} + 1) / 2]`;
        const writers = `dref[${e} + 1]`;
        const guard = `!${isRead} || ${n} <= 0 || ${P} > 0 || dnb[${e}] || ${writers} == 0`;
        // the bytes taken: a string known by its length (S + length), or their text, interned
        const take = em.text === null
          ? `${P} = ${P} - rv; ${[...dst("S + rv"), "rv = 0"].join("; ")}`
          : `q = (${e} + 1) / 2; pipeout(q, rv); q = 0; intern(rv); ${[...dst("rv"), "rv = 0"].join("; ")}`;
        const stmt = `if :: !${isRead} -> ${fail(EBADF).join("; ") || "skip"}
    :: else -> if :: ${n} <= 0 -> ${dst("0").join("; ") || "skip"}
      :: ${n} > 0 && ${P} > 0 -> rv = (${n} < ${P} -> ${n} : ${P}); ${take}
      :: ${n} > 0 && ${P} == 0 && ${writers} == 0 -> ${dst("0").join("; ") || "skip"}
      :: else -> ${fail(11).join("; ") || "skip"}
      fi fi`;
        return { ...res([stmt], guard), intrCond: `!(${guard})` };
      }
      case "fcntl": {
        const fd = A(0);
        const e = `fdt[me * NFD + ${fd}]`;
        const isPipe = `(${e} >= 1 && ${e} < 100)`;
        const arg = i.args.length > 2 ? A(2) : "0";
        const nb = em.npipe > 1;
        return res([`if :: !(${fd} >= 0 && ${fd} < NFD && ${e} != 0) -> ${fail(EBADF).join("; ") || "skip"}
    :: else -> if :: ${A(1)} == 3 -> ${dst(nb ? `((${isPipe} && dnb[${e}]) -> 2048 : 0)` : "0").join("; ") || "skip"}
      :: ${A(1)} == 4 -> ${nb ? `if :: ${isPipe} -> dnb[${e}] = ((${arg} & 2048) != 0 -> 1 : 0) :: else fi; ` : ""}${dst("0").join("; ") || "skip"}
      :: else -> ${fail(EINVAL).join("; ") || "skip"} fi fi`]);
      }
      case "close": {
        const fd = A(0);
        const closing = em.npipe > 1 ? `closefd(me * NFD + ${fd})` : `fdt[me * NFD + ${fd}] = 0`;
        return res([`if :: ${fd} >= 0 && ${fd} < NFD && fdt[me * NFD + ${fd}] != 0 -> ${closing}; ${dst("0").join("; ") || "skip"} :: else -> ${fail(EBADF).join("; ") || "skip"} fi`]);
      }
    default:
      return null;
  }
}

/**
 * write(fd, data) (LANGUAGE.md §3; pipe(7)): to a standard stream it prints; to a pipe's write end,
 * up to PIPE_BUF bytes go in whole, in one step once they fit; with no reader left the thread gets
 * SIGPIPE, then -1/EPIPE. Longer writes are refused by the constructor.
 */
export function write(em: Emitter, fid: number, pc: number, i: Instr) {
  const R = (r: number) => em.reg(fid, r);
  const dst = (v: string) => em.setDst(fid, i, v).join("; ") || "skip";
  const fail = (e: number) => [...em.setDst(fid, i, "-1"), `err = ${e}`].join("; ");
  const fd = R(i.args[0]!);
  const len = em.strlen(R(i.args[1]!));
  const res = (stmts: string[], guard: string | null = null, intrCond: string | null = null) => ({ guard, stmts, cont: true, extra: [] as string[], intrCond });
  if (em.nfd === 0) return res([`if :: ${fd} == 1 || ${fd} == 2 -> ${dst(len)} :: else -> ${fail(EBADF)} fi`]);
  const e = `fdt[me * NFD + ${fd}]`;
  const inRange = `(${fd} >= 0 && ${fd} < NFD)`;
  const stdout = `(${inRange} && ${e} == 255)`;
  if (em.npipe <= 1) return res([`if :: ${stdout} -> ${dst(len)} :: else -> ${fail(EBADF)} fi`]);
  const isWrite = `(${inRange} && ${e} >= 1 && ${e} < 100 && ${e} % 2 == 0)`;
  const P = `pbytes[${e} / 2]`;
  const readers = `dref[${e} - 1]`;
  const left = "(rv - tprog)";
  // pipe(7): up to PIPE_BUF bytes go in whole once they fit; more go in as they fit, step by step
  const guard = `!${isWrite} || ${len} == 0 || ${readers} == 0 || dnb[${e}] || (${len} - tprog <= PIPEBUF -> CAP - ${P} >= ${len} - tprog : CAP - ${P} > 0)`;
  const b = sigbit(SIGPIPE);
  const sigpipe = `if :: ${em.ignoredIn("me", SIGPIPE)} && (tmask[ts] & ${b}) == 0 -> skip :: else -> tpend = tpend | ${b} fi`;
  const now = em.deliverNow(em.afterLabel(fid, pc));
  const data = R(i.args[1]!);
  const append = (k: string) => (em.text === null ? `${P} = ${P} + ${k}` : `q = ${e} / 2; pipeinpart(q, ${data}, tprog, ${k}); q = 0`);
  const moved = (otherwise: string) => `if :: tprog > 0 -> ${dst("tprog")}; tprog = 0 :: else -> ${otherwise} fi`;
  const stmt = `rv = ${len};
  if :: ${stdout} -> ${dst("rv")}
  :: !${stdout} && !${isWrite} -> ${fail(EBADF)}
  :: ${isWrite} && rv == 0 -> ${dst("0")}
  :: ${isWrite} && rv > 0 && ${readers} == 0 -> ${moved(fail(32))}; rv = 0; ${sigpipe}; ${now}
  :: ${isWrite} && rv > 0 && ${readers} > 0 && ${left} <= PIPEBUF && CAP - ${P} >= ${left} -> ${append(left)}; tprog = 0; ${dst("rv")}
  :: ${isWrite} && rv > 0 && ${readers} > 0 && ${left} > PIPEBUF && CAP - ${P} > 0 ->
     tk = (CAP - ${P} < ${left} -> CAP - ${P} : ${left}); ${append("tk")};
     if :: tprog + tk == rv || dnb[${e}] -> ${dst("tprog + tk")}; tprog = 0; tk = 0
     :: else -> tprog = tprog + tk; tk = 0; rv = 0; goto ${em.point(fid, pc)}
     fi
  :: else -> ${moved(fail(11))}
  fi; rv = 0`;
  // signal(7): a handler that interrupts a write that moved data makes it return the count
  const intrStmts = [`if :: tprog > 0 -> ${dst("tprog")}; tprog = 0 :: else -> ${fail(EINTR)} fi`];
  return { ...res([stmt], guard, `!(${guard})`), intrForce: "tprog > 0", intrStmts };

}
