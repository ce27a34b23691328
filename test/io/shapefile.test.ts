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

import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { readLayer } from '../../src/io/read.js';
import type { Layer } from '../../src/geometry/types.js';
import { dbfBytes, PRJ_4527, shapefileBytes, square, threeSquares, X0, Y0 } from './corpus/make.js';

// GDAL is on the development machine, not on a user's: the cross-checks against its writer skip without it.
const hasOgr = spawnSync('ogr2ogr', ['--version'], { stdio: 'ignore' }).status === 0;
const sample = new URL('../../fixtures/sample/', import.meta.url).pathname;

/** Rings of two layers equal as vertex cycles (same vertices in the same cyclic order, any start vertex). */
function expectSameRings(got: Layer, want: Layer): void {
  expect(Array.from(got.featureOffsets)).toEqual(Array.from(want.featureOffsets));
  expect(Array.from(got.polygonOffsets)).toEqual(Array.from(want.polygonOffsets));
  expect(Array.from(got.ringOffsets)).toEqual(Array.from(want.ringOffsets));
  for (let r = 0; r + 1 < want.ringOffsets.length; r++) {
    const a = want.ringOffsets[r];
    const n = want.ringOffsets[r + 1] - a;
    let shift = -1;
    for (let s = 0; s < n && shift < 0; s++) if (got.coords[2 * (a + s)] === want.coords[2 * a] && got.coords[2 * (a + s) + 1] === want.coords[2 * a + 1]) shift = s;
    expect(shift, `ring ${r} start vertex`).toBeGreaterThanOrEqual(0);
    for (let k = 0; k < n; k++) {
      const g = a + ((shift + k) % n);
      if (got.coords[2 * g] !== want.coords[2 * (a + k)] || got.coords[2 * g + 1] !== want.coords[2 * (a + k) + 1]) {
        expect([got.coords[2 * g], got.coords[2 * g + 1]], `ring ${r} vertex ${k}`).toEqual([want.coords[2 * (a + k)], want.coords[2 * (a + k) + 1]]);
      }
    }
  }
}

describe('readLayer on Shapefiles written by GDAL (ogr2ogr)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tuban-ogr-'));

  it.skipIf(!hasOgr)('land use (3 124 parcels, GBK): the same rings, attributes and CRS as the GeoJSON it came from', () => {
    execFileSync('ogr2ogr', ['-f', 'ESRI Shapefile', '-lco', 'ENCODING=GBK', join(dir, 'landuse.shp'), join(sample, 'landuse.geojson')]);
    const shp = readLayer(join(dir, 'landuse.shp'), { idField: 'BSM' });
    const gj = readLayer(join(sample, 'landuse.geojson'), { idField: 'BSM' });
    expect(shp.layer.featureCount).toBe(3124);
    expect(shp.layer.crs?.epsg).toBe(4527);
    expectSameRings(shp.layer, gj.layer);
    // GDAL writes text fields as text and reals as N 24.15: every value reads back equal.
    expect(shp.layer.attributes).toEqual(gj.layer.attributes);
    expect(shp.layer.attributes.some((a) => typeof a.DLMC === 'string' && /[\u4e00-\u9fff]/.test(a.DLMC))).toBe(true);
    // GDAL 3.6 leaves the language driver byte 0 and writes the encoding to the .cpg.
    expect(shp.report.warnings?.[0]).toBe('DBF text decoded as gb18030 (from the .cpg "GBK")');
    expect(shp.report.issues).toEqual([]);
  });

  it.skipIf(!hasOgr)('patches as PolygonZ (-dim XYZ) and as UTF-8: the same layer, Z dropped and said', () => {
    execFileSync('ogr2ogr', ['-f', 'ESRI Shapefile', '-dim', 'XYZ', '-lco', 'ENCODING=UTF-8', join(dir, 'patchesz.shp'), join(sample, 'patches.geojson')]);
    const z = readLayer(join(dir, 'patchesz.shp'), { idField: 'JCBH' });
    const gj = readLayer(join(sample, 'patches.geojson'), { idField: 'JCBH' });
    expect(readFileSync(join(dir, 'patchesz.shp')).readInt32LE(32)).toBe(15);
    expectSameRings(z.layer, gj.layer);
    expect(z.layer.attributes).toEqual(gj.layer.attributes);
    expect(z.report.warnings).toContain('shape type PolygonZ: the Z (and any M) values were dropped; areas are two-dimensional');
  });

  it.skipIf(!hasOgr)('a zipped set (fflate deflate) reads like the plain one', () => {
    execFileSync('ogr2ogr', ['-f', 'ESRI Shapefile', '-lco', 'ENCODING=GBK', join(dir, 'farmland.shp'), join(sample, 'farmland.geojson')]);
    const parts = Object.fromEntries(['shp', 'shx', 'dbf', 'prj', 'cpg'].map((e) => [`data/farmland.${e}`, new Uint8Array(readFileSync(join(dir, `farmland.${e}`)))]));
    writeFileSync(join(dir, 'farmland.zip'), zipSync(parts, { level: 6 }));
    const plain = readLayer(join(dir, 'farmland.shp'));
    const zipped = readLayer(join(dir, 'farmland.zip'));
    expect(zipped.layer.name).toBe('farmland');
    expect(Array.from(zipped.layer.coords)).toEqual(Array.from(plain.layer.coords));
    expect(zipped.layer.attributes).toEqual(plain.layer.attributes);
  });
});

