import { crsForGeographicLayer, resolveCrs, transformCoords } from '../crs/index.js';
import type { Crs } from '../crs/types.js';
import { CrsError, InputError } from '../errors.js';
import { buildLayerGeometry, computeBboxes, type LayerGeometry } from './build.js';
import type { Attributes, Layer, LayerReport } from './types.js';

export interface FromGeoJSONOptions {
  /** Layer name used in reports and output (default: the FeatureCollection's `name`, else "layer"). */
  name?: string;
  /**
   * The CRS, when the file does not say or says wrong: `"EPSG:4527"`, `4527`, a WKT string or a Crs.
   * Wins over the GeoJSON `crs` member and over detection from coordinates.
   */
  crs?: string | number | Crs;
  /** Attribute holding the feature id used in reports (e.g. `"JCBH"`, `"BSM"`). */
  idField?: string;
  /** File the input came from, for messages. */
  file?: string;
  /**
   * Whether a layer whose CRS cannot be determined is an error (default) or is built with `crs: null`
   * (planar work in local or engineering coordinates).
   */
  requireCrs?: boolean;
}

export interface LayerWithReport {
  layer: Layer;
  report: LayerReport;
}

/**
 * Builds a {@link Layer} from a GeoJSON FeatureCollection (Polygon and MultiPolygon features).
 *
 * The CRS comes from, in order: `options.crs`, the 2008-style `crs` member, the coordinates (8-digit
 * eastings carry the zone; lon/lat ranges mean CGCS2000 geographic). Geographic input is projected to the
 * 3° Gauss–Krüger zone of its centre, and the report says so. Every feature keeps its slot: empty ones stay
 * empty and are counted in the report.
 *
 * @example
 * const { layer, report } = fromGeoJSON(JSON.parse(text), { idField: 'JCBH' });
 * console.log(layer.featureCount, layer.crs?.epsg, report.issues.length);
 */
export function fromGeoJSON(input: unknown, options: FromGeoJSONOptions = {}): LayerWithReport {
  const file = options.file;
  if (input === null || typeof input !== 'object' || (input as { type?: unknown }).type !== 'FeatureCollection') {
    const found = input === null ? 'null' : typeof input === 'object' ? `type ${JSON.stringify((input as { type?: unknown }).type)}` : typeof input;
    throw new InputError(`expected a GeoJSON FeatureCollection, found ${found}`, { file });
  }
  const fc = input as { name?: unknown; features?: unknown };
  if (!Array.isArray(fc.features)) throw new InputError('expected a "features" array in the FeatureCollection', { file });
  const name = options.name ?? (typeof fc.name === 'string' ? fc.name : 'layer');
  return layerFromFeatures(fc.features, { ...options, name }, { geojson: input });
}

/**
 * Builds a layer from GeoJSON-form features and whatever CRS declaration came with them (a GeoJSON `crs`
 * member, a .prj text). Shared by every reader so that normalisation and CRS rules are the same for all formats.
 */
export function layerFromFeatures(
  features: readonly unknown[],
  options: FromGeoJSONOptions,
  declared: { geojson?: unknown; prj?: string },
): LayerWithReport {
  const geom = buildLayerGeometry(features, { file: options.file, idField: options.idField });
  return layerFromGeometry(geom, options, declared);
}

/**
 * Finishes a layer from built geometry (see `LayerGeometryBuilder`): decides the CRS from the option, the
 * declaration and the coordinates, projects lon/lat input to its Gauss–Krüger zone, and assembles the report.
 * The step {@link layerFromFeatures} ends with; streaming readers (Shapefile, NDJSON) call it directly.
 *
 * @example
 * const { layer } = layerFromGeometry(builder.finish(), { file: 'DLTB.shp', name: 'DLTB' }, { prj });
 */
export function layerFromGeometry(
  geom: LayerGeometry,
  options: FromGeoJSONOptions,
  declared: { geojson?: unknown; prj?: string },
): LayerWithReport {
  const file = options.file;
  const name = options.name ?? 'layer';
  const bbox = layerBbox(geom.bboxes);

  const sources = { option: options.crs, geojson: declared.geojson, prj: declared.prj, bbox: bbox ?? undefined };
  const warnings: string[] = [];
  let crs: Crs | null;
  try {
    const resolved = resolveCrs(sources, { file });
    crs = resolved.crs;
    warnings.push(...resolved.warnings);
  } catch (e) {
    // Planar work in local or engineering coordinates needs no CRS; everything else does.
    if (!(e instanceof CrsError) || (options.requireCrs ?? true)) throw e;
    crs = null;
    warnings.push('no CRS could be determined; coordinates are used as planar metres');
  }
  let reprojectedFrom: string | undefined;
  let coords = geom.coords;
  let bboxes = geom.bboxes;
  if (crs !== null && crs.kind === 'geographic' && bbox !== null) {
    const target = crsForGeographicLayer(bbox);
    coords = transformCoords(coords, crs, target);
    bboxes = computeBboxes(coords, geom.ringOffsets, geom.polygonOffsets, geom.featureOffsets);
    reprojectedFrom = crs.name;
    crs = target;
  }
  const layer: Layer = {
    name,
    crs,
    coords,
    ringOffsets: geom.ringOffsets,
    polygonOffsets: geom.polygonOffsets,
    featureOffsets: geom.featureOffsets,
    bboxes,
    attributes: geom.attributes,
    featureIds: geom.featureIds,
    featureCount: geom.attributes.length,
  };
  const report: LayerReport = {
    source: file ?? name,
    featureCount: layer.featureCount,
    emptyCount: geom.emptyCount,
    issues: geom.issues,
    reorientedRings: geom.reorientedRings,
    ...(reprojectedFrom !== undefined ? { reprojectedFrom } : {}),
    ...(warnings.length > 0 ? { warnings } : {}),
  };
  return { layer, report };
}

