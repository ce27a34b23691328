/**
 * Prepare phase: what the kernel needs to know about each feature of a layer, computed once per layer and
 * cached for the layer's lifetime — whether the feature is simple (repair.ts), a segment index for large
 * features (townships, planning zones with thousands of vertices), so a small patch touches only the few edges
 * near it, and the repair reports of the non-simple ones.
 */
import Flatbush from 'flatbush';
import { idOf } from '../geometry/build.js';
import type { Layer } from '../geometry/types.js';
import type { FeatureFacts } from './kernel.js';
import { type FeatureCheck, FeatureChecker, type RepairReport, repairReport } from './repair.js';
import { ringShownSimple } from './simple-ring.js';

/** The facts of the features without a segment index (segBase is read only with a segment index). */
const JORDAN: FeatureFacts = { simple: true, jordan: true, segIndex: null, segBase: 0 };
const SIMPLE: FeatureFacts = { simple: true, jordan: false, segIndex: null, segBase: 0 };
const NOT_SIMPLE: FeatureFacts = { simple: false, jordan: false, segIndex: null, segBase: 0 };

/** Features with more edges than this get a segment index. */
export const LARGE_FEATURE_EDGES = 256;

export interface PreparedLayer {
  readonly layer: Layer;
  /** What the kernel needs to know about feature f: checked on first use, then cached with the layer. */
  fact(f: number): FeatureFacts;
  /**
   * Repair reports of the non-simple features among those used so far, in feature order. An overlay uses
   * every patch and the layer features that are candidates of some patch; features it never touches cannot
   * change its result and are not checked (call {@link PreparedLayer.checkAll} to check them all).
   */
  readonly repairs: readonly RepairReport[];
  /** Checks every feature, so that {@link PreparedLayer.repairs} covers the whole layer. */
  checkAll(): void;
}

export interface PrepareOptions {
  /** Attribute naming features in repair reports (else the GeoJSON id). */
  idField?: string;
}

/**
 * Per-layer facts, filled feature by feature on demand. Checking is lazy because it costs about as much as
 * measuring the feature (a self-intersection test, ~7 µs for a 27-vertex parcel): a county land-use layer of
 * 165 000 parcels takes over a second to check in full, while a month's patches touch about one parcel in
 * seven.
 */
class LayerFacts {
  private readonly facts: (FeatureFacts | undefined)[];
  private readonly checker = new FeatureChecker();
  /** Check results of the non-simple features found so far. */
  readonly failed = new Map<number, FeatureCheck>();
  constructor(private readonly layer: Layer) {
    this.facts = new Array<FeatureFacts | undefined>(layer.featureCount);
  }
  get(f: number): FeatureFacts {
    let facts = this.facts[f];
    if (facts === undefined) {
      const jordan = oneRingShownSimple(this.layer, f);
      let simple = jordan;
      if (!simple) {
        const check = this.checker.check(this.layer, f);
        if (!check.simple) this.failed.set(f, check);
        simple = check.simple;
      }
      const seg = segmentIndex(this.layer, f);
      // Most features have no segment index: they share one of three facts objects, which stay in cache, instead of
      // one object each scattered through the heap (a cache miss per candidate).
      facts = seg.segIndex !== null ? { simple, jordan, ...seg } : jordan ? JORDAN : simple ? SIMPLE : NOT_SIMPLE;
      this.facts[f] = facts;
    }
    return facts;
  }
}

const cache = new WeakMap<Layer, LayerFacts>();

/**
 * Prepares a layer for overlay. Cached with the layer: what was checked for one overlay is not checked again.
 *
 * @example
 * const prepared = prepareLayer(patches, { idField: 'JCBH' });
 * prepared.checkAll();
 * for (const r of prepared.repairs) console.log(r.id, r.kind, r.detail);
 */
export function prepareLayer(layer: Layer, options: PrepareOptions = {}): PreparedLayer {
  let lf = cache.get(layer);
  if (lf === undefined) {
    lf = new LayerFacts(layer);
    cache.set(layer, lf);
  }
  const facts = lf;
  return {
    layer,
    fact: (f) => facts.get(f),
    get repairs(): RepairReport[] {
      return [...facts.failed.keys()]
        .sort((a, b) => a - b)
        .map((f) => repairReport(layer.name, f, idOf(layer.attributes[f], layer.featureIds[f], options.idField), facts.failed.get(f) as FeatureCheck));
    },
    checkAll: () => {
      for (let f = 0; f < layer.featureCount; f++) facts.get(f);
    },
  };
}

/** The quick test of simple-ring.ts for a feature of one ring (most parcels); false for any other. */
function oneRingShownSimple(layer: Layer, f: number): boolean {
  const r0 = layer.polygonOffsets[layer.featureOffsets[f]];
  const r1 = layer.polygonOffsets[layer.featureOffsets[f + 1]];
  return r1 - r0 === 1 && ringShownSimple(layer.coords, layer.ringOffsets[r0], layer.ringOffsets[r0 + 1]);
}

/** Flatbush over the edges of feature f when it is large (item i = edge starting at vertex segBase + i). */
function segmentIndex(layer: Layer, f: number): { segIndex: Flatbush | null; segBase: number } {
  const r0 = layer.polygonOffsets[layer.featureOffsets[f]];
  const r1 = layer.polygonOffsets[layer.featureOffsets[f + 1]];
  if (r0 === r1) return { segIndex: null, segBase: 0 };
  const v00 = layer.ringOffsets[r0];
  const n = layer.ringOffsets[r1] - v00;
  if (n <= LARGE_FEATURE_EDGES) return { segIndex: null, segBase: 0 };
  const c = layer.coords;
  const tree = new Flatbush(n);
  for (let r = r0; r < r1; r++) {
    const v0 = layer.ringOffsets[r];
    const v1 = layer.ringOffsets[r + 1];
    for (let v = v0; v < v1; v++) {
      const w = v + 1 < v1 ? v + 1 : v0;
      const ax = c[2 * v];
      const ay = c[2 * v + 1];
      const bx = c[2 * w];
      const by = c[2 * w + 1];
      tree.add(Math.min(ax, bx), Math.min(ay, by), Math.max(ax, bx), Math.max(ay, by));
    }
  }
  tree.finish();
  return { segIndex: tree, segBase: v00 };
}
