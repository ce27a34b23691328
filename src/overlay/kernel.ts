/**
 * The area-only overlay kernel: for one patch P and a set of candidate features F₁…F_k, each counted towards
 * one or more groups, computes area(P) and area(P ∩ ⋃{F_j : j in group g}) for every group g, without building
 * any output geometry.
 *
 * Phases (named after JTS OverlayNG's): gather the edges that can matter (prepare.ts supplies per-feature
 * segment indexes for large polygons), node them (noding.ts), label the fragments (classify.ts), integrate the
 * boundary pieces of each result region (this file, through an {@link EdgeMeasure}).
 *
 * Which edges: all of P's; of each candidate, the ACTIVE edges whose box meets P's box W (only they can bound
 * a piece of P), chained along their rings; and AUXILIARY edges whose box meets the box of the active ones but
 * not W — they can cut an active edge outside W, between its start (where its labels are initialised) and W,
 * so their crossings are needed for exact propagation, but they are never walked themselves.
 */
import type Flatbush from 'flatbush';
import { growF64, growI32 } from '../geometry/growable.js';
import { Arrangement, type OperandGeometry } from './arrangement.js';
import { Classifier, type FragmentSink, nextVertex } from './classify.js';
import { type EdgeMeasure, type SlotAccumulator, slotsOf } from './measure.js';
import { pick } from './predicates.js';
import { Noder } from './noding.js';
import { TreeHits, searchTree } from '../index/tree-search.js';

/** A feature as the kernel sees it: a layer's flat arrays (a {@link Layer} fits) and a feature index. */
export interface FeatureGeometry extends OperandGeometry {
  readonly bboxes: Float64Array;
}

/** Per-feature facts computed once per layer (see prepare.ts). */
export interface FeatureFacts {
  /** Even-odd labels agree with ring orientation on every edge (no self-crossing, overlap or bad nesting). */
  readonly simple: boolean;
  /**
   * One ring whose non-adjacent edges do not meet at all (simple-ring.ts shows it): its edges meet each other only
   * where consecutive ones join. As a patch, such a feature's edges may carry candidates' coincident edges as
   * twins (see {@link OverlayKernel}).
   */
  readonly jordan?: boolean;
  /** Segment index over the feature's edges (item i = edge starting at vertex segBase + i), for large ones. */
  readonly segIndex: Flatbush | null;
  readonly segBase: number;
}

const NO_FACTS: FeatureFacts = { simple: false, jordan: false, segIndex: null, segBase: 0 };

/** Accumulates, for the patch itself and per group, the boundary of each result region. */
class AreaSink implements FragmentSink {
  measure: EdgeMeasure | null = null;
  nGroups = 0;
  /** Slot 0: the patch; slot 1 + g: group g. */
  slots: SlotAccumulator | null = null;
  /** When set, every boundary piece is also kept: slot (0 patch, 1 + g group) and the directed piece. */
  record = false;
  nPieces = 0;
  pieceSlot = new Int32Array(64);
  pieceXY = new Float64Array(256);

  private keep(slot: number, forward: boolean, xy: Float64Array): void {
    const k = this.nPieces++;
    if (k === this.pieceSlot.length) {
      this.pieceSlot = growI32(this.pieceSlot, k + 1);
      this.pieceXY = growF64(this.pieceXY, 4 * this.pieceSlot.length);
    }
    this.pieceSlot[k] = slot;
    const out = this.pieceXY;
    out[4 * k] = forward ? xy[0] : xy[2];
    out[4 * k + 1] = forward ? xy[1] : xy[3];
    out[4 * k + 2] = forward ? xy[2] : xy[0];
    out[4 * k + 3] = forward ? xy[3] : xy[1];
  }

  begin(measure: EdgeMeasure, nGroups: number): SlotAccumulator {
    if (this.measure !== measure || this.slots === null) {
      this.measure = measure;
      this.slots = slotsOf(measure);
    }
    this.slots.reset(nGroups + 1);
    this.nGroups = nGroups;
    this.nPieces = 0;
    return this.slots;
  }

  /** Signed area of slot 0 (the patch) or 1 + g (group g). */
  area(slot: number): number {
    return this.slots!.area(slot);
  }

