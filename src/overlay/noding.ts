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
 * Two phases over one broad phase — the active edges' boxes binned in a uniform grid (the broad phase of
 * collision detection; C. Ericson, "Real-Time Collision Detection", 2005, ch. 7): the pairs with a patch edge
 * first (enough to tell which candidate edges touch the patch at all, see Classifier.markRelevance), then only
 * the candidate pairs involving such relevant edges, and the auxiliary edges against them. Small arrangements
 * skip the grid: up to BLOCKS_MIN active edges they compare all pairs of boxes, up to BRUTE_MAX all pairs of boxes of
 * blocks of four consecutive edges first.
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
import { orientPts, orientValue, pick } from './predicates.js';
import { cellOf } from '../index/box-grid.js';
import { growI32 } from '../geometry/growable.js';

/**
 * Up to this many active edges (a patch with one or two small candidates), phase 1 compares every pair of boxes
 * instead of binning them, and phase 2 every auxiliary edge with every relevant one: cheaper than building the
 * grid (patches × land use and × farmland 6–7 % faster in paired runs than binning always at 32; once the pairs
 * classify drops are skipped before the boxes, 48 is 5 % faster than 32 on land use). Since candidates whose box
 * misses the edge's, and a Jordan candidate's own pairs, are skipped whole, any limit from 48 to 128 measures the
 * same within ±3 % on patches × land use and × farmland (bias-cancelled bench/ab.sh), and 256 is slower.
 */
const BRUTE_MAX = 128;
/**
 * Above this many active edges (up to BRUTE_MAX), phase 1 compares pairs of blocks of four consecutive edges before
 * their edges (see nodePatchBlocks). Phase 1 on patches × farmland: 8.3 → 8.0 ms, from the 440 patches with 49–128
 * active edges (6.9 → 6.0 µs each); from 16 or 32 on it measures the same, and it does no better than the grid above
 * 128. Bias-cancelled bench/ab.sh: farmland 0.966, land use 0.987.
 */
const BLOCKS_MIN = 48;

export class Noder {
  /**
   * Box of each active edge, by edge index (contiguous, so the pair loops read memory in order); set by
   * {@link nodePatch} for the active edges, and read by the kernel's auxiliary pass too.
   */
  bMinX = new Float64Array(256);
  bMaxX = new Float64Array(256);
  bMinY = new Float64Array(256);
  bMaxY = new Float64Array(256);
  /** Blocks of nodePatchBlocks: block q is the active edges [qStart[q], qStart[q + 1]), with its box. */
  private qStart = new Int32Array(129);
  private qMinX = new Float64Array(128);
  private qMaxX = new Float64Array(128);
  private qMinY = new Float64Array(128);
  private qMaxY = new Float64Array(128);
  // Uniform grid over the active edges (CSR): the edges whose box meets cell c are cellItems[cellStart[c] .. [c + 1]).
  private cellStart = new Int32Array(257);
  private cellItems = new Int32Array(1024);
  private cx0 = new Int32Array(256);
  private cx1 = new Int32Array(256);
  private cy0 = new Int32Array(256);
  private cy1 = new Int32Array(256);
  /** Active edges spanning too many cells, paired by brute force instead. */
  private big = new Int32Array(64);
  private nBig = 0;
  private gx = 1;
  private gy = 1;
  private x0 = 0;
  private y0 = 0;
  private x1 = 0;
  private y1 = 0;
  private fx = 0;
  private fy = 0;
  /** Candidate–candidate pairs (i < j, boxes meeting) found while binning, for phase 2. */
  private kept = new Int32Array(512);
  private nKept = 0;

