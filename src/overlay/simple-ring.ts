/**
 * A sufficient test for a one-ring feature to be simple, far cheaper than the full check (repair.ts runs the
 * overlay kernel on the feature against itself: ~7.5 µs for a 27-vertex parcel warm, and on first use in a cold
 * process the largest part of a patch job, since every touched feature is checked).
 *
 * A closed polygonal chain whose non-adjacent edges do not meet at all (not even touch) and whose adjacent
 * edges meet only at their shared vertex is a Jordan curve; its interior is on the left of every edge exactly
 * when its signed area is positive, which the layer builder guarantees for exteriors. Then even-odd labels
 * agree with ring orientation on every edge — what the kernel's `simple` fact means. The test is one-sided:
 * `false` only means "not shown simple here" (a ring touching itself at a vertex is in fact fine), and the
 * caller then runs the full check, which also gives the report of what is wrong.
 *
 * Pairs of edges whose boxes meet are found by brute force for short rings and by sorting the edges on their
 * smallest x and sweeping (the broad phase of M. I. Shamos, D. Hoey, "Geometric intersection problems", FOCS
 * 1976, without the y-ordered structure: enough for polygon rings, whose edges rarely overlap in x by many).
 *
 * Exact: orientation signs of input vertices (robust-predicates) and coordinate comparisons only.
 */
import { orient } from './predicates.js';
import { sortByKey } from './sort.js';

/** Rings with more edges than this are left to the full check (it has a segment index for them). */
export const SIMPLE_RING_MAX_EDGES = 1 << 16;

/** Up to this many edges every pair of boxes is compared; above, the sweep. */
const BRUTE_FORCE_EDGES = 32;

/** Edge boxes and the sweep order of the ring being tested (scratch, grown as needed). */
let x0 = new Float64Array(256);
let x1 = new Float64Array(256);
let y0 = new Float64Array(256);
let y1 = new Float64Array(256);
let order = new Int32Array(256);

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
  if (x0.length < n) {
    x0 = new Float64Array(2 * n);
    x1 = new Float64Array(2 * n);
    y0 = new Float64Array(2 * n);
    y1 = new Float64Array(2 * n);
    order = new Int32Array(2 * n);
  }
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
  if (n <= BRUTE_FORCE_EDGES) {
    // Non-adjacent pairs (i, j), j from i + 2 up to the edge before i − 1.
    for (let i = 0; i + 2 < n; i++) {
      const last = i === 0 ? n - 2 : n - 1;
      for (let j = i + 2; j <= last; j++) {
        if (x0[j] > x1[i] || x1[j] < x0[i] || y0[j] > y1[i] || y1[j] < y0[i]) continue;
        if (edgesMeet(c, v0, n, i, j)) return false;
      }
    }
    return true;
  }
  for (let i = 0; i < n; i++) order[i] = i;
  sortByKey(order, x0, 0, n);
  for (let s = 0; s < n; s++) {
    const i = order[s];
    const hx = x1[i];
    for (let t = s + 1; t < n; t++) {
      const j = order[t];
      if (x0[j] > hx) break;
      if (y0[j] > y1[i] || y1[j] < y0[i]) continue;
      const gap = i < j ? j - i : i - j;
      if (gap === 1 || gap === n - 1) continue; // adjacent: the spike test covered them
      if (edgesMeet(c, v0, n, i, j)) return false;
    }
  }
  return true;
}

/** Whether non-adjacent edges i and j of the ring cross or touch (collinear ones with meeting boxes overlap). */
function edgesMeet(c: Float64Array, v0: number, n: number, i: number, j: number): boolean {
  const a = v0 + i;
  const b = i + 1 < n ? a + 1 : v0;
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
  if (o1 === o2 && o1 !== 0) return false;
  const o3 = orient(px, py, qx, qy, ax, ay);
  const o4 = orient(px, py, qx, qy, bx, by);
  return !(o3 === o4 && o3 !== 0);
}
