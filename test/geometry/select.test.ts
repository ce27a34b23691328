import { describe, expect, it } from 'vitest';
import { fromGeoJSON, toGeoJSON } from '../../src/geometry/layer.js';
import { selectFeatures } from '../../src/geometry/select.js';
import { CrsError } from '../../src/errors.js';

const square = (x: number, y: number, s: number, id: string) => ({
  type: 'Feature',
  properties: { id },
  geometry: { type: 'Polygon', coordinates: [[[x, y], [x + s, y], [x + s, y + s], [x, y + s], [x, y]]] },
});
const withHole = {
  type: 'Feature',
  properties: { id: 'h' },
  geometry: {
    type: 'MultiPolygon',
    coordinates: [
      [[[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]], [[2, 2], [2, 4], [4, 4], [4, 2], [2, 2]]],
      [[[20, 0], [22, 0], [22, 2], [20, 0]]],
    ],
  },
};
const fc = (...features: unknown[]) => ({ type: 'FeatureCollection', features });
const opts = { requireCrs: false } as const;

describe('selectFeatures', () => {
  it('copies the chosen features of several layers, in order, with extra attributes', () => {
    const { layer: a } = fromGeoJSON(fc(square(0, 0, 1, 'a0'), withHole, square(5, 5, 2, 'a2')), opts);
    const { layer: b } = fromGeoJSON(fc(square(9, 9, 3, 'b0'), { type: 'Feature', properties: { id: 'empty' }, geometry: null }), opts);
    const s = selectFeatures('tasks', [
      { layer: a, features: [1, 2], extra: () => ({ set: 'a' }) },
      { layer: b, features: [1, 0], extra: () => ({ set: 'b' }) },
    ]);
    expect(s.featureCount).toBe(4);
    expect(s.attributes).toEqual([
      { id: 'h', set: 'a' },
      { id: 'a2', set: 'a' },
      { id: 'empty', set: 'b' },
      { id: 'b0', set: 'b' },
    ]);
    // Geometry is what each source layer gives back for that feature.
    const out = toGeoJSON(s).features.map((f) => f.geometry);
    const ga = toGeoJSON(a).features;
    const gb = toGeoJSON(b).features;
    expect(out).toEqual([ga[1]!.geometry, ga[2]!.geometry, gb[1]!.geometry, gb[0]!.geometry]);
    expect(Array.from(s.bboxes.subarray(0, 4))).toEqual([0, 0, 22, 10]);
    expect(Number.isNaN(s.bboxes[8])).toBe(true);
  });

  it('refuses layers in different coordinate systems', () => {
    const { layer: a } = fromGeoJSON(fc(square(39_500_000, 4_000_000, 10, 'x')), { crs: 'EPSG:4527' });
    const { layer: b } = fromGeoJSON(fc(square(0, 0, 1, 'y')), opts);
    expect(() => selectFeatures('s', [{ layer: a, features: [0] }, { layer: b, features: [0] }])).toThrow(CrsError);
  });
});
