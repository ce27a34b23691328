/**
 * Ellipsoidal area of Gauss–Krüger polygons by the national rule for the second and third land surveys
 * (国务院第二次全国土地调查领导小组办公室, 国土调查办发〔2008〕32号, kept for 三调; domain.md §4):
 *
 * 1. in the projected plane, every edge longer than 70 m gets ⌊len/70⌋ evenly spaced interior points;
 * 2. every point is inverse-projected to (B, L);
 * 3. every piece (B₁, L₁) → (B₂, L₂) adds the ellipsoidal strip between it and a reference meridian L₀,
 *    S = 2b²·ΔL·[A sin(ΔB/2) cos Bm − B sin(3ΔB/2) cos 3Bm + C sin(5ΔB/2) cos 5Bm − D sin(7ΔB/2) cos 7Bm
 *    + E sin(9ΔB/2) cos 9Bm], ΔB = B₂ − B₁, Bm = (B₁ + B₂)/2, ΔL = (L₁ + L₂)/2 − L₀;
 *    A…E are series in the FIRST eccentricity squared e² (the notice's pseudo-code swaps e² and e′²; that
 *    error inflates every area by 16–31 ppm);
 * 4. a ring's area is |Σ S|; a feature's is Σ|exteriors| − Σ|holes|.
 *
 * What the bracket is: 2[…] = Q(B₂) − Q(B₁) with Q(B) = ∫₀ᴮ cos β/(1 − e² sin²β)² dβ, the authalic
 * ("equal-area") latitude function expanded to e⁸; b²·dL·dQ is the exact area element of the ellipsoid.
 * The rule is therefore the trapezoid (shoelace) formula in the equal-area plane (L, Q) — exact for edges
 * that are straight in (L, Q). Polygon edges are straight in the Gauss–Krüger plane instead, and the two
 * kinds of line differ by a curvature of order tan B / R; for a piece of length s the area between them is
 * of order s³·tan B / (6R). Summed over a ring these terms cancel only partly, and the rule as written is
 * off from the true ellipsoidal area of the Gauss–Krüger polygon by 1e-7 to 1e-5 of the area for parcels
 * with 10–70 m edges (measured on the reference county: up to 1.1e-5 relative on small farmland polygons,
 * 2e-6 on land-use parcels; up to 0.0089 m² on a land-use parcel and 0.017 m² on a reclamation project;
 * see test/area/ellipsoidal.test.ts). That is the `'national'`
 * method, kept for reproducing software that implements the rule literally.
 *
 * The `'exact'` method (default) keeps the same points and strips and adds, per piece, the area between the
 * piece's true image in the (L, Q) plane and its chord. The image is taken as the cubic Hermite curve with
 * the exact end tangents, which the inverse projection delivers at no extra transcendental cost (both the
 * Gauss–Krüger and the Mercator coordinates (ψ, L) are conformal, so d(ψ + iL)/d(y + ix) is one complex
 * number, and dQ/dψ = cos²B/((1 − e²)(1 − e² sin²B))); the Hermite–chord area is
 * [(T₁L − T₂L)ΔQ − (T₁Q − T₂Q)ΔL]/10 + (T₂L·T₁Q − T₁L·T₂Q)/60. The remaining method error is of order
 * (s/R)² of the correction, i.e. ~1e-15 of the area; what is left is rounding: each point's latitude carries
 * ~1e-16 rad (0.6 nm), which moves a ring's area by ~0.6 nm × its perimeter (4e-9 relative on a 0.3 m wide,
 * 500 m long sliver; < 1e-10 on ordinary parcels). The result is the ellipsoidal area of the polygon whose
 * edges are straight in the Gauss–Krüger plane — what GeographicLib measures when the edges are densified
 * finely, and what the reference county's expected areas (and TBMJ values) are.
 *
 * Numerics: the result does not depend on L₀ in exact arithmetic (Σ ΔQ over a closed ring telescopes to
 * 0), so L₀ is taken at the ring's first point, which keeps every ΔL small and avoids cancellation between
 * large strips; longitudes are kept relative to the central meridian throughout; sin(kΔB/2) and cos(kBm)
 * come from Chebyshev recurrences, with no cancellation for small ΔB, and per piece nothing but arithmetic is
 * needed (the inverse projection also returns sin B and cos B); strips are summed with Neumaier
 * compensation. The area does not depend on the central meridian (the projection is symmetric about the
 * polar axis), so only the ellipsoid and the false easting are needed.
 */
