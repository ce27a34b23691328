/**
 * Units and rounding. Oracle: inputs are generated as decimals first (integer digits and a scale), so the
 * exact decimal result — what the user means — is computed on integers, independently of String().
 */
import { describe, expect, it } from 'vitest';
import { roundHalfAwayFromZero, toHectare, toMu } from '../../src/area/units.js';
import { InputError } from '../../src/errors.js';
import { prng } from './helpers.js';

/** A random decimal n·10^-scale (as the user would type it) and its parts. */
function randomDecimal(rng: () => number): { x: number; n: bigint; scale: number; neg: boolean } {
  const digits = 1 + Math.floor(rng() * 15);
  const scale = Math.floor(rng() * 8);
  const n = BigInt(Math.floor(rng() * 10 ** digits));
  const neg = rng() < 0.2;
  return { x: Number(`${neg ? '-' : ''}${n}e-${scale}`), n, scale, neg };
}

describe('toMu', () => {
  it('is the double nearest to the exact decimal product m² × 0.0015, for random decimals', () => {
    const rng = prng(11);
    for (let i = 0; i < 20_000; i++) {
      const { x, n, scale, neg } = randomDecimal(rng);
      const want = n === 0n ? 0 : Number(`${neg ? '-' : ''}${n * 15n}e-${scale + 4}`);
      expect(toMu(x)).toBe(want);
    }
  });

  it('reads the input as written: 1.7 m² is 0.00255 亩, 190 m² is 0.285 亩, 4890 m² is 7.335 亩', () => {
    expect(toMu(1.7)).toBe(0.00255);
    expect((1.7 * 3) / 2000).not.toBe(0.00255); // 0.0025499999999999997 → would round to 0.0025
    expect(roundHalfAwayFromZero(toMu(1.7), 4)).toBe(0.0026);
    expect(toMu(190)).toBe(0.285);
    expect(190 * 0.0015).not.toBe(0.285); // 0.28500000000000003
    expect(toMu(4890)).toBe(7.335);
    expect(roundHalfAwayFromZero(toMu(4890), 2)).toBe(7.34);
    expect(toMu(-4890)).toBe(-7.335);
    expect(toMu(0)).toBe(0);
    expect(Number.isNaN(toMu(NaN))).toBe(true);
    expect(toMu(Infinity)).toBe(Infinity);
  });

  it('for arbitrary computed doubles (16–17 significant digits) equals the exact BigInt product of the shortest decimal', () => {
    // The definition, spelled out here on its own: String(x) is the shortest decimal that reads back as x
    // (ECMAScript Number::toString); its digits times 15, shifted by four places, read by Number() (correctly
    // rounded by the spec). toMu takes faster exact paths, and must agree with this to the last bit.
    const definition = (x: number): number => {
      const [mant, e = '0'] = String(x).split('e');
      const [int, frac = ''] = mant.split('.');
      return Number(`${BigInt(int + frac) * 15n}e${Number(e) - frac.length - 4}`);
    };
    const rng = prng(13);
    let long = 0;
    for (let i = 0; i < 200_000; i++) {
      const x = rng() * 10 ** (16 * rng() - 6);
      if (String(x).replace(/e.*$/, '').replace('.', '').replace(/^0+/, '').length >= 16) long++;
      expect(toMu(x)).toBe(definition(x));
    }
    expect(long).toBeGreaterThan(150_000);
    for (const x of [1e-30, 123456789012345680000, 9.007199254740993e15, 2 ** 60, 0.1 + 0.2, 1e21 / 3]) expect(toMu(x)).toBe(definition(x));
    // Just below a power of two (8000/3 m² ≈ 4 亩, 125/6 m² ≈ 2⁻⁵ 亩), where the next double down is half a unit
    // away: a random sample almost never lands here.
    for (const x of [8000 / 3, 125 / 6]) expect(toMu(x)).toBe(definition(x));
    expect(toMu(8000 / 3)).toBe(3.9999999999999996);
    expect(roundHalfAwayFromZero(toMu(125 / 6), 4)).toBe(0.0312);
  });

  it('finds the shortest decimal of areas from 1 m² to 10¹⁵ m² without String, equal to String at its edges', () => {
    // toMu reads the decimal of 1 ≤ |x| < 10¹⁵ by arithmetic (15, 16 or 17 digits, nearest x); these are the
    // places where that reading could differ from Number::toString's: powers of ten and of two and their
    // neighbours (digit count changes, asymmetric rounding intervals), short decimals (15 digits or fewer),
    // integers, and the ends of the range.
    const definition = (x: number): number => {
      const [mant, e = '0'] = String(x).split('e');
      const [int, frac = ''] = mant.split('.');
      return Number(`${BigInt(int + frac) * 15n}e${Number(e) - frac.length - 4}`);
    };
    const up = (x: number): number => x + x * Number.EPSILON;
    const down = (x: number): number => x - (x * Number.EPSILON) / 2;
    const xs: number[] = [1, up(1), 1e15, down(1e15), 999_999_999_999_999.9, 0.9999999999999999];
    for (let e = 0; e <= 15; e++) xs.push(10 ** e, up(10 ** e), down(10 ** e), 10 ** e - 1e-3, 10 ** e + 0.5);
    for (let e = 0; e <= 50; e++) xs.push(2 ** e, up(2 ** e), down(2 ** e), 2 ** e + 0.25, 2 ** e - 1 / 3);
    const rng = prng(15);
    for (let i = 0; i < 50_000; i++) {
      xs.push(Math.round(rng() * 10 ** (15 * rng())) / 10 ** Math.floor(7 * rng())); // short decimals
      xs.push(Math.floor(rng() * 10 ** (15 * rng()))); // integers
      xs.push(1 + rng() * 10 ** (15 * rng())); // 16–17 digits
    }
    for (const x of xs) {
      if (x === 0) continue;
      expect(toMu(x)).toBe(definition(x));
      expect(toMu(-x)).toBe(-definition(x));
    }
  });

  it('stays within 2 units in the last place of m2 * 0.0015 for arbitrary doubles', () => {
    const rng = prng(12);
    for (let i = 0; i < 5000; i++) {
      const m2 = rng() * 10 ** (12 * rng() - 3);
      const mu = toMu(m2);
      expect(Math.abs(mu - m2 * 0.0015)).toBeLessThanOrEqual(2 * Number.EPSILON * mu);
    }
  });
});

