import { orient2d } from 'robust-predicates';
import { InputError } from '../errors.js';
import { GrowableFloat64, GrowableUint32 } from './growable.js';
import type { AttributeValue, Attributes, LayerIssue } from './types.js';

/** The geometry part of a layer under construction, before a CRS is attached. */
export interface LayerGeometry {
  coords: Float64Array;
  ringOffsets: Uint32Array;
  polygonOffsets: Uint32Array;
  featureOffsets: Uint32Array;
  bboxes: Float64Array;
  attributes: Attributes[];
  featureIds: (string | number | null)[];
  issues: LayerIssue[];
  emptyCount: number;
  reorientedRings: number;
}

type Position = readonly number[];
type RingInput = readonly Position[];

interface FeatureLike {
  readonly type?: unknown;
  readonly id?: unknown;
  readonly geometry?: unknown;
  readonly properties?: unknown;
}

/** Expected sizes, so that the growable arrays are allocated once (e.g. from a .shp file's length). */
export interface LayerSizeHint {
  readonly features?: number;
  readonly vertices?: number;
}

/**
 * Builds a layer's flat arrays one feature at a time, normalising as it goes: rings stored open, duplicate
 * consecutive vertices removed, exterior rings counter-clockwise and holes clockwise, rings with fewer than
 * three distinct or all-collinear vertices removed. Every change that alters geometry is reported per
 * feature; a feature whose geometry ends up empty keeps its slot (never dropped).
 *
 * Readers feed it either GeoJSON features ({@link addFeature}) or rings straight from flat buffers
 * ({@link beginFeature} … {@link addRing} … {@link endFeature}), so a 300 000-feature Shapefile is read
 * without a GeoJSON object per feature and both paths share one set of normalisation rules.
 *
 * @example
 * const b = new LayerGeometryBuilder({ file: 'x.shp' });
 * b.beginFeature({ BSM: 1 }, null);
 * b.beginPolygon();
 * b.addRing(new Float64Array([0, 0, 10, 0, 10, 10, 0, 0]), 0, 4); // exterior, closed
 * b.endPolygon();
 * b.endFeature();
 * const geometry = b.finish();
 */
export class LayerGeometryBuilder {
  private readonly coords: GrowableFloat64;
  private readonly ringOffsets: GrowableUint32;
  private readonly polygonOffsets: GrowableUint32;
  private readonly featureOffsets: GrowableUint32;
  private readonly attributes: Attributes[] = [];
  private readonly featureIds: (string | number | null)[] = [];
  private readonly issues: LayerIssue[] = [];
  private emptyCount = 0;
  private reorientedRings = 0;
  // The feature and polygon being built.
  private f = -1;
  private id: string | number | null = null;
  private polygonsSeen = 0;
  private polygonStart = 0;
  private ringsSeen = 0;
  private ringStart = 0;
  private scratch = new Float64Array(256);
  /** Bounding box per finished feature (4 values; NaN for an empty one), and the current feature's. */
  private readonly boxes: GrowableFloat64;
  private bx0 = Infinity;
  private by0 = Infinity;
  private bx1 = -Infinity;
  private by1 = -Infinity;

  constructor(
    private readonly where: { file?: string; idField?: string },
    hint: LayerSizeHint = {},
  ) {
    const features = hint.features ?? 0;
    this.coords = new GrowableFloat64(Math.max(1024, 2 * (hint.vertices ?? features * 32)));
    this.ringOffsets = new GrowableUint32(Math.max(256, features * 2));
    this.polygonOffsets = new GrowableUint32(Math.max(256, features * 2));
    this.featureOffsets = new GrowableUint32(Math.max(256, features + 1));
    this.boxes = new GrowableFloat64(Math.max(1024, 4 * features));
    this.ringOffsets.push(0);
    this.polygonOffsets.push(0);
    this.featureOffsets.push(0);
  }

  /** Features begun so far. */
  get featureCount(): number {
    return this.attributes.length;
  }

  /**
   * Adds one GeoJSON Feature. Only Polygon and MultiPolygon (or null / empty geometry) are accepted: anything
   * else is an InputError naming the feature, because a point or line has no area and silently skipping it
   * would lose a feature.
   */
  addFeature(input: unknown): void {
    const f = this.attributes.length;
    const file = this.where.file;
    const feature = input as FeatureLike;
    if (feature === null || typeof feature !== 'object' || feature.type !== 'Feature') {
      throw new InputError(`expected a GeoJSON Feature, found ${describe(feature)}`, { file, featureIndex: f });
    }
    const attrs = toAttributes(feature.properties, file, f);
    const gid = feature.id;
    this.beginFeature(attrs, typeof gid === 'string' || typeof gid === 'number' ? gid : null);
    const polygons = polygonsOf(feature.geometry, file, f, this.id);
    for (let p = 0; p < polygons.length; p++) {
      const rings = polygons[p];
      this.beginPolygon();
      for (let r = 0; r < rings.length; r++) {
        // A polygon without a usable exterior cannot keep its holes: they would become exteriors.
        if (r > 0 && this.ringOffsets.length === this.ringStart) break;
        const n = this.copyRing(rings[r], f, p, r);
        this.addRing(this.scratch, 0, n);
      }
      this.endPolygon();
    }
    this.endFeature();
  }