  fragment(xy: Float64Array, pL: number, pR: number, cntL: Int32Array, cntR: Int32Array): void {
    const slots = this.slots!;
    const nGroups = this.nGroups;
    // The region on the left of the piece gets it forwards, the region on the right backwards; the piece's
    // term is computed once. Memberships as bits by arithmetic, not branches: which classes a piece borders is
    // a coin toss to the predictor. Up to 30 groups as bit masks — bit s of `get` for the slots that get the
    // piece, of `fwd` for those that get it forwards — then a loop over the set bits only.
    const l = +(pL === 1);
    const r = +(pR === 1);
    if (nGroups < 31) {
      let get = l ^ r;
      let fwd = l;
      for (let g = 0; g < nGroups; g++) {
        const inL = l & +(cntL[g] > 0);
        const inR = r & +(cntR[g] > 0);
        get |= (inL ^ inR) << (g + 1);
        fwd |= inL << (g + 1);
      }
      if (get === 0) return;
      this.load(slots, xy);
      while (get !== 0) {
        const low = get & -get;
        const s = 31 - Math.clz32(low);
        const forward = (fwd & low) !== 0;
        slots.add(s, forward);
        if (this.record) this.keep(s, forward, xy);
        get ^= low;
      }
      return;
    }
    let loaded = false;
    for (let s = 0; s <= nGroups; s++) {
      const inL = s === 0 ? l : l & +(cntL[s - 1] > 0);
      const inR = s === 0 ? r : r & +(cntR[s - 1] > 0);
      if (inL === inR) continue;
      if (!loaded) {
        this.load(slots, xy);
        loaded = true;
      }
      slots.add(s, inL === 1);
      if (this.record) this.keep(s, inL === 1, xy);
    }
  }

  /** Hands the piece to the slots, which compute its term. */
  private load(slots: SlotAccumulator, xy: Float64Array): void {
    const e = slots.edge;
    e[0] = xy[0];
    e[1] = xy[1];
    e[2] = xy[2];
    e[3] = xy[3];
    slots.load();
  }
}

/**
 * Reusable overlay kernel. One instance per thread of work; call {@link setPatch}, then {@link addCandidate}
 * (and {@link addGroup}) per candidate feature, then {@link run}.
 *
 * @example
 * const k = new OverlayKernel();
 * k.setPatch(patches, 0);
 * k.addCandidate(parcels, 7); k.addGroup(0);
 * k.run(planarMeasure(), 1);
 * k.patchArea(); k.groupArea(0); // area of patch 0, and of patch 0 ∩ parcel 7
 */
export class OverlayKernel {
  readonly arr = new Arrangement();
  private readonly noder = new Noder();
  private readonly classifier = new Classifier();
  private readonly areaSink = new AreaSink();
  /**
   * Open-addressing table of the active candidate edges of simple operands, by (start, end), to find twins. A slot
   * holds an edge of the current overlay only when its stamp is the current generation, so a new patch clears the
   * table by counting up instead of filling it (the table keeps the size the largest patch needed).
   */
  private twinTable = new Int32Array(512);
  private twinStamp = new Int32Array(512);
  private twinGen = 1;
  private twinCount = 0;
  private ids = new Int32Array(256);
  /** Box of each candidate's relevant edges (4 per operand), and their suffix unions, for gatherAuxiliary. */
  private opRel = new Float64Array(68);
  private opRelAfter = new Float64Array(68);
  /** Group membership counts of the box-clear case (see runBoxClear), and the piece it hands to the sink. */
  private cnt = new Int32Array(16);
  private readonly piece = new Float64Array(4);
  /** Hits of a segment-index search (large features), reused. */
  private readonly segHits = new TreeHits();
  /** Whether this overlay's patch edges carry twins: put in the twin table, for candidates to find. */
  private patchTwins = false;
  /** Patch edges put in the twin table so far, and how many of them a candidate's edge took as its twin. */
  private patchPuts = 0;
  private patchTakes = 0;
  private wx0 = 0;
  private wy0 = 0;
  private wx1 = 0;
  private wy1 = 0;
  /**
   * The window [x0, y0, x1, y1] of the auxiliary edges gatherAux gathers, and the union of the boxes before the
   * candidate (see gatherAuxiliary). Arrays, not numbers passed along: V8 boxes the floating-point arguments of a call
   * it does not inline.
   */
  private readonly auxWindow = new Float64Array(4);
  private readonly relBefore = new Float64Array(4);

