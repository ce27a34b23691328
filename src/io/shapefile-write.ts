/**
 * Writes a polygon layer as an ESRI Shapefile: .shp (geometry), .shx (record index), .dbf (attributes, see
 * dbf-write.ts), .cpg (the DBF text encoding) and .prj (the CRS as ESRI WKT 1). Byte layout per the ESRI
 * Shapefile Technical Description (July 1998): a 100-byte header whose file code (9994) and file length
 * (in 16-bit words) are big-endian and the rest little-endian; records with a big-endian header (number,
 * content length in words) and little-endian content.
 *
 * Geometry comes straight from the layer's flat arrays. Shapefile polygons list every ring of a feature
 * in one record, exterior rings clockwise and holes counter-clockwise (the opposite of the layer and of
 * RFC 7946), each ring closed by repeating its first vertex. An empty feature becomes a Null shape (type 0),
 * so the .shp and .dbf stay row-aligned.
 */
import { extname } from 'node:path';
import { INVERSE_FLATTENING_TEXT } from '../crs/ellipsoids.js';
import type { Crs, Datum } from '../crs/types.js';
import { InputError } from '../errors.js';
import type { Attributes, Layer } from '../geometry/types.js';
import { writeFilesAtomically } from './atomic.js';
import {
  encodeDbf,
  type DbfColumn,
  type DbfEncoding,
  type DbfWriteOptions,
  type FieldRename,
  type TruncatedValue,
} from './dbf-write.js';

const FILE_CODE = 9994;
const VERSION = 1000;
const SHAPE_NULL = 0;
const SHAPE_POLYGON = 5;
const HEADER_BYTES = 100;
/** Many readers (ArcGIS among them) stop at 2 GB; offsets are signed 32-bit counts of 16-bit words. */
const MAX_FILE_BYTES = 2 ** 31 - 1;

export interface ShapefileWriteOptions extends Omit<DbfWriteOptions, 'file'> {
  /** Write the .prj (default: whenever the layer has a CRS). */
  prj?: boolean;
}

export interface ShapefileWriteReport {
  readonly format: 'shapefile';
  /** Files written, .shp first. */
  readonly files: readonly string[];
  readonly featureCount: number;
  /** Features written as Null shapes (empty geometry). */
  readonly nullShapes: number;
  readonly encoding: DbfEncoding;
  readonly fields: readonly DbfColumn[];
  /** Attributes whose DBF field name differs from the attribute name (too long, or clashing). */
  readonly renamedFields: readonly FieldRename[];
  /** Text values cut to fit their column (only with `longText: 'truncate'`, the default). */
  readonly truncatedValues: readonly TruncatedValue[];
  /** Stale companions of an earlier Shapefile at the same path (.qix, .sbn, .sbx, an old .prj) removed. */
  readonly removedFiles: readonly string[];
  readonly warnings: readonly string[];
}

/** The .shp and .shx bytes of a layer. */
export interface ShpEncoding {
  readonly shp: Uint8Array;
  readonly shx: Uint8Array;
  readonly nullShapes: number;
}

/**
 * Encodes a layer's geometry as .shp and .shx bytes (shape type 5, Polygon). Rings are written closed,
 * exteriors clockwise and holes counter-clockwise: the reverse of the layer's normalised orientation.
 *
 * @example
 * const { shp, shx } = encodeShp(layer);
 */
