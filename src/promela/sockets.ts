// Sockets in the Promela translation (LANGUAGE.md §3 "Descriptors"; unix(7), ip(7), socket(2),
// bind(2), listen(2), accept(2), connect(2), send(2), recv(2), socketpair(2), socket(7) SO_RCVTIMEO),
// with the semantics of src/explorer/semantics/sockets.ts and network.ts:
// - a socket is a slot of global arrays (domain, type, state, bound address, backlog, peer, time-out,
//   the descriptors naming it, O_NONBLOCK, the listener holding it before accept). Every socket has
//   one open file description (there is no dup), so a descriptor holds SOCKFD + the slot and the slot
//   counts the descriptors; fork adds to the count, the last close releases the socket.
// - stream sockets are a pipe in each direction: an end's received bytes are a count (and their text,
//   when strings are texts: text.ts), send moves up to PIPE_BUF bytes whole, more in steps, a closed
//   peer gives SIGPIPE then EPIPE, recv gives "" once the peer is gone and the data are read.
// - a listener's queue holds the server ends connect() made (connect(2): data may flow before
//   accept); connect blocks while backlog + 1 wait. A datagram socket's queue holds (data, from).
// - AF_UNIX datagrams are queued at the send; AF_INET ones travel in the network proctype: in order per
//   sender and destination (any order with reordering), dropped if nothing is bound at arrival. A loss
//   is a choice at the sendto; a duplicate is one too where datagrams may be reordered, else a network
//   event that appends the copy (network.ts explains why both are the same runs).
// - SO_RCVTIMEO: a receive never blocks and times out (EAGAIN) when nothing has arrived; a handler
//   may end it with EINTR even under SA_RESTART (signal(7)).
// Bounds (past one, the run stops with an assertion that names it): NSOCK socket slots, SQ queued
// items per socket, NF datagrams in flight, ports and string ids packed into recvfrom's tuple.
import {
  AF_INET, AF_UNIX, EADDRINUSE, EAGAIN, EBADF, ECONNREFUSED, EINTR, EINVAL, EISCONN, ENOENT, ENOTCONN, ENOTSOCK, EOPNOTSUPP, EPIPE,
  SOCK_DGRAM, SOCK_STREAM, SO_RCVTIMEO,
} from "../model/constants.js";
import { SIGPIPE, sigbit } from "../model/signals.js";
import { boundStop, type Emitter } from "./emit.js";
import type { Call, Step } from "./encoding.js";
import { fifoIndex } from "./pipes.js";

/** What the translation of a program's sockets needs: its slots and queues, and whether AF_INET datagrams travel. */
export interface SocketBounds {
  /** socket slots + 1 */
  readonly nsock: number;
  /** items one socket's queue holds */
  readonly sq: number;
  /** datagrams in flight (0: no AF_INET datagrams, no network) */
  readonly nf: number;
  /** the network's faults */
  readonly loss: boolean;
  readonly duplicate: boolean;
  readonly reorder: boolean;
}

export const SOCKFD = 300;
/** recvfrom's [data, from] tuple: this bit, the data's string id << 16, from + 1 (pipe's tuples stay below it) */
export const RECVFROM_TUPLE = 1 << 30;

// the translation's own socket states (sst), as the checker's
const ST_LISTENING = 1;
const ST_CONNECTED = 2;
const ST_CLOSED = 3;

/** Nested if/else: the first condition that holds picks its statements; the last entry is the else. */
function chain(cases: readonly (readonly [string, string])[], otherwise: string): string {
  let out = otherwise;
  for (let k = cases.length - 1; k >= 0; k--) out = `if :: ${cases[k]![0]} -> ${cases[k]![1]} :: else -> ${out} fi`;
  return out;
}

