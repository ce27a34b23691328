/**
 * A worker for the pool tests (test/parallel/pool.test.ts): echoes, throws the error asked for, or dies.
 * Not a test file itself (no .test.ts suffix).
 */
import { parentPort } from 'node:worker_threads';
import { CrsError, InputError } from '../../src/errors.js';
import { serveTasks } from '../../src/parallel/serve.js';

interface Ask {
  readonly do: 'echo' | 'input-error' | 'crs-error' | 'range-error' | 'exit';
  readonly value?: number;
}

serveTasks(parentPort!, (task) => {
  const t = task as Ask;
  switch (t.do) {
    case 'echo':
      return { result: t.value };
    case 'input-error':
      throw new InputError('expected a polygon, found a point', { file: 'patches.shp', featureIndex: 7 });
    case 'crs-error':
      throw new CrsError('layers "a" and "b" are in different coordinate systems');
    case 'range-error':
      throw new RangeError('index out of range');
    case 'exit':
      process.exit(3);
  }
});
