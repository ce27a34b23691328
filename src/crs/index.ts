/** Public API of the coordinate-reference-system module. */
export type { Crs, Datum, Ellipsoid } from './types.js';
export {
  CGCS2000_ELLIPSOID,
  KRASSOVSKY_1940,
  IAG_1975,
  ELLIPSOID_BY_DATUM,
  DATUM_LABEL,
} from './ellipsoids.js';
export {
  crsFromEpsg,
  gaussKrugerCrs,
  geographicCrs,
  sameCrs,
  isSupportedEpsg,
  type GaussKrugerParams,
} from './registry.js';
export { parseCrs, crsFromWkt, crsFromGeoJSON } from './parse.js';
export {
  detectCrsFromCoordinates,
  checkBBoxFitsCrs,
  gaussKrugerZoneFor,
  crsForGeographicLayer,
  resolveCrs,
  type BBox,
  type CrsSource,
  type CrsSources,
  type ResolvedCrs,
} from './detect.js';
export { transformCoords, type TransformOptions, type Towgs84 } from './transform.js';
