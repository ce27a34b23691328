import { describe, expect, it } from 'vitest';
import { fromGeoJSON } from '../../src/geometry/layer.js';
import { prepareLayer } from '../../src/overlay/prepare.js';
import { tabulate } from '../../src/overlay/tabulate.js';

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
