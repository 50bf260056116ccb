// Which semantics file models each API call: the one switch from a call to its step function.
import { Op, type Instr } from "../../model/model.js";
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
import * as shm from "./shared-memory.js";
import * as threads from "./threads.js";
import * as mutexes from "./mutexes.js";
import * as condvars from "./condvars.js";
import * as semaphores from "./semaphores.js";
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

const SHMGET = id("shmget");
const SHMAT = id("shmat");
const SHMDT = id("shmdt");
const SHMCTL = id("shmctl");
const SHM_OPEN = id("shm_open");
const FTRUNCATE = id("ftruncate");
const MMAP = id("mmap");
const SHM_UNLINK = id("shm_unlink");
const PTHREAD_CREATE = id("pthread_create");
const PTHREAD_JOIN = id("pthread_join");
const PTHREAD_EXIT = id("pthread_exit");
const PTHREAD_SELF = id("pthread_self");
const MUTEX_INIT = id("pthread_mutex_init");
const MUTEX_LOCK = id("pthread_mutex_lock");
const MUTEX_UNLOCK = id("pthread_mutex_unlock");
const MUTEX_TRYLOCK = id("pthread_mutex_trylock");
const MUTEX_DESTROY = id("pthread_mutex_destroy");
const COND_INIT = id("pthread_cond_init");
const COND_WAIT = id("pthread_cond_wait");
const COND_SIGNAL = id("pthread_cond_signal");
const COND_BROADCAST = id("pthread_cond_broadcast");
const SEM_INIT = id("sem_init");
const SEM_OPEN = id("sem_open");
const SEM_WAIT = id("sem_wait");
const SEM_TRYWAIT = id("sem_trywait");
const SEM_POST = id("sem_post");
const SEM_CLOSE = id("sem_close");
const SEM_UNLINK = id("sem_unlink");
const A_LOAD = id("Atomics.load");
const A_STORE = id("Atomics.store");
const A_ADD = id("Atomics.add");
const A_SUB = id("Atomics.sub");
const A_EXCHANGE = id("Atomics.exchange");
const A_CMPXCHG = id("Atomics.compareExchange");

/** Calls a signal never interrupts (signal(7)): after a handler they go on waiting. */
export function neverInterrupted(instr: Instr): boolean {
  return instr.a === MUTEX_LOCK || instr.a === PTHREAD_JOIN;
}

/** Atomics operations: indivisible, synchronizing (they never race with each other). */
export function isAtomic(instr: Instr): boolean {
  return instr.op === Op.Syscall && instr.a >= A_LOAD && instr.a <= A_CMPXCHG;
}

/** A receive with SO_RCVTIMEO that may be waiting: a signal interrupts it with EINTR even under SA_RESTART. */
export function timedReceive(m: Machine, p: number, f: number, instr: Instr): boolean {
  return (instr.a === RECV || instr.a === RECVFROM) && sockets.timedReceiveWaiting(m, p, f, instr);
}

/**
 * Whether a call may write another process's block (Machine.writer): it creates, reaps or ends
 * processes. Every other call writes only its own process and the kernel's objects (a signal sent,
 * a process's end and renumbered object ids widen the step themselves).
 */