  /** Hits of the caller's candidate search, reused across its patches (see forEachPatch). */
  readonly candidateHits = new TreeHits();

  /**
   * Starts a new job on this kernel (kernel-pool.ts reuses kernels across calls): what the kernel has learnt from
   * earlier overlays — whether patch-edge twins pay — is judged again from this job's overlays.
   */
  beginJob(): void {
    this.patchPuts = 0;
    this.patchTakes = 0;
  }

  /**
   * The largest number of items (edges, events, rays, recorded pieces) the kernel's buffers hold, which grow to fit
   * the largest overlay so far: kernel-pool.ts does not keep a kernel grown far beyond the usual.
   */
  capacity(): number {
    const arr = this.arr;
    return Math.max(arr.eAx.length, arr.evX.length, arr.rayX.length, this.areaSink.pieceSlot.length);
  }

  /** Ends a job: the kernel keeps no reference to the layers it overlaid (see kernel-pool.ts). */
  endJob(): void {
    this.arr.release();
  }

  /** Starts a new overlay whose operand 0 is feature f of `geom`. */
  setPatch(geom: FeatureGeometry, f: number, facts: FeatureFacts = NO_FACTS): void {
    this.arr.reset();
    if (++this.twinGen === 0x7fffffff) {
      this.twinStamp.fill(0);
      this.twinGen = 1;
    }
    this.twinCount = 0;
    this.addCandidate(geom, f, facts);
  }

  /**
   * Adds candidate feature f of `geom`; returns its operand index. Follow with {@link addGroup} calls. Its box is
   * read from `boxes` at `boxAt` when given (an index search has just read it), else from `geom.bboxes`.
   */
  addCandidate(geom: FeatureGeometry, f: number, facts: FeatureFacts = NO_FACTS, boxes?: Float64Array, boxAt = 0): number {
    const arr = this.arr;
    const j = arr.addOperand(geom, f, facts.simple, facts.segIndex, facts.segBase, facts.jordan === true);
    const b = boxes ?? geom.bboxes;
    const o = boxes === undefined ? 4 * f : boxAt;
    arr.setOperandBox(j, b[o], b[o + 1], b[o + 2], b[o + 3]);
    return j;
  }

  /** Makes the last added candidate count towards group g (0-based; a candidate may be in several groups). */
  addGroup(g: number): void {
    this.arr.addGroup(g);
  }

  /**
   * Gathers, nodes, classifies and integrates. Afterwards {@link patchArea} and {@link groupArea} hold the
   * results; a custom sink (e.g. for building output rings) receives the fragments instead when given.
   */
  run(measure: EdgeMeasure | null, nGroups: number, sink?: FragmentSink, recordBoundaries = false): void {
    const arr = this.arr;
    const nPatchEdges = this.gather();
    if (sink === undefined) {
      if (measure === null) throw new Error('OverlayKernel.run: a measure is needed without a custom sink');
      const slots = this.areaSink.begin(measure, nGroups);
      // Every measured piece lies in the patch, hence in its box (operand 0's, the first four of opBox).
      slots.window?.(arr.opBox);
      this.areaSink.record = recordBoundaries;
    }
    const out = sink ?? this.areaSink;
    if (nPatchEdges > 0 && arr.nActive === nPatchEdges && arr.opSimple[0] === 1) {
      this.runBoxClear(nGroups, nPatchEdges, out);
      return;
    }
    // Phase 1 noding and the relevance pass: which candidate edges touch the patch at all.
    this.noder.nodePatch(arr, nPatchEdges);
    this.classifier.markRelevance(arr);
    const anyRel = this.gatherAuxiliary();
    // Phase 2 noding: everything else that can cut a relevant edge.
    if (anyRel) this.noder.nodeRest(arr);
    this.classifier.walk(arr, nGroups, out);
  }