import { TransverseMercator } from '../crs/transverse-mercator.js';
import type { Ellipsoid } from '../crs/types.js';
import { CrsError, InputError } from '../errors.js';
import type { Layer } from '../geometry/types.js';
import { CompensatedSum } from './summation.js';

/**
 * `'exact'` (default): the 国土调查办发〔2008〕32号 rule plus a per-piece curvature correction, giving the
 * ellipsoidal area of the Gauss–Krüger polygon to ~1e-10 (see the module comment). `'national'`: the rule exactly as written
 * (trapezoids in the equal-area plane), which is off by up to ~1e-5 relative on small polygons.
 */
export type EllipsoidAreaMethod = 'national' | 'exact';

/** Everything an area computation needs to know about the projection. */
export interface EllipsoidAreaParams {
  /** The ellipsoid of the datum (a, f). */
  readonly ellipsoid: Pick<Ellipsoid, 'a' | 'f'>;
  /** False easting in metres, including any zone prefix (e.g. 39 500 000). */
  readonly falseEasting: number;
  /** Default `'exact'`. */
  readonly method?: EllipsoidAreaMethod;
}

/** Options of the layer-level functions; each overrides what the layer's CRS says. */
export interface EllipsoidAreaOptions {
  readonly ellipsoid?: Pick<Ellipsoid, 'a' | 'f'>;
  readonly falseEasting?: number;
  /** Default `'exact'`. */
  readonly method?: EllipsoidAreaMethod;
}

/** Offsets of the point records in EllipsoidalAreaAccumulator.rec. */
const P0 = 0;
const P1 = 6;
const END = 12;
const CACHE = 18;
const FIRST = 24;

/** The national rule's densification step, metres (国土调查办发〔2008〕32号). */
export const NATIONAL_DENSIFY_STEP = 70;

/**
 * A streaming accumulator of ellipsoidal area, fed with directed edges in projected coordinates (full
 * eastings, as stored in a layer). Edges may come in any order and from any number of rings or pieces of
 * rings: the area of a set of edges is Σ strips, and every directed edge only has to be added once. Each
 * edge is densified by the national rule on its own length. An edge and its reverse produce exactly
 * opposite strips (interior points are computed from a canonical end), so shared edges cancel.
 *
 * The edges added between two resets must form closed cycles (one ring, several rings, or the boundary
 * pieces of an overlay result, in any order and split anywhere); for an open chain the sum would depend on
 * the reference meridian, which is the longitude of the first point added after
 * {@link EllipsoidalAreaAccumulator.reset}. Nothing is allocated per edge or per point. With the default
 * `'exact'` method, splitting an edge into fragments changes the result by < 1e-12 relative (tested); with
 * `'national'` each fragment is densified on its own length, as the rule would densify the piece polygon.
 *
 * @example
 * const acc = new EllipsoidalAreaAccumulator({ ellipsoid: CGCS2000_ELLIPSOID, falseEasting: 39_500_000 });
 * acc.addEdge(39_598_466.011, 3_941_199.552, 39_598_461.14, 3_941_202.685);
 * // … every other directed edge of the piece, in any order …
 * const m2 = Math.abs(acc.signedArea());
 */
export class EllipsoidalAreaAccumulator {
  private readonly tm: TransverseMercator;
  private readonly fe: number;
  private readonly exact: boolean;
  /** b², m². */
  private readonly b2: number;
  private readonly e2: number;
  /** 1 / (1 − e²). */
  private readonly ie2m: number;
  // The national rule's A…E, from the first eccentricity squared.
  private readonly kA: number;
  private readonly kB: number;
  private readonly kC: number;
  private readonly kD: number;
  private readonly kE: number;
  /**
   * Point records, 6 doubles each in TransverseMercator.inverseForArea layout (B, L, sin B, cos B, Re K,
   * Im K), at offsets P0/P1 (alternating ends of pieces), END (an edge's end point), CACHE (the last end
   * point, to reuse when the next edge starts there) and FIRST (a ring's first vertex).
   */
  private readonly rec = new Float64Array(30);
  private lastX = NaN;
  private lastY = NaN;
  /** Reference longitude (radians from the central meridian); NaN until the first point. */
  private refL = NaN;
  // Neumaier sum of ΔL·ΔQ (radians; times b² at the end).
  private s = 0;
  /** Σ ΔQ of the pieces since {@link edgeTerms} last cleared it. */
  private dqSum = 0;
  private cs = 0;

