/**
 * Hand-built degenerate cases with hand-computed areas: shared and collinear edges, vertex touches, holes,
 * multiparts, identical polygons, tessellating neighbours, overlapping features of one class, invalid rings.
 * Each runs at small coordinates and again shifted to Gauss–Krüger magnitudes (x ≈ 3.95×10⁷ m), where the
 * same decisions must come out of the exact predicates.
 */
import { describe, expect, it } from 'vitest';
import { tabulate } from '../../src/overlay/tabulate.js';
import { type Poly, type Ring, layerOf, rect } from './helpers.js';

interface Feat {
  polys: Poly[];
  cls?: string;
}

function run(patch: Poly[], feats: Feat[], shift: [number, number]) {
  const mv = (p: Poly[]): Poly[] => p.map((poly) => poly.map((r) => r.map(([x, y]) => [x + shift[0], y + shift[1]] as [number, number])));
  const patches = layerOf([{ polys: mv(patch) }], 'patches');
  const layer = layerOf(
    feats.map((f) => ({ polys: mv(f.polys), props: { c: f.cls ?? '' } })),
    'layer',
  );
  const t = tabulate(patches, layer, { classBy: 'c', measure: 'planar' });
  const p = t.patches[0];
  const parts: Record<string, number> = {};
  for (const c of p.parts) parts[c.class] = c.areaM2;
  return { area: p.areaM2, parts, uncovered: p.uncoveredM2, covered: p.coveredM2, repairs: t.repairs };
}

/** The bow-tie (0,0) → (s,s) → (s,0) → (0,s): its two edges across cross at (s/2, s/2); even-odd, two lobes of s²/4. */
function bowTie(s: number): Ring {
  return [
    [0, 0],
    [s, s],
    [s, 0],
    [0, s],
  ];
}

const SHIFTS: [string, [number, number]][] = [
  ['small coordinates', [0, 0]],
  ['Gauss–Krüger magnitudes', [39_512_345.125, 3_941_234.375]],
];

/** Checks parts (absent class = 0) with an absolute tolerance scaled to the coordinates' ulp. */
function expectAreas(
  r: ReturnType<typeof run>,
  area: number,
  parts: Record<string, number>,
  uncovered: number,
  eps: number,
): void {
  expect(r.area).toBeCloseTo(area, eps);
  const classes = new Set([...Object.keys(parts), ...Object.keys(r.parts)]);
  for (const c of classes) expect(r.parts[c] ?? 0, `class ${c}`).toBeCloseTo(parts[c] ?? 0, eps);
  expect(r.uncovered).toBeCloseTo(uncovered, eps);
}