export function socketDeclarations(em: Emitter, b: SocketBounds): string[] {
  const o = [
    `#define NSOCK ${b.nsock}`, `#define SQ ${b.sq}`, `#define SOCKFD ${SOCKFD}`,
    `#define SPIPEBUF ${em.model.options.pipeBuf}`, `#define SCAP ${em.model.options.pipeCapacity}`,
    "byte sdom[NSOCK]; byte styp[NSOCK]; byte sst[NSOCK];   /* per socket slot: AF_UNIX 1 / AF_INET 2 (0: no socket), SOCK_STREAM 1 / SOCK_DGRAM 2, 0 new 1 listening 2 connected 3 closed (its path still taken) */",
    "int saddr[NSOCK]; int sback[NSOCK]; byte speer[NSOCK];   /* the bound path's string id or port (-1 unbound), the backlog, the other end */",
    "bit sto[NSOCK]; bit snb[NSOCK]; byte sref[NSOCK]; byte sqon[NSOCK];   /* SO_RCVTIMEO, O_NONBLOCK, descriptors naming it, the listener it waits on before accept */",
    "byte sqn[NSOCK]; int sqd[NSOCK * SQ]; int sqf[NSOCK * SQ];   /* its queue: a listener's server ends, a datagram socket's (data, from) */",
    "int sbytes[NSOCK];   /* a stream end's received bytes */",
    "byte nextsock = 1;",
    boundStop("SOCKFULL", "socket slots (NSOCK) are full"),
    "#define BOUNDTUPLE atomic { printf(\"a port or string id outside what the translation packs into recvfrom's tuple\\n\"); assert(false); run Halt(); stop = 1 }",
    boundStop("QFULL", "socket queue (SQ) is full"),
    "#define ISSOCK(fd) ((fd) >= 0 && (fd) < NFD && fdt[me * NFD + (fd)] >= SOCKFD)",
    "#define SK(fd) (fdt[me * NFD + (fd)] - SOCKFD)",
    `#define NOTSOCK(fd) (((fd) >= 0 && (fd) < NFD && fdt[me * NFD + (fd)] != 0) -> ${ENOTSOCK} : ${EBADF})`,
    // socket(7): an end's peer is gone once no descriptor names it and no listener holds it for accept
    `#define PEERGONE(k) (speer[k] == 0 || (sref[speer[k]] == 0 && (sqon[speer[k]] == 0 || sst[sqon[speer[k]]] != ${ST_LISTENING})))`,
    "#define SM(k, d, a, t) (sdom[k] == (d) && saddr[k] == (a) && ((t) == 0 || styp[k] == (t)))",
    `#define SOCKAT(d, a, t) ${slotChain((k) => `SM(${k}, d, a, t)`, (k) => String(k), "0", b.nsock)}`,
    // connect(2) waits while the listener at the address has backlog + 1 connections not yet accepted
    `#define CONNFULL(d, a) ${slotChain((k) => `SM(${k}, d, a, ${SOCK_STREAM})`, (k) => `(sst[${k}] == ${ST_LISTENING} && sqn[${k}] > sback[${k}])`, "false", b.nsock)}`,
  ];
  if (em.text === null && em.npipe <= 1) o.push(`#define S ${em.model.strings.length}   /* a string received is S + its length */`);
  if (em.text !== null) {
    if (em.npipe <= 1) o.push(`#define CAPM ${em.text.capm}`);
    o.push("byte sch[NSOCK * CAPM];   /* a stream end's received bytes, as text */");
  }
  if (b.nf > 0) {
    o.push(`#define NF ${b.nf}`);
    o.push("int nff[NF]; int nft[NF]; int nfdat[NF]; bit nfm[NF]; byte nfl;   /* AF_INET datagrams in flight: from, to, data, duplicated */");
    o.push(boundStop("NETFULL", "network (NF datagrams in flight) is full"));
  }
  return o;
}

/** (c(1) -> v(1) : (c(2) -> v(2) : ... none)): the first slot that matches. */
function slotChain(c: (k: number) => string, v: (k: number) => string, none: string, nsock: number): string {
  let e = none;
  for (let k = nsock - 1; k >= 1; k--) e = `(${c(k)} -> ${v(k)} : ${e})`;
  return e;
}

/** The thread's scratch for socket calls. */
export const SOCKET_LOCALS = "byte so; byte so2; byte so3; byte sx; byte sfd;";

