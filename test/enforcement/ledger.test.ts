/**
 * Ledgers, ratios, status tables and 复垦到位 (ledger.ts, status.ts). Expected sums are worked out by hand from
 * the rows below (areas chosen so that m² and 亩 are exact); GBK bytes come from Python's codec
 * ("已整改".encode("gbk") = d2d1 d5fb b8c4 …); rectangle areas by hand.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_ENFORCEMENT_CONFIG } from '../../src/enforcement/config.js';
import { judgeAll } from '../../src/enforcement/judge.js';
import { buildLedger, checkReclaimed, demolitionIds, type LedgerRow } from '../../src/enforcement/ledger.js';
import { parseDate, parseDeadlineTable, parseStatusTable, readDeadlineTable, readStatusTable } from '../../src/enforcement/status.js';
import type { Areas, TaoheRow } from '../../src/enforcement/types.js';
import { InputError } from '../../src/errors.js';
import { fromGeoJSON } from '../../src/geometry/layer.js';
import type { Layer } from '../../src/geometry/types.js';
import { taoheRow } from './helpers.js';

/** The shipped defaults (config.ts; config.test.ts checks them against domain.md §2, §6). */
const CONFIG = DEFAULT_ENFORCEMENT_CONFIG;

const TOWNS = { A: ['001', '甲镇'], B: ['002', '乙乡'] } as const;

/** A 套合 row by hand: m² per area key (others 0), the same numbers as 亩; `${patchId}_${part}` ids are parts. */
function row(
  id: string,
  town: 'A' | 'B',
  m2: Partial<Areas> & { total: number },
  attributes: Record<string, string> = {},
  patchId = id,
): TaoheRow {
  return taoheRow(id, m2, {
    patchId,
    part: id === patchId ? null : Number(id.slice(id.lastIndexOf('_') + 1)),
    townshipCode: TOWNS[town][0],
    townshipName: TOWNS[town][1],
    attributes,
  });
}

/**
 * Six rows, two townships; P3 is split into P3_1 (甲镇, approved: legal) and P3_2 (乙乡, illegal).
 *   P1   甲 2000 m², 耕地 1000, 基本农田 400, 新增建设用地, illegal, 已整改 拆除复耕
 *   P2   甲 4000, 耕地 2000, 农村宅基地, illegal, 整改中, own deadline 2026-05-31
 *   P3_1 甲 1000 (approved 1000: 合法候选), 耕地 600, 新增建设用地
 *   P3_2 乙 3000, 耕地 3000, 基本农田 3000, 推填土 (not new construction), illegal, no status record
 *   P5   乙 6000 (filing 6000: 设施农用地), 设施农用地, has a status record
 *   P6   乙 1500, 耕地 1500, 道路, verified 违法 although approved, 未整改, own deadline 2026-07-31
 */
const ROWS: TaoheRow[] = [
  row('P1', 'A', { total: 2000, cultivated: 1000, basicFarmland: 400 }, { TBLX: '新增建设用地' }),
  row('P2', 'A', { total: 4000, cultivated: 2000 }, { TBLX: '农村宅基地' }),
  row('P3_1', 'A', { total: 1000, approved: 1000, cultivated: 600 }, { TBLX: '新增建设用地' }, 'P3'),
  row('P3_2', 'B', { total: 3000, cultivated: 3000, basicFarmland: 3000 }, { TBLX: '推填土' }, 'P3'),
  row('P5', 'B', { total: 6000, filing: 6000 }, { TBLX: '设施农用地' }),
  row('P6', 'B', { total: 1500, cultivated: 1500, approved: 1500 }, { TBLX: '道路', HCLX: '违法' }),
];
const STATUS_CSV = [
  '图斑编号,整改状态,整改方式,整改期限',
  'P1,已整改,拆除复耕,',
  'P2,整改中,拆除复耕,2026-05-31',
  'P5,已整改,补办手续,',
  'P6,未整改,,2026/7/31',
  'X999,整改中,罚款,',
].join('\n');
const DEADLINES = { '001': '2026-06-30', '002': '2026-06-10' };

const mu = (m2: number): number => (m2 * 3) / 2000;

function ledgerAt(asOf: string) {
  return buildLedger(ROWS, judgeAll(ROWS, CONFIG), parseStatusTable(STATUS_CSV), { asOf, deadlines: DEADLINES, config: CONFIG });
}

