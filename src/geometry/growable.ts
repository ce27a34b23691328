/** Append-only typed arrays for building layers in one pass without knowing sizes up front. */

/**
 * A copy of `a` with room for at least `n` elements (twice its length when that is more), for arrays that grow
 * in place as a hot loop appends to them.
 *
 * @example
 * if (k === ids.length) ids = growI32(ids, k + 1);
 */
export function growF64(a: Float64Array, n: number): Float64Array<ArrayBuffer> {
  const b = new Float64Array(Math.max(n, a.length * 2));
  b.set(a);
  return b;
}
/** See {@link growF64}. */
export function growI32(a: Int32Array, n: number): Int32Array<ArrayBuffer> {
  const b = new Int32Array(Math.max(n, a.length * 2));
  b.set(a);
  return b;
}
/** See {@link growF64}. */
export function growU8(a: Uint8Array, n: number): Uint8Array<ArrayBuffer> {
  const b = new Uint8Array(Math.max(n, a.length * 2));
  b.set(a);
  return b;
}
export class GrowableFloat64 {
  private buf: Float64Array;
  length = 0;
  constructor(capacity = 1024) {
    this.buf = new Float64Array(capacity);
  }
  /** The backing store; valid until the next push. Lets a caller edit what it just appended in place. */
  get data(): Float64Array {
    return this.buf;
  }
  push2(a: number, b: number): void {
    if (this.length + 2 > this.buf.length) this.grow(this.length + 2);
    this.buf[this.length++] = a;
    this.buf[this.length++] = b;
  }
  /** Makes room for `extra` more values and returns the backing store, to be written from index `length` on. */
  reserve(extra: number): Float64Array {
    if (this.length + extra > this.buf.length) this.grow(this.length + extra);
    return this.buf;
  }
  private grow(min: number): void {
    const next = new Float64Array(Math.max(min, this.buf.length * 2));
    next.set(this.buf.subarray(0, this.length));
    this.buf = next;
  }
  /** A right-sized copy. */
  finish(): Float64Array {
    return this.buf.slice(0, this.length);
  }
}

export class GrowableUint32 {
  private buf: Uint32Array;
  length = 0;
  constructor(capacity = 256) {
    this.buf = new Uint32Array(capacity);
  }
  push(v: number): void {
    if (this.length === this.buf.length) {
      const next = new Uint32Array(this.buf.length * 2);
      next.set(this.buf);
      this.buf = next;
    }
    this.buf[this.length++] = v;
  }
  finish(): Uint32Array {
    return this.buf.slice(0, this.length);
  }
}