export function socketInlines(em: Emitter, b: SocketBounds): string[] {
  const text = em.text !== null;
  const o = [
    "",
    "/* k = the first socket slot bound at address a in domain d, of type t (0: any), or 0 */",
    "inline sockat(k, d, a, t) {",
    "  k = 1; do :: k < NSOCK && !SM(k, d, a, t) -> k++ :: else -> break od;",
    "  if :: k == NSOCK -> k = 0 :: else fi",
    "}",
    "",
    "inline newsock(k, d, t, st) {",
    "  if :: nextsock >= NSOCK -> SOCKFULL; k = 0",
    "  :: else -> k = nextsock; nextsock++; sdom[k] = d; styp[k] = t; sst[k] = st; saddr[k] = -1",
    "  fi",
    "}",
    "",
    "inline sockpush(k, d, f) {",
    "  if :: sqn[k] >= SQ -> QFULL",
    "  :: else -> sqd[(k) * SQ + sqn[k]] = d; sqf[(k) * SQ + sqn[k]] = f; sqn[k]++",
    "  fi",
    "}",
    "",
    "/* the first item leaves the queue of k */",
    "inline sockshift(k) {",
    "  sx = 0; do :: sx + 1 < sqn[k] -> sqd[(k) * SQ + sx] = sqd[(k) * SQ + sx + 1]; sqf[(k) * SQ + sx] = sqf[(k) * SQ + sx + 1]; sx++ :: else -> break od;",
    "  sqd[(k) * SQ + sx] = 0; sqf[(k) * SQ + sx] = 0; sqn[k]--; sx = 0",
    "}",
    "",
    "inline sockclear(k) {",
    "  sx = 0; do :: sx < sqn[k] -> sqd[(k) * SQ + sx] = 0; sqf[(k) * SQ + sx] = 0; sx++ :: else -> break od; sqn[k] = 0;",
    ...(text ? ["  sx = 0; do :: sx < sbytes[k] -> sch[(k) * CAPM + sx] = 0; sx++ :: else -> break od;"] : []),
    "  sbytes[k] = 0; sx = 0",
    "}",
    "",
    "inline freesock(k) {",
    "  sockclear(k); sdom[k] = 0; styp[k] = 0; sst[k] = 0; saddr[k] = 0; sback[k] = 0; speer[k] = 0; sto[k] = 0; snb[k] = 0; sref[k] = 0; sqon[k] = 0",
    "}",
    "",
    "/* close(2) of the last descriptor: a listener's connections not yet accepted go with it (their",
    "   listener no longer listens: one sweep takes them and k); a bound AF_UNIX socket stays as a closed",
    "   one that refuses connections until unlink (unix(7)); any other goes */",
    "inline releasesock(k) {",
    `  so3 = ((sdom[k] == ${AF_UNIX} && saddr[k] != -1) -> 1 : 0); sst[k] = 0;`,
    "  so2 = 1;",
    "  do",
    "  :: so2 < NSOCK ->",
    `     if :: so2 == k || (sdom[so2] != 0 && sref[so2] == 0 && sqon[so2] != 0 && sst[sqon[so2]] != ${ST_LISTENING}) ->`,
    "        sockclear(so2);",
    `        if :: so2 == k && so3 == 1 -> sst[so2] = ${ST_CLOSED}; speer[so2] = 0; snb[so2] = 0`,
    "        :: else -> sdom[so2] = 0; styp[so2] = 0; sst[so2] = 0; saddr[so2] = 0; sback[so2] = 0; speer[so2] = 0; sto[so2] = 0; snb[so2] = 0; sref[so2] = 0; sqon[so2] = 0",
    "        fi",
    "     :: else",
    "     fi; so2++",
    "  :: else -> break",
    "  od; so2 = 0; so3 = 0",
    "}",
  ];
  if (text) {
    o.push(
      "",
      "/* the end k receives n bytes of string id, from byte `from` on */",
      "inline sockin(k, id, from, n) {",
      "  if :: sbytes[k] + n > CAPM || from + n > MAXL -> BOUND",
      "  :: else -> sx = 0; do :: sx < n -> sch[(k) * CAPM + sbytes[k]] = stxt[(id) * MAXL + from + sx]; sbytes[k]++; sx++ :: else -> break od; sx = 0",
      "  fi",
      "}",
      "",
      "/* the first n bytes the end k received leave it, into the scratch text */",
      "inline sockout(k, n) {",
      "  sx = 0; do :: sx < n -> sb[sx] = sch[(k) * CAPM + sx]; sx++ :: else -> break od; sbl = n;",
      "  sx = 0; do :: sx + n < sbytes[k] -> sch[(k) * CAPM + sx] = sch[(k) * CAPM + sx + n]; sx++ :: else -> break od;",
      "  do :: sx < sbytes[k] -> sch[(k) * CAPM + sx] = 0; sx++ :: else -> break od;",
      "  sbytes[k] = sbytes[k] - n; sx = 0",
      "}",
    );
  }
  if (b.nf > 0) {
    // ip(7): a datagram in flight; with reordering the order in flight tells nothing, so it is kept sorted (fewer states)
    const greater = "(nff[sx] > f || nff[sx] == f && (nft[sx] > t || nft[sx] == t && (nfdat[sx] > d || nfdat[sx] == d && nfm[sx] > mk)))";
    o.push(
      "",
      "inline netput(f, t, d, mk) {",
      "  if :: nfl >= NF -> NETFULL",
      "  :: else ->",
      b.reorder ? `    sx = 0; do :: sx < nfl && !${greater} -> sx++ :: else -> break od;` : "    sx = nfl;",
      "    so3 = nfl; do :: so3 > sx -> nff[so3] = nff[so3 - 1]; nft[so3] = nft[so3 - 1]; nfdat[so3] = nfdat[so3 - 1]; nfm[so3] = nfm[so3 - 1]; so3-- :: else -> break od;",
      "    nff[sx] = f; nft[sx] = t; nfdat[sx] = d; nfm[sx] = mk; nfl++; sx = 0; so3 = 0",
      "  fi",
      "}",
      "",
      "inline netremove(i) {",
      "  sx = i; do :: sx + 1 < nfl -> nff[sx] = nff[sx + 1]; nft[sx] = nft[sx + 1]; nfdat[sx] = nfdat[sx + 1]; nfm[sx] = nfm[sx + 1]; sx++ :: else -> break od;",
      "  nff[sx] = 0; nft[sx] = 0; nfdat[sx] = 0; nfm[sx] = 0; nfl--; sx = 0",
      "}",
    );
  }
  return o;
}

