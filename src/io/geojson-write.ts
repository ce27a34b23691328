/**
 * Writes a polygon layer as GeoJSON (RFC 7946) or newline-delimited GeoJSON (one Feature per line, the
 * `.ndjson` / `.geojsonl` convention; RFC 8142 without the record separators), streaming from the layer's
 * flat arrays.
 *
 * RFC 7946 §4 fixes coordinates to WGS 84 lon/lat, but county data live in CGCS2000 Gauss–Krüger metres and
 * converting them loses the exact survey coordinates. So there are two modes:
 * - default: coordinates as they are, with the 2008-style `crs` member
 *   `{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::4527"}}`, which GDAL writes and reads;
 * - `lonLat: true`: coordinates transformed to CGCS2000 longitude/latitude (EPSG:4490, which RFC 7946
 *   readers take as WGS 84 — the two agree to centimetres), no `crs` member: plain RFC 7946.
 * Numbers are written in their shortest round-trip form (ECMAScript Number::toString), so a reader gets
 * back the same doubles. Rings are closed, exteriors counter-clockwise and holes clockwise (RFC 7946 §3.1.6):
 * the layer's own orientation, written in its vertex order.
 */
import { extname } from 'node:path';
import { crsFromEpsg } from '../crs/registry.js';
import { transformCoords, type TransformOptions } from '../crs/transform.js';
import type { Crs } from '../crs/types.js';
import { InputError } from '../errors.js';
import type { Layer } from '../geometry/types.js';
import { writeFilesAtomically } from './atomic.js';
import { esriWkt } from './shapefile-write.js';

export interface GeoJSONWriteOptions {
  /** Transform to CGCS2000 lon/lat (EPSG:4490) and write plain RFC 7946 without a `crs` member. */
  lonLat?: boolean;
  /** Datum shifts, needed only for `lonLat` on a Beijing 1954 / Xian 1980 layer. */
  towgs84?: TransformOptions['towgs84'];
  /** One Feature per line and no FeatureCollection (default: from the extension, `.ndjson`/`.geojsonl`). */
  lines?: boolean;
  /** The collection's `name` member (default: the layer name). Not written in line mode. */
  name?: string;
}

export interface GeoJSONWriteReport {
  readonly format: 'geojson' | 'ndjson';
  readonly files: readonly string[];
  readonly featureCount: number;
  /** The CRS of the written coordinates. */
  readonly crs: Crs | null;
  /** How the file declares that CRS: a `crs` member, RFC 7946's implicit lon/lat, or not at all. */
  readonly crsDeclared: 'crs-member' | 'rfc7946' | 'none';
  readonly warnings: readonly string[];
}

/** File extensions written as one Feature per line. */
export const LINE_EXTENSIONS: readonly string[] = ['.ndjson', '.geojsonl', '.geojsons'];

/** The `crs` member value naming a CRS: its EPSG URN, else its WKT (GDAL and tuban's reader take both). */
function crsName(crs: Crs): string {
  return crs.epsg !== null ? `urn:ogc:def:crs:EPSG::${crs.epsg}` : esriWkt(crs);
}

/**
 * Writes the geometry member of feature `f` (`null` for an empty feature): Polygon for one part, else
 * MultiPolygon; rings closed. The layer already holds exteriors counter-clockwise and holes clockwise
 * (RFC 7946 §3.1.6), so vertices go out in layer order, from `coords` (the layer's or transformed ones).
 */
function geometryJson(layer: Layer, coords: Float64Array, f: number): string {
  const { ringOffsets, polygonOffsets, featureOffsets } = layer;
  const p0 = featureOffsets[f];
  const p1 = featureOffsets[f + 1];
  if (p0 === p1) return 'null';
  const polys: string[] = [];
  for (let p = p0; p < p1; p++) {
    const rings: string[] = [];
    for (let r = polygonOffsets[p]; r < polygonOffsets[p + 1]; r++) {
      const a = ringOffsets[r];
      const b = ringOffsets[r + 1];
      const pts: string[] = new Array(b - a + 1);
      for (let v = a; v < b; v++) pts[v - a] = `[${coords[2 * v]},${coords[2 * v + 1]}]`;
      pts[b - a] = pts[0];
      rings.push(`[${pts.join(',')}]`);
    }
    polys.push(`[${rings.join(',')}]`);
  }
  return polys.length === 1
    ? `{"type":"Polygon","coordinates":${polys[0]}}`
    : `{"type":"MultiPolygon","coordinates":[${polys.join(',')}]}`;
}

