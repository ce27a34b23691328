/**
 * Feature areas under the invalid-input rule (even-odd, see repair.ts). The area module's fast ring sums are
 * right for simple features; a self-intersecting one (a bow-tie's lobes cancel in a signed ring sum) is
 * measured from its even-odd boundary instead, so `tuban area` and `tabulate` agree on every feature.
 */
import { idOf } from '../geometry/build.js';
import type { Layer } from '../geometry/types.js';
import type { FragmentSink } from './classify.js';
import { giveKernel, takeKernel } from './kernel-pool.js';
import { type AreaAccumulator, type MeasureOption, resolveMeasure } from './measure.js';
import { FeatureChecker, repairReport, type RepairReport } from './repair.js';

class EvenOddSink implements FragmentSink {
  constructor(readonly acc: AreaAccumulator) {}
  fragment(xy: Float64Array, pL: number, pR: number): void {
    if (pL === 1 && pR === 0) this.acc.addEdge(xy[0], xy[1], xy[2], xy[3]);
    else if (pL === 0 && pR === 1) this.acc.addEdge(xy[2], xy[3], xy[0], xy[1]);
  }
}

export interface FeatureAreasResult {
  /** Area per feature, m² (0 for an empty feature). */
  readonly areas: Float64Array;
  /** Features that were not simple and were measured by the even-odd rule. */
  readonly repairs: RepairReport[];
}

/**
 * Area of every feature of a layer, with non-simple features measured by the even-odd rule and reported.
 *
 * @example
 * const { areas, repairs } = measureFeatures(patches, { measure: 'ellipsoidal', idField: 'JCBH' });
 */
export function measureFeatures(layer: Layer, options: { measure?: MeasureOption; idField?: string } = {}): FeatureAreasResult {
  const measure = resolveMeasure(options.measure ?? 'ellipsoidal', layer.crs, layer.name);
  const acc = measure.createAccumulator();
  const checker = new FeatureChecker();
  const kernel = takeKernel();
  const sink = new EvenOddSink(acc);
  const areas = new Float64Array(layer.featureCount);
  const repairs: RepairReport[] = [];
  const { coords, ringOffsets, polygonOffsets, featureOffsets } = layer;
  try {
    for (let f = 0; f < layer.featureCount; f++) {
      if (featureOffsets[f] === featureOffsets[f + 1]) continue;
      const check = checker.check(layer, f);
      acc.reset();
      if (check.simple) {
        // Rings are normalised (exterior CCW, holes CW), so the signed sum is the area.
        for (let r = polygonOffsets[featureOffsets[f]]; r < polygonOffsets[featureOffsets[f + 1]]; r++) {
          const v0 = ringOffsets[r];
          const v1 = ringOffsets[r + 1];
          for (let v = v0; v < v1; v++) {
            const w = v + 1 < v1 ? v + 1 : v0;
            acc.addEdge(coords[2 * v], coords[2 * v + 1], coords[2 * w], coords[2 * w + 1]);
          }
        }
      } else {
        kernel.setPatch(layer, f);
        kernel.run(null, 0, sink);
        repairs.push(repairReport(layer.name, f, idOf(layer.attributes[f], layer.featureIds[f], options.idField), check));
      }
      areas[f] = acc.signedArea();
    }
  } finally {
    giveKernel(kernel);
  }
  return { areas, repairs };
}
