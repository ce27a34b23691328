/**
 * Noding phase: finds every place where two edges of the arrangement meet and records what it means for the
 * labels of the edges involved, as events (see arrangement.ts).
 *
 * Each pair of edges whose boxes touch is classified exactly from the four orientations of its endpoints:
 * - proper crossing (all four strict): both sides of each edge change membership of the other's operand there;
 *   the crossing point is computed once per pair and stored on both edges, so boundary pieces meet exactly;
 * - touch at an input vertex q lying inside the other edge: only the side the other edge leaves towards
 *   changes (a vertex poking in from the left toggles the left side twice, i.e. not at all);
 * - q at an edge's own start vertex: the other edge is recorded as a "ray" there, for the corner rule;
 * - collinear overlap: no membership change along the line itself (its neighbours carry that), nodes at the
 *   overlap ends, a cover interval on the higher-index edge so the shared piece is integrated once.
 * Nothing here depends on a rounded coordinate; only the position of a proper crossing is rounded.
 *
 * Two phases: the patch's edges against all active edges first (enough to tell which candidate edges touch the
 * patch at all, see Classifier.markRelevance), then only pairs involving such relevant edges, found by binning
 * the edges' boxes in a uniform grid (the broad phase of collision detection; Ericson, "Real-Time Collision
 * Detection", 2005, ch. 7).
 */
import {
  Arrangement,
  EV_COVER_END,
  EV_COVER_START,
  EV_NODE,
  EV_TOGGLE_BOTH,
  EV_TOGGLE_LEFT,
  EV_TOGGLE_RIGHT,
} from './arrangement.js';
import { orient, orientValue } from './predicates.js';

export class Noder {
  /** Edge id per position (positions are in edge order). */
  private order = new Int32Array(256);
  // Per position, contiguous, so the pair loops read memory in order.
  private sMinX = new Float64Array(256);
  private sMaxX = new Float64Array(256);
  private sMinY = new Float64Array(256);
  private sMaxY = new Float64Array(256);
  private sOp = new Int32Array(256);
  private sRel = new Uint8Array(256);
  // Uniform grid (CSR): positions of the edges whose box meets cell c are cellItems[cellStart[c] .. [c + 1]).
  private cellStart = new Int32Array(257);
  private cellItems = new Int32Array(1024);
  private sCx0 = new Int32Array(256);
  private sCx1 = new Int32Array(256);
  private sCy0 = new Int32Array(256);
  private sCy1 = new Int32Array(256);
  /** Positions of edges spanning too many cells, paired by brute force instead. */
  private big = new Int32Array(64);
  private boxX0 = 0;
  private boxY0 = 0;
  private boxX1 = 0;
  private boxY1 = 0;

  /**
   * Phase 1: the patch's edges (the first nPatch) against every active edge, and against each other when the
   * patch is not simple. This is all the relevance pass needs.
   */
  nodePatch(arr: Arrangement, nPatch: number): void {
    const { eAx, eAy, eBx, eBy } = arr;
    const nActive = arr.nActive;
    const selfToo = arr.opSimple[0] !== 1;
    // Patches have few edges and candidates many: testing every (patch edge, candidate edge) box in a tight
    // loop beats binning them in a grid up to ~65 000 pairs (measured on the county fixture).
    if (nPatch * (nActive - nPatch) > 65536 || (selfToo && nPatch > 64)) {
      const m = this.fill(arr, 0, nActive, nPatch, false, -Infinity, -Infinity, Infinity, Infinity);
      this.pairs(arr, m, selfToo ? 1 : 2);
      return;
    }
    for (let i = 0; i < nPatch; i++) {
      const x0 = eAx[i] < eBx[i] ? eAx[i] : eBx[i];
      const x1 = eAx[i] < eBx[i] ? eBx[i] : eAx[i];
      const y0 = eAy[i] < eBy[i] ? eAy[i] : eBy[i];
      const y1 = eAy[i] < eBy[i] ? eBy[i] : eAy[i];
      for (let j = selfToo ? i + 1 : nPatch; j < nActive; j++) {
        const cx = eAx[j];
        const dx = eBx[j];
        if ((cx < x0 && dx < x0) || (cx > x1 && dx > x1)) continue;
        const cy = eAy[j];
        const dy = eBy[j];
        if ((cy < y0 && dy < y0) || (cy > y1 && dy > y1)) continue;
        nodePair(arr, i, j);
      }
    }
  }