  /**
   * Phase 1: bins the active edges (or, when they are few, compares all their boxes), nodes every pair with a
   * patch edge (the first nPatch) — patch–patch pairs too when the patch is not simple — and keeps the
   * candidate–candidate pairs for {@link nodeRest}. This is all the relevance pass needs.
   */
  nodePatch(arr: Arrangement, nPatch: number): void {
    const n = arr.nActive;
    this.nKept = 0;
    this.nBig = 0;
    if (n < 2) {
      this.boxes(arr, n);
      return;
    }
    const selfToo = arr.opSimple[0] !== 1;
    // Three methods, each within V8's inlining budget with the box and pair code it calls (as one, the edge boxes
    // were a call per patch).
    if (n <= BLOCKS_MIN) this.nodePatchBrute(arr, n, nPatch, selfToo);
    else if (n <= BRUTE_MAX) this.nodePatchBlocks(arr, n, nPatch, selfToo);
    else this.nodePatchGrid(arr, n, nPatch, selfToo);
  }

  /**
   * nodePatch by pairs of blocks: each operand's active edges cut into runs of four consecutive edges, which lie
   * close together along their chains, so a block's box is small; only the edges of two blocks whose boxes meet
   * are compared. The pair rules of the brute force apply block by block (patch blocks of a simple patch with each
   * other, a Jordan candidate's own blocks: skipped whole).
   */
  private nodePatchBlocks(arr: Arrangement, n: number, nPatch: number, selfToo: boolean): void {
    this.boxes(arr, n);
    const { bMinX, bMaxX, bMinY, bMaxY } = this;
    const { eOp, eTwinOp, opSimple, opJordan, opEdgeEnd, nOp } = arr;
    if (this.qStart.length < n + nOp) this.growBlocks(n + nOp);
    const { qStart, qMinX, qMaxX, qMinY, qMaxY } = this;
    let nq = 0;
    for (let j = 0, a = 0; j < nOp; j++) {
      const end = opEdgeEnd[j];
      while (a < end) {
        const b = a + 4 < end ? a + 4 : end;
        let x0 = bMinX[a];
        let x1 = bMaxX[a];
        let y0 = bMinY[a];
        let y1 = bMaxY[a];
        for (let e = a + 1; e < b; e++) {
          x0 = pick(+(bMinX[e] < x0), bMinX[e], x0);
          x1 = pick(+(bMaxX[e] > x1), bMaxX[e], x1);
          y0 = pick(+(bMinY[e] < y0), bMinY[e], y0);
          y1 = pick(+(bMaxY[e] > y1), bMaxY[e], y1);
        }
        qStart[nq] = a;
        qMinX[nq] = x0;
        qMaxX[nq] = x1;
        qMinY[nq] = y0;
        qMaxY[nq] = y1;
        nq++;
        a = b;
      }
    }
    qStart[nq] = n;
    for (let P = 0; P < nq; P++) {
      const a0 = qStart[P];
      const a1 = qStart[P + 1];
      const op = eOp[a0];
      const px0 = qMinX[P];
      const px1 = qMaxX[P];
      const py0 = qMinY[P];
      const py1 = qMaxY[P];
      const patchOnly = a0 < nPatch && !selfToo;
      const jordan = a0 >= nPatch && opJordan[op] === 1;
      for (let Q = P; Q < nq; Q++) {
        const b0 = qStart[Q];
        const B = eOp[b0];
        if (B === op ? patchOnly || jordan : patchOnly && b0 < nPatch) continue;
        if ((+(qMinX[Q] > px1) | +(qMaxX[Q] < px0) | +(qMinY[Q] > py1) | +(qMaxY[Q] < py0)) !== 0) continue;
        const b1 = qStart[Q + 1];
        const same = B === op && a0 >= nPatch && opSimple[op] === 1;
        for (let i = a0; i < a1; i++) {
          const x0 = bMinX[i];
          const x1 = bMaxX[i];
          const y0 = bMinY[i];
          const y1 = bMaxY[i];
          const skipSame = same && eTwinOp[i] < 0;
          for (let j = P === Q ? i + 1 : b0; j < b1; j++) {
            if (skipSame && eTwinOp[j] < 0) continue;
            if ((+(bMinX[j] > x1) | +(bMaxX[j] < x0) | +(bMinY[j] > y1) | +(bMaxY[j] < y0)) !== 0) continue;
            this.classify(arr, i, j, nPatch, selfToo);
          }
        }
      }
    }
  }