/** The network (network.ts): the i-th datagram in flight arrives (first of its sender and destination, or any with reordering), or, where duplication is not decided at the send, is copied once. */
export function networkProctype(b: SocketBounds): string[] {
  if (b.nf === 0) return [];
  const o = ["active proctype net() provided (!stop) {", `  ${SOCKET_LOCALS} int nd; int nfr; int nto;`, "end:", "  do"];
  for (let i = 0; i < b.nf; i++) {
    const first: string[] = [];
    if (!b.reorder) for (let j = 0; j < i; j++) first.push(` && !(nff[${j}] == nff[${i}] && nft[${j}] == nft[${i}])`);
    o.push(`  :: atomic { nfl > ${i}${first.join("")} -> nfr = nff[${i}]; nto = nft[${i}]; nd = nfdat[${i}]; netremove(${i});`);
    o.push(`       sockat(so, ${AF_INET}, nto, ${SOCK_DGRAM}); if :: so != 0 -> sockpush(so, nd, nfr) :: else fi; so = 0; nfr = 0; nto = 0; nd = 0 }`);
    if (b.duplicate && !b.reorder) o.push(`  :: atomic { nfl > ${i} && nfm[${i}] == 0 -> nfm[${i}] = 1; nfr = nff[${i}]; nto = nft[${i}]; nd = nfdat[${i}]; netput(nfr, nto, nd, 1); nfr = 0; nto = 0; nd = 0 }`);
  }
  o.push("  od", "}", "");
  return o;
}

