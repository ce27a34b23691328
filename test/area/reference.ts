/**
 * Independent reference computations of ellipsoidal polygon area, for the tests. None of them uses tuban's
 * transverse Mercator or area code: points are inverse-projected with proj4js (`+proj=tmerc` = its exact
 * etmerc algorithm), and areas come from GeographicLib or from the closed-form authalic latitude function.
 */
import geodesic from 'geographiclib-geodesic';
import proj4 from 'proj4';
import { CGCS2000, LONLAT_PROJ4, tmercProj4 } from './helpers.js';

const { a, f } = CGCS2000;
const e2 = f * (2 - f);
const e = Math.sqrt(e2);
const DEG = Math.PI / 180;
const geod = new geodesic.Geodesic.Geodesic(a, f);

/** GK → lon/lat converter of proj4js for a zone. */
export function inverseOf(cm: number, fe: number): (x: number, y: number) => [number, number] {
  const conv = proj4(tmercProj4(cm, fe), LONLAT_PROJ4);
  return (x, y) => {
    const [lon, lat] = conv.forward([x, y]);
    return [lon!, lat!];
  };
}

/** Points of an open ring with every edge cut into ⌈len/step⌉ equal pieces, in the projected plane. */
export function densifyRing(ring: readonly (readonly [number, number])[], step: number): [number, number][] {
  const out: [number, number][] = [];
  const n = ring.length;
  for (let i = 0; i < n; i++) {
    const [x1, y1] = ring[i]!;
    const [x2, y2] = ring[(i + 1) % n]!;
    const k = Math.max(1, Math.ceil(Math.hypot(x2 - x1, y2 - y1) / step));
    for (let j = 0; j < k; j++) out.push([x1 + ((x2 - x1) * j) / k, y1 + ((y2 - y1) * j) / k]);
  }
  return out;
}

/**
 * q(φ₂) − q(φ₁) for Snyder's authalic function q(φ) = (1 − e²)[sin φ/(1 − e² sin²φ) + atanh(e sin φ)/e]
 * (J. P. Snyder, Map Projections — A Working Manual, USGS PP 1395 (1987), eq. 3-12), written without
 * cancellation: sin φ₂ − sin φ₁ = 2 cos φm sin(Δφ/2), and the differences of the two terms by the identities
 * s₂/(1−e²s₂²) − s₁/(1−e²s₁²) = Δs(1 + e²s₁s₂)/((1−e²s₁²)(1−e²s₂²)) and atanh x − atanh y = atanh((x−y)/(1−xy)).
 * The ellipsoid's area element is (a²/2)·dq·dλ.
 */
export function authalicQDifference(phi1: number, phi2: number): number {
  const s1 = Math.sin(phi1);
  const s2 = Math.sin(phi2);
  const ds = 2 * Math.cos((phi1 + phi2) / 2) * Math.sin((phi2 - phi1) / 2);
  const t1 = (ds * (1 + e2 * s1 * s2)) / ((1 - e2 * s1 * s1) * (1 - e2 * s2 * s2));
  const t2 = Math.atanh((e * ds) / (1 - e2 * s1 * s2)) / e;
  return (1 - e2) * (t1 + t2);
}

/** Snyder's q(φ) itself (for closed-form quadrangle areas). */
export function authalicQ(phi: number): number {
  const s = Math.sin(phi);
  return (1 - e2) * (s / (1 - e2 * s * s) + Math.atanh(e * s) / e);
}

/** Neumaier-compensated sum, written here again so the reference shares no code with src/. */
function fsum(xs: readonly number[]): number {
  let s = 0;
  let c = 0;
  for (const x of xs) {
    const t = s + x;
    c += Math.abs(s) >= Math.abs(x) ? s - t + x : x - t + s;
    s = t;
  }
  return s + c;
}

