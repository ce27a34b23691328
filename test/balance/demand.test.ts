/**
 * Occupation demand (demand.ts).
 *
 * 1. Hand-built rectangles in planar metres (no CRS), every piece and indicator worked out by hand below
 *    (1 亩 = 2000/3 m², so 亩 = m² × 0.0015; yields from this file's own table).
 * 2. The sample county (fixtures/sample, EPSG:4527, ellipsoidal), patches taken as occupations: the 耕地 of each
 *    patch equals the 耕地 columns of the 套合 table (computeTaohe, rows of split patches summed), and the
 *    capacity equals Σ over land-use parcels of (patch ∩ parcel) × yield of the parcel's GDDB, from the
 *    per-feature intersection pieces (intersect.ts), not from the class unions demand.ts uses.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { computeDemand, UNSPECIFIED_TYPE } from '../../src/balance/demand.js';
import { parseYieldTable, readYieldTable } from '../../src/balance/yield.js';
import { computeTaohe } from '../../src/enforcement/taohe.js';
import type { TaoheRow } from '../../src/enforcement/types.js';
import { InputError } from '../../src/errors.js';
import { fromGeoJSON } from '../../src/geometry/layer.js';
import type { Layer } from '../../src/geometry/types.js';
import { intersect } from '../../src/overlay/intersect.js';

// ---------------------------------------------------------------------------------------------------------
// 1. Hand-built

type Props = Record<string, string | number | null>;
/** Coordinates relative to (1000, 1000): small numbers would be taken for longitude/latitude by CRS detection. */
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

/** kg/亩 = 1050 − 50 × grade: 5 → 800, 6 → 750, 7 → 700, 9 → 600, 1 → 1000. */
const TABLE = parseYieldTable(
  `等别,kg_per_mu\n${Array.from({ length: 10 }, (_, i) => `${i + 1},${1050 - 50 * (i + 1)}`).join('\n')}\n`,
  'test-table.csv',
);

/*
 * Land use (all y ∈ [0, 100] unless said):
 *   L1 0101 GDDB 5  x ∈ [0, 100]          L5 0101 GDDB 6 x ∈ [0, 100], y ∈ [100, 200]
 *   L2 0102 GDDB 7  x ∈ [100, 200]        L6 0201 (园地, no grade) x ∈ [100, 200], y ∈ [100, 200]
 *   L3 0103 GDDB "9" (text, as DBF gives) x ∈ [200, 300]
 *   L4 0702 (建设用地)  x ∈ [300, 400]
 * Occupations:
 *   ZY1 非农建设, PZRQ 2024/3/5: [50, 350] × [0, 40]: 水田 g5 50×40 = 2000 m², 水浇地 g7 4000, 旱地 g9 4000,
 *       0702 2000 (not 耕地). 耕地 10 000 m² = 15 亩; 水田 3 亩; 产能 3×800 + 6×700 + 6×600 = 10 200 kg.
 *   P2 (JCBH only) 设施农用地: [0, 50] × [150, 200]: 水田 g6 2500 m² — exempt: need 0.
 *   ZY3 (no type): [0, 100] × [50, 150]: 水田 g5 5000 + 水田 g6 5000 = 15 亩, all 水田; 产能 7.5×800 + 7.5×750 = 11 625.
 *   #4 (no id): [320, 380] × [10, 90] on 0702 only: nothing.
 *   ZY5 造林: [150, 250] × [100, 140] on 园地 (no grade, not 耕地) 4000 m² → nothing; not 耕地.
 */
const landuse = () =>
  layer('landuse', [
    rect(0, 0, 100, 100, { DLBM: '0101', GDDB: 5 }),
    rect(100, 0, 200, 100, { DLBM: '0102', GDDB: 7 }),
    rect(200, 0, 300, 100, { DLBM: '0103', GDDB: '9' }),
    rect(300, 0, 400, 100, { DLBM: '0702', GDDB: null }),
    rect(0, 100, 100, 200, { DLBM: '0101', GDDB: 6 }),
    rect(100, 100, 200, 200, { DLBM: '0201', GDDB: null }),
  ]);
