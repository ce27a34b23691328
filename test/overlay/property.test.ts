/**
 * Property tests (fast-check, fixed seeds). Independent reference: jsts (JTS's classic overlay with snapping),
 * used only on inputs it is reliable for; near-degenerate inputs are checked by identities of our own results
 * instead (symmetry, additivity over a split, invariance under translation and rotation).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tabulate } from '../../src/overlay/tabulate.js';
import { type Poly, type Ring, layerOf } from './helpers.js';
import { jstsDifferenceArea, jstsIntersectionArea, jstsPolygon, jstsValid } from './jsts.js';

/** area(A), area(A ∩ ⋃ layer) and per-class parts, planar. */
function overlay(a: Poly[], layer: { polys: Poly[]; cls?: string }[]) {
  const patches = layerOf([{ polys: a }], 'a');
  const l = layerOf(
    layer.map((f) => ({ polys: f.polys, props: { c: f.cls ?? '' } })),
    'b',
  );
  const t = tabulate(patches, l, { classBy: 'c', measure: 'planar' });
  const p = t.patches[0];
  const parts: Record<string, number> = {};
  for (const c of p.parts) parts[c.class] = c.areaM2;
  return { area: p.areaM2, covered: p.coveredM2, uncovered: p.uncoveredM2, parts };
}

const inter = (a: Poly[], b: Poly[]): number => overlay(a, [{ polys: b }]).covered;

/** Star-shaped polygon around (cx, cy): sorted angles, given radii; optionally snapped to a grid. */
function star(cx: number, cy: number, angles: number[], radii: number[], snap: number): Ring {
  const sorted = [...angles].sort((x, y) => x - y);
  const ring: Ring = [];
  for (let i = 0; i < sorted.length; i++) {
    let x = cx + radii[i % radii.length] * Math.cos(sorted[i]);
    let y = cy + radii[i % radii.length] * Math.sin(sorted[i]);
    if (snap > 0) {
      x = Math.round(x / snap) * snap;
      y = Math.round(y / snap) * snap;
    }
    const last = ring[ring.length - 1];
    if (last === undefined || last[0] !== x || last[1] !== y) ring.push([x, y]);
  }
  while (ring.length > 1 && ring[0][0] === ring[ring.length - 1][0] && ring[0][1] === ring[ring.length - 1][1]) ring.pop();
  return ring;
}

/**
 * Star polygons with well-separated angles (3–10 of 16 angular slots, jittered within 80 % of a slot) and radii
 * in [rMax/3, rMax]: no needle-thin slivers, which jsts's classic overlay does not handle reliably.
 */
const starArb = (extent: number, rMax: number, snap: number) =>
  fc
    .record({
      cx: fc.integer({ min: 0, max: extent }),
      cy: fc.integer({ min: 0, max: extent }),
      slots: fc.uniqueArray(fc.integer({ min: 0, max: 15 }), { minLength: 3, maxLength: 10 }),
      jit: fc.array(fc.double({ min: 0, max: 0.8, noNaN: true }), { minLength: 10, maxLength: 10 }),
      radii: fc.array(fc.double({ min: rMax / 3, max: rMax, noNaN: true }), { minLength: 10, maxLength: 10 }),
    })
    .map(({ cx, cy, slots, jit, radii }) =>
      star(
        cx,
        cy,
        slots.map((k, i) => ((k + jit[i]) * 2 * Math.PI) / 16),
        radii,
        snap,
      ),
    );

function usable(r: Ring, minArea: number): boolean {
  if (r.length < 3) return false;
  const g = jstsPolygon([[r]]);
  return jstsValid(g) && g.getArea() > minArea;
}

/** jsts result, or a discarded case when jsts's classic overlay gives up (TopologyException). */
function jsts<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    fc.pre(false);
    throw e;
  }
}

/** Relative tolerance on areas of ≈ 1e2…1e6 m². */
const close = (a: number, b: number, scale: number, rel = 1e-9) => Math.abs(a - b) <= rel * scale + 1e-9;