  /** Starts a feature with its (already flat) attributes and GeoJSON id. */
  beginFeature(attributes: Attributes, geojsonId: string | number | null): void {
    this.f = this.attributes.length;
    this.attributes.push(attributes);
    this.featureIds.push(geojsonId);
    this.id = idOf(attributes, geojsonId, this.where.idField);
    this.polygonsSeen = 0;
    this.polygonStart = this.polygonOffsets.length;
    this.bx0 = Infinity;
    this.by0 = Infinity;
    this.bx1 = -Infinity;
    this.by1 = -Infinity;
  }

  /** Starts a polygon of the current feature: its first ring is the exterior, the others holes. */
  beginPolygon(): void {
    this.ringsSeen = 0;
    this.ringStart = this.ringOffsets.length;
  }

  /**
   * Adds a ring of the current polygon from `count` vertices at vertex index `first` of `xy` (x, y
   * interleaved), closed (first vertex repeated) or not. Coordinates must be finite (readers check).
   * A hole after an exterior that did not survive normalisation is ignored, as its polygon is removed.
   */
  addRing(xy: Float64Array, first: number, count: number): void {
    const p = this.polygonsSeen;
    const r = this.ringsSeen++;
    const isHole = r > 0;
    if (isHole && this.ringOffsets.length === this.ringStart) return;
    const buf = this.coords;
    const start = buf.length;
    const a = 2 * first;
    const n = count;
    const closed = n > 1 && xy[a] === xy[a + 2 * n - 2] && xy[a + 1] === xy[a + 2 * n - 1];
    if (!closed) this.report('unclosed-ring', `polygon ${p} ring ${r} did not repeat its first vertex`);
    const end = closed ? n - 1 : n;
    let dups = 0;
    let lastX = NaN;
    let lastY = NaN;
    let x0 = Infinity;
    let y0 = Infinity;
    let x1 = -Infinity;
    let y1 = -Infinity;
    // Written straight into the backing store (one capacity check per ring); the ring's box on the way,
    // so that the layer's boxes need no second pass over the coordinates.
    const out = buf.reserve(2 * end);
    let w = start;
    for (let i = 0; i < end; i++) {
      const x = xy[a + 2 * i];
      const y = xy[a + 2 * i + 1];
      if (x === lastX && y === lastY) {
        dups++;
        continue;
      }
      out[w++] = x;
      out[w++] = y;
      lastX = x;
      lastY = y;
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      if (y > y1) y1 = y;
    }
    buf.length = w;
    // The wrap-around pair (last kept vertex equal to the first) is a duplicate too.
    let kept = (buf.length - start) / 2;
    const view = buf.data;
    while (kept > 1 && view[start + 2 * kept - 2] === view[start] && view[start + 2 * kept - 1] === view[start + 1]) {
      buf.length -= 2;
      kept--;
      dups++;
    }
    if (dups > 0) this.report('duplicate-vertices-removed', `polygon ${p} ring ${r}: ${dups} repeated vertices`);
    const signed = kept >= 3 ? signedArea2(view, start, kept) : 0;
    if (kept < 3 || (signed === 0 && allCollinear(view, start, kept))) {
      buf.length = start;
      this.report(
        'degenerate-ring-removed',
        `polygon ${p} ring ${r} has ${kept < 3 ? `only ${kept} distinct vertices` : 'no area (all vertices collinear)'}`,
      );
      return;
    }
    if ((signed < 0) !== isHole) {
      reverseRing(view, start, kept);
      this.reorientedRings++;
    }
    this.ringOffsets.push(buf.length / 2);
    if (x0 < this.bx0) this.bx0 = x0;
    if (y0 < this.by0) this.by0 = y0;
    if (x1 > this.bx1) this.bx1 = x1;
    if (y1 > this.by1) this.by1 = y1;
  }

  /** Ends the current polygon; one whose exterior did not survive is removed and reported. */
  endPolygon(): void {
    const p = this.polygonsSeen++;
    if (this.ringOffsets.length === this.ringStart) {
      if (this.ringsSeen > 0) this.report('polygon-removed', `polygon ${p} has no usable exterior ring`);
      return;
    }
    this.polygonOffsets.push(this.ringOffsets.length - 1);
  }

