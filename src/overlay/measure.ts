/**
 * How the kernel turns boundary pieces into area.
 *
 * Area is a boundary integral (Green's theorem): for a region R, area(R) = Σ over the directed pieces of ∂R
 * (R on the left) of a per-edge term. The kernel never assembles rings for area; it feeds each boundary piece
 * of each result region to an {@link EdgeMeasure} and adds the returned terms. Any measure with an additive,
 * origin-independent-over-closed-boundaries edge term fits: the planar shoelace term here, or the national
 * ellipsoidal strip rule (domain.md §4), which also integrates a directed edge against a reference meridian.
 */
import { type EllipsoidAreaParams, EllipsoidalAreaAccumulator } from '../area/ellipsoidal.js';
import { LocalArea } from '../area/local-area.js';
import { TransverseMercator } from '../crs/transverse-mercator.js';
import type { Crs } from '../crs/types.js';
import { CrsError, InputError } from '../errors.js';

/**
 * Sums directed edges into an area. Summed over a closed boundary (the region on the left), the result is the
 * region's area, counter-clockwise positive. Edges may come in any order; an edge and its reverse cancel.
 * `EllipsoidalAreaAccumulator` (src/area) has exactly this shape.
 */
export interface AreaAccumulator {
  /** Starts a new area. */
  reset(): void;
  /** Adds the directed straight edge (x1, y1) → (x2, y2), projected coordinates in metres. */
  addEdge(x1: number, y1: number, x2: number, y2: number): void;
  /** The area of the edges added since the last reset, m². */
  signedArea(): number;
}

/** A way of measuring area: makes accumulators (one per result region of a patch). */
export interface EdgeMeasure {
  /** `"planar"`, `"ellipsoidal"`, …: shown in results so a reader knows which area was computed. */
  readonly kind: string;
  createAccumulator(): AreaAccumulator;
  /** Optional: a multi-region accumulator that computes each edge's term once (see {@link SlotAccumulator}). */
  createSlots?(): SlotAccumulator;
}

/**
 * Areas of several regions whose boundaries share pieces: a piece of a patch's boundary usually bounds the
 * patch, its covered part and a class at once. The caller writes the piece's coordinates into {@link edge}
 * (x1, y1, x2, y2 — through a typed array, so no number is boxed on the way), calls {@link load} once and then
 * {@link add} for each region it bounds; the term is computed once. A reversed piece adds the negated term.
 */
export interface SlotAccumulator {
  readonly edge: Float64Array;
  /** Starts over with n regions, all empty. */
  reset(n: number): void;
  /** Computes the term of the piece in {@link edge}. */
  load(): void;
  /** Adds the loaded piece to region `slot`: as given when `forward`, else reversed. */
  add(slot: number, forward: boolean): void;
  /** Signed area of region `slot`, m². */
  area(slot: number): number;
  /**
   * Optional: after {@link reset}, the box every piece until the next reset lies in (an overlay's patch box) as
   * [x0, y0, x1, y1], for measures that can prepare for it (the ellipsoidal one fits a local area-scale polynomial).
   * An array, as {@link edge} is, so that no number is boxed on the way.
   */
  window?(box: Float64Array): void;
}

/**
 * Slots for a measure without shared terms: one {@link AreaAccumulator} per region, each fed the piece forwards
 * or reversed. The planar measure uses it, and any user measure that has no `createSlots`.
 *
 * @example
 * const slots = slotsOf(planarMeasure());
 */
export function slotsOf(measure: EdgeMeasure): SlotAccumulator {
  const slots = measure.createSlots?.() ?? new PerRegionSlots(measure);
  // The last slots of each class are kept, so that the optimised code of a pooled kernel (kernel-pool.ts) does not
  // lose their hidden class when a job on another measure replaced them and a full collection followed.
  lastSlots.set(slots.constructor, slots);
  return slots;
}
const lastSlots = new Map<unknown, SlotAccumulator>();

class PerRegionSlots implements SlotAccumulator {
  readonly edge = new Float64Array(4);
  private readonly acc: AreaAccumulator[] = [];
  constructor(private readonly measure: EdgeMeasure) {}
  reset(n: number): void {
    while (this.acc.length < n) this.acc.push(this.measure.createAccumulator());
    for (let i = 0; i < n; i++) this.acc[i]!.reset();
  }
  load(): void {}
  add(slot: number, forward: boolean): void {
    const e = this.edge;
    if (forward) this.acc[slot]!.addEdge(e[0]!, e[1]!, e[2]!, e[3]!);
    else this.acc[slot]!.addEdge(e[2]!, e[3]!, e[0]!, e[1]!);
  }
  area(slot: number): number {
    return this.acc[slot]!.signedArea();
  }
}

/**
 * Ellipsoidal slots: the strips of a piece are computed once ({@link EllipsoidalAreaAccumulator.edgeTerms}) and
 * each region adds them against its own reference meridian — the longitude of the first piece it received, as
 * a separate accumulator would — so sharing costs no accuracy.
 */
