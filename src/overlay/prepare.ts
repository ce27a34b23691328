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

/** Features with more edges than this get a segment index. */
export const LARGE_FEATURE_EDGES = 64;

export interface PreparedLayer {
  readonly layer: Layer;
  /** Per feature. */
  readonly facts: readonly FeatureFacts[];
  /** Non-simple features, in feature order. */
  readonly repairs: readonly RepairReport[];
}

export interface PrepareOptions {
  /** Attribute naming features in repair reports (else the GeoJSON id). */
  idField?: string;
}

interface LayerFacts {
  readonly facts: FeatureFacts[];
  /** Check results of the non-simple features. */
  readonly failed: { f: number; check: FeatureCheck }[];
  readonly byIdField: Map<string, PreparedLayer>;
}

const cache = new WeakMap<Layer, LayerFacts>();

/**
 * Prepares a layer for overlay (cached: preparing the same layer again is free).
 *
 * @example
 * const prepared = prepareLayer(patches, { idField: 'JCBH' });
 * for (const r of prepared.repairs) console.log(r.id, r.kind, r.detail);
 */
export function prepareLayer(layer: Layer, options: PrepareOptions = {}): PreparedLayer {
  let lf = cache.get(layer);
  if (lf === undefined) {
    const checker = new FeatureChecker();
    const facts: FeatureFacts[] = new Array(layer.featureCount);
    const failed: { f: number; check: FeatureCheck }[] = [];
    for (let f = 0; f < layer.featureCount; f++) {
      const check = checker.check(layer, f);
      if (!check.simple) failed.push({ f, check });
      facts[f] = { simple: check.simple, ...segmentIndex(layer, f) };
    }
    lf = { facts, failed, byIdField: new Map() };
    cache.set(layer, lf);
  }
  const key = options.idField ?? '';
  let prepared = lf.byIdField.get(key);
  if (prepared === undefined) {
    const repairs = lf.failed.map(({ f, check }) =>
      repairReport(layer.name, f, idOf(layer.attributes[f], layer.featureIds[f], options.idField), check),
    );
    prepared = { layer, facts: lf.facts, repairs };
    lf.byIdField.set(key, prepared);
  }
  return prepared;
}

/** Flatbush over the edges of feature f when it is large (item i = edge starting at vertex segBase + i). */
function segmentIndex(layer: Layer, f: number): { segIndex: Flatbush | null; segBase: number } {
  const r0 = layer.polygonOffsets[layer.featureOffsets[f]];
  const r1 = layer.polygonOffsets[layer.featureOffsets[f + 1]];
  if (r0 === r1) return { segIndex: null, segBase: 0 };
  const v00 = layer.ringOffsets[r0];
  const n = layer.ringOffsets[r1] - v00;
  if (n <= LARGE_FEATURE_EDGES) return { segIndex: null, segBase: v00 };
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
