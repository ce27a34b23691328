import { describe, expect, it } from 'vitest';
import { multiPolygonArea, polygonArea, ringSignedArea } from '../../conformance/area.js';
import { toJsts } from '../../conformance/jsts.js';

// Expected values are computed by hand (base × height / 2, rectangle sides) or by jsts's getArea.
describe('ringSignedArea', () => {
  it('is positive counter-clockwise and negative clockwise', () => {
    const ccw = [[0, 0], [2, 0], [2, 1], [0, 1], [0, 0]];
    expect(ringSignedArea(ccw)).toBe(2);
    expect(ringSignedArea([...ccw].reverse())).toBe(-2);
  });

  it('gives the same area for an open ring as for the closed one', () => {
    expect(ringSignedArea([[0, 0], [4, 0], [0, 3]])).toBe(6);
    expect(ringSignedArea([[0, 0], [4, 0], [0, 3], [0, 0]])).toBe(6);
  });

  it('is zero for rings with fewer than three positions', () => {
    expect(ringSignedArea([])).toBe(0);
    expect(ringSignedArea([[1, 1], [2, 2]])).toBe(0);
  });

  it('keeps a unit square exact at Gauss–Krüger prefixed coordinates', () => {
    // 39 500 000.5 m easting (zone-prefixed), 4 000 000.25 m northing: all values exactly representable.
    const x = 39500000.5;
    const y = 4000000.25;
    expect(ringSignedArea([[x, y], [x + 1, y], [x + 1, y + 1], [x, y + 1], [x, y]])).toBe(1);
  });

  it('resolves a sliver far from the origin that raw-coordinate shoelace gets wrong', () => {
    const x = 39500000;
    const y = 4000000;
    const top = y + 1e-6;
    const h = top - y; // exact (Sterbenz): the representable height of the apex
    const ring = [[x, y], [x + 1000, y], [x, top], [x, y]];
    // Hand computation: base 1000 × height h / 2.
    expect(ringSignedArea(ring)).toBeCloseTo(500 * h, 15);
    let naive = 0;
    for (let i = 0; i < 3; i++) naive += ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1];
    // Why the shift is needed: the raw products (~1.6e14) round to ~0.03, swamping the 5e-4 area.
    expect(Math.abs(naive / 2 - 500 * h)).toBeGreaterThan(0.1 * 500 * h);
  });
});

describe('polygonArea / multiPolygonArea', () => {
  const square4 = [[0, 0], [4, 0], [4, 4], [0, 4], [0, 0]];
  const holeCW = [[1, 1], [1, 2], [2, 2], [2, 1], [1, 1]];

  it('subtracts holes whatever their orientation', () => {
    expect(polygonArea([square4, holeCW])).toBe(15);
    expect(polygonArea([square4, [...holeCW].reverse()])).toBe(15);
    expect(polygonArea([[...square4].reverse(), holeCW])).toBe(15);
  });

  it('sums the polygons of a multipolygon', () => {
    // 15 (square with hole) + 6 (right triangle 4 × 3) + L-shape 3×1 + 1×2 = 5
    const tri = [[10, 0], [14, 0], [10, 3], [10, 0]];
    const ell = [[20, 0], [23, 0], [23, 1], [21, 1], [21, 3], [20, 3], [20, 0]];
    expect(multiPolygonArea([[square4, holeCW], [tri], [ell]])).toBe(26);
    expect(multiPolygonArea([])).toBe(0);
    expect(polygonArea([])).toBe(0);
  });

  it('agrees with jsts getArea on irregular polygons with holes', () => {
    const poly = [
      [[301949.68, 2767249.16], [301936.52, 2767241.28], [301938.87, 2767237.43], [301952.47, 2767245.59], [301950.74, 2767247.81], [301949.68, 2767249.16]],
    ];
    const holed = [
      [[0.5, 0.25], [10.125, -1.5], [12.75, 7.375], [3.5, 9.875], [-1.25, 4.5], [0.5, 0.25]],
      [[2, 2], [3, 5], [6, 4], [5, 2.5], [2, 2]],
    ];
    for (const p of [poly, holed]) {
      const ref = toJsts([p]).getArea();
      expect(Math.abs(polygonArea(p) - ref)).toBeLessThanOrEqual(1e-9 * ref);
    }
  });
});
