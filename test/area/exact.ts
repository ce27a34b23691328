/** Exact rational helpers for the tests: a finite double as BigInt numerator over a power of two. */

/** x = num · 2^exp exactly (num a BigInt, exp an integer). */
export function decompose(x: number): { num: bigint; exp: number } {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  const sign = bits >> 63n ? -1n : 1n;
  const biased = Number((bits >> 52n) & 0x7ffn);
  let mant = bits & 0xfffffffffffffn;
  let exp: number;
  if (biased === 0) exp = -1074;
  else {
    mant |= 1n << 52n;
    exp = biased - 1075;
  }
  return { num: sign * mant, exp };
}

/** x · 2^shift as an exact BigInt; throws if x is not a multiple of 2^-shift. */
export function scaled(x: number, shift: number): bigint {
  const { num, exp } = decompose(x);
  const e = exp + shift;
  if (e >= 0) return num << BigInt(e);
  const d = 1n << BigInt(-e);
  if (num % d !== 0n) throw new Error(`${x} is not a multiple of 2^-${shift}`);
  return num / d;
}

/** The double nearest to num / 2^shift (num·2^-shift), via exact BigInt → string → Number (correctly rounded). */
export function toNumber(num: bigint, shift: number): number {
  // num / 2^shift = num · 5^shift / 10^shift: an exact decimal, parsed with correct rounding.
  const neg = num < 0n;
  const digits = ((neg ? -num : num) * 5n ** BigInt(shift)).toString();
  const v = Number(`${digits}e-${shift}`);
  return neg ? -v : v;
}
