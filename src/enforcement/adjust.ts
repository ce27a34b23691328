/**
 * 面积平差 (area adjustment, domain.md §5): rounding the 套合 table to 0.01 亩 so that its identities hold
 * exactly in the printed numbers.
 *
 * Identities:
 * - per row (a patch, a township, the county): 地块总面积 = 耕地 + 非耕农用地 + 未利用地 + 建设用地 + 未调查, and
 *   耕地 = 水田 + 水浇地 + 旱地;
 * - per column of the summary: Σ township rows = county row (land parts, their total, the 耕地 split, and each
 *   overlay column 基本农田, 生态红线, 管制区, 已批, 备案, 复垦).
 * And every rounded number is within 0.01 亩 of its exact value: it is the exact value rounded down or up to a
 * whole 0.01 (never further), and a part that is exactly zero stays zero.
 *
 * Arithmetic is in integers: exact values in ticks of 10⁻⁷ 亩 (10⁻⁵ of a cent), rounded values in cents
 * (0.01 亩). m² → 亩 goes through src/area/units.ts toMu (the decimal m² × 0.0015 exactly, then one rounding);
 * ticks are that 亩 value to 7 decimals. Counties stay far below 2⁵³ ticks (9 × 10⁸ 亩), so every sum of ticks is
 * exact. Overlay columns (基本农田 … 复垦) overlap each other and the land parts, so they have no row identity:
 * a row's overlay value is simply rounded half away from zero.
 *
 * Rows (patches): 平差 by largest remainder. The total is rounded half away from zero from its exact 亩 value.
 * Each part starts at its exact value rounded down; the residual (rounded total − Σ rounded-down parts, in
 * cents) is handed out one cent at a time to the parts with the largest dropped remainders. Ties (equal
 * remainders) go to the larger part, then to the earlier column in table order (耕地, 非耕农用地, 未利用地, 建设用地,
 * 未调查). The 耕地 split is then adjusted the same way inside the rounded 耕地 (水田, 水浇地, 旱地). Why this always
 * works: with f = Σ remainders (in cents) and m the number of parts with a non-zero remainder, the residual is
 * round(f) (the parts' floors are integers); 0 ≤ f < m, so 0 ≤ round(f) ≤ m — at most one cent per part with a
 * remainder, hence every part is its floor or its ceiling. The same bound holds inside 耕地 (its rounded value
 * is the floor or ceiling of Σ of its three exact parts). Rounding each part to nearest and then giving the
 * residual to the LARGEST PARTS (a reading of §5 also met in practice) can move a part by 0.015 亩, so it is not
 * used: "largest parts first" survives only as the tie-break.
 *
 * Summary (townships and county): a 2-D controlled rounding. Distributing the county row first and then each
 * column over the townships can be infeasible: a township whose remainders are 0.45 + 0.45 cents in two
 * columns, other columns with remainders 0.4 and 0.4 elsewhere, gives the county 1.7 → 2 cents to hand out,
 * both to the two 0.45 columns, which only that township can supply — yet the township's own total
 * (0.9 → at most 1 cent above its floors) cannot take both. So rows, columns and the 耕地 sub-totals are
 * rounded together as one integer flow (Cox & Ernst's controlled rounding, here with the 耕地 hierarchy):
 *
 *   S → township i (its total) → [耕地 of township i → cell (i, 水田|水浇地|旱地)] or cell (i, other part)
 *     → column k → [county 耕地] → T,
 *
 * each edge carrying "rounded value − Σ floors of the cells under it", bounded by the floor and ceiling of the
 * exact value of the same quantity, and the flow S → T fixed at the county total rounded half away from zero
 * (minus Σ floors). The exact values themselves are a feasible real flow of value f = Σ remainders; the bounds
 * are integers, so the feasible flow values form an interval with integer ends that contains f, hence ⌊f⌋ and
 * ⌈f⌉, and for an integer value an integral feasible flow exists (network matrices are totally unimodular).
 * Such a flow is exactly a rounding with every identity above and every number at its floor or ceiling. Among
 * them the one of least total deviation Σ|rounded − exact| over cells, sub-totals and totals is taken (a
 * minimum-cost flow, successive shortest paths): large remainders round up, small ones down, as far as the
 * identities allow. Ties (equal total deviation) go to rounding up earlier townships, then earlier columns
 * (table order). Overlay columns have no row identity and are rounded column by column: the county value half
 * away from zero, then distributed over the townships by largest remainder (ties: larger value, then earlier
 * township) — always feasible by the row argument above.
 */