describe('buildLedger on six hand-built rows', () => {
  const L = ledgerAt('2026-06-15');
  const [a, b] = L.townships as [LedgerRow, LedgerRow];
  const c = L.county;

  it('lists the townships by code with their names, no extra lines', () => {
    expect(L.townships.map((t) => [t.code, t.name])).toEqual([
      ['001', '甲镇'],
      ['002', '乙乡'],
    ]);
    expect([c.code, c.name]).toEqual([null, '全县']);
  });

  it('counts rows and distinct patches (the split patch once in the county)', () => {
    expect([a.rows, a.patches, b.rows, b.patches, c.rows, c.patches]).toEqual([3, 3, 3, 3, 6, 5]);
  });

  it('sums areas in m² and shows 亩 to 2 decimals', () => {
    expect([a.area.m2, b.area.m2, c.area.m2]).toEqual([7000, 10500, 17500]);
    expect([a.area.mu, b.area.mu, c.area.mu]).toEqual([10.5, 15.75, 26.25]);
  });

  it('违法 count, area, 耕地 and 基本农田', () => {
    expect([a.illegal.count, b.illegal.count, c.illegal.count]).toEqual([2, 2, 4]);
    expect([a.illegal.area.m2, b.illegal.area.m2, c.illegal.area.m2]).toEqual([6000, 4500, 10500]);
    expect([a.illegal.cultivated.m2, b.illegal.cultivated.m2, c.illegal.cultivated.m2]).toEqual([3000, 4500, 7500]);
    expect([a.illegal.basicFarmland.mu, b.illegal.basicFarmland.mu, c.illegal.basicFarmland.mu]).toEqual([0.6, 4.5, 5.1]);
  });

  it('new construction: 新增建设用地, 宅基地, 道路 count; 推填土 and 设施农用地 do not', () => {
    expect([a.newConstruction.count, b.newConstruction.count, c.newConstruction.count]).toEqual([3, 1, 4]);
    expect([c.newConstruction.area.m2, c.newConstruction.cultivated.m2]).toEqual([8500, 5100]);
    expect([c.newConstruction.illegalCount, c.newConstruction.illegalArea.m2, c.newConstruction.illegalCultivated.m2]).toEqual([3, 7500, 4500]);
  });

  it('status counts over tasks, closed by method, 清零 progress', () => {
    expect(c.status).toEqual({ 未整改: 2, 整改中: 1, 已整改: 1 });
    expect(a.status).toEqual({ 未整改: 0, 整改中: 1, 已整改: 1 });
    expect(b.status).toEqual({ 未整改: 2, 整改中: 0, 已整改: 0 });
    expect(c.closedByMethod).toEqual({ 拆除复耕: 1 });
    expect([a.clearance, b.clearance, c.clearance]).toEqual([0.5, 0, 0.25]);
    expect([c.tasks, c.closed]).toEqual([4, 1]);
  });

  it('ratios: 违法占用耕地 ÷ 新增建设用地占用耕地 (flagged), 违法占地 ÷ 新增建设用地, 未整改 ÷ 违法', () => {
    expect(c.ratios.illegalCultivated).toMatchObject({ numerator: 4500, denominator: 5100, flagged: true, threshold: 0.15 });
    expect(c.ratios.illegalCultivated.value).toBeCloseTo(4500 / 5100, 15);
    expect(a.ratios.illegalCultivated.value).toBeCloseTo(3000 / 3600, 15);
    expect(b.ratios.illegalCultivated.value).toBe(1);
    expect(c.ratios.illegalLand).toMatchObject({ numerator: 7500, denominator: 8500, flagged: false, threshold: null });
    expect([c.ratios.unremediatedCount.numerator, c.ratios.unremediatedCount.denominator, c.ratios.unremediatedCount.value]).toEqual([2, 4, 0.5]);
    expect([c.ratios.unremediatedArea.numerator, c.ratios.unremediatedArea.denominator]).toEqual([4500, 10500]);
  });

  it('reports unknown status ids with their line, tasks without a record, records on non-tasks', () => {
    expect(L.unknownStatusIds).toEqual([{ id: 'X999', line: 6 }]);
    expect(L.missingStatus).toEqual(['P3_2']);
    expect(L.statusOnNonTask).toEqual(['P5']);
  });

  it('overdue: own deadline before township deadline; the deadline day itself is in time', () => {
    // 2026-06-15: P2 (own 05-31, 15 days) and P3_2 (乙乡 06-10, 5 days); P6's own 07-31 wins over 乙乡's 06-10.
    expect(L.overdue.map((o) => [o.id, o.deadline, o.deadlineSource, o.daysOverdue])).toEqual([
      ['P2', '2026-05-31', 'record', 15],
      ['P3_2', '2026-06-10', 'township', 5],
    ]);
    expect([a.overdue, b.overdue, c.overdue]).toEqual([1, 1, 2]);
    const onDay = ledgerAt('2026-06-10');
    expect(onDay.overdue.map((o) => o.id)).toEqual(['P2']);
    const later = ledgerAt('2026-08-01');
    expect(later.overdue.map((o) => [o.id, o.daysOverdue])).toEqual([
      ['P2', 62],
      ['P3_2', 52],
      ['P6', 1],
    ]);
    // Without township deadlines, P3_2 has none.
    const none = buildLedger(ROWS, judgeAll(ROWS, CONFIG), parseStatusTable(STATUS_CSV), { asOf: '2026-06-15', config: CONFIG });
    expect([none.county.overdue, none.county.noDeadline]).toEqual([1, 1]);
  });

  it('townships option sets order and names and keeps empty townships', () => {
    const t = buildLedger(ROWS, judgeAll(ROWS, CONFIG), null, {
      asOf: '2026-06-15',
      config: CONFIG,
      townships: [
        { code: '002', name: '乙乡（图层）' },
        { code: '003', name: '丙镇' },
      ],
    });
    expect(t.townships.map((x) => [x.code, x.name, x.rows])).toEqual([
      ['002', '乙乡（图层）', 3],
      ['003', '丙镇', 0],
      ['001', '甲镇', 3],
    ]);
    expect(t.townships[1].clearance).toBeNull();
    // No status table: every task is 未整改 and missing.
    expect(t.county.status).toEqual({ 未整改: 4, 整改中: 0, 已整改: 0 });
    expect(t.missingStatus).toEqual(['P1', 'P2', 'P3_2', 'P6']);
  });

  it('refuses judgements out of step with the rows', () => {
    const j = judgeAll(ROWS, CONFIG);
    expect(() => buildLedger(ROWS, [...j].reverse(), null, { asOf: '2026-06-15', config: CONFIG })).toThrow(/same order/);
    expect(() => buildLedger(ROWS, j.slice(1), null, { asOf: '2026-06-15', config: CONFIG })).toThrow(InputError);
  });
});