export function encodeShp(layer: Layer, file?: string): ShpEncoding {
  const { coords, ringOffsets, polygonOffsets, featureOffsets } = layer;
  const n = layer.featureCount;
  // Pass 1: record sizes, so that both files are allocated once.
  const contentBytes = new Float64Array(n);
  let shpBytes = HEADER_BYTES;
  for (let f = 0; f < n; f++) {
    const r0 = polygonOffsets[featureOffsets[f]];
    const r1 = polygonOffsets[featureOffsets[f + 1]];
    const parts = r1 - r0;
    const points = ringOffsets[r1] - ringOffsets[r0] + parts; // + one closing vertex per ring
    contentBytes[f] = parts === 0 ? 4 : 44 + 4 * parts + 16 * points;
    shpBytes += 8 + contentBytes[f];
    if (shpBytes > MAX_FILE_BYTES) {
      throw new InputError(`the .shp would exceed 2 GB at feature ${f}; split the layer or write GeoJSON`, { file });
    }
  }
  const shp = new Uint8Array(shpBytes);
  const shx = new Uint8Array(HEADER_BYTES + 8 * n);
  const sv = new DataView(shp.buffer);
  const xv = new DataView(shx.buffer);

  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  let nullShapes = 0;
  let at = HEADER_BYTES;
  for (let f = 0; f < n; f++) {
    xv.setInt32(HEADER_BYTES + 8 * f, at / 2, false);
    xv.setInt32(HEADER_BYTES + 8 * f + 4, contentBytes[f] / 2, false);
    sv.setInt32(at, f + 1, false); // record numbers start at 1
    sv.setInt32(at + 4, contentBytes[f] / 2, false);
    const rec = at + 8;
    at = rec + contentBytes[f];
    const r0 = polygonOffsets[featureOffsets[f]];
    const r1 = polygonOffsets[featureOffsets[f + 1]];
    if (r1 === r0) {
      sv.setInt32(rec, SHAPE_NULL, true);
      nullShapes++;
      continue;
    }
    sv.setInt32(rec, SHAPE_POLYGON, true);
    sv.setInt32(rec + 36, r1 - r0, true);
    sv.setInt32(rec + 40, ringOffsets[r1] - ringOffsets[r0] + (r1 - r0), true);
    const partsAt = rec + 44;
    let pt = partsAt + 4 * (r1 - r0);
    const pointsAt = pt;
    let bx0 = Infinity;
    let by0 = Infinity;
    let bx1 = -Infinity;
    let by1 = -Infinity;
    // A record lists all rings of the feature, polygon after polygon, each exterior before its holes.
    for (let r = r0; r < r1; r++) {
      sv.setInt32(partsAt + 4 * (r - r0), (pt - pointsAt) / 16, true);
      const a = ringOffsets[r];
      const b = ringOffsets[r + 1];
      for (let k = 0; k <= b - a; k++) {
        // The layer holds exteriors counter-clockwise and holes clockwise; the Shapefile wants the opposite,
        // so every ring is written reversed, keeping its first vertex first (v0, v(n-1), …, v1, v0) as GDAL does.
        const v = k === 0 || k === b - a ? a : b - k;
        const x = coords[2 * v];
        const y = coords[2 * v + 1];
        sv.setFloat64(pt, x, true);
        sv.setFloat64(pt + 8, y, true);
        pt += 16;
        if (x < bx0) bx0 = x;
        if (x > bx1) bx1 = x;
        if (y < by0) by0 = y;
        if (y > by1) by1 = y;
      }
    }
    sv.setFloat64(rec + 4, bx0, true);
    sv.setFloat64(rec + 12, by0, true);
    sv.setFloat64(rec + 20, bx1, true);
    sv.setFloat64(rec + 28, by1, true);
    if (bx0 < minX) minX = bx0;
    if (by0 < minY) minY = by0;
    if (bx1 > maxX) maxX = bx1;
    if (by1 > maxY) maxY = by1;
  }
  // The file's box covers the non-null shapes; with none, zeros (the specification leaves it unspecified).
  const box = minX === Infinity ? [0, 0, 0, 0] : [minX, minY, maxX, maxY];
  writeHeader(sv, shpBytes, box);
  writeHeader(xv, shx.length, box);
  return { shp, shx, nullShapes };
}

function writeHeader(v: DataView, fileBytes: number, box: readonly number[]): void {
  v.setInt32(0, FILE_CODE, false);
  v.setInt32(24, fileBytes / 2, false);
  v.setInt32(28, VERSION, true);
  v.setInt32(32, SHAPE_POLYGON, true);
  for (let i = 0; i < 4; i++) v.setFloat64(36 + 8 * i, box[i], true);
  // Z and M ranges (bytes 68–99) stay 0: the shapes have neither.
}

