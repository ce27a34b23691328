/**
 * Area units and the rounding used in Chinese land ledgers (domain.md §4): 1 亩 = 2000/3 m², 1 公顷 =
 * 10 000 m²; values are rounded half away from zero at a fixed number of decimals.
 */
import { InputError } from '../errors.js';

/**
 * |x| as the decimal it is written as: the shortest digit string that reads back as the same double
 * (ECMAScript Number::toString), split into integer digits and a power of ten: |x| = digits × 10^exp10.
 * Only for finite, non-zero x.
 *
 * @example
 * decimalOf(2.675); // { digits: '2675', exp10: -3 }
 */
export function decimalOf(x: number): { digits: string; exp10: number } {
  const text = String(x < 0 ? -x : x);
  let mantissa = text;
  let exp10 = 0;
  const e = text.indexOf('e');
  if (e >= 0) {
    mantissa = text.slice(0, e);
    exp10 = Number(text.slice(e + 1));
  }
  const dot = mantissa.indexOf('.');
  if (dot < 0) return { digits: mantissa, exp10 };
  return { digits: mantissa.slice(0, dot) + mantissa.slice(dot + 1), exp10: exp10 - (mantissa.length - dot - 1) };
}

/**
 * Square metres → 亩 (mu): 1 亩 = 2000/3 m², so 亩 = m² × 0.0015 = m² × 15 × 10⁻⁴.
 *
 * The input is taken as the decimal it is written as (see {@link roundHalfAwayFromZero}), multiplied by 15
 * exactly, shifted by four decimal places and rounded once to the nearest double. So 1.7 m² gives exactly
 * the double nearest 0.00255 亩, which then rounds to 0.0026 at 4 decimals. Neither floating-point formula
 * does that: `1.7 * 3 / 2000` and the correctly rounded binary product (the double 1.7 lies below 1.7)
 * give 0.0025499999999999997 → 0.0025; `m2 * 0.0015` happens to give 0.00255 here but is off by one unit
 * in the last place for ~14 % of inputs (e.g. 190 m² → 0.28500000000000003). Costs ~1 µs (string and
 * BigInt work); it is for reporting, not for inner loops.
 *
 * @example
 * toMu(1.7);  // 0.00255
 * toMu(4890); // 7.335 — and roundHalfAwayFromZero(toMu(4890), 2) === 7.34
 */
export function toMu(m2: number): number {
  if (!Number.isFinite(m2)) return m2 * 0.0015;
  if (m2 === 0) return 0;
  const { digits, exp10 } = decimalOf(m2);
  const mu = Number(`${BigInt(digits) * 15n}e${exp10 - 4}`);
  return m2 < 0 ? -mu : mu;
}

/**
 * Square metres → 公顷 (hectares): the decimal the input is written as, shifted by four places and rounded
 * once (so 1.7 m² is the double nearest 0.00017). Same decimal reading as {@link toMu}.
 *
 * @example
 * toHectare(12_345.6); // 1.23456
 */
export function toHectare(m2: number): number {
  if (!Number.isFinite(m2)) return m2 / 10_000;
  if (m2 === 0) return 0;
  const { digits, exp10 } = decimalOf(m2);
  const ha = Number(`${digits}e${exp10 - 4}`);
  return m2 < 0 ? -ha : ha;
}

/**
 * Rounds half away from zero to `decimals` decimal places, on the number as it is written: the shortest
 * decimal string that reads back as the same double (what `String(x)` shows, ECMAScript
 * Number::toString). So 2.675 → 2.68 and 1.005 → 1.01, although the doubles nearest to 2.675 and 1.005 lie
 * just below them, so that `(2.675).toFixed(2)` gives "2.67" and `Math.round(1.005 * 100) / 100` gives 1
 * (the binary value 1.00499999999999989… is not what any ledger, user or input file means). "Half" is thus
 * a 5 in the first dropped digit of the shortest decimal. The result is the double nearest to the rounded
 * decimal; `-0` and negative results that round to zero come back as `0`. Non-finite inputs are returned
 * unchanged. `decimals` may be negative (−2 rounds to hundreds).
 *
 * @example
 * roundHalfAwayFromZero(2.675, 2);  // 2.68
 * roundHalfAwayFromZero(-2.5, 0);   // -3
 * roundHalfAwayFromZero(1234.5, -2); // 1200
 */
export function roundHalfAwayFromZero(x: number, decimals: number): number {
  if (!Number.isInteger(decimals) || decimals < -300 || decimals > 300) {
    throw new InputError(`decimals must be an integer in [-300, 300], got ${String(decimals)}`);
  }
  if (!Number.isFinite(x)) return x;
  if (x === 0) return 0;
  const negative = x < 0;
  const { digits, exp10 } = decimalOf(x);
  // Keep digits down to 10^-decimals: drop `drop` trailing digits.
  const drop = -(exp10 + decimals);
  if (drop <= 0) return x;
  let kept: bigint;
  if (drop > digits.length) kept = 0n;
  else {
    const head = digits.slice(0, digits.length - drop);
    kept = head === '' ? 0n : BigInt(head);
    if (digits.charCodeAt(digits.length - drop) >= 53 /* '5' */) kept += 1n;
  }
  if (kept === 0n) return 0;
  const value = Number(`${kept}e${-decimals}`);
  return negative ? -value : value;
}