describe('the .shx index', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tuban-shx-'));
  const fields = [{ name: 'BSM', type: 'N', length: 4 }];
  const rows = [['1'], ['2'], ['3']];

  it('is followed past records an editor left behind, which a file-order read would count', () => {
    // A .shp with a stale copy of record 2 between records 2 and 3; the .shx indexes the three live ones.
    const live = threeSquares();
    const stale = { rings: [square(X0 + 500, Y0, 10)] };
    const { shp: all } = shapefileBytes([live[0], live[1], stale, live[2]]);
    const { shx: index } = shapefileBytes(live);
    // Records are 136 bytes from byte 100: live ones at 100, 236 and (after the stale one at 372) 508.
    const shx = Buffer.from(index);
    shx.writeInt32BE(508 / 2, 100 + 8 * 2);
    writeFileSync(join(dir, 'edited.shp'), all);
    writeFileSync(join(dir, 'edited.shx'), shx);
    writeFileSync(join(dir, 'edited.dbf'), dbfBytes(fields, rows));
    writeFileSync(join(dir, 'edited.prj'), PRJ_4527);
    const { layer } = readLayer(join(dir, 'edited.shp'));
    expect(layer.featureCount).toBe(3);
    expect(layer.bboxes[8]).toBe(X0 + 20); // feature 2 is the live third square, not the stale one at X0 + 500
  });

  it('refuses an index that points at a record of another length', () => {
    const { shp, shx } = shapefileBytes(threeSquares());
    const bad = Buffer.from(shx);
    bad.writeInt32BE(130 / 2, 104 + 8); // record 2: 130 bytes instead of 128
    writeFileSync(join(dir, 'badshx.shp'), shp);
    writeFileSync(join(dir, 'badshx.shx'), bad);
    writeFileSync(join(dir, 'badshx.dbf'), dbfBytes(fields, rows));
    expect(() => readLayer(join(dir, 'badshx.shp'), { crs: 'EPSG:4527' })).toThrow(
      'badshx.shp, feature 1: the .shx gives record 2 130 bytes of content at byte offset 236, but the .shp record there has 128: the .shx does not belong to this .shp (remove it to read the .shp alone)',
    );
  });

  it('refuses an index whose size is not 100 + 8n bytes', () => {
    const { shp, shx } = shapefileBytes(threeSquares());
    writeFileSync(join(dir, 'cut.shp'), shp);
    writeFileSync(join(dir, 'cut.shx'), shx.subarray(0, shx.length - 3));
    writeFileSync(join(dir, 'cut.dbf'), dbfBytes(fields, rows));
    expect(() => readLayer(join(dir, 'cut.shp'), { crs: 'EPSG:4527' })).toThrow(
      'cut.shx: expected a .shx of 100 + 8 × n bytes, found 121 bytes (truncated?); remove the .shx to read the .shp without its index',
    );
  });
});

describe('ring grouping', () => {
  it('puts each hole in the smallest exterior that contains it, and an island in a hole back as an exterior', () => {
    // Exterior 100 m, hole 60 m inside it, island 20 m inside the hole (clockwise again), hole 4 m inside the island.
    const rings = [square(0, 0, 100), square(20, 20, 60, true), square(40, 40, 20), square(48, 48, 4, true)];
    const [geometry] = readShp(shapefileBytes([{ rings }]).shp);
    expect(geometry!.coordinates.map((p) => p.map((r) => r[0]))).toEqual([
      [[0, 0], [20, 20]],
      [[40, 40], [48, 48]],
    ]);
  });
});
