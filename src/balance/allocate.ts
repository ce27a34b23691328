/**
 * The allocation engine of 耕地占补平衡 (domain.md §7, issue 6): writes supply rows of the county's indicator
 * pool (补充耕地指标台账) off (核销) against occupations, and says whether the county balances.
 *
 * Semantics, precisely:
 *
 * - **Three indicators, written off separately** (三类指标分别核销): 耕地数量 (`area_mu`), 粮食产能
 *   (`capacity_kg`) and 水田规模 (`paddy_mu`) are three independent ledgers kept on the same supply rows.
 *   For each demand each indicator is drawn on its own, walking the supply rows in the same order, so one
 *   demand's area may come from project A while its capacity already comes from project B (A's capacity
 *   having been used up by an earlier demand with higher-grade land). The indicators are not tied together
 *   per project: a row's `paddy_mu` is not taken out of its `area_mu` either — they are separate columns of
 *   the ledger, each with its own remainder. Neither `paddy_mu ≤ area_mu` nor any other relation between the
 *   three is required of the input.
 * - **占水田补水田**: a demand's `paddy_mu` is drawn only from the `paddy_mu` of supply rows, i.e. only from
 *   projects that supplied paddy; a row with no paddy indicator contributes nothing to it. The `area_mu` of
 *   a paddy occupation is drawn from `area_mu` like any other area.
 * - **Supply order** (default {@link compareSuppliesByDate}): `acceptedOn` ascending (验收日期, the oldest
 *   indicators first), rows without a date last, then `id` by UTF-16 code units (locale-independent, so
 *   "XM-10" sorts before "XM-2"; pad ids or pass a comparator for other wishes). Purchased rows (易地/购买)
 *   are ordered by their date like projects, with no preference for either kind. `options.order` replaces
 *   the comparator, or `'input'` keeps the given order; ties of a custom comparator keep the input order.
 * - **Demand order** (default {@link compareDemandsByDate}): `date` ascending, undated last, then `id` —
 *   under 以补定占 the occupation approved first is balanced first, so a deficit falls on the latest ones.
 *   `options.demandOrder` takes a comparator or `'input'` the same way.
 * - **Greedy write-off**: each demand, in demand order, takes of each indicator from the first supply row (in
 *   supply order) that still has some of that indicator, then the next, until its need is covered or the
 *   indicator is exhausted. A row may be split over several demands (partial use). Consequently, per
 *   indicator: no later row is drawn while an earlier one has some left, the covered total is
 *   min(demand, supply), and any shortfall falls on the last demands in order.
 * - **Frozen rows** (`frozen: true`) are never drawn. They are listed in `perSupply` with `used` zero and
 *   `remaining` = `credited` (they still hold their indicators, just not usable now), are not part of
 *   `summary.supply` / `summary.remaining`, and their total is `result.frozen`.
 * - **Uncounted demands** (`counted: false`, exempt by configuration) need nothing: they are listed with a
 *   zero need, whatever `need` says.
 * - **Balance**: `summary.demand` = Σ counted needs, `summary.supply` = Σ credited of unfrozen rows,
 *   `summary.deficits` = max(0, demand − supply) per indicator, `balanced` when all three deficits are zero,
 *   `failing` names the short indicators in the order 耕地数量, 粮食产能, 水田规模.
 *
 * **Exact arithmetic.** Ledgers keep 亩 to 4 decimals and 公斤 to 2 ({@link INDICATOR_DECIMALS}). Every input
 * number is converted once to integer units — 0.0001 亩 for `area_mu`/`paddy_mu`, 0.01 公斤 for
 * `capacity_kg` — by rounding half away from zero on the decimal the number is written as (its shortest
 * round-trip string, as `roundHalfAwayFromZero` of src/area/units.ts does; 0.00005 亩 → 0.0001 亩). All bookkeeping is in
 * BigInt units, so conservation holds exactly: for every supply row used + remaining = credited, for every
 * demand Σ allocations = covered = need − shortfall, and the summary is the exact sum of the rows. Output
 * numbers are the doubles nearest those decimals, whose shortest strings are the decimals themselves (for up
 * to 15 significant digits; inputs are limited to {@link MAX_UNITS} units, 10¹¹ 亩 / 10¹³ 公斤, far above any
 * county), so a reader summing the printed 4-decimal values gets the same exact equalities. Negative,
 * non-finite or larger inputs, duplicate ids and dates that are not YYYY-MM-DD raise an {@link InputError}.
 */
