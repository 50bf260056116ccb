// expect: clean
// why: the same ticket server and retrying client over a faulty network, but the server remembers the request id it has answered and the ticket it gave: a repeated "r1" (a retry or a duplicate) gets the recorded ticket again without running takeTicket, so the procedure runs at most once.
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
let answered = ""; // the last request id answered
let answer = 0; // and the ticket it got

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
    if (call[0] !== answered) {
      answer = takeTicket();
      answered = call[0];
    }
    sendto(fd, String(answer), call[1]); // a repeat gets the recorded reply
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
