/**
 * A sufficient test for a one-ring feature to be simple, far cheaper than the full check (repair.ts runs the
 * overlay kernel on the feature against itself: ~14 µs for a 27-vertex parcel, the largest part of a cold
 * patch job when every touched parcel is checked on first use).
 *
 * A closed polygonal chain whose non-adjacent edges do not meet at all (not even touch) and whose adjacent
 * edges meet only at their shared vertex is a Jordan curve; its interior is on the left of every edge exactly
 * when its signed area is positive, which the layer builder guarantees for exteriors. Then even-odd labels
 * agree with ring orientation on every edge — what the kernel's `simple` fact means. The test is one-sided:
 * `false` only means "not shown simple here" (a ring touching itself at a vertex is in fact fine), and the
 * caller then runs the full check, which also gives the report of what is wrong.
 *
 * Exact: orientation signs of input vertices (robust-predicates) and coordinate comparisons only.
 */
import { orient } from './predicates.js';

/** Rings with more edges than this are left to the full check (the pair test below is quadratic). */
export const SIMPLE_RING_MAX_EDGES = 64;

/**
 * Whether the open ring of vertices [v0, v1) of `c` (x, y interleaved, no repeated closing vertex) is shown
 * simple: at most {@link SIMPLE_RING_MAX_EDGES} edges, no spike, no two non-adjacent edges meeting.
 *
 * @example
 * ringShownSimple(Float64Array.of(0, 0, 10, 0, 10, 10, 0, 10), 0, 4); // true
 * ringShownSimple(Float64Array.of(0, 0, 10, 10, 10, 0, 0, 10), 0, 4); // false: a bow-tie
 */
export function ringShownSimple(c: Float64Array, v0: number, v1: number): boolean {
  const n = v1 - v0;
  if (n < 3 || n > SIMPLE_RING_MAX_EDGES) return false;
  const { x0, x1, y0, y1 } = BOX;
  // Edge boxes first, and the spikes: adjacent edges a→b, b→d overlap beyond b only when d turns straight
  // back along b→a.
  for (let i = 0; i < n; i++) {
    const a = v0 + i;
    const b = i + 1 < n ? a + 1 : v0;
    const d = i + 2 < n ? a + 2 : v0 + i + 2 - n;
    const ax = c[2 * a];
    const ay = c[2 * a + 1];
    const bx = c[2 * b];
    const by = c[2 * b + 1];
    const dx = c[2 * d];
    const dy = c[2 * d + 1];
    if (ax === bx && ay === by) return false;
    if (orient(ax, ay, bx, by, dx, dy) === 0 && (dx - bx) * (ax - bx) + (dy - by) * (ay - by) > 0) return false;
    x0[i] = ax < bx ? ax : bx;
    x1[i] = ax < bx ? bx : ax;
    y0[i] = ay < by ? ay : by;
    y1[i] = ay < by ? by : ay;
  }
  // Non-adjacent pairs (i, j), j from i + 2 up to the edge before i − 1: boxes, then exact orientations.
  for (let i = 0; i + 2 < n; i++) {
    const last = i === 0 ? n - 2 : n - 1;
    const ix0 = x0[i];
    const ix1 = x1[i];
    const iy0 = y0[i];
    const iy1 = y1[i];
    for (let j = i + 2; j <= last; j++) {
      if (x0[j] > ix1 || x1[j] < ix0 || y0[j] > iy1 || y1[j] < iy0) continue;
      const a = v0 + i;
      const b = a + 1;
      const p = v0 + j;
      const q = j + 1 < n ? p + 1 : v0;
      const ax = c[2 * a];
      const ay = c[2 * a + 1];
      const bx = c[2 * b];
      const by = c[2 * b + 1];
      const px = c[2 * p];
      const py = c[2 * p + 1];
      const qx = c[2 * q];
      const qy = c[2 * q + 1];
      const o1 = orient(ax, ay, bx, by, px, py);
      const o2 = orient(ax, ay, bx, by, qx, qy);
      if (o1 === o2 && o1 !== 0) continue;
      const o3 = orient(px, py, qx, qy, ax, ay);
      const o4 = orient(px, py, qx, qy, bx, by);
      if (o3 === o4 && o3 !== 0) continue;
      // They cross or touch; collinear ones with meeting boxes overlap.
      return false;
    }
  }
  return true;
}

/** Edge boxes of the ring being tested (scratch, reused). */
const BOX = {
  x0: new Float64Array(SIMPLE_RING_MAX_EDGES),
  x1: new Float64Array(SIMPLE_RING_MAX_EDGES),
  y0: new Float64Array(SIMPLE_RING_MAX_EDGES),
  y1: new Float64Array(SIMPLE_RING_MAX_EDGES),
};
