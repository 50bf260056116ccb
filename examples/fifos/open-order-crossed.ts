// expect: deadlock
// expect-not: data-race, signal-race, assertion, signal-lost, killed-by-signal, unsafe-handler-call, mutex-misuse, livelock
// why: an open of a FIFO for reading blocks until someone opens it for writing, and the reverse; the worker opens the request FIFO first and the client the reply FIFO first, each for reading, so each waits in open() for the other, which never gets to its second open.
import { mkfifo, open, read, write, close, unlink, fork, waitpid, _exit, O_RDONLY, O_WRONLY } from "ipcheck";

const REQUESTS = "/tmp/calc_requests"; // client -> worker
const REPLIES = "/tmp/calc_replies"; // worker -> client

export function main(): void {
  mkfifo(REQUESTS);
  mkfifo(REPLIES);
  const worker = fork();
  if (worker === 0) {
    const rq = open(REQUESTS, O_RDONLY); // waits for the client's write-open of REQUESTS
    const rp = open(REPLIES, O_WRONLY);
    const question = read(rq, 8);
    write(rp, question === "2+2" ? "4" : "?");
    close(rq);
    close(rp);
    _exit(0);
  }
  const rp = open(REPLIES, O_RDONLY); // waits for the worker's write-open of REPLIES: crossed
  const rq = open(REQUESTS, O_WRONLY);
  write(rq, "2+2");
  read(rp, 8);
  close(rq);
  close(rp);
  waitpid(worker);
  unlink(REQUESTS);
  unlink(REPLIES);
}
