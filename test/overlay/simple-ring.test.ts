/**
 * The quick simplicity test against an independent reference: JTS's validity check (jsts IsValidOp). For one
 * ring without repeated consecutive vertices, "valid" in JTS (no self-intersection or self-touching, no spike)
 * is exactly what ringShownSimple claims; both must agree on every ring, degenerate ones included (small
 * integer grids make touching vertices, collinear edges and spikes common). And whenever the quick test says
 * simple, the full check (the kernel run on the feature against itself) must agree.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FeatureChecker } from '../../src/overlay/repair.js';
import { ringShownSimple, SIMPLE_RING_MAX_EDGES } from '../../src/overlay/simple-ring.js';
import { layerOf } from './helpers.js';
import { jstsPolygon, jstsValid } from './jsts.js';

/** Consecutive duplicates (and a repeated closing vertex) removed, as the layer builder does. */
function openRing(points: [number, number][]): [number, number][] {
  const r = points.filter((p, k) => k === 0 || p[0] !== points[k - 1][0] || p[1] !== points[k - 1][1]);
  while (r.length > 1 && r[0][0] === r[r.length - 1][0] && r[0][1] === r[r.length - 1][1]) r.pop();
  return r;
}

describe('ringShownSimple', () => {
  it('agrees with jsts IsValidOp on random rings over a small grid, and the full check agrees when it says simple', () => {
    const checker = new FeatureChecker();
    let simple = 0;
    let notSimple = 0;
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 6 })), { minLength: 3, maxLength: 12 }), (pts) => {
        const ring = openRing(pts);
        fc.pre(ring.length >= 3);
        const coords = Float64Array.from(ring.flat());
        const quick = ringShownSimple(coords, 0, ring.length);
        expect(quick).toBe(jstsValid(jstsPolygon([[ring]])));
        if (quick) {
          simple++;
          // The builder orients exteriors counter-clockwise; the full check then says simple too.
          expect(checker.check(layerOf([{ polys: [[ring]] }]), 0).simple).toBe(true);
        } else notSimple++;
      }),
      { seed: 5, numRuns: 4000 },
    );
    // Both outcomes occur often enough for the agreement to mean something.
    expect(simple).toBeGreaterThan(200);
    expect(notSimple).toBeGreaterThan(200);
  });

  it('accepts straight-through vertices and Gauss–Krüger magnitudes; rejects spikes, pinches and long rings', () => {
    const at = (xy: number[]) => Float64Array.from(xy.map((v, k) => v + (k % 2 === 0 ? 39_512_345.25 : 3_941_234.75)));
    expect(ringShownSimple(at([0, 0, 5, 0, 10, 0, 10, 10, 0, 10]), 0, 5)).toBe(true);
    expect(ringShownSimple(at([0, 0, 10, 0, 5, 0, 5, 10]), 0, 4)).toBe(false); // spike back along the edge
    expect(ringShownSimple(at([0, 0, 10, 0, 10, 10, 5, 0, 0, 10]), 0, 5)).toBe(false); // touches itself at (5, 0)
    const n = SIMPLE_RING_MAX_EDGES + 1;
    const circle = Array.from({ length: n }, (_, k) => [Math.cos((2 * Math.PI * k) / n) * 100, Math.sin((2 * Math.PI * k) / n) * 100]).flat();
    expect(ringShownSimple(at(circle), 0, n)).toBe(false); // left to the full check
    expect(ringShownSimple(at(circle.slice(0, 2 * (n - 1))), 0, n - 1)).toBe(true);
  });
});