export interface ToGeoJSONOptions {
  /** Write the 2008-style `crs` member (default true when the layer has an EPSG code). */
  crsMember?: boolean;
}

/** GeoJSON types produced by {@link toGeoJSON}. */
export interface PolygonFeature {
  type: 'Feature';
  id?: string | number;
  properties: Attributes;
  geometry: { type: 'Polygon'; coordinates: number[][][] } | { type: 'MultiPolygon'; coordinates: number[][][][] } | null;
}
export interface PolygonFeatureCollection {
  type: 'FeatureCollection';
  name: string;
  crs?: { type: 'name'; properties: { name: string } };
  features: PolygonFeature[];
}

/**
 * Turns a {@link Layer} back into a GeoJSON FeatureCollection: closed rings, exterior counter-clockwise
 * (RFC 7946), Polygon for one part and MultiPolygon for several, `null` geometry for an empty feature.
 *
 * @example
 * const fc = toGeoJSON(layer);
 * writeFileSync('out.geojson', JSON.stringify(fc));
 */
export function toGeoJSON(layer: Layer, options: ToGeoJSONOptions = {}): PolygonFeatureCollection {
  const features: PolygonFeature[] = new Array(layer.featureCount);
  for (let f = 0; f < layer.featureCount; f++) {
    const polys: number[][][][] = [];
    for (let p = layer.featureOffsets[f]; p < layer.featureOffsets[f + 1]; p++) {
      const rings: number[][][] = [];
      for (let r = layer.polygonOffsets[p]; r < layer.polygonOffsets[p + 1]; r++) {
        const ring: number[][] = [];
        const a = layer.ringOffsets[r];
        const b = layer.ringOffsets[r + 1];
        for (let v = a; v < b; v++) ring.push([layer.coords[2 * v], layer.coords[2 * v + 1]]);
        ring.push([layer.coords[2 * a], layer.coords[2 * a + 1]]);
        rings.push(ring);
      }
      polys.push(rings);
    }
    const id = layer.featureIds[f];
    features[f] = {
      type: 'Feature',
      ...(id !== null ? { id } : {}),
      properties: layer.attributes[f],
      geometry:
        polys.length === 0
          ? null
          : polys.length === 1
            ? { type: 'Polygon', coordinates: polys[0] }
            : { type: 'MultiPolygon', coordinates: polys },
    };
  }
  const withCrs = options.crsMember ?? layer.crs?.epsg != null;
  return {
    type: 'FeatureCollection',
    name: layer.name,
    ...(withCrs && layer.crs?.epsg != null
      ? { crs: { type: 'name' as const, properties: { name: `urn:ogc:def:crs:EPSG::${layer.crs.epsg}` } } }
      : {}),
    features,
  };
}

/**
 * The same layer in another CRS (proj4 does the transform). Orientation is kept: both Gauss–Krüger and
 * lon/lat are right-handed with x east.
 *
 * @example
 * const inZone40 = reprojectLayer(layer, crsFromEpsg(4528));
 */
export function reprojectLayer(layer: Layer, to: Crs): Layer {
  if (layer.crs === null) {
    throw new InputError(`layer "${layer.name}" has no CRS, so it cannot be reprojected to ${to.name}; declare its CRS first`);
  }
  const coords = transformCoords(layer.coords, layer.crs, to);
  return {
    ...layer,
    crs: to,
    coords,
    bboxes: computeBboxes(coords, layer.ringOffsets, layer.polygonOffsets, layer.featureOffsets),
  };
}

/** The bbox of all non-empty features, or null when every feature is empty. */
export function layerBbox(bboxes: Float64Array): [number, number, number, number] | null {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (let i = 0; i < bboxes.length; i += 4) {
    if (Number.isNaN(bboxes[i])) continue;
    if (bboxes[i] < minX) minX = bboxes[i];
    if (bboxes[i + 1] < minY) minY = bboxes[i + 1];
    if (bboxes[i + 2] > maxX) maxX = bboxes[i + 2];
    if (bboxes[i + 3] > maxY) maxY = bboxes[i + 3];
  }
  return minX === Infinity ? null : [minX, minY, maxX, maxY];
}
