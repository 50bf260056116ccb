// Which semantics file models each API call: the one switch from a call to its step function.
import type { Instr } from "../../model/model.js";
import { API_CALLS, API_ID } from "../../model/api.js";
import { ALL_SIGNALS, isValidSignal, sigbit } from "../../model/signals.js";
import { P_PID } from "../state-layout.js";
import type { Machine } from "../machine.js";
import { checkHandlerCall } from "../checks.js";
import * as processes from "./processes.js";
import * as signals from "./signals.js";
import * as timers from "./timers.js";
import * as pipes from "./pipes.js";
import * as descriptors from "./descriptors.js";
import * as fifos from "./fifos.js";
import * as mq from "./message-queues.js";
import * as sockets from "./sockets.js";
import { print } from "./output.js";
import { errno, setErrno } from "./errno.js";
import { assert, nondet, nondetChoices } from "./checks-api.js";

const id = (name: string): number => API_ID[name]!;
const FORK = id("fork");
const EXIT = id("exit");
const _EXIT = id("_exit");
const WAIT = id("wait");
const WAITPID = id("waitpid");
const GETPPID = id("getppid");
const WSTATUS = id("wstatus");
const NONDET = id("nondet");
const ASSERT = id("assert");
const PRINTF = id("printf");
const CONSOLE_LOG = id("console.log");
const WRITE = id("write");
const SIGNAL = id("signal");
const SIGACTION = id("sigaction");
const KILL = id("kill");
const RAISE = id("raise");
const ALARM = id("alarm");
const PAUSE = id("pause");
const SIGSUSPEND = id("sigsuspend");
const SLEEP = id("sleep");
const SIGPROCMASK = id("sigprocmask");
const PTHREAD_SIGMASK = id("pthread_sigmask");
const SIGPENDING = id("sigpending");
const ERRNO = id("errno");
const SET_ERRNO = id("set_errno");
const GETPID = id("getpid");
const SIGEMPTYSET = id("sigemptyset");
const SIGFILLSET = id("sigfillset");
const SIGADDSET = id("sigaddset");
const SIGDELSET = id("sigdelset");
const SIGISMEMBER = id("sigismember");
const PIPE = id("pipe");
const READ = id("read");
const CLOSE = id("close");
const FCNTL = id("fcntl");
const MKFIFO = id("mkfifo");
const OPEN = id("open");
const UNLINK = id("unlink");
const MQ_OPEN = id("mq_open");
const MQ_SEND = id("mq_send");
const MQ_RECEIVE = id("mq_receive");
const MQ_CLOSE = id("mq_close");
const MQ_UNLINK = id("mq_unlink");
const SOCKET = id("socket");
const SOCKETPAIR = id("socketpair");
const BIND = id("bind");
const LISTEN = id("listen");
const ACCEPT = id("accept");
const CONNECT = id("connect");
const SEND = id("send");
const RECV = id("recv");
const SENDTO = id("sendto");
const RECVFROM = id("recvfrom");
const SETSOCKOPT = id("setsockopt");

/** A receive with SO_RCVTIMEO that may be waiting: a signal interrupts it with EINTR even under SA_RESTART. */
export function timedReceive(m: Machine, p: number, f: number, instr: Instr): boolean {
  return (instr.a === RECV || instr.a === RECVFROM) && sockets.timedReceiveWaiting(m, p, f, instr);
}

