/**
 * The 占补平衡 job end to end (job.ts, tuban balance): on the sample county, the demand equals the 耕地 columns of
 * the 套合 table for the same polygons (the check; the 套合 computed by computeTaohe, a different path),
 * the JSON has the summary keys, and the books balance exactly (used + remaining = credited).
 */
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { balanceJSON, runBalance, writeBalance } from '../../src/balance/job.js';
import { readYieldTable } from '../../src/balance/yield.js';
import { runCli } from '../cli/helpers.js';
import { computeTaohe } from '../../src/enforcement/taohe.js';
import { readLayer } from '../../src/io/read.js';

const s = new URL('../../fixtures/sample/', import.meta.url).pathname;
const read = (n: string) => readLayer(join(s, `${n}.geojson`)).layer;
const patches = read('patches');
const landuse = read('landuse');
const r = runBalance({
  occupation: patches,
  landuse,
  supplement: read('reclamation'),
  yieldTable: readYieldTable(join(s, 'yield-table.csv')),
  config: { fields: { occupationType: 'TBLX', occupationId: ['JCBH'] } },
});

describe('runBalance on the sample county (patches as occupations, reclamation as supply)', () => {
  it('demand equals the 耕地 and 水田 columns of the 套合 table for the same polygons', () => {
    const t = computeTaohe({ patches, landuse }, { townshipAssignment: 'majority' });
    const mu = (m2: number) => (m2 * 3) / 2000;
    let checked = 0;
    for (const d of r.demands) {
      const row = t.rows.find((x) => x.patchIndex === d.featureIndex)!;
      const area = d.pieces.reduce((a, p) => a + p.areaM2, 0);
      const paddy = d.pieces.filter((p) => p.landClass === 'paddy').reduce((a, p) => a + p.areaM2, 0);
      expect(Math.abs(mu(area) - mu(row.m2.cultivated))).toBeLessThan(1e-6);
      expect(Math.abs(mu(paddy) - mu(row.m2.paddy))).toBeLessThan(1e-6);
      if (d.counted) expect(Math.abs(d.need.area_mu - mu(row.m2.cultivated))).toBeLessThan(0.01);
      checked++;
    }
    expect(checked).toBe(patches.featureCount);
    // 设施农用地 patches (TBLX) are exempt by default.
    const exempt = r.demands.filter((d) => !d.counted);
    expect(exempt.length).toBe(patches.attributes.filter((a) => a.TBLX === '设施农用地').length);
  });

  it('the books balance exactly: used + remaining = credited per row, Σ write-offs = covered per occupation', () => {
    const toU = (x: number) => Math.round(x * 1e4);
    for (const p of r.result.perSupply) {
      for (const k of ['area_mu', 'paddy_mu'] as const) expect(toU(p.used[k]) + toU(p.remaining[k])).toBe(toU(p.credited[k]));
      expect(Math.round(p.used.capacity_kg * 100) + Math.round(p.remaining.capacity_kg * 100)).toBe(Math.round(p.credited.capacity_kg * 100));
    }
    for (const d of r.result.perDemand) {
      const sum = d.allocations.reduce((a, x) => a + toU(x.amount.area_mu), 0);
      expect(sum).toBe(toU(d.covered.area_mu));
    }
    const j = balanceJSON(r) as Record<string, unknown>;
    for (const k of ['demand', 'supply', 'remaining', 'deficits']) expect(Object.keys(j[k] as object).sort()).toEqual(['area_mu', 'capacity_kg', 'paddy_mu']);
    expect(typeof j.balanced).toBe('boolean');
    // The sample's supply is far below its demand: every indicator fails, the deficit is demand − supply.
    const sum = r.result.summary;
    expect(sum.balanced).toBe(false);
    expect(toU(sum.deficits.area_mu)).toBe(toU(sum.demand.area_mu) - toU(sum.supply.area_mu));
  });

  it('writes 占补平衡.xlsx (指标库, 使用台账, 平衡表) and 占补平衡.json', async () => {
    const out = mkdtempSync(join(tmpdir(), 'tuban-balance-'));
    await writeBalance(out, r);
    expect(readdirSync(out).sort()).toEqual(['占补平衡.json', '占补平衡.xlsx']);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(out, '占补平衡.xlsx'));
    expect(wb.worksheets.map((w) => w.name)).toEqual(['指标库', '使用台账', '平衡表']);
    expect(JSON.parse(readFileSync(join(out, '占补平衡.json'), 'utf8')).yieldTable).toMatch(/illustrative example only/);
  });
});

describe('tuban balance', () => {
  const run = (args: string[]) => runCli(args);
  const base = ['balance', '--occupation', join(s, 'patches.geojson'), '--landuse', join(s, 'landuse.geojson'), '--supplement', join(s, 'reclamation.geojson')];

  it('prints the JSON summary, says whether it balances, and refuses what it cannot use', async () => {
    const r1 = await run([...base, '--yield-table', join(s, 'yield-table.csv'), '--format', 'json']);
    expect(r1.code).toBe(0);
    const j = JSON.parse(r1.stdout) as { balanced: boolean; failing: string[] };
    expect(j.balanced).toBe(false);
    expect(r1.stderr).toMatch(/balance: NOT balanced: 耕地数量, 粮食产能, 水田规模/);
    expect((await run(base)).code).toBe(2);
    const bad = await run([...base, '--yield-table', join(s, 'status.csv')]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/status\.csv/);
    expect(bad.stderr).not.toMatch(/\n\s+at /);
  });
});
