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
 * in the last place for ~14 % of inputs (e.g. 190 m² → 0.28500000000000003). Exact integer arithmetic
 * without strings or BigInt for areas of 1 m² to 10¹⁵ m² (see shortestDecimal, timesFifteenParts).
 *
 * @example
 * toMu(1.7);  // 0.00255
 * toMu(4890); // 7.335 — and roundHalfAwayFromZero(toMu(4890), 2) === 7.34
 */
export function toMu(m2: number): number {
  if (!Number.isFinite(m2)) return m2 * 0.0015;
  if (m2 === 0) return 0;
  const x = m2 < 0 ? -m2 : m2;
  // Areas of 1 m² to 10¹⁵ m² find their shortest decimal by arithmetic (shortestDecimal); the rare value it
  // cannot decide, and any other magnitude, reads it from String(x).
  let mu = x >= 1 && x < 1e15 && shortestDecimal(x) ? timesFifteenParts(SHORT_A, SHORT_B, -SHORT_S - 4) : NaN;
  if (mu !== mu) mu = toMuByString(x);
  return m2 < 0 ? -mu : mu;
}

/** toMu of a finite x > 0, reading the digits of its shortest decimal from String(x). */
function toMuByString(x: number): number {
  const text = String(x);
  let nd = 0;
  let exp10 = 0;
  let frac = 0;
  let afterDot = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 46 /* . */) {
      afterDot = true;
      continue;
    }
    if (ch === 101 /* e */) {
      exp10 = Number(text.slice(i + 1));
      break;
    }
    if (afterDot) frac++;
    if (nd === 0 && ch === 48) continue;
    DIGITS[nd++] = ch - 48;
  }
  return timesFifteenShifted(nd, exp10 - frac - 4);
}

/** Decimal digits of the number toMu is converting (at most 17: the shortest round-trip form of a double). */
const DIGITS = new Uint8Array(32);

/** The integer of DIGITS[from..to). Exact below 2^53 (at most 15 digits here). */
function digitsValue(from: number, to: number): number {
  let v = 0;
  for (let i = from; i < to; i++) v = v * 10 + DIGITS[i];
  return v;
}

/** 10^0 … 10^22: the powers of ten that are exact doubles. */
const POW10 = Array.from({ length: 23 }, (_, i) => Number(`1e${i}`));
/** 10^0 … 10^16 split for Dekker's exact product (hi + lo = 10^s, each half of the bits). */
const POW10_HI = new Float64Array(17);
const POW10_LO = new Float64Array(17);
for (let s = 0; s <= 16; s++) {
  const c = 134217729 * POW10[s];
  POW10_HI[s] = c - (c - POW10[s]);
  POW10_LO[s] = POW10[s] - POW10_HI[s];
}
/** One double and its two 32-bit words, in the platform's byte order. */
const WORD_F64 = new Float64Array(1);
const WORD_U32 = new Uint32Array(WORD_F64.buffer);
const HI = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;
const LO = 1 - HI;

/** The result of {@link shortestDecimal}: N = SHORT_A·10⁹ + SHORT_B, the decimal being N·10^−SHORT_S. */
let SHORT_A = 0;
let SHORT_B = 0;
let SHORT_S = 0;

/**
 * The shortest decimal that reads back as x (1 ≤ x < 10¹⁵), as ECMAScript Number::toString chooses it — the
 * fewest significant digits, and of those the one nearest x (ECMA-262 §6.1.6.1.20, note 2, which V8 follows) —
 * by exact arithmetic instead of a string: for k = 15, 16, 17 digits, the k-digit decimal nearest x, N·10^−s
 * with N = round(x·10^s), reads back as x exactly when |N − x·10^s| is below half a unit in the last place of x,
 * scaled by 10^s. x·10^s is formed exactly by Dekker's product (10^s ≤ 10¹⁶ is an exact double). The first k that
 * reads back gives the decimal: with 15 digits the spacing of the decimals (≥ x·10⁻¹⁵) exceeds the width of x's
 * rounding interval (≤ x·2⁻⁵²), so a decimal of at most 15 digits that reads back is the only one, and it is the
 * nearest; with 16 or 17 the nearest is the one chosen, as the interval is symmetric about x. Returns false —
 * undecided, the caller asks String(x) — for a power of two (its interval is not symmetric), a nearest decimal
 * that is a tie, and a residual within 10⁻⁹ of a threshold, where its own rounding could matter. Sets SHORT_*.
 */
function shortestDecimal(x: number): boolean {
  WORD_F64[0] = x;
  const hiWord = WORD_U32[HI];
  if ((hiWord & 0xfffff) === 0 && WORD_U32[LO] === 0) return false;
  const eb = (hiWord >>> 20) & 0x7ff;
  // Half a unit in the last place of x.
  WORD_U32[HI] = (eb - 53) << 20;
  WORD_U32[LO] = 0;
  const halfUlp = WORD_F64[0];
  // floor(log10 x) from the binary exponent (log10 2 < 0.30103), corrected once.
  let e10 = Math.floor((eb - 1023) * 0.30103);
  if (x >= POW10[e10 + 1]) e10++;
  else if (x < POW10[e10]) e10--;
  const xc = 134217729 * x;
  const xh = xc - (xc - x);
  const xl = x - xh;
  for (let k = 15; k <= 17; k++) {
    const s = k - 1 - e10;
    const t = POW10[s];
    const th = POW10_HI[s];
    const tl = POW10_LO[s];
    // x·10^s = ph + pl exactly.
    const ph = x * t;
    const pl = xl * tl - (((ph - xh * th) - xl * th) - xh * tl);
    // N = nh + a: nh the integer nearest ph (ph itself from 2^52 up), a the integer nearest the rest.
    const nh = ph < 4503599627370496 ? Math.round(ph) : ph;
    const rest = ph - nh + pl;
    const a = Math.round(rest);
    const r = a - rest;
    const ar = r < 0 ? -r : r;
    if (ar > 0.5 - 1e-9) return false;
    const h = halfUlp * t;
    if (ar > h * (1 - 1e-9)) {
      if (ar < h * (1 + 1e-9)) return false;
      continue;
    }
    // N < 10¹⁷: nh − A·10⁹ is an integer below 2^53, so exact.
    let A = Math.floor(nh / 1e9);
    let B = nh - A * 1e9 + a;
    while (B < 0) {
      B += 1e9;
      A--;
    }
    while (B >= 1e9) {
      B -= 1e9;
      A++;
    }
    SHORT_A = A;
    SHORT_B = B;
    SHORT_S = s;
    return true;
  }
  return false;
}