import { CompensatedSum } from '../area/summation.js';
import { roundHalfAwayFromZero, toMu } from '../area/units.js';
import type { Areas, AreaKey, CultivatedPart, LandPart } from './types.js';
import { CULTIVATED_PARTS, OVERLAY_PARTS } from './types.js';

/** Ticks (10⁻⁷ 亩) per cent (0.01 亩). */
export const TICKS_PER_CENT = 100_000;

/** Every area key in table order. */
export const AREA_KEYS: readonly AreaKey[] = [
  'total',
  'cultivated',
  'paddy',
  'irrigated',
  'dry',
  'otherAgri',
  'unused',
  'construction',
  'unsurveyed',
  ...OVERLAY_PARTS,
];

/** The land parts other than 耕地, in table order. */
const OTHER_PARTS: readonly Exclude<LandPart, 'cultivated'>[] = ['otherAgri', 'unused', 'construction', 'unsurveyed'];

/** All zeros. */
export function zeroAreas(): Record<AreaKey, number> {
  const a = {} as Record<AreaKey, number>;
  for (const k of AREA_KEYS) a[k] = 0;
  return a;
}

/**
 * The exact 亩 value of an area in ticks (10⁻⁷ 亩): toMu(m²) to 7 decimals, as an integer.
 *
 * @example
 * muTicks(190); // 2_850_000 (0.285 亩)
 */
export function muTicks(m2: number): number {
  const t = Math.round(toMu(m2) * 1e7);
  return t === 0 ? 0 : t;
}

/**
 * An area in 亩 rounded half away from zero to 2 decimals, in cents (0.01 亩), from toMu's exact decimal.
 *
 * @example
 * muCents(4890); // 734 (7.335 亩 → 7.34)
 */
export function muCents(m2: number): number {
  const c = Math.round(roundHalfAwayFromZero(toMu(m2), 2) * 100);
  return c === 0 ? 0 : c;
}

/** Floor in cents and dropped remainder in ticks. */
function split(ticks: number): [number, number] {
  const f = Math.floor(ticks / TICKS_PER_CENT);
  return [f, ticks - f * TICKS_PER_CENT];
}

/**
 * Largest-remainder rounding: parts (exact values in ticks) rounded to cents so that they add up to `total`
 * cents. Each part is its floor, plus one cent for the parts with the largest remainders, as many as the
 * residual needs; ties go to the larger part, then to the earlier part. When the parts and the total are
 * consistent (total = floor or ceiling of Σ parts) every part ends at its floor or ceiling; otherwise (never for
 * the table's own numbers) the surplus or shortfall is spread over the largest parts a cent at a time, and the
 * caller's balance check reports it.
 *
 * @example
 * largestRemainder(100, [3_333_333, 3_333_333, 3_333_334]); // [33, 33, 34]: ⅓ 亩 each → 0.33 + 0.33 + 0.34
 */
export function largestRemainder(total: number, ticks: readonly number[]): number[] {
  const n = ticks.length;
  const out = new Array<number>(n);
  const rem = new Array<number>(n);
  let sum = 0;
  for (let k = 0; k < n; k++) {
    const [f, r] = split(ticks[k]);
    out[k] = f;
    rem[k] = r;
    sum += f;
  }
  let residual = total - sum;
  if (n === 0 || residual === 0) return out;
  const byValue = [...out.keys()].sort((a, b) => ticks[b] - ticks[a] || a - b);
  if (residual > 0) {
    const order = [...out.keys()].filter((k) => rem[k] > 0).sort((a, b) => rem[b] - rem[a] || ticks[b] - ticks[a] || a - b);
    for (const k of order) {
      if (residual === 0) break;
      out[k]++;
      residual--;
    }
    for (let i = 0; residual > 0; i = (i + 1) % n, residual--) out[byValue[i]]++;
  } else {
    for (let i = 0, guard = 0; residual < 0 && guard < 2 * n * (1 - residual); i = (i + 1) % n, guard++) {
      const k = byValue[i];
      if (out[k] > 0) {
        out[k]--;
        residual++;
      }
    }
  }
  return out;
}

function fromCents(c: number): number {
  return c / 100;
}

/** What {@link adjustRow} gives. */
export interface RowAdjustment {
  /** 亩, 2 decimals; land parts add up to the total and the 耕地 split to 耕地. */
  readonly mu: Areas;
  /** The identities hold and every land part is within 0.01 亩 of its exact value (see {@link checkBalance}). */
  readonly balanced: boolean;
}