import { decimalOf } from '../area/units.js';
import { InputError } from '../errors.js';
import type { Allocation, BalanceSummary, Demand, Indicators, Supply } from './types.js';

/** The indicator keys, in the order the ledger and `failing` name them. */
export const INDICATOR_KEYS = ['area_mu', 'capacity_kg', 'paddy_mu'] as const;
export type IndicatorKey = (typeof INDICATOR_KEYS)[number];

/** The ledger name of each indicator (domain.md §7). */
export const INDICATOR_NAMES: Readonly<Record<IndicatorKey, '耕地数量' | '粮食产能' | '水田规模'>> = Object.freeze({
  area_mu: '耕地数量',
  capacity_kg: '粮食产能',
  paddy_mu: '水田规模',
});

/** Decimals kept per indicator: 亩 to 4 (0.0001 亩 ≈ 0.067 m²), 公斤 to 2. The bookkeeping unit is 10^−decimals. */
export const INDICATOR_DECIMALS: Readonly<Record<IndicatorKey, number>> = Object.freeze({
  area_mu: 4,
  capacity_kg: 2,
  paddy_mu: 4,
});

/**
 * Largest accepted input, in units (10¹⁵: 10¹¹ 亩, 10¹³ 公斤). Keeps every value within 15 significant digits,
 * where a double's shortest string is exactly the decimal it was made from.
 */
export const MAX_UNITS = 10n ** 15n;

/** The three indicators in integer units (0.0001 亩, 0.0001 亩, 0.01 公斤). */
export interface IndicatorUnits {
  readonly area_mu: bigint;
  readonly paddy_mu: bigint;
  readonly capacity_kg: bigint;
}

/** One demand after allocation. */
export interface DemandBalance {
  readonly id: string;
  readonly type: string;
  readonly counted: boolean;
  readonly date: string | null;
  /** What had to be balanced (zero for uncounted demands), rounded to the ledger units. */
  readonly need: Indicators;
  /** Σ of this demand's allocations, per indicator. */
  readonly covered: Indicators;
  /** need − covered. */
  readonly shortfall: Indicators;
  /** The supply rows written off against this demand, in supply order. */
  readonly allocations: readonly Allocation[];
}

/** One supply row after allocation. */
export interface SupplyBalance {
  readonly id: string;
  readonly kind: Supply['kind'];
  readonly acceptedOn: string | null;
  readonly frozen: boolean;
  /** The credited indicators, rounded to the ledger units. */
  readonly credited: Indicators;
  /** Written off against demands (zero for frozen rows). */
  readonly used: Indicators;
  /** credited − used (for frozen rows: all of credited, though none of it is available). */
  readonly remaining: Indicators;
}

export interface BalanceResult {
  /** Every (demand, supply) write-off, in demand order then supply order; amounts zero on undrawn indicators. */
  readonly allocations: readonly Allocation[];
  /** Demands in the order they were served. */
  readonly perDemand: readonly DemandBalance[];
  /** Supply rows in the order they were drawn (frozen ones at their place in that order). */
  readonly perSupply: readonly SupplyBalance[];
  readonly summary: BalanceSummary;
  /** Σ credited of frozen rows (listed, never allocated, not part of `summary.supply`). */
  readonly frozen: Indicators;
}

export type Order<T> = 'input' | ((a: T, b: T) => number);

export interface AllocateOptions {
  /** Supply order: a comparator, or `'input'`. Default {@link compareSuppliesByDate}. */
  readonly order?: Order<Supply>;
  /** Demand order: a comparator, or `'input'`. Default {@link compareDemandsByDate}. */
  readonly demandOrder?: Order<Demand>;
}

// ---------------------------------------------------------------------------------------------- units

/**
 * A non-negative number → integer units of 10^−decimals, rounded half away from zero on the decimal the
 * number is written as (its shortest round-trip string, ECMAScript Number::toString).
 *
 * @example
 * toUnits(0.00005, 4); // 1n
 * toUnits(2.675, 2);   // 268n (the double lies below 2.675, the decimal it stands for does not)
 */