export function writesOtherProcesses(call: number): boolean {
  return call === FORK || call === EXIT || call === _EXIT || call === WAIT || call === WAITPID;
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
    case SENDTO: return sockets.sendto(m, p, t, f, instr, choice);
    case RECVFROM: return sockets.recvfrom(m, p, t, f, instr);
    case SETSOCKOPT: return sockets.setsockopt(m, p, t, f, instr);
    case SHMGET: return shm.shmget(m, p, t, f, instr);
    case SHMAT: return shm.shmat(m, p, t, f, instr);
    case SHMDT: return m.complete(f, instr, 0);
    case SHMCTL: return shm.shmctl(m, p, t, f, instr);
    case SHM_OPEN: return shm.shmOpen(m, p, t, f, instr);
    case FTRUNCATE: return shm.ftruncate(m, p, t, f, instr);
    case MMAP: return shm.mmap(m, p, t, f, instr);
    case SHM_UNLINK: return shm.shmUnlink(m, p, t, f, instr);
    case PTHREAD_CREATE: return threads.pthreadCreate(m, p, t, f, instr);
    case PTHREAD_JOIN: return threads.pthreadJoin(m, p, t, f, instr);
    case PTHREAD_EXIT: return threads.pthreadExit(m, p, t);
    case PTHREAD_SELF: return threads.pthreadSelf(m, t, f, instr);
    case MUTEX_INIT: return mutexes.mutexInit(m, p, f, instr);
    case MUTEX_LOCK: return mutexes.mutexLock(m, p, t, f, instr);
    case MUTEX_UNLOCK: return mutexes.mutexUnlock(m, p, t, f, instr);
    case MUTEX_TRYLOCK: return mutexes.mutexTrylock(m, p, t, f, instr);
    case MUTEX_DESTROY: return mutexes.mutexDestroy(m, p, t, f, instr);
    case COND_INIT: return condvars.condInit(m, p, f, instr);
    case COND_WAIT: return condvars.condWait(m, p, t, f, instr);
    case COND_SIGNAL: return condvars.condSignal(m, p, f, instr, choice, false);
    case COND_BROADCAST: return condvars.condSignal(m, p, f, instr, 0, true);
    case SEM_INIT: return semaphores.semInit(m, p, f, instr);
    case SEM_OPEN: return semaphores.semOpen(m, p, t, f, instr);
    case SEM_WAIT: case SEM_TRYWAIT: return semaphores.semWait(m, p, t, f, instr);
    case SEM_POST: return semaphores.semPost(m, p, t, f, instr);
    case SEM_CLOSE: return semaphores.semClose(m, p, f, instr);
    case SEM_UNLINK: return semaphores.semUnlink(m, p, t, f, instr);
    case A_LOAD: case A_STORE: case A_ADD: case A_SUB: case A_EXCHANGE: case A_CMPXCHG:
      return shm.atomic(m, API_CALLS[instr.a]!.name, t, f, instr);
    case SIGNAL: return signals.signal(m, p, t, f, instr);
    case SIGACTION: return signals.sigaction(m, p, t, f, instr);
    case KILL: return signals.kill(m, p, t, f, instr);
    case RAISE: return signals.raise(m, p, t, f, instr);
    case ALARM: return timers.alarm(m, p, f, instr);
    case PAUSE: return signals.pause(m, p, t, f, instr, choice);
    case SIGSUSPEND: return signals.sigsuspend(m, p, t, f, instr, choice);
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
    case SENDTO: return sockets.sendtoChoices(m, p, f, instr);
    case PTHREAD_JOIN: return threads.joinEnabled(m, p, f, instr);
    case MUTEX_LOCK: return mutexes.lockEnabled(m, p, _t, f, instr);
    case SEM_WAIT: return semaphores.semWaitEnabled(m, p, f, instr);
    case COND_SIGNAL: return condvars.signalChoices(m, p, f, instr);
    case PAUSE: return signals.signalWaitChoices(m, p, _t, f, instr, false);
    case SIGSUSPEND: return signals.signalWaitChoices(m, p, _t, f, instr, true);
    default: return 1;
  }
}

/** Calls that block until they can complete (a signal may interrupt them: EINTR or restart). */
export function blocksUntilComplete(instr: Instr): boolean {
  switch (instr.a) {
    case WAIT: case WAITPID: case READ: case WRITE: case OPEN: case MQ_SEND: case MQ_RECEIVE:
    case CONNECT: case ACCEPT: case SEND: case RECV: case RECVFROM: case PTHREAD_JOIN: case MUTEX_LOCK: case SEM_WAIT:
      return true;
    default:
      return false;
  }
}