  /** Ends the current feature; an empty one keeps its slot and is counted and reported. */
  endFeature(): void {
    this.featureOffsets.push(this.polygonOffsets.length - 1);
    const empty = this.polygonOffsets.length === this.polygonStart;
    this.boxes.push2(empty ? NaN : this.bx0, empty ? NaN : this.by0);
    this.boxes.push2(empty ? NaN : this.bx1, empty ? NaN : this.by1);
    if (empty) {
      this.emptyCount++;
      this.report('empty-geometry', this.polygonsSeen === 0 ? 'the feature has no geometry' : 'no ring survived normalisation');
    }
  }

  /** Records an issue for the current feature. */
  report(kind: LayerIssue['kind'], detail: string): void {
    this.issues.push({ featureIndex: this.f, id: this.id, kind, detail });
  }

  /** The finished arrays, right-sized, with a bounding box per feature. */
  finish(): LayerGeometry {
    // When the size hint was close (a .shp's length bounds its points), keep the buffer instead of copying
    // it: up to 1/8 unused capacity costs less than holding two copies at once.
    const c = this.coords;
    const coords = c.length >= c.data.length - (c.data.length >> 3) ? c.data.subarray(0, c.length) : c.finish();
    const flat = {
      coords,
      ringOffsets: this.ringOffsets.finish(),
      polygonOffsets: this.polygonOffsets.finish(),
      featureOffsets: this.featureOffsets.finish(),
    };
    return {
      ...flat,
      bboxes: this.boxes.finish(),
      attributes: this.attributes,
      featureIds: this.featureIds,
      issues: this.issues,
      emptyCount: this.emptyCount,
      reorientedRings: this.reorientedRings,
    };
  }

  /** Checks a GeoJSON ring and copies it into the scratch buffer; returns its vertex count. */
  private copyRing(ring: unknown, f: number, p: number, r: number): number {
    const where = { file: this.where.file, featureIndex: f };
    if (!Array.isArray(ring)) throw new InputError(`polygon ${p} ring ${r}: expected an array of positions, found ${describe(ring)}`, where);
    if (this.scratch.length < 2 * ring.length) this.scratch = new Float64Array(Math.max(2 * ring.length, 2 * this.scratch.length));
    const out = this.scratch;
    for (let i = 0; i < ring.length; i++) {
      const pos = ring[i] as unknown;
      if (!Array.isArray(pos) || pos.length < 2) {
        throw new InputError(`polygon ${p} ring ${r} vertex ${i}: expected [x, y], found ${describe(pos)}`, where);
      }
      const x = pos[0] as unknown;
      const y = pos[1] as unknown;
      if (typeof x !== 'number' || typeof y !== 'number' || !Number.isFinite(x) || !Number.isFinite(y)) {
        throw new InputError(`polygon ${p} ring ${r} vertex ${i}: expected finite numbers, found [${String(x)}, ${String(y)}]`, where);
      }
      out[2 * i] = x;
      out[2 * i + 1] = y;
    }
    return ring.length;
  }
}

/**
 * Builds flat arrays from GeoJSON features with {@link LayerGeometryBuilder}.
 *
 * Only Polygon and MultiPolygon (or null / empty geometry) are accepted: anything else is an InputError naming
 * the feature, because a point or line has no area and silently skipping it would lose a feature.
 */
export function buildLayerGeometry(
  features: readonly unknown[],
  where: { file?: string; idField?: string },
): LayerGeometry {
  const builder = new LayerGeometryBuilder(where, { features: features.length, vertices: features.length * 32 });
  for (let f = 0; f < features.length; f++) builder.addFeature(features[f]);
  return builder.finish();
}

/** The id a report uses for a feature: the id field's value, else the GeoJSON id, else null. */
export function idOf(attrs: Attributes, geojsonId: string | number | null, idField: string | undefined): string | number | null {
  if (idField !== undefined) {
    const v = attrs[idField];
    if (typeof v === 'string' || typeof v === 'number') return v;
  }
  return geojsonId;
}

function polygonsOf(geometry: unknown, file: string | undefined, f: number, id: string | number | null): RingInput[][] {
  if (geometry === null || geometry === undefined) return [];
  const g = geometry as { type?: unknown; coordinates?: unknown };
  const where = { file, featureIndex: f };
  const label = id === null ? '' : ` (id ${String(id)})`;
  if (g.type === 'Polygon') {
    if (!Array.isArray(g.coordinates)) throw new InputError(`Polygon${label} has no coordinates array`, where);
    return g.coordinates.length === 0 ? [] : [g.coordinates as RingInput[]];
  }
  if (g.type === 'MultiPolygon') {
    if (!Array.isArray(g.coordinates)) throw new InputError(`MultiPolygon${label} has no coordinates array`, where);
    return (g.coordinates as RingInput[][]).filter((p) => {
      if (!Array.isArray(p)) throw new InputError(`MultiPolygon${label} holds a non-array polygon`, where);
      return true;
    });
  }
  throw new InputError(
    `expected a Polygon or MultiPolygon geometry, found ${typeof g.type === 'string' ? g.type : describe(geometry)}${label}`,
    where,
  );
}

