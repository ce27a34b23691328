/**
 * Ellipsoidal area of small regions of the Gauss–Krüger plane by a local area-scale polynomial.
 *
 * The ellipsoidal area of a region R of the projected plane is ∫∫_R s(x, y) dx dy, with s = 1/k² the area
 * scale of the (conformal) projection at each point (TransverseMercator.areaScale). Over a box of half-size h
 * s varies by about 2·|x|·h/R² (x from the central meridian, R the Earth's radius: ~1e-5 of itself for
 * h = 1 km, x = 300 km) and is smooth on the scale of R, so its second-order Taylor polynomial p at the box's
 * centre is within ~h³·|∂³s| ≈ 8|x|h³/R⁴ ≈ 1e-12 of it (h = 1 km, x = 330 km, the edge of a 6° zone), and
 * ∫∫_R p is the area to that accuracy. By Green's theorem ∫∫_R p dx dy = ∮_∂R P dy with ∂P/∂x = p; P is a
 * polynomial, so each straight boundary piece contributes an exact integral, computed here as (the constant
 * part, s at the centre) × the shoelace trapezoid of the piece plus a 2-point Gauss–Legendre rule for the rest
 * (exact: the rest is a cubic along the piece).
 *
 * p's coefficients — s, its gradient and Hessian at the centre — come from the bicubic interpolant of s
 * tabulated on a 1 km lattice (filled tile by tile, 19 × 19 exact values each, on first use), which is
 * within ~2e-16 of s and whose derivatives are far more accurate than the area needs: a patch costs no
 * inverse projection once its tile is filled.
 *
 * What this replaces, the national strip rule with its curvature correction (ellipsoidal.ts), computes the
 * same quantity — the ellipsoidal area of the polygon whose edges are straight in the Gauss–Krüger plane —
 * with an inverse projection per piece end; here a piece costs a few multiplications. The local polynomial is
 * the closer of the two to an independent high-precision reference (test/area/local-area.test.ts). Used only
 * for regions inside a box of half-size ≤ {@link LOCAL_AREA_MAX_HALF_SIZE}; larger boxes keep the strip rule.
 */
import type { TransverseMercator } from '../crs/transverse-mercator.js';

/** Largest half-size (m) of a box the polynomial is used for: its error is ~1e-12 of the area there. */
export const LOCAL_AREA_MAX_HALF_SIZE = 1000;

// 2-point Gauss–Legendre on [0, 1], exact for the cubic the integrand is along a piece: nodes ½ ∓ ½/√3, weights ½.
const GL_T0 = 0.5 - 0.5 / Math.sqrt(3);
const GL_T1 = 0.5 + 0.5 / Math.sqrt(3);

/** Lattice step of the tabulated area scale, metres. */
const SCALE_STEP = 1000;
/** Lattice cells per tile side; a tile stores TILE + 3 nodes per side (one before, two after) for the stencils. */
const TILE = 16;
const TILE_NODES = TILE + 3;

const THIRD = 1 / 3;
const SIXTH = 1 / 6;

/**
 * The cubic through f(−1), f(0), f(1), f(2) at t ∈ [0, 1): value, first and second derivative (per unit of t),
 * into out[0..3).
 */
function cubic(fm: number, f0: number, f1: number, f2: number, t: number, out: Float64Array): void {
  // Thirds and sixths by multiplication: seven cubics make a fit, one fit a patch, and a division costs about four
  // multiplications; the difference is an ulp of the area scale.
  const a1 = -fm * THIRD - f0 * 0.5 + f1 - f2 * SIXTH;
  const a2 = fm * 0.5 - f0 + f1 * 0.5;
  const a3 = (f2 - fm) * SIXTH + (f0 - f1) * 0.5;
  out[0] = f0 + t * (a1 + t * (a2 + t * a3));
  out[1] = a1 + t * (2 * a2 + 3 * t * a3);
  out[2] = 2 * a2 + 6 * t * a3;
}

/**
 * The tiles of the area scale of one projection (ellipsoid and false easting), shared by every LocalArea of it in
 * this thread: the values depend on nothing else, and an overlay makes a new measure per call, so that a county's
 * ~10 tiles (3 600 inverse projections) would otherwise be tabulated again by every table function. A tile is
 * 2.9 kB; a county needs tens of them.
 */
