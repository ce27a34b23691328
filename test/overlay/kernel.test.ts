/**
 * The kernel's patch-edge twins (src/overlay/kernel.ts): a candidate's edge equal to an edge of the patch is
 * dropped and carried by the patch edge. The kernel keeps doing so only while it pays; either way the areas
 * must be the same bit for bit. Checked here by running every overlay with and without patch twins.
 */
import { describe, expect, it } from 'vitest';
import { layerIndex } from '../../src/index/index.js';
import { OverlayKernel } from '../../src/overlay/kernel.js';
import { planarMeasure } from '../../src/overlay/measure.js';
import { prepareLayer } from '../../src/overlay/prepare.js';
import { type Poly, type Ring, layerOf } from './helpers.js';
import { prng } from '../area/helpers.js';

/** Counters of the switch, read and set through a cast (they are private). */
interface TwinCounters {
  patchPuts: number;
  patchTakes: number;
}

describe('patch-edge twins', () => {
  it('give the same areas bit for bit as overlays without them, on patches drawn from a jittered tessellation', () => {
    const rng = prng(41);
    // 7×7 lattice over [0, 60]², interior points jittered off the grid; 6×6 cells, classes a–c, some cells split
    // along a diagonal.
    const pt = (i: number, j: number): [number, number] => {
      const inner = i > 0 && i < 6 && j > 0 && j < 6;
      return [i * 10 + (inner ? 6 * rng() - 3 : 0), j * 10 + (inner ? 6 * rng() - 3 : 0)];
    };
    const P: [number, number][][] = [];
    for (let i = 0; i <= 6; i++) {
      P.push([]);
      for (let j = 0; j <= 6; j++) P[i].push(pt(i, j));
    }
    const cell = (i: number, j: number): Ring => [P[i][j], P[i + 1][j], P[i + 1][j + 1], P[i][j + 1]];
    const feats: { polys: Poly[]; props: Record<string, string> }[] = [];
    for (let i = 0; i < 6; i++) {
      for (let j = 0; j < 6; j++) {
        const c = cell(i, j);
        const cls = 'abc'[Math.floor(rng() * 3)];
        if (rng() < 0.3) {
          feats.push({ polys: [[[c[0], c[1], c[2]]]], props: { c: cls } });
          feats.push({ polys: [[[c[0], c[2], c[3]]]], props: { c: 'abc'[Math.floor(rng() * 3)] } });
        } else feats.push({ polys: [[c]], props: { c: cls } });
      }
    }
    // Patches: single cells (every edge shared with a parcel, same way round), pairs and 2×2 blocks of cells
    // (inner edges of the block are the parcels' own, shared both ways by neighbours), each in both orientations
    // of start vertex.
    const patchRings: Ring[] = [];
    for (let i = 0; i < 6; i++) {
      for (let j = 0; j < 6; j++) {
        patchRings.push(cell(i, j));
        if (i < 5) patchRings.push([P[i][j], P[i + 1][j], P[i + 2][j], P[i + 2][j + 1], P[i + 1][j + 1], P[i][j + 1]]);
        if (i < 5 && j < 5) {
          patchRings.push([P[i][j], P[i + 1][j], P[i + 2][j], P[i + 2][j + 1], P[i + 2][j + 2], P[i + 1][j + 2], P[i][j + 2], P[i][j + 1]]);
        }
      }
    }
    const patches = layerOf(patchRings.map((r) => ({ polys: [[r]] })), 'patches');
    const layer = layerOf(feats, 'parcels');
    const classOf = feats.map((f) => 'abc'.indexOf(f.props.c));
    const prepP = prepareLayer(patches);
    const prepL = prepareLayer(layer);
    const index = layerIndex(layer);
    const withTwins = new OverlayKernel();
    const without = new OverlayKernel();
    // Past the trial, with no take at all: the kernel judges that patch twins do not pay.
    (without as unknown as TwinCounters).patchPuts = 1e9;
    const measure = planarMeasure();
    const b = patches.bboxes;
    for (let p = 0; p < patches.featureCount; p++) {
      const hits = index.search(b[4 * p], b[4 * p + 1], b[4 * p + 2], b[4 * p + 3]);
      for (const k of [withTwins, without]) {
        k.setPatch(patches, p, prepP.fact(p));
        for (const f of hits) {
          k.addCandidate(layer, f, prepL.fact(f));
          k.addGroup(0);
          k.addGroup(1 + classOf[f]);
        }
        k.run(measure, 4);
      }
      expect(withTwins.patchArea()).toBe(without.patchArea());
      for (let g = 0; g < 4; g++) expect(withTwins.groupArea(g), `patch ${p}, group ${g}`).toBe(without.groupArea(g));
      // Covered area: the whole patch (the tessellation covers it), to rounding.
      expect(Math.abs(withTwins.groupArea(0) - withTwins.patchArea())).toBeLessThan(1e-9);
    }
    // The first kernel did carry candidates' edges on patch edges (a few thousand), the second none.
    expect((withTwins as unknown as TwinCounters).patchTakes).toBeGreaterThan(500);
    expect((without as unknown as TwinCounters).patchTakes).toBe(0);
  });
});
