/**
 * {@link tabulate} and {@link tabulateLayers} on all cores: the patches (left features) are cut into
 * contiguous ranges, handed out to worker threads as they become free, and the per-patch results are put back
 * in patch order and fed through the same result-building code as the single-threaded functions
 * (tabulateFrom / tabulateLayersFrom). Every patch is computed by the same kernel code on the same numbers,
 * and county totals are summed on this thread in left-feature order, so the results are identical to the
 * single-threaded ones, bit for bit.
 *
 * Layers go to the workers in shared memory (shared-layer.ts), copied once per layer, not per task; class
 * ids are computed here (a `classBy` function runs on this thread only) and shared as an Int32Array.
 *
 * A custom {@link EdgeMeasure} object cannot be sent to another thread (it is code); with one, the work runs
 * on this thread (threads = 1).
 *
 * The worker entry is its own module (tabulate-worker.ts; in the package dist/tabulate-worker.js and .cjs),
 * found next to the module running this code (pool.ts, locateWorker).
 */
import { availableParallelism } from 'node:os';
import { InputError } from '../errors.js';
import type { Layer } from '../geometry/types.js';
import { prepareLayer } from '../overlay/prepare.js';
import {
  type TabulateLayersOptions,
  type TabulateLayersResult,
  type TabulateOptions,
  type TabulateResult,
  classesOf,
  forEachPatch,
  measureFor,
  tabulateFrom,
  tabulateLayersFrom,
} from '../overlay/tabulate.js';
import { WorkerPool, locateWorker } from './pool.js';
import { shareInt32, shareLayer } from './shared-layer.js';
import {
  type FailedQuery,
  type NamedMeasure,
  type Release,
  type TabulateChunk,
  type TabulateTask,
  replayChunks,
} from './tabulate-task.js';

/** Most worker threads a call starts by default, however many cores there are. */
export const MAX_THREADS = 16;

export interface ParallelOptions {
  /**
   * Worker threads. Default: `os.availableParallelism()`, at most {@link MAX_THREADS}. `1` runs on this thread,
   * without workers (so does any call with a custom EdgeMeasure object, which cannot cross threads). Ignored
   * when `pool` is given (the pool's size counts).
   */
  threads?: number;
  /**
   * Patches (left features) per task. Default: enough for about 16 tasks per thread, between 1 and 256 —
   * small enough that a slow range does not keep the other threads waiting at the end.
   */
  chunkSize?: number;
  /**
   * Workers to use and keep (from {@link createTabulatePool}); without it, each call starts its own and ends
   * them before returning. A kept pool also keeps each layer's spatial index and checked features in its
   * workers between calls.
   */
  pool?: TabulatePool;
}

/**
 * Worker threads kept across calls. Close it when done; an idle pool never keeps the process alive.
 *
 * @example
 * const pool = createTabulatePool(2);
 * try {
 *   for (const [layer, classBy] of layers) results.push(await tabulateParallel(patches, layer, { classBy, pool }));
 * } finally {
 *   await pool.close();
 * }
 */
export interface TabulatePool {
  readonly threads: number;
  close(): Promise<void>;
}

class Pool implements TabulatePool {
  readonly workers: WorkerPool;
  private closed = false;
  /** Layers whose views the workers may hold: when one is garbage-collected here, the workers drop theirs. */
  private readonly seen = new WeakSet<Layer>();
  private readonly finalizer = new FinalizationRegistry<number>((id) => this.release([id]));

  constructor(readonly threads: number) {
    this.workers = new WorkerPool(locateWorker(import.meta.url, 'tabulate-worker'), threads);
  }

  /** Notes that the workers will keep `layer` (shared as `id`) until it is released. */
  keep(layer: Layer, id: number): void {
    if (this.seen.has(layer)) return;
    this.seen.add(layer);
    this.finalizer.register(layer, id);
  }

  /** Makes every worker forget these ids (fire and forget: a closed pool has nothing to forget). */
  release(ids: number[]): void {
    if (!this.closed) this.workers.broadcast<Release, null>({ kind: 'release', ids }).catch(() => {});
  }

  close(): Promise<void> {
    this.closed = true;
    return this.workers.close();
  }
}

/**
 * Starts `threads` worker threads (default: as {@link ParallelOptions.threads}) for the parallel table
 * functions.
 *
 * @example
 * const pool = createTabulatePool();
 * const t = await tabulateParallel(patches, landuse, { classBy: 'DLBM', pool });
 * await pool.close();
 */
export function createTabulatePool(threads?: number): TabulatePool {
  return new Pool(threadCount(threads));
}

/**
 * {@link tabulate} on several threads: the same result, bit for bit, repair reports included. `onProgress`
 * runs on this thread: (0, n) first, then after each finished task with the number of patches done so far.
 *
 * @example
 * const t = await tabulateParallel(patches, landuse, { classBy: 'DLBM', patchIdField: 'JCBH', threads: 2 });
 * deepStrictEqual(t, tabulate(patches, landuse, { classBy: 'DLBM', patchIdField: 'JCBH' })); // passes
 */
