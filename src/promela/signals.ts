// Signal calls in the Promela translation (LANGUAGE.md §3 "Signals"; signal(7), sigaction(2),
// kill(2), raise(3), sigprocmask(2), sigsuspend(2), pause(2), alarm(2), sleep(3)). Delivery itself is a
// branch of every step point (emit.ts); here are the calls that change dispositions, masks and
// pending bits, and the waits that only a handler ends.
import type { Instr } from "../model/model.js";
import { EINTR, EINVAL, ESRCH } from "../model/constants.js";
import { DefaultAction, defaultAction, sigbit, signalName } from "../model/signals.js";
import type { Emitter } from "./emit.js";
import { F_RESTART, MASK_OK, type Call, type Step } from "./encoding.js";

export function signalCall(em: Emitter, c: Call): Step | null {
  const { A, dst, fail, res, constArg, fnn, fid, pc, i, name } = c;
  switch (name) {
      case "signal":
      case "sigaction": {
        const sig = constArg(0);
        const sigs = sig !== null ? [sig] : em.tracked;
        const h = A(1);
        const mask = name === "sigaction" ? `(${A(2)} & ${MASK_OK})` : "0";
        const fl = name === "sigaction"
          ? `((${A(3)} & 268435456) != 0 -> 1 : 0) + ((${A(3)} & 1073741824) != 0 -> 2 : 0) + (${A(3)} < 0 -> 4 : 0)`
          : `${F_RESTART}`;
        const branches = sigs.filter((s) => em.actionVars(s) !== null).map((s) => {
          const v = em.actionVars(s)!;
          const discard = ignoresAfterSet(em, s, h);
          return `:: ${A(0)} == ${s} -> ${v.h}[me] = ${h}; if :: ${h} >= 2 -> ${v.m}[me] = ${mask}; ${v.f}[me] = ${fl} :: else -> ${v.m}[me] = 0; ${v.f}[me] = 0 fi${discard}; ${dst("0").join("; ") || "skip"}`;
        });
        branches.push(`:: else -> ${fail(EINVAL).join("; ") || "skip"}`);
        return res([`if ${branches.join("\n    ")} fi`]);
      }
      case "kill": {
        const sig = constArg(1);
        const send = (q: string): string => {
          const sigs = sig !== null ? (sig === 0 ? [] : [sig]) : em.pendable;
          const bs = sigs.map((s) => `:: ${A(1)} == ${s} -> send_${signalName(s)}(${q})`);
          return bs.length ? `if ${bs.join(" ")} :: else fi` : "skip";
        };
        const valid = `(${A(1)} >= 0 && ${A(1)} <= 31)`;
        const now = em.deliverNow(em.afterLabel(fid, pc));
        const group: string[] = [];
        for (let q = 1; q < em.np; q++) group.push(`if :: pst[${q}] == ALIVE && (${A(0)} == 0 || ${q} != me) -> ${send(String(q))} :: else fi`);
        return res([`if
    :: !${valid} -> ${fail(EINVAL).join("; ") || "skip"}
    :: ${valid} && ${A(0)} > 0 && (${A(0)} >= NP || pst[${A(0)}] == 0 || pst[${A(0)}] == GONE) -> ${fail(ESRCH).join("; ") || "skip"}
    :: ${valid} && ${A(0)} > 0 && ${A(0)} < NP && (pst[${A(0)}] == ALIVE || pst[${A(0)}] == ZOMBIE) -> ${[`rv = (${A(0)} == me -> 1 : 0)`, send(A(0)), ...dst("0"), `if :: rv == 1 -> rv = 0; ${now} :: else fi`].join("; ")}
    :: ${valid} && (${A(0)} == 0 || ${A(0)} == -1) -> ${[`rv = (${A(0)} == 0 -> 1 : 0)`, ...group, ...dst("0"), `if :: rv == 1 -> rv = 0; ${now} :: else fi`].join("; ")}
    :: ${valid} && ${A(0)} < -1 -> ${fail(ESRCH).join("; ") || "skip"}
    fi`]);
      }
      case "raise": {
        const sig = constArg(0);
        const sigs = sig !== null ? [sig] : em.pendable;
        const bs = sigs.filter((s) => s >= 1 && s <= 31).map((s) => {
          const b = sigbit(s);
          return `:: ${A(0)} == ${s} -> if :: ${em.ignoredIn("me", s)} && (tmask[ts] & ${b}) == 0 -> skip :: else -> tpend = tpend | ${b} fi`;
        });
        const now = em.deliverNow(em.afterLabel(fid, pc));
        return res([`if :: ${A(0)} < 1 || ${A(0)} > 31 -> ${fail(EINVAL).join("; ") || "skip"} :: else -> ${[`if ${bs.join(" ")} :: else fi`, ...dst("0"), now].join("; ")} fi`]);
      }
      case "alarm":
        return res(["rv = alrm[me]", `alrm[me] = (${A(0)} > 0 -> ${A(0)} : 0)`, ...dst("rv"), "rv = 0"]);
      case "sigprocmask":
      case "pthread_sigmask": {
        const how = A(0);
        const set = A(1);
        const now = em.deliverNow(em.afterLabel(fid, pc));
        const ok = (mask: string) => [`rv = tmask[ts]`, `tmask[ts] = ${mask} & ${MASK_OK}`, ...dst("rv"), "rv = 0", now].join("; ");
        return res([`if
    :: ${how} == 0 -> ${ok(`(tmask[ts] | ${set})`)}
    :: ${how} == 1 -> ${ok(`(tmask[ts] & ~${set})`)}
    :: ${how} == 2 -> ${ok(`${set}`)}
    :: else -> ${fail(EINVAL).join("; ") || "skip"}
    fi`]);
      }
      case "sigpending":
        return res(dst(em.threadDirected ? "(ppend[me] | tpend)" : "ppend[me]").concat(["skip"]).slice(0, 1));
      case "pause":
      case "sigsuspend":
        return pauseLike(em, fid, pc, i, name === "sigsuspend");
      case "sleep": {
        const sl = `SL_${fnn}_${pc}`;
        const back = `XL_${fnn}_${pc}`;
        const extra = [`${sl}:`];
        const wake = `atomic { ${[...dst("0"), ...em.localWork(fid, pc + 1)].join(";\n    ")} }`;
        if (em.pendable.length === 0) extra.push(`  ${wake}`);
        else extra.push("  if", `  :: ${wake}`, ...em.deliveryBranches(sl, back, null), "  fi");
        extra.push(`${back}:`, ...em.block(fid, dst(A(0)), pc + 1));
        return {
          guard: null,
          stmts: [`if :: ${A(0)} <= 0 -> ${dst("0").join("; ") || "skip"}; goto ${em.afterLabel(fid, pc)} :: else -> goto ${sl} fi`],
          cont: false, extra, intrCond: null,
        };
      }
    default:
      return null;
  }
}

