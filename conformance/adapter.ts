/**
 * The single point where the conformance harness calls the system under test.
 *
 * Contract: `intersectionArea(a, b)` returns the planar area of A ∩ B for two (multi)polygons given as
 * GeoJSON `MultiPolygon.coordinates` arrays (rings as the peer wrote them: usually closed, any
 * orientation, sometimes invalid on purpose). Throwing is allowed; the harness records it as a failure of
 * that case with the error message.
 */
import { buildLayerGeometry } from '../src/geometry/build.js';
import type { Layer } from '../src/geometry/types.js';
import { tabulate } from '../src/overlay/tabulate.js';
import type { MultiPolygonCoords } from './types.js';

function layerOf(name: string, coordinates: MultiPolygonCoords): Layer {
  const g = buildLayerGeometry([{ type: 'Feature', properties: {}, geometry: { type: 'MultiPolygon', coordinates } }], {});
  return { ...g, name, crs: null, featureCount: 1 };
}

/**
 * Area of the intersection of two planar multipolygons, computed by tuban's overlay kernel (planar measure;
 * invalid operands read by the even-odd rule).
 *
 * @example
 * intersectionArea([[[[0, 0], [2, 0], [2, 2], [0, 2], [0, 0]]]], [[[[1, 1], [3, 1], [3, 3], [1, 3], [1, 1]]]]); // 1
 */
export function intersectionArea(a: MultiPolygonCoords, b: MultiPolygonCoords): number {
  return tabulate(layerOf('A', a), layerOf('B', b), { measure: 'planar' }).patches[0].coveredM2;
}

/** Name of the kernel behind `intersectionArea`, printed in the run header. */
export const KERNEL_NAME = 'tuban overlay kernel (planar, even-odd)';