  private growBlocks(n: number): void {
    this.qStart = new Int32Array(2 * n + 1);
    this.qMinX = new Float64Array(2 * n);
    this.qMaxX = new Float64Array(2 * n);
    this.qMinY = new Float64Array(2 * n);
    this.qMaxY = new Float64Array(2 * n);
  }

  /** nodePatch comparing every pair of boxes (small arrangements). */
  private nodePatchBrute(arr: Arrangement, n: number, nPatch: number, selfToo: boolean): void {
    this.boxes(arr, n);
    const { bMinX, bMaxX, bMinY, bMaxY } = this;
    const { eOp, eTwinOp, opSimple, opJordan, opBox, opEdgeEnd } = arr;
    for (let i = 0; i < n; i++) {
      const x0 = bMinX[i];
      const x1 = bMaxX[i];
      const y0 = bMinY[i];
      const y1 = bMaxY[i];
      // A simple patch's edges meet each other only at their shared vertices, where nothing is recorded.
      let j = i < nPatch && !selfToo ? nPatch : i + 1;
      // Likewise two edges of one simple candidate without twins (classify's first test, made before the boxes).
      const op = eOp[i];
      const alone = i >= nPatch && opSimple[op] === 1 && eTwinOp[i] < 0;
      const jordan = i >= nPatch && opJordan[op] === 1;
      // Operand by operand: the active edges of an operand whose box misses edge i's are skipped at once, and
      // those of i's own operand when it is a Jordan ring (see classify).
      while (j < n) {
        const B = eOp[j];
        const end = opEdgeEnd[B];
        if (
          B === op
            ? jordan
            : (+(opBox[4 * B] > x1) | +(opBox[4 * B + 2] < x0) | +(opBox[4 * B + 1] > y1) | +(opBox[4 * B + 3] < y0)) !== 0
        ) {
          j = end;
          continue;
        }
        const skipSame = alone && B === op;
        for (; j < end; j++) {
          if (skipSame && eTwinOp[j] < 0) continue;
          // All four comparisons, then one branch: which side of edge i edge j lies on is a coin toss to the
          // predictor, whether their boxes meet mostly not (about one pair in ten).
          if ((+(bMinX[j] > x1) | +(bMaxX[j] < x0) | +(bMinY[j] > y1) | +(bMaxY[j] < y0)) !== 0) continue;
          this.classify(arr, i, j, nPatch, selfToo);
        }
      }
    }
  }

  /** nodePatch through the uniform grid (larger arrangements). */
  private nodePatchGrid(arr: Arrangement, n: number, nPatch: number, selfToo: boolean): void {
    this.bin(arr, n);
    const { eOp, eTwinOp, opSimple, opJordan } = arr;
    const { cellStart, cellItems: items, gx, gy, big } = this;
    for (let cy = 0; cy < gy; cy++) {
      for (let cx = 0; cx < gx; cx++) {
        const c = cy * gx + cx;
        const end = cellStart[c + 1];
        for (let s = cellStart[c]; s < end; s++) {
          const i = items[s];
          // The pairs classify would drop are skipped before their boxes are compared (as in the brute force).
          const op = eOp[i];
          const patchOnly = i < nPatch && !selfToo;
          const alone = i >= nPatch && opSimple[op] === 1 && eTwinOp[i] < 0;
          const jordan = i >= nPatch && opJordan[op] === 1;
          for (let t = s + 1; t < end; t++) {
            const j = items[t];
            if (patchOnly ? j < nPatch : eOp[j] === op && (jordan || (alone && eTwinOp[j] < 0))) continue;
            if (!this.meet(i, j) || this.refCell(i, j) !== c) continue;
            this.classify(arr, i, j, nPatch, selfToo);
          }
        }
      }
    }
    // Edges spanning many cells: against every other active edge (each big–big pair once).
    for (let u = 0; u < this.nBig; u++) {
      const a = big[u];
      for (let b = 0; b < n; b++) {
        if (b === a || (this.cx0[b] < 0 && b < a) || !this.meet(a, b)) continue;
        if (a < b) this.classify(arr, a, b, nPatch, selfToo);
        else this.classify(arr, b, a, nPatch, selfToo);
      }
    }
  }

