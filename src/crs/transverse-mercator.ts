/**
 * Gauss–Krüger projection (transverse Mercator with scale 1 on the central meridian), forward and inverse,
 * accurate to a few nanometres within the 3°/6° zones used in China.
 *
 * Method: C. F. F. Karney, "Transverse Mercator with an accuracy of a few nanometers", J. Geodesy 85(8),
 * 475–485 (2011), doi:10.1007/s00190-011-0445-3 — Krüger's series in the third flattening n, carried to
 * order n⁶, evaluated with complex Clenshaw summation; the conformal latitude is
 * computed in closed form from τ = tan φ; the inverse goes back from conformal to
 * geodetic latitude with an n⁶ trigonometric series (see `chiToPhi`), cross-checked against Newton's method
 * (as in the paper).
 * The paper reports the series errors below 5 nm within 3 900 km of the central meridian, far beyond the
 * ≤ 3.5° used here; the tests find ≤ 4 nm against proj4js.
 *
 * Conventions: angles are radians in the `*Radians` methods (latitude φ, and longitude λ measured FROM the
 * central meridian); x is easting with the false easting already removed, y is northing (false northing 0).
 * The batch methods take and give degrees and full eastings, and allocate nothing per point.
 */
import type { Ellipsoid } from './types.js';

/** Options of the batch methods: where the zone is. */
export interface GaussKrugerZone {
  /** Central meridian, degrees east. */
  readonly centralMeridian: number;
  /** False easting in metres, including any zone prefix (e.g. 39 500 000). Default 0. */
  readonly falseEasting?: number;
}

const DEG = Math.PI / 180;
const MEMO_BITS = 14;
const MEMO_SIZE = 1 << MEMO_BITS;

/**
 * One ellipsoid's transverse Mercator constants. Build with {@link TransverseMercator.for} (cached per
 * ellipsoid) and reuse: all series coefficients are computed once here.
 *
 * @example
 * const tm = TransverseMercator.for(CGCS2000_ELLIPSOID);
 * const out = new Float64Array(2);
 * tm.inverseRadians(12_345.678, 3_941_199.552, out, 0); // out = [φ, λ − λ0] in radians
 */
/** What inverseCore computes: φ and λ; also sin φ, cos φ and K (three terms of S′); sin φ, cos φ and K (all six), no angles. */
const INV_ANGLES = 0;
const INV_AREA = 1;
const INV_SCALE = 2;

export class TransverseMercator {
  readonly a: number;
  readonly f: number;
  /** First eccentricity squared e² = f(2 − f). */
  readonly e2: number;
  /** First eccentricity e. */
  readonly e: number;
  /** 1 − e². */
  readonly e2m: number;
  /** Third flattening n = f / (2 − f). */
  readonly n: number;
  /** Rectifying radius A = a/(1+n)·(1 + n²/4 + n⁴/64 + n⁶/256) (Karney 2011), k0 = 1. */
  readonly rectifyingRadius: number;
  /** Krüger α₁…α₆ (forward, conformal → rectifying), index 0 unused. Karney 2011. */
  private readonly alp = new Float64Array(7);
  /** Krüger β₁…β₆ (inverse), index 0 unused. Karney 2011. */
  private readonly bet = new Float64Array(7);
  /**
   * d₁…d₆ of φ = χ + Σ d_j sin 2jχ (geodetic from conformal latitude), index 0 unused. Series in n to
   * order n⁶ as given by G. Engsager & K. Poder, "A highly accurate world wide algorithm for the transverse
   * Mercator mapping (almost)", Proc. XXIII Int. Cartographic Conf. (2007); we checked every coefficient
   * against a 60-digit numerical inversion of χ(φ) (the residual scales as n⁷). Truncation error for
   * CGCS2000 (n ≈ 0.00168): < 1e-17 rad. The exact Newton inversion {@link TransverseMercator.tauf}
   * (Karney 2011) is kept for tests.
   */
  private readonly chiToPhi = new Float64Array(7);
  // β₁…β₆ again as plain fields, for the unrolled hot loop of the inverse.
  private readonly be1: number;
  private readonly be2: number;
  private readonly be3: number;
  private readonly be4: number;
  private readonly be5: number;
  private readonly be6: number;
  // d₁…d₆ as plain fields (see chiToPhi).
  private readonly cp1: number;
  private readonly cp2: number;
  private readonly cp3: number;
  private readonly cp4: number;
  private readonly cp5: number;
  private readonly cp6: number;
  /** Scratch for complex Clenshaw results (real, imaginary), so hot loops allocate nothing. */
  private readonly tmp = new Float64Array(2);

