import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { measureInChunks } from '../../src/cli/area.js';
import { runCli } from './helpers.js';
import { readLayer } from '../../src/io/read.js';

const fixtures = new URL('../../fixtures/shp/', import.meta.url).pathname;

const run = (args: string[]) => runCli(args);

/** Expected ellipsoidal areas by GeographicLib (densified edges), from the shared reference county. */
function referenceAreas(): Map<string, { area: number; repair: string }> {
  const lines = readFileSync(join(fixtures, 'patches-areas.csv'), 'utf8').trim().split(/\r?\n/).slice(1);
  return new Map(lines.map((l) => {
    const c = l.split(',');
    return [c[1], { area: Number(c[2]), repair: c[6] ?? '' }];
  }));
}

describe('tuban area', () => {
  it('writes id,area_m2,area_mu for every feature in input order, matching GeographicLib', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tuban-cli-'));
    const out = join(dir, 'a.csv');
    const r = await run(['area', join(fixtures, 'patches.shp'), '--id', 'JCBH', '--out', out]);
    expect(r.code).toBe(0);
    const rows = readFileSync(out, 'utf8').trim().split('\n');
    expect(rows[0]).toBe('id,area_m2,area_mu');
    const ref = referenceAreas();
    const input = JSON.parse(readFileSync(join(fixtures, 'patches.geojson'), 'utf8')).features.map((f: { properties: { JCBH: string } }) => f.properties.JCBH);
    expect(rows.slice(1).map((l) => l.split(',')[0])).toEqual(input);
    for (const line of rows.slice(1)) {
      const [id, m2, mu] = line.split(',');
      const want = ref.get(id)!;
      // Tolerance from the reference README: 1e-7 relative + 0.001 m².
      expect(Math.abs(Number(m2) - want.area), `patch ${id}`).toBeLessThanOrEqual(1e-7 * want.area + 0.001);
      // 亩 = m² × 0.0015, to the last digit or so (tuban rounds the exact decimal product once).
      expect(Math.abs(Number(mu) - Number(m2) * 0.0015)).toBeLessThanOrEqual(Number(m2) * 0.0015 * 4e-16);
    }
    // Nothing but the output file in the folder: the temporary file was renamed into place.
    expect(readdirSync(dir)).toEqual(['a.csv']);
  });

  it('writes to stdout with --out - and reports repairs on stderr', async () => {
    const r = await run(['area', join(fixtures, 'patches.geojson'), '--id', 'JCBH']);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe('id,area_m2,area_mu');
    expect(r.stdout.trim().split('\n').length).toBe(301);
    expect(r.stderr).toMatch(/feature \d+ \(id 3713212026\d+\): duplicate-vertices-removed/);
    // The reference's one invalid patch (a bow-tie, made valid by GEOS MakeValid there) is measured by the
    // even-odd rule and reported.
    expect(r.stderr).toMatch(/feature 221 \(id 3713212026000177\): repaired \(self-intersection\)/);
  });

  it('measures in the plane with --planar, needing no CRS', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tuban-cli-'));
    const f = join(dir, 'local.geojson');
    writeFileSync(f, JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { id: 'a' }, geometry: { type: 'Polygon', coordinates: [[[1000, 1000], [1030, 1000], [1030, 1020], [1000, 1020], [1000, 1000]]] } }] }));
    const r = await run(['area', f, '--planar', '--id', 'id']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n')[1]).toBe('a,600,0.9');
    const refused = await run(['area', f]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/cannot tell the coordinate reference system.*--crs EPSG:/s);
  });

  it('fails cleanly: message on stderr, exit 1, no output file left behind', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tuban-cli-'));
    const bad = join(dir, 'bad.geojson');
    writeFileSync(bad, JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [1, 2] } }] }));
    const out = join(dir, 'out.csv');
    const r = await run(['area', bad, '--out', out]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`^tuban: ${bad.replace(/[.\\]/g, '\\$&')}, feature 0: expected a Polygon or MultiPolygon geometry, found Point.*\\n$`));
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(dir)).toEqual(['bad.geojson']);
  });

  it('rejects bad command lines with exit code 2', async () => {
    expect((await run(['area'])).code).toBe(2);
    expect((await run(['area', 'x.geojson', '--bogus'])).stderr).toMatch(/unknown option "--bogus" for tuban area/);
    expect((await run(['frobnicate'])).stderr).toMatch(/expected a command \(area, overlay, taohe, province, balance, help\), found "frobnicate"/);
    const missingId = await run(['area', join(fixtures, 'patches.geojson'), '--id', 'NOPE']);
    expect([missingId.code, missingId.stderr]).toEqual([1, expect.stringMatching(/expected an attribute "NOPE" for --id, found only: JCBH, XZQDM/)]);
  });

  it('measures in chunks (for progress) with the same areas and whole-layer feature indexes in repairs', () => {
    const { layer } = readLayer(join(fixtures, 'patches.geojson'), { idField: 'JCBH' });
    const done: number[] = [];
    const { areas, repairs } = measureInChunks(layer, { measure: 'ellipsoidal', idField: 'JCBH' }, (d) => done.push(d), 7);
    expect(done.length).toBe(Math.ceil(300 / 7));
    expect(done.slice(0, 3)).toEqual([7, 14, 21]);
    expect(done.at(-1)).toBe(300);
    const ref = referenceAreas();
    for (let f = 0; f < layer.featureCount; f++) {
      const want = ref.get(String(layer.attributes[f].JCBH))!;
      expect(Math.abs(areas[f] - want.area), `feature ${f}`).toBeLessThanOrEqual(1e-7 * want.area + 0.001);
    }
    // The reference's one bow-tie is feature 221 of the whole file (chunk 31 starts at 217).
    expect(repairs.map((r) => [r.featureIndex, r.id])).toEqual([[221, '3713212026000177']]);
  });
});

