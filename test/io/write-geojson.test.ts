import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { crsFromEpsg } from '../../src/crs/index.js';
import { fromGeoJSON } from '../../src/geometry/layer.js';
import type { Attributes, Layer } from '../../src/geometry/types.js';
import { writeGeoJSON } from '../../src/io/geojson-write.js';
import { readLayer } from '../../src/io/read.js';
import { writeLayer } from '../../src/io/write.js';

const dir = mkdtempSync(join(tmpdir(), 'tuban-write-geojson-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const sample = (name: string) => new URL(`../../fixtures/sample/${name}.geojson`, import.meta.url).pathname;

type Ring = number[][];
interface Fc {
  type: string;
  name?: string;
  crs?: unknown;
  features: { type: string; id?: unknown; properties: Record<string, unknown>; geometry: { type: string; coordinates: unknown } | null }[];
}

/** Twice the signed area by the shoelace formula, relative to the first vertex (positive = counter-clockwise). */
function signedArea2(ring: Ring): number {
  let s = 0;
  const [ox, oy] = ring[0];
  for (let i = 1; i + 1 < ring.length; i++) s += (ring[i][0] - ox) * (ring[i + 1][1] - oy) - (ring[i + 1][0] - ox) * (ring[i][1] - oy);
  return s;
}

function expectSameLayer(got: Layer, want: Layer): void {
  expect(got.featureCount).toBe(want.featureCount);
  expect(got.coords.length).toBe(want.coords.length);
  let differing = 0;
  for (let i = 0; i < want.coords.length; i++) if (!Object.is(got.coords[i], want.coords[i])) differing++;
  expect(differing, 'coordinates that differ').toBe(0);
  expect([...got.ringOffsets]).toEqual([...want.ringOffsets]);
  expect([...got.polygonOffsets]).toEqual([...want.polygonOffsets]);
  expect([...got.featureOffsets]).toEqual([...want.featureOffsets]);
  expect(got.attributes).toEqual(want.attributes);
  expect(got.featureIds).toEqual(want.featureIds);
  expect(got.crs?.epsg).toBe(want.crs?.epsg);
}

describe('writeGeoJSON → readLayer round trip on the sample county', () => {
  for (const name of ['townships', 'patches', 'landuse', 'farmland', 'approvals', 'reclamation', 'planning', 'filings', 'redline', 'county']) {
    it(`${name}: identical layer, and the crs member GDAL reads`, () => {
      const { layer } = readLayer(sample(name));
      const path = join(dir, `${name}.geojson`);
      const report = writeGeoJSON(path, layer);
      expect(report).toMatchObject({ format: 'geojson', featureCount: layer.featureCount, crsDeclared: 'crs-member', warnings: [] });
      const fc = JSON.parse(readFileSync(path, 'utf8')) as Fc;
      expect(fc.crs).toEqual({ type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::4527' } });
      expect(fc.name).toBe(name);
      const back = readLayer(path);
      expectSameLayer(back.layer, layer);
      expect(back.report.issues).toEqual([]);
    });
  }

  it('writes the same coordinates, text and codes as the source file', () => {
    // The source was written by another tool; our output must hold the same numbers and strings.
    const src = JSON.parse(readFileSync(sample('landuse'), 'utf8')) as Fc;
    const out = JSON.parse(readFileSync(join(dir, 'landuse.geojson'), 'utf8')) as Fc;
    expect(out.features.map((f) => f.properties)).toEqual(src.features.map((f) => f.properties));
    let rings = 0;
    out.features.forEach((f, i) => {
      const g = src.features[i].geometry!;
      const polys = (g.type === 'Polygon' ? [g.coordinates] : g.coordinates) as Ring[][];
      const ours = (f.geometry!.type === 'Polygon' ? [f.geometry!.coordinates] : f.geometry!.coordinates) as Ring[][];
      ours.forEach((poly, p) =>
        poly.forEach((ring, r) => {
          rings++;
          expect(ring[0]).toEqual(ring[ring.length - 1]); // closed
          expect(Math.sign(signedArea2(ring))).toBe(r === 0 ? 1 : -1); // exterior CCW, holes CW (RFC 7946 §3.1.6)
          const s = polys[p][r];
          const sameOrder = ring.length === s.length && ring.every((pt, k) => pt[0] === s[k][0] && pt[1] === s[k][1]);
          const reversed = [s[0], ...s.slice(1, -1).reverse(), s[0]];
          expect(sameOrder || ring.every((pt, k) => pt[0] === reversed[k][0] && pt[1] === reversed[k][1]), `feature ${i} ring ${r}`).toBe(true);
        }),
      );
    });
    expect(rings).toBeGreaterThan(3124);
  });
});

describe('GeoJSON text', () => {
  const E = 39_500_000;
  const N = 3_900_000;
  // Doubles that need all 17 significant digits, and one feature with no geometry.
  const xs = [E + 0.1 + 0.2, E + 100.123456789, E + 100.123456789, E + 1 / 3];
  const fc = {
    type: 'FeatureCollection',
    features: [
      {
        type: 'Feature',
        id: 'JC-1',
        properties: { JCBH: '3713262023001', MJ: 0.1 + 0.2, n: null, ok: true },
        geometry: { type: 'Polygon', coordinates: [[[xs[0], N], [xs[1], N + 1e-9], [xs[2], N + 100.5], [xs[3], N + 7 / 9], [xs[0], N]]] },
      },
      { type: 'Feature', id: 7, properties: { JCBH: '3713262023002', MJ: 1, n: 2, ok: false }, geometry: null },
    ],
  };
  const { layer } = fromGeoJSON(fc, { crs: 'EPSG:4527', name: '图斑' });

  it('writes every double in its shortest round-trip form, and null geometry for an empty feature', () => {
    const path = join(dir, 'precise.geojson');
    writeGeoJSON(path, layer);
    const text = readFileSync(path, 'utf8');
    expect(text).toContain(`[${xs[0]},${N}]`);
    expect(text).toContain(`[${E + 1 / 3},${N + 7 / 9}]`);
    expect(text).toContain('"MJ":0.30000000000000004');
    expect(text).toContain('"id":"JC-1"');
    expect(text).toContain('{"type":"Feature","id":7,"properties":{"JCBH":"3713262023002","MJ":1,"n":2,"ok":false},"geometry":null}');
    const back = readLayer(path).layer;
    expectSameLayer(back, layer);
    expect(back.name).toBe('precise');
    expect((JSON.parse(text) as Fc).name).toBe('图斑');
  });

  it('writes one Feature per line for .ndjson, and says the CRS must be given to readers', () => {
    const path = join(dir, 'lines.ndjson');
    const report = writeLayer(path, layer);
    expect(report.format).toBe('ndjson');
    expect(report.warnings).toEqual(['line-delimited GeoJSON cannot declare a CRS; readers must be told EPSG:4527 (e.g. ogr2ogr -a_srs)']);
    const lines = readFileSync(path, 'utf8').split('\n');
    expect(lines.length).toBe(3);
    expect(lines[2]).toBe('');
    const features = lines.slice(0, 2).map((l) => JSON.parse(l) as Fc['features'][number]);
    expect(features.map((f) => f.type)).toEqual(['Feature', 'Feature']);
    expect(features[1].geometry).toBeNull();
    // Back through the FeatureCollection reader: the same layer.
    const asFc = fromGeoJSON({ type: 'FeatureCollection', features }, { crs: 'EPSG:4527' }).layer;
    expectSameLayer(asFc, layer);
  });

  it('lonLat: plain RFC 7946, no crs member, CGCS2000 longitude/latitude', () => {
    // A point on the central meridian (x = false easting) has longitude exactly 117°.
    const onCm = fromGeoJSON(
      { type: 'FeatureCollection', features: [{ type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: [[[E, N], [E + 100, N], [E, N + 100], [E, N]]] } }] },
      { crs: 'EPSG:4527' },
    ).layer;
    const path = join(dir, 'lonlat.geojson');
    const report = writeGeoJSON(path, onCm, { lonLat: true });
    expect(report.crsDeclared).toBe('rfc7946');
    expect(report.crs?.epsg).toBe(4490);
    const fc2 = JSON.parse(readFileSync(path, 'utf8')) as Fc;
    expect(fc2.crs).toBeUndefined();
    const ring = (fc2.features[0].geometry!.coordinates as Ring[])[0];
    expect(Math.abs(ring[0][0] - 117)).toBeLessThan(1e-12);
    expect(ring[0][1]).toBeGreaterThan(35.2);
    expect(ring[0][1]).toBeLessThan(35.3);
    expect(ring[1][0]).toBeGreaterThan(117);
    expect(signedArea2(ring)).toBeGreaterThan(0);
    // Read back (the reader projects lon/lat to the 3° zone of the centre: zone 39 again) within 1 µm.
    const back = readLayer(path).layer;
    expect(back.crs?.centralMeridian).toBe(117);
    const shift = (back.crs?.falseEasting ?? 0) - E;
    for (let i = 0; i < onCm.coords.length; i += 2) {
      expect(Math.abs(back.coords[i] - shift - onCm.coords[i])).toBeLessThan(1e-6);
      expect(Math.abs(back.coords[i + 1] - onCm.coords[i + 1])).toBeLessThan(1e-6);
    }
  });

  it('refuses lonLat for a layer without a CRS', () => {
    expect(() => writeGeoJSON(join(dir, 'x.geojson'), { ...layer, crs: null }, { lonLat: true })).toThrow(/has no CRS, so it cannot be written as lon\/lat/);
  });

  it('declares a CRS without an EPSG code by its WKT, which the reader takes back', () => {
    const custom = fromGeoJSON(fc, { crs: 'PROJCS["x",GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",DATUM["D_China_2000",SPHEROID["CGCS2000",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Gauss_Kruger"],PARAMETER["False_Easting",39500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",117.5],PARAMETER["Scale_Factor",1.0],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]' }).layer;
    expect(custom.crs?.epsg).toBeNull();
    const path = join(dir, 'custom.geojson');
    writeGeoJSON(path, custom);
    const back = readLayer(path).layer;
    expect(back.crs?.centralMeridian).toBe(117.5);
    expect(back.crs?.falseEasting).toBe(39_500_000);
  });

  it('keeps an existing file when writing fails part-way, and leaves no temporary file', () => {
    const sub = mkdtempSync(join(dir, 'atomic-'));
    const path = join(sub, 'out.geojson');
    writeFileSync(path, 'previous content');
    // A BigInt attribute makes JSON.stringify throw in the middle of the features.
    const attributes: Attributes[] = [layer.attributes[0], { JCBH: 1n } as unknown as Attributes];
    expect(() => writeGeoJSON(path, { ...layer, attributes })).toThrow(/BigInt/);
    expect(readdirSync(sub)).toEqual(['out.geojson']);
    expect(readFileSync(path, 'utf8')).toBe('previous content');
  });

  it('refuses a directory as the target and leaves it alone', () => {
    const sub = mkdtempSync(join(dir, 'isdir-'));
    const target = join(sub, 'out.geojson');
    mkdirSync(target);
    writeFileSync(join(target, 'inside.txt'), 'keep');
    expect(() => writeGeoJSON(target, layer)).toThrow(/expected a file name to write, found a directory/);
    expect(readFileSync(join(target, 'inside.txt'), 'utf8')).toBe('keep');
    expect(readdirSync(sub)).toEqual(['out.geojson']);
  });

  it('writeLayer chooses the format by extension', () => {
    expect(writeLayer(join(dir, 'by-ext.json'), layer).format).toBe('geojson');
    expect(writeLayer(join(dir, 'by-ext.geojsonl'), layer).format).toBe('ndjson');
    expect(writeLayer(join(dir, 'by-ext.shp'), layer).format).toBe('shapefile');
    expect(() => writeLayer(join(dir, 'by-ext.kml'), layer)).toThrow(/expected an output ending in \.shp, \.geojson/);
  });

  it('lonLat on a Beijing 1954 layer needs a datum shift', () => {
    const bj = { ...layer, crs: crsFromEpsg(2415) };
    expect(() => writeGeoJSON(join(dir, 'bj.geojson'), bj, { lonLat: true })).toThrow(/datum shift/);
  });
});