  /**
   * Phase 2: pairs among the candidates' edges (active and auxiliary) of which at least one is relevant (eRel):
   * only relevant edges are walked, so only their events matter. [rx0, rx1] × [ry0, ry1]: the box of the
   * relevant edges; nothing outside it can meet one.
   */
  nodeRest(arr: Arrangement, nPatch: number, rx0: number, ry0: number, rx1: number, ry1: number): void {
    const m = this.fill(arr, nPatch, arr.nEdge, nPatch, true, rx0, ry0, rx1, ry1);
    this.pairs(arr, m, 3);
  }

  /**
   * Copies the boxes of the edges [lo, hi) that meet [rx0, rx1] × [ry0, ry1] into the per-position arrays
   * (in edge order) and returns their number. Drivers (sRel): the patch's edges (first nPatch) when
   * `byRelevance` is false, else the relevant edges (eRel).
   */
  private fill(
    arr: Arrangement,
    lo: number,
    hi: number,
    nPatch: number,
    byRelevance: boolean,
    rx0: number,
    ry0: number,
    rx1: number,
    ry1: number,
  ): number {
    const cap = hi - lo;
    if (this.order.length < cap) {
      const size = cap * 2;
      this.order = new Int32Array(size);
      this.sMinX = new Float64Array(size);
      this.sMaxX = new Float64Array(size);
      this.sMinY = new Float64Array(size);
      this.sMaxY = new Float64Array(size);
      this.sOp = new Int32Array(size);
      this.sRel = new Uint8Array(size);
      this.sCx0 = new Int32Array(size);
      this.sCx1 = new Int32Array(size);
      this.sCy0 = new Int32Array(size);
      this.sCy1 = new Int32Array(size);
    }
    const { order, sMinX, sMaxX, sMinY, sMaxY, sOp, sRel } = this;
    const { eAx, eAy, eBx, eBy, eOp, eRel } = arr;
    let bx0 = Infinity;
    let by0 = Infinity;
    let bx1 = -Infinity;
    let by1 = -Infinity;
    let m = 0;
    for (let e = lo; e < hi; e++) {
      const ax = eAx[e];
      const bx = eBx[e];
      const ay = eAy[e];
      const by = eBy[e];
      if ((ax < rx0 && bx < rx0) || (ax > rx1 && bx > rx1) || (ay < ry0 && by < ry0) || (ay > ry1 && by > ry1)) continue;
      const x0 = ax < bx ? ax : bx;
      const x1 = ax < bx ? bx : ax;
      const y0 = ay < by ? ay : by;
      const y1 = ay < by ? by : ay;
      order[m] = e;
      sMinX[m] = x0;
      sMaxX[m] = x1;
      sMinY[m] = y0;
      sMaxY[m] = y1;
      sOp[m] = eOp[e];
      sRel[m] = byRelevance ? eRel[e] : e < nPatch ? 1 : 0;
      if (x0 < bx0) bx0 = x0;
      if (x1 > bx1) bx1 = x1;
      if (y0 < by0) by0 = y0;
      if (y1 > by1) by1 = y1;
      m++;
    }
    this.boxX0 = bx0;
    this.boxY0 = by0;
    this.boxX1 = bx1;
    this.boxY1 = by1;
    return m;
  }

