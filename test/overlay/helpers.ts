import { buildLayerGeometry } from '../../src/geometry/build.js';
import type { Layer } from '../../src/geometry/types.js';

export type Ring = [number, number][];
/** A polygon as rings (exterior first); a feature as one or more polygons. */
export type Poly = Ring[];

export interface TestFeature {
  polys: Poly[];
  props?: Record<string, string | number | null>;
}

/**
 * A CRS-less layer (planar work) from plain rings; rings may be open or closed, any orientation. Built with the
 * layer builder's normalisation but without CRS detection (small coordinates would look like lon/lat).
 */
export function layerOf(features: TestFeature[], name = 'test'): Layer {
  const fc = {
    features: features.map((f, i) => ({
      type: 'Feature',
      id: i,
      properties: f.props ?? {},
      geometry:
        f.polys.length === 1
          ? { type: 'Polygon', coordinates: f.polys[0].map(close) }
          : { type: 'MultiPolygon', coordinates: f.polys.map((p) => p.map(close)) },
    })),
  };
  const g = buildLayerGeometry(fc.features, {});
  return {
    name,
    crs: null,
    coords: g.coords,
    ringOffsets: g.ringOffsets,
    polygonOffsets: g.polygonOffsets,
    featureOffsets: g.featureOffsets,
    bboxes: g.bboxes,
    attributes: g.attributes,
    featureIds: g.featureIds,
    featureCount: g.attributes.length,
  };
}

function close(r: Ring): Ring {
  const a = r[0];
  const b = r[r.length - 1];
  return a[0] === b[0] && a[1] === b[1] ? r : [...r, a];
}

/** Axis-aligned rectangle ring, counter-clockwise. */
export function rect(x0: number, y0: number, x1: number, y1: number): Ring {
  return [
    [x0, y0],
    [x1, y0],
    [x1, y1],
    [x0, y1],
  ];
}

/** Translate/rotate a ring. */
export function transform(r: Ring, f: (x: number, y: number) => [number, number]): Ring {
  return r.map(([x, y]) => f(x, y));
}