export function toUnits(x: number, decimals: number): bigint {
  return scaledRound(x, decimals, 1n);
}

/**
 * round(|x| × 10^decimals ÷ divisor), half away from zero, computed exactly on the decimal x is written as
 * (digits × 10^exp10 from its shortest string): one rounding, no intermediate one.
 */
function scaledRound(x: number, decimals: number, divisor: bigint): bigint {
  if (!Number.isFinite(x) || x < 0) {
    throw new InputError(`expected a finite number ≥ 0, found ${String(x)}`);
  }
  if (x === 0) return 0n;
  const { digits, exp10 } = decimalOf(x);
  const shift = exp10 + decimals;
  const num = shift >= 0 ? BigInt(digits) * 10n ** BigInt(shift) : BigInt(digits);
  const den = shift >= 0 ? divisor : divisor * 10n ** BigInt(-shift);
  const q = num / den;
  // Half away from zero (the value is > 0): up when the dropped part is at least half a unit.
  return 2n * (num % den) >= den ? q + 1n : q;
}

/**
 * Integer units of 10^−decimals → the double nearest that decimal.
 *
 * @example
 * fromUnits(12345n, 4); // 1.2345
 */
export function fromUnits(units: bigint, decimals: number): number {
  return Number(`${units}e-${decimals}`);
}

/**
 * Indicators → integer units (0.0001 亩, 0.01 公斤), rounded as {@link toUnits}. `what` names the row in errors.
 *
 * @example
 * indicatorUnits({ area_mu: 1.5, paddy_mu: 0, capacity_kg: 600.125 }); // { area_mu: 15000n, paddy_mu: 0n, capacity_kg: 60013n }
 */
export function indicatorUnits(ind: Indicators, what = 'indicators'): IndicatorUnits {
  const out: Record<IndicatorKey, bigint> = { area_mu: 0n, capacity_kg: 0n, paddy_mu: 0n };
  for (const k of INDICATOR_KEYS) {
    const x = ind[k];
    if (typeof x !== 'number' || !Number.isFinite(x) || x < 0) {
      throw new InputError(`${what}: ${k} must be a finite number ≥ 0, found ${String(x)}`);
    }
    const u = toUnits(x, INDICATOR_DECIMALS[k]);
    if (u > MAX_UNITS) {
      throw new InputError(`${what}: ${k} = ${String(x)} is beyond the supported ${fromUnits(MAX_UNITS, INDICATOR_DECIMALS[k])}`);
    }
    out[k] = u;
  }
  return out;
}

function toIndicators(u: IndicatorUnits): Indicators {
  return {
    area_mu: fromUnits(u.area_mu, INDICATOR_DECIMALS.area_mu),
    paddy_mu: fromUnits(u.paddy_mu, INDICATOR_DECIMALS.paddy_mu),
    capacity_kg: fromUnits(u.capacity_kg, INDICATOR_DECIMALS.capacity_kg),
  };
}

/**
 * 亩 → 公顷: 1 亩 = 2000/3 m² = 1/15 公顷 exactly. The 亩 value is read as the decimal it is written as,
 * divided by 15 exactly and rounded half away from zero to `decimals` (default 4, as ledgers keep 公顷).
 * Round each total from its 亩, not by summing rounded 公顷 (those need not add up).
 *
 * @example
 * muToHectare(15);  // 1
 * muToHectare(1);   // 0.0667 (1/15 = 0.06666…)
 * muToHectare(1, 6); // 0.066667
 */
export function muToHectare(mu: number, decimals = 4): number {
  if (!Number.isInteger(decimals) || decimals < 0 || decimals > 20) {
    throw new InputError(`decimals must be an integer in [0, 20], found ${String(decimals)}`);
  }
  if (!Number.isFinite(mu)) throw new InputError(`expected a finite number of 亩, found ${String(mu)}`);
  const negative = mu < 0;
  const ha = scaledRound(negative ? -mu : mu, decimals, 15n);
  if (ha === 0n) return 0;
  const value = fromUnits(ha, decimals);
  return negative ? -value : value;
}

