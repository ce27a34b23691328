/**
 * Supply (supply.ts): verification of supplement projects against the newest land use, the credit rules,
 * freezing, and the ledger of purchased indicators.
 *
 * 1. Hand-built strips in planar metres (no CRS): every strip is 200/3 m high, so each 10 m of width is
 *    exactly 1 亩 (10 × 200/3 m² × 0.0015); figures worked out by hand below.
 * 2. The sample county: the fixture's projects against its land use. The generator (fixtures/county/
 *    reclamation.ts) builds 高标准农田 projects over cultivated fields claiming 1–5 % of their area as new, and
 *    拆旧复垦 / 工矿废弃地复垦 projects over 0702 homesteads and mining land whose land use is still that
 *    (this land use predates their completion): the first must verify in full, the others find no 耕地.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseBalanceConfig } from '../../src/balance/config.js';
import { parsePurchasedLedger, verifySupply } from '../../src/balance/supply.js';
import type { Indicators } from '../../src/balance/types.js';
import { parseYieldTable, readYieldTable } from '../../src/balance/yield.js';
import { InputError } from '../../src/errors.js';
import { fromGeoJSON } from '../../src/geometry/layer.js';
import type { Layer } from '../../src/geometry/types.js';
import { intersect } from '../../src/overlay/intersect.js';

type Props = Record<string, string | number | null>;
const O = 1000; // away from the longitude/latitude range, where CRS detection would take the numbers for degrees
const H = 200 / 3;
const strip = (x0: number, x1: number, properties: Props) => ({
  type: 'Feature',
  properties,
  geometry: { type: 'Polygon', coordinates: [[[O + x0, O], [O + x1, O], [O + x1, O + H], [O + x0, O + H], [O + x0, O]]] },
});
const layer = (name: string, features: unknown[]): Layer => fromGeoJSON({ type: 'FeatureCollection', features }, { name, requireCrs: false }).layer;

/** kg/亩 = 1050 − 50 × grade: 5 → 800, 6 → 750, 7 → 700, 8 → 650, 11 → 500; 12 (worst) → 450. */
const TABLE = parseYieldTable(
  `等别,kg_per_mu\n${Array.from({ length: 12 }, (_, i) => `${i + 1},${1050 - 50 * (i + 1)}`).join('\n')}\n`,
  'test-table.csv',
);

/*
 * Newest land use: 0101 g6 x ∈ [0, 20] (2 亩); 0103 g8 [20, 80] (6 亩); 0702 [80, 100] (2 亩);
 *   0101 g5 [100, 150] (5 亩); 0102 without grade [150, 200] (5 亩).
 * Projects:
 *   FK1 [0, 100]: claims 新增耕地 6666.67 m² (10.000005 亩), 新增水田 2000 m² (3 亩), QHDB 6, YSRQ 2023-05-06.
 *       Cultivated inside 8 亩, of it 水田 2 亩 → verified 8 亩, 水田 min(3, 2) = 2 亩,
 *       产能 2 × 750 + 6 × 650 = 5400 kg (the whole cultivated area is verified: scale 8/8).
 *       Claimed 产能 10.000005 × 750 = 7500.00375 kg.
 *   FK2 [100, 150]: claims 2000 m² (3 亩), no 水田, QHDB 5, DJZT 冻结. Cultivated 5 亩 of 水田 g5 →
 *       verified 3 亩 (capped at the claim), 水田 min(0, 5, 3) = 0, 产能 5 × 800 × 3/5 = 2400 kg.
 *   FK3 [150, 200]: claims 2000 m² (3 亩), XZSTMJ null, QHDB 7, no YSRQ. Cultivated 5 亩 without GDDB → taken at
 *       QHDB 7 (700 kg/亩): verified 3 亩, 产能 3 × 700 = 2100 kg.
 */
const landuse = () =>
  layer('newest', [
    strip(0, 20, { DLBM: '0101', GDDB: 6 }),
    strip(20, 80, { DLBM: '0103', GDDB: 8 }),
    strip(80, 100, { DLBM: '0702', GDDB: null }),
    strip(100, 150, { DLBM: '0101', GDDB: 5 }),
    strip(150, 200, { DLBM: '0102', GDDB: null }),
  ]);
const projects = () =>
  layer('fk', [
    strip(0, 100, { XMBH: 'FK1', XMMC: '一号项目', XMLX: '复垦', XZGDMJ: 6666.67, XZSTMJ: 2000, QHDB: 6, YSRQ: '2023-05-06' }),
    strip(100, 150, { XMBH: 'FK2', XMMC: '二号项目', XZGDMJ: '2000', XZSTMJ: 0, QHDB: '5', YSRQ: '2022/1/2', DJZT: '冻结' }),
    strip(150, 200, { XMBH: 'FK3', XZGDMJ: 2000, XZSTMJ: null, QHDB: 7 }),
  ]);
