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

  it('agrees with jsts IsValidOp on long rings (the sweep): stars with a vertex pulled across, on a coarse grid', () => {
    let simple = 0;
    let notSimple = 0;
    fc.assert(
      fc.property(
        fc.integer({ min: 33, max: 160 }),
        fc.array(fc.integer({ min: 40, max: 100 }), { minLength: 160, maxLength: 160 }),
        fc.integer({ min: 0, max: 159 }),
        fc.tuple(fc.integer({ min: -100, max: 100 }), fc.integer({ min: -100, max: 100 })),
        fc.boolean(),
        (n, radii, k, pull, pulled) => {
          // A star around the origin, snapped to integers (so neighbours can become collinear or coincide),
          // and optionally one vertex moved anywhere, which often makes edges cross or touch.
          const pts: [number, number][] = [];
          for (let i = 0; i < n; i++) {
            const a = (2 * Math.PI * i) / n;
            pts.push([Math.round(radii[i] * Math.cos(a)), Math.round(radii[i] * Math.sin(a))]);
          }
          if (pulled) pts[k % n] = pull;
          const ring = openRing(pts);
          fc.pre(ring.length > 32);
          const quick = ringShownSimple(Float64Array.from(ring.flat()), 0, ring.length);
          expect(quick).toBe(jstsValid(jstsPolygon([[ring]])));
          if (quick) simple++;
          else notSimple++;
        },
      ),
      { seed: 6, numRuns: 1500 },
    );
    expect(simple).toBeGreaterThan(100);
    expect(notSimple).toBeGreaterThan(100);
  });

  it('accepts straight-through vertices and Gauss–Krüger magnitudes; rejects spikes, pinches and too long rings', () => {
    const at = (xy: number[]) => Float64Array.from(xy.map((v, k) => v + (k % 2 === 0 ? 39_512_345.25 : 3_941_234.75)));
    expect(ringShownSimple(at([0, 0, 5, 0, 10, 0, 10, 10, 0, 10]), 0, 5)).toBe(true);
    expect(ringShownSimple(at([0, 0, 10, 0, 5, 0, 5, 10]), 0, 4)).toBe(false); // spike back along the edge
    expect(ringShownSimple(at([0, 0, 10, 0, 10, 10, 5, 0, 0, 10]), 0, 5)).toBe(false); // touches itself at (5, 0)
    const circle = (n: number) => at(Array.from({ length: n }, (_, k) => [Math.cos((2 * Math.PI * k) / n) * 1e4, Math.sin((2 * Math.PI * k) / n) * 1e4]).flat());
    const n = SIMPLE_RING_MAX_EDGES;
    expect(ringShownSimple(circle(n + 1), 0, n + 1)).toBe(false); // left to the full check
    expect(ringShownSimple(circle(n), 0, n)).toBe(true);
  });
});
