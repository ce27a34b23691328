/**
 * Classification phase: labels every fragment of every active edge with the even-odd membership of its left
 * and right side in each operand, and hands the fragments that can bound a result to a sink.
 *
 * Labels are propagated, never guessed from a rounded point:
 * - at the start of a chain (or after a stretch skipped as irrelevant) by an exact point-in-polygon test of
 *   the symbolically perturbed side points of the edge's first fragment (predicates.ts);
 * - along an edge by the toggles noding recorded (crossing: both sides; vertex touching from one side: that
 *   side);
 * - around a chain vertex by the corner rule: turning from the previous edge's side to the next edge's side
 *   around the shared vertex crosses exactly the other operands' edges that leave that vertex inside the swept
 *   angle (an exact sector test on input points).
 * Membership in the union of a group of operands is kept as a count of member operands per side, so unions of
 * overlapping features are counted once.
 *
 * Work is skipped where it cannot matter: an edge none of whose fragments touches the patch (operand 0) only
 * tracks the patch label; the other operands are re-derived by point-in-polygon at the next edge that does.
 */
import type Flatbush from 'flatbush';
import { type Arrangement, EV_COVER_END, EV_COVER_START } from './arrangement.js';
import { cornerSidesPts, orientPts, perturbedOrient } from './predicates.js';
import { sortByKey } from './sort.js';
import { growI32 } from '../geometry/growable.js';
import { TreeHits, searchTree } from '../index/tree-search.js';

/**
 * Receives the fragments that lie in the closure of the patch: a directed piece (x1,y1)→(x2,y2) of an input
 * edge with the patch membership of its two sides and, per group, how many member operands contain each side.
 * Each geometric piece is reported once even where several input edges overlap.
 *
 * The piece comes as xy = [x1, y1, x2, y2] (valid during the call only), not as four numbers: V8 boxes every
 * floating-point argument of a call it does not inline, and a sink with its measure is too large to inline into the
 * walk (its inlined code alone exceeds V8's budget of ~920 bytecodes a function), so four numbers would be four heap
 * allocations per piece.
 */
export interface FragmentSink {
  fragment(xy: Float64Array, pL: number, pR: number, cntL: Int32Array, cntR: Int32Array): void;
}

/**
 * Which of the two perturbed side points of edge a→b (bit 1: left, bit 2: right) see the westward ray cross
 * edge c–d. The caller has already excluded edges entirely above, below or east of a.
 * tieL / tieR: whether an endpoint at exactly a's y counts as above the left / right perturbed point.
 */
function rayCrossBits(
  cx: number,
  cy: number,
  dx: number,
  dy: number,
  ax: number,
  ay: number,
  bx: number,
  by: number,
  tieL: boolean,
  tieR: boolean,
): number {
  let cL: boolean;
  let cR: boolean;
  let dL: boolean;
  let dR: boolean;
  if (cy !== ay) cL = cR = cy > ay;
  else {
    cL = tieL;
    cR = tieR;
  }
  if (dy !== ay) dL = dR = dy > ay;
  else {
    dL = tieL;
    dR = tieR;
  }
  const sL = cL !== dL;
  const sR = cR !== dR;
  if (!sL && !sR) return 0;
  // Sign of orient(c, d, p): p right of the upward edge means the crossing is west of p.
  const o = perturbedOrient(cx, cy, dx, dy, ax, ay, bx, by);
  let bits = 0;
  if (sL) {
    const oL = o === 2 ? 1 : o === -2 ? -1 : o;
    // c above: the upward edge is d→c, orient(d,c,p) = −orient(c,d,p).
    if (cL ? oL > 0 : oL < 0) bits |= 1;
  }
  if (sR) {
    const oR = o === 2 ? -1 : o === -2 ? 1 : o;
    if (cR ? oR > 0 : oR < 0) bits |= 2;
  }
  return bits;
}