/**
 * Σ (λ̄ − λ₀)·Δq · a²/2 over the polygon through the given geographic points (degrees), |·|; λ₀ is the first
 * point's longitude, so that the strips stay small.
 */
function trapezoidArea(lonlat: readonly [number, number][]): number {
  const n = lonlat.length;
  const terms: number[] = [];
  for (let i = 0; i < n; i++) {
    const [lon1, lat1] = lonlat[i]!;
    const [lon2, lat2] = lonlat[(i + 1) % n]!;
    const lbar = ((lon1 - lonlat[0]![0]) + (lon2 - lonlat[0]![0])) / 2;
    terms.push(lbar * DEG * authalicQDifference(lat1 * DEG, lat2 * DEG));
  }
  return Math.abs((fsum(terms) * a * a) / 2);
}

/**
 * High-precision reference area of a Gauss–Krüger ring: edges cut into pieces of ≤ `step` metres (default
 * 0.1 m), every point inverse-projected by proj4, then the exact area element integrated by the trapezoid
 * rule in the equal-area (λ, q) plane. Error bound: the curvature of a GK straight line in the (λ, q) plane is
 * ≈ tan φ/R, so a piece of length s contributes ≈ s³·tan φ/(6R) and an edge of length S cut into k pieces
 * S³·tan φ/(6Rk²): ≤ 1.3e-9 m² for a 10 m edge and ≤ 3e-7 m² for a 1 km edge at 53°N with s = 0.1 m; plus
 * proj4's ~4 nm point noise times the piece length. Relative error < 1e-10 for the polygons tested.
 */
export function hpRingArea(ring: readonly (readonly [number, number])[], cm: number, fe: number, step = 0.1): number {
  const inv = inverseOf(cm, fe);
  return trapezoidArea(densifyRing(ring, step).map(([x, y]) => inv(x, y)));
}

/**
 * The national rule as written, implemented independently: edges longer than 70 m get ⌊len/70⌋ evenly spaced
 * interior points, proj4 inverse, trapezoids in (λ, q) with the closed-form q (instead of the rule's e⁸
 * series, which differs by < 1e-11 relative).
 */
export function literalRuleRingArea(ring: readonly (readonly [number, number])[], cm: number, fe: number): number {
  const inv = inverseOf(cm, fe);
  const pts: [number, number][] = [];
  const n = ring.length;
  for (let i = 0; i < n; i++) {
    const [x1, y1] = ring[i]!;
    const [x2, y2] = ring[(i + 1) % n]!;
    const len = Math.hypot(x2 - x1, y2 - y1);
    const k = len > 70 ? Math.floor(len / 70) : 0;
    pts.push(inv(x1, y1));
    for (let j = 1; j <= k; j++) pts.push(inv(x1 + ((x2 - x1) * j) / (k + 1), y1 + ((y2 - y1) * j) / (k + 1)));
  }
  return trapezoidArea(pts);
}

/**
 * GeographicLib area (geodesic polygon) of a Gauss–Krüger ring densified to ≤ `step` metres (default 1 m) so
 * that the geodesic pieces follow the straight projected edges. |·| (GeographicLib's sign depends on
 * orientation). Note GeographicLib's own absolute error: ~1e-5 m² per polygon at these sizes (measured by
 * splitting geodesic edges of a 100 m² square at 35°N, which changes its area by 1.7e-5 m²): it is a 1e-8
 * reference only for polygons larger than about 1 km².
 */
export function geographicLibRingArea(ring: readonly (readonly [number, number])[], cm: number, fe: number, step = 1): number {
  const inv = inverseOf(cm, fe);
  const poly = geod.Polygon(false);
  for (const [x, y] of densifyRing(ring, step)) {
    const [lon, lat] = inv(x, y);
    poly.AddPoint(lat, lon);
  }
  const { area } = poly.Compute(false, true);
  if (area === undefined) throw new Error('GeographicLib returned no area (polyline mode?)');
  return Math.abs(area);
}
