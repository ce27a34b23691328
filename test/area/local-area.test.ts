/**
 * The local area-scale polynomial (src/area/local-area.ts) against the same independent high-precision
 * reference as the strip rule (test/area/reference.ts: proj4js inverse, closed-form authalic integral over
 * edges cut to 0.1 m), and TransverseMercator.areaScale against a scale measured with GeographicLib.
 *
 * Measured worst relative differences from the reference (seed 4242, 12 polygons per class, 18–53°N, 3° and 6°
 * zones), against the strip rule with its curvature correction on the same polygons:
 *   100 m²: 5.5e-11 (strip 1.1e-10); 1000 m²: 5.4e-12 (2.9e-11); 10⁴ m²: 8.4e-13 (1.1e-11);
 *   10⁵ m²: 4.1e-13 (8.6e-12); 1 km²: 1.9e-13 (7.6e-12).
 * The strip rule's floor of ~1e-11 at larger sizes is probably its A…E series, truncated at e⁸ (e¹⁰ ≈ 1.3e-11).
 */
import geodesic from 'geographiclib-geodesic';
import { describe, expect, it } from 'vitest';
import { EllipsoidalAreaAccumulator } from '../../src/area/ellipsoidal.js';
import { LOCAL_AREA_MAX_HALF_SIZE, LocalArea } from '../../src/area/local-area.js';
import { TransverseMercator } from '../../src/crs/transverse-mercator.js';
import { CGCS2000, prng } from './helpers.js';
import { randomPolygon, referenceArea } from './polygons.js';
import { hpRingArea, inverseOf } from './reference.js';

const tm = TransverseMercator.for(CGCS2000);

function localArea(rings: readonly (readonly [number, number])[][], fe: number): number | null {
  const local = new LocalArea(tm, fe);
  const xs = rings.flat().map((p) => p[0]);
  const ys = rings.flat().map((p) => p[1]);
  if (!local.fit(Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys))) return null;
  let s = 0;
  rings.forEach((ring, i) => {
    // Exterior counter-clockwise positive, holes subtracted: take each ring's absolute area.
    let r = 0;
    for (let k = 0; k < ring.length; k++) {
      const [x1, y1] = ring[k]!;
      const [x2, y2] = ring[(k + 1) % ring.length]!;
      r += local.term(x1, y1, x2, y2);
    }
    s += (i === 0 ? 1 : -1) * Math.abs(r);
  });
  return s;
}

describe('LocalArea: random polygons up to 1 km², 18–53°N, 3° and 6° zones', () => {
  const rng = prng(4242);
  const classes: [number, number][] = [
    [1e2, 1e-10],
    [1e3, 2e-11],
    [1e4, 5e-12],
    [1e5, 5e-12],
    [1e6, 5e-12],
  ];
  const cases = classes.flatMap(([area, tol]) => Array.from({ length: 12 }, () => ({ area, tol, p: randomPolygon(rng, area) })));
  it.each(cases)('$area m²: within $tol of the high-precision reference, $p.label', ({ p, tol }) => {
    const got = localArea(p.rings, p.fe);
    expect(got).not.toBeNull();
    const ref = referenceArea(p, hpRingArea);
    expect(Math.abs(got! - ref) / ref).toBeLessThanOrEqual(tol);
  });
});

describe('LocalArea: pieces', () => {
  const fe = 39_500_000;
  const local = new LocalArea(tm, fe);
  it('a piece and its reverse cancel exactly; a piece split in two adds up to the whole', () => {
    expect(local.fit(fe + 100_000, 3_900_000, fe + 100_800, 3_900_600)).toBe(true);
    const [x1, y1, x2, y2] = [fe + 100_012.345, 3_900_017.5, fe + 100_733.25, 3_900_588.125];
    expect(local.term(x1, y1, x2, y2)).toBe(-local.term(x2, y2, x1, y1));
    const [mx, my] = [(x1 + x2) / 2, (y1 + y2) / 2];
    const whole = local.term(x1, y1, x2, y2);
    expect(Math.abs(local.term(x1, y1, mx, my) + local.term(mx, my, x2, y2) - whole)).toBeLessThanOrEqual(1e-12 * Math.abs(whole));
  });
  it('refuses boxes larger than the limit, keeping the previous fit', () => {
    const h = LOCAL_AREA_MAX_HALF_SIZE;
    expect(local.fit(fe, 3_900_000, fe + 2 * h, 3_900_000 + 2 * h)).toBe(true);
    const t = local.term(fe + 10, 3_900_010, fe + 20, 3_900_030);
    expect(local.fit(fe, 3_900_000, fe + 2 * h + 1, 3_900_000)).toBe(false);
    expect(local.fit(NaN, 3_900_000, fe, 3_900_000)).toBe(false);
    expect(local.term(fe + 10, 3_900_010, fe + 20, 3_900_030)).toBe(t);
  });
  it('agrees with the strip rule (EllipsoidalAreaAccumulator) on a 2 km square to 2e-11', () => {
    const acc = new EllipsoidalAreaAccumulator({ ellipsoid: CGCS2000, falseEasting: fe });
    const sq: [number, number][] = [
      [fe + 250_000, 4_400_000],
      [fe + 252_000, 4_400_000],
      [fe + 252_000, 4_402_000],
      [fe + 250_000, 4_402_000],
    ];
    expect(local.fit(fe + 250_000, 4_400_000, fe + 252_000, 4_402_000)).toBe(true);
    let s = 0;
    for (let k = 0; k < 4; k++) {
      const [x1, y1] = sq[k]!;
      const [x2, y2] = sq[(k + 1) % 4]!;
      acc.addEdge(x1, y1, x2, y2);
      s += local.term(x1, y1, x2, y2);
    }
    expect(Math.abs(s - acc.signedArea()) / s).toBeLessThanOrEqual(2e-11);
  });
});

describe('TransverseMercator.areaScale', () => {
  const geod = new geodesic.Geodesic.Geodesic(CGCS2000.a, CGCS2000.f);
  const inv = inverseOf(117, 500_000);
  it.each([
    [0, 3_000_000],
    [100_000, 3_000_000],
    [250_000, 4_500_000],
    [-300_000, 2_000_000],
    [170_000, 5_800_000],
  ])('at x = %d, y = %d: 1/k² with k from GeographicLib distances over ±50 m in x and in y (1e-10)', (x, y) => {
    // Over 100 m, point and distance errors (~1 nm) are 1e-11 of the distance, and the mean of k along the
    // segment exceeds k at its middle by ~d²/(6R²) = 1e-11; the two directions agree (conformal).
    for (const [dx, dy] of [
      [50, 0],
      [0, 50],
    ] as const) {
      const [lon1, lat1] = inv(500_000 + x - dx, y - dy);
      const [lon2, lat2] = inv(500_000 + x + dx, y + dy);
      const s12 = geod.Inverse(lat1, lon1, lat2, lon2).s12!;
      const k = Math.hypot(2 * dx, 2 * dy) / s12;
      expect(Math.abs(tm.areaScale(x, y) * k * k - 1)).toBeLessThanOrEqual(1e-10);
    }
  });
});