/**
 * 平差 of one row (a patch or a patch part) by largest remainder (module comment). `m2` holds exact areas; its
 * `cultivated` is not read: 耕地 is taken as 水田 + 水浇地 + 旱地.
 *
 * @example
 * const { mu, balanced } = adjustRow(m2); // mu.total === mu.cultivated + mu.otherAgri + … to the cent
 */
export function adjustRow(m2: Areas): RowAdjustment {
  const subTicks = CULTIVATED_PARTS.map((k) => muTicks(m2[k]));
  const partTicks = [subTicks[0] + subTicks[1] + subTicks[2], ...OTHER_PARTS.map((k) => muTicks(m2[k]))];
  const total = muCents(m2.total);
  const parts = largestRemainder(total, partTicks);
  const subs = largestRemainder(parts[0], subTicks);
  const mu = zeroAreas();
  mu.total = fromCents(total);
  mu.cultivated = fromCents(parts[0]);
  CULTIVATED_PARTS.forEach((k, i) => (mu[k] = fromCents(subs[i])));
  OTHER_PARTS.forEach((k, i) => (mu[k] = fromCents(parts[1 + i])));
  for (const k of OVERLAY_PARTS) mu[k] = fromCents(muCents(m2[k]));
  return { mu, balanced: checkBalance(mu, m2) };
}

/**
 * 平差通过: the rounded land parts add up exactly to the rounded total, 水田 + 水浇地 + 旱地 to 耕地, and each of
 * them (and the total) is within 0.01 亩 of its exact value (耕地's exact value being Σ of its three parts).
 *
 * @example
 * checkBalance(adjustRow(m2).mu, m2); // true
 */
export function checkBalance(mu: Areas, m2: Areas): boolean {
  const c = (k: AreaKey): number => Math.round(mu[k] * 100);
  let sum = 0;
  for (const k of ['cultivated', ...OTHER_PARTS] as const) sum += c(k);
  let sub = 0;
  for (const k of CULTIVATED_PARTS) sub += c(k);
  if (sum !== c('total') || sub !== c('cultivated')) return false;
  const within = (cents: number, ticks: number): boolean => Math.abs(cents * TICKS_PER_CENT - ticks) <= TICKS_PER_CENT;
  const subTicks = CULTIVATED_PARTS.map((k) => muTicks(m2[k]));
  if (!within(c('cultivated'), subTicks[0] + subTicks[1] + subTicks[2])) return false;
  for (let i = 0; i < 3; i++) if (!within(c(CULTIVATED_PARTS[i]), subTicks[i])) return false;
  for (const k of OTHER_PARTS) if (!within(c(k), muTicks(m2[k]))) return false;
  return within(c('total'), muTicks(m2.total));
}

// ---------------------------------------------------------------------------------------------------------
// Controlled rounding of a table (rows × columns with one column sub-total), by minimum-cost flow.

/** Successive-shortest-path minimum-cost flow on a small graph with integer capacities and costs. */
class MinCostFlow {
  private readonly head: number[];
  readonly to: number[] = [];
  readonly cap: number[] = [];
  private readonly cost: number[] = [];
  private readonly next: number[] = [];
  constructor(readonly n: number) {
    this.head = new Array<number>(n).fill(-1);
  }
  /** Adds u → v; returns the edge index (its reverse is index ^ 1). */
  addEdge(u: number, v: number, cap: number, cost: number): number {
    const e = this.to.length;
    this.to.push(v, u);
    this.cap.push(cap, 0);
    this.cost.push(cost, -cost);
    this.next.push(this.head[u], this.head[v]);
    this.head[u] = e;
    this.head[v] = e + 1;
    return e;
  }
  /**
   * Sends up to `need` units s → t at least cost; returns the amount sent. Bellman–Ford (queue-based) finds
   * each shortest path, so negative costs are fine as long as the initial graph has no negative cycle (it is
   * acyclic here); augmenting along shortest paths keeps the residual graph free of negative cycles.
   */
  run(s: number, t: number, need: number): number {
    const n = this.n;
    const dist = new Array<number>(n);
    const prev = new Array<number>(n);
    const inQueue = new Uint8Array(n);
    let sent = 0;
    while (sent < need) {
      dist.fill(Infinity);
      prev.fill(-1);
      dist[s] = 0;
      const queue = [s];
      inQueue[s] = 1;
      for (let qi = 0; qi < queue.length; qi++) {
        const u = queue[qi];
        inQueue[u] = 0;
        for (let e = this.head[u]; e >= 0; e = this.next[e]) {
          if (this.cap[e] <= 0) continue;
          const v = this.to[e];
          const d = dist[u] + this.cost[e];
          if (d < dist[v]) {
            dist[v] = d;
            prev[v] = e;
            if (inQueue[v] === 0) {
              inQueue[v] = 1;
              queue.push(v);
            }
          }
        }
      }
      if (dist[t] === Infinity) break;
      let push = need - sent;
      for (let v = t; v !== s; v = this.to[prev[v] ^ 1]) push = Math.min(push, this.cap[prev[v]]);
      for (let v = t; v !== s; v = this.to[prev[v] ^ 1]) {
        this.cap[prev[v]] -= push;
        this.cap[prev[v] ^ 1] += push;
      }
      sent += push;
    }
    return sent;
  }
}

