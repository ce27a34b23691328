/**
 * The 套合 table (taohe.ts).
 *
 * 1. A hand-built county of rectangles in planar coordinates (no CRS), every column worked out by hand below
 *    (1 亩 = 2000/3 m², so 亩 = m² × 0.0015).
 * 2. The sample county (fixtures/sample, EPSG:4527, ellipsoidal): every column against independent tabulate /
 *    intersect calls on the original patches, land codes folded by this file's own copy of domain.md §2.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CrsError, InputError } from '../../src/errors.js';
import { computeTaohe } from '../../src/enforcement/taohe.js';
import type { AreaKey, SummaryRow, TaoheResult, TaoheRow } from '../../src/enforcement/types.js';
import { fromGeoJSON } from '../../src/geometry/layer.js';
import type { Layer } from '../../src/geometry/types.js';
import { intersect } from '../../src/overlay/intersect.js';
import { tabulate } from '../../src/overlay/tabulate.js';

const KEYS: readonly AreaKey[] = [
  'total', 'cultivated', 'paddy', 'irrigated', 'dry', 'otherAgri', 'unused', 'construction', 'unsurveyed',
  'basicFarmland', 'redline', 'planAllowed', 'planConditional', 'planRestricted', 'planForbidden', 'approved', 'filing', 'reclamation',
];
const LAND = ['paddy', 'irrigated', 'dry', 'otherAgri', 'unused', 'construction', 'unsurveyed'] as const;
const TOP = ['cultivated', 'otherAgri', 'unused', 'construction', 'unsurveyed'] as const;
const cents = (mu: number): number => Math.round(mu * 100);

// ---------------------------------------------------------------------------------------------------------
// 1. Hand-built county

type Props = Record<string, string | number>;
/**
 * Coordinates below are given relative to (1000, 1000): small numbers would be taken for longitude and latitude
 * by CRS detection from coordinates (domain.md §3), and these layers are meant to be in plain metres.
 */
const O = 1000;
const rect = (x0: number, y0: number, x1: number, y1: number, properties: Props) => ({
  type: 'Feature',
  properties,
  geometry: { type: 'Polygon', coordinates: [[[O + x0, O + y0], [O + x1, O + y0], [O + x1, O + y1], [O + x0, O + y1], [O + x0, O + y0]]] },
});
const layer = (name: string, features: unknown[]): Layer => {
  const l = fromGeoJSON({ type: 'FeatureCollection', features }, { name, requireCrs: false }).layer;
  expect(l.crs, name).toBeNull();
  return l;
};

/*
 * Townships: 甲镇 (001) x ∈ [0, 60], 乙乡 (002) x ∈ [60, 300], both y ∈ [−100, 200]. Nothing beyond x = 300.
 * Land use (y ∈ [−50, 150]): 0101 x ∈ [−50, 33.3]; 0702 x ∈ [33.3, 90]; gap x ∈ [90, 150];
 *   1104A (养殖坑塘 → 非耕农用地) x ∈ [150, 250] y < 10; 0404 (其他草地 → 未利用地) x ∈ [150, 250] y > 10;
 *   0103 x ∈ [250, 300]; 0102 x ∈ [400, 450].
 * Patches:
 *   A1 [0, 100] × [0, 60]  = 6000 m² = 9 亩, split at x = 60 into A1_1 (甲镇, 3600 m²) and A1_2 (乙乡, 2400 m²);
 *   B2 [200, 230] × [0, 20] = 600 m² in 乙乡: 300 m² on 1104A, 300 m² on 0404;
 *   C3 [400, 420] × [0, 30] = 600 m² on 0102, in no township;
 *   D4 [59.98, 79.98] × [100, 120] = 400 m² on 0702: 0.4 m² in 甲镇 (a sliver, < 1 m²), the rest in 乙乡.
 * Other layers: farmland [10, 30] × [10, 40] (600 m²); approval [0, 70] × [0, 60] (4200 m², 70 % of A1);
 *   planning 030 x ∈ [−50, 50], 010 x ∈ [50, 300] (y ∈ [−50, 150]); redline [80, 120] × [50, 80];
 *   filing [90, 100] × [0, 10]; reclamation [0, 10] × [0, 10].
 */
