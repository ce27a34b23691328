import { describe, expect, it } from 'vitest';
import { buildLayerGeometry } from '../../src/geometry/build.js';
import { InputError } from '../../src/errors.js';

const feature = (geometry: unknown, properties: Record<string, unknown> = {}, id?: string | number) => ({
  type: 'Feature',
  ...(id !== undefined ? { id } : {}),
  properties,
  geometry,
});
const square = (x: number, y: number, s: number, ccw = true) => {
  const r = [
    [x, y],
    [x + s, y],
    [x + s, y + s],
    [x, y + s],
    [x, y],
  ];
  return ccw ? r : r.reverse();
};
const ringOf = (g: ReturnType<typeof buildLayerGeometry>, r: number) => {
  const out: number[][] = [];
  for (let v = g.ringOffsets[r]; v < g.ringOffsets[r + 1]; v++) out.push([g.coords[2 * v], g.coords[2 * v + 1]]);
  return out;
};

describe('buildLayerGeometry', () => {
  it('stores rings open, exterior counter-clockwise and holes clockwise', () => {
    // Shapefile convention in the input: exterior clockwise, hole counter-clockwise.
    const g = buildLayerGeometry([feature({ type: 'Polygon', coordinates: [square(0, 0, 10, false), square(2, 2, 2, true)] })], {});
    expect(Array.from(g.ringOffsets)).toEqual([0, 4, 8]);
    expect(Array.from(g.polygonOffsets)).toEqual([0, 2]);
    expect(Array.from(g.featureOffsets)).toEqual([0, 1]);
    expect(g.reorientedRings).toBe(2);
    const ext = ringOf(g, 0);
    // Counter-clockwise: shoelace sum positive.
    const area2 = (ring: number[][]) => ring.reduce((s, p, i) => s + p[0] * ring[(i + 1) % ring.length][1] - ring[(i + 1) % ring.length][0] * p[1], 0);
    expect(area2(ext)).toBe(200);
    expect(area2(ringOf(g, 1))).toBe(-8);
    expect(Array.from(g.bboxes)).toEqual([0, 0, 10, 10]);
    expect(g.issues).toEqual([]);
  });

  it('removes duplicate consecutive vertices and reports unclosed rings, per feature with its id', () => {
    const ring = [
      [0, 0],
      [0, 0],
      [4, 0],
      [4, 3],
      [4, 3],
      [0, 3],
    ];
    const g = buildLayerGeometry([feature({ type: 'Polygon', coordinates: [ring] }, { JCBH: 'P-1' })], { idField: 'JCBH' });
    expect(ringOf(g, 0)).toEqual([
      [0, 0],
      [4, 0],
      [4, 3],
      [0, 3],
    ]);
    const kinds = g.issues.map((i) => [i.featureIndex, i.id, i.kind]);
    expect(kinds).toContainEqual([0, 'P-1', 'unclosed-ring']);
    expect(kinds).toContainEqual([0, 'P-1', 'duplicate-vertices-removed']);
  });

  it('keeps empty and degenerate features in place, counted and reported', () => {
    const g = buildLayerGeometry(
      [
        feature(null, { n: 0 }),
        feature({ type: 'Polygon', coordinates: [] }, { n: 1 }),
        feature({ type: 'Polygon', coordinates: [[[0, 0], [1, 1], [2, 2], [0, 0]]] }, { n: 2 }),
        feature({ type: 'MultiPolygon', coordinates: [[square(0, 0, 1)], [[[5, 5], [6, 6], [5, 5]]]] }, { n: 3 }),
      ],
      {},
    );
    expect(g.attributes.map((a) => a.n)).toEqual([0, 1, 2, 3]);
    expect(g.emptyCount).toBe(3);
    expect(Array.from(g.featureOffsets)).toEqual([0, 0, 0, 0, 1]);
    expect(Number.isNaN(g.bboxes[0])).toBe(true);
    expect(g.issues.filter((i) => i.featureIndex === 2).map((i) => i.kind)).toEqual(['degenerate-ring-removed', 'polygon-removed', 'empty-geometry']);
    expect(g.issues.filter((i) => i.featureIndex === 3).map((i) => i.kind)).toEqual(['degenerate-ring-removed', 'polygon-removed']);
  });

  it('drops the holes of a polygon whose exterior is unusable, and says so', () => {
    const g = buildLayerGeometry([feature({ type: 'Polygon', coordinates: [[[0, 0], [1, 0], [0, 0]], square(0, 0, 1)] })], {});
    expect(g.ringOffsets.length).toBe(1);
    expect(g.issues.map((i) => i.kind)).toEqual(['degenerate-ring-removed', 'polygon-removed', 'empty-geometry']);
  });

  it('orients thin rings correctly at Gauss–Krüger magnitudes', () => {
    // A 1 mm wide sliver at x ≈ 3.9e7: raw-coordinate shoelace terms (~1.6e14) would swamp its 0.1 m² area.
    const x = 39_599_999.123;
    const y = 3_945_000.456;
    const ring = [
      [x, y],
      [x, y + 100],
      [x + 0.001, y + 100],
      [x + 0.001, y],
      [x, y],
    ]; // clockwise
    const g = buildLayerGeometry([feature({ type: 'Polygon', coordinates: [ring] })], {});
    expect(g.reorientedRings).toBe(1);
    // Reversed from its first vertex (kept first, as GDAL does).
    expect(ringOf(g, 0)).toEqual([
      [x, y],
      [x + 0.001, y],
      [x + 0.001, y + 100],
      [x, y + 100],
    ]);
  });

  it('names the feature, its id and what was found when the geometry type is wrong', () => {
    const run = () =>
      buildLayerGeometry([feature({ type: 'Polygon', coordinates: [square(0, 0, 1)] }), feature({ type: 'LineString', coordinates: [[0, 0], [1, 1]] }, { BSM: 7 })], {
        file: 'x.geojson',
        idField: 'BSM',
      });
    expect(run).toThrow(InputError);
    expect(run).toThrow('x.geojson, feature 1: expected a Polygon or MultiPolygon geometry, found LineString (id 7)');
  });

  it('rejects non-finite coordinates with their position', () => {
    expect(() => buildLayerGeometry([feature({ type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, Number.NaN], [0, 0]]] })], {})).toThrow(
      'feature 0: polygon 0 ring 0 vertex 2: expected finite numbers, found [1, NaN]',
    );
  });

  it('keeps codes as strings and flattens nested attribute values to JSON text', () => {
    const g = buildLayerGeometry([feature({ type: 'Polygon', coordinates: [square(0, 0, 1)] }, { DLBM: '0101', GDDB: 5, tags: ['a'] }, 'x1')], {});
    expect(g.attributes[0]).toEqual({ DLBM: '0101', GDDB: 5, tags: '["a"]' });
    expect(g.featureIds[0]).toBe('x1');
  });
});