// ---------------------------------------------------------------------------------------------------
// .prj: ESRI WKT 1, the dialect ArcGIS writes and GDAL reads back to the EPSG code.

interface EsriDatum {
  readonly gcs: string;
  readonly datum: string;
  readonly spheroid: string;
  /** Prefix of projected CRS names. */
  readonly prefix: string;
}

// Names as in the ESRI projection engine (the same ones GDAL writes with `gdalsrsinfo -o wkt_esri`).
const ESRI_DATUM: Readonly<Record<Datum, EsriDatum>> = {
  CGCS2000: { gcs: 'GCS_China_Geodetic_Coordinate_System_2000', datum: 'D_China_2000', spheroid: 'CGCS2000', prefix: 'CGCS2000' },
  Beijing1954: { gcs: 'GCS_Beijing_1954', datum: 'D_Beijing_1954', spheroid: 'Krasovsky_1940', prefix: 'Beijing_1954' },
  Xian1980: { gcs: 'GCS_Xian_1980', datum: 'D_Xian_1980', spheroid: 'Xian_1980', prefix: 'Xian_1980' },
};

/** ESRI writes every number with a decimal point: 117 → "117.0". */
function esriNumber(x: number): string {
  return Number.isInteger(x) ? x.toFixed(1) : String(x);
}

function esriGeographic(crs: Crs): string {
  const wgs84 = crs.epsg === 4326;
  const d = ESRI_DATUM[crs.datum];
  const [gcs, datum, spheroid, rf] = wgs84
    ? ['GCS_WGS_1984', 'D_WGS_1984', 'WGS_1984', '298.257223563']
    : [d.gcs, d.datum, d.spheroid, INVERSE_FLATTENING_TEXT[crs.datum]];
  return (
    `GEOGCS["${gcs}",DATUM["${datum}",SPHEROID["${spheroid}",${esriNumber(crs.ellipsoid.a)},${rf}]],` +
    'PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]'
  );
}

/** The ESRI name of a registered Gauss–Krüger CRS; for others, the CRS's own name made WKT-safe. */
function esriProjectedName(crs: Crs): string {
  const p = ESRI_DATUM[crs.datum].prefix;
  const cm = crs.centralMeridian!;
  if (crs.epsg === null || crs.zoneWidth === undefined) return crs.name.replace(/[^A-Za-z0-9.]+/g, '_').replace(/^_|_$/g, '');
  const degree = crs.zoneWidth === 3 ? '_3_Degree' : '';
  if (crs.zonePrefixed) return `${p}${degree}_GK_Zone_${crs.zone}`;
  // ESRI spells the 6° Beijing 1954 CM family out ("Beijing_1954_Gauss_Kruger_CM_117E").
  if (crs.zoneWidth === 6 && crs.datum === 'Beijing1954') return `${p}_Gauss_Kruger_CM_${cm}E`;
  return `${p}${degree}_GK_CM_${cm}E`;
}

/**
 * The CRS as ESRI WKT 1, the text of a `.prj` file. Registered CRSs get the names ArcGIS uses (so GDAL and
 * ArcGIS identify the EPSG code); a Gauss–Krüger CRS without a code is written from its parameters.
 *
 * @example
 * esriWkt(crsFromEpsg(4527)); // 'PROJCS["CGCS2000_3_Degree_GK_Zone_39",GEOGCS["GCS_China_Geodetic_…'
 */
export function esriWkt(crs: Crs): string {
  if (crs.kind === 'geographic') return esriGeographic(crs);
  if (crs.centralMeridian === undefined || crs.falseEasting === undefined) {
    throw new InputError(`cannot write a .prj for ${crs.name}: a projected CRS needs a central meridian and false easting`);
  }
  return (
    `PROJCS["${esriProjectedName(crs)}",${esriGeographic(crs)},PROJECTION["Gauss_Kruger"],` +
    `PARAMETER["False_Easting",${esriNumber(crs.falseEasting)}],PARAMETER["False_Northing",0.0],` +
    `PARAMETER["Central_Meridian",${esriNumber(crs.centralMeridian)}],PARAMETER["Scale_Factor",1.0],` +
    `PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]`
  );
}

