/**
 * The allocation engine of 耕地占补平衡 (allocate.ts). Hand-built cases carry their arithmetic in comments;
 * the property tests check the module against an independent oracle: greedy write-off in order is the
 * overlap of two number lines — demand d occupies [Cd, Cd + need_d) of the cumulative demand, supply row j
 * occupies [Sj, Sj + credited_j) of the cumulative unfrozen supply, and the amount of j written off against d
 * is the length of the intersection. Units are integers the test computes on its own (0.0001 亩, 0.01 公斤).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  allocate,
  compareSuppliesByDate,
  fromUnits,
  hectaresOf,
  indicatorUnits,
  INDICATOR_NAMES,
  muToHectare,
  toUnits,
  type BalanceResult,
} from '../../src/balance/allocate.js';
import type { Demand, Indicators, Supply } from '../../src/balance/types.js';
import { InputError } from '../../src/errors.js';

type Triple = readonly [area_mu: number, paddy_mu: number, capacity_kg: number];
const ind = ([area_mu, paddy_mu, capacity_kg]: Triple): Indicators => ({ area_mu, paddy_mu, capacity_kg });

function demand(id: string, date: string | null, need: Triple, extra: Partial<Demand> = {}): Demand {
  return { id, type: '非农建设', featureIndex: -1, date, pieces: [], need: ind(need), counted: true, note: null, ...extra };
}

function supply(id: string, acceptedOn: string | null, credited: Triple, extra: Partial<Supply> = {}): Supply {
  return {
    id,
    kind: 'project',
    projectType: '开发',
    name: null,
    acceptedOn,
    claimed: null,
    verified: null,
    credited: ind(credited),
    frozen: false,
    note: null,
    ...extra,
  };
}

/** Allocations as [demandId, supplyId, area, paddy, kg], for compact exact comparison. */
const rows = (r: BalanceResult): [string, string, number, number, number][] =>
  r.allocations.map((a) => [a.demandId, a.supplyId, a.amount.area_mu, a.amount.paddy_mu, a.amount.capacity_kg]);
const bySupply = (r: BalanceResult, id: string) => r.perSupply.find((s) => s.id === id)!;
const byDemand = (r: BalanceResult, id: string) => r.perDemand.find((d) => d.id === id)!;

