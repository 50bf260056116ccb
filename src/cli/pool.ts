// Checking many files on worker threads (issue #7): each file gets its own time bound (the search's
// own, then a watchdog) and memory bound (the worker's heap limit); a worker that dies or hangs is
// replaced, and its file reported, without stopping or changing the others. Results come back in the
// files' order whatever the parallelism.
import { Worker } from "node:worker_threads";
import type { FileResult } from "../report/result.js";
import type { Job } from "./worker.js";

export interface PoolSettings {
  readonly jobs: number;
  readonly maxMemoryMb: number;
  /** extra time after a file's own time-out before its worker is stopped */
  readonly graceMs: number;
  readonly onDone?: (done: number, total: number) => void;
}

const WORKER = new URL("./worker.js", import.meta.url);

export function emptyResult(file: string, verdict: FileResult["verdict"], bound: string | null, internal?: string): FileResult {
  return {
    file,
    source: null,
    verdict,
    stats: { states: 0, transitions: 0, ms: 0, depth: 0, bytesPerState: 0, complete: false, bound },
    findings: [],
    diagnostics: [],
    ...(internal ? { internal } : {}),
  };
}

export function checkInPool(jobs: Omit<Job, "id">[], settings: PoolSettings): Promise<FileResult[]> {
  const results: FileResult[] = new Array(jobs.length);
  let next = 0;
  let done = 0;
  return new Promise((resolve) => {
    if (jobs.length === 0) {
      resolve(results);
      return;
    }
    const start = (): void => {
      if (next >= jobs.length) return;
      const worker = new Worker(WORKER, { resourceLimits: { maxOldGenerationSizeMb: settings.maxMemoryMb } });
      let current = -1;
      let watchdog: NodeJS.Timeout | null = null;
      let finished = false;
      const settle = (result: FileResult): void => {
        if (watchdog) clearTimeout(watchdog);
        results[current] = result;
        done++;
        settings.onDone?.(done, jobs.length);
        current = -1;
        if (done === jobs.length) {
          finished = true;
          void worker.terminate();
          resolve(results);
        }
      };
      const give = (): void => {
        if (next >= jobs.length) {
          finished = true;
          void worker.terminate();
          return;
        }
        current = next++;
        const job = jobs[current]!;
        worker.postMessage({ ...job, id: current });
        watchdog = setTimeout(() => {
          // the search did not stop at its own time-out: stop the worker, replace it
          const file = jobs[current]!.file;
          settle(emptyResult(file, "inconclusive", `time (the worker was stopped after ${Math.round((job.timeoutMs + settings.graceMs) / 1000)} s)`));
          finished = true;
          void worker.terminate();
          start();
        }, job.timeoutMs + settings.graceMs);
      };
      worker.on("message", (msg: { id: number; result?: FileResult; internal?: string }) => {
        if (msg.id !== current) return;
        settle(msg.result ?? emptyResult(jobs[msg.id]!.file, "error", null, msg.internal ?? "unknown failure"));
        give();
      });
      worker.on("error", (e: Error & { code?: string }) => {
        if (finished || current < 0) return;
        const file = jobs[current]!.file;
        const memory = e.code === "ERR_WORKER_OUT_OF_MEMORY";
        settle(memory ? emptyResult(file, "inconclusive", `memory (--max-memory ${settings.maxMemoryMb} MB)`) : emptyResult(file, "error", null, e.stack ?? e.message));
        finished = true;
        start(); // a replacement
      });
      worker.on("exit", () => {
        if (finished || current < 0) return;
        settle(emptyResult(jobs[current]!.file, "error", null, "the worker exited"));
        finished = true;
        start();
      });
      give();
    };
    for (let i = 0; i < Math.max(1, Math.min(settings.jobs, jobs.length)); i++) start();
  });
}
