/**
 * Ellipsoidal area of small regions of the Gauss–Krüger plane by a local area-scale polynomial.
 *
 * The ellipsoidal area of a region R of the projected plane is ∫∫_R s(x, y) dx dy, with s = 1/k² the area
 * scale of the (conformal) projection at each point (TransverseMercator.areaScale). Over a box of half-size h
 * s varies by about 2·|x|·h/R² (x from the central meridian, R the Earth's radius: ~1e-5 of itself for
 * h = 1 km, x = 300 km) and is smooth on the scale of R, so the quadratic polynomial p that interpolates s
 * at six points of the box — its centre, the midpoints of its sides, one corner — is within ~h³·|∂³s| ≈
 * 8|x|h³/R⁴ ≈ 1e-12 of it (h = 1 km, x = 330 km, the edge of a 6° zone; the terms u²v, uv², u²v² it leaves
 * out are smaller still, ≲ 1e-13, as s depends on y only through the latitude), and ∫∫_R p is the area to that accuracy. By Green's theorem
 * ∫∫_R p dx dy = ∮_∂R P dy with ∂P/∂x = p; P is a polynomial, so each straight boundary piece contributes an
 * exact integral, computed here as (the constant part, s at the centre) × the shoelace trapezoid of the piece
 * plus a 2-point Gauss–Legendre rule for the rest (exact: the rest is a cubic along the piece).
 *
 * What this replaces, the national strip rule with its curvature correction (ellipsoidal.ts), computes the
 * same quantity — the ellipsoidal area of the polygon whose edges are straight in the Gauss–Krüger plane —
 * with an inverse projection per piece end; here six inverse projections serve a whole overlay patch, and a
 * piece costs a few multiplications. The two agree to ~1e-12 relative (test/area/local-area.test.ts). Used
 * only for regions inside a box of half-size ≤ {@link LOCAL_AREA_MAX_HALF_SIZE}; larger boxes keep the strip
 * rule.
 */
import type { TransverseMercator } from '../crs/transverse-mercator.js';

/** Largest half-size (m) of a box the polynomial is used for: its error is ~1e-12 of the area there. */
export const LOCAL_AREA_MAX_HALF_SIZE = 1000;

// 2-point Gauss–Legendre on [0, 1], exact for the cubic the integrand is along a piece: nodes ½ ∓ ½/√3, weights ½.
const GL_T0 = 0.5 - 0.5 / Math.sqrt(3);
const GL_T1 = 0.5 + 0.5 / Math.sqrt(3);

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
  /** p(u, v) = Σ c[3i + j]·uⁱ·vʲ, u = (x − xc)/h, v = (y − yc)/h; a quadratic (c[5], c[7], c[8] stay 0). */
  private readonly c = new Float64Array(9);

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
    const X = xc - this.falseEasting;
    const ts = this.tm;
    // Six values fix a full quadratic: the centre, the four edge midpoints, one corner (for the uv term).
    const s00 = ts.areaScale(X, yc);
    const sE = ts.areaScale(X + hh, yc);
    const sW = ts.areaScale(X - hh, yc);
    const sN = ts.areaScale(X, yc + hh);
    const sS = ts.areaScale(X, yc - hh);
    const sNE = ts.areaScale(X + hh, yc + hh);
    const c = this.c;
    c.fill(0);
    c[0] = s00;
    c[3] = (sE - sW) / 2; // u
    c[6] = (sE - 2 * s00 + sW) / 2; // u²
    c[1] = (sN - sS) / 2; // v
    c[2] = (sN - 2 * s00 + sS) / 2; // v²
    c[4] = sNE - s00 - c[3] - c[6] - c[1] - c[2]; // uv
    this.xc = xc;
    this.yc = yc;
    this.h = hh;
    return true;
  }

  /** P − c₀₀·u at (u, v), P = ∫p du: c₀₁·u·v + c₀₂·u·v² + c₁₀·u²/2 + c₁₁·u²v/2 + c₂₀·u³/3 — a cubic. */
  private rest(u: number, v: number): number {
    const c = this.c;
    return u * v * (c[1] + c[2] * v) + ((u * u) / 2) * (c[3] + c[4] * v) + ((u * u * u) / 3) * c[6];
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
    const r = 0.5 * (this.rest(ua + GL_T0 * du, va + GL_T0 * dv) + this.rest(ua + GL_T1 * du, va + GL_T1 * dv));
    const v = this.c[0] * trap + this.h * this.h * r * dv;
    return swap ? -v : v;
  }
}