  /**
   * The overlay when no candidate edge meets the patch's box W and the patch is simple (a patch inside one large
   * farmland or planning polygon; 13 % of a county's patches against land use or farmland, 72 % against planning
   * zones): each candidate's boundary misses the connected box, so W lies wholly inside or wholly outside the
   * candidate — one exact point-in-polygon test of the patch's first vertex says which — and the result regions are
   * the patch or nothing. The patch's edges go to the sink whole, with those memberships on both sides: the
   * fragments, in the order and with the labels the walk would give them, without noding or relevance passes.
   */
  private runBoxClear(nGroups: number, nPatchEdges: number, sink: FragmentSink): void {
    const arr = this.arr;
    if (this.cnt.length < nGroups) this.cnt = new Int32Array(nGroups * 2);
    const cnt = this.cnt;
    for (let g = 0; g < nGroups; g++) cnt[g] = 0;
    for (let j = 1; j < arr.nOp; j++) {
      // The patch's first vertex is on no edge of the candidate, so both sides agree.
      if ((this.classifier.pip(arr, j, 0) & 1) === 0) continue;
      for (let k = arr.opGroupStart[j]; k < arr.opGroupStart[j + 1]; k++) cnt[arr.opGroups[k]]++;
    }
    const { eAx, eAy, eBx, eBy } = arr;
    const piece = this.piece;
    for (let e = 0; e < nPatchEdges; e++) {
      piece[0] = eAx[e];
      piece[1] = eAy[e];
      piece[2] = eBx[e];
      piece[3] = eBy[e];
      sink.fragment(piece, 1, 0, cnt, cnt);
    }
  }

  /**
   * The gather phase of {@link run} (bench/profile.ts times the phases one by one through these methods): the
   * patch's edges and the candidates' active edges into the arrangement; returns the number of patch edges.
   */
  private gather(): number {
    const arr = this.arr;
    const box = arr.opBox;
    this.wx0 = box[0];
    this.wy0 = box[1];
    this.wx1 = box[2];
    this.wy1 = box[3];
    // Patch edges: every ring is one chain. They go into the twin table when a simple candidate may drop its
    // edges that coincide with them (either way round).
    this.patchTwins = false;
    if (arr.opJordan[0] === 1 && arr.nOp > 1 && this.patchTwinsPay()) {
      for (let j = 1; j < arr.nOp; j++) if (arr.opSimple[j] === 1) this.patchTwins = true;
    }
    this.gatherActive(0, true);
    arr.opEdgeEnd[0] = arr.nEdge;
    if (this.patchTwins) this.patchPuts += arr.nEdge;
    for (let j = 1; j < arr.nOp; j++) {
      this.gatherActive(j, false);
      arr.opEdgeEnd[j] = arr.nEdge;
    }
    arr.nActive = arr.nEdge;
    return arr.opEdgeEnd[0];
  }

  /**
   * Whether putting the patch's edges in the twin table pays, judged from this kernel's overlays so far: it costs a
   * table entry per patch edge and saves a candidate edge when one coincides. Layers drawn from each other (land use
   * × farmland: a third of the patch edges are taken) and patches × land use (9 %) keep it; patches × farmland and ×
   * planning (under 3 %) drop it after the first 4 096 patch edges. Either way the areas are the same bit for
   * bit: a dropped edge had no fragment of its own (the patch edge owned the shared piece), and everything it would
   * have noded is noded through its carrier.
   */
  private patchTwinsPay(): boolean {
    return this.patchPuts < 4096 || this.patchTakes * 16 >= this.patchPuts;
  }