function handCounty() {
  return {
    patches: layer('patches', [
      rect(0, 0, 100, 60, { JCBH: 'A1', TBLX: '建设' }),
      rect(200, 0, 230, 20, { JCBH: 'B2' }),
      rect(400, 0, 420, 30, { JCBH: 'C3' }),
      rect(59.98, 100, 79.98, 120, { JCBH: 'D4' }),
    ]),
    landuse: layer('landuse', [
      rect(-50, -50, 33.3, 150, { DLBM: '0101' }),
      rect(33.3, -50, 90, 150, { DLBM: '0702' }),
      rect(150, -50, 250, 10, { DLBM: '1104A' }),
      rect(150, 10, 250, 150, { DLBM: '0404' }),
      rect(250, -50, 300, 150, { DLBM: '0103' }),
      rect(400, -50, 450, 150, { DLBM: '0102' }),
    ]),
    farmland: layer('farmland', [rect(10, 10, 30, 40, { JBNTTBBH: 'F1' })]),
    approvals: layer('approvals', [rect(0, 0, 70, 60, { PZWH: '批1' })]),
    planning: layer('planning', [rect(-50, -50, 50, 150, { GZQLXDM: '030' }), rect(50, -50, 300, 150, { GZQLXDM: '010' })]),
    redline: layer('redline', [rect(80, 50, 120, 80, { id: 1 })]),
    filings: layer('filings', [rect(90, 0, 100, 10, { BAH: 'SN1' })]),
    reclamation: layer('reclamation', [rect(0, 0, 10, 10, { XMBH: 'TD1' })]),
    townships: layer('townships', [rect(0, -100, 60, 200, { XZQDM: '001', XZQMC: '甲镇' }), rect(60, -100, 300, 200, { XZQDM: '002', XZQMC: '乙乡' })]),
  };
}

/** Expected m² of a row; keys not given are 0. */
function expectM2(row: TaoheRow | SummaryRow, want: Partial<Record<AreaKey, number>>): void {
  for (const k of KEYS) expect(row.m2[k], `${'id' in row ? row.id : row.name} ${k} m²`).toBeCloseTo(want[k] ?? 0, 6);
}
function expectMu(row: TaoheRow | SummaryRow, want: Partial<Record<AreaKey, number>>): void {
  for (const k of KEYS) expect(row.mu[k], `${'id' in row ? row.id : row.name} ${k} 亩`).toBe(want[k] ?? 0);
}