/** close(2) of a socket descriptor x (closefd): the last one releases the socket. */
export function closeSocket(): string[] {
  return ["  :: fdt[x] >= SOCKFD ->", "    q2 = fdt[x] - SOCKFD; sref[q2]--; if :: sref[q2] == 0 -> releasesock(q2) :: else fi; q2 = 0"];
}

/** unlink(2) of a path that is not a FIFO: a socket bound there loses it; a closed one goes with it (unix(7)). */
export function unlinkSocket(path: string, ok: string, enoent: string): string {
  return `sockat(so, ${AF_UNIX}, ${path}, 0); if :: so == 0 -> ${enoent} :: sst[so] == ${ST_CLOSED} -> freesock(so); ${ok} :: else -> saddr[so] = -1; ${ok} fi; so = 0`;
}

export function socketCall(em: Emitter, c: Call): Step | null {
  const b = em.sockets;
  if (b === null) return null;
  const { A, dst, res, i, name } = c;
  const ok = (v: string) => dst(v).join("; ") || "skip";
  const err = (e: number | string) => [...dst("-1"), `err = ${e}`].join("; ");
  /** the call on a socket descriptor (so = its slot), else EBADF or ENOTSOCK */
  const onSocket = (body: string) => `if :: !ISSOCK(${A(0)}) -> ${err(`NOTSOCK(${A(0)})`)} :: else -> so = SK(${A(0)}); ${body}; so = 0 fi`;
  switch (name) {
    case "socket": {
      const valid = `(${A(0)} == ${AF_UNIX} || ${A(0)} == ${AF_INET}) && (${A(1)} == ${SOCK_STREAM} || ${A(1)} == ${SOCK_DGRAM})`;
      return res([`if :: !(${valid}) -> ${err(EINVAL)}
    :: else -> newsock(so, ${A(0)}, ${A(1)}, 0); ${em.lowestFd()}; fdt[me * NFD + q] = SOCKFD + so; sref[so] = 1; so = 0; ${[...dst("q"), "q = 0"].join("; ")} fi`]);
    }
    case "socketpair":
      // the pair's descriptors packed as pipe()'s are: read back by the tuple's index
      return res([
        `newsock(so, ${AF_UNIX}, ${SOCK_STREAM}, ${ST_CONNECTED})`, `newsock(so2, ${AF_UNIX}, ${SOCK_STREAM}, ${ST_CONNECTED})`, "speer[so] = so2", "speer[so2] = so",
        em.lowestFd(), "fdt[me * NFD + q] = SOCKFD + so", "sref[so] = 1", "rv = q << 8",
        em.lowestFd(), "fdt[me * NFD + q] = SOCKFD + so2", "sref[so2] = 1", "rv = rv | q",
        ...dst("rv"), "rv = 0", "q = 0", "so = 0", "so2 = 0",
      ]);
    case "bind": {
      const addr = A(1);
      // unix(7): a bound path stays taken (also by a FIFO) until unlink; ip(7): one socket per port and type
      const fifo = em.fifos.length > 0 ? `${fifoIndex(em, addr)}; if :: q != 0 && fex[q] -> so2 = 255 :: else fi; q = 0; ` : "";
      return res([onSocket(chain([[`saddr[so] != -1`, err(EINVAL)]],
        `if :: sdom[so] == ${AF_UNIX} -> sockat(so2, ${AF_UNIX}, ${addr}, 0); ${fifo}skip :: else -> sockat(so2, ${AF_INET}, ${addr}, styp[so]) fi;
      if :: so2 != 0 -> ${err(EADDRINUSE)} :: else -> saddr[so] = ${addr}; ${ok("0")} fi; so2 = 0`))]);
    }
    case "listen":
      return res([onSocket(chain([
        [`styp[so] != ${SOCK_STREAM}`, err(EOPNOTSUPP)],
        [`saddr[so] == -1 && sdom[so] == ${AF_UNIX}`, err(EINVAL)],
      ], `sst[so] = ${ST_LISTENING}; sback[so] = (${A(1)} > 0 -> ${A(1)} : 0); ${ok("0")}`))]);
    case "connect": {
      const addr = A(1);
      const guard = `!(ISSOCK(${A(0)}) && styp[SK(${A(0)})] == ${SOCK_STREAM} && CONNFULL(sdom[SK(${A(0)})], ${addr}))`;
      // connect(2): no socket at the path ENOENT; one that does not listen (or no listener on the port) ECONNREFUSED
      const refused = `sockat(so2, sdom[so], ${addr}, 0); rv = ((sdom[so] == ${AF_UNIX} && so2 == 0) -> ${ENOENT} : ${ECONNREFUSED}); so2 = 0; ${err("rv")}; rv = 0`;
      const connect = `newsock(so3, sdom[so], ${SOCK_STREAM}, ${ST_CONNECTED}); speer[so3] = so; sst[so] = ${ST_CONNECTED}; speer[so] = so3; sockpush(so2, so3, 0); sqon[so3] = so2; so2 = 0; so3 = 0; ${ok("0")}`;
      const stmt = onSocket(chain([
        // a datagram socket's connect only sets a default destination: not modelled beyond success
        [`styp[so] == ${SOCK_DGRAM}`, ok("0")],
        [`sst[so] == ${ST_CONNECTED}`, err(EISCONN)],
      ], `sockat(so2, sdom[so], ${addr}, ${SOCK_STREAM});
      if :: so2 == 0 || sst[so2] != ${ST_LISTENING} -> ${refused}
      :: else -> ${connect} fi`));
      return { ...res([stmt], guard), intrCond: `!(${guard})`, userIdle: true };
    }
    case "accept": {
      const guard = `!(ISSOCK(${A(0)}) && sst[SK(${A(0)})] == ${ST_LISTENING} && !snb[SK(${A(0)})] && sqn[SK(${A(0)})] == 0)`;
      const stmt = onSocket(chain([
        [`sst[so] != ${ST_LISTENING}`, err(EINVAL)],
        [`sqn[so] == 0`, err(EAGAIN)],
      ], `so2 = sqd[so * SQ]; sockshift(so); sqon[so2] = 0; ${em.lowestFd()}; fdt[me * NFD + q] = SOCKFD + so2; sref[so2] = 1; so2 = 0; ${[...dst("q"), "q = 0"].join("; ")}`));
      return { ...res([stmt], guard), intrCond: `!(${guard})`, userIdle: true };
    }
    case "setsockopt": {
      // setsockopt(fd, SO_RCVTIMEO, t) or the C shape setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, t)
      const four = i.args.length === 4;
      const option = A(four ? 2 : 1);
      const value = A(four ? 3 : 2);
      return res([onSocket(chain([[`${option} != ${SO_RCVTIMEO}`, err(EINVAL)]], `sto[so] = (${value} > 0 -> 1 : 0); ${ok("0")}`))]);
    }
    case "send":
      return send(em, c);
    case "recv":
    case "recvfrom":
      return receive(em, c, name === "recvfrom");
    case "sendto":
      return sendto(em, c, b);
    default:
      return null;
  }
}

