/**
 * Cross-checks with GDAL/OGR, an independent reader and writer of Shapefiles and GeoJSON. GDAL (gdal-bin:
 * ogrinfo, ogr2ogr, gdalsrsinfo) is installed on the development machine but is not a dependency of tuban,
 * so these tests are skipped where it is missing.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { layerPlanarArea } from '../../src/area/planar.js';
import { crsFromEpsg, gaussKrugerCrs } from '../../src/crs/index.js';
import { toGeoJSON } from '../../src/geometry/layer.js';
import type { Layer } from '../../src/geometry/types.js';
import { writeGeoJSON } from '../../src/io/geojson-write.js';
import { readLayer } from '../../src/io/read.js';
import { esriWkt, writeShapefile } from '../../src/io/shapefile-write.js';

function gdalAvailable(): boolean {
  try {
    execFileSync('ogrinfo', ['--version'], { stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
}
const hasGdal = gdalAvailable();
const dir = mkdtempSync(join(tmpdir(), 'tuban-gdal-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const sample = (name: string) => new URL(`../../fixtures/sample/${name}.geojson`, import.meta.url).pathname;
const run = (cmd: string, args: string[]) => execFileSync(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 28, stdio: ['ignore', 'pipe', 'pipe'] });

type Ring = number[][];
interface Fc {
  crs?: unknown;
  features: { properties: Record<string, unknown>; geometry: { type: string; coordinates: unknown } | null }[];
}
/** What GDAL reads from a file, as GeoJSON; 2008-style (not RFC 7946) so coordinates are left as stored. */
const ogrJson = (file: string, ...extra: string[]): Fc => JSON.parse(run('ogr2ogr', ['-f', 'GeoJSON', ...extra, '/vsistdout/', file])) as Fc;
const polygonsOf = (g: Fc['features'][number]['geometry']): Ring[][] =>
  g === null ? [] : ((g.type === 'Polygon' ? [g.coordinates] : g.coordinates) as Ring[][]);
/** A closed ring in the other orientation, from the same first vertex (what a Shapefile writer produces). */
const reversed = (r: Ring): Ring => [r[0], ...r.slice(1, -1).reverse(), r[0]];
const sameRing = (a: Ring, b: Ring) => a.length === b.length && a.every((p, k) => p[0] === b[k][0] && p[1] === b[k][1]);

function expectSameLayer(got: Layer, want: Layer): void {
  expect(got.featureCount).toBe(want.featureCount);
  let differing = 0;
  for (let i = 0; i < want.coords.length; i++) if (!Object.is(got.coords[i], want.coords[i])) differing++;
  expect(got.coords.length).toBe(want.coords.length);
  expect(differing, 'coordinates that differ').toBe(0);
  expect([...got.ringOffsets]).toEqual([...want.ringOffsets]);
  expect([...got.featureOffsets]).toEqual([...want.featureOffsets]);
  expect(got.attributes).toEqual(want.attributes);
  expect(got.crs?.epsg).toBe(want.crs?.epsg);
}

describe.skipIf(!hasGdal)('GDAL reads our Shapefiles (skipped: GDAL ogrinfo/ogr2ogr not installed)', () => {
  for (const name of ['patches', 'townships']) {
    it(`${name}: GBK attributes, coordinates, SRS, count and area as GDAL sees them`, () => {
      const src = JSON.parse(readFileSync(sample(name), 'utf8')) as Fc;
      const { layer } = readLayer(sample(name));
      const shp = join(dir, `${name}.shp`);
      writeShapefile(shp, layer);
      const info = run('ogrinfo', ['-so', shp, name]);
      expect(info).toContain(`Feature Count: ${src.features.length}`);
      expect(info).toContain('ID["EPSG",4527]]');
      const got = ogrJson(shp);
      expect(got.features.map((f) => f.properties)).toEqual(src.features.map((f) => f.properties));
      // GDAL hands the rings back as stored: the layer's rings (exterior counter-clockwise, holes clockwise)
      // reversed from the same first vertex, closed.
      const fromLayer = toGeoJSON(layer);
      got.features.forEach((f, i) => {
        const want = polygonsOf(fromLayer.features[i].geometry as Fc['features'][number]['geometry']);
        expect(polygonsOf(f.geometry).map((p) => p.length), `feature ${i}`).toEqual(want.map((p) => p.length));
        polygonsOf(f.geometry).forEach((poly, p) =>
          poly.forEach((ring, r) => expect(sameRing(ring, reversed(want[p][r])), `feature ${i} polygon ${p} ring ${r}`).toBe(true)),
        );
      });
      const sql = run('ogrinfo', ['-q', '-sql', `SELECT SUM(OGR_GEOM_AREA) AS a, COUNT(*) AS n FROM ${name}`, shp]);
      const gdalArea = Number(/a \(Real\) = ([\d.]+)/.exec(sql)![1]);
      expect(Math.abs(gdalArea / layerPlanarArea(layer) - 1)).toBeLessThan(1e-10);
      expect(sql).toContain(`n (Integer) = ${src.features.length}`);
    });
  }

  it('reads shortened Chinese field names, UTF-8 tables, empty features and doubles', () => {
    const { layer } = readLayer(sample('townships'));
    const doubles = layer.attributes.map((_, i) => (i + 1) * 1234.567890123456 + 1 / (i + 3));
    const l: Layer = {
      ...layer,
      featureOffsets: Uint32Array.from(layer.featureOffsets, (v, i) => (i === 1 ? 0 : v)), // feature 0 empty, 1 takes its polygon
      attributes: layer.attributes.map((a, i) => ({ 权属单位名称代码: a.XZQDM, 权属单位名称: a.XZQMC, AREA: doubles[i] })),
    };
    for (const encoding of ['gbk', 'utf8'] as const) {
      const shp = join(dir, `names-${encoding}.shp`);
      writeShapefile(shp, l, { encoding });
      const got = ogrJson(shp);
      expect(got.features[0].geometry).toBeNull();
      expect(got.features.slice(1).every((f) => f.geometry !== null)).toBe(true);
      // 10 bytes: 5 characters in GBK, 3 in UTF-8.
      const [a, b] = encoding === 'gbk' ? ['权属单位名', '权属单位_1'] : ['权属单', '权属_1'];
      expect(got.features.map((f) => [f.properties[a], f.properties[b]])).toEqual(
        layer.attributes.map((a) => [a.XZQDM, a.XZQMC]),
      );
      // ogrinfo prints Real fields with the field's decimals, i.e. the digits we wrote.
      const printed = [...run('ogrinfo', ['-al', '-q', shp]).matchAll(/^ {2}AREA \(Real\) = (\S+)$/gm)].map((m) => Number(m[1]));
      expect(printed.length).toBe(doubles.length);
      printed.forEach((v, i) => expect(Object.is(v, doubles[i]), `${v} vs ${doubles[i]}`).toBe(true));
    }
  });

  it('reads the .prj we write for a CRS without an EPSG code', () => {
    const crs = gaussKrugerCrs({ centralMeridian: 117.5 });
    writeFileSync(join(dir, 'custom.prj'), esriWkt(crs));
    const proj4 = run('gdalsrsinfo', ['-o', 'proj4', join(dir, 'custom.prj')]);
    expect(proj4).toMatch(/\+proj=tmerc \+lat_0=0 \+lon_0=117\.5 \+k=1 \+x_0=500000 \+y_0=0 \+ellps=GRS80/);
  });

  it('writes the same ESRI WKT as GDAL for one CRS of every family', () => {
    for (const code of [4490, 4214, 4610, 4326, 4527, 4548, 4491, 4509, 2401, 2437, 21420, 21457, 2349, 2379, 2334, 2345]) {
      const gdal = run('gdalsrsinfo', ['-o', 'wkt_esri', '--single-line', `EPSG:${code}`]).trim();
      expect(esriWkt(crsFromEpsg(code)), `EPSG:${code}`).toBe(gdal);
    }
  });
});