/**
 * Even-odd membership in a polygon feature of the two sides of the start of edge a→b (bit 1: left side,
 * bit 2: right side), by a westward ray from each perturbed side point. Exact for any input, valid or not.
 * With a segment index (large polygons) only the edges the ray can meet are visited (found into `hits`).
 *
 * @example
 * // unit square, edge along its bottom from (0,0) to (1,0): left side inside, right side outside
 * pointInFeatureSides(coords, rings, polys, feats, 0, 0, 0, 1, 0, null, 0) === 1
 */
export function pointInFeatureSides(
  coords: Float64Array,
  ringOffsets: Uint32Array,
  polygonOffsets: Uint32Array,
  featureOffsets: Uint32Array,
  f: number,
  ax: number,
  ay: number,
  bx: number,
  by: number,
  segIndex: Flatbush | null,
  segBase: number,
  hits: TreeHits = new TreeHits(),
): number {
  const ab = EDGE_AB;
  ab[0] = ax;
  ab[1] = ay;
  ab[2] = bx;
  ab[3] = by;
  return sidesOfEdgeStart(coords, ringOffsets, polygonOffsets, featureOffsets, f, ab, segIndex, segBase, hits);
}

/** The edge a→b whose start point location places ({@link pointInFeatureSides}, Classifier.pip): read at once. */
const EDGE_AB = new Float64Array(4);

/**
 * {@link pointInFeatureSides} with the edge as ab = [ax, ay, bx, by]: V8 boxes every floating-point argument of a
 * call it does not inline, and this function is too large to inline, so the kernel passes the edge in an array.
 */
function sidesOfEdgeStart(
  coords: Float64Array,
  ringOffsets: Uint32Array,
  polygonOffsets: Uint32Array,
  featureOffsets: Uint32Array,
  f: number,
  ab: Float64Array,
  segIndex: Flatbush | null,
  segBase: number,
  hits: TreeHits,
): number {
  const ax = ab[0];
  const ay = ab[1];
  const bx = ab[2];
  const by = ab[3];
  let tieL: boolean;
  let tieR: boolean;
  if (by !== ay) tieL = tieR = by < ay;
  else {
    tieL = bx < ax;
    tieR = bx > ax;
  }
  let bits = 0;
  if (segIndex !== null) {
    searchTree(segIndex, segIndex.minX, ay, ax, ay, hits);
    const ids = hits.ids;
    for (let k = 0; k < hits.n; k++) {
      const v = ids[k] + segBase;
      const w = nextVertex(ringOffsets, polygonOffsets, featureOffsets, f, v);
      const px = coords[2 * v];
      const py = coords[2 * v + 1];
      const qx = coords[2 * w];
      const qy = coords[2 * w + 1];
      if ((py > ay && qy > ay) || (py < ay && qy < ay) || (px > ax && qx > ax)) continue;
      bits ^= rayCrossBits(px, py, qx, qy, ax, ay, bx, by, tieL, tieR);
    }
    return bits;
  }
  const r0 = polygonOffsets[featureOffsets[f]];
  const r1 = polygonOffsets[featureOffsets[f + 1]];
  for (let r = r0; r < r1; r++) {
    const v0 = ringOffsets[r];
    const v1 = ringOffsets[r + 1];
    let px = coords[2 * (v1 - 1)];
    let py = coords[2 * (v1 - 1) + 1];
    for (let v = v0; v < v1; v++) {
      const qx = coords[2 * v];
      const qy = coords[2 * v + 1];
      if (!((py > ay && qy > ay) || (py < ay && qy < ay) || (px > ax && qx > ax))) {
        bits ^= rayCrossBits(px, py, qx, qy, ax, ay, bx, by, tieL, tieR);
      }
      px = qx;
      py = qy;
    }
  }
  return bits;
}

/** The vertex after v in its ring (rings are open: the last vertex is followed by the first). *
 * @example
 * nextVertex(layer.ringOffsets, layer.polygonOffsets, layer.featureOffsets, 0, 3); // 0 for a 4-vertex first ring
 */
export function nextVertex(
  ringOffsets: Uint32Array,
  polygonOffsets: Uint32Array,
  featureOffsets: Uint32Array,
  f: number,
  v: number,
): number {
  // Binary search the ring containing v among the feature's rings.
  let lo = polygonOffsets[featureOffsets[f]];
  let hi = polygonOffsets[featureOffsets[f + 1]] - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (ringOffsets[mid] <= v) lo = mid;
    else hi = mid - 1;
  }
  return v + 1 < ringOffsets[lo + 1] ? v + 1 : ringOffsets[lo];
}

