import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readDbf } from '../../src/io/dbf.js';
import { readShp } from '../../src/io/shapefile.js';

// fixtures/shp holds a real GBK Shapefile set and the GeoJSON that GDAL wrote from the same data
// (copied from the shared reference county), so the two decoders are checked against an independent writer.
const dir = new URL('../../fixtures/shp/', import.meta.url);
const geojson = JSON.parse(readFileSync(new URL('patches.geojson', dir), 'utf8')) as {
  features: { properties: Record<string, unknown>; geometry: { type: string; coordinates: number[][][] | number[][][][] } }[];
};

describe('readShp + readDbf on a real GBK Shapefile', () => {
  const shapes = readShp(readFileSync(new URL('patches.shp', dir)));
  const table = readDbf(readFileSync(new URL('patches.dbf', dir)), { cpg: readFileSync(new URL('patches.cpg', dir), 'latin1') });

  it('reads every record, with Chinese attribute text intact', () => {
    expect(shapes.length).toBe(geojson.features.length);
    expect(table.records.length).toBe(geojson.features.length);
    expect(table.encodingFrom).toBe('cpg');
    for (let i = 0; i < table.records.length; i++) {
      const want = geojson.features[i].properties;
      for (const k of Object.keys(want)) {
        const got = table.records[i][k];
        expect(typeof want[k] === 'number' ? Number(got) : got, `feature ${i} ${k}`).toEqual(want[k]);
      }
    }
    expect(table.records.some((r) => /[\u4e00-\u9fff]/.test(String(r.TBLX)))).toBe(true);
  });

  it('groups rings into the same polygons and holes as GDAL', () => {
    for (let i = 0; i < shapes.length; i++) {
      const g = geojson.features[i].geometry;
      const wantPolys = (g.type === 'Polygon' ? [g.coordinates] : g.coordinates) as number[][][][];
      const got = shapes[i]!.coordinates;
      expect(got.map((p) => p.length), `feature ${i} ring counts`).toEqual(wantPolys.map((p) => p.length));
      got.forEach((poly, p) =>
        poly.forEach((ring, r) => {
          const want = wantPolys[p][r];
          expect(ring.length).toBe(want.length);
          // GDAL wrote the GeoJSON with 3 decimals, and its Shapefile writer re-orients a wrongly wound
          // exterior (one patch is deliberately counter-clockwise), so either direction is the same ring.
          const close = (a: number[][], b: number[][]) => a.every((pt, k) => Math.abs(pt[0] - b[k][0]) <= 0.0005 && Math.abs(pt[1] - b[k][1]) <= 0.0005);
          expect(close(ring, want) || close(ring, [...want].reverse()), `feature ${i} polygon ${p} ring ${r}`).toBe(true);
        }),
      );
    }
  });

  it('refuses a non-polygon Shapefile, naming the type', () => {
    const bytes = Buffer.from(readFileSync(new URL('patches.shp', dir)));
    bytes.writeInt32LE(3, 32);
    expect(() => readShp(bytes, { file: 'lines.shp' })).toThrow('lines.shp: expected a polygon Shapefile, found shape type PolyLine');
  });

  it('says where a truncated file ends', () => {
    const bytes = readFileSync(new URL('patches.shp', dir));
    expect(() => readShp(bytes.subarray(0, 5000))).toThrow(/runs past the end of the \.shp file|the file ends first/);
  });
});