function tilesOf(tm: TransverseMercator, falseEasting: number): Map<number, Float64Array> {
  let byEasting = TILE_CACHE.get(tm);
  if (byEasting === undefined) TILE_CACHE.set(tm, (byEasting = new Map()));
  let tiles = byEasting.get(falseEasting);
  if (tiles === undefined) byEasting.set(falseEasting, (tiles = new Map()));
  return tiles;
}
const TILE_CACHE = new WeakMap<TransverseMercator, Map<number, Map<number, Float64Array>>>();

/**
 * The area-scale polynomial of one box and the area terms of directed pieces inside it.
 *
 * @example
 * const local = new LocalArea(TransverseMercator.for(CGCS2000_ELLIPSOID), 39_500_000);
 * local.fit(39_600_000, 3_900_000, 39_600_100, 3_900_100);
 * const a = local.term(x1, y1, x2, y2) + local.term(x2, y2, x3, y3) + local.term(x3, y3, x1, y1); // m², CCW > 0
 */
export class LocalArea {
  /** Centre of the box (projected coordinates, false easting included) and half-size h. */
  private xc = 0;
  private yc = 0;
  private h = 1;
  /** 1/h, so that a term multiplies instead of dividing (a division is ~4× a multiplication's latency). */
  private ih = 1;
  /** p(u, v) = Σ c[3i + j]·uⁱ·vʲ, u = (x − xc)/h, v = (y − yc)/h; a quadratic (c[5], c[7], c[8] stay 0). */
  private readonly c = new Float64Array(9);
  /** The coefficients of P − c₀₀·u (see {@link rest}) with its constant divisors applied: c₁₀/2, c₁₁/2, c₂₀/3. */
  private k10 = 0;
  private k11 = 0;
  private k20 = 0;
  /** The area scale on a lattice of SCALE_STEP metres, by tiles, filled on first use (shared, see tilesOf). */
  private readonly tiles: Map<number, Float64Array>;
  private lastKey = NaN;
  private lastTile: Float64Array = new Float64Array(0);
  private readonly f0 = new Float64Array(4);
  private readonly f1 = new Float64Array(4);
  private readonly f2 = new Float64Array(4);
  /** The box of a {@link fit} call, handed to fitBox. */
  private readonly box = new Float64Array(4);
  private readonly d = new Float64Array(3);

  constructor(
    private readonly tm: TransverseMercator,
    private readonly falseEasting: number,
  ) {
    this.tiles = tilesOf(tm, falseEasting);
  }

  /**
   * Fits the polynomial to the box [x0, x1] × [y0, y1] (projected, with false easting); false, and nothing
   * changed, when the box is too large (half-size above {@link LOCAL_AREA_MAX_HALF_SIZE}) or not finite.
   */
  fit(x0: number, y0: number, x1: number, y1: number): boolean {
    const box = this.box;
    box[0] = x0;
    box[1] = y0;
    box[2] = x1;
    box[3] = y1;
    return this.fitBox(box);
  }

  /**
   * {@link fit} to the box [box[0], box[2]] × [box[1], box[3]], read from the array: an overlay fits once per patch,
   * and V8 boxes each floating-point argument of a call it does not inline in a heap number.
   */
  fitBox(box: Float64Array): boolean {
    const x0 = box[0];
    const y0 = box[1];
    const x1 = box[2];
    const y1 = box[3];
    const h = Math.max(x1 - x0, y1 - y0) / 2;
    if (!(h <= LOCAL_AREA_MAX_HALF_SIZE)) return false;
    const xc = (x0 + x1) / 2;
    const yc = (y0 + y1) / 2;
    const hh = h > 0 ? h : 1;
    this.xc = xc;
    this.yc = yc;
    this.h = hh;
    this.ih = 1 / hh;
    this.expand();
    const c = this.c;
    this.k10 = c[3] / 2;
    this.k11 = c[4] / 2;
    this.k20 = c[6] / 3;
    return true;
  }

