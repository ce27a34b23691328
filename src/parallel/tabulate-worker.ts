/**
 * Worker-thread entry of the parallel table functions (tabulate-parallel.ts): serves {@link Task}s with one
 * {@link TaskRunner}, whose layers persist for the worker's lifetime. Built as its own file next to the
 * package's index (tsup.config.ts), because a worker starts from a module file.
 */
import { parentPort } from 'node:worker_threads';
import { serveTasks } from './serve.js';
import { type Task, TaskRunner, chunkBuffers } from './tabulate-task.js';

if (parentPort === null) throw new Error('tabulate-worker must be started as a worker thread');
const runner = new TaskRunner();
serveTasks(parentPort, (task) => {
  const result = runner.run(task as Task);
  return result === null || Array.isArray(result) ? { result } : { result, transfer: chunkBuffers(result) };
});