class EllipsoidalSlots implements SlotAccumulator {
  readonly edge = new Float64Array(4);
  private readonly acc: EllipsoidalAreaAccumulator;
  /** With the default `'exact'` method: the local area-scale polynomial (see src/area/local-area.ts). */
  private readonly local: LocalArea | null;
  /** Whether the pieces since the last reset are measured by {@link local} (a window was fitted). */
  private useLocal = false;
  private localTerm = 0;
  private readonly sums = new CompensatedSums();
  private refL = new Float64Array(16);
  private readonly t = new Float64Array(3);
  constructor(params: EllipsoidAreaParams) {
    this.acc = new EllipsoidalAreaAccumulator(params);
    // The literal national rule stays literal: only the default method, which computes the exact area of the
    // Gauss–Krüger polygon, may compute it another way.
    this.local = params.method === 'national' ? null : new LocalArea(TransverseMercator.for(params.ellipsoid), params.falseEasting);
  }
  reset(n: number): void {
    this.sums.reset(n);
    this.useLocal = false;
    if (this.refL.length < n) this.refL = new Float64Array(n * 2);
    for (let i = 0; i < n; i++) this.refL[i] = NaN;
  }
  window(box: Float64Array): void {
    this.useLocal = this.local !== null && this.local.fitBox(box);
  }
  load(): void {
    const e = this.edge;
    if (this.useLocal) this.localTerm = this.local!.term(e[0], e[1], e[2], e[3]);
    else this.acc.edgeTerms(e[0], e[1], e[2], e[3], this.t, 0);
  }
  add(slot: number, forward: boolean): void {
    if (this.useLocal) {
      this.sums.add(slot, forward ? this.localTerm : -this.localTerm);
      return;
    }
    const t = this.t;
    let ref = this.refL[slot];
    if (ref !== ref) ref = this.refL[slot] = t[2];
    const v = t[0] + (t[2] - ref) * t[1];
    this.sums.add(slot, forward ? v : -v);
  }
  area(slot: number): number {
    return this.useLocal ? this.sums.value(slot) : this.acc.b2m2 * this.sums.value(slot);
  }
}

/**
 * Planar area in the projection plane: the shoelace (trapezoid) term ½·(x1·y2 − x2·y1), taken relative to the
 * first point added after a reset. At Gauss–Krüger magnitudes (x ≈ 4×10⁷ m) raw products would lose
 * centimetres² (domain.md §3); relative to a point of the patch the products are of the size of the patch.
 * Terms are summed with Neumaier compensation.
 *
 * @example
 * const acc = planarMeasure().createAccumulator();
 * acc.addEdge(39500000, 3900000, 39500001, 3900000);
 * acc.addEdge(39500001, 3900000, 39500001, 3900001);
 * acc.addEdge(39500001, 3900001, 39500000, 3900000);
 * acc.signedArea(); // 0.5
 */
export function planarMeasure(): EdgeMeasure {
  return {
    kind: 'planar',
    createAccumulator: () => new PlanarAccumulator(),
    createSlots: () => new PlanarSlots(),
  };
}

/**
 * Planar slots: the same arithmetic as one {@link PlanarAccumulator} per region — each region's terms relative
 * to the first point it received, so a small part keeps the precision of its own size — without an object and
 * a call per region and piece.
 */
class PlanarSlots implements SlotAccumulator {
  readonly edge = new Float64Array(4);
  private readonly sums = new CompensatedSums();
  private ox = new Float64Array(16);
  private oy = new Float64Array(16);
  reset(n: number): void {
    this.sums.reset(n);
    if (this.ox.length < n) {
      this.ox = new Float64Array(n * 2);
      this.oy = new Float64Array(n * 2);
    }
    for (let i = 0; i < n; i++) this.ox[i] = NaN;
  }
  load(): void {}
  add(slot: number, forward: boolean): void {
    const e = this.edge;
    const x1 = forward ? e[0] : e[2];
    const y1 = forward ? e[1] : e[3];
    const x2 = forward ? e[2] : e[0];
    const y2 = forward ? e[3] : e[1];
    let ox = this.ox[slot];
    let oy: number;
    if (ox !== ox) {
      ox = this.ox[slot] = x1;
      oy = this.oy[slot] = y1;
    } else oy = this.oy[slot];
    this.sums.add(slot, trapezoid(x1, y1, x2, y2, ox, oy));
  }
  area(slot: number): number {
    return this.sums.value(slot);
  }
}

/** The shoelace term ½·(a × b) of the piece a → b relative to the origin (ox, oy). */
function trapezoid(x1: number, y1: number, x2: number, y2: number, ox: number, oy: number): number {
  const ax = x1 - ox;
  const ay = y1 - oy;
  const bx = x2 - ox;
  const by = y2 - oy;
  return 0.5 * (ax * by - bx * ay);
}