  /**
   * After the relevance pass: the auxiliary edges of each candidate j, outside W and within the box R_j of the
   * relevant candidate edges an edge of j can cut — those of the other candidates, and j's own unless j is
   * simple (a simple operand's edges record nothing on each other, see noding.ts). The patch's edges lie in W,
   * where no auxiliary edge reaches. So a lone simple candidate gathers none, and of two, each only near the
   * other's relevant edges: an auxiliary edge outside R_j would meet no edge it could record an event on.
   * Returns whether any candidate edge is relevant.
   */
  private gatherAuxiliary(): boolean {
    const arr = this.arr;
    const nOp = arr.nOp;
    if (this.opRel.length < 4 * (nOp + 1)) {
      this.opRel = new Float64Array(8 * (nOp + 1));
      this.opRelAfter = new Float64Array(8 * (nOp + 1));
    }
    // Box of each candidate's relevant edges, from the edge boxes of phase 1, starting from the empty box (see
    // emptyBox). A running minimum or maximum changes now and then along a chain: by pick, not a branch.
    const box = this.opRel;
    const { bMinX, bMaxX, bMinY, bMaxY } = this.noder;
    const { eRel, opEdgeEnd } = arr;
    let anyRel = false;
    for (let j = 1; j < nOp; j++) {
      let x0 = EMPTY;
      let y0 = EMPTY;
      let x1 = -EMPTY;
      let y1 = -EMPTY;
      const end = opEdgeEnd[j];
      for (let e = opEdgeEnd[j - 1]; e < end; e++) {
        if (eRel[e] !== 1) continue;
        x0 = pick(+(bMinX[e] < x0), bMinX[e], x0);
        y0 = pick(+(bMinY[e] < y0), bMinY[e], y0);
        x1 = pick(+(bMaxX[e] > x1), bMaxX[e], x1);
        y1 = pick(+(bMaxY[e] > y1), bMaxY[e], y1);
      }
      if (x0 <= x1) anyRel = true;
      box[4 * j] = x0;
      box[4 * j + 1] = y0;
      box[4 * j + 2] = x1;
      box[4 * j + 3] = y1;
    }
    if (!anyRel) return false;
    // R_j = the union of the other candidates' boxes — the union of those after j (suffix unions, `after`) and of
    // those before it (`before`, grown as j advances) — with j's own when j is not simple.
    const after = this.opRelAfter;
    emptyBox(after, 4 * nOp);
    for (let j = nOp - 1; j >= 1; j--) {
      copyBox(after, 4 * j, box, 4 * j);
      unionBox(after, 4 * j, after, 4 * j + 4);
    }
    const before = this.relBefore;
    const win = this.auxWindow;
    emptyBox(before, 0);
    for (let j = 1; j < nOp; j++) {
      copyBox(win, 0, before, 0);
      unionBox(win, 0, after, 4 * j + 4);
      if (arr.opSimple[j] !== 1) unionBox(win, 0, box, 4 * j);
      // Empty, or within W (edges meeting W are active already): nothing to gather.
      if (win[0] <= win[2] && (win[0] < this.wx0 || win[1] < this.wy0 || win[2] > this.wx1 || win[3] > this.wy1)) {
        this.gatherAux(j);
      }
      unionBox(before, 0, box, 4 * j);
    }
    return true;
  }

  /** Area of the patch (even-odd), from the last {@link run}. */
  patchArea(): number {
    return this.areaSink.area(0);
  }

  /** Area of patch ∩ (union of group g's candidates), from the last {@link run}. */
  groupArea(g: number): number {
    return this.areaSink.area(1 + g);
  }

  /**
   * The boundary pieces of the last {@link run} made with `recordBoundaries`: for each piece its slot (0: the
   * patch, 1 + g: group g) and its directed coordinates (x1, y1, x2, y2), the region on its left.
   */
  boundaryPieces(): { n: number; slot: Int32Array; xy: Float64Array } {
    const s = this.areaSink;
    return { n: s.nPieces, slot: s.pieceSlot, xy: s.pieceXY };
  }

  /**
   * Appends operand j's edges whose box meets W (all of them for the patch), chain by chain: a chain is a
   * maximal run of consecutive such edges along a ring, wrapping around the ring's start.
   */
  private gatherActive(j: number, all: boolean): void {
    const arr = this.arr;
    const g = arr.opGeom[j];
    const f = arr.opFeature[j];
    const c = g.coords;
    const seg = arr.opSegIndex[j];
    const r0 = g.polygonOffsets[g.featureOffsets[f]];
    const r1 = g.polygonOffsets[g.featureOffsets[f + 1]];
    if (r0 === r1) return;
    const { wx0, wy0, wx1, wy1 } = this;
    if (!all && seg !== null) {
      const hits = this.segHits;
      searchTree(seg, wx0, wy0, wx1, wy1, hits);
      const m = hits.n;
      if (m === 0) return;
      if (this.ids.length < m) this.ids = new Int32Array(m * 2);
      const ids = this.ids;
      const base = arr.opSegBase[j];
      const found = hits.ids;
      for (let k = 0; k < m; k++) ids[k] = found[k] + base;
      ids.subarray(0, m).sort();
      let k = 0;
      let r = r0;
      while (k < m) {
        while (g.ringOffsets[r + 1] <= ids[k]) r++;
        const v0 = g.ringOffsets[r];
        const v1 = g.ringOffsets[r + 1];
        let k2 = k;
        while (k2 < m && ids[k2] < v1) k2++;
        this.emitRuns(j, c, ids, k, k2, v0, v1);
        k = k2;
      }
      return;
    }
    for (let r = r0; r < r1; r++) {
      const v0 = g.ringOffsets[r];
      const v1 = g.ringOffsets[r + 1];
      const n = v1 - v0;
      if (all) {
        this.emitChain(j, c, v0, v1, v0, n);
        continue;
      }
      if (n === 0) continue;
      if (this.ids.length < n) this.ids = new Int32Array(n * 2);
      const ids = this.ids;
      let m = 0;
      // Each vertex read once: edge v runs from the previous iteration's end point; the closing edge comes last.
      let bx = c[2 * v0];
      let by = c[2 * v0 + 1];
      for (let v = v0; v < v1 - 1; v++) {
        const ax = bx;
        const ay = by;
        bx = c[2 * v + 2];
        by = c[2 * v + 3];
        if (!edgeMissesBox(ax, ay, bx, by, wx0, wy0, wx1, wy1)) ids[m++] = v;
      }
      if (!edgeMissesBox(bx, by, c[2 * v0], c[2 * v0 + 1], wx0, wy0, wx1, wy1)) ids[m++] = v1 - 1;
      if (m > 0) this.emitRuns(j, c, ids, 0, m, v0, v1);
    }
  }