describe('hand-built cases (issue 6)', () => {
  it('exact balance: two projects, two occupations, everything written off', () => {
    // Supply XM1 (2021) 10 亩 / 4 水田 / 8000 kg, XM2 (2022) 6.5 / 0 / 4200.5  → Σ 16.5 / 4 / 12200.5.
    // Demand D1 (2023-03) 12 / 4 / 9000, D2 (2023-07) 4.5 / 0 / 3200.5          → Σ 16.5 / 4 / 12200.5.
    // D1 area: XM1 10, then XM2 12 − 10 = 2; paddy: XM1 4; kg: XM1 8000, XM2 9000 − 8000 = 1000.
    // D2 area: XM2 6.5 − 2 = 4.5; kg: XM2 4200.5 − 1000 = 3200.5; paddy none → no XM1 row for D2.
    const r = allocate(
      [demand('D2', '2023-07-01', [4.5, 0, 3200.5]), demand('D1', '2023-03-01', [12, 4, 9000])],
      [supply('XM2', '2022-01-15', [6.5, 0, 4200.5]), supply('XM1', '2021-05-10', [10, 4, 8000])],
    );
    expect(rows(r)).toEqual([
      ['D1', 'XM1', 10, 4, 8000],
      ['D1', 'XM2', 2, 0, 1000],
      ['D2', 'XM2', 4.5, 0, 3200.5],
    ]);
    expect(r.summary).toEqual({
      demand: ind([16.5, 4, 12200.5]),
      supply: ind([16.5, 4, 12200.5]),
      remaining: ind([0, 0, 0]),
      balanced: true,
      deficits: ind([0, 0, 0]),
      failing: [],
    });
    expect(r.perSupply.map((s) => [s.id, s.remaining])).toEqual([
      ['XM1', ind([0, 0, 0])],
      ['XM2', ind([0, 0, 0])],
    ]);
    expect(byDemand(r, 'D1').covered).toEqual(ind([12, 4, 9000]));
    expect(byDemand(r, 'D2').shortfall).toEqual(ind([0, 0, 0]));
  });

  it('deficit in paddy only: 占水田 is drawn from paddy supply only, a dry-land project gives none', () => {
    // Supply XM1 (2020) 20 / 3 / 15000, XM2 (2021, 旱地) 10 / 0 / 8000 → Σ 30 / 3 / 23000.
    // Demand D1 (2022-01, paddy occupation) 8 / 5 / 6000, D2 (2022-06) 12 / 2 / 9000 → Σ 20 / 7 / 15000.
    // area: D1 XM1 8, D2 XM1 20 − 8 = 12 (XM1 exhausted, XM2 untouched); kg: D1 6000, D2 15000 − 6000 = 9000 from
    // XM1 (exhausted exactly); paddy: D1 takes XM1's 3, short 2; D2 short 2 (XM2 has no paddy).
    // Deficits 0 / 7 − 3 = 4 / 0; remaining XM2 whole: 10 / 0 / 8000.
    const r = allocate(
      [demand('D1', '2022-01-01', [8, 5, 6000]), demand('D2', '2022-06-01', [12, 2, 9000])],
      [supply('XM1', '2020-10-01', [20, 3, 15000]), supply('XM2', '2021-04-01', [10, 0, 8000], { projectType: '旱地开发' })],
    );
    expect(rows(r)).toEqual([
      ['D1', 'XM1', 8, 3, 6000],
      ['D2', 'XM1', 12, 0, 9000],
    ]);
    expect(r.summary.balanced).toBe(false);
    expect(r.summary.failing).toEqual(['水田规模']);
    expect(r.summary.deficits).toEqual(ind([0, 4, 0]));
    expect(r.summary.remaining).toEqual(ind([10, 0, 8000]));
    expect(byDemand(r, 'D1').shortfall).toEqual(ind([0, 2, 0]));
    expect(byDemand(r, 'D2').shortfall).toEqual(ind([0, 2, 0]));
    expect(bySupply(r, 'XM2').used).toEqual(ind([0, 0, 0]));
  });

  it('占优补优 fails: area covered but the supplied land yields less', () => {
    // D1 occupies 10 亩 of 等别 3 land at 900 kg/亩 → 9000 kg. XM1 supplies 12 亩 of 等别 9 at 500 kg/亩 → 6000 kg;
    // a purchased capacity-only row P1 adds 1500.75 kg. Area 10 ≤ 12 (remaining 2), capacity 9000 > 6000 + 1500.75
    // = 7500.75 → deficit 9000 − 7500.75 = 1499.25 kg.
    const r = allocate(
      [demand('D1', '2024-05-01', [10, 0, 9000])],
      [
        supply('P1', '2022-01-01', [0, 0, 1500.75], { kind: 'purchased', projectType: null }),
        supply('XM1', '2021-01-01', [12, 0, 6000]),
      ],
    );
    expect(rows(r)).toEqual([
      ['D1', 'XM1', 10, 0, 6000],
      ['D1', 'P1', 0, 0, 1500.75],
    ]);
    expect(r.summary.failing).toEqual(['粮食产能']);
    expect(r.summary.deficits).toEqual(ind([0, 0, 1499.25]));
    expect(r.summary.remaining).toEqual(ind([2, 0, 0]));
    expect(byDemand(r, 'D1').shortfall).toEqual(ind([0, 0, 1499.25]));
  });

  it('a project split across two occupations (and one occupation across two projects)', () => {
    // XM1 (2021) 30 / 10 / 24000.4, XM2 (2022) 5 / 0 / 0. D1 (2023-01) 12.3456 / 4 / 9876.54, D2 (2023-02) 20 / 6 / 14123.86.
    // D1 all from XM1. XM1 left 30 − 12.3456 = 17.6544 / 10 − 4 = 6 / 24000.4 − 9876.54 = 14123.86.
    // D2 area: XM1 17.6544, XM2 20 − 17.6544 = 2.3456; paddy XM1 6; kg XM1 14123.86 (XM1 exhausted exactly).
    // XM2 remaining 5 − 2.3456 = 2.6544. (In doubles 30 − 12.3456 is 17.654400000000003: exact units matter.)
    const r = allocate(
      [demand('D1', '2023-01-10', [12.3456, 4, 9876.54]), demand('D2', '2023-02-20', [20, 6, 14123.86])],
      [supply('XM1', '2021-03-15', [30, 10, 24000.4]), supply('XM2', '2022-08-01', [5, 0, 0])],
    );
    expect(rows(r)).toEqual([
      ['D1', 'XM1', 12.3456, 4, 9876.54],
      ['D2', 'XM1', 17.6544, 6, 14123.86],
      ['D2', 'XM2', 2.3456, 0, 0],
    ]);
    expect(bySupply(r, 'XM1').used).toEqual(ind([30, 10, 24000.4]));
    expect(bySupply(r, 'XM1').remaining).toEqual(ind([0, 0, 0]));
    expect(bySupply(r, 'XM2').remaining).toEqual(ind([2.6544, 0, 0]));
    expect(r.summary.balanced).toBe(true);
    expect(r.summary.remaining).toEqual(ind([2.6544, 0, 0]));
  });

  it('a frozen indicator is listed but never drawn, even when it is the oldest', () => {
    // XM0 (2019, frozen) 10 / 5 / 8000, XM1 (2020) 6 / 2 / 5000. D1 8 / 3 / 6000.
    // Only XM1 counts: D1 gets 6 / 2 / 5000, short 2 / 1 / 1000 — all three indicators fail.
    const supplies = [supply('XM0', '2019-01-01', [10, 5, 8000], { frozen: true }), supply('XM1', '2020-01-01', [6, 2, 5000])];
    const demands = [demand('D1', '2023-01-01', [8, 3, 6000])];
    const r = allocate(demands, supplies);
    expect(rows(r)).toEqual([['D1', 'XM1', 6, 2, 5000]]);
    expect(r.summary.supply).toEqual(ind([6, 2, 5000]));
    expect(r.summary.deficits).toEqual(ind([2, 1, 1000]));
    expect(r.summary.failing).toEqual(['耕地数量', '粮食产能', '水田规模']);
    expect(r.frozen).toEqual(ind([10, 5, 8000]));
    expect(bySupply(r, 'XM0')).toMatchObject({ frozen: true, used: ind([0, 0, 0]), remaining: ind([10, 5, 8000]) });
    // Unfrozen, the same row is the first drawn and covers D1 alone.
    const thawed = allocate(demands, [{ ...supplies[0], frozen: false }, supplies[1]]);
    expect(rows(thawed)).toEqual([['D1', 'XM0', 8, 3, 6000]]);
    expect(thawed.summary.balanced).toBe(true);
  });
});