/**
 * The 亩 indicators of a row in 公顷 (see {@link muToHectare}); capacity stays in 公斤.
 *
 * @example
 * hectaresOf({ area_mu: 30, paddy_mu: 15, capacity_kg: 0 }); // { area_ha: 2, paddy_ha: 1 }
 */
export function hectaresOf(ind: Indicators, decimals = 4): { area_ha: number; paddy_ha: number } {
  return { area_ha: muToHectare(ind.area_mu, decimals), paddy_ha: muToHectare(ind.paddy_mu, decimals) };
}

// ---------------------------------------------------------------------------------------------- order

const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

/** Code-unit comparison: locale-independent and total, so results do not depend on the machine. */
function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Dated before undated; dates ascending (YYYY-MM-DD compares as text). */
function compareDates(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return compareStrings(a, b);
}

/**
 * The default supply order: `acceptedOn` ascending, undated rows last, then `id` (code units).
 *
 * @example
 * supplies.slice().sort(compareSuppliesByDate);
 */
export function compareSuppliesByDate(a: Supply, b: Supply): number {
  return compareDates(a.acceptedOn, b.acceptedOn) || compareStrings(a.id, b.id);
}

/**
 * The default demand order: `date` ascending, undated demands last, then `id` (code units).
 *
 * @example
 * demands.slice().sort(compareDemandsByDate);
 */
export function compareDemandsByDate(a: Demand, b: Demand): number {
  return compareDates(a.date, b.date) || compareStrings(a.id, b.id);
}

function ordered<T>(rows: readonly T[], order: Order<T>): T[] {
  // Array.prototype.sort is stable (ECMA-262 since 2019): ties of a custom comparator keep the input order.
  return order === 'input' ? rows.slice() : rows.slice().sort(order);
}

function checkIds(rows: readonly { id: string }[], what: string): void {
  const seen = new Map<string, number>();
  rows.forEach((r, i) => {
    if (typeof r.id !== 'string' || r.id === '') {
      throw new InputError(`${what} row ${i}: expected a non-empty id, found ${JSON.stringify(r.id)}`);
    }
    const prev = seen.get(r.id);
    if (prev !== undefined) {
      throw new InputError(
        `${what} rows ${prev} and ${i} have the same id "${r.id}": ids must be unique so allocations can name them`,
      );
    }
    seen.set(r.id, i);
  });
}

function checkDate(date: string | null, what: string, featureIndex?: number): void {
  if (date !== null && !DATE.test(date)) {
    throw new InputError(
      `${what}: expected a date YYYY-MM-DD (or none), found ${JSON.stringify(date)}`,
      featureIndex !== undefined && featureIndex >= 0 ? { featureIndex } : {},
    );
  }
}

// ---------------------------------------------------------------------------------------------- allocate

type MutableUnits = Record<IndicatorKey, bigint>;
const zeroUnits = (): MutableUnits => ({ area_mu: 0n, capacity_kg: 0n, paddy_mu: 0n });

/**
 * Writes the supply pool off against the demands (see the module comment for the exact rules) and states
 * whether each indicator balances.
 *
 * @example
 * const r = allocate(
 *   [{ id: 'D1', type: '非农建设', featureIndex: 0, date: '2024-03-01', pieces: [], counted: true, note: null,
 *      need: { area_mu: 10, paddy_mu: 4, capacity_kg: 5000 } }],
 *   [{ id: 'XM1', kind: 'project', projectType: '开发', name: null, acceptedOn: '2023-06-30', claimed: null,
 *      verified: null, credited: { area_mu: 12, paddy_mu: 0, capacity_kg: 6000 }, frozen: false, note: null }],
 * );
 * r.summary.balanced; // false
 * r.summary.failing;  // ['水田规模']
 * r.summary.deficits; // { area_mu: 0, paddy_mu: 4, capacity_kg: 0 }
 */
