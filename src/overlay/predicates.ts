/**
 * Exact geometric predicates on ORIGINAL input coordinates.
 *
 * Every topological decision of the overlay kernel (does this edge cross that one, on which side of an edge
 * is a vertex, is a point inside a polygon) is taken here, from orientation signs of input vertices computed
 * exactly with Shewchuk's adaptive predicates (J. R. Shewchuk, "Adaptive Precision Floating-Point Arithmetic
 * and Fast Robust Geometric Predicates", Discrete Comput. Geom. 18, 1997; robust-predicates package). No
 * decision ever looks at a rounded intersection point: computed crossing points only position fragments, so a
 * rounding error can move a fragment end by an ulp but can never flip a label.
 *
 * Degenerate positions (a point exactly on an edge, collinear edges) are resolved by symbolic perturbation
 * (H. Edelsbrunner, E. P. Mücke, "Simulation of Simplicity", ACM TOG 9, 1990): a side of an edge a→b is
 * represented by the point p = a + δ·(b − a) + σ·ε·n, n the left normal of a→b, σ = +1 (left) or −1 (right),
 * with 0 < ε ≪ δ ≪ every input distance. Such a point lies on no input line, so its even-odd membership of any
 * polygon is well defined, and it is the membership of that side of the first fragment of a→b.
 */
import { orient2d } from 'robust-predicates';

/**
 * Exact orientation SIGN: 1 when c is strictly left of the directed line a→b, −1 when strictly right, 0 when
 * the three points are collinear (robust-predicates' orient2d, whose sign convention is the opposite: swapping
 * a and b flips it). A small integer, not the determinant: callers only branch on it.
 *
 * @example
 * orient(0, 0, 1, 0, 0, 1); // 1: (0,1) is left of (0,0)→(1,0)
 */
export function orient(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): number {
  const d = orient2d(bx, by, ax, ay, cx, cy);
  // The sign without branches: to the predictor it is a coin toss, and the caller branches on it anyway.
  return +(d > 0) - +(d < 0);
}

/** robust-predicates' static error bound for orient2d's filter (Shewchuk's ccwerrboundA; its epsilon is 2⁻⁵³). */
const CCW_ERRBOUND_A = (3 + 16 * 2 ** -53) * 2 ** -53;

/**
 * {@link orient} of points i, j, k of `pts` (point n at pts[2n], pts[2n + 1]): the same sign, from the same filtered
 * determinant as orient2d's first stage, computed here; the exact predicate only when the filter cannot decide.
 * Points in an array rather than numbers: the walk, the relevance pass and noding are past V8's inlining budget, where
 * each floating-point argument of a call becomes a heap number; with no call on its common path, this allocates
 * nothing whether V8 inlines it or not.
 *
 * @example
 * orientPts(Float64Array.of(0, 0, 1, 0, 0, 1), 0, 1, 2); // 1: (0,1) is left of (0,0)→(1,0)
 */
export function orientPts(pts: Float64Array, i: number, j: number, k: number): number {
  // orient(a, b, c) is the sign of orient2d(b, a, c): orient2d's first point is j here, its second i, and its
  // determinant (a_y − c_y)(b_x − c_x) − (a_x − c_x)(b_y − c_y) is formed from the same differences.
  const cx = pts[2 * k];
  const cy = pts[2 * k + 1];
  const detleft = (pts[2 * j + 1] - cy) * (pts[2 * i] - cx);
  const detright = (pts[2 * j] - cx) * (pts[2 * i + 1] - cy);
  const det = detleft - detright;
  if (Math.abs(det) >= CCW_ERRBOUND_A * Math.abs(detleft + detright)) return +(det > 0) - +(det < 0);
  return orient(pts[2 * i], pts[2 * i + 1], pts[2 * j], pts[2 * j + 1], cx, cy);
}

/**
 * `a` when m is 1, `b` when m is 0 — exactly (a·1 + b·0 = a for finite a, b) and without a branch, for choices the
 * branch predictor cannot learn (which end of an edge is the smaller, whether a box grows). m is a comparison made
 * a number, `+(x < y)`.
 *
 * @example
 * pick(+(3 < 5), 3, 5); // 3: the smaller
 */
export function pick(m: number, a: number, b: number): number {
  return a * m + b * (1 - m);
}

/**
 * Orientation determinant VALUE (twice the signed area of a, b, c), exact in sign; for positioning crossings.
 *
 * @example
 * orientValue(0, 0, 1, 0, 0, 1); // 1
 */