/**
 * send(fd, data) on a stream socket (send(2), unix(7)): into the peer's received bytes as write(2) puts
 * bytes in a pipe: up to PIPE_BUF whole once they fit, more in steps; a peer gone gives the thread
 * SIGPIPE, then EPIPE.
 */
function send(em: Emitter, c: Call): Step {
  const { A, dst, fid, pc } = c;
  const ok = (v: string) => dst(v).join("; ") || "skip";
  const err = (e: number | string) => [...dst("-1"), `err = ${e}`].join("; ");
  const fd = A(0);
  const data = A(1);
  const len = em.strlen(data);
  const k = `SK(${fd})`;
  const free = `(SCAP - sbytes[speer[${k}]])`;
  const guard = `!ISSOCK(${fd}) || styp[${k}] != ${SOCK_STREAM} || sst[${k}] != ${ST_CONNECTED} || snb[${k}] || PEERGONE(${k}) || (${len} - tprog <= SPIPEBUF -> ${free} >= ${len} - tprog : ${free} > 0)`;
  const b = sigbit(SIGPIPE);
  const sigpipe = `if :: ${em.ignoredIn("me", SIGPIPE)} && (tmask[ts] & ${b}) == 0 -> skip :: else -> tpend = tpend | ${b} fi`;
  const now = em.deliverNow(em.afterLabel(fid, pc));
  const append = (n: string) => (em.text === null ? `sbytes[so2] = sbytes[so2] + ${n}` : `sockin(so2, ${data}, tprog, ${n})`);
  const room = "(SCAP - sbytes[so2])";
  const left = "(rv - tprog)";
  const stmt = `if :: !ISSOCK(${fd}) -> ${err(`NOTSOCK(${fd})`)}
  :: else -> so = ${k}; rv = ${len};
    if :: sst[so] != ${ST_CONNECTED} -> ${err(ENOTCONN)}; rv = 0
    :: else -> if :: PEERGONE(so) -> tprog = 0; ${err(EPIPE)}; rv = 0; so = 0; ${sigpipe}; ${now}
      :: else -> so2 = speer[so];
        if :: ${room} <= 0 || (${left} <= SPIPEBUF && ${room} < ${left}) -> if :: tprog > 0 -> ${ok("tprog")}; tprog = 0 :: else -> ${err(EAGAIN)} fi
        :: else -> tk = (${room} < ${left} -> ${room} : ${left}); ${append("tk")};
          if :: tprog + tk == rv || snb[so] -> ${ok("tprog + tk")}; tprog = 0; tk = 0
          :: else -> tprog = tprog + tk; tk = 0; rv = 0; so = 0; so2 = 0; goto ${em.point(fid, pc)}
          fi
        fi; so2 = 0
      fi; rv = 0
    fi; so = 0
  fi`;
  // signal(7): a handler that interrupts a send that moved data makes it return the count
  const intrStmts = [`if :: tprog > 0 -> ${ok("tprog")}; tprog = 0 :: else -> ${err(EINTR)} fi`];
  return { guard, stmts: [stmt], cont: true, extra: [], intrCond: `!(${guard})`, intrForce: "tprog > 0", intrStmts, userIdle: true };
}