/**
 * Zeroes the first n counts of both sides. A loop, not TypedArray.fill: n is a few groups, and a fill call costs
 * ~20 ns here against ~2 ns for the loop (Node 20), several times per patch.
 */
function clearCounts(cntL: Int32Array, cntR: Int32Array, n: number): void {
  for (let g = 0; g < n; g++) {
    cntL[g] = 0;
    cntR[g] = 0;
  }
}

/**
 * At the start a of edge e (ending at b), turned into from the previous point p = endpoint pEnd (0 start, 1 end) of
 * edge pEdge: orient(a, b, p), which {@link cornerRay} takes. Edges by index and points through an array, not
 * coordinates as arguments: the walk and the relevance pass are past V8's inlining budget, where every
 * floating-point argument of a call is boxed in a heap number (see orientPts).
 */
function cornerTurn(arr: Arrangement, e: number, pEdge: number, pEnd: number): number {
  return orientPts(arr.edgeAndEnd(CORNER_PTS, e, pEdge, pEnd), 0, 1, 2);
}

/** cornerSidesPts at the corner of {@link cornerTurn} for ray k (point 3), its turn oBP given. */
function cornerRay(arr: Arrangement, e: number, pEdge: number, pEnd: number, oBP: number, k: number): number {
  const pts = arr.edgeAndEnd(CORNER_PTS, e, pEdge, pEnd);
  pts[6] = arr.rayX[k];
  pts[7] = arr.rayY[k];
  return cornerSidesPts(pts, oBP);
}
/** The corner's a, b, p and ray point q as points 0–3. */
const CORNER_PTS = new Float64Array(8);

/** Most bytes of twin-start labels {@link Classifier.walk} keeps (4 MiB); beyond, point location is used. */
const START_LABELS_MAX = 1 << 22;

/** Reusable state for {@link Classifier.walk}. */
export class Classifier {
  parL = new Uint8Array(16);
  parR = new Uint8Array(16);
  cntL = new Int32Array(16);
  cntR = new Int32Array(16);
  /** The piece handed to the sink (see {@link FragmentSink}). */
  private readonly piece = new Float64Array(4);
  private evIdx = new Int32Array(64);
  /** Operand labels (bit 1 left, bit 2 right) at the start of each edge a twin start refers to, by slot × operand. */
  private startLab = new Uint8Array(1024);
  private evKey = new Float64Array(64);
  /** Hits of the segment-index searches of point location, reused. */
  private readonly hits = new TreeHits();

  /** Sides of the start of active edge e in operand j (bits as in {@link pointInFeatureSides}). */
  pip(arr: Arrangement, j: number, e: number): number {
    const ax = arr.eAx[e];
    const ay = arr.eAy[e];
    const box = arr.opBox;
    // Outside the closed box: outside, and an infinitesimal perturbation cannot change that.
    if (ax < box[4 * j] || ax > box[4 * j + 2] || ay < box[4 * j + 1] || ay > box[4 * j + 3]) return 0;
    const g = arr.opGeom[j];
    const ab = EDGE_AB;
    ab[0] = ax;
    ab[1] = ay;
    ab[2] = arr.eBx[e];
    ab[3] = arr.eBy[e];
    return sidesOfEdgeStart(
      g.coords,
      g.ringOffsets,
      g.polygonOffsets,
      g.featureOffsets,
      arr.opFeature[j],
      ab,
      arr.opSegIndex[j],
      arr.opSegBase[j],
      this.hits,
    );
  }

