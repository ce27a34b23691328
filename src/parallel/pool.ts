/**
 * A small pool of worker threads that hands out tasks as workers become free (so a slow range of patches does
 * not hold the others back).
 *
 * Protocol (the worker side is serve.ts): the main thread posts `{ seq, task }`; the worker answers
 * `{ seq, result }` or `{ seq, error }` (a {@link SerializedError}, so the error class survives the thread
 * boundary). Idle workers are unreferenced: a pool that is not closed never keeps the process alive.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type TransferListItem, Worker } from 'node:worker_threads';
import type { Reply, Request } from './serve.js';
import { deserializeError } from './transfer-error.js';

/** One task waiting for, or running on, a worker. */
interface Job {
  readonly task: unknown;
  readonly transfer: readonly TransferListItem[];
  readonly resolve: (result: unknown) => void;
  readonly reject: (error: Error) => void;
  /** Set when the run the job belongs to has failed: the job is dropped, its result ignored. */
  readonly cancelled: () => boolean;
}

interface Slot {
  readonly worker: Worker;
  /** Jobs only this worker may take (broadcasts), before the shared queue. */
  readonly own: Job[];
  busy: Job | null;
  seq: number;
}

/**
 * Finds a worker entry module next to the module at `moduleUrl`, with that module's own extension (`.ts` in
 * the sources, `.js` / `.cjs` in the build), or one folder up (a bundle in a subfolder of dist, e.g. the CLI's).
 *
 * @example
 * const file = locateWorker(import.meta.url, 'tabulate-worker');
 */
export function locateWorker(moduleUrl: string, name: string): string {
  const here = fileURLToPath(moduleUrl);
  const ext = extname(here) || '.js';
  const dir = dirname(here);
  const tried: string[] = [];
  for (const d of [dir, dirname(dir)]) {
    const file = join(d, name + ext);
    if (existsSync(file)) return file;
    tried.push(file);
  }
  throw new Error(`worker module ${name}${ext} not found (tried ${tried.join(', ')}); is the package build complete?`);
}

/**
 * Starts a worker on `file`. A `.ts` file (running from the sources under vitest or tsx) is loaded through
 * tsx's `tsImport`, because Node 20 does not apply `--import` loader hooks given in a worker's `execArgv` to
 * the worker's own entry module.
 */
function startWorker(file: string): Worker {
  if (!file.endsWith('.ts')) return new Worker(file);
  const cjs = createRequire(import.meta.url).resolve('tsx/esm/api');
  const mjs = cjs.replace(/\.cjs$/, '.mjs');
  const api = pathToFileURL(existsSync(mjs) ? mjs : cjs).href;
  const url = pathToFileURL(file).href;
  return new Worker(`import(${JSON.stringify(api)}).then((m) => m.tsImport(${JSON.stringify(url)}, ${JSON.stringify(url)}));`, { eval: true });
}

/**
 * A fixed set of workers running one entry module.
 *
 * @example
 * const pool = new WorkerPool(locateWorker(import.meta.url, 'tabulate-worker'), 2);
 * try { await pool.run(tasks, (i, r) => (results[i] = r)); } finally { await pool.close(); }
 */
export class WorkerPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private failure: Error | null = null;
  private closed = false;

  constructor(file: string, size: number) {
    for (let i = 0; i < size; i++) {
      const worker = startWorker(file);
      worker.unref();
      const slot: Slot = { worker, own: [], busy: null, seq: 0 };
      worker.on('message', (m: Reply) => this.onReply(slot, m));
      worker.on('error', (e: Error) => this.fail(e));
      worker.on('messageerror', (e: Error) => this.fail(e));
      worker.on('exit', (code) => {
        if (!this.closed) this.fail(new Error(`a worker thread stopped unexpectedly (exit code ${code})`));
      });
      this.slots.push(slot);
    }
  }

  get size(): number {
    return this.slots.length;
  }

  /**
   * Runs every task (in order of hand-out: the first free worker takes the next one) and calls `onResult` on
   * this thread as each result arrives. Rejects with the first error, after which the run's remaining tasks
   * are dropped; the pool itself stays usable unless a worker died.
   */
  run<T, R>(tasks: readonly T[], onResult: (index: number, result: R) => void, transferOf?: (task: T) => TransferListItem[]): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (tasks.length === 0) {
        resolve();
        return;
      }
      let left = tasks.length;
      let failed = false;
      const cancelled = (): boolean => failed;
      tasks.forEach((task, i) => {
        this.queue.push({
          task,
          transfer: transferOf?.(task) ?? [],
          cancelled,
          resolve: (r) => {
            if (failed) return;
            try {
              onResult(i, r as R);
            } catch (e) {
              failed = true;
              reject(e as Error);
              return;
            }
            if (--left === 0) resolve();
          },
          reject: (e) => {
            if (failed) return;
            failed = true;
            reject(e);
          },
        });
      });
      this.pump();
    });
  }

  /** Runs `task` once on every worker; resolves with the results in worker order. */
  broadcast<T, R>(task: T): Promise<R[]> {
    return new Promise<R[]>((resolve, reject) => {
      const out = new Array<R>(this.slots.length);
      let left = this.slots.length;
      let failed = false;
      this.slots.forEach((slot, i) => {
        slot.own.push({
          task,
          transfer: [],
          cancelled: () => failed,
          resolve: (r) => {
            out[i] = r as R;
            if (--left === 0 && !failed) resolve(out);
          },
          reject: (e) => {
            if (failed) return;
            failed = true;
            reject(e);
          },
        });
      });
      this.pump();
    });
  }

  /** Terminates every worker; pending jobs are rejected. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.fail(new Error('the worker pool was closed'));
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }

  private pump(): void {
    if (this.failure !== null) {
      this.rejectAll(this.failure);
      return;
    }
    for (const slot of this.slots) {
      if (slot.busy !== null) continue;
      const job = this.take(slot);
      if (job === undefined) continue;
      slot.busy = job;
      slot.seq++;
      slot.worker.ref();
      const req: Request = { seq: slot.seq, task: job.task };
      slot.worker.postMessage(req, job.transfer as TransferListItem[]);
    }
  }

  private take(slot: Slot): Job | undefined {
    for (const q of [slot.own, this.queue]) {
      while (q.length > 0) {
        const job = q.shift() as Job;
        if (!job.cancelled()) return job;
      }
    }
    return undefined;
  }

  private onReply(slot: Slot, m: Reply): void {
    const job = slot.busy;
    if (job === null || m.seq !== slot.seq) return;
    slot.busy = null;
    slot.worker.unref();
    if ('error' in m) job.reject(deserializeError(m.error));
    else job.resolve(m.result);
    this.pump();
  }

  /** A worker died (or the pool closed): everything pending fails, and so does every later run. */
  private fail(e: Error): void {
    if (this.failure === null) this.failure = e;
    this.rejectAll(this.failure);
  }

  private rejectAll(e: Error): void {
    for (const slot of this.slots) {
      const job = slot.busy;
      slot.busy = null;
      job?.reject(e);
      for (const j of slot.own.splice(0)) j.reject(e);
    }
    for (const j of this.queue.splice(0)) j.reject(e);
  }
}