// ---------------------------------------------------------------------------------------------------

/** `base` + `ext`, in upper case when the .shp extension was given in upper case (DLTB.SHP → DLTB.DBF). */
function companion(stem: string, upper: boolean, ext: string): string {
  return stem + (upper ? ext.toUpperCase() : ext);
}

/**
 * Writes a layer as a Shapefile: .shp, .shx, .dbf, .cpg and (when the layer has a CRS) .prj. Every part is
 * written under a temporary name and renamed into place only when all are complete; on failure the
 * temporary files are removed and an existing Shapefile at `path` is left untouched.
 *
 * Text is GBK by default (header language driver 0x4D, .cpg "GBK"); `encoding: 'utf8'` writes UTF-8 with
 * .cpg "UTF-8". Field names longer than 10 bytes are shortened and the report lists every rename; text
 * longer than 254 bytes is cut (reported) unless `longText: 'error'`. See dbf-write.ts for column typing.
 *
 * @throws InputError for text GBK cannot hold (write UTF-8 instead), values that do not fit an explicit
 *   schema, or a .shp beyond 2 GB.
 * @example
 * const report = writeShapefile('out/DLTB.shp', layer);
 * for (const r of report.renamedFields) console.log(`${r.from} → ${r.to}`);
 */
export function writeShapefile(path: string, layer: Layer, options: ShapefileWriteOptions = {}): ShapefileWriteReport {
  const ext = extname(path);
  if (ext.toLowerCase() !== '.shp') throw new InputError(`expected a path ending in .shp, found "${ext || 'no extension'}"`, { file: path });
  const stem = path.slice(0, -ext.length);
  const upper = ext === '.SHP';
  const warnings: string[] = [];

  // A DBF needs at least one field; GDAL adds "FID" in the same case.
  let records: readonly Attributes[] = layer.attributes;
  if (options.fields === undefined && !records.some((r) => Object.keys(r).length > 0)) {
    records = records.map((_, i) => ({ FID: i }));
    warnings.push('the layer has no attributes; a field FID (feature index) was added because a DBF needs one field');
  }
  if (layer.featureIds.some((id) => id !== null)) {
    warnings.push('feature ids (GeoJSON "id") are not written: a Shapefile has no id; keep them in an attribute');
  }
  const dbf = encodeDbf(records, { ...options, file: companion(stem, upper, '.dbf') });
  const { shp, shx, nullShapes } = encodeShp(layer, path);
  const writePrj = (options.prj ?? true) && layer.crs !== null;
  if (layer.crs === null) warnings.push('the layer has no CRS; no .prj was written');

  const files = [path, companion(stem, upper, '.shx'), companion(stem, upper, '.dbf'), companion(stem, upper, '.cpg')];
  if (writePrj) files.push(companion(stem, upper, '.prj'));
  const stale = ['.qix', '.sbn', '.sbx', ...(writePrj ? [] : ['.prj'])].map((e) => companion(stem, upper, e));
  const removedFiles: string[] = [];
  writeFilesAtomically((set) => {
    set.put(files[0], shp);
    set.put(files[1], shx);
    set.put(files[2], dbf.bytes);
    set.put(files[3], dbf.encoding === 'gbk' ? 'GBK' : 'UTF-8');
    if (writePrj) set.put(files[4], esriWkt(layer.crs!));
    for (const s of stale) if (set.remove(s)) removedFiles.push(s);
  });
  return {
    format: 'shapefile',
    files,
    featureCount: layer.featureCount,
    nullShapes,
    encoding: dbf.encoding,
    fields: dbf.columns,
    renamedFields: dbf.renamed,
    truncatedValues: dbf.truncated,
    removedFiles,
    warnings: [...warnings, ...dbf.warnings],
  };
}