  private static readonly cache = new Map<string, TransverseMercator>();

  /** The (cached) transverse Mercator constants of an ellipsoid. */
  static for(ellipsoid: Pick<Ellipsoid, 'a' | 'f'>): TransverseMercator {
    const key = `${ellipsoid.a}/${ellipsoid.f}`;
    let tm = TransverseMercator.cache.get(key);
    if (tm === undefined) {
      tm = new TransverseMercator(ellipsoid.a, ellipsoid.f);
      TransverseMercator.cache.set(key, tm);
    }
    return tm;
  }

  constructor(a: number, f: number) {
    if (!(a > 0) || !(f > 0 && f < 0.1)) {
      throw new RangeError(`transverse Mercator needs an oblate ellipsoid with a > 0 and 0 < f < 0.1, got a = ${a}, f = ${f}`);
    }
    this.a = a;
    this.f = f;
    this.e2 = f * (2 - f);
    this.e = Math.sqrt(this.e2);
    this.e2m = 1 - this.e2;
    const n = f / (2 - f);
    this.n = n;
    const n2 = n * n;
    this.rectifyingRadius = (a / (1 + n)) * (1 + n2 * (1 / 4 + n2 * (1 / 64 + n2 / 256)));

    // Karney (2011): α_j as polynomials in n, to order n⁶, Horner form.
    const al = this.alp;
    al[1] = n * (1 / 2 + n * (-2 / 3 + n * (5 / 16 + n * (41 / 180 + n * (-127 / 288 + n * (7891 / 37800))))));
    al[2] = n2 * (13 / 48 + n * (-3 / 5 + n * (557 / 1440 + n * (281 / 630 + n * (-1983433 / 1935360)))));
    al[3] = n2 * n * (61 / 240 + n * (-103 / 140 + n * (15061 / 26880 + n * (167603 / 181440))));
    al[4] = n2 * n2 * (49561 / 161280 + n * (-179 / 168 + n * (6601661 / 7257600)));
    al[5] = n2 * n2 * n * (34729 / 80640 + n * (-3418889 / 1995840));
    al[6] = n2 * n2 * n2 * (212378941 / 319334400);
    // Karney (2011): β_j.
    const be = this.bet;
    be[1] = n * (1 / 2 + n * (-2 / 3 + n * (37 / 96 + n * (-1 / 360 + n * (-81 / 512 + n * (96199 / 604800))))));
    be[2] = n2 * (1 / 48 + n * (1 / 15 + n * (-437 / 1440 + n * (46 / 105 + n * (-1118711 / 3870720)))));
    be[3] = n2 * n * (17 / 480 + n * (-37 / 840 + n * (-209 / 4480 + n * (5569 / 90720))));
    be[4] = n2 * n2 * (4397 / 161280 + n * (-11 / 504 + n * (-830251 / 7257600)));
    be[5] = n2 * n2 * n * (4583 / 161280 + n * (-108847 / 3991680));
    be[6] = n2 * n2 * n2 * (20648693 / 638668800);
    this.be1 = be[1]!;
    this.be2 = be[2]!;
    this.be3 = be[3]!;
    this.be4 = be[4]!;
    this.be5 = be[5]!;
    this.be6 = be[6]!;
    const d = this.chiToPhi;
    d[1] = n * (2 + n * (-2 / 3 + n * (-2 + n * (116 / 45 + n * (26 / 45 + n * (-2854 / 675))))));
    d[2] = n2 * (7 / 3 + n * (-8 / 5 + n * (-227 / 45 + n * (2704 / 315 + n * (2323 / 945)))));
    d[3] = n2 * n * (56 / 15 + n * (-136 / 35 + n * (-1262 / 105 + n * (73814 / 2835))));
    d[4] = n2 * n2 * (4279 / 630 + n * (-332 / 35 + n * (-399572 / 14175)));
    d[5] = n2 * n2 * n * (4174 / 315 + n * (-144838 / 6237));
    d[6] = n2 * n2 * n2 * (601676 / 22275);
    this.cp1 = d[1]!;
    this.cp2 = d[2]!;
    this.cp3 = d[3]!;
    this.cp4 = d[4]!;
    this.cp5 = d[5]!;
    this.cp6 = d[6]!;
  }

