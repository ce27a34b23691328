import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import proj4 from 'proj4';
import { describe, expect, it } from 'vitest';
import { runCli } from './helpers.js';
import { tmercProj4 } from '../area/helpers.js';
import { geographicLibRingArea } from '../area/reference.js';

const run = (args: string[]) => runCli(args);

type Ring = [number, number][];
const square = (x: number, y: number, s: number): Ring => [[x, y], [x + s, y], [x + s, y + s], [x, y + s]];
const closed = (r: Ring) => [[...r, r[0]]];
const feature = (props: object, ring: Ring) => ({ type: 'Feature', properties: props, geometry: { type: 'Polygon', coordinates: closed(ring) } });
const dir = mkdtempSync(join(tmpdir(), 'tuban-checks-'));
function write(name: string, features: object[], epsg?: number): string {
  const path = join(dir, name);
  const crs = epsg !== undefined ? { crs: { type: 'name', properties: { name: `urn:ogc:def:crs:EPSG::${epsg}` } } } : {};
  writeFileSync(path, JSON.stringify({ type: 'FeatureCollection', ...crs, features }));
  return path;
}

describe('duplicate and missing patch ids', () => {
  // Planar squares: P1 twice (features 0 and 2), P2, and a patch without JCBH (feature 3).
  const patches = write('dup-patches.geojson', [
    feature({ JCBH: 'P1' }, square(0, 0, 10)),
    feature({ JCBH: 'P2' }, square(100, 100, 10)),
    feature({ JCBH: 'P1' }, square(20, 0, 10)),
    feature({ OTHER: 1 }, square(40, 0, 10)),
  ]);
  const layer = write('dup-layer.geojson', [feature({ c: 'A' }, square(-5, -5, 100))]);

  it('overlay warns, naming the id and the feature indexes, and keeps every feature\'s rows', async () => {
    const r = await run(['overlay', patches, '--planar', '--id', 'JCBH', '--layer', `z=${layer}:c`]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(`${patches}: warning: 1 JCBH value is used by more than one feature: "P1" (features 0, 2); each feature keeps its own rows`);
    expect(r.stderr).toContain(`${patches}: warning: 1 feature has no JCBH value (feature 3); its rows use the GeoJSON id, else the feature index`);
    // Hand computation: each of the three squares in [-5, 95]² lies wholly on class A, 100 m² each.
    expect(r.stdout.trim().split('\n')).toEqual(['patch_id,layer,class,area_m2,area_mu', 'P1,z,A,100,0.15', 'P1,z,A,100,0.15', '3,z,A,100,0.15']);
    // The patch outside the layer is listed by id.
    expect(r.stderr).toContain('z: 1 of 4 patches overlap no feature: P2\n');
  });

  it('area warns the same way', async () => {
    const r = await run(['area', patches, '--planar', '--id', 'JCBH']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/warning: 1 JCBH value is used by more than one feature: "P1" \(features 0, 2\)/);
    expect(r.stdout.trim().split('\n').slice(1)).toEqual(['P1,100,0.15', 'P2,100,0.15', 'P1,100,0.15', '3,100,0.15']);
  });

  it('says nothing when the ids are unique', async () => {
    const unique = write('unique.geojson', [feature({ JCBH: 'A' }, square(0, 0, 10)), feature({ JCBH: 'B' }, square(20, 0, 10))]);
    const r = await run(['overlay', unique, '--planar', '--id', 'JCBH', '--layer', `z=${layer}`]);
    expect(r.code).toBe(0);
    expect(r.stderr).not.toMatch(/warning|overlap no feature/);
  });
});

describe('coordinate systems of overlay layers', () => {
  // A 100 m patch about 90 km east of the central meridian 117°E, ~35.6°N, in EPSG:4548 (CM 117E, no zone
  // prefix: 6-digit eastings, which cannot be recognised from the coordinates alone).
  const patchRing = square(590_000, 3_940_000, 100);
  const patches = write('crs-patches.geojson', [feature({ JCBH: 'W1' }, patchRing)], 4548);
  const cover = square(589_000, 3_939_000, 2_000);
  const bare = write('crs-bare.geojson', [feature({ k: 'x' }, cover)]);
  // The same kind of cover in zone 40 (EPSG:4528, CM 120E, zone-prefixed), built with proj4 around the patch.
  const toZone40 = proj4(tmercProj4(117, 500_000), tmercProj4(120, 40_500_000));
  const [cx, cy] = toZone40.forward([590_050, 3_940_050]);
  const zone40 = write('crs-zone40.geojson', [feature({ k: 'x' }, square(cx - 1000, cy - 1000, 2000))], 4528);
  // Same numbers declared as Xian 1980 / 3-degree Gauss-Kruger CM 117E (EPSG:2384): another datum.
  const xian = write('crs-xian80.geojson', [feature({ k: 'x' }, cover)], 2384);
  // Independent expected area: GeographicLib on the densified patch (the patch lies wholly on the cover).
  const expected = geographicLibRingArea(patchRing, 117, 500_000);
  const areaOf = (stdout: string) => Number(stdout.trim().split('\n')[1].split(',')[3]);

  it('refuses a layer without a CRS while the patches have one, naming the file and the options that fix it', async () => {
    const r = await run(['overlay', patches, '--id', 'JCBH', '--layer', `farm=${bare}`]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${bare}: cannot tell the coordinate reference system`);
    expect(r.stderr).toContain(`The patches (${patches}) are in`);
    expect(r.stderr).toContain('add --layer-crs farm=EPSG:4548 (or --crs');
    expect(r.stderr.trim().split('\n').length).toBe(1);
  });

  it('takes the layer CRS from --layer-crs, or from --crs for inputs that declare none', async () => {
    const byLayer = await run(['overlay', patches, '--id', 'JCBH', '--layer', `farm=${bare}`, '--layer-crs', 'farm=EPSG:4548']);
    expect(byLayer.code, byLayer.stderr).toBe(0);
    expect(Math.abs(areaOf(byLayer.stdout) - expected)).toBeLessThanOrEqual(1e-7 * expected + 0.001);

    const byFallback = await run(['overlay', patches, '--id', 'JCBH', '--layer', `farm=${bare}`, '--crs', 'EPSG:4548']);
    expect(byFallback.code, byFallback.stderr).toBe(0);
    expect(byFallback.stderr).toContain(`${bare}: the file declares no coordinate system tuban can read; using --crs EPSG:4548`);
    expect(Math.abs(areaOf(byFallback.stdout) - expected)).toBeLessThanOrEqual(1e-7 * expected + 0.001);
  });

  it('reprojects a layer in another zone to the patches\' CRS and says so', async () => {
    const r = await run(['overlay', patches, '--id', 'JCBH', '--layer', `farm=${zone40}`]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/layer farm reprojected from .*\(EPSG:4528\) to the patches' .*\(EPSG:4548\)/);
    expect(Math.abs(areaOf(r.stdout) - expected)).toBeLessThanOrEqual(1e-7 * expected + 0.001);
  });

  it('--layer-crs overrides what the file declares, and must fit the coordinates', async () => {
    // The cover's CM-117E numbers in a file that wrongly declares CM 114E (EPSG:4547).
    const wrong = write('crs-wrong.geojson', [feature({ k: 'x' }, cover)], 4547);
    const fixed = await run(['overlay', patches, '--id', 'JCBH', '--layer', `farm=${wrong}`, '--layer-crs', 'farm=EPSG:4548']);
    expect(fixed.code, fixed.stderr).toBe(0);
    expect(fixed.stderr).toMatch(/declares .*EPSG:4547|4547.*but the explicit CRS/);
    expect(fixed.stderr).not.toMatch(/reprojected/);
    expect(Math.abs(areaOf(fixed.stdout) - expected)).toBeLessThanOrEqual(1e-7 * expected + 0.001);
    // Zone-prefixed eastings (40 5xx xxx) cannot be CM 117E without prefix: refused, naming the file.
    const misfit = await run(['overlay', patches, '--id', 'JCBH', '--layer', `farm=${zone40}`, '--layer-crs', 'farm=EPSG:4548']);
    expect(misfit.code).toBe(1);
    expect(misfit.stderr).toContain(zone40);
    expect(misfit.stderr).not.toMatch(/^\s+at /m);
  });

  it('refuses different CRSs with --planar, and a change of datum, each with a message naming the layer', async () => {
    const planar = await run(['overlay', patches, '--planar', '--layer', `farm=${zone40}`]);
    expect(planar.code).toBe(2);
    expect(planar.stderr).toMatch(/--planar compares coordinates as they are, but layer farm \(.*crs-zone40\.geojson\) is in .*EPSG:4528.* and the patches in .*EPSG:4548/);
    const datum = await run(['overlay', patches, '--layer', `farm=${xian}`]);
    expect(datum.code).toBe(1);
    expect(datum.stderr).toMatch(/layer farm \(.*crs-xian80\.geojson\) is in .*EPSG:2384.*datum shift .*not known.*command line has no datum-shift option/s);
    expect(datum.stderr.trim().split('\n').length).toBe(1);
  });
});
