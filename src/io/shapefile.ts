import { InputError } from '../errors.js';
import type { AttributeValue } from '../geometry/types.js';

/** A polygon feature in GeoJSON form, as decoded from one .shp record (null geometry for a null shape). */
export interface ShpFeature {
  type: 'Feature';
  properties: Record<string, AttributeValue>;
  geometry: { type: 'MultiPolygon'; coordinates: number[][][][] } | null;
}

const SHAPE_NULL = 0;
const POLYGON_TYPES = new Set([5, 15, 25]); // Polygon, PolygonZ, PolygonM: x, y come first in all three.
const SHAPE_NAMES: Readonly<Record<number, string>> = {
  1: 'Point',
  3: 'PolyLine',
  8: 'MultiPoint',
  11: 'PointZ',
  13: 'PolyLineZ',
  18: 'MultiPointZ',
  21: 'PointM',
  23: 'PolyLineM',
  28: 'MultiPointM',
  31: 'MultiPatch',
};

/**
 * Decodes the records of a polygon .shp file (ESRI Shapefile Technical Description, 1998) into GeoJSON-form
 * MultiPolygons. The Shapefile convention is exterior rings clockwise and holes counter-clockwise, with all
 * rings of a record in one list; each hole goes to the smallest exterior that contains it. A hole inside no
 * exterior is kept as an exterior of its own rather than dropped, so its area is not lost.
 *
 * @example
 * const geometries = readShp(readFileSync('DLTB.shp'));
 */
export function readShp(bytes: Uint8Array, options: { file?: string } = {}): (ShpFeature['geometry'])[] {
  const file = options.file;
  if (bytes.length < 100) throw new InputError(`expected a .shp header of 100 bytes, found ${bytes.length} bytes`, { file });
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getInt32(0, false) !== 9994) {
    throw new InputError(`expected the .shp file code 9994, found ${view.getInt32(0, false)}: not a Shapefile`, { file });
  }
  const fileType = view.getInt32(32, true);
  if (fileType !== SHAPE_NULL && !POLYGON_TYPES.has(fileType)) {
    throw new InputError(`expected a polygon Shapefile, found shape type ${SHAPE_NAMES[fileType] ?? fileType}`, { file });
  }
  const out: ShpFeature['geometry'][] = [];
  let at = 100;
  const end = Math.min(bytes.length, view.getInt32(24, false) * 2);
  while (at + 8 <= end) {
    const contentBytes = view.getInt32(at + 4, false) * 2;
    const rec = at + 8;
    if (rec + contentBytes > bytes.length || contentBytes < 4) {
      throw new InputError(`record ${out.length} runs past the end of the .shp file (truncated file?)`, { file, featureIndex: out.length });
    }
    const type = view.getInt32(rec, true);
    if (type === SHAPE_NULL) {
      out.push(null);
    } else if (POLYGON_TYPES.has(type)) {
      out.push(decodePolygon(view, rec, file, out.length));
    } else {
      throw new InputError(`expected a polygon record, found shape type ${SHAPE_NAMES[type] ?? type}`, { file, featureIndex: out.length });
    }
    at = rec + contentBytes;
  }
  return out;
}

function decodePolygon(view: DataView, rec: number, file: string | undefined, index: number): ShpFeature['geometry'] {
  const numParts = view.getInt32(rec + 36, true);
  const numPoints = view.getInt32(rec + 40, true);
  if (numParts < 0 || numPoints < 0) {
    throw new InputError(`expected non-negative part and point counts, found ${numParts} and ${numPoints}`, { file, featureIndex: index });
  }
  const partsAt = rec + 44;
  const pointsAt = partsAt + 4 * numParts;
  if (pointsAt + 16 * numPoints > view.byteLength) {
    throw new InputError(`polygon record holds ${numPoints} points but the file ends first`, { file, featureIndex: index });
  }
  const rings: number[][][] = [];
  for (let p = 0; p < numParts; p++) {
    const start = view.getInt32(partsAt + 4 * p, true);
    const stop = p + 1 < numParts ? view.getInt32(partsAt + 4 * (p + 1), true) : numPoints;
    if (start < 0 || stop > numPoints || start > stop) {
      throw new InputError(`part ${p} has point range ${start}..${stop} outside 0..${numPoints}`, { file, featureIndex: index });
    }
    const ring: number[][] = [];
    for (let i = start; i < stop; i++) {
      ring.push([view.getFloat64(pointsAt + 16 * i, true), view.getFloat64(pointsAt + 16 * i + 8, true)]);
    }
    rings.push(ring);
  }
  if (rings.length === 0) return null;
  return { type: 'MultiPolygon', coordinates: groupRings(rings) };
}

/** Groups a record's rings into polygons: clockwise rings are exteriors, counter-clockwise ones holes. */
function groupRings(rings: number[][][]): number[][][][] {
  const areas = rings.map(signedArea);
  const exteriors: number[] = [];
  const holes: number[] = [];
  rings.forEach((_, i) => (areas[i] <= 0 ? exteriors : holes).push(i));
  if (exteriors.length === 0) return rings.map((r) => [r]);
  const polygons: number[][][][] = exteriors.map((i) => [rings[i]]);
  for (const h of holes) {
    let best = -1;
    for (let k = 0; k < exteriors.length; k++) {
      const e = exteriors[k];
      if (ringContainsRing(rings[e], rings[h]) && (best === -1 || Math.abs(areas[e]) < Math.abs(areas[exteriors[best]]))) best = k;
    }
    if (best === -1) polygons.push([rings[h]]);
    else polygons[best].push(rings[h]);
  }
  return polygons;
}

function signedArea(ring: number[][]): number {
  if (ring.length < 3) return 0;
  const ox = ring[0][0];
  const oy = ring[0][1];
  let s = 0;
  for (let i = 1; i + 1 < ring.length; i++) {
    s += (ring[i][0] - ox) * (ring[i + 1][1] - oy) - (ring[i + 1][0] - ox) * (ring[i][1] - oy);
  }
  return s / 2;
}

/**
 * Whether `inner` lies inside `outer`, judged by the first vertex of `inner` that is not on `outer`'s
 * boundary (holes often share vertices with their exterior). Ring-to-ring grouping only needs a vote, not an
 * exact predicate: a hole that touches its shell at every vertex is not a polygon any tool can represent.
 */
function ringContainsRing(outer: number[][], inner: number[][]): boolean {
  for (const [x, y] of inner) {
    const r = pointInRing(outer, x, y);
    if (r !== 0) return r > 0;
  }
  return false;
}

/** 1 inside, -1 outside, 0 on the boundary (crossing-number test). */
function pointInRing(ring: number[][], x: number, y: number): number {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (xi === x && yi === y) return 0;
    if (yi > y !== yj > y) {
      const t = ((xj - xi) * (y - yi)) / (yj - yi) + xi;
      if (t === x) return 0;
      if (x < t) inside = !inside;
    }
  }
  return inside ? 1 : -1;
}