describe('overlay properties against jsts (well-conditioned inputs)', () => {
  for (const [label, snap] of [
    ['continuous coordinates', 0],
    ['grid-snapped coordinates (shared vertices, collinear and coincident edges)', 10],
  ] as const) {
    it(`${label}: A∩B = B∩A, ≤ min, A∩B + A∖B(jsts) = A, A∩B = jsts`, () => {
      fc.assert(
        fc.property(starArb(100, 80, snap), starArb(100, 80, snap), (ra, rb) => {
          fc.pre(usable(ra, 64) && usable(rb, 64));
          const A: Poly[] = [[ra]];
          const B: Poly[] = [[rb]];
          const ab = overlay(A, [{ polys: B }]);
          const ba = overlay(B, [{ polys: A }]);
          const ja = jstsPolygon(A);
          const jb = jstsPolygon(B);
          const scale = Math.max(ab.area, ba.area);
          expect(close(ab.area, ja.getArea(), scale)).toBe(true);
          expect(close(ab.covered, ba.covered, scale)).toBe(true);
          expect(ab.covered).toBeLessThanOrEqual(Math.min(ab.area, ba.area) + 1e-9 * scale);
          expect(ab.covered).toBeGreaterThanOrEqual(-1e-9 * scale);
          const diff = jsts(() => jstsDifferenceArea(ja, jb));
          expect(close(ab.covered + diff, ab.area, scale, 1e-8)).toBe(true);
          expect(close(ab.covered, jsts(() => jstsIntersectionArea(ja, jb)), scale, 1e-8)).toBe(true);
        }),
        { seed: snap === 0 ? 20240611 : 20240612, numRuns: 1500 },
      );
    });
  }

  it('jittered-grid tessellation: per-class areas match jsts, parts + uncovered = area', () => {
    const arb = fc.record({
      jitter: fc.array(fc.double({ min: -3, max: 3, noNaN: true }), { minLength: 50, maxLength: 50 }),
      classes: fc.array(fc.constantFrom('a', 'b', 'c'), { minLength: 32, maxLength: 32 }),
      split: fc.array(fc.boolean(), { minLength: 16, maxLength: 16 }),
      patch: starArb(40, 35, 0),
      snapPatch: fc.boolean(),
    });
    fc.assert(
      fc.property(arb, ({ jitter, classes, split, patch, snapPatch }) => {
        // 5×5 lattice points over [0,40]², interior points jittered; 4×4 cells, some split along a diagonal.
        const pt = (i: number, j: number): [number, number] => {
          const inner = i > 0 && i < 4 && j > 0 && j < 4;
          const k = 2 * (5 * j + i);
          return [i * 10 + (inner ? jitter[k] : 0), j * 10 + (inner ? jitter[k + 1] : 0)];
        };
        const feats: { polys: Poly[]; cls: string }[] = [];
        for (let j = 0; j < 4; j++) {
          for (let i = 0; i < 4; i++) {
            const q = [pt(i, j), pt(i + 1, j), pt(i + 1, j + 1), pt(i, j + 1)];
            const c = 4 * j + i;
            if (split[c]) {
              feats.push({ polys: [[[q[0], q[1], q[2]]]], cls: classes[2 * c] });
              feats.push({ polys: [[[q[0], q[2], q[3]]]], cls: classes[2 * c + 1] });
            } else feats.push({ polys: [[q]], cls: classes[2 * c] });
          }
        }
        // Patch vertices sometimes snapped onto lattice points and cell edges' grid.
        const ring = snapPatch ? patch.map(([x, y]) => [Math.round(x / 10) * 10, Math.round(y / 10) * 10] as [number, number]) : patch;
        const dedup = ring.filter((p, k) => k === 0 || p[0] !== ring[k - 1][0] || p[1] !== ring[k - 1][1]);
        fc.pre(usable(dedup, 16));
        const P: Poly[] = [[dedup]];
        const r = overlay(P, feats);
        const jp = jstsPolygon(P);
        const expected: Record<string, number> = {};
        for (const f of feats) expected[f.cls] = (expected[f.cls] ?? 0) + jsts(() => jstsIntersectionArea(jp, jstsPolygon(f.polys)));
        const scale = r.area;
        for (const c of ['a', 'b', 'c']) expect(close(r.parts[c] ?? 0, expected[c] ?? 0, scale, 1e-8)).toBe(true);
        const sum = Object.values(r.parts).reduce((s, v) => s + v, 0);
        expect(close(sum + r.uncovered, r.area, scale)).toBe(true);
        const outline = jstsPolygon([[[[0, 0], [40, 0], [40, 40], [0, 40]]]]);
        expect(close(r.covered, jsts(() => jstsIntersectionArea(jp, outline)), scale, 1e-8)).toBe(true);
      }),
      { seed: 7, numRuns: 250 },
    );
  });
});