describe.skipIf(!hasGdal)('we read what GDAL writes (skipped: GDAL ogr2ogr not installed)', () => {
  for (const name of ['townships', 'patches']) {
    it(`${name}: ogr2ogr -lco ENCODING=GBK Shapefile reads as the GeoJSON it came from`, () => {
      const shp = join(dir, `gdal-${name}.shp`);
      run('ogr2ogr', ['-f', 'ESRI Shapefile', '-lco', 'ENCODING=GBK', shp, sample(name)]);
      expect(readFileSync(join(dir, `gdal-${name}.cpg`), 'latin1')).toBe('GBK');
      const fromShp = readLayer(shp).layer;
      const fromJson = readLayer(sample(name)).layer;
      expectSameLayer(fromShp, fromJson);
    });
  }
});

describe.skipIf(!hasGdal)('GDAL reads our GeoJSON (skipped: GDAL ogr2ogr not installed)', () => {
  const { layer } = readLayer(sample('patches'));
  const src = JSON.parse(readFileSync(sample('patches'), 'utf8')) as Fc;
  const path = join(dir, 'patches.geojson');
  writeGeoJSON(path, layer);

  it('takes the CRS from the crs member, and the same features', () => {
    expect(run('ogrinfo', ['-so', path, 'patches'])).toContain('ID["EPSG",4527]]');
    const got = ogrJson(path);
    expect(got.crs).toEqual({ type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::4527' } });
    expect(got.features.map((f) => f.properties)).toEqual(src.features.map((f) => f.properties));
    const ours = JSON.parse(readFileSync(path, 'utf8')) as Fc;
    expect(got.features.map((f) => polygonsOf(f.geometry))).toEqual(ours.features.map((f) => polygonsOf(f.geometry)));
  });

  it('reads our line-delimited GeoJSON once told the CRS', () => {
    const nd = join(dir, 'patches.ndjson');
    writeGeoJSON(nd, layer);
    const got = ogrJson(nd, '-a_srs', 'EPSG:4527');
    const ours = JSON.parse(readFileSync(path, 'utf8')) as Fc;
    expect(got.features.length).toBe(ours.features.length);
    expect(got.features.map((f) => f.properties)).toEqual(ours.features.map((f) => f.properties));
    expect(got.features.map((f) => polygonsOf(f.geometry))).toEqual(ours.features.map((f) => polygonsOf(f.geometry)));
  });

  it('lonLat output agrees with PROJ transforming our projected file to EPSG:4490 (≤ 1e-9°, ~0.1 mm)', () => {
    const ll = join(dir, 'patches-lonlat.geojson');
    writeGeoJSON(ll, layer, { lonLat: true });
    const ours = JSON.parse(readFileSync(ll, 'utf8')) as Fc;
    const proj = ogrJson(path, '-t_srs', 'EPSG:4490', '-lco', 'COORDINATE_PRECISION=15');
    let worst = 0;
    ours.features.forEach((f, i) => {
      const a = polygonsOf(f.geometry);
      const b = polygonsOf(proj.features[i].geometry);
      a.forEach((poly, p) =>
        poly.forEach((ring, r) =>
          ring.forEach((pt, k) => {
            worst = Math.max(worst, Math.abs(pt[0] - b[p][r][k][0]), Math.abs(pt[1] - b[p][r][k][1]));
          }),
        ),
      );
    });
    expect(worst).toBeLessThan(1e-9);
    expect(ours.crs).toBeUndefined();
  });
});
