/**
 * Polygon records of a .shp file and its .shx index (ESRI Shapefile Technical Description, July 1998),
 * decoded through a fixed window into reusable flat buffers: no object per vertex, no copy of the file.
 *
 * Main file: a 100-byte header (file code 9994 big-endian at 0, file length in 16-bit words big-endian at 24,
 * shape type little-endian at 32), then records of an 8-byte big-endian header (record number, content
 * length in words) and content. Polygon content (type 5): shape type, box (4 doubles), NumParts, NumPoints,
 * Parts[NumParts] (index of each ring's first point), Points[NumPoints] (x, y doubles, little-endian).
 * PolygonZ (15) and PolygonM (25) have the same start and append Z and/or M ranges and arrays, which are
 * skipped: areas are two-dimensional. Index file: the same header, then per record its offset and content
 * length in words (big-endian).
 *
 * Rings: exterior rings are clockwise and holes counter-clockwise, all rings of a record in one list. Each
 * hole goes to the smallest exterior containing it (GDAL's "ONLY_CCW" rule); a hole inside no exterior is
 * kept as an exterior of its own rather than dropped, so its area is not lost, and the caller is told.
 */
import { InputError } from '../errors.js';
import type { AttributeValue } from '../geometry/types.js';
import { ChunkedReader } from './byte-source.js';
import { signedArea2 } from '../geometry/build.js';

/** A polygon feature in GeoJSON form, as decoded from one .shp record (null geometry for a null shape). */
export interface ShpFeature {
  type: 'Feature';
  properties: Record<string, AttributeValue>;
  geometry: { type: 'MultiPolygon'; coordinates: number[][][][] } | null;
}

export const SHAPE_NULL = 0;
/** Polygon, PolygonZ, PolygonM: x, y come first in all three. */
export const POLYGON_TYPES: ReadonlySet<number> = new Set([5, 15, 25]);
/** Shape type names of the 1998 specification. */
export const SHAPE_TYPE_NAMES: Readonly<Record<number, string>> = {
  0: 'Null',
  1: 'Point',
  3: 'PolyLine',
  5: 'Polygon',
  8: 'MultiPoint',
  11: 'PointZ',
  13: 'PolyLineZ',
  15: 'PolygonZ',
  18: 'MultiPointZ',
  21: 'PointM',
  23: 'PolyLineM',
  25: 'PolygonM',
  28: 'MultiPointM',
  31: 'MultiPatch',
};

function typeName(t: number): string {
  return SHAPE_TYPE_NAMES[t] !== undefined ? `${SHAPE_TYPE_NAMES[t]} (${t})` : String(t);
}

/** The fields of a .shp (or .shx) header that reading needs. */
export interface ShpHeader {
  readonly shapeType: number;
  /** File length the header announces, in bytes. */
  readonly fileLength: number;
}

/**
 * Reads and checks a .shp header: file code 9994 and a polygon (or all-null) shape type.
 *
 * @throws InputError for a short file, another file code, or a non-polygon shape type (named).
 * @example
 * readShpHeader(bytes.subarray(0, 100), bytes.length, 'DLTB.shp').shapeType; // 5
 */
export function readShpHeader(bytes: Uint8Array, size: number, file?: string): ShpHeader {
  if (size < 100 || bytes.length < 100) throw new InputError(`expected a .shp header of 100 bytes, found ${size} bytes`, { file });
  const view = new DataView(bytes.buffer, bytes.byteOffset, 100);
  const code = view.getInt32(0, false);
  if (code !== 9994) throw new InputError(`expected the .shp file code 9994, found ${code}: not a Shapefile`, { file });
  const shapeType = view.getInt32(32, true);
  if (shapeType !== SHAPE_NULL && !POLYGON_TYPES.has(shapeType)) {
    throw new InputError(`expected a polygon Shapefile, found shape type ${typeName(shapeType)}; tuban measures polygons only`, { file });
  }
  return { shapeType, fileLength: view.getUint32(24, false) * 2 };
}

/** Record offsets and content lengths from a .shx, in bytes. */
export interface ShxIndex {
  readonly count: number;
  readonly offsets: Float64Array;
  readonly contentLengths: Float64Array;
}

/**
 * Reads a .shx index.
 *
 * @throws InputError when its size is not 100 + 8 × n bytes or its file code is wrong.
 * @example
 * readShx(readFileSync('DLTB.shx')).count;
 */