  constructor(params: EllipsoidAreaParams) {
    this.tm = TransverseMercator.for(params.ellipsoid);
    if (!Number.isFinite(params.falseEasting)) {
      throw new InputError(`falseEasting must be a finite number of metres, got ${String(params.falseEasting)}`);
    }
    this.fe = params.falseEasting;
    const method = params.method ?? 'exact';
    if (method !== 'national' && method !== 'exact') {
      throw new InputError(`method must be 'national' or 'exact', got ${String(method)}`);
    }
    this.exact = method === 'exact';
    const { a, f } = params.ellipsoid;
    const b = a * (1 - f);
    this.b2 = b * b;
    const e2 = f * (2 - f); // FIRST eccentricity squared (a² − b²)/a², not e′² = (a² − b²)/b².
    this.e2 = e2;
    this.ie2m = 1 / (1 - e2);
    const e4 = e2 * e2;
    const e6 = e4 * e2;
    const e8 = e6 * e2;
    this.kA = 1 + (3 / 6) * e2 + (30 / 80) * e4 + (35 / 112) * e6 + (630 / 2304) * e8;
    this.kB = (1 / 6) * e2 + (15 / 80) * e4 + (21 / 112) * e6 + (420 / 2304) * e8;
    this.kC = (3 / 80) * e4 + (7 / 112) * e6 + (180 / 2304) * e8;
    this.kD = (1 / 112) * e6 + (45 / 2304) * e8;
    this.kE = (5 / 2304) * e8;
  }

  /** Starts a new area: clears the sum and the reference meridian. */
  reset(): void {
    this.s = 0;
    this.cs = 0;
    this.refL = NaN;
  }

  /** The area of the edges added since the last reset, m²; positive when they run counter-clockwise. */
  signedArea(): number {
    return this.b2 * (this.s + this.cs);
  }