  /** Emits the sorted edge-start vertices ids[k0..k1) of ring [v0, v1) as chains of consecutive edges. */
  private emitRuns(j: number, c: Float64Array, ids: Int32Array, k0: number, k1: number, v0: number, v1: number): void {
    const n = v1 - v0;
    if (k1 - k0 === n) {
      this.emitChain(j, c, v0, v1, v0, n);
      return;
    }
    // Split into runs of consecutive vertices.
    let firstEnd = k0 + 1;
    while (firstEnd < k1 && ids[firstEnd] === ids[firstEnd - 1] + 1) firstEnd++;
    let lastStart = k1 - 1;
    while (lastStart > k0 && ids[lastStart] === ids[lastStart - 1] + 1) lastStart--;
    let k = k0;
    let stop = k1;
    if (ids[k0] === v0 && ids[k1 - 1] === v1 - 1 && lastStart >= firstEnd) {
      // The last run wraps into the first: one chain.
      const len = k1 - lastStart + (firstEnd - k0);
      this.emitChain(j, c, v0, v1, ids[lastStart], len);
      k = firstEnd;
      stop = lastStart;
    }
    while (k < stop) {
      let k2 = k + 1;
      while (k2 < stop && ids[k2] === ids[k2 - 1] + 1) k2++;
      this.emitChain(j, c, v0, v1, ids[k], k2 - k);
      k = k2;
    }
  }

  /**
   * Emits `len` consecutive edges of ring [v0, v1) starting with the edge at vertex `start`. An edge of a simple
   * candidate that is the exact reverse of an edge already added for another simple candidate is not added: that
   * edge takes this operand as its twin (see arrangement.ts), and the next edge added from this ring starts from it.
   */
  private emitChain(j: number, c: Float64Array, v0: number, v1: number, start: number, len: number): void {
    const arr = this.arr;
    // Twins are edges of two different operands: the first candidate finds none in the table unless the patch's
    // edges are there, and what the last one puts there nobody looks up.
    const twins = j > 0 ? arr.opSimple[j] === 1 : this.patchTwins;
    const take = j > 0 && twins && (j > 1 || this.patchTwins);
    const put = twins && j < arr.nOp - 1;
    let v = start;
    let chainStart = true;
    let after = -1; // the edge whose twin was dropped just before the next edge added
    for (let i = 0; i < len; i++) {
      const w = v + 1 < v1 ? v + 1 : v0;
      const ax = c[2 * v];
      const ay = c[2 * v + 1];
      const bx = c[2 * w];
      const by = c[2 * w + 1];
      if (ax !== bx || ay !== by) {
        // One hash for the lookup and the entry: it is the same for the edge and its reverse.
        const hr = take || put ? this.twinHash(ax, ay, bx, by) : 0;
        const t = take ? this.takeTwin(c, v, w, j, hr) : -1;
        if (t >= 0) {
          after = t;
          chainStart = false;
        } else {
          const e = arr.addEdge(c, v, w, j, chainStart);
          if (after >= 0) {
            arr.eChainStart[e] = 2;
            arr.eTwinRef[e] = after;
            if (arr.eLabSlot[after] < 0) arr.eLabSlot[after] = arr.nLabSlot++;
            after = -1;
          }
          if (put) this.putTwin(e, hr);
          chainStart = false;
        }
      }
      v = w;
    }
  }

