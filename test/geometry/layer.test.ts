import { readFileSync } from 'node:fs';
import proj4 from 'proj4';
import { describe, expect, it } from 'vitest';
import { CrsError, InputError } from '../../src/errors.js';
import { fromGeoJSON, reprojectLayer, toGeoJSON } from '../../src/geometry/layer.js';
import { crsFromEpsg } from '../../src/crs/index.js';

const fc = (features: unknown[], extra: Record<string, unknown> = {}) => ({ type: 'FeatureCollection', ...extra, features });
const crs4527 = { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::4527' } };
const sq = (x: number, y: number, s: number) => [
  [x, y],
  [x + s, y],
  [x + s, y + s],
  [x, y + s],
  [x, y],
];
const poly = (props: Record<string, unknown>, ...rings: number[][][]) => ({ type: 'Feature', properties: props, geometry: { type: 'Polygon', coordinates: rings } });

describe('fromGeoJSON / toGeoJSON', () => {
  it('round-trips a real layer: same features, attributes, and rings up to orientation and closure', () => {
    const input = JSON.parse(readFileSync(new URL('../../fixtures/shp/patches.geojson', import.meta.url), 'utf8'));
    const { layer, report } = fromGeoJSON(input, { idField: 'JCBH' });
    expect(layer.featureCount).toBe(input.features.length);
    expect(layer.crs?.epsg).toBe(4527);
    expect(report.source).toBe('patches');
    const back = toGeoJSON(layer);
    expect(back.crs?.properties.name).toBe('urn:ogc:def:crs:EPSG::4527');
    expect(back.features.map((f) => f.properties)).toEqual(input.features.map((f: { properties: unknown }) => f.properties));
    // Vertex sets survive (duplicates aside): every output vertex is an input vertex of the same feature.
    back.features.forEach((f, i) => {
      const inputVertices = new Set(JSON.stringify(input.features[i].geometry.coordinates).match(/-?[\d.]+,-?[\d.]+/g));
      const out = JSON.stringify(f.geometry?.coordinates ?? []).match(/-?[\d.]+,-?[\d.]+/g) ?? [];
      for (const v of out) expect(inputVertices.has(v), `feature ${i} vertex ${v}`).toBe(true);
    });
  });

  it('takes the CRS from an explicit option over the file, with a warning', () => {
    const { layer, report } = fromGeoJSON(fc([poly({}, sq(39_500_100, 3_900_000, 10))], { crs: crs4527 }), { crs: 'EPSG:4527' });
    expect(layer.crs?.epsg).toBe(4527);
    expect(report.warnings ?? []).toEqual([]);
    const other = fromGeoJSON(fc([poly({}, sq(500_100, 3_900_000, 10))], { crs: crs4527 }), { crs: 4548 });
    expect(other.layer.crs?.epsg).toBe(4548);
    expect(other.report.warnings?.join(' ')).toMatch(/4527/);
  });

  it('projects lon/lat input to the 3° zone of its centre and says so', () => {
    const lonlat = sq(118.1, 35.6, 0.001);
    const { layer, report } = fromGeoJSON(fc([poly({ n: 1 }, lonlat)]));
    expect(layer.crs?.epsg).toBe(4527); // 118.1°E → zone 39 (CM 117°E), prefixed form
    expect(report.reprojectedFrom).toMatch(/2000/);
    const expected = proj4('+proj=longlat +ellps=GRS80 +no_defs', '+proj=tmerc +lat_0=0 +lon_0=117 +k=1 +x_0=39500000 +y_0=0 +ellps=GRS80 +units=m +no_defs', [118.1, 35.6]);
    expect(layer.coords[0]).toBeCloseTo(expected[0], 6);
    expect(layer.coords[1]).toBeCloseTo(expected[1], 6);
  });

  it('infers the zone from 8-digit eastings and refuses 6-digit ones without a declaration', () => {
    expect(fromGeoJSON(fc([poly({}, sq(39_590_000, 3_940_000, 50))])).layer.crs?.epsg).toBe(4527);
    const bare = fc([poly({}, sq(590_000, 3_940_000, 50))]);
    expect(() => fromGeoJSON(bare)).toThrow(CrsError);
    expect(() => fromGeoJSON(bare)).toThrow(/--crs EPSG:/);
    // Planar work needs no CRS.
    expect(fromGeoJSON(bare, { requireCrs: false }).layer.crs).toBeNull();
  });

  it('rejects what is not a FeatureCollection, saying what it found', () => {
    expect(() => fromGeoJSON({ type: 'Feature' }, { file: 'a.json' })).toThrow(InputError);
    expect(() => fromGeoJSON({ type: 'Feature' }, { file: 'a.json' })).toThrow('a.json: expected a GeoJSON FeatureCollection, found type "Feature"');
    expect(() => fromGeoJSON([])).toThrow('found type undefined');
  });

  it('reprojects between zones with proj4, keeping orientation', () => {
    const { layer } = fromGeoJSON(fc([poly({}, sq(39_590_000, 3_940_000, 50))], { crs: crs4527 }));
    const moved = reprojectLayer(layer, crsFromEpsg(4528));
    expect(moved.crs?.epsg).toBe(4528);
    const want = proj4(
      '+proj=tmerc +lat_0=0 +lon_0=117 +k=1 +x_0=39500000 +y_0=0 +ellps=GRS80 +units=m +no_defs',
      '+proj=tmerc +lat_0=0 +lon_0=120 +k=1 +x_0=40500000 +y_0=0 +ellps=GRS80 +units=m +no_defs',
      [layer.coords[0], layer.coords[1]],
    );
    expect(moved.coords[0]).toBeCloseTo(want[0], 6);
    expect(moved.coords[1]).toBeCloseTo(want[1], 6);
    expect(moved.bboxes[0]).toBeLessThanOrEqual(moved.coords[0]);
  });
});