describe('overlay of a fine tessellation with long edges (the noder grid: edges over many cells, flat boxes)', () => {
  it('per-class areas match jsts when a long strip and a long-edged patch cross 24×24 cells', () => {
    const arb = fc.record({
      classes: fc.array(fc.constantFrom('a', 'b', 'c'), { minLength: 576, maxLength: 576 }),
      // Patch: a long thin quadrilateral across the grid, or one with an edge exactly on a grid line.
      x0: fc.integer({ min: 0, max: 40 }),
      y0: fc.integer({ min: 0, max: 40 }),
      x1: fc.integer({ min: 200, max: 240 }),
      y1: fc.integer({ min: 200, max: 240 }),
      width: fc.integer({ min: 3, max: 30 }),
      onLine: fc.boolean(),
      stripY: fc.integer({ min: 1, max: 23 }),
    });
    fc.assert(
      fc.property(arb, ({ classes, x0, y0, x1, y1, width, onLine, stripY }) => {
        const feats: { polys: Poly[]; cls: string }[] = [];
        for (let j = 0; j < 24; j++) {
          for (let i = 0; i < 24; i++) {
            const q: Ring = [[i * 10, j * 10], [i * 10 + 10, j * 10], [i * 10 + 10, j * 10 + 10], [i * 10, j * 10 + 10]];
            feats.push({ polys: [[q]], cls: classes[24 * j + i] });
          }
        }
        // A strip of class d overlapping the grid, its long edges on grid line y = 10·stripY and inside a row.
        feats.push({ polys: [[[[-5, stripY * 10], [245, stripY * 10], [245, stripY * 10 + 4.5], [-5, stripY * 10 + 4.5]]]], cls: 'd' });
        const ring: Ring = onLine
          ? [[x0, 120], [x1, 120], [x1, 120 + width], [x0, 120 + width]]
          : [[x0, y0], [x1, y1 - width], [x1, y1], [x0 + width / 2, y0 + width]];
        const P: Poly[] = [[ring]];
        const r = overlay(P, feats);
        const jp = jstsPolygon(P);
        const expected: Record<string, number> = {};
        for (const f of feats) expected[f.cls] = (expected[f.cls] ?? 0) + jsts(() => jstsIntersectionArea(jp, jstsPolygon(f.polys)));
        const scale = r.area;
        for (const c of ['a', 'b', 'c', 'd']) expect(close(r.parts[c] ?? 0, expected[c] ?? 0, scale, 1e-8)).toBe(true);
        const outline = jstsPolygon([[[[-5, 0], [245, 0], [245, 240], [-5, 240]]]]);
        expect(close(r.covered, jsts(() => jstsIntersectionArea(jp, outline)), scale, 1e-8)).toBe(true);
      }),
      { seed: 11, numRuns: 12 },
    );
  });

  it('edges crossed far outside the patch: a long strip entering the patch leaves two features on the way', () => {
    // The strip starts inside two features of its own class 2 km west of the patch and leaves both before it
    // enters the patch. Both are candidates (their boxes reach the patch's) without coming near the patch; the
    // edges the strip crosses are auxiliary (their boxes miss the patch's): A's long diagonal spans more grid
    // cells than the noder bins, B's short one is met only through the strip's own long (brute-forced) edges.
    // Missing either crossing would carry that feature into the patch on both sides of the strip's edges,
    // which would then bound nothing of the class: the strip's part would be lost.
    const feats: { polys: Poly[]; cls: string }[] = [];
    for (let j = 0; j < 5; j++) {
      for (let i = 0; i < 5; i++) {
        const x = 100 + 8 * i;
        const y = 100 + 8 * j;
        feats.push({ polys: [[[[x, y], [x + 8, y], [x + 8, y + 8], [x, y + 8]]]], cls: ['a', 'b', 'c'][(i + 2 * j) % 3] });
      }
    }
    feats.push({ polys: [[[[-2000, 118], [120, 118], [120, 122], [-2000, 122]]]], cls: 'd' });
    feats.push({ polys: [[[[-2400, 0], [90, 250], [150, 250], [-2400, 260]]]], cls: 'd' });
    feats.push({ polys: [[[[-2030, 100], [-1970, 100], [-1970, 130], [145, 150], [-2030, 135]]]], cls: 'd' });
    for (const patch of [
      [[100, 100], [140, 100], [140, 140], [100, 140]],
      [[97, 103], [141, 99], [139, 137], [101, 141]],
    ] as Ring[]) {
      const r = overlay([[patch]], feats);
      const jp = jstsPolygon([[patch]]);
      const expected: Record<string, number> = {};
      for (const f of feats) expected[f.cls] = (expected[f.cls] ?? 0) + jstsIntersectionArea(jp, jstsPolygon(f.polys));
      // Only the strip reaches the patch (the other two give 0): summing pairwise parts is the union here.
      expect(expected.d).toBeGreaterThan(60);
      for (const c of ['a', 'b', 'c', 'd']) expect(close(r.parts[c] ?? 0, expected[c] ?? 0, r.area)).toBe(true);
    }
  });
});