/** pause() and sigsuspend(mask): the thread waits in P_ until a handler has run, then fails with EINTR. */
export function pauseLike(em: Emitter, fid: number, pc: number, i: Instr, suspend: boolean) {
  const fnn = em.fnName[fid]!;
  const wait = `P_${fnn}_${pc}`;
  const back = `X${suspend ? "S" : ""}_${fnn}_${pc}`;
  // LANGUAGE.md §4: it waits for the user when an environment signal with a handler is unblocked
  const env = em.model.options.envSignals.filter((e) => em.actionVars(e) !== null);
  const idle = env.length ? env.map((e) => `(${em.actionVars(e)!.h}[me] >= 2 && (tmask[ts] & ${sigbit(e)}) == 0)`).join(" || ") : "false";
  const enter = env.length ? `if :: ${idle} -> goto end_${wait} :: else -> goto ${wait} fi` : `goto ${wait}`;
  const stmts = suspend
    ? ["tsaved = tmask[ts]", `tmask[ts] = ${em.reg(fid, i.args[0]!)} & ${MASK_OK}`, em.deliverNow(back), enter]
    : [enter];
  const extra: string[] = [];
  for (const label of env.length ? [wait, `end_${wait}`] : [wait]) {
    extra.push(`${label}:`);
    if (em.pendable.length === 0) extra.push("  false");
    else extra.push("  if", ...em.deliveryBranches(label, back, null), "  fi");
  }
  em.retCode(back);
  const restore = suspend ? ["tmask[ts] = tsaved", "tsaved = 0"] : [];
  extra.push(`${back}:`, ...em.block(fid, [...restore, ...em.setDst(fid, i, "-1"), `err = ${EINTR}`], pc + 1));
  return { guard: null, stmts, cont: false, extra, intrCond: null };
}

/** `; discard` when setting handler h for s makes the process ignore s: a pending one is dropped. */
export function ignoresAfterSet(em: Emitter, s: number, h: string): string {
  const d = defaultAction(s);
  const dflIgnores = d === DefaultAction.Ignore || d === DefaultAction.Continue;
  const b = sigbit(s);
  const clear = `ppend[me] = ppend[me] & ~${b}${em.threadDirected ? `; tpend = tpend & ~${b}` : ""}`;
  return `; if :: ${h} == 1${dflIgnores ? ` || ${h} == 0` : ""} -> ${clear} :: else fi`;
}
