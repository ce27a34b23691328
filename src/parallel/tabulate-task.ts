/**
 * The work of one tabulation task — a range of patches against a layer — and the raw per-patch results it
 * sends back. Runs in a worker (tabulate-worker.ts) but has no thread code of its own, so it is the same loop
 * as the single-threaded {@link forEachPatch}, called with a range.
 *
 * A worker keeps the layers it has seen (views over shared memory, with their lazily prepared facts and
 * spatial index, which prepare.ts and src/index cache per Layer object) across tasks, keyed by the id the
 * main thread gave them, until the main thread releases them (when its Layer object is garbage-collected, or
 * a call's class array when the call is done).
 */
import type { Layer } from '../geometry/types.js';
import { prepareLayer } from '../overlay/prepare.js';
import { forEachPatch, measureFor } from '../overlay/tabulate.js';
import { type SharedInt32, type SharedLayer, int32View, layerFromShared } from './shared-layer.js';

/** The measures that can cross a thread boundary: by name (a user's EdgeMeasure object is code, not data). */
export type NamedMeasure = 'planar' | 'ellipsoidal' | 'ellipsoidal-national';

/** Run patches [start, end) of `patches` against `layer`. */
export interface TabulateTask {
  readonly kind: 'tabulate';
  readonly patches: SharedLayer;
  readonly layer: SharedLayer;
  /** Class id per feature of `layer` (−1: left out), as classesOf gives it. */
  readonly classOf: SharedInt32;
  readonly nClasses: number;
  /** As passed to the table function (undefined: its default for the layers' CRS). */
  readonly measure: NamedMeasure | undefined;
  readonly start: number;
  readonly end: number;
}

/** Which features of the given layers this worker found not simple (their repair reports are built by the caller). */
export interface FailedQuery {
  readonly kind: 'failed';
  readonly layers: readonly number[];
}

/** Forget these layers and class arrays (by id). */
export interface Release {
  readonly kind: 'release';
  readonly ids: readonly number[];
}

export type Task = TabulateTask | FailedQuery | Release;

/**
 * What {@link forEachPatch} gave for patches [start, end), packed: patch k (= start + k) has area `areaP[k]`,
 * covered area `covered[k]` and classes `classIds[offsets[k] .. offsets[k + 1])` with areas at the same places.
 */
export interface TabulateChunk {
  readonly start: number;
  readonly end: number;
  readonly areaP: Float64Array;
  readonly covered: Float64Array;
  readonly offsets: Int32Array;
  readonly classIds: Int32Array;
  readonly areas: Float64Array;
}

/**
 * A worker's state: the layers and class arrays it has rebuilt, by id, kept until released.
 *
 * @example
 * const runner = new TaskRunner();
 * const chunk = runner.run({ kind: 'tabulate', patches: shareLayer(p), layer: shareLayer(l), classOf: shareInt32(classOf), nClasses, measure: 'planar', start: 0, end: 64 });
 */
export class TaskRunner {
  private readonly layers = new Map<number, Layer>();
  private readonly classes = new Map<number, Int32Array>();

  /** Runs one task; returns its result. */
  run(task: Task): TabulateChunk | number[][] | null {
    if (task.kind === 'release') {
      for (const id of task.ids) {
        this.layers.delete(id);
        this.classes.delete(id);
      }
      return null;
    }
    if (task.kind === 'failed') {
      return task.layers.map((id) => {
        const layer = this.layers.get(id);
        return layer === undefined ? [] : prepareLayer(layer).repairs.map((r) => r.featureIndex);
      });
    }
    return this.tabulate(task);
  }

  private tabulate(t: TabulateTask): TabulateChunk {
    const patches = this.layer(t.patches);
    const layer = this.layer(t.layer);
    const classOf = recall(this.classes, t.classOf.id, () => int32View(t.classOf));
    const measure = measureFor(patches, layer, t.measure);
    const len = t.end - t.start;
    const areaP = new Float64Array(len);
    const covered = new Float64Array(len);
    const offsets = new Int32Array(len + 1);
    let classIds = new Int32Array(Math.max(16, len * 2));
    let areas = new Float64Array(classIds.length);
    let m = 0;
    forEachPatch(
      patches,
      layer,
      classOf,
      t.nClasses,
      measure,
      (p, a, c, ids, ar, n) => {
        const k = p - t.start;
        areaP[k] = a;
        covered[k] = c;
        if (m + n > classIds.length) {
          const size = Math.max(2 * classIds.length, m + n);
          const ci = new Int32Array(size);
          ci.set(classIds.subarray(0, m));
          classIds = ci;
          const ai = new Float64Array(size);
          ai.set(areas.subarray(0, m));
          areas = ai;
        }
        for (let i = 0; i < n; i++) {
          classIds[m + i] = ids[i];
          areas[m + i] = ar[i];
        }
        m += n;
        offsets[k + 1] = m;
      },
      undefined,
      [t.start, t.end],
    );
    return { start: t.start, end: t.end, areaP, covered, offsets, classIds: classIds.slice(0, m), areas: areas.slice(0, m) };
  }

  private layer(s: SharedLayer): Layer {
    return recall(this.layers, s.id, () => layerFromShared(s));
  }
}

/**
 * The buffers of a chunk, to transfer rather than copy back to the main thread.
 *
 * @example
 * port.postMessage(chunk, chunkBuffers(chunk));
 */
export function chunkBuffers(c: TabulateChunk): ArrayBuffer[] {
  return [c.areaP, c.covered, c.offsets, c.classIds, c.areas].map((a) => a.buffer as ArrayBuffer);
}

/**
 * Calls `visit` for each patch of the chunks, in patch order, with the values the worker's
 * {@link forEachPatch} gave — so a table function driven by it sees exactly what its own loop would.
 *
 * @example
 * tabulateFrom(patches, layer, options, kind, names, (visit) => replayChunks(chunks, visit));
 */
export function replayChunks(
  chunks: readonly TabulateChunk[],
  visit: (p: number, areaP: number, covered: number, classIds: Int32Array, areas: Float64Array, n: number) => void,
): void {
  for (const c of chunks) {
    for (let p = c.start; p < c.end; p++) {
      const k = p - c.start;
      const o0 = c.offsets[k];
      const o1 = c.offsets[k + 1];
      visit(p, c.areaP[k], c.covered[k], c.classIds.subarray(o0, o1), c.areas.subarray(o0, o1), o1 - o0);
    }
  }
}

/** The value kept under `id`, made and kept on first use. */
function recall<V>(map: Map<number, V>, id: number, make: () => V): V {
  let v = map.get(id);
  if (v === undefined) map.set(id, (v = make()));
  return v;
}
