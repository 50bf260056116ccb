// The environment (LANGUAGE.md §3): a user at the terminal or a shell's kill. It sends each of its
// signals at most envSignalLimit times a run, to one live process where it is not pending, so it
// loses no signal. It is not fair: it may never send.
import type { Machine } from "../machine.js";
import { sendSignal } from "./signals.js";

export function sendEnvSignal(m: Machine, p: number, sig: number): void {
  sendSignal(m, p, sig, -1, null);
}