const occupations = () =>
  layer('zy', [
    rect(50, 0, 350, 40, { XMBH: 'ZY1', ZYLX: '非农建设', PZRQ: '2024/3/5' }),
    rect(0, 150, 50, 200, { JCBH: 'P2', ZYLX: '设施农用地' }),
    rect(0, 50, 100, 150, { XMBH: 'ZY3' }),
    rect(320, 10, 380, 90, { ZYLX: '补办' }),
    rect(150, 100, 250, 140, { XMBH: 'ZY5', ZYLX: '造林', PZRQ: 20250105 }),
  ]);

describe('hand-built occupations', () => {
  const d = computeDemand(occupations(), landuse(), TABLE);

  it('gives one row per occupation, in layer order, with id, type and date', () => {
    expect(d.map((r) => [r.id, r.type, r.featureIndex, r.date])).toEqual([
      ['ZY1', '非农建设', 0, '2024-03-05'],
      ['P2', '设施农用地', 1, null],
      ['ZY3', UNSPECIFIED_TYPE, 2, null],
      ['#4', '补办', 3, null],
      ['ZY5', '造林', 4, '2025-01-05'],
    ]);
    expect(d[3].note).toContain('no id in XMBH / JCBH');
  });

  it('splits the occupied 耕地 by class and grade', () => {
    const pieces = (i: number) => d[i].pieces.map((p) => [p.landClass, p.grade, p.areaM2]);
    expect(pieces(0)).toEqual([
      ['paddy', 5, 2000],
      ['irrigated', 7, 4000],
      ['dry', 9, 4000],
    ]);
    expect(pieces(1)).toEqual([['paddy', 6, 2500]]);
    expect(pieces(2)).toEqual([
      ['paddy', 5, 5000],
      ['paddy', 6, 5000],
    ]);
    expect(pieces(3)).toEqual([]);
    expect(pieces(4)).toEqual([]);
  });

  it('needs 亩 of 耕地, 亩 of 水田 and kg of capacity', () => {
    expect(d[0].need).toEqual({ area_mu: 15, paddy_mu: 3, capacity_kg: 10200 });
    expect(d[2].need).toEqual({ area_mu: 15, paddy_mu: 15, capacity_kg: 11625 });
    expect(d[3].need).toEqual({ area_mu: 0, paddy_mu: 0, capacity_kg: 0 });
    expect(d[4].need).toEqual({ area_mu: 0, paddy_mu: 0, capacity_kg: 0 });
    expect(d.map((r) => r.counted)).toEqual([true, false, true, true, true]);
  });

  it('an exempt type (设施农用地 by default) keeps its pieces but needs nothing, and says why', () => {
    expect(d[1].need).toEqual({ area_mu: 0, paddy_mu: 0, capacity_kg: 0 });
    expect(d[1].note).toBe('type 设施农用地 is exempt from 占补平衡 by configuration (exemptTypes): need zero');
  });

  it('exemptions, fields and id order come from the configuration', () => {
    const r = computeDemand(occupations(), landuse(), TABLE, { exemptTypes: ['造林'], fields: { occupationId: ['JCBH', 'XMBH'] } });
    expect(r[1]).toMatchObject({ id: 'P2', counted: true, need: { area_mu: 3.75, paddy_mu: 3.75, capacity_kg: 3.75 * 750 } });
    expect(r[4]).toMatchObject({ counted: false });
  });

  it('cultivated land without a grade under an occupation is an error listing occupation and parcel', () => {
    const lu = layer('lu', [rect(0, 0, 100, 100, { DLBM: '0101', GDDB: 5 }), rect(100, 0, 200, 100, { DLBM: '0103', GDDB: null })]);
    const occ = layer('zy', [rect(50, 0, 150, 20, { XMBH: 'A' }), rect(0, 50, 40, 60, { XMBH: 'B' })]);
    expect(() => computeDemand(occ, lu, TABLE)).toThrow(
      new InputError(
        'land-use layer "lu": cultivated land without a quality grade (GDDB) lies under 1 occupation(s), so its 粮食产能 cannot be computed: ' +
          'A (dry, 1000 m²; land-use features 1). Give those parcels their grade, or set "missingGrade": "conservative" to count them at the best yield of the table',
      ),
    );
    // Conservative: the best yield of the table (grade 1, 1000 kg/亩) for the ungraded 1.5 亩.
    const r = computeDemand(occ, lu, TABLE, { missingGrade: 'conservative' });
    expect(r[0].need).toEqual({ area_mu: 3, paddy_mu: 1.5, capacity_kg: 1.5 * 800 + 1.5 * 1000 });
    expect(r[0].pieces.map((p) => [p.landClass, p.grade, p.areaM2])).toEqual([
      ['paddy', 5, 1000],
      ['dry', null, 1000],
    ]);
    expect(r[0].note).toBe('1000 m² of dry without GDDB counted at the best yield of the table, 1000 kg/亩');
  });

  it('a grade the yield table does not have is an error naming grade, occupations and table', () => {
    const lu = layer('lu', [rect(0, 0, 100, 100, { DLBM: '0101', GDDB: 12 })]);
    const occ = layer('zy', [rect(0, 0, 10, 10, { XMBH: 'A' })]);
    expect(() => computeDemand(occ, lu, TABLE)).toThrow(
      'land-use GDDB grades not in the yield table test-table.csv (等别 1, 2, 3, 4, 5, 6, 7, 8, 9, 10) lie under occupations: grade 12 (A); ' +
        'check that the table and the land use use the same scale (等别 1–15 or 等级 1–10)',
    );
  });

  it('a malformed grade, date, or a missing grade field are errors naming layer, feature and field', () => {
    const occ = layer('zy', [rect(0, 0, 10, 10, { XMBH: 'A' })]);
    expect(() => computeDemand(occ, layer('lu', [rect(0, 0, 100, 100, { DLBM: '0101', GDDB: 'x' })]), TABLE)).toThrow(
      new InputError('land-use layer "lu" GDDB: expected a whole-number quality grade, found "x"', { featureIndex: 0 }),
    );
    expect(() => computeDemand(occ, layer('lu', [rect(0, 0, 100, 100, { DLBM: '0101' })]), TABLE)).toThrow(
      'land-use layer "lu": expected a field "GDDB" (configuration fields.grade), found none on any feature (fields: DLBM)',
    );
    const badDate = layer('zy', [rect(0, 0, 10, 10, { XMBH: 'A', PZRQ: '2024-02-30' })]);
    expect(() => computeDemand(badDate, landuse(), TABLE)).toThrow(
      new InputError('occupation layer "zy" PZRQ (id A): expected a date YYYY-MM-DD, found "2024-02-30"', { featureIndex: 0 }),
    );
  });

  it('land-use codes in no class are noted, not counted', () => {
    const lu = layer('lu', [rect(0, 0, 50, 100, { DLBM: '0101', GDDB: 5 }), rect(50, 0, 100, 100, { DLBM: '9999', GDDB: null })]);
    const r = computeDemand(layer('zy', [rect(0, 0, 100, 10, { XMBH: 'A' })]), lu, TABLE);
    expect(r[0].need.area_mu).toBe(0.75);
    expect(r[0].note).toBe('land-use codes in no class of the land-class table lie inside (not counted as 耕地): "9999" 500 m²');
  });

  it('the land-class folding is the enforcement configuration’s', () => {
    // Moving 0103 out of 耕地 (a county's own table) removes the 旱地 piece of ZY1.
    const r = computeDemand(occupations(), landuse(), TABLE, undefined, {
      enforcement: { landClasses: { dry: ['0199'], otherAgri: ['02', '03', '0103'] } },
    });
    expect(r[0].need).toEqual({ area_mu: 9, paddy_mu: 3, capacity_kg: 3 * 800 + 6 * 700 });
  });
});

