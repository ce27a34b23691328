/**
 * 面积平差 (adjust.ts). Inputs are areas in whole hundredths of m² (as TBMJ is stored), so the exact 亩 values are
 * rationals the test computes on its own in integers: cents of 亩 = c × 3 / 2000 for c hundredths of m²
 * (1 亩 = 2000/3 m²). Floors, ceilings, remainders and half-away rounding come from that, not from the module.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  adjustRow,
  adjustSummary,
  AREA_KEYS,
  checkBalance,
  controlledRound,
  largestRemainder,
  TICKS_PER_CENT,
} from '../../src/enforcement/adjust.js';
import type { AreaKey, Areas } from '../../src/enforcement/types.js';

const CELLS = ['paddy', 'irrigated', 'dry', 'otherAgri', 'unused', 'construction', 'unsurveyed'] as const;
const OVERLAYS = [
  'basicFarmland',
  'redline',
  'planAllowed',
  'planConditional',
  'planRestricted',
  'planForbidden',
  'approved',
  'filing',
  'reclamation',
] as const;

/** Hundredths of m² per key; `total` and `cultivated` derived. */
type Hundredths = Record<AreaKey, number>;

function derive(cells: Record<string, number>): Hundredths {
  const h = {} as Hundredths;
  for (const k of AREA_KEYS) h[k] = cells[k] ?? 0;
  h.cultivated = h.paddy + h.irrigated + h.dry;
  h.total = CELLS.reduce((s, k) => s + h[k], 0);
  return h;
}

function toM2(h: Hundredths): Areas {
  const a = {} as Record<AreaKey, number>;
  // c / 100 is the double nearest the 2-decimal value, which is what toMu reads back.
  for (const k of AREA_KEYS) a[k] = h[k] / 100;
  return a;
}

// Exact cents = c × 3 / 2000, as a floor and a remainder in 2000ths of a cent.
const floorC = (c: number): number => Math.floor((3 * c) / 2000);
const remC = (c: number): number => (3 * c) % 2000;
const ceilC = (c: number): number => floorC(c) + (remC(c) > 0 ? 1 : 0);
/** Half away from zero (values are ≥ 0): up when the remainder is at least half a cent. */
const halfC = (c: number): number => floorC(c) + (remC(c) >= 1000 ? 1 : 0);
const cents = (mu: number): number => Math.round(mu * 100);

function expectFloorOrCeil(rounded: number, c: number, what: string): void {
  const r = cents(rounded);
  expect(r === floorC(c) || r === ceilC(c), `${what}: ${r} cents, exact ${(3 * c) / 2000}`).toBe(true);
}

/** Areas with many zeros, tiny values, equal values (ties) and exact half cents. */
const hundredths = fc.oneof(
  { weight: 3, arbitrary: fc.constant(0) },
  { weight: 3, arbitrary: fc.integer({ min: 1, max: 20 }) },
  // 1000/3 hundredths is half a cent: these give remainders 0.5 ± a little, and equal values tie.
  { weight: 3, arbitrary: fc.constantFrom(333, 334, 666, 667, 1000, 2000, 3333, 3334, 100_000) },
  { weight: 2, arbitrary: fc.integer({ min: 0, max: 200_000 }) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 2_000_000_000 }) },
);
const rowCells = fc.record(Object.fromEntries([...CELLS, ...OVERLAYS].map((k) => [k, hundredths])) as Record<string, typeof hundredths>);

describe('largestRemainder', () => {
  it('hands the residual to the largest remainders; ties to the larger part, then the earlier', () => {
    // ⅓ 亩 three times: 0.33 + 0.33 + 0.34, the tick of difference deciding.
    expect(largestRemainder(100, [3_333_333, 3_333_333, 3_333_334])).toEqual([33, 33, 34]);
    // Equal remainders (0.5 cent): the larger part first, then the earlier one.
    expect(largestRemainder(3, [50_000, 150_000, 50_000, 50_000])).toEqual([1, 2, 0, 0]);
    expect(largestRemainder(3, [50_000, 50_000, 50_000, 50_000])).toEqual([1, 1, 1, 0]);
    // A total the parts cannot make (never from the table's own numbers): the surplus is spread a cent at a time.
    expect(largestRemainder(2, [0, 0])).toEqual([1, 1]);
  });
});