/**
 * recv(fd, n) and recvfrom(fd, n) (recv(2)): a stream end gives up to n of its bytes, "" once its peer is
 * gone and the data are read; a datagram socket its first datagram cut to n bytes (unix(7), udp(7)),
 * recvfrom with the sender's address. They block while nothing has arrived, unless O_NONBLOCK or
 * SO_RCVTIMEO: then EAGAIN.
 */
function receive(em: Emitter, c: Call, from: boolean): Step {
  const { A, dst } = c;
  const ok = (v: string) => dst(v).join("; ") || "skip";
  const err = (e: number | string) => [...dst("-1"), `err = ${e}`].join("; ");
  const fd = A(0);
  const n = A(1);
  const k = `SK(${fd})`;
  const arrived = (s: string) => `(styp[${s}] == ${SOCK_DGRAM} -> sqn[${s}] > 0 : (sst[${s}] != ${ST_CONNECTED} || sbytes[${s}] > 0 || PEERGONE(${s})))`;
  const guard = `!ISSOCK(${fd}) || sto[${k}] || snb[${k}] || ${arrived(k)}`;
  // the bytes taken: a string known by its length (S + length), or their text, interned
  const take = em.text === null ? `sbytes[so] = sbytes[so] - rv; ${ok("S + rv")}` : `sockout(so, rv); intern(rv); ${ok("rv")}`;
  const stream = chain([
    [`sst[so] != ${ST_CONNECTED}`, err(ENOTCONN)],
    [`sbytes[so] > 0`, `rv = (${n} < sbytes[so] -> ${n} : sbytes[so]); if :: rv <= 0 -> ${ok("0")} :: else -> ${take} fi; rv = 0`],
    [`PEERGONE(so)`, ok("0")],
  ], err(EAGAIN));
  // a datagram longer than n is cut to n bytes, the rest discarded
  const cut = em.text === null
    ? `rv = ${em.strlen("tk")}; rv = (${n} < rv -> ${n} : rv); tk = (rv <= 0 -> 0 : S + rv); rv = 0`
    : `if :: ${n} <= 0 -> tk = 0
      :: ${n} > 0 && slen[tk] > ${n} -> if :: ${n} > MAXL -> BOUND :: else -> sx = 0; do :: sx < ${n} -> sb[sx] = stxt[tk * MAXL + sx]; sx++ :: else -> break od; sx = 0; sbl = ${n}; intern(tk) fi
      :: else fi`;
  const tuple = `if :: rv < -1 || rv > 65534 || tk > 16383 -> BOUNDTUPLE :: else fi; ${ok(`${RECVFROM_TUPLE} | (tk << 16) | (rv + 1)`)}`;
  const dgram = chain([[`sqn[so] == 0`, err(EAGAIN)]],
    `tk = sqd[so * SQ]; rv = sqf[so * SQ]; sockshift(so); ${cut}; ${from ? tuple : ok("tk")}; tk = 0; rv = 0`);
  const body = from
    ? chain([[`styp[so] != ${SOCK_DGRAM}`, err(EOPNOTSUPP)]], dgram)
    : chain([[`styp[so] == ${SOCK_DGRAM}`, dgram]], stream);
  const stmt = `if :: !ISSOCK(${fd}) -> ${err(`NOTSOCK(${fd})`)}
  :: else -> so = ${k}; ${body}; so = 0
  fi`;
  // signal(7): a timed receive with nothing arrived may be ended by a handler, SA_RESTART or not
  const timed = `(ISSOCK(${fd}) && sto[${k}] && (styp[${k}] == ${SOCK_DGRAM} -> sqn[${k}] == 0 : (sbytes[${k}] == 0 && !PEERGONE(${k}))))`;
  return { guard, stmts: [stmt], cont: true, extra: [], intrCond: `!(${guard})`, intrAlways: timed, userIdle: true };
}