// ---------------------------------------------------------------------------------------------------------
// 2. Sample county

const SAMPLE = new URL('../../fixtures/sample/', import.meta.url);
const read = (name: string, idField?: string): Layer =>
  fromGeoJSON(JSON.parse(readFileSync(new URL(`${name}.geojson`, SAMPLE), 'utf8')), { idField }).layer;

describe('sample county: patches as occupations', () => {
  const patches = read('patches', 'JCBH');
  const landuse = read('landuse', 'BSM');
  const townships = read('townships', 'XZQDM');
  const table = readYieldTable(new URL('yield-table.csv', SAMPLE).pathname);
  const demand = computeDemand(patches, landuse, table, { fields: { occupationType: 'TBLX' }, exemptTypes: [] });
  const taohe = computeTaohe({ patches, landuse, townships });
  const rowsOf: TaoheRow[][] = Array.from({ length: patches.featureCount }, () => []);
  for (const row of taohe.rows) rowsOf[row.patchIndex].push(row);

  it('has one counted row per patch, typed by TBLX', () => {
    expect(demand.length).toBe(300);
    expect(demand.every((d) => d.counted)).toBe(true);
    expect(demand.map((d) => d.type)).toEqual(patches.attributes.map((a) => a.TBLX));
    expect(demand.map((d) => d.id)).toEqual(patches.attributes.map((a) => a.JCBH));
  });

  it('耕地 and 水田 of each patch equal the 耕地 columns of the 套合 table: exact in m² (split rows summed)', () => {
    let worstM2 = 0;
    for (let p = 0; p < patches.featureCount; p++) {
      const d = demand[p];
      const byClass = (c: string) => d.pieces.filter((x) => x.landClass === c).reduce((s, x) => s + x.areaM2, 0);
      for (const c of ['paddy', 'irrigated', 'dry'] as const) {
        worstM2 = Math.max(worstM2, Math.abs(byClass(c) - rowsOf[p].reduce((s, r) => s + r.m2[c], 0)));
      }
    }
    expect(worstM2).toBeLessThan(1e-6);
    expect(rowsOf.some((rows) => rows.length > 1)).toBe(true); // some patches are split by township
  });

  it('… and within 0.01 亩 of the 2-decimal 耕地 / 水田 columns, patch by patch (majority township: one row per patch)', () => {
    const majority = computeTaohe({ patches, landuse, townships }, { townshipAssignment: 'majority' });
    expect(majority.rows.length).toBe(300);
    let worst = 0;
    let withCultivated = 0;
    for (const row of majority.rows) {
      const d = demand[row.patchIndex];
      worst = Math.max(worst, Math.abs(d.need.area_mu - row.mu.cultivated), Math.abs(d.need.paddy_mu - row.mu.paddy));
      if (row.mu.cultivated > 0) withCultivated++;
    }
    expect(worst).toBeLessThanOrEqual(0.01 + 1e-9);
    expect(withCultivated).toBeGreaterThan(100);
  });

  it('capacity equals Σ (patch ∩ parcel) 亩 × yield(GDDB of the parcel) over per-parcel intersection pieces', () => {
    const pieces = intersect(patches, landuse, { by: 'feature', layerIdField: 'BSM' }).features;
    const expected = new Array<number>(patches.featureCount).fill(0);
    for (const piece of pieces) {
      const { patchIndex, featureIndex, areaMu } = piece.properties;
      const a = landuse.attributes[featureIndex!];
      if (!/^010[123]/.test(String(a.DLBM))) continue;
      // This table is 1100 − 50 × (grade − 1), as the fixture file says.
      expected[patchIndex] += areaMu * (1100 - 50 * ((a.GDDB as number) - 1));
    }
    let worst = 0;
    for (let p = 0; p < patches.featureCount; p++) worst = Math.max(worst, Math.abs(demand[p].need.capacity_kg - expected[p]));
    expect(worst).toBeLessThan(1e-6);
    const total = expected.reduce((s, v) => s + v, 0);
    expect(total).toBeGreaterThan(0);
  });
});