describe('the 15 % accountability line', () => {
  const at = (illegalCultivated: number) => {
    const rows = [
      row('I', 'A', { total: 1000, cultivated: illegalCultivated }, { TBLX: '新增建设用地' }),
      row('L', 'A', { total: 2000, approved: 2000, cultivated: 1000 - illegalCultivated }, { TBLX: '新增建设用地' }),
    ];
    return buildLedger(rows, judgeAll(rows, CONFIG), null, { asOf: '2026-01-01', config: CONFIG }).county.ratios.illegalCultivated;
  };
  it('exactly 15 % is flagged (达到15%以上), 14.999 % is not', () => {
    expect(at(150)).toMatchObject({ numerator: 150, denominator: 1000, value: 0.15, flagged: true });
    expect(at(149.99)).toMatchObject({ flagged: false });
  });
  it('a zero denominator gives no ratio and no flag', () => {
    const rows = [row('X', 'A', { total: 100 }, { TBLX: '推填土' })];
    const r = buildLedger(rows, judgeAll(rows, CONFIG), null, { asOf: '2026-01-01', config: CONFIG });
    expect(r.county.ratios.illegalCultivated).toMatchObject({ value: null, flagged: false });
    expect(r.county.illegal.area.mu).toBe(mu(100));
  });
});

