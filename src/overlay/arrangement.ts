/**
 * The per-overlay working set ("arrangement"): operands (the patch and the candidate features), their edges,
 * and the events that noding finds on those edges. Plain typed arrays, reused from one patch to the next, so the
 * hot loops allocate nothing per edge.
 *
 * Edge order matters: operand 0 (the patch) comes first, then the candidate features' ACTIVE edges (edges that
 * can bound the result), then AUXILIARY edges (edges near the active ones that only ever cut them; they are
 * never walked). Active edges are stored chain by chain: within a chain, edge k ends where edge k + 1 starts.
 * Where two edges overlap collinearly, the one with the lower index "owns" the shared piece, so it is
 * integrated once.
 *
 * Twins: in a tessellation most candidate edges come in exact reversed pairs (the shared boundary of two
 * parcels). The second edge of such a pair is not added at all: the first carries the second's operand as its
 * TWIN operand (eTwinOp). Whatever noding records on other edges because of the first is recorded for the twin
 * operand too (see {@link Arrangement.twinFor}), and the twin's chain continues after the gap from the first
 * edge's start labels (chain start kind 2, eTwinRef). What is left out is exactly the second edge's own noding and
 * walk — which produced no fragments, as the lower-index edge owned the shared piece. A simple candidate's edge
 * equal to an edge of the patch, when the patch is one Jordan ring, is dropped the same way, whichever way it runs
 * (a farmland boundary that follows a parcel's, in land use × farmland half the candidate edges); when it runs the
 * same way as the patch edge (eTwinSame), the chain continues from the patch edge's END labels instead.
 */
import type Flatbush from 'flatbush';
import { growF64, growI32, growU8 } from '../geometry/growable.js';

/** Event kinds on an edge (bit flags). */
export const EV_TOGGLE_LEFT = 1;
export const EV_TOGGLE_RIGHT = 2;
export const EV_TOGGLE_BOTH = 3;
/** A collinear overlap with a lower-index (owning) edge begins / ends here. */
export const EV_COVER_START = 4;
export const EV_COVER_END = 8;
/** A node without label change (an endpoint of a collinear edge). */
export const EV_NODE = 0;

/** One polygon feature as an operand: a view into a layer's flat arrays. */
export interface OperandGeometry {
  readonly coords: Float64Array;
  readonly ringOffsets: Uint32Array;
  readonly polygonOffsets: Uint32Array;
  readonly featureOffsets: Uint32Array;
}

export class Arrangement {
  // ---- operands ----
  nOp = 0;
  opGeom: OperandGeometry[] = [];
  opFeature = new Int32Array(16);
  /** 1 when the operand's even-odd labels are known to be "left inside, right outside" on every edge. */
  opSimple = new Uint8Array(16);
  /** 1 when the operand is one ring whose edges meet only where consecutive ones join (FeatureFacts.jordan). */
  opJordan = new Uint8Array(16);
  opBox = new Float64Array(64);
  /** Segment index of a large operand (items = vertex index − first vertex of the feature), else null. */
  opSegIndex: (Flatbush | null)[] = [];
  opSegBase = new Int32Array(16);
  /** End (exclusive) of each operand's active edges, which are contiguous and in operand order (set by the gather). */
  opEdgeEnd = new Int32Array(16);
  /** Groups each operand counts towards (CSR): groups of operand j are opGroups[opGroupStart[j] .. [j+1]). */
  opGroupStart = new Int32Array(17);
  opGroups = new Int32Array(64);
  nGroupEntries = 0;

  // ---- edges ----
  nEdge = 0;
  /** Edges [0, nActive) are active (walked); [nActive, nEdge) auxiliary. */
  nActive = 0;
  eAx = new Float64Array(256);
  eAy = new Float64Array(256);
  eBx = new Float64Array(256);
  eBy = new Float64Array(256);
  eOp = new Int32Array(256);
  /**
   * 1 when the edge starts a chain (its start state comes from point-in-polygon tests, not from a corner); 2 when
   * it follows a dropped twin edge in its ring (start state from the twin's partner eTwinRef, then the corner).
   */
  eChainStart = new Uint8Array(256);
  /** Operand of this edge's dropped twin (reversed, or for a patch edge either way round), or −1. */
  eTwinOp = new Int32Array(256);
  /** 1 when the dropped twin runs the same way as this edge (only a patch edge's can). */
  eTwinSame = new Uint8Array(256);
  /** For chain start kind 2: the edge whose reversed twin was dropped just before this one. */
  eTwinRef = new Int32Array(256);
  /** For an edge some eTwinRef names: its slot among those edges (its start labels are kept there), else −1. */
  eLabSlot = new Int32Array(256);
  nLabSlot = 0;
  /** 1 when some fragment of the edge lies in the closure of the patch (set by the relevance pass). */
  eRel = new Uint8Array(256);
  /** Patch membership of the edge's sides at its start: bit 1 left, bit 2 right (relevance pass). */
  ePStart = new Uint8Array(256);
  evHead = new Int32Array(256);
  rayHead = new Int32Array(256);