export function allocate(
  demands: readonly Demand[],
  supplies: readonly Supply[],
  options: AllocateOptions = {},
): BalanceResult {
  checkIds(demands, 'demand');
  checkIds(supplies, 'supply');
  for (const d of demands) checkDate(d.date, `demand "${d.id}"`, d.featureIndex);
  for (const s of supplies) checkDate(s.acceptedOn, `supply "${s.id}" acceptedOn`);

  const dOrder = ordered(demands, options.demandOrder ?? compareDemandsByDate);
  const sOrder = ordered(supplies, options.order ?? compareSuppliesByDate);

  const credited = sOrder.map((s) => indicatorUnits(s.credited, `supply "${s.id}" credited`));
  const needs = dOrder.map((d) => {
    const where = d.featureIndex >= 0 ? ` (feature ${d.featureIndex})` : '';
    const u = indicatorUnits(d.need, `demand "${d.id}"${where} need`);
    return d.counted ? u : zeroUnits();
  });

  // Per indicator: what each row still has (frozen rows: nothing available), and the first row with some left.
  const left: Record<IndicatorKey, bigint[]> = { area_mu: [], capacity_kg: [], paddy_mu: [] };
  const cursor: Record<IndicatorKey, number> = { area_mu: 0, capacity_kg: 0, paddy_mu: 0 };
  for (const k of INDICATOR_KEYS) left[k] = sOrder.map((s, i) => (s.frozen ? 0n : credited[i][k]));
  const used = sOrder.map(zeroUnits);

  const allocations: Allocation[] = [];
  const perDemand: DemandBalance[] = [];
  const total = { demand: zeroUnits(), covered: zeroUnits() };

  dOrder.forEach((d, di) => {
    const need = needs[di];
    // supply index → units drawn by this demand (Map keeps insertion order; sorted below).
    const drawn = new Map<number, MutableUnits>();
    const covered = zeroUnits();
    for (const k of INDICATOR_KEYS) {
      let want = need[k];
      const rows = left[k];
      let i = cursor[k];
      while (want > 0n && i < rows.length) {
        if (rows[i] === 0n) {
          i++;
          continue;
        }
        const take = rows[i] < want ? rows[i] : want;
        rows[i] -= take;
        want -= take;
        used[i][k] += take;
        let a = drawn.get(i);
        if (a === undefined) drawn.set(i, (a = zeroUnits()));
        a[k] += take;
        if (rows[i] === 0n) i++;
      }
      cursor[k] = i;
      covered[k] = need[k] - want;
      total.demand[k] += need[k];
      total.covered[k] += covered[k];
    }
    const mine = [...drawn.entries()]
      .sort((x, y) => x[0] - y[0])
      .map(([i, u]): Allocation => ({ demandId: d.id, supplyId: sOrder[i].id, amount: toIndicators(u) }));
    allocations.push(...mine);
    const shortfall = zeroUnits();
    for (const k of INDICATOR_KEYS) shortfall[k] = need[k] - covered[k];
    perDemand.push({
      id: d.id,
      type: d.type,
      counted: d.counted,
      date: d.date,
      need: toIndicators(need),
      covered: toIndicators(covered),
      shortfall: toIndicators(shortfall),
      allocations: mine,
    });
  });

  const supplyTotal = zeroUnits();
  const frozenTotal = zeroUnits();
  const perSupply: SupplyBalance[] = sOrder.map((s, i) => {
    const c = credited[i];
    const remaining = zeroUnits();
    for (const k of INDICATOR_KEYS) {
      remaining[k] = c[k] - used[i][k];
      if (s.frozen) frozenTotal[k] += c[k];
      else supplyTotal[k] += c[k];
    }
    return {
      id: s.id,
      kind: s.kind,
      acceptedOn: s.acceptedOn,
      frozen: s.frozen,
      credited: toIndicators(c),
      used: toIndicators(used[i]),
      remaining: toIndicators(remaining),
    };
  });

  const remaining = zeroUnits();
  const deficits = zeroUnits();
  const failing: string[] = [];
  for (const k of INDICATOR_KEYS) {
    remaining[k] = supplyTotal[k] - total.covered[k];
    deficits[k] = total.demand[k] > supplyTotal[k] ? total.demand[k] - supplyTotal[k] : 0n;
    if (deficits[k] > 0n) failing.push(INDICATOR_NAMES[k]);
  }

  return {
    allocations,
    perDemand,
    perSupply,
    summary: {
      demand: toIndicators(total.demand),
      supply: toIndicators(supplyTotal),
      remaining: toIndicators(remaining),
      balanced: failing.length === 0,
      deficits: toIndicators(deficits),
      failing,
    },
    frozen: toIndicators(frozenTotal),
  };
}
