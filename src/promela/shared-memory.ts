// Shared memory in the Promela translation (LANGUAGE.md §3; shmget(2), shm_open(3), mmap(2)):
// segments numbered in creation order, each MAXLEN slots of one global array; a[i] reads and writes
// are one step each, Atomics operations one indivisible step; an index outside the segment is an
// assertion failure.
import { EBADF, EINVAL } from "../model/constants.js";
import type { Emitter } from "./emit.js";
import { type Call, type Step } from "./encoding.js";

export function sharedMemoryCall(em: Emitter, c: Call): Step | null {
  const { A, dst, fail, res, i, name } = c;
  switch (name) {
      case "shmget": {
        const key = A(0);
        const len = A(1);
        return res([`if :: ${len} < 0 || ${len} > 4096 -> ${fail(EINVAL).join("; ") || "skip"}
    :: else -> q = 0; if :: ${key} != 0 -> ${findSegment(em, key, 0)} :: else fi;
      if :: q == 0 && nextseg >= NSEG -> SEGSFULL :: q == 0 && nextseg < NSEG -> q = nextseg; nextseg++; seglen[q] = ${len}; segkey[q] = (${key} == 0 -> -1 : ${key}); segposix[q] = 0 :: else fi;
      ${[...dst("q"), "q = 0"].join("; ")} fi`]);
      }
      case "shmat":
        return res([`if :: ${A(0)} >= 1 && ${A(0)} < nextseg -> ${dst(A(0)).join("; ") || "skip"} :: else -> ${fail(EINVAL).join("; ") || "skip"} fi`]);
      case "shmdt":
        return res(dst("0").concat(["skip"]).slice(0, 1));
      case "shmctl":
        return res([`if :: ${A(0)} >= 1 && ${A(0)} < nextseg -> segrm[${A(0)}] = 1; ${dst("0").join("; ") || "skip"} :: else -> ${fail(EINVAL).join("; ") || "skip"} fi`]);
      case "shm_open": {
        const name = A(0);
        return res([`q = 0; ${findSegment(em, name, 1)};
    if :: q == 0 && (${A(1)} & 64) == 0 -> ${fail(2).join("; ") || "skip"}
    :: else -> if :: q == 0 && nextseg >= NSEG -> SEGSFULL :: q == 0 && nextseg < NSEG -> q = nextseg; nextseg++; seglen[q] = 0; segkey[q] = ${name}; segposix[q] = 1 :: else fi;
      rv = q; ${em.lowestFd()}; fdt[me * NFD + q] = 100 + rv; rv = 0; ${[...dst("q")].join("; ") || "skip"} fi; q = 0`]);
      }
      case "shm_unlink":
        return res([`q = 0; ${findSegment(em, A(0), 1)}; if :: q != 0 -> segrm[q] = 1; ${dst("0").join("; ") || "skip"} :: else -> ${fail(2).join("; ") || "skip"} fi; q = 0`]);
      case "ftruncate":
      case "mmap": {
        const fd = A(0);
        const e = `fdt[me * NFD + ${fd}]`;
        const isShm = `${fd} >= 0 && ${fd} < NFD && ${e} >= 100 && ${e} < 255`;
        if (name === "mmap") return res([`if :: ${isShm} -> ${dst(`${e} - 100`).join("; ") || "skip"} :: else -> ${fail(EBADF).join("; ") || "skip"} fi`]);
        const len = A(1);
        const zero: string[] = [];
        for (let k = 0; k < em.maxlen; k++) zero.push(`if :: ${k} >= ${len} -> shm[q * MAXLEN + ${k}] = 0 :: else fi`);
        return res([`if :: !(${isShm}) -> ${fail(EBADF).join("; ") || "skip"}
    :: else -> if :: ${len} < 0 || ${len} > 4096 -> ${fail(EINVAL).join("; ") || "skip"} :: else -> q = ${e} - 100; seglen[q] = ${len}; ${zero.join("; ")}; q = 0; ${dst("0").join("; ") || "skip"} fi fi`]);
      }
      case "Atomics.load":
      case "Atomics.store":
      case "Atomics.add":
      case "Atomics.sub":
      case "Atomics.exchange":
      case "Atomics.compareExchange": {
        const cell = sharedCell(em, A(0), A(1));
        const v = i.args.length > 2 ? A(2) : "0";
        const op = name.slice("Atomics.".length);
        const update = op === "load" ? [] : op === "store" ? [`${cell} = ${v}`] : op === "add" ? [`${cell} = ${cell} + ${v}`]
          : op === "sub" ? [`${cell} = ${cell} - ${v}`] : op === "exchange" ? [`${cell} = ${v}`] : [`if :: rv == ${v} -> ${cell} = ${A(3)} :: else fi`];
        const result = op === "store" ? v : "rv";
        return res([`if :: ${sharedValid(em, A(0), A(1))} -> ${["rv = " + cell, ...update, ...dst(result), "rv = 0"].join("; ")} :: else -> FAIL fi`]);
      }
    default:
      return null;
  }
}

/** q = the live segment with this key (System V) or name (POSIX), or stays 0. */
export function findSegment(em: Emitter, key: string, posix: number): string {
  let chain = "skip";
  for (let s = em.nseg - 1; s >= 1; s--) chain = `if :: ${s} < nextseg && segkey[${s}] == ${key} && segposix[${s}] == ${posix} && segrm[${s}] == 0 -> q = ${s} :: else -> ${chain} fi`;
  return chain;
}

export function sharedValid(em: Emitter, seg: string, index: string): string {
  return `(${seg} >= 1 && ${seg} < nextseg && ${index} >= 0 && ${index} < seglen[${seg}])`;
}

export function sharedCell(em: Emitter, seg: string, index: string): string {
  return `shm[${seg} * MAXLEN + ${index}]`;
}
