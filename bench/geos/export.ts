/**
 * Writes tuban layers as the WKB files the GEOS leg reads (bench/geos/overlay.c), so GEOS overlays exactly
 * the geometry tuban overlays: the layer as tuban's reader returns it (rings closed again, exterior CCW).
 *
 * File layout (all integers little-endian): ASCII "TUBANWKB", uint32 version 1, uint32 feature count, then
 * per feature a uint32 byte length and the feature's WKB — ISO/OGC Simple Features WKB (OGC 06-103r4 §8.2),
 * little-endian (byte order 1), Polygon (type 3) for one part, MultiPolygon (type 6) for several; length 0
 * for an empty feature, which keeps its slot so indices match the layer's.
 *
 * It also writes the same layers as Shapefile sets with tuban's own writer (exportLayerShp), so tuban can be
 * timed reading a binary format too, as GEOS reads WKB: ESRI Shapefile Technical Description (1998) stores
 * every coordinate as an IEEE 754 float64, like WKB, so the set carries the layer's coordinates bit for bit —
 * which the export checks by reading the set back.
 *
 *   npx tsx bench/geos/export.ts <in.geojson> <out.wkb> [classField]
 *   npx tsx bench/geos/export.ts <in.geojson> <out.shp> [field ...]
 */
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Attributes, Layer } from '../../src/geometry/types.js';
import { readLayer } from '../../src/io/read.js';
import { writeShapefile } from '../../src/io/shapefile-write.js';

/** The source layer, or a way to read it (so a caller exporting one source twice reads it once). */
export type LayerSource = Layer | (() => Layer);
const sourceLayer = (path: string, source: LayerSource | undefined): Layer =>
  source === undefined ? readLayer(path).layer : typeof source === 'function' ? source() : source;

const HEADER = 16;

/** Bytes of feature f's WKB (0 when empty). */
function wkbSize(layer: Layer, f: number): number {
  const { featureOffsets: fo, polygonOffsets: po, ringOffsets: ro } = layer;
  const nPoly = fo[f + 1] - fo[f];
  if (nPoly === 0) return 0;
  let size = nPoly > 1 ? 9 : 0; // MultiPolygon header: byte order, type, count
  for (let p = fo[f]; p < fo[f + 1]; p++) {
    size += 9; // Polygon header: byte order, type, ring count
    for (let r = po[p]; r < po[p + 1]; r++) size += 4 + 16 * (ro[r + 1] - ro[r] + 1); // + closing vertex
  }
  return size;
}

/**
 * Encodes a layer as one TUBANWKB buffer.
 *
 * @example
 * const buf = layerToWkbFile(readLayer('bench/data/county/farmland.geojson').layer);
 * writeFileSync('farmland.wkb', buf);
 */
export function layerToWkbFile(layer: Layer): Buffer {
  let total = HEADER;
  const sizes = new Uint32Array(layer.featureCount);
  for (let f = 0; f < layer.featureCount; f++) {
    sizes[f] = wkbSize(layer, f);
    total += 4 + sizes[f];
  }
  const buf = Buffer.alloc(total);
  buf.write('TUBANWKB', 0, 'latin1');
  buf.writeUInt32LE(1, 8);
  buf.writeUInt32LE(layer.featureCount, 12);
  const { featureOffsets: fo, polygonOffsets: po, ringOffsets: ro, coords } = layer;
  let at = HEADER;
  const polygonHeader = (rings: number): void => {
    buf.writeUInt8(1, at);
    buf.writeUInt32LE(3, at + 1);
    buf.writeUInt32LE(rings, at + 5);
    at += 9;
  };
  for (let f = 0; f < layer.featureCount; f++) {
    buf.writeUInt32LE(sizes[f], at);
    at += 4;
    const nPoly = fo[f + 1] - fo[f];
    if (nPoly === 0) continue;
    if (nPoly > 1) {
      buf.writeUInt8(1, at);
      buf.writeUInt32LE(6, at + 1);
      buf.writeUInt32LE(nPoly, at + 5);
      at += 9;
    }
    for (let p = fo[f]; p < fo[f + 1]; p++) {
      polygonHeader(po[p + 1] - po[p]);
      for (let r = po[p]; r < po[p + 1]; r++) {
        const a = ro[r], b = ro[r + 1];
        buf.writeUInt32LE(b - a + 1, at);
        at += 4;
        for (let v = a; v <= b; v++) {
          const k = v === b ? a : v; // WKB rings are closed; the layer stores them open
          buf.writeDoubleLE(coords[2 * k], at);
          buf.writeDoubleLE(coords[2 * k + 1], at + 8);
          at += 16;
        }
      }
    }
  }
  if (at !== total) throw new Error(`WKB size mismatch: wrote ${at} bytes, expected ${total}`);
  return buf;
}

const fresh = (out: string, src: string): boolean => existsSync(out) && statSync(out).mtimeMs >= statSync(src).mtimeMs;

/**
 * Exports `geojson` to `wkb` unless an export newer than the source is there; with `classField`, also writes
 * the field's value per feature to `<wkb>.<classField>.json` (the GEOS leg has no attributes; the bench sums
 * GEOS's per-feature areas by class with it). Returns whether it wrote anything.
 *
 * @example
 * exportLayerWkb('bench/data/county/landuse.geojson', 'bench/data/geos/landuse.wkb', 'DLBM');
 *
 * `source`, when given, is the layer read from `geojson` (or a function reading it), so that a caller
 * exporting one source in both formats parses it once.
 */
