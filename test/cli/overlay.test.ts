import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { runCli } from './helpers.js';
import { parseLayerArg } from '../../src/cli/overlay.js';

const ref = new URL('../../fixtures/reference/small-1/', import.meta.url).pathname;

const run = (args: string[]) => runCli(args);

describe('tuban overlay', () => {
  it('reproduces the reference overlaps (GEOS pieces, GeographicLib areas) for all six layers', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tuban-overlay-'));
    const out = join(dir, 'o.csv');
    const r = await run([
      'overlay', join(ref, 'patches.geojson'), '--id', 'JCBH',
      '--layer', `landuse=${join(ref, 'landuse.geojson')}:DLBM`,
      '--layer', `farmland=${join(ref, 'farmland.geojson')}`,
      '--layer', `planning=${join(ref, 'planning.geojson')}:GZQLXDM`,
      '--layer', `townships=${join(ref, 'townships.geojson')}:XZQDM`,
      '--layer', `approvals=${join(ref, 'approvals.geojson')}`,
      '--layer', `reclamation=${join(ref, 'reclamation.geojson')}`,
      '--out', out,
    ]);
    expect(r.code, r.stderr).toBe(0);
    const ours = readFileSync(out, 'utf8').trim().split('\n');
    expect(ours[0]).toBe('patch_id,layer,class,area_m2,area_mu');
    const key = (c: string[]) => `${c[0]}|${c[1]}|${c[2]}`;
    const got = new Map(ours.slice(1).map((l) => l.split(',')).map((c) => [key(c), Number(c[3])]));
    const expected = readFileSync(join(ref, 'expected/overlaps.csv'), 'utf8').trim().split(/\r?\n/).slice(1).map((l) => l.split(','));
    expect(expected.length).toBeGreaterThan(2000);
    for (const c of expected) {
      const want = Number(c[3]);
      const have = got.get(key(c));
      expect(have, `missing ${key(c)}`).toBeDefined();
      // Tolerance from the issue: 0.01 m² + 1e-7 relative.
      expect(Math.abs(have! - want), key(c)).toBeLessThanOrEqual(0.01 + 1e-7 * want);
    }
    const wanted = new Set(expected.map(key));
    for (const [k, v] of got) if (!wanted.has(k)) expect(v, `extra row ${k}`).toBeLessThanOrEqual(0.01);
    // Rows come patch by patch in input order.
    const order = JSON.parse(readFileSync(join(ref, 'patches.geojson'), 'utf8')).features.map((f: { properties: { JCBH: string } }) => f.properties.JCBH);
    const firstSeen = [...new Set(ours.slice(1).map((l) => l.split(',')[0]))];
    expect(firstSeen).toEqual(order.filter((id: string) => firstSeen.includes(id)));
    expect(r.stderr).toMatch(/3713212026000177\): repaired \(self-intersection\)/);
    expect(readdirSync(dir)).toEqual(['o.csv']);
  });

  it('parses NAME=FILE[:CLASSFIELD] and refuses what is not', () => {
    expect(parseLayerArg('landuse=a/b.shp:DLBM')).toEqual({ name: 'landuse', file: 'a/b.shp', classField: 'DLBM' });
    expect(parseLayerArg('farmland=x.geojson')).toEqual({ name: 'farmland', file: 'x.geojson', classField: undefined });
    expect(() => parseLayerArg('x.geojson')).toThrow('expected --layer NAME=FILE[:CLASSFIELD], found "x.geojson"');
  });

  it('measures in the plane with --planar, without a CRS, and checks the class field', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tuban-overlay-'));
    const sq = (x: number, y: number, s: number) => [[[x, y], [x + s, y], [x + s, y + s], [x, y + s], [x, y]]];
    const fc = (features: unknown[]) => JSON.stringify({ type: 'FeatureCollection', features });
    const feat = (props: object, coords: number[][][]) => ({ type: 'Feature', properties: props, geometry: { type: 'Polygon', coordinates: coords } });
    writeFileSync(join(dir, 'p.geojson'), fc([feat({ id: 'P1' }, sq(0, 0, 10)), feat({ id: 'P2' }, sq(100, 100, 1))]));
    writeFileSync(join(dir, 'l.geojson'), fc([feat({ c: 'A' }, sq(5, 0, 10)), feat({ c: 'B' }, sq(-5, -5, 10))]));
    const r = await run(['overlay', join(dir, 'p.geojson'), '--planar', '--id', 'id', '--layer', `z=${join(dir, 'l.geojson')}:c`]);
    expect(r.code, r.stderr).toBe(0);
    // Hand computation: P1 ∩ A = [5,10]×[0,10] = 50; P1 ∩ B = [0,5]×[0,5] = 25; P2 overlaps nothing.
    expect(r.stdout.trim().split('\n')).toEqual(['patch_id,layer,class,area_m2,area_mu', 'P1,z,A,50,0.075', 'P1,z,B,25,0.0375']);
    const bad = await run(['overlay', join(dir, 'p.geojson'), '--planar', '--layer', `z=${join(dir, 'l.geojson')}:NOPE`]);
    // A field the file does not have is bad input (exit 1), named with the file, as for --id.
    expect([bad.code, bad.stderr]).toEqual([1, expect.stringMatching(/tuban: .*l\.geojson: expected a class field "NOPE" for --layer z, found only: c\n$/)]);
  });
});

describe('tuban overlay --threads', () => {
  it('writes the same CSV, byte for byte, on 2 worker threads as on one', async () => {
    const { mkdtempSync, readFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { main } = await import('../../src/cli/main.js');
    const s = new URL('../../fixtures/sample/', import.meta.url).pathname;
    const dir = mkdtempSync(join(tmpdir(), 'tuban-threads-'));
    const io = { stdout: () => {}, stderr: () => {} };
    const args = (out: string, threads: string) => [
      'overlay', join(s, 'patches.geojson'), '--id', 'JCBH', '--layer', `landuse=${join(s, 'landuse.geojson')}:DLBM`,
      '--layer', `approvals=${join(s, 'approvals.geojson')}`, '--threads', threads, '--out', out,
    ];
    expect(await main(args(join(dir, 'one.csv'), '1'), io)).toBe(0);
    expect(await main(args(join(dir, 'two.csv'), '2'), io)).toBe(0);
    const one = readFileSync(join(dir, 'one.csv'));
    expect(one.length).toBeGreaterThan(10_000);
    expect(readFileSync(join(dir, 'two.csv')).equals(one)).toBe(true);
    let err = '';
    expect(await main(args(join(dir, 'x.csv'), '0'), { stdout: () => {}, stderr: (t) => void (err += t) })).toBe(2);
    expect(err).toMatch(/expected --threads N, a whole number from 1 to 16, found "0"/);
  }, 60_000);
});