describe('toHectare', () => {
  it('shifts the decimal by four places: the double nearest to m² / 10 000 read as decimals', () => {
    const rng = prng(14);
    for (let i = 0; i < 20_000; i++) {
      const { x, n, scale, neg } = randomDecimal(rng);
      const want = n === 0n ? 0 : Number(`${neg ? '-' : ''}${n}e-${scale + 4}`);
      expect(toHectare(x)).toBe(want);
    }
    expect(toHectare(12_345.6)).toBe(1.23456);
    expect(toHectare(1.7)).toBe(0.00017);
  });
});

describe('roundHalfAwayFromZero', () => {
  it('rounds what the user sees: 2.675 → 2.68, 1.005 → 1.01 (where toFixed and Math.round(x*100)/100 fail)', () => {
    expect((2.675).toFixed(2)).toBe('2.67');
    expect(roundHalfAwayFromZero(2.675, 2)).toBe(2.68);
    expect(Math.round(1.005 * 100) / 100).toBe(1);
    expect(roundHalfAwayFromZero(1.005, 2)).toBe(1.01);
    expect(roundHalfAwayFromZero(-2.675, 2)).toBe(-2.68);
    expect(roundHalfAwayFromZero(2.5, 0)).toBe(3);
    expect(roundHalfAwayFromZero(-2.5, 0)).toBe(-3);
    expect(roundHalfAwayFromZero(0.5, 0)).toBe(1);
    expect(roundHalfAwayFromZero(2.4999, 0)).toBe(2);
    expect(roundHalfAwayFromZero(1.45, 1)).toBe(1.5);
    expect(roundHalfAwayFromZero(9.995, 2)).toBe(10);
    expect(roundHalfAwayFromZero(0.0001, 2)).toBe(0);
    expect(Object.is(roundHalfAwayFromZero(-0.001, 2), 0)).toBe(true);
    expect(Object.is(roundHalfAwayFromZero(-0, 2), 0)).toBe(true);
    expect(roundHalfAwayFromZero(3, 2)).toBe(3);
  });

  it('handles exponent notation and negative decimals', () => {
    expect(roundHalfAwayFromZero(1.5e-7, 7)).toBe(2e-7);
    expect(roundHalfAwayFromZero(1.4e-7, 7)).toBe(1e-7);
    expect(roundHalfAwayFromZero(5e-7, 6)).toBe(1e-6);
    expect(roundHalfAwayFromZero(4.9e-7, 6)).toBe(0);
    expect(roundHalfAwayFromZero(1.2345e21, 2)).toBe(1.2345e21);
    expect(roundHalfAwayFromZero(1234.5, -2)).toBe(1200);
    expect(roundHalfAwayFromZero(1250, -2)).toBe(1300);
    expect(roundHalfAwayFromZero(49, -2)).toBe(0);
    expect(roundHalfAwayFromZero(50, -2)).toBe(100);
    expect(roundHalfAwayFromZero(Infinity, 2)).toBe(Infinity);
    expect(Number.isNaN(roundHalfAwayFromZero(NaN, 2))).toBe(true);
  });

  it('matches integer decimal rounding on random decimals with up to 15 significant digits', () => {
    const rng = prng(13);
    for (let i = 0; i < 20_000; i++) {
      const digits = 1 + Math.floor(rng() * 15);
      const scale = Math.floor(rng() * 8); // decimals of the input
      const n = BigInt(Math.floor(rng() * 10 ** digits));
      const neg = rng() < 0.3;
      const x = Number(`${neg ? '-' : ''}${n}e-${scale}`);
      const d = Math.floor(rng() * (scale + 1));
      // Expected: round n / 10^(scale−d) half away from zero, on integers.
      const div = 10n ** BigInt(scale - d);
      let q = n / div;
      if ((n % div) * 2n >= div && div > 1n) q += 1n;
      const expected = q === 0n ? 0 : Number(`${neg ? '-' : ''}${q}e-${d}`);
      expect(roundHalfAwayFromZero(x, d)).toBe(expected);
    }
  });

  it('rejects decimals that are not integers in range', () => {
    expect(() => roundHalfAwayFromZero(1, 1.5)).toThrow(InputError);
    expect(() => roundHalfAwayFromZero(1, 400)).toThrow(/integer in \[-300, 300\].*400/);
  });
});