  /**
   * Phase 2: the kept candidate–candidate pairs of which at least one edge is relevant (eRel: only relevant
   * edges are walked, so only their events matter), and every auxiliary edge against the relevant active edges
   * it meets. Requires {@link nodePatch} and the relevance pass.
   */
  nodeRest(arr: Arrangement): void {
    const { kept, nKept } = this;
    const eRel = arr.eRel;
    for (let k = 0; k < nKept; k += 2) {
      const i = kept[k];
      const j = kept[k + 1];
      if ((eRel[i] | eRel[j]) !== 0) nodePair(arr, i, j);
    }
    const nActive = arr.nActive;
    if (arr.nEdge === nActive || nActive < 1) return;
    const { eAx, eAy, eBx, eBy } = arr;
    // The same choice as nodePatch made for these active edges.
    if (nActive <= BRUTE_MAX) {
      const { bMinX, bMaxX, bMinY, bMaxY } = this;
      const { eOp, opSimple, opBox, opEdgeEnd } = arr;
      for (let x = nActive; x < arr.nEdge; x++) {
        const minX = eAx[x] < eBx[x] ? eAx[x] : eBx[x];
        const maxX = eAx[x] < eBx[x] ? eBx[x] : eAx[x];
        const minY = eAy[x] < eBy[x] ? eAy[x] : eBy[x];
        const maxY = eAy[x] < eBy[x] ? eBy[x] : eAy[x];
        const X = eOp[x];
        // Operand by operand, skipping those whose box misses x's, and x's own when it is simple: an auxiliary edge
        // carries no twin, and two edges of a simple operand record nothing on each other (rays() and touch() drop
        // the operand's own events on its edges; they cannot cross).
        let e = 0;
        while (e < nActive) {
          const B = eOp[e];
          const end = opEdgeEnd[B];
          if (B === X ? opSimple[X] === 1 : opBox[4 * B] > maxX || opBox[4 * B + 2] < minX || opBox[4 * B + 1] > maxY || opBox[4 * B + 3] < minY) {
            e = end;
            continue;
          }
          for (; e < end; e++) {
            if (eRel[e] !== 1 || bMinX[e] > maxX || bMaxX[e] < minX || bMinY[e] > maxY || bMaxY[e] < minY) continue;
            nodePair(arr, e, x);
          }
        }
      }
      return;
    }
    const { cellStart, cellItems: items, gx, gy, big, bMinX, bMaxX, bMinY, bMaxY } = this;
    for (let x = nActive; x < arr.nEdge; x++) {
      const minX = eAx[x] < eBx[x] ? eAx[x] : eBx[x];
      const maxX = eAx[x] < eBx[x] ? eBx[x] : eAx[x];
      const minY = eAy[x] < eBy[x] ? eAy[x] : eBy[x];
      const maxY = eAy[x] < eBy[x] ? eBy[x] : eAy[x];
      const cx0 = cellOf(minX, this.x0, this.fx, gx);
      const cx1 = cellOf(maxX, this.x0, this.fx, gx);
      const cy0 = cellOf(minY, this.y0, this.fy, gy);
      const cy1 = cellOf(maxY, this.y0, this.fy, gy);
      const many = (cx1 - cx0 + 1) * (cy1 - cy0 + 1) > 64;
      // Spanning many cells: against every active edge; else the active edges in its cells, each pair once (in
      // the cell of the low corner of the boxes' intersection; clamping keeps the cell index monotone), then
      // the big ones.
      const nList = many ? nActive : this.nBig;
      for (let u = 0; u < nList; u++) {
        const e = many ? u : big[u];
        if (eRel[e] !== 1 || bMinX[e] > maxX || bMaxX[e] < minX || bMinY[e] > maxY || bMaxY[e] < minY) continue;
        nodePair(arr, e, x);
      }
      if (many) continue;
      for (let cy = cy0; cy <= cy1; cy++) {
        for (let cx = cx0; cx <= cx1; cx++) {
          const c = cy * gx + cx;
          for (let s = cellStart[c]; s < cellStart[c + 1]; s++) {
            const e = items[s];
            if (eRel[e] !== 1 || bMinX[e] > maxX || bMaxX[e] < minX || bMinY[e] > maxY || bMaxY[e] < minY) continue;
            if ((this.cx0[e] > cx0 ? this.cx0[e] : cx0) !== cx || (this.cy0[e] > cy0 ? this.cy0[e] : cy0) !== cy) continue;
            nodePair(arr, e, x);
          }
        }
      }
    }
  }

