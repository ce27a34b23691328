import { describe, expect, it } from 'vitest';
import { fromGeoJSON } from '../../src/geometry/layer.js';
import { LARGE_FEATURE_EDGES, prepareLayer } from '../../src/overlay/prepare.js';
import { tabulate } from '../../src/overlay/tabulate.js';
import { type Poly, type Ring, layerOf, rect } from './helpers.js';
import { jstsIntersectionArea, jstsPolygon } from './jsts.js';

const square = (x: number, y: number, s: number) => [[[x, y], [x + s, y], [x + s, y + s], [x, y + s], [x, y]]];
const bowTie = (x: number, y: number) => [[[x, y], [x + 10, y + 10], [x + 10, y], [x, y + 10], [x, y]]];
const fc = (polys: number[][][][], ids: string[]) => ({
  type: 'FeatureCollection',
  features: polys.map((coordinates, i) => ({ type: 'Feature', properties: { id: ids[i] }, geometry: { type: 'Polygon', coordinates } })),
});
const opts = { requireCrs: false, idField: 'id' } as const;

describe('prepareLayer checks features when an overlay first uses them', () => {
  it('reports the invalid features an overlay touched; checkAll reports the rest', () => {
    const { layer: patches } = fromGeoJSON(fc([square(0, 0, 10)], ['P']), opts);
    // A bow-tie under the patch and another 1 km away from every patch.
    const { layer } = fromGeoJSON(fc([bowTie(0, 0), square(10, 0, 10), bowTie(1000, 1000)], ['near', 'ok', 'far']), opts);
    const t = tabulate(patches, layer, { measure: 'planar', layerIdField: 'id' });
    // Even-odd bow-tie: two triangles of 25 m² each inside the patch (hand computation).
    expect(t.patches[0]!.coveredM2).toBeCloseTo(50, 9);
    expect(t.repairs.map((r) => r.id)).toEqual(['near']);
    const prepared = prepareLayer(layer, { idField: 'id' });
    prepared.checkAll();
    expect(prepared.repairs.map((r) => [r.id, r.featureIndex])).toEqual([['near', 0], ['far', 2]]);
  });
});

describe('tabulate refuses a layer without a CRS against one with a CRS', () => {
  it('names both layers and says how to declare the CRS', async () => {
    const { CrsError } = await import('../../src/errors.js');
    const { layer: gk } = fromGeoJSON(fc([square(39_500_000, 4_000_000, 10)], ['P']), { crs: 'EPSG:4527', idField: 'id' });
    const { layer: local } = fromGeoJSON(fc([square(0, 0, 10)], ['L']), opts);
    expect(local.crs).toBeNull();
    expect(() => tabulate(gk, local, { measure: 'planar' })).toThrow(CrsError);
    expect(() => tabulate(local, gk)).toThrow(/has no coordinate system; declare it \(e\.g\. crs: 'EPSG:4527'\)/);
  });
});

describe('large features go through their segment index (gather, auxiliary edges, point location)', () => {
  // A wavy ring of 2 000 edges (well above LARGE_FEATURE_EDGES) with a hole, and patches that cross it, sit in
  // its hole, inside it away from every edge, and outside it: each area against jsts over the same rings.
  const n = 2000;
  const wavy: Ring = Array.from({ length: n }, (_, i) => {
    const t = (2 * Math.PI * i) / n;
    const r = 1000 + 40 * Math.sin(17 * t);
    return [r * Math.cos(t), r * Math.sin(t)];
  });
  const hole: Ring = Array.from({ length: 300 }, (_, i) => {
    const t = (-2 * Math.PI * i) / 300;
    return [150 + 200 * Math.cos(t), -100 + 200 * Math.sin(t)];
  });
  const big: Poly = [wavy, hole];
  const patches: Poly[] = [
    [rect(900, -60, 1100, 60)], // across the wavy boundary
    [rect(100, -150, 200, -50)], // inside the hole
    [rect(300, -120, 420, 10)], // across the hole's boundary
    [rect(-500, 300, -300, 500)], // inside, away from every edge
    [rect(760, 760, 800, 800)], // outside, within the feature's box
    [[[-1100, -20], [-900, -20], [-1000, 90]]], // across, a triangle
  ];
  it('has more edges than LARGE_FEATURE_EDGES', () => {
    expect(n + 300).toBeGreaterThan(LARGE_FEATURE_EDGES);
  });
  const t = tabulate(layerOf(patches.map((p) => ({ polys: [p] }))), layerOf([{ polys: [big] }]), { measure: 'planar' });
  it.each(patches.map((p, i) => ({ i, p })))('patch $i', ({ i, p }) => {
    const ref = jstsIntersectionArea(jstsPolygon([p]), jstsPolygon([big]));
    const got = t.patches[i]!.coveredM2;
    expect(Math.abs(got - ref)).toBeLessThanOrEqual(1e-9 * Math.max(1, ref));
  });
  it('the checks above are not all trivial', () => {
    const covered = t.patches.map((p) => p.coveredM2);
    expect(covered.filter((a, i) => a > 0 && a < t.patches[i]!.areaM2 - 1).length).toBeGreaterThanOrEqual(3);
    expect(covered.filter((a) => a === 0).length).toBeGreaterThanOrEqual(2);
  });
});
