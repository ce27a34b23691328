/**
 * The whole 卫片执法 job on the sample county (job.ts): two patch sets (the manifest's annual 2026 set and the
 * legacy set), every layer, the sample status and deadline tables. Expected counts come from the fixture
 * manifest (which patches the generator duplicated across sets) and from the issue's column list.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { readProgressHistory, runTaoheJob, TASK_MEMBERS_FIELD, writeTaoheJob } from '../../src/enforcement/job.js';
import { readStatusTable } from '../../src/enforcement/status.js';
import type { Layer } from '../../src/geometry/types.js';
import { countyJobInput } from '../../fixtures/county/sets.js';
import { readLayer } from '../../src/io/read.js';
import { roundHalfAwayFromZero, toMu } from '../../src/area/units.js';

const dir = new URL('../../fixtures/sample/', import.meta.url).pathname;
const read = (n: string) => readLayer(join(dir, `${n}.geojson`)).layer;
const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as {
  hardCases: { patches: { annual: number; legacy: number; duplicateAcrossSets: { annual: string; legacy: string; exact: boolean }[] } };
};

const input = countyJobInput(dir);
const [annual, legacy] = input.patchSets as [{ name: string; layer: Layer }, { name: string; layer: Layer }];
const result = runTaoheJob(input);

/** The 套合 table's columns exactly as issue 5 names them, in its order. */
const ISSUE_COLUMNS = [
  '图斑编号', '乡镇代码', '乡镇名称', '地块总面积', '耕地面积', '水田面积', '水浇地面积', '旱地面积', '基本农田面积',
  '非耕农用地面积', '未利用地面积', '建设用地面积', '未调查面积', '生态红线面积', '允许建设区面积', '有条件建设区面积',
  '限制建设区面积', '禁止建设区面积', '已批面积', '已批比例', '备案设施农用地面积', '复垦区面积', '平差通过',
];

describe('runTaoheJob on the sample county', () => {
  const dup = manifest.hardCases.patches.duplicateAcrossSets;
  const exact = dup.filter((d) => d.exact);

  it('merges the two sets: one task per patch except the exact cross-set duplicates (manifest)', () => {
    expect(annual.layer.featureCount).toBe(manifest.hardCases.patches.annual);
    expect(legacy.layer.featureCount).toBe(manifest.hardCases.patches.legacy);
    expect(result.merge.patches).toBe(300);
    expect(result.merge.tasks).toBe(300 - exact.length);
    expect(result.merge.removed).toBe(exact.length);
    // Each exact duplicate is one task, represented by the annual patch (the earlier set in the list).
    for (const d of exact) {
      const row = result.taohe.rows.find((r) => r.patchId === d.annual)!;
      expect(row.attributes[TASK_MEMBERS_FIELD]).toBe(`${d.annual}、${d.legacy}`);
      expect(result.taohe.rows.some((r) => r.patchId === d.legacy)).toBe(false);
    }
    // The shifted copies overlap below the threshold: kept apart and reported.
    expect(result.merge.partialOverlaps.length).toBe(dup.length - exact.length);
  });

  it('every row balances, and the rows of the tasks are those of the 套合 (one per task or township part)', () => {
    expect(result.taohe.rows.every((r) => r.balanced)).toBe(true);
    expect(new Set(result.taohe.rows.map((r) => r.patchId)).size).toBe(result.merge.tasks);
    expect(result.judgements.map((j) => j.id)).toEqual(result.taohe.rows.map((r) => r.id));
  });

  it('a status kept under a merged patch id counts for its task, or is named as superseded by the task\'s own', () => {
    const status = readStatusTable(join(dir, 'status.csv'));
    const ids = new Set(result.ledger.unknownStatusIds.map((u) => u.id));
    const superseded = result.notes.find((n) => n.includes('merged into a task')) ?? '';
    for (const d of exact) {
      expect(ids.has(d.legacy)).toBe(false);
      if (status.byId.has(d.legacy) && status.byId.has(d.annual)) expect(superseded).toContain(d.legacy);
      if (status.byId.has(d.legacy) && !status.byId.has(d.annual)) expect(result.ledger.missingStatus).not.toContain(d.annual);
    }
    expect(result.ledger.county.tasks).toBe(result.judgements.filter((j) => j.category.includes('违法')).length);
  });
});

describe('the ledger date', () => {
  it('refuses an impossible date before any work, and writes an accepted one out as YYYY-MM-DD', () => {
    const base = { patchSets: [{ name: 'x', layer: annual.layer }], landuse: read('landuse') };
    expect(() => runTaoheJob({ ...base, asOf: '2026-02-30' })).toThrow(/expected a date YYYY-MM-DD, found "2026-02-30"/);
    expect(runTaoheJob({ ...base, asOf: '2026/6/3' }).asOf).toBe('2026-06-03');
  });
});

