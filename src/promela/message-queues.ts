// POSIX message queues in the Promela translation (LANGUAGE.md §3; mq_overview(7), mq_send(3),
// mq_receive(3)): a queue holds at most maxmsg messages (string ids) with their priorities, highest
// first and FIFO within one; mq_send blocks while it is full, mq_receive while it is empty (no end of
// file), EAGAIN with O_NONBLOCK. A name maps to its queue until mq_unlink; the queue lives on for the
// descriptors that name it (fdt holds 200 + the queue, fdfl the access and O_NONBLOCK).
import { EBADF, EEXIST, ENOENT } from "../model/constants.js";
import type { Emitter } from "./emit.js";
import type { Call, Step } from "./encoding.js";

/** The names the program's mq_open/mq_unlink use, the queues a run may make, and the most messages one holds. */
export interface QueueBounds {
  readonly names: readonly number[];
  readonly queues: number;
  readonly maxmsg: number;
}

export function queueDeclarations(b: QueueBounds): string[] {
  return [
    `#define NQ ${b.queues + 1}`, `#define QM ${b.maxmsg}`,
    `byte mqobj[${b.names.length + 1}];   /* per name: its queue, 0 none */`,
    "byte nextmq = 1; byte mqn[NQ]; byte mqmax[NQ]; int mqp[NQ * QM]; int mqm[NQ * QM];   /* per queue: count, capacity, priorities and messages */",
    "byte fdfl[NP * NFD];    /* a queue descriptor's access (1 read, 2 write) and 4: O_NONBLOCK */",
  ];
}

function nameIndex(em: Emitter, name: string): string {
  let chain = "q = 0";
  em.queues!.names.forEach((id, k) => (chain = `if :: ${name} == ${id} -> q = ${k + 1} :: else -> ${chain} fi`));
  return chain;
}

export function queueCall(em: Emitter, c: Call): Step | null {
  const { A, dst, fail, res, i, name } = c;
  const ok = (v: string) => dst(v).join("; ") || "skip";
  const err = (e: number) => fail(e).join("; ") || "skip";
  const fdOf = (fd: string, want: number) => {
    const e = `fdt[me * NFD + ${fd}]`;
    return { e, valid: `(${fd} >= 0 && ${fd} < NFD && ${e} >= 200 && ${e} < 255 && (fdfl[me * NFD + ${fd}] & ${want}) != 0)`, nb: `(fdfl[me * NFD + ${fd}] & 4) != 0` };
  };
  switch (name) {
    case "mq_open": {
      const flags = A(1);
      const maxmsg = i.args.length > 2 ? A(2) : "10";
      const access = `((${flags} & 3) == 2 -> 3 : ((${flags} & 3) == 1 -> 2 : 1)) + ((${flags} & 2048) != 0 -> 4 : 0)`;
      return res([`${nameIndex(em, A(0))};
    if :: q != 0 && mqobj[q] != 0 && (${flags} & 64) != 0 && (${flags} & 128) != 0 -> q = 0; ${err(EEXIST)}
    :: q != 0 && mqobj[q] == 0 && (${flags} & 64) == 0 -> q = 0; ${err(ENOENT)}
    :: else ->
      if :: mqobj[q] == 0 && nextmq >= NQ -> QUEUESFULL :: mqobj[q] == 0 && nextmq < NQ -> mqobj[q] = nextmq; mqmax[nextmq] = (${maxmsg} > 1 -> ${maxmsg} : 1); mqn[nextmq] = 0; nextmq++ :: else fi;
      q2 = mqobj[q]; ${em.lowestFd()}; fdt[me * NFD + q] = 200 + q2; fdfl[me * NFD + q] = ${access}; q2 = 0; ${[...dst("q")].join("; ") || "skip"}; q = 0
    fi`]);
    }
    case "mq_send": {
      const { e, valid, nb } = fdOf(A(0), 2);
      const o = `(${e} - 200)`;
      const prio = i.args.length > 2 ? A(2) : "0";
      const guard = `!${valid} || ${nb} || mqn[${o}] < mqmax[${o}]`;
      // after the last message of the same or a higher priority
      const insert = `q2 = ${o}; tk = 0; do :: tk < mqn[q2] && mqp[q2 * QM + tk] >= ${prio} -> tk++ :: else -> break od;
      rv = mqn[q2]; do :: rv > tk -> mqp[q2 * QM + rv] = mqp[q2 * QM + rv - 1]; mqm[q2 * QM + rv] = mqm[q2 * QM + rv - 1]; rv-- :: else -> break od;
      mqp[q2 * QM + tk] = ${prio}; mqm[q2 * QM + tk] = ${A(1)}; mqn[q2]++; tk = 0; rv = 0; q2 = 0`;
      const stmt = `if :: !${valid} -> ${err(EBADF)} :: ${valid} && mqn[${o}] >= mqmax[${o}] -> ${err(11)} :: else -> ${insert}; ${ok("0")} fi`;
      return { ...res([stmt], guard), intrCond: `!(${guard})` };
    }
    case "mq_receive": {
      const { e, valid, nb } = fdOf(A(0), 1);
      const o = `(${e} - 200)`;
      const guard = `!${valid} || ${nb} || mqn[${o}] > 0`;
      const take = `q2 = ${o}; tk = mqm[q2 * QM]; rv = 0; do :: rv + 1 < mqn[q2] -> mqp[q2 * QM + rv] = mqp[q2 * QM + rv + 1]; mqm[q2 * QM + rv] = mqm[q2 * QM + rv + 1]; rv++ :: else -> break od;
      mqp[q2 * QM + rv] = 0; mqm[q2 * QM + rv] = 0; mqn[q2]--; rv = 0; q2 = 0`;
      const stmt = `if :: !${valid} -> ${err(EBADF)} :: ${valid} && mqn[${o}] == 0 -> ${err(11)} :: else -> ${take}; ${ok("tk")}; tk = 0 fi`;
      return { ...res([stmt], guard), intrCond: `!(${guard})` };
    }
    case "mq_close": {
      const fd = A(0);
      const { valid } = fdOf(fd, 3);
      return res([`if :: ${valid} -> fdt[me * NFD + ${fd}] = 0; fdfl[me * NFD + ${fd}] = 0; ${ok("0")} :: else -> ${err(EBADF)} fi`]);
    }
    case "mq_unlink":
      return res([`${nameIndex(em, A(0))}; if :: q != 0 && mqobj[q] != 0 -> mqobj[q] = 0; q = 0; ${ok("0")} :: else -> q = 0; ${err(ENOENT)} fi`]);
    default:
      return null;
  }
}