/** The decimal N·15·10^k (N = DIGITS[0..n)) rounded once to the nearest double, by exact integer arithmetic. */
function timesFifteenExact(n: number, k: number): number {
  let digits = '';
  for (let i = 0; i < n; i++) digits += String.fromCharCode(48 + DIGITS[i]);
  return Number(`${BigInt(digits) * 15n}e${k}`);
}

/**
 * N·15·10^k rounded once to the nearest double (N = DIGITS[0..n), at most 17 of them, as toMu reads them), without
 * BigInt where possible (see {@link timesFifteenParts}); the exact path where that cannot decide.
 */
function timesFifteenShifted(n: number, k: number): number {
  if (k < -22 || k > 22) return timesFifteenExact(n, k);
  if (n <= 15) {
    const v = digitsValue(0, n) * 15;
    if (v <= 9007199254740992) return k < 0 ? v / POW10[-k] : v * POW10[k];
  }
  // 15 digits with N·15 above 2^53 (N ≥ 6.0·10¹⁴) come here too.
  if (k >= 0 || n > 17 || n < 15) return timesFifteenExact(n, k);
  const q = timesFifteenParts(digitsValue(0, n - 9), digitsValue(n - 9, n), k);
  return q === q ? q : timesFifteenExact(n, k);
}

/**
 * N·15·10^k rounded once to the nearest double, for N = a·10⁹ + b < 10¹⁷ (0 ≤ b < 10⁹) and −22 ≤ k < 0; NaN
 * where it cannot decide.
 * - N·15 up to 2^53: one IEEE division of two exact doubles, which is correctly rounded (W. D. Clinger, "How to
 *   Read Floating Point Numbers Accurately", PLDI 1990, the fast path).
 * - Above: N·15 is held exactly as hi + lo, the quotient q = fl(hi / 10^−k) is formed and the exact residual
 *   (hi + lo) − q·10^−k (Dekker's exact product, T. J. Dekker, "A floating-point technique for extending the
 *   available precision", Numer. Math. 18, 1971) says whether q or its neighbour is the nearest double. Within
 *   10^−9 of half a unit in the last place — where the residual's own rounding could matter, including exact
 *   ties — NaN: the exact BigInt path decides.
 */
function timesFifteenParts(a: number, b: number, k: number): number {
  const p = POW10[-k];
  if (a < 600000) {
    const v = (a * 1e9 + b) * 15;
    if (v <= 9007199254740992) return v / p;
  }
  // 15a·10⁹ = (15a·5⁹)·2⁹ with 15a·5⁹ < 2^53 (a < 10⁸), so hi is exact; lo = 15b < 1.5·10¹⁰ is exact; from
  // N·15 > 2^53 on, hi > 9·10¹⁵ > lo, so Fast2Sum gives hi + lo = sh + sl exactly.
  const hi = 15 * a * 1e9;
  const lo = 15 * b;
  const sh = hi + lo;
  const sl = lo - (sh - hi);
  const q = sh / p;
  // q·p = ph + pl exactly (Dekker's split at 2^27 + 1; no overflow at these magnitudes).
  const ph = q * p;
  const qc = 134217729 * q;
  const qh = qc - (qc - q);
  const ql = q - qh;
  const pc = 134217729 * p;
  const phh = pc - (pc - p);
  const pll = p - phh;
  const pl = ql * pll - (((ph - qh * phh) - ql * phh) - qh * pll);
  // sh − ph is exact (Sterbenz: ph is within a few units of sh); the rest is tiny next to half an ulp.
  const r = sh - ph + (sl - pl);
  WORD_F64[0] = q;
  const hiWord = WORD_U32[HI];
  const loWord = WORD_U32[LO];
  const e = (hiWord >>> 20) & 0x7ff;
  if (e <= 53) return NaN;
  WORD_U32[HI] = (e - 52) << 20;
  WORD_U32[LO] = 0;
  const ulp = WORD_F64[0];
  const half = (ulp * p) / 2;
  const ar = r < 0 ? -r : r;
  // Below a power of two the next double down is half a unit away, so q is nearest only within a quarter unit.
  const powerOfTwo = (hiWord & 0xfffff) === 0 && loWord === 0;
  if (ar < (r < 0 && powerOfTwo ? half / 2 : half) * (1 - 1e-9)) return q;
  // Off by one unit, towards r — unless q is a power of two and r < 0 (the unit below it is half as large).
  if (ar > half * (1 + 1e-9) && ar < 3 * half * (1 - 1e-9) && !(r < 0 && powerOfTwo)) return r > 0 ? q + ulp : q - ulp;
  return NaN;
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