describe('order', () => {
  it('supply: acceptance date, undated last, ties by id; purchased rows by their date', () => {
    // Each row 1 亩; the demand needs 3.5 → P (2020-06), A, B (2021-01-01, by id), N (undated) 0.5.
    const r = allocate(
      [demand('D', '2024-01-01', [3.5, 0, 0])],
      [
        supply('N', null, [1, 0, 0]),
        supply('B', '2021-01-01', [1, 0, 0]),
        supply('A', '2021-01-01', [1, 0, 0]),
        supply('P', '2020-06-01', [1, 0, 0], { kind: 'purchased' }),
      ],
    );
    expect(rows(r).map((x) => [x[1], x[2]])).toEqual([
      ['P', 1],
      ['A', 1],
      ['B', 1],
      ['N', 0.5],
    ]);
    expect(r.perSupply.map((s) => s.id)).toEqual(['P', 'A', 'B', 'N']);
  });

  it('demand: date, undated last, then id; or input order', () => {
    // 2 亩 of supply, three demands of 1 亩: the first two in order are covered, the third is short 1.
    const demands = [
      demand('late', '2024-02-01', [1, 0, 0]),
      demand('none', null, [1, 0, 0]),
      demand('early', '2023-05-01', [1, 0, 0]),
    ];
    const supplies = [supply('XM', '2020-01-01', [2, 0, 0])];
    const byDate = allocate(demands, supplies);
    expect(byDate.perDemand.map((d) => [d.id, d.shortfall.area_mu])).toEqual([
      ['early', 0],
      ['late', 0],
      ['none', 1],
    ]);
    const asGiven = allocate(demands, supplies, { demandOrder: 'input' });
    expect(asGiven.perDemand.map((d) => [d.id, d.shortfall.area_mu])).toEqual([
      ['late', 0],
      ['none', 0],
      ['early', 1],
    ]);
  });

  it('a custom supply comparator (purchased first), ties kept in input order', () => {
    const purchasedFirst = (a: Supply, b: Supply): number => (a.kind === b.kind ? 0 : a.kind === 'purchased' ? -1 : 1);
    const r = allocate(
      [demand('D', null, [2.5, 0, 0])],
      [supply('X2', '2019-01-01', [1, 0, 0]), supply('P', '2023-01-01', [1, 0, 0], { kind: 'purchased' }), supply('X1', '2018-01-01', [1, 0, 0])],
      { order: purchasedFirst },
    );
    expect(rows(r).map((x) => [x[1], x[2]])).toEqual([
      ['P', 1],
      ['X2', 1],
      ['X1', 0.5],
    ]);
    const inInput = allocate([demand('D', null, [1.5, 0, 0])], [supply('Z', '2023-01-01', [1, 0, 0]), supply('A', '2019-01-01', [1, 0, 0])], {
      order: 'input',
    });
    expect(rows(inInput).map((x) => [x[1], x[2]])).toEqual([
      ['Z', 1],
      ['A', 0.5],
    ]);
  });

  it('each indicator is written off on its own: one demand may take area and capacity from different rows', () => {
    // XM1 (2020) 5 / 0 / 1000, XM2 (2021) 5 / 0 / 5000. D1 (2022) 2 / 0 / 3000 takes area 2 from XM1, capacity
    // 1000 from XM1 and 2000 from XM2. D2 (2023) 3 / 0 / 1000: area XM1 5 − 2 = 3; capacity XM2 (XM1 has none left).
    const r = allocate(
      [demand('D1', '2022-01-01', [2, 0, 3000]), demand('D2', '2023-01-01', [3, 0, 1000])],
      [supply('XM1', '2020-01-01', [5, 0, 1000]), supply('XM2', '2021-01-01', [5, 0, 5000])],
    );
    expect(rows(r)).toEqual([
      ['D1', 'XM1', 2, 0, 1000],
      ['D1', 'XM2', 0, 0, 2000],
      ['D2', 'XM1', 3, 0, 0],
      ['D2', 'XM2', 0, 0, 1000],
    ]);
    expect(bySupply(r, 'XM2').remaining).toEqual(ind([5, 0, 2000]));
  });
});