  /**
   * Slot of the edge between (x1, y1) and (x2, y2) in the twin table's hash sequence, the same for both
   * directions: the endpoint sums relative to the patch box's corner are commutative bit for bit, so an edge and
   * its reverse land in one sequence. Any deterministic function does (matches are checked exactly); this one
   * costs a few arithmetic operations, with sums binned at 1/1024 m. Unmasked: the table's mask is applied where
   * it is used (the table may grow in between).
   */
  private twinHash(x1: number, y1: number, x2: number, y2: number): number {
    const sx = (x1 - this.wx0 + (x2 - this.wx0)) * 1024;
    const sy = (y1 - this.wy0 + (y2 - this.wy0)) * 1024;
    const h = Math.imul(sx | 0, 0x9e3779b1) ^ Math.imul(sy | 0, 0x85ebca77);
    return h ^ (h >>> 15);
  }

  /**
   * The active edge of another simple candidate running exactly from vertex w to vertex v of `c`, or of the patch
   * running exactly from v to w or from w to v, that has no twin yet (the lowest-index one: a patch edge when there
   * is one), made the twin carrier for operand j; −1 if there is none.
   */
  private takeTwin(c: Float64Array, v: number, w: number, j: number, hash: number): number {
    const arr = this.arr;
    const ax = c[2 * v];
    const ay = c[2 * v + 1];
    const bx = c[2 * w];
    const by = c[2 * w + 1];
    const table = this.twinTable;
    const stamp = this.twinStamp;
    const gen = this.twinGen;
    const mask = table.length - 1;
    // The lowest-index match, so the choice among identical edges does not depend on the table's layout (which
    // depends on the patches run before in this kernel, and so on how patches are split among threads).
    let best = -1;
    let same = false;
    for (let h = hash & mask; stamp[h] === gen; h = (h + 1) & mask) {
      const t = table[h];
      if (arr.eOp[t] === j || arr.eTwinOp[t] >= 0 || (best >= 0 && t > best)) continue;
      if (arr.eAx[t] === bx && arr.eAy[t] === by && arr.eBx[t] === ax && arr.eBy[t] === ay) {
        best = t;
        same = false;
      } else if (arr.eOp[t] === 0 && arr.eAx[t] === ax && arr.eAy[t] === ay && arr.eBx[t] === bx && arr.eBy[t] === by) {
        best = t;
        same = true;
      }
    }
    if (best >= 0) {
      arr.eTwinOp[best] = j;
      arr.eTwinSame[best] = same ? 1 : 0;
      if (arr.eOp[best] === 0) this.patchTakes++;
    }
    return best;
  }

  /** Enters active edge e, of twin hash `hash`, in the twin table (grown to stay at most half full). */
  private putTwin(e: number, hash: number): void {
    if (2 * (this.twinCount + 1) > this.twinTable.length) {
      const arr = this.arr;
      const old = this.twinTable;
      const oldStamp = this.twinStamp;
      this.twinTable = new Int32Array(old.length * 2);
      this.twinStamp = new Int32Array(old.length * 2);
      for (let k = 0; k < old.length; k++) {
        if (oldStamp[k] !== this.twinGen) continue;
        const t = old[k];
        this.insertTwin(t, this.twinHash(arr.eAx[t], arr.eAy[t], arr.eBx[t], arr.eBy[t]));
      }
    }
    this.insertTwin(e, hash);
    this.twinCount++;
  }

  private insertTwin(e: number, hash: number): void {
    const table = this.twinTable;
    const stamp = this.twinStamp;
    const mask = table.length - 1;
    let h = hash & mask;
    while (stamp[h] === this.twinGen) h = (h + 1) & mask;
    table[h] = e;
    stamp[h] = this.twinGen;
  }