describe('status tables', () => {
  it('reads ids, statuses, methods and dates; blank status is 未整改; quoted cells and CRLF', () => {
    const t = parseStatusTable('\ufeff图斑编号,整改状态,整改方式,整改期限,变化类型\r\n"A,1",已整改,"拆除复耕",2026.6.3,新增建设用地\r\n\r\nB2,,,,\r\n');
    expect(t.records).toEqual([
      { id: 'A,1', line: 2, status: '已整改', method: '拆除复耕', deadline: '2026-06-03', changeType: '新增建设用地' },
      { id: 'B2', line: 4, status: '未整改', method: null, deadline: null, changeType: null },
    ]);
    expect(t.blankStatus).toEqual(['B2']);
  });

  it('a duplicated id is an error naming both lines', () => {
    expect(() => parseStatusTable('JCBH,ZGZT\nA,未整改\nB,整改中\nA,已整改\n', { file: 's.csv' })).toThrow(
      /s\.csv: 图斑编号 A appears twice, on lines 2 and 4/,
    );
  });

  it('an unknown status text is an error naming line, id and text', () => {
    expect(() => parseStatusTable('图斑编号,整改状态\nA,未整改\nB,已完成\n')).toThrow(/line 3 \(图斑编号 B\).*未整改, 整改中 or 已整改, found "已完成"/);
  });

  it('a missing required column is an error listing the header found', () => {
    expect(() => parseStatusTable('编号,状态\nA,未整改\n')).toThrow(/expected a 图斑编号 column .* found columns "编号", "状态"/);
  });

  it('bad dates are errors', () => {
    expect(() => parseStatusTable('图斑编号,整改状态,整改期限\nA,未整改,2026-02-30\n')).toThrow(/line 2 \(图斑编号 A\) 整改期限: expected a date/);
    expect(parseDate('2026/6/3', 'x')).toBe('2026-06-03');
    expect(() => parseDate('20260603', 'x')).toThrow(InputError);
  });

  it('reads a GBK file without BOM (bytes from Python\'s gbk codec)', () => {
    const hex =
      'cdbcb0dfb1e0bac5' + '2c' + 'd5fbb8c4d7b4ccac' + '0d0a' + // 图斑编号,整改状态\r\n
      '4131' + '2c' + 'd2d1d5fbb8c4' + '0d0a' + // A1,已整改\r\n
      '4132' + '2c' + 'd5fbb8c4d6d0' + '0d0a'; // A2,整改中\r\n
    const t = parseStatusTable(Buffer.from(hex, 'hex'), { file: 'gbk.csv' });
    expect(t.encoding).toBe('gb18030');
    expect(t.records.map((r) => [r.id, r.status])).toEqual([
      ['A1', '已整改'],
      ['A2', '整改中'],
    ]);
  });

  it('bytes valid in neither UTF-8 nor GBK are an error, not mojibake', () => {
    // 0xFF is neither a GBK lead byte (0x81–0xFE) nor a UTF-8 byte (RFC 3629 excludes 0xF5–0xFF).
    const bytes = Buffer.concat([Buffer.from('JCBH,ZGZT\nA'), Buffer.from([0xff]), Buffer.from(',\n')]);
    expect(() => parseStatusTable(bytes)).toThrow(/neither valid UTF-8 nor valid GBK/);
  });

  it('reads UTF-16LE with its byte-order mark and tab separators (Excel "Unicode text")', () => {
    const text = '\ufeff图斑编号\t整改状态\nA1\t整改中\n';
    const t = parseStatusTable(Buffer.from(text, 'utf16le'));
    expect(t.records.map((r) => [r.id, r.status])).toEqual([['A1', '整改中']]);
  });

  it('per-township deadline tables, with duplicate codes refused', () => {
    const d = parseDeadlineTable('乡镇代码,乡镇名称,期限\n001,甲镇,2026/6/30\n002,乙乡,2026-06-10\n');
    expect([...d]).toEqual([
      ['001', '2026-06-30'],
      ['002', '2026-06-10'],
    ]);
    expect(() => parseDeadlineTable('XZQDM,期限\n001,2026-06-30\n001,2026-07-01\n')).toThrow(/乡镇代码 001 appears twice, on lines 2 and 3/);
  });

  it('reads the sample county tables; every id is a patch of the sample (checked against the GeoJSON)', () => {
    const file = new URL('../../fixtures/sample/status.csv', import.meta.url).pathname;
    const t = readStatusTable(file);
    const lines = readFileSync(file, 'utf8').split('\r\n').filter((l) => l !== '');
    expect(t.records.length).toBe(lines.length - 1);
    expect(t.encoding).toBe('utf8');
    const patches = JSON.parse(readFileSync(new URL('../../fixtures/sample/patches.geojson', import.meta.url), 'utf8')) as {
      features: { properties: { JCBH: string } }[];
    };
    const ids = new Set(patches.features.map((f) => f.properties.JCBH));
    expect(t.records.filter((r) => !ids.has(r.id))).toEqual([]);
    const deadlines = readDeadlineTable(new URL('../../fixtures/sample/deadlines.csv', import.meta.url).pathname);
    expect(deadlines.size).toBe(10);
  });
});