export async function tabulateParallel(patches: Layer, layer: Layer, options: TabulateOptions & ParallelOptions = {}): Promise<TabulateResult> {
  const measure = measureFor(patches, layer, options.measure);
  const { classOf, names } = classesOf(layer, options.classBy);
  const chunks = await overlayChunks(patches, layer, classOf, names.length, options.measure, options, options.onProgress);
  if (chunks === null) {
    return tabulateFrom(patches, layer, options, measure.kind, names, (visit) =>
      forEachPatch(patches, layer, classOf, names.length, measure, visit, options.onProgress),
    );
  }
  return tabulateFrom(patches, layer, options, measure.kind, names, (visit) => replayChunks(chunks, visit));
}

/**
 * {@link tabulateLayers} on several threads: the same result, bit for bit (the per-feature overlays run in
 * the workers; the county totals are summed here, in left-feature order, as the single-threaded code does).
 *
 * @example
 * const t = await tabulateLayersParallel(landuse, farmland, { leftClassBy: 'DLBM', threads: 2 });
 * for (const r of t.totals) console.log(r.leftClass, r.areaMu.toFixed(2));
 */
export async function tabulateLayersParallel(
  left: Layer,
  right: Layer,
  options: TabulateLayersOptions & ParallelOptions = {},
): Promise<TabulateLayersResult> {
  const measure = measureFor(left, right, options.measure);
  const L = classesOf(left, options.leftClassBy);
  const R = classesOf(right, options.rightClassBy);
  const chunks = await overlayChunks(left, right, R.classOf, R.names.length, options.measure, options, undefined);
  if (chunks === null) {
    return tabulateLayersFrom(left, right, options, measure.kind, L, R.names, (visit) =>
      forEachPatch(left, right, R.classOf, R.names.length, measure, visit),
    );
  }
  return tabulateLayersFrom(left, right, options, measure.kind, L, R.names, (visit) => replayChunks(chunks, visit));
}

function threadCount(threads: number | undefined): number {
  if (threads === undefined) return Math.max(1, Math.min(availableParallelism(), MAX_THREADS));
  if (!Number.isInteger(threads) || threads < 1) throw new InputError(`threads must be a positive integer, found ${String(threads)}`);
  return threads;
}

/**
 * Runs every patch against the layer in worker threads and returns the chunks in patch order, or null when
 * the work is to be done on this thread (one thread, a custom measure, no patches). Afterwards the features
 * the workers found not simple are checked here too, so that this thread's repair reports are those of a
 * single-threaded run.
 */
async function overlayChunks(
  patches: Layer,
  layer: Layer,
  classOf: Int32Array,
  nClasses: number,
  measure: TabulateOptions['measure'],
  options: ParallelOptions,
  onProgress: ((done: number, total: number) => void) | undefined,
): Promise<TabulateChunk[] | null> {
  if (options.chunkSize !== undefined && (!Number.isInteger(options.chunkSize) || options.chunkSize < 1)) {
    throw new InputError(`chunkSize must be a positive integer, found ${String(options.chunkSize)}`);
  }
  if (options.pool !== undefined && !(options.pool instanceof Pool)) {
    throw new InputError('pool must come from createTabulatePool, found another object');
  }
  const threads = options.pool !== undefined ? options.pool.threads : threadCount(options.threads);
  const n = patches.featureCount;
  if (typeof measure === 'object' || n === 0 || (threads === 1 && options.pool === undefined)) return null;
  const named: NamedMeasure | undefined = measure;
  const size = options.chunkSize ?? Math.min(256, Math.max(1, Math.ceil(n / (16 * threads))));
  const sp = shareLayer(patches);
  const sl = shareLayer(layer);
  const sc = shareInt32(classOf);
  const tasks: TabulateTask[] = [];
  for (let start = 0; start < n; start += size) {
    tasks.push({ kind: 'tabulate', patches: sp, layer: sl, classOf: sc, nClasses, measure: named, start, end: Math.min(n, start + size) });
  }
  const own = options.pool === undefined ? new Pool(Math.min(threads, tasks.length)) : null;
  const pool = own ?? (options.pool as Pool);
  const workers = pool.workers;
  pool.keep(patches, sp.id);
  pool.keep(layer, sl.id);
  try {
    const chunks = new Array<TabulateChunk>(tasks.length);
    let done = 0;
    onProgress?.(0, n);
    await workers.run<TabulateTask, TabulateChunk>(tasks, (i, chunk) => {
      chunks[i] = chunk;
      done += chunk.end - chunk.start;
      onProgress?.(done, n);
    });
    const query: FailedQuery = { kind: 'failed', layers: [sp.id, sl.id] };
    const failed = await workers.broadcast<FailedQuery, number[][]>(query);
    const prepP = prepareLayer(patches);
    const prepL = prepareLayer(layer);
    for (const [fp, fl] of failed) {
      for (const f of fp) prepP.fact(f);
      for (const f of fl) prepL.fact(f);
    }
    return chunks;
  } finally {
    if (own !== null) await own.close();
    else pool.release([sc.id]);
  }
}