/**
 * Controlled rounding of a table: `ticks[i][k]` exact values (ticks) of row i, column k; `sub` the columns
 * that form a sub-total (耕地 = 水田 + 水浇地 + 旱地); `total` the grand total in cents (the county total rounded
 * half away from zero; clamped to the floor or ceiling of Σ cells if the two disagree by ticks). Returns cents
 * per cell such that every cell, every row total, row sub-total, column total and the column sub-total is the
 * floor or ceiling of its exact value, the cells add up to `total`, and Σ|rounded − exact| is least (module
 * comment for the construction and the proof).
 *
 * @example
 * // two rows, three columns, exact cents 0.45 0.45 0 / 0 0 0.8; county total 1.7 → 2 cents
 * controlledRound([[45_000, 45_000, 0], [0, 0, 80_000]], [], 2); // [[1, 0, 0], [0, 0, 1]] (tie: earlier column)
 */
export function controlledRound(ticks: readonly (readonly number[])[], sub: readonly number[], total: number): number[][] {
  const nR = ticks.length;
  const nC = nR > 0 ? ticks[0].length : 0;
  const inSub = new Array<boolean>(nC).fill(false);
  for (const k of sub) inSub[k] = true;
  const S = 0;
  const T = 1;
  const SS = 2;
  const TT = 3;
  const R = (i: number): number => 4 + i;
  const RS = (i: number): number => 4 + nR + i;
  const K = (k: number): number => 4 + 2 * nR + k;
  const KS = 4 + 2 * nR + nC;
  const g = new MinCostFlow(KS + 1);
  const excess = new Array<number>(KS + 1).fill(0);
  // Tie-break: the optional unit of the j-th edge added costs `cost × scale + j`, so that among roundings of
  // equal deviation the one rounding up earlier townships and columns wins. Σ j over all edges < scale, so
  // the tie-break never outweighs one tick of deviation; skipped if the products could lose integer precision.
  const nEdges = nR * nC + 2 * nR + nC + 1;
  const scale = nEdges * nEdges * TICKS_PER_CENT * nEdges < 2 ** 50 ? nEdges * nEdges + 1 : 1;
  let order = 0;
  /** An edge carrying lo or lo + 1 units (hi − lo ≤ 1), the optional unit costing `cost`. */
  const bounded = (u: number, v: number, lo: number, hi: number, cost: number): number => {
    excess[v] += lo;
    excess[u] -= lo;
    const j = order++;
    return hi > lo ? g.addEdge(u, v, hi - lo, scale > 1 ? cost * scale + j : cost) : -1;
  };
  /** Bounds of a quantity whose cells' remainders add up to `frac` ticks: its floor and ceiling above the floors. */
  const aggregate = (u: number, v: number, frac: number): void => {
    const lo = Math.floor(frac / TICKS_PER_CENT);
    const r = frac - lo * TICKS_PER_CENT;
    bounded(u, v, lo, r > 0 ? lo + 1 : lo, TICKS_PER_CENT - 2 * r);
  };
  const floors: number[][] = [];
  const cellEdge: number[][] = [];
  const colFrac = new Array<number>(nC).fill(0);
  let floorSum = 0;
  let fracSum = 0;
  for (let i = 0; i < nR; i++) {
    const fl: number[] = [];
    const ce: number[] = [];
    let rowFrac = 0;
    let subFrac = 0;
    for (let k = 0; k < nC; k++) {
      const [f, r] = split(ticks[i][k]);
      fl.push(f);
      floorSum += f;
      rowFrac += r;
      if (inSub[k]) subFrac += r;
      colFrac[k] += r;
      // The cost of rounding up rather than down: (1 − r) − r cents of deviation, in ticks.
      ce.push(bounded(inSub[k] ? RS(i) : R(i), K(k), 0, r > 0 ? 1 : 0, TICKS_PER_CENT - 2 * r));
    }
    fracSum += rowFrac;
    aggregate(S, R(i), rowFrac);
    aggregate(R(i), RS(i), subFrac);
    floors.push(fl);
    cellEdge.push(ce);
  }
  let subColFrac = 0;
  for (let k = 0; k < nC; k++) {
    aggregate(K(k), inSub[k] ? KS : T, colFrac[k]);
    if (inSub[k]) subColFrac += colFrac[k];
  }
  aggregate(KS, T, subColFrac);
  const lo = Math.floor(fracSum / TICKS_PER_CENT);
  const hi = Math.ceil(fracSum / TICKS_PER_CENT);
  const flow = Math.min(hi, Math.max(lo, total - floorSum));
  excess[S] += flow;
  excess[T] -= flow;
  let need = 0;
  for (let v = 0; v < excess.length; v++) {
    if (excess[v] > 0) {
      g.addEdge(SS, v, excess[v], 0);
      need += excess[v];
    } else if (excess[v] < 0) g.addEdge(v, TT, -excess[v], 0);
  }
  const sent = g.run(SS, TT, need);
  if (sent !== need) throw new Error(`controlled rounding found no feasible flow (${sent} of ${need} units); please report this table`);
  return floors.map((fl, i) => fl.map((f, k) => (cellEdge[i][k] >= 0 && g.cap[cellEdge[i][k]] === 0 ? f + 1 : f)));
}