  private toggle(arr: Arrangement, j: number, kind: number): void {
    const gs = arr.opGroupStart;
    const groups = arr.opGroups;
    // Flip the sides kind names (bit 1 left, 2 right) and move the group counts by ±1 for a side flipped, 0 for
    // the other: arithmetic, not branches on kind, which is a coin toss to the predictor.
    const fl = kind & 1;
    const fr = (kind >> 1) & 1;
    const pl = this.parL[j] ^ fl;
    const pr = this.parR[j] ^ fr;
    this.parL[j] = pl;
    this.parR[j] = pr;
    const dl = fl * (2 * pl - 1);
    const dr = fr * (2 * pr - 1);
    const { cntL, cntR } = this;
    for (let k = gs[j]; k < gs[j + 1]; k++) {
      const g = groups[k];
      cntL[g] += dl;
      cntR[g] += dr;
    }
  }

  /**
   * Relevance pass: the patch (operand 0) labels at the start of every active edge, and whether any fragment of
   * the edge lies in the closure of the patch (eRel, ePStart). Needs only the patch's events and rays, i.e.
   * phase 1 of noding. Along an edge the patch label only flips at patch events, and the parity of those does
   * not depend on their order, so nothing is sorted here.
   */
  markRelevance(arr: Arrangement): void {
    const { eAx, eAy, eBx, eBy, eOp, eChainStart, opSimple, eRel, ePStart } = arr;
    const nActive = arr.nActive;
    const patchSimple = opSimple[0] === 1;
    let pL = 0;
    let pR = 0;
    for (let e = 0; e < nActive; e++) {
      const ax = eAx[e];
      const ay = eAy[e];
      const bx = eBx[e];
      const by = eBy[e];
      if (eOp[e] === 0 && patchSimple) {
        pL = 1;
        pR = 0;
      } else if (eChainStart[e] === 1) {
        const bits = this.pip(arr, 0, e);
        pL = bits & 1;
        pR = bits >> 1;
      } else {
        // After a dropped twin the previous edge is the twin of edge r. A reversed twin ends where r starts: its end
        // labels are r's start labels with the sides swapped, and its start point is r's end. A twin running the
        // same way (r is then an edge of the simple patch, which has no patch events) ends where r ends, with r's
        // labels there, which are its start labels; its start point is r's start.
        const r = eChainStart[e] === 2 ? arr.eTwinRef[e] : -1;
        const same = r >= 0 && arr.eTwinSame[r] === 1;
        if (r >= 0) {
          pL = same ? ePStart[r] & 1 : ePStart[r] >> 1;
          pR = same ? ePStart[r] >> 1 : ePStart[r] & 1;
        }
        const pEdge = r < 0 ? e - 1 : r;
        const pEnd = r >= 0 && !same ? 1 : 0;
        let oBP = 2; // orient(a, b, p), computed at the first ray
        for (let k = arr.rayHead[e]; k !== -1; k = arr.rayNext[k]) {
          if (arr.rayOp[k] !== 0) continue;
          if (oBP === 2) oBP = cornerTurn(arr, e, pEdge, pEnd);
          const sides = cornerRay(arr, e, pEdge, pEnd, oBP, k);
          pL ^= sides & 1;
          pR ^= sides >> 1;
        }
      }
      ePStart[e] = pL | (pR << 1);
      let any = false;
      for (let k = arr.evHead[e]; k !== -1; k = arr.evNext[k]) {
        if (arr.evOp[k] !== 0) continue;
        const kind = arr.evKind[k] & 3;
        if (kind === 0) continue;
        any = true;
        if (kind & 1) pL ^= 1;
        if (kind & 2) pR ^= 1;
      }
      eRel[e] = any || ePStart[e] !== 0 ? 1 : 0;
    }
  }

