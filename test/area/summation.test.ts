/** Compensated summation and the error-free product, against exact BigInt arithmetic. */
import { describe, expect, it } from 'vitest';
import { CompensatedSum, compensatedSum, productError } from '../../src/area/summation.js';
import { decompose, scaled, toNumber } from './exact.js';
import { prng } from './helpers.js';

describe('productError', () => {
  it('recovers the rounding error of a·b exactly', () => {
    const rng = prng(21);
    const S = 200;
    for (let i = 0; i < 5000; i++) {
      const a = (rng() - 0.5) * 10 ** (8 * rng());
      const b = (rng() - 0.5) * 10 ** (8 * rng());
      const p = a * b;
      const e = productError(a, b);
      // a·b exactly, vs p + e exactly (all are multiples of 2^-S here).
      const A = decompose(a);
      const B = decompose(b);
      const exact = A.num * B.num * (1n << BigInt(A.exp + B.exp + S));
      expect(scaled(p, S) + scaled(e, S)).toBe(exact);
    }
  });
});

describe('compensated summation', () => {
  it('sums ill-conditioned sequences to the correctly rounded result (within 1 ulp) where naive summation fails', () => {
    const rng = prng(22);
    const S = 1100;
    let naiveBad = 0;
    for (let k = 0; k < 200; k++) {
      const xs: number[] = [];
      for (let i = 0; i < 50; i++) {
        const big = (rng() - 0.5) * 10 ** (10 + 6 * rng());
        xs.push(big, -big + (rng() - 0.5)); // large terms cancelling to O(1)
      }
      let exact = 0n;
      for (const x of xs) exact += scaled(x, S);
      const want = toNumber(exact, S);
      const acc = new CompensatedSum();
      for (const x of xs) acc.add(x);
      const tol = Math.abs(want) * 2.3e-16;
      expect(Math.abs(acc.value - want)).toBeLessThanOrEqual(tol);
      expect(Math.abs(compensatedSum(xs) - want)).toBeLessThanOrEqual(tol);
      const naive = xs.reduce((s, x) => s + x, 0);
      if (Math.abs(naive - want) > tol) naiveBad++;
    }
    expect(naiveBad).toBeGreaterThan(100);
  });

  it('resets and sums sub-ranges', () => {
    const acc = new CompensatedSum();
    acc.add(1e16);
    acc.add(1);
    acc.add(-1e16);
    expect(acc.value).toBe(1);
    acc.reset();
    expect(acc.value).toBe(0);
    expect(compensatedSum([9, 0.1, 0.2, 0.3, 9], 1, 4)).toBe(0.6);
  });
});
