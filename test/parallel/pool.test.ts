import { afterAll, describe, expect, it } from 'vitest';
import { CrsError, InputError, TubanError } from '../../src/errors.js';
import { WorkerPool } from '../../src/parallel/pool.js';
import { deserializeError, serializeError } from '../../src/parallel/transfer-error.js';

const workerFile = new URL('./pool-worker.ts', import.meta.url).pathname;

describe('error transfer (in this thread)', () => {
  it('rebuilds InputError with the same message, file and feature index, without prefixing them twice', () => {
    const e = new InputError('expected a polygon, found a point', { file: 'a.shp', featureIndex: 3 });
    const back = deserializeError(structuredClone(serializeError(e)));
    expect(back).toBeInstanceOf(InputError);
    expect(back).toBeInstanceOf(TubanError);
    expect(back.message).toBe('a.shp, feature 3: expected a polygon, found a point');
    expect((back as InputError).file).toBe('a.shp');
    expect((back as InputError).featureIndex).toBe(3);
    expect(back.name).toBe('InputError');
  });

  it('keeps CrsError, other TubanErrors and plain errors apart', () => {
    const crs = deserializeError(serializeError(new CrsError('no CRS')));
    expect(crs).toBeInstanceOf(CrsError);
    expect(crs.message).toBe('no CRS');
    class UsageLike extends TubanError {}
    const other = deserializeError(serializeError(new UsageLike('bad option')));
    expect(other).toBeInstanceOf(TubanError);
    expect(other.name).toBe('UsageLike');
    const plain = deserializeError(serializeError(new RangeError('out of range')));
    expect(plain).not.toBeInstanceOf(TubanError);
    expect([plain.name, plain.message]).toEqual(['RangeError', 'out of range']);
    expect(deserializeError(serializeError('a string')).message).toBe('a string');
  });
});

describe('WorkerPool', () => {
  const pool = new WorkerPool(workerFile, 2);
  afterAll(() => pool.close());

  it('runs every task once and reports each result under its own index', async () => {
    const tasks = Array.from({ length: 25 }, (_, i) => ({ do: 'echo', value: i * i }));
    const got = new Array<number>(25).fill(-1);
    await pool.run<(typeof tasks)[number], number>(tasks, (i, r) => {
      expect(got[i]).toBe(-1);
      got[i] = r;
    });
    expect(got).toEqual(tasks.map((t) => t.value));
    expect(await pool.broadcast({ do: 'echo', value: 5 })).toEqual([5, 5]);
  });

  it('rejects with the error class and message thrown in the worker, and stays usable', async () => {
    const inputError = await pool.run([{ do: 'echo', value: 1 }, { do: 'input-error' }], () => {}).catch((e: unknown) => e);
    expect(inputError).toBeInstanceOf(InputError);
    expect((inputError as InputError).message).toBe('patches.shp, feature 7: expected a polygon, found a point');
    expect((inputError as InputError).featureIndex).toBe(7);
    expect((inputError as InputError).file).toBe('patches.shp');
    await expect(pool.run([{ do: 'crs-error' }], () => {})).rejects.toThrow(CrsError);
    const range = (await pool.run([{ do: 'range-error' }], () => {}).catch((e: unknown) => e)) as Error;
    expect([range.name, range.message]).toEqual(['RangeError', 'index out of range']);
    const after: number[] = [];
    await pool.run([{ do: 'echo', value: 9 }], (_, r: number) => after.push(r));
    expect(after).toEqual([9]);
  });

  it('fails the run, and later runs, when a worker dies, and rejects after close', async () => {
    const dying = new WorkerPool(workerFile, 1);
    try {
      await expect(dying.run([{ do: 'exit' }], () => {})).rejects.toThrow(/stopped unexpectedly \(exit code 3\)/);
      await expect(dying.run([{ do: 'echo', value: 1 }], () => {})).rejects.toThrow(/stopped unexpectedly/);
    } finally {
      await dying.close();
    }
    const closed = new WorkerPool(workerFile, 1);
    await closed.close();
    await expect(closed.run([{ do: 'echo', value: 1 }], () => {})).rejects.toThrow(/closed/);
  });
});