  /**
   * The second-order Taylor expansion of the area scale at the window's centre (X, y) (X = xc without false
   * easting) in u = dx/h, v = dy/h, into c: value, gradient and Hessian of the bicubic interpolant of the tabulated scale (4 × 4 nodes
   * around the point). On a 1 km lattice the interpolant is within ~D⁴·|∂⁴s|/24 ≈ 2e-16 of the scale, its first
   * and second derivatives within ~1e-19 /m and ~1e-22 /m² — far below what the area needs — so no inverse
   * projection is made per patch once the tile around it is filled.
   */
  private expand(): void {
    // The window from the fields fit has just set, not as arguments: expand is too large for V8 to inline, and every
    // number passed to a call it does not inline is boxed in a heap number (once per overlay).
    const X = this.xc - this.falseEasting;
    const y = this.yc;
    const h = this.h;
    const gx = X / SCALE_STEP;
    const gy = y / SCALE_STEP;
    const ix = Math.floor(gx);
    const iy = Math.floor(gy);
    const t = gx - ix;
    const r = gy - iy;
    const tx = Math.floor(ix / TILE);
    const ty = Math.floor(iy / TILE);
    const tile = this.tile(tx, ty);
    // Stencil nodes ix − 1 … ix + 2 (columns) and iy − 1 … iy + 2 (rows) in the tile, which starts at node
    // (tx·TILE − 1, ty·TILE − 1).
    const col = ix - tx * TILE;
    const row = iy - ty * TILE;
    // Along x for each stencil row: value, first and second derivative (per lattice step) of the cubic.
    const f0 = this.f0;
    const f1 = this.f1;
    const f2 = this.f2;
    for (let j = 0; j < 4; j++) {
      const o = (row + j) * TILE_NODES + col;
      cubic(tile[o], tile[o + 1], tile[o + 2], tile[o + 3], t, this.d);
      f0[j] = this.d[0];
      f1[j] = this.d[1];
      f2[j] = this.d[2];
    }
    const d = this.d;
    const c = this.c;
    cubic(f0[0], f0[1], f0[2], f0[3], r, d);
    const s = d[0];
    const sy = d[1];
    const syy = d[2];
    cubic(f1[0], f1[1], f1[2], f1[3], r, d);
    const sx = d[0];
    const sxy = d[1];
    cubic(f2[0], f2[1], f2[2], f2[3], r, d);
    const sxx = d[0];
    const k = h / SCALE_STEP;
    c[0] = s;
    c[3] = sx * k; // u
    c[6] = (sxx * k * k) / 2; // u²
    c[1] = sy * k; // v
    c[2] = (syy * k * k) / 2; // v²
    c[4] = sxy * k * k; // uv
  }

  /** The tabulated area scale of tile (tx, ty): nodes (tx·TILE − 1 …, ty·TILE − 1 …), TILE_NODES per row. */
  private tile(tx: number, ty: number): Float64Array {
    const key = tx * 1_048_576 + ty;
    if (key === this.lastKey) return this.lastTile;
    let tile = this.tiles.get(key);
    if (tile === undefined) {
      tile = new Float64Array(TILE_NODES * TILE_NODES);
      for (let b = 0; b < TILE_NODES; b++) {
        for (let a = 0; a < TILE_NODES; a++) {
          tile[b * TILE_NODES + a] = this.tm.areaScale((tx * TILE - 1 + a) * SCALE_STEP, (ty * TILE - 1 + b) * SCALE_STEP);
        }
      }
      this.tiles.set(key, tile);
    }
    this.lastKey = key;
    this.lastTile = tile;
    return tile;
  }

  /**
   * P − c₀₀·u at (u, v), P = ∫p du: c₀₁·u·v + c₀₂·u·v² + c₁₀·u²/2 + c₁₁·u²v/2 + c₂₀·u³/3 — a cubic, in Horner
   * form with the divisions done once per fit.
   */
  private rest(u: number, v: number): number {
    const c = this.c;
    return u * (v * (c[1] + c[2] * v) + u * (this.k10 + this.k11 * v + u * this.k20));
  }

  /**
   * Area term of the directed piece (x1, y1) → (x2, y2) (inside the fitted box): summed over closed boundaries
   * it is the ellipsoidal area, m², counter-clockwise positive. A piece and its reverse give exactly opposite
   * terms (the Gauss points are taken from the lexicographically smaller end).
   */
  term(x1: number, y1: number, x2: number, y2: number): number {
    const swap = x1 > x2 || (x1 === x2 && y1 > y2);
    // Local coordinates: exact differences (Sterbenz) for points near the centre.
    const ax = (swap ? x2 : x1) - this.xc;
    const ay = (swap ? y2 : y1) - this.yc;
    const bx = (swap ? x1 : x2) - this.xc;
    const by = (swap ? y1 : y2) - this.yc;
    const trap = 0.5 * (ax + bx) * (by - ay);
    const ih = this.ih;
    const ua = ax * ih;
    const va = ay * ih;
    const du = (bx - ax) * ih;
    const dv = (by - ay) * ih;
    const r = 0.5 * (this.rest(ua + GL_T0 * du, va + GL_T0 * dv) + this.rest(ua + GL_T1 * du, va + GL_T1 * dv));
    const v = this.c[0] * trap + this.h * this.h * r * dv;
    return swap ? -v : v;
  }
}
