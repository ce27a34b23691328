/** jsts (JTS port) as the independent reference in property tests: polygon construction and overlay areas. */
import GeometryFactory from 'jsts/org/locationtech/jts/geom/GeometryFactory.js';
import GeoJSONReader from 'jsts/org/locationtech/jts/io/GeoJSONReader.js';
import IsValidOp from 'jsts/org/locationtech/jts/operation/valid/IsValidOp.js';
import SnapIfNeededOverlayOp from 'jsts/org/locationtech/jts/operation/overlay/snap/SnapIfNeededOverlayOp.js';
import type { Poly } from './helpers.js';

const reader = new GeoJSONReader(new GeometryFactory());

// jsts ships loose typings (any); keep the surface we use typed here.
export interface JstsGeometry {
  getArea(): number;
}

export function jstsPolygon(polys: Poly[]): JstsGeometry {
  const close = (r: [number, number][]) => [...r, r[0]];
  const g =
    polys.length === 1
      ? { type: 'Polygon', coordinates: polys[0].map(close) }
      : { type: 'MultiPolygon', coordinates: polys.map((p) => p.map(close)) };
  return reader.read(g) as JstsGeometry;
}

export function jstsValid(g: JstsGeometry): boolean {
  return new IsValidOp(g).isValid() as boolean;
}

export function jstsIntersectionArea(a: JstsGeometry, b: JstsGeometry): number {
  return (SnapIfNeededOverlayOp.intersection(a, b) as JstsGeometry).getArea();
}

export function jstsDifferenceArea(a: JstsGeometry, b: JstsGeometry): number {
  return (SnapIfNeededOverlayOp.difference(a, b) as JstsGeometry).getArea();
}
