/**
 * Writes tuban layers as the WKB files the GEOS leg reads (bench/geos/overlay.c), so GEOS overlays exactly
 * the geometry tuban overlays: the layer as tuban's reader returns it (rings closed again, exterior CCW).
 *
 * File layout (all integers little-endian): ASCII "TUBANWKB", uint32 version 1, uint32 feature count, then
 * per feature a uint32 byte length and the feature's WKB — ISO/OGC Simple Features WKB (OGC 06-103r4 §8.2),
 * little-endian (byte order 1), Polygon (type 3) for one part, MultiPolygon (type 6) for several; length 0
 * for an empty feature, which keeps its slot so indices match the layer's.
 *
 *   npx tsx bench/geos/export.ts <in.geojson> <out.wkb> [classField]
 */
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Layer } from '../../src/geometry/types.js';
import { readLayer } from '../../src/io/read.js';

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
 */
export function exportLayerWkb(geojson: string, wkb: string, classField?: string): boolean {
  const side = classField === undefined ? undefined : `${wkb}.${classField}.json`;
  if (fresh(wkb, geojson) && (side === undefined || fresh(side, geojson))) return false;
  const { layer } = readLayer(geojson);
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

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  const [src, out, classField] = process.argv.slice(2);
  if (src === undefined || out === undefined) {
    console.error('usage: npx tsx bench/geos/export.ts <in.geojson> <out.wkb> [classField]');
    process.exit(2);
  }
  console.log(exportLayerWkb(src, out, classField) ? `wrote ${out}` : `${out} is up to date`);
}
