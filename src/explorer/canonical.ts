// Canonical object ids: kernel objects get ids in creation order, so two states that differ only in
// how many objects came and went before would differ in their ids. After each transition the
// explorer renumbers the objects 1..k in their order and rewrites every reference (descriptor
// tables, open file descriptions, pipes and FIFOs, socket peers and accept queues, FIFO openers that
// wait), the way SPIN's and others' heap canonicalisation do. Object ids never reach the program's
// values (descriptors are table indices), so this changes no behaviour. Trace replay keeps the ids
// of creation, which name pipes stably for a reader.
import {
  H_NEXT_OBJ, K_FIFO, K_FILE, K_PIPE, K_SOCK, OB_ID, OB_KIND, OB_LEN, P_NTHREADS, T_LEN, T_PROGRESS,
} from "./state-layout.js";
import type { Machine } from "./machine.js";

import { FILE_TARGET } from "./semantics/descriptors.js";
import { PIPE_FIFO } from "./semantics/pipes.js";
import { FIFO_PIPE } from "./semantics/fifos.js";
import { ST_LISTENING, S_COUNT, S_ITEMS, S_PEER, S_STATE } from "./semantics/sockets.js";

export function canonicalizeObjects(m: Machine, map: Int32Array): Int32Array {
  const b = m.buf;
  const start = m.kernelStart();
  const end = m.len - 1;
  let next = 1;
  let changed = false;
  const limit = b[H_NEXT_OBJ]!;
  if (map.length < limit + 1) map = new Int32Array((limit + 1) * 2);
  map.fill(0, 0, limit + 1);
  for (let o = start; o < end; o += b[o + OB_LEN]!) {
    const id = b[o + OB_ID]!;
    if (id === 0) continue; // anonymous (a datagram in flight): nothing refers to it
    map[id] = next;
    if (id !== next) changed = true;
    next++;
  }
  if (!changed) {
    b[H_NEXT_OBJ] = next;
    return map;
  }
  m.widen(); // references in every process's descriptor table
  const ren = (id: number) => (id > 0 ? map[id]! : id);
  for (let o = start; o < end; o += b[o + OB_LEN]!) {
    b[o + OB_ID] = map[b[o + OB_ID]!]!;
    switch (b[o + OB_KIND]) {
      case K_FILE:
        b[o + FILE_TARGET] = ren(b[o + FILE_TARGET]!);
        break;
      case K_PIPE:
        b[o + PIPE_FIFO] = ren(b[o + PIPE_FIFO]!);
        break;
      case K_FIFO:
        b[o + FIFO_PIPE] = ren(b[o + FIFO_PIPE]!);
        break;
      case K_SOCK:
        b[o + S_PEER] = ren(b[o + S_PEER]!);
        if (b[o + S_STATE] === ST_LISTENING) for (let i = 0; i < b[o + S_COUNT]!; i++) b[o + S_ITEMS + i] = ren(b[o + S_ITEMS + i]!);
        break;
    }
  }
  const L = m.layout;
  for (let p = m.firstProc(), i = m.nproc(); i > 0; i--, p = m.nextProc(p)) {
    for (let fd = 0; fd < L.fds; fd++) b[p + L.fdsAt + fd] = ren(b[p + L.fdsAt + fd]!);
    let t = m.firstThread(p);
    for (let j = b[p + P_NTHREADS]!; j > 0; j--, t += b[t + T_LEN]!) {
      const w = b[t + T_PROGRESS]!;
      if (w < 0) b[t + T_PROGRESS] = -map[-w]!;
    }
  }
  b[H_NEXT_OBJ] = next;
  return map;
}