describe('tuban area output formats', () => {
  it('a CSV file starts with a UTF-8 BOM (for Excel); standard output has none', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tuban-cli-'));
    const out = join(dir, 'a.csv');
    const townships = new URL('../../fixtures/sample/townships.geojson', import.meta.url).pathname;
    expect((await run(['area', townships, '--id', 'XZQMC', '--out', out])).code).toBe(0);
    const bytes = readFileSync(out);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.subarray(3).toString('utf8')).toMatch(/^id,area_m2,area_mu\n城关镇,/);
    const r = await run(['area', townships, '--id', 'XZQMC']);
    expect(r.stdout.startsWith('id,area_m2,area_mu\n')).toBe(true);
  });

  it('an .xlsx output holds the same rows as numbers, 亩 shown with 2 decimals', async () => {
    const { default: ExcelJS } = await import('exceljs');
    const dir = mkdtempSync(join(tmpdir(), 'tuban-cli-'));
    const townships = new URL('../../fixtures/sample/townships.geojson', import.meta.url).pathname;
    const csv = (await run(['area', townships, '--id', 'XZQMC'])).stdout.trim().split('\n').slice(1).map((l) => l.split(','));
    const out = join(dir, 'a.xlsx');
    expect((await run(['area', townships, '--id', 'XZQMC', '--out', out])).code).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    const ws = wb.worksheets[0]!;
    expect(ws.getRow(1).values).toEqual([undefined, 'id', 'area_m2', 'area_mu']);
    csv.forEach(([id, m2, mu], i) => {
      const row = ws.getRow(i + 2);
      expect(row.getCell(1).value).toBe(id);
      expect(row.getCell(2).value).toBe(Number(m2));
      expect(row.getCell(3).value).toBe(Number(mu));
      expect(row.getCell(3).numFmt).toBe('0.00');
    });
    expect(ws.rowCount).toBe(csv.length + 1);
  });
});
