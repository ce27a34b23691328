/**
 * 套合 (overlay) of patches with layers: areas per class (tabulate), layer × layer totals (tabulateLayers),
 * intersection pieces (intersect), and the parts they are built from.
 */
export {
  tabulate,
  tabulateLayers,
  type ClassBy,
  type TabulateOptions,
  type TabulateResult,
  type PatchTabulation,
  type ClassArea,
  type TabulateLayersOptions,
  type TabulateLayersResult,
  type ClassPairArea,
  type LeftClassArea,
} from './tabulate.js';
export {
  intersect,
  type IntersectOptions,
  type IntersectResult,
  type IntersectionPiece,
  type IntersectionProperties,
} from './intersect.js';
export {
  planarMeasure,
  ellipsoidalMeasure,
  resolveMeasure,
  PlanarAccumulator,
  type AreaAccumulator,
  type EdgeMeasure,
  type MeasureOption,
} from './measure.js';
export { prepareLayer, type PreparedLayer, type PrepareOptions } from './prepare.js';
export { FeatureChecker, repairReport, type RepairReport, type FeatureCheck } from './repair.js';
export { measureFeatures, type FeatureAreasResult } from './feature-area.js';
export { OverlayKernel, type FeatureGeometry, type FeatureFacts } from './kernel.js';
export type { FragmentSink } from './classify.js';
export { assemble, type PolygonCoords } from './assemble.js';
