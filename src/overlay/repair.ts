/**
 * The invalid-input rule: EVEN-ODD. A point belongs to a feature when a ray from it crosses the feature's
 * rings an odd number of times. So a bow-tie counts both lobes, a part drawn twice or a region wound over twice
 * cancels (XOR), a spike (an edge walked out and back) adds nothing, ring orientation does not matter, and a
 * polygon nested inside another part of the same feature becomes a hole. This is the rule of GEOS MakeValid's
 * "linework" method (used for the reference data) and of the classic scanline fill.
 *
 * Nothing is rewritten and nothing is thrown: the kernel labels even-odd natively (classify.ts). This module
 * only finds WHICH features are not simple, for two purposes: features that are simple get the fast path
 * (left inside, right outside on every edge), and every other one is reported, with what was found and the
 * area the rule gives next to the naive ring sum.
 */
import { EV_COVER_START, EV_TOGGLE_BOTH } from './arrangement.js';
import type { FragmentSink } from './classify.js';
import { type FeatureGeometry, OverlayKernel } from './kernel.js';
import { CompensatedSums, PlanarAccumulator } from './measure.js';

/** One repaired (non-simple) feature. */
export interface RepairReport {
  readonly layer: string;
  readonly featureIndex: number;
  /** The feature's id (id field, else GeoJSON id, else null). */
  readonly id: string | number | null;
  /**
   * The main finding: `self-intersection` (edges cross), `overlapping-edges` (edges run along each other, incl.
   * spikes), or `nesting` (no crossing, but a ring lies on the wrong side of another: a part inside a part, a
   * hole outside its exterior).
   */
  readonly kind: 'self-intersection' | 'overlapping-edges' | 'nesting';
  /** Human-readable summary for reports. */
  readonly detail: string;
  /** Proper crossings between the feature's own edges. */
  readonly crossings: number;
  /** Collinear overlaps between the feature's own edges. */
  readonly overlaps: number;
  /** Planar area by the even-odd rule (what the overlay uses), m². */
  readonly evenOddPlanarM2: number;
  /** Planar area as the plain sum of signed ring areas (what a naive shoelace would give), m². */
  readonly ringSumPlanarM2: number;
}

/** Result of checking one feature. */
export interface FeatureCheck {
  readonly simple: boolean;
  readonly crossings: number;
  readonly overlaps: number;
  /** Fragments whose labels are not "left inside, right outside". */
  readonly misLabelled: number;
  readonly evenOddPlanarM2: number;
  readonly ringSumPlanarM2: number;
}

class CheckSink implements FragmentSink {
  bad = 0;
  readonly acc = new PlanarAccumulator();
  fragment(xy: Float64Array, pL: number, pR: number): void {
    if (pL !== 1 || pR !== 0) this.bad++;
    if (pL === 1 && pR === 0) this.acc.addEdge(xy[0], xy[1], xy[2], xy[3]);
    else if (pL === 0 && pR === 1) this.acc.addEdge(xy[2], xy[3], xy[0], xy[1]);
  }
}

/**
 * Reusable checker (owns a kernel). A feature is simple when its own edges meet only at shared vertices, never
 * run along each other, and its even-odd labels are "left inside, right outside" on every edge — i.e. the
 * orientation normalisation of the layer already describes it.
 *
 * @example
 * const check = new FeatureChecker().check(layer, 5);
 * if (!check.simple) console.log(check.crossings, check.evenOddPlanarM2);
 */
export class FeatureChecker {
  private readonly kernel = new OverlayKernel();
  private readonly sink = new CheckSink();

  check(geom: FeatureGeometry, f: number): FeatureCheck {
    const r0 = geom.polygonOffsets[geom.featureOffsets[f]];
    const r1 = geom.polygonOffsets[geom.featureOffsets[f + 1]];
    if (r0 === r1) return { simple: true, crossings: 0, overlaps: 0, misLabelled: 0, evenOddPlanarM2: 0, ringSumPlanarM2: 0 };
    const k = this.kernel;
    k.setPatch(geom, f);
    const sink = this.sink;
    sink.bad = 0;
    sink.acc.reset();
    k.run(null, 0, sink);
    const arr = k.arr;
    let crossingEvents = 0;
    let overlapEvents = 0;
    for (let e = 0; e < arr.nEv; e++) {
      if (arr.evKind[e] === EV_TOGGLE_BOTH) crossingEvents++;
      else if (arr.evKind[e] === EV_COVER_START) overlapEvents++;
    }
    // Ring sum relative to the same origin the kernel used (its first vertex).
    const c = geom.coords;
    const v00 = geom.ringOffsets[r0];
    const ox = c[2 * v00];
    const oy = c[2 * v00 + 1];
    const ring = new CompensatedSums(1);
    for (let r = r0; r < r1; r++) {
      const v0 = geom.ringOffsets[r];
      const v1 = geom.ringOffsets[r + 1];
      for (let v = v0; v < v1; v++) {
        const w = v + 1 < v1 ? v + 1 : v0;
        ring.add(0, 0.5 * ((c[2 * v] - ox) * (c[2 * w + 1] - oy) - (c[2 * w] - ox) * (c[2 * v + 1] - oy)));
      }
    }
    // Each crossing is recorded on both edges; each overlap once (on the higher-index edge).
    const crossings = crossingEvents / 2;
    const overlaps = overlapEvents;
    return {
      simple: crossings === 0 && overlaps === 0 && sink.bad === 0,
      crossings,
      overlaps,
      misLabelled: sink.bad,
      evenOddPlanarM2: sink.acc.signedArea(),
      ringSumPlanarM2: ring.value(0),
    };
  }
}

/** Builds the report line for a non-simple feature. *
 * @example
 * const r = repairReport('patches', 7, 'JC0007', new FeatureChecker().check(patches, 7));
 */
export function repairReport(layer: string, featureIndex: number, id: string | number | null, c: FeatureCheck): RepairReport {
  const kind: RepairReport['kind'] = c.crossings > 0 ? 'self-intersection' : c.overlaps > 0 ? 'overlapping-edges' : 'nesting';
  const parts: string[] = [];
  if (c.crossings > 0) parts.push(`${c.crossings} self-crossing${c.crossings === 1 ? '' : 's'}`);
  if (c.overlaps > 0) parts.push(`${c.overlaps} overlapping edge pair${c.overlaps === 1 ? '' : 's'}`);
  if (c.crossings === 0 && c.overlaps === 0) parts.push('rings nested against their orientation');
  const detail =
    `${parts.join(', ')}; areas use the even-odd rule: ${c.evenOddPlanarM2.toFixed(2)} m² planar ` +
    `(plain ring sum ${c.ringSumPlanarM2.toFixed(2)} m²)`;
  return {
    layer,
    featureIndex,
    id,
    kind,
    detail,
    crossings: c.crossings,
    overlaps: c.overlaps,
    evenOddPlanarM2: c.evenOddPlanarM2,
    ringSumPlanarM2: c.ringSumPlanarM2,
  };
}
