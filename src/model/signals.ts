// The signal table of Linux signal(7) (x86/ARM numbering), as LANGUAGE.md §3 and the seed slides list it.
// Default actions: Term, Core (terminate), Ign, Stop, Cont. SIGKILL and SIGSTOP cannot be caught,
// blocked or ignored.

export const SIGNAL_COUNT = 31;

export const enum DefaultAction {
  Terminate = 0,
  Ignore = 1,
  Stop = 2,
  Continue = 3,
}

export interface SignalInfo {
  readonly number: number;
  readonly name: string;
  readonly action: DefaultAction;
  /** Raised by a fault of the running thread (never sent by the environment). */
  readonly fault: boolean;
}

const T = DefaultAction.Terminate;
const I = DefaultAction.Ignore;
const S = DefaultAction.Stop;
const C = DefaultAction.Continue;

export const SIGNALS: readonly SignalInfo[] = [
  ["SIGHUP", T, false], ["SIGINT", T, false], ["SIGQUIT", T, false], ["SIGILL", T, true],
  ["SIGTRAP", T, true], ["SIGABRT", T, false], ["SIGBUS", T, true], ["SIGFPE", T, true],
  ["SIGKILL", T, false], ["SIGUSR1", T, false], ["SIGSEGV", T, true], ["SIGUSR2", T, false],
  ["SIGPIPE", T, false], ["SIGALRM", T, false], ["SIGTERM", T, false], ["SIGSTKFLT", T, false],
  ["SIGCHLD", I, false], ["SIGCONT", C, false], ["SIGSTOP", S, false], ["SIGTSTP", S, false],
  ["SIGTTIN", S, false], ["SIGTTOU", S, false], ["SIGURG", I, false], ["SIGXCPU", T, false],
  ["SIGXFSZ", T, false], ["SIGVTALRM", T, false], ["SIGPROF", T, false], ["SIGWINCH", I, false],
  ["SIGIO", T, false], ["SIGPWR", T, false], ["SIGSYS", T, true],
].map(([name, action, fault], i) => ({
  number: i + 1,
  name: name as string,
  action: action as DefaultAction,
  fault: fault as boolean,
}));

export const SIGHUP = 1;
export const SIGINT = 2;
export const SIGFPE = 8;
export const SIGKILL = 9;
export const SIGUSR1 = 10;
export const SIGPIPE = 13;
export const SIGALRM = 14;
export const SIGTERM = 15;
export const SIGCHLD = 17;
export const SIGCONT = 18;
export const SIGSTOP = 19;

/** Bit of a signal in a 32-bit signal set: signal n is bit n - 1. */
export function sigbit(sig: number): number {
  return 1 << (sig - 1);
}

export const UNBLOCKABLE = sigbit(SIGKILL) | sigbit(SIGSTOP);
export const ALL_SIGNALS = 0x7fffffff;

export function isValidSignal(sig: number): boolean {
  return sig >= 1 && sig <= SIGNAL_COUNT;
}

export function signalName(sig: number): string {
  return isValidSignal(sig) ? SIGNALS[sig - 1]!.name : `signal ${sig}`;
}

export function signalByName(name: string): number | undefined {
  const found = SIGNALS.find((s) => s.name === name);
  return found?.number;
}

export function defaultAction(sig: number): DefaultAction {
  return SIGNALS[sig - 1]!.action;
}

/** The names of the signals in a set, lowest first. */
export function sigsetNames(set: number): string[] {
  const names: string[] = [];
  for (let sig = 1; sig <= SIGNAL_COUNT; sig++) if (set & sigbit(sig)) names.push(SIGNALS[sig - 1]!.name);
  return names;
}