describe('adjustRow', () => {
  it('a hand-worked row: 6000 m² = 9 亩 over 1998 + 2001 + 2001 m²', () => {
    // 1998 m² = 2.997 亩, 2001 m² = 3.0015 亩; floors 2.99 + 3.00 + 3.00 = 8.99, one cent to the 0.7 remainder.
    const m2 = toM2(derive({ paddy: 199_800, otherAgri: 200_100, construction: 200_100 }));
    const { mu, balanced } = adjustRow(m2);
    expect(mu.total).toBe(9);
    expect([mu.cultivated, mu.paddy, mu.otherAgri, mu.construction, mu.unused, mu.unsurveyed]).toEqual([3, 3, 3, 3, 0, 0]);
    expect(balanced).toBe(true);
  });

  it('the 耕地 split is adjusted inside the rounded 耕地', () => {
    // 水田 1 m² (0.0015), 水浇地 1 m² (0.0015), 旱地 1 m² (0.0015): 耕地 0.0045 → 0.00 (with 建设 0.0045 →
    // total 0.009 → 0.01: remainders tie at 0.45, the larger part is equal, the earlier (耕地) wins) → 0.01.
    const m2 = toM2(derive({ paddy: 100, irrigated: 100, dry: 100, construction: 300 }));
    const { mu } = adjustRow(m2);
    expect(mu.total).toBe(0.01);
    expect(mu.cultivated).toBe(0.01);
    expect(mu.construction).toBe(0);
    expect([mu.paddy, mu.irrigated, mu.dry]).toEqual([0.01, 0, 0]);
  });

  it('property: parts add up exactly, each at its floor or ceiling, by largest remainder (3 000 rows)', () => {
    fc.assert(
      fc.property(rowCells, (cells) => {
        const h = derive(cells);
        const m2 = toM2(h);
        const { mu, balanced } = adjustRow(m2);
        expect(balanced).toBe(true);
        expect(checkBalance(mu, m2)).toBe(true);
        expect(cents(mu.total)).toBe(halfC(h.total));
        const top = ['cultivated', 'otherAgri', 'unused', 'construction', 'unsurveyed'] as const;
        expect(top.reduce((s, k) => s + cents(mu[k]), 0)).toBe(cents(mu.total));
        expect(cents(mu.paddy) + cents(mu.irrigated) + cents(mu.dry)).toBe(cents(mu.cultivated));
        for (const k of [...top, 'paddy', 'irrigated', 'dry'] as const) {
          expectFloorOrCeil(mu[k], h[k], k);
          if (h[k] === 0) expect(mu[k], k).toBe(0);
        }
        for (const k of OVERLAYS) expect(cents(mu[k]), k).toBe(halfC(h[k]));
        // Largest remainder: no part rounded down has a larger remainder than a part rounded up.
        for (const group of [top, ['paddy', 'irrigated', 'dry'] as const]) {
          const up = group.filter((k) => remC(h[k]) > 0 && cents(mu[k]) === ceilC(h[k]));
          const down = group.filter((k) => remC(h[k]) > 0 && cents(mu[k]) === floorC(h[k]));
          for (const u of up) for (const d of down) expect(remC(h[u]) >= remC(h[d]), `${u} up, ${d} down`).toBe(true);
        }
      }),
      { seed: 20_240_501, numRuns: 3000 },
    );
  });
});

