// expect: clean
// why: the dispatcher queues four jobs, two urgent (priority 5) and two routine (priority 1), before the worker starts taking them; a POSIX message queue hands out the highest priority first and, within one priority, the oldest first, so the worker sees urgent-a, urgent-b, routine-a, routine-b whatever the interleaving; the queue holds all five (maxmsg 5), so no send blocks, and the final "stop" (priority 0) comes last.
import { mq_open, mq_send, mq_receive, mq_close, mq_unlink, read, write, close, pipe, fork, waitpid, _exit, assert, O_CREAT, O_RDWR } from "ipcheck";

const JOBS = "/jobs";

export function main(): void {
  const q = mq_open(JOBS, O_CREAT | O_RDWR, 5);
  const [go, start] = pipe(); // the worker starts once all jobs are queued
  const worker = fork();
  if (worker === 0) {
    close(start);
    read(go, 1);
    const order = ["urgent-a", "urgent-b", "routine-a", "routine-b", "stop"];
    for (let i = 0; i < 5; i++) {
      const job = mq_receive(q);
      assert(job === order[i], "job " + String(i) + " was " + job + ", expected " + order[i]);
    }
    mq_close(q);
    _exit(0);
  }
  close(go);
  mq_send(q, "routine-a", 1);
  mq_send(q, "urgent-a", 5);
  mq_send(q, "routine-b", 1);
  mq_send(q, "urgent-b", 5);
  write(start, "!");
  close(start);
  mq_send(q, "stop", 0);
  mq_close(q);
  waitpid(worker);
  mq_unlink(JOBS);
}
