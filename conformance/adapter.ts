/**
 * The single point where the conformance harness calls the system under test.
 *
 * Contract: `intersectionArea(a, b)` returns the planar area of A ∩ B for two (multi)polygons given as
 * GeoJSON `MultiPolygon.coordinates` arrays (rings as the peer wrote them: usually closed, any
 * orientation, sometimes invalid on purpose). Throwing is allowed; the harness records it as a failure of
 * that case with the error message.
 */
import { jstsIntersectionArea } from './jsts.js';
import type { MultiPolygonCoords } from './types.js';

/**
 * Area of the intersection of two planar multipolygons, computed by the kernel under test.
 *
 * @example
 * intersectionArea([[[[0, 0], [2, 0], [2, 2], [0, 2], [0, 0]]]], [[[[1, 1], [3, 1], [3, 3], [1, 3], [1, 1]]]]); // 1
 */
export function intersectionArea(a: MultiPolygonCoords, b: MultiPolygonCoords): number {
  // LEAD: SWITCH HERE to tuban's overlay kernel (src/overlay/) once it is ready, e.g. build two one-feature
  // layers from `{ type: 'MultiPolygon', coordinates: a }` / `b` and return the area of their intersection.
  // Until then jsts stands in, so the harness itself can be developed and tested.
  return jstsIntersectionArea(a, b);
}

/** Name of the kernel behind `intersectionArea`, printed in the run header. Update it with the switch. */
export const KERNEL_NAME = 'jsts 2.12 (stand-in, not tuban)';