  /**
   * Strip of the piece p → q with projected vector (dx, dy): (L̄ − L₀)·ΔQ, ΔQ = the rule's bracket
   * 2[A sin(ΔB/2) cos Bm − B sin(3ΔB/2) cos 3Bm + …]; in exact mode plus the curvature correction.
   *
   * Everything here is algebraic: pieces are ≤ 70 m, so h = ΔB/2 < 6e-6 rad and sin h, cos h are short
   * Taylor series (a guard falls back to Math.sin/cos); cos Bm = (cos B₁ + cos B₂)/(2 cos h) exactly; sin(kh)
   * and cos(kBm) for k = 3, 5, 7, 9 come from Chebyshev recurrences (no cancellation for small h). The
   * expression is antisymmetric bit for bit: the reversed piece gives exactly the negated strip.
   */
  private piece(p: number, q: number, dx: number, dy: number): void {
    const r = this.rec;
    const h = (r[q]! - r[p]!) / 2;
    let sh: number;
    let ch: number;
    if (Math.abs(h) < 1e-3) {
      const h2 = h * h;
      sh = h * (1 - (h2 / 6) * (1 - h2 / 20));
      ch = 1 - (h2 / 2) * (1 - h2 / 12);
    } else {
      sh = Math.sin(h);
      ch = Math.cos(h);
    }
    const cm = (r[p + 3]! + r[q + 3]!) / (2 * ch); // cos Bm
    const tc = 2 * (1 - 2 * sh * sh); // 2cos 2h
    const s3 = sh * (tc + 1);
    const s5 = tc * s3 - sh;
    const s7 = tc * s5 - s3;
    const s9 = tc * s7 - s5;
    const tm = 2 * (2 * cm * cm - 1); // 2cos 2Bm
    const c3 = cm * (tm - 1);
    const c5 = tm * c3 - cm;
    const c7 = tm * c5 - c3;
    const c9 = tm * c7 - c5;
    const dq = 2 * (this.kA * sh * cm - this.kB * s3 * c3 + this.kC * s5 * c5 - this.kD * s7 * c7 + this.kE * s9 * c9);
    const L1 = r[p + 1]!;
    const L2 = r[q + 1]!;
    this.dqSum += dq;
    let v = ((L1 + L2) / 2 - this.refL) * dq;
    if (this.exact) {
      // Image of the straight piece in the (L, Q) plane as the cubic Hermite curve with the exact end
      // tangents T = (dL/dt, dQ/dt) (t ∈ [0, 1]); the area between it and the chord is
      // [(T₁L − T₂L)·ΔQ − (T₁Q − T₂Q)·ΔL]/10 + (T₂L·T₁Q − T₁L·T₂Q)/60 (integrated symbolically).
      // Tangents: dψ = Re K·dy − Im K·dx, dL = Re K·dx + Im K·dy, dQ/dψ = cos²B/((1 − e²)(1 − e² sin²B)).
      const e2 = this.e2;
      const ps = r[p + 2]!;
      const pc = r[p + 3]!;
      const qs = r[q + 2]!;
      const qc = r[q + 3]!;
      const pkr = r[p + 4]!;
      const pki = r[p + 5]!;
      const qkr = r[q + 4]!;
      const qki = r[q + 5]!;
      const a1 = pkr * dx + pki * dy;
      const b1 = ((pkr * dy - pki * dx) * pc * pc * this.ie2m) / (1 - e2 * ps * ps);
      const a2 = qkr * dx + qki * dy;
      const b2 = ((qkr * dy - qki * dx) * qc * qc * this.ie2m) / (1 - e2 * qs * qs);
      v += ((a1 - a2) * dq - (b1 - b2) * (L2 - L1)) / 10 + (a2 * b1 - a1 * b2) / 60;
    }
    // Neumaier summation.
    const s = this.s;
    const t = s + v;
    if (Math.abs(s) >= Math.abs(v)) this.cs += s - t + v;
    else this.cs += v - t + s;
    this.s = t;
  }

  /**
   * The strips of the directed edge split so that several regions can share them (the overlay kernel adds
   * one boundary piece to the patch, its covered part and a class at once): writes
   * out[o] = Σ (L̄ᵢ − L₀)·ΔQᵢ (+ the curvature terms), out[o+1] = Σ ΔQᵢ, out[o+2] = L₀, the longitude of the
   * edge's start, all in radians. A region with reference meridian R adds b²·(out[o] + (L₀ − R)·out[o+1]),
   * which is what {@link addEdge} adds for it; every factor stays small, so no digits cancel.
   *
   * @example
   * const acc = new EllipsoidalAreaAccumulator({ ellipsoid: CGCS2000_ELLIPSOID, falseEasting: 39_500_000 });
   * const t = new Float64Array(3);
   * acc.edgeTerms(39_500_000, 4_000_000, 39_500_100, 4_000_000, t, 0);
   */
  edgeTerms(x1: number, y1: number, x2: number, y2: number, out: Float64Array, o: number): void {
    const s = this.s;
    const cs = this.cs;
    const refL = this.refL;
    this.s = 0;
    this.cs = 0;
    this.dqSum = 0;
    this.refL = NaN;
    this.addEdge(x1, y1, x2, y2);
    out[o] = this.s + this.cs;
    out[o + 1] = this.dqSum;
    out[o + 2] = this.refL;
    this.s = s;
    this.cs = cs;
    this.refL = refL;
  }

  /** b², to turn {@link edgeTerms} (radians) into m². */
  get b2m2(): number {
    return this.b2;
  }

  private copy(from: number, to: number): void {
    const r = this.rec;
    r[to] = r[from]!;
    r[to + 1] = r[from + 1]!;
    r[to + 2] = r[from + 2]!;
    r[to + 3] = r[from + 3]!;
    r[to + 4] = r[from + 4]!;
    r[to + 5] = r[from + 5]!;
  }

