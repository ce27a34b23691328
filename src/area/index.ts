/**
 * Areas: the legal ellipsoidal area of Gauss–Krüger polygons (national rule, 国土调查办发〔2008〕32号),
 * exact planar areas, and the 亩/公顷 units with half-away-from-zero rounding.
 */
export {
  EllipsoidalAreaAccumulator,
  NATIONAL_DENSIFY_STEP,
  ellipsoidArea,
  ellipsoidRingArea,
  featureEllipsoidArea,
  layerEllipsoidArea,
} from './ellipsoidal.js';
export type { EllipsoidAreaMethod, EllipsoidAreaOptions, EllipsoidAreaParams } from './ellipsoidal.js';
export { featurePlanarArea, layerPlanarArea, planarArea, planarRingArea } from './planar.js';
export { CompensatedSum, compensatedSum, productError } from './summation.js';
export { roundHalfAwayFromZero, toHectare, toMu } from './units.js';