describe('rules and units', () => {
  it('an uncounted (exempt) demand needs nothing', () => {
    const r = allocate(
      [demand('E', '2023-01-01', [0, 0, 0], { counted: false, type: '设施农用地', need: ind([3, 1, 900]) })],
      [supply('XM', '2020-01-01', [1, 0, 0])],
    );
    expect(r.allocations).toEqual([]);
    expect(byDemand(r, 'E')).toMatchObject({ counted: false, need: ind([0, 0, 0]), shortfall: ind([0, 0, 0]) });
    expect(r.summary.balanced).toBe(true);
  });

  it('exact units: 0.3 亩 shared as 0.1 + 0.2 leaves exactly nothing', () => {
    // In doubles 0.3 − 0.1 = 0.19999999999999998 < 0.2, which would leave D2 short by 3e-17 亩.
    const r = allocate(
      [demand('D1', '2023-01-01', [0.1, 0.1, 0.1]), demand('D2', '2023-01-02', [0.2, 0.2, 0.2])],
      [supply('XM', '2020-01-01', [0.3, 0.3, 0.3])],
    );
    expect(r.summary.balanced).toBe(true);
    expect(byDemand(r, 'D2').covered).toEqual(ind([0.2, 0.2, 0.2]));
    expect(bySupply(r, 'XM').remaining).toEqual(ind([0, 0, 0]));
  });

  it('inputs are rounded half away from zero to 0.0001 亩 and 0.01 kg, on the written decimal', () => {
    // 0.00005 → 0.0001 亩; 1.00004999 → 1 亩; 2.675 kg → 2.68 (the double 2.675 lies below, the decimal does not);
    // 1.005 kg → 1.01.
    const r = allocate(
      [demand('D', '2023-01-01', [1.00004999, 0.00005, 2.675])],
      [supply('XM', '2020-01-01', [0.00005, 0, 1.005])],
    );
    expect(byDemand(r, 'D').need).toEqual(ind([1, 0.0001, 2.68]));
    expect(bySupply(r, 'XM').credited).toEqual(ind([0.0001, 0, 1.01]));
    // Deficits 1 − 0.0001 = 0.9999; 0.0001 − 0 = 0.0001; 2.68 − 1.01 = 1.67.
    expect(r.summary.deficits).toEqual(ind([0.9999, 0.0001, 1.67]));
  });

  it('toUnits / fromUnits / indicatorUnits', () => {
    expect(toUnits(2.675, 2)).toBe(268n);
    expect(toUnits(1.005, 2)).toBe(101n);
    expect(toUnits(0.00005, 4)).toBe(1n);
    expect(toUnits(0.000049999, 4)).toBe(0n);
    expect(toUnits(1e-7, 4)).toBe(0n);
    expect(toUnits(1.5e-4, 4)).toBe(2n);
    expect(toUnits(1e21, 2)).toBe(10n ** 23n);
    expect(fromUnits(123456n, 4)).toBe(12.3456);
    expect(indicatorUnits({ area_mu: 1.5, paddy_mu: 0, capacity_kg: 600.125 })).toEqual({
      area_mu: 15000n,
      paddy_mu: 0n,
      capacity_kg: 60013n,
    });
  });

  it('muToHectare: 1 亩 = 1/15 公顷, rounded half away at 4 decimals', () => {
    expect(muToHectare(15)).toBe(1);
    expect(muToHectare(7.5)).toBe(0.5);
    expect(muToHectare(1)).toBe(0.0667); // 0.0666…
    expect(muToHectare(1, 6)).toBe(0.066667);
    expect(muToHectare(100)).toBe(6.6667); // 6.6666…
    expect(muToHectare(0.00075)).toBe(0.0001); // 0.00005 exactly → half away
    expect(muToHectare(0.00074)).toBe(0); // 0.0000493…
    expect(muToHectare(-1)).toBe(-0.0667);
    expect(muToHectare(12345.6789)).toBe(823.0453); // 12345.6789 / 15 = 823.04526
    expect(hectaresOf(ind([30, 15, 999]))).toEqual({ area_ha: 2, paddy_ha: 1 });
    expect(() => muToHectare(1, 1.5)).toThrow(InputError);
  });

  it('bad inputs raise InputError naming the row', () => {
    const ok = supply('XM', '2020-01-01', [1, 0, 0]);
    expect(() => allocate([demand('D', null, [-1, 0, 0])], [ok])).toThrow(/demand "D" need: area_mu must be a finite number ≥ 0, found -1/);
    expect(() => allocate([], [supply('S', null, [1, Number.NaN, 0])])).toThrow(/supply "S" credited: paddy_mu .* found NaN/);
    expect(() => allocate([], [ok, ok])).toThrow(/supply rows 0 and 1 have the same id "XM"/);
    expect(() => allocate([demand('D', null, [0, 0, 0]), demand('D', null, [0, 0, 0])], [])).toThrow(InputError);
    expect(() => allocate([], [supply('S', '2021/3/5', [1, 0, 0])])).toThrow(/supply "S" acceptedOn: expected a date YYYY-MM-DD .* found "2021\/3\/5"/);
    expect(() => allocate([demand('D', '2021-13-01', [0, 0, 0], { featureIndex: 7 })], [])).toThrow(/feature 7: demand "D"/);
    expect(() => allocate([], [supply('S', null, [2e11, 0, 0])])).toThrow(/beyond the supported/);
  });

  it('nothing in, balanced with zeros', () => {
    const r = allocate([], []);
    expect(r.summary).toEqual({
      demand: ind([0, 0, 0]),
      supply: ind([0, 0, 0]),
      remaining: ind([0, 0, 0]),
      balanced: true,
      deficits: ind([0, 0, 0]),
      failing: [],
    });
    expect(INDICATOR_NAMES).toEqual({ area_mu: '耕地数量', capacity_kg: '粮食产能', paddy_mu: '水田规模' });
  });
});