  /**
   * The pieces of the edge (X1, y1) → (X2, y2) (false easting removed), whose end records are at P0 and
   * END. Edges longer than 70 m get ⌊len/70⌋ interior points, computed from a canonical end (the
   * lexicographically smaller one) so that the reversed edge gets bit-identical points and its strips cancel
   * this edge's exactly.
   */
  private edge(X1: number, y1: number, X2: number, y2: number): void {
    const dx = X2 - X1;
    const dy = y2 - y1;
    const len = Math.sqrt(dx * dx + dy * dy);
    const k = len > NATIONAL_DENSIFY_STEP ? Math.floor(len / NATIONAL_DENSIFY_STEP) : 0;
    if (k === 0) {
      this.piece(P0, END, dx, dy);
      return;
    }
    const tm = this.tm;
    const r = this.rec;
    const forward = X1 < X2 || (X1 === X2 && y1 <= y2);
    const ox = forward ? X1 : X2;
    const oy = forward ? y1 : y2;
    const ddx = forward ? dx : -dx;
    const ddy = forward ? dy : -dy;
    const m = k + 1;
    let px = X1;
    let py = y1;
    let p = P0;
    let q = P1;
    for (let j = 1; j < m; j++) {
      const t = (forward ? j : m - j) / m;
      const qx = ox + t * ddx;
      const qy = oy + t * ddy;
      tm.inverseForArea(qx, qy, r, q);
      this.piece(p, q, qx - px, qy - py);
      const swap = p;
      p = q;
      q = swap;
      px = qx;
      py = qy;
    }
    this.piece(p, END, X2 - px, y2 - py);
  }

  /**
   * Adds the directed edge (x1, y1) → (x2, y2), projected coordinates with the false easting, densified by
   * the national rule (⌊len/70⌋ interior points when len > 70 m).
   */
  addEdge(x1: number, y1: number, x2: number, y2: number): void {
    const tm = this.tm;
    const r = this.rec;
    const X1 = x1 - this.fe;
    const X2 = x2 - this.fe;
    if (x1 === this.lastX && y1 === this.lastY) this.copy(CACHE, P0);
    else tm.inverseForAreaMemo(X1, y1, r, P0);
    if (this.refL !== this.refL) this.refL = r[P0 + 1]!;
    tm.inverseForAreaMemo(X2, y2, r, END);
    this.copy(END, CACHE);
    this.lastX = x2;
    this.lastY = y2;
    this.edge(X1, y1, X2, y2);
  }

  /** Adds the edges of the open ring with vertices `start..end-1` (vertex indices into interleaved `coords`). */
  addRing(coords: Float64Array, start: number, end: number): void {
    if (end - start < 3) return;
    const tm = this.tm;
    const r = this.rec;
    const fe = this.fe;
    const X0 = coords[2 * start]! - fe;
    const y0 = coords[2 * start + 1]!;
    tm.inverseForAreaMemo(X0, y0, r, FIRST);
    if (this.refL !== this.refL) this.refL = r[FIRST + 1]!;
    this.copy(FIRST, END);
    let px = X0;
    let py = y0;
    for (let i = start + 1; i <= end; i++) {
      this.copy(END, P0);
      let qx: number;
      let qy: number;
      if (i < end) {
        qx = coords[2 * i]! - fe;
        qy = coords[2 * i + 1]!;
        tm.inverseForAreaMemo(qx, qy, r, END);
      } else {
        qx = X0;
        qy = y0;
        this.copy(FIRST, END);
      }
      this.edge(px, py, qx, qy);
      px = qx;
      py = qy;
    }
    // The ring's last end point is its first vertex: keep the edge cache consistent for addEdge.
    this.copy(FIRST, CACHE);
    this.lastX = coords[2 * start]!;
    this.lastY = y0;
  }
}

/**
 * Signed ellipsoidal area (m², positive counter-clockwise) of the open ring with vertices `start..end-1` of
 * interleaved projected `coords`.
 *
 * @example
 * const ring = Float64Array.of(39_500_000, 3_900_000, 39_500_100, 3_900_000, 39_500_100, 3_900_100, 39_500_000, 3_900_100);
 * ellipsoidRingArea(ring, 0, 4, { ellipsoid: CGCS2000_ELLIPSOID, falseEasting: 39_500_000 }); // ≈ 9 999.6
 */
