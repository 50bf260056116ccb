// Time (LANGUAGE.md §3 alarm, sleep; §4 "Time is abstract"): an alarm expires, and a sleep ends, at
// some later step; durations are never compared. alarm(2): one timer per process, a new call
// replaces the old and returns its seconds. sleep(3): returns 0, or the seconds left when a handler
// cut it short (all of them: no time counts as slept).
import type { Instr } from "../../model/model.js";
import { SIGALRM } from "../../model/signals.js";
import { P_ALARM, T_LAST, T_STATE, TS_RUNNING, TS_SLEEP } from "../state-layout.js";
import type { Machine } from "../machine.js";
import { sendSignal } from "./signals.js";

export function alarm(m: Machine, p: number, f: number, instr: Instr): void {
  const seconds = m.reg(f, instr.args[0]!);
  const old = m.buf[p + P_ALARM]!;
  m.buf[p + P_ALARM] = seconds > 0 ? seconds : 0;
  m.complete(f, instr, old);
}

export function alarmExpires(m: Machine, p: number): void {
  m.buf[p + P_ALARM] = 0;
  sendSignal(m, p, SIGALRM, -1, null);
}

export function sleep(m: Machine, t: number, f: number, instr: Instr): void {
  const seconds = m.reg(f, instr.args[0]!);
  if (seconds <= 0) {
    m.complete(f, instr, 0);
    return;
  }
  m.buf[t + T_STATE] = TS_SLEEP;
}

export function sleepEnds(m: Machine, _p: number, t: number): void {
  m.buf[t + T_STATE] = TS_RUNNING;
  m.buf[t + T_LAST] = 0;
  const f = m.topFrame(t);
  m.complete(f, m.instrAt(f), 0);
}
