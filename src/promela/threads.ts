// Threads and their synchronization in the Promela translation (LANGUAGE.md §3; pthread_create(3),
// pthread_join(3), pthread_mutex_lock(3), pthread_cond_wait(3), sem_overview(7)): a thread is a `run`
// of the thread proctype in a slot of its process; mutexes hold their owner's thread id, semaphores
// their value (process-local ones per process, named ones in row 0), condition variables their
// waiters (each thread's tcw).
import type { Instr } from "../model/model.js";
import { EINVAL } from "../model/constants.js";
import type { Emitter } from "./emit.js";
import { NAMED, type Call, type Step } from "./encoding.js";

export function threadCall(em: Emitter, c: Call): Step | null {
  const { A, dst, fail, res, constArg, fid, pc, i, name } = c;
  switch (name) {
      case "pthread_create": {
        const fnv = constArg(0)!;
        const body = fnv - 2;
        const entry = em.forkEntries.length + 1;
        em.forkEntries.push(`E_${em.fnName[body]}`);
        const { params } = em.threadLocals();
        const p0 = em.fns[body]!.params > 0 ? em.regs[body]![0] : null;
        const arg = i.args.length > 1 ? A(1) : "0";
        const child = params.map((p) => (p0 !== null && p0 !== undefined && p === p0 ? arg : "0"));
        // the lowest free thread slot (a joined thread's is free again); none: past the translation's bound
        let free = "q = 0";
        for (let s = em.nts - 1; s >= em.np; s--) free = `if :: tst[${s}] == 0 -> q = ${s} :: else -> ${free} fi`;
        const start = [
          "tpid[q] = me", "ttid[q] = nexttid[me]", "nexttid[me]++", "tst[q] = 1", "tmask[q] = tmask[ts]", "nth[me]++",
          `run T(me, q, ${entry}, ${child.join(", ")})`, ...dst("ttid[q]"),
        ];
        return res([free, `if :: q == 0 -> THREADSFULL :: else -> ${start.join("; ")} fi`, "q = 0"]);
      }
      case "pthread_exit":
        return { guard: null, stmts: em.threadEnds(), cont: false, extra: [], intrCond: null };
      case "pthread_self":
        return res(dst(em.tid()).concat(["skip"]).slice(0, 1));
      case "pthread_join": {
        const t = A(0);
        const slots = em.slotsOf("me");
        const running = slots.map((q) => `(tpid[${q}] == me && ttid[${q}] == ${t} && tst[${q}] == 1)`).join(" || ");
        let find = "q = 0";
        for (const q of [...slots].reverse()) find = `if :: tpid[${q}] == me && ttid[${q}] == ${t} && tst[${q}] == 2 -> q = ${q} :: else -> ${find} fi`;
        return res([`if :: ${t} == ${em.tid()} -> ${dst("35").join("; ") || "skip"}
    :: else -> ${find}; if :: q != 0 -> tst[q] = 0; tpid[q] = 0; ttid[q] = 0; ${dst("0").join("; ") || "skip"} :: else -> ${dst("3").join("; ") || "skip"} fi; q = 0 fi`], `!(${running})`);
      }
      case "pthread_mutex_init":
      case "pthread_cond_init":
      case "sem_init": {
        const value = name === "sem_init" ? `(${A(0)} > 0 -> ${A(0)} : 0)` : "0";
        const make = ["nexth[me]++", `sy[me * NH + nexth[me]] = ${value}`, ...dst("nexth[me]")];
        return res([`if :: nexth[me] + 1 >= NH -> HANDLESFULL :: else -> ${make.join("; ")} fi`]);
      }
      case "pthread_mutex_lock":
      case "pthread_mutex_unlock":
      case "pthread_mutex_trylock":
      case "pthread_mutex_destroy": {
        const h = A(0);
        const sy = `sy[me * NH + ${h}]`;
        const valid = `(${h} >= 1 && ${h} < NH && ${sy} != -2)`;
        const ret = (v: number) => dst(String(v)).join("; ") || "skip";
        const tid = em.tid();
        if (name === "pthread_mutex_lock") {
          // a relock by the owner is mutex-misuse: a default mutex deadlocks, and that run stops there
          return res([`if :: !${valid} -> ${ret(EINVAL)} :: else -> if :: ${sy} == ${tid} -> STOPRUN :: else -> ${sy} = ${tid}; ${ret(0)} fi fi`], `!${valid} || ${sy} == 0 || ${sy} == ${tid}`);
        }
        if (name === "pthread_mutex_unlock") return res([`if :: !${valid} -> ${ret(EINVAL)} :: else -> if :: ${sy} != ${tid} -> ${ret(1)} :: else -> ${sy} = 0; ${ret(0)} fi fi`]);
        if (name === "pthread_mutex_trylock") return res([`if :: !${valid} -> ${ret(EINVAL)} :: else -> if :: ${sy} != 0 -> ${ret(16)} :: else -> ${sy} = ${tid}; ${ret(0)} fi fi`]);
        return res([`if :: !${valid} -> ${ret(EINVAL)} :: else -> if :: ${sy} != 0 -> ${ret(16)} :: else -> ${sy} = -2; ${ret(0)} fi fi`]);
      }
      case "sem_wait":
      case "sem_trywait":
      case "sem_post":
      case "sem_close": {
        const h = A(0);
        const sy = `sy[${semIndex(em, h)}]`;
        const valid = semValid(em, h);
        const einval = fail(EINVAL).join("; ") || "skip";
        if (name === "sem_close") return res(dst("0").concat(["skip"]).slice(0, 1));
        if (name === "sem_post") return res([`if :: !${valid} -> ${einval} :: else -> ${sy}++; ${dst("0").join("; ") || "skip"} fi`]);
        if (name === "sem_trywait") return res([`if :: !${valid} -> ${einval} :: ${valid} && ${sy} == 0 -> ${fail(11).join("; ") || "skip"} :: else -> ${sy}--; ${dst("0").join("; ") || "skip"} fi`]);
        const guard = `!${valid} || ${sy} > 0`;
        return { ...res([`if :: !${valid} -> ${einval} :: else -> ${sy}--; ${dst("0").join("; ") || "skip"} fi`], guard), intrCond: `!(${guard})` };
      }
      case "sem_open": {
        // sem_open(3): one semaphore per name, shared by every process; its handle is the name's id | NAMED
        const name = A(0);
        const flags = A(1);
        const value = i.args.length > 2 ? `(${A(2)} > 0 -> ${A(2)} : 0)` : "0";
        const bs = em.semNames.map((id, k) => `:: ${name} == ${id} -> if :: nsx[${k + 1}] -> ${dst(String(id | NAMED)).join("; ") || "skip"}
      :: else -> if :: (${flags} & 64) == 0 -> ${fail(2).join("; ") || "skip"} :: else -> nsx[${k + 1}] = 1; sy[${k + 1}] = ${value}; ${dst(String(id | NAMED)).join("; ") || "skip"} fi fi`);
        return res([`if ${bs.join("\n    ")} fi`]);
      }
      case "sem_unlink": {
        const bs = em.semNames.map((id, k) => `:: ${A(0)} == ${id} && nsx[${k + 1}] -> ${dst("0").join("; ") || "skip"}`);
        return res([`if ${bs.join(" ")} :: else -> ${fail(2).join("; ") || "skip"} fi`]);
      }
      case "pthread_cond_signal":
      case "pthread_cond_broadcast": {
        const c = A(0);
        const slots = em.slotsOf("me");
        const waits = (q: string) => `tpid[${q}] == me && tcw[${q}] == ${c}`;
        const stmt = name === "pthread_cond_signal"
          ? `if ${slots.map((q) => `:: ${waits(q)} -> tcw[${q}] = -1`).join(" ")} :: else fi`
          : slots.map((q) => `if :: ${waits(q)} -> tcw[${q}] = -1 :: else fi`).join("; ");
        return res([stmt, ...dst("0")]);
      }
      case "pthread_cond_wait":
        return condWait(em, fid, pc, i);
    default:
      return null;
  }
}