// ---------------------------------------------------------------------------------------------- properties

const KEYS = ['area_mu', 'paddy_mu', 'capacity_kg'] as const;
type Key = (typeof KEYS)[number];
const SCALE: Record<Key, number> = { area_mu: 1e4, paddy_mu: 1e4, capacity_kg: 1e2 };

/** A cheap assertion for the inner loops (vitest's expect costs ~10× more per call). */
function same<T>(got: T, want: T, what = ''): void {
  if (got !== want) throw new Error(`${what}: got ${String(got)}, expected ${String(want)}`);
}

/**
 * An output number → its integer units, checking it is a decimal with at most the ledger's decimals
 * (so the printed value is the exact one), independent of the module's conversion.
 */
function unitsOf(x: number, k: Key): number {
  const text = String(x);
  const decimals = k === 'capacity_kg' ? 2 : 4;
  if (!new RegExp(`^\\d+(\\.\\d{1,${decimals}})?$`).test(text)) throw new Error(`${k} = ${text} is not a ${decimals}-decimal value`);
  const u = Math.round(x * SCALE[k]);
  same(u / SCALE[k], x, `${k} units`);
  return u;
}

/**
 * A generated value: integer `v` and the power of ten it is written with; the input number is v / 10^p, its
 * ledger units round half away at 4 (or 2) decimals, computed here in integers.
 */
