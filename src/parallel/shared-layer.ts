/**
 * Layers shared between threads without copying them per task: each of a layer's typed arrays is copied ONCE
 * into a SharedArrayBuffer (cached with the layer), and a worker rebuilds a {@link Layer} of views over the
 * same memory. Posting a SharedArrayBuffer to a worker shares it (HTML Standard, "StructuredSerialize" of
 * shared memory; Node's worker_threads follow it), so a county land-use layer of 165 000 parcels costs one copy
 * per process, not one per worker or task.
 *
 * Only the geometry crosses: attributes and GeoJSON ids stay on the main thread (workers need only class ids,
 * shared the same way as an Int32Array, see {@link shareInt32}).
 */
import type { Crs } from '../crs/types.js';
import type { Layer } from '../geometry/types.js';

/** A typed array's place in shared memory. */
export interface SharedArray {
  readonly buffer: SharedArrayBuffer;
  readonly byteOffset: number;
  readonly length: number;
}

/** Everything a worker needs to rebuild a layer's geometry; cheap to post (the buffers are shared). */
export interface SharedLayer {
  /** Identifies the layer within this process: workers cache their views by it. */
  readonly id: number;
  readonly name: string;
  readonly crs: Crs | null;
  readonly featureCount: number;
  readonly coords: SharedArray;
  readonly ringOffsets: SharedArray;
  readonly polygonOffsets: SharedArray;
  readonly featureOffsets: SharedArray;
  readonly bboxes: SharedArray;
}

/** A shared Int32Array with an id (class of each feature). */
export interface SharedInt32 extends SharedArray {
  readonly id: number;
}

let nextId = 1;
const cache = new WeakMap<Layer, SharedLayer>();

type Typed = Float64Array | Uint32Array | Int32Array;

/** Shares `a` as is when it already lives in shared memory, else copies it once into a new SharedArrayBuffer. */
function share(a: Typed): SharedArray {
  if (a.buffer instanceof SharedArrayBuffer) return { buffer: a.buffer, byteOffset: a.byteOffset, length: a.length };
  const buffer = new SharedArrayBuffer(a.byteLength);
  const copy = new (a.constructor as new (b: SharedArrayBuffer) => Typed)(buffer);
  copy.set(a);
  return { buffer, byteOffset: 0, length: a.length };
}

/**
 * The layer's geometry in shared memory, copied on first use and cached for the layer's lifetime (layers are
 * immutable: src/geometry/types.ts).
 *
 * @example
 * const s = shareLayer(landuse);
 * worker.postMessage({ layer: s }); // no copy of the coordinates
 */
export function shareLayer(layer: Layer): SharedLayer {
  let s = cache.get(layer);
  if (s === undefined) {
    s = {
      id: nextId++,
      name: layer.name,
      crs: layer.crs,
      featureCount: layer.featureCount,
      coords: share(layer.coords),
      ringOffsets: share(layer.ringOffsets),
      polygonOffsets: share(layer.polygonOffsets),
      featureOffsets: share(layer.featureOffsets),
      bboxes: share(layer.bboxes),
    };
    cache.set(layer, s);
  }
  return s;
}

/**
 * An Int32Array in shared memory with a fresh id (class ids are computed per call, so they are not cached).
 *
 * @example
 * const { classOf } = classesOf(landuse, 'DLBM');
 * worker.postMessage({ classOf: shareInt32(classOf) });
 */
export function shareInt32(a: Int32Array): SharedInt32 {
  return { id: nextId++, ...share(a) };
}

/**
 * An Int32Array view over shared memory (a worker's side of {@link shareInt32}).
 *
 * @example
 * const classOf = int32View(task.classOf);
 */
export function int32View(s: SharedArray): Int32Array {
  return new Int32Array(s.buffer, s.byteOffset, s.length);
}

/**
 * A {@link Layer} of views over shared memory, for a worker: geometry, name and CRS as on the main thread, no
 * attributes and no GeoJSON ids (empty arrays — nothing in the overlay loop reads them).
 *
 * @example
 * const layer = layerFromShared(task.layer);
 * forEachPatch(patches, layer, classOf, nClasses, measure, visit);
 */
export function layerFromShared(s: SharedLayer): Layer {
  const f64 = (a: SharedArray): Float64Array => new Float64Array(a.buffer, a.byteOffset, a.length);
  const u32 = (a: SharedArray): Uint32Array => new Uint32Array(a.buffer, a.byteOffset, a.length);
  return {
    name: s.name,
    crs: s.crs,
    coords: f64(s.coords),
    ringOffsets: u32(s.ringOffsets),
    polygonOffsets: u32(s.polygonOffsets),
    featureOffsets: u32(s.featureOffsets),
    bboxes: f64(s.bboxes),
    attributes: [],
    featureIds: [],
    featureCount: s.featureCount,
  };
}
