// expect: clean
// why: AF_UNIX datagrams arrive at once and in order, with their boundaries: the sensor child sends three readings to the collector's bound path and the collector receives them one datagram per recvfrom, in the order sent, then answers the sensor's own bound path with the total.
import {
  socket, bind, sendto, recvfrom, close, unlink, sleep, fork, waitpid, _exit, assert, AF_UNIX, SOCK_DGRAM,
} from "ipcheck";

const COLLECTOR = "/tmp/collector.sock";
const SENSOR = "/tmp/sensor.sock";
const READINGS = 3;

function sensor(): void {
  const fd = socket(AF_UNIX, SOCK_DGRAM);
  bind(fd, SENSOR);
  for (let i = 1; i <= READINGS; i++) {
    while (sendto(fd, "t" + String(i * 10), COLLECTOR) === -1) sleep(1); // ENOENT until the collector has bound
  }
  const total = recvfrom(fd, 16);
  assert(total !== null && total[0] === "sum 60" && total[1] === COLLECTOR, "the collector answered " + (total === null ? "nothing" : total[0]));
  close(fd);
  unlink(SENSOR);
}

export function main(): void {
  const child = fork();
  if (child === 0) {
    sensor();
    _exit(0);
  }
  const fd = socket(AF_UNIX, SOCK_DGRAM);
  bind(fd, COLLECTOR);
  let sum = 0;
  let from: string | number = SENSOR;
  for (let i = 1; i <= READINGS; i++) {
    const d = recvfrom(fd, 16);
    assert(d !== null && d[0] === "t" + String(i * 10), "reading " + String(i) + " arrived as " + (d === null ? "nothing" : d[0]));
    if (d !== null) {
      sum = sum + i * 10;
      from = d[1];
    }
  }
  sendto(fd, "sum " + String(sum), from);
  close(fd);
  unlink(COLLECTOR);
  waitpid(child);
}