function toAttributes(properties: unknown, file: string | undefined, f: number): Attributes {
  if (properties === null || properties === undefined) return {};
  if (typeof properties !== 'object' || Array.isArray(properties)) {
    throw new InputError(`expected "properties" to be an object or null, found ${describe(properties)}`, { file, featureIndex: f });
  }
  const out: Record<string, AttributeValue> = {};
  for (const [k, v] of Object.entries(properties as Record<string, unknown>)) {
    // Nested values are kept as their JSON text: attribute tables are flat (DBF, Excel).
    out[k] = v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? v : JSON.stringify(v);
  }
  return out;
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return `an array of ${v.length}`;
  if (typeof v === 'object') {
    const t = (v as { type?: unknown }).type;
    return typeof t === 'string' ? `an object of type "${t}"` : 'an object without "type"';
  }
  return `${typeof v} ${JSON.stringify(v)}`;
}

/**
 * Twice the signed area, with coordinates shifted to the ring's first vertex: at Gauss–Krüger magnitudes
 * (4×10⁷ m) raw products would lose the sign of thin rings.
 */
/**
 * Twice the signed area of the ring of `count` points starting at value index `first` of `c` (x, y
 * interleaved; positive counter-clockwise), shifted to its first vertex for precision.
 *
 * @example
 * signedArea2(Float64Array.of(0, 0, 1, 0, 0, 1), 0, 3); // 1
 */
export function signedArea2(c: Float64Array, first: number, count: number): number {
  const ox = c[first];
  const oy = c[first + 1];
  let s = 0;
  let px = 0;
  let py = 0;
  for (let i = 1; i < count; i++) {
    const x = c[first + 2 * i] - ox;
    const y = c[first + 2 * i + 1] - oy;
    s += px * y - x * py;
    px = x;
    py = y;
  }
  return s;
}

function allCollinear(c: Float64Array, first: number, count: number): boolean {
  const ax = c[first];
  const ay = c[first + 1];
  const bx = c[first + 2];
  const by = c[first + 3];
  for (let i = 2; i < count; i++) {
    if (orient2d(ax, ay, bx, by, c[first + 2 * i], c[first + 2 * i + 1]) !== 0) return false;
  }
  return true;
}

/**
 * Reverses an open ring in place but keeps its first vertex first (v0, vn−1, …, v1), as GDAL and shapely do
 * when they flip a ring: a layer written as a Shapefile (clockwise exteriors) and read back then has every
 * ring bit for bit where it was.
 */
function reverseRing(c: Float64Array, first: number, count: number): void {
  for (let i = 1, j = count - 1; i < j; i++, j--) {
    const a = first + 2 * i;
    const b = first + 2 * j;
    const tx = c[a];
    const ty = c[a + 1];
    c[a] = c[b];
    c[a + 1] = c[b + 1];
    c[b] = tx;
    c[b + 1] = ty;
  }
}

/** Bounding box per feature (minX, minY, maxX, maxY); NaN for an empty feature. */
export function computeBboxes(
  coords: Float64Array,
  ringOffsets: Uint32Array,
  polygonOffsets: Uint32Array,
  featureOffsets: Uint32Array,
): Float64Array {
  const n = featureOffsets.length - 1;
  const out = new Float64Array(n * 4).fill(NaN);
  for (let f = 0; f < n; f++) {
    const p0 = featureOffsets[f];
    const p1 = featureOffsets[f + 1];
    if (p0 === p1) continue;
    const v0 = ringOffsets[polygonOffsets[p0]];
    const v1 = ringOffsets[polygonOffsets[p1]];
    let minX = Infinity;
    let minY = Infinity;
    let maxX = -Infinity;
    let maxY = -Infinity;
    for (let v = v0; v < v1; v++) {
      const x = coords[2 * v];
      const y = coords[2 * v + 1];
      if (x < minX) minX = x;
      if (x > maxX) maxX = x;
      if (y < minY) minY = y;
      if (y > maxY) maxY = y;
    }
    out[4 * f] = minX;
    out[4 * f + 1] = minY;
    out[4 * f + 2] = maxX;
    out[4 * f + 3] = maxY;
  }
  return out;
}