/** What {@link adjustSummary} gives. */
export interface SummaryAdjustment {
  /** Per group (township), 亩 to 2 decimals. */
  readonly groups: Areas[];
  /** The county row, 亩 to 2 decimals: each column is Σ groups, and the row balances. */
  readonly county: Areas;
  /** The county row's exact areas, m² (compensated sums of the groups). */
  readonly countyM2: Areas;
}

/** Cell columns of the summary's controlled rounding: the 耕地 split first (the sub-total), then the other parts. */
const CELL_KEYS: readonly (CultivatedPart | Exclude<LandPart, 'cultivated'>)[] = [...CULTIVATED_PARTS, ...OTHER_PARTS];

/**
 * 平差 of the township rows and the county row (module comment): from each township's exact areas (m², e.g.
 * sums of its patch rows), 亩 values where every township row and the county row balance, and the townships
 * add up to the county in every column.
 *
 * @example
 * const { groups, county } = adjustSummary(townshipM2);
 * // county.total === Σ groups[i].total, groups[i].total === groups[i].cultivated + … (to the cent)
 */
export function adjustSummary(groupsM2: readonly Areas[]): SummaryAdjustment {
  const countyM2 = zeroAreas();
  for (const k of AREA_KEYS) {
    const s = new CompensatedSum();
    for (const gm of groupsM2) s.add(gm[k]);
    countyM2[k] = s.value;
  }
  const ticks = groupsM2.map((gm) => CELL_KEYS.map((k) => muTicks(gm[k])));
  const cells = controlledRound(ticks, [0, 1, 2], muCents(countyM2.total));
  const groups = cells.map(() => zeroAreas());
  const county = zeroAreas();
  cells.forEach((row, i) => {
    const out = groups[i];
    CELL_KEYS.forEach((k, j) => (out[k] = row[j]));
    out.cultivated = row[0] + row[1] + row[2];
    out.total = row.reduce((a, b) => a + b, 0);
  });
  for (const k of OVERLAY_PARTS) {
    const col = largestRemainder(
      // The county value, clamped to what the townships' floors and remainders can make (it always is, up to
      // tick-level disagreement between Σ m² and Σ ticks).
      clampToColumn(muCents(countyM2[k]), groupsM2.map((gm) => muTicks(gm[k]))),
      groupsM2.map((gm) => muTicks(gm[k])),
    );
    col.forEach((c, i) => (groups[i][k] = c));
  }
  for (const k of AREA_KEYS) {
    let s = 0;
    for (const gr of groups) s += gr[k];
    county[k] = fromCents(s);
  }
  for (const gr of groups) for (const k of AREA_KEYS) gr[k] = fromCents(gr[k]);
  return { groups, county, countyM2 };
}

/** A column total (cents) brought into [Σ floors, Σ floors + #non-zero remainders] of its cells. */
function clampToColumn(total: number, ticks: readonly number[]): number {
  let lo = 0;
  let m = 0;
  for (const t of ticks) {
    const [f, r] = split(t);
    lo += f;
    if (r > 0) m++;
  }
  return Math.min(lo + m, Math.max(lo, total));
}