  // ---- events (linked per edge) ----
  nEv = 0;
  evNext = new Int32Array(1024);
  evOp = new Int32Array(1024);
  evKind = new Uint8Array(1024);
  evX = new Float64Array(1024);
  evY = new Float64Array(1024);

  // ---- rays at an edge's start vertex: edges of other operands through that vertex ----
  nRay = 0;
  rayNext = new Int32Array(256);
  rayOp = new Int32Array(256);
  rayX = new Float64Array(256);
  rayY = new Float64Array(256);

  reset(): void {
    this.nOp = 0;
    this.nGroupEntries = 0;
    this.opGroupStart[0] = 0;
    this.nEdge = 0;
    this.nActive = 0;
    this.nEv = 0;
    this.nRay = 0;
    this.nLabSlot = 0;
  }

  /**
   * Drops the references to the operands' geometries and segment indexes, so that a kept arrangement (see
   * kernel-pool.ts) does not keep the last overlay's layers alive.
   */
  release(): void {
    this.opGeom.length = 0;
    this.opSegIndex.length = 0;
    this.reset();
  }

  /** Adds an operand; returns its index. Its groups are added with {@link addGroup} before the next operand. */
  addOperand(
    geom: OperandGeometry,
    feature: number,
    simple: boolean,
    segIndex: Flatbush | null,
    segBase: number,
    jordan = false,
  ): number {
    const j = this.nOp++;
    if (j + 1 >= this.opFeature.length) {
      this.opFeature = growI32(this.opFeature, j + 2);
      this.opSimple = growU8(this.opSimple, j + 2);
      this.opJordan = growU8(this.opJordan, j + 2);
      this.opBox = growF64(this.opBox, 4 * (j + 2));
      this.opSegBase = growI32(this.opSegBase, j + 2);
      this.opEdgeEnd = growI32(this.opEdgeEnd, j + 2);
      this.opGroupStart = growI32(this.opGroupStart, j + 3);
    }
    this.opGeom[j] = geom;
    this.opFeature[j] = feature;
    this.opSimple[j] = simple ? 1 : 0;
    this.opJordan[j] = simple && jordan ? 1 : 0;
    this.opSegIndex[j] = segIndex;
    this.opSegBase[j] = segBase;
    this.opGroupStart[j + 1] = this.nGroupEntries;
    return j;
  }

  setOperandBox(j: number, minX: number, minY: number, maxX: number, maxY: number): void {
    this.opBox[4 * j] = minX;
    this.opBox[4 * j + 1] = minY;
    this.opBox[4 * j + 2] = maxX;
    this.opBox[4 * j + 3] = maxY;
  }

  /** Makes the last added operand count towards group g. */
  addGroup(g: number): void {
    if (this.nGroupEntries === this.opGroups.length) this.opGroups = growI32(this.opGroups, this.nGroupEntries + 1);
    this.opGroups[this.nGroupEntries++] = g;
    this.opGroupStart[this.nOp] = this.nGroupEntries;
  }