/** Executes a visible API call of thread t (enabled: the caller checked). */
export function execSyscall(m: Machine, p: number, t: number, f: number, instr: Instr, choice: number): void {
  checkHandlerCall(m, t, instr);
  switch (instr.a) {
    case FORK: return processes.fork(m, p, t, f, instr);
    case EXIT: case _EXIT: return processes.exit(m, p, t, f, instr);
    case WAIT: return processes.wait(m, p, t, f, instr, false);
    case WAITPID: return processes.wait(m, p, t, f, instr, true);
    case GETPPID: return processes.getppid(m, p, f, instr);
    case WSTATUS: return processes.wstatus(m, t, f, instr);
    case NONDET: return nondet(m, f, instr, choice);
    case ASSERT: return assert(m, f, instr);
    case PRINTF: case CONSOLE_LOG: return print(m, f, instr, instr.args[0]!);
    case WRITE: return pipes.write(m, p, t, f, instr);
    case PIPE: return pipes.pipe(m, p, t, f, instr);
    case READ: return pipes.read(m, p, t, f, instr);
    case CLOSE: return descriptors.close(m, p, t, f, instr);
    case FCNTL: return descriptors.fcntl(m, p, t, f, instr);
    case MKFIFO: return fifos.mkfifo(m, p, t, f, instr);
    case OPEN: return fifos.open(m, p, t, f, instr);
    case UNLINK: return fifos.unlink(m, p, t, f, instr);
    case MQ_OPEN: return mq.mqOpen(m, p, t, f, instr);
    case MQ_SEND: return mq.mqSend(m, p, t, f, instr);
    case MQ_RECEIVE: return mq.mqReceive(m, p, t, f, instr);
    case MQ_CLOSE: return mq.mqClose(m, p, t, f, instr);
    case MQ_UNLINK: return mq.mqUnlink(m, p, t, f, instr);
    case SOCKET: return sockets.socket(m, p, t, f, instr);
    case SOCKETPAIR: return sockets.socketpair(m, p, t, f, instr);
    case BIND: return sockets.bind(m, p, t, f, instr);
    case LISTEN: return sockets.listen(m, p, t, f, instr);
    case ACCEPT: return sockets.accept(m, p, t, f, instr);
    case CONNECT: return sockets.connect(m, p, t, f, instr);
    case SEND: return sockets.send(m, p, t, f, instr);
    case RECV: return sockets.recv(m, p, t, f, instr);
    case SENDTO: return sockets.sendto(m, p, t, f, instr);
    case RECVFROM: return sockets.recvfrom(m, p, t, f, instr);
    case SETSOCKOPT: return sockets.setsockopt(m, p, t, f, instr);
    case SIGNAL: return signals.signal(m, p, t, f, instr);
    case SIGACTION: return signals.sigaction(m, p, t, f, instr);
    case KILL: return signals.kill(m, p, t, f, instr);
    case RAISE: return signals.raise(m, p, t, f, instr);
    case ALARM: return timers.alarm(m, p, f, instr);
    case PAUSE: return signals.pause(m, p, t);
    case SIGSUSPEND: return signals.sigsuspend(m, p, t, f, instr);
    case SLEEP: return timers.sleep(m, t, f, instr);
    case SIGPROCMASK: case PTHREAD_SIGMASK: return signals.sigprocmask(m, p, t, f, instr);
    case SIGPENDING: return signals.sigpending(m, p, t, f, instr);
    case ERRNO: return errno(m, t, f, instr);
    case SET_ERRNO: return setErrno(m, t, f, instr);
    default:
      // the parser stops at calls of later issues with `not-yet-supported`
      throw new Error(`no semantics for ${API_CALLS[instr.a]!.name}()`);
  }
}

/** Pure calls: computations on values, part of the local work of a step. */
export function pureSyscall(m: Machine, p: number, f: number, instr: Instr): number {
  const arg = (i: number): number => m.reg(f, instr.args[i]!);
  switch (instr.a) {
    case GETPID: return m.buf[p + P_PID]!;
    case SIGEMPTYSET: return 0;
    case SIGFILLSET: return ALL_SIGNALS;
    case SIGADDSET: return isValidSignal(arg(1)) ? arg(0) | sigbit(arg(1)) : arg(0);
    case SIGDELSET: return isValidSignal(arg(1)) ? arg(0) & ~sigbit(arg(1)) : arg(0);
    case SIGISMEMBER: return isValidSignal(arg(1)) && (arg(0) & sigbit(arg(1))) !== 0 ? 1 : 0;
    default: throw new Error(`${API_CALLS[instr.a]!.name}() is not pure`);
  }
}

/** How many ways a call can complete now: 0 while it blocks, several for nondet. */
export function syscallEnabled(m: Machine, p: number, _t: number, f: number, instr: Instr): number {
  switch (instr.a) {
    case WAIT: return processes.waitEnabled(m, p, f, instr, false);
    case WAITPID: return processes.waitEnabled(m, p, f, instr, true);
    case NONDET: return nondetChoices(m, f, instr);
    case READ: return pipes.readEnabled(m, p, f, instr);
    case WRITE: return pipes.writeEnabled(m, p, _t, f, instr);
    case OPEN: return fifos.openEnabled(m, _t);
    case MQ_SEND: return mq.mqSendEnabled(m, p, f, instr);
    case MQ_RECEIVE: return mq.mqReceiveEnabled(m, p, f, instr);
    case CONNECT: return sockets.connectEnabled(m, p, f, instr);
    case ACCEPT: return sockets.acceptEnabled(m, p, f, instr);
    case SEND: return sockets.sendEnabled(m, p, _t, f, instr);
    case RECV: case RECVFROM: return sockets.recvEnabled(m, p, f, instr);
    default: return 1;
  }
}

/** Calls that block until they can complete (a signal may interrupt them: EINTR or restart). */
export function blocksUntilComplete(instr: Instr): boolean {
  switch (instr.a) {
    case WAIT: case WAITPID: case READ: case WRITE: case OPEN: case MQ_SEND: case MQ_RECEIVE:
    case CONNECT: case ACCEPT: case SEND: case RECV: case RECVFROM:
      return true;
    default:
      return false;
  }
}
