/**
 * The worker side of the pool protocol (pool.ts): answers each `{ seq, task }` with `{ seq, result }` or
 * `{ seq, error }`. Kept apart from pool.ts so that a worker bundle holds no code for starting workers.
 */
import type { MessagePort, TransferListItem } from 'node:worker_threads';
import { type SerializedError, serializeError } from './transfer-error.js';

export interface Request {
  readonly seq: number;
  readonly task: unknown;
}

export type Reply = { readonly seq: number; readonly result: unknown } | { readonly seq: number; readonly error: SerializedError };

/** What a worker's task handler returns: the result and the buffers to transfer (not copy) with it. */
export interface TaskOutput {
  readonly result: unknown;
  readonly transfer?: readonly TransferListItem[];
}

/**
 * The worker side: answers each request on `port` with `handle(task)`'s result or its error, serialised so
 * that the main thread gets the same error class back.
 *
 * @example
 * serveTasks(parentPort!, (task) => ({ result: work(task) }));
 */
export function serveTasks(port: MessagePort, handle: (task: unknown) => TaskOutput): void {
  port.on('message', (m: Request) => {
    let reply: Reply;
    let transfer: readonly TransferListItem[] = [];
    try {
      const out = handle(m.task);
      reply = { seq: m.seq, result: out.result };
      transfer = out.transfer ?? [];
    } catch (e) {
      reply = { seq: m.seq, error: serializeError(e) };
    }
    port.postMessage(reply, transfer as TransferListItem[]);
  });
}