describe('adjustSummary (2-D controlled rounding)', () => {
  function checkTable(townships: Hundredths[]): void {
    const { groups, county } = adjustSummary(townships.map(toM2));
    const all = derive({});
    for (const k of AREA_KEYS) all[k] = townships.reduce((s, t) => s + t[k], 0);
    const top = ['cultivated', 'otherAgri', 'unused', 'construction', 'unsurveyed'] as const;
    const rows = [...groups.map((g, i) => [g, townships[i]] as const), [county, all] as const];
    for (const [mu, h] of rows) {
      expect(top.reduce((s, k) => s + cents(mu[k]), 0)).toBe(cents(mu.total));
      expect(cents(mu.paddy) + cents(mu.irrigated) + cents(mu.dry)).toBe(cents(mu.cultivated));
      for (const k of AREA_KEYS) {
        expectFloorOrCeil(mu[k], h[k], k);
        if (h[k] === 0) expect(mu[k], k).toBe(0);
      }
    }
    // The county total and each overlay column of the county: rounded half away from zero from the exact sum.
    expect(cents(county.total)).toBe(halfC(all.total));
    for (const k of OVERLAYS) expect(cents(county[k]), k).toBe(halfC(all[k]));
    // Townships add up to the county in every column.
    for (const k of AREA_KEYS) expect(groups.reduce((s, g) => s + cents(g[k]), 0), k).toBe(cents(county[k]));
  }

  it('solves the table where distributing the county row first is infeasible', () => {
    // Township A: 未利用 0.45 cent, 建设 0.45 cent (3 m² each); B: 非耕农用 0.39 cent; C: 未调查 0.39 cent.
    // County remainders 0.45 + 0.45 + 0.39 + 0.39 = 1.68 → 2 cents. Largest remainder on the county row would
    // give both cents to 未利用 and 建设, which only A holds, and A's total (0.9 cent) can take one at most.
    const t = [derive({ unused: 300, construction: 300 }), derive({ otherAgri: 260 }), derive({ unsurveyed: 260 })];
    checkTable(t);
    const { groups, county } = adjustSummary(t.map(toM2));
    expect(cents(county.total)).toBe(2);
    expect(cents(groups[0].total)).toBe(1);
  });

  it('handles no townships and all-zero tables', () => {
    expect(adjustSummary([]).county.total).toBe(0);
    checkTable([derive({}), derive({})]);
  });

  it('property: rows balance, townships add up to the county per column, all within 0.01 (2 500 tables)', () => {
    fc.assert(
      fc.property(fc.array(rowCells, { minLength: 1, maxLength: 9 }), (cells) => checkTable(cells.map(derive))),
      { seed: 7_150_015, numRuns: 2500 },
    );
  });

  it('property: many tiny cells (sub-cent remainders everywhere, many ties) (1 500 tables)', () => {
    const tiny = fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 1400 }), fc.constantFrom(333, 334, 500, 667));
    const tinyRow = fc.record(Object.fromEntries([...CELLS, ...OVERLAYS].map((k) => [k, tiny])) as Record<string, typeof tiny>);
    fc.assert(
      fc.property(fc.array(tinyRow, { minLength: 2, maxLength: 30 }), (cells) => checkTable(cells.map(derive))),
      { seed: 1234, numRuns: 1500 },
    );
  });
});

describe('controlledRound', () => {
  it('keeps every cell, margin and sub-total at its floor or ceiling and hits the grand total', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.integer({ min: 0, max: 3 * TICKS_PER_CENT }), { minLength: 4, maxLength: 4 }), { minLength: 1, maxLength: 6 }),
        fc.boolean(),
        (ticks, up) => {
          const fl = (t: number): number => Math.floor(t / TICKS_PER_CENT);
          const ce = (t: number): number => Math.ceil(t / TICKS_PER_CENT);
          const sum = ticks.flat().reduce((a, b) => a + b, 0);
          const total = up ? ce(sum) : fl(sum);
          const r = controlledRound(ticks, [0, 1], total);
          const within = (v: number, t: number): boolean => v === fl(t) || v === ce(t);
          expect(r.flat().reduce((a, b) => a + b, 0)).toBe(total);
          ticks.forEach((row, i) => {
            row.forEach((t, k) => expect(within(r[i][k], t)).toBe(true));
            expect(within(r[i].reduce((a, b) => a + b, 0), row.reduce((a, b) => a + b, 0))).toBe(true);
            expect(within(r[i][0] + r[i][1], row[0] + row[1])).toBe(true);
          });
          for (let k = 0; k < 4; k++) {
            expect(within(r.reduce((s, row) => s + row[k], 0), ticks.reduce((s, row) => s + row[k], 0))).toBe(true);
          }
          expect(within(r.reduce((s, row) => s + row[0] + row[1], 0), ticks.reduce((s, row) => s + row[0] + row[1], 0))).toBe(true);
        },
      ),
      { seed: 99, numRuns: 2000 },
    );
  });
});