for (const [label, shift] of SHIFTS) {
  // toBeCloseTo(x, 9) means |diff| < 5e-10: far below any real sliver, far above rounding at either scale.
  const D = 9;
  describe(`exact overlay cases (${label})`, () => {
    it('identical polygons (patch equal to a parcel), any start vertex and orientation', () => {
      const sq = rect(0, 0, 10, 10);
      const rotated: Ring = [sq[2], sq[3], sq[0], sq[1]];
      const cw: Ring = [...sq].reverse();
      expectAreas(run([[sq]], [{ polys: [[rotated]], cls: 'a' }], shift), 100, { a: 100 }, 0, D);
      expectAreas(run([[sq]], [{ polys: [[cw]], cls: 'a' }], shift), 100, { a: 100 }, 0, D);
      // Extra collinear vertices on one side only.
      const dense: Ring = [
        [0, 0],
        [5, 0],
        [10, 0],
        [10, 3],
        [10, 10],
        [0, 10],
        [0, 7],
      ];
      expectAreas(run([[dense]], [{ polys: [[sq]], cls: 'a' }], shift), 100, { a: 100 }, 0, D);
      expectAreas(run([[sq]], [{ polys: [[dense]], cls: 'a' }], shift), 100, { a: 100 }, 0, D);
    });

    it('collinear, partly overlapping edges', () => {
      const p = [[rect(0, 0, 10, 10)]];
      expectAreas(run(p, [{ polys: [[rect(5, 0, 15, 10)]], cls: 'a' }], shift), 100, { a: 50 }, 50, D);
      expectAreas(run(p, [{ polys: [[rect(2, 0, 8, 5)]], cls: 'a' }], shift), 100, { a: 30 }, 70, D);
      expectAreas(run(p, [{ polys: [[rect(-3, 4, 13, 10)]], cls: 'a' }], shift), 100, { a: 60 }, 40, D);
      // Slanted shared line with vertices in the middle of the other's edge (exact in binary: halves).
      const tri: Ring = [
        [0, 0],
        [8, 4],
        [0, 4],
      ];
      const under: Ring = [
        [2, 1],
        [6, 3],
        [6, 0],
      ];
      // `under` lies on the right of the diagonal: touches along [2,1]–[6,3] only.
      expectAreas(run([[tri]], [{ polys: [[under]], cls: 'a' }], shift), 16, {}, 16, D);
      const above: Ring = [
        [2, 1],
        [6, 3],
        [2, 3],
      ];
      expectAreas(run([[tri]], [{ polys: [[above]], cls: 'a' }], shift), 16, { a: 4 }, 12, D);
    });

    it('touching at a vertex or along an edge from outside gives nothing', () => {
      const p = [[rect(0, 0, 10, 10)]];
      const r = run(
        p,
        [
          { polys: [[rect(10, 10, 20, 20)]], cls: 'corner' },
          {
            polys: [
              [
                [
                  [5, 10],
                  [8, 15],
                  [2, 15],
                ],
              ],
            ],
            cls: 'apex',
          },
          { polys: [[rect(10, 0, 20, 10)]], cls: 'side' },
        ],
        shift,
      );
      expect(r.parts).toEqual({});
      expect(r.uncovered).toBeCloseTo(100, D);
    });

    it('holes: in the patch, in the parcel, patch inside a hole, patch equal to a hole', () => {
      const holed: Poly = [rect(0, 0, 10, 10), rect(2, 2, 4, 4)];
      expectAreas(run([holed], [{ polys: [[rect(0, 0, 10, 10)]], cls: 'a' }], shift), 96, { a: 96 }, 0, D);
      expectAreas(run([holed], [{ polys: [[rect(3, 3, 5, 5)]], cls: 'a' }], shift), 96, { a: 3 }, 93, D);
      const parcel: Poly = [rect(0, 0, 10, 10), rect(2, 2, 8, 8)];
      expectAreas(run([[rect(3, 3, 5, 5)]], [{ polys: [parcel], cls: 'a' }], shift), 4, {}, 4, D);
      expectAreas(run([[rect(2, 2, 8, 8)]], [{ polys: [parcel], cls: 'a' }], shift), 36, {}, 36, D);
      expectAreas(run([[rect(1, 1, 9, 9)]], [{ polys: [parcel], cls: 'a' }], shift), 64, { a: 28 }, 36, D);
      // The hole filled by another parcel (a "donut and its hole" tessellation).
      expectAreas(
        run([[rect(1, 1, 9, 9)]], [
          { polys: [parcel], cls: 'a' },
          { polys: [[rect(2, 2, 8, 8)]], cls: 'b' },
        ], shift),
        64,
        { a: 28, b: 36 },
        0,
        D,
      );
    });

    it('multipart patch and multipart parcel', () => {
      const patch = [[rect(0, 0, 1, 1)], [rect(2, 0, 3, 1)]];
      expectAreas(run(patch, [{ polys: [[rect(0.5, 0, 2.5, 1)]], cls: 'a' }], shift), 2, { a: 1 }, 1, D);
      const parcel: Poly[] = [[rect(0, 0, 0.25, 1)], [rect(2.75, 0, 4, 1)]];
      expectAreas(run(patch, [{ polys: parcel, cls: 'a' }], shift), 2, { a: 0.5 }, 1.5, D);
    });

    it('a patch straddling two tessellating parcels of one class counts the shared edge once', () => {
      const left: Feat = { polys: [[rect(0, 0, 5, 10)]], cls: 'a' };
      const right: Feat = { polys: [[rect(5, 0, 10, 10)]], cls: 'a' };
      expectAreas(run([[rect(2, 2, 8, 8)]], [left, right], shift), 36, { a: 36 }, 0, D);
      // Patch edge on the shared edge.
      expectAreas(run([[rect(5, 2, 8, 8)]], [left, right], shift), 18, { a: 18 }, 0, D);
      // Different classes.
      expectAreas(run([[rect(2, 2, 8, 8)]], [left, { ...right, cls: 'b' }], shift), 36, { a: 18, b: 18 }, 0, D);
      // T-junction: the left parcel has an extra vertex on the shared edge, the right one does not.
      const leftT: Feat = {
        polys: [
          [
            [
              [0, 0],
              [5, 0],
              [5, 5],
              [5, 10],
              [0, 10],
            ],
          ],
        ],
        cls: 'a',
      };
      expectAreas(run([[rect(2, 2, 8, 8)]], [leftT, right], shift), 36, { a: 36 }, 0, D);
      // Three parcels meeting at a vertex that lies on the patch boundary.
      const q1: Feat = { polys: [[rect(0, 0, 5, 5)]], cls: 'a' };
      const q2: Feat = { polys: [[rect(5, 0, 10, 5)]], cls: 'b' };
      const q3: Feat = { polys: [[rect(0, 5, 10, 10)]], cls: 'c' };
      expectAreas(run([[rect(5, 5, 8, 8)]], [q1, q2, q3], shift), 9, { c: 9 }, 0, D);
      expectAreas(run([[rect(3, 3, 5, 5)]], [q1, q2, q3], shift), 4, { a: 4 }, 0, D);
      expectAreas(run([[rect(2, 2, 8, 8)]], [q1, q2, q3], shift), 36, { a: 9, b: 9, c: 18 }, 0, D);
    });

    it('overlapping features of one class are counted once; other classes may overlap', () => {
      const p = [[rect(0, 0, 10, 10)]];
      expectAreas(
        run(p, [
          { polys: [[rect(0, 0, 6, 10)]], cls: 'ok' },
          { polys: [[rect(4, 0, 10, 10)]], cls: 'ok' },
        ], shift),
        100,
        { ok: 100 },
        0,
        D,
      );
      expectAreas(
        run(p, [
          { polys: [[rect(0, 0, 5, 5)]], cls: 'ok' },
          { polys: [[rect(0, 0, 5, 5)]], cls: 'ok' },
        ], shift),
        100,
        { ok: 25 },
        75,
        D,
      );
      const r = run(p, [
        { polys: [[rect(0, 0, 6, 10)]], cls: 'x' },
        { polys: [[rect(4, 0, 10, 5)]], cls: 'y' },
      ], shift);
      expectAreas(r, 100, { x: 60, y: 30 }, 100 - 80, D);
      expect(r.covered).toBeCloseTo(80, D);
    });

    it('bow-tie patch and bow-tie parcel count both lobes (even-odd) and are reported', () => {
      const bow = bowTie(10);
      let r = run([[bow]], [{ polys: [[rect(0, 0, 10, 10)]], cls: 'a' }], shift);
      expectAreas(r, 50, { a: 50 }, 0, D);
      expect(r.repairs.map((x) => [x.layer, x.kind, x.crossings])).toEqual([['patches', 'self-intersection', 1]]);
      r = run([[bow]], [{ polys: [[rect(0, 0, 5, 10)]], cls: 'a' }], shift);
      expectAreas(r, 50, { a: 25 }, 25, D);
      r = run([[rect(0, 0, 10, 5)]], [{ polys: [[bow]], cls: 'a' }], shift);
      // Lower half of the bow-tie: the triangles (0,0)-(5,5)-(0,5)... cut at y = 5: 12.5 + 12.5.
      expectAreas(r, 50, { a: 25 }, 25, D);
      expect(r.repairs.map((x) => [x.layer, x.kind])).toEqual([['layer', 'self-intersection']]);
    });

    it('a bow-tie patch over 32 rectangles in two classes: both lobes, half in each class', () => {
      // The lobes are the triangles (0,0)-(4,4)-(0,8) and (8,8)-(4,4)-(8,0): 16 each. The 1 × 2 rectangles tile
      // [0,8]² in a checkerboard of classes a and b; the reflection x → 8 − x maps the bow-tie onto itself and each
      // rectangle onto one of the other class, so each class holds half of 32. About 80 active edges: the noder
      // compares pairs of blocks of edges here, and the crossing of the patch's own edges 0 and 2 lies within one
      // block.
      const bow = bowTie(8);
      const feats: Feat[] = [];
      for (let i = 0; i < 8; i++) for (let r = 0; r < 4; r++) feats.push({ polys: [[rect(i, 2 * r, i + 1, 2 * r + 2)]], cls: (i + r) % 2 === 0 ? 'a' : 'b' });
      const res = run([[bow]], feats, shift);
      expectAreas(res, 32, { a: 16, b: 16 }, 0, D);
      expect(res.covered).toBeCloseTo(32, D);
    });

    it('a self-crossing parcel whose crossing lies outside the patch box, on an edge that enters it', () => {
      // X: (0,0) → (20,1) → (20,3) → (4,3) → (2,-1). Its edge (4,3) → (2,-1) crosses (0,0) → (20,1) at x ≈ 2.56,
      // far left of the patch [10,12]×[0,2], which only (0,0) → (20,1) enters. Even-odd, the part of the patch above
      // the line y = x/20 is inside X: 2·2 − (12² − 10²)/40 = 2.9, by hand. The crossing must reach the edge's labels
      // although the crossing edge never meets the patch box.
      const x: Ring = [
        [0, 0],
        [20, 1],
        [20, 3],
        [4, 3],
        [2, -1],
      ];
      let r = run([[rect(10, 0, 12, 2)]], [{ polys: [[x]], cls: 'a' }], shift);
      expectAreas(r, 4, { a: 2.9 }, 1.1, D);
      expect(r.repairs.map((q) => [q.layer, q.kind])).toEqual([['layer', 'self-intersection']]);
      // The patch ring started at its top right corner: the result's first measured point is then off the piece on
      // X's edge, so that piece's direction shows in the planar sum (above, it starts at that point).
      const patchFromTopRight: Ring = [
        [12, 2],
        [10, 2],
        [10, 0],
        [12, 0],
      ];
      r = run([[patchFromTopRight]], [{ polys: [[x]], cls: 'a' }], shift);
      expectAreas(r, 4, { a: 2.9 }, 1.1, D);
    });

    it('spikes add nothing; self-overlapping parts cancel (XOR)', () => {
      const outSpike: Ring = [
        [0, 0],
        [10, 0],
        [10, 5],
        [15, 5],
        [10, 5],
        [10, 10],
        [0, 10],
      ];
      let r = run([[outSpike]], [{ polys: [[rect(0, 0, 12, 10)]], cls: 'a' }, { polys: [[rect(10, 0, 20, 10)]], cls: 'b' }], shift);
      expectAreas(r, 100, { a: 100 }, 0, D);
      expect(r.repairs[0].kind).toBe('overlapping-edges');
      const inSpike: Ring = [
        [0, 0],
        [10, 0],
        [10, 5],
        [5, 5],
        [10, 5],
        [10, 10],
        [0, 10],
      ];
      r = run([[inSpike]], [{ polys: [[rect(5, 0, 10, 10)]], cls: 'a' }], shift);
      expectAreas(r, 100, { a: 50 }, 50, D);
      // Two parts overlapping in [5,10]²: 100 + 100 − 2·25.
      r = run([[rect(0, 0, 10, 10)], [rect(5, 5, 15, 15)]], [{ polys: [[rect(0, 0, 20, 20)]], cls: 'a' }], shift);
      expectAreas(r, 150, { a: 150 }, 0, D);
      // A part inside another part of the same feature becomes a hole.
      r = run([[rect(0, 0, 10, 10)], [rect(2, 2, 4, 4)]], [{ polys: [[rect(0, 0, 3, 10)]], cls: 'a' }], shift);
      expectAreas(r, 96, { a: 28 }, 68, D);
      expect(r.repairs[0].kind).toBe('nesting');
    });

    it('a parcel vertex exactly on a slanted patch edge (T-junction at non-integer coordinates)', () => {
      // Patch edge (0,0)→(12,3) contains (4,1) and (8,2) exactly.
      const patch: Ring = [
        [0, 0],
        [12, 3],
        [0, 3],
      ];
      const parcel: Ring = [
        [4, 1],
        [8, 2],
        [8, 5],
        [4, 5],
      ];
      // Patch ∩ parcel: quad (4,1),(8,2),(8,3),(4,3): area = 4·(2+1)/2... trapezoid with parallel sides 2 and 1.
      expectAreas(run([[patch]], [{ polys: [[parcel]], cls: 'a' }], shift), 18, { a: 6 }, 12, D);
    });

    it('a neighbour sharing edges with a feature whose two parts touch at a vertex, every ring start and order', () => {
      // A = [0,1]² ∪ [1,2]×[1,2] (parts touching at (1,1), a valid multipolygon), B = [1,2]×[0,1], patch
      // [-1,3]²: A 2, B 1, covered 3, by hand. B shares an edge with each part of A; whichever feature comes
      // second has its shared edges merged into the first's, so the touching vertex must still carry the
      // other operand for the part that does not own the merged edge.
      const sq = (x: number, y: number): Ring => [[x, y], [x + 1, y], [x + 1, y + 1], [x, y + 1]];
      const rot = (r: Ring, k: number): Ring => [...r.slice(k), ...r.slice(0, k)];
      for (const bFirst of [false, true]) {
        for (let k = 0; k < 64; k++) {
          const a: Feat = { polys: [[rot(sq(0, 0), k % 4)], [rot(sq(1, 1), (k >> 2) % 4)]], cls: 'a' };
          const b: Feat = { polys: [[rot(sq(1, 0), k >> 4)]], cls: 'b' };
          const r = run([[rect(-1, -1, 3, 3)]], bFirst ? [b, a] : [a, b], shift);
          expectAreas(r, 16, { a: 2, b: 1 }, 13, D);
        }
      }
    });

    it('a candidate edge equal to a patch edge, either way round, with another feature of its class crossing that edge', () => {
      // Patch [0,10]²; T shares the patch's bottom edge (0,0)→(10,0): T = [0,10]×[0,5] runs it the same way, T' =
      // [0,10]×[-5,0] the other way. U = [7,12]×[-2,2] crosses the bottom edge at x = 7 and holds its end (10,0), so
      // U's labels there differ from those at its start. T and U (or T' and U) are of one class: by hand,
      // a = |P ∩ (T ∪ U)| = 50 (U's part [7,10]×[0,2] lies in T) and |P ∩ (T' ∪ U)| = 6. Every ring start, both
      // feature orders, and a neighbour of another class sharing T's top edge.
      const rot = (r: Ring, k: number): Ring => [...r.slice(k), ...r.slice(0, k)];
      for (const [t, want] of [
        [rect(0, 0, 10, 5), 50],
        [rect(0, -5, 10, 0), 6],
      ] as const) {
        for (let k = 0; k < 64; k++) {
          const T: Feat = { polys: [[rot(t, k % 4)]], cls: 'a' };
          const U: Feat = { polys: [[rot(rect(7, -2, 12, 2), (k >> 2) % 4)]], cls: 'a' };
          const N: Feat = { polys: [[rot(rect(0, 5, 10, 8), k >> 4)]], cls: 'b' };
          const feats = k % 2 === 0 ? [T, U, N] : [U, N, T];
          expectAreas(run([[rot(rect(0, 0, 10, 10), (k >> 3) % 4)]], feats, shift), 100, { a: want, b: 30 }, 70 - want, D);
        }
      }
    });

    it('a patch over tens of classes (the area sink bit masks up to 30 groups, its plain loop above)', () => {
      // N unit strips [i, i+1] × [0, 5] of N classes under the patch [−0.5, N + 0.5] × [1, 4]: by hand each class
      // gets 1 × 3, the patch 3N + 3, of which 3 uncovered. The kernel has a group per class plus one for all.
      for (const n of [29, 30, 31, 45]) {
        const feats: Feat[] = Array.from({ length: n }, (_, i) => ({ polys: [[rect(i, 0, i + 1, 5)]], cls: `s${String(i).padStart(2, '0')}` }));
        const parts = Object.fromEntries(feats.map((f) => [f.cls!, 3]));
        expectAreas(run([[rect(-0.5, 1, n + 0.5, 4)]], feats, shift), 3 * n + 3, parts, 3, D);
      }
    });
  });
}
