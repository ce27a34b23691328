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

/**
 * Builds flat arrays from GeoJSON features, normalising as it goes: rings stored open, duplicate consecutive
 * vertices removed, exterior rings counter-clockwise and holes clockwise, rings with fewer than three distinct
 * or all-collinear vertices removed. Every change that alters geometry is reported per feature; a feature whose
 * geometry ends up empty keeps its slot (never dropped).
 *
 * Only Polygon and MultiPolygon (or null / empty geometry) are accepted: anything else is an InputError naming
 * the feature, because a point or line has no area and silently skipping it would lose a feature.
 */
export function buildLayerGeometry(
  features: readonly unknown[],
  where: { file?: string; idField?: string },
): LayerGeometry {
  const coords = new GrowableFloat64(Math.max(1024, features.length * 64));
  const ringOffsets = new GrowableUint32(Math.max(256, features.length * 2));
  const polygonOffsets = new GrowableUint32(Math.max(256, features.length * 2));
  const featureOffsets = new GrowableUint32(features.length + 1);
  const attributes: Attributes[] = new Array(features.length);
  const featureIds: (string | number | null)[] = new Array(features.length);
  const issues: LayerIssue[] = [];
  let emptyCount = 0;
  let reorientedRings = 0;
  ringOffsets.push(0);
  polygonOffsets.push(0);
  featureOffsets.push(0);

  for (let f = 0; f < features.length; f++) {
    const feature = features[f] as FeatureLike;
    if (feature === null || typeof feature !== 'object' || feature.type !== 'Feature') {
      throw new InputError(`expected a GeoJSON Feature, found ${describe(feature)}`, {
        file: where.file,
        featureIndex: f,
      });
    }
    const attrs = toAttributes(feature.properties, where.file, f);
    attributes[f] = attrs;
    const gid = feature.id;
    featureIds[f] = typeof gid === 'string' || typeof gid === 'number' ? gid : null;
    const id = idOf(attrs, featureIds[f], where.idField);
    const report = (kind: LayerIssue['kind'], detail: string): void => {
      issues.push({ featureIndex: f, id, kind, detail });
    };

    const polygons = polygonsOf(feature.geometry, where.file, f, id);
    const polygonStart = polygonOffsets.length;
    for (let p = 0; p < polygons.length; p++) {
      const rings = polygons[p];
      const ringStart = ringOffsets.length;
      for (let r = 0; r < rings.length; r++) {
        const isHole = r > 0;
        // A polygon without a usable exterior cannot keep its holes: they would become exteriors.
        if (isHole && ringOffsets.length === ringStart) break;
        const ring = rings[r];
        checkRing(ring, where.file, f, p, r);
        const first = coords.length;
        const n = ring.length;
        const closed = n > 1 && ring[0][0] === ring[n - 1][0] && ring[0][1] === ring[n - 1][1];
        if (!closed) report('unclosed-ring', `polygon ${p} ring ${r} did not repeat its first vertex`);
        const end = closed ? n - 1 : n;
        let dups = 0;
        let lastX = NaN;
        let lastY = NaN;
        for (let i = 0; i < end; i++) {
          const x = ring[i][0];
          const y = ring[i][1];
          if (x === lastX && y === lastY) {
            dups++;
            continue;
          }
          coords.push2(x, y);
          lastX = x;
          lastY = y;
        }
        // The wrap-around pair (last kept vertex equal to the first) is a duplicate too.
        const buf = coords;
        let count = (buf.length - first) / 2;
        const view = buf.data;
        while (count > 1 && view[first + 2 * count - 2] === view[first] && view[first + 2 * count - 1] === view[first + 1]) {
          buf.length -= 2;
          count--;
          dups++;
        }
        if (dups > 0) report('duplicate-vertices-removed', `polygon ${p} ring ${r}: ${dups} repeated vertices`);
        const signed = count >= 3 ? signedArea2(view, first, count) : 0;
        if (count < 3 || (signed === 0 && allCollinear(view, first, count))) {
          buf.length = first;
          report(
            'degenerate-ring-removed',
            `polygon ${p} ring ${r} has ${count < 3 ? `only ${count} distinct vertices` : 'no area (all vertices collinear)'}`,
          );
          continue;
        }
        if ((signed < 0) !== isHole) {
          reverseRing(view, first, count);
          reorientedRings++;
        }
        ringOffsets.push(buf.length / 2);
      }
      if (ringOffsets.length === ringStart) {
        if (rings.length > 0) report('polygon-removed', `polygon ${p} has no usable exterior ring`);
        continue;
      }
      polygonOffsets.push(ringOffsets.length - 1);
    }
    featureOffsets.push(polygonOffsets.length - 1);
    if (polygonOffsets.length === polygonStart) {
      emptyCount++;
      report('empty-geometry', polygons.length === 0 ? 'the feature has no geometry' : 'no ring survived normalisation');
    }
  }
  const flat = {
    coords: coords.finish(),
    ringOffsets: ringOffsets.finish(),
    polygonOffsets: polygonOffsets.finish(),
    featureOffsets: featureOffsets.finish(),
  };
  return {
    ...flat,
    bboxes: computeBboxes(flat.coords, flat.ringOffsets, flat.polygonOffsets, flat.featureOffsets),
    attributes,
    featureIds,
    issues,
    emptyCount,
    reorientedRings,
  };
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

function checkRing(ring: unknown, file: string | undefined, f: number, p: number, r: number): asserts ring is RingInput {
  const where = { file, featureIndex: f };
  if (!Array.isArray(ring)) throw new InputError(`polygon ${p} ring ${r}: expected an array of positions, found ${describe(ring)}`, where);
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
  }
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
function signedArea2(c: Float64Array, first: number, count: number): number {
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

function reverseRing(c: Float64Array, first: number, count: number): void {
  for (let i = 0, j = count - 1; i < j; i++, j--) {
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
