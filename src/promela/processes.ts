// Processes in the Promela translation (LANGUAGE.md §3 "Processes and threads"; fork(2), _exit(2),
// wait(2)): fork is a `run` of the thread proctype with the forking thread's registers, the globals,
// dispositions, mask, descriptors and synchronization objects copied; exit makes a zombie (the
// exitproc inline); wait and waitpid reap in pid order, as ipcheck does.
import { ECHILD } from "../model/constants.js";
import type { Emitter } from "./emit.js";
import { type Call, type Step } from "./encoding.js";

export function processCall(em: Emitter, c: Call): Step | null {
  const { A, dst, fail, res, fid, pc, i, name } = c;
  switch (name) {
      case "fork": {
        const entry = em.forkEntries.length + 1;
        em.forkEntries.push(em.afterLabel(fid, pc));
        const { params } = em.threadLocals();
        const child = params.map((p) => (i.dst >= 0 && p === em.regs[fid]![i.dst] ? "0" : p === "wst" ? "0" : p));
        return res([
          // past the translation's process slots the run stops, saying so (never a silent block)
          "if :: nextpid >= NP -> SLOTS :: else fi",
        "q = nextpid", "nextpid++", "pst[q] = ALIVE", "ppid[q] = me", "tmask[q] = tmask[ts]",
          ...em.copyProcess(),
          ...dst("q"),
          ...(em.threads ? ["tpid[q] = q", "ttid[q] = 1", "tst[q] = 1", "nth[q] = 1", "nexttid[q] = 2"] : []),
          ...em.copySync(),
          `run T(q, q, ${entry}, ${child.join(", ")})`, "q = 0",
        ], null);
      }
      case "exit":
      case "_exit":
        return { guard: null, stmts: [`exitproc(${i.args.length > 0 ? `(${A(0)} & 255)` : "0"})`, "goto END"], cont: false, extra: [], intrCond: null };
      case "wait":
        return { ...res([`if :: !HASCHILD(me) -> ${fail(ECHILD).join("; ") || "skip"} :: else -> reapany(); reap(); ${[...dst("q"), "q = 0"].join("; ")} fi`], "HASZOMBIE(me) || !HASCHILD(me)"), intrCond: "!(HASZOMBIE(me) || !HASCHILD(me))" };
      case "waitpid": {
        const w = A(0);
        const opt = i.args.length > 1 ? A(1) : "0";
        const guard = `(${opt} & 1) != 0 || (${w} > 0 -> (ISZOMBIE(${w}) || !ISCHILD(${w})) : (HASZOMBIE(me) || !HASCHILD(me)))`;
        const ok = (q: string) => [q, "reap()", ...dst("q"), "q = 0"].join("; ");
        const zero = dst("0").join("; ") || "skip";
        const echild = fail(ECHILD).join("; ");
        const stmt = `if :: ${w} > 0 -> if :: !ISCHILD(${w}) -> ${echild} :: ISZOMBIE(${w}) -> ${ok(`q = ${w}`)} :: else -> ${zero} fi
    :: else -> if :: !HASCHILD(me) -> ${echild} :: HASZOMBIE(me) -> ${ok("reapany()")} :: else -> ${zero} fi fi`;
        return { ...res([stmt], guard), intrCond: `!(${guard})` };
      }
      case "getppid": return res(dst("ppid[me]").concat(["skip"]).slice(0, 1));
      case "wstatus": return res(dst("wst").concat(["skip"]).slice(0, 1));
    default:
      return null;
  }
}