describe('one patch over thousands of tessellating features', () => {
  it('a 50 × 50 grid of unit squares under one patch: every class counted, whichever way twin starts get labels', () => {
    // 2 500 operands: the twin-start labels would pass the walk's byte budget, so the point-location path runs.
    // Expected by counting: cell (i, j) is class (i + j) mod 3 and lies wholly inside the patch.
    const n = 50;
    const feats: { polys: Poly[]; cls: string }[] = [];
    const count: Record<string, number> = {};
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        const cls = String((i + j) % 3);
        feats.push({ polys: [[[[i, j], [i + 1, j], [i + 1, j + 1], [i, j + 1]]]], cls });
        count[cls] = (count[cls] ?? 0) + 1;
      }
    }
    const r = overlay([[[[-0.5, -0.5], [n + 0.5, -0.5], [n + 0.5, n + 0.5], [-0.5, n + 0.5]]]], feats);
    expect(r.covered).toBeCloseTo(n * n, 9);
    for (const c of ['0', '1', '2']) expect(r.parts[c]).toBeCloseTo(count[c], 9);
  });
});

describe('overlay identities on near-degenerate inputs (no external reference)', () => {
  /** Convex polygon from points (monotone chain hull), counter-clockwise. */
  function hull(points: [number, number][]): Ring {
    const p = [...points].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    const cross = (o: [number, number], a: [number, number], b: [number, number]) =>
      (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
    const lower: [number, number][] = [];
    for (const q of p) {
      while (lower.length >= 2 && cross(lower[lower.length - 2], lower[lower.length - 1], q) <= 0) lower.pop();
      lower.push(q);
    }
    const upper: [number, number][] = [];
    for (let i = p.length - 1; i >= 0; i--) {
      const q = p[i];
      while (upper.length >= 2 && cross(upper[upper.length - 2], upper[upper.length - 1], q) <= 0) upper.pop();
      upper.push(q);
    }
    return [...lower.slice(0, -1), ...upper.slice(0, -1)];
  }

  it('splitting B along one of its diagonals: A∩B1 + A∩B2 = A∩B, with A built on B’s vertices and edges', () => {
    const pts = fc.array(fc.tuple(fc.integer({ min: 0, max: 64 }), fc.integer({ min: 0, max: 64 })), { minLength: 5, maxLength: 12 });
    const arb = fc.record({
      b: pts,
      pick: fc.array(fc.nat(), { minLength: 2, maxLength: 6 }),
      extra: pts,
      tiny: fc.constantFrom(0, 1e-9, 2 ** -40, 1e-6),
      i: fc.nat(),
      j: fc.nat(),
      gk: fc.boolean(),
    });
    fc.assert(
      fc.property(arb, ({ b, pick, extra, tiny, i, j, gk }) => {
        const B = hull(b);
        fc.pre(B.length >= 4);
        // A reuses some of B's vertices, midpoints of B's edges (exact halves) and a few nudged copies.
        const aPts: [number, number][] = [];
        for (const k of pick) {
          const v = B[k % B.length];
          const w = B[(k + 1) % B.length];
          aPts.push(v, [(v[0] + w[0]) / 2, (v[1] + w[1]) / 2], [v[0] + tiny, v[1] - tiny]);
        }
        aPts.push(...extra.slice(0, 3));
        const A = hull(aPts);
        fc.pre(A.length >= 3);
        const n = B.length;
        const s = i % n;
        const t = (s + 2 + (j % (n - 3))) % n; // a diagonal s–t, not an edge
        const B1: Ring = [];
        const B2: Ring = [];
        for (let k = s; ; k = (k + 1) % n) {
          B1.push(B[k]);
          if (k === t) break;
        }
        for (let k = t; ; k = (k + 1) % n) {
          B2.push(B[k]);
          if (k === s) break;
        }
        const shift = gk ? [39_500_000, 3_900_000] : [0, 0];
        const mv = (r: Ring): Poly[] => [[r.map(([x, y]) => [x + shift[0], y + shift[1]] as [number, number])]];
        const whole = inter(mv(A), mv(B));
        const parts = overlay(mv(A), [
          { polys: mv(B1), cls: '1' },
          { polys: mv(B2), cls: '2' },
        ]);
        const scale = Math.max(parts.area, 1);
        expect(close((parts.parts['1'] ?? 0) + (parts.parts['2'] ?? 0), whole, scale)).toBe(true);
        // The two halves tessellate B: their union is B.
        expect(close(parts.covered, whole, scale)).toBe(true);
        // Symmetry on the same degenerate pair.
        expect(close(inter(mv(B), mv(A)), whole, scale)).toBe(true);
      }),
      { seed: 99, numRuns: 1500 },
    );
  });

  it('invariance under translation to Gauss–Krüger magnitudes and under rotation', () => {
    fc.assert(
      fc.property(starArb(100, 80, 10), starArb(100, 80, 10), fc.double({ min: 0, max: 2 * Math.PI, noNaN: true }), (ra, rb, theta) => {
        fc.pre(ra.length >= 3 && rb.length >= 3);
        const base = overlay([[ra]], [{ polys: [[rb]] }]);
        fc.pre(base.area > 1);
        const sh = (r: Ring): Ring => r.map(([x, y]) => [x + 39_512_345, y + 3_941_234]);
        const moved = overlay([[sh(ra)]], [{ polys: [[sh(rb)]] }]);
        expect(close(moved.area, base.area, base.area)).toBe(true);
        expect(close(moved.covered, base.covered, base.area)).toBe(true);
        const c = Math.cos(theta);
        const s = Math.sin(theta);
        const rot = (r: Ring): Ring => r.map(([x, y]) => [c * x - s * y, s * x + c * y]);
        const turned = overlay([[rot(ra)]], [{ polys: [[rot(rb)]] }]);
        // Rotation rounds coordinates: shared edges become slightly non-collinear; the area may move by slivers
        // of rounding size only.
        expect(close(turned.area, base.area, base.area, 1e-12 * 1e4)).toBe(true);
        expect(close(turned.covered, base.covered, base.area, 1e-12 * 1e4)).toBe(true);
      }),
      { seed: 1234, numRuns: 1000 },
    );
  });
});