  /** Phase 1 for a pair i < j of active edges whose boxes meet: node it now or keep it for phase 2. */
  private classify(arr: Arrangement, i: number, j: number, nPatch: number, selfToo: boolean): void {
    if (i < nPatch) {
      if (j >= nPatch || selfToo) nodePair(arr, i, j);
      return;
    }
    const op = arr.eOp[i];
    // Two edges of one simple operand meet only at their shared vertices, which carry no event for that operand
    // (rays() and touch() drop it) — but an edge carrying a twin brings another operand there, which they keep,
    // unless j continues i's chain: then the twin's ray at j's start points back along i, the boundary of the
    // corner, where it toggles nothing.
    if (arr.eOp[j] === op && arr.opSimple[op] === 1) {
      if ((arr.eTwinOp[i] < 0 && arr.eTwinOp[j] < 0) || (j === i + 1 && arr.eChainStart[j] === 0)) return;
      // A Jordan ring's edges meet only where consecutive ones join. Consecutive in the ring means consecutive in
      // its chain (the case above), or the last and first edge of a whole ring taken as one chain: they meet at the
      // first edge's start, where a chain's first edge takes its labels from point location, not from rays.
      if (arr.opJordan[op] === 1) return;
    }
    if (this.nKept + 2 > this.kept.length) this.kept = growI32(this.kept, this.nKept + 2);
    this.kept[this.nKept++] = i;
    this.kept[this.nKept++] = j;
  }

  private meet(i: number, j: number): boolean {
    const { bMinX, bMaxX, bMinY, bMaxY } = this;
    return (+(bMinX[j] > bMaxX[i]) | +(bMaxX[j] < bMinX[i]) | +(bMinY[j] > bMaxY[i]) | +(bMaxY[j] < bMinY[i])) === 0;
  }

  /**
   * The cell of the low corner of the intersection of two meeting boxes: the one cell that owns the pair. The
   * cell index is monotone in the coordinate, so it is the larger of the two boxes' first columns and rows.
   */
  private refCell(i: number, j: number): number {
    const { cx0, cy0 } = this;
    const cx = cx0[j] > cx0[i] ? cx0[j] : cx0[i];
    const cy = cy0[j] > cy0[i] ? cy0[j] : cy0[i];
    return cy * this.gx + cx;
  }

  /**
   * The boxes of the active edges [0, n) (bMinX … bMaxX). Small, so that V8 inlines it into nodePatchBrute (as a call
   * it cost ~3 % of patches × farmland); the grid's common box is bin's own business.
   */
  private boxes(arr: Arrangement, n: number): void {
    if (this.bMinX.length < n) this.growBoxes(n);
    const { bMinX, bMaxX, bMinY, bMaxY } = this;
    const { eAx, eAy, eBx, eBy } = arr;
    // The order of an edge's ends is a coin toss, so a branch on it mispredicts half the time (~4 ns an edge
    // measured): min and max by pick instead.
    for (let e = 0; e < n; e++) {
      const ax = eAx[e];
      const bx = eBx[e];
      const ay = eAy[e];
      const by = eBy[e];
      const mx = +(ax < bx);
      const my = +(ay < by);
      bMinX[e] = pick(mx, ax, bx);
      bMaxX[e] = pick(mx, bx, ax);
      bMinY[e] = pick(my, ay, by);
      bMaxY[e] = pick(my, by, ay);
    }
  }

