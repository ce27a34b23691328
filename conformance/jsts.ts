/**
 * jsts (the JavaScript port of JTS 1.x) as a stand-in kernel and as one of the independent references
 * for cases without an expected geometry. jsts's overlay is JTS's classic `OverlayOp` wrapped in
 * `SnapIfNeededOverlayOp` (it retries with snapping after a robustness failure); it predates OverlayNG,
 * so some robustness cases JTS fixed later still throw or mis-compute here.
 */
import Coordinate from 'jsts/org/locationtech/jts/geom/Coordinate.js';
import GeometryFactory from 'jsts/org/locationtech/jts/geom/GeometryFactory.js';
import OverlayOp from 'jsts/org/locationtech/jts/operation/overlay/OverlayOp.js';
import type { MultiPolygonCoords, RingCoords } from './types.js';

/** The jsts geometry objects are untyped in its declarations; this is the one method we call on them. */
interface JstsGeometry {
  getArea(): number;
}

const factory = new GeometryFactory();

/** jsts rings must be closed and have ≥ 4 positions; returns null for a ring with no area to offer. */
function toLinearRing(ring: RingCoords): unknown {
  const coords = ring.map((p) => new Coordinate(p[0], p[1]));
  const first = ring[0];
  const last = ring[ring.length - 1];
  if (first !== undefined && last !== undefined && (first[0] !== last[0] || first[1] !== last[1])) {
    coords.push(new Coordinate(first[0], first[1]));
  }
  if (coords.length < 4) return null;
  return factory.createLinearRing(coords);
}

/**
 * Builds a jsts MultiPolygon from nested arrays. Degenerate rings (< 3 distinct positions) are dropped,
 * as they enclose no area; everything else is kept as written, invalid or not.
 *
 * @example
 * toJsts([[[[0, 0], [1, 0], [0, 1], [0, 0]]]]).getArea(); // 0.5
 */
export function toJsts(polygons: MultiPolygonCoords): JstsGeometry {
  const jstsPolygons: unknown[] = [];
  for (const polygon of polygons) {
    if (polygon.length === 0) continue;
    const shell = toLinearRing(polygon[0]);
    if (shell === null) continue;
    const holes = polygon
      .slice(1)
      .map(toLinearRing)
      .filter((r) => r !== null);
    jstsPolygons.push(factory.createPolygon(shell, holes));
  }
  return factory.createMultiPolygon(jstsPolygons) as unknown as JstsGeometry;
}

/**
 * Area of A ∩ B by jsts. Throws whatever jsts throws (e.g. a TopologyException on a robustness failure).
 *
 * @example
 * jstsIntersectionArea([[[[0, 0], [2, 0], [2, 2], [0, 2], [0, 0]]]], [[[[1, 1], [3, 1], [3, 3], [1, 3], [1, 1]]]]); // 1
 */
export function jstsIntersectionArea(a: MultiPolygonCoords, b: MultiPolygonCoords): number {
  return (OverlayOp.intersection(toJsts(a), toJsts(b)) as JstsGeometry).getArea();
}

/**
 * Area of A ∖ B by jsts. Throws whatever jsts throws.
 *
 * @example
 * jstsDifferenceArea([[[[0, 0], [2, 0], [2, 2], [0, 2], [0, 0]]]], [[[[1, 1], [3, 1], [3, 3], [1, 3], [1, 1]]]]); // 3
 */
export function jstsDifferenceArea(a: MultiPolygonCoords, b: MultiPolygonCoords): number {
  return (OverlayOp.difference(toJsts(a), toJsts(b)) as JstsGeometry).getArea();
}