/**
 * pthread_cond_wait(c, m), two steps (LANGUAGE.md §2): release the mutex and wait (in CW_); woken
 * (or spuriously, or by a handler: signal(7)), take the mutex back (RL_) and return 0.
 */
export function condWait(em: Emitter, fid: number, pc: number, i: Instr) {
  const fnn = em.fnName[fid]!;
  const cw = `CW_${fnn}_${pc}`;
  const rl = `RL_${fnn}_${pc}`;
  const c = em.reg(fid, i.args[0]!);
  const h = em.reg(fid, i.args[1]!);
  const sy = `sy[me * NH + ${h}]`;
  const tid = em.tid();
  const ret = (v: number) => em.setDst(fid, i, String(v)).join("; ") || "skip";
  const stmts = [`if :: !(${h} >= 1 && ${h} < NH && ${sy} != -2) -> ${ret(EINVAL)}
  :: else -> if :: ${sy} != ${tid} -> ${ret(1)} :: else -> ${sy} = 0; tcw[ts] = ${c}; goto ${cw} fi fi`];
  const extra = [`${cw}:`, "  if", `  :: atomic { tcw[ts] == -1 -> goto ${rl} }`];
  // a spurious wake-up never keeps a state from being stuck (LANGUAGE.md §4): the run for invalid end states leaves it out
  extra.push("#ifndef NOSPURIOUS", `  :: atomic { tcw[ts] = -1; goto ${rl} }`, "#endif");
  extra.push(...em.deliveryBranches(cw, rl, null, ["tcw[ts] = -1"]), "  fi");
  em.retCode(rl);
  const relock = `atomic { ${sy} == 0 || !(${h} >= 1 && ${h} < NH) -> ${[`if :: ${h} >= 1 && ${h} < NH -> ${sy} = ${tid} :: else fi`, "tcw[ts] = 0", ...em.setDst(fid, i, "0"), ...em.localWork(fid, pc + 1)].join(";\n    ")} }`;
  extra.push(`${rl}:`);
  if (em.pendable.length === 0) extra.push(`  ${relock}`);
  else extra.push("  if", `  :: ${relock}`, ...em.deliveryBranches(rl, rl, null), "  fi");
  return { guard: null, stmts, cont: true, extra, intrCond: null as string | null };
}

/** The index in sy of semaphore handle h: a process's own, or a named one (row 0). */
export function semIndex(em: Emitter, h: string): string {
  if (em.semNames.length === 0) return `me * NH + ${h}`;
  let named = "0";
  em.semNames.forEach((id, k) => (named = `((${h} & ${NAMED - 1}) == ${id} -> ${k + 1} : ${named})`));
  return `((${h} & ${NAMED}) != 0 -> ${named} : me * NH + ${h})`;
}

export function semValid(em: Emitter, h: string): string {
  const local = `(${h} >= 1 && ${h} < NH)`;
  if (em.semNames.length === 0) return local;
  const named = em.semNames.map((id, k) => `(${h} == ${id | NAMED} && nsx[${k + 1}])`).join(" || ");
  return `(${local} || ${named})`;
}