describe('复垦到位 in the job', () => {
  it('checks exactly the 拆除复耕 tasks; without reclamation overlap the share is the 耕地 share of the land use', async () => {
    const { demolitionIds } = await import('../../src/enforcement/ledger.js');
    const { tabulate } = await import('../../src/overlay/tabulate.js');
    const ids = demolitionIds(result.taohe.rows, result.judgements, readStatusTable(join(dir, 'status.csv')));
    expect(result.reclaimed.patches.map((p) => p.id).sort()).toEqual([...new Set(ids)].sort());
    expect(result.reclaimed.patches.length).toBeGreaterThan(10);
    // Independent: one tabulate of the tasks against land use folded to 耕地 (0101/0102/0103).
    const t = tabulate(result.tasks, read('landuse'), { classBy: (a) => (/^010[123]/.test(String(a.DLBM)) ? '耕地' : null) });
    let checked = 0;
    for (const p of result.reclaimed.patches) {
      if (p.reclamationM2 !== 0) continue;
      const cultivated = t.patches[p.featureIndex]!.parts.find((c) => c.class === '耕地')?.areaM2 ?? 0;
      expect(Math.abs(p.cultivatedM2 - cultivated)).toBeLessThanOrEqual(1e-9 * p.areaM2);
      expect(p.reclaimed).toBe(cultivated / p.areaM2 >= 0.9);
      checked++;
    }
    expect(checked).toBeGreaterThan(5);
  });
});

describe('writeTaoheJob', () => {
  it('writes the workbook, the CSV files (BOM), JSON and the report, all at once', async () => {
    const out = mkdtempSync(join(tmpdir(), 'tuban-job-'));
    const files = await writeTaoheJob(out, result, { formats: ['xlsx', 'csv', 'json', 'html'], generatedAt: '2026-11-29T00:00:00Z' });
    expect(readdirSync(out).sort()).toEqual(
      ['套合表.xlsx', '套合表.csv', '乡镇汇总.csv', '整改台账.csv', '逾期图斑.csv', '重合图斑.csv', '复垦核查.csv', '参数.csv', '套合表.json', '报告.html', '清零进度.csv'].sort(),
    );
    expect(files.length).toBe(11);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(out, '套合表.xlsx'));
    expect(wb.worksheets.map((w) => w.name)).toEqual(['套合表', '乡镇汇总', '整改台账', '逾期图斑', '重合图斑', '复垦核查', '参数']);
    // Two title rows, then the header: the issue's columns first, in its order.
    const header = (wb.getWorksheet('套合表')!.getRow(3).values as unknown[]).slice(1);
    expect(header.slice(0, ISSUE_COLUMNS.length)).toEqual(ISSUE_COLUMNS);
    const csv = readFileSync(join(out, '套合表.csv'));
    expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(csv.subarray(3).toString('utf8').split('\n')[0]!.split(',').slice(0, ISSUE_COLUMNS.length)).toEqual(ISSUE_COLUMNS);
    const json = JSON.parse(readFileSync(join(out, '套合表.json'), 'utf8')) as { rows: unknown[] };
    expect(json.rows.length).toBe(result.taohe.rows.length);
    const html = readFileSync(join(out, '报告.html'), 'utf8');
    expect(html.match(/<path [^>]*data-id="/g)?.length).toBe(result.tasks.featureCount);
    // 亩 in the 复垦核查 sheet as in every other table: toMu (the decimal m² × 0.0015), rounded half away from
    // zero — not m² × 3 / 2000, whose binary rounding can land below a tie (1.7 m² → 0.0025 at 4 places).
    const rec = readFileSync(join(out, '复垦核查.csv'), 'utf8').slice(1).trim().split(/\r?\n/).map((l) => l.split(','));
    const col = rec[0]!.indexOf('图斑面积');
    expect(col).toBeGreaterThanOrEqual(0);
    expect(rec.length - 1).toBe(result.reclaimed.patches.length);
    expect(result.reclaimed.patches.length).toBeGreaterThan(0);
    result.reclaimed.patches.forEach((x, i) => {
      expect(Number(rec[i + 1]![col])).toBe(roundHalfAwayFromZero(toMu(x.areaM2), 2));
    });
  });

  it('a failure leaves the folder as it was (no partial set), and the progress history grows month by month', async () => {
    const out = mkdtempSync(join(tmpdir(), 'tuban-job-'));
    mkdirSync(join(out, '报告.html')); // a folder where the report must go: the write fails
    await expect(writeTaoheJob(out, result)).rejects.toThrow();
    expect(readdirSync(out)).toEqual(['报告.html']);
    const ok = mkdtempSync(join(tmpdir(), 'tuban-job-'));
    await writeTaoheJob(ok, { ...result, progress: [{ date: '2026-10-31', closed: 90, total: 300 }] }, { formats: ['csv'] });
    const later = runTaoheJob({
      patchSets: [{ name: 'x', layer: annual.layer }],
      landuse: read('landuse'),
      asOf: '2026-11-29',
      progressHistory: readProgressHistory(ok),
    });
    expect(later.progress.map((p) => p.date)).toEqual(['2026-10-31', '2026-11-29']);
    expect(existsSync(join(ok, '清零进度.csv'))).toBe(true);
  });
});