  /**
   * τ′ = tan χ (conformal latitude) from τ = tan φ, in closed form (Karney 2011):
   * σ = sinh(e·atanh(e·τ/√(1+τ²))), τ′ = τ·√(1+σ²) − σ·√(1+τ²).
   */
  taup(tau: number): number {
    const tau1 = Math.sqrt(1 + tau * tau);
    const sig = Math.sinh(this.e * Math.atanh((this.e * tau) / tau1));
    return Math.sqrt(1 + sig * sig) * tau - sig * tau1;
  }

  /**
   * τ = tan φ from τ′ = tan χ by Newton's method (Karney 2011):
   * dτ′/dτ = (1 − e²)·√(1+τ′²)·√(1+τ²) / (1 + (1 − e²)τ²). Starting from τ′/(1 − e²) it converges
   * quadratically; the loop stops once a step is below 1e-9·max(1,|τ|), after which the error is ~1e-18.
   */
  tauf(taup: number): number {
    const e2m = this.e2m;
    let tau = taup / e2m;
    const stol = 1e-9 * Math.max(1, Math.abs(taup));
    for (let i = 0; i < 8; i++) {
      const tau1 = Math.sqrt(1 + tau * tau);
      const sig = Math.sinh(this.e * Math.atanh((this.e * tau) / tau1));
      const taupa = Math.sqrt(1 + sig * sig) * tau - sig * tau1;
      const dtau = ((taup - taupa) * (1 + e2m * tau * tau)) / (e2m * tau1 * Math.sqrt(1 + taupa * taupa));
      tau += dtau;
      if (!(Math.abs(dtau) >= stol)) break;
    }
    return tau;
  }

  /**
   * Complex Clenshaw sum Σ_{j=1..6} c_j·sin(2j·(ξ + iη)), written to this.tmp as (real, imaginary).
   * With z = 2(ξ + iη): b_j = c_j + 2cos(z)·b_{j+1} − b_{j+2}, and the sum is b_1·sin z.
   */
  private clenshaw(c: Float64Array, xi: number, eta: number): void {
    const s2 = Math.sin(2 * xi);
    const c2 = Math.cos(2 * xi);
    const ex = Math.exp(2 * eta);
    const iex = 1 / ex;
    // sinh 2η from one exp: near η = 0 this has an absolute (not relative) error of ~1e-16, which the
    // coefficients (|c_j| < 1e-3) scale down to ~1e-19 rad, i.e. < 1e-12 m.
    const sh = (ex - iex) / 2;
    const ch2 = (ex + iex) / 2;
    // 2·cos z, complex: cos z = cos2ξ·cosh2η − i·sin2ξ·sinh2η.
    const ar = 2 * c2 * ch2;
    const ai = -2 * s2 * sh;
    let br1 = 0, bi1 = 0; // b_{j+1}
    let br2 = 0, bi2 = 0; // b_{j+2}
    for (let j = 6; j >= 1; j--) {
      const br = ar * br1 - ai * bi1 - br2 + c[j]!;
      const bi = ar * bi1 + ai * br1 - bi2;
      br2 = br1;
      bi2 = bi1;
      br1 = br;
      bi1 = bi;
    }
    // sin z = sin2ξ·cosh2η + i·cos2ξ·sinh2η.
    const sr = s2 * ch2;
    const si = c2 * sh;
    this.tmp[0] = br1 * sr - bi1 * si;
    this.tmp[1] = br1 * si + bi1 * sr;
  }