export function readShx(bytes: Uint8Array, file?: string): ShxIndex {
  if (bytes.length < 100 || (bytes.length - 100) % 8 !== 0) {
    throw new InputError(
      `expected a .shx of 100 + 8 × n bytes, found ${bytes.length} bytes (truncated?); remove the .shx to read the .shp without its index`,
      { file },
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getInt32(0, false) !== 9994) {
    throw new InputError(`expected the .shx file code 9994, found ${view.getInt32(0, false)}: not a Shapefile index`, { file });
  }
  const count = (bytes.length - 100) / 8;
  const offsets = new Float64Array(count);
  const contentLengths = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    offsets[i] = view.getUint32(100 + 8 * i, false) * 2;
    contentLengths[i] = view.getUint32(104 + 8 * i, false) * 2;
  }
  return { count, offsets, contentLengths };
}

const LITTLE_ENDIAN = new Uint8Array(new Float64Array([1]).buffer)[7] === 0x3f;

/**
 * Iterates the records of a .shp, in file order or in the order of its .shx (which skips records an editor
 * left behind). After {@link next} returns true, the current record's rings are in {@link xy} (x, y
 * interleaved, closing vertex included as stored) with ring `p` spanning points `parts[p] .. parts[p + 1]`.
 * The buffers are reused by the next record.
 *
 * @example
 * const records = new ShpRecords(new ChunkedReader(fileSource('DLTB.shp')), 'DLTB.shp');
 * while (records.next()) console.log(records.index, records.numParts, records.numPoints);
 */
export class ShpRecords {
  readonly header: ShpHeader;
  /** Zero-based index of the current record (its feature index; record number − 1). */
  index = -1;
  /** Byte offset of the current record's header. */
  offset = 0;
  shapeType = 0;
  numParts = 0;
  numPoints = 0;
  /** Ring starts, with `parts[numParts] = numPoints`. */
  parts = new Int32Array(16);
  xy = new Float64Array(1024);
  private xyBytes = new Uint8Array(this.xy.buffer);
  private at = 100;

  constructor(
    private readonly reader: ChunkedReader,
    private readonly size: number,
    private readonly file?: string,
    private readonly shx: ShxIndex | null = null,
  ) {
    const k = reader.window(0, 100);
    this.header = readShpHeader(k < 0 ? new Uint8Array(0) : reader.buf.subarray(0, 100), size, file);
  }