  /**
   * Walks all active edges chain by chain and reports the fragments in the closure of operand 0. Requires
   * {@link markRelevance} and both noding phases.
   * `nGroups`: number of groups referenced by the operands.
   */
  walk(arr: Arrangement, nGroups: number, sink: FragmentSink): void {
    const nOp = arr.nOp;
    if (this.parL.length < nOp) {
      this.parL = new Uint8Array(nOp * 2);
      this.parR = new Uint8Array(nOp * 2);
    }
    if (this.cntL.length < nGroups) {
      this.cntL = new Int32Array(nGroups * 2);
      this.cntR = new Int32Array(nGroups * 2);
    }
    const parL = this.parL;
    const parR = this.parR;
    const cntL = this.cntL;
    const cntR = this.cntR;
    const { eAx, eAy, eBx, eBy, eOp, eChainStart, opBox, opSimple, opGroupStart, opGroups } = arr;
    const nActive = arr.nActive;
    let pL = 0;
    let pR = 0;
    let tracked = false;
    // Start labels of the edges twin starts refer to: one byte per operand each. Past START_LABELS_MAX bytes
    // (thousands of operands under one patch) twin starts locate their labels by point-in-polygon instead.
    const need = arr.nLabSlot * nOp;
    const keep = need <= START_LABELS_MAX;
    if (keep && this.startLab.length < need) this.startLab = new Uint8Array(2 * need);
    for (let e = 0; e < nActive; e++) {
      const X = eOp[e];
      const ax = eAx[e];
      const ay = eAy[e];
      const bx = eBx[e];
      const by = eBy[e];
      const first = eChainStart[e] === 1;
      // After a dropped twin: the previous edge in the ring is the twin of edge r (see markRelevance); its end
      // labels are r's start labels with the sides swapped, or r's end labels when it runs the same way as r —
      // known when r was walked in this pass.
      const r = eChainStart[e] === 2 ? arr.eTwinRef[e] : -1;
      const fromTwin = keep && r >= 0 && arr.eRel[r] === 1;
      const sameTwin = fromTwin && arr.eTwinSame[r] === 1;
      // ---- skip edges with no fragment in the closure of the patch ----
      if (arr.eRel[e] !== 1) {
        tracked = false;
        continue;
      }
      const ps = arr.ePStart[e];
      pL = ps & 1;
      pR = ps >> 1;
      let nEv = 0;
      for (let k = arr.evHead[e]; k !== -1; k = arr.evNext[k]) {
        if (nEv === this.evIdx.length) this.evIdx = growI32(this.evIdx, nEv + 1);
        this.evIdx[nEv++] = k;
      }
      // ---- other operands at the start of e ----
      if (first || (r >= 0 ? !fromTwin : !tracked)) {
        clearCounts(cntL, cntR, nGroups);
        const eMinX = ax < bx ? ax : bx;
        const eMaxX = ax < bx ? bx : ax;
        const eMinY = ay < by ? ay : by;
        const eMaxY = ay < by ? by : ay;
        for (let j = 1; j < nOp; j++) {
          let bits = 0;
          if (j === X && opSimple[j] === 1) bits = 1;
          else if (
            (+(opBox[4 * j] > eMaxX) | +(opBox[4 * j + 2] < eMinX) | +(opBox[4 * j + 1] > eMaxY) | +(opBox[4 * j + 3] < eMinY)) ===
            0
          ) {
            bits = this.pip(arr, j, e);
          }
          parL[j] = bits & 1;
          parR[j] = bits >> 1;
          if (bits !== 0) {
            for (let k = opGroupStart[j]; k < opGroupStart[j + 1]; k++) {
              const g = opGroups[k];
              if (bits & 1) cntL[g]++;
              if (bits & 2) cntR[g]++;
            }
          }
        }
      } else {
        if (fromTwin) {
          clearCounts(cntL, cntR, nGroups);
          const saved = this.startLab;
          const at = arr.eLabSlot[r] * nOp;
          for (let j = 1; j < nOp; j++) {
            const bits = saved[at + j];
            parL[j] = sameTwin ? bits & 1 : bits >> 1;
            parR[j] = sameTwin ? bits >> 1 : bits & 1;
            for (let k = opGroupStart[j]; k < opGroupStart[j + 1]; k++) {
              const g = opGroups[k];
              cntL[g] += parL[j];
              cntR[g] += parR[j];
            }
          }
        }
        // The corner's previous point p: the start of edge e − 1, or of the twin's partner r (its end when reversed).
        const pEdge = fromTwin ? r : e - 1;
        const pEnd = fromTwin && !sameTwin ? 1 : 0;
        let oBP = 2; // orient(a, b, p), computed at the first ray
        for (let k = arr.rayHead[e]; k !== -1; k = arr.rayNext[k]) {
          const j = arr.rayOp[k];
          if (j === 0) continue;
          if (oBP === 2) oBP = cornerTurn(arr, e, pEdge, pEnd);
          const kind = cornerRay(arr, e, pEdge, pEnd, oBP, k);
          if (kind !== 0) this.toggle(arr, j, kind);
        }
      }
      tracked = true;
      // The labels a later edge of the twin operand's ring starts from (fromTwin above): e's start labels, or its
      // end labels when the twin runs the same way (saved after the events below; the same when there are none).
      const labAt = keep && arr.eLabSlot[e] >= 0 ? arr.eLabSlot[e] * nOp : -1;
      const saveEnd = labAt >= 0 && arr.eTwinSame[e] === 1 && nEv > 0;
      if (labAt >= 0 && !saveEnd) this.saveLabels(labAt, nOp);
      // ---- walk the fragments of e ----
      if (nEv === 0) {
        const piece = this.piece;
        piece[0] = ax;
        piece[1] = ay;
        piece[2] = bx;
        piece[3] = by;
        sink.fragment(piece, pL, pR, cntL, cntR);
        continue;
      }
      this.pieces(arr, e, nEv, pL, pR, sink);
      if (saveEnd) this.saveLabels(labAt, nOp);
    }
  }