  /**
   * Inverse projection of one point: x (easting minus false easting, m), y (northing, m) →
   * out[o] = φ, out[o+1] = λ − λ0, radians.
   */
  inverseRadians(x: number, y: number, out: Float64Array, o: number): void {
    this.inverseCore(x, y, out, o, INV_ANGLES);
  }

  /**
   * Inverse projection with what area integration needs (6 slots from `o`): φ, λ − λ0 (radians), sin φ,
   * cos φ, and the complex derivative K = d(ψ + iλ)/d(y + ix) (real part, imaginary part; per metre) of
   * the Mercator coordinates (ψ = isometric latitude) with respect to the projected coordinates. Both maps
   * are conformal, so K is a single complex number: a projected step (dx, dy) moves ψ by Re K·dy − Im K·dx
   * and λ by Re K·dx + Im K·dy.
   */
  inverseForArea(x: number, y: number, out: Float64Array, o: number): void {
    this.inverseCore(x, y, out, o, INV_AREA);
  }

  /**
   * {@link TransverseMercator.inverseForArea} through a small direct-mapped memo (16 384 points, 1 MiB,
   * allocated on first use): in a tessellated layer every vertex is shared by two or three polygons, and
   * neighbours are usually stored near each other, so about half of all inverse projections are repeats
   * (47 % on the reference county's land-use layer). The memo is keyed by the exact (x, y) bits and holds
   * the exact output, so results are identical with or without it.
   */
  inverseForAreaMemo(x: number, y: number, out: Float64Array, o: number): void {
    let keys = this.memoKeys;
    let vals = this.memoVals;
    if (keys === null || vals === null) {
      keys = this.memoKeys = new Float64Array(2 * MEMO_SIZE).fill(NaN);
      vals = this.memoVals = new Float64Array(6 * MEMO_SIZE);
    }
    const bits = this.memoBits;
    bits[0] = x;
    bits[1] = y;
    const w = this.memoWords;
    const h = (Math.imul(w[0]! ^ w[1]!, 0x9e3779b1) ^ Math.imul(w[2]! ^ w[3]!, 0x85ebca77)) >>> (32 - MEMO_BITS);
    const k = 2 * h;
    const v = 6 * h;
    if (keys[k] === x && keys[k + 1] === y) {
      out[o] = vals[v]!;
      out[o + 1] = vals[v + 1]!;
      out[o + 2] = vals[v + 2]!;
      out[o + 3] = vals[v + 3]!;
      out[o + 4] = vals[v + 4]!;
      out[o + 5] = vals[v + 5]!;
      return;
    }
    this.inverseCore(x, y, out, o, INV_AREA);
    keys[k] = x;
    keys[k + 1] = y;
    vals[v] = out[o]!;
    vals[v + 1] = out[o + 1]!;
    vals[v + 2] = out[o + 2]!;
    vals[v + 3] = out[o + 3]!;
    vals[v + 4] = out[o + 4]!;
    vals[v + 5] = out[o + 5]!;
  }

  /**
   * Ellipsoid area per unit of projected area at projected point (x, y) (x without false easting): 1/k², k the
   * point scale. Both Gauss–Krüger and Mercator coordinates (ψ, λ) are conformal and the ellipsoid's area
   * element is (N cos φ)²·dψ·dλ, so the factor is (N cos φ·|K|)², with K = d(ψ + iλ)/d(y + ix) from the
   * inverse — here with all six terms of its series (inverseForArea keeps three), so the factor is good to
   * ~1e-15: it scales whole areas (see src/area/local-area.ts).
   */
  areaScale(x: number, y: number): number {
    const t = this.scaleTmp;
    this.inverseCore(x, y, t, 0, INV_SCALE);
    const s = t[2]!;
    const c = t[3]!;
    const kr = t[4]!;
    const ki = t[5]!;
    return ((this.a * this.a * c * c) / (1 - this.e2 * s * s)) * (kr * kr + ki * ki);
  }

