/**
 * The exact building blocks, each against an independent brute force: the corner-sector test against angles
 * from atan2, the perturbed point-in-polygon against an ordinary crossing-number test at a numerically offset point,
 * the key sort against Array.prototype.sort.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pointInFeatureSides } from '../../src/overlay/classify.js';
import { cornerSidesPts, orient, orientPts, pick } from '../../src/overlay/predicates.js';
import { sortByKey } from '../../src/overlay/sort.js';

describe('orient', () => {
  it('is positive for a left turn and exact on collinear points at Gauss–Krüger magnitudes', () => {
    expect(orient(0, 0, 1, 0, 0, 1)).toBeGreaterThan(0);
    expect(orient(0, 0, 1, 0, 0, -1)).toBeLessThan(0);
    // Points on the line y = x/3 + c with coordinates that are not representable after scaling.
    const x0 = 39_512_345.1;
    const y0 = 3_941_234.7;
    expect(orient(x0, y0, x0 + 3, y0 + 1, x0 + 6, y0 + 2) === 0).toBe(true);
    expect(orient(x0, y0, x0 + 3, y0 + 1, x0 + 6, y0 + 2 + 2 ** -30)).toBeGreaterThan(0);
  });
});

describe('orientPts', () => {
  it('gives the exact sign (BigInt determinant) for points anywhere in its array, near-collinear ones included', () => {
    // Doubles of magnitude ≥ 2⁻²⁰ are integers once scaled by 2⁸⁰, so the determinant is exact in BigInt.
    const big = (x: number): bigint => BigInt(x * 2 ** 80);
    const exact = (ax: number, ay: number, bx: number, by: number, cx: number, cy: number): number => {
      const d = (big(bx) - big(ax)) * (big(cy) - big(ay)) - (big(by) - big(ay)) * (big(cx) - big(ax));
      return d > 0n ? 1 : d < 0n ? -1 : 0;
    };
    const coord = fc.double({ min: 1, max: 1000, noNaN: true });
    fc.assert(
      fc.property(coord, coord, coord, coord, fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: -3, max: 3 }), fc.nat(5), (dx, dy, ex, ey, t, nudge, slot) => {
        // a at Gauss–Krüger magnitudes, b off it, c on the segment a→b rounded and then nudged by a few units in the
        // last place: the filter cannot decide most of these, the exact stage must.
        const ax = 39_512_345.125 + dx;
        const ay = 3_941_234.375 + dy;
        const bx = ax + ex;
        const by = ay + ey;
        let cx = ax + t * (bx - ax);
        const cy = ay + t * (by - ay);
        for (let k = 0; k < Math.abs(nudge); k++) cx = nudge > 0 ? cx + cx * Number.EPSILON : cx - cx * Number.EPSILON;
        // The three points at three of six places of the array, in a rotating order.
        const pts = new Float64Array(12);
        const at = [slot % 6, (slot + 2) % 6, (slot + 4) % 6];
        [ax, ay, bx, by, cx, cy].forEach((v, n) => (pts[2 * at[n >> 1]! + (n & 1)] = v));
        const want = exact(ax, ay, bx, by, cx, cy);
        expect(orientPts(pts, at[0]!, at[1]!, at[2]!)).toBe(want);
        expect(orient(ax, ay, bx, by, cx, cy)).toBe(want);
      }),
      { seed: 11, numRuns: 5000 },
    );
    // Shewchuk's example (Discrete Comput. Geom. 18, 1997, fig. 2): a on a 64 × 64 lattice of doubles next to
    // (0.5, 0.5), b = (12, 12), c = (24, 24). The rounded determinant gets many of these signs wrong, so only the
    // exact stage behind the filter gets them all.
    let wrongByRounding = 0;
    const pts = Float64Array.of(12, 12, 24, 24, 0, 0);
    for (let i = 0; i < 64; i++) {
      for (let j = 0; j < 64; j++) {
        const ax = 0.5 + i * 2 ** -53;
        const ay = 0.5 + j * 2 ** -53;
        pts[4] = ax;
        pts[5] = ay;
        const want = exact(ax, ay, 12, 12, 24, 24);
        const rounded = (12 - ax) * (24 - ay) - (12 - ay) * (24 - ax);
        if (Math.sign(rounded) !== want) wrongByRounding++;
        expect(orientPts(pts, 2, 0, 1)).toBe(want);
      }
    }
    expect(wrongByRounding).toBeGreaterThan(100);
  });
});

describe('pick', () => {
  it('returns either value bit for bit, Math.min/Math.max when m is the comparison', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.double({ noNaN: true, noDefaultInfinity: true }), (a, b) => {
        expect(pick(1, a, b) === a && pick(0, a, b) === b).toBe(true);
        // Zeros aside (a·1 + ±0 makes −0 into 0), the same doubles as the builtins.
        if (a !== 0 && b !== 0) {
          expect(Object.is(pick(+(a < b), a, b), Math.min(a, b))).toBe(true);
          expect(Object.is(pick(+(a > b), a, b), Math.max(a, b))).toBe(true);
        }
      }),
      { seed: 7, numRuns: 5000 },
    );
    expect(pick(1, 39_512_345.125, -Number.MAX_VALUE)).toBe(39_512_345.125);
    expect(pick(0, Number.MAX_VALUE, 3_941_234.375)).toBe(3_941_234.375);
  });
});

describe('cornerSidesPts', () => {
  it('agrees with atan2 angles on integer directions (boundary rays in neither sector)', () => {
    const dir = fc.tuple(fc.integer({ min: -5, max: 5 }), fc.integer({ min: -5, max: 5 })).filter(([x, y]) => x !== 0 || y !== 0);
    const ang = (x: number, y: number) => Math.atan2(y, x);
    const norm = (a: number) => ((a % (2 * Math.PI)) + 2 * Math.PI) % (2 * Math.PI);
    // Open sector swept counter-clockwise from direction s to direction t (the full turn when they agree).
    const inSector = (sx: number, sy: number, tx: number, ty: number, qx: number, qy: number) => {
      const as = ang(sx, sy);
      let span = norm(ang(tx, ty) - as);
      if (span === 0) span = 2 * Math.PI;
      const aq = norm(ang(qx, qy) - as);
      const onS = orient(0, 0, sx, sy, qx, qy) === 0 && sx * qx + sy * qy > 0;
      const onT = orient(0, 0, tx, ty, qx, qy) === 0 && tx * qx + ty * qy > 0;
      return !onS && !onT && aq > 0 && aq < span;
    };
    fc.assert(
      fc.property(dir, dir, dir, ([bx, by], [px, py], [qx, qy]) => {
        const expected = (inSector(bx, by, px, py, qx, qy) ? 1 : 0) | (inSector(px, py, bx, by, qx, qy) ? 2 : 0);
        // Shift everything to a Gauss–Krüger-sized apex: the answer must not change.
        const ax = 39_500_000.25;
        const ay = 3_900_000.5;
        const oBP = orient(ax, ay, ax + bx, ay + by, ax + px, ay + py);
        expect(cornerSidesPts(Float64Array.of(ax, ay, ax + bx, ay + by, ax + px, ay + py, ax + qx, ay + qy), oBP)).toBe(expected);
      }),
      { seed: 3, numRuns: 5000 },
    );
  });
});

describe('pointInFeatureSides', () => {
  it('matches a crossing-number test at the numerically offset side points', () => {
    const pt = fc.tuple(fc.integer({ min: 0, max: 12 }), fc.integer({ min: 0, max: 12 }));
    fc.assert(
      fc.property(fc.array(pt, { minLength: 3, maxLength: 9 }), pt, pt, (ring, a, b) => {
        fc.pre(a[0] !== b[0] || a[1] !== b[1]);
        const coords = Float64Array.from(ring.flat());
        const n = ring.length;
        const bits = pointInFeatureSides(coords, Uint32Array.of(0, n), Uint32Array.of(0, 1), Uint32Array.of(0, 1), 0, a[0], a[1], b[0], b[1], null, 0);
        // Offsets far below the grid spacing and far above rounding.
        const ux = b[0] - a[0];
        const uy = b[1] - a[1];
        const crossing = (px: number, py: number) => {
          let inside = false;
          for (let i = 0, j = n - 1; i < n; j = i++) {
            const [xi, yi] = ring[i];
            const [xj, yj] = ring[j];
            if (yi > py !== yj > py && px < ((xj - xi) * (py - yi)) / (yj - yi) + xi) inside = !inside;
          }
          return inside;
        };
        const d = 1e-4;
        const e = 1e-8;
        const left = crossing(a[0] + d * ux - e * uy, a[1] + d * uy + e * ux);
        const right = crossing(a[0] + d * ux + e * uy, a[1] + d * uy - e * ux);
        expect(bits).toBe((left ? 1 : 0) | (right ? 2 : 0));
      }),
      { seed: 5, numRuns: 3000 },
    );
  });
});

describe('sortByKey', () => {
  it('sorts like Array.prototype.sort, short and long runs, with ties', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 50 }), { maxLength: 300 }), (keys) => {
        const key = Float64Array.from(keys);
        const idx = Int32Array.from(keys.map((_, i) => i));
        sortByKey(idx, key, 0, keys.length);
        const got = Array.from(idx, (i) => key[i]);
        expect(got).toEqual([...keys].sort((x, y) => x - y));
        expect(new Set(idx).size).toBe(keys.length);
      }),
      { seed: 11, numRuns: 500 },
    );
  });
});
