/**
 * Compensated summation and error-free products, the numerical building blocks of the area code.
 *
 * - Neumaier's improved Kahan–Babuška summation (A. Neumaier, "Rundungsfehleranalyse einiger Verfahren zur
 *   Summation endlicher Summen", ZAMM 54 (1974) 39–51): the result is as if summed in twice the working
 *   precision, then rounded once, whatever the order and magnitudes of the terms.
 * - Dekker's error-free product (T. J. Dekker, "A floating-point technique for extending the available
 *   precision", Numer. Math. 18 (1971) 224–242), with Veltkamp's splitting, since JavaScript has no FMA.
 */

/**
 * A running sum with Neumaier compensation. Reuse one instance with {@link CompensatedSum.reset} in hot
 * loops; it allocates nothing per term.
 *
 * @example
 * const s = new CompensatedSum();
 * s.add(1e16); s.add(1); s.add(-1e16);
 * s.value; // 1 (naive summation gives 0)
 */
export class CompensatedSum {
  private s = 0;
  private c = 0;

  /** Adds one term. */
  add(x: number): void {
    const s = this.s;
    const t = s + x;
    // The rounding error of s + x, recovered exactly (Neumaier's branch on the larger magnitude).
    if (Math.abs(s) >= Math.abs(x)) this.c += s - t + x;
    else this.c += x - t + s;
    this.s = t;
  }

  /** The compensated sum so far. */
  get value(): number {
    return this.s + this.c;
  }

  /** Back to zero. */
  reset(): void {
    this.s = 0;
    this.c = 0;
  }
}

/**
 * Compensated sum of `values[start..end)`.
 *
 * @example
 * compensatedSum([0.1, 0.2, 0.3]); // 0.6 (naive: 0.6000000000000001)
 */
export function compensatedSum(values: ArrayLike<number>, start = 0, end = values.length): number {
  let s = 0;
  let c = 0;
  for (let i = start; i < end; i++) {
    const x = values[i]!;
    const t = s + x;
    if (Math.abs(s) >= Math.abs(x)) c += s - t + x;
    else c += x - t + s;
    s = t;
  }
  return s + c;
}

/** 2^27 + 1: Veltkamp's splitting constant for binary64. */
const SPLITTER = 134217729;

/**
 * The rounding error of the product a·b: returns e with a·b = fl(a·b) + e exactly (Dekker 1971), provided
 * no overflow or underflow occurs (|a|, |b| < 2^996 and the product is not subnormal).
 *
 * @example
 * const p = 0.1 * 0.3, e = productError(0.1, 0.3); // p + e is exactly 0.1·0.3 (of the two doubles)
 */
export function productError(a: number, b: number, p: number = a * b): number {
  let t = SPLITTER * a;
  const ah = t - (t - a);
  const al = a - ah;
  t = SPLITTER * b;
  const bh = t - (t - b);
  const bl = b - bh;
  return ah * bh - p + ah * bl + al * bh + al * bl;
}