  private readonly scaleTmp = new Float64Array(6);
  private memoKeys: Float64Array | null = null;
  private memoVals: Float64Array | null = null;
  private readonly memoBits = new Float64Array(2);
  private readonly memoWords = new Uint32Array(this.memoBits.buffer);

  /**
   * The inverse, written to need five transcendental calls (sin ξ, cos ξ, expm1 η, two atan2):
   * Karney (2011) with the multiple-angle terms from Chebyshev/Clenshaw recurrences and
   * ξ′ = ξ − δ, η′ = η − ε (|δ|, |ε| < 1e-3) applied by addition theorems with short Taylor series.
   */
  private inverseCore(x: number, y: number, out: Float64Array, o: number, mode: number): void {
    const A = this.rectifyingRadius;
    const xi = y / A;
    const eta = x / A;
    const sx = Math.sin(xi);
    const cx = Math.cos(xi);
    const em = Math.expm1(eta);
    const E = em + 1;
    const sh = (em * (em + 2)) / (2 * E); // sinh η, accurate also for η → 0
    const ch = (E + 1 / E) / 2; // cosh η
    // z = 2ζ = 2(ξ + iη): sin z = sin2ξ·cosh2η + i·cos2ξ·sinh2η, cos z = cos2ξ·cosh2η − i·sin2ξ·sinh2η.
    const s2 = 2 * sx * cx;
    const c2 = (cx - sx) * (cx + sx);
    const sh2 = 2 * sh * ch;
    const ch2 = 1 + 2 * sh * sh;
    const czr = c2 * ch2;
    const czi = -s2 * sh2;
    const ar = 2 * czr;
    const ai = 2 * czi;
    // Clenshaw, unrolled: b_j = β_j + 2cos z·b_{j+1} − b_{j+2} gives S = Σ β_j sin(jz) = b_1 sin z. The
    // same recurrence with 2jβ_j gives S′ = Σ 2jβ_j cos(jz) = d_1 cos z − d_2; for S′ three terms suffice
    // (the rest is < 1e-11 relative, and K only feeds the curvature correction of the area).
    const b1 = this.be1;
    const b2 = this.be2;
    const b3 = this.be3;
    let br1 = this.be6;
    let bi1 = 0;
    let br = ar * br1 + this.be5;
    let bi = ai * br1;
    let br2 = br1;
    let bi2 = bi1;
    br1 = br;
    bi1 = bi;
    br = ar * br1 - ai * bi1 - br2 + this.be4;
    bi = ar * bi1 + ai * br1 - bi2;
    br2 = br1;
    bi2 = bi1;
    br1 = br;
    bi1 = bi;
    br = ar * br1 - ai * bi1 - br2 + b3;
    bi = ar * bi1 + ai * br1 - bi2;
    br2 = br1;
    bi2 = bi1;
    br1 = br;
    bi1 = bi;
    br = ar * br1 - ai * bi1 - br2 + b2;
    bi = ar * bi1 + ai * br1 - bi2;
    br2 = br1;
    bi2 = bi1;
    br1 = br;
    bi1 = bi;
    br = ar * br1 - ai * bi1 - br2 + b1;
    bi = ar * bi1 + ai * br1 - bi2;
    br1 = br;
    bi1 = bi;
    const szr = s2 * ch2;
    const szi = c2 * sh2;
    const dl = br1 * szr - bi1 * szi; // δ = Re S
    const ep = br1 * szi + bi1 * szr; // ε = Im S
    // sin, cos of ξ′ = ξ − δ and sinh, cosh of η′ = η − ε. |δ|, |ε| < 1e-3, so the Taylor series below
    // are exact to far below 1e-20.
    const d2 = dl * dl;
    const sd = dl * (1 - (d2 / 6) * (1 - d2 / 20));
    const cd = 1 - (d2 / 2) * (1 - (d2 / 12) * (1 - d2 / 30));
    const e2 = ep * ep;
    const she = ep * (1 + (e2 / 6) * (1 + e2 / 20));
    const che = 1 + (e2 / 2) * (1 + (e2 / 12) * (1 + e2 / 30));
    const sxp = sx * cd - cx * sd;
    const cxp = cx * cd + sx * sd;
    const shp = sh * che - ch * she;
    const chp = Math.sqrt(1 + shp * shp);
    // cos ξ′ > 0 within ±90° of latitude, so atan of the ratio is atan2 here (and cheaper).
    if (mode !== INV_SCALE) out[o + 1] = Math.atan(shp / cxp);
    // Conformal latitude: tan χ = sin ξ′ / √(sinh²η′ + cos²ξ′), and √(sinh²η′ + cos²ξ′ + sin²ξ′) = cosh η′.
    const r = Math.sqrt(shp * shp + cxp * cxp);
    const chi = mode !== INV_SCALE ? Math.atan(sxp / r) : 0; // r > 0
    const ichp = 1 / chp;
    const sc = sxp * ichp; // sin χ
    const cc = r * ichp; // cos χ
    // φ = χ + Σ d_j sin 2jχ (see `chiToPhi`), Clenshaw with cos 2χ, sin 2χ from sin χ, cos χ.
    const s2c = 2 * sc * cc;
    const c2c2 = 2 * (cc - sc) * (cc + sc);
    let q2 = this.cp6;
    let q1 = c2c2 * q2 + this.cp5;
    let q = c2c2 * q1 - q2 + this.cp4;
    q2 = q1;
    q1 = q;
    q = c2c2 * q1 - q2 + this.cp3;
    q2 = q1;
    q1 = q;
    q = c2c2 * q1 - q2 + this.cp2;
    q2 = q1;
    q1 = q;
    q1 = c2c2 * q1 - q2 + this.cp1;
    const dphi = q1 * s2c; // φ − χ, |φ − χ| < 3.5e-3
    out[o] = chi + dphi; // not φ in INV_SCALE mode, which needs only sin φ, cos φ and K
    if (mode === INV_ANGLES) return;
    const p2 = dphi * dphi;
    const sq = dphi * (1 - (p2 / 6) * (1 - (p2 / 20) * (1 - p2 / 42)));
    const cq = 1 - (p2 / 2) * (1 - (p2 / 12) * (1 - p2 / 30));
    out[o + 2] = sc * cq + cc * sq;
    out[o + 3] = cc * cq - sc * sq;
    // K = (1 − S′(ζ)) / (A·cos ζ′): d(ψ + iλ)/dζ′ = sec ζ′ (ψ + iλ = gd⁻¹(ζ′) on the conformal sphere),
    // dζ′/dζ = 1 − S′, dζ/d(y + ix) = 1/A. cos ζ′ = cos ξ′·cosh η′ − i·sin ξ′·sinh η′.
    // S′ = Σ_{j≤3} 2jβ_j cos(jz) by the recurrence d_3 = 6β₃, d_2 = 4β₂ + 2cos z·d_3, d_1 = 2β₁ + 2cos z·d_2 − d_3,
    // S′ = d_1·cos z − d_2.
    let sdr: number;
    let sdi: number;
    if (mode === INV_SCALE) {
      // All six terms: d_j = 2jβ_j + 2cos z·d_{j+1} − d_{j+2}, S′ = d_1·cos z − d_2.
      let r1 = 0;
      let i1 = 0;
      let r2 = 0;
      let i2 = 0;
      for (let j = 6; j >= 2; j--) {
        const r = 2 * j * this.bet[j]! + ar * r1 - ai * i1 - r2;
        const i = ar * i1 + ai * r1 - i2;
        r2 = r1;
        i2 = i1;
        r1 = r;
        i1 = i;
      }
      const r = 2 * b1 + ar * r1 - ai * i1 - r2;
      const i = ar * i1 + ai * r1 - i2;
      sdr = r * czr - i * czi - r1;
      sdi = r * czi + i * czr - i1;
    } else {
      const d3 = 6 * b3;
      const d2r = 4 * b2 + ar * d3;
      const d2i = ai * d3;
      const d1r = 2 * b1 + ar * d2r - ai * d2i - d3;
      const d1i = ar * d2i + ai * d2r;
      sdr = d1r * czr - d1i * czi - d2r;
      sdi = d1r * czi + d1i * czr - d2i;
    }
    const nr = 1 - sdr;
    const ni = -sdi;
    const wr = cxp * chp;
    const wi = -sxp * shp;
    const iden = 1 / (A * (wr * wr + wi * wi));
    out[o + 4] = (nr * wr + ni * wi) * iden;
    out[o + 5] = (ni * wr - nr * wi) * iden;
  }

