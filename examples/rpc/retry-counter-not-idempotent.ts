// expect: assertion
// expect-not: data-race, signal-race, deadlock, signal-lost, killed-by-signal, unsafe-handler-call, mutex-misuse, livelock
// why: the ticket server hands out the next ticket number for every request it receives; the client resends its request when no reply comes before its SO_RCVTIMEO time-out (the request or the reply lost, or only late), or when the network duplicates the request, and the server then runs the call a second time for the same request: "at most once" is violated. The client tries at most twice; the server stops on a time-out.
import {
  socket, bind, sendto, recvfrom, setsockopt, close, fork, waitpid, _exit, write, assert,
  AF_INET, SOCK_DGRAM, SO_RCVTIMEO, type CheckOptions,
} from "ipcheck";

export const options: CheckOptions = { netFaults: ["loss", "duplicate", "reorder"] };

const TICKETS_PORT = 5300;
const CLIENT_PORT = 5301;
const TRIES = 2;

let nextTicket = 1;
let served = 0; // how many times the procedure ran for request "r1"

// the remote procedure: each call takes a new ticket
function takeTicket(): number {
  served++;
  assert(served <= 1, "takeTicket ran " + String(served) + " times for request r1");
  const t = nextTicket;
  nextTicket++;
  return t;
}

function ticketServer(): void {
  const fd = socket(AF_INET, SOCK_DGRAM);
  bind(fd, TICKETS_PORT);
  setsockopt(fd, SO_RCVTIMEO, 1);
  let call = recvfrom(fd, 8);
  while (call !== null) {
    sendto(fd, String(takeTicket()), call[1]);
    call = recvfrom(fd, 8);
  }
  close(fd);
}

function client(): void {
  const fd = socket(AF_INET, SOCK_DGRAM);
  bind(fd, CLIENT_PORT);
  setsockopt(fd, SO_RCVTIMEO, 1);
  for (let i = 0; i < TRIES; i++) {
    sendto(fd, "r1", TICKETS_PORT);
    const reply = recvfrom(fd, 8);
    if (reply !== null) {
      write(1, "ticket " + reply[0] + "\n");
      break;
    }
  }
  close(fd);
}

export function main(): void {
  const server = fork();
  if (server === 0) {
    ticketServer();
    _exit(0);
  }
  client();
  waitpid(server);
}