  /** Advances to the next record; false after the last. */
  next(): boolean {
    const i = this.index + 1;
    let at: number;
    if (this.shx !== null) {
      if (i >= this.shx.count) return false;
      at = this.shx.offsets[i];
    } else {
      at = this.at;
      if (at >= this.header.fileLength) return false;
    }
    this.index = i;
    this.offset = at;
    const r = this.reader;
    let k = r.window(at, 8);
    if (k < 0) this.truncated(at, 'expected an 8-byte record header');
    const contentLength = r.view.getUint32(k + 4, false) * 2;
    if (this.shx !== null && contentLength !== this.shx.contentLengths[i]) {
      throw new InputError(
        `the .shx gives record ${i + 1} ${this.shx.contentLengths[i]} bytes of content at byte offset ${at}, but the .shp record there has ${contentLength}: the .shx does not belong to this .shp (remove it to read the .shp alone)`,
        { file: this.file, featureIndex: i },
      );
    }
    if (contentLength < 4) throw this.bad(`its content length is ${contentLength} bytes; expected at least 4 (the shape type)`);
    k = r.window(at, 8 + contentLength);
    if (k < 0) this.truncated(at, `its header announces ${contentLength} bytes of content`);
    this.at = at + 8 + contentLength;
    const view = r.view;
    const c = k + 8;
    const type = view.getInt32(c, true);
    this.shapeType = type;
    if (type === SHAPE_NULL) {
      this.numParts = 0;
      this.numPoints = 0;
      this.parts[0] = 0;
      return true;
    }
    if (!POLYGON_TYPES.has(type)) {
      throw new InputError(`expected a polygon record, found shape type ${typeName(type)} (record ${i + 1} at byte offset ${at})`, {
        file: this.file,
        featureIndex: i,
      });
    }
    if (contentLength < 44) throw this.bad(`a polygon record needs at least 44 bytes of content, it has ${contentLength}`);
    const numParts = view.getInt32(c + 36, true);
    const numPoints = view.getInt32(c + 40, true);
    if (numParts < 0 || numPoints < 0 || 44 + 4 * numParts + 16 * numPoints > contentLength) {
      throw this.bad(`it declares ${numParts} parts and ${numPoints} points, which do not fit in its ${contentLength} bytes of content`);
    }
    if (this.parts.length < numParts + 1) this.parts = new Int32Array(Math.max(numParts + 1, 2 * this.parts.length));
    const parts = this.parts;
    for (let p = 0; p < numParts; p++) parts[p] = view.getInt32(c + 44 + 4 * p, true);
    parts[numParts] = numPoints;
    for (let p = 0; p < numParts; p++) {
      if (parts[p] < (p === 0 ? 0 : parts[p - 1]) || parts[p] > numPoints || (p === 0 && parts[0] !== 0)) {
        throw this.bad(`part ${p} starts at point ${parts[p]}; expected ascending starts from 0 within its ${numPoints} points`);
      }
    }
    if (this.xy.length < 2 * numPoints) {
      this.xy = new Float64Array(Math.max(2 * numPoints, 2 * this.xy.length));
      this.xyBytes = new Uint8Array(this.xy.buffer);
    }
    const xy = this.xy;
    const pointsAt = c + 44 + 4 * numParts;
    if (LITTLE_ENDIAN) {
      // One copy onto an aligned buffer, then the doubles are read in place.
      this.xyBytes.set(r.buf.subarray(pointsAt, pointsAt + 16 * numPoints));
    } else {
      for (let v = 0; v < 2 * numPoints; v++) xy[v] = view.getFloat64(pointsAt + 8 * v, true);
    }
    for (let v = 0; v < 2 * numPoints; v++) {
      const d = xy[v];
      if (d - d !== 0) {
        const point = v >> 1;
        let p = 0;
        while (p + 1 < numParts && parts[p + 1] <= point) p++;
        throw new InputError(
          `record ${i + 1} part ${p} vertex ${point - parts[p]}: expected finite coordinates, found [${xy[2 * point]}, ${xy[2 * point + 1]}]`,
          { file: this.file, featureIndex: i },
        );
      }
    }
    this.numParts = numParts;
    this.numPoints = numPoints;
    return true;
  }

  /** Bytes after the last record the header announces (some writers pad); 0 when the file ends there. */
  get trailingBytes(): number {
    return this.shx === null ? Math.max(0, this.size - this.header.fileLength) : 0;
  }

  private bad(what: string): InputError {
    return new InputError(`record ${this.index + 1} at byte offset ${this.offset} is malformed: ${what}`, {
      file: this.file,
      featureIndex: this.index,
    });
  }

  private truncated(at: number, what: string): never {
    const lengths = this.header.fileLength !== this.size ? ` but its header announces ${this.header.fileLength}` : '';
    throw new InputError(
      `record ${this.index + 1} at byte offset ${at} runs past the end of the .shp file: ${what}, and the file has ${this.size} bytes${lengths} (truncated file?)`,
      { file: this.file, featureIndex: this.index },
    );
  }
}

/**
 * Counts the records of a .shp by walking their headers (for messages about record counts); stops at the
 * announced file length or at a cut record.
 *
 * @example
 * countShpRecords(new ChunkedReader(fileSource('DLTB.shp')), size); // { count: 2945, truncated: false }
 */
export function countShpRecords(reader: ChunkedReader, size: number): { count: number; truncated: boolean } {
  if (reader.window(0, 100) < 0) return { count: 0, truncated: true };
  const end = reader.view.getUint32(24, false) * 2;
  let at = 100;
  let count = 0;
  while (at < end) {
    const k = reader.window(at, 8);
    if (k < 0) return { count, truncated: true };
    const next = at + 8 + reader.view.getUint32(k + 4, false) * 2;
    if (next > size) return { count, truncated: true };
    count++;
    at = next;
  }
  return { count, truncated: false };
}

/** How a record's rings form polygons: ring indices per polygon, exterior first. */
export interface RingGroups {
  readonly polygons: readonly (readonly number[])[];
  /** Counter-clockwise rings (holes by the rule) that lie in no exterior and were kept as exteriors. */
  readonly orphanHoles: readonly number[];
}

const ONE_RING: RingGroups = Object.freeze({ polygons: Object.freeze([Object.freeze([0])]), orphanHoles: Object.freeze([]) });

