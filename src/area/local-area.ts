/**
 * Ellipsoidal area of small regions of the Gauss–Krüger plane by a local area-scale polynomial.
 *
 * The ellipsoidal area of a region R of the projected plane is ∫∫_R s(x, y) dx dy, with s = 1/k² the area
 * scale of the (conformal) projection at each point (TransverseMercator.areaScale). Over a box of half-size h
 * s varies by about 2·|x|·h/R² (x from the central meridian, R the Earth's radius: ~1e-5 of itself for
 * h = 1 km, x = 300 km) and is smooth on the scale of R, so the biquadratic polynomial p that interpolates s
 * at the 3 × 3 points {−h, 0, h}² of the box is within ~h³·|∂³s| ≈ 8|x|h³/R⁴ ≈ 1e-12 of it (h = 1 km,
 * x = 330 km, the edge of a 6° zone), and ∫∫_R p is the area to that accuracy. By Green's theorem
 * ∫∫_R p dx dy = ∮_∂R P dy with ∂P/∂x = p; P is a polynomial, so each straight boundary piece contributes an
 * exact integral, computed here as (the constant part, s at the centre) × the shoelace trapezoid of the piece
 * plus a 3-point Gauss–Legendre rule for the rest (exact: the rest has degree 5 along the piece).
 *
 * What this replaces, the national strip rule with its curvature correction (ellipsoidal.ts), computes the
 * same quantity — the ellipsoidal area of the polygon whose edges are straight in the Gauss–Krüger plane —
 * with an inverse projection per piece end; here nine inverse projections serve a whole overlay patch, and a
 * piece costs a few multiplications. The two agree to ~1e-12 relative (test/area/local-area.test.ts). Used
 * only for regions inside a box of half-size ≤ {@link LOCAL_AREA_MAX_HALF_SIZE}; larger boxes keep the strip
 * rule.
 */
import type { TransverseMercator } from '../crs/transverse-mercator.js';

/** Largest half-size (m) of a box the polynomial is used for: its error is ~1e-12 of the area there. */
export const LOCAL_AREA_MAX_HALF_SIZE = 1000;

// 3-point Gauss–Legendre on [0, 1]: nodes ½ ∓ ½√(3/5), ½; weights 5/18, 8/18, 5/18.
const GL_T0 = 0.5 - 0.5 * Math.sqrt(0.6);
const GL_T2 = 0.5 + 0.5 * Math.sqrt(0.6);
const GL_W0 = 5 / 18;
const GL_W1 = 8 / 18;

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
  /** p(u, v) = Σ c[3i + j]·uⁱ·vʲ, u = (x − xc)/h, v = (y − yc)/h. */
  private readonly c = new Float64Array(9);
  private readonly s = new Float64Array(9);
  private readonly q = new Float64Array(9);

  constructor(
    private readonly tm: TransverseMercator,
    private readonly falseEasting: number,
  ) {}

  /**
   * Fits the polynomial to the box [x0, x1] × [y0, y1] (projected, with false easting); false, and nothing
   * changed, when the box is too large (half-size above {@link LOCAL_AREA_MAX_HALF_SIZE}) or not finite.
   */
  fit(x0: number, y0: number, x1: number, y1: number): boolean {
    const h = Math.max(x1 - x0, y1 - y0) / 2;
    if (!(h <= LOCAL_AREA_MAX_HALF_SIZE)) return false;
    const xc = (x0 + x1) / 2;
    const yc = (y0 + y1) / 2;
    const hh = h > 0 ? h : 1;
    const s = this.s;
    const X = xc - this.falseEasting;
    for (let a = 0; a < 3; a++) for (let b = 0; b < 3; b++) s[3 * a + b] = this.tm.areaScale(X + (a - 1) * hh, yc + (b - 1) * hh);
    // Tensor-product interpolation on {−1, 0, 1}: values A, B, C at −1, 0, 1 give B + (C − A)/2·t +
    // (A − 2B + C)/2·t², first along v for each u-node, then along u.
    const c = this.c;
    const q = this.q; // q[3a + j]: coefficient of v^j at u-node a
    for (let a = 0; a < 3; a++) {
      const A = s[3 * a];
      const B = s[3 * a + 1];
      const C = s[3 * a + 2];
      q[3 * a] = B;
      q[3 * a + 1] = (C - A) / 2;
      q[3 * a + 2] = (A - 2 * B + C) / 2;
    }
    for (let j = 0; j < 3; j++) {
      const A = q[j];
      const B = q[3 + j];
      const C = q[6 + j];
      c[j] = B;
      c[3 + j] = (C - A) / 2;
      c[6 + j] = (A - 2 * B + C) / 2;
    }
    this.xc = xc;
    this.yc = yc;
    this.h = hh;
    return true;
  }

  /** ∫ of P − c₀₀·u along v at one point (u, v): Σ_{(i,j)≠(0,0)} c_ij·u^(i+1)/(i+1)·vʲ. */
  private rest(u: number, v: number): number {
    const c = this.c;
    const u2 = u * u;
    const pv0 = c[1] * v + c[2] * v * v; // i = 0 without the constant
    const pv1 = c[3] + (c[4] + c[5] * v) * v;
    const pv2 = c[6] + (c[7] + c[8] * v) * v;
    return u * pv0 + (u2 / 2) * pv1 + ((u2 * u) / 3) * pv2;
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
    const ih = 1 / this.h;
    const ua = ax * ih;
    const va = ay * ih;
    const du = (bx - ax) * ih;
    const dv = (by - ay) * ih;
    const r =
      GL_W0 * this.rest(ua + GL_T0 * du, va + GL_T0 * dv) +
      GL_W1 * this.rest(ua + 0.5 * du, va + 0.5 * dv) +
      GL_W0 * this.rest(ua + GL_T2 * du, va + GL_T2 * dv);
    const v = this.c[0] * trap + this.h * this.h * r * dv;
    return swap ? -v : v;
  }
}