export function orientValue(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): number {
  return orient2d(bx, by, ax, ay, cx, cy);
}

/**
 * For points b, s, q known to be collinear with s ≠ b and q ≠ b: whether q lies on the ray from b through s
 * (rather than the opposite ray). Exact: only compares coordinates.
 *
 * @example
 * sameRay(0, 0, 2, 2, 1, 1); // true
 */
export function sameRay(bx: number, by: number, sx: number, sy: number, qx: number, qy: number): boolean {
  if (sx !== bx) return sx > bx === qx > bx;
  return sy > by === qy > by;
}

/**
 * Both corner sectors at once: for a chain vertex a with next-edge end b and previous-edge start p, whether
 * direction a→q lies strictly inside the sector swept counter-clockwise from a→b to a→p (bit 1: the LEFT side
 * of the corner) and from a→p to a→b (bit 2: the RIGHT side). An open sector excludes its boundary rays; when
 * b and p point the same way (a spike) each sector is the full turn minus that ray, when they are opposite it
 * is the open left half-plane of its first ray. The two sectors share their boundary rays, so three
 * orientations decide both: `oBP = orient(a, b, p)` (the same for every q at the corner, so the
 * caller computes it once), orient(a, b, q) and orient(a, p, q) — two per ray where two separate sector tests
 * take up to six. The points a, b, p, q are points 0, 1, 2, 3 of `pts` (see {@link orientPts}, and why an array).
 *
 * @example
 * const oBP = orient(0, 0, 1, 0, 0, 1); // b east, p north: a left turn
 * cornerSidesPts(Float64Array.of(0, 0, 1, 0, 0, 1, 1, 1), oBP); // 1: north-east lies in the left sector
 */
export function cornerSidesPts(pts: Float64Array, oBP: number): number {
  const oBQ = orientPts(pts, 0, 1, 3);
  const oPQ = orientPts(pts, 0, 2, 3);
  if (oBP > 0) return (oBQ > 0 && oPQ < 0 ? 1 : 0) | (oPQ > 0 || oBQ < 0 ? 2 : 0);
  if (oBP < 0) return (oBQ > 0 || oPQ < 0 ? 1 : 0) | (oPQ > 0 && oBQ < 0 ? 2 : 0);
  const ax = pts[0];
  const ay = pts[1];
  if (sameRay(ax, ay, pts[2], pts[3], pts[4], pts[5])) {
    // A spike (p and b in one direction): each sector is the full turn minus that ray.
    const qx = pts[6];
    const qy = pts[7];
    return (oBQ === 0 && sameRay(ax, ay, pts[2], pts[3], qx, qy) ? 0 : 1) | (oPQ === 0 && sameRay(ax, ay, pts[4], pts[5], qx, qy) ? 0 : 2);
  }
  // Straight on: the left half-plane of a→b, and the left half-plane of a→p.
  return (oBQ > 0 ? 1 : 0) | (oPQ > 0 ? 2 : 0);
}

/**
 * Sign of orient(c, d, p) for the perturbed point p = a + δ(b − a) + σε·leftNormal(b − a), for σ = +1.
 * The value for σ = −1 is the same unless the first two terms vanish, in which case it is the negation.
 * Returned as: ±1 (decided by the exact terms, same for both sides) or ±2 (decided by the ε term: the left
 * side gets sign/2, the right side −sign/2). Expansion: orient(c,d,p) = orient(c,d,a) + δ·cross(d−c, b−a)
 * + σε·dot(d−c, b−a); because orient is affine in p, cross(d−c, b−a) = orient(c,d,b) − orient(c,d,a).
 *
 * @example
 * perturbedOrient(0, -1, 0, 1, 1, 0, 2, 0); // -1: (1,0) is right of the upward line x = 0
 */
export function perturbedOrient(
  cx: number,
  cy: number,
  dx: number,
  dy: number,
  ax: number,
  ay: number,
  bx: number,
  by: number,
): number {
  const o0 = orient(cx, cy, dx, dy, ax, ay);
  if (o0 !== 0) return o0 > 0 ? 1 : -1;
  const o1 = orient(cx, cy, dx, dy, bx, by);
  if (o1 !== 0) return o1 > 0 ? 1 : -1;
  // a→b lies on the line c–d: the dot product sign says whether they point the same way.
  const same = bx !== ax ? dx > cx === bx > ax : dy > cy === by > ay;
  return same ? 2 : -2;
}
