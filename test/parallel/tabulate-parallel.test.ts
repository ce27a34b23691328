/**
 * The parallel table functions against the single-threaded ones on the sample county: every field equal and
 * every number the same double (Object.is, so −0 ≠ 0 and NaN = NaN), whatever the thread count and the cut
 * into tasks. The single-threaded functions are the reference (issue 7: "results identical to the
 * single-threaded run, bit for bit"); their own correctness is tested in test/overlay.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CrsError, InputError } from '../../src/errors.js';
import { fromGeoJSON } from '../../src/geometry/layer.js';
import type { Layer } from '../../src/geometry/types.js';
import { planarMeasure } from '../../src/overlay/measure.js';
import { tabulate, tabulateLayers } from '../../src/overlay/tabulate.js';
import {
  type TabulatePool,
  createTabulatePool,
  tabulateLayersParallel,
  tabulateParallel,
} from '../../src/parallel/tabulate-parallel.js';

const dir = new URL('../../fixtures/sample/', import.meta.url);
const manifest = JSON.parse(readFileSync(new URL('manifest.json', dir), 'utf8'));
function read(name: string, idField?: string): Layer {
  return fromGeoJSON(JSON.parse(readFileSync(new URL(`${name}.geojson`, dir), 'utf8')), { name, idField }).layer;
}

/** Path of the first difference between a and b (numbers by Object.is), or null when they are identical. */
function difference(a: unknown, b: unknown, path = '$'): string | null {
  if (typeof a === 'number' || typeof b === 'number') {
    return Object.is(a, b) ? null : `${path}: ${String(a)} vs ${String(b)}`;
  }
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') {
    return a === b ? null : `${path}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`;
  }
  if (Array.isArray(a) !== Array.isArray(b)) return `${path}: array vs non-array`;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.join('\u0000') !== kb.join('\u0000')) return `${path}: keys [${ka.join(',')}] vs [${kb.join(',')}]`;
  for (const k of ka) {
    const d = difference((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}.${k}`);
    if (d !== null) return d;
  }
  return null;
}

let patches: Layer;
let landuse: Layer;
let farmland: Layer;
let approvals: Layer;
// Pools kept across the tests: starting a worker from the TypeScript sources (through tsx) takes about a second.
let pools: Record<2 | 3, TabulatePool>;

beforeAll(() => {
  patches = read('patches', 'JCBH');
  landuse = read('landuse', 'BSM');
  farmland = read('farmland', 'JBNTTBBH');
  approvals = read('approvals', 'PZWH');
  pools = { 2: createTabulatePool(2), 3: createTabulatePool(3) };
});
afterAll(async () => {
  await Promise.all([pools[2].close(), pools[3].close()]);
});

describe('tabulateParallel = tabulate, bit for bit', () => {
  it('patches × land use by DLBM, ellipsoidal, on fresh layers: same parts and the same repair reports', async () => {
    // Fresh layers, and the parallel run first: this thread has checked no feature when the workers run, so
    // the repair reports come from what the workers found.
    const p = read('patches', 'JCBH');
    const l = read('landuse', 'BSM');
    const options = { classBy: 'DLBM', patchIdField: 'JCBH', layerIdField: 'BSM' } as const;
    const par = await tabulateParallel(p, l, { ...options, pool: pools[2] });
    const one = tabulate(p, l, options);
    expect(difference(par, one)).toBeNull();
    expect(one.measure).toBe('ellipsoidal');
    expect(one.patches.length).toBe(300);
    // The bow-tie and the spike of the manifest's invalid patches are read by the even-odd rule and reported.
    const reported = new Set(par.repairs.map((r) => r.id));
    expect(reported.has(manifest.hardCases.patches.invalid.bowtie)).toBe(true);
    expect(reported.has(manifest.hardCases.patches.invalid.spike)).toBe(true);
  });

  for (const threads of [2, 3] as const) {
    it(`patches × land use, × farmland, × approvals (overlapping features) with ${threads} threads`, async () => {
      for (const [layer, options, chunkSize] of [
        [landuse, { classBy: 'DLBM', patchIdField: 'JCBH' }, 7],
        [farmland, { patchIdField: 'JCBH', measure: 'ellipsoidal-national' }, undefined],
        [approvals, { classBy: 'PZWH', patchIdField: 'JCBH', measure: 'planar' }, 1],
      ] as const) {
        const par = await tabulateParallel(patches, layer, { ...options, chunkSize, pool: pools[threads] });
        expect(difference(par, tabulate(patches, layer, options))).toBeNull();
      }
    });
  }

  it('the sample exercises what the comparison must catch: overlapping approvals, several classes per patch', () => {
    const t = tabulate(patches, approvals, { classBy: 'PZWH', measure: 'planar' });
    // Overlapping approvals (manifest) make area(P ∩ ⋃ class) differ from the plain sum of the parts somewhere.
    expect(manifest.hardCases.approvals.overlapping.length).toBeGreaterThan(0);
    const l = tabulate(patches, landuse, { classBy: 'DLBM', measure: 'planar' });
    expect(l.patches.filter((p) => p.parts.length >= 3).length).toBeGreaterThan(10);
    expect(t.patches.some((p) => p.parts.length > 0)).toBe(true);
  });

  it('starts and ends its own workers when no pool is given', async () => {
    const options = { classBy: 'PZWH', patchIdField: 'JCBH' } as const;
    const par = await tabulateParallel(patches, approvals, { ...options, threads: 2 });
    expect(difference(par, tabulate(patches, approvals, options))).toBeNull();
  });
});

describe('tabulateLayersParallel = tabulateLayers, bit for bit', () => {
  for (const threads of [2, 3] as const) {
    it(`land use × farmland by DLBM, totals and per feature, with ${threads} threads`, async () => {
      const options = { leftClassBy: 'DLBM', perFeature: true, leftIdField: 'BSM' } as const;
      const par = await tabulateLayersParallel(landuse, farmland, { ...options, pool: pools[threads], chunkSize: 97 });
      const one = tabulateLayers(landuse, farmland, options);
      expect(difference(par, one)).toBeNull();
      expect(one.totals.length).toBeGreaterThan(3);
      expect(one.features?.length).toBe(3124);
    });
  }
});

describe('threads: 1 and custom measures run in this thread', () => {
  it('calls onProgress exactly as tabulate does (every 16th patch), so the in-thread loop ran', async () => {
    const seen: number[] = [];
    const one = tabulate(patches, farmland, { measure: 'planar', onProgress: (d) => seen.push(d) });
    const viaThreads1: number[] = [];
    const t1 = await tabulateParallel(patches, farmland, { measure: 'planar', threads: 1, onProgress: (d) => viaThreads1.push(d) });
    const custom: number[] = [];
    const tc = await tabulateParallel(patches, farmland, { measure: planarMeasure(), threads: 3, onProgress: (d) => custom.push(d) });
    expect(seen[0]).toBe(0);
    expect(seen[1]).toBe(16);
    expect(seen.at(-1)).toBe(300);
    expect(viaThreads1).toEqual(seen);
    expect(custom).toEqual(seen);
    expect(difference(t1, one)).toBeNull();
    expect(difference(tc, one)).toBeNull();
  });

  it('in workers, reports progress per finished task, from 0 to the patch count', async () => {
    const done: number[] = [];
    await tabulateParallel(patches, farmland, { measure: 'planar', pool: pools[2], chunkSize: 50, onProgress: (d, n) => done.push(d, n) });
    const counts = done.filter((_, i) => i % 2 === 0);
    expect(done.filter((_, i) => i % 2 === 1).every((n) => n === 300)).toBe(true);
    // 0 first, then one call per task of 50 patches.
    expect(counts).toEqual([0, 50, 100, 150, 200, 250, 300]);
  });
});

describe('errors', () => {
  it('rejects with the same error class and message as the single-threaded function throws', async () => {
    const noCrs = fromGeoJSON(
      { type: 'FeatureCollection', features: [{ type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 0]]] } }] },
      { name: 'nocrs', requireCrs: false },
    ).layer;
    let thrown: unknown;
    try {
      tabulate(patches, noCrs);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(CrsError);
    const rejected = await tabulateParallel(patches, noCrs, { pool: pools[2] }).catch((e: unknown) => e);
    expect(rejected).toBeInstanceOf(CrsError);
    expect((rejected as Error).message).toBe((thrown as Error).message);

    const badClass = (): number => 5 as unknown as number;
    const classBy = badClass as unknown as (a: unknown) => string;
    await expect(tabulateLayersParallel(landuse, farmland, { leftClassBy: classBy, threads: 2 })).rejects.toThrow(
      new InputError('classBy must return a string or null, found number for feature 0'),
    );
  });

  it('rejects bad thread and chunk counts', async () => {
    await expect(tabulateParallel(patches, farmland, { threads: 0 })).rejects.toThrow(/threads must be a positive integer, found 0/);
    await expect(tabulateParallel(patches, farmland, { threads: 1.5 })).rejects.toThrow(InputError);
    await expect(tabulateParallel(patches, farmland, { chunkSize: -1, pool: pools[2] })).rejects.toThrow(/chunkSize must be a positive integer/);
  });
});