/**
 * Groups the rings of one record into polygons: clockwise rings (and rings without area) are exteriors,
 * counter-clockwise ones holes; each hole goes to the smallest exterior that contains it. When a record has
 * no clockwise ring at all, every ring is an exterior (a writer that wound everything the other way).
 *
 * @example
 * groupRings(records.xy, records.parts, records.numParts).polygons; // [[0, 2], [1]]
 */
export function groupRings(xy: Float64Array, parts: Int32Array, numParts: number): RingGroups {
  if (numParts === 1) return ONE_RING;
  const area = new Float64Array(numParts);
  const exteriors: number[] = [];
  const holes: number[] = [];
  for (let p = 0; p < numParts; p++) {
    area[p] = ringArea2(xy, parts[p], parts[p + 1] - parts[p]);
    (area[p] <= 0 ? exteriors : holes).push(p);
  }
  if (exteriors.length === 0) return { polygons: holes.map((h) => [h]), orphanHoles: [] };
  const polygons: number[][] = exteriors.map((e) => [e]);
  const orphanHoles: number[] = [];
  for (const h of holes) {
    let best = -1;
    for (let k = 0; k < exteriors.length; k++) {
      const e = exteriors[k];
      if ((best === -1 || -area[e] < -area[exteriors[best]]) && -area[e] >= area[h] && ringInRing(xy, parts, e, h)) best = k;
    }
    if (best === -1) {
      polygons.push([h]);
      orphanHoles.push(h);
    } else polygons[best].push(h);
  }
  return { polygons, orphanHoles };
}

/** Twice the signed area of ring `first..first+count` (point indices; positive counter-clockwise), 0 below 3 points. */
function ringArea2(xy: Float64Array, first: number, count: number): number {
  return count < 3 ? 0 : signedArea2(xy, 2 * first, count);
}

/**
 * Whether ring `inner` lies inside ring `outer`, judged by the first vertex of `inner` that is not on
 * `outer`'s boundary (holes often share vertices with their exterior). Grouping only needs a vote, not an
 * exact predicate: a hole that touches its shell at every vertex is not a polygon any tool can represent.
 */
function ringInRing(xy: Float64Array, parts: Int32Array, outer: number, inner: number): boolean {
  for (let v = parts[inner]; v < parts[inner + 1]; v++) {
    const r = pointInRing(xy, parts[outer], parts[outer + 1], xy[2 * v], xy[2 * v + 1]);
    if (r !== 0) return r > 0;
  }
  return false;
}

/** 1 inside, -1 outside, 0 on the boundary (crossing-number test over points `a .. b`). */
function pointInRing(xy: Float64Array, a: number, b: number, x: number, y: number): number {
  let inside = false;
  for (let i = a, j = b - 1; i < b; j = i++) {
    const xi = xy[2 * i];
    const yi = xy[2 * i + 1];
    const xj = xy[2 * j];
    const yj = xy[2 * j + 1];
    if (xi === x && yi === y) return 0;
    if (yi > y !== yj > y) {
      const t = ((xj - xi) * (y - yi)) / (yj - yi) + xi;
      if (t === x) return 0;
      if (x < t) inside = !inside;
    }
  }
  return inside ? 1 : -1;
}

/**
 * Decodes the records of a polygon .shp file held in memory into GeoJSON-form MultiPolygons, rings as
 * stored (Shapefile orientation, closing vertex repeated), grouped as described in the module comment.
 * For whole layers use `readLayer`, which streams the file into flat arrays instead.
 *
 * @example
 * const geometries = readShp(readFileSync('DLTB.shp'));
 */
export function readShp(bytes: Uint8Array, options: { file?: string } = {}): (ShpFeature['geometry'])[] {
  const records = new ShpRecords(ChunkedReader.ofBytes(bytes), bytes.length, options.file);
  const out: ShpFeature['geometry'][] = [];
  while (records.next()) {
    if (records.numParts === 0) {
      out.push(null);
      continue;
    }
    const { xy, parts } = records;
    const groups = groupRings(xy, parts, records.numParts);
    const ring = (p: number): number[][] => {
      const pts: number[][] = [];
      for (let v = parts[p]; v < parts[p + 1]; v++) pts.push([xy[2 * v], xy[2 * v + 1]]);
      return pts;
    };
    out.push({ type: 'MultiPolygon', coordinates: groups.polygons.map((poly) => poly.map(ring)) });
  }
  return out;
}