interface Gen {
  v: number;
  p: number;
}
const genArb: fc.Arbitrary<Gen> = fc.oneof(
  { weight: 2, arbitrary: fc.constant({ v: 0, p: 0 }) },
  { weight: 3, arbitrary: fc.record({ v: fc.integer({ min: 0, max: 60 }), p: fc.constant(0) }) },
  { weight: 4, arbitrary: fc.record({ v: fc.integer({ min: 0, max: 3_000_000 }), p: fc.constantFrom(2, 4) }) },
  { weight: 2, arbitrary: fc.record({ v: fc.integer({ min: 0, max: 300_000_000 }), p: fc.constantFrom(5, 6) }) },
);
const numberOf = (g: Gen): number => g.v / 10 ** g.p;
/** Expected units at `d` decimals: v × 10^(d−p), or v / 10^(p−d) rounded half away (v ≥ 0). */
function expectedUnits(g: Gen, d: number): number {
  if (g.p <= d) return g.v * 10 ** (d - g.p);
  const div = 10 ** (g.p - d);
  return Math.floor(g.v / div) + (g.v % div >= div / 2 ? 1 : 0);
}

const DATES = ['2020-01-01', '2020-06-30', '2021-03-15', '2022-12-31'];
const dateArb = fc.option(fc.constantFrom(...DATES), { nil: null, freq: 4 });
const idArb = fc.string({ unit: fc.constantFrom('a', 'B', 'c', '甲', '1'), minLength: 1, maxLength: 3 });
const tripleArb = fc.record({ area_mu: genArb, paddy_mu: genArb, capacity_kg: genArb });

