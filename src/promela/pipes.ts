// Pipes in the Promela translation (LANGUAGE.md §3 "Descriptors"; pipe(7), read(2), write(2),
// close(2), fcntl(2)): a pipe is a count of bytes with a read end and a write end, each a description
// counted by the descriptors naming it (fork adds to the counts); read blocks while the pipe is empty
// and a writer is open, "" at end of file; a write of up to PIPE_BUF bytes goes in whole once it
// fits; with no reader, SIGPIPE to the writing thread then EPIPE. Strings read are lengths (strings.ts).
import type { Instr } from "../model/model.js";
import { EBADF, EINTR, EINVAL, ENOENT } from "../model/constants.js";
import { SIGPIPE, sigbit } from "../model/signals.js";
import type { Emitter } from "./emit.js";
import { type Call, type Step } from "./encoding.js";
import { SOCKFD, closeSocket, unlinkSocket } from "./sockets.js";

export function pipeCall(em: Emitter, c: Call): Step | null {
  const { A, dst, fail, res, fid, pc, i, name } = c;
  switch (name) {
      case "write":
        return write(em, fid, pc, i);
      case "pipe": {
        // pipe slots are not taken again; past them (a pipe() in a loop), the run stops
        const make = [
          em.lowestFd(), "fdt[me * NFD + q] = 2 * nextpipe - 1", "rv = q << 8",
          em.lowestFd(), "fdt[me * NFD + q] = 2 * nextpipe", "rv = rv | q",
          "dref[2 * nextpipe - 1] = 1", "dref[2 * nextpipe] = 1", "pbytes[nextpipe] = 0", "nextpipe++",
          ...dst("rv"), "rv = 0", "q = 0",
        ];
        return res([`if :: nextpipe >= NPIPE -> PIPESFULL :: else -> ${make.join("; ")} fi`]);
      }
      case "read": {
        const fd = A(0);
        const n = A(1);
        const e = `fdt[me * NFD + ${fd}]`;
        const isRead = `(${fd} >= 0 && ${fd} < NFD && ${e} >= 1 && ${e} < 100 && DR(${e}))`;
        const P = `pbytes[DP(${e})]`;
        const writers = `WRITERS(DP(${e}))`;
        const guard = `!${isRead} || ${n} <= 0 || ${P} > 0 || dnb[${e}] || ${writers} == 0`;
        // the bytes taken: a string known by its length (S + length), or their text, interned
        const take = em.text === null
          ? `${P} = ${P} - rv; ${[...dst("S + rv"), "rv = 0"].join("; ")}`
          : `q = DP(${e}); pipeout(q, rv); q = 0; intern(rv); ${[...dst("rv"), "rv = 0"].join("; ")}`;
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
        const isSock = `(${e} >= ${SOCKFD})`;
        const arg = i.args.length > 2 ? A(2) : "0";
        const nb = em.npipe > 1;
        const sk = em.sockets !== null;
        // fcntl(2): O_NONBLOCK belongs to the open file description (a pipe end's, a socket's)
        let get = "0";
        if (nb) get = `((${isPipe} && dnb[${e}]) -> 2048 : ${get})`;
        if (sk) get = `((${isSock} && snb[${e} - ${SOCKFD}]) -> 2048 : ${get})`;
        const set = `${nb ? `if :: ${isPipe} -> dnb[${e}] = ((${arg} & 2048) != 0 -> 1 : 0) :: else fi; ` : ""}${sk ? `if :: ${isSock} -> snb[${e} - ${SOCKFD}] = ((${arg} & 2048) != 0 -> 1 : 0) :: else fi; ` : ""}`;
        return res([`if :: !(${fd} >= 0 && ${fd} < NFD && ${e} != 0) -> ${fail(EBADF).join("; ") || "skip"}
    :: else -> if :: ${A(1)} == 3 -> ${dst(get).join("; ") || "skip"}
      :: ${A(1)} == 4 -> ${set}${dst("0").join("; ") || "skip"}
      :: else -> ${fail(EINVAL).join("; ") || "skip"} fi fi`]);
      }
      case "close": {
        const fd = A(0);
        const closing = em.closesDescriptions() ? `closefd(me * NFD + ${fd})` : `fdt[me * NFD + ${fd}] = 0`;
        return res([`if :: ${fd} >= 0 && ${fd} < NFD && fdt[me * NFD + ${fd}] != 0 -> ${closing}; ${dst("0").join("; ") || "skip"} :: else -> ${fail(EBADF).join("; ") || "skip"} fi`]);
      }
    case "mkfifo": {
      const q = fifoIndex(em, A(0));
      // unix(7): a path a socket is bound to is taken
      const taken = em.sockets !== null ? ` || SOCKAT(1, ${A(0)}, 0) != 0` : "";
      return res([`${q}; if :: q != 0 && (fex[q]${taken}) -> q = 0; ${fail(17).join("; ") || "skip"} :: q != 0 && !(fex[q]${taken}) -> fex[q] = 1; q = 0; ${dst("0").join("; ") || "skip"} :: else -> ${fail(EINVAL).join("; ") || "skip"} fi`]);
    }
    case "unlink": {
      const q = fifoIndex(em, A(0));
      const ok = dst("0").join("; ") || "skip";
      const enoent = fail(ENOENT).join("; ") || "skip";
      const other = em.sockets !== null ? unlinkSocket(A(0), ok, enoent) : enoent;
      if (em.fifos.length === 0) return res([other]);
      return res([`${q}; if :: q != 0 && fex[q] -> fex[q] = 0; fpipe[q] = 0; q = 0; ${ok} :: else -> q = 0; ${other} fi`]);
    }
    case "open":
      return fifoOpen(em, c);
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
  const isWrite = `(${inRange} && ${e} >= 1 && ${e} < 100 && DW(${e}))`;
  const P = `pbytes[DP(${e})]`;
  const readers = `READERS(DP(${e}))`;
  const left = "(rv - tprog)";
  // pipe(7): up to PIPE_BUF bytes go in whole once they fit; more go in as they fit, step by step
  const guard = `!${isWrite} || ${len} == 0 || ${readers} == 0 || dnb[${e}] || (${len} - tprog <= PIPEBUF -> CAP - ${P} >= ${len} - tprog : CAP - ${P} > 0)`;
  const b = sigbit(SIGPIPE);
  const sigpipe = `if :: ${em.ignoredIn("me", SIGPIPE)} && (tmask[ts] & ${b}) == 0 -> skip :: else -> tpend = tpend | ${b} fi`;
  const now = em.deliverNow(em.afterLabel(fid, pc));
  const data = R(i.args[1]!);
  const append = (k: string) => (em.text === null ? `${P} = ${P} + ${k}` : `q = DP(${e}); pipeinpart(q, ${data}, tprog, ${k}); q = 0`);
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

/** q = the index (1..) of the FIFO path with this string id, or 0. */
export function fifoIndex(em: Emitter, path: string): string {
  let chain = "q = 0";
  em.fifos.forEach((id, k) => (chain = `if :: ${path} == ${id} -> q = ${k + 1} :: else -> ${chain} fi`));
  return chain;
}

/** Which descriptions name pipe k for reading and for writing: how many descriptors (and waiting openers) count. */
export function pipeMacros(em: Emitter): string[] {
  if (em.fifos.length === 0) {
    return ["#define DP(e) (((e) + 1) / 2)", "#define DR(e) ((e) % 2 == 1)", "#define DW(e) ((e) % 2 == 0)", "#define READERS(k) dref[2 * (k) - 1]", "#define WRITERS(k) dref[2 * (k)]"];
  }
  const sum = (bit: number, end: string) => {
    const terms = [end];
    for (let f = 0; f < em.fifoOpens; f++) terms.push(`(dpipe[FD0 + ${f}] == (k) && (dmode[FD0 + ${f}] & ${bit}) != 0 -> dref[FD0 + ${f}] : 0)`);
    return `(${terms.join(" + ")})`;
  };
  return [
    "#define DP(e) ((e) < FD0 -> ((e) + 1) / 2 : dpipe[e])",
    "#define DR(e) ((e) < FD0 -> (e) % 2 == 1 : (dmode[e] & 1) != 0)",
    "#define DW(e) ((e) < FD0 -> (e) % 2 == 0 : (dmode[e] & 2) != 0)",
    `#define READERS(k) ${sum(1, "dref[2 * (k) - 1]")}`,
    `#define WRITERS(k) ${sum(2, "dref[2 * (k)]")}`,
  ];
}

/** close(2), and a FIFO open given up: the last description of a pipe takes the pipe and its data with it. */
export function closeInline(em: Emitter): string[] {
  const fifo = em.fifos.length > 0;
  const pipes = em.npipe > 1;
  const o: string[] = [];
  if (pipes) {
    o.push("", "inline releasepipe(k) {", "  pbytes[k] = 0; dnb[2 * k - 1] = 0; dnb[2 * k] = 0;");
    if (em.text !== null) o.push("  sj = 0; do :: sj < CAPM -> pch[k * CAPM + sj] = 0; sj++ :: else -> break od; sj = 0;");
    em.fifos.forEach((_, n) => o.push(`  if :: fpipe[${n + 1}] == k -> fpipe[${n + 1}] = 0 :: else fi;`));
    o.push("  skip", "}");
  }
  o.push("", "inline closefd(x) {", "  if");
  if (pipes) {
    o.push("  :: fdt[x] >= 1 && fdt[x] < 100 ->", "    q2 = DP(fdt[x]); dref[fdt[x]]--;");
    if (fifo) o.push("    if :: fdt[x] >= FD0 && dref[fdt[x]] == 0 -> dpipe[fdt[x]] = 0; dmode[fdt[x]] = 0; dnb[fdt[x]] = 0; dpend[fdt[x]] = 0 :: else fi;");
    o.push("    if :: READERS(q2) == 0 && WRITERS(q2) == 0 -> releasepipe(q2) :: else fi;", "    q2 = 0");
  }
  if (em.sockets !== null) o.push(...closeSocket());
  o.push("  :: else", "  fi;", "  fdt[x] = 0", "}");
  if (fifo) {
    o.push("", "/* fifo(7): an opener that waited no longer (interrupted, or its process ended) is no longer counted */");
    o.push("inline abandonopen() {", "  if", "  :: topen != 0 -> q2 = dpipe[topen]; dref[topen] = 0; dpipe[topen] = 0; dmode[topen] = 0; dpend[topen] = 0; dnb[topen] = 0; topen = 0;");
    o.push("     if :: READERS(q2) == 0 && WRITERS(q2) == 0 -> releasepipe(q2) :: else fi; q2 = 0", "  :: else", "  fi", "}");
  }
  return o;
}

/**
 * open(path, flags) of a FIFO (fifo(7)): for reading it waits until a writer opens, and the reverse;
 * an opener counts from the moment it waits, so two openers meet whichever comes first; O_RDWR does
 * not wait; with O_NONBLOCK a read-open succeeds at once and a write-open with no reader fails (ENXIO).
 * The waiting opener sits in OW_ until the other side comes, then takes the lowest descriptor.
 */
function fifoOpen(em: Emitter, c: Call): Step {
  const { A, dst, fail, fid, pc, i } = c;
  const fnn = em.fnName[fid]!;
  const wait = `OW_${fnn}_${pc}`;
  const back = `X_${fnn}_${pc}`;
  const flags = A(1);
  let free = "FIFOSFULL";
  for (let f = em.fifoOpens - 1; f >= 0; f--) free = `if :: dmode[FD0 + ${f}] == 0 -> tk = FD0 + ${f} :: else -> ${free} fi`;
  const alloc = (mode: string) => `${free}; dpipe[tk] = q2; dmode[tk] = ${mode}; dref[tk] = 1; dnb[tk] = ((${flags} & 2048) != 0 -> 1 : 0)`;
  const wake = (side: string) => {
    const xs: string[] = [];
    for (let f = 0; f < em.fifoOpens; f++) xs.push(`if :: dpipe[FD0 + ${f}] == q2 && dpend[FD0 + ${f}] && (dmode[FD0 + ${f}] & ${side}) != 0 -> dpend[FD0 + ${f}] = 0 :: else fi`);
    return xs.join("; ");
  };
  const install = (desc: string) => `${em.lowestFd()}; fdt[me * NFD + q] = ${desc}; ${[...dst("q"), "q = 0"].join("; ")}`;
  const side = `((${flags} & 3) == 1 -> 2 : 1)`;
  const other = `((${flags} & 3) == 1 -> 1 : 2)`;
  const peers = `((${flags} & 3) == 1 -> READERS(q2) > 0 : (WRITERS(q2) > 0 || (${flags} & 2048) != 0))`;
  const stmt = `${fifoIndex(em, A(0))};
    if :: q == 0 || !fex[q] -> q = 0; ${fail(ENOENT).join("; ") || "skip"}
    :: else ->
      if :: fpipe[q] == 0 && nextpipe >= NPIPE -> PIPESFULL :: fpipe[q] == 0 && nextpipe < NPIPE -> fpipe[q] = nextpipe; pbytes[nextpipe] = 0; nextpipe++ :: else fi;
      q2 = fpipe[q]; q = 0;
      if
      :: (${flags} & 3) == 2 -> ${alloc("3")}; ${wake("1")}; ${wake("2")}; ${install("tk")}; tk = 0; q2 = 0
      :: (${flags} & 3) != 2 && ${peers} -> ${alloc(side)}; ${wake(other)}; ${install("tk")}; tk = 0; q2 = 0
      :: (${flags} & 3) != 2 && !${peers} && (${flags} & 2048) != 0 -> q2 = 0; ${fail(6).join("; ") || "skip"}
      :: else -> ${alloc(side)}; dpend[tk] = 1; topen = tk; tk = 0; q2 = 0; goto ${wait}
      fi
    fi`;
  // signal(7): a handler ends the wait with EINTR, unless SA_RESTART (then it waits on)
  const intr = { label: back, cond: "false", force: "($F & 1) == 0" };
  em.retCode(back);
  const done = `atomic { dpend[topen] == 0 -> ${[install("topen"), "topen = 0", ...em.localWork(fid, pc + 1)].join(";\n    ")} }`;
  const extra = [`${wait}:`];
  if (em.pendable.length === 0) extra.push(`  ${done}`);
  else extra.push("  if", `  :: ${done}`, ...em.deliveryBranches(wait, wait, intr), "  fi");
  extra.push(`${back}:`, ...em.block(fid, ["abandonopen()", ...em.setDst(fid, i, "-1"), `err = ${EINTR}`], pc + 1));
  return { guard: null, stmts: [stmt], cont: true, extra, intrCond: null };
}