export function exportLayerWkb(geojson: string, wkb: string, classField?: string, source?: LayerSource): boolean {
  const side = classField === undefined ? undefined : `${wkb}.${classField}.json`;
  if (fresh(wkb, geojson) && (side === undefined || fresh(side, geojson))) return false;
  const layer = sourceLayer(geojson, source);
  mkdirSync(dirname(wkb), { recursive: true });
  writeFileSync(wkb, layerToWkbFile(layer));
  if (side !== undefined && classField !== undefined) {
    const classes = layer.attributes.map((a) => {
      const v = a[classField];
      return v === null || v === undefined ? '' : String(v);
    });
    writeFileSync(side, JSON.stringify(classes));
  }
  return true;
}

const SHP_PARTS = ['.shp', '.shx', '.dbf', '.cpg', '.prj'];

/** Whether two typed arrays hold the same bytes (so float64s compare bit for bit, NaN and -0 included). */
function sameBytes(a: ArrayBufferView, b: ArrayBufferView): boolean {
  return Buffer.compare(Buffer.from(a.buffer, a.byteOffset, a.byteLength), Buffer.from(b.buffer, b.byteOffset, b.byteLength)) === 0;
}

/**
 * Where `b` differs from `a` in geometry or in the attributes `fields`, or null when it does not: coordinates
 * and bboxes compared bit for bit, offsets exactly, attribute values as text (a DBF number column may come
 * back as a number where the GeoJSON had one too, but a text code must stay text).
 */
export function layerDifference(a: Layer, b: Layer, fields: readonly string[]): string | null {
  if (a.featureCount !== b.featureCount) return `${b.featureCount} features, expected ${a.featureCount}`;
  for (const k of ['featureOffsets', 'polygonOffsets', 'ringOffsets', 'coords', 'bboxes'] as const) {
    if (a[k].length !== b[k].length) return `${k}: ${b[k].length} entries, expected ${a[k].length}`;
    if (!sameBytes(a[k], b[k])) {
      const i = a[k].findIndex((v, j) => !Object.is(v, b[k][j]));
      return `${k}[${i}] is ${b[k][i]}, expected ${a[k][i]}`;
    }
  }
  for (let f = 0; f < a.featureCount; f++) {
    for (const field of fields) {
      const x = a.attributes[f][field] ?? null, y = b.attributes[f][field] ?? null;
      if (x !== y && !(typeof x === 'number' && typeof y === 'number' && Object.is(x, y))) {
        return `feature ${f} ${field} is ${JSON.stringify(y)}, expected ${JSON.stringify(x)}`;
      }
    }
  }
  return null;
}

/**
 * Exports `geojson` as a Shapefile set at `shp` (.shp, .shx, .dbf, .cpg, .prj; GBK text, as county data
 * comes) unless a complete set newer than the source is there, keeping only the attributes `fields` (the
 * class field the overlay tabulates by, and the id field) — GEOS reads no attributes at all, and a county
 * layer's other columns would only add DBF bytes that this comparison is not about. Reads the set back with
 * tuban's reader and throws unless it returns the source layer's geometry bit for bit and the fields' values
 * unchanged. Returns whether it wrote anything.
 *
 * @example
 * exportLayerShp('bench/data/county/landuse.geojson', 'bench/data/geos-overlay/landuse.shp', ['BSM', 'DLBM']);
 */
export function exportLayerShp(geojson: string, shp: string, fields: readonly string[], source?: LayerSource): boolean {
  const stem = shp.slice(0, -'.shp'.length);
  if (SHP_PARTS.every((ext) => fresh(stem + ext, geojson))) return false;
  const layer = sourceLayer(geojson, source);
  for (const field of fields) {
    if (!layer.attributes.some((a) => field in a)) throw new Error(`${geojson}: no feature has the field ${field} to keep`);
  }
  const attributes: Attributes[] = layer.attributes.map((a) => Object.fromEntries(fields.map((k) => [k, a[k] ?? null])));
  mkdirSync(dirname(shp), { recursive: true });
  // featureIds dropped: a Shapefile has no feature id (the writer would warn); the id is in `fields`.
  const report = writeShapefile(shp, { ...layer, attributes, featureIds: attributes.map(() => null) });
  if (report.renamedFields.length > 0 || report.truncatedValues.length > 0) {
    throw new Error(`${shp}: fields renamed or values truncated: ${report.warnings.join('; ')}`);
  }
  const back = readLayer(shp).layer;
  const diff = layerDifference(layer, back, fields);
  if (diff !== null) throw new Error(`${shp} does not read back as ${geojson}: ${diff}`);
  return true;
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  const [src, out, ...rest] = process.argv.slice(2);
  if (src === undefined || out === undefined) {
    console.error('usage: npx tsx bench/geos/export.ts <in.geojson> <out.wkb> [classField]\n' +
      '       npx tsx bench/geos/export.ts <in.geojson> <out.shp> [field ...]');
    process.exit(2);
  }
  const wrote = out.toLowerCase().endsWith('.shp') ? exportLayerShp(src, out, rest) : exportLayerWkb(src, out, rest[0]);
  console.log(wrote ? `wrote ${out}` : `${out} is up to date`);
}
