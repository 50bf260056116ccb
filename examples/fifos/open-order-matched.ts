// expect: clean
// why: both processes open the request FIFO first and the reply FIFO second, so each open finds (or waits for) its partner at the same FIFO; the answer comes back and every run ends.
import { mkfifo, open, read, write, close, unlink, fork, waitpid, _exit, assert, O_RDONLY, O_WRONLY } from "ipcheck";

const REQUESTS = "/tmp/calc_requests"; // client -> worker
const REPLIES = "/tmp/calc_replies"; // worker -> client

export function main(): void {
  mkfifo(REQUESTS);
  mkfifo(REPLIES);
  const worker = fork();
  if (worker === 0) {
    const rq = open(REQUESTS, O_RDONLY);
    const rp = open(REPLIES, O_WRONLY);
    const question = read(rq, 8);
    write(rp, question === "2+2" ? "4" : "?");
    close(rq);
    close(rp);
    _exit(0);
  }
  const rq = open(REQUESTS, O_WRONLY); // the same order as the worker: requests, then replies
  const rp = open(REPLIES, O_RDONLY);
  write(rq, "2+2");
  const answer = read(rp, 8);
  assert(answer === "4", "the worker answered " + answer);
  close(rq);
  close(rp);
  waitpid(worker);
  unlink(REQUESTS);
  unlink(REPLIES);
}