describe('复垦到位 on hand-built rectangles (planar, no CRS)', () => {
  type Props = Record<string, string>;
  const rect = (x0: number, y0: number, x1: number, y1: number): number[][][] => [
    [
      [x0, y0],
      [x1, y0],
      [x1, y1],
      [x0, y1],
      [x0, y0],
    ],
  ];
  const layer = (name: string, features: [Props, number[][][]][]): Layer => {
    const { layer: l } = fromGeoJSON(
      { type: 'FeatureCollection', features: features.map(([properties, coordinates]) => ({ type: 'Feature', properties, geometry: { type: 'Polygon', coordinates } })) },
      { name, requireCrs: false },
    );
    expect(l.crs).toBeNull();
    return l;
  };
  // Patch A 100 × 100 at (1000, 1000); patch B 100 × 100 at (1200, 1000).
  const patches = layer('patches', [
    [{ JCBH: 'A' }, rect(1000, 1000, 1100, 1100)],
    [{ JCBH: 'B' }, rect(1200, 1000, 1300, 1100)],
  ]);
  // A: left half 旱地 (5000), lower right 可调整果园 0201K (3000, not 耕地), upper right 水田 (2000) → 7000.
  // B: 水浇地 on 100 × 90 = 9000 → exactly 0.9.
  const landuse = layer('landuse2026', [
    [{ DLBM: '0103' }, rect(1000, 1000, 1050, 1100)],
    [{ DLBM: '0201K' }, rect(1050, 1000, 1100, 1060)],
    [{ DLBM: '0101' }, rect(1050, 1060, 1100, 1100)],
    [{ DLBM: '0102' }, rect(1200, 1000, 1300, 1090)],
    [{ DLBM: '0602' }, rect(1200, 1090, 1300, 1100)],
  ]);
  // An accepted project over A's orchard and part of its 旱地 (60 × 60 = 3600, 3000 of it new to the union);
  // an unaccepted one over B's remainder.
  const reclamation = layer('reclamation', [
    [{ XMBH: 'FK1', YSRQ: '2025-11-01' }, rect(1040, 1000, 1100, 1060)],
    [{ XMBH: 'FK2', YSRQ: '' }, rect(1200, 1090, 1300, 1100)],
  ]);

  it('counts 耕地 in the newer land use and accepted projects once, against the 0.9 threshold', () => {
    const r = checkReclaimed(patches, landuse, reclamation, CONFIG, { ids: ['A', 'B', 'ZZ'] });
    expect(r.missing).toEqual(['ZZ']);
    expect(r.measure).toBe('planar');
    expect(r.patches.map((p) => [p.id, p.areaM2, p.cultivatedM2, p.reclamationM2, p.restoredM2, p.share, p.reclaimed])).toEqual([
      ['A', 10000, 7000, 3600, 10000, 1, true],
      ['B', 10000, 9000, 0, 9000, 0.9, true],
    ]);
  });

  it('without the project, or before its acceptance date, A is 70 % and not 到位', () => {
    const noProject = checkReclaimed(patches, landuse, null, CONFIG, { ids: ['A'] });
    expect(noProject.patches.map((p) => [p.share, p.reclaimed])).toEqual([[0.7, false]]);
    const early = checkReclaimed(patches, landuse, reclamation, CONFIG, { ids: ['A'], asOf: '2025-10-31' });
    expect(early.patches[0].share).toBe(0.7);
    const onDay = checkReclaimed(patches, landuse, reclamation, CONFIG, { ids: ['A'], asOf: '2025-11-01' });
    expect(onDay.patches[0].share).toBe(1);
  });

  it('works with the reclamation layer alone, and refuses no layer at all', () => {
    const r = checkReclaimed(patches, null, reclamation, CONFIG);
    expect(r.patches.map((p) => [p.id, p.restoredM2, p.reclaimed])).toEqual([
      ['A', 3600, false],
      ['B', 0, false],
    ]);
    expect(() => checkReclaimed(patches, null, null, CONFIG)).toThrow(InputError);
  });

  it('names patches as the 套合 table does: ids trimmed, "#<feature number>" for a patch without one', () => {
    const named = layer('patches', [
      [{ JCBH: ' A ' }, rect(1000, 1000, 1100, 1100)],
      [{ JCBH: '' }, rect(1200, 1000, 1300, 1100)],
    ]);
    const r = checkReclaimed(named, landuse, null, CONFIG, { ids: ['A', '#2'] });
    expect(r.missing).toEqual([]);
    expect(r.patches.map((p) => [p.id, p.cultivatedM2])).toEqual([
      ['A', 7000],
      ['#2', 9000],
    ]);
  });

  it('folds land-use codes as the 套合 table does: an exact code listed elsewhere beats its 耕地 base', () => {
    // A county that lists 0103K (a suffixed 旱地 code) under 未利用地: A's left half is then not 耕地, 5000 m²
    // fewer than with the default table (7000 → 2000 by hand), while a suffixed code not listed folds to its base.
    const config = { ...CONFIG, landClasses: { ...CONFIG.landClasses, unused: [...CONFIG.landClasses.unused, '0103K'] } };
    const suffixed = layer('landuse2026', [
      [{ DLBM: '0103K' }, rect(1000, 1000, 1050, 1100)],
      [{ DLBM: '0201K' }, rect(1050, 1000, 1100, 1060)],
      [{ DLBM: '0101A' }, rect(1050, 1060, 1100, 1100)],
    ]);
    expect(checkReclaimed(patches, suffixed, null, config, { ids: ['A'] }).patches[0].cultivatedM2).toBe(2000);
    expect(checkReclaimed(patches, suffixed, null, CONFIG, { ids: ['A'] }).patches[0].cultivatedM2).toBe(7000);
  });

  it('demolitionIds: 拆除复耕 by status record, else by the judgement', () => {
    const rows = [
      row('D1', 'A', { total: 100, planForbidden: 100 }), // judged 拆除复耕, record says 罚款
      row('D2', 'A', { total: 100, planAllowed: 100 }), // judged 没收并处罚款, record says 拆除复耕
      row('D3', 'A', { total: 100, basicFarmland: 100 }), // judged 拆除复耕, no record
      row('D4', 'A', { total: 100 }), // 没收并处罚款, no record
    ];
    const st = parseStatusTable('图斑编号,整改状态,整改方式\nD1,已整改,罚款\nD2,整改中,拆除复耕\n');
    expect(demolitionIds(rows, judgeAll(rows, CONFIG), st)).toEqual(['D2', 'D3']);
  });
});