describe('hand-built county (planar)', () => {
  const r = computeTaohe(handCounty());
  const byId = new Map(r.rows.map((x) => [x.id, x]));

  it('has one row per patch, the straddling one split, rows in patch order', () => {
    expect(r.measure).toBe('planar');
    expect(r.rows.map((x) => x.id)).toEqual(['A1_1', 'A1_2', 'B2', 'C3', 'D4']);
    expect(r.rows.map((x) => [x.patchId, x.patchIndex, x.part, x.townshipCode, x.townshipName])).toEqual([
      ['A1', 0, 1, '001', '甲镇'],
      ['A1', 0, 2, '002', '乙乡'],
      ['B2', 1, null, '002', '乙乡'],
      ['C3', 2, null, null, null],
      ['D4', 3, null, '002', '乙乡'],
    ]);
    expect(r.rows[0].attributes.TBLX).toBe('建设');
    expect(r.rows.every((x) => x.balanced)).toBe(true);
  });

  it('A1_1 (甲镇): every column by hand', () => {
    // [0, 60] × [0, 60]: 0101 on x < 33.3 (33.3 × 60 = 1998 m² = 2.997 亩), 0702 on 33.3…60 (1602 m² = 2.403 亩).
    // Farmland 600 (0.9), approval all 3600 (5.4), planning 030 on x < 50 (3000 = 4.5), 010 on 50…60 (600 = 0.9),
    // reclamation 100 m² (0.15).
    const a = byId.get('A1_1')!;
    expectM2(a, {
      total: 3600, cultivated: 1998, paddy: 1998, construction: 1602,
      basicFarmland: 600, approved: 3600, planRestricted: 3000, planAllowed: 600, reclamation: 100,
    });
    // 平差: total 5.40; 耕地 2.997 → floor 2.99 (remainder 0.7), 建设 2.403 → floor 2.40 (remainder 0.3): the
    // floors make 5.39, and the missing cent goes to 耕地 (largest remainder): 3.00 + 2.40 = 5.40.
    expectMu(a, {
      total: 5.4, cultivated: 3, paddy: 3, construction: 2.4,
      basicFarmland: 0.9, approved: 5.4, planRestricted: 4.5, planAllowed: 0.9, reclamation: 0.15,
    });
    expect(a.approvedShare).toBeCloseTo(1, 12);
  });

  it('A1_2 (乙乡): every column by hand', () => {
    // [60, 100] × [0, 60] = 2400 m² = 3.6 亩: 0702 on 60…90 (1800 = 2.7), gap 90…100 (600 = 0.9, 未调查);
    // approval 60…70 (600 = 0.9, share 0.25); 010 all (2400); redline [80, 100] × [50, 60] (200 = 0.3);
    // filing [90, 100] × [0, 10] (100 = 0.15).
    const a = byId.get('A1_2')!;
    expectM2(a, { total: 2400, construction: 1800, unsurveyed: 600, approved: 600, planAllowed: 2400, redline: 200, filing: 100 });
    expectMu(a, { total: 3.6, construction: 2.7, unsurveyed: 0.9, approved: 0.9, planAllowed: 3.6, redline: 0.3, filing: 0.15 });
    expect(a.approvedShare).toBeCloseTo(0.25, 12);
  });

  it('the parts of A1 add up to A1: 6000 m², 70 % approved', () => {
    const parts = r.rows.filter((x) => x.patchId === 'A1');
    const sum = (k: AreaKey): number => parts.reduce((s, x) => s + x.m2[k], 0);
    expect(sum('total')).toBeCloseTo(6000, 6);
    expect(sum('approved') / sum('total')).toBeCloseTo(0.7, 12);
    expect(sum('cultivated') + sum('construction') + sum('unsurveyed')).toBeCloseTo(6000, 6);
  });

  it('B2, C3, D4: suffixed codes fold with their base, no township, a sliver not split off', () => {
    // B2: 1104A (→ 1104 坑塘水面, 非耕农用地) 300 m² = 0.45 亩, 0404 其他草地 300 m² = 0.45 亩; 010 all.
    expectM2(byId.get('B2')!, { total: 600, otherAgri: 300, unused: 300, planAllowed: 600 });
    expectMu(byId.get('B2')!, { total: 0.9, otherAgri: 0.45, unused: 0.45, planAllowed: 0.9 });
    // C3: 0102 水浇地 600 m² = 0.9 亩, no planning there.
    expectM2(byId.get('C3')!, { total: 600, cultivated: 600, irrigated: 600 });
    expectMu(byId.get('C3')!, { total: 0.9, cultivated: 0.9, irrigated: 0.9 });
    // D4: 400 m² = 0.6 亩 of 0702, whole (the 0.4 m² in 甲镇 is a sliver); 010 all (x > 50).
    expectM2(byId.get('D4')!, { total: 400, construction: 400, planAllowed: 400 });
    expectMu(byId.get('D4')!, { total: 0.6, construction: 0.6, planAllowed: 0.6 });
    expect(r.notes.some((n) => n.includes('rows in no township') && n.includes('C3'))).toBe(true);
    expect(r.notes.some((n) => n.includes('slivers') && n.includes('D4: 0.4 m² in 甲镇 counted with 乙乡'))).toBe(true);
    expect(r.notes.some((n) => n.includes('split') && n.includes('A1 (甲镇 / 乙乡)'))).toBe(true);
  });

  it('township and county rows: sums by hand, balanced, townships adding up to the county', () => {
    expect(r.townships.map((t) => [t.code, t.name, t.count])).toEqual([
      ['001', '甲镇', 1],
      ['002', '乙乡', 3],
      [null, '未落入乡镇', 1],
    ]);
    // 乙乡 = A1_2 + B2 + D4: total 2400 + 600 + 400 = 3400 m² = 5.1 亩; 非耕农用 300, 未利用 300, 建设 1800 + 400,
    // 未调查 600; approved 600; 010 2400 + 600 + 400; redline 200; filing 100.
    expectM2(r.townships[1], {
      total: 3400, otherAgri: 300, unused: 300, construction: 2200, unsurveyed: 600,
      approved: 600, planAllowed: 3400, redline: 200, filing: 100,
    });
    expectMu(r.townships[1], {
      total: 5.1, otherAgri: 0.45, unused: 0.45, construction: 3.3, unsurveyed: 0.9,
      approved: 0.9, planAllowed: 5.1, redline: 0.3, filing: 0.15,
    });
    // County: 6000 + 600 + 600 + 400 = 7600 m² = 11.4 亩; 耕地 1998 + 600 = 2598 m² = 3.897 亩 → 3.90.
    expect(r.county.count).toBe(5);
    expectM2(r.county, {
      total: 7600, cultivated: 2598, paddy: 1998, irrigated: 600, otherAgri: 300, unused: 300, construction: 3802, unsurveyed: 600,
      basicFarmland: 600, approved: 4200, planRestricted: 3000, planAllowed: 4000, redline: 200, filing: 100, reclamation: 100,
    });
    expectMu(r.county, {
      total: 11.4, cultivated: 3.9, paddy: 3, irrigated: 0.9, otherAgri: 0.45, unused: 0.45, construction: 5.7, unsurveyed: 0.9,
      basicFarmland: 0.9, approved: 6.3, planRestricted: 4.5, planAllowed: 6, redline: 0.3, filing: 0.15, reclamation: 0.15,
    });
    for (const k of KEYS) expect(r.townships.reduce((s, t) => s + cents(t.mu[k]), 0), k).toBe(cents(r.county.mu[k]));
  });

  it('majority assignment: A1 is one row in 甲镇 (3600 of 6000 m²)', () => {
    const m = computeTaohe(handCounty(), { townshipAssignment: 'majority' });
    expect(m.rows.map((x) => [x.id, x.townshipName])).toEqual([
      ['A1', '甲镇'],
      ['B2', '乙乡'],
      ['C3', null],
      ['D4', '乙乡'],
    ]);
    // Column by hand as in the module comment's first example: 1998 + 3402 + 600 = 6000 m² = 9 亩;
    // 2.997 → 3.00 (remainder 0.7 takes the one missing cent), 5.103 → 5.10, 0.9.
    expectM2(m.rows[0], {
      total: 6000, cultivated: 1998, paddy: 1998, construction: 3402, unsurveyed: 600, basicFarmland: 600, approved: 4200,
      planRestricted: 3000, planAllowed: 3000, redline: 200, filing: 100, reclamation: 100,
    });
    expectMu(m.rows[0], {
      total: 9, cultivated: 3, paddy: 3, construction: 5.1, unsurveyed: 0.9, basicFarmland: 0.9, approved: 6.3,
      planRestricted: 4.5, planAllowed: 4.5, redline: 0.3, filing: 0.15, reclamation: 0.15,
    });
    expect(m.rows[0].approvedShare).toBeCloseTo(0.7, 12);
    expect(m.notes.some((n) => n.includes('majority') && n.includes('A1 → 甲镇 (甲镇 60.0 %, 乙乡 40.0 %)'))).toBe(true);
  });

  it('without a township layer or optional layers: rows carry no township, missing columns are 0 and noted', () => {
    const { patches, landuse } = handCounty();
    const t = computeTaohe({ patches, landuse });
    expect(t.rows.map((x) => [x.id, x.townshipCode])).toEqual([
      ['A1', null],
      ['B2', null],
      ['C3', null],
      ['D4', null],
    ]);
    expect(t.townships.map((x) => [x.code, x.count])).toEqual([[null, 4]]);
    expect(t.notes).toContain('no township layer: rows carry no township');
    expect(t.notes.some((n) => n.includes('layers not given') && n.includes('farmland, redline, planning, approvals, filings, reclamation'))).toBe(true);
    expect(t.rows[0].m2.basicFarmland).toBe(0);
  });

  it('a land code in no class under a patch is an InputError listing it; elsewhere only a note', () => {
    const c = handCounty();
    const landuse = layer('landuse', [
      rect(-50, -50, 33.3, 150, { DLBM: '0101' }),
      rect(33.3, -50, 90, 150, { DLBM: '0104' }),
      rect(1000, 0, 1010, 10, { DLBM: 'XX' }),
    ]);
    expect(() => computeTaohe({ ...c, landuse })).toThrow(InputError);
    expect(() => computeTaohe({ ...c, landuse })).toThrow(/"0104" \(1 parcel, first feature 1; under A1, D4\)/);
    // Mapped by the configuration, the code has a place and the run succeeds; "XX" touches no patch: a note.
    const ok = computeTaohe({ ...c, landuse }, { landClasses: { unused: ['0404', '0104'] } });
    expect(ok.rows[0].m2.unused).toBeCloseTo(1602, 6);
    expect(ok.notes.some((n) => n.includes('"XX" (1)'))).toBe(true);
  });

  it('numeric codes are refused with the leading-zero hint; a wrong field name is named', () => {
    const c = handCounty();
    const numeric = layer('landuse', [rect(-50, -50, 500, 150, { DLBM: 101 })]);
    expect(() => computeTaohe({ ...c, landuse: numeric })).toThrow(/leading zeros are lost/);
    expect(() => computeTaohe(c, { fields: { landClass: 'DLDM' } })).toThrow(
      'land-use layer "landuse": expected a field "DLDM" (configuration fields.landClass), found none on any feature (fields: DLBM)',
    );
  });

  it('a layer without a CRS among layers with one is refused (columns would mix plane and ellipsoid)', () => {
    const c = handCounty();
    const farmland = fromGeoJSON({ type: 'FeatureCollection', features: [rect(10, 10, 30, 40, {})] }, { name: 'f', crs: 'EPSG:4547' }).layer;
    expect(farmland.crs).not.toBeNull();
    expect(() => computeTaohe({ ...c, farmland })).toThrow(CrsError);
    expect(() => computeTaohe({ ...c, farmland })).toThrow(/found patches \("patches"\), landuse \("landuse"\).* without one while farmland is in/);
  });

  it('land-use parcels of different classes overlapping by more than a sliver are refused', () => {
    const c = handCounty();
    const landuse = layer('landuse', [rect(-50, -50, 40, 150, { DLBM: '0101' }), rect(33.3, -50, 90, 150, { DLBM: '0702' })]);
    expect(() => computeTaohe({ ...c, landuse })).toThrow(/overlap by 402 m² inside patch A1/);
  });
});

