// expect: clean
// why: the producer sends four fixed-width records and closes the only write end it has; the consumer, which closed its own copy first, takes them one read at a time. A record of 3 bytes is written in one step (at most PIPE_BUF), so each read of 3 bytes gets one whole record, in the order sent, and the fifth read sees end of file.
import { pipe, fork, read, write, close, waitpid, exit, assert } from "ipcheck";

const RECORDS = 4;

function record(i: number): string {
  return "r" + String(i) + ";";
}

export function main(): void {
  const [rx, tx] = pipe();
  const consumer = fork();
  if (consumer === 0) {
    close(tx);
    for (let i = 0; i < RECORDS; i++) {
      const got = read(rx, 3);
      assert(got === record(i), "record " + String(i) + " arrived as " + got);
    }
    assert(read(rx, 3) === "", "end of file after the last record");
    close(rx);
    exit(0);
  }
  close(rx);
  for (let i = 0; i < RECORDS; i++) {
    write(tx, record(i));
  }
  close(tx);
  waitpid(consumer);
}
