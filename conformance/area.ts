/**
 * Planar area of expected and operand geometries, independent of the kernel under test.
 *
 * The shoelace formula (Gauss's area formula) is evaluated on coordinates shifted to the ring's first
 * vertex, because peer cases carry coordinates up to ~5×10⁶ while the areas that matter can be tiny
 * slivers: with raw coordinates each product x·y would carry an absolute rounding error of ~10⁻³ and
 * swamp them. After the shift, every product is split exactly (Dekker's TwoProduct, with Veltkamp's
 * splitting — T. J. Dekker, "A floating-point technique for extending the available precision",
 * Numer. Math. 18, 1971) and all parts are summed with Neumaier's compensated summation
 * (A. Neumaier, ZAMM 54, 1974). What remains is the rounding of the shifted coordinates themselves,
 * a relative error of ≤ 2⁻⁵³ per coordinate difference.
 */
import type { ConformanceCase, MultiPolygonCoords, ParsedGeometry, PolygonCoords, RingCoords } from './types.js';

/** 2^27 + 1: Veltkamp's splitter for IEEE double (53-bit significand). */
const SPLITTER = 134217729;

/** Neumaier's improvement of Kahan summation: running sum plus a separately kept compensation. */
class CompensatedSum {
  private sum = 0;
  private compensation = 0;

  add(value: number): void {
    const t = this.sum + value;
    if (Math.abs(this.sum) >= Math.abs(value)) this.compensation += this.sum - t + value;
    else this.compensation += value - t + this.sum;
    this.sum = t;
  }

  /** Adds a·b exactly, as the rounded product plus its exact rounding error (Dekker's TwoProduct). */
  addProduct(a: number, b: number): void {
    const p = a * b;
    const ca = SPLITTER * a;
    const aHi = ca - (ca - a);
    const aLo = a - aHi;
    const cb = SPLITTER * b;
    const bHi = cb - (cb - b);
    const bLo = b - bHi;
    const err = aLo * bLo - (p - aHi * bHi - aLo * bHi - aHi * bLo);
    this.add(p);
    this.add(err);
  }

  value(): number {
    return this.sum + this.compensation;
  }
}

/**
 * Signed shoelace area of one ring: positive when counter-clockwise (x east, y north). The ring may be
 * closed (first position repeated) or open; a repeated closing vertex adds a zero-length edge, which
 * contributes exactly zero.
 *
 * @example
 * ringSignedArea([[0, 0], [2, 0], [2, 1], [0, 1], [0, 0]]); // 2
 */
export function ringSignedArea(ring: RingCoords): number {
  const n = ring.length;
  if (n < 3) return 0;
  const x0 = ring[0][0];
  const y0 = ring[0][1];
  const acc = new CompensatedSum();
  // The vertex at the origin has dx = dy = 0, so edges touching it only add zeros; start at 1.
  for (let i = 1; i < n - 1; i++) {
    const xi = ring[i][0] - x0;
    const yi = ring[i][1] - y0;
    const xj = ring[i + 1][0] - x0;
    const yj = ring[i + 1][1] - y0;
    acc.addProduct(xi, yj);
    acc.addProduct(-xj, yi);
  }
  return acc.value() / 2;
}

/**
 * Area of one polygon: |exterior| − Σ|holes|, whatever the rings' orientation in the source.
 *
 * @example
 * polygonArea([[[0, 0], [4, 0], [4, 4], [0, 4], [0, 0]], [[1, 1], [1, 2], [2, 2], [2, 1], [1, 1]]]); // 15
 */
export function polygonArea(polygon: PolygonCoords): number {
  if (polygon.length === 0) return 0;
  let area = Math.abs(ringSignedArea(polygon[0]));
  for (let r = 1; r < polygon.length; r++) area -= Math.abs(ringSignedArea(polygon[r]));
  return area;
}

/**
 * Area of a multipolygon: the sum of its polygons' areas (components are assumed not to overlap, as in
 * every valid expected result; for invalid operands this is the same "area" JTS `getArea()` reports).
 *
 * @example
 * multiPolygonArea([[[[0, 0], [1, 0], [0, 1], [0, 0]]], [[[5, 5], [6, 5], [6, 6], [5, 6], [5, 5]]]]); // 1.5
 */
export function multiPolygonArea(polygons: MultiPolygonCoords): number {
  let area = 0;
  for (const polygon of polygons) area += polygonArea(polygon);
  return area;
}

/**
 * The check for a case whose expected result geometry is known: its area, and whether it is empty.
 *
 * @example
 * expectedAreaCheck(parseGeometryText('POLYGON EMPTY')).expectedEmpty; // true
 */
export function expectedAreaCheck(expected: ParsedGeometry): ConformanceCase['check'] {
  return {
    kind: 'expected-area',
    expectedArea: multiPolygonArea(expected.polygons),
    expectedEmpty: expected.polygons.length === 0,
    expectedType: expected.type + (expected.isEmpty ? ' EMPTY' : ''),
  };
}