export function ellipsoidRingArea(coords: Float64Array, start: number, end: number, params: EllipsoidAreaParams): number {
  const acc = new EllipsoidalAreaAccumulator(params);
  acc.addRing(coords, start, end);
  return acc.signedArea();
}

function resolveParams(layer: Layer, options: EllipsoidAreaOptions | undefined): EllipsoidAreaParams {
  const crs = layer.crs;
  if (crs === null) {
    if (options?.ellipsoid !== undefined && options.falseEasting !== undefined) {
      return { ellipsoid: options.ellipsoid, falseEasting: options.falseEasting, method: options.method ?? 'exact' };
    }
    throw new CrsError(
      `layer "${layer.name}" has no coordinate reference system; ellipsoidal area needs a Gauss–Krüger CRS ` +
        '(declare it, e.g. EPSG:4527, or pass ellipsoid and falseEasting)',
    );
  }
  if (crs.kind !== 'projected') {
    throw new CrsError(
      `ellipsoidal area by the national rule needs Gauss–Krüger coordinates in metres, but layer "${layer.name}" ` +
        `is in ${crs.name} (longitude/latitude); project it to its Gauss–Krüger zone first`,
    );
  }
  const falseEasting = options?.falseEasting ?? crs.falseEasting;
  if (falseEasting === undefined) {
    throw new CrsError(`CRS ${crs.name} of layer "${layer.name}" has no false easting; pass options.falseEasting`);
  }
  return { ellipsoid: options?.ellipsoid ?? crs.ellipsoid, falseEasting, method: options?.method ?? 'exact' };
}

function featureArea(layer: Layer, f: number, acc: EllipsoidalAreaAccumulator, sum: CompensatedSum): number {
  const { coords, ringOffsets, polygonOffsets, featureOffsets } = layer;
  sum.reset();
  for (let p = featureOffsets[f]!; p < featureOffsets[f + 1]!; p++) {
    const r0 = polygonOffsets[p]!;
    for (let r = r0; r < polygonOffsets[p + 1]!; r++) {
      acc.reset();
      acc.addRing(coords, ringOffsets[r]!, ringOffsets[r + 1]!);
      const a = Math.abs(acc.signedArea());
      sum.add(r === r0 ? a : -a);
    }
  }
  return sum.value;
}

/**
 * Ellipsoidal area of every feature, m² (Σ|exteriors| − Σ|holes|), by the national rule with the curvature
 * correction (see the module comment; `method: 'national'` for the rule as written). The layer must be in
 * a Gauss–Krüger CRS.
 *
 * @example
 * const m2 = ellipsoidArea(layer);            // Float64Array, one entry per feature
 * const mu = Array.from(m2, (a) => roundHalfAwayFromZero(toMu(a), 2));
 */
export function ellipsoidArea(layer: Layer, options?: EllipsoidAreaOptions): Float64Array {
  const acc = new EllipsoidalAreaAccumulator(resolveParams(layer, options));
  const sum = new CompensatedSum();
  const out = new Float64Array(layer.featureCount);
  for (let f = 0; f < layer.featureCount; f++) out[f] = featureArea(layer, f, acc, sum);
  return out;
}

/**
 * Ellipsoidal area of one feature, m², as in {@link ellipsoidArea}.
 *
 * @example
 * featureEllipsoidArea(layer, 0);
 */
export function featureEllipsoidArea(layer: Layer, featureIndex: number, options?: EllipsoidAreaOptions): number {
  if (!(Number.isInteger(featureIndex) && featureIndex >= 0 && featureIndex < layer.featureCount)) {
    throw new InputError(`feature index must be an integer in [0, ${layer.featureCount}), got ${featureIndex}`);
  }
  const acc = new EllipsoidalAreaAccumulator(resolveParams(layer, options));
  return featureArea(layer, featureIndex, acc, new CompensatedSum());
}

/**
 * Total ellipsoidal area of a layer, m² (compensated sum of the features' areas).
 *
 * @example
 * layerEllipsoidArea(layer);
 */
export function layerEllipsoidArea(layer: Layer, options?: EllipsoidAreaOptions): number {
  const areas = ellipsoidArea(layer, options);
  const total = new CompensatedSum();
  for (let f = 0; f < areas.length; f++) total.add(areas[f]!);
  return total.value;
}
