import { sameCrs } from '../crs/index.js';
import { CrsError } from '../errors.js';
import type { Attributes, Layer } from './types.js';

/** Features to take from one layer, in the order given, with optional extra attributes per feature. */
export interface FeatureSelection {
  readonly layer: Layer;
  readonly features: readonly number[];
  /** Added to each selected feature's attributes (e.g. the patch set it came from). */
  readonly extra?: (feature: number) => Attributes;
}

/**
 * A new layer made of chosen features of one or more layers (in one CRS), copied array by array: geometry is
 * already normalised, so nothing is re-read or re-oriented. Used to merge patch sets into one task list and
 * to cut a layer down to the features a job needs.
 *
 * @example
 * const reps = selectFeatures('tasks', [{ layer: annual, features: [0, 2] }, { layer: legacy, features: [5] }]);
 * reps.featureCount; // 3
 */
export function selectFeatures(name: string, selections: readonly FeatureSelection[]): Layer {
  const crs = selections[0]?.layer.crs ?? null;
  for (const s of selections) {
    const c = s.layer.crs;
    if ((c === null) !== (crs === null) || (c !== null && crs !== null && !sameCrs(c, crs))) {
      throw new CrsError(
        `expected layers in one coordinate system to select from, found "${selections[0]!.layer.name}" (${crs?.name ?? 'none'}) and "${s.layer.name}" (${c?.name ?? 'none'})`,
      );
    }
  }
  let nF = 0;
  let nP = 0;
  let nR = 0;
  let nV = 0;
  for (const { layer: l, features } of selections) {
    for (const f of features) {
      const p0 = l.featureOffsets[f];
      const p1 = l.featureOffsets[f + 1];
      nF++;
      nP += p1 - p0;
      nR += l.polygonOffsets[p1] - l.polygonOffsets[p0];
      nV += l.ringOffsets[l.polygonOffsets[p1]] - l.ringOffsets[l.polygonOffsets[p0]];
    }
  }
  const coords = new Float64Array(2 * nV);
  const ringOffsets = new Uint32Array(nR + 1);
  const polygonOffsets = new Uint32Array(nP + 1);
  const featureOffsets = new Uint32Array(nF + 1);
  const bboxes = new Float64Array(4 * nF);
  const attributes: Attributes[] = [];
  const featureIds: (string | number | null)[] = [];
  let f2 = 0;
  let p2 = 0;
  let r2 = 0;
  let v2 = 0;
  for (const { layer: l, features, extra } of selections) {
    for (const f of features) {
      const p0 = l.featureOffsets[f];
      const p1 = l.featureOffsets[f + 1];
      for (let p = p0; p < p1; p++) {
        const r0 = l.polygonOffsets[p];
        const r1 = l.polygonOffsets[p + 1];
        for (let r = r0; r < r1; r++) {
          const v0 = l.ringOffsets[r];
          const v1 = l.ringOffsets[r + 1];
          coords.set(l.coords.subarray(2 * v0, 2 * v1), 2 * v2);
          v2 += v1 - v0;
          ringOffsets[++r2] = v2;
        }
        polygonOffsets[++p2] = r2;
      }
      featureOffsets[++f2] = p2;
      bboxes.set(l.bboxes.subarray(4 * f, 4 * f + 4), 4 * (f2 - 1));
      attributes.push(extra !== undefined ? { ...l.attributes[f], ...extra(f) } : l.attributes[f]);
      featureIds.push(l.featureIds[f]);
    }
  }
  return { name, crs, coords, ringOffsets, polygonOffsets, featureOffsets, bboxes, attributes, featureIds, featureCount: nF };
}
