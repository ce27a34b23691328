import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { countyJobs } from '../../src/cli/province.js';
import { runCli } from './helpers.js';

const s = new URL('../../fixtures/sample/', import.meta.url).pathname;

const run = (args: string[]) => runCli(args);

/** A province folder: 甲县 = the sample county; 乙县 = the same without its land use (its job must fail). */
function province(): string {
  const root = mkdtempSync(join(tmpdir(), 'tuban-province-'));
  for (const county of ['甲县', '乙县']) {
    const d = join(root, county);
    mkdirSync(d);
    copyFileSync(join(s, 'patches.geojson'), join(d, 'patches.geojson'));
    copyFileSync(join(s, 'townships.geojson'), join(d, 'townships.geojson'));
    copyFileSync(join(s, 'farmland.geojson'), join(d, 'farmland.geojson'));
    copyFileSync(join(s, 'status.csv'), join(d, 'status.csv'));
    if (county === '甲县') copyFileSync(join(s, 'landuse.geojson'), join(d, 'landuse.geojson'));
  }
  return root;
}

describe('tuban province', () => {
  it('finds the counties and their files by the conventional names', () => {
    const root = province();
    const jobs = countyJobs(root);
    expect(jobs.map((j) => j.name)).toEqual(['乙县', '甲县']);
    const a = jobs[1]!.args;
    expect(a).toContain('--landuse');
    expect(a[a.indexOf('--patches') + 1]).toBe(`patches=${join(root, '甲县', 'patches.geojson')}`);
    expect(jobs[0]!.args).not.toContain('--landuse');
  });

  it('runs every county, reports the failed one without stopping the other, and combines the ledgers', async () => {
    const root = province();
    const out = join(root, 'out');
    const r = await run(['province', root, '--out', out, '--parallel', '2', '--as-of', '2026-11-29', '--quiet']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/province: 乙县: FAILED \(exit 2\): .*--landuse/);
    const report = JSON.parse(readFileSync(join(out, '运行报告.json'), 'utf8')) as { failed: string[]; counties: { name: string; ok: boolean }[] };
    expect(report.failed).toEqual(['乙县']);
    // The combined line of 甲县 is its own ledger's county line.
    const own = JSON.parse(readFileSync(join(out, '甲县', '套合表.json'), 'utf8')) as { ledger: { county: { illegal: { count: number; area: { mu: number } } } }; merge: { tasks: number } };
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(out, '全省汇总.xlsx'));
    const ws = wb.getWorksheet('全省汇总')!;
    const header = (ws.getRow(3).values as unknown[]).slice(1);
    const line = (ws.getRow(4).values as unknown[]).slice(1);
    expect(line[header.indexOf('县区')]).toBe('甲县');
    expect(line[header.indexOf('清零任务')]).toBe(own.merge.tasks);
    expect(line[header.indexOf('违法图斑数')]).toBe(own.ledger.county.illegal.count);
    expect(line[header.indexOf('违法面积（亩）')]).toBe(own.ledger.county.illegal.area.mu);
    // --merge combines what is already there, and gives the same lines.
    const merged = join(root, 'merged');
    expect((await run(['province', out, '--merge', '--out', merged, '--quiet'])).code).toBe(0);
    expect(readFileSync(join(merged, '全省汇总.csv'), 'utf8')).toBe(readFileSync(join(out, '全省汇总.csv'), 'utf8'));
  }, 60_000);

  it('reads a manifest and refuses unknown keys', () => {
    const root = mkdtempSync(join(tmpdir(), 'tuban-province-'));
    const m = join(root, 'p.json');
    writeFileSync(m, JSON.stringify({ counties: [{ name: '甲县', patches: ['a.shp', 'b.shp'], landuse: 'DLTB.shp' }] }));
    expect(countyJobs(m)[0]!.args).toEqual(['--patches', join(root, 'a.shp'), '--patches', join(root, 'b.shp'), '--landuse', join(root, 'DLTB.shp'), '--county', '甲县']);
    writeFileSync(m, JSON.stringify({ counties: [{ name: '甲县', patches: 'a.shp', landuze: 'x.shp' }] }));
    expect(() => countyJobs(m)).toThrow(/found "landuze"/);
  });
});
