/**
 * Test-local helpers: build a Layer by hand from rings, read a GDAL-style GeoJSON file into one, a seeded
 * PRNG, and CRS literals. Deliberately independent of src/geometry/layer.ts (written concurrently) and of the
 * code under test.
 */
import { readFileSync } from 'node:fs';
import type { Crs } from '../../src/crs/types.js';
import type { Layer } from '../../src/geometry/types.js';

/** A ring as [x, y] pairs; closed (last = first) or open. */
export type Ring = readonly (readonly [number, number])[];
/** A polygon: exterior ring first, then holes. */
export type Polygon = readonly Ring[];
/** A feature: its polygons. */
export type Feature = readonly Polygon[];

export const CGCS2000 = { name: 'CGCS2000', a: 6378137, f: 1 / 298.257222101 } as const;

/** A CGCS2000 Gauss–Krüger CRS literal (3° or 6° zone, prefixed or not). */
export function gkCrs(zoneWidth: 3 | 6, zone: number, prefixed: boolean): Crs {
  const cm = zoneWidth === 3 ? 3 * zone : 6 * zone - 3;
  const fe = prefixed ? zone * 1_000_000 + 500_000 : 500_000;
  return {
    epsg: null,
    name: `test CGCS2000 / ${zoneWidth}-degree Gauss-Kruger ${prefixed ? `zone ${zone}` : `CM ${cm}E`}`,
    datum: 'CGCS2000',
    ellipsoid: CGCS2000,
    kind: 'projected',
    zoneWidth,
    zone,
    centralMeridian: cm,
    falseEasting: fe,
    zonePrefixed: prefixed,
    proj4: tmercProj4(cm, fe),
  };
}

/** proj4 string of a CGCS2000 Gauss–Krüger zone (the exact etmerc algorithm; see transverse-mercator.test.ts). */
export function tmercProj4(cm: number, fe: number): string {
  return `+proj=tmerc +lat_0=0 +lon_0=${cm} +k=1 +x_0=${fe} +y_0=0 +a=6378137 +rf=298.257222101 +units=m +no_defs`;
}
export const LONLAT_PROJ4 = '+proj=longlat +a=6378137 +rf=298.257222101 +no_defs';

export const GEOGRAPHIC_CRS: Crs = {
  epsg: 4490,
  name: 'CGCS2000',
  datum: 'CGCS2000',
  ellipsoid: CGCS2000,
  kind: 'geographic',
  proj4: LONLAT_PROJ4,
};

/** Signed shoelace area about the ring's first vertex (only used to decide orientation). */
function orientationArea(ring: Ring): number {
  const [x0, y0] = ring[0]!;
  let s = 0;
  for (let i = 1; i + 1 < ring.length; i++) {
    const [ax, ay] = ring[i]!;
    const [bx, by] = ring[i + 1]!;
    s += (ax - x0) * (by - y0) - (bx - x0) * (ay - y0);
  }
  return s / 2;
}

function openRing(ring: Ring): Ring {
  const n = ring.length;
  if (n > 1 && ring[0]![0] === ring[n - 1]![0] && ring[0]![1] === ring[n - 1]![1]) return ring.slice(0, n - 1);
  return ring;
}

/**
 * A Layer from features; rings are opened and oriented (exterior CCW, holes CW) as src/geometry/types.ts
 * promises.
 */
export function makeLayer(features: readonly Feature[], crs: Crs | null, name = 'test'): Layer {
  const xs: number[] = [];
  const ringOffsets = [0];
  const polygonOffsets = [0];
  const featureOffsets = [0];
  const bboxes: number[] = [];
  for (const feature of features) {
    let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
    for (const polygon of feature) {
      polygon.forEach((raw, k) => {
        let ring = openRing(raw);
        const a = orientationArea(ring);
        if ((k === 0 && a < 0) || (k > 0 && a > 0)) ring = [...ring].reverse();
        for (const [x, y] of ring) {
          xs.push(x, y);
          minX = Math.min(minX, x); minY = Math.min(minY, y); maxX = Math.max(maxX, x); maxY = Math.max(maxY, y);
        }
        ringOffsets.push(xs.length / 2);
      });
      polygonOffsets.push(ringOffsets.length - 1);
    }
    featureOffsets.push(polygonOffsets.length - 1);
    if (feature.length === 0) bboxes.push(NaN, NaN, NaN, NaN);
    else bboxes.push(minX, minY, maxX, maxY);
  }
  return {
    name,
    crs,
    coords: Float64Array.from(xs),
    ringOffsets: Uint32Array.from(ringOffsets),
    polygonOffsets: Uint32Array.from(polygonOffsets),
    featureOffsets: Uint32Array.from(featureOffsets),
    bboxes: Float64Array.from(bboxes),
    attributes: features.map(() => ({})),
    featureIds: features.map(() => null),
    featureCount: features.length,
  };
}

interface GeoJsonGeometry {
  type: string;
  coordinates: unknown;
}

/** Features of a GDAL-style GeoJSON file (Polygon / MultiPolygon) and the value of `idField` per feature. */
export function readGeoJsonFeatures(path: string, idField: string): { features: Feature[]; ids: string[] } {
  const doc = JSON.parse(readFileSync(path, 'utf8')) as {
    features: { properties: Record<string, unknown>; geometry: GeoJsonGeometry | null }[];
  };
  const features: Feature[] = [];
  const ids: string[] = [];
  for (const f of doc.features) {
    ids.push(String(f.properties[idField]));
    const g = f.geometry;
    if (g === null) features.push([]);
    else if (g.type === 'Polygon') features.push([g.coordinates as Polygon]);
    else if (g.type === 'MultiPolygon') features.push(g.coordinates as Polygon[]);
    else throw new Error(`unexpected geometry type ${g.type}`);
  }
  return { features, ids };
}

/** Mulberry32: a small seeded PRNG, uniform in [0, 1). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