const close = (actual: Indicators | null, expected: Indicators) => {
  expect(actual).not.toBeNull();
  for (const k of ['area_mu', 'paddy_mu', 'capacity_kg'] as const) expect(actual![k], k).toBeCloseTo(expected[k], 6);
};

describe('hand-built projects', () => {
  const s = verifySupply(projects(), landuse(), TABLE);

  it('reads id, name, type, acceptance date and freeze mark', () => {
    expect(s.map((r) => [r.id, r.kind, r.name, r.projectType, r.acceptedOn, r.frozen])).toEqual([
      ['FK1', 'project', '一号项目', '复垦', '2023-05-06', false],
      ['FK2', 'project', '二号项目', null, '2022-01-02', true],
      ['FK3', 'project', null, null, null, false],
    ]);
  });

  it('claimed: 亩 of XZGDMJ and XZSTMJ, capacity at QHDB', () => {
    close(s[0].claimed, { area_mu: 10.000005, paddy_mu: 3, capacity_kg: 7500.00375 });
    close(s[1].claimed, { area_mu: 3, paddy_mu: 0, capacity_kg: 2400 });
    close(s[2].claimed, { area_mu: 3, paddy_mu: 0, capacity_kg: 2100 });
  });

  it('verified: a claim of 10 亩 where 8 亩 is cultivated now verifies 8; 水田 3 claimed, 2 now paddy → 2', () => {
    close(s[0].verified, { area_mu: 8, paddy_mu: 2, capacity_kg: 5400 });
    expect(s[0].note).toBe(
      'only 8 亩 of the claimed 10 亩 新增耕地 is cultivated now inside the project; only 2 亩 of the claimed 3 亩 新增水田 is paddy now inside the project',
    );
  });

  it('verified is capped at the claim; land without a grade is taken at QHDB', () => {
    close(s[1].verified, { area_mu: 3, paddy_mu: 0, capacity_kg: 2400 });
    close(s[2].verified, { area_mu: 3, paddy_mu: 0, capacity_kg: 2100 });
    expect(s[2].note).toBe('no XZSTMJ: no 新增水田 claimed; 5 亩 of the cultivated land inside has no GDDB: taken at QHDB 7; no YSRQ 验收日期');
    expect(s[1].note).toBe('frozen (DJZT "冻结")');
  });

  it('credits verified (default), claimed, or per indicator the smaller', () => {
    close(s[0].credited, { area_mu: 8, paddy_mu: 2, capacity_kg: 5400 });
    const claimed = verifySupply(projects(), landuse(), TABLE, { credit: 'claimed' });
    close(claimed[0].credited, { area_mu: 10.000005, paddy_mu: 3, capacity_kg: 7500.00375 });
    const smaller = verifySupply(projects(), landuse(), TABLE, { credit: 'smaller' });
    close(smaller[0].credited, { area_mu: 8, paddy_mu: 2, capacity_kg: 5400 });
    // FK1 claiming 项目后等别 11 (500 kg/亩): claimed 产能 10.000005 × 500 = 5000.0025 < verified 5400, so
    // "smaller" takes 耕地 and 水田 from the verification and 产能 from the claim.
    const modest = projects();
    (modest.attributes as Props[])[0] = { ...modest.attributes[0], QHDB: 11 };
    const r = verifySupply(modest, landuse(), TABLE, { credit: 'smaller' });
    close(r[0].claimed, { area_mu: 10.000005, paddy_mu: 3, capacity_kg: 5000.0025 });
    close(r[0].verified, { area_mu: 8, paddy_mu: 2, capacity_kg: 5400 });
    close(r[0].credited, { area_mu: 8, paddy_mu: 2, capacity_kg: 5000.0025 });
    // FK2 under "cultivated": verified 5 亩 / 水田 5 亩 / 4000 kg exceed the claim (3 / 0 / 2400): the claim is credited.
    const c = verifySupply(projects(), landuse(), TABLE, { credit: 'smaller', verification: 'cultivated' });
    close(c[1].credited, { area_mu: 3, paddy_mu: 0, capacity_kg: 2400 });
  });

  it('verification "cultivated": all cultivated land inside, not capped by the claim', () => {
    const r = verifySupply(projects(), landuse(), TABLE, { verification: 'cultivated' });
    close(r[1].verified, { area_mu: 5, paddy_mu: 5, capacity_kg: 4000 });
    close(r[2].verified, { area_mu: 5, paddy_mu: 0, capacity_kg: 3500 });
  });

  it('frozen by configured id, and by configured freeze values', () => {
    const r = verifySupply(projects(), landuse(), TABLE, { frozenIds: ['FK3'], frozenValues: ['Y'] });
    expect(r.map((x) => x.frozen)).toEqual([false, false, true]);
    expect(r[2].note).toContain('frozen (configuration frozenIds)');
  });

  it('claimed areas in 亩 or 公顷 when so configured', () => {
    const p = layer('fk', [strip(0, 100, { XMBH: 'A', XZGDMJ: 0.4, XZSTMJ: 0.1, QHDB: 6 })]);
    close(verifySupply(p, landuse(), TABLE, { supplementUnit: 'ha' })[0].claimed, { area_mu: 6, paddy_mu: 1.5, capacity_kg: 4500 });
    close(verifySupply(p, landuse(), TABLE, { supplementUnit: 'mu' })[0].claimed, { area_mu: 0.4, paddy_mu: 0.1, capacity_kg: 300 });
  });

  it('errors: no claimed area, a bad number, no QHDB, a QHDB outside the table', () => {
    const one = (props: Props) => layer('fk', [strip(0, 100, { XMBH: 'A', XZGDMJ: 100, QHDB: 6, ...props })]);
    expect(() => verifySupply(one({ XZGDMJ: null }), landuse(), TABLE)).toThrow(
      new InputError('supplement project layer "fk" XZGDMJ (id A): expected the claimed 新增耕地, found an empty value', { featureIndex: 0 }),
    );
    expect(() => verifySupply(one({ XZGDMJ: '12亩' }), landuse(), TABLE)).toThrow(
      new InputError('supplement project layer "fk" XZGDMJ (id A): expected a number ≥ 0, found "12亩"', { featureIndex: 0 }),
    );
    expect(() => verifySupply(one({ QHDB: null }), landuse(), TABLE)).toThrow(
      '1 supplement project(s) whose 粮食产能 cannot be computed with the yield table test-table.csv (等别 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12): ' +
        'A: no QHDB; give the grades, or set "missingGrade": "conservative"',
    );
    expect(() => verifySupply(one({ QHDB: 13 }), landuse(), TABLE)).toThrow('A: QHDB 13 is not in the table');
    // Conservative: claimed capacity at the worst yield (grade 12, 450 kg/亩).
    const r = verifySupply(one({ XZGDMJ: 2000, QHDB: null }), landuse(), TABLE, { missingGrade: 'conservative' });
    close(r[0].claimed, { area_mu: 3, paddy_mu: 0, capacity_kg: 1350 });
    expect(r[0].note).toContain('no QHDB: claimed 粮食产能 at the worst yield of the table, 450 kg/亩');
  });
});

