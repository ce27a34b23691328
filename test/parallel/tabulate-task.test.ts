/**
 * The pieces of the parallel path in this thread: layers in shared memory, the worker's task loop and the
 * replay of its packed results — checked against the single-threaded loop (forEachPatch over all patches).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fromGeoJSON } from '../../src/geometry/layer.js';
import type { Layer } from '../../src/geometry/types.js';
import { classesOf, forEachPatch, measureFor } from '../../src/overlay/tabulate.js';
import { layerFromShared, shareInt32, shareLayer } from '../../src/parallel/shared-layer.js';
import { type TabulateChunk, TaskRunner, replayChunks } from '../../src/parallel/tabulate-task.js';

const dir = new URL('../../fixtures/sample/', import.meta.url);
const read = (name: string): Layer => fromGeoJSON(JSON.parse(readFileSync(new URL(`${name}.geojson`, dir), 'utf8')), { name }).layer;

describe('shareLayer', () => {
  const farmland = read('farmland');

  it('copies each array once into shared memory, cached with the layer', () => {
    const s = shareLayer(farmland);
    expect(shareLayer(farmland)).toBe(s);
    expect(s.coords.buffer).toBeInstanceOf(SharedArrayBuffer);
    const v = layerFromShared(s);
    expect(v.coords.buffer).toBe(s.coords.buffer);
    for (const k of ['coords', 'ringOffsets', 'polygonOffsets', 'featureOffsets', 'bboxes'] as const) {
      expect(v[k].constructor).toBe(farmland[k].constructor);
      expect(Array.from(v[k])).toEqual(Array.from(farmland[k]));
    }
    expect([v.name, v.crs, v.featureCount]).toEqual([farmland.name, farmland.crs, farmland.featureCount]);
    expect(v.attributes).toEqual([]);
  });

  it('shares arrays that already live in shared memory without copying them', () => {
    const viewLayer = layerFromShared(shareLayer(farmland));
    const again = shareLayer(viewLayer);
    expect(again.coords.buffer).toBe(shareLayer(farmland).coords.buffer);
    const c = shareInt32(new Int32Array([3, -1, 7]));
    expect(Array.from(new Int32Array(c.buffer, c.byteOffset, c.length))).toEqual([3, -1, 7]);
    expect(shareInt32(new Int32Array(1)).id).not.toBe(c.id);
  });
});

describe('TaskRunner + replayChunks', () => {
  it('give the visits of the single-threaded loop, in patch order, value for value, whatever order the ranges ran in', () => {
    const patches = read('patches');
    const landuse = read('landuse');
    const { classOf, names } = classesOf(landuse, 'DLBM');
    type Visit = [number, number, number, number[], number[]];
    const record = (out: Visit[]) => (p: number, a: number, c: number, ids: Int32Array, ar: Float64Array, n: number) =>
      out.push([p, a, c, Array.from(ids.subarray(0, n)), Array.from(ar.subarray(0, n))]);
    const expected: Visit[] = [];
    forEachPatch(patches, landuse, classOf, names.length, measureFor(patches, landuse, undefined), record(expected));

    const runner = new TaskRunner();
    const sp = shareLayer(patches);
    const sl = shareLayer(landuse);
    const sc = shareInt32(classOf);
    const chunks: TabulateChunk[] = [];
    for (let start = 0; start < 300; start += 37) chunks.push(undefined as unknown as TabulateChunk);
    // Last range first: the runner's cached layers and fresh kernels must not make a patch's result depend on history.
    for (let i = chunks.length - 1; i >= 0; i--) {
      const start = 37 * i;
      const r = runner.run({ kind: 'tabulate', patches: sp, layer: sl, classOf: sc, nClasses: names.length, measure: undefined, start, end: Math.min(300, start + 37) });
      chunks[i] = r as TabulateChunk;
    }
    const got: Visit[] = [];
    replayChunks(chunks, record(got));
    expect(got.length).toBe(300);
    for (let k = 0; k < 300; k++) {
      const [p, a, c, ids, ar] = got[k];
      const [ep, ea, ec, eids, ear] = expected[k];
      expect(p).toBe(ep);
      expect(Object.is(a, ea) && Object.is(c, ec)).toBe(true);
      expect(ids).toEqual(eids);
      expect(ar.every((x, i) => Object.is(x, ear[i]))).toBe(true);
    }
    // Features the runner found not simple: the bow-tie and the spike patch (by index, as the main thread asks).
    const [failedPatches] = runner.run({ kind: 'failed', layers: [sp.id, sl.id] }) as number[][];
    expect(failedPatches.length).toBeGreaterThanOrEqual(2);
    // Released layers are forgotten (a kept pool's workers drop a layer when the main thread's is collected).
    expect(runner.run({ kind: 'release', ids: [sp.id, sc.id] })).toBeNull();
    expect(runner.run({ kind: 'failed', layers: [sp.id] })).toEqual([[]]);
  });
});