/**
 * sendto(fd, data, addr) on a datagram socket: AF_UNIX ones go at once to the socket bound at the path
 * (ENOENT when none is, ECONNREFUSED when it is not a datagram socket); AF_INET ones go into flight from
 * the sender's port (an unbound sender gets the first free one from 32768, ip(7)), maybe lost or sent
 * twice.
 */
function sendto(em: Emitter, c: Call, b: SocketBounds): Step {
  const { A, dst, res } = c;
  const ok = (v: string) => dst(v).join("; ") || "skip";
  const err = (e: number | string) => [...dst("-1"), `err = ${e}`].join("; ");
  const data = A(1);
  const to = A(2);
  const unix = `sockat(so2, ${AF_UNIX}, ${to}, ${SOCK_DGRAM});
      if :: so2 == 0 -> sockat(so2, ${AF_UNIX}, ${to}, 0); rv = (so2 != 0 -> ${ECONNREFUSED} : ${ENOENT}); so2 = 0; ${err("rv")}; rv = 0
      :: else -> sockpush(so2, ${data}, saddr[so]); so2 = 0; ${ok(em.strlen(data))} fi`;
  let inet = "skip";
  if (b.nf > 0) {
    const ways = [`netput(saddr[so], ${to}, ${data}, 0)`];
    if (b.loss) ways.push("true /* lost */");
    if (b.duplicate && b.reorder) ways.push(`netput(saddr[so], ${to}, ${data}, 1); netput(saddr[so], ${to}, ${data}, 1)`);
    const ephemeral = "if :: saddr[so] == -1 -> tk = 32768; do :: sockat(so2, 2, tk, 0); if :: so2 != 0 -> tk++ :: else -> break fi od; saddr[so] = tk; tk = 0; so2 = 0 :: else fi";
    inet = `${ephemeral}; ${ways.length > 1 ? `if ${ways.map((w) => `:: true -> ${w}`).join(" ")} fi` : ways[0]}; ${ok(em.strlen(data))}`;
  }
  return res([`if :: !ISSOCK(${A(0)}) -> ${err(`NOTSOCK(${A(0)})`)}
  :: else -> so = SK(${A(0)}); ${chain([[`styp[so] != ${SOCK_DGRAM}`, err(EISCONN)], [`sdom[so] == ${AF_UNIX}`, unix]], inet)}; so = 0
  fi`]);
}