describe('purchased indicators', () => {
  const ledger =
    '\ufeffid,名称,来源,耕地数量_亩,水田_亩,产能_公斤,入库日期,冻结\n' +
    'GM2024-01,"省统筹指标, 一批",省级统筹,50,10,40000,2024/5/6,\n' +
    'GM2024-02,,外县调剂,12.5,0,9000,,是\n';

  it('become supply rows credited as given', () => {
    const r = parsePurchasedLedger(ledger, 'gm.csv');
    expect(r).toEqual([
      {
        id: 'GM2024-01',
        kind: 'purchased',
        projectType: null,
        name: '省统筹指标, 一批',
        acceptedOn: '2024-05-06',
        claimed: null,
        verified: null,
        credited: { area_mu: 50, paddy_mu: 10, capacity_kg: 40000 },
        frozen: false,
        note: '来源 省级统筹',
      },
      {
        id: 'GM2024-02',
        kind: 'purchased',
        projectType: null,
        name: null,
        acceptedOn: null,
        claimed: null,
        verified: null,
        credited: { area_mu: 12.5, paddy_mu: 0, capacity_kg: 9000 },
        frozen: true,
        note: '来源 外县调剂; frozen (冻结 "是")',
      },
    ]);
  });

  const fails = (text: string, message: string) => expect(() => parsePurchasedLedger(text, 'gm.csv')).toThrow(new InputError(message, { file: 'gm.csv' }));
  it('refuses a ledger without an indicator column', () =>
    fails('id,耕地数量_亩,产能_公斤\nA,1,2\n', 'expected a 水田_亩 column (header 水田_亩 / 水田规模_亩 / 水田规模), found columns "id", "耕地数量_亩", "产能_公斤"'));
  it('refuses a non-number and an empty indicator', () => {
    fails('id,耕地数量_亩,水田_亩,产能_公斤\nA,1,x,2\n', 'line 2 (id A) 水田_亩: expected a number ≥ 0 (write 0 for none), found "x"');
    fails('id,耕地数量_亩,水田_亩,产能_公斤\nA,1,0,\n', 'line 2 (id A) 产能_公斤: expected a number ≥ 0 (write 0 for none), found ""');
    fails('id,耕地数量_亩,水田_亩,产能_公斤\nA,-1,0,3\n', 'line 2 (id A) 耕地数量_亩: expected a number ≥ 0 (write 0 for none), found "-1"');
  });
  it('refuses a duplicated id, an empty id, a bad freeze mark and a bad date', () => {
    fails('id,耕地数量_亩,水田_亩,产能_公斤\nA,1,0,3\nA,2,0,3\n', 'id A appears twice, on lines 2 and 3');
    fails('id,耕地数量_亩,水田_亩,产能_公斤\n,1,0,3\n', 'line 2: expected an id, found an empty cell');
    fails('id,耕地数量_亩,水田_亩,产能_公斤,冻结\nA,1,0,3,maybe\n', 'line 2 (id A) 冻结: expected empty, 否, 0 or one of 冻结, 是, 1, Y, TRUE, found "maybe"');
    fails('id,耕地数量_亩,水田_亩,产能_公斤,入库日期\nA,1,0,3,2024-13-01\n', 'line 2 (id A) 入库日期: expected a date YYYY-MM-DD, found "2024-13-01"');
  });
  it('freezes by configured id', () => {
    const r = parsePurchasedLedger(ledger, 'gm.csv', parseBalanceConfig({ frozenIds: ['GM2024-01'] }));
    expect(r.map((x) => x.frozen)).toEqual([true, true]);
  });
});