// ---------------------------------------------------------------------------------------------------------
// 2. Sample county

const SAMPLE = new URL('../../fixtures/sample/', import.meta.url);
const read = (name: string, idField?: string): Layer =>
  fromGeoJSON(JSON.parse(readFileSync(new URL(`${name}.geojson`, SAMPLE), 'utf8')), { idField }).layer;

/** This file's own folding of domain.md §2 (prefix and suffix rules written out). */
function foldCode(code: string): string {
  const base = /^\d{4}[A-Z]$/.test(code) ? code.slice(0, 4) : code;
  if (base === '0101') return 'paddy';
  if (base === '0102') return 'irrigated';
  if (base === '0103') return 'dry';
  const otherAgri = ['0401', '0402', '0403', '1006', '1104', '1107', '1202', '1203'];
  const unused = ['0404', '1101', '1102', '1105', '1106', '1108', '1110', '1204', '1205', '1206', '1207'];
  const construction = ['1001', '1002', '1003', '1004', '1005', '1007', '1008', '1009', '1103', '1109', '1201'];
  if (otherAgri.includes(base) || /^0[23]/.test(base)) return 'otherAgri';
  if (unused.includes(base)) return 'unused';
  if (construction.includes(base) || /^0[5-9]/.test(base)) return 'construction';
  throw new Error(`test fold: unknown code ${code}`);
}