  /** Appends operand j's edges whose box meets the window auxWindow but not W, as auxiliary edges. */
  private gatherAux(j: number): void {
    const win = this.auxWindow;
    const x0 = win[0];
    const y0 = win[1];
    const x1 = win[2];
    const y1 = win[3];
    const arr = this.arr;
    const b = arr.opBox;
    if (b[4 * j] > x1 || b[4 * j + 2] < x0 || b[4 * j + 1] > y1 || b[4 * j + 3] < y0) return;
    const g = arr.opGeom[j];
    const f = arr.opFeature[j];
    const c = g.coords;
    const { wx0, wy0, wx1, wy1 } = this;
    const seg = arr.opSegIndex[j];
    if (seg !== null) {
      const hits = this.segHits;
      searchTree(seg, x0, y0, x1, y1, hits);
      const found = hits.ids;
      const base = arr.opSegBase[j];
      for (let k = 0; k < hits.n; k++) {
        const v = found[k] + base;
        const w = nextVertex(g.ringOffsets, g.polygonOffsets, g.featureOffsets, f, v);
        this.auxEdge(j, c, v, w, wx0, wy0, wx1, wy1);
      }
      return;
    }
    const r0 = g.polygonOffsets[g.featureOffsets[f]];
    const r1 = g.polygonOffsets[g.featureOffsets[f + 1]];
    for (let r = r0; r < r1; r++) {
      const v0 = g.ringOffsets[r];
      const v1 = g.ringOffsets[r + 1];
      if (v1 === v0) continue;
      // Each vertex read once, as in gatherActive.
      let bx = c[2 * v0];
      let by = c[2 * v0 + 1];
      for (let v = v0; v < v1; v++) {
        const w = v + 1 < v1 ? v + 1 : v0;
        const ax = bx;
        const ay = by;
        bx = c[2 * w];
        by = c[2 * w + 1];
        if (!edgeMissesBox(ax, ay, bx, by, x0, y0, x1, y1)) this.auxEdge(j, c, v, w, wx0, wy0, wx1, wy1);
      }
    }
  }

  private auxEdge(j: number, c: Float64Array, v: number, w: number, wx0: number, wy0: number, wx1: number, wy1: number): void {
    const ax = c[2 * v];
    const ay = c[2 * v + 1];
    const bx = c[2 * w];
    const by = c[2 * w + 1];
    // Edges meeting W are active already.
    if (!edgeMissesBox(ax, ay, bx, by, wx0, wy0, wx1, wy1)) return;
    if (ax === bx && ay === by) return;
    this.arr.addEdge(c, v, w, j, false);
  }
}

/**
 * Makes box[o .. o + 4) the empty box, which unionBox can grow: the largest doubles rather than infinities, so that
 * pick can select by multiplying (0·∞ would be NaN; 0·MAX_VALUE is 0).
 */
function emptyBox(box: Float64Array, o: number): void {
  box[o] = EMPTY;
  box[o + 1] = EMPTY;
  box[o + 2] = -EMPTY;
  box[o + 3] = -EMPTY;
}

/** The empty box's minimum corner (its maximum is the negation). */
const EMPTY = Number.MAX_VALUE;

/** Copies the box src[s .. s + 4) to dst[d .. d + 4) (a loop's worth of stores: no builtin call per candidate). */
function copyBox(dst: Float64Array, d: number, src: Float64Array, s: number): void {
  dst[d] = src[s];
  dst[d + 1] = src[s + 1];
  dst[d + 2] = src[s + 2];
  dst[d + 3] = src[s + 3];
}

/**
 * Grows the box dst[d .. d + 4) to cover src[s .. s + 4) (both as minX, minY, maxX, maxY; finite, see emptyBox),
 * each side by pick instead of a branch the predictor cannot learn.
 */
function unionBox(dst: Float64Array, d: number, src: Float64Array, s: number): void {
  dst[d] = pick(+(src[s] < dst[d]), src[s], dst[d]);
  dst[d + 1] = pick(+(src[s + 1] < dst[d + 1]), src[s + 1], dst[d + 1]);
  dst[d + 2] = pick(+(src[s + 2] > dst[d + 2]), src[s + 2], dst[d + 2]);
  dst[d + 3] = pick(+(src[s + 3] > dst[d + 3]), src[s + 3], dst[d + 3]);
}

/** Whether the edge (ax, ay)–(bx, by) lies wholly on one side of the box [x0, x1] × [y0, y1] (so its box misses it). */
function edgeMissesBox(ax: number, ay: number, bx: number, by: number, x0: number, y0: number, x1: number, y1: number): boolean {
  return (ax < x0 && bx < x0) || (ax > x1 && bx > x1) || (ay < y0 && by < y0) || (ay > y1 && by > y1);
}