  /**
   * Broad phase over the filled edges: bins their boxes into a uniform grid of about two cells per edge and
   * tests the pairs that share a cell, each pair once — in the cell holding the low corner of the two boxes'
   * intersection (the cell index is a monotone function of the coordinate, so that corner's cell lies in both
   * edges' cell ranges). Linear in the edges for edges of similar length, where a sweep over x grows with the
   * number of edges each x-range overlaps (~√m). Edges spanning more than 16 cells are paired by brute force.
   * Pairs need at least one driver edge (sRel). Mode 1: any such pair; mode 2: not two drivers (phase 1,
   * simple patch); mode 3: not two edges of the same simple operand (phase 2).
   */
  private pairs(arr: Arrangement, m: number, mode: number): void {
    if (m < 2) return;
    const { order, sMinX, sMaxX, sMinY, sMaxY, sCx0, sCx1, sCy0, sCy1 } = this;
    const opSimple = arr.opSimple;
    const x0 = this.boxX0;
    const y0 = this.boxY0;
    const w = this.boxX1 - x0;
    const h = this.boxY1 - y0;
    // About two cells per edge, shaped like the box (one to four measured within noise on the county).
    let gx = 1;
    let gy = 1;
    if (w > 0 && h > 0) {
      gx = Math.max(1, Math.min(128, Math.round(Math.sqrt((2 * m * w) / h))));
      gy = Math.max(1, Math.min(128, Math.round(Math.sqrt((2 * m * h) / w))));
    } else if (w > 0) gx = Math.min(128, 2 * m);
    else if (h > 0) gy = Math.min(128, 2 * m);
    const fx = w > 0 ? gx / w : 0;
    const fy = h > 0 ? gy / h : 0;
    const nCells = gx * gy;
    if (this.cellStart.length < nCells + 1) this.cellStart = new Int32Array((nCells + 1) * 2);
    const cellStart = this.cellStart;
    cellStart.fill(0, 0, nCells + 1);
    if (this.big.length < m) this.big = new Int32Array(m * 2);
    const big = this.big;
    let nBig = 0;
    let nItems = 0;
    for (let k = 0; k < m; k++) {
      const cx0 = cellOf(sMinX[k], x0, fx, gx);
      const cx1 = cellOf(sMaxX[k], x0, fx, gx);
      const cy0 = cellOf(sMinY[k], y0, fy, gy);
      const cy1 = cellOf(sMaxY[k], y0, fy, gy);
      const n = (cx1 - cx0 + 1) * (cy1 - cy0 + 1);
      if (n > 16) {
        big[nBig++] = k;
        sCx0[k] = -1;
        continue;
      }
      sCx0[k] = cx0;
      sCx1[k] = cx1;
      sCy0[k] = cy0;
      sCy1[k] = cy1;
      nItems += n;
      for (let cy = cy0; cy <= cy1; cy++) for (let cx = cx0; cx <= cx1; cx++) cellStart[cy * gx + cx + 1]++;
    }
    for (let c = 0; c < nCells; c++) cellStart[c + 1] += cellStart[c];
    if (this.cellItems.length < nItems) this.cellItems = new Int32Array(nItems * 2);
    const items = this.cellItems;
    // Fill each cell from its end down (cellStart[c + 1] is decremented to cellStart[c]), keeping edge order.
    for (let k = m - 1; k >= 0; k--) {
      const cx0 = sCx0[k];
      if (cx0 < 0) continue;
      const cx1 = sCx1[k];
      const cy1 = sCy1[k];
      for (let cy = sCy0[k]; cy <= cy1; cy++) for (let cx = cx0; cx <= cx1; cx++) items[--cellStart[cy * gx + cx + 1]] = k;
    }
    // cellStart[c + 1] now holds the start of cell c; shift back so that cell c is [cellStart[c], cellStart[c + 1]).
    for (let c = 0; c < nCells; c++) cellStart[c] = cellStart[c + 1];
    cellStart[nCells] = nItems;
    for (let cy = 0; cy < gy; cy++) {
      for (let cx = 0; cx < gx; cx++) {
        const c = cy * gx + cx;
        const end = cellStart[c + 1];
        for (let s = cellStart[c]; s < end; s++) {
          const a = items[s];
          for (let t = s + 1; t < end; t++) {
            const b = items[t];
            if (!this.wanted(a, b, mode, opSimple)) continue;
            // Only in the cell of the low corner of the boxes' intersection.
            const rx = sMinX[b] > sMinX[a] ? sMinX[b] : sMinX[a];
            const ry = sMinY[b] > sMinY[a] ? sMinY[b] : sMinY[a];
            if (cellOf(rx, x0, fx, gx) !== cx || cellOf(ry, y0, fy, gy) !== cy) continue;
            // a < b as positions, and positions are in edge order.
            nodePair(arr, order[a], order[b]);
          }
        }
      }
    }
    // Edges spanning many cells: against every other edge (each big–big pair once).
    for (let u = 0; u < nBig; u++) {
      const a = big[u];
      for (let b = 0; b < m; b++) {
        if (b === a || (sCx0[b] < 0 && b < a) || !this.wanted(a, b, mode, opSimple)) continue;
        if (a < b) nodePair(arr, order[a], order[b]);
        else nodePair(arr, order[b], order[a]);
      }
    }
  }

  /** Whether positions a and b form a pair to node: a driver among them, boxes meeting, allowed by the mode. */
  private wanted(a: number, b: number, mode: number, opSimple: Uint8Array): boolean {
    const { sRel, sMinX, sMaxX, sMinY, sMaxY, sOp } = this;
    const rel = sRel[a] | sRel[b];
    if (rel === 0) return false;
    if (sMinX[b] > sMaxX[a] || sMaxX[b] < sMinX[a] || sMinY[b] > sMaxY[a] || sMaxY[b] < sMinY[a]) return false;
    if (mode === 2 && (sRel[a] & sRel[b]) === 1) return false;
    if (mode === 3 && sOp[a] === sOp[b] && opSimple[sOp[a]] === 1) return false;
    return true;
  }
}