describe('sample county (ellipsoidal)', () => {
  const L = {
    patches: read('patches', 'JCBH'),
    landuse: read('landuse', 'BSM'),
    farmland: read('farmland'),
    redline: read('redline'),
    planning: read('planning'),
    approvals: read('approvals'),
    filings: read('filings'),
    reclamation: read('reclamation'),
    townships: read('townships', 'XZQDM'),
  };
  const r: TaoheResult = computeTaohe(L);
  const n = L.patches.featureCount;
  const rowsOf: TaoheRow[][] = Array.from({ length: n }, () => []);
  for (const row of r.rows) rowsOf[row.patchIndex].push(row);

  // Independent tabulations of the ORIGINAL patches, one per layer.
  const land = tabulate(L.patches, L.landuse, { classBy: 'DLBM' });
  const cover = (l: Layer) => tabulate(L.patches, l).patches.map((p) => p.coveredM2);
  const indep: Record<string, number[]> = {
    basicFarmland: cover(L.farmland),
    redline: cover(L.redline),
    approved: cover(L.approvals),
    filing: cover(L.filings),
    reclamation: cover(L.reclamation),
  };
  const plan = tabulate(L.patches, L.planning, { classBy: 'GZQLXDM' }).patches;
  const zoneKey: Record<string, AreaKey> = { '010': 'planAllowed', '020': 'planConditional', '030': 'planRestricted', '040': 'planForbidden' };
  const expected = (p: number): Record<AreaKey, number> => {
    const e = Object.fromEntries(KEYS.map((k) => [k, 0])) as Record<AreaKey, number>;
    const t = land.patches[p];
    e.total = t.areaM2;
    for (const c of t.parts) e[foldCode(c.class) as AreaKey] += c.areaM2;
    e.cultivated = e.paddy + e.irrigated + e.dry;
    e.unsurveyed = t.uncoveredM2;
    for (const [k, v] of Object.entries(indep)) e[k as AreaKey] = v[p];
    for (const c of plan[p].parts) e[zoneKey[c.class]] += c.areaM2;
    return e;
  };

  it('covers every patch, ellipsoidal, every row balanced', () => {
    expect(r.measure).toBe('ellipsoidal');
    expect(rowsOf.every((rows) => rows.length >= 1)).toBe(true);
    expect(r.rows.every((x) => x.balanced)).toBe(true);
    // Rows of a patch are adjacent and in patch order.
    for (let i = 1; i < r.rows.length; i++) expect(r.rows[i].patchIndex >= r.rows[i - 1].patchIndex).toBe(true);
  });

  it('for every patch the land parts of its rows add up to its area (1e-9 relative)', () => {
    for (let p = 0; p < n; p++) {
      const area = land.patches[p].areaM2;
      const parts = rowsOf[p].reduce((s, row) => s + LAND.reduce((t, k) => t + row.m2[k], 0), 0);
      expect(Math.abs(parts - area), `patch ${p}`).toBeLessThanOrEqual(1e-9 * area);
    }
  });

  it('every column equals an independent tabulate of the whole patch (m² 1e-7 relative; 亩 within 0.01 per row)', () => {
    for (let p = 0; p < n; p++) {
      const e = expected(p);
      const rows = rowsOf[p];
      for (const k of KEYS) {
        const m2 = rows.reduce((s, row) => s + row.m2[k], 0);
        expect(Math.abs(m2 - e[k]), `patch ${p} ${k}`).toBeLessThanOrEqual(1e-7 * Math.max(1, e.total));
        const mu = rows.reduce((s, row) => s + row.mu[k], 0);
        expect(Math.abs(mu - e[k] * 0.0015), `patch ${p} ${k} 亩`).toBeLessThanOrEqual(0.01 * rows.length + 1e-9);
      }
      expect(rows[0].approvedShare * rows[0].m2.total).toBeCloseTo(rows[0].m2.approved, 6);
    }
  });

  it('split parts match independent patch × township intersections; the manifest straddlers are split', () => {
    const pieces = intersect(L.patches, L.townships, { classBy: 'XZQDM' }).features;
    const area = new Map<string, number>();
    for (const f of pieces) {
      const key = `${f.properties.patchIndex}|${f.properties.class}`;
      area.set(key, (area.get(key) ?? 0) + f.properties.areaM2);
    }
    const split = r.rows.filter((x) => x.part !== null);
    expect(split.length).toBeGreaterThan(0);
    for (const row of split) {
      const want = area.get(`${row.patchIndex}|${row.townshipCode}`)!;
      // A part may have taken a sliver (< 1 m²) of another township.
      expect(Math.abs(row.m2.total - want), row.id).toBeLessThanOrEqual(1);
      expect(row.id).toBe(`${row.patchId}_${row.part}`);
    }
    const manifest = JSON.parse(readFileSync(new URL('manifest.json', SAMPLE), 'utf8')) as {
      hardCases: { patches: { straddlingTownships: string[] } };
    };
    for (const id of manifest.hardCases.patches.straddlingTownships) {
      expect(r.rows.filter((x) => x.patchId === id).length, id).toBeGreaterThanOrEqual(2);
    }
    // Unsplit rows lie in the township holding (nearly) all of the patch.
    for (const row of r.rows.filter((x) => x.part === null)) {
      const want = area.get(`${row.patchIndex}|${row.townshipCode}`) ?? 0;
      expect(Math.abs(row.m2.total - want), row.id).toBeLessThanOrEqual(1);
    }
  });

  it('totals balance exactly: township rows, the county row, townships adding up to the county', () => {
    const rows = [...r.townships, r.county];
    for (const t of rows) {
      expect(TOP.reduce((s, k) => s + cents(t.mu[k]), 0), t.name).toBe(cents(t.mu.total));
      expect(cents(t.mu.paddy) + cents(t.mu.irrigated) + cents(t.mu.dry), t.name).toBe(cents(t.mu.cultivated));
      for (const k of KEYS) expect(Math.abs(t.mu[k] - t.m2[k] * 0.0015), `${t.name} ${k}`).toBeLessThan(0.01 + 1e-9);
    }
    for (const k of KEYS) expect(r.townships.reduce((s, t) => s + cents(t.mu[k]), 0), k).toBe(cents(r.county.mu[k]));
    expect(r.townships.map((t) => t.code)).toEqual([
      '371326100000', '371326200000', '371326101000', '371326102000', '371326103000',
      '371326201000', '371326202000', '371326104000', '371326203000', '371326105000',
    ]);
    expect(r.townships.reduce((s, t) => s + t.count, 0)).toBe(r.rows.length);
    // County exact total = Σ patch areas.
    const total = land.patches.reduce((s, p) => s + p.areaM2, 0);
    expect(Math.abs(r.county.m2.total - total)).toBeLessThan(1e-6);
  });

  it('reports the invalid patches read by the even-odd rule', () => {
    const ids = r.repairs.filter((x) => x.layer === L.patches.name).map((x) => x.id);
    expect(ids).toContain('3713262026062'); // the bow-tie of the manifest
  });
});