/**
 * Writes a layer as GeoJSON, or as one Feature per line for `.ndjson` / `.geojsonl` paths (or `lines: true`).
 * The file is written under a temporary name and renamed when complete.
 *
 * Line-delimited GeoJSON has no place for a `crs` member (RFC 8142 readers, GDAL's GeoJSONSeq among them,
 * assume lon/lat): in the default mode the report warns that the reader must be told the CRS; `lonLat: true`
 * gives self-describing lines.
 *
 * @throws InputError for `lonLat` on a layer without a CRS; CrsError when the datum shift is unknown.
 * @example
 * writeGeoJSON('out/patches.geojson', layer);                  // EPSG:4527 metres + crs member
 * writeGeoJSON('out/patches-wgs.geojson', layer, { lonLat: true }); // RFC 7946 lon/lat
 * writeGeoJSON('out/patches.ndjson', layer);                   // one Feature per line
 */
export function writeGeoJSON(path: string, layer: Layer, options: GeoJSONWriteOptions = {}): GeoJSONWriteReport {
  const lines = options.lines ?? LINE_EXTENSIONS.includes(extname(path).toLowerCase());
  const warnings: string[] = [];
  let coords = layer.coords;
  let crs = layer.crs;
  if (options.lonLat) {
    if (crs === null) throw new InputError(`layer "${layer.name}" has no CRS, so it cannot be written as lon/lat; declare its CRS first`, { file: path });
    const target = crsFromEpsg(4490);
    coords = transformCoords(coords, crs, target, { towgs84: options.towgs84 });
    crs = target;
  }
  // Plain RFC 7946: CGCS2000 (or WGS 84) lon/lat needs no declaration; anything else gets a crs member.
  const implicit = crs !== null && crs.kind === 'geographic' && crs.datum === 'CGCS2000';
  const crsDeclared: GeoJSONWriteReport['crsDeclared'] = implicit ? 'rfc7946' : crs === null || lines ? 'none' : 'crs-member';
  if (crs === null) warnings.push('the layer has no CRS; the file declares none');
  else if (lines && !implicit) {
    warnings.push(`line-delimited GeoJSON cannot declare a CRS; readers must be told ${crs.epsg !== null ? `EPSG:${crs.epsg}` : crs.name} (e.g. ogr2ogr -a_srs)`);
  }

  writeFilesAtomically((set) => {
    const out = set.open(path);
    if (!lines) {
      const head: string[] = ['"type":"FeatureCollection"', `"name":${JSON.stringify(options.name ?? layer.name)}`];
      if (crsDeclared === 'crs-member') head.push(`"crs":{"type":"name","properties":{"name":${JSON.stringify(crsName(crs!))}}}`);
      out.write(`{${head.join(',')},"features":[\n`);
    }
    for (let f = 0; f < layer.featureCount; f++) {
      const id = layer.featureIds[f];
      const feature =
        `{"type":"Feature",${id !== null && id !== undefined ? `"id":${JSON.stringify(id)},` : ''}` +
        `"properties":${JSON.stringify(layer.attributes[f])},"geometry":${geometryJson(layer, coords, f)}}`;
      out.write(lines ? `${feature}\n` : f + 1 < layer.featureCount ? `${feature},\n` : `${feature}\n`);
    }
    if (!lines) out.write(']}\n');
  });
  return { format: lines ? 'ndjson' : 'geojson', files: [path], featureCount: layer.featureCount, crs, crsDeclared, warnings };
}