  /**
   * Forward projection of one point: φ, λ − λ0 (radians) → out[o] = x (easting without false easting),
   * out[o+1] = y (northing), metres.
   */
  forwardRadians(phi: number, dlam: number, out: Float64Array, o: number): void {
    const taup = this.taup(Math.tan(phi));
    const cl = Math.cos(dlam);
    const sl = Math.sin(dlam);
    // Karney 2011: ξ′ = atan2(τ′, cos λ), η′ = asinh(sin λ / √(τ′² + cos² λ)).
    const xip = Math.atan2(taup, cl);
    const etap = Math.asinh(sl / Math.sqrt(taup * taup + cl * cl));
    this.clenshaw(this.alp, xip, etap);
    const A = this.rectifyingRadius;
    out[o] = A * (etap + this.tmp[1]!);
    out[o + 1] = A * (xip + this.tmp[0]!);
  }

  /**
   * Inverse projection of interleaved (x, y) pairs with full eastings → interleaved (lon, lat) degrees.
   * `out` may be `coords` itself. Returns `out`.
   *
   * @example
   * const lonlat = TransverseMercator.for(CGCS2000_ELLIPSOID)
   *   .inverse(layer.coords, new Float64Array(layer.coords.length), { centralMeridian: 117, falseEasting: 39_500_000 });
   */
  inverse(coords: Float64Array, out: Float64Array, zone: GaussKrugerZone): Float64Array {
    if (out.length < coords.length) throw new RangeError(`output has ${out.length} slots, needs ${coords.length}`);
    const fe = zone.falseEasting ?? 0;
    const lon0 = zone.centralMeridian;
    const t = this.tmp2;
    for (let i = 0; i + 1 < coords.length; i += 2) {
      this.inverseRadians(coords[i]! - fe, coords[i + 1]!, t, 0);
      out[i] = lon0 + t[1]! / DEG;
      out[i + 1] = t[0]! / DEG;
    }
    return out;
  }

  /**
   * Forward projection of interleaved (lon, lat) degrees → interleaved (x, y) with the false easting added.
   * `out` may be `lonlat` itself. Returns `out`.
   *
   * @example
   * const xy = TransverseMercator.for(CGCS2000_ELLIPSOID)
   *   .forward(Float64Array.of(118.1, 35.6), new Float64Array(2), { centralMeridian: 117, falseEasting: 500_000 });
   */
  forward(lonlat: Float64Array, out: Float64Array, zone: GaussKrugerZone): Float64Array {
    if (out.length < lonlat.length) throw new RangeError(`output has ${out.length} slots, needs ${lonlat.length}`);
    const fe = zone.falseEasting ?? 0;
    const lon0 = zone.centralMeridian;
    const t = this.tmp2;
    for (let i = 0; i + 1 < lonlat.length; i += 2) {
      this.forwardRadians(lonlat[i + 1]! * DEG, (lonlat[i]! - lon0) * DEG, t, 0);
      out[i] = t[0]! + fe;
      out[i + 1] = t[1]!;
    }
    return out;
  }

  private readonly tmp2 = new Float64Array(2);
}