  /**
   * Appends the edge from vertex v to vertex w of `c` (x, y interleaved). Coordinates are read here rather
   * than passed in: V8 boxes every floating-point argument of a call it does not inline.
   */
  addEdge(c: Float64Array, v: number, w: number, op: number, chainStart: boolean): number {
    const e = this.nEdge++;
    if (e === this.eAx.length) {
      const n = e + 1;
      this.eAx = growF64(this.eAx, n);
      this.eAy = growF64(this.eAy, n);
      this.eBx = growF64(this.eBx, n);
      this.eBy = growF64(this.eBy, n);
      this.eOp = growI32(this.eOp, n);
      this.eChainStart = growU8(this.eChainStart, n);
      this.eTwinOp = growI32(this.eTwinOp, n);
      this.eTwinSame = growU8(this.eTwinSame, n);
      this.eTwinRef = growI32(this.eTwinRef, n);
      this.eLabSlot = growI32(this.eLabSlot, n);
      this.eRel = growU8(this.eRel, n);
      this.ePStart = growU8(this.ePStart, n);
      this.evHead = growI32(this.evHead, n);
      this.rayHead = growI32(this.rayHead, n);
    }
    this.eAx[e] = c[2 * v];
    this.eAy[e] = c[2 * v + 1];
    this.eBx[e] = c[2 * w];
    this.eBy[e] = c[2 * w + 1];
    this.eOp[e] = op;
    this.eChainStart[e] = chainStart ? 1 : 0;
    this.eTwinOp[e] = -1;
    this.eLabSlot[e] = -1;
    // eTwinSame and eTwinRef are written with the twin (takeTwin) and the chain-start kind 2 (emitChain) that their
    // readers check first, eRel and ePStart for every active edge by the relevance pass before anything reads them:
    // not cleared here (four stores an edge).
    this.evHead[e] = -1;
    this.rayHead[e] = -1;
    return e;
  }

  /**
   * The twin operand of edge `src` for which what noding records on edge `target` because of `src` must be
   * recorded again, or −1: none when src has no twin, nor on the twin operand's own edges when it is simple (a
   * simple operand's labels on its own edges are fixed; its dropped edge would not have been noded with them).
   */
  twinFor(target: number, src: number): number {
    const t = this.eTwinOp[src];
    if (t < 0 || (this.eOp[target] === t && this.opSimple[t] === 1)) return -1;
    return t;
  }

  /**
   * Writes edge e (start, end) and endpoint `end` (0 start, 1 end) of edge j as points 0, 1, 2 of `pts` (x, y
   * interleaved), for the array-based predicates (predicates.ts orientPts). The endpoint by arithmetic, as pick does:
   * which end is wanted is a coin toss to the branch predictor where callers ask it.
   */
  edgeAndEnd(pts: Float64Array, e: number, j: number, end: number): Float64Array {
    pts[0] = this.eAx[e];
    pts[1] = this.eAy[e];
    pts[2] = this.eBx[e];
    pts[3] = this.eBy[e];
    pts[4] = this.eBx[j] * end + this.eAx[j] * (1 - end);
    pts[5] = this.eBy[j] * end + this.eAy[j] * (1 - end);
    return pts;
  }

  /** Reserves an event on edge e and returns its slot; the caller writes evX/evY (read them after this call). */
  newEvent(e: number, op: number, kind: number): number {
    const k = this.nEv++;
    if (k === this.evNext.length) {
      const n = k + 1;
      this.evNext = growI32(this.evNext, n);
      this.evOp = growI32(this.evOp, n);
      this.evKind = growU8(this.evKind, n);
      this.evX = growF64(this.evX, n);
      this.evY = growF64(this.evY, n);
    }
    this.evNext[k] = this.evHead[e];
    this.evHead[e] = k;
    this.evOp[k] = op;
    this.evKind[k] = kind;
    return k;
  }

  /** An event on edge e at an endpoint of edge `src` (end 0: its start, 1: its end). */
  eventAt(e: number, src: number, end: number, op: number, kind: number): void {
    const k = this.newEvent(e, op, kind);
    this.evX[k] = end === 0 ? this.eAx[src] : this.eBx[src];
    this.evY[k] = end === 0 ? this.eAy[src] : this.eBy[src];
  }

  /** Records that an edge of operand `op` leaves the start vertex of edge e towards endpoint `end` of edge `src`. */
  rayTo(e: number, src: number, end: number, op: number): void {
    const k = this.nRay++;
    if (k === this.rayNext.length) {
      const n = k + 1;
      this.rayNext = growI32(this.rayNext, n);
      this.rayOp = growI32(this.rayOp, n);
      this.rayX = growF64(this.rayX, n);
      this.rayY = growF64(this.rayY, n);
    }
    this.rayNext[k] = this.rayHead[e];
    this.rayHead[e] = k;
    this.rayOp[k] = op;
    this.rayX[k] = end === 0 ? this.eAx[src] : this.eBx[src];
    this.rayY[k] = end === 0 ? this.eAy[src] : this.eBy[src];
  }
}