const supplyArb = fc.record({
  id: idArb,
  date: dateArb,
  g: tripleArb,
  frozen: fc.oneof({ weight: 4, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
  kind: fc.constantFrom('project' as const, 'purchased' as const),
});
const demandArb = fc.record({
  id: idArb,
  date: dateArb,
  g: tripleArb,
  counted: fc.oneof({ weight: 9, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
});
const caseArb = fc.record({
  supplies: fc.uniqueArray(supplyArb, { selector: (s) => s.id, maxLength: 8 }),
  demands: fc.uniqueArray(demandArb, { selector: (d) => d.id, maxLength: 8 }),
  inputOrder: fc.boolean(),
});

const toNumbers = (g: Record<Key, Gen>): Triple => [numberOf(g.area_mu), numberOf(g.paddy_mu), numberOf(g.capacity_kg)];
const DEC: Record<Key, number> = { area_mu: 4, paddy_mu: 4, capacity_kg: 2 };

/** The test's own order: date ascending with undated last, then id by code units (not the module's comparator). */
function byDateThenId<T extends { id: string; date: string | null }>(rows: T[]): T[] {
  const key = (r: T): string => `${r.date === null ? '1' : `0${r.date}`}`;
  return rows.slice().sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

describe('properties (seeded, 2000 random ledgers)', () => {
  it('matches the interval-overlap oracle; conservation exact; order, frozen, paddy and summary rules hold', () => {
    let balancedRuns = 0;
    let unbalancedRuns = 0;
    let splitRows = 0;
    fc.assert(
      fc.property(caseArb, ({ supplies: sg, demands: dg, inputOrder }) => {
        const supplies = sg.map((s) => supply(s.id, s.date, toNumbers(s.g), { frozen: s.frozen, kind: s.kind }));
        const demands = dg.map((d) => demand(d.id, d.date, toNumbers(d.g), { counted: d.counted }));
        const r = allocate(demands, supplies, inputOrder ? { demandOrder: 'input' } : {});

        const sOrd = byDateThenId(sg);
        const dOrd = inputOrder ? dg : byDateThenId(dg);
        expect(r.perSupply.map((s) => s.id)).toEqual(sOrd.map((s) => s.id));
        expect(r.perDemand.map((d) => d.id)).toEqual(dOrd.map((d) => d.id));
        expect(r.allocations).toEqual(r.perDemand.flatMap((d) => d.allocations));

        const sIndex = new Map(sOrd.map((s, i) => [s.id, i]));
        const dIndex = new Map(dOrd.map((d, i) => [d.id, i]));
        for (const a of r.allocations) {
          const s = sOrd[sIndex.get(a.supplyId)!];
          same(s.frozen, false, `allocation from frozen ${s.id}`);
          same(KEYS.some((k) => a.amount[k] > 0), true, 'allocation with nothing in it');
        }

        for (const k of KEYS) {
          const cred = sOrd.map((s) => expectedUnits(s.g[k], DEC[k]));
          const avail = sOrd.map((s, j) => (s.frozen ? 0 : cred[j]));
          const need = dOrd.map((d) => (d.counted ? expectedUnits(d.g[k], DEC[k]) : 0));

          // Oracle: demand d covers [C_d, C_d + need_d), row j offers [S_j, S_j + avail_j) on the same line.
          const matrix = dOrd.map(() => sOrd.map(() => 0));
          let c = 0;
          need.forEach((n, di) => {
            let s0 = 0;
            avail.forEach((av, j) => {
              matrix[di][j] = Math.max(0, Math.min(c + n, s0 + av) - Math.max(c, s0));
              s0 += av;
            });
            c += n;
          });
          const got = dOrd.map(() => sOrd.map(() => 0));
          for (const a of r.allocations) got[dIndex.get(a.demandId)!][sIndex.get(a.supplyId)!] += unitsOf(a.amount[k], k);
          expect(got, `allocation matrix of ${k}`).toEqual(matrix);

          // Per supply row: credited as rounded here; used + remaining = credited; frozen rows unused.
          const usedCol = sOrd.map((_, j) => matrix.reduce((t, row) => t + row[j], 0));
          r.perSupply.forEach((ps, j) => {
            const credited = unitsOf(ps.credited[k], k);
            const used = unitsOf(ps.used[k], k);
            const remaining = unitsOf(ps.remaining[k], k);
            same(credited, cred[j]);
            same(used + remaining, credited);
            same(used, usedCol[j]);
            if (ps.frozen) same(used, 0);
            if (k === 'paddy_mu' && used > 0) same(cred[j] > 0, true, 'paddy drawn from a row without paddy');
          });

          // Order: among available rows, used is full … full, at most one partial, then untouched.
          let state: 'full' | 'rest' = 'full';
          avail.forEach((av, j) => {
            if (av === 0) return;
            if (state === 'full' && usedCol[j] < av) state = 'rest';
            else if (state === 'rest') same(usedCol[j], 0, `row ${sOrd[j].id} used after a row with ${k} left`);
          });

          // Per demand: Σ allocations = covered ≤ need; covered + shortfall = need.
          r.perDemand.forEach((pd, di) => {
            const covered = unitsOf(pd.covered[k], k);
            const sum = pd.allocations.reduce((t, a) => t + unitsOf(a.amount[k], k), 0);
            same(unitsOf(pd.need[k], k), need[di]);
            same(sum, covered);
            same(covered <= need[di], true, 'covered ≤ need');
            same(covered + unitsOf(pd.shortfall[k], k), need[di]);
            if (r.summary.balanced) same(covered, need[di]);
          });

          // Summary = sums of the rows; deficits = max(0, demand − supply) = Σ shortfalls.
          const totalNeed = need.reduce((t, n) => t + n, 0);
          const totalAvail = avail.reduce((t, n) => t + n, 0);
          const sm = r.summary;
          same(unitsOf(sm.demand[k], k), totalNeed);
          same(unitsOf(sm.supply[k], k), totalAvail);
          same(unitsOf(sm.remaining[k], k), 
            r.perSupply.filter((p) => !p.frozen).reduce((t, p) => t + unitsOf(p.remaining[k], k), 0),
          );
          same(unitsOf(sm.remaining[k], k), totalAvail - Math.min(totalNeed, totalAvail));
          same(unitsOf(sm.deficits[k], k), Math.max(0, totalNeed - totalAvail));
          same(unitsOf(sm.deficits[k], k), r.perDemand.reduce((t, p) => t + unitsOf(p.shortfall[k], k), 0));
          same(unitsOf(r.frozen[k], k), cred.reduce((t, x, j) => t + (sOrd[j].frozen ? x : 0), 0));
        }
        const names = { area_mu: '耕地数量', paddy_mu: '水田规模', capacity_kg: '粮食产能' } as const;
        const failing = (['area_mu', 'capacity_kg', 'paddy_mu'] as const).filter((k) => r.summary.deficits[k] > 0).map((k) => names[k]);
        expect(r.summary.failing).toEqual(failing);
        same(r.summary.balanced, failing.length === 0);

        if (r.summary.balanced) balancedRuns++;
        else unbalancedRuns++;
        // A supply row written off against two or more demands (partial use).
        const demandsPerRow = new Map<string, number>();
        for (const a of r.allocations) demandsPerRow.set(a.supplyId, (demandsPerRow.get(a.supplyId) ?? 0) + 1);
        for (const n of demandsPerRow.values()) if (n > 1) splitRows++;
      }),
      { seed: 20_240_606, numRuns: 2000 },
    );
    // The generator exercises both outcomes and split rows (measured with this seed: 516 balanced, 1484 not,
    // 2967 supply rows written off against two or more demands).
    expect(balancedRuns).toBeGreaterThan(100);
    expect(unbalancedRuns).toBeGreaterThan(100);
    expect(splitRows).toBeGreaterThan(100);
  });

  it('the default supply comparator agrees with the test order', () => {
    fc.assert(
      fc.property(fc.uniqueArray(supplyArb, { selector: (s) => s.id, maxLength: 10 }), (sg) => {
        const supplies = sg.map((s) => supply(s.id, s.date, [0, 0, 0]));
        expect(supplies.slice().sort(compareSuppliesByDate).map((s) => s.id)).toEqual(byDateThenId(sg).map((s) => s.id));
      }),
      { seed: 99, numRuns: 300 },
    );
  });
});