  /**
   * The fragments of edge e between its nEv events (evIdx[0..nEv)), from its start labels (the patch's pL, pR; the
   * other operands' in parL, parR, cntL, cntR, which it updates). A method of its own so that its event sort and
   * sink calls do not spend the walk's inlining budget (~920 bytecodes a function in V8), which the corner rule and
   * point location need there.
   */
  private pieces(arr: Arrangement, e: number, nEv: number, pL: number, pR: number, sink: FragmentSink): void {
    const ax = arr.eAx[e];
    const ay = arr.eAy[e];
    const bx = arr.eBx[e];
    const by = arr.eBy[e];
    const { cntL, cntR, piece } = this;
    if (this.evKey.length < arr.nEv) this.evKey = new Float64Array(arr.nEv * 2);
    const key = this.evKey;
    const idx = this.evIdx;
    const ux = bx - ax;
    const uy = by - ay;
    const alongX = Math.abs(ux) >= Math.abs(uy);
    const sgn = alongX ? (ux > 0 ? 1 : -1) : uy > 0 ? 1 : -1;
    for (let m = 0; m < nEv; m++) {
      const k = idx[m];
      key[k] = alongX ? (arr.evX[k] - ax) * sgn : (arr.evY[k] - ay) * sgn;
    }
    sortByKey(idx, key, 0, nEv);
    let cx = ax;
    let cy = ay;
    let ck = 0;
    let cover = 0;
    for (let m = 0; m < nEv; m++) {
      const k = idx[m];
      if (key[k] > ck) {
        const x = arr.evX[k];
        const y = arr.evY[k];
        if (cover === 0 && (pL | pR) !== 0) {
          piece[0] = cx;
          piece[1] = cy;
          piece[2] = x;
          piece[3] = y;
          sink.fragment(piece, pL, pR, cntL, cntR);
        }
        cx = x;
        cy = y;
        ck = key[k];
      }
      const kind = arr.evKind[k];
      if ((kind & 3) !== 0) {
        const j = arr.evOp[k];
        if (j === 0) {
          if (kind & 1) pL ^= 1;
          if (kind & 2) pR ^= 1;
        } else this.toggle(arr, j, kind);
      } else if (kind === EV_COVER_START) cover++;
      else if (kind === EV_COVER_END) cover--;
    }
    if (cover === 0 && (pL | pR) !== 0 && (cx !== bx || cy !== by)) {
      piece[0] = cx;
      piece[1] = cy;
      piece[2] = bx;
      piece[3] = by;
      sink.fragment(piece, pL, pR, cntL, cntR);
    }
  }

  /** Keeps the current operand labels (bit 1 left, bit 2 right) at `at` of the twin-start labels. */
  private saveLabels(at: number, nOp: number): void {
    const saved = this.startLab;
    for (let j = 1; j < nOp; j++) saved[at + j] = this.parL[j] | (this.parR[j] << 1);
  }
}