/** Grid column (or row) of coordinate v: monotone in v, clamped to [0, g). */
function cellOf(v: number, v0: number, f: number, g: number): number {
  // v ≥ v0 and (v − v0)·f ≤ g < 2³¹, so truncation is the floor.
  const c = ((v - v0) * f) | 0;
  return c >= g ? g - 1 : c;
}

/**
 * Classifies edges i < j (i active) and records the events. Event and ray positions are copied from edge
 * endpoints by index (Arrangement.eventAt/rayTo), so no floating-point value crosses a call that V8 may not
 * inline — each such value would be a heap allocation, millions per county.
 *
 * @example
 * nodePair(arrangement, 0, 5); // records the crossing of edges 0 and 5, if any, on both
 */
export function nodePair(arr: Arrangement, i: number, j: number): void {
  const ax = arr.eAx[i];
  const ay = arr.eAy[i];
  const bx = arr.eBx[i];
  const by = arr.eBy[i];
  const cx = arr.eAx[j];
  const cy = arr.eAy[j];
  const dx = arr.eBx[j];
  const dy = arr.eBy[j];
  // Edges that share an endpoint (the usual case in a tessellation: every vertex is shared by two or three
  // parcels) meet only there unless they are collinear, so one orientation decides instead of four.
  const cAtA = cx === ax && cy === ay;
  const cShared = cAtA || (cx === bx && cy === by);
  const dAtA = dx === ax && dy === ay;
  if (cShared || dAtA || (dx === bx && dy === by)) {
    const o = cShared ? orient(ax, ay, bx, by, dx, dy) : orient(ax, ay, bx, by, cx, cy);
    if (o === 0) {
      collinearPair(arr, i, j);
      return;
    }
    // q = c (j's start) or d (j's end); on i it is a (0) or b (2).
    const qOnI = cShared ? (cAtA ? 0 : 2) : dAtA ? 0 : 2;
    if (qOnI === 0) arr.rayTo(i, j, cShared ? 1 : 0, arr.eOp[j]);
    if (cShared && j < arr.nActive) arr.rayTo(j, i, qOnI === 0 ? 1 : 0, arr.eOp[i]);
    return;
  }
  const oc = orient(ax, ay, bx, by, cx, cy);
  const od = orient(ax, ay, bx, by, dx, dy);
  if (oc === od && oc !== 0) return;
  if (oc === 0 && od === 0) {
    collinearPair(arr, i, j);
    return;
  }
  const oa = orient(cx, cy, dx, dy, ax, ay);
  const ob = orient(cx, cy, dx, dy, bx, by);
  if (oa === ob && oa !== 0) return;
  const opI = arr.eOp[i];
  const opJ = arr.eOp[j];
  const jActive = j < arr.nActive;
  if (oc !== 0 && od !== 0 && oa !== 0 && ob !== 0) {
    // Proper crossing. Position by the parameter on i; clamp into both edges' boxes (it can only stray by
    // rounding).
    const va = orientValue(cx, cy, dx, dy, ax, ay);
    const t = va / (va - orientValue(cx, cy, dx, dy, bx, by));
    let x = ax + t * (bx - ax);
    let y = ay + t * (by - ay);
    const xlo = Math.max(Math.min(ax, bx), Math.min(cx, dx));
    const xhi = Math.min(Math.max(ax, bx), Math.max(cx, dx));
    const ylo = Math.max(Math.min(ay, by), Math.min(cy, dy));
    const yhi = Math.min(Math.max(ay, by), Math.max(cy, dy));
    if (x < xlo) x = xlo;
    else if (x > xhi) x = xhi;
    if (y < ylo) y = ylo;
    else if (y > yhi) y = yhi;
    let k = arr.newEvent(i, opJ, EV_TOGGLE_BOTH);
    arr.evX[k] = x;
    arr.evY[k] = y;
    if (jActive) {
      k = arr.newEvent(j, opI, EV_TOGGLE_BOTH);
      arr.evX[k] = x;
      arr.evY[k] = y;
    }
    return;
  }
  // The edges meet at exactly one point, an input vertex q: endpoint qEnd (0 start, 1 end) of edge qEdge.
  let qx: number;
  let qy: number;
  let qEdge: number;
  let qEnd: number;
  if (oc === 0) {
    qx = cx;
    qy = cy;
    qEdge = j;
    qEnd = 0;
  } else if (od === 0) {
    qx = dx;
    qy = dy;
    qEdge = j;
    qEnd = 1;
  } else if (oa === 0) {
    qx = ax;
    qy = ay;
    qEdge = i;
    qEnd = 0;
  } else {
    qx = bx;
    qy = by;
    qEdge = i;
    qEnd = 1;
  }
  // 0: q is the edge's start, 2: its end, 1: strictly inside it.
  const onI = qx === ax && qy === ay ? 0 : qx === bx && qy === by ? 2 : 1;
  const onJ = qx === cx && qy === cy ? 0 : qx === dx && qy === dy ? 2 : 1;
  if (onI === 1) {
    // q is an endpoint of j; j leaves towards its other endpoint, strictly on one side of i.
    const side = onJ === 0 ? od : oc;
    arr.eventAt(i, qEdge, qEnd, opJ, side > 0 ? EV_TOGGLE_LEFT : EV_TOGGLE_RIGHT);
  } else if (onI === 0) {
    if (onJ !== 0) arr.rayTo(i, j, 0, opJ);
    if (onJ !== 2) arr.rayTo(i, j, 1, opJ);
  }
  if (jActive) {
    if (onJ === 1) {
      const side = onI === 0 ? ob : oa;
      arr.eventAt(j, qEdge, qEnd, opI, side > 0 ? EV_TOGGLE_LEFT : EV_TOGGLE_RIGHT);
    } else if (onJ === 0) {
      if (onI !== 0) arr.rayTo(j, i, 0, opI);
      if (onI !== 2) arr.rayTo(j, i, 1, opI);
    }
  }
}