  private growBoxes(n: number): void {
    const size = n * 2;
    this.bMinX = new Float64Array(size);
    this.bMaxX = new Float64Array(size);
    this.bMinY = new Float64Array(size);
    this.bMaxY = new Float64Array(size);
    this.cx0 = new Int32Array(size);
    this.cx1 = new Int32Array(size);
    this.cy0 = new Int32Array(size);
    this.cy1 = new Int32Array(size);
  }

  /**
   * Bins the boxes of the active edges [0, n) into a uniform grid of about one cell per edge, shaped like
   * their common box (¼ to 2 cells per edge, and 16 or 64 cells as the brute-force limit below, measured
   * within noise of each other on the county). A pair of meeting boxes is
   * then tested in one cell only, the one holding the low corner of their intersection: the cell index is a
   * monotone function of the coordinate, so that corner's cell lies in both edges' cell ranges. Edges
   * spanning more than 64 cells go to the brute-force list instead.
   */
  private bin(arr: Arrangement, n: number): void {
    this.boxes(arr, n);
    const { bMinX, bMaxX, bMinY, bMaxY, cx0: sCx0, cx1: sCx1, cy0: sCy0, cy1: sCy1 } = this;
    // The common box of the edges, which nodeRest's grid path reads too.
    let x0 = Infinity;
    let y0 = Infinity;
    let x1 = -Infinity;
    let y1 = -Infinity;
    for (let e = 0; e < n; e++) {
      if (bMinX[e] < x0) x0 = bMinX[e];
      if (bMaxX[e] > x1) x1 = bMaxX[e];
      if (bMinY[e] < y0) y0 = bMinY[e];
      if (bMaxY[e] > y1) y1 = bMaxY[e];
    }
    this.x0 = x0;
    this.y0 = y0;
    this.x1 = x1;
    this.y1 = y1;
    const w = x1 - x0;
    const h = y1 - y0;
    let gx = 1;
    let gy = 1;
    if (w > 0 && h > 0) {
      gx = Math.max(1, Math.min(128, Math.round(Math.sqrt((n * w) / h))));
      gy = Math.max(1, Math.min(128, Math.round(Math.sqrt((n * h) / w))));
    } else if (w > 0) gx = Math.min(128, n);
    else if (h > 0) gy = Math.min(128, n);
    const fx = w > 0 ? gx / w : 0;
    const fy = h > 0 ? gy / h : 0;
    this.gx = gx;
    this.gy = gy;
    this.fx = fx;
    this.fy = fy;
    const nCells = gx * gy;
    if (this.cellStart.length < nCells + 1) this.cellStart = new Int32Array((nCells + 1) * 2);
    const cellStart = this.cellStart;
    cellStart.fill(0, 0, nCells + 1);
    if (this.big.length < n) this.big = new Int32Array(n * 2);
    const big = this.big;
    let nBig = 0;
    let nItems = 0;
    for (let e = 0; e < n; e++) {
      const cx0 = cellOf(bMinX[e], x0, fx, gx);
      const cx1 = cellOf(bMaxX[e], x0, fx, gx);
      const cy0 = cellOf(bMinY[e], y0, fy, gy);
      const cy1 = cellOf(bMaxY[e], y0, fy, gy);
      const cells = (cx1 - cx0 + 1) * (cy1 - cy0 + 1);
      if (cells > 64) {
        big[nBig++] = e;
        sCx0[e] = -1;
        continue;
      }
      sCx0[e] = cx0;
      sCx1[e] = cx1;
      sCy0[e] = cy0;
      sCy1[e] = cy1;
      nItems += cells;
      for (let cy = cy0; cy <= cy1; cy++) for (let cx = cx0; cx <= cx1; cx++) cellStart[cy * gx + cx + 1]++;
    }
    this.nBig = nBig;
    for (let c = 0; c < nCells; c++) cellStart[c + 1] += cellStart[c];
    if (this.cellItems.length < nItems) this.cellItems = new Int32Array(nItems * 2);
    const items = this.cellItems;
    // Fill each cell from its end down (cellStart[c + 1] counts down to cellStart[c]), keeping edge order.
    for (let e = n - 1; e >= 0; e--) {
      const cx0 = sCx0[e];
      if (cx0 < 0) continue;
      const cx1 = sCx1[e];
      const cy1 = sCy1[e];
      for (let cy = sCy0[e]; cy <= cy1; cy++) for (let cx = cx0; cx <= cx1; cx++) items[--cellStart[cy * gx + cx + 1]] = e;
    }
    // cellStart[c + 1] now holds the start of cell c; shift back so that cell c is [cellStart[c], cellStart[c + 1]).
    for (let c = 0; c < nCells; c++) cellStart[c] = cellStart[c + 1];
    cellStart[nCells] = nItems;
  }
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
  // Which endpoints coincide, as bits, tested together: whether a pair shares one is a coin toss to the branch
  // predictor (about half the pairs whose boxes meet do), so one branch instead of a chain of short circuits.
  const cAtA = +(cx === ax) & +(cy === ay);
  const cAtB = +(cx === bx) & +(cy === by);
  const dAtA = +(dx === ax) & +(dy === ay);
  const dAtB = +(dx === bx) & +(dy === by);
  if ((cAtA | cAtB | dAtA | dAtB) !== 0) {
    // q = c (j's start) when c is shared, else d (j's end); the other end of j decides.
    const cs = cAtA | cAtB;
    const o = sideOf(arr, i, j, cs);
    if (o === 0) {
      collinearPair(arr, i, j);
      return;
    }
    // q is i's start a (qAtA) or its end b.
    const qAtA = cs === 1 ? cAtA : dAtA;
    if (qAtA === 1) rays(arr, i, j, cs);
    if (cs === 1 && j < arr.nActive) rays(arr, j, i, qAtA);
    return;
  }
  const oc = sideOf(arr, i, j, 0);
  const od = sideOf(arr, i, j, 1);
  if (oc === od && oc !== 0) return;
  if (oc === 0 && od === 0) {
    collinearPair(arr, i, j);
    return;
  }
  const oa = sideOf(arr, j, i, 0);
  const ob = sideOf(arr, j, i, 1);
  if (oa === ob && oa !== 0) return;
  const opI = arr.eOp[i];
  const opJ = arr.eOp[j];
  const jActive = j < arr.nActive;
  if (oc !== 0 && od !== 0 && oa !== 0 && ob !== 0) {
    // Proper crossing.
    crossingPoint(arr, i, j, CROSSING);
    const x = CROSSING[0];
    const y = CROSSING[1];
    let k = arr.newEvent(i, opJ, EV_TOGGLE_BOTH);
    arr.evX[k] = x;
    arr.evY[k] = y;
    const tj = arr.twinFor(i, j);
    if (tj >= 0) {
      k = arr.newEvent(i, tj, EV_TOGGLE_BOTH);
      arr.evX[k] = x;
      arr.evY[k] = y;
    }
    if (jActive) {
      k = arr.newEvent(j, opI, EV_TOGGLE_BOTH);
      arr.evX[k] = x;
      arr.evY[k] = y;
      const ti = arr.twinFor(j, i);
      if (ti >= 0) {
        k = arr.newEvent(j, ti, EV_TOGGLE_BOTH);
        arr.evX[k] = x;
        arr.evY[k] = y;
      }
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
    touch(arr, i, qEdge, qEnd, j, side > 0 ? EV_TOGGLE_LEFT : EV_TOGGLE_RIGHT);
  } else if (onI === 0) {
    if (onJ !== 0) rays(arr, i, j, 0);
    if (onJ !== 2) rays(arr, i, j, 1);
  }
  if (jActive) {
    if (onJ === 1) {
      const side = onI === 0 ? ob : oa;
      touch(arr, j, qEdge, qEnd, i, side > 0 ? EV_TOGGLE_LEFT : EV_TOGGLE_RIGHT);
    } else if (onJ === 0) {
      if (onI !== 0) rays(arr, j, i, 0);
      if (onI !== 2) rays(arr, j, i, 1);
    }
  }
}

/**
 * Sign of the orientation of endpoint `end` (0 its start, 1 its end) of edge j against the directed edge i: 1 left,
 * −1 right, 0 on its line. Edges by index and points through an array, not coordinates as arguments: nodePair is past
 * V8's inlining budget, where every floating-point argument of a call is boxed in a heap number (three quarters of
 * what an overlay allocated, and its garbage collections, went to nodePair's orientation calls before).
 */
function sideOf(arr: Arrangement, i: number, j: number, end: number): number {
  return orientPts(arr.edgeAndEnd(SIDE_PTS, i, j, end), 0, 1, 2);
}
const SIDE_PTS = new Float64Array(6);

/** Where the proper crossing of edges i and j is written (x, y), so that no number is boxed on the way back. */
const CROSSING = new Float64Array(2);

/**
 * The crossing point of edges i and j, which cross properly, into out[0], out[1]: by the parameter on i, clamped into
 * both edges' boxes (it can only stray by rounding).
 */
function crossingPoint(arr: Arrangement, i: number, j: number, out: Float64Array): void {
  const { eAx, eAy, eBx, eBy } = arr;
  const va = orientValue(eAx[j], eAy[j], eBx[j], eBy[j], eAx[i], eAy[i]);
  const t = va / (va - orientValue(eAx[j], eAy[j], eBx[j], eBy[j], eBx[i], eBy[i]));
  out[0] = clampToBoth(eAx[i] + t * (eBx[i] - eAx[i]), eAx[i], eBx[i], eAx[j], eBx[j]);
  out[1] = clampToBoth(eAy[i] + t * (eBy[i] - eAy[i]), eAy[i], eBy[i], eAy[j], eBy[j]);
}

/** v clamped into the overlap of the intervals spanned by a, b and by c, d. */
function clampToBoth(v: number, a: number, b: number, c: number, d: number): number {
  const lo = Math.max(Math.min(a, b), Math.min(c, d));
  const hi = Math.min(Math.max(a, b), Math.max(c, d));
  return v < lo ? lo : v > hi ? hi : v;
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
    if (sc !== sa) rays(arr, i, j, 0);
    if (sd !== sa) rays(arr, i, j, 1);
  }
  if (jActive && sc >= iLo && sc <= iHi) {
    if (sa !== sc) rays(arr, j, i, 0);
    if (sb !== sc) rays(arr, j, i, 1);
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

/**
 * Ray at edge e's start towards endpoint `end` (0 start, 1 end) of edge src: for src's operand and its twin's —
 * never for a simple operand on its own edge, whose labels there are fixed (left inside, right outside).
 */
function rays(arr: Arrangement, e: number, src: number, end: number): void {
  const o = arr.eOp[src];
  if (o !== arr.eOp[e] || arr.opSimple[o] !== 1) arr.rayTo(e, src, end, o);
  const t = arr.twinFor(e, src);
  if (t >= 0) arr.rayTo(e, src, end, t);
}

/** One-sided toggle on edge e where edge src touches it at endpoint qEnd of qEdge: for src's operand and twin. */
function touch(arr: Arrangement, e: number, qEdge: number, qEnd: number, src: number, kind: number): void {
  const o = arr.eOp[src];
  if (o !== arr.eOp[e] || arr.opSimple[o] !== 1) arr.eventAt(e, qEdge, qEnd, o, kind);
  const t = arr.twinFor(e, src);
  if (t >= 0) arr.eventAt(e, qEdge, qEnd, t, kind);
}
