/**
 * The kernels kept between calls (src/overlay/kernel-pool.ts): a kept kernel must give what a new one gives, bit
 * for bit, whatever job it ran before (a larger overlay, recorded boundaries, another measure); it must not keep
 * the layers it overlaid alive; and nested jobs must not share one.
 */
import { describe, expect, it } from 'vitest';
import { layerIndex } from '../../src/index/index.js';
import { OverlayKernel } from '../../src/overlay/kernel.js';
import { giveKernel, takeKernel } from '../../src/overlay/kernel-pool.js';
import { planarMeasure } from '../../src/overlay/measure.js';
import { prepareLayer } from '../../src/overlay/prepare.js';
import { intersect } from '../../src/overlay/intersect.js';
import { forEachPatch, tabulate } from '../../src/overlay/tabulate.js';
import { layerOf, rect } from './helpers.js';
import { prng } from '../area/helpers.js';

/** Parcels on a jittered 8 × 8 grid (classes a–d) and patches of 1–3 cells across them, some with a hole. */
function scene(seed: number) {
  const rng = prng(seed);
  const P: [number, number][][] = [];
  for (let i = 0; i <= 8; i++) {
    P.push([]);
    for (let j = 0; j <= 8; j++) {
      const inner = i > 0 && i < 8 && j > 0 && j < 8;
      P[i].push([i * 10 + (inner ? 6 * rng() - 3 : 0), j * 10 + (inner ? 6 * rng() - 3 : 0)]);
    }
  }
  const parcels = [];
  for (let i = 0; i < 8; i++) {
    for (let j = 0; j < 8; j++) {
      parcels.push({ polys: [[[P[i][j], P[i + 1][j], P[i + 1][j + 1], P[i][j + 1]]]], props: { c: 'abcd'[Math.floor(rng() * 4)] } });
    }
  }
  const patches = [];
  for (let k = 0; k < 40; k++) {
    const x = 75 * rng();
    const y = 75 * rng();
    const w = 3 + 25 * rng();
    const h = 3 + 25 * rng();
    const outer = rect(x, y, x + w, y + h);
    patches.push({ polys: [rng() < 0.3 ? [outer, rect(x + w / 4, y + h / 4, x + w / 2, y + h / 2)] : [outer]] });
  }
  return { parcels: layerOf(parcels, 'parcels'), patches: layerOf(patches, 'patches') };
}

/** Every area of a table, to compare bit for bit. */
function areas(t: ReturnType<typeof tabulate>): number[] {
  return t.patches.flatMap((p) => [p.areaM2, p.coveredM2, ...p.parts.map((c) => c.areaM2)]);
}

/** The same table computed with a kernel made for it, patch by patch (what forEachPatch did before the pool). */
function freshKernelAreas(patches: ReturnType<typeof scene>['patches'], parcels: ReturnType<typeof scene>['parcels']): number[] {
  const k = new OverlayKernel();
  const index = layerIndex(parcels);
  const prepP = prepareLayer(patches);
  const prepL = prepareLayer(parcels);
  const classOf = parcels.attributes.map((a) => 'abcd'.indexOf(String(a.c)));
  const b = patches.bboxes;
  const out: number[] = [];
  for (let p = 0; p < patches.featureCount; p++) {
    k.setPatch(patches, p, prepP.fact(p));
    const hits = index.search(b[4 * p], b[4 * p + 1], b[4 * p + 2], b[4 * p + 3]);
    const present = [...new Set(hits.map((f) => classOf[f]))].sort((x, y) => x - y);
    for (const f of hits) {
      k.addCandidate(parcels, f, prepL.fact(f));
      k.addGroup(0);
      if (present.length > 1) k.addGroup(1 + present.indexOf(classOf[f]));
    }
    const single = present.length === 1;
    k.run(planarMeasure(), single ? 1 : 1 + present.length);
    out.push(k.patchArea(), present.length > 0 ? k.groupArea(0) : 0);
    // tabulate lists the non-zero parts by class name; the class ids here are in name order already.
    for (let i = 0; i < present.length; i++) {
      const a = k.groupArea(single ? 0 : 1 + i);
      if (a !== 0) out.push(a);
    }
  }
  return out;
}

describe('kernel pool', () => {
  it('a kept kernel gives the areas of a new one, after larger jobs, recorded boundaries and another measure', () => {
    const small = scene(7);
    const large = scene(8);
    const expected = freshKernelAreas(small.patches, small.parcels);
    const opts = { classBy: 'c', measure: 'planar' } as const;
    expect(areas(tabulate(small.patches, small.parcels, opts))).toEqual(expected);
    // Jobs that grow the kept kernel's buffers, record boundary pieces and use other measures and groupings.
    intersect(large.patches, large.parcels, { classBy: 'c', measure: 'planar' });
    tabulate(large.patches, large.parcels, { measure: 'planar' });
    intersect(small.patches, small.parcels, { measure: 'planar' });
    expect(areas(tabulate(small.patches, small.parcels, opts))).toEqual(expected);
  });

  it('gives kernels without references to the layers they overlaid, and a new one to a nested job', () => {
    const { patches, parcels } = scene(9);
    const outer = takeKernel();
    const nested = takeKernel();
    expect(nested).not.toBe(outer);
    outer.setPatch(patches, 0);
    outer.addCandidate(parcels, 0);
    outer.addGroup(0);
    outer.run(planarMeasure(), 1);
    expect(outer.arr.opGeom).toContain(parcels);
    giveKernel(outer);
    expect(outer.arr.opGeom).toHaveLength(0);
    expect(outer.arr.opSegIndex).toHaveLength(0);
    giveKernel(nested);
    // A visitor that runs a table function while its own job holds a kernel.
    const inner: number[] = [];
    forEachPatch(patches, parcels, new Int32Array(parcels.featureCount), 1, planarMeasure(), (p) => {
      if (p === 0) inner.push(...areas(tabulate(patches, parcels, { measure: 'planar' })));
    });
    expect(inner).toEqual(areas(tabulate(patches, parcels, { measure: 'planar' })));
  });

  it('lets a kernel go instead of keeping it when one overlay grew its buffers far beyond the usual', () => {
    // A 20 000-gon: its edges alone outgrow what the pool keeps (16 384 items).
    const ring: [number, number][] = [];
    for (let i = 0; i < 20_000; i++) ring.push([100 * Math.cos((2 * Math.PI * i) / 20_000), 100 * Math.sin((2 * Math.PI * i) / 20_000)]);
    const big = layerOf([{ polys: [[ring]] }]);
    const k = takeKernel();
    k.setPatch(big, 0);
    k.run(planarMeasure(), 0);
    // Its area, as a check that the overlay ran: the polygon's, 20 000 · ½ · 100² · sin(2π / 20 000).
    expect(k.patchArea()).toBeCloseTo(10_000 * 10_000 * Math.sin((2 * Math.PI) / 20_000), 6);
    giveKernel(k);
    const next = takeKernel();
    expect(next).not.toBe(k);
    giveKernel(next);
  });

  it('judges whether patch-edge twins pay from each job afresh', () => {
    const k = takeKernel();
    const counters = k as unknown as { patchPuts: number; patchTakes: number };
    counters.patchPuts = 1e9;
    counters.patchTakes = 0;
    giveKernel(k);
    const again = takeKernel();
    expect(again).toBe(k);
    expect(counters.patchPuts).toBe(0);
    giveKernel(again);
  });
});