/** Edges i < j on one line: nodes where an endpoint of one lies inside the other, corner rays, cover. */
function collinearPair(arr: Arrangement, i: number, j: number): void {
  const ax = arr.eAx[i];
  const ay = arr.eAy[i];
  const bx = arr.eBx[i];
  const by = arr.eBy[i];
  // All four points lie on one line: compare them along an axis on which edge i is not degenerate (exact).
  const useX = ax !== bx;
  const sa = useX ? ax : ay;
  const sb = useX ? bx : by;
  const sc = useX ? arr.eAx[j] : arr.eAy[j];
  const sd = useX ? arr.eBx[j] : arr.eBy[j];
  const iLo = sa < sb ? sa : sb;
  const iHi = sa < sb ? sb : sa;
  const jLo = sc < sd ? sc : sd;
  const jHi = sc < sd ? sd : sc;
  const lo = iLo > jLo ? iLo : jLo;
  const hi = iHi < jHi ? iHi : jHi;
  if (lo > hi) return;
  const opI = arr.eOp[i];
  const opJ = arr.eOp[j];
  const jActive = j < arr.nActive;
  // Corner rays: j passes through or ends at i's start vertex a (and vice versa).
  if (sa >= jLo && sa <= jHi) {
    if (sc !== sa) arr.rayTo(i, j, 0, opJ);
    if (sd !== sa) arr.rayTo(i, j, 1, opJ);
  }
  if (jActive && sc >= iLo && sc <= iHi) {
    if (sa !== sc) arr.rayTo(j, i, 0, opI);
    if (sb !== sc) arr.rayTo(j, i, 1, opI);
  }
  if (lo === hi) return; // they only share an endpoint
  // Nodes where one edge's endpoint lies strictly inside the other.
  if (sc > iLo && sc < iHi) arr.eventAt(i, j, 0, opJ, EV_NODE);
  if (sd > iLo && sd < iHi) arr.eventAt(i, j, 1, opJ, EV_NODE);
  if (jActive) {
    if (sa > jLo && sa < jHi) arr.eventAt(j, i, 0, opI, EV_NODE);
    if (sb > jLo && sb < jHi) arr.eventAt(j, i, 1, opI, EV_NODE);
    // The overlap [lo, hi] is owned by i (lower index): mark it covered on j. Its ends are endpoints of i or j.
    const loEdge = sa === lo || sb === lo ? i : j;
    const loEnd = loEdge === i ? (sa === lo ? 0 : 1) : sc === lo ? 0 : 1;
    const hiEdge = sa === hi || sb === hi ? i : j;
    const hiEnd = hiEdge === i ? (sa === hi ? 0 : 1) : sc === hi ? 0 : 1;
    if (sc < sd) {
      arr.eventAt(j, loEdge, loEnd, opI, EV_COVER_START);
      arr.eventAt(j, hiEdge, hiEnd, opI, EV_COVER_END);
    } else {
      arr.eventAt(j, hiEdge, hiEnd, opI, EV_COVER_START);
      arr.eventAt(j, loEdge, loEnd, opI, EV_COVER_END);
    }
  }
}