describe('面积平差 of the ledger lines', () => {
  it('township lines add up to the county line at 2 decimals (a third of a 亩 in each of three townships)', () => {
    // 2000/9 m² = 1/3 亩 each: rounded alone each line is 0.33 and they would sum to 0.99, the county to 1.00.
    // Largest remainder (all equal, ties to the larger value, then the first): 0.34, 0.33, 0.33 — by hand.
    const third = 2000 / 9;
    const rows = [
      row('T1', 'A', { total: third }, { TBLX: '新增建设用地' }),
      { ...row('T2', 'B', { total: third }, { TBLX: '新增建设用地' }), townshipCode: '003', townshipName: '丙镇' },
      { ...row('T3', 'B', { total: third }, { TBLX: '新增建设用地' }) },
    ];
    const L = buildLedger(rows, judgeAll(rows, CONFIG), null, { asOf: '2026-06-15', config: CONFIG });
    expect(L.county.area.mu).toBe(1);
    const lines = L.townships.map((t) => t.area.mu);
    expect(lines.reduce((s, x) => s + Math.round(x * 100), 0)).toBe(100);
    expect([...lines].sort()).toEqual([0.33, 0.33, 0.34]);
    for (const t of L.townships) expect(Math.abs(t.area.mu - mu(t.area.m2))).toBeLessThan(0.01);
    expect(L.townships.map((t) => t.illegal.area.mu).reduce((s, x) => s + Math.round(x * 100), 0)).toBe(Math.round(L.county.illegal.area.mu * 100));
  });
});
