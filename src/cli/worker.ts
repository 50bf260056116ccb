// A worker thread that checks files one by one for the batch pool (pool.ts). It loads the
// TypeScript compiler once and keeps it for every file it is given.
import { parentPort } from "node:worker_threads";
import { checkFile } from "./check-file.js";
import type { CheckOptionsInput } from "../parser/options.js";
import type { SwarmMember } from "../explorer/swarm.js";

export interface Job {
  readonly id: number;
  readonly file: string;
  readonly maxStates: number;
  readonly maxDepth: number;
  readonly timeoutMs: number;
  readonly maxMemoryMb?: number;
  readonly por?: boolean;
  readonly compiled?: boolean;
  readonly symmetry?: boolean;
  readonly faultReduction?: boolean;
  readonly localMerge?: boolean;
  readonly signalWaitMerge?: boolean;
  readonly zombieCompaction?: boolean;
  readonly hashCompact?: boolean;
  readonly swarm?: SwarmMember;
  readonly options: CheckOptionsInput;
}

parentPort?.on("message", (job: Job) => {
  try {
    const result = checkFile(job.file, { ...job, now: () => Date.now() });
    parentPort!.postMessage({ id: job.id, result });
  } catch (e) {
    parentPort!.postMessage({ id: job.id, internal: e instanceof Error ? (e.stack ?? e.message) : String(e) });
  }
});