describe('sample county: fixtures/sample/reclamation.geojson against landuse.geojson', () => {
  const SAMPLE = new URL('../../fixtures/sample/', import.meta.url);
  const read = (name: string, idField?: string): Layer =>
    fromGeoJSON(JSON.parse(readFileSync(new URL(`${name}.geojson`, SAMPLE), 'utf8')), { idField }).layer;
  const projects = read('reclamation', 'XMBH');
  const landuse = read('landuse', 'BSM');
  const table = readYieldTable(new URL('yield-table.csv', SAMPLE).pathname);
  const supply = verifySupply(projects, landuse, table);
  const kindOf = (name: string) => (name.includes('高标准农田') ? 'gbz' : name.includes('拆旧复垦') || name.includes('工矿废弃地') ? 'other' : '?');

  it('高标准农田 projects verify in full; 拆旧复垦 / 工矿 projects, still homestead and mining land, verify nothing', () => {
    const counts = { gbz: 0, other: 0 };
    for (const s of supply) {
      const kind = kindOf(s.name ?? '');
      expect(kind, s.name ?? '').not.toBe('?');
      counts[kind as 'gbz' | 'other']++;
      if (kind === 'gbz') {
        expect(s.verified!.area_mu, s.id).toBe(s.claimed!.area_mu);
        expect(s.verified!.paddy_mu, s.id).toBeLessThanOrEqual(s.claimed!.paddy_mu);
      } else {
        expect(s.verified!.area_mu, s.id).toBeLessThan(1e-6);
        expect(s.claimed!.area_mu, s.id).toBeGreaterThan(0);
      }
    }
    expect(counts.gbz).toBeGreaterThan(20);
    expect(counts.other).toBeGreaterThan(20);
    expect(supply.filter((s) => s.verified!.area_mu < s.claimed!.area_mu).length).toBe(counts.other);
  });

  it('claimed figures are the layer’s (m² → 亩 × yield of QHDB from the fixture table, 1100 − 50 × (grade − 1))', () => {
    for (let i = 0; i < projects.featureCount; i++) {
      const a = projects.attributes[i];
      const mu = (a.XZGDMJ as number) * 0.0015;
      expect(supply[i].claimed!.area_mu).toBeCloseTo(mu, 9);
      expect(supply[i].claimed!.paddy_mu).toBeCloseTo((a.XZSTMJ as number) * 0.0015, 9);
      expect(supply[i].claimed!.capacity_kg).toBeCloseTo(mu * (1100 - 50 * ((a.QHDB as number) - 1)), 6);
    }
  });

  it('verified capacity = verified 亩 × the area-weighted yield of the parcels inside (per-parcel intersection pieces)', () => {
    const pieces = intersect(projects, landuse, { by: 'feature' }).features;
    const cult = new Array<number>(projects.featureCount).fill(0);
    const kg = new Array<number>(projects.featureCount).fill(0);
    for (const piece of pieces) {
      const { patchIndex, featureIndex, areaMu } = piece.properties;
      const a = landuse.attributes[featureIndex!];
      if (!/^010[123]/.test(String(a.DLBM))) continue;
      cult[patchIndex] += areaMu;
      kg[patchIndex] += areaMu * (1100 - 50 * ((a.GDDB as number) - 1));
    }
    let checked = 0;
    for (let i = 0; i < projects.featureCount; i++) {
      if (cult[i] === 0) continue;
      const v = supply[i].verified!;
      expect(v.capacity_kg, supply[i].id).toBeCloseTo((kg[i] * v.area_mu) / cult[i], 4);
      checked++;
    }
    expect(checked).toBeGreaterThan(20);
  });
});