/** See {@link planarMeasure}. */
export class PlanarAccumulator implements AreaAccumulator {
  private ox = NaN;
  private oy = NaN;
  private s = 0;
  private c = 0;
  reset(): void {
    this.ox = NaN;
    this.oy = NaN;
    this.s = 0;
    this.c = 0;
  }
  addEdge(x1: number, y1: number, x2: number, y2: number): void {
    if (this.ox !== this.ox) {
      this.ox = x1;
      this.oy = y1;
    }
    const v = trapezoid(x1, y1, x2, y2, this.ox, this.oy);
    const s = this.s;
    const t = s + v;
    if (Math.abs(s) >= Math.abs(v)) this.c += s - t + v;
    else this.c += v - t + s;
    this.s = t;
  }
  signedArea(): number {
    return this.s + this.c;
  }
}

/**
 * Compensated running sums (Neumaier's variant of Kahan summation: A. Neumaier, ZAMM 54, 1974), one per slot,
 * so that thousands of boundary terms of mixed sign add up without drift.
 */
export class CompensatedSums {
  sum: Float64Array;
  comp: Float64Array;
  constructor(n = 16) {
    this.sum = new Float64Array(n);
    this.comp = new Float64Array(n);
  }
  /** Clears slots [0, n), growing the arrays if needed. */
  reset(n: number): void {
    if (this.sum.length < n) {
      this.sum = new Float64Array(n * 2);
      this.comp = new Float64Array(n * 2);
    } else {
      // A loop rather than fill: n is a few slots, and a fill call costs ~20 ns (Node 20), once per patch.
      for (let i = 0; i < n; i++) {
        this.sum[i] = 0;
        this.comp[i] = 0;
      }
    }
  }
  add(i: number, v: number): void {
    const s = this.sum[i];
    const t = s + v;
    // The rounding error of s + v by Knuth's TwoSum: the same exact value as Neumaier's branch on |s| ≥ |v| gives
    // (each computes it exactly), without a branch that the signs and sizes of pieces make hard to predict.
    const z = t - s;
    this.comp[i] += s - (t - z) + (v - z);
    this.sum[i] = t;
  }
  value(i: number): number {
    return this.sum[i] + this.comp[i];
  }
}

/**
 * The legal area (domain.md §4): the national ellipsoidal strip rule, through src/area's streaming accumulator.
 * `method: 'exact'` adds its curvature correction, which also makes the result independent of how edges are
 * split into pieces (the plain national rule densifies each piece on its own length, so a patch cut into
 * pieces measures a few 1e-7 differently from the whole). With `'exact'`, an overlay that gives its patch box
 * as the window (src/overlay/kernel.ts) and whose box is at most 2 km across is measured by the local
 * area-scale polynomial instead (src/area/local-area.ts): the same quantity, with no inverse projection per
 * piece end.
 *
 * @example
 * const m = ellipsoidalMeasure({ ellipsoid: CGCS2000_ELLIPSOID, falseEasting: 39_500_000 });
 */
export function ellipsoidalMeasure(params: EllipsoidAreaParams): EdgeMeasure {
  return {
    kind: params.method === 'national' ? 'ellipsoidal-national' : 'ellipsoidal',
    createAccumulator: () => new EllipsoidalAreaAccumulator(params),
    createSlots: () => new EllipsoidalSlots(params),
  };
}

/** What callers may pass as `measure`. */
/**
 * `'ellipsoidal'`: the national strip rule with the curvature correction for edges that are straight in the
 * Gauss–Krüger plane (agrees with GeographicLib to ~1e-10); `'ellipsoidal-national'`: the rule exactly as
 * published (70 m densification only; off by up to ~1e-5 on small parcels, see README); `'planar'`.
 */
export type MeasureOption = 'ellipsoidal' | 'ellipsoidal-national' | 'planar' | EdgeMeasure;

/**
 * Resolves a measure option against a layer's CRS. Ellipsoidal area needs a projected Gauss–Krüger CRS.
 *
 * @example
 * const m = resolveMeasure('ellipsoidal', layer.crs, layer.name);
 */
export function resolveMeasure(option: MeasureOption, crs: Crs | null, layerName: string): EdgeMeasure {
  if (typeof option === 'object') return option;
  if (option === 'planar') return planarMeasure();
  if (option !== 'ellipsoidal' && option !== 'ellipsoidal-national') {
    throw new InputError(`measure must be 'ellipsoidal', 'ellipsoidal-national', 'planar' or an EdgeMeasure, found ${JSON.stringify(option)}`);
  }
  if (crs === null || crs.kind !== 'projected' || crs.falseEasting === undefined) {
    throw new CrsError(
      `ellipsoidal area needs a Gauss–Krüger CRS, but layer "${layerName}" has ${crs === null ? 'none' : crs.name}; ` +
        "declare its CRS (e.g. EPSG:4527) or pass measure: 'planar'",
    );
  }
  return ellipsoidalMeasure({
    ellipsoid: crs.ellipsoid,
    falseEasting: crs.falseEasting,
    method: option === 'ellipsoidal-national' ? 'national' : 'exact',
  });
}
